/*
 * How memory.budget is shared. Measured with tests/bench/e2e (bodies of 2-5 KB): the process
 * idles at about 25 MB; an in-flight job holds about eight times its raw size (the message, its
 * canonical JSON, the enriched record as a tree and as text, and pgw's copy of the row), so the
 * raw bytes in flight get a sixteenth of the budget, which is half of it once multiplied.
 *
 *   in-flight jobs        budget / 16 raw bytes (x ~8 in memory)     ~ 1/2
 *   consumer prefetch     budget / 8  (queued.max.messages.kbytes)     1/8
 *   fetch responses       budget / 16 (fetch.max.bytes)                1/16
 *   producer queue        budget / 8  (queue.buffering.max.kbytes)     1/8
 *   the rest              code, enrichment tables, allocator slack    ~ 3/16
 */
#include "ingestd_budget.h"

static uint64_t budget_max(uint64_t a, uint64_t b)
{
    return a > b ? a : b;
}

void ingestd_budget_split(uint64_t budget_bytes, uint64_t max_message_bytes,
                          struct ingestd_budget *out)
{
    out->inflight_bytes_high = budget_max(budget_bytes / 16, max_message_bytes);
    out->consumer_queue_kbytes = budget_max(budget_bytes / 8 / 1024, 1024);
    if (out->consumer_queue_kbytes > 2097151) {
        out->consumer_queue_kbytes = 2097151; /* librdkafka's upper bound */
    }
    /* librdkafka refuses fetch.max.bytes below the consumer's message.max.bytes (1000000 by
     * default) and needs receive.message.max.bytes (100 MB by default) above it. */
    out->fetch_max_bytes = budget_max(budget_bytes / 16, budget_max(max_message_bytes, 1000000));
    if (out->fetch_max_bytes > 100000000 - 512) {
        out->fetch_max_bytes = 100000000 - 512;
    }
    out->partition_fetch_bytes = budget_max(budget_bytes / 128, max_message_bytes);
    if (out->partition_fetch_bytes > out->fetch_max_bytes) {
        out->partition_fetch_bytes = out->fetch_max_bytes;
    }
    out->producer_queue_kbytes = budget_max(budget_bytes / 8 / 1024, 1024);
}
