# PostgreSQL 15 for the local stack: a cluster of our own (not Debian's system cluster on 5432),
# TCP on 127.0.0.1 only, run as the `postgres` system user because the server refuses root.
# Sourced by deploy/local/stack after common.sh.
#
# Where the data lives: <repo>/.local/pg (PG_HOME, owned by postgres, mode 0700) holds data/,
# server.log and superuser.password. The postgres user must be able to reach that path; a repo
# under /root (mode 0700) is not reachable, and opening up /root is not ours to do. Then PG_HOME
# is /var/lib/newsingest/<hash of the .local path> and .local/pg is a symlink to it. A hash dir
# whose symlink is gone belongs to a deleted .local and is wiped, so `rm -rf .local` still means
# "start from scratch".

PG_FALLBACK_ROOT=/var/lib/newsingest

as_postgres() {
    # cd / first: the caller's directory may be one the postgres user cannot enter. The lock
    # descriptors are closed, or a server started here would hold the stack lock for life.
    (cd / && runuser -u postgres -- "$@" 8>&- 9>&-)
}

# Sets PG_HOME, PGDATA_DIR, PG_LOG, PG_SUPERPW_FILE. With "create", makes PG_HOME if needed.
# Without it, returns 1 when there is no PG_HOME yet.
pg_locate() {
    local mode=${1:-}
    local link="$LOCAL_DIR/pg" hash fallback
    hash=$(printf '%s' "$(readlink -m "$LOCAL_DIR")" | sha256sum | cut -c1-16)
    fallback="$PG_FALLBACK_ROOT/$hash"
    PG_ORPHAN_PREFIXES=("$(readlink -m "$link")/" "$fallback/")

    if [ -L "$link" ]; then
        PG_HOME=$(readlink -m "$link")
        if [ ! -d "$PG_HOME" ]; then
            [ "$mode" = create ] || return 1
            pg_make_home "$PG_HOME"
        fi
    elif [ -d "$link" ]; then
        PG_HOME=$link
    else
        [ "$mode" = create ] || return 1
        mkdir -p "$LOCAL_DIR"
        if as_postgres test -x "$LOCAL_DIR" -a -r "$LOCAL_DIR"; then
            PG_HOME=$link
        else
            if [ -d "$fallback" ]; then
                log "removing stale PostgreSQL data $fallback (its .local/pg link is gone)"
                pg_stop_orphans
                rm -rf "$fallback"
            fi
            PG_HOME=$fallback
            mkdir -p "$PG_FALLBACK_ROOT"
            chmod 0755 "$PG_FALLBACK_ROOT"
            ln -sfn "$fallback" "$link"
            log "PostgreSQL data in $fallback (postgres cannot enter $LOCAL_DIR), linked from $link"
        fi
        pg_make_home "$PG_HOME"
    fi
    PGDATA_DIR="$PG_HOME/data"
    PG_LOG="$PG_HOME/server.log"
    PG_SUPERPW_FILE="$PG_HOME/superuser.password"
}

pg_make_home() {
    mkdir -p "$1"
    chown postgres:postgres "$1"
    chmod 0700 "$1"
}

# Prints the postmaster pid if our cluster is running. The pid file alone is not enough (pids
# are reused after a restart); the postmaster's working directory is its data directory.
pg_running_pid() {
    local pid
    [ -f "$PGDATA_DIR/postmaster.pid" ] || return 1
    pid=$(head -n1 "$PGDATA_DIR/postmaster.pid" 2>/dev/null) || return 1
    pid_alive "$pid" || return 1
    [ "$(readlink -f "/proc/$pid/cwd" 2>/dev/null)" = "$(readlink -f "$PGDATA_DIR")" ] || return 1
    printf '%s\n' "$pid"
}

# A postmaster still listening on our port whose data directory was one of ours but has been
# deleted (someone removed .local while it ran) is stopped; nothing else is touched.
pg_stop_orphans() {
    local pid cwd prefix
    pid=$(port_listener_pid "$PG_PORT")
    [ -n "$pid" ] || return 0
    cwd=$(readlink "/proc/$pid/cwd" 2>/dev/null) || return 0
    cwd=${cwd% (deleted)}
    for prefix in "${PG_ORPHAN_PREFIXES[@]}"; do
        if [ "${cwd#"$prefix"}" != "$cwd" ]; then
            log "stopping orphaned PostgreSQL $(describe_pid "$pid") whose data dir was removed"
            stop_pid "$pid" "$STOP_TIMEOUT" INT # SIGINT = fast shutdown
            return 0
        fi
    done
}

# Another clone's stack on our port (its postmaster's working directory is a .local/pg/data or
# one of our fallback dirs) is stopped when takeover is allowed; else require_port_free explains.
pg_takeover_foreign() {
    local pid cwd
    pid=$(port_listener_pid "$PG_PORT")
    [ -n "$pid" ] || return 0
    cwd=$(readlink "/proc/$pid/cwd" 2>/dev/null) || return 0
    cwd=${cwd% (deleted)}
    case "$cwd" in
        */.local/pg/data | "$PG_FALLBACK_ROOT"/*/data) ;;
        *) return 0 ;;
    esac
    takeover_allowed || return 0
    log "postgres: stopping another clone's stack on port $PG_PORT: $(describe_pid "$pid"), data $cwd"
    stop_pid "$pid" "$STOP_TIMEOUT" INT
}

pg_superuser_psql() {
    PGPASSWORD=$(cat "$PG_SUPERPW_FILE") psql -X -q -h 127.0.0.1 -p "$PG_PORT" -U postgres \
        -d postgres -v ON_ERROR_STOP=1 "$@"
}

pg_init() {
    log "initialising PostgreSQL cluster in $PGDATA_DIR"
    rm -rf "$PGDATA_DIR"
    # The superuser gets a random password; only the stack itself uses it, to create the role.
    head -c 24 /dev/urandom | base64 | tr -d '/+=\n' >"$PG_SUPERPW_FILE"
    echo >>"$PG_SUPERPW_FILE"
    chown postgres:postgres "$PG_SUPERPW_FILE"
    chmod 0600 "$PG_SUPERPW_FILE"
    if ! as_postgres "$PG_BIN/initdb" -D "$PGDATA_DIR" -U postgres --pwfile="$PG_SUPERPW_FILE" \
        -E UTF8 --locale=C.UTF-8 --auth-local=peer --auth-host=scram-sha-256 --no-sync \
        >"$PG_HOME/initdb.log" 2>&1; then
        tail -n 30 "$PG_HOME/initdb.log" >&2
        die "initdb failed (log: $PG_HOME/initdb.log)"
    fi
    echo "include_if_exists = 'newsingest.conf'" >>"$PGDATA_DIR/postgresql.conf"
}

# Rewritten on every start, so a changed STACK_PG_PORT takes effect.
pg_write_conf() {
    cat >"$PGDATA_DIR/newsingest.conf" <<EOF
# Written by deploy/local/stack on every start; edits are lost.
listen_addresses = '127.0.0.1'
port = $PG_PORT
# TCP only: no socket to collide with Debian's cluster, and no path-length limit.
unix_socket_directories = ''
password_encryption = 'scram-sha-256'
max_connections = 100
log_min_messages = warning
log_line_prefix = '%m [%p] %q%u@%d '
# Tuned for ingest (what each gave, measured: README.md, "PostgreSQL tuning"). Keep these in
# step with the postgres command in docker-compose.yml.
# Durability is the product: a commit is on disk before ingestd commits the Kafka offset.
synchronous_commit = on
# Article rows carry ~15 KB of text and JSON; lz4 compresses them for less CPU than pglz.
default_toast_compression = lz4
# Full-page images after each checkpoint are a large share of the WAL of random index inserts.
wal_compression = lz4
# The detail tables' indexes outgrow the default 128 MB within ~10,000 articles.
shared_buffers = 1GB
# Fewer checkpoints while a backlog drains: fewer full-page images, less write I/O.
max_wal_size = 8GB
checkpoint_timeout = 15min
checkpoint_completion_target = 0.9
# Exact commit times for the benchmark's latency (pg_xact_commit_timestamp); 10 bytes a commit.
track_commit_timestamp = on
EOF
    chown postgres:postgres "$PGDATA_DIR/newsingest.conf"
    chmod 0600 "$PGDATA_DIR/newsingest.conf"
}

pg_wait_ready() {
    local i
    for i in $(seq 1 120); do
        if pg_isready -q -h 127.0.0.1 -p "$PG_PORT" -t 1; then
            return 0
        fi
        sleep 0.25
    done
    tail -n 30 "$PG_LOG" >&2 || true
    die "PostgreSQL on 127.0.0.1:$PG_PORT not ready after 30 s (log: $PG_LOG)"
}

# Role and database, created only when missing; names go through psql variables and format().
pg_ensure_db() {
    pg_superuser_psql -v user="$PG_USER" -v pw="$PG_PASSWORD" -v db="$PG_DB" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', :'user', :'pw')
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'user') \gexec
SELECT format('CREATE DATABASE %I OWNER %I ENCODING %L TEMPLATE template0', :'db', :'user', 'UTF8')
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'db') \gexec
SQL
}

pg_up() {
    local pid port
    pg_locate create
    if pid=$(pg_running_pid); then
        port=$(sed -n 4p "$PGDATA_DIR/postmaster.pid")
        if [ "$port" != "$PG_PORT" ]; then
            die "our PostgreSQL (pid $pid) runs on port $port, not $PG_PORT: run 'deploy/local/stack down' first"
        fi
        log "postgres: already running (pid $pid) on 127.0.0.1:$PG_PORT"
    else
        # A pid file whose process is gone (or is now someone else) would stop the server
        # from starting, so it goes; the server checks its own lock again on start.
        rm -f "$PGDATA_DIR/postmaster.pid"
        pg_stop_orphans
        pg_takeover_foreign
        require_port_free "$PG_PORT" "PostgreSQL"
        if [ ! -s "$PGDATA_DIR/PG_VERSION" ]; then
            pg_init
        fi
        pg_write_conf
        log "postgres: starting on 127.0.0.1:$PG_PORT"
        if ! as_postgres "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -l "$PG_LOG" -w -t 60 start >/dev/null; then
            tail -n 30 "$PG_LOG" >&2 || true
            die "PostgreSQL failed to start (log: $PG_LOG)"
        fi
    fi
    pg_wait_ready
    pg_ensure_db
}

pg_down() {
    local pid
    if ! pg_locate; then
        pg_stop_orphans
        log "postgres: not running (no data dir)"
        return 0
    fi
    if pid=$(pg_running_pid); then
        log "postgres: stopping (pid $pid)"
        if ! as_postgres "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -m fast -w -t "$STOP_TIMEOUT" stop >/dev/null; then
            warn "pg_ctl stop failed; sending SIGQUIT (immediate shutdown)"
            stop_pid "$pid" 10 QUIT
        fi
    else
        pg_stop_orphans
        log "postgres: not running"
    fi
}

# Prints one line; returns 0 only if the server answers on our port.
pg_status() {
    local pid
    if ! pg_locate; then
        echo "postgres: stopped (not initialised)"
        return 1
    fi
    if pid=$(pg_running_pid) && pg_isready -q -h 127.0.0.1 -p "$PG_PORT" -t 2; then
        echo "postgres: running (pid $pid) on 127.0.0.1:$PG_PORT, data $PGDATA_DIR"
        return 0
    fi
    if [ -n "${pid:-}" ]; then
        echo "postgres: not answering (pid $pid) on 127.0.0.1:$PG_PORT, log $PG_LOG"
    elif port_in_use "$PG_PORT"; then
        echo "postgres: stopped; port $PG_PORT is held by another process"
    else
        echo "postgres: stopped"
    fi
    return 1
}
