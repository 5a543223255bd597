/*
 * Kafka helpers shared by ingestctl's reading commands (tail, dlq, stats): a consumer that never
 * joins a group, reading a topic from the beginning up to its end as it was when the read
 * started, fetching one message by position, and JSON forms of keys, values and headers.
 * Everything here blocks (a command-line tool has no event loop) and never prints: errors are
 * written to the caller's err buffer.
 */
#ifndef CTL_KAFKA_H
#define CTL_KAFKA_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>
#include <librdkafka/rdkafka.h>

/* How long a metadata, watermark or committed-offset request may take before it fails. */
#define CTL_KAFKA_TIMEOUT_MS 10000

/*
 * A consumer for assign() only: it never subscribes, so it never joins group (which must still
 * be named: the committed offsets of that group are what rd_kafka_committed() reads), and it
 * never commits. Returns the handle (caller frees with rd_kafka_consumer_close +
 * rd_kafka_destroy, or ctl_kafka_consumer_destroy) or NULL with err filled in.
 */
rd_kafka_t *ctl_kafka_consumer_new(const char *brokers, const char *group, char *err,
                                   size_t errlen);
void ctl_kafka_consumer_destroy(rd_kafka_t *rk);

/* The partition ids of topic (*ids: caller frees with free()). Returns 0, -ENOENT when the topic
 * does not exist, -EIO when the broker does not answer, -ENOMEM. */
int ctl_kafka_partitions(rd_kafka_t *rk, const char *topic, int32_t **ids, int *count, char *err,
                         size_t errlen);

/* Assigns every partition of topic at offset start (RD_KAFKA_OFFSET_BEGINNING or _END).
 * Returns 0 or the error of ctl_kafka_partitions / -EIO. */
int ctl_kafka_assign_all(rd_kafka_t *rk, const char *topic, int64_t start, char *err,
                         size_t errlen);

/* Called for each message of a scan, in offset order within a partition. msg is borrowed for
 * the call. A non-zero return stops the scan and is returned by ctl_kafka_scan. */
typedef int (*ctl_kafka_scan_fn)(const rd_kafka_message_t *msg, void *arg);

/*
 * Reads every partition of topic from its low watermark up to the high watermark it had when the
 * scan started (messages arriving later are not waited for), calling fn for each message.
 * Returns 0, fn's non-zero value, or a negative error with err filled in.
 */
int ctl_kafka_scan(rd_kafka_t *rk, const char *topic, ctl_kafka_scan_fn fn, void *arg, char *err,
                   size_t errlen);

/* Reads the message at topic/partition/offset. Returns 0 with *out (caller frees with
 * rd_kafka_message_destroy), -ENOENT when there is no message at that offset (beyond the end,
 * before the start, or removed), or -EIO with err filled in. */
int ctl_kafka_fetch(rd_kafka_t *rk, const char *topic, int32_t partition, int64_t offset,
                    rd_kafka_message_t **out, char *err, size_t errlen);

/* Copies the value of the first header called name into buf as a NUL-terminated string (cut to
 * cap - 1 bytes). Returns 0, or -ENOENT (buf is then ""). */
int ctl_kafka_header(const rd_kafka_message_t *msg, const char *name, char *buf, size_t cap);

/* A JSON string for UTF-8 bytes, else {"hex": "..."}; NULL data gives JSON null. New
 * reference, NULL when out of memory. */
json_t *ctl_json_bytes(const void *data, size_t len);

/* The message's headers as {name: ctl_json_bytes(value)}. New reference. */
json_t *ctl_json_headers(const rd_kafka_message_t *msg);

#endif
