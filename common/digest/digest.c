#include "digest.h"

#include <errno.h>
#include <openssl/evp.h>
#include <pthread.h>

/* OpenSSL 3 looks an implicitly named algorithm (EVP_sha256()) up in its provider tables at
 * every EVP_DigestInit_ex(), under a lock; for the short texts hashed here that look-up cost
 * more than the hash. It is fetched once and kept for the life of the process (one small
 * object, still reachable at exit), read-only and safe to share between threads. */
static EVP_MD *sha256_fetched;
static pthread_once_t sha256_once = PTHREAD_ONCE_INIT;

static void sha256_fetch(void)
{
    sha256_fetched = EVP_MD_fetch(NULL, "SHA256", NULL);
}

static const EVP_MD *sha256_md(void)
{
    pthread_once(&sha256_once, sha256_fetch);
    return sha256_fetched != NULL ? sha256_fetched : EVP_sha256();
}

int digest_sha256_parts(const void *const *parts, const size_t *lens, size_t n,
                        uint8_t out[DIGEST_SHA256_LEN])
{
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    if (ctx == NULL) {
        return -ENOMEM;
    }
    int ok = EVP_DigestInit_ex(ctx, sha256_md(), NULL);
    for (size_t i = 0; ok && i < n; i++) {
        ok = EVP_DigestUpdate(ctx, parts[i], lens[i]);
    }
    unsigned int out_len = 0;
    ok = ok && EVP_DigestFinal_ex(ctx, out, &out_len) && out_len == DIGEST_SHA256_LEN;
    EVP_MD_CTX_free(ctx);
    return ok ? 0 : -EIO;
}

void digest_hex(const uint8_t *bytes, size_t len, char *out)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < len; i++) {
        out[2 * i] = digits[bytes[i] >> 4];
        out[2 * i + 1] = digits[bytes[i] & 0x0f];
    }
    out[2 * len] = '\0';
}

int digest_sha256_hex(const void *buf, size_t len, char out[DIGEST_SHA256_HEX_LEN + 1])
{
    uint8_t raw[DIGEST_SHA256_LEN];
    const void *parts[1] = {buf};
    int rc = digest_sha256_parts(parts, &len, 1, raw);
    if (rc != 0) {
        return rc;
    }
    digest_hex(raw, sizeof raw, out);
    return 0;
}
