/*
 * The next offset the consumer expects from each partition it owns: what it last handed to the
 * application plus one, or the offset a held partition was released at.
 *
 * Why the consumer keeps its own: librdkafka 2.0 sometimes hands a partition's messages over
 * again from an earlier offset. A partition paused (by backpressure) just as its first messages
 * arrive resumes from its committed offset rather than from what was delivered, and an
 * asynchronous seek made while a partition is paused is forgotten on resume (librdkafka #3471).
 * Kafka offsets only grow within a partition, so anything below the expected offset was
 * already delivered and is dropped; after a resume the consumer seeks every known partition to
 * its expected offset so that it is not read twice from far back.
 */
#ifndef KAFKA_POSITIONS_H
#define KAFKA_POSITIONS_H

#include <librdkafka/rdkafka.h>
#include <stdint.h>

struct kafka_positions;

int kafka_positions_create(struct kafka_positions **out);
void kafka_positions_destroy(struct kafka_positions *p);

/* Returns 1 when offset is at or past the partition's expected offset (which then becomes
 * offset + 1), 0 when it was delivered before. A partition not yet known is learnt; if that
 * needs memory and there is none, the message is let through (returns 1). */
int kafka_positions_admit(struct kafka_positions *p, const char *topic, int32_t partition,
                          int64_t offset);

/* Sets the expected offset (a release offset; offset >= 0). Returns 0 or -ENOMEM. */
int kafka_positions_set(struct kafka_positions *p, const char *topic, int32_t partition,
                        int64_t offset);

/* Forgets a partition (revoked or lost). */
void kafka_positions_forget(struct kafka_positions *p, const char *topic, int32_t partition);

/* Every known partition with its expected offset, for rd_kafka_seek_partitions; NULL when
 * nothing is known or on allocation failure. The caller destroys the list. */
rd_kafka_topic_partition_list_t *kafka_positions_list(const struct kafka_positions *p);

#endif
