/*
 * Fold keys of mentions, by which merging groups them.
 *
 * Most names are the text as written ("Phạm Văn Hiểu", "Ban Dân vận"), whose tokens were
 * folded already: the key of such a name is the tokens' keys joined by what lies between them.
 * This is exactly enrich_fold() of the text, because folding never carries across a character
 * that is not a letter or a mark, every word token is bounded by such characters, and
 * enrich_fold() of a word token is its key (the tokenizer's contract). Only punctuation needs
 * care: its key ("-" for every dash) is not its fold, which is the character itself (or
 * U+FFFD for a byte that is not UTF-8). Other names (canonical names, names with their level
 * or place joined) are folded when merging.
 */
#include <string.h>

#include "enrich_entities_internal.h"

/* The token of t that starts at byte start, or t->n. */
static size_t token_at(const struct ent_tokens *t, uint32_t start)
{
    size_t lo = 0, hi = t->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (t->v[mid].start < start) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo < t->n && t->v[lo].start == start ? lo : t->n;
}

const char *ent_span_key(struct ent_ctx *c, size_t i, size_t j)
{
    const struct ent_tokens *t = &c->t;
    size_t len = 0;
    for (size_t k = i; k < j; k++) {
        const struct ent_token *tok = &t->v[k];
        len += (k > i ? tok->start - t->v[k - 1].end : 0) +
               ((tok->flags & ENT_TOK_WORD) ? tok->key_len : 3 * (size_t)(tok->end - tok->start));
    }
    char *out = ent_alloc(c, len + 1);
    if (out == NULL) {
        return NULL;
    }
    size_t pos = 0;
    for (size_t k = i; k < j; k++) {
        const struct ent_token *tok = &t->v[k];
        if (k > i) {
            size_t gap = tok->start - t->v[k - 1].end; /* spaces: their own fold */
            memcpy(out + pos, c->s + t->v[k - 1].end, gap);
            pos += gap;
        }
        size_t n = tok->end - tok->start;
        if (tok->flags & ENT_TOK_WORD) {
            memcpy(out + pos, ent_tok_key(t, k), tok->key_len);
            pos += tok->key_len;
        } else if (n == 1 && (unsigned char)c->s[tok->start] >= 0x80) {
            memcpy(out + pos, "\xEF\xBF\xBD", 3); /* a byte that is not UTF-8 */
            pos += 3;
        } else {
            memcpy(out + pos, c->s + tok->start, n);
            pos += n;
        }
    }
    out[pos] = '\0';
    return out;
}

void ent_keys_from_tokens(struct ent_ctx *c, size_t from)
{
    for (size_t m = from; m < c->n && c->err == 0; m++) {
        struct ent_mention *men = &c->m[m];
        size_t len = men->end - men->start;
        if (men->key != NULL || men->seg != c->seg || strlen(men->norm) != len ||
            memcmp(men->norm, c->s + men->start, len) != 0) {
            continue;
        }
        size_t i = token_at(&c->t, men->start);
        size_t j = i;
        while (j < c->t.n && c->t.v[j].end < men->end) {
            j++;
        }
        if (i < c->t.n && j < c->t.n && c->t.v[j].end == men->end) {
            men->key = ent_span_key(c, i, j + 1);
        }
    }
}
