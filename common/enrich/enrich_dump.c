/*
 * enrich_json_dumps(): compact JSON text, the same bytes as jansson's json_dumps() with the same
 * flags, in a fraction of its time. jansson decodes every string a code point at a time,
 * formats each integer with snprintf() and, to detect cycles, formats every array's and
 * object's address into a hash table; for an enriched record that took about half as long as
 * enriching the article. Here strings are copied in runs, validated a byte class at a time,
 * and the containers being written are kept on a small stack. Whatever this file does not
 * reproduce itself (deep nesting, a key that is not UTF-8 under JSON_SORT_KEYS) is handed to
 * json_dumps(), so the output is jansson's in every case.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "enrich_internal.h"
#include "enrich_simd.h"

/* Deeper records than this (ours are four levels deep) are left to jansson itself. */
#define DUMP_MAX_DEPTH 64

/* Returned inside this file when jansson must write the whole text itself. */
#define DUMP_FALLBACK 1

/* The flags this writer reproduces; JSON_PRESERVE_ORDER is jansson's default already. */
#define DUMP_FLAGS                                                                                 \
    (JSON_COMPACT | JSON_SORT_KEYS | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY |                       \
     JSON_REAL_PRECISION(31))

/* What a byte is inside a string: copied as it is, escaped, or the start of a sequence of
 * n bytes (2..4) to validate; BAD cannot start a character (a continuation byte, C0, C1, or
 * F5 and above), which jansson refuses. */
enum { B_COPY = 0, B_ESCAPE = 1, B_SEQ2 = 2, B_SEQ3 = 3, B_SEQ4 = 4, B_BAD = 5 };
#define E4     B_ESCAPE, B_ESCAPE, B_ESCAPE, B_ESCAPE
#define E16    E4, E4, E4, E4
#define X4     B_BAD, B_BAD, B_BAD, B_BAD
#define X16    X4, X4, X4, X4
#define S4(k)  k, k, k, k
#define S16(k) S4(k), S4(k), S4(k), S4(k)
static const unsigned char byte_class[256] = {
    [0x00] = E16,         [0x10] = E16,        ['"'] = B_ESCAPE,    ['\\'] = B_ESCAPE,
    [0x80] = X16,         [0x90] = X16,        [0xA0] = X16,        [0xB0] = X16,
    [0xC0] = B_BAD,       [0xC1] = B_BAD,      [0xC2] = B_SEQ2,     [0xC3] = B_SEQ2,
    [0xC4] = S4(B_SEQ2),  [0xC8] = S4(B_SEQ2), [0xCC] = S4(B_SEQ2), [0xD0] = S16(B_SEQ2),
    [0xE0] = S16(B_SEQ3), [0xF0] = S4(B_SEQ4), [0xF4] = B_SEQ4,     [0xF5] = B_BAD,
    [0xF6] = B_BAD,       [0xF7] = B_BAD,      [0xF8] = S4(B_BAD),  [0xFC] = S4(B_BAD)};
#undef E4
#undef E16
#undef X4
#undef X16
#undef S4
#undef S16

/* Whether the n-byte sequence at p (its first byte classed B_SEQn) is a character jansson
 * accepts: continuation bytes, no overlong form, no surrogate, nothing above U+10FFFF. The
 * first byte's class already excludes C0, C1 and F5 and above, so only the second byte of
 * E0, ED, F0 and F4 has a narrower range than 80..BF. */
static inline bool sequence_ok(const unsigned char *p, size_t n)
{
    unsigned char c = p[1];
    unsigned char lo = 0x80, hi = 0xBF;
    if (p[0] == 0xE0) {
        lo = 0xA0;
    } else if (p[0] == 0xED) {
        hi = 0x9F;
    } else if (p[0] == 0xF0) {
        lo = 0x90;
    } else if (p[0] == 0xF4) {
        hi = 0x8F;
    }
    if (c < lo || c > hi) {
        return false;
    }
    for (size_t i = 2; i < n; i++) {
        if ((p[i] & 0xC0) != 0x80) {
            return false;
        }
    }
    return true;
}

/*
 * How many of the 16 bytes at p the loop below would copy without a second look: printable
 * ASCII but '"' and '\\', and whole characters of two bytes (C2..DF) and of three (E1..EC,
 * EE, EF: the leads whose second byte may be any continuation byte). It stops before anything
 * else, and before a character that does not end inside the 16 bytes; the loop then goes on a
 * byte class at a time, so the result is the same, only sooner. 0 without SSE2.
 */
static inline size_t plain_prefix16(const unsigned char *p)
{
#if defined(__SSE2__)
    __m128i c = _mm_loadu_si128((const __m128i *)(const void *)p);
    unsigned ascii = enrich_simd_in_range(c, 0x20, 0x7F - 0x20) &
                     ~(enrich_simd_eq(c, '"') | enrich_simd_eq(c, '\\'));
    unsigned cont = enrich_simd_in_range(c, 0x80, 0x3F);
    unsigned lead2 = enrich_simd_in_range(c, 0xC2, 0xDF - 0xC2);
    unsigned lead3 =
        (enrich_simd_in_range(c, 0xE1, 0xEC - 0xE1) | enrich_simd_in_range(c, 0xEE, 1));
    unsigned needed = (lead2 << 1) | (lead3 << 1) | (lead3 << 2);
    /* A lead whose continuation bytes would lie past the 16 bytes stops here too. */
    unsigned stop = ~(ascii | cont | lead2 | lead3) & 0xFFFFu;
    stop |= cont & ~needed;
    stop |= (lead2 | lead3) & ~(cont >> 1);
    stop |= lead3 & ~(cont >> 2);
    return (size_t)__builtin_ctz(stop | 0x10000u);
#else
    (void)p;
    return 0;
#endif
}

/* Appends one byte; the buffer keeps its NUL at the end. */
static inline int put_char(struct enrich_buf *b, char c)
{
    if (b->len + 2 > b->cap && enrich_buf_reserve(b, 1) != 0) {
        return ENRICH_ERR_NOMEM;
    }
    b->data[b->len++] = c;
    b->data[b->len] = '\0';
    return 0;
}

static int put_string(struct enrich_buf *b, const char *str, size_t len)
{
    static const char hex[] = "0123456789ABCDEF";
    const unsigned char *s = (const unsigned char *)str;
    if (len > SIZE_MAX / 2 || (b->len + len + 3 > b->cap && enrich_buf_reserve(b, len + 2) != 0)) {
        return ENRICH_ERR_NOMEM;
    }
    b->data[b->len++] = '"';
    size_t i = 0, run = 0; /* s[run..i) is waiting to be copied */
    while (i < len) {
        if (len - i >= 16) {
            size_t plain = plain_prefix16(s + i);
            if (plain > 0) {
                i += plain;
                continue;
            }
        } else {
            /* The short strings (keys, names) and the tails of long ones. */
            while (i < len && byte_class[s[i]] == B_COPY) {
                i++;
            }
            if (i == len) {
                break;
            }
        }
        unsigned k = byte_class[s[i]];
        if (k == B_COPY) {
            i++;
            continue;
        }
        if (k >= B_SEQ2 && k <= B_SEQ4) {
            if (k > len - i || !sequence_ok(s + i, k)) {
                return ENRICH_ERR_INVALID;
            }
            i += k;
            continue;
        }
        if (k == B_BAD) {
            return ENRICH_ERR_INVALID;
        }
        /* An escape (at most 6 bytes) where 1 was reserved: keep room for the rest. */
        memcpy(b->data + b->len, s + run, i - run);
        b->len += i - run;
        if (enrich_buf_reserve(b, 6 + (len - i)) != 0) {
            return ENRICH_ERR_NOMEM;
        }
        unsigned char c = s[i++];
        char *o = b->data + b->len;
        o[0] = '\\';
        o[1] = (char)c;
        b->len += 2;
        switch (c) {
        case '"':
        case '\\':
            break;
        case '\b':
            o[1] = 'b';
            break;
        case '\f':
            o[1] = 'f';
            break;
        case '\n':
            o[1] = 'n';
            break;
        case '\r':
            o[1] = 'r';
            break;
        case '\t':
            o[1] = 't';
            break;
        default: /* jansson writes other controls as \u00XX, in capitals */
            memcpy(o + 1, "u00", 3);
            o[4] = hex[c >> 4];
            o[5] = hex[c & 15];
            b->len += 4;
            break;
        }
        run = i;
    }
    memcpy(b->data + b->len, s + run, len - run);
    b->len += len - run;
    b->data[b->len++] = '"';
    b->data[b->len] = '\0';
    return 0;
}

static int put_integer(struct enrich_buf *b, json_int_t v)
{
    char digits[24];
    size_t n = 0;
    /* Negated in unsigned arithmetic, so that the smallest value has a magnitude too. */
    unsigned long long u = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
    do {
        digits[sizeof digits - 1 - n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u != 0);
    if (v < 0) {
        digits[sizeof digits - 1 - n++] = '-';
    }
    if (enrich_buf_reserve(b, n) != 0) {
        return ENRICH_ERR_NOMEM;
    }
    memcpy(b->data + b->len, digits + sizeof digits - n, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}

/* Reals are rare in a record (fractional figures); jansson formats them itself, so that its
 * rules (the precision, ".0" for whole numbers, the exponent's form, the locale's decimal
 * point) hold by construction. */
static int put_real(struct enrich_buf *b, const json_t *real, size_t flags)
{
    char text[128];
    size_t n = json_dumpb(real, text, sizeof text, flags | JSON_ENCODE_ANY);
    if (n == 0 || n > sizeof text) {
        return ENRICH_ERR_INVALID;
    }
    return enrich_buf_append(b, text, n);
}

struct dump {
    struct enrich_buf *b;
    size_t flags;
    const json_t *open[DUMP_MAX_DEPTH]; /* the containers being written, outermost first */
    int depth;
};

static int put_value(struct dump *d, const json_t *v);

/* Enters container v; refuses a cycle, as jansson does. */
static int enter(struct dump *d, const json_t *v)
{
    if (d->depth == DUMP_MAX_DEPTH) {
        return DUMP_FALLBACK;
    }
    for (int k = 0; k < d->depth; k++) {
        if (d->open[k] == v) {
            return ENRICH_ERR_INVALID;
        }
    }
    d->open[d->depth++] = v;
    return 0;
}

static int put_array(struct dump *d, const json_t *v)
{
    int rc = enter(d, v);
    if (rc != 0 || (rc = put_char(d->b, '[')) != 0) {
        return rc;
    }
    size_t n = json_array_size(v);
    for (size_t i = 0; i < n; i++) {
        if ((i > 0 && (rc = put_char(d->b, ',')) != 0) ||
            (rc = put_value(d, json_array_get(v, i))) != 0) {
            return rc;
        }
    }
    d->depth--;
    return put_char(d->b, ']');
}

struct member {
    const char *key;
    size_t len;
    const json_t *value;
};

/* jansson's order under JSON_SORT_KEYS: bytes, then the shorter key first. */
static int by_key(const void *a, const void *b)
{
    const struct member *x = a, *y = b;
    int c = memcmp(x->key, y->key, x->len < y->len ? x->len : y->len);
    return c != 0 ? c : (x->len > y->len) - (x->len < y->len);
}

static int put_sorted_members(struct dump *d, const json_t *v)
{
    struct member few[32], *m = few;
    size_t n = json_object_size(v);
    if (n > sizeof few / sizeof few[0] && (m = malloc(n * sizeof *m)) == NULL) {
        return ENRICH_ERR_NOMEM;
    }
    size_t k = 0;
    for (void *it = json_object_iter((json_t *)v); it != NULL && k < n;
         it = json_object_iter_next((json_t *)v, it), k++) {
        m[k] = (struct member){json_object_iter_key(it), json_object_iter_key_len(it),
                               json_object_iter_value(it)};
    }
    qsort(m, k, sizeof *m, by_key);
    int rc = 0;
    for (size_t i = 0; i < k && rc == 0; i++) {
        if (i > 0) {
            rc = put_char(d->b, ',');
        }
        /* jansson ignores a failure to write a sorted key and goes on: only it can say what
         * it then writes. */
        if (rc == 0 && (rc = put_string(d->b, m[i].key, m[i].len)) == ENRICH_ERR_INVALID) {
            rc = DUMP_FALLBACK;
        }
        if (rc == 0 && (rc = put_char(d->b, ':')) == 0) {
            rc = put_value(d, m[i].value);
        }
    }
    if (m != few) {
        free(m);
    }
    return rc;
}

static int put_object(struct dump *d, const json_t *v)
{
    int rc = enter(d, v);
    if (rc != 0 || (rc = put_char(d->b, '{')) != 0) {
        return rc;
    }
    if (d->flags & JSON_SORT_KEYS) {
        if ((rc = put_sorted_members(d, v)) != 0) {
            return rc;
        }
        d->depth--;
        return put_char(d->b, '}');
    }
    /* Insertion order, as json_dumps() writes without JSON_SORT_KEYS. */
    bool first = true;
    for (void *it = json_object_iter((json_t *)v); it != NULL;
         it = json_object_iter_next((json_t *)v, it)) {
        if ((!first && (rc = put_char(d->b, ',')) != 0) ||
            (rc = put_string(d->b, json_object_iter_key(it), json_object_iter_key_len(it))) != 0 ||
            (rc = put_char(d->b, ':')) != 0 ||
            (rc = put_value(d, json_object_iter_value(it))) != 0) {
            return rc;
        }
        first = false;
    }
    d->depth--;
    return put_char(d->b, '}');
}

static int put_value(struct dump *d, const json_t *v)
{
    if (v == NULL) {
        return ENRICH_ERR_INVALID;
    }
    switch (json_typeof(v)) {
    case JSON_OBJECT:
        return put_object(d, v);
    case JSON_ARRAY:
        return put_array(d, v);
    case JSON_STRING:
        return put_string(d->b, json_string_value(v), json_string_length(v));
    case JSON_INTEGER:
        return put_integer(d->b, json_integer_value(v));
    case JSON_REAL:
        return put_real(d->b, v, d->flags);
    case JSON_TRUE:
        return enrich_buf_append(d->b, "true", 4);
    case JSON_FALSE:
        return enrich_buf_append(d->b, "false", 5);
    case JSON_NULL:
        return enrich_buf_append(d->b, "null", 4);
    }
    return ENRICH_ERR_INVALID;
}

int enrich_json_dumps(const json_t *json, size_t flags, char **out, size_t *len)
{
    *out = NULL;
    *len = 0;
    if (json == NULL || !(flags & JSON_COMPACT) || (flags & ~(size_t)DUMP_FLAGS) != 0 ||
        (!(flags & JSON_ENCODE_ANY) && !json_is_object(json) && !json_is_array(json))) {
        return ENRICH_ERR_INVALID;
    }
    struct enrich_buf b = {0};
    struct dump d = {.b = &b, .flags = flags};
    int rc = enrich_buf_reserve(&b, 4096);
    if (rc == 0) {
        rc = put_value(&d, json);
    }
    if (rc == DUMP_FALLBACK) {
        enrich_buf_free(&b);
        char *text = json_dumps(json, flags);
        if (text == NULL) {
            return ENRICH_ERR_INVALID;
        }
        *out = text;
        *len = strlen(text);
        return 0;
    }
    if (rc != 0) {
        enrich_buf_free(&b);
        return rc;
    }
    *out = b.data;
    *len = b.len;
    return 0;
}
