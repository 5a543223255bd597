/*
 * The Prometheus text exposition format, version 0.0.4:
 *   https://prometheus.io/docs/instrumenting/exposition_formats/
 */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "metrics_internal.h"

void metrics_buffer_free(struct metrics_buffer *buf)
{
    free(buf->data);
    buf->data = NULL;
    buf->len = 0;
    buf->cap = 0;
}

char *metrics_buffer_take(struct metrics_buffer *buf, size_t *len)
{
    char *data = buf->data;

    *len = buf->len;
    buf->data = NULL;
    buf->len = 0;
    buf->cap = 0;
    return data;
}

static int buf_append(struct metrics_buffer *buf, const char *text, size_t len)
{
    if (buf->cap - buf->len <= len) {
        size_t cap = buf->cap > 0 ? buf->cap : 4096;
        char *data;
        while (cap - buf->len <= len) {
            cap *= 2;
        }
        data = realloc(buf->data, cap);
        if (data == NULL) {
            return -ENOMEM;
        }
        buf->data = data;
        buf->cap = cap;
    }
    memcpy(buf->data + buf->len, text, len);
    buf->len += len;
    buf->data[buf->len] = '\0';
    return 0;
}

static int buf_puts(struct metrics_buffer *buf, const char *text)
{
    return buf_append(buf, text, strlen(text));
}

/* Appends text with the escapes of the format: HELP escapes \ and newline; label values also ". */
static int buf_escaped(struct metrics_buffer *buf, const char *text, bool quote)
{
    const char *run = text;
    int rc;

    for (const char *p = text; *p != '\0'; p++) {
        const char *esc = NULL;
        if (*p == '\\') {
            esc = "\\\\";
        } else if (*p == '\n') {
            esc = "\\n";
        } else if (quote && *p == '"') {
            esc = "\\\"";
        }
        if (esc != NULL) {
            if ((rc = buf_append(buf, run, (size_t)(p - run))) < 0 ||
                (rc = buf_puts(buf, esc)) < 0) {
                return rc;
            }
            run = p + 1;
        }
    }
    return buf_puts(buf, run);
}

/*
 * Whole numbers up to 2^53 in plain digits (bytes and counts read better as 268435456 than as
 * 2.68435456e+08); anything else as the shortest %g text that reads back as the same double (so
 * le="0.005", not "0.0050000000000000001"). Prometheus spells the specials +Inf, -Inf and NaN.
 */
static void format_double(double value, char *out, size_t outlen)
{
    if (isnan(value)) {
        snprintf(out, outlen, "NaN");
        return;
    }
    if (isinf(value)) {
        snprintf(out, outlen, value > 0 ? "+Inf" : "-Inf");
        return;
    }
    if (value == floor(value) && fabs(value) <= 9007199254740992.0) {
        snprintf(out, outlen, "%.0f", value);
        return;
    }
    for (int precision = 1; precision <= 17; precision++) {
        snprintf(out, outlen, "%.*g", precision, value);
        if (strtod(out, NULL) == value) {
            return;
        }
    }
}

/* name{a="x",b="y"[,le="bound"]} with the series' labels; braces only if any label. */
static int write_series_name(struct metrics_buffer *buf, const struct metrics_family *fam,
                             size_t series, const char *suffix, const char *le)
{
    int rc;

    if ((rc = buf_puts(buf, fam->name)) < 0 || (rc = buf_puts(buf, suffix)) < 0) {
        return rc;
    }
    if (fam->label_count == 0 && le == NULL) {
        return 0;
    }
    if ((rc = buf_puts(buf, "{")) < 0) {
        return rc;
    }
    for (size_t j = 0; j < fam->label_count; j++) {
        if ((rc = buf_puts(buf, j > 0 ? "," : "")) < 0 ||
            (rc = buf_puts(buf, fam->label_names[j])) < 0 || (rc = buf_puts(buf, "=\"")) < 0 ||
            (rc = buf_escaped(buf, metrics_label_value(fam, series, j), true)) < 0 ||
            (rc = buf_puts(buf, "\"")) < 0) {
            return rc;
        }
    }
    if (le != NULL) {
        if ((rc = buf_puts(buf, fam->label_count > 0 ? ",le=\"" : "le=\"")) < 0 ||
            (rc = buf_puts(buf, le)) < 0 || (rc = buf_puts(buf, "\"")) < 0) {
            return rc;
        }
    }
    return buf_puts(buf, "}");
}

/* One sample line: the series name, a space, the value text, a newline. */
static int write_sample(struct metrics_buffer *buf, const struct metrics_family *fam, size_t series,
                        const char *suffix, const char *le, const char *value)
{
    int rc;

    if ((rc = write_series_name(buf, fam, series, suffix, le)) < 0 ||
        (rc = buf_puts(buf, " ")) < 0 || (rc = buf_puts(buf, value)) < 0) {
        return rc;
    }
    return buf_puts(buf, "\n");
}

static int write_histogram(struct metrics_buffer *buf, const struct metrics_family *fam,
                           size_t series)
{
    _Atomic uint64_t *slots = metrics_slots(fam, series);
    char bound[32], value[32];
    uint64_t cumulative = 0;
    int rc;

    for (size_t b = 0; b <= fam->bucket_count; b++) {
        cumulative += atomic_load_explicit(&slots[b], memory_order_relaxed);
        if (b < fam->bucket_count) {
            format_double(fam->buckets[b], bound, sizeof(bound));
        } else {
            snprintf(bound, sizeof(bound), "+Inf");
        }
        snprintf(value, sizeof(value), "%" PRIu64, cumulative);
        if ((rc = write_sample(buf, fam, series, "_bucket", bound, value)) < 0) {
            return rc;
        }
    }
    format_double(metrics_bits_double(
                      atomic_load_explicit(&slots[fam->bucket_count + 1], memory_order_relaxed)),
                  value, sizeof(value));
    if ((rc = write_sample(buf, fam, series, "_sum", NULL, value)) < 0) {
        return rc;
    }
    snprintf(value, sizeof(value), "%" PRIu64, cumulative);
    return write_sample(buf, fam, series, "_count", NULL, value);
}

static int write_family(struct metrics_buffer *buf, const struct metrics_family *fam)
{
    static const char *const type_names[] = {"counter", "gauge", "histogram"};
    bool any = false;
    char value[32];
    int rc;

    for (size_t i = 0; i < fam->max_series && !any; i++) {
        any = fam->used[i];
    }
    if (!any) {
        return 0;
    }
    if ((rc = buf_puts(buf, "# HELP ")) < 0 || (rc = buf_puts(buf, fam->name)) < 0 ||
        (rc = buf_puts(buf, " ")) < 0 || (rc = buf_escaped(buf, fam->help, false)) < 0 ||
        (rc = buf_puts(buf, "\n# TYPE ")) < 0 || (rc = buf_puts(buf, fam->name)) < 0 ||
        (rc = buf_puts(buf, " ")) < 0 || (rc = buf_puts(buf, type_names[fam->type])) < 0 ||
        (rc = buf_puts(buf, "\n")) < 0) {
        return rc;
    }
    for (size_t i = 0; i < fam->max_series; i++) {
        if (!fam->used[i]) {
            continue;
        }
        uint64_t raw = atomic_load_explicit(metrics_slots(fam, i), memory_order_relaxed);
        switch (fam->type) {
        case METRICS_COUNTER:
            snprintf(value, sizeof(value), "%" PRIu64, raw);
            rc = write_sample(buf, fam, i, "", NULL, value);
            break;
        case METRICS_GAUGE:
            format_double(metrics_bits_double(raw), value, sizeof(value));
            rc = write_sample(buf, fam, i, "", NULL, value);
            break;
        case METRICS_HISTOGRAM:
            rc = write_histogram(buf, fam, i);
            break;
        }
        if (rc < 0) {
            return rc;
        }
    }
    return 0;
}

int metrics_render(struct metrics_registry *reg, struct metrics_buffer *buf)
{
    int rc = 0;

    pthread_mutex_lock(&reg->mutex);
    for (const struct metrics_family *fam = reg->head; fam != NULL && rc == 0; fam = fam->next) {
        rc = write_family(buf, fam);
    }
    pthread_mutex_unlock(&reg->mutex);
    return rc;
}
