/*
 * The gazetteer: every phrase of the data files in common/enrich/data (embedded at build
 * time) in one open-addressing hash table keyed by the phrase's token hashes, so that a rule
 * looks a phrase up with one probe per token. Built once by enrich_gazetteer_create(); then
 * immutable, and shared by any number of threads.
 */
#include <stdlib.h>
#include <string.h>

#include "enrich_entities_internal.h"

#define GZ_CHUNK_SIZE 65536

/* Fold keys are kept in chunks that never move, so entries can point into them. */
struct gz_chunk {
    struct gz_chunk *next;
    size_t used;
    char data[GZ_CHUNK_SIZE];
};

struct gz_build {
    struct enrich_gazetteer *g;
    struct ent_tokens tokens;
};

/* Room for len bytes followed by ENT_KEY_PAD zero bytes. */
static char *chunk_alloc(struct enrich_gazetteer *g, size_t len)
{
    len += ENT_KEY_PAD;
    if (len > GZ_CHUNK_SIZE) {
        return NULL;
    }
    if (g->chunks == NULL || GZ_CHUNK_SIZE - g->chunks->used < len) {
        struct gz_chunk *c = malloc(sizeof(*c));
        if (c == NULL) {
            return NULL;
        }
        c->next = g->chunks;
        c->used = 0;
        g->chunks = c;
    }
    char *p = g->chunks->data + g->chunks->used;
    g->chunks->used += len;
    memset(p + len - ENT_KEY_PAD, 0, ENT_KEY_PAD);
    return p;
}

static struct gz_entry *find_slot(const struct enrich_gazetteer *g, uint64_t hash,
                                  const struct ent_tokens *t, size_t i, size_t ntok)
{
    size_t at = (size_t)(hash ^ (hash >> 32)) & g->mask;
    for (;;) {
        struct gz_entry *e = &g->slots[at];
        if (e->key == NULL) {
            return e;
        }
        if (e->hash == hash && gz_entry_matches(e, t, i, ntok)) {
            return e;
        }
        at = (at + 1) & g->mask;
    }
}

static int grow_table(struct enrich_gazetteer *g)
{
    size_t size = g->slots ? (g->mask + 1) * 2 : 4096;
    struct gz_entry *slots = calloc(size, sizeof(*slots));
    if (slots == NULL) {
        return ENRICH_ERR_NOMEM;
    }
    struct gz_entry *old = g->slots;
    size_t old_size = old ? g->mask + 1 : 0;
    g->slots = slots;
    g->mask = size - 1;
    for (size_t i = 0; i < old_size; i++) {
        if (old[i].key == NULL) {
            continue;
        }
        size_t at = (size_t)(old[i].hash ^ (old[i].hash >> 32)) & g->mask;
        while (slots[at].key != NULL) {
            at = (at + 1) & g->mask;
        }
        slots[at] = old[i];
    }
    free(old);
    return 0;
}

/* The entry for tokens [0, ntok) of b->tokens, created if absent. */
static struct gz_entry *entry_for(struct gz_build *b, size_t ntok)
{
    struct enrich_gazetteer *g = b->g;
    if ((g->count + 1) * 2 > g->mask + 1 && grow_table(g) != 0) {
        return NULL;
    }
    uint64_t h = b->tokens.v[0].hash;
    for (size_t j = 1; j < ntok; j++) {
        h = ent_hash_extend(h, b->tokens.v[j].hash);
    }
    struct gz_entry *e = find_slot(g, h, &b->tokens, 0, ntok);
    if (e->key != NULL) {
        return e;
    }
    size_t len = 0;
    for (size_t j = 0; j < ntok; j++) {
        len += b->tokens.v[j].key_len + 1;
    }
    char *key = chunk_alloc(g, len);
    if (key == NULL) {
        return NULL;
    }
    char *k = key;
    for (size_t j = 0; j < ntok; j++) {
        memcpy(k, ent_tok_key(&b->tokens, j), b->tokens.v[j].key_len + 1);
        k += b->tokens.v[j].key_len + 1;
    }
    memset(e, 0, sizeof(*e));
    e->hash = h;
    e->key = key;
    e->ntok = (uint16_t)ntok;
    e->cap_name = UINT32_MAX;
    e->cap_cue = UINT32_MAX;
    g->count++;
    return e;
}

/*
 * Adds phrase with roles; returns its entry (for the caller to fill the payload), or NULL with
 * *rc set. A phrase that is empty or too long is skipped (NULL with *rc == 0).
 */
static struct gz_entry *add_phrase(struct gz_build *b, const char *phrase, uint32_t roles, int *rc)
{
    *rc = 0;
    if (phrase == NULL || phrase[0] == '\0') {
        return NULL;
    }
    if (ent_tokenize(phrase, strlen(phrase), &b->tokens) != 0) {
        *rc = ENRICH_ERR_NOMEM;
        return NULL;
    }
    size_t n = b->tokens.n;
    if (n == 0 || n > GZ_MAX_TOKENS) {
        return NULL;
    }
    uint32_t cap = 0;
    for (size_t j = 0; j < n; j++) {
        if (b->tokens.v[j].flags & ENT_TOK_CAP) {
            cap |= 1u << j;
        }
    }
    for (size_t j = 1; j < n; j++) {
        struct gz_entry *p = entry_for(b, j);
        if (p == NULL) {
            *rc = ENRICH_ERR_NOMEM;
            return NULL;
        }
        p->is_prefix = 1;
    }
    struct gz_entry *e = entry_for(b, n);
    if (e == NULL) {
        *rc = ENRICH_ERR_NOMEM;
        return NULL;
    }
    e->roles |= roles;
    struct gz_entry *first = n == 1 ? e : entry_for(b, 1);
    if (first == NULL) {
        *rc = ENRICH_ERR_NOMEM;
        return NULL;
    }
    first->first_roles |= roles;
    if (n > 1) {
        e = entry_for(b, n); /* entry_for() may have grown the table: find it again */
    }
    /* Several spellings of one key ("Trưởng ban", "Trưởng Ban"): the loosest one decides. */
    if (roles & GZ_NAME_ROLES) {
        e->cap_name &= cap;
    }
    if (roles & ~GZ_NAME_ROLES) {
        e->cap_cue &= cap;
    }
    return e;
}

/* ---- Reading the files ---- */

#define GZ_MAX_COLUMNS 8

struct gz_row {
    const char *col[GZ_MAX_COLUMNS]; /* "" for a missing column */
};

typedef int (*gz_row_fn)(struct gz_build *b, const struct gz_row *row);

/* Splits text (NUL-terminated, modified in place) into rows, skipping comment lines and the
 * column header, and calls fn on each. */
static int for_each_row(struct gz_build *b, char *text, gz_row_fn fn)
{
    bool header_seen = false;
    char *line = text;
    while (*line != '\0') {
        char *nl = strchr(line, '\n');
        char *next = nl ? nl + 1 : line + strlen(line);
        if (nl) {
            *nl = '\0';
        }
        size_t len = strlen(line);
        if (len > 0 && line[len - 1] == '\r') {
            line[--len] = '\0';
        }
        if (len > 0 && line[0] != '#') {
            if (!header_seen) {
                header_seen = true;
            } else {
                struct gz_row row;
                char *field = line;
                for (int c = 0; c < GZ_MAX_COLUMNS; c++) {
                    row.col[c] = "";
                    if (field == NULL) {
                        continue;
                    }
                    char *tab = strchr(field, '\t');
                    if (tab) {
                        *tab = '\0';
                    }
                    row.col[c] = field;
                    field = tab ? tab + 1 : NULL;
                }
                int rc = fn(b, &row);
                if (rc != 0) {
                    return rc;
                }
            }
        }
        line = next;
    }
    return 0;
}

/* Calls add_phrase for each "|"-separated form in list (modified in place). */
static int add_forms(struct gz_build *b, const char *list, uint32_t roles, struct gz_entry *like,
                     uint8_t english)
{
    char *s = (char *)list;
    while (s != NULL && *s != '\0') {
        char *bar = strchr(s, '|');
        if (bar) {
            *bar = '\0';
        }
        int rc;
        struct gz_entry *e = add_phrase(b, s, roles, &rc);
        if (rc != 0) {
            return rc;
        }
        if (e != NULL && e->name == NULL) {
            e->name = like->name;
            e->name_en = like->name_en;
            e->loc_kind = like->loc_kind;
            e->expansion = like->expansion;
            e->acr_kind = like->acr_kind;
            e->level = like->level;
            e->english = english;
        }
        s = bar ? bar + 1 : NULL;
    }
    return 0;
}

static int add_place(struct gz_build *b, const char *name, const char *english,
                     const char *variants, uint8_t kind, const char *level, bool needs_cue)
{
    int rc;
    struct gz_entry *e = add_phrase(b, name, GZ_LOCATION, &rc);
    if (e == NULL) {
        return rc;
    }
    if (e->name == NULL) {
        e->name = name;
        e->name_en = english[0] ? english : NULL;
        e->loc_kind = kind;
        e->needs_cue = needs_cue;
        e->level = level[0] ? level : NULL;
    }
    struct gz_entry like = *e;
    if (english[0] && (rc = add_forms(b, english, GZ_LOCATION, &like, 1)) != 0) {
        return rc;
    }
    return add_forms(b, variants, GZ_LOCATION, &like, 0);
}

static int row_province(struct gz_build *b, const struct gz_row *r)
{
    return add_place(b, r->col[0], r->col[5], r->col[6], GZ_LOC_PROVINCE, r->col[1], false);
}

static int row_district(struct gz_build *b, const struct gz_row *r)
{
    return add_place(b, r->col[0], r->col[3], r->col[4], GZ_LOC_DISTRICT, r->col[1], false);
}

static int row_region(struct gz_build *b, const struct gz_row *r)
{
    return add_place(b, r->col[0], r->col[1], r->col[2], GZ_LOC_REGION, "", false);
}

static int row_country(struct gz_build *b, const struct gz_row *r)
{
    return add_place(b, r->col[0], r->col[1], r->col[2], GZ_LOC_COUNTRY, "",
                     strstr(r->col[3], "cue") != NULL);
}

static int row_city(struct gz_build *b, const struct gz_row *r)
{
    return add_place(b, r->col[0], r->col[1], r->col[2], GZ_LOC_CITY, "",
                     strstr(r->col[3], "cue") != NULL);
}

static int row_organization(struct gz_build *b, const struct gz_row *r)
{
    int rc;
    struct gz_entry *e = add_phrase(b, r->col[0], GZ_ORG, &rc);
    if (e == NULL) {
        return rc;
    }
    if (e->name == NULL) {
        e->name = r->col[0];
        e->name_en = r->col[1][0] ? r->col[1] : NULL;
    }
    struct gz_entry like = *e;
    if ((rc = add_forms(b, r->col[1], GZ_ORG, &like, 1)) != 0 ||
        (rc = add_forms(b, r->col[2], GZ_ORG, &like, 0)) != 0) {
        return rc;
    }
    if (r->col[3][0]) {
        like.expansion = r->col[0];
        like.acr_kind = GZ_ACR_ORG;
        return add_forms(b, r->col[3], GZ_ACRONYM, &like, 0);
    }
    return 0;
}

static int row_acronym(struct gz_build *b, const struct gz_row *r)
{
    const char *type = r->col[1];
    uint32_t roles = GZ_ACRONYM;
    uint8_t kind = GZ_ACR_ORG;
    if (strcmp(type, "admin") == 0) {
        roles |= GZ_ORG_ADMIN;
        kind = GZ_ACR_ADMIN;
    } else if (strcmp(type, "location") == 0) {
        roles |= GZ_LOCATION;
        kind = GZ_ACR_LOCATION;
    } else if (strcmp(type, "other") == 0) {
        roles = GZ_OTHER_ACRONYM;
        kind = 0;
    }
    int rc;
    struct gz_entry *e = add_phrase(b, r->col[0], roles, &rc);
    if (e == NULL) {
        return rc;
    }
    if (e->expansion == NULL) {
        e->expansion = r->col[2];
        e->acr_kind = kind;
    }
    if (e->name == NULL) {
        e->name = r->col[2];
        if (kind == GZ_ACR_LOCATION) {
            e->loc_kind = GZ_LOC_REGION;
        }
    }
    return 0;
}

static int row_surname(struct gz_build *b, const struct gz_row *r)
{
    int rc;
    if (add_phrase(b, r->col[0], GZ_SURNAME, &rc) == NULL && rc != 0) {
        return rc;
    }
    struct gz_entry *e = add_phrase(b, r->col[1], GZ_SURNAME, &rc);
    if (e != NULL) {
        e->english = 1;
    }
    return rc;
}

struct gz_role_name {
    const char *name;
    uint32_t role;
};

static const struct gz_role_name role_names[] = {
    {"honorific", GZ_HONORIFIC},
    {"title", GZ_TITLE},
    {"title_prefix", GZ_TITLE_PREFIX},
    {"title_suffix", GZ_TITLE_SUFFIX},
    {"not_person", GZ_NOT_PERSON},
    {"org_admin", GZ_ORG_ADMIN},
    {"org_head", GZ_ORG_HEAD},
    {"org_form", GZ_ORG_FORM},
    {"org_owner", GZ_ORG_HEAD | GZ_ORG_OWNER},
    {"level", GZ_LOC_LEVEL},
    {"prep", GZ_LOC_PREP},
    {"feature", GZ_LOC_FEATURE},
    {"road", GZ_LOC_FEATURE},
    {"country_cue", GZ_COUNTRY_CUE},
    {"quoted", GZ_EVENT_QUOTED},
    {"named", GZ_EVENT_NAMED},
    {"fixed", GZ_EVENT_FIXED},
    {"session", GZ_EVENT_SESSION},
    {"person_cue", GZ_EN_PERSON_CUE},
    {"connector", GZ_EN_CONNECTOR},
    {"org_word", GZ_EN_ORG_WORD},
    {"loc_suffix", GZ_EN_LOC_SUFFIX},
    {"stop", GZ_EN_STOP},
};

static uint32_t role_by_name(const char *name, bool english)
{
    if (english && strcmp(name, "title") == 0) {
        return GZ_EN_TITLE;
    }
    for (size_t i = 0; i < sizeof(role_names) / sizeof(role_names[0]); i++) {
        if (strcmp(role_names[i].name, name) == 0) {
            return role_names[i].role;
        }
    }
    return 0;
}

static int row_cue(struct gz_build *b, const struct gz_row *r, bool english)
{
    uint32_t role = role_by_name(r->col[1], english);
    if (role == 0) {
        return 0;
    }
    int rc;
    struct gz_entry *e = add_phrase(b, r->col[0], role, &rc);
    if (e != NULL && role == GZ_LOC_LEVEL && e->level == NULL) {
        e->level = r->col[2][0] ? r->col[2] : r->col[0];
    }
    if (e != NULL && role == GZ_LOC_FEATURE && e->level == NULL) {
        e->level = r->col[2][0] ? r->col[2] : r->col[0];
        e->doc_named = strcmp(r->col[1], "road") == 0;
    }
    if (e != NULL && english) {
        e->english = 1;
    }
    return rc;
}

static int row_vi_cue(struct gz_build *b, const struct gz_row *r)
{
    return row_cue(b, r, false);
}

static int row_en_cue(struct gz_build *b, const struct gz_row *r)
{
    return row_cue(b, r, true);
}

static int row_document(struct gz_build *b, const struct gz_row *r)
{
    int rc;
    struct gz_entry *e = add_phrase(b, r->col[0], GZ_DOC_TYPE, &rc);
    if (e == NULL) {
        return rc;
    }
    if (e->doc_codes == NULL) {
        e->name = r->col[1];
        e->doc_codes = r->col[2];
        e->doc_named = strstr(r->col[3], "standalone") ? 2 : strstr(r->col[3], "named") != NULL;
        e->english = strstr(r->col[3], "en") != NULL;
    }
    return 0;
}

static int row_name_word(struct gz_build *b, const struct gz_row *r)
{
    int rc;
    uint32_t roles = GZ_NAME_WORD | (strcmp(r->col[1], "any") == 0    ? GZ_NAME_TAIL
                                     : strcmp(r->col[1], "noun") == 0 ? GZ_NAME_NOUN
                                                                      : 0u);
    add_phrase(b, r->col[0], roles, &rc);
    return rc;
}

struct gz_loader {
    const char *file;
    gz_row_fn fn;
};

/* Order matters where files name the same phrase: the first file gives its canonical name. */
static const struct gz_loader loaders[] = {
    {"provinces.tsv", row_province},
    {"districts.tsv", row_district},
    {"regions.tsv", row_region},
    {"countries.tsv", row_country},
    {"cities.tsv", row_city},
    {"organizations.tsv", row_organization},
    {"companies.tsv", row_organization},
    {"acronyms.tsv", row_acronym},
    {"surnames.tsv", row_surname},
    {"person_cues.tsv", row_vi_cue},
    {"org_cues.tsv", row_vi_cue},
    {"location_cues.tsv", row_vi_cue},
    {"event_cues.tsv", row_vi_cue},
    {"english_cues.tsv", row_en_cue},
    {"document_types.tsv", row_document},
    {"name_words.tsv", row_name_word},
};

/* Moves the built table into the compact lookup structures. */
static int compact(struct enrich_gazetteer *g)
{
    size_t size = 16;
    while (size < g->count * 2) {
        size *= 2;
    }
    g->entries = malloc((g->count ? g->count : 1) * sizeof(*g->entries));
    g->index = calloc(size, sizeof(*g->index));
    if (g->entries == NULL || g->index == NULL) {
        return ENRICH_ERR_NOMEM;
    }
    g->index_mask = size - 1;
    size_t n = 0;
    for (size_t i = 0; i <= g->mask; i++) {
        const struct gz_entry *e = &g->slots[i];
        if (e->key == NULL) {
            continue;
        }
        g->entries[n] = *e;
        size_t at = (size_t)(e->hash ^ (e->hash >> 32)) & g->index_mask;
        while (g->index[at].entry != 0) {
            at = (at + 1) & g->index_mask;
        }
        g->index[at].hash = e->hash;
        g->index[at].entry = (uint32_t)(n + 1);
        if (e->ntok == 1 && e->first_roles != 0) {
            /* Only the words the word table holds (build_words()): gz_annotate() looks up no
             * other, so any other bit would only let more words through to a vain probe. */
            g->filter[(e->hash & 0xFFFF) >> 6] |= 1ull << (e->hash & 63);
        } else if (e->ntok > 1) {
            g->phrase_filter[GZ_PHRASE_WORD(e->hash)] |= GZ_PHRASE_BIT(e->hash);
        }
        n++;
    }
    free(g->slots);
    g->slots = NULL;
    g->count = n;
    return 0;
}

/* Builds the word table of the one-token phrases (see struct gz_word), at most half full. */
static int build_words(struct enrich_gazetteer *g)
{
    size_t words = 0, bytes = 1;
    for (size_t i = 0; i < g->count; i++) {
        if (g->entries[i].ntok == 1 && g->entries[i].first_roles != 0) {
            words++;
            bytes += 2 + strlen(g->entries[i].key);
        }
    }
    size_t size = 64;
    while (size < words * 2) {
        size *= 2;
    }
    g->words = calloc(size, sizeof(*g->words));
    g->word_entry = calloc(size, sizeof(*g->word_entry));
    g->word_key = calloc(size, sizeof(*g->word_key));
    g->word_keys = calloc(bytes + ENT_KEY_PAD, 1);
    if (g->words == NULL || g->word_entry == NULL || g->word_key == NULL || g->word_keys == NULL) {
        return ENRICH_ERR_NOMEM;
    }
    g->words_mask = size - 1;
    size_t at_key = 1;
    for (size_t i = 0; i < g->count; i++) {
        const struct gz_entry *e = &g->entries[i];
        if (e->ntok != 1 || e->first_roles == 0) {
            continue;
        }
        size_t len = strlen(e->key);
        if (len > 255) {
            return ENRICH_ERR_INVALID; /* no word of the data files is that long */
        }
        size_t at = (size_t)(e->hash ^ (e->hash >> 32)) & g->words_mask;
        while (g->words[at].first_roles != 0) {
            at = (at + 1) & g->words_mask;
        }
        g->words[at].tag = (uint32_t)(e->hash >> 32);
        g->words[at].first_roles = e->first_roles;
        g->word_entry[at] = (uint32_t)i;
        g->word_key[at] = (uint32_t)at_key;
        g->word_keys[at_key] = (char)len;
        memcpy(g->word_keys + at_key + 1, e->key, len + 1);
        if (len <= 8) {
            /* Read as the tokens' keys are (word_keys has ENT_KEY_PAD bytes after the last). */
            ent_hash_in_keys_tail(g->word_keys + at_key + 1, len, &g->words[at].head);
        }
        at_key += len + 2;
    }
    return 0;
}

/* Indexes the document kinds by each of their code letters ("QĐ|QD"). */
static void index_doc_codes(struct enrich_gazetteer *g)
{
    for (size_t i = 0; i < g->count; i++) {
        const struct gz_entry *e = &g->entries[i];
        if (!(e->roles & GZ_DOC_TYPE) || e->doc_codes == NULL || e->english) {
            continue;
        }
        const char *s = e->doc_codes;
        while (*s != '\0' && g->doc_code_count < 64) {
            const char *bar = strchr(s, '|');
            size_t len = bar ? (size_t)(bar - s) : strlen(s);
            g->doc_codes[g->doc_code_count] = s;
            g->doc_by_code[g->doc_code_count] = e;
            g->doc_code_count++;
            s += len + (bar ? 1 : 0);
        }
    }
}

int enrich_gazetteer_create(struct enrich_gazetteer **out)
{
    if (out == NULL) {
        return ENRICH_ERR_INVALID;
    }
    *out = NULL;
    int rc = ENRICH_ERR_NOMEM;
    struct enrich_gazetteer *g = calloc(1, sizeof(*g));
    if (g == NULL) {
        return ENRICH_ERR_NOMEM;
    }
    size_t total = 0;
    for (size_t f = 0; f < enrich_gazetteer_file_count; f++) {
        total += enrich_gazetteer_files[f].len + 1;
    }
    g->text = malloc(total + 1);
    if (g->text == NULL) {
        goto fail;
    }
    if ((rc = grow_table(g)) != 0) {
        goto fail;
    }
    struct gz_build b = {.g = g};
    char *p = g->text;
    for (size_t l = 0; l < sizeof(loaders) / sizeof(loaders[0]); l++) {
        for (size_t f = 0; f < enrich_gazetteer_file_count; f++) {
            const struct gz_file *file = &enrich_gazetteer_files[f];
            if (strcmp(file->name, loaders[l].file) != 0) {
                continue;
            }
            /* Names go into the records unchecked (see ent_ctx.utf8): the data must be UTF-8. */
            if (!ent_utf8_valid((const char *)file->data, file->len)) {
                rc = ENRICH_ERR_INVALID;
                ent_tokens_free(&b.tokens);
                goto fail;
            }
            memcpy(p, file->data, file->len);
            p[file->len] = '\0';
            rc = for_each_row(&b, p, loaders[l].fn);
            p += file->len + 1;
            if (rc != 0) {
                ent_tokens_free(&b.tokens);
                goto fail;
            }
        }
    }
    ent_tokens_free(&b.tokens);
    if ((rc = compact(g)) != 0 || (rc = build_words(g)) != 0) {
        goto fail;
    }
    index_doc_codes(g);
    *out = g;
    return 0;
fail:
    enrich_gazetteer_destroy(g);
    return rc;
}

void enrich_gazetteer_destroy(struct enrich_gazetteer *g)
{
    if (g == NULL) {
        return;
    }
    while (g->chunks != NULL) {
        struct gz_chunk *next = g->chunks->next;
        free(g->chunks);
        g->chunks = next;
    }
    free(g->slots);
    free(g->entries);
    free(g->index);
    free(g->words);
    free(g->word_entry);
    free(g->word_key);
    free(g->word_keys);
    free(g->text);
    free(g);
}
