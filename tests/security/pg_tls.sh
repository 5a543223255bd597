#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster that accepts only TLS connections, for the TLS test.
#
#   pg_tls.sh start DIR PORT   make certificates and the cluster in DIR (a new directory), start
#                              it on 127.0.0.1:PORT, create database newsingest
#   pg_tls.sh stop DIR         stop the cluster (immediate) and remove DIR
#
# DIR/ca.crt is the self-signed CA that signed the server's certificate (subjectAltName
# IP:127.0.0.1 only); DIR/wrong-ca.crt is another self-signed CA that did not. pg_hba lets in
# any user without a password over TLS from 127.0.0.1 and rejects everything without TLS.
set -euo pipefail
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
as_postgres() { (cd / && runuser -u postgres -- "$@"); }

start() {
    local dir=$1 port=$2
    mkdir "$dir"
    cd "$dir"
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=ingest faults test CA" \
        -keyout ca.key -out ca.crt 2>/dev/null
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=some other CA" \
        -keyout wrong-ca.key -out wrong-ca.crt 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" -keyout server.key \
        -out server.csr 2>/dev/null
    printf 'subjectAltName=IP:127.0.0.1\n' >san.ext
    openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 \
        -extfile san.ext -out server.crt 2>/dev/null
    chown postgres:postgres "$dir"
    chmod 0755 "$dir"
    as_postgres "$PG_BIN/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 \
        >"$dir/initdb.log" 2>&1
    install -o postgres -g postgres -m 0600 server.key "$dir/data/server.key"
    install -o postgres -g postgres -m 0644 server.crt "$dir/data/server.crt"
    cat >>"$dir/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
ssl = on
ssl_cert_file = 'server.crt'
ssl_key_file = 'server.key'
fsync = off
CONF
    cat >"$dir/data/pg_hba.conf" <<HBA
local all all trust
hostssl all all 127.0.0.1/32 trust
hostnossl all all 127.0.0.1/32 reject
HBA
    as_postgres "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null
    as_postgres psql -X -q -h "$dir" -p "$port" -U postgres -d postgres \
        -c "CREATE DATABASE newsingest" >/dev/null
}

stop() {
    local dir=$1
    if [ -d "$dir/data" ]; then
        as_postgres "$PG_BIN/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
}

case "${1:-}" in
    start) start "$2" "$3" ;;
    stop) stop "$2" ;;
    *)
        echo "usage: $0 start DIR PORT | stop DIR" >&2
        exit 2
        ;;
esac
