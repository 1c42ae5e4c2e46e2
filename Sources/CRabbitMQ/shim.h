#ifndef HANDOVER_CRABBITMQ_SHIM_H
#define HANDOVER_CRABBITMQ_SHIM_H
// librabbitmq 0.11 (Debian 12) keeps flat headers; 0.12+ moved them under rabbitmq-c/.
#if __has_include(<rabbitmq-c/amqp.h>)
#include <rabbitmq-c/amqp.h>
#include <rabbitmq-c/tcp_socket.h>
#else
#include <amqp.h>
#include <amqp_tcp_socket.h>
#endif

/// amqp_login is variadic; Swift cannot call it directly.
static inline amqp_rpc_reply_t handover_amqp_login_plain(amqp_connection_state_t state, const char *vhost,
                                                         int channel_max, int frame_max, int heartbeat,
                                                         const char *user, const char *password) {
    return amqp_login(state, vhost, channel_max, frame_max, heartbeat, AMQP_SASL_METHOD_PLAIN, user, password);
}
#endif
