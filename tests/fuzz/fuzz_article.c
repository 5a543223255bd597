// fuzz-links: article
/*
 * Fuzz target for the parser of raw submissions (bytes straight from Kafka). Beyond "no crash,
 * no sanitizer report" it checks the promises callers rely on: an accepted article has source,
 * body and an id of 1..128 visible bytes; a rejection has a known reason, and its path and
 * message are valid UTF-8 without control characters in the message.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "article_internal.h"

static void check_text(const char *s, size_t cap, int allow_controls)
{
    size_t len = strnlen(s, cap);
    if (len == cap) {
        abort(); /* not NUL-terminated */
    }
    if (article_utf8_invalid_at((const unsigned char *)s, len) != len) {
        abort();
    }
    for (size_t i = 0; !allow_controls && i < len; i++) {
        if ((unsigned char)s[i] < 0x20) {
            abort();
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct article_limits lim;
    article_limits_default(&lim);
    /* Small enough that the fuzzer reaches the field limits too. */
    lim.max_field_bytes = 64;
    struct article *a = NULL;
    struct article_error err;
    int rc = article_parse(data, size, &lim, &a, &err);
    if (rc == 0) {
        if (a == NULL || a->sub.source == NULL || a->sub.body == NULL || a->sub.id != a->id ||
            a->sub.content_type == NULL || strlen(a->sub.body) != a->sub.body_len) {
            abort();
        }
        size_t id_len = strlen(a->id);
        if (id_len == 0 || id_len > ARTICLE_ID_MAX) {
            abort();
        }
        for (size_t i = 0; i < id_len; i++) {
            if ((unsigned char)a->id[i] <= 0x20 || (unsigned char)a->id[i] >= 0x7F) {
                abort();
            }
        }
        article_free(a);
    } else if (rc == ARTICLE_ERR_REJECTED) {
        if (a != NULL || err.reason <= ARTICLE_OK || err.reason >= ARTICLE_REASON_COUNT) {
            abort();
        }
        check_text(err.path, sizeof err.path, 1);
        check_text(err.message, sizeof err.message, 0);
        if (err.message[0] == '\0') {
            abort();
        }
    } else if (rc != ARTICLE_ERR_NOMEM) {
        abort();
    }
    /* The pointer scanner must accept any bytes at any position. */
    char path[128];
    article_pointer_at((const char *)data, size, size / 2, path, sizeof path);
    check_text(path, sizeof path, 1);
    return 0;
}
