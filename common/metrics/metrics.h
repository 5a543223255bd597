/*
 * metrics: a small Prometheus metrics registry and its text exposition format (version 0.0.4).
 *
 * A registry holds families (one metric name each: a counter, a gauge or a histogram). A family
 * has zero to METRICS_LABELS_MAX label names and room for a fixed number of series (one per
 * combination of label values), all allocated when the family is created: updating a value
 * never allocates and never takes a lock, so it is safe on the hot path and from any thread
 * (C11 atomics, relaxed order: a scrape sees each value whole, but not a snapshot across values).
 *
 *   struct metrics_registry *reg;
 *   struct metrics_counter *dead;
 *   size_t too_large;
 *   static const char *const reason[] = {"reason", NULL};
 *   metrics_registry_create(&reg);
 *   metrics_counter_create(reg, &(struct metrics_desc){.name = "ingest_dead_lettered_total",
 *                          .help = "...", .label_names = reason, .max_series = 16}, &dead);
 *   metrics_counter_series(dead, (const char *const[]){"too_large"}, &too_large);
 *   metrics_counter_inc(dead, too_large);             <- any thread, no allocation
 *   metrics_render(reg, &buf);                        <- the /metrics handler
 *
 * A family without labels has exactly one series, index 0, from creation on.
 *
 * Threads: value updates (inc/add/set/observe) and reads are lock-free and may run anywhere.
 * Creating families, adding and removing series, and rendering take the registry's mutex; they
 * allocate only at family creation and in the render buffer. An index must not be used after
 * its series is removed (the slot may be reused for another series).
 *
 * Ownership: families belong to the registry; the pointers create returns are borrowed, valid
 * until metrics_registry_destroy. Strings passed in are copied.
 */
#ifndef METRICS_H
#define METRICS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define METRICS_LABELS_MAX      3   /* label names per family */
#define METRICS_LABEL_VALUE_MAX 256 /* bytes of one label value, including the NUL */
#define METRICS_BUCKETS_MAX     32  /* finite histogram buckets; +Inf is added */

/* The Content-Type of the text exposition format, for the /metrics response. */
#define METRICS_CONTENT_TYPE "text/plain; version=0.0.4; charset=utf-8"

struct metrics_registry;
struct metrics_counter;
struct metrics_gauge;
struct metrics_histogram;

/* What create copies. All pointers are borrowed for the call only. */
struct metrics_desc {
    const char *name; /* [a-zA-Z_:][a-zA-Z0-9_:]*; a counter's name ends in "_total" */
    const char *help; /* one line of text, written escaped after # HELP */
    /* NULL-terminated label names, [a-zA-Z_][a-zA-Z0-9_]*, not starting with "__", no "le" in a
     * histogram; NULL or empty for a family without labels. */
    const char *const *label_names;
    size_t max_series; /* series a labelled family can hold; ignored without labels (1) */
    /* Histograms only: finite upper bounds, strictly increasing, 1..METRICS_BUCKETS_MAX. */
    const double *buckets;
    size_t bucket_count;
};

/* Returns 0 or -ENOMEM. Destroy with metrics_registry_destroy. */
int metrics_registry_create(struct metrics_registry **out);

/* Frees the registry and every family in it. NULL is a no-op. No other thread may be using it. */
void metrics_registry_destroy(struct metrics_registry *reg);

/*
 * Create a family in reg. Families are rendered in the order they were created. Return 0,
 * -EINVAL (a name, label name, bucket list or max_series that breaks the rules above), -EEXIST
 * (name taken) or -ENOMEM. *out is borrowed, valid until the registry is destroyed.
 */
int metrics_counter_create(struct metrics_registry *reg, const struct metrics_desc *desc,
                           struct metrics_counter **out);
int metrics_gauge_create(struct metrics_registry *reg, const struct metrics_desc *desc,
                         struct metrics_gauge **out);
int metrics_histogram_create(struct metrics_registry *reg, const struct metrics_desc *desc,
                             struct metrics_histogram **out);

/*
 * Finds or adds the series with these label values (one per label name, in order) and writes
 * its index. A new series starts at zero. Values are copied; each must be valid UTF-8 shorter
 * than METRICS_LABEL_VALUE_MAX bytes. Returns 0, -EINVAL (a bad value, or a family without
 * labels) or -ENOSPC (max_series reached). Not for the hot path: it compares strings.
 */
int metrics_counter_series(struct metrics_counter *c, const char *const *label_values,
                           size_t *index);
int metrics_gauge_series(struct metrics_gauge *g, const char *const *label_values, size_t *index);
int metrics_histogram_series(struct metrics_histogram *h, const char *const *label_values,
                             size_t *index);

/* Removes a gauge series (e.g. the lag of a partition no longer assigned), so that it is no
 * longer rendered and its slot can be reused. Returns 0, or -ENOENT if index is not in use.
 * The series 0 of a family without labels cannot be removed (-EINVAL). */
int metrics_gauge_remove(struct metrics_gauge *g, size_t index);

/* Counters: monotonic uint64. index must be a series of the family (checked by assert). */
void metrics_counter_inc(struct metrics_counter *c, size_t index);
void metrics_counter_add(struct metrics_counter *c, size_t index, uint64_t n);
/* Overwrites the value: only for mirroring a monotonic count kept elsewhere (e.g. the HTTP
 * server's request totals), copied in just before rendering. */
void metrics_counter_set(struct metrics_counter *c, size_t index, uint64_t value);
uint64_t metrics_counter_value(const struct metrics_counter *c, size_t index);

/* Gauges: doubles. add is atomic (a compare-and-swap loop), so threads may add concurrently. */
void metrics_gauge_set(struct metrics_gauge *g, size_t index, double value);
void metrics_gauge_add(struct metrics_gauge *g, size_t index, double delta);
double metrics_gauge_value(const struct metrics_gauge *g, size_t index);

/* Histograms: counts the value in the first bucket whose bound is >= value (else +Inf) and adds
 * it to the sum. NaN is ignored. */
void metrics_histogram_observe(struct metrics_histogram *h, size_t index, double value);
uint64_t metrics_histogram_count(const struct metrics_histogram *h, size_t index);
double metrics_histogram_sum(const struct metrics_histogram *h, size_t index);

/* A growable text buffer. Zero-initialize it (METRICS_BUFFER_INIT) before the first use. */
struct metrics_buffer {
    char *data; /* NUL-terminated when len > 0; owned by the buffer */
    size_t len;
    size_t cap;
};
#define METRICS_BUFFER_INIT                                                                        \
    {                                                                                              \
        NULL, 0, 0                                                                                 \
    }

/* Frees the buffer's memory and zeroes it. */
void metrics_buffer_free(struct metrics_buffer *buf);

/* Hands the text over: returns data (caller frees with free(); NULL if nothing was written),
 * its length in *len, and leaves the buffer empty. Pairs with http_response_body_take. */
char *metrics_buffer_take(struct metrics_buffer *buf, size_t *len);

/*
 * Appends every family of reg to buf in the text exposition format: per family "# HELP" and
 * "# TYPE" lines, then one line per series (histograms: cumulative name_bucket{...,le="..."}
 * lines ending with le="+Inf", then name_sum and name_count, where count equals the +Inf
 * bucket). Label values are escaped (\\, \", \n). A labelled family with no series is left out.
 * Returns 0 or -ENOMEM (buf then holds a partial text the caller frees).
 */
int metrics_render(struct metrics_registry *reg, struct metrics_buffer *buf);

/*
 * Resident set size of this process in bytes, from /proc/self/statm (resident pages times the
 * page size). procfs answers from kernel memory, so this does not block on I/O and may run on
 * the loop. Returns 0, or a negative errno (-ENOENT without procfs, -EINVAL if unparsable).
 */
int metrics_process_resident_bytes(uint64_t *out);

/* The parser behind it: text is the content of a statm file (len bytes, need not end in NUL).
 * Returns 0 or -EINVAL. */
int metrics_statm_resident_bytes(const char *text, size_t len, uint64_t page_size, uint64_t *out);

#endif
