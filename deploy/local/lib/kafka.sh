# Apache Kafka for the local stack: one KRaft node (broker + controller) on 127.0.0.1, from the
# jars that deploy/kafka/pom.xml names, fetched once with Maven into a per-version cache.
# Sourced by deploy/local/stack after common.sh.

KAFKA_DEPLOY_DIR="$REPO_DIR/deploy/kafka"
KAFKA_DIR="$LOCAL_DIR/kafka"
KAFKA_DATA="$KAFKA_DIR/data"
KAFKA_CONF="$KAFKA_DIR/server.properties"
KAFKA_LOG="$KAFKA_DIR/broker.log"
KAFKA_PIDFILE="$KAFKA_DIR/broker.pid"
KAFKA_LOG4J="$KAFKA_DEPLOY_DIR/log4j2.properties"

kafka_version() {
    sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$KAFKA_DEPLOY_DIR/pom.xml" | head -n1
}

# Sets KAFKA_LIBS to a directory holding every runtime jar. The cache is keyed by the Kafka
# version and stamped with the POM's hash, so editing the POM refetches; a lock keeps two
# clones from filling the same cache at once.
kafka_ensure_libs() {
    local version cache stamp
    version=$(kafka_version)
    [ -n "$version" ] || die "no <kafka.version> in $KAFKA_DEPLOY_DIR/pom.xml"
    cache="$CACHE_ROOT/kafka-$version"
    KAFKA_LIBS="$cache/libs"
    stamp=$(sha256sum "$KAFKA_DEPLOY_DIR/pom.xml" | cut -c1-64)
    mkdir -p "$cache"
    exec 8>"$cache/.lock"
    flock 8
    if [ "$(cat "$cache/.complete" 2>/dev/null)" != "$stamp" ]; then
        log "kafka: fetching Kafka $version jars with Maven into $KAFKA_LIBS"
        rm -rf "$cache/libs.tmp" "$cache/.complete"
        if ! mvn -q -B -f "$KAFKA_DEPLOY_DIR/pom.xml" dependency:copy-dependencies \
            -DincludeScope=runtime -DoutputDirectory="$cache/libs.tmp" >"$cache/mvn.log" 2>&1; then
            tail -n 40 "$cache/mvn.log" >&2
            exec 8>&-
            die "Maven could not fetch the Kafka jars (log: $cache/mvn.log)"
        fi
        rm -rf "$KAFKA_LIBS"
        mv "$cache/libs.tmp" "$KAFKA_LIBS"
        printf '%s\n' "$stamp" >"$cache/.complete"
    fi
    exec 8>&-
    ls "$KAFKA_LIBS"/kafka_2.13-*.jar >/dev/null 2>&1 || die "Kafka jar cache $KAFKA_LIBS is incomplete; delete $cache"
}

# Prints the broker pid if our broker runs: the pid file's process must be a kafka.Kafka JVM
# started with our server.properties (pids are reused after a restart).
kafka_running_pid() {
    local pid
    [ -f "$KAFKA_PIDFILE" ] || return 1
    pid=$(head -n1 "$KAFKA_PIDFILE" 2>/dev/null) || return 1
    kafka_pid_is_ours "$pid" || return 1
    printf '%s\n' "$pid"
}

kafka_pid_is_ours() {
    local cmd
    pid_alive "${1:-}" || return 1
    cmd=$(tr '\0' '\n' <"/proc/$1/cmdline" 2>/dev/null) || return 1
    grep -qx 'kafka.Kafka' <<<"$cmd" && grep -qxF "$KAFKA_CONF" <<<"$cmd"
}

# A broker started from this .local whose pid file is gone (someone removed .local while it
# ran) still holds the ports; it is ours, so it is stopped. Nothing else is touched.
kafka_stop_orphans() {
    local port pid
    for port in "$KAFKA_PORT" "$CONTROLLER_PORT"; do
        pid=$(port_listener_pid "$port")
        if [ -n "$pid" ] && kafka_pid_is_ours "$pid"; then
            log "kafka: stopping orphaned broker $(describe_pid "$pid")"
            stop_pid "$pid" "$STOP_TIMEOUT"
        fi
    done
}

# Another clone's broker on our ports (a kafka.Kafka JVM run with some .local/kafka/
# server.properties) is stopped when takeover is allowed; else require_port_free explains.
kafka_takeover_foreign() {
    local port pid cmd
    for port in "$KAFKA_PORT" "$CONTROLLER_PORT"; do
        pid=$(port_listener_pid "$port")
        [ -n "$pid" ] || continue
        cmd=$(tr '\0' '\n' <"/proc/$pid/cmdline" 2>/dev/null) || continue
        if ! grep -qx 'kafka.Kafka' <<<"$cmd" || ! grep -q '/\.local/kafka/server\.properties$' <<<"$cmd"; then
            continue
        fi
        takeover_allowed || return 0
        log "kafka: stopping another clone's broker on port $port: $(describe_pid "$pid")"
        stop_pid "$pid" "$STOP_TIMEOUT"
    done
}

kafka_render_conf() {
    sed -e "s|@KAFKA_PORT@|$KAFKA_PORT|g" -e "s|@CONTROLLER_PORT@|$CONTROLLER_PORT|g" \
        -e "s|@LOG_DIRS@|$KAFKA_DATA|g" "$KAFKA_DEPLOY_DIR/server.properties.in" >"$KAFKA_CONF.tmp"
    mv "$KAFKA_CONF.tmp" "$KAFKA_CONF"
}

# For the short-lived tools (StorageTool): C1 only and the serial GC start faster.
kafka_java() {
    java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Dlog4j2.configurationFile="$KAFKA_LOG4J" \
        -cp "$KAFKA_LIBS/*" "$@"
}

# What `StorageTool random-uuid` prints (16 random bytes, URL-safe base64 without padding, not
# starting with '-'), without paying for a JVM start.
kafka_random_uuid() {
    local id
    while :; do
        id=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')
        [ "${id:0:1}" != "-" ] && break
    done
    printf '%s\n' "$id"
}

# Formats the log dir when it was never formatted, or was formatted for other ports (the
# controller's address is written into the metadata log by --standalone). Local data is
# disposable, so reformatting is the simple, correct answer.
kafka_format_if_needed() {
    local ports="$KAFKA_PORT/$CONTROLLER_PORT" cluster_id
    if [ -f "$KAFKA_DATA/meta.properties" ] && [ "$(cat "$KAFKA_DATA/.newsingest-ports" 2>/dev/null)" = "$ports" ]; then
        return 0
    fi
    log "kafka: formatting $KAFKA_DATA"
    rm -rf "$KAFKA_DATA"
    mkdir -p "$KAFKA_DATA"
    cluster_id=$(kafka_random_uuid)
    if ! kafka_java kafka.tools.StorageTool format --standalone -t "$cluster_id" -c "$KAFKA_CONF" \
        >>"$KAFKA_LOG" 2>&1; then
        tail -n 30 "$KAFKA_LOG" >&2
        die "StorageTool format failed (log: $KAFKA_LOG)"
    fi
    printf '%s\n' "$ports" >"$KAFKA_DATA/.newsingest-ports"
}

kafka_wait_ready() {
    local pid=$1 start=$SECONDS
    # 9092 opens only once the broker is unfenced; 9093 (controller) opens earlier.
    until port_open "$KAFKA_PORT"; do
        if ! pid_alive "$pid"; then
            tail -n 40 "$KAFKA_LOG" >&2
            die "Kafka broker exited during start-up (log: $KAFKA_LOG)"
        fi
        if [ $((SECONDS - start)) -ge "$KAFKA_READY_TIMEOUT" ]; then
            tail -n 40 "$KAFKA_LOG" >&2
            stop_pid "$pid" 10
            rm -f "$KAFKA_PIDFILE"
            die "Kafka broker not ready on 127.0.0.1:$KAFKA_PORT after ${KAFKA_READY_TIMEOUT}s (log: $KAFKA_LOG)"
        fi
        sleep 0.25
    done
    log "kafka: ready on 127.0.0.1:$KAFKA_PORT"
}

# Starts the broker unless ours already runs, and returns without waiting: the caller does
# PostgreSQL's work meanwhile, then calls kafka_wait_ready "$KAFKA_STARTED_PID".
kafka_start() {
    local pid
    mkdir -p "$KAFKA_DIR"
    kafka_ensure_libs
    if pid=$(kafka_running_pid); then
        log "kafka: already running (pid $pid) on 127.0.0.1:$KAFKA_PORT"
        if ! grep -q "^listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT," "$KAFKA_CONF"; then
            die "our Kafka broker (pid $pid) runs on other ports: run 'deploy/local/stack down' first"
        fi
        KAFKA_STARTED_PID=$pid
        return 0
    fi
    rm -f "$KAFKA_PIDFILE"
    kafka_stop_orphans
    kafka_takeover_foreign
    require_port_free "$KAFKA_PORT" "Kafka"
    require_port_free "$CONTROLLER_PORT" "the Kafka controller"
    kafka_render_conf
    kafka_format_if_needed
    log "kafka: starting Kafka $(kafka_version) on 127.0.0.1:$KAFKA_PORT (log: $KAFKA_LOG)"
    printf '=== %s stack up: starting broker ===\n' "$(date -u +%FT%TZ)" >>"$KAFKA_LOG"
    # setsid: a Ctrl-C in the terminal that ran `stack up` must not reach the broker.
    # The inner shell writes its own pid, then becomes the JVM (exec), so the pid file
    # names the broker itself. The lock descriptors (8, 9) are closed, or the broker would
    # hold the stack lock for life.
    # shellcheck disable=SC2016 # $$ and $@ belong to the inner shell.
    setsid bash -c 'echo $$ >"$0"; exec "$@"' "$KAFKA_PIDFILE" \
        java -Xms512m -Xmx512m -XX:+UseG1GC -Djava.awt.headless=true \
        -Dlog4j2.configurationFile="$KAFKA_LOG4J" -cp "$KAFKA_LIBS/*" \
        kafka.Kafka "$KAFKA_CONF" </dev/null >>"$KAFKA_LOG" 2>&1 8>&- 9>&- &
    local i
    for i in $(seq 1 50); do
        [ -s "$KAFKA_PIDFILE" ] && break
        sleep 0.1
    done
    pid=$(head -n1 "$KAFKA_PIDFILE" 2>/dev/null) || die "Kafka broker did not start (log: $KAFKA_LOG)"
    KAFKA_STARTED_PID=$pid
}

kafka_down() {
    local pid
    if pid=$(kafka_running_pid); then
        log "kafka: stopping (pid $pid)"
        stop_pid "$pid" "$STOP_TIMEOUT"
    else
        kafka_stop_orphans
        log "kafka: not running"
    fi
    rm -f "$KAFKA_PIDFILE"
}

kafka_status() {
    local pid
    if pid=$(kafka_running_pid) && port_open "$KAFKA_PORT"; then
        echo "kafka: running (pid $pid) on 127.0.0.1:$KAFKA_PORT, Kafka $(kafka_version), log $KAFKA_LOG"
        return 0
    fi
    if [ -n "${pid:-}" ]; then
        echo "kafka: starting or not answering (pid $pid) on 127.0.0.1:$KAFKA_PORT, log $KAFKA_LOG"
    elif port_in_use "$KAFKA_PORT"; then
        echo "kafka: stopped; port $KAFKA_PORT is held by another process"
    else
        echo "kafka: stopped"
    fi
    return 1
}

# TopicTool is compiled once per version of its source into the jar cache (javac from the
# JRE's own jdk.compiler module, so no JDK is needed); running the class is about twice as
# fast as source-file mode, which recompiles on every run. Short-lived JVM: C1 only, serial GC.
kafka_topic_tool() {
    local src="$KAFKA_DEPLOY_DIR/TopicTool.java" classes classpath
    [ -n "${KAFKA_LIBS:-}" ] || kafka_ensure_libs
    classes="$(dirname "$KAFKA_LIBS")/topictool-$(sha256sum "$src" | cut -c1-16)"
    if [ ! -f "$classes/TopicTool.class" ]; then
        # javac does not expand the launcher's "dir/*" class path: list the jars.
        classpath=$(printf '%s\n' "$KAFKA_LIBS"/*.jar | paste -sd:)
        rm -rf "$classes.tmp.$$"
        mkdir -p "$classes.tmp.$$"
        java -m jdk.compiler/com.sun.tools.javac.Main -nowarn -d "$classes.tmp.$$" -cp "$classpath" "$src" ||
            die "could not compile $src"
        mv -T "$classes.tmp.$$" "$classes" 2>/dev/null || rm -rf "$classes.tmp.$$"
    fi
    java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Dlog4j2.configurationFile="$KAFKA_LOG4J" \
        -cp "$classes:$KAFKA_LIBS/*" TopicTool "127.0.0.1:$KAFKA_PORT" "$@"
}

kafka_create_topics() {
    log "kafka: ensuring topics $TOPIC_RAW($RAW_PARTITIONS) $TOPIC_ENRICHED($ENRICHED_PARTITIONS) $TOPIC_DLQ($DLQ_PARTITIONS)"
    kafka_topic_tool create "$TOPIC_RAW:$RAW_PARTITIONS" "$TOPIC_ENRICHED:$ENRICHED_PARTITIONS" \
        "$TOPIC_DLQ:$DLQ_PARTITIONS" | sed 's/^/stack:   /' ||
        die "could not create the topics"
}
