#include "article.h"

#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "digest.h"

/* 16 hex digits = 64 bits: a collision among a source's articles is out of reach for any
 * realistic volume, and the id stays short enough to read in a log line. */
#define ARTICLE_ID_HASH_HEX 16

int article_derive_id(const char *source, const char *url, const char *body, size_t body_len,
                      char *out, size_t cap)
{
    size_t source_len = strlen(source);
    if (cap < source_len + 1 + ARTICLE_ID_HASH_HEX + 1) {
        return -ENOSPC;
    }
    const void *parts[3] = {source, "\n", url != NULL ? (const void *)url : (const void *)body};
    size_t lens[3] = {source_len, 1, url != NULL ? strlen(url) : body_len};
    uint8_t hash[DIGEST_SHA256_LEN];
    int rc = digest_sha256_parts(parts, lens, 3, hash);
    if (rc != 0) {
        return rc;
    }
    char hex[DIGEST_SHA256_HEX_LEN + 1];
    digest_hex(hash, sizeof hash, hex);
    memcpy(out, source, source_len);
    out[source_len] = '-';
    memcpy(out + source_len + 1, hex, ARTICLE_ID_HASH_HEX);
    out[source_len + 1 + ARTICLE_ID_HASH_HEX] = '\0';
    return 0;
}
