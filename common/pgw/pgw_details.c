/*
 * The detail rows of an enriched record as COPY text lines, computed as ingest_upsert_article()
 * (migrations 003-005) computes them on the server (see pgw_details.h). Each rule below names
 * the SQL it reproduces; tests/pgw/test_pgw_details.c compares both on real and hostile records.
 *
 * All three tables' lines go into one growing buffer, reserved once per field for the field's
 * worst case, so that the writers below never check for room byte by byte.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pgw_date_range.h"
#include "pgw_details.h"

/* left(normalized, 500): PostgreSQL counts characters (code points) of the UTF-8 text. */
#define PGW_DETAILS_NORMALIZED_CHARS 500

/* ingest_jsonb_numeric()'s pattern: ^[-+]?[0-9]{1,60}(\.[0-9]{1,60})?$ */
#define PGW_DETAILS_NUMERIC_DIGITS 60

struct pgw_details_buf {
    char *data;
    size_t len, cap;
};

static const char *const pgw_details_sql[PGW_DETAIL_TABLES] = {
    "COPY article_entities (article_id, ordinal, type, text, normalized, start_offset, "
    "end_offset, mention_count, titles, expansion) FROM STDIN",
    "COPY article_dates (article_id, ordinal, text, kind, value, range_start, range_end, role, "
    "start_offset, end_offset) FROM STDIN",
    "COPY article_figures (article_id, ordinal, text, value, unit, qualifier, context, "
    "start_offset, end_offset) FROM STDIN",
};

const char *pgw_details_copy_sql(enum pgw_detail_table t)
{
    return (unsigned)t < PGW_DETAIL_TABLES ? pgw_details_sql[t] : NULL;
}

void pgw_details_clear(struct pgw_details *d)
{
    free(d->text);
    memset(d, 0, sizeof(*d));
}

/* Makes room for n more bytes. */
static int pgw_details_reserve(struct pgw_details_buf *b, size_t n)
{
    if (b->cap - b->len >= n) {
        return 0;
    }
    /* The first reservation is the caller's estimate of the whole; later ones double. */
    size_t cap = b->data == NULL ? n : b->cap * 2;
    if (cap < b->len + n) {
        if (n > SIZE_MAX / 2 - b->len) {
            return -ENOMEM;
        }
        cap = (b->len + n) * 2;
    }
    char *data = realloc(b->data, cap);
    if (data == NULL) {
        return -ENOMEM;
    }
    b->data = data;
    b->cap = cap;
    return 0;
}

/* The following writers need room reserved by their caller. */
static void pgw_details_put(struct pgw_details_buf *b, const char *s, size_t n)
{
    memcpy(b->data + b->len, s, n);
    b->len += n;
}

static void pgw_details_put_char(struct pgw_details_buf *b, char c)
{
    b->data[b->len++] = c;
}

/* At most 20 bytes. */
static void pgw_details_put_int(struct pgw_details_buf *b, long long v)
{
    char digits[24];
    size_t n = 0;
    /* Negated as unsigned, so that LLONG_MIN needs no special case. */
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    do {
        digits[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u != 0);
    if (v < 0) {
        pgw_details_put_char(b, '-');
    }
    while (n > 0) {
        pgw_details_put_char(b, digits[--n]);
    }
}

/* COPY's text format: the delimiter, the line end and backslash are escaped; every other byte
 * (UTF-8 included) stands for itself. */
static const char pgw_details_copy_escape[256] = {
    ['\\'] = '\\',
    ['\n'] = 'n',
    ['\r'] = 'r',
    ['\t'] = 't',
};

size_t pgw_details_escape(const char *s, size_t n, char *out)
{
    char *o = out;
    for (size_t i = 0; i < n; i++) {
        char e = pgw_details_copy_escape[(unsigned char)s[i]];
        if (e == 0) {
            *o++ = s[i];
        } else {
            *o++ = '\\';
            *o++ = e;
        }
    }
    return (size_t)(o - out);
}

/* Needs 2 * n bytes. */
static void pgw_details_put_escaped(struct pgw_details_buf *b, const char *s, size_t n)
{
    b->len += pgw_details_escape(s, n, b->data + b->len);
}

static int pgw_details_field_null(struct pgw_details_buf *b)
{
    int rc = pgw_details_reserve(b, 3);
    if (rc == 0) {
        pgw_details_put(b, "\t\\N", 3);
    }
    return rc;
}

/*
 * obj ->> key: 1 with the string, 0 for SQL NULL (no such key, JSON null). Any other value
 * would come out as jsonb's text output of it, which this does not reproduce: -EINVAL. A string
 * holding NUL cannot be in a jsonb at all (the function fails on the whole record): -EINVAL.
 */
static int pgw_details_text(const json_t *obj, const char *key, const char **s, size_t *n)
{
    const json_t *v = json_object_get(obj, key);
    if (v == NULL || json_is_null(v)) {
        return 0;
    }
    if (!json_is_string(v)) {
        return -EINVAL;
    }
    *s = json_string_value(v);
    *n = json_string_length(v);
    if (memchr(*s, '\0', *n) != NULL) {
        return -EINVAL;
    }
    return 1;
}

/* A tab, then obj ->> key, cut to max_chars code points when max_chars is not 0. */
static int pgw_details_field_text(struct pgw_details_buf *b, const json_t *obj, const char *key,
                                  size_t max_chars)
{
    const char *s = NULL;
    size_t n = 0;
    int rc = pgw_details_text(obj, key, &s, &n);
    if (rc <= 0) {
        return rc < 0 ? rc : pgw_details_field_null(b);
    }
    if (max_chars > 0 && n > max_chars) {
        /* Count lead bytes (those that are not 10xxxxxx); the cut is before lead byte
         * max_chars + 1, so a multi-byte character is never split. */
        size_t chars = 0, i = 0;
        for (; i < n; i++) {
            if (((unsigned char)s[i] & 0xC0) != 0x80 && chars++ == max_chars) {
                break;
            }
        }
        n = i;
    }
    rc = pgw_details_reserve(b, 1 + 2 * n);
    if (rc == 0) {
        pgw_details_put_char(b, '\t');
        pgw_details_put_escaped(b, s, n);
    }
    return rc;
}

/*
 * The value of a real's JSON token (as json_dumpb writes it: -?D+(.D+)?(e-?D+)?) rounded half
 * away from zero, when the exact decimal value lies in int32's range; as round(j::numeric)::int
 * after BETWEEN -2147483648 AND 2147483647. Returns 1 with *out, or 0 for NULL.
 */
static int pgw_details_round_token(const char *t, size_t n, long long *out)
{
    char digits[64];
    size_t nd = 0, i = 0;
    long intlen = 0, exp = 0;
    int negative = 0, dot = 0, expneg = 0;

    if (i < n && t[i] == '-') {
        negative = 1;
        i++;
    }
    for (; i < n && t[i] != 'e' && t[i] != 'E'; i++) {
        if (t[i] == '.') {
            dot = 1;
        } else if (t[i] >= '0' && t[i] <= '9') {
            /* Leading zeros carry no value; they only shift the integer part's length. */
            if (nd == 0 && t[i] == '0') {
                if (dot) {
                    intlen--;
                }
                continue;
            }
            if (nd == sizeof(digits)) {
                return 0; /* not a token jansson writes */
            }
            digits[nd++] = t[i];
            if (!dot) {
                intlen++;
            }
        } else {
            return 0;
        }
    }
    if (i < n) {
        i++;
        if (i < n && (t[i] == '-' || t[i] == '+')) {
            expneg = t[i] == '-';
            i++;
        }
        for (; i < n; i++) {
            if (t[i] < '0' || t[i] > '9') {
                return 0;
            }
            /* Saturated: anything past 10^1000 is out of range either way. */
            if (exp < 100000) {
                exp = exp * 10 + (t[i] - '0');
            }
        }
    }
    if (nd == 0) {
        *out = 0;
        return 1;
    }
    intlen += expneg ? -exp : exp;
    /* digits[0] is not '0', so the value is at least 10^(intlen - 1). */
    if (intlen > 10) {
        return 0;
    }
    long long whole = 0;
    for (long k = 0; k < intlen; k++) {
        whole = whole * 10 + ((size_t)k < nd ? digits[k] - '0' : 0);
    }
    int first_fraction = 0, fraction = 0;
    for (long k = intlen > 0 ? intlen : 0; (size_t)k < nd; k++) {
        if (k == intlen) {
            first_fraction = digits[k] - '0';
        }
        if (digits[k] != '0') {
            fraction = 1;
        }
    }
    long long limit = negative ? 2147483648LL : 2147483647LL;
    if (whole > limit || (whole == limit && fraction)) {
        return 0;
    }
    whole += first_fraction >= 5;
    *out = negative ? -whole : whole;
    return 1;
}

/* A tab, then ingest_jsonb_int(obj -> key): a number in int32's range rounded half away from
 * zero, NULL for everything else. */
static int pgw_details_field_int(struct pgw_details_buf *b, const json_t *obj, const char *key,
                                 size_t dump_flags)
{
    const json_t *v = json_object_get(obj, key);
    long long value;
    int have = 0;

    if (json_is_integer(v)) {
        value = json_integer_value(v);
        have = value >= INT32_MIN && value <= INT32_MAX;
    } else if (json_is_real(v)) {
        char token[64];
        size_t n = json_dumpb(v, token, sizeof(token), dump_flags | JSON_ENCODE_ANY);
        if (n == 0 || n > sizeof(token)) {
            return -EINVAL;
        }
        have = pgw_details_round_token(token, n, &value);
    }
    if (!have) {
        return pgw_details_field_null(b);
    }
    int rc = pgw_details_reserve(b, 1 + 20);
    if (rc == 0) {
        pgw_details_put_char(b, '\t');
        pgw_details_put_int(b, value);
    }
    return rc;
}

/* ^[-+]?[0-9]{1,60}(\.[0-9]{1,60})?$ */
static int pgw_details_is_decimal(const char *s, size_t n)
{
    size_t i = 0, run = 0;
    if (i < n && (s[i] == '-' || s[i] == '+')) {
        i++;
    }
    for (; i < n && s[i] >= '0' && s[i] <= '9'; i++) {
        run++;
    }
    if (run == 0 || run > PGW_DETAILS_NUMERIC_DIGITS) {
        return 0;
    }
    if (i == n) {
        return 1;
    }
    if (s[i] != '.') {
        return 0;
    }
    run = 0;
    for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++) {
        run++;
    }
    return i == n && run > 0 && run <= PGW_DETAILS_NUMERIC_DIGITS;
}

/*
 * A tab, then ingest_jsonb_numeric(obj -> key) as text that numeric_in reads to the same value:
 * a number's JSON token as the record's JSON carries it (the server's jsonb read that token with
 * numeric_in too), a string holding a plain decimal as it is, NULL otherwise.
 */
static int pgw_details_field_numeric(struct pgw_details_buf *b, const json_t *obj, const char *key,
                                     size_t dump_flags)
{
    const json_t *v = json_object_get(obj, key);
    int rc;

    if (json_is_integer(v)) {
        rc = pgw_details_reserve(b, 1 + 20);
        if (rc == 0) {
            pgw_details_put_char(b, '\t');
            pgw_details_put_int(b, json_integer_value(v));
        }
        return rc;
    }
    if (json_is_real(v)) {
        char token[64];
        size_t n = json_dumpb(v, token, sizeof(token), dump_flags | JSON_ENCODE_ANY);
        if (n == 0 || n > sizeof(token)) {
            return -EINVAL;
        }
        rc = pgw_details_reserve(b, 1 + n);
        if (rc == 0) {
            pgw_details_put_char(b, '\t');
            pgw_details_put(b, token, n);
        }
        return rc;
    }
    if (json_is_string(v)) {
        const char *s = json_string_value(v);
        size_t n = json_string_length(v);
        if (pgw_details_is_decimal(s, n)) {
            rc = pgw_details_reserve(b, 1 + n);
            if (rc == 0) {
                pgw_details_put_char(b, '\t');
                pgw_details_put(b, s, n);
            }
            return rc;
        }
    }
    return pgw_details_field_null(b);
}

/*
 * A text[] element inside a quoted array literal, escaped for the literal (backslash, double
 * quote) and then for COPY (backslash again, line ends, tab): one input byte becomes at most 4.
 */
static void pgw_details_put_element(struct pgw_details_buf *b, const char *s, size_t n)
{
    char *o = b->data + b->len;
    for (size_t i = 0; i < n; i++) {
        switch (s[i]) {
        case '\\':
            memcpy(o, "\\\\\\\\", 4);
            o += 4;
            break;
        case '"':
            memcpy(o, "\\\\\"", 3);
            o += 3;
            break;
        case '\n':
            memcpy(o, "\\n", 2);
            o += 2;
            break;
        case '\r':
            memcpy(o, "\\r", 2);
            o += 2;
            break;
        case '\t':
            memcpy(o, "\\t", 2);
            o += 2;
            break;
        default:
            *o++ = s[i];
        }
    }
    b->len = (size_t)(o - b->data);
}

/*
 * A tab, then ingest_jsonb_text_array(obj -> key): an array's elements as text ({} when
 * empty), a JSON null element as NULL; NULL when not an array. Every element is quoted, so that
 * no string can be read as NULL or lose its spaces.
 */
static int pgw_details_field_titles(struct pgw_details_buf *b, const json_t *obj, const char *key)
{
    const json_t *v = json_object_get(obj, key);
    if (!json_is_array(v)) {
        return pgw_details_field_null(b);
    }
    size_t count = json_array_size(v);
    int rc = pgw_details_reserve(b, 3);
    if (rc != 0) {
        return rc;
    }
    pgw_details_put(b, "\t{", 2);
    for (size_t i = 0; i < count; i++) {
        const json_t *e = json_array_get(v, i);
        if (json_is_null(e)) {
            rc = pgw_details_reserve(b, 6);
            if (rc != 0) {
                return rc;
            }
            pgw_details_put(b, i > 0 ? ",NULL" : "NULL", i > 0 ? 5 : 4);
            continue;
        }
        if (!json_is_string(e)) {
            return -EINVAL;
        }
        const char *s = json_string_value(e);
        size_t n = json_string_length(e);
        if (memchr(s, '\0', n) != NULL || n > (SIZE_MAX - 8) / 4) {
            return -EINVAL;
        }
        rc = pgw_details_reserve(b, 4 * n + 4);
        if (rc != 0) {
            return rc;
        }
        if (i > 0) {
            pgw_details_put_char(b, ',');
        }
        pgw_details_put_char(b, '"');
        pgw_details_put_element(b, s, n);
        pgw_details_put_char(b, '"');
    }
    rc = pgw_details_reserve(b, 1);
    if (rc == 0) {
        pgw_details_put_char(b, '}');
    }
    return rc;
}

/* A tab, then a day as a date column's text, or NULL. */
static int pgw_details_field_day(struct pgw_details_buf *b, const struct pgw_day *d)
{
    char text[16];
    int n = pgw_day_format(d, text, sizeof(text));
    if (n <= 0) {
        return -EINVAL;
    }
    int rc = pgw_details_reserve(b, 1 + (size_t)n);
    if (rc == 0) {
        pgw_details_put_char(b, '\t');
        pgw_details_put(b, text, (size_t)n);
    }
    return rc;
}

/* The ordinal that starts a row. */
static int pgw_details_start_row(struct pgw_details_buf *b, size_t ordinal)
{
    int rc = pgw_details_reserve(b, 20);
    if (rc == 0) {
        pgw_details_put_int(b, (long long)ordinal);
    }
    return rc;
}

static int pgw_details_end_row(struct pgw_details_buf *b)
{
    int rc = pgw_details_reserve(b, 1);
    if (rc == 0) {
        pgw_details_put_char(b, '\n');
    }
    return rc;
}

static int pgw_details_entity(struct pgw_details_buf *b, const json_t *e, size_t flags)
{
    int rc = pgw_details_field_text(b, e, "type", 0);
    rc = rc != 0 ? rc : pgw_details_field_text(b, e, "text", 0);
    rc = rc != 0 ? rc : pgw_details_field_text(b, e, "normalized", PGW_DETAILS_NORMALIZED_CHARS);
    rc = rc != 0 ? rc : pgw_details_field_int(b, e, "start", flags);
    rc = rc != 0 ? rc : pgw_details_field_int(b, e, "end", flags);
    rc = rc != 0 ? rc : pgw_details_field_int(b, e, "count", flags);
    rc = rc != 0 ? rc : pgw_details_field_titles(b, e, "titles");
    rc = rc != 0 ? rc : pgw_details_field_text(b, e, "expansion", 0);
    return rc;
}

static int pgw_details_date(struct pgw_details_buf *b, const json_t *d, size_t flags)
{
    const char *value = NULL;
    size_t value_len = 0;
    struct pgw_day start, end;
    int rc = pgw_details_field_text(b, d, "text", 0);
    rc = rc != 0 ? rc : pgw_details_field_text(b, d, "kind", 0);
    rc = rc != 0 ? rc : pgw_details_field_text(b, d, "value", 0);
    if (rc != 0) {
        return rc;
    }
    /* Read without error now: the field above took the same value. */
    if (pgw_details_text(d, "value", &value, &value_len) == 1 &&
        pgw_iso_date_range(value, value_len, &start, &end)) {
        rc = pgw_details_field_day(b, &start);
        rc = rc != 0 ? rc : pgw_details_field_day(b, &end);
    } else {
        rc = pgw_details_field_null(b);
        rc = rc != 0 ? rc : pgw_details_field_null(b);
    }
    rc = rc != 0 ? rc : pgw_details_field_text(b, d, "role", 0);
    rc = rc != 0 ? rc : pgw_details_field_int(b, d, "start", flags);
    rc = rc != 0 ? rc : pgw_details_field_int(b, d, "end", flags);
    return rc;
}

static int pgw_details_figure(struct pgw_details_buf *b, const json_t *f, size_t flags)
{
    int rc = pgw_details_field_text(b, f, "text", 0);
    rc = rc != 0 ? rc : pgw_details_field_numeric(b, f, "value", flags);
    rc = rc != 0 ? rc : pgw_details_field_text(b, f, "unit", 0);
    rc = rc != 0 ? rc : pgw_details_field_text(b, f, "qualifier", 0);
    rc = rc != 0 ? rc : pgw_details_field_text(b, f, "context", 0);
    rc = rc != 0 ? rc : pgw_details_field_int(b, f, "start", flags);
    rc = rc != 0 ? rc : pgw_details_field_int(b, f, "end", flags);
    return rc;
}

typedef int (*pgw_details_row_fn)(struct pgw_details_buf *b, const json_t *obj, size_t flags);

static const char *const pgw_details_keys[PGW_DETAIL_TABLES] = {"entities", "dates", "figures"};
static const pgw_details_row_fn pgw_details_rows[PGW_DETAIL_TABLES] = {
    pgw_details_entity, pgw_details_date, pgw_details_figure};

int pgw_details_build(const json_t *record, size_t dump_flags, struct pgw_details *out)
{
    struct pgw_details_buf b = {0};
    const json_t *arrays[PGW_DETAIL_TABLES];
    size_t elements = 0;
    int rc;

    memset(out, 0, sizeof(*out));
    /* ingest_jsonb_objects(doc -> key): no rows unless the record is an object and the key
     * holds an array. */
    for (int t = 0; t < PGW_DETAIL_TABLES; t++) {
        arrays[t] = json_object_get(record, pgw_details_keys[t]);
        if (!json_is_array(arrays[t])) {
            arrays[t] = NULL;
        } else {
            elements += json_array_size(arrays[t]);
        }
    }
    /* About 70 bytes per row in the enriched test articles; 192 leaves room for long contexts,
     * so that most records need this one allocation. */
    rc = pgw_details_reserve(&b, 256 + 192 * elements);
    if (rc != 0) {
        return rc;
    }
    for (int t = 0; t < PGW_DETAIL_TABLES; t++) {
        size_t start = b.len, count = arrays[t] != NULL ? json_array_size(arrays[t]) : 0;
        for (size_t i = 0; i < count; i++) {
            const json_t *obj = json_array_get(arrays[t], i);
            if (!json_is_object(obj)) {
                continue; /* skipped, but it keeps its ordinal */
            }
            rc = pgw_details_start_row(&b, i);
            rc = rc != 0 ? rc : pgw_details_rows[t](&b, obj, dump_flags);
            rc = rc != 0 ? rc : pgw_details_end_row(&b);
            if (rc != 0) {
                free(b.data);
                memset(out, 0, sizeof(*out));
                return rc;
            }
            out->rows[t]++;
        }
        out->len[t] = b.len - start;
    }
    out->text = b.data;
    return 0;
}
