/*
 * Dead letters as ingestd writes them (see the README and services/ingestd/ingestd_dlq.c): the
 * original key and value, byte for byte, with ingest.* headers saying why and where from. This
 * module decodes those headers, filters by reason and time, and reads and writes the position
 * notation the dlq commands use ("17" for offset 17 of partition 0, "2:17" otherwise).
 * Nothing here prints or talks to Kafka.
 */
#ifndef DLQ_LETTER_H
#define DLQ_LETTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <librdkafka/rdkafka.h>

/* The decoded headers of one dead letter. Missing headers are "" (time_ms -1). Header values
 * longer than a field are cut. */
struct dlq_letter {
    const rd_kafka_message_t *msg; /* borrowed: key, value, timestamp, the other headers */
    int32_t partition;             /* position in the dead-letter topic */
    int64_t offset;
    char reason[64];
    char path[512];
    char error[1024];
    char time[48];     /* ingest.time as written */
    char sqlstate[16]; /* only for db_rejected */
    char topic[256];   /* where the original was read */
    char from_partition[16];
    char from_offset[24];
    int64_t time_ms; /* ingest.time in ms since the epoch; else the Kafka timestamp; else -1 */
};

/* Fills out from msg (which must outlive out). */
void dlq_letter_read(const rd_kafka_message_t *msg, struct dlq_letter *out);

/* Fills the header fields of out from hdrs (NULL: none); timestamp_ms is the Kafka timestamp,
 * used when ingest.time is missing or unreadable. Leaves msg, partition and offset alone. */
void dlq_letter_read_headers(const rd_kafka_headers_t *hdrs, int64_t timestamp_ms,
                             struct dlq_letter *out);

/* Which dead letters a command works on. reason NULL: any; since_ms INT64_MIN: any time. */
struct dlq_filter {
    const char *reason;
    int64_t since_ms;
};

bool dlq_letter_matches(const struct dlq_letter *l, const struct dlq_filter *f);

/*
 * Parses a point in time for --since: an ISO 8601 UTC date or date-time ("2026-11-27",
 * "2026-11-27T10:00", "2026-11-27T10:00:00Z", "2026-11-27T10:00:00.250Z"), or a duration back
 * from now_ms ("90s", "30m", "2h", "7d"). Returns 0 or -EINVAL.
 */
int dlq_time_parse(const char *text, int64_t now_ms, int64_t *out_ms);

/* "17" (partition 0) or "2:17". Returns 0 or -EINVAL. */
int dlq_position_parse(const char *text, int32_t *partition, int64_t *offset);

/* The inverse of dlq_position_parse: "17" for partition 0, "2:17" otherwise. */
void dlq_position_format(int32_t partition, int64_t offset, char *buf, size_t cap);

#endif
