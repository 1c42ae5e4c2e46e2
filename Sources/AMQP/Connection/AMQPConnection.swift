import CRabbitMQ
import Foundation
import Shared

/// One AMQP connection with channel 1 open. The sole owner of its `amqp_connection_state_t`.
///
/// Not thread-safe: the publisher, consumer and admin each hold one and call it from one thread at a
/// time. Any failure marks the connection unusable (`isUsable == false`); owners then close it and
/// build a new one, which is how every client reconnects (librabbitmq has no automatic reconnect).
final class AMQPConnection {
    private let state: amqp_connection_state_t
    private let channel: amqp_channel_t = 1
    private var channelIsOpen = false
    private var connectionIsOpen = false
    private var isDestroyed = false

    /// False once any call failed or the broker closed the channel or connection.
    var isUsable: Bool { channelIsOpen && connectionIsOpen && !isDestroyed }

    /// Opens the socket, logs in (with the configured heartbeat) and opens channel 1.
    init(configuration: AMQPConfiguration) throws {
        guard let state = amqp_new_connection() else {
            throw AMQPError(operation: "connect", libraryStatus: "could not allocate a connection")
        }
        self.state = state

        guard let socket = amqp_tcp_socket_new(state) else {
            throw AMQPError(operation: "connect", libraryStatus: "could not create a socket")
        }
        var timeout = Glibc.timeval(tv_sec: configuration.timeoutSeconds, tv_usec: 0)
        _ = amqp_set_handshake_timeout(state, &timeout)
        _ = amqp_set_rpc_timeout(state, &timeout)
        let opened = amqp_socket_open_noblock(socket, configuration.host, Int32(configuration.port), &timeout)
        guard opened == AMQP_STATUS_OK.rawValue else {
            throw AMQPError(operation: "connect to \(configuration.host):\(configuration.port)", status: opened)
        }
        guard !Self.isConnectedToItself(amqp_socket_get_sockfd(socket)) else {
            throw AMQPError(
                operation: "connect to \(configuration.host):\(configuration.port)",
                libraryStatus: "the socket connected to itself (nothing listens on that port)"
            )
        }

        connectionIsOpen = true
        let login = handover_amqp_login_plain(
            state,
            configuration.virtualHost,
            0,
            131_072,
            Int32(configuration.heartbeatSeconds),
            configuration.user,
            configuration.password
        )
        try check(login, operation: "login as \(configuration.user)")

        amqp_channel_open(state, channel)
        channelIsOpen = true
        try check(amqp_get_rpc_reply(state), operation: "channel.open")
    }

    deinit {
        close()
    }

    /// Closes the channel and connection politely when they are still healthy, then frees everything.
    /// Safe to call more than once.
    func close() {
        guard !isDestroyed else { return }
        if channelIsOpen && connectionIsOpen {
            _ = amqp_channel_close(state, channel, Int32(AMQP_REPLY_SUCCESS))
        }
        if connectionIsOpen {
            _ = amqp_connection_close(state, Int32(AMQP_REPLY_SUCCESS))
        }
        channelIsOpen = false
        connectionIsOpen = false
        isDestroyed = true
        amqp_destroy_connection(state)
    }

    // MARK: - Declarations

    /// Declares every exchange, queue and binding of `topology` (idempotent: same arguments each time).
    func declare(_ topology: Topology) throws {
        for exchange in topology.exchanges {
            try declareExchange(exchange.name, type: exchange.type, passive: false)
        }
        for queue in topology.queues {
            _ = try declareQueue(queue.name, arguments: queue.arguments, passive: false)
        }
        for binding in topology.bindings {
            try bind(queue: binding.queue, exchange: binding.exchange, routingKey: binding.routingKey)
        }
    }

    func declareExchange(_ name: String, type: String, passive: Bool) throws {
        let arena = CArena()
        try ensureUsable("exchange.declare \(name)")
        amqp_exchange_declare(
            state,
            channel,
            arena.bytes(name),
            arena.bytes(type),
            passive ? 1 : 0,
            1,
            0,
            0,
            amqp_empty_table
        )
        try check(amqp_get_rpc_reply(state), operation: "exchange.declare \(name)")
    }

    /// Declares (or with `passive`, looks up) a durable queue; returns its ready messages and consumers.
    func declareQueue(
        _ name: String,
        arguments: [String: AMQPHeaderValue],
        passive: Bool
    ) throws -> (messages: Int, consumers: Int) {
        let arena = CArena()
        let operation = "queue.declare \(name)"
        try ensureUsable(operation)
        let result = amqp_queue_declare(
            state,
            channel,
            arena.bytes(name),
            passive ? 1 : 0,
            1,
            0,
            0,
            arena.table(arguments)
        )
        try check(amqp_get_rpc_reply(state), operation: operation)
        guard let declared = result?.pointee else { return (0, 0) }
        return (Int(declared.message_count), Int(declared.consumer_count))
    }

    func bind(queue: String, exchange: String, routingKey: String) throws {
        let arena = CArena()
        let operation = "queue.bind \(queue) to \(exchange)"
        try ensureUsable(operation)
        amqp_queue_bind(
            state,
            channel,
            arena.bytes(queue),
            arena.bytes(exchange),
            arena.bytes(routingKey),
            amqp_empty_table
        )
        try check(amqp_get_rpc_reply(state), operation: operation)
    }

    /// Removes every ready message from `queue`; returns how many were removed.
    func purge(queue: String) throws -> Int {
        let arena = CArena()
        try ensureUsable("queue.purge \(queue)")
        let result = amqp_queue_purge(state, channel, arena.bytes(queue))
        try check(amqp_get_rpc_reply(state), operation: "queue.purge \(queue)")
        return Int(result?.pointee.message_count ?? 0)
    }

    func deleteQueue(_ name: String) throws {
        let arena = CArena()
        try ensureUsable("queue.delete \(name)")
        amqp_queue_delete(state, channel, arena.bytes(name), 0, 0)
        try check(amqp_get_rpc_reply(state), operation: "queue.delete \(name)")
    }

    func deleteExchange(_ name: String) throws {
        let arena = CArena()
        try ensureUsable("exchange.delete \(name)")
        amqp_exchange_delete(state, channel, arena.bytes(name), 0)
        try check(amqp_get_rpc_reply(state), operation: "exchange.delete \(name)")
    }

    // MARK: - Publishing

    /// Puts the channel in confirm mode; delivery tags of confirms then count publishes from 1.
    func enableConfirms() throws {
        try ensureUsable("confirm.select")
        amqp_confirm_select(state, channel)
        try check(amqp_get_rpc_reply(state), operation: "confirm.select")
    }

    /// Sends one `basic.publish` (mandatory) without waiting for anything.
    func publish(exchange: String, routingKey: String, message: AMQPMessage) throws {
        let arena = CArena()
        try ensureUsable("basic.publish")
        var properties = amqp_basic_properties_t()
        var flags = AMQP_BASIC_DELIVERY_MODE_FLAG | AMQP_BASIC_MESSAGE_ID_FLAG | AMQP_BASIC_TYPE_FLAG
        properties.delivery_mode = message.persistent ? 2 : 1
        properties.message_id = arena.bytes(message.messageID)
        properties.type = arena.bytes(message.type)
        if !message.headers.isEmpty {
            flags |= AMQP_BASIC_HEADERS_FLAG
            properties.headers = arena.table(message.headers)
        }
        if let timestamp = message.timestamp {
            flags |= AMQP_BASIC_TIMESTAMP_FLAG
            properties.timestamp = UInt64(max(0, timestamp.timeIntervalSince1970))
        }
        properties._flags = amqp_flags_t(flags)

        let exchangeBytes = arena.bytes(exchange)
        let routingKeyBytes = arena.bytes(routingKey)
        let status = message.body.withUnsafeBytes { body in
            let bytes = amqp_bytes_t(len: body.count, bytes: UnsafeMutableRawPointer(mutating: body.baseAddress))
            return amqp_basic_publish(state, channel, exchangeBytes, routingKeyBytes, 1, 0, &properties, bytes)
        }
        guard status == AMQP_STATUS_OK.rawValue else {
            markLost()
            throw AMQPError(operation: "basic.publish", status: status)
        }
    }

    /// What the broker sent on a publishing channel.
    enum PublisherEvent {
        case ack(deliveryTag: UInt64, multiple: Bool)
        case nack(deliveryTag: UInt64, multiple: Bool)
        case returned(messageID: String, exchange: String, routingKey: String, replyCode: UInt16, replyText: String)
        case timeout
        case other
    }

    /// Waits up to `timeout` seconds (0 = only what is already there) for the next frame of interest.
    func nextPublisherEvent(timeout: Double) throws -> PublisherEvent {
        try ensureUsable("wait for confirms")
        var frame = amqp_frame_t()
        var wait = Self.makeTimeval(seconds: timeout)
        let status = amqp_simple_wait_frame_noblock(state, &frame, &wait)
        if status == AMQP_STATUS_TIMEOUT.rawValue { return .timeout }
        guard status == AMQP_STATUS_OK.rawValue else {
            markLost()
            throw AMQPError(operation: "wait for confirms", status: status)
        }
        defer { amqp_maybe_release_buffers(state) }
        guard frame.frame_type == AMQP_FRAME_METHOD, let decoded = frame.payload.method.decoded else { return .other }

        switch frame.payload.method.id {
        case AMQP_BASIC_ACK_METHOD:
            let ack = decoded.assumingMemoryBound(to: amqp_basic_ack_t.self).pointee
            return .ack(deliveryTag: ack.delivery_tag, multiple: ack.multiple != 0)
        case AMQP_BASIC_NACK_METHOD:
            let nack = decoded.assumingMemoryBound(to: amqp_basic_nack_t.self).pointee
            return .nack(deliveryTag: nack.delivery_tag, multiple: nack.multiple != 0)
        case AMQP_BASIC_RETURN_METHOD:
            let returned = decoded.assumingMemoryBound(to: amqp_basic_return_t.self).pointee
            let exchange = FieldDecoding.string(returned.exchange)
            let routingKey = FieldDecoding.string(returned.routing_key)
            let replyText = FieldDecoding.string(returned.reply_text)
            var content = amqp_message_t()
            try check(amqp_read_message(state, frame.channel, &content, 0), operation: "read returned message")
            defer { amqp_destroy_message(&content) }
            let message = FieldDecoding.message(properties: content.properties, body: amqp_empty_bytes)
            return .returned(
                messageID: message.messageID,
                exchange: exchange,
                routingKey: routingKey,
                replyCode: returned.reply_code,
                replyText: replyText
            )
        default:
            try failIfClosing(frame.payload.method, operation: "wait for confirms")
            return .other
        }
    }

    // MARK: - Consuming

    /// A message received by `basic.deliver` or `basic.get`, copied out of librabbitmq's buffers.
    struct Received {
        let message: AMQPMessage
        let deliveryTag: UInt64
        let redelivered: Bool
        let exchange: String
        let routingKey: String
    }

    func setPrefetch(_ count: UInt16) throws {
        try ensureUsable("basic.qos")
        amqp_basic_qos(state, channel, 0, count, 0)
        try check(amqp_get_rpc_reply(state), operation: "basic.qos")
    }

    /// Starts a manual-ack consumer on `queue`; returns the broker-assigned consumer tag.
    func startConsuming(queue: String) throws -> [UInt8] {
        let arena = CArena()
        try ensureUsable("basic.consume \(queue)")
        let result = amqp_basic_consume(state, channel, arena.bytes(queue), amqp_empty_bytes, 0, 0, 0, amqp_empty_table)
        try check(amqp_get_rpc_reply(state), operation: "basic.consume \(queue)")
        return result.map { FieldDecoding.byteArray($0.pointee.consumer_tag) } ?? []
    }

    func cancelConsuming(tag: [UInt8]) throws {
        let arena = CArena()
        try ensureUsable("basic.cancel")
        amqp_basic_cancel(state, channel, arena.bytes(tag))
        try check(amqp_get_rpc_reply(state), operation: "basic.cancel")
    }

    /// The next delivery, or nil when none arrived within `timeout` seconds. Heartbeats are sent and
    /// checked while waiting.
    func nextDelivery(timeout: Double) throws -> Received? {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            try ensureUsable("basic.consume")
            var envelope = amqp_envelope_t()
            var wait = Self.makeTimeval(seconds: max(0, deadline.timeIntervalSinceNow))
            amqp_maybe_release_buffers(state)
            let reply = amqp_consume_message(state, &envelope, &wait, 0)

            if reply.reply_type == AMQP_RESPONSE_NORMAL {
                defer {
                    amqp_destroy_envelope(&envelope)
                    amqp_maybe_release_buffers(state)
                }
                return Received(
                    message: FieldDecoding.message(
                        properties: envelope.message.properties,
                        body: envelope.message.body
                    ),
                    deliveryTag: envelope.delivery_tag,
                    redelivered: envelope.redelivered != 0,
                    exchange: FieldDecoding.string(envelope.exchange),
                    routingKey: FieldDecoding.string(envelope.routing_key)
                )
            }
            guard reply.reply_type == AMQP_RESPONSE_LIBRARY_EXCEPTION else {
                try check(reply, operation: "basic.consume")
                continue
            }
            if reply.library_error == AMQP_STATUS_TIMEOUT.rawValue { return nil }
            guard reply.library_error == AMQP_STATUS_UNEXPECTED_STATE.rawValue else {
                try check(reply, operation: "basic.consume")
                continue
            }

            // A frame other than a delivery (channel.close, basic.cancel, a stray ack) is waiting.
            var frame = amqp_frame_t()
            let status = amqp_simple_wait_frame(state, &frame)
            guard status == AMQP_STATUS_OK.rawValue else {
                markLost()
                throw AMQPError(operation: "basic.consume", status: status)
            }
            if frame.frame_type == AMQP_FRAME_METHOD {
                if frame.payload.method.id == AMQP_BASIC_CANCEL_METHOD {
                    markLost()
                    throw AMQPError(operation: "basic.consume", replyText: "the broker cancelled the consumer")
                }
                try failIfClosing(frame.payload.method, operation: "basic.consume")
            }
            if deadline.timeIntervalSinceNow <= 0 { return nil }
        }
    }

    /// One message from `queue` by `basic.get` with manual ack, or nil when the queue is empty.
    func getOne(queue: String) throws -> Received? {
        let arena = CArena()
        let operation = "basic.get \(queue)"
        try ensureUsable(operation)
        let reply = amqp_basic_get(state, channel, arena.bytes(queue), 0)
        try check(reply, operation: operation)
        guard reply.reply.id == AMQP_BASIC_GET_OK_METHOD, let decoded = reply.reply.decoded else { return nil }

        let header = decoded.assumingMemoryBound(to: amqp_basic_get_ok_t.self).pointee
        let deliveryTag = header.delivery_tag
        let redelivered = header.redelivered != 0
        let exchange = FieldDecoding.string(header.exchange)
        let routingKey = FieldDecoding.string(header.routing_key)
        var content = amqp_message_t()
        try check(amqp_read_message(state, channel, &content, 0), operation: operation)
        defer {
            amqp_destroy_message(&content)
            amqp_maybe_release_buffers(state)
        }
        return Received(
            message: FieldDecoding.message(properties: content.properties, body: content.body),
            deliveryTag: deliveryTag,
            redelivered: redelivered,
            exchange: exchange,
            routingKey: routingKey
        )
    }

    func ack(deliveryTag: UInt64, multiple: Bool) throws {
        try ensureUsable("basic.ack")
        let status = amqp_basic_ack(state, channel, deliveryTag, multiple ? 1 : 0)
        guard status == AMQP_STATUS_OK.rawValue else {
            markLost()
            throw AMQPError(operation: "basic.ack", status: status)
        }
    }

    func reject(deliveryTag: UInt64, requeue: Bool) throws {
        try ensureUsable("basic.reject")
        let status = amqp_basic_reject(state, channel, deliveryTag, requeue ? 1 : 0)
        guard status == AMQP_STATUS_OK.rawValue else {
            markLost()
            throw AMQPError(operation: "basic.reject", status: status)
        }
    }

    // MARK: - Errors

    private func ensureUsable(_ operation: String) throws {
        guard isUsable else {
            throw AMQPError(operation: operation, libraryStatus: "the connection is closed")
        }
    }

    private func markLost() {
        channelIsOpen = false
        connectionIsOpen = false
    }

    /// Throws for a failed RPC reply, answering the broker's close so it can clean up.
    private func check(_ reply: amqp_rpc_reply_t, operation: String) throws {
        switch reply.reply_type {
        case AMQP_RESPONSE_NORMAL:
            return
        case AMQP_RESPONSE_SERVER_EXCEPTION:
            try failIfClosing(reply.reply, operation: operation)
            markLost()
            throw AMQPError(operation: operation, replyText: "unexpected broker reply \(reply.reply.id)")
        case AMQP_RESPONSE_LIBRARY_EXCEPTION:
            markLost()
            throw AMQPError(operation: operation, status: reply.library_error)
        default:
            markLost()
            throw AMQPError(operation: operation, libraryStatus: "no reply")
        }
    }

    /// When `method` is the broker closing the channel or connection: acknowledge it, mark the
    /// connection unusable and throw the broker's reply.
    private func failIfClosing(_ method: amqp_method_t, operation: String) throws {
        guard let decoded = method.decoded else { return }
        switch method.id {
        case AMQP_CHANNEL_CLOSE_METHOD:
            let close = decoded.assumingMemoryBound(to: amqp_channel_close_t.self).pointee
            let error = AMQPError(
                operation: operation,
                replyCode: close.reply_code,
                replyText: FieldDecoding.string(close.reply_text)
            )
            var closeOK = amqp_channel_close_ok_t()
            _ = amqp_send_method(state, channel, AMQP_CHANNEL_CLOSE_OK_METHOD, &closeOK)
            channelIsOpen = false
            throw error
        case AMQP_CONNECTION_CLOSE_METHOD:
            let close = decoded.assumingMemoryBound(to: amqp_connection_close_t.self).pointee
            let error = AMQPError(
                operation: operation,
                replyCode: close.reply_code,
                replyText: FieldDecoding.string(close.reply_text)
            )
            var closeOK = amqp_connection_close_ok_t()
            _ = amqp_send_method(state, 0, AMQP_CONNECTION_CLOSE_OK_METHOD, &closeOK)
            markLost()
            throw error
        default:
            return
        }
    }

    /// True for a TCP "self-connect": with the broker down, a loopback connect whose ephemeral source
    /// port equals the broker's port connects to itself. Holding such a socket (through a 30 s login
    /// timeout) keeps the port busy, so a restarting broker fails to bind and never comes back.
    private static func isConnectedToItself(_ descriptor: Int32) -> Bool {
        guard descriptor >= 0 else { return false }
        var local = sockaddr_storage()
        var peer = sockaddr_storage()
        var localLength = socklen_t(MemoryLayout<sockaddr_storage>.size)
        var peerLength = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let gotLocal = withUnsafeMutablePointer(to: &local) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &localLength) }
        }
        let gotPeer = withUnsafeMutablePointer(to: &peer) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getpeername(descriptor, $0, &peerLength) }
        }
        guard gotLocal == 0, gotPeer == 0, localLength == peerLength else { return false }
        return withUnsafeBytes(of: &local) { localBytes in
            withUnsafeBytes(of: &peer) { peerBytes in
                localBytes.prefix(Int(localLength)).elementsEqual(peerBytes.prefix(Int(peerLength)))
            }
        }
    }

    private static func makeTimeval(seconds: Double) -> Glibc.timeval {
        let whole = max(0, seconds.rounded(.down))
        let micros = max(0, (seconds - whole) * 1_000_000)
        return Glibc.timeval(tv_sec: Int(whole), tv_usec: Int(micros))
    }
}
