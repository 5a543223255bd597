/* The enriched record: every field of schemas/enriched-article.schema.json, in its order. */
#include <string.h>

#include "digest.h"
#include "enrich_internal.h"

/* A byte that makes its token a word: an ASCII letter or digit, or the lead byte of a
 * character outside ASCII other than 0xE2 (dashes, quotes, the ellipsis). */
static bool word_byte(unsigned char c)
{
    return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') ||
           (c >= 0xC0 && c != 0xE2);
}

size_t enrich_record_word_count(const char *text, size_t len)
{
    size_t words = 0;
    bool counted = false; /* the current token is already counted */
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c == ' ' || c == '\n') {
            counted = false;
        } else if (!counted && word_byte(c)) {
            words++;
            counted = true;
        }
    }
    return words;
}

static json_t *str_or_null(const char *s)
{
    return s ? json_string_nocheck(s) : json_null();
}

static json_t *normalizations(const struct enrich_norm_counts *counts)
{
    json_t *o = json_object();
    for (int k = 0; o != NULL && k < ENRICH_NORM_KIND_COUNT; k++) {
        if (json_object_set_new_nocheck(o, enrich_norm_kind_name((enum enrich_norm_kind)k),
                                        json_integer(counts->n[k])) != 0) {
            json_decref(o);
            return NULL;
        }
    }
    return o;
}

/* The dateline as a date of the article, first in "dates". Not in the text: null offsets. */
static json_t *published_date(const char *dateline, const struct enrich_timestamp *at)
{
    char value[32];
    enrich_timestamp_format(at, value);
    return json_pack("{s:s, s:s, s:s, s:n, s:n, s:s}", "text", dateline, "kind",
                     at->m.hour >= 0 ? "datetime" : "date", "value", value, "start", "end", "role",
                     "published");
}

int enrich_record_build(const struct enrich_record_parts *p, json_t **out)
{
    *out = NULL;
    char hash[DIGEST_SHA256_HEX_LEN + 1];
    if (digest_sha256_hex(p->text, p->text_len, hash) != 0) {
        return ENRICH_ERR_NOMEM;
    }
    json_t *id = json_string(p->sub->id);
    json_t *source = json_string(p->sub->source);
    json_t *url = p->sub->url ? json_string(p->sub->url) : json_null();
    if (id == NULL || source == NULL || url == NULL) {
        json_decref(id);
        json_decref(source);
        json_decref(url);
        return ENRICH_ERR_INVALID;
    }
    json_t *dates = json_array();
    if (dates == NULL) {
        json_decref(id);
        json_decref(source);
        json_decref(url);
        return ENRICH_ERR_NOMEM;
    }
    if (p->dateline != NULL && p->dateline_at != NULL && p->dateline_at->m.known &&
        json_array_append_new(dates, published_date(p->dateline, p->dateline_at)) != 0) {
        goto nomem;
    }
    if (json_array_extend(dates, p->dates) != 0) {
        goto nomem;
    }
    char published[32];
    if (p->published != NULL) {
        enrich_timestamp_format(p->published, published);
    }
    json_t *o = json_object();
    if (o == NULL) {
        goto nomem;
    }
    /* Each set steals its value, so a failure part-way leaks nothing. The keys are ASCII
     * literals: jansson need not check them. */
    int bad = 0;
    bad |= json_object_set_new_nocheck(o, "schema_version", json_integer(ENRICH_SCHEMA_VERSION));
    bad |= json_object_set_new_nocheck(o, "id", id);
    bad |= json_object_set_new_nocheck(o, "source", source);
    bad |= json_object_set_new_nocheck(o, "url", url);
    bad |= json_object_set_new_nocheck(o, "lang",
                                       json_string(p->lang == ENRICH_LANG_EN ? "en" : "vi"));
    bad |= json_object_set_new_nocheck(o, "title", str_or_null(p->title));
    bad |= json_object_set_new_nocheck(o, "kicker", str_or_null(p->kicker));
    bad |= json_object_set_new_nocheck(o, "published_at",
                                       str_or_null(p->published ? published : NULL));
    bad |= json_object_set_new_nocheck(o, "source_tag", str_or_null(p->source_tag));
    bad |=
        json_object_set_new_nocheck(o, "byline", p->byline ? json_incref(p->byline) : json_null());
    bad |= json_object_set_new_nocheck(o, "truncated", json_boolean(p->truncated));
    bad |= json_object_set_new_nocheck(o, "text", json_stringn_nocheck(p->text, p->text_len));
    bad |= json_object_set_new_nocheck(o, "content_hash", json_string(hash));
    bad |= json_object_set_new_nocheck(
        o, "word_count", json_integer((json_int_t)enrich_record_word_count(p->text, p->text_len)));
    bad |= json_object_set_new_nocheck(o, "captions", json_incref(p->captions));
    bad |= json_object_set_new_nocheck(o, "warnings", json_incref(p->warnings));
    bad |= json_object_set_new_nocheck(o, "normalizations", normalizations(p->counts));
    bad |= json_object_set_new_nocheck(o, "entities", json_incref(p->entities));
    bad |= json_object_set_new_nocheck(o, "dates", dates);
    bad |= json_object_set_new_nocheck(o, "figures", json_incref(p->figures));
    if (bad) {
        json_decref(o);
        return ENRICH_ERR_NOMEM;
    }
    *out = o;
    return 0;
nomem:
    json_decref(id);
    json_decref(source);
    json_decref(url);
    json_decref(dates);
    return ENRICH_ERR_NOMEM;
}
