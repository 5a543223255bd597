/*
 * Support for the fault tests: a stream of small articles with about 1% invalid submissions,
 * the check that a run ended with exactly the promised result, and control of the local
 * stack's services (stopped and started through tests/faults/stackctl.sh).
 *
 * Builds on tests/integration/it_support.h (topics, ingestd as a child, Kafka and PostgreSQL
 * helpers). Functions block and report failures through cmocka.
 */
#ifndef FAULTS_SUPPORT_H
#define FAULTS_SUPPORT_H

#include <stddef.h>
#include <stdint.h>

#include "it_support.h"

/* The messages of one run. Valid messages carry id "<prefix>-f-<6 digits>" as key and in the
 * JSON; every 100th message (i % 100 == 37) is invalid, keyed "<prefix>-bad-<6 digits>"; every
 * 250th (i % 250 == 120) repeats the message before it byte for byte, so the distinct ids are
 * fewer than the valid messages. */
struct faults_stream {
    size_t count;
    struct it_produce *msgs;  /* count entries; keys and values point into bufs */
    char *bufs;               /* keys (owned) */
    char *values;             /* values (owned) */
    unsigned char *invalid;   /* 1 when msgs[i] must be dead-lettered */
    unsigned char *duplicate; /* 1 when msgs[i] repeats msgs[i - 1] */
    size_t valid_distinct;    /* distinct ids that must become rows */
    size_t invalid_count;     /* messages that must reach the dead-letter topic */
};

/* Settings every fault test gives ingestd (in env->extra_env[0]): a 6 s consumer session
 * timeout, so that the partitions of a killed instance move on after seconds rather than the
 * default 45 s. */
void faults_env_defaults(struct it_env *env);

/* Messages in the stream: FAULTS_MESSAGES from the environment, else fallback. */
size_t faults_message_count(size_t fallback);

/* Builds the stream for env's prefix (bodies of about 500 bytes). */
void faults_stream_make(struct faults_stream *s, const struct it_env *env, size_t count);
void faults_stream_free(struct faults_stream *s);

/* Distinct valid ids among the first end messages of the stream. */
long long faults_stream_valid_before(const struct faults_stream *s, size_t end);

/* Rows of this run's articles now in PostgreSQL. */
long long faults_stored(struct it_env *env);

/* Waits until at least n rows are stored; fails with the log's tail after timeout_ms. */
void faults_wait_stored(struct it_env *env, long long n, int timeout_ms);

/* Waits for the stream to be fully handled (all distinct ids stored and the dead-letter topic
 * holding at least the invalid ones), then checks the promise exactly:
 *   - PostgreSQL holds exactly the distinct valid ids (no other id of the run, each once,
 *     revision 1);
 *   - the dead-letter topic holds exactly the invalid messages, each once, key and value
 *     byte-identical;
 *   - the enriched topic holds every stored id at least once, keyed by the id, and nothing else.
 * timeout_ms bounds the wait for the stream to finish. */
void faults_check_result(struct it_env *env, const struct faults_stream *s, int timeout_ms);

/* Runs tests/faults/stackctl.sh with the argument; fails when it does not exit 0. */
void faults_stack(const char *action);

/* GET path on addr ("127.0.0.1:port"): returns the status (-1 when no answer) and copies up to
 * cap - 1 bytes of the response body, NUL-terminated, to body (may be NULL). */
int faults_http_get(const char *addr, const char *path, char *body, size_t cap);

/* CPU time (user + system) of process pid in milliseconds, -1 when it cannot be read. */
long long faults_cpu_ms(pid_t pid);

/* A copy of env for one more ingestd instance of the same run: its own HTTP port and log
 * (/tmp/<prefix>.<n>.ingestd.log), no process yet. The copy borrows env's connections. */
void faults_instance(const struct it_env *env, int n, struct it_env *out);

/* Random integer in [lo, hi] (seeded once from FAULTS_SEED or the clock; the seed is printed). */
int faults_random(int lo, int hi);

#endif
