/*
 * kafka: a group consumer and an idempotent producer driven by a libuv loop.
 *
 * Both wrap librdkafka. Neither ever blocks the loop: librdkafka writes to an eventfd when one of
 * its queues goes from empty to non-empty (rd_kafka_queue_io_event_enable), a uv_poll_t watches
 * that fd, and the queue is drained with a budget (messages and milliseconds); when the budget
 * runs out a uv_idle_t continues the drain on the next loop iteration, so other handles get
 * their turn. Every event (message, rebalance, error, delivery report, librdkafka log line) is
 * delivered on the loop thread through the callbacks below.
 *
 * Offsets: the consumer runs with enable.auto.commit=true and enable.auto.offset.store=false.
 * Nothing is committed that the program has not stored with kafka_consumer_store_offsets();
 * librdkafka commits the stored offsets in the background every auto.commit.interval.ms, when
 * partitions are revoked, and when the consumer closes, so the program never waits for a commit
 * and a rebalance never loses stored progress. Manual commits would have to repeat all three.
 *
 * Rebalancing: both the EAGER and the COOPERATIVE protocol are handled (assign/unassign or
 * incremental_assign/unassign, chosen by rd_kafka_rebalance_protocol()). The default assignor is
 * librdkafka's (range,roundrobin: EAGER) because librdkafka 2.0.2's cooperative-sticky assignor
 * has known faults on exactly the paths a service exercises (an assertion abort when a member
 * closes during a cooperative rebalance, librdkafka #4312, fixed in 2.2/2.3; a hang when an
 * assignment arrives while closing, #4527, fixed in 2.4). Pass
 * partition.assignment.strategy=cooperative-sticky to opt in on a newer librdkafka.
 *
 * Closing never blocks either: kafka_consumer_close() uses rd_kafka_consumer_close_queue()
 * (present since librdkafka 1.9) and keeps serving the queue until rd_kafka_consumer_closed();
 * kafka_producer_close() waits for outstanding delivery reports on the loop. rd_kafka_destroy()
 * runs on the libuv threadpool.
 *
 * Errors are negative errno values. Libraries never print: librdkafka's log lines are routed to
 * the log callback (log.queue=true) instead of stderr.
 */
#ifndef KAFKA_H
#define KAFKA_H

#include <stddef.h>
#include <stdint.h>
#include <uv.h>

#define KAFKA_PARTITION_ANY (-1)

/* One librdkafka configuration property. Both strings borrowed for the call that takes them. */
struct kafka_property {
    const char *name;
    const char *value;
};

struct kafka_partition {
    const char *topic; /* borrowed, valid during the callback */
    int32_t partition;
};

/* An offset to store: the offset of the NEXT message to consume (last processed + 1). */
struct kafka_offset {
    const char *topic;
    int32_t partition;
    int64_t offset;
    int err; /* filled by kafka_consumer_store_offsets and in commit results: 0 or -errno */
};

/* A consumed message. Everything is borrowed and valid only during the message callback. */
struct kafka_message {
    const char *topic;
    int32_t partition;
    int64_t offset;
    int64_t timestamp_ms; /* -1 when the message carries none */
    const void *key;      /* NULL for a null key; non-NULL (maybe with key_len 0) otherwise */
    size_t key_len;
    const void *value; /* NULL for a null value (tombstone) */
    size_t value_len;
};

/*
 * librdkafka log line, with syslog levels (3 error, 4 warning, 6 info, 7 debug). The strings are
 * borrowed for the call.
 */
typedef void (*kafka_log_fn)(void *arg, int level, const char *facility, const char *message);

/*
 * A client-level error. code is librdkafka's error name ("_TRANSPORT", "_ALL_BROKERS_DOWN").
 * Each distinct code is reported once until the client shows it recovered (a message consumed,
 * an assignment, or a successful delivery), so a broker that stays down gives one report, not
 * one every reconnect. fatal: the client cannot continue (e.g. idempotence violated); the
 * program should shut down.
 */
typedef void (*kafka_error_fn)(void *arg, int fatal, const char *code, const char *reason);

/* ---- consumer ------------------------------------------------------------------------------- */

struct kafka_consumer;

struct kafka_consumer_config {
    const char *brokers;   /* bootstrap.servers */
    const char *group_id;  /* group.id */
    const char *client_id; /* NULL: "ingest-consumer"; make it unique per process */
    const char *const *topics;
    size_t topic_count;
    /* Applied after the defaults below, in order. The properties this module relies on
     * (enable.auto.offset.store, enable.auto.commit, group.id, bootstrap.servers, callbacks,
     * log.queue) are refused with -EINVAL. */
    const struct kafka_property *properties;
    size_t property_count;
    /* Non-zero: every partition is paused as it is assigned and stays paused (through
     * kafka_consumer_resume too) until kafka_consumer_release(), so that the application can
     * decide where it starts (offsets kept outside Kafka) before any message is delivered. */
    int hold_assigned;
    unsigned drain_budget_messages; /* per loop iteration; 0 means 256 */
    unsigned drain_budget_ms;       /* per loop iteration; 0 means 5 */
};

struct kafka_consumer_events {
    /* Required. Called for each message of an assigned partition, in partition order. */
    void (*message)(struct kafka_consumer *c, const struct kafka_message *msg, void *arg);
    /* Optional. After the partitions were added to the assignment. */
    void (*assigned)(struct kafka_consumer *c, const struct kafka_partition *parts, size_t count,
                     void *arg);
    /* Optional. Before the partitions are removed: offsets of these partitions can still be
     * stored during the call, not after. lost=1 when the group already gave them to another
     * member (session timeout): storing is then pointless. */
    void (*revoked)(struct kafka_consumer *c, const struct kafka_partition *parts, size_t count,
                    int lost, void *arg);
    /* Optional. Result of a commit (automatic or kafka_consumer_commit). err is 0, -ENODATA
     * (nothing stored to commit) or another negative code. */
    void (*committed)(struct kafka_consumer *c, int err, const struct kafka_offset *offsets,
                      size_t count, void *arg);
    kafka_error_fn error; /* optional */
    kafka_log_fn log;     /* optional; without it librdkafka's lines are dropped */
};

/*
 * Creates the consumer, subscribes to cfg->topics and starts watching its queue on loop.
 * events and arg are borrowed until the closed callback. On failure returns -EINVAL (bad or
 * refused property; reason in errbuf), -ENOMEM or another negative code, and *out stays NULL.
 * On success the caller must end it with kafka_consumer_close() before the loop ends.
 */
int kafka_consumer_create(uv_loop_t *loop, const struct kafka_consumer_config *cfg,
                          const struct kafka_consumer_events *events, void *arg,
                          struct kafka_consumer **out, char *errbuf, size_t errlen);

/* Checks cfg's properties the way kafka_consumer_create would, without creating anything
 * (for --check-config). Returns 0 or -EINVAL with the reason in errbuf. */
int kafka_consumer_check_config(const struct kafka_consumer_config *cfg, char *errbuf,
                                size_t errlen);

/*
 * Stores offsets for commit. Each element's err is set: 0, or -ESRCH when the partition is not
 * assigned to this consumer (any more). Returns 0 when every element was stored, else the first
 * element error. Never blocks.
 */
int kafka_consumer_store_offsets(struct kafka_consumer *c, struct kafka_offset *offsets,
                                 size_t count);

/* Commits the stored offsets now, asynchronously (result through events.committed). */
int kafka_consumer_commit(struct kafka_consumer *c);

/*
 * Pauses fetching for every assigned partition, and for partitions assigned later, until
 * kafka_consumer_resume(). The queue is still served while paused (rebalances, errors, the
 * max.poll.interval.ms keepalive). Messages already fetched for paused partitions are dropped
 * by librdkafka and fetched again after resume, from the position after the last message this
 * consumer delivered. Both are idempotent. Return 0 or a negative code.
 */
int kafka_consumer_pause(struct kafka_consumer *c);
int kafka_consumer_resume(struct kafka_consumer *c);
int kafka_consumer_is_paused(const struct kafka_consumer *c);

/* Messages librdkafka handed over a second time (from below an offset already delivered, after
 * a pause or a lost seek) and that the consumer dropped rather than deliver twice. */
uint64_t kafka_consumer_redelivered(const struct kafka_consumer *c);

/*
 * Ends the hold of an assigned partition (see hold_assigned): seeks it to offset when offset >= 0
 * (else it starts where Kafka's committed offset or auto.offset.reset says) and resumes it unless
 * the consumer is paused. Never blocks. Returns 0, -ESRCH when the partition is not held (not
 * assigned any more, or released before), or another negative code with the reason in err (the
 * seek failed; the partition stays held).
 */
int kafka_consumer_release(struct kafka_consumer *c, const char *topic, int32_t partition,
                           int64_t offset, char *err, size_t errlen);

/* Number of partitions currently assigned. */
size_t kafka_consumer_assignment_count(const struct kafka_consumer *c);

/*
 * Messages of an assigned partition not yet delivered to the message callback: the high
 * watermark last seen in a fetch response minus the consumer's position. Never blocks (both are
 * cached by librdkafka). Returns 0 and *lag, or -ENODATA when either is not known yet (nothing
 * fetched, or the partition is not assigned).
 */
int kafka_consumer_lag(struct kafka_consumer *c, const char *topic, int32_t partition,
                       int64_t *lag);

/* The rebalance protocol in use: "NONE" before the first join, "EAGER" or "COOPERATIVE". */
const char *kafka_consumer_rebalance_protocol(const struct kafka_consumer *c);

/*
 * Closes the consumer without blocking: revokes the assignment (revoked callback), commits the
 * stored offsets, leaves the group, then destroys the client on the threadpool and frees c.
 * No message callback is made after this call. closed(c, err, arg) runs once at the end; err is
 * 0, or -ETIMEDOUT when the group did not answer within timeout_ms (0 means 10 s) and the
 * client was destroyed without leaving cleanly. c is invalid after closed returns.
 * Returns 0, or -EALREADY if close was already called.
 */
int kafka_consumer_close(struct kafka_consumer *c, unsigned timeout_ms,
                         void (*closed)(struct kafka_consumer *c, int err, void *arg));

/* ---- scanning (blocking; worker threads only) --------------------------------------------- */

struct kafka_header;

struct kafka_scan_config {
    const char *brokers;
    /* Applied after the scan's defaults (group.id, bootstrap.servers, enable.auto.commit are
     * refused): the security settings of the application's own clients. */
    const struct kafka_property *properties;
    size_t property_count;
    unsigned timeout_ms; /* the whole scan; 0 means 30 s */
};

/* One message of a scan and its headers (at most 32), all borrowed for the call. Return 0 to go
 * on, a negative code to stop the scan with it. */
typedef int (*kafka_scan_fn)(void *arg, const struct kafka_message *msg,
                             const struct kafka_header *headers, size_t header_count);

/*
 * Reads every partition of topic from the first message whose timestamp is at or after since_ms
 * up to the end offsets found when the scan began, calling fn for each message, without joining
 * a group. Blocks for up to cfg->timeout_ms: call it from a worker thread, never from the loop.
 * Returns 0, -ETIMEDOUT, -EINVAL (bad property; reason in err) or another negative code with
 * the reason in err.
 */
int kafka_scan_since(const struct kafka_scan_config *cfg, const char *topic, int64_t since_ms,
                     kafka_scan_fn fn, void *arg, char *err, size_t errlen);

/* ---- producer ------------------------------------------------------------------------------- */

struct kafka_producer;

struct kafka_header {
    const char *name;  /* borrowed for the call */
    const void *value; /* borrowed for the call; NULL for a null header value */
    size_t value_len;
};

/* What to produce. Everything is borrowed for the call: the producer copies what it keeps. */
struct kafka_record {
    const char *topic;
    int32_t partition; /* KAFKA_PARTITION_ANY: the partitioner hashes the key */
    const void *key;   /* NULL for a null key */
    size_t key_len;
    const void *value; /* NULL for a null value */
    size_t value_len;
    const struct kafka_header *headers;
    size_t header_count;
};

/* Delivery report of one record. Strings borrowed during the callback. */
struct kafka_delivery {
    int err;          /* 0 when the broker acknowledged it (acks=all), else a negative code */
    const char *code; /* librdkafka error name, "NO_ERROR" on success */
    const char *reason;
    const char *topic;
    int32_t partition;
    int64_t offset; /* -1 on failure */
};

struct kafka_producer_config {
    const char *brokers;
    const char *client_id; /* NULL: "ingest-producer" */
    /* Applied after the defaults, in order. enable.idempotence, acks, bootstrap.servers,
     * callbacks and log.queue are refused with -EINVAL. */
    const struct kafka_property *properties;
    size_t property_count;
};

struct kafka_producer_events {
    /* Required. Called once per record that kafka_producer_send accepted, with its msg_opaque:
     * delivered, failed permanently, or purged at close. */
    void (*delivered)(struct kafka_producer *p, const struct kafka_delivery *d, void *msg_opaque,
                      void *arg);
    kafka_error_fn error; /* optional */
    kafka_log_fn log;     /* optional */
};

/* Creates an idempotent producer (enable.idempotence=true, acks=all) on loop. As for the
 * consumer: events and arg borrowed until closed; end it with kafka_producer_close(). */
int kafka_producer_create(uv_loop_t *loop, const struct kafka_producer_config *cfg,
                          const struct kafka_producer_events *events, void *arg,
                          struct kafka_producer **out, char *errbuf, size_t errlen);

/* As kafka_consumer_check_config, for a producer. */
int kafka_producer_check_config(const struct kafka_producer_config *cfg, char *errbuf,
                                size_t errlen);

/*
 * Queues a record; its delivery report comes later with msg_opaque. Returns 0, -ENOBUFS (the
 * local queue is full: retry after some deliveries), -EMSGSIZE (larger than message.max.bytes),
 * -ENOENT (unknown topic or partition), -ESHUTDOWN (closing, or fatal error) or -EIO. On
 * failure no delivery report will come for msg_opaque.
 */
int kafka_producer_send(struct kafka_producer *p, const struct kafka_record *rec, void *msg_opaque);

/* Records queued or in flight whose delivery report has not been handed out yet. */
size_t kafka_producer_outstanding(const struct kafka_producer *p);

/*
 * Waits on the loop (never blocking it) until every outstanding record has its delivery report,
 * at most timeout_ms (0 means 10 s); then purges what is left (those get a report with an error),
 * destroys the client on the threadpool and frees p. closed(p, undelivered, arg) runs once at
 * the end with the number of records that failed or were purged during the close.
 * Returns 0, or -EALREADY.
 */
int kafka_producer_close(struct kafka_producer *p, unsigned timeout_ms,
                         void (*closed)(struct kafka_producer *p, size_t undelivered, void *arg));

/* ---- offset tracking ------------------------------------------------------------------------ */

/*
 * The offsets of one partition that are in flight, in the order they were consumed, and how far
 * the partition may be committed: up to (not including) the first offset that is not done.
 * Offsets need not be numerically contiguous (compaction and transaction markers leave gaps);
 * only their order matters. Not thread-safe: use it on the loop.
 */
struct kafka_tracker;

/* Returns 0 and *out (free with kafka_tracker_destroy), or -ENOMEM. */
int kafka_tracker_create(struct kafka_tracker **out);
void kafka_tracker_destroy(struct kafka_tracker *t);

/* Starts tracking offset. Returns 0, -EINVAL when offset is not above every offset added before,
 * or -ENOMEM. */
int kafka_tracker_add(struct kafka_tracker *t, int64_t offset);

/*
 * Marks offset done. Returns 1 with *commit set to the offset to store (the done offset that
 * ends the leading run of done offsets, plus one) when that position advanced; 0 when an earlier
 * offset is still in flight; -ENOENT when offset is not tracked (or already done).
 */
int kafka_tracker_done(struct kafka_tracker *t, int64_t offset, int64_t *commit);

/* Offsets added and not yet released (released = done and committed past). */
size_t kafka_tracker_pending(const struct kafka_tracker *t);

/* ---- shared --------------------------------------------------------------------------------- */

/* Negative errno for a librdkafka error code (rd_kafka_resp_err_t passed as int). */
int kafka_errno(int rd_kafka_err);

/* librdkafka's version, e.g. "2.0.2". Static. */
const char *kafka_library_version(void);

#endif
