#include "article_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Messages travel in Kafka headers, JSON output and log lines: keep them on one line and
 * printable even when they quote bytes taken from the submission. */
static void message_clean(char *s)
{
    size_t len = strlen(s);
    size_t i = 0;
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7F) {
            s[i++] = '?';
            continue;
        }
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t n = article_utf8_sequence_len((const unsigned char *)s + i, len - i);
        if (n == 0) {
            s[i++] = '?';
            continue;
        }
        i += n;
    }
}

int article_reject(struct article_error *err, enum article_reason reason, const char *path,
                   const char *fmt, ...)
{
    err->reason = reason;
    snprintf(err->path, sizeof err->path, "%s", path != NULL ? path : "");
    article_utf8_trim_partial(err->path);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    article_utf8_trim_partial(err->message);
    message_clean(err->message);
    return ARTICLE_ERR_REJECTED;
}
