/*
 * Offset tracking for one partition: a growable ring of (offset, done) in consumption order.
 * done() finds its offset by binary search (the ring is sorted) and releases the leading run of
 * done offsets, so the memory held is bounded by the offsets in flight.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#include "kafka.h"

struct kafka_tracker_slot {
    int64_t offset;
    bool done;
};

struct kafka_tracker {
    struct kafka_tracker_slot *slots;
    size_t cap; /* a power of two */
    size_t head;
    size_t count;
    int64_t last_added;
    bool any_added;
};

#define TRACKER_INITIAL_CAP 64

static struct kafka_tracker_slot *tracker_at(const struct kafka_tracker *t, size_t i)
{
    return &t->slots[(t->head + i) & (t->cap - 1)];
}

int kafka_tracker_create(struct kafka_tracker **out)
{
    struct kafka_tracker *t = calloc(1, sizeof(*t));

    *out = NULL;
    if (t == NULL) {
        return -ENOMEM;
    }
    t->slots = calloc(TRACKER_INITIAL_CAP, sizeof(*t->slots));
    if (t->slots == NULL) {
        free(t);
        return -ENOMEM;
    }
    t->cap = TRACKER_INITIAL_CAP;
    *out = t;
    return 0;
}

void kafka_tracker_destroy(struct kafka_tracker *t)
{
    if (t != NULL) {
        free(t->slots);
        free(t);
    }
}

static int tracker_grow(struct kafka_tracker *t)
{
    size_t cap = t->cap * 2;
    struct kafka_tracker_slot *slots = malloc(cap * sizeof(*slots));

    if (slots == NULL) {
        return -ENOMEM;
    }
    for (size_t i = 0; i < t->count; i++) {
        slots[i] = *tracker_at(t, i);
    }
    free(t->slots);
    t->slots = slots;
    t->cap = cap;
    t->head = 0;
    return 0;
}

int kafka_tracker_add(struct kafka_tracker *t, int64_t offset)
{
    struct kafka_tracker_slot *slot;
    int rc;

    if (t->any_added && offset <= t->last_added) {
        return -EINVAL;
    }
    if (t->count == t->cap && (rc = tracker_grow(t)) < 0) {
        return rc;
    }
    slot = tracker_at(t, t->count++);
    slot->offset = offset;
    slot->done = false;
    t->last_added = offset;
    t->any_added = true;
    return 0;
}

int kafka_tracker_done(struct kafka_tracker *t, int64_t offset, int64_t *commit)
{
    size_t lo = 0, hi = t->count;
    int64_t last = 0;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (tracker_at(t, mid)->offset < offset) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    if (lo == t->count || tracker_at(t, lo)->offset != offset || tracker_at(t, lo)->done) {
        return -ENOENT;
    }
    tracker_at(t, lo)->done = true;
    if (lo != 0) {
        return 0;
    }
    while (t->count > 0 && tracker_at(t, 0)->done) {
        last = tracker_at(t, 0)->offset;
        t->head = (t->head + 1) & (t->cap - 1);
        t->count--;
    }
    *commit = last + 1;
    return 1;
}

size_t kafka_tracker_pending(const struct kafka_tracker *t)
{
    return t->count;
}
