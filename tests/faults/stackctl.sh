#!/usr/bin/env bash
# Stops and starts the services of the local stack for the fault tests, the way
# deploy/local/stack does: PostgreSQL with pg_ctl as the postgres user on the cluster in
# <local>/pg/data, the Kafka broker by the pid in <local>/kafka/broker.pid and
# `deploy/local/stack up` to start it again. <local> is $STACK_LOCAL_DIR, as for the stack,
# else <repo>/.local.
#
#   stackctl.sh pg-stop | pg-start | kafka-stop | kafka-start | ensure-up
#
# ensure-up starts whatever of the two is down (the fault tests' teardown and their ctest
# cleanup fixture call it, so that a failed or killed test never leaves the stack down).
set -euo pipefail
REPO=${INGEST_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
LOCAL=${STACK_LOCAL_DIR:-$REPO/.local}
PG_HOME=$(readlink -m "$LOCAL/pg")
PGDATA=$PG_HOME/data
KAFKA_PIDFILE=$LOCAL/kafka/broker.pid
if [ ! -d "$PGDATA" ]; then
    echo "stackctl: no PostgreSQL cluster in $PGDATA; start the stack: deploy/local/stack up" >&2
    exit 1
fi

as_postgres() { (cd / && runuser -u postgres -- "$@"); }

pg_is_up() { as_postgres "$PG_BIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; }

kafka_pid() {
    local pid
    pid=$(head -n1 "$KAFKA_PIDFILE" 2>/dev/null) || return 1
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
    printf '%s\n' "$pid"
}

kafka_answers() { (exec 3<>/dev/tcp/127.0.0.1/9092) 2>/dev/null; }

pg_start() {
    pg_is_up && return 0
    as_postgres "$PG_BIN/pg_ctl" -D "$PGDATA" -l "$PG_HOME/server.log" -w -t 60 start >/dev/null
}

kafka_start() {
    # `stack up` starts only what is not running and waits until the broker serves requests.
    "$REPO/deploy/local/stack" up >/dev/null
}

case "${1:-}" in
    pg-stop) as_postgres "$PG_BIN/pg_ctl" -D "$PGDATA" -m fast -w -t 60 stop >/dev/null ;;
    pg-start) pg_start ;;
    kafka-stop)
        pid=$(kafka_pid) || { echo "stackctl: no running broker in $KAFKA_PIDFILE" >&2; exit 1; }
        kill -TERM "$pid"
        for _ in $(seq 1 600); do
            kill -0 "$pid" 2>/dev/null || exit 0
            sleep 0.1
        done
        echo "stackctl: broker $pid still running 60 s after SIGTERM" >&2
        exit 1
        ;;
    kafka-start) kafka_start ;;
    ensure-up)
        pg_start
        if ! kafka_pid >/dev/null || ! kafka_answers; then
            kafka_start
        fi
        ;;
    *)
        echo "usage: $0 pg-stop|pg-start|kafka-stop|kafka-start|ensure-up" >&2
        exit 2
        ;;
esac
