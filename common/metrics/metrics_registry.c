/*
 * The registry: families, their series, and the lock-free value updates.
 */
#include <assert.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "metrics_internal.h"

uint64_t metrics_double_bits(double value)
{
    uint64_t bits;

    memcpy(&bits, &value, sizeof(bits));
    return bits;
}

double metrics_bits_double(uint64_t bits)
{
    double value;

    memcpy(&value, &bits, sizeof(value));
    return value;
}

int metrics_registry_create(struct metrics_registry **out)
{
    struct metrics_registry *reg = calloc(1, sizeof(*reg));

    if (reg == NULL) {
        return -ENOMEM;
    }
    if (pthread_mutex_init(&reg->mutex, NULL) != 0) {
        free(reg);
        return -ENOMEM;
    }
    *out = reg;
    return 0;
}

static void family_free(struct metrics_family *fam)
{
    free(fam->name);
    free(fam->help);
    for (size_t i = 0; i < fam->label_count; i++) {
        free(fam->label_names[i]);
    }
    free(fam->buckets);
    free(fam->slots);
    free(fam->used);
    free(fam->label_values);
    free(fam);
}

void metrics_registry_destroy(struct metrics_registry *reg)
{
    struct metrics_family *fam, *next;

    if (reg == NULL) {
        return;
    }
    for (fam = reg->head; fam != NULL; fam = next) {
        next = fam->next;
        family_free(fam);
    }
    pthread_mutex_destroy(&reg->mutex);
    free(reg);
}

static bool name_char(char c, bool first, bool colon_ok)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_') {
        return true;
    }
    if (colon_ok && c == ':') {
        return true;
    }
    return !first && c >= '0' && c <= '9';
}

static bool valid_name(const char *name, bool colon_ok)
{
    if (name == NULL || name[0] == '\0') {
        return false;
    }
    for (size_t i = 0; name[i] != '\0'; i++) {
        if (!name_char(name[i], i == 0, colon_ok)) {
            return false;
        }
    }
    return true;
}

static bool ends_with(const char *text, const char *suffix)
{
    size_t n = strlen(text), m = strlen(suffix);

    return n >= m && memcmp(text + n - m, suffix, m) == 0;
}

/* Checks desc against the rules in metrics.h; returns the number of labels or -EINVAL. */
static int desc_check(enum metrics_type type, const struct metrics_desc *desc)
{
    size_t labels = 0;

    if (desc == NULL || !valid_name(desc->name, true) || desc->help == NULL) {
        return -EINVAL;
    }
    if (type == METRICS_COUNTER && !ends_with(desc->name, "_total")) {
        return -EINVAL;
    }
    for (; desc->label_names != NULL && desc->label_names[labels] != NULL; labels++) {
        const char *label = desc->label_names[labels];
        if (labels == METRICS_LABELS_MAX || !valid_name(label, false) ||
            strncmp(label, "__", 2) == 0 ||
            (type == METRICS_HISTOGRAM && strcmp(label, "le") == 0)) {
            return -EINVAL;
        }
        for (size_t k = 0; k < labels; k++) {
            if (strcmp(desc->label_names[k], label) == 0) {
                return -EINVAL;
            }
        }
    }
    if (labels > 0 && desc->max_series == 0) {
        return -EINVAL;
    }
    if (type == METRICS_HISTOGRAM) {
        if (desc->buckets == NULL || desc->bucket_count == 0 ||
            desc->bucket_count > METRICS_BUCKETS_MAX) {
            return -EINVAL;
        }
        for (size_t i = 0; i < desc->bucket_count; i++) {
            if (!isfinite(desc->buckets[i]) ||
                (i > 0 && desc->buckets[i] <= desc->buckets[i - 1])) {
                return -EINVAL;
            }
        }
    }
    return (int)labels;
}

static struct metrics_family *family_find(struct metrics_registry *reg, const char *name)
{
    for (struct metrics_family *fam = reg->head; fam != NULL; fam = fam->next) {
        if (strcmp(fam->name, name) == 0) {
            return fam;
        }
    }
    return NULL;
}

/* Fills fam (allocated by the caller, zeroed, with room for the typed handle) from desc. */
static int family_init(struct metrics_family *fam, enum metrics_type type,
                       const struct metrics_desc *desc, size_t labels)
{
    fam->type = type;
    fam->label_count = labels;
    fam->max_series = labels > 0 ? desc->max_series : 1;
    fam->bucket_count = type == METRICS_HISTOGRAM ? desc->bucket_count : 0;
    fam->slots_per_series = type == METRICS_HISTOGRAM ? fam->bucket_count + 2 : 1;

    fam->name = strdup(desc->name);
    fam->help = strdup(desc->help);
    if (fam->name == NULL || fam->help == NULL) {
        return -ENOMEM;
    }
    for (size_t i = 0; i < labels; i++) {
        fam->label_names[i] = strdup(desc->label_names[i]);
        if (fam->label_names[i] == NULL) {
            return -ENOMEM;
        }
    }
    if (type == METRICS_HISTOGRAM) {
        fam->buckets = malloc(fam->bucket_count * sizeof(double));
        if (fam->buckets == NULL) {
            return -ENOMEM;
        }
        memcpy(fam->buckets, desc->buckets, fam->bucket_count * sizeof(double));
    }
    fam->slots = calloc(fam->max_series * fam->slots_per_series, sizeof(*fam->slots));
    fam->used = calloc(fam->max_series, sizeof(*fam->used));
    if (fam->slots == NULL || fam->used == NULL) {
        return -ENOMEM;
    }
    for (size_t i = 0; i < fam->max_series * fam->slots_per_series; i++) {
        atomic_init(&fam->slots[i], 0);
    }
    if (labels > 0) {
        fam->label_values = calloc(fam->max_series * labels, METRICS_LABEL_VALUE_MAX);
        if (fam->label_values == NULL) {
            return -ENOMEM;
        }
    } else {
        fam->used[0] = true;
    }
    return 0;
}

/* size is the size of the typed handle whose first member is the family. */
static int family_create(struct metrics_registry *reg, enum metrics_type type,
                         const struct metrics_desc *desc, size_t size, struct metrics_family **out)
{
    struct metrics_family *fam;
    int labels, rc;

    labels = desc_check(type, desc);
    if (labels < 0) {
        return labels;
    }
    fam = calloc(1, size);
    if (fam == NULL) {
        return -ENOMEM;
    }
    fam->reg = reg;
    rc = family_init(fam, type, desc, (size_t)labels);
    if (rc < 0) {
        goto fail;
    }
    pthread_mutex_lock(&reg->mutex);
    if (family_find(reg, desc->name) != NULL) {
        pthread_mutex_unlock(&reg->mutex);
        rc = -EEXIST;
        goto fail;
    }
    if (reg->tail != NULL) {
        reg->tail->next = fam;
    } else {
        reg->head = fam;
    }
    reg->tail = fam;
    pthread_mutex_unlock(&reg->mutex);
    *out = fam;
    return 0;

fail:
    family_free(fam);
    return rc;
}

int metrics_counter_create(struct metrics_registry *reg, const struct metrics_desc *desc,
                           struct metrics_counter **out)
{
    struct metrics_family *fam;
    int rc = family_create(reg, METRICS_COUNTER, desc, sizeof(struct metrics_counter), &fam);

    if (rc == 0) {
        *out = (struct metrics_counter *)fam;
    }
    return rc;
}

int metrics_gauge_create(struct metrics_registry *reg, const struct metrics_desc *desc,
                         struct metrics_gauge **out)
{
    struct metrics_family *fam;
    int rc = family_create(reg, METRICS_GAUGE, desc, sizeof(struct metrics_gauge), &fam);

    if (rc == 0) {
        *out = (struct metrics_gauge *)fam;
    }
    return rc;
}

int metrics_histogram_create(struct metrics_registry *reg, const struct metrics_desc *desc,
                             struct metrics_histogram **out)
{
    struct metrics_family *fam;
    int rc = family_create(reg, METRICS_HISTOGRAM, desc, sizeof(struct metrics_histogram), &fam);

    if (rc == 0) {
        *out = (struct metrics_histogram *)fam;
    }
    return rc;
}

/* Strict UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF. */
static bool valid_utf8(const unsigned char *s, size_t len)
{
    size_t i = 0;

    while (i < len) {
        unsigned char c = s[i];
        size_t n;
        uint32_t cp;
        if (c < 0x80) {
            i++;
            continue;
        } else if (c >= 0xC2 && c <= 0xDF) {
            n = 1;
            cp = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            n = 2;
            cp = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            n = 3;
            cp = c & 0x07;
        } else {
            return false;
        }
        if (len - i - 1 < n) {
            return false;
        }
        for (size_t k = 1; k <= n; k++) {
            if ((s[i + k] & 0xC0) != 0x80) {
                return false;
            }
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
            (cp >= 0xD800 && cp <= 0xDFFF)) {
            return false;
        }
        i += n + 1;
    }
    return true;
}

static bool series_matches(const struct metrics_family *fam, size_t series,
                           const char *const *values)
{
    for (size_t j = 0; j < fam->label_count; j++) {
        if (strcmp(metrics_label_value(fam, series, j), values[j]) != 0) {
            return false;
        }
    }
    return true;
}

static int family_series(struct metrics_family *fam, const char *const *values, size_t *index)
{
    size_t free_slot = fam->max_series;

    if (fam->label_count == 0 || values == NULL) {
        return -EINVAL;
    }
    for (size_t j = 0; j < fam->label_count; j++) {
        size_t len = values[j] != NULL ? strlen(values[j]) : 0;
        if (values[j] == NULL || len >= METRICS_LABEL_VALUE_MAX ||
            !valid_utf8((const unsigned char *)values[j], len)) {
            return -EINVAL;
        }
    }
    pthread_mutex_lock(&fam->reg->mutex);
    for (size_t i = 0; i < fam->max_series; i++) {
        if (!fam->used[i]) {
            if (free_slot == fam->max_series) {
                free_slot = i;
            }
        } else if (series_matches(fam, i, values)) {
            pthread_mutex_unlock(&fam->reg->mutex);
            *index = i;
            return 0;
        }
    }
    if (free_slot == fam->max_series) {
        pthread_mutex_unlock(&fam->reg->mutex);
        return -ENOSPC;
    }
    for (size_t j = 0; j < fam->label_count; j++) {
        char *dst = (char *)metrics_label_value(fam, free_slot, j);
        memcpy(dst, values[j], strlen(values[j]) + 1);
    }
    /* A reused slot may hold the values of the series removed before. */
    for (size_t k = 0; k < fam->slots_per_series; k++) {
        atomic_store_explicit(&metrics_slots(fam, free_slot)[k], 0, memory_order_relaxed);
    }
    fam->used[free_slot] = true;
    pthread_mutex_unlock(&fam->reg->mutex);
    *index = free_slot;
    return 0;
}

int metrics_counter_series(struct metrics_counter *c, const char *const *label_values,
                           size_t *index)
{
    return family_series(&c->family, label_values, index);
}

int metrics_gauge_series(struct metrics_gauge *g, const char *const *label_values, size_t *index)
{
    return family_series(&g->family, label_values, index);
}

int metrics_histogram_series(struct metrics_histogram *h, const char *const *label_values,
                             size_t *index)
{
    return family_series(&h->family, label_values, index);
}

int metrics_gauge_remove(struct metrics_gauge *g, size_t index)
{
    struct metrics_family *fam = &g->family;
    int rc = 0;

    if (fam->label_count == 0) {
        return -EINVAL;
    }
    pthread_mutex_lock(&fam->reg->mutex);
    if (index >= fam->max_series || !fam->used[index]) {
        rc = -ENOENT;
    } else {
        fam->used[index] = false;
    }
    pthread_mutex_unlock(&fam->reg->mutex);
    return rc;
}

/* Hot path from here on: no locks, no allocation. */

void metrics_counter_inc(struct metrics_counter *c, size_t index)
{
    metrics_counter_add(c, index, 1);
}

void metrics_counter_add(struct metrics_counter *c, size_t index, uint64_t n)
{
    assert(index < c->family.max_series);
    atomic_fetch_add_explicit(metrics_slots(&c->family, index), n, memory_order_relaxed);
}

void metrics_counter_set(struct metrics_counter *c, size_t index, uint64_t value)
{
    assert(index < c->family.max_series);
    atomic_store_explicit(metrics_slots(&c->family, index), value, memory_order_relaxed);
}

uint64_t metrics_counter_value(const struct metrics_counter *c, size_t index)
{
    assert(index < c->family.max_series);
    return atomic_load_explicit(metrics_slots(&c->family, index), memory_order_relaxed);
}

void metrics_gauge_set(struct metrics_gauge *g, size_t index, double value)
{
    assert(index < g->family.max_series);
    atomic_store_explicit(metrics_slots(&g->family, index), metrics_double_bits(value),
                          memory_order_relaxed);
}

/* Adds delta to the double stored in slot; concurrent adders retry until theirs lands. */
static void slot_add_double(_Atomic uint64_t *slot, double delta)
{
    uint64_t old = atomic_load_explicit(slot, memory_order_relaxed);
    uint64_t new_bits;

    do {
        new_bits = metrics_double_bits(metrics_bits_double(old) + delta);
    } while (!atomic_compare_exchange_weak_explicit(slot, &old, new_bits, memory_order_relaxed,
                                                    memory_order_relaxed));
}

void metrics_gauge_add(struct metrics_gauge *g, size_t index, double delta)
{
    assert(index < g->family.max_series);
    slot_add_double(metrics_slots(&g->family, index), delta);
}

double metrics_gauge_value(const struct metrics_gauge *g, size_t index)
{
    assert(index < g->family.max_series);
    return metrics_bits_double(
        atomic_load_explicit(metrics_slots(&g->family, index), memory_order_relaxed));
}

void metrics_histogram_observe(struct metrics_histogram *h, size_t index, double value)
{
    const struct metrics_family *fam = &h->family;
    _Atomic uint64_t *slots;
    size_t bucket = 0;

    assert(index < fam->max_series);
    if (isnan(value)) {
        return;
    }
    /* Linear: at most METRICS_BUCKETS_MAX bounds, and small values are the common case. */
    while (bucket < fam->bucket_count && value > fam->buckets[bucket]) {
        bucket++;
    }
    slots = metrics_slots(fam, index);
    atomic_fetch_add_explicit(&slots[bucket], 1, memory_order_relaxed);
    slot_add_double(&slots[fam->bucket_count + 1], value);
}

uint64_t metrics_histogram_count(const struct metrics_histogram *h, size_t index)
{
    const struct metrics_family *fam = &h->family;
    _Atomic uint64_t *slots;
    uint64_t total = 0;

    assert(index < fam->max_series);
    slots = metrics_slots(fam, index);
    for (size_t b = 0; b <= fam->bucket_count; b++) {
        total += atomic_load_explicit(&slots[b], memory_order_relaxed);
    }
    return total;
}

double metrics_histogram_sum(const struct metrics_histogram *h, size_t index)
{
    const struct metrics_family *fam = &h->family;

    assert(index < fam->max_series);
    return metrics_bits_double(atomic_load_explicit(
        &metrics_slots(fam, index)[fam->bucket_count + 1], memory_order_relaxed));
}
