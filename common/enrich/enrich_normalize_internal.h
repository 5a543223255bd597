/*
 * Private contract between the normalization pass (enrich_normalize.c) and its NFC step
 * (enrich_normalize_compose.c).
 */
#ifndef ENRICH_NORMALIZE_INTERNAL_H
#define ENRICH_NORMALIZE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "enrich_internal.h"

/* Whether NFC leaves the code point cp (at or above U+0300) alone, whatever precedes it: the
 * pass composes a text only when it met one that NFC may change. */
bool enrich_normalize_nfc_inert(int32_t cp);

/* NFC of out->data[start..out->len), in place in out (which it may reallocate); adds to *count
 * the code points merged (one for a word changed without merging). Returns 0 or
 * ENRICH_ERR_NOMEM (out then holds the text as it was or composed up to some word). */
int enrich_normalize_compose(struct enrich_buf *out, size_t start, long *count);

#endif
