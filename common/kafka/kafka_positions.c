/*
 * Expected offsets per partition (see kafka_positions.h). A consumer owns few partitions and
 * messages come in runs from one partition, so a flat array with the last hit remembered is
 * searched in one comparison most of the time.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "kafka_positions.h"

struct positions_entry {
    char *topic;
    int32_t partition;
    int64_t next;
};

struct kafka_positions {
    struct positions_entry *entries;
    size_t count;
    size_t cap;
    size_t last; /* index of the last entry found */
};

int kafka_positions_create(struct kafka_positions **out)
{
    *out = calloc(1, sizeof(**out));
    return *out != NULL ? 0 : -ENOMEM;
}

void kafka_positions_destroy(struct kafka_positions *p)
{
    if (p == NULL) {
        return;
    }
    for (size_t i = 0; i < p->count; i++) {
        free(p->entries[i].topic);
    }
    free(p->entries);
    free(p);
}

static int positions_match(const struct positions_entry *e, const char *topic, int32_t partition)
{
    return e->partition == partition && strcmp(e->topic, topic) == 0;
}

static struct positions_entry *positions_find(struct kafka_positions *p, const char *topic,
                                              int32_t partition)
{
    if (p->last < p->count && positions_match(&p->entries[p->last], topic, partition)) {
        return &p->entries[p->last];
    }
    for (size_t i = 0; i < p->count; i++) {
        if (positions_match(&p->entries[i], topic, partition)) {
            p->last = i;
            return &p->entries[i];
        }
    }
    return NULL;
}

static struct positions_entry *positions_add(struct kafka_positions *p, const char *topic,
                                             int32_t partition, int64_t next)
{
    struct positions_entry *e;

    if (p->count == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 8;
        struct positions_entry *grown = realloc(p->entries, cap * sizeof(*grown));
        if (grown == NULL) {
            return NULL;
        }
        p->entries = grown;
        p->cap = cap;
    }
    e = &p->entries[p->count];
    e->topic = strdup(topic);
    if (e->topic == NULL) {
        return NULL;
    }
    e->partition = partition;
    e->next = next;
    p->last = p->count++;
    return e;
}

int kafka_positions_admit(struct kafka_positions *p, const char *topic, int32_t partition,
                          int64_t offset)
{
    struct positions_entry *e = positions_find(p, topic, partition);

    if (e == NULL) {
        positions_add(p, topic, partition, offset + 1);
        return 1;
    }
    if (offset < e->next) {
        return 0;
    }
    e->next = offset + 1;
    return 1;
}

int kafka_positions_set(struct kafka_positions *p, const char *topic, int32_t partition,
                        int64_t offset)
{
    struct positions_entry *e = positions_find(p, topic, partition);

    if (e == NULL) {
        return positions_add(p, topic, partition, offset) != NULL ? 0 : -ENOMEM;
    }
    e->next = offset;
    return 0;
}

void kafka_positions_forget(struct kafka_positions *p, const char *topic, int32_t partition)
{
    struct positions_entry *e = positions_find(p, topic, partition);

    if (e != NULL) {
        free(e->topic);
        *e = p->entries[--p->count];
    }
}

rd_kafka_topic_partition_list_t *kafka_positions_list(const struct kafka_positions *p)
{
    rd_kafka_topic_partition_list_t *list;

    if (p->count == 0) {
        return NULL;
    }
    list = rd_kafka_topic_partition_list_new((int)p->count);
    if (list == NULL) {
        return NULL;
    }
    for (size_t i = 0; i < p->count; i++) {
        rd_kafka_topic_partition_list_add(list, p->entries[i].topic, p->entries[i].partition)
            ->offset = p->entries[i].next;
    }
    return list;
}
