/*
 * Support for the end-to-end tests of ingestd against the real Kafka broker and PostgreSQL that
 * `deploy/local/stack up` starts. Every run creates its own topics and consumer group, starts
 * build/bin/ingestd as a child process pointed at them, and removes the topics at the end.
 *
 * Settings come from the same INGEST_* variables ingestd reads, defaulting to the local stack's
 * values. When the broker or the database cannot be reached the test FAILS, saying which and
 * how to start them; it never skips.
 *
 * All functions block (test code, no event loop) and report failures through cmocka, so a
 * failed step ends the test with a message that says what was expected.
 */
#ifndef IT_SUPPORT_H
#define IT_SUPPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <libpq-fe.h>
#include <librdkafka/rdkafka.h>

struct it_env {
    char brokers[256];
    char conninfo[512];
    char prefix[96]; /* "it-<name>-<pid>-<seconds>": topics, group and article ids start so */
    char topic_raw[128], topic_enriched[128], topic_dlq[128];
    char group[128];
    char http_addr[64];
    int raw_partitions;
    rd_kafka_t *admin; /* admin requests, metadata, and the producer of test input */
    PGconn *pg;
    pid_t ingestd; /* 0 when not running */
    char ingestd_log[256];
    char extra_env[4][128]; /* additional NAME=VALUE for ingestd, "" when unused */
};

/* Reads the settings, checks that the broker and the database answer (failing clearly when
 * not), creates the run's topics (raw with raw_partitions partitions, enriched with 3, dlq 1;
 * all with max.message.bytes 4 MiB so that over-limit submissions reach ingestd). */
void it_env_setup(struct it_env *env, const char *name, int raw_partitions);

/* Stops ingestd if still running (SIGKILL), deletes the topics, closes connections, and removes
 * ingestd's log (/tmp/<prefix>.ingestd.log) unless IT_KEEP_LOGS=1. */
void it_env_teardown(struct it_env *env);

/* ingestd as a child: INGEST_* from env (inherited INGEST_* dropped), stderr to a log file.
 * it_ingestd_start waits until GET /readyz answers 200 (partitions assigned, database up). */
void it_ingestd_start(struct it_env *env);
/* Starts ingestd without waiting for anything. */
void it_ingestd_spawn(struct it_env *env);
/* Sends sig; for SIGTERM waits for the exit and asserts it is 0. Returns the wait status. */
int it_ingestd_stop(struct it_env *env, int sig);
/* Prints the last lines of ingestd's log to stderr (for a failing test's diagnosis). */
void it_ingestd_log_tail(const struct it_env *env, int lines);

/* GET path on ingestd's HTTP address; returns the status code, -1 when it cannot connect. */
int it_http_get(const struct it_env *env, const char *path);

/* One message to produce, and where it landed. key NULL = null key; value NULL = null value. */
struct it_produce {
    const void *key;
    size_t key_len;
    const void *value;
    size_t value_len;
    int32_t partition; /* out */
    int64_t offset;    /* out */
};

/* The delivery report callback of env->admin (set by it_env_setup). */
void it_on_delivery(rd_kafka_t *rk, const rd_kafka_message_t *m, void *opaque);

/* Produces msgs[0..n) to topic in order (idempotent producer) and waits for every delivery;
 * asserts all were delivered. */
void it_produce(struct it_env *env, const char *topic, struct it_produce *msgs, size_t n);

/* A consumed message with copies of everything. */
struct it_message {
    int32_t partition;
    int64_t offset;
    void *key; /* NULL for a null key */
    size_t key_len;
    void *value; /* NULL for a null value */
    size_t value_len;
    rd_kafka_headers_t *headers; /* NULL when none */
};

/* Reads topic from the beginning (all partitions, no group) until at least `want` messages
 * arrived or timeout_ms passed; then keeps reading for settle_ms to catch extra ones. Returns
 * how many were read (*out: caller frees with it_messages_free). */
size_t it_consume(struct it_env *env, const char *topic, size_t want, int timeout_ms, int settle_ms,
                  struct it_message **out);
void it_messages_free(struct it_message *msgs, size_t n);

/* The header's value as a NUL-terminated copy in buf, or NULL when absent. */
const char *it_header(const struct it_message *m, const char *name, char *buf, size_t cap);

/* Messages currently in topic (sum over partitions of high - low watermark). */
int64_t it_topic_count(struct it_env *env, const char *topic);

/* The committed offset of env->group on topic/partition (RD_KAFKA_OFFSET_INVALID if none). */
int64_t it_committed(struct it_env *env, const char *topic, int32_t partition);

/* Waits until the committed offset of every listed partition reaches the given offset. */
void it_wait_committed(struct it_env *env, const char *topic, const int64_t *next_offsets,
                       int partitions, int timeout_ms);

/* Runs a one-row, one-column query with text parameters and returns the value as an integer
 * (asserting exactly one row). */
long long it_pg_int(struct it_env *env, const char *sql, int nparams, const char *const *params);

/* Polls a count query until it equals want or timeout_ms passes; returns the last count. */
long long it_pg_wait_count(struct it_env *env, long long want, int timeout_ms, const char *sql,
                           int nparams, const char *const *params);

/* Milliseconds on the monotonic clock. */
int64_t it_now_ms(void);
void it_sleep_ms(int ms);

/* Reads tests/fixtures/<name> (NUL-terminated; caller frees). */
char *it_fixture(const char *name, size_t *len);

#endif
