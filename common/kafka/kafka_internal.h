/*
 * Contracts shared by the consumer and the producer: the queue wake-up driver (eventfd +
 * uv_poll_t + uv_idle_t + optional keepalive timer) and the librdkafka configuration helpers.
 */
#ifndef KAFKA_INTERNAL_H
#define KAFKA_INTERNAL_H

#include <librdkafka/rdkafka.h>
#include <stddef.h>
#include <stdint.h>
#include <uv.h>

#include "kafka.h"

/*
 * Drains a librdkafka queue within a budget. Returns 1 when the budget ran out and events may
 * remain (the driver calls again on the next loop iteration), 0 when the queue was seen empty
 * (the driver waits for the fd).
 */
typedef int (*kafka_wake_drain_fn)(void *owner);

/*
 * Calls drain(owner) when fd (an eventfd that librdkafka writes to through
 * rd_kafka_queue_io_event_enable) becomes readable, and again on following loop iterations
 * while drain returns 1. The fd stays the caller's: librdkafka may write to it until the client
 * is destroyed, so the caller closes it after rd_kafka_destroy().
 */
struct kafka_wake;

/*
 * Starts watching fd on loop. keepalive_ms > 0 also drains on a timer of that period: a group
 * consumer must poll within max.poll.interval.ms even when no event arrives, and the timer
 * guards against a lost wake-up. A first drain is scheduled at once, for events queued before
 * the io event was enabled. Returns 0 and *out (ended with kafka_wake_close), or a negative
 * errno; on failure the handles clean up after themselves.
 */
int kafka_wake_start(uv_loop_t *loop, int fd, unsigned keepalive_ms, kafka_wake_drain_fn drain,
                     void *owner, struct kafka_wake **out);

/* Schedules a drain on the next loop iteration (after a state change that may have left events
 * waiting, such as a resume or the start of a close). */
void kafka_wake_kick(struct kafka_wake *w);

/*
 * Stops draining (drain is never called again, even from a drain in progress returning) and
 * closes the handles; when the last is closed, w is freed and closed(owner) runs.
 */
void kafka_wake_close(struct kafka_wake *w, void (*closed)(void *owner));

/* An eventfd for rd_kafka_queue_io_event_enable, and the 8-byte payload such an fd requires. */
int kafka_eventfd_open(void);
extern const uint64_t kafka_eventfd_payload;

/*
 * Sets defaults then the caller's properties on conf, refusing any property named in refused
 * (NULL-terminated). Returns 0 or -EINVAL with the reason in errbuf.
 */
int kafka_conf_apply(rd_kafka_conf_t *conf, const struct kafka_property *defaults,
                     size_t default_count, const struct kafka_property *props, size_t prop_count,
                     const char *const *refused, char *errbuf, size_t errlen);

/* Remembers which error codes were reported since the client last recovered, so that a broker
 * that stays down is reported once and not on every reconnect attempt. */
#define KAFKA_ERROR_GATE_SLOTS 16
struct kafka_error_gate {
    int codes[KAFKA_ERROR_GATE_SLOTS]; /* rd_kafka_resp_err_t values */
    size_t count;
};

/* Returns 1 when err should be reported now (and records it), 0 when it repeats. When the
 * slots are full the oldest is forgotten. */
int kafka_error_gate_pass(struct kafka_error_gate *g, int err);
void kafka_error_gate_reset(struct kafka_error_gate *g);

/*
 * Runs rd_kafka_destroy(rk) on the threadpool (it joins librdkafka's threads, which can take a
 * while), then done(owner) on the loop. If the work cannot be queued, destroys on the loop
 * thread as a last resort and calls done before returning.
 */
void kafka_destroy_async(uv_loop_t *loop, rd_kafka_t *rk, int no_consumer_close,
                         void (*done)(void *owner), void *owner);

/* Reasonable default client ids, unique per process so that group members are told apart. */
void kafka_default_client_id(const char *role, char *buf, size_t len);

#endif
