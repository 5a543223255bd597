/* The enriched record: every field of schemas/enriched-article.schema.json, in its order. */
#include <string.h>

#include "digest.h"
#include "enrich_internal.h"

/* What a byte is to the word count: WC_WORD makes its token a word (an ASCII letter or digit,
 * or the lead byte of a character outside ASCII other than 0xE2: dashes, quotes, the
 * ellipsis); WC_SEP (space, newline) ends a token; any other byte does neither. */
enum { WC_OTHER = 0, WC_WORD = 1, WC_SEP = 2 };
#define W4  WC_WORD, WC_WORD, WC_WORD, WC_WORD
#define W16 W4, W4, W4, W4
static const unsigned char word_class[256] = {
    [' '] = WC_SEP,   ['\n'] = WC_SEP, ['0'] = W4,   ['4'] = W4,       ['8'] = WC_WORD,
    ['9'] = WC_WORD,  ['A'] = W16,     ['Q'] = W4,   ['U'] = W4,       ['Y'] = WC_WORD,
    ['Z'] = WC_WORD,  ['a'] = W16,     ['q'] = W4,   ['u'] = W4,       ['y'] = WC_WORD,
    ['z'] = WC_WORD,  [0xC0] = W16,    [0xD0] = W16, [0xE0] = WC_WORD, [0xE1] = WC_WORD,
    [0xE3] = WC_WORD, [0xE4] = W4,     [0xE8] = W4,  [0xEC] = W4,      [0xF0] = W16};
#undef W4
#undef W16

size_t enrich_record_word_count(const char *text, size_t len)
{
    /* Without branches: spaces and letters alternate too irregularly to predict, and this
     * runs over every byte of the text. */
    size_t words = 0;
    unsigned counted = 0; /* 1 when the current token is already counted */
    for (size_t i = 0; i < len; i++) {
        unsigned k = word_class[(unsigned char)text[i]];
        unsigned word = k & WC_WORD;
        words += word & ~counted;
        counted = (counted | word) & ~(k >> 1) & 1u;
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
