/*
 * How memory.budget is shared. Measured with tests/bench/e2e (bodies of 2-5 KB, 4.2 KB raw on
 * average): the process holds about 30 MB before the first message (code, enrichment tables,
 * thread stacks), and an in-flight job about 24 times its raw size (the message, its canonical
 * JSON, the enriched record as a tree and as text, pgw's copy of the row): 1000 jobs of 4.2 KB
 * took 100 MB. So 32 MiB is set aside and the rest R is shared:
 *
 *   in-flight jobs        R / 48 raw bytes (x ~24 in memory)       ~ R / 2
 *   consumer prefetch     R / 8  (queued.max.messages.kbytes)        R / 8
 *   fetch responses       R / 16 (fetch.max.bytes)                   R / 16
 *   producer queue        R / 8  (queue.buffering.max.kbytes)        R / 8
 *   slack                 allocator fragmentation                  ~ R / 5
 */
#include "ingestd_budget.h"

#define BUDGET_RESERVED (32ULL * 1024 * 1024)

static uint64_t budget_max(uint64_t a, uint64_t b)
{
    return a > b ? a : b;
}

void ingestd_budget_split(uint64_t budget_bytes, uint64_t max_message_bytes,
                          struct ingestd_budget *out)
{
    uint64_t rest = budget_bytes > BUDGET_RESERVED ? budget_bytes - BUDGET_RESERVED : 0;

    /* One message of the largest size accepted must always fit. */
    out->inflight_bytes_high = budget_max(rest / 48, max_message_bytes);
    out->consumer_queue_kbytes = budget_max(rest / 8 / 1024, 1024);
    if (out->consumer_queue_kbytes > 2097151) {
        out->consumer_queue_kbytes = 2097151; /* librdkafka's upper bound */
    }
    /* librdkafka refuses fetch.max.bytes below the consumer's message.max.bytes (1000000 by
     * default) and needs receive.message.max.bytes (100 MB by default) above it. */
    out->fetch_max_bytes = budget_max(rest / 16, budget_max(max_message_bytes, 1000000));
    if (out->fetch_max_bytes > 100000000 - 512) {
        out->fetch_max_bytes = 100000000 - 512;
    }
    out->partition_fetch_bytes = budget_max(rest / 128, max_message_bytes);
    if (out->partition_fetch_bytes > out->fetch_max_bytes) {
        out->partition_fetch_bytes = out->fetch_max_bytes;
    }
    out->producer_queue_kbytes = budget_max(rest / 8 / 1024, 1024);
}
