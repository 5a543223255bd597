#include "digest.h"

#include <errno.h>
#include <openssl/evp.h>

int digest_sha256_parts(const void *const *parts, const size_t *lens, size_t n,
                        uint8_t out[DIGEST_SHA256_LEN])
{
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    if (ctx == NULL) {
        return -ENOMEM;
    }
    int ok = EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);
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
