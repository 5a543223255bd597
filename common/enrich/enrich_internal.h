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
 * must only write spans that lie on UTF-8 character boundaries. Inside enrich_article() they
 * also note every span in enrich_doc.notes, so that the conversion reads no object back by key.
 */
#ifndef ENRICH_INTERNAL_H
#define ENRICH_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
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

/* A span as its extractor wrote it, noted so that the core converts the offsets without reading
 * the object back by key. The pointers are borrowed from the span object, which its array
 * holds. */
struct enrich_span_note {
    json_t *span;
    json_t *start, *end; /* integers: byte offsets into the segment */
    json_t *text;        /* string */
    int segment;         /* enum enrich_segment_kind */
};

/* The notes of one article, in the order the spans were written. A zeroed struct is empty; the
 * owner releases v with free(). */
struct enrich_span_notes {
    struct enrich_span_note *v;
    size_t n, cap;
};

/* Appends a note. Returns 0 or ENRICH_ERR_NOMEM. Inline because each extractor is a library of
 * its own, built and tested without the core. */
static inline int enrich_span_notes_add(struct enrich_span_notes *notes, json_t *span,
                                        json_t *start, json_t *end, json_t *text, int segment)
{
    if (notes->n == notes->cap) {
        size_t cap = notes->cap ? notes->cap * 2 : 64;
        struct enrich_span_note *v = realloc(notes->v, cap * sizeof(*v));
        if (v == NULL) {
            return ENRICH_ERR_NOMEM;
        }
        notes->v = v;
        notes->cap = cap;
    }
    notes->v[notes->n++] = (struct enrich_span_note){span, start, end, text, segment};
    return 0;
}

/* json_object_set_new_nocheck for a key written as a string literal: its length is known when
 * compiling, so jansson does not run strlen on it. The key must be valid UTF-8 (jansson does not
 * check it); every literal key of the record is ASCII. */
#define ENRICH_SET_LIT(obj, key, value)                                                            \
    json_object_setn_new_nocheck((obj), "" key "", sizeof(key) - 1, (value))

/* Strings that recur among one article's spans (a date's kind and role, a figure's unit and
 * qualifier): each is made once per article and shared by the objects that hold it, since
 * making and releasing a JSON string costs two allocations and two frees. A zeroed struct is
 * empty; the owner drops its references with enrich_shared_strings_release(). */
#define ENRICH_SHARED_MAX 16
struct enrich_shared_strings {
    const char *s[ENRICH_SHARED_MAX]; /* borrowed from v */
    json_t *v[ENRICH_SHARED_MAX];
    int n;
};

/* A new reference to a string equal to s (json_string(s) when first asked for); NULL when s is
 * not UTF-8 or memory ran out, like json_string(). */
static inline json_t *enrich_shared_string(struct enrich_shared_strings *c, const char *s)
{
    for (int i = 0; i < c->n; i++) {
        if (strcmp(c->s[i], s) == 0) {
            return json_incref(c->v[i]);
        }
    }
    json_t *v = json_string(s);
    if (v != NULL && c->n < ENRICH_SHARED_MAX) {
        c->s[c->n] = json_string_value(v);
        c->v[c->n++] = json_incref(v);
    }
    return v;
}

static inline void enrich_shared_strings_release(struct enrich_shared_strings *c)
{
    for (int i = 0; i < c->n; i++) {
        json_decref(c->v[i]);
    }
    c->n = 0;
}

/* A block of memory that a stage uses as it likes during one call and that the core keeps from
 * one article to the next, so that an article's large working arrays do not cost a malloc()
 * each (a large request after many small frees also makes glibc consolidate its free lists).
 * A zeroed struct is empty; the owner releases it with enrich_block_release(). */
struct enrich_block {
    void *p;
    size_t cap; /* bytes */
};

/* At least size bytes at b->p, contents undefined (what was there is not kept); NULL when
 * memory ran out, then b is empty. Inline for the same reason as enrich_span_notes_add. */
static inline void *enrich_block_reserve(struct enrich_block *b, size_t size)
{
    if (size > b->cap || b->p == NULL) {
        free(b->p);
        b->cap = size < 4096 ? 4096 : size;
        b->p = malloc(b->cap);
        if (b->p == NULL) {
            b->cap = 0;
        }
    }
    return b->p;
}

static inline void enrich_block_release(struct enrich_block *b)
{
    free(b->p);
    b->p = NULL;
    b->cap = 0;
}

struct enrich_entities_scratch;

/* Everything an extractor may read. Borrowed from the core for the duration of one call. */
struct enrich_doc {
    struct enrich_segment seg[ENRICH_SEG_COUNT];
    enum enrich_lang lang;
    struct enrich_moment published;
    /* NULL, or where each extractor notes every span it writes (then entities leave "segment"
     * out of their objects: the note carries it). enrich_article() sets it; tests may not. */
    struct enrich_span_notes *notes;
    /* NULL, or a block an extractor may use for its working arrays during its call instead of
     * allocating its own (borrowed; enrich_article() keeps it from one article to the next). */
    struct enrich_block *scratch;
    /* NULL, or where the entity extractor keeps its working memory from one call to the next
     * (*entities_keep NULL at first; the holder frees it with enrich_entities_scratch_free()). */
    struct enrich_entities_scratch **entities_keep;
};

/* The spans of every date mention of the text, resolved or not ("ngày 15" alone, "15/8 âm
 * lịch"), in text order; they never overlap. The figures skip the numbers inside them. A zeroed
 * struct is empty; whoever filled it frees it with enrich_date_spans_release. */
struct enrich_date_spans {
    size_t *start, *end;
    size_t n, cap;
};

void enrich_date_spans_release(struct enrich_date_spans *spans);

/* Dates (enrich_dates.c): appends {text, kind, value, start, end, role:"mentioned"} objects.
 * When spans is not NULL, also appends the span of every mention to it, those the record leaves
 * out included: one scan serves both extractors. The caller owns spans and releases it, also
 * after an error. */
int enrich_dates_find(const struct enrich_doc *doc, json_t *dates, struct enrich_date_spans *spans);

/* Figures (enrich_figures.c): appends {text, value, unit, qualifier, context, start, end}.
 * dates holds the spans enrich_dates_find found in the same text (borrowed for the call):
 * "15-7-2020", "năm 2020" and "10 năm" are dates, never figures. */
int enrich_figures_find(const struct enrich_doc *doc, const struct enrich_date_spans *dates,
                        json_t *figures);

/* Entities (enrich_entities*.c): appends {type, text, normalized, start, end, count, titles,
 * expansion, segment}. Looks at every segment of doc (the kicker names people and titles that
 * the body only abbreviates); "segment" is the enrich_segment_kind of the first mention, and
 * start/end are byte offsets into that segment. The core drops "segment" when it converts. */
struct enrich_gazetteer;
int enrich_gazetteer_create(struct enrich_gazetteer **out);
void enrich_gazetteer_destroy(struct enrich_gazetteer *g);
int enrich_entities_find(const struct enrich_gazetteer *g, const struct enrich_doc *doc,
                         json_t *entities);
/* The entity extractor's memory kept between calls (enrich_doc.entities_keep): its tokens,
 * mention and title arrays and a chunk of its string arena. NULL is nothing to free. */
struct enrich_entities_scratch;
void enrich_entities_scratch_free(struct enrich_entities_scratch *s);

/*
 * Matching key (enrich_fold.c): lowercase, đ kept distinct from d, and tone marks placed by one
 * rule so that "hoà"/"hòa", "thuỷ"/"thủy", "uỷ"/"ủy" give the same key. Writes at most cap bytes
 * (NUL included) to out and returns the key's length, or a negative error code.
 */
long enrich_fold(const char *in, size_t len, char *out, size_t cap);

/* ---------------------------------------------------------------------------------------------
 * Core stages (owned by the core part). enrich_article() runs them in the order of the pipeline
 * above; the tests call them one at a time. Nothing here prints or keeps global state.
 */

/* A growable byte buffer. A zeroed struct is an empty buffer; data is NUL-terminated once
 * anything was reserved or appended. The owner releases it with enrich_buf_free(). */
struct enrich_buf {
    char *data;
    size_t len; /* bytes, without the NUL */
    size_t cap; /* bytes allocated */
};

/* Makes room for extra more bytes plus a NUL. Returns 0 or ENRICH_ERR_NOMEM. */
int enrich_buf_reserve(struct enrich_buf *b, size_t extra);
int enrich_buf_append(struct enrich_buf *b, const void *s, size_t n);
int enrich_buf_putc(struct enrich_buf *b, char c);
void enrich_buf_free(struct enrich_buf *b);

/* What normalization changed, one counter per kind; the names are the keys of the record's
 * "normalizations" object. */
enum enrich_norm_kind {
    ENRICH_NORM_NFC = 0,       /* code points merged by canonical composition */
    ENRICH_NORM_D_WITH_STROKE, /* Ð/ð (U+00D0/U+00F0) misused for Đ/đ, replaced */
    ENRICH_NORM_NBSP,          /* no-break and other non-ASCII spaces and line separators */
    ENRICH_NORM_ZERO_WIDTH,    /* zero-width characters, BOM, soft hyphens, bidi controls */
    ENRICH_NORM_CONTROL,       /* C0/C1 controls removed (C1 read as Windows-1252) */
    ENRICH_NORM_WHITESPACE,    /* ASCII whitespace collapsed, trimmed or changed */
    ENRICH_NORM_LINE_WRAP,     /* hard-wrapped lines joined back into their paragraph */
    ENRICH_NORM_INVALID_UTF8,  /* ill-formed sequences replaced with U+FFFD */
    ENRICH_NORM_KIND_COUNT
};
struct enrich_norm_counts {
    long n[ENRICH_NORM_KIND_COUNT];
};
/* "nfc", "d_with_stroke", ...: a static string. */
const char *enrich_norm_kind_name(enum enrich_norm_kind kind);

/* Newlines become spaces: for one-line fields (title, byline). */
#define ENRICH_NORMALIZE_ONE_LINE 0x1u

/*
 * Appends the normalized form of in[0..len) to out and adds what changed to *counts. Any bytes
 * are accepted. The result is NFC, well-formed UTF-8, has no control characters but '\n', no
 * zero-width characters, single spaces between words, one '\n' between paragraphs (blank lines
 * dropped, every line trimmed) and no leading or trailing whitespace. Where the input separates
 * paragraphs with blank lines, the lines the sender wrapped are joined back: all of them when
 * every line is short (text wrapped at a fixed width), else a break in the middle of a sentence
 * before a lowercase word. C1 controls and stray bytes 0x80..0x9F are read as the Windows-1252
 * punctuation they stand for, and UTF-8 that was read as Windows-1252 and written again
 * ("Thá»§ tÆ°á»›ng") is repaired first. Idempotent. Returns 0 or ENRICH_ERR_NOMEM.
 */
int enrich_normalize(const char *in, size_t len, unsigned flags, struct enrich_buf *out,
                     struct enrich_norm_counts *counts);

/* Text of an HTML body, not yet normalized. Release with enrich_html_text_free(). */
struct enrich_html_text {
    struct enrich_buf text;     /* blocks separated by "\n\n", <br> as "\n" */
    struct enrich_buf heading;  /* text of the first <h1>, empty when none */
    struct enrich_buf captions; /* <figcaption> texts, one per line */
};

/*
 * Parses an HTML document or fragment with gumbo (HTML5 rules, entities decoded) and keeps the
 * readable text: scripts, styles, forms, navigation, asides, footers and widgets whose class or
 * id names sharing, comments, related links or ads are dropped; figure captions go to
 * out->captions. Documents nested too deeply for a safe tree walk are stripped of tags instead.
 * Returns 0 or ENRICH_ERR_NOMEM.
 */
int enrich_html_to_text(const char *html, size_t len, struct enrich_html_text *out);
void enrich_html_text_free(struct enrich_html_text *h);

/* enrich_html_to_text() for a caller that keeps its storage from one document to the next: out's
 * buffers are emptied but keep their memory, and arena (borrowed, kept by the caller) holds the
 * first block of gumbo's tree. Same results. */
int enrich_html_to_text_reusing(const char *html, size_t len, struct enrich_block *arena,
                                struct enrich_html_text *out);

/* Appends s[0..len) to out with the HTML entities that plain-text feeds leave behind ("&amp;",
 * "&nbsp;", "&quot;", "&#8203;", "&#x1EA3;"; a closed list of names, each ended by ';')
 * replaced by their characters; anything else, "AT&T" included, is copied as it is. Returns 0 or
 * ENRICH_ERR_NOMEM. */
int enrich_html_decode_entities(const char *s, size_t len, struct enrich_buf *out);

/* A point in time as an article states it. */
struct enrich_timestamp {
    struct enrich_moment m; /* m.known false when there is none; hour/minute -1 for a date */
    int second;
    bool has_offset; /* false when the source gave no offset and +07:00 was assumed */
};

/*
 * Parses ISO 8601 "YYYY-MM-DD", "YYYY-MM-DDTHH:MM[:SS[.fff]][Z|+HH:MM|+HHMM]". Without an offset
 * the time is taken as Vietnam's (+07:00). Returns 0, or ENRICH_ERR_INVALID when s is not such a
 * timestamp or names an impossible date or time.
 */
int enrich_timestamp_parse_iso(const char *s, size_t len, struct enrich_timestamp *out);

/* Writes "2020-07-15T21:29:00+07:00", or "2020-07-15" when the time is unknown, to out. */
void enrich_timestamp_format(const struct enrich_timestamp *t, char out[32]);

/* True when year-month-day exists in the Gregorian calendar. */
bool enrich_timestamp_valid_date(int year, int month, int day);

/*
 * Reads a line that holds nothing but a publication date and time, as Vietnamese news sites
 * print them above an article: "15/07/2020 - 21:29", "Thứ tư, 15/07/2020 21:29 (GMT+7)",
 * "Cập nhật: 21:29 15-07-2020", "July 15, 2020 9:29 PM". Returns 1 and fills *out for a
 * dateline, 0 when the line is not one, -1 when it is shaped like one but the date or time
 * cannot exist (31/02/2020, 25:10).
 */
int enrich_dateline_parse(const char *line, size_t len, struct enrich_timestamp *out);

/*
 * Where the last dateline of s[0, len) could start at the latest: every date a dateline reads
 * ends in a year of four digits, so enrich_dateline_parse() finds none in text without four
 * digits in a row. Returns one past the start of the last four digits in a row (a dateline
 * must start before it), or 0 when there are none. Lets a caller that tries every tail of a
 * line stop early.
 */
size_t enrich_dateline_start_limit(const char *s, size_t len);

/*
 * A place, then the dateline after a comma or a dash, as papers print it under the title:
 * "Hà Nội - 06/11/2023 09:15", "TP.HCM, 06/11/2023", "Cần Thơ, ngày 6/11/2023". The place is
 * one to five capitalized words. Returns as enrich_dateline_parse does for the part after it.
 */
int enrich_dateline_parse_placed(const char *line, size_t len, struct enrich_timestamp *out);

/*
 * Parses a byline ("Tin, ảnh: THANH THY", "Bài và ảnh: Minh Anh - Quốc Tuấn", "Theo TTXVN",
 * "THANH THY", "By John Smith", "Reporting by X; Editing by Y") into *out, a new object
 * {raw, authors, roles} with authors in title case and roles among "text", "photo", "video",
 * "graphics", "editing", "source". With labelled_only, a line that is only a name does not
 * count (used where ordinary short lines are common). Returns 1 with *out set, 0 when s is not a
 * byline, or ENRICH_ERR_NOMEM.
 */
int enrich_byline_parse(const char *s, size_t len, enum enrich_lang lang, bool labelled_only,
                        json_t **out);

/* Line classifiers of the structure pass, exposed for table-driven tests. Each reads one
 * normalized paragraph, line[0..len). */

/* Share buttons, "Chia sẻ bài viết", "Tin liên quan", "Xem thêm: …" and their kin. A source
 * note such as "(Nguồn: Tổng cục Thống kê)" is content, not boilerplate. */
bool enrich_structure_is_boilerplate(const char *line, size_t len);

/* The length of line without a widget printed after a bar on the same line ("Minh Anh | Lượt
 * xem: 1.234", "Thứ Hai, 6/11/2023 · Chia sẻ"); len when there is none or nothing precedes it. */
size_t enrich_structure_widget_tail(const char *line, size_t len);

/* A heading over a list of other articles' headlines: "Tin liên quan", "Xem thêm:", "Đọc
 * thêm", "Có thể bạn quan tâm", "Related". The line is boilerplate itself. */
bool enrich_structure_is_list_heading(const char *line, size_t len);

/* Whether s[0..n) is a news agency's name or mark ("TTXVN", "AFP", "Reuters", "Vietnam+"). */
bool enrich_structure_is_wire(const char *s, size_t n);

/* Whether s[0..n) is only a Vietnamese outlet's name as its pages print it ("Thanh Niên",
 * "Tuổi Trẻ", "VnExpress", "Báo Cần Thơ"): page furniture, not a writer's name. */
bool enrich_structure_is_outlet(const char *s, size_t n);

/*
 * A photo caption: "Ảnh minh họa", "Ảnh: TTXVN", "Quang cảnh hội nghị. Ảnh: THANH THY",
 * "Đại biểu dự lễ (Ảnh: Minh Anh)", "(Photo: Reuters)". Returns 1 with *out a new object
 * {text: the line as written, credit: who took it or null}, 0 when the line is not a caption,
 * or ENRICH_ERR_NOMEM.
 */
int enrich_structure_caption(const char *line, size_t len, json_t **out);

/* Where a source tag sits in a first paragraph: the tag without its brackets, and the bytes to
 * cut so that the paragraph reads on without it. */
struct enrich_source_tag {
    size_t tag_off, tag_len;
    size_t cut_off, cut_len;
};

/* "(CT) - ", "(CT)-", "TTXVN - ", "VOV.VN - ", "HANOI (Reuters) - " at the start of line. */
bool enrich_structure_source_tag(const char *line, size_t len, struct enrich_source_tag *out);

/* A line that is nothing but news agencies' names from a closed list, joined by '/': "VNA",
 * "TTXVN", "TTXVN/Vietnam+", "VNA/VNS": at the end of a story, the agency that filed it. */
bool enrich_structure_agency_line(const char *line, size_t len);

/* A line that holds nothing but a source tag and its dash ("(NDO) -", "TTO -"), as HTML pages
 * print it in an element of its own above the lead. */
bool enrich_structure_source_tag_alone(const char *line, size_t len, struct enrich_source_tag *out);

/* What the structure pass knows beyond the text. Strings are borrowed and normalized. */
struct enrich_structure_hints {
    enum enrich_lang lang;
    const char *title;   /* submitted title or NULL: a header line equal to it is the title */
    const char *heading; /* first <h1> of an HTML body or NULL */
    /* NULL, or a buffer whose memory out->text takes over (its contents are dropped; *storage
     * is left empty), so that a caller can hand the same memory back for every article. */
    struct enrich_buf *text_storage;
};

/* The parts of an article. Release with enrich_structure_free(). */
struct enrich_structure {
    struct enrich_buf text;            /* the body: paragraphs separated by '\n' */
    char *kicker;                      /* malloc'd, without its final ':'; NULL when none */
    char *title;                       /* malloc'd; NULL when none */
    char *source_tag;                  /* malloc'd, "CT" for "(CT) - "; NULL when none */
    char *dateline;                    /* malloc'd, the dateline line as written; NULL when none */
    struct enrich_timestamp published; /* read from the dateline */
    json_t *byline;                    /* new reference {raw, authors, roles} or NULL */
    json_t *captions;                  /* new reference: array of {text, credit} */
    json_t *warnings;                  /* new reference: array of snake_case strings */
    bool truncated;                    /* the body ends cut off with "…" or "..." */
    long boilerplate;                  /* lines dropped as boilerplate */
};

/*
 * Splits normalized text (see enrich_normalize) into dateline, kicker, title, source tag,
 * byline, captions, boilerplate and body. Returns 0 or ENRICH_ERR_NOMEM; *out is zeroed first
 * and must be released with enrich_structure_free() whatever the result.
 */
int enrich_structure_split(const char *text, size_t len, const struct enrich_structure_hints *hints,
                           struct enrich_structure *out);
void enrich_structure_free(struct enrich_structure *s);

/*
 * Guesses the language of normalized text: Vietnamese when enough words carry Vietnamese
 * letters, English when English function words are common and Vietnamese letters are not;
 * Vietnamese when in doubt (the feeds are Vietnamese). Reads at most the first 16 KiB.
 */
enum enrich_lang enrich_lang_detect(const char *text, size_t len);

/* Whether the ASCII word w[0..n), in any case, is a function word of lang: English, or
 * Vietnamese typed without diacritics ("cua", "duoc") (enrich_lang_words.c). */
bool enrich_lang_function_word(enum enrich_lang lang, const char *w, size_t n);

/*
 * Turns the byte offsets of the spans in arrays[0..n) into code-point offsets into text: a span
 * whose "segment" is not ENRICH_SEG_TEXT gets null offsets; "segment" is removed. A span whose
 * offsets do not cut text at character boundaries, or whose slice differs from its "text", also
 * gets null offsets and is counted in *invalid. Runs in one pass over text after sorting the
 * offsets. Returns 0 or ENRICH_ERR_NOMEM.
 */
int enrich_offsets_convert(const char *text, size_t len, json_t *const *arrays, size_t n,
                           long *invalid);

/* The same conversion from the extractors' notes (enrich_doc.notes), with the same results:
 * the objects are not read back by key, entities carry no "segment" to remove, and the offsets
 * are converted by walking the text from one to the next, which needs no sort when the spans
 * come nearly in order, as they do. Returns 0 or ENRICH_ERR_NOMEM. */
int enrich_offsets_convert_notes(const char *text, size_t len,
                                 const struct enrich_span_notes *notes, long *invalid);
/* The same, with the conversion's table of code-point counts in *table (borrowed; its memory is
 * kept for the caller's next call). */
int enrich_offsets_convert_notes_reusing(const char *text, size_t len,
                                         const struct enrich_span_notes *notes,
                                         struct enrich_block *table, long *invalid);

/* Everything the record is assembled from. All borrowed (the record takes references to the
 * JSON values); NULL strings become JSON null. The dateline's date is inserted at the head of
 * dates. */
struct enrich_record_parts {
    const struct enrich_submission *sub;
    enum enrich_lang lang;
    const char *title, *kicker, *source_tag;
    const struct enrich_timestamp *published; /* the record's published_at; NULL when unknown */
    const char *dateline;                     /* as written, for the "published" date */
    const struct enrich_timestamp *dateline_at;
    json_t *byline; /* or NULL */
    bool truncated;
    const char *text;
    size_t text_len;
    json_t *captions, *warnings;
    const struct enrich_norm_counts *counts;
    json_t *entities, *dates, *figures; /* offsets already converted */
};

/* Builds the record (schemas/enriched-article.schema.json) into *out, a new reference.
 * Returns 0, ENRICH_ERR_NOMEM, or ENRICH_ERR_INVALID when id, source or url is not UTF-8. */
int enrich_record_build(const struct enrich_record_parts *parts, json_t **out);

/* The memory enrich_article() keeps from one article to the next (enrich_scratch.c): its
 * buffers and blocks, emptied between articles but not freed, so that a worker that enriches
 * article after article allocates its large working memory once. Whatever one article left
 * above ENRICH_SCRATCH_KEEP_MAX bytes is freed when the scratch is given back, so that one huge
 * article does not pin its memory for good. */
#define ENRICH_SCRATCH_KEEP_MAX (1024 * 1024)

struct enrich_scratch {
    struct enrich_buf body, title, byline, caption, heading, text;
    struct enrich_html_text html;
    struct enrich_block html_arena;           /* gumbo's first block */
    struct enrich_block table;                /* the offsets' code-point table */
    struct enrich_block extract;              /* enrich_doc.scratch */
    struct enrich_entities_scratch *entities; /* enrich_doc.entities_keep */
    struct enrich_date_spans date_spans;      /* emptied before the dates fill it */
    struct enrich_span_notes notes;
};

/* Scratches for the threads that call enrich_article() at once: a call takes one (a new one
 * when all are in use) and gives it back when done. Lock-free; the pool keeps at most
 * ENRICH_SCRATCH_POOL of them and frees what comes back beyond. */
#define ENRICH_SCRATCH_POOL 16
struct enrich_scratch_pool;

/* Caller frees with enrich_scratch_pool_destroy(), once no call uses the pool. */
int enrich_scratch_pool_create(struct enrich_scratch_pool **out);
void enrich_scratch_pool_destroy(struct enrich_scratch_pool *pool);

/* A scratch for one call, with empty buffers; the caller owns it until it gives it back with
 * enrich_scratch_give(). NULL when memory ran out. */
struct enrich_scratch *enrich_scratch_take(struct enrich_scratch_pool *pool);

/* Hands s back (s may be NULL): emptied, trimmed to ENRICH_SCRATCH_KEEP_MAX per buffer, and kept
 * for the next call, or freed when the pool is full. */
void enrich_scratch_give(struct enrich_scratch_pool *pool, struct enrich_scratch *s);

/* Words of normalized text: whitespace-separated tokens holding a letter or digit (Vietnamese
 * syllables count one each). */
size_t enrich_record_word_count(const char *text, size_t len);

#endif
