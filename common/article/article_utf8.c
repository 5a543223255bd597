#include "article_internal.h"

#include <string.h>

/* Follows Table 3-7 of the Unicode standard, which rules out overlong forms, surrogates and
 * code points beyond U+10FFFF by narrowing the range of the second byte. */
size_t article_utf8_sequence_len(const unsigned char *s, size_t avail)
{
    unsigned char b0 = s[0];
    if (b0 < 0x80) {
        return 1;
    }
    size_t n;
    unsigned char lo = 0x80, hi = 0xBF;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        n = 2;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        n = 3;
        if (b0 == 0xE0) {
            lo = 0xA0;
        } else if (b0 == 0xED) {
            hi = 0x9F;
        }
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        n = 4;
        if (b0 == 0xF0) {
            lo = 0x90;
        } else if (b0 == 0xF4) {
            hi = 0x8F;
        }
    } else {
        return 0;
    }
    if (avail < n || s[1] < lo || s[1] > hi) {
        return 0;
    }
    for (size_t k = 2; k < n; k++) {
        if (s[k] < 0x80 || s[k] > 0xBF) {
            return 0;
        }
    }
    return n;
}

size_t article_utf8_invalid_at(const unsigned char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        /* Runs of ASCII are the common case in JSON; skip them byte by byte cheaply. */
        if (s[i] < 0x80) {
            i++;
            continue;
        }
        size_t n = article_utf8_sequence_len(s + i, len - i);
        if (n == 0) {
            return i;
        }
        i += n;
    }
    return len;
}

void article_utf8_trim_partial(char *s)
{
    size_t len = strlen(s);
    size_t start = len;
    /* Walk back over at most three continuation bytes to the lead byte of the last sequence. */
    while (start > 0 && len - start < 4 && ((unsigned char)s[start - 1] & 0xC0) == 0x80) {
        start--;
    }
    if (start == 0) {
        if (len > 0 && ((unsigned char)s[0] & 0xC0) == 0x80) {
            s[0] = '\0';
        }
        return;
    }
    start--;
    if (article_utf8_sequence_len((const unsigned char *)s + start, len - start) != len - start) {
        s[start] = '\0';
    }
}

unsigned article_utf8_next(const unsigned char *s, size_t len, size_t *i)
{
    size_t n = article_utf8_sequence_len(s + *i, len - *i);
    unsigned cp;
    switch (n) {
    case 1:
        cp = s[*i];
        break;
    case 2:
        cp = ((unsigned)(s[*i] & 0x1F) << 6) | (s[*i + 1] & 0x3F);
        break;
    case 3:
        cp = ((unsigned)(s[*i] & 0x0F) << 12) | ((unsigned)(s[*i + 1] & 0x3F) << 6) |
             (s[*i + 2] & 0x3F);
        break;
    case 4:
        cp = ((unsigned)(s[*i] & 0x07) << 18) | ((unsigned)(s[*i + 1] & 0x3F) << 12) |
             ((unsigned)(s[*i + 2] & 0x3F) << 6) | (s[*i + 3] & 0x3F);
        break;
    default:
        /* Not reachable on valid input; step one byte so that callers always progress. */
        cp = 0xFFFD;
        n = 1;
        break;
    }
    *i += n;
    return cp;
}

void article_utf8_sanitize(char *s)
{
    size_t len = strlen(s);
    size_t at = 0;

    while ((at += article_utf8_invalid_at((const unsigned char *)s + at, len - at)) < len) {
        s[at++] = '?';
    }
}
