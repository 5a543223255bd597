/*
 * Dead-letter records: the original key and value, byte for byte (a null key or value stays
 * null), and why, where it came from and when, as headers:
 *   ingest.reason     snake_case code (article_reason_code(), "db_rejected", "enrich_failed")
 *   ingest.path       JSON pointer of the offending field, may be empty
 *   ingest.error      one human sentence
 *   ingest.topic, ingest.partition, ingest.offset   the original position
 *   ingest.time       ISO 8601 UTC of the rejection, milliseconds
 *   ingest.sqlstate   only for db_rejected: the SQLSTATE PostgreSQL gave
 */
#include <string.h>
#include <time.h>

#include "ingestd.h"

static size_t dlq_time(char *buf, size_t len)
{
    struct timespec ts;
    struct tm tm;
    char date[32];

    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%S", &tm);
    return (size_t)snprintf(buf, len, "%s.%03ldZ", date, ts.tv_nsec / 1000000);
}

int ingestd_dlq_send(struct ingestd *d, struct ingestd_job *job)
{
    char partition[16], offset[24], when[40];
    struct kafka_header headers[8] = {
        {"ingest.reason", job->reason, strlen(job->reason)},
        {"ingest.path", job->path, strlen(job->path)},
        {"ingest.error", job->message, strlen(job->message)},
        {"ingest.topic", job->part->topic, strlen(job->part->topic)},
        {"ingest.partition", partition,
         (size_t)snprintf(partition, sizeof(partition), "%d", (int)job->part->partition)},
        {"ingest.offset", offset,
         (size_t)snprintf(offset, sizeof(offset), "%lld", (long long)job->offset)},
        {"ingest.time", when, dlq_time(when, sizeof(when))},
    };
    size_t count = 7;
    struct kafka_record rec = {
        .topic = d->settings->topic_dlq,
        .partition = KAFKA_PARTITION_ANY,
        .key = job->key,
        .key_len = job->key_len,
        .value = job->value,
        .value_len = job->value_len,
        .headers = headers,
    };

    if (job->sqlstate[0] != '\0') {
        headers[count++] =
            (struct kafka_header){"ingest.sqlstate", job->sqlstate, strlen(job->sqlstate)};
    }
    rec.header_count = count;
    return kafka_producer_send(d->producer, &rec, job);
}
