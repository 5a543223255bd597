#include "article_internal.h"

#include <stdio.h>
#include <string.h>

/* Appends s[0..n) to path, or as much of it as fits, ending on a character boundary. */
static void path_put(char *path, size_t cap, const char *s, size_t n)
{
    size_t used = strlen(path);
    if (used + 1 >= cap) {
        return;
    }
    size_t room = cap - 1 - used;
    if (n > room) {
        n = room;
    }
    memcpy(path + used, s, n);
    path[used + n] = '\0';
    article_utf8_trim_partial(path + used);
}

void article_pointer_append(char *path, size_t cap, const char *key, size_t key_len)
{
    path_put(path, cap, "/", 1);
    for (size_t i = 0; i < key_len; i++) {
        if (key[i] == '~') {
            path_put(path, cap, "~0", 2);
        } else if (key[i] == '/') {
            path_put(path, cap, "~1", 2);
        } else {
            /* Copy a run up to the next character that needs escaping in one step, so that a
             * multi-byte character is never split by the byte-wise loop. */
            size_t end = i;
            while (end < key_len && key[end] != '~' && key[end] != '/') {
                end++;
            }
            path_put(path, cap, key + i, end - i);
            i = end - 1;
        }
    }
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

/* Reads 4 hex digits at s[0..4) within n bytes; returns -1 when they are not there. */
static long hex4(const char *s, size_t n)
{
    if (n < 4) {
        return -1;
    }
    long v = 0;
    for (int k = 0; k < 4; k++) {
        int d = hex_value(s[k]);
        if (d < 0) {
            return -1;
        }
        v = v * 16 + d;
    }
    return v;
}

static size_t utf8_encode(unsigned long cp, char *out)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Unescapes the JSON string contents raw[0..n) into out[0..cap) (at most cap - 1 bytes, no NUL
 * written). Malformed escapes and lone surrogates become U+FFFD; a NUL becomes U+FFFD too, so
 * the result can be used as a C string. Returns the number of bytes written. */
static size_t unescape_key(const char *raw, size_t n, char *out, size_t cap)
{
    size_t o = 0;
    size_t i = 0;
    while (i < n && o + 4 < cap) {
        if (raw[i] != '\\') {
            /* Bytes that are not UTF-8 (only in text that is rejected as such) become U+FFFD,
             * so that the path is always valid UTF-8. */
            size_t seq = article_utf8_sequence_len((const unsigned char *)raw + i, n - i);
            if (seq == 0) {
                o += utf8_encode(0xFFFD, out + o);
                i++;
                continue;
            }
            memcpy(out + o, raw + i, seq);
            o += seq;
            i += seq;
            continue;
        }
        if (i + 1 >= n) {
            break;
        }
        char e = raw[i + 1];
        i += 2;
        unsigned long cp = 0xFFFD;
        switch (e) {
        case 'b':
            cp = '\b';
            break;
        case 'f':
            cp = '\f';
            break;
        case 'n':
            cp = '\n';
            break;
        case 'r':
            cp = '\r';
            break;
        case 't':
            cp = '\t';
            break;
        case '"':
        case '\\':
        case '/':
            cp = (unsigned char)e;
            break;
        case 'u': {
            long hi = hex4(raw + i, n - i);
            if (hi < 0) {
                break;
            }
            i += 4;
            cp = (unsigned long)hi;
            if (hi >= 0xD800 && hi <= 0xDBFF) {
                long lo = -1;
                if (i + 6 <= n && raw[i] == '\\' && raw[i + 1] == 'u') {
                    lo = hex4(raw + i + 2, n - i - 2);
                }
                if (lo >= 0xDC00 && lo <= 0xDFFF) {
                    i += 6;
                    cp = 0x10000 + (((unsigned long)hi - 0xD800) << 10) +
                         ((unsigned long)lo - 0xDC00);
                } else {
                    cp = 0xFFFD;
                }
            } else if ((hi >= 0xDC00 && hi <= 0xDFFF) || hi == 0) {
                cp = 0xFFFD;
            }
            break;
        }
        default:
            break;
        }
        o += utf8_encode(cp, out + o);
    }
    return o;
}

/* One open object or array while scanning. */
struct level {
    bool is_object;
    bool expect_key; /* object: the next string is a member name */
    bool has_key;    /* object: key_start/key_len name the member being read */
    bool has_value;  /* array: an element has started */
    size_t key_start, key_len;
    unsigned long index; /* array: index of the element being read */
};

/* Deeper levels are counted but not kept: a pointer this deep no longer fits the path buffer. */
#define POINTER_MAX_LEVELS 64

/* Skips a string token starting after its opening quote at i; returns the index of the closing
 * quote, or end when the string does not close before end. */
static size_t string_end(const char *buf, size_t i, size_t end)
{
    while (i < end) {
        if (buf[i] == '\\') {
            i += 2;
            continue;
        }
        if (buf[i] == '"') {
            return i;
        }
        i++;
    }
    return end;
}

static void mark_value_start(struct level *levels, size_t depth)
{
    if (depth > 0 && depth <= POINTER_MAX_LEVELS && !levels[depth - 1].is_object) {
        levels[depth - 1].has_value = true;
    }
}

void article_pointer_at(const char *buf, size_t len, size_t pos, char *path, size_t cap)
{
    struct level levels[POINTER_MAX_LEVELS];
    size_t depth = 0;
    size_t end = pos < len ? pos : len;
    if (cap == 0) {
        return;
    }
    path[0] = '\0';
    for (size_t i = 0; i < end; i++) {
        char c = buf[i];
        struct level *top = (depth > 0 && depth <= POINTER_MAX_LEVELS) ? &levels[depth - 1] : NULL;
        switch (c) {
        case '{':
        case '[':
            mark_value_start(levels, depth);
            if (depth < POINTER_MAX_LEVELS) {
                levels[depth] = (struct level){.is_object = (c == '{'), .expect_key = (c == '{')};
            }
            depth++;
            break;
        case '}':
        case ']':
            if (depth > 0) {
                depth--;
            }
            break;
        case ',':
            if (top != NULL && top->is_object) {
                top->expect_key = true;
                top->has_key = false;
            } else if (top != NULL) {
                top->index++;
                top->has_value = false;
            }
            break;
        case '"': {
            size_t close = string_end(buf, i + 1, end);
            if (top != NULL && top->is_object && top->expect_key) {
                /* A name cut off by pos is not known yet: point at the object instead. */
                if (close < end) {
                    top->expect_key = false;
                    top->has_key = true;
                    top->key_start = i + 1;
                    top->key_len = close - (i + 1);
                }
            } else {
                mark_value_start(levels, depth);
            }
            i = close;
            break;
        }
        case ' ':
        case '\t':
        case '\n':
        case '\r':
        case ':':
            break;
        default:
            mark_value_start(levels, depth);
            break;
        }
    }
    size_t kept = depth < POINTER_MAX_LEVELS ? depth : POINTER_MAX_LEVELS;
    for (size_t d = 0; d < kept; d++) {
        const struct level *l = &levels[d];
        if (l->is_object) {
            if (!l->has_key) {
                break;
            }
            char key[256];
            size_t n = unescape_key(buf + l->key_start, l->key_len, key, sizeof key);
            article_pointer_append(path, cap, key, n);
        } else {
            if (!l->has_value) {
                break;
            }
            char index[32];
            int n = snprintf(index, sizeof index, "/%lu", l->index);
            path_put(path, cap, index, (size_t)n);
        }
    }
}
