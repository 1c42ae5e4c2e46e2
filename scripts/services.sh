#!/usr/bin/env bash
# Starts and stops Handover's private services for tests and demos:
# PostgreSQL, RabbitMQ and an SMTP server that keeps what it receives.
# Data lives under var/ in the repository (ignored by git). Ports avoid the system defaults and sit below
# the kernel's ephemeral range (32768+), so a client retrying during a restart can never take the port.
#
#   scripts/services.sh start|stop|status|env
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
var="$root/var"
pg_port="${HANDOVER_PG_PORT:-15432}"
amqp_port="${HANDOVER_AMQP_PORT:-17672}"
amqp_dist_port="${HANDOVER_AMQP_DIST_PORT:-17673}"
smtp_port="${HANDOVER_SMTP_PORT:-2525}"
rabbit_node="handover@localhost"
pg_bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"

as_user() { # user command...
    local user="$1"; shift
    if [ "$(id -un)" = "$user" ]; then "$@"; elif [ "$(id -u)" -eq 0 ]; then runuser -u "$user" -- "$@"; else sudo -u "$user" "$@"; fi
}

rabbit_env() {
    export RABBITMQ_NODENAME="$rabbit_node" RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 RABBITMQ_NODE_PORT="$amqp_port"
    export RABBITMQ_DIST_PORT="$amqp_dist_port" RABBITMQ_MNESIA_BASE="$var/rabbitmq/mnesia"
    export RABBITMQ_LOG_BASE="$var/rabbitmq/log" RABBITMQ_PID_FILE="$var/rabbitmq/rabbit.pid"
    export RABBITMQ_ENABLED_PLUGINS_FILE="$var/rabbitmq/enabled_plugins"
    export RABBITMQ_CONFIG_FILE="$var/rabbitmq/rabbitmq"
    export ERL_EPMD_PORT="${HANDOVER_EPMD_PORT:-4370}"
}

start_postgres() {
    mkdir -p "$var/postgres"
    chown postgres:postgres "$var/postgres" 2>/dev/null || true
    if [ ! -f "$var/postgres/data/PG_VERSION" ]; then
        as_user postgres "$pg_bin/initdb" -D "$var/postgres/data" -A trust -U postgres -E UTF8 >/dev/null
    fi
    if as_user postgres "$pg_bin/pg_ctl" -D "$var/postgres/data" status >/dev/null 2>&1; then
        echo "postgres: running on $pg_port"; return
    fi
    as_user postgres "$pg_bin/pg_ctl" -D "$var/postgres/data" -l "$var/postgres/server.log" -w \
        -o "-p $pg_port -k $var/postgres -c listen_addresses=127.0.0.1 -c max_connections=300 \
            -c fsync=on -c synchronous_commit=on -c shared_buffers=256MB" start >/dev/null
    # Roles Handover expects (deploy/postgres/roles.sql is the same file an operator runs).
    as_user postgres psql -q -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -f "$root/deploy/postgres/roles.sql" >/dev/null
    as_user postgres psql -q -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -tc \
        "SELECT 1 FROM pg_database WHERE datname = 'handover'" | grep -q 1 ||
        as_user postgres psql -q -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres \
            -c "CREATE DATABASE handover OWNER handover_owner" >/dev/null
    echo "postgres: started on $pg_port"
}

start_rabbitmq() {
    mkdir -p "$var/rabbitmq/mnesia" "$var/rabbitmq/log"
    echo "[rabbitmq_prometheus]." > "$var/rabbitmq/enabled_plugins"
    cat > "$var/rabbitmq/rabbitmq.conf" <<CONF
loopback_users = none
prometheus.tcp.port = ${HANDOVER_AMQP_PROMETHEUS_PORT:-17692}
prometheus.tcp.ip = 127.0.0.1
CONF
    chown -R rabbitmq:rabbitmq "$var/rabbitmq"
    rabbit_env
    if as_user rabbitmq rabbitmq-diagnostics -q -n "$rabbit_node" check_port_listener "$amqp_port" >/dev/null 2>&1; then
        echo "rabbitmq: running on $amqp_port"; return
    fi
    # HOME must be writable by the rabbitmq user for the Erlang cookie.
    HOME=/var/lib/rabbitmq as_user rabbitmq env HOME=/var/lib/rabbitmq rabbitmq-server -detached >/dev/null 2>&1 || true
    for _ in $(seq 1 60); do
        if HOME=/var/lib/rabbitmq as_user rabbitmq env HOME=/var/lib/rabbitmq \
            rabbitmq-diagnostics -q -n "$rabbit_node" check_port_listener "$amqp_port" >/dev/null 2>&1; then
            echo "rabbitmq: started on $amqp_port"; return
        fi
        sleep 1
    done
    echo "rabbitmq did not start; see $var/rabbitmq/log" >&2
    exit 1
}

start_smtp() {
    # aiosmtpd only makes the Maildir folders when the maildir itself is missing; make them all here.
    mkdir -p "$var/smtp/maildir/tmp" "$var/smtp/maildir/new" "$var/smtp/maildir/cur"
    if [ -f "$var/smtp/pid" ] && kill -0 "$(cat "$var/smtp/pid")" 2>/dev/null; then
        echo "smtp: running on $smtp_port"; return
    fi
    nohup /usr/bin/python3 -m aiosmtpd -n -l "127.0.0.1:$smtp_port" -c aiosmtpd.handlers.Mailbox "$var/smtp/maildir" \
        >"$var/smtp/server.log" 2>&1 &
    echo $! > "$var/smtp/pid"
    for _ in $(seq 1 50); do
        (exec 3<>"/dev/tcp/127.0.0.1/$smtp_port") 2>/dev/null && { echo "smtp: started on $smtp_port"; return; }
        sleep 0.1
    done
    echo "smtp server did not start; see $var/smtp/server.log" >&2
    exit 1
}

stop_all() {
    if [ -f "$var/smtp/pid" ]; then kill "$(cat "$var/smtp/pid")" 2>/dev/null || true; rm -f "$var/smtp/pid"; fi
    if [ -f "$var/postgres/data/PG_VERSION" ]; then
        as_user postgres "$pg_bin/pg_ctl" -D "$var/postgres/data" -m fast stop >/dev/null 2>&1 || true
    fi
    rabbit_env
    HOME=/var/lib/rabbitmq as_user rabbitmq env HOME=/var/lib/rabbitmq rabbitmqctl -q -n "$rabbit_node" stop >/dev/null 2>&1 || true
    echo "services stopped"
}

case "${1:-start}" in
    start) start_postgres; start_rabbitmq; start_smtp ;;
    stop) stop_all ;;
    restart-rabbitmq)
        rabbit_env
        HOME=/var/lib/rabbitmq as_user rabbitmq env HOME=/var/lib/rabbitmq rabbitmqctl -q -n "$rabbit_node" stop >/dev/null 2>&1 || true
        start_rabbitmq ;;
    restart-postgres)
        as_user postgres "$pg_bin/pg_ctl" -D "$var/postgres/data" -m immediate stop >/dev/null 2>&1 || true
        start_postgres ;;
    env)
        echo "HANDOVER_DATABASE_URL=postgresql://handover_app:handover_app@127.0.0.1:$pg_port/handover"
        echo "HANDOVER_MIGRATION_DATABASE_URL=postgresql://handover_owner:handover_owner@127.0.0.1:$pg_port/handover"
        echo "HANDOVER_AMQP_URL=amqp://guest:guest@127.0.0.1:$amqp_port/"
        echo "HANDOVER_SMTP_URL=smtp://127.0.0.1:$smtp_port"
        echo "HANDOVER_SMTP_MAILDIR=$var/smtp/maildir" ;;
    *) echo "usage: $0 start|stop|restart-rabbitmq|restart-postgres|env" >&2; exit 2 ;;
esac
