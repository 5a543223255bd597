/* The growable byte buffer every stage writes into. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "enrich_internal.h"

int enrich_buf_reserve(struct enrich_buf *b, size_t extra)
{
    if (extra > SIZE_MAX / 2 - b->len) {
        return ENRICH_ERR_NOMEM;
    }
    size_t need = b->len + extra + 1;
    if (need <= b->cap) {
        return 0;
    }
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need) {
        cap *= 2;
    }
    char *data = realloc(b->data, cap);
    if (data == NULL) {
        return ENRICH_ERR_NOMEM;
    }
    b->data = data;
    b->cap = cap;
    b->data[b->len] = '\0';
    return 0;
}

int enrich_buf_append(struct enrich_buf *b, const void *s, size_t n)
{
    if (enrich_buf_reserve(b, n) != 0) {
        return ENRICH_ERR_NOMEM;
    }
    if (n > 0) {
        memcpy(b->data + b->len, s, n);
    }
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}

int enrich_buf_putc(struct enrich_buf *b, char c)
{
    return enrich_buf_append(b, &c, 1);
}

void enrich_buf_free(struct enrich_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
}
