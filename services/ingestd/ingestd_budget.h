/*
 * One memory budget (memory.budget) split into the limits of everything that holds messages:
 * ingestd's own in-flight jobs, librdkafka's consumer prefetch, the producer's queue. pgw holds
 * only rows of in-flight jobs (its queue is bounded by the in-flight message count), so it needs
 * no share of its own. Pure arithmetic, no side effects.
 */
#ifndef INGESTD_BUDGET_H
#define INGESTD_BUDGET_H

#include <stdint.h>

struct ingestd_budget {
    /* Raw message bytes of in-flight jobs at which consumption pauses; it resumes at half. */
    uint64_t inflight_bytes_high;
    /* librdkafka consumer: queued.max.messages.kbytes, fetch.max.bytes,
     * max.partition.fetch.bytes. */
    uint64_t consumer_queue_kbytes;
    uint64_t fetch_max_bytes;
    uint64_t partition_fetch_bytes;
    /* librdkafka producer: queue.buffering.max.kbytes (enriched and dead-letter records). */
    uint64_t producer_queue_kbytes;
};

/*
 * Splits budget_bytes. max_message_bytes (the largest message accepted) is a floor for the
 * fetch sizes, so that one message always fits. Fills *out; never fails.
 */
void ingestd_budget_split(uint64_t budget_bytes, uint64_t max_message_bytes,
                          struct ingestd_budget *out);

#endif
