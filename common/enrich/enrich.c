/*
 * enrich_article(): the pipeline of enrich_internal.h, from a raw submission to the record.
 * The stages write into the buffers of a scratch that the call takes from the enricher's pool
 * and gives back at its end (enrich_scratch.c): each call has a scratch of its own, so calls on
 * several threads at once are safe, and the large buffers are allocated once per thread rather
 * than once per article.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "calendar.h"
#include "enrich_internal.h"

struct enrich {
    struct enrich_gazetteer *gazetteer;
    struct enrich_scratch_pool *scratch; /* the only part that changes after enrich_create() */
};

int enrich_create(struct enrich **out)
{
    *out = NULL;
    struct enrich *e = calloc(1, sizeof *e);
    if (e == NULL) {
        return ENRICH_ERR_NOMEM;
    }
    int rc = enrich_gazetteer_create(&e->gazetteer);
    if (rc != 0) {
        free(e);
        return rc;
    }
    rc = enrich_scratch_pool_create(&e->scratch);
    if (rc != 0) {
        enrich_gazetteer_destroy(e->gazetteer);
        free(e);
        return rc;
    }
    *out = e;
    return 0;
}

void enrich_destroy(struct enrich *e)
{
    if (e == NULL) {
        return;
    }
    enrich_scratch_pool_destroy(e->scratch);
    enrich_gazetteer_destroy(e->gazetteer);
    free(e);
}

/* Everything one call owns, released by work_free() whatever happened. The buffers are the
 * scratch's, moved here by work_init() and back by work_free(). */
struct work {
    struct enrich_scratch *sc; /* the buffers this article is written into, reused */
    struct enrich_norm_counts counts;
    struct enrich_structure st;
    json_t *byline_json, *entities, *dates, *figures;
};

static void work_init(struct work *w, struct enrich_scratch *sc)
{
    memset(w, 0, sizeof *w);
    w->sc = sc;
}

static void work_free(struct enrich_scratch_pool *pool, struct work *w)
{
    struct enrich_scratch *sc = w->sc;
    /* The structure took the scratch's text buffer (hints.text_storage) when it ran. */
    if (w->st.text.data != NULL) {
        enrich_buf_free(&sc->text);
        sc->text = w->st.text;
        w->st.text = (struct enrich_buf){0};
    }
    enrich_structure_free(&w->st);
    json_decref(w->byline_json);
    json_decref(w->entities);
    json_decref(w->dates);
    json_decref(w->figures);
    enrich_scratch_give(pool, sc);
}

static bool is_html(const char *content_type)
{
    if (content_type == NULL) {
        return false;
    }
    while (*content_type == ' ') {
        content_type++;
    }
    return strncasecmp(content_type, "text/html", 9) == 0 ||
           strncasecmp(content_type, "application/xhtml+xml", 21) == 0;
}

/* code is one of this file's ASCII literals: jansson need not check it. */
static int warn(struct work *w, const char *code)
{
    return json_array_append_new(w->st.warnings, json_string_nocheck(code)) == 0 ? 0
                                                                                 : ENRICH_ERR_NOMEM;
}

/* A one-line field of the submission, normalized like the text; NULL when absent or blank. */
static int normalize_field(const char *s, struct enrich_buf *b, const char **out)
{
    *out = NULL;
    if (s == NULL) {
        return 0;
    }
    struct enrich_norm_counts ignored = {{0}};
    int rc = enrich_normalize(s, strlen(s), ENRICH_NORMALIZE_ONE_LINE, b, &ignored);
    if (rc == 0 && b->len > 0) {
        *out = b->data;
    }
    return rc;
}

/* <figcaption> texts join the captions found in the text, without a credit of their own. */
static int add_html_captions(struct work *w)
{
    const char *s = w->sc->html.captions.data;
    size_t len = w->sc->html.captions.len;
    size_t start = 0;
    if (len == 0) {
        return 0;
    }
    for (size_t i = 0; i <= len; i++) {
        if (i < len && s[i] != '\n') {
            continue;
        }
        w->sc->caption.len = 0;
        struct enrich_norm_counts ignored = {{0}};
        int rc = enrich_normalize(s + start, i - start, ENRICH_NORMALIZE_ONE_LINE, &w->sc->caption,
                                  &ignored);
        start = i + 1;
        if (rc != 0) {
            return rc;
        }
        if (w->sc->caption.len == 0) {
            continue;
        }
        json_t *cap = NULL;
        rc = enrich_structure_caption(w->sc->caption.data, w->sc->caption.len, &cap);
        if (rc < 0) {
            return rc;
        }
        if (rc == 0) {
            cap =
                json_pack("{s:s%, s:n}", "text", w->sc->caption.data, w->sc->caption.len, "credit");
        }
        if (json_array_append_new(w->st.captions, cap) != 0) {
            return ENRICH_ERR_NOMEM;
        }
    }
    return 0;
}

/* The byline: the submission's when given (parsed if it reads as one), else the text's. */
static int choose_byline(struct work *w, const struct enrich_submission *sub, enum enrich_lang lang)
{
    const char *given;
    int rc = normalize_field(sub->byline, &w->sc->byline, &given);
    if (rc != 0 || given == NULL) {
        return rc;
    }
    rc = enrich_byline_parse(given, w->sc->byline.len, lang, false, &w->byline_json);
    if (rc < 0) {
        return rc;
    }
    if (rc == 0) {
        w->byline_json = json_pack("{s:s, s:[s], s:[]}", "raw", given, "authors", given, "roles");
        if (w->byline_json == NULL) {
            return ENRICH_ERR_NOMEM;
        }
    }
    return 0;
}

int enrich_article(const struct enrich *e, const struct enrich_submission *sub, json_t **out)
{
    *out = NULL;
    if (e == NULL || sub == NULL || sub->body == NULL || sub->id == NULL || sub->source == NULL) {
        return ENRICH_ERR_INVALID;
    }
    struct enrich_scratch *sc = enrich_scratch_take(e->scratch);
    if (sc == NULL) {
        return ENRICH_ERR_NOMEM;
    }
    struct work w;
    work_init(&w, sc);
    int rc;
    const char *body = sub->body;
    size_t body_len = sub->body_len;
    /* An "HTML" body without a tag or an entity is plain text mislabelled: it skips the parser,
     * which would also have run its paragraphs together. */
    if (is_html(sub->content_type) &&
        (memchr(body, '<', body_len) != NULL || memchr(body, '&', body_len) != NULL)) {
        if ((rc = enrich_html_to_text_reusing(body, body_len, &sc->html_arena, &sc->html)) != 0) {
            goto done;
        }
        body = sc->html.text.data ? sc->html.text.data : "";
        body_len = sc->html.text.len;
    } else if (memchr(body, '&', body_len) != NULL) {
        /* Plain text that still carries entities ("&quot;", "&#8203;"): decoded once, here,
         * so that an HTML body is never decoded twice. */
        if ((rc = enrich_html_decode_entities(body, body_len, &sc->html.text)) != 0) {
            goto done;
        }
        body = sc->html.text.data;
        body_len = sc->html.text.len;
    }
    if ((rc = enrich_normalize(body, body_len, 0, &sc->body, &w.counts)) != 0) {
        goto done;
    }
    const char *text = sc->body.data ? sc->body.data : "";

    enum enrich_lang lang;
    bool lang_given =
        sub->lang != NULL && (strcmp(sub->lang, "vi") == 0 || strcmp(sub->lang, "en") == 0);
    lang = lang_given ? (sub->lang[0] == 'e' ? ENRICH_LANG_EN : ENRICH_LANG_VI)
                      : enrich_lang_detect(text, sc->body.len);

    const char *title;
    if ((rc = normalize_field(sub->title, &sc->title, &title)) != 0) {
        goto done;
    }
    const char *heading_text = NULL;
    if (sc->html.heading.len > 0) {
        struct enrich_norm_counts ignored = {{0}};
        if ((rc = enrich_normalize(sc->html.heading.data, sc->html.heading.len,
                                   ENRICH_NORMALIZE_ONE_LINE, &sc->heading, &ignored)) != 0) {
            goto done;
        }
        heading_text = sc->heading.data;
    }
    struct enrich_structure_hints hints = {
        .lang = lang, .title = title, .heading = heading_text, .text_storage = &sc->text};
    rc = enrich_structure_split(text, sc->body.len, &hints, &w.st);
    if (rc != 0) {
        goto done;
    }
    if ((rc = add_html_captions(&w)) != 0 || (rc = choose_byline(&w, sub, lang)) != 0) {
        goto done;
    }
    if (sub->lang != NULL && !lang_given && (rc = warn(&w, "lang_unknown")) != 0) {
        goto done;
    }

    /* published_at: the submission's when it parses, else the dateline's. */
    struct enrich_timestamp submitted = {0};
    const struct enrich_timestamp *published = NULL;
    if (sub->published_at != NULL) {
        if (enrich_timestamp_parse_iso(sub->published_at, strlen(sub->published_at), &submitted) ==
            0) {
            published = &submitted;
        } else if ((rc = warn(&w, "published_at_unparseable")) != 0) {
            goto done;
        }
    }
    const struct enrich_timestamp *dateline = w.st.published.m.known ? &w.st.published : NULL;
    if (published != NULL && dateline != NULL) {
        long a = calendar_to_days(published->m.year, published->m.month, published->m.day);
        long b = calendar_to_days(dateline->m.year, dateline->m.month, dateline->m.day);
        if ((a > b ? a - b : b - a) > 1 && (rc = warn(&w, "published_at_mismatch")) != 0) {
            goto done;
        }
    }
    /* A submitted date without a time gains the dateline's time when both name the same day. */
    if (published != NULL && published->m.hour < 0 && dateline != NULL && dateline->m.hour >= 0 &&
        published->m.year == dateline->m.year && published->m.month == dateline->m.month &&
        published->m.day == dateline->m.day) {
        published = dateline;
    }
    if (published == NULL && dateline != NULL && dateline->m.hour >= 0) {
        published = dateline;
    }
    if (published == NULL && (rc = warn(&w, "no_published_at")) != 0) {
        goto done;
    }
    const char *final_title = title ? title : w.st.title;
    if (final_title == NULL && (rc = warn(&w, "no_title")) != 0) {
        goto done;
    }
    if (w.counts.n[ENRICH_NORM_INVALID_UTF8] > 0 && (rc = warn(&w, "invalid_utf8")) != 0) {
        goto done;
    }

    /* The extractors. */
    struct enrich_doc doc = {
        .lang = lang, .notes = &sc->notes, .scratch = &sc->extract, .entities_keep = &sc->entities};
    const char *segs[ENRICH_SEG_COUNT] = {[ENRICH_SEG_TEXT] = w.st.text.data ? w.st.text.data : "",
                                          [ENRICH_SEG_TITLE] = final_title ? final_title : "",
                                          [ENRICH_SEG_KICKER] = w.st.kicker ? w.st.kicker : ""};
    for (int k = 0; k < ENRICH_SEG_COUNT; k++) {
        doc.seg[k].s = segs[k];
        doc.seg[k].len = strlen(segs[k]);
    }
    doc.seg[ENRICH_SEG_TEXT].len = w.st.text.len;
    if (published != NULL) {
        doc.published = published->m;
    } else if (dateline != NULL) {
        doc.published = dateline->m;
    }
    w.entities = json_array();
    w.dates = json_array();
    w.figures = json_array();
    if (w.entities == NULL || w.dates == NULL || w.figures == NULL) {
        rc = ENRICH_ERR_NOMEM;
        goto done;
    }
    /* One date scan serves both: the figures skip every date span it found. */
    sc->date_spans.n = 0;
    if ((rc = enrich_entities_find(e->gazetteer, &doc, w.entities)) == 0 &&
        (rc = enrich_dates_find(&doc, w.dates, &sc->date_spans)) == 0) {
        rc = enrich_figures_find(&doc, &sc->date_spans, w.figures);
    }
    if (rc != 0) {
        goto done;
    }
    long invalid = 0;
    if ((rc = enrich_offsets_convert_notes_reusing(doc.seg[ENRICH_SEG_TEXT].s, w.st.text.len,
                                                   &sc->notes, &sc->table, &invalid)) != 0) {
        goto done;
    }
    if (invalid > 0 && (rc = warn(&w, "span_offsets_invalid")) != 0) {
        goto done;
    }

    struct enrich_record_parts parts = {
        .sub = sub,
        .lang = lang,
        .title = final_title,
        .kicker = w.st.kicker,
        .source_tag = w.st.source_tag,
        .published = published,
        .dateline = w.st.dateline,
        .dateline_at = dateline,
        .byline = w.byline_json ? w.byline_json : w.st.byline,
        .truncated = w.st.truncated,
        .text = doc.seg[ENRICH_SEG_TEXT].s,
        .text_len = w.st.text.len,
        .captions = w.st.captions,
        .warnings = w.st.warnings,
        .counts = &w.counts,
        .entities = w.entities,
        .dates = w.dates,
        .figures = w.figures,
    };
    rc = enrich_record_build(&parts, out);
done:
    work_free(e->scratch, &w);
    return rc;
}
