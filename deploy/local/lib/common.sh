# Shared settings and helpers for deploy/local/stack. Sourced, never run.
# Expects REPO_DIR to be set by the caller.

# Settings. The INGEST_* names are the project's shared conventions (see README); the STACK_*
# ones exist so that a second stack can run beside the usual one on other ports.
LOCAL_DIR="${STACK_LOCAL_DIR:-$REPO_DIR/.local}"
PG_PORT="${STACK_PG_PORT:-55432}"
KAFKA_PORT="${STACK_KAFKA_PORT:-9092}"
CONTROLLER_PORT="${STACK_CONTROLLER_PORT:-9093}"
PG_DB="newsingest"
PG_USER="ingest"
PG_PASSWORD="ingest"
TOPIC_RAW="${INGEST_TOPIC_RAW:-articles.raw}"
TOPIC_ENRICHED="${INGEST_TOPIC_ENRICHED:-articles.enriched}"
TOPIC_DLQ="${INGEST_TOPIC_DLQ:-articles.dlq}"
RAW_PARTITIONS="${INGEST_RAW_PARTITIONS:-6}"
ENRICHED_PARTITIONS="${INGEST_ENRICHED_PARTITIONS:-6}"
DLQ_PARTITIONS="${INGEST_DLQ_PARTITIONS:-1}"
KAFKA_READY_TIMEOUT="${STACK_KAFKA_READY_TIMEOUT:-180}"
STOP_TIMEOUT="${STACK_STOP_TIMEOUT:-60}"

PG_BIN=/usr/lib/postgresql/15/bin
# HOME may be unset in a bare CI environment; the passwd entry still names a home.
CACHE_ROOT="${XDG_CACHE_HOME:-${HOME:-$(getent passwd "$(id -u)" | cut -d: -f6)}/.cache}/newsingest"

log() { printf "stack [%3ss]: %s\n" "$SECONDS" "$*"; }
warn() { printf 'stack: warning: %s\n' "$*" >&2; }
die() {
    printf 'stack: error: %s\n' "$*" >&2
    exit 1
}

# True if something accepts TCP connections on 127.0.0.1:$1.
port_open() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Prints the pid of the process listening on TCP port $1 (any address), or nothing.
port_listener_pid() {
    { ss -ltnpH "sport = :$1" 2>/dev/null | grep -o 'pid=[0-9]*' | head -n1 | cut -d= -f2; } || true
}

# True if port $1 has a listener (even one whose pid we cannot see).
port_in_use() {
    [ -n "$(ss -ltnH "sport = :$1" 2>/dev/null)" ]
}

# A one-line description of a process for error messages.
describe_pid() {
    local pid=$1 cmd
    cmd=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | cut -c1-300 | sed 's/ *$//') || true
    printf 'pid %s (%s)' "$pid" "${cmd:-unknown command}"
}

pid_alive() {
    [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null
}

# Sends SIGTERM (or $3) to pid $1 and waits up to $2 seconds, then SIGKILL.
stop_pid() {
    local pid=$1 timeout=$2 sig=${3:-TERM} waited=0
    pid_alive "$pid" || return 0
    kill "-$sig" "$pid" 2>/dev/null || return 0
    while pid_alive "$pid"; do
        if [ "$waited" -ge $((timeout * 5)) ]; then
            warn "pid $pid still alive after ${timeout}s, sending SIGKILL"
            kill -KILL "$pid" 2>/dev/null || true
            sleep 0.5
            break
        fi
        sleep 0.2
        waited=$((waited + 1))
    done
}

# May `up` stop another clone's newsingest stack that holds our ports? Only when asked
# (STACK_TAKEOVER=1), or under CI (CI=true) unless STACK_TAKEOVER=0: a CI run is a fresh clone
# on a machine where an earlier clone's stack may have survived.
takeover_allowed() {
    [ "${STACK_TAKEOVER:-}" = 1 ] || { [ "${CI:-}" = true ] && [ "${STACK_TAKEOVER:-}" != 0 ]; }
}

# Fails with a clear message if port $1 is held by anything; $2 names the service.
require_port_free() {
    local port=$1 what=$2 pid
    port_in_use "$port" || return 0
    pid=$(port_listener_pid "$port")
    if [ -n "$pid" ]; then
        die "port $port (for $what) is already in use by $(describe_pid "$pid")." \
            "If that is a newsingest stack from another clone, run its 'deploy/local/stack down'" \
            "(or run this 'up' with STACK_TAKEOVER=1 to stop it), or give this stack other ports" \
            "(STACK_PG_PORT, STACK_KAFKA_PORT, STACK_CONTROLLER_PORT)."
    fi
    die "port $port (for $what) is already in use by a process this user cannot see"
}

# The commands `up` needs; install-deps.sh is run when any is missing.
need_commands_present() {
    local c
    for c in java mvn psql pg_isready ss runuser setsid flock sha256sum; do
        command -v "$c" >/dev/null 2>&1 || return 1
    done
    [ -x "$PG_BIN/pg_ctl" ] && [ -x "$PG_BIN/initdb" ] && id postgres >/dev/null 2>&1
}
