#!/usr/bin/env bash
# Runs Handover end to end against the JobAdder sandbox and prints a report.
#
#   scripts/demo.sh          full demo (release binaries, DEMO_CONTACTS=300); leaves everything running
#   scripts/demo.sh smoke    short checked run (debug binaries, 20 contacts); exits non-zero when an
#                            expectation fails and stops its workers at the end
#   scripts/demo.sh down     stops the demo's workers and sandbox (pids under var/demo)
#
# Needs the private services of scripts/services.sh (PostgreSQL, RabbitMQ, SMTP on the ports it chooses).
# Environment knobs: DEMO_CONTACTS, DEMO_BIN_DIR, DEMO_MAILDIR, DEMO_TIMEOUT (seconds per wait),
# DEMO_WITHOUT_NURTURE=1 (stop after leads, notes and hand-backs; no emails or replies), DEMO_PUBLIC_URL,
# HANDOVER_PG_PORT / HANDOVER_AMQP_PORT / HANDOVER_SMTP_PORT and DEMO_RABBIT_NODE (another broker).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
tool=(/usr/bin/python3 "$root/scripts/demo/demo_tool.py")
mode="${1:-demo}"
case "$mode" in demo | smoke | down | down-smoke) ;; *)
    echo "usage: $0 [demo|smoke|down]" >&2
    exit 2
    ;;
esac

# The private services' ports, as scripts/services.sh chooses them (it honours the same HANDOVER_*_PORT variables).
service_port() { # variable-name fallback
    "$root/scripts/services.sh" env 2>/dev/null | sed -n "s|^$1=.*127\.0\.0\.1:\([0-9]*\).*|\1|p" | grep . ||
        echo "$2"
}
pg_port="$(service_port HANDOVER_DATABASE_URL 15432)"
amqp_port="$(service_port HANDOVER_AMQP_URL 17672)"
smtp_port="$(service_port HANDOVER_SMTP_URL 2525)"
rabbit_node="${DEMO_RABBIT_NODE:-$(sed -n 's/^rabbit_node="\(.*\)"$/\1/p' "$root/scripts/services.sh" | grep . ||
    echo handover@localhost)}"
mailbox_domain="7ts-e.com"

if [ "$mode" = smoke ] || [ "$mode" = down-smoke ]; then
    org=smoke
    vardir="$root/var/demo-smoke"
    database=handover_demo_smoke
    contacts_wanted="${DEMO_CONTACTS:-20}"
    port_base=18180
    wait_seconds="${DEMO_TIMEOUT:-180}"
    report="$vardir/demo-report.json"
    reply_plan="interested=1,out_of_office=1,unsubscribe=1,hard_bounce=1"
else
    org=demo
    vardir="$root/var/demo"
    database=handover_demo
    contacts_wanted="${DEMO_CONTACTS:-300}"
    port_base=18080
    wait_seconds="${DEMO_TIMEOUT:-600}"
    report="$root/demo-report.json"
    reply_plan="interested=3,out_of_office=2,unsubscribe=2,hard_bounce=2"
fi
assistant_domain="$org.$mailbox_domain"
workers=(sandbox ingest nurture writeback)

say() { printf '%s [demo] %s\n' "$(date +%H:%M:%S)" "$*"; }
die() {
    printf '%s [demo] FAILED: %s\n' "$(date +%H:%M:%S)" "$*" >&2
    exit 1
}

as_user() { # user command...
    local user="$1"
    shift
    if [ "$(id -un)" = "$user" ]; then "$@"; elif [ "$(id -u)" -eq 0 ]; then runuser -u "$user" -- "$@"; else sudo -u "$user" "$@"; fi
}

# psql as the superuser, against a database (default: the demo's). Superuser sees every org's rows.
pg() {
    local db="$1"
    shift
    as_user postgres psql -h 127.0.0.1 -p "$pg_port" -U postgres -d "$db" -X -q -v ON_ERROR_STOP=1 "$@"
}

# Whether something listens on a local port. `ss` looks without connecting: connecting in a loop to a port in
# the ephemeral range can connect the socket to itself and then hold the port the server wants.
port_in_use() {
    if command -v ss >/dev/null; then
        [ -n "$(ss -Hltn "sport = :$1" 2>/dev/null)" ]
    else
        (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
    fi
}

# The process's command line, to make sure a pid from a file is still ours.
pid_matches() { # pid name
    [ -r "/proc/$1/cmdline" ] && tr '\0' ' ' <"/proc/$1/cmdline" | grep -q -- "$2"
}

stop_one() { # name
    local name="$1" pidfile="$vardir/$1.pid" pid binary
    [ -f "$pidfile" ] || return 0
    pid="$(cat "$pidfile")"
    binary="$name"
    [ "$name" = sandbox ] && binary=jobadder-sandbox
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && pid_matches "$pid" "$binary"; then
        kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 1 100); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        if kill -0 "$pid" 2>/dev/null; then
            echo "  $name ($pid) ignored SIGTERM for 10 s; killing it"
            kill -KILL "$pid" 2>/dev/null || true
        fi
        echo "  stopped $name ($pid)"
    fi
    rm -f "$pidfile"
}

stop_all() {
    local name
    for name in nurture writeback ingest sandbox; do stop_one "$name"; done
}

rabbitmqctl_run() {
    HOME=/var/lib/rabbitmq as_user rabbitmq env HOME=/var/lib/rabbitmq ERL_EPMD_PORT="${HANDOVER_EPMD_PORT:-4370}" \
        rabbitmqctl -q -n "$rabbit_node" "$@"
}

# Deletes the queues of earlier runs (their prefix is stored in var/demo*/prefixes) in one broker call.
delete_old_queues() {
    local file="$vardir/prefixes" keep="${1:-}" prefixes expression
    [ -s "$file" ] || return 0
    prefixes="$(grep -v -x -F -- "${keep:-__none__}" "$file" | sort -u || true)"
    [ -n "$prefixes" ] || return 0
    expression="Ps = [$(echo "$prefixes" | sed 's/.*/<<"&.">>/' | paste -sd, -)],"
    expression+=' Qs = [Q || Q <- rabbit_amqqueue:list(<<"/">>),'
    expression+=' lists:any(fun(P) -> binary:longest_common_prefix([element(4, amqqueue:get_name(Q)), P])'
    expression+=' =:= byte_size(P) end, Ps)],'
    expression+=' [rabbit_amqqueue:delete(Q, false, false, <<"handover-demo">>) || Q <- Qs], length(Qs).'
    if deleted="$(rabbitmqctl_run eval "$expression" 2>&1)"; then
        echo "  deleted $deleted queues of earlier runs"
        if [ -n "$keep" ]; then echo "$keep" >"$file"; else rm -f "$file"; fi
    else
        echo "  could not delete old queues (they are harmless): $(echo "$deleted" | tail -n 1)"
    fi
}

if [ "$mode" = down ] || [ "$mode" = down-smoke ]; then
    say "stopping $org workers and sandbox"
    stop_all
    delete_old_queues ""
    exit 0
fi

# ------------------------------------------------------------------------------------------ setup

mkdir -p "$vardir"
started_at="$(date +%s)"
run_id="r$started_at"
state="$vardir/state.json"
printf '{"started_at": %s, "eligible": [], "refused": [], "timings": {}}\n' "$started_at" >"$state"

if [ -n "${DEMO_BIN_DIR:-}" ]; then
    bin="$DEMO_BIN_DIR"
else
    swift="$(command -v swift || echo /opt/swift/usr/bin/swift)"
    if [ "$mode" = smoke ]; then
        bin="$(cd "$root" && "$swift" build --show-bin-path)"
    else
        bin="$(cd "$root" && "$swift" build -c release --show-bin-path)"
    fi
fi
needed=(handover ingest writeback jobadder-sandbox)
[ "${DEMO_WITHOUT_NURTURE:-0}" = 1 ] || needed+=(nurture)
for binary in "${needed[@]}"; do
    [ -x "$bin/$binary" ] || die "$bin/$binary is missing; build first (make build-release, or swift build for smoke)"
done

# Where the SMTP server keeps what it receives: DEMO_MAILDIR, else the Mailbox of the aiosmtpd process on
# the SMTP port (it may have been started from another checkout), else var/smtp/maildir.
find_maildir() {
    local pid args
    if [ -n "${DEMO_MAILDIR:-}" ]; then echo "$DEMO_MAILDIR"; return; fi
    for pid in $(pgrep -f "aiosmtpd.*127.0.0.1:$smtp_port" || true); do
        args="$(tr '\0' '\n' <"/proc/$pid/cmdline" 2>/dev/null | tail -n 1)"
        if [ -d "$args" ]; then echo "$args"; return; fi
    done
    echo "$root/var/smtp/maildir"
}
maildir="$(find_maildir)"
[ -d "$maildir" ] || die "no maildir at $maildir; is the SMTP server running (make services)?"
# aiosmtpd's Mailbox creates these once at start; a test that empties the maildir would make it answer 500.
mkdir -p "$maildir/new" "$maildir/cur" "$maildir/tmp"

# Workers exit when the wait for them fails or on Ctrl-C; smoke runs always stop them.
finished=0
cleanup() {
    local status=$?
    if [ "$mode" = smoke ] || [ "$finished" -ne 1 ]; then
        [ "$status" -ne 0 ] && say "stopping what this run started"
        stop_all >/dev/null 2>&1 || true
        [ "$mode" = smoke ] && delete_old_queues "" >/dev/null 2>&1
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

show_logs() {
    local name
    for name in "${workers[@]}"; do
        if [ -f "$vardir/$name.log" ]; then
            echo "---- last 30 lines of $vardir/$name.log"
            tail -n 30 "$vardir/$name.log"
        fi
    done
}

# Names of started workers whose process is gone.
dead_workers() {
    local name dead=""
    for name in "${workers[@]}"; do
        [ -f "$vardir/$name.pid" ] || continue
        kill -0 "$(cat "$vardir/$name.pid")" 2>/dev/null || dead+="$name "
    done
    echo "$dead"
}

# wait_until <description> <seconds> <command...>: runs the command every 2 s until it succeeds, printing its
# output when it changes; on timeout prints the workers' logs and exits 1.
wait_until() {
    local what="$1" seconds="$2" deadline last="" output dead
    shift 2
    deadline=$(($(date +%s) + seconds))
    while true; do
        if output="$("$@" 2>&1)"; then
            [ -n "$output" ] && echo "  $output"
            return 0
        fi
        if [ "$output" != "$last" ] && [ -n "$output" ]; then
            echo "  $output"
            last="$output"
        fi
        if dead="$(dead_workers)" && [ -n "$dead" ]; then
            show_logs >&2
            die "$dead exited while waiting for $what"
        fi
        if [ "$(date +%s)" -ge "$deadline" ]; then
            echo "timed out after ${seconds}s waiting for $what; last check said: $output" >&2
            show_logs >&2
            die "timed out waiting for $what"
        fi
        sleep 2
    done
}

say "stopping anything left from an earlier $org run"
stop_all

pick_port() { # base
    local port="$1"
    while port_in_use "$port" || [[ " ${chosen_ports:-} " == *" $port "* ]]; do port=$((port + 1)); done
    chosen_ports="${chosen_ports:-} $port"
    echo "$port"
}
ingest_port="$(pick_port $((port_base + 1)))"
nurture_port="$(pick_port $((port_base + 2)))"
writeback_port="$(pick_port $((port_base + 3)))"
sandbox_port="$(pick_port $((port_base + 10)))"

# Keys are generated once into keys.env and kept for later runs.
if [ ! -s "$vardir/keys.env" ]; then
    umask 077
    /usr/bin/python3 -c 'import secrets
print("HANDOVER_SECRET_KEY=" + secrets.token_hex(32))
print("HANDOVER_SIGNING_KEY=" + secrets.token_hex(32))' >"$vardir/keys.env"
    umask 022
fi

prefix="$org-$run_id"
# Base of unsubscribe and tracking links (plain http is accepted on loopback only).
public_url="http://127.0.0.1:$nurture_port"
cat >"$vardir/env.sh" <<ENV
# Written by scripts/demo.sh; \`source $vardir/env.sh\` to use the handover CLI against the $org run.
export HANDOVER_DATABASE_URL=postgresql://handover_app:handover_app@127.0.0.1:$pg_port/$database
export HANDOVER_MIGRATION_DATABASE_URL=postgresql://handover_owner:handover_owner@127.0.0.1:$pg_port/$database
export HANDOVER_AMQP_URL=amqp://guest:guest@127.0.0.1:$amqp_port/
export HANDOVER_AMQP_PREFIX=$prefix
export HANDOVER_JOBADDER_CLIENT_ID=demo-client
export HANDOVER_JOBADDER_CLIENT_SECRET=demo-secret
export HANDOVER_JOBADDER_AUTHORIZE_URL=http://127.0.0.1:$sandbox_port/connect/authorize
export HANDOVER_JOBADDER_TOKEN_URL=http://127.0.0.1:$sandbox_port/connect/token
export HANDOVER_JOBADDER_REDIRECT_URI=http://127.0.0.1:$ingest_port/oauth/callback
export HANDOVER_JOBADDER_WEBHOOK_URL=http://127.0.0.1:$ingest_port/webhooks/jobadder
export HANDOVER_JOBADDER_DEFAULT_RPS=500
export HANDOVER_POLL_INTERVAL_SECONDS=5
export HANDOVER_MAILBOX_DOMAIN=$mailbox_domain
export HANDOVER_HTTP_HOST=127.0.0.1
export HANDOVER_SMTP_URL=smtp://127.0.0.1:$smtp_port
export HANDOVER_PUBLIC_URL=${DEMO_PUBLIC_URL:-$public_url}
export HANDOVER_MESSAGE_ID_DOMAIN=mail.$mailbox_domain
export PATH="$bin:\$PATH"
ENV
sed 's/^/export /' "$vardir/keys.env" >>"$vardir/env.sh"
# shellcheck disable=SC1091
source "$vardir/env.sh"
unset HANDOVER_HTTP_PORT

say "resetting state: database $database, queues, maildir, sandbox (ports: ingest $ingest_port, nurture $nurture_port," \
    "writeback $writeback_port, sandbox $sandbox_port)"
pg postgres -c "DROP DATABASE IF EXISTS $database WITH (FORCE)" -c "CREATE DATABASE $database OWNER handover_owner"
# Mail this org's assistants sent in earlier runs goes; other mail in a shared maildir stays but is ignored.
/usr/bin/python3 - "$maildir" "$assistant_domain" "$vardir/maildir-skip" <<'PY'
import email.parser, email.utils, os, sys
maildir, domain, skip = sys.argv[1:]
headers_only = email.parser.BytesHeaderParser()  # a maildir left by benchmarks can hold 100,000 messages
kept = []
for folder in ("new", "cur", "tmp"):
    path = os.path.join(maildir, folder)
    for name in (os.listdir(path) if os.path.isdir(path) else []):
        full = os.path.join(path, name)
        try:
            with open(full, "rb") as handle:
                message = headers_only.parse(handle)
            sender = email.utils.parseaddr(str(message.get("From", "")))[1].lower()
        except OSError:
            continue
        if sender.endswith("@" + domain):
            os.remove(full)
        else:
            kept.append(name)
with open(skip, "w") as handle:
    handle.write("\n".join(kept) + "\n")
PY
rm -rf "$vardir/replies" "$vardir"/*.log "$vardir"/*.json.tmp
echo "$prefix" >>"$vardir/prefixes"
(delete_old_queues "$prefix" >"$vardir/queue-cleanup.log" 2>&1 &)
printf '{"started_at": %s, "eligible": [], "refused": [], "timings": {}}\n' "$started_at" >"$state"

broker_up() { port_in_use "$amqp_port" || { echo "RabbitMQ is not accepting connections on :$amqp_port"; return 1; }; }

start_worker() { # name port binary args...
    local name="$1" port="$2"
    shift 2
    : >"$vardir/$name.log"
    [ "$name" = sandbox ] || wait_until "RabbitMQ on :$amqp_port" 120 broker_up
    echo "$*" >"$vardir/$name.command"
    HANDOVER_HTTP_PORT="$port" setsid "$@" >>"$vardir/$name.log" 2>&1 </dev/null &
    echo $! >"$vardir/$name.pid"
}

http_up() { # port name
    kill -0 "$(cat "$vardir/$2.pid")" 2>/dev/null || { echo "$2 exited; see $vardir/$2.log"; return 2; }
    curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$1/" || { echo "$2 not answering yet on :$1"; return 1; }
}

# A wait that gives up at once when the process died.
wait_http() { # port name
    local deadline=$(($(date +%s) + 60)) rc retried=0
    while true; do
        rc=0
        http_up "$1" "$2" >/dev/null || rc=$?
        [ "$rc" -eq 0 ] && return 0
        # A broker restart (other test suites share it) can make a worker give up at start: start it again.
        if [ "$rc" -eq 2 ] && [ "$retried" -eq 0 ] && grep -q "AMQP connect" "$vardir/$2.log"; then
            retried=1
            say "$2 could not reach RabbitMQ; starting it again"
            sleep 3
            # shellcheck disable=SC2046
            start_worker "$2" "$1" $(cat "$vardir/$2.command")
            continue
        fi
        if [ "$rc" -eq 2 ] || [ "$(date +%s)" -ge "$deadline" ]; then
            show_logs >&2
            die "$2 did not start on :$1"
        fi
        sleep 0.3
    done
}

sandbox_api="http://127.0.0.1:$sandbox_port/_sandbox"
account=1001
say "starting jobadder-sandbox on :$sandbox_port"
if [ "$org" = demo ]; then
    start_worker sandbox "$sandbox_port" "$bin/jobadder-sandbox" --port "$sandbox_port" --seed demo
    wait_http "$sandbox_port" sandbox
else
    # The smoke run has its own account whose statuses name the smoke org's assistants.
    start_worker sandbox "$sandbox_port" "$bin/jobadder-sandbox" --port "$sandbox_port" --seed none
    wait_http "$sandbox_port" sandbox
    curl -sS -f -o /dev/null -X POST "$sandbox_api/accounts" -H 'Content-Type: application/json' -d @- <<JSON
{"accountId": $account, "name": "Smoke Recruitment", "clientId": "demo-client", "clientSecret": "demo-secret",
 "statuses": [{"name": "Prospect", "default": true}, "Active Contact", {"name": "Inactive Contact", "active": false},
              "Assign to ashley@$org in 7Targets", "Assign to ben@$org in 7Targets"]}
JSON
fi
curl -sS -f -o /dev/null "$sandbox_api/accounts/$account" || die "sandbox has no account $account"

say "database: migrate, org, context, schedule, assistants"
handover db migrate
handover orgs create --slug "$org" --name "Demo Recruiting" >/dev/null
handover contexts apply --org "$org" --name intro --file "$root/scripts/demo/context.json"
handover schedules apply --org "$org" --name standard --file "$root/scripts/demo/schedule.json"
for who in ashley ben; do
    name="$(tr '[:lower:]' '[:upper:]' <<<"${who:0:1}")${who:1}"
    handover assistants create --org "$org" --mailbox "$who@$assistant_domain" --name "$name" \
        --time-zone Australia/Sydney --daily-cap 5000 --capacity 5000 --context intro --schedule standard
done

say "starting ingest on :$ingest_port"
start_worker ingest "$ingest_port" "$bin/ingest"
wait_http "$ingest_port" ingest

say "connecting JobAdder through the OAuth flow"
authorize_url="$(handover jobadder connect --org "$org" --json | "${tool[@]}" json - authorize_url)"
echo "  authorize: $authorize_url"
location="$(curl -sS -o /dev/null -w '%{redirect_url}' "$authorize_url")"
[ -n "$location" ] || die "the sandbox's authorize page did not redirect"
case "$location" in *code=*) ;; *) die "authorize redirected without a code: $location" ;; esac
echo "  callback:  ${location%%\?*}?code=…&state=…"
callback_body="$(curl -sS --max-time 60 -w '\nHTTP %{http_code}' "$location")"
echo "$callback_body" | sed 's/^/  | /'
grep -q "JobAdder is connected" <<<"$callback_body" || die "the OAuth callback did not connect JobAdder"
"${tool[@]}" timing --state "$state" connected

if [ "${DEMO_WITHOUT_NURTURE:-0}" = 1 ]; then
    workers=(sandbox ingest writeback)
else
    say "starting nurture on :$nurture_port"
    start_worker nurture "$nurture_port" "$bin/nurture"
fi
say "starting writeback on :$writeback_port"
start_worker writeback "$writeback_port" "$bin/writeback"
[ "${DEMO_WITHOUT_NURTURE:-0}" = 1 ] || wait_http "$nurture_port" nurture
wait_http "$writeback_port" writeback

# ------------------------------------------------------------------------------------------ assign

say "creating $contacts_wanted contacts in JobAdder (the last two: no email, unsubscribed in JobAdder)"
"${tool[@]}" contacts --count "$contacts_wanted" --run-id "$run_id" >"$vardir/contacts-body.json"
curl -sS -f -X POST "$sandbox_api/accounts/$account/contacts" -H 'Content-Type: application/json' \
    --data-binary @"$vardir/contacts-body.json" >"$vardir/contacts-created.json" || die "creating contacts failed"
/usr/bin/python3 - "$vardir/contacts-created.json" "$state" "$vardir" <<'PY'
import json, sys
ids = json.load(open(sys.argv[1]))["contactIds"]
state = json.load(open(sys.argv[2]))
state["eligible"], state["refused"] = ids[:-2], ids[-2:]
json.dump(state, open(sys.argv[2], "w"))
half = len(ids) // 2
for name, part in (("ashley", ids[:half]), ("ben", ids[half:])):
    json.dump({"contactIds": part}, open(f"{sys.argv[3]}/assign-{name}.json", "w"))
PY

assign_started="$(date +%s)"
for who in ashley ben; do
    /usr/bin/python3 - "$vardir/assign-$who.json" "Assign to $who@$org in 7Targets" >"$vardir/assign-$who.body" <<'PY'
import json, sys
body = json.load(open(sys.argv[1]))
body["statusName"] = sys.argv[2]
print(json.dumps(body))
PY
    changed="$(curl -sS -f -X POST "$sandbox_api/accounts/$account/status-changes" -H 'Content-Type: application/json' \
        --data-binary @"$vardir/assign-$who.body" | "${tool[@]}" json --count - changed)"
    say "recruiter bulk-assigned $changed contacts to $who@$org in one status change"
done
"${tool[@]}" timing --state "$state" assigned

# ------------------------------------------------------------------------------------------ observe

fetch() { # what to fetch into var files for the checks
    curl -sS -f --max-time 30 -o "$vardir/notes.json" "$sandbox_api/accounts/$account/notes" || return 1
    curl -sS -f --max-time 30 -o "$vardir/contacts.json" "$sandbox_api/accounts/$account/contacts" || return 1
    curl -sS -f --max-time 30 -o "$vardir/status-changes.json" "$sandbox_api/accounts/$account/status-changes" ||
        return 1
    pg "$database" -A -t >"$vardir/leads.json" \
        -c "SELECT coalesce(json_object_agg(contact_id, json_build_object('state', state, 'email', email)), '{}')
            FROM leads" || return 1
    pg "$database" -A -t >"$vardir/leads-by-email.json" -c "
        SELECT coalesce(json_object_agg(lower(l.email), json_build_object('state', l.state, 'contact', l.contact_id,
            'paused_until', l.paused_until, 'inbound', (SELECT coalesce(json_agg(m.classification), '[]')
                FROM messages m WHERE m.lead_id = l.id AND m.direction = 'inbound'))), '{}')
        FROM leads l WHERE l.email IS NOT NULL" || return 1
}

progress() {
    fetch || { echo "cannot read the sandbox or database"; return 1; }
    local emails=(--emails)
    [ "${DEMO_WITHOUT_NURTURE:-0}" = 1 ] && emails=()
    "${tool[@]}" progress --maildir "$maildir" --domain "$assistant_domain" --skip "$vardir/maildir-skip" \
        --state "$state" --leads "$vardir/leads.json" --notes "$vardir/notes.json" \
        --contacts "$vardir/contacts.json" "${emails[@]}"
}

say "waiting for leads, first emails, notes and hand-backs (deadline ${wait_seconds}s)"
wait_until "every assigned contact to be taken over" "$wait_seconds" progress
"${tool[@]}" timing --state "$state" taken_over
say "taken over in $(($(date +%s) - assign_started)) s after the bulk assignment"
handover leads summary --org "$org" | sed 's/^/  /'

# ------------------------------------------------------------------------------------------ replies

played="$vardir/replies/played.json"
if [ "${DEMO_WITHOUT_NURTURE:-0}" != 1 ]; then
    say "playing replies back to real sent emails: $reply_plan"
    mkdir -p "$vardir/replies"
    "${tool[@]}" replies --maildir "$maildir" --domain "$assistant_domain" --skip "$vardir/maildir-skip" \
        --plan "$reply_plan" --outdir "$vardir/replies" >"$vardir/replies/index.tsv"
    while IFS=$'\t' read -r file kind lead; do
        answer="$(curl -sS --max-time 30 -X POST "http://127.0.0.1:$nurture_port/inbound/email" \
            -H 'Content-Type: message/rfc822' --data-binary @"$file" -w ' HTTP %{http_code}')" || true
        echo "  $kind from $lead → ${answer//$'\n'/ }"
        case "$answer" in *"HTTP 2"*) ;; *) die "nurture refused the $kind reply: $answer" ;; esac
    done <"$vardir/replies/index.tsv"

    replies_settled() {
        fetch || { echo "cannot read the sandbox or database"; return 1; }
        "${tool[@]}" replystate --played "$played" --leads-by-email "$vardir/leads-by-email.json" \
            --contacts "$vardir/contacts.json"
    }
    say "waiting for the replies to change their leads (deadline ${wait_seconds}s)"
    wait_until "replies to be classified and applied" "$wait_seconds" replies_settled
    "${tool[@]}" timing --state "$state" replies_applied
fi

# Writes queued by the last changes land within a few seconds; give them a moment so the counts are final.
settled() {
    fetch || return 1
    local before
    before="$(md5sum "$vardir/notes.json" "$vardir/status-changes.json" | md5sum)"
    sleep 3
    fetch || return 1
    [ "$before" = "$(md5sum "$vardir/notes.json" "$vardir/status-changes.json" | md5sum)" ] || {
        echo "JobAdder writes still landing"
        return 1
    }
}
wait_until "JobAdder writes to settle" 120 settled

# ------------------------------------------------------------------------------------------ report

curl -sS -f --max-time 30 -o "$vardir/deliveries.json" "$sandbox_api/accounts/$account/deliveries" ||
    echo '{"items": []}' >"$vardir/deliveries.json"
strict=()
[ "$mode" = smoke ] && strict=(--strict)
no_emails=()
[ "${DEMO_WITHOUT_NURTURE:-0}" = 1 ] && no_emails=(--no-emails)
report_status=0
"${tool[@]}" report --mode "$mode" --maildir "$maildir" --domain "$assistant_domain" --skip "$vardir/maildir-skip" \
    --state "$state" --leads "$vardir/leads.json" --leads-by-email "$vardir/leads-by-email.json" \
    --notes "$vardir/notes.json" --status-changes "$vardir/status-changes.json" --contacts "$vardir/contacts.json" \
    --played "$played" --deliveries "$vardir/deliveries.json" --out "$report" "${strict[@]}" "${no_emails[@]}" || report_status=$?

first_contact="$("${tool[@]}" json "$state" eligible.0)"
cat <<NEXT

Where to look next:
  logs:            $vardir/{sandbox,ingest,nurture,writeback}.log
  CLI:             source $vardir/env.sh; handover leads show --org $org --contact $first_contact
                   handover leads list --org $org --state Hot; handover assistants list --org $org
  sandbox:         curl $sandbox_api/accounts/$account/counts
                   curl $sandbox_api/accounts/$account/contacts/$first_contact/notes
                   curl $sandbox_api/accounts/$account/status-changes
  sent emails:     $maildir/new (From *@$assistant_domain)
NEXT

if [ "$mode" = smoke ]; then
    exit "$report_status"
fi
finished=1
echo "  The workers, sandbox and services are still running. Stop them with: make demo-down"
