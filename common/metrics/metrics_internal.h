/*
 * metrics internals shared by metrics_registry.c (families, series, values) and
 * metrics_render.c (the text format).
 */
#ifndef METRICS_INTERNAL_H
#define METRICS_INTERNAL_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "metrics.h"

enum metrics_type {
    METRICS_COUNTER,
    METRICS_GAUGE,
    METRICS_HISTOGRAM,
};

/*
 * One metric name. Every series owns slots_per_series consecutive value slots:
 *   counter:   [0] the count;
 *   gauge:     [0] the bits of a double;
 *   histogram: [0..bucket_count] observations per bucket, NOT cumulative (the last is +Inf),
 *              [bucket_count + 1] the bits of the double sum.
 * Rendering makes bucket counts cumulative and takes the count from their total, so count and
 * the +Inf bucket always agree even while other threads observe.
 */
struct metrics_family {
    struct metrics_registry *reg;
    enum metrics_type type;
    char *name;
    char *help;
    size_t label_count;
    char *label_names[METRICS_LABELS_MAX];
    size_t max_series;
    size_t slots_per_series;
    size_t bucket_count;
    double *buckets;
    _Atomic uint64_t *slots; /* max_series * slots_per_series */
    bool *used;              /* per series; changed and read under reg->mutex */
    char *label_values;      /* max_series * label_count * METRICS_LABEL_VALUE_MAX */
    struct metrics_family *next;
};

/* The typed handles are the family itself; the types only keep callers from mixing them up. */
struct metrics_counter {
    struct metrics_family family;
};
struct metrics_gauge {
    struct metrics_family family;
};
struct metrics_histogram {
    struct metrics_family family;
};

struct metrics_registry {
    pthread_mutex_t mutex; /* guards the family list, series use, label values, rendering */
    struct metrics_family *head, *tail;
};

/* Label value j of series i (NUL-terminated). */
static inline const char *metrics_label_value(const struct metrics_family *fam, size_t series,
                                              size_t label)
{
    return fam->label_values + (series * fam->label_count + label) * METRICS_LABEL_VALUE_MAX;
}

/* Value slots of series i. */
static inline _Atomic uint64_t *metrics_slots(const struct metrics_family *fam, size_t series)
{
    return fam->slots + series * fam->slots_per_series;
}

/* Doubles travel through uint64_t atomics by their bits (memcpy: no aliasing games). */
uint64_t metrics_double_bits(double value);
double metrics_bits_double(uint64_t bits);

#endif
