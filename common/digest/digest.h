/*
 * digest: SHA-256 for content hashes and derived ids. Backed by OpenSSL's libcrypto (already
 * linked by libpq), which is faster and better reviewed than a hand-written one.
 */
#ifndef DIGEST_H
#define DIGEST_H

#include <stddef.h>
#include <stdint.h>

#define DIGEST_SHA256_LEN     32
#define DIGEST_SHA256_HEX_LEN 64

/* Hashes the concatenation of n parts (parts[i] of lens[i] bytes) into out. Returns 0 or -EIO. */
int digest_sha256_parts(const void *const *parts, const size_t *lens, size_t n,
                        uint8_t out[DIGEST_SHA256_LEN]);

/* Hex of the SHA-256 of buf[0..len): writes 64 lowercase hex digits and a NUL to out. */
int digest_sha256_hex(const void *buf, size_t len, char out[DIGEST_SHA256_HEX_LEN + 1]);

/* Lowercase hex of len bytes; out must hold 2*len+1 bytes. */
void digest_hex(const uint8_t *bytes, size_t len, char *out);

#endif
