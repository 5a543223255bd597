/*
 * Contracts between the parts of the enrichment library. Not installed; only common/enrich and
 * its tests include this.
 *
 * The pipeline inside enrich_article():
 *   body --(enrich_html_to_text if text/html)--> text
 *        --(enrich_normalize)--> NFC text, one space between words, '\n' between paragraphs
 *        --(enrich_structure_split)--> dateline, kicker, title, source tag, byline, captions,
 *                                      boilerplate removed: the final `text`
 *        --(extractors)--> dates, figures, entities with BYTE offsets into the segment
 *        --(enrich_offsets)--> code-point offsets into `text`, null for other segments
 *
 * Extractors append JSON objects to a caller-owned array. Offsets they write ("start", "end")
 * are byte offsets into the segment they were given; the core converts them. Each extractor
 * must only write spans that lie on UTF-8 character boundaries.
 */
#ifndef ENRICH_INTERNAL_H
#define ENRICH_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <jansson.h>

#include "enrich.h"

enum enrich_lang { ENRICH_LANG_VI = 0, ENRICH_LANG_EN = 1 };

/* Which part of the article a piece of text is. Only ENRICH_SEG_TEXT spans get offsets. */
enum enrich_segment_kind {
    ENRICH_SEG_TEXT = 0,
    ENRICH_SEG_TITLE,
    ENRICH_SEG_KICKER,
    ENRICH_SEG_COUNT
};

struct enrich_segment {
    const char *s; /* borrowed, normalized UTF-8, NUL-terminated; "" when absent */
    size_t len;    /* bytes */
};

/* A moment known to the minute, used to resolve relative dates and missing years. */
struct enrich_moment {
    bool known;
    int year, month, day;  /* calendar date */
    int hour, minute;      /* -1 when only the date is known */
    int tz_offset_minutes; /* +420 for Vietnam (+07:00) */
};

/* Everything an extractor may read. Borrowed from the core for the duration of one call. */
struct enrich_doc {
    struct enrich_segment seg[ENRICH_SEG_COUNT];
    enum enrich_lang lang;
    struct enrich_moment published;
};

/* Dates (enrich_dates.c): appends {text, kind, value, start, end, role:"mentioned"} objects. */
int enrich_dates_find(const struct enrich_doc *doc, json_t *dates);

/* Figures (enrich_figures.c): appends {text, value, unit, qualifier, context, start, end}. */
int enrich_figures_find(const struct enrich_doc *doc, json_t *figures);

/* Entities (enrich_entities*.c): appends {type, text, normalized, start, end, count, titles,
 * expansion, segment}. Looks at every segment of doc (the kicker names people and titles that
 * the body only abbreviates); "segment" is the enrich_segment_kind of the first mention, and
 * start/end are byte offsets into that segment. The core drops "segment" when it converts. */
struct enrich_gazetteer;
int enrich_gazetteer_create(struct enrich_gazetteer **out);
void enrich_gazetteer_destroy(struct enrich_gazetteer *g);
int enrich_entities_find(const struct enrich_gazetteer *g, const struct enrich_doc *doc,
                         json_t *entities);

/*
 * Matching key (enrich_fold.c): lowercase, đ kept distinct from d, and tone marks placed by one
 * rule so that "hoà"/"hòa", "thuỷ"/"thủy", "uỷ"/"ủy" give the same key. Writes at most cap bytes
 * (NUL included) to out and returns the key's length, or a negative error code.
 */
long enrich_fold(const char *in, size_t len, char *out, size_t cap);

#endif
