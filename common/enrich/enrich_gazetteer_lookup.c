/*
 * Gazetteer lookups: every rule asks here whether a phrase starts at a token, so these are
 * the hot paths after the tokenizer.
 *
 * gz_annotate() looks each token up once in the word table (the one-token phrases, a short
 * key held in its slot), so that later questions about a token that starts no phrase with the
 * roles asked for cost one bit test; the phrases starting at a token are collected once, on
 * first use, into its chain, and its roles narrowed to theirs. Most words that start phrases
 * start none at that place: a bit filter of the longer phrases' hashes says so for the pair of
 * the word and the next token, and the word is then answered alone, without a chain. Keys are
 * compared eight bytes at a time: token keys and gazetteer keys are both followed by enough
 * bytes of padding (ENT_KEY_PAD) to read past their ends.
 */
#include <stdlib.h>
#include <string.h>

#include "enrich_entities_internal.h"

bool gz_entry_matches(const struct gz_entry *e, const struct ent_tokens *t, size_t i, size_t ntok)
{
    if (e->ntok != ntok) {
        return false;
    }
    const char *k = e->key;
    for (size_t j = 0; j < ntok; j++) {
        const struct ent_token *tok = &t->v[i + j];
        /* The entry's key ends with a NUL exactly where the token's does. */
        if (!ent_keys_equal(k, t->keys + tok->key, tok->key_len + 1)) {
            return false;
        }
        k += tok->key_len + 1;
    }
    return true;
}

static const struct gz_entry *probe_entry(const struct enrich_gazetteer *g, uint64_t hash,
                                          const struct ent_tokens *t, size_t i, size_t ntok)
{
    size_t at = (size_t)(hash ^ (hash >> 32)) & g->index_mask;
    for (;;) {
        const struct gz_slot *slot = &g->index[at];
        if (slot->entry == 0) {
            return NULL;
        }
        if (slot->hash == hash) {
            const struct gz_entry *e = &g->entries[slot->entry - 1];
            if (gz_entry_matches(e, t, i, ntok)) {
                return e;
            }
        }
        at = (at + 1) & g->index_mask;
    }
}

/* The entry for tokens [i, i + ntok) of t, whose phrase hash is hash, or NULL. Most phrases of
 * two tokens or more asked for are none, and the filter says so without a probe. */
static inline const struct gz_entry *find_entry(const struct enrich_gazetteer *g, uint64_t hash,
                                                const struct ent_tokens *t, size_t i, size_t ntok)
{
    if (ntok > 1 && !(g->phrase_filter[GZ_PHRASE_WORD(hash)] & GZ_PHRASE_BIT(hash))) {
        return NULL;
    }
    return probe_entry(g, hash, t, i, ntok);
}

/* The one-token phrase that the key [key, key + len) is, from the word table, as its index + 1
 * (what ent_token.entry holds), or 0; *roles receives the roles of the phrases it starts. h and
 * tail are what ent_hash_in_keys_tail() gives for the key: a key of eight bytes or fewer is
 * compared by its tail alone. */
static inline uint32_t find_word(const struct enrich_gazetteer *g, const char *key, size_t len,
                                 uint64_t h, uint64_t tail, uint32_t *roles)
{
    uint32_t tag = (uint32_t)(h >> 32);
    size_t at = (size_t)(h ^ (h >> 32)) & g->words_mask;
    for (;;) {
        const struct gz_word *w = &g->words[at];
        if (w->first_roles == 0) {
            return 0;
        }
        if (w->tag == tag) {
            bool same;
            if (len <= 8) {
                same = w->head == tail;
            } else {
                const unsigned char *k = (const unsigned char *)g->word_keys + g->word_key[at];
                same = k[0] == len && ent_keys_equal((const char *)k + 1, key, len);
            }
            if (same) {
                *roles = w->first_roles;
                return g->word_entry[at] + 1;
            }
        }
        at = (at + 1) & g->words_mask;
    }
}

const struct gz_entry *gz_lookup(const struct enrich_gazetteer *g, const struct ent_tokens *t,
                                 size_t i, size_t ntok)
{
    if (ntok == 0 || i + ntok > t->n) {
        return NULL;
    }
    uint64_t h = t->v[i].hash;
    for (size_t j = 1; j < ntok; j++) {
        h = ent_hash_extend(h, t->v[i + j].hash);
    }
    return find_entry(g, h, t, i, ntok);
}

static bool caps_satisfy(uint32_t mask, const struct gz_entry *e, const struct ent_tokens *t,
                         size_t i)
{
    for (size_t j = 0; j < e->ntok; j++) {
        if ((mask & (1u << j)) && !(t->v[i + j].flags & ENT_TOK_CAP)) {
            return false;
        }
    }
    return true;
}

/* A phrase written capitalized as a name must be capitalized in the text too; either kind of
 * role that was asked for may accept it. */
static bool case_ok(const struct gz_entry *e, const struct ent_tokens *t, size_t i, uint32_t roles)
{
    if ((e->roles & roles & GZ_NAME_ROLES) && caps_satisfy(e->cap_name, e, t, i)) {
        return true;
    }
    return (e->roles & roles & ~GZ_NAME_ROLES) && caps_satisfy(e->cap_cue, e, t, i);
}

/* ENT_TOK_RULE_VI / ENT_TOK_RULE_EN of a token with flags f that starts phrases of roles. */
static inline uint32_t rule_flags(uint32_t f, uint32_t roles)
{
    if (!(f & ENT_TOK_WORD)) {
        return 0;
    }
    bool any = (roles & ENT_TRIGGER_ROLES) || (f & ENT_TOK_DIGIT);
    bool vi = any || ((f & ENT_TOK_CAP) && ((f & ENT_TOK_ALLCAPS) || (roles & ENT_VI_RULE_ROLES)));
    bool en = any || (f & ENT_TOK_CAP);
    return (vi ? ENT_TOK_RULE_VI : 0u) | (en ? ENT_TOK_RULE_EN : 0u);
}

/* Hashes token i and looks it up in the word table. Inlined by force: GCC made it a call, which
 * cost as much as the lookup of a word. */
static inline __attribute__((always_inline)) void annotate_token(const struct enrich_gazetteer *g,
                                                                 struct ent_tokens *t, size_t i)
{
    struct ent_token *tok = &t->v[i];
    const char *key = t->keys + tok->key;
    uint64_t tail;
    uint64_t h = ent_hash_in_keys_tail(key, tok->key_len, &tail);
    tok->hash = h;
    uint32_t entry = 0, roles = 0;
    if (g->filter[(h & 0xFFFF) >> 6] & (1ull << (h & 63))) {
        entry = find_word(g, key, tok->key_len, h, tail, &roles);
    }
    tok->entry = entry;
    tok->chain = 0;
    tok->first_roles = roles;
    tok->phrase_roles = roles;
    tok->flags |= rule_flags(tok->flags, roles);
}

/* Empties the chains for the tokens of t, with room for as many as usually asked for (about one
 * token in four starts a phrase) in a segment of t's capacity, which ent_tokens_reserve() sized
 * for the longest segment: one allocation for all segments, and seldom a copy. */
static int annotate_begin(struct ent_tokens *t)
{
    t->annotated = false;
    if (t->chains == NULL && (t->chains = calloc(1, sizeof(*t->chains))) == NULL) {
        return ENRICH_ERR_NOMEM;
    }
    struct gz_chains *pool = t->chains;
    pool->n = 0;
    size_t want = t->cap / 4 + 16;
    if (pool->cap < want) {
        /* Nothing is kept: no copy as realloc() would make. */
        free(pool->v);
        pool->v = malloc(want * sizeof(*pool->v));
        pool->cap = pool->v != NULL ? want : 0;
        if (pool->v == NULL) {
            return ENRICH_ERR_NOMEM;
        }
    }
    return 0;
}

int gz_annotate(const struct enrich_gazetteer *g, struct ent_tokens *t)
{
    if (annotate_begin(t) != 0) {
        return ENRICH_ERR_NOMEM;
    }
    for (size_t i = 0; i < t->n; i++) {
        annotate_token(g, t, i);
    }
    t->annotated = true;
    return 0;
}

int gz_tokenize(const struct enrich_gazetteer *g, const char *s, size_t len, struct ent_tokens *t)
{
    if (ent_tokenize_unhashed(s, len, t) != 0 || annotate_begin(t) != 0) {
        return ENRICH_ERR_NOMEM;
    }
    for (size_t i = 0; i < t->n; i++) {
        annotate_token(g, t, i);
    }
    t->annotated = true;
    return 0;
}

/* The chain of phrases starting at i, filled on first use; NULL when there is no room. */
static const struct gz_chain *chain_at(const struct enrich_gazetteer *g, const struct ent_tokens *t,
                                       size_t i)
{
    struct ent_token *first = &t->v[i];
    struct gz_chains *pool = t->chains;
    if (first->chain != 0) {
        return &pool->v[first->chain - 1];
    }
    if (pool->n == pool->cap) {
        size_t cap = pool->cap ? pool->cap * 2 : 64;
        struct gz_chain *v = realloc(pool->v, cap * sizeof(*v));
        if (v == NULL) {
            return NULL;
        }
        pool->v = v;
        pool->cap = cap;
    }
    struct gz_chain *c = &pool->v[pool->n++];
    first->chain = (uint32_t)pool->n;
    uint64_t h = 0;
    c->n = 0;
    for (size_t k = 0; k < GZ_MAX_TOKENS && i + k < t->n; k++) {
        const struct ent_token *tok = &t->v[i + k];
        if (tok->flags & ENT_TOK_BREAK) {
            break;
        }
        h = k == 0 ? tok->hash : ent_hash_extend(h, tok->hash);
        const struct gz_entry *e = k == 0 ? (tok->entry ? &g->entries[tok->entry - 1] : NULL)
                                          : find_entry(g, h, t, i, k + 1);
        if (e == NULL) {
            break;
        }
        if (e->roles != 0) {
            if (c->n == GZ_CHAIN_MAX) {
                c->n = GZ_CHAIN_UNKNOWN;
                break;
            }
            c->len[c->n] = (uint8_t)(k + 1);
            c->e[c->n] = e;
            c->n++;
        }
        if (!e->is_prefix) {
            break;
        }
    }
    if (c->n != GZ_CHAIN_UNKNOWN) {
        uint32_t roles = 0;
        for (size_t k = 0; k < c->n; k++) {
            roles |= c->e[k]->roles;
        }
        first->phrase_roles = roles;
    }
    return c;
}

/* Whether a phrase of two tokens or more may start at token i, whose word is a one-token phrase:
 * false when the word starts none, or when the next token cannot continue one (none, a line
 * break, or a pair whose hash the phrase filter turns away), which is what chain_at() would
 * find with a probe. */
static inline bool longer_phrase_may_start(const struct enrich_gazetteer *g,
                                           const struct ent_tokens *t, size_t i)
{
    if (!g->entries[t->v[i].entry - 1].is_prefix || i + 1 >= t->n ||
        (t->v[i + 1].flags & ENT_TOK_BREAK)) {
        return false;
    }
    uint64_t h = ent_hash_extend(t->v[i].hash, t->v[i + 1].hash);
    return (g->phrase_filter[GZ_PHRASE_WORD(h)] & GZ_PHRASE_BIT(h)) != 0;
}

/* gz_longest_phrase() for a token whose chain is built or to be built, or when t is not
 * annotated: out of line, so that the common case above keeps to few registers. */
static __attribute__((noinline)) const struct gz_entry *
longest_slow(const struct enrich_gazetteer *g, const struct ent_tokens *t, size_t i, uint32_t roles,
             bool any_case, size_t *len)
{
    const struct gz_chain *c = t->annotated ? chain_at(g, t, i) : NULL;
    if (c != NULL && c->n != GZ_CHAIN_UNKNOWN) {
        for (size_t k = c->n; k-- > 0;) {
            const struct gz_entry *e = c->e[k];
            if ((e->roles & roles) && (any_case || case_ok(e, t, i, roles))) {
                *len = c->len[k];
                return e;
            }
        }
        return NULL;
    }
    const struct gz_entry *best = NULL;
    uint64_t h = 0;
    for (size_t k = 0; k < GZ_MAX_TOKENS && i + k < t->n; k++) {
        const struct ent_token *tok = &t->v[i + k];
        if (tok->flags & ENT_TOK_BREAK) {
            break;
        }
        h = k == 0 ? tok->hash : ent_hash_extend(h, tok->hash);
        const struct gz_entry *e = find_entry(g, h, t, i, k + 1);
        if (e == NULL) {
            break;
        }
        if ((e->roles & roles) && (any_case || case_ok(e, t, i, roles))) {
            best = e;
            *len = k + 1;
        }
        if (!e->is_prefix) {
            break;
        }
    }
    return best;
}

const struct gz_entry *gz_longest_phrase(const struct enrich_gazetteer *g,
                                         const struct ent_tokens *t, size_t i, uint32_t roles,
                                         bool any_case, size_t *len)
{
    if (i >= t->n || (t->annotated && !(t->v[i].phrase_roles & roles))) {
        return NULL;
    }
    struct ent_token *first = &t->v[i];
    if (t->annotated && first->entry != 0 && first->chain == 0 && !(first->flags & ENT_TOK_BREAK) &&
        !longer_phrase_may_start(g, t, i)) {
        /* The chain would be the word alone: answered from its entry, with no chain built. */
        const struct gz_entry *e = &g->entries[first->entry - 1];
        first->phrase_roles = e->roles;
        if ((e->roles & roles) && (any_case || case_ok(e, t, i, roles))) {
            *len = 1;
            return e;
        }
        return NULL;
    }
    return longest_slow(g, t, i, roles, any_case, len);
}

const struct gz_entry *gz_doc_by_code(const struct enrich_gazetteer *g, const char *code,
                                      size_t len)
{
    for (size_t i = 0; i < g->doc_code_count; i++) {
        const char *c = g->doc_codes[i];
        if (strncmp(c, code, len) == 0 && (c[len] == '\0' || c[len] == '|')) {
            return g->doc_by_code[i];
        }
    }
    return NULL;
}
