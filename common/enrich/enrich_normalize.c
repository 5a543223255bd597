/*
 * Character-level normalization: one pass that maps, drops and collapses code points, then NFC
 * through utf8proc only when the pass met a code point that composition could change (text
 * that is already composed, which is nearly all of it, never pays for NFC).
 */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "enrich_internal.h"
#include "enrich_normalize_internal.h"
#include "enrich_simd.h"
#include "enrich_utf8.h"

static const char *const kind_names[ENRICH_NORM_KIND_COUNT] = {
    [ENRICH_NORM_NFC] = "nfc",
    [ENRICH_NORM_D_WITH_STROKE] = "d_with_stroke",
    [ENRICH_NORM_NBSP] = "nbsp",
    [ENRICH_NORM_ZERO_WIDTH] = "zero_width",
    [ENRICH_NORM_CONTROL] = "control",
    [ENRICH_NORM_WHITESPACE] = "whitespace",
    [ENRICH_NORM_LINE_WRAP] = "line_wrap",
    [ENRICH_NORM_INVALID_UTF8] = "invalid_utf8",
};

const char *enrich_norm_kind_name(enum enrich_norm_kind kind)
{
    return (unsigned)kind < ENRICH_NORM_KIND_COUNT ? kind_names[kind] : "unknown";
}

/* Lines no longer than this in a document with blank lines between paragraphs mean the text was
 * wrapped by its sender (e-mail, wire terminals: 65 to 80 columns). */
#define HARD_WRAP_MAX_COLUMNS 100

enum layout {
    LAYOUT_LINES,   /* no blank line: every line is a paragraph, none is joined */
    LAYOUT_BLOCKS,  /* blank lines between paragraphs: a break mid-sentence is a soft wrap */
    LAYOUT_WRAPPED, /* blocks whose lines are all short: every break inside a block is a wrap */
};

/*
 * How the sender laid out paragraphs. Only with blank lines between paragraphs can a single line
 * break be a wrap. The output never has blank lines, so normalizing it again joins nothing: the
 * pass is idempotent.
 */
static enum layout find_layout(const char *s, size_t len)
{
    bool blank = false, content_before = false, blank_pending = false, multi_line_block = false;
    bool prev_line_content = false;
    size_t max_cps = 0;
    /* Line by line; the text after the last '\n' (empty when it ends with one) is a line too. */
    for (size_t i = 0;;) {
        const char *nl = i < len ? memchr(s + i, '\n', len - i) : NULL;
        size_t end = nl != NULL ? (size_t)(nl - s) : len;
        bool line_content = false;
        for (size_t k = i; k < end && !line_content; k++) {
            line_content = s[k] != ' ' && s[k] != '\t' && s[k] != '\r';
        }
        size_t line_cps = enrich_utf8_count(s + i, end - i);
        if (blank && line_cps > HARD_WRAP_MAX_COLUMNS) {
            return LAYOUT_BLOCKS; /* long paragraphs: nothing more to learn */
        }
        if (line_content) {
            blank |= blank_pending;
            blank_pending = false;
            multi_line_block |= prev_line_content;
            content_before = true;
            if (line_cps > max_cps) {
                max_cps = line_cps;
            }
        } else if (content_before) {
            blank_pending = true;
        }
        prev_line_content = line_content;
        if (nl == NULL) {
            break;
        }
        i = end + 1;
    }
    if (!blank) {
        return LAYOUT_LINES;
    }
    return multi_line_block && max_cps <= HARD_WRAP_MAX_COLUMNS ? LAYOUT_WRAPPED : LAYOUT_BLOCKS;
}

/* State of the pass. Whitespace is not written when seen: a run of it is remembered and becomes
 * one separator (or nothing, at the edges) when the next visible code point arrives. */
struct norm {
    struct enrich_buf *out;
    long *n;
    unsigned flags;
    int run_ascii;      /* ASCII whitespace characters in the pending run */
    int run_newlines;   /* line breaks of any kind in the pending run */
    bool run_any;       /* a run is pending */
    bool run_has_space; /* it holds a plain ' ' */
    bool run_has_nl;    /* it holds a plain '\n' */
    bool at_start;      /* nothing visible written yet */
    int32_t prev_cp;    /* last visible code point written */
    bool needs_nfc;
    enum layout layout;
    bool keep_first_break; /* the first line is a dateline: never joined to the title */
    bool broke_once;       /* a line break was written or joined already */
};

/* A hard wrap is undone only in the middle of a sentence: the line ends in a letter, digit or
 * comma and the next one starts with a lowercase letter. */
static bool wrap_joins(int32_t last, int32_t next)
{
    /* A combining mark counts as the letter it will compose with, so that the decision is the
     * same before and after NFC (normalizing twice changes nothing). */
    bool last_open = last == ',' || (last >= '0' && last <= '9') || enrich_utf8_is_letter(last) ||
                     (last >= 0x300 && utf8proc_get_property(last)->combining_class != 0);
    return last_open && enrich_utf8_is_lower(next);
}

/* A line that starts a list item, which a wrap never produces. */
static bool list_marker(int32_t next)
{
    return next == '-' || next == '*' || next == '+' || next == 0x2022 || next == 0x2013 ||
           next == 0x2014;
}

static void flush_run(struct norm *st, int32_t next_cp)
{
    if (!st->run_any) {
        return;
    }
    char sep;
    int kept;
    if (st->at_start) {
        st->n[ENRICH_NORM_WHITESPACE] += st->run_ascii;
        goto reset;
    }
    if (st->run_newlines > 0 && !(st->flags & ENRICH_NORMALIZE_ONE_LINE)) {
        bool wrap = false;
        if (st->run_newlines == 1 && st->layout == LAYOUT_WRAPPED) {
            wrap = st->prev_cp != ':' && !list_marker(next_cp) &&
                   !(st->keep_first_break && !st->broke_once);
        } else if (st->run_newlines == 1 && st->layout == LAYOUT_BLOCKS) {
            wrap = wrap_joins(st->prev_cp, next_cp);
        }
        st->broke_once = true;
        if (wrap) {
            sep = ' ';
            kept = st->run_ascii > 0 ? 1 : 0;
            st->n[ENRICH_NORM_LINE_WRAP]++;
        } else {
            sep = '\n';
            kept = st->run_has_nl ? 1 : 0;
        }
    } else {
        sep = ' ';
        kept = st->run_has_space ? 1 : 0;
    }
    st->n[ENRICH_NORM_WHITESPACE] += st->run_ascii - kept;
    st->out->data[st->out->len++] = sep;
reset:
    st->run_any = false;
    st->run_ascii = 0;
    st->run_newlines = 0;
    st->run_has_space = false;
    st->run_has_nl = false;
}

static int emit_cp(struct norm *st, int32_t cp)
{
    flush_run(st, cp);
    if (st->out->len + 5 > st->out->cap && enrich_buf_reserve(st->out, 5) != 0) {
        return ENRICH_ERR_NOMEM;
    }
    st->out->len += enrich_utf8_encode(cp, st->out->data + st->out->len);
    st->prev_cp = cp;
    st->at_start = false;
    return 0;
}

static void add_space(struct norm *st, bool ascii, char c)
{
    st->run_any = true;
    st->run_ascii += ascii;
    st->run_has_space |= c == ' ';
}

static void add_newline(struct norm *st, bool ascii, char c)
{
    st->run_any = true;
    st->run_ascii += ascii;
    st->run_newlines++;
    st->run_has_nl |= c == '\n';
}

/* Handles one ASCII byte that is not printable (whitespace or a control). */
static void ascii_other(struct norm *st, const unsigned char *p, size_t i, size_t len)
{
    unsigned char c = p[i];
    switch (c) {
    case ' ':
    case '\t':
        add_space(st, true, (char)c);
        break;
    case '\n':
    case '\v':
    case '\f':
        add_newline(st, true, (char)c);
        break;
    case '\r':
        if (i + 1 < len && p[i + 1] == '\n') {
            st->run_any = true;
            st->run_ascii++; /* the '\n' that follows is the line break */
        } else {
            add_newline(st, true, '\r');
        }
        break;
    default:
        st->n[ENRICH_NORM_CONTROL]++;
        break;
    }
}

/* What Windows-1252 prints for the bytes 0x80..0x9F, or 0 where it prints nothing. Text typed
 * in Word and passed through a Latin-1 decoder arrives with its curly quotes, dashes and
 * ellipses as these C1 control characters (or, in raw bytes, as ill-formed UTF-8); read back as
 * Windows-1252 they are the punctuation the writer typed. */
static const uint16_t cp1252_c1[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

/* Handles one non-ASCII code point. */
static int non_ascii(struct norm *st, int32_t cp)
{
    if (cp < 0xA0) {
        st->n[ENRICH_NORM_CONTROL]++;
        return cp1252_c1[cp - 0x80] != 0 ? emit_cp(st, cp1252_c1[cp - 0x80]) : 0;
    }
    switch (cp) {
    case 0xA0:
    case 0x1680:
    case 0x202F:
    case 0x205F:
    case 0x3000:
        st->n[ENRICH_NORM_NBSP]++;
        add_space(st, false, 0);
        return 0;
    case 0x2028:
    case 0x2029:
        st->n[ENRICH_NORM_NBSP]++;
        add_newline(st, false, 0);
        return 0;
    case 0xAD:
    case 0x61C:
    case 0x180E:
    case 0xFEFF:
        st->n[ENRICH_NORM_ZERO_WIDTH]++;
        return 0;
    case 0xD0:
    case 0xF0:
        /* Vietnamese writes đ only at the start of a syllable or inside an acronym ("QĐ");
         * after a lowercase letter it is the Icelandic eth of a name ("Guðni") and stays. */
        if (st->run_any || st->at_start || !enrich_utf8_is_lower(st->prev_cp)) {
            st->n[ENRICH_NORM_D_WITH_STROKE]++;
            return emit_cp(st, cp == 0xD0 ? 0x110 : 0x111);
        }
        return emit_cp(st, cp);
    default:
        break;
    }
    if (cp >= 0x2000 && cp <= 0x206F) {
        if (cp <= 0x200A) {
            st->n[ENRICH_NORM_NBSP]++;
            add_space(st, false, 0);
            return 0;
        }
        if ((cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
            (cp >= 0x2060 && cp <= 0x2064) || cp >= 0x2066) {
            st->n[ENRICH_NORM_ZERO_WIDTH]++;
            return 0;
        }
    }
    if (cp >= 0x300 && !st->needs_nfc && !enrich_normalize_nfc_inert(cp)) {
        st->needs_nfc = true;
    }
    return emit_cp(st, cp);
}

/* Length of the character at p[i] when it is copied unchanged (printable ASCII; Vietnamese
 * letters: U+00C0..U+02FF but Ð/ð, and U+1E80..U+1EFF), else 0. */
static inline size_t plain_len(const unsigned char *p, size_t i, size_t len)
{
    unsigned char c = p[i];
    if (c >= 0x21 && c < 0x7F) {
        return 1;
    }
    if (c >= 0xC3 && c <= 0xCB && i + 1 < len && (p[i + 1] & 0xC0) == 0x80 &&
        !(c == 0xC3 && (p[i + 1] == 0x90 || p[i + 1] == 0xB0))) {
        return 2;
    }
    if (c == 0xE1 && i + 2 < len && (p[i + 1] == 0xBA || p[i + 1] == 0xBB) &&
        (p[i + 2] & 0xC0) == 0x80) {
        return 3;
    }
    return 0;
}

/* The code point of a character plain_len() accepted, n bytes long. */
static inline int32_t plain_cp(const unsigned char *p, size_t i, size_t n)
{
    if (n == 1) {
        return p[i];
    }
    if (n == 2) {
        return ((p[i] & 0x1F) << 6) | (p[i + 1] & 0x3F);
    }
    return 0x1000 | ((p[i + 1] & 0x3F) << 6) | (p[i + 2] & 0x3F);
}

/*
 * How many of the 16 bytes at p, read as the run of plain_len() characters and single spaces
 * that the main loop copies, can be copied: they end before the first byte that plain_len()
 * refuses, or whose character does not end inside the 16 bytes, and before a space that is not
 * followed by such a character. The same answer as stepping with plain_len() 16 bytes at a
 * time with bit masks, where the step's branches mispredict on every change between ASCII and
 * Vietnamese letters. 0 without SSE2 (the caller then steps).
 */
static inline size_t plain_prefix16(const unsigned char *p)
{
#if defined(__SSE2__)
    __m128i c = _mm_loadu_si128((const __m128i *)(const void *)p);
    unsigned ascii = enrich_simd_in_range(c, 0x21, 0x7E - 0x21);
    unsigned space = enrich_simd_eq(c, ' ');
    unsigned cont = enrich_simd_in_range(c, 0x80, 0x3F);
    unsigned lead2 = enrich_simd_in_range(c, 0xC3, 0xCB - 0xC3); /* U+00C0..U+02FF */
    unsigned e1 = enrich_simd_eq(c, 0xE1);
    unsigned e1_second = enrich_simd_in_range(c, 0xBA, 1); /* U+1E80..U+1EFF after 0xE1 */
    unsigned eth = (enrich_simd_eq(c, 0x90) | enrich_simd_eq(c, 0xB0)) >> 1; /* after 0xC3: Ð, ð */
    unsigned c3 = enrich_simd_eq(c, 0xC3);
    unsigned starts = ascii | lead2 | e1;
    unsigned needed = (lead2 << 1) | (e1 << 1) | (e1 << 2);
    /* A lead byte whose continuation would lie past the 16 bytes stops here too. */
    unsigned stop = ~(starts | space | cont) & 0xFFFFu;
    stop |= cont & ~needed;
    stop |= lead2 & ~(cont >> 1);
    stop |= e1 & ~(e1_second >> 1);
    stop |= e1 & ~(cont >> 2);
    stop |= c3 & eth;
    stop |= space & ~(starts >> 1);
    stop |= (stop >> 1) & space; /* a space before a character that stops */
    return (size_t)__builtin_ctz(stop | 0x10000u);
#else
    (void)p;
    return 0;
#endif
}

/* The Windows-1252 byte that prints cp, or -1. */
static int cp1252_byte(int32_t cp)
{
    if (cp >= 0 && cp <= 0xFF) {
        return (int)cp; /* Latin-1, which also keeps C1 controls as their bytes */
    }
    for (int b = 0; b < 32; b++) {
        if (cp1252_c1[b] == (uint16_t)cp && cp != 0) {
            return 0x80 + b;
        }
    }
    return -1;
}

/*
 * UTF-8 read as Windows-1252 and written out again as UTF-8 ("Thá»§ tÆ°á»›ng" for "Thủ tướng",
 * "â€œ" for "“"): every character of such text is one Windows-1252 prints, and their bytes form
 * well-formed UTF-8 with multi-byte characters in it. Genuine Vietnamese fails at its first
 * letter outside Windows-1252 ("ủ"), genuine Western text at its first "é" or "’" (a byte that
 * cannot start a UTF-8 character where it stands). Returns the repaired text, malloc'd, with
 * its length in *out_len, or NULL when the text is not such (or memory ran out: it is then
 * normalized as it came).
 */
static char *mojibake_repair(const char *in, size_t len, size_t *out_len)
{
    const unsigned char *p = (const unsigned char *)in;
    size_t i = 0, bytes = 0, multi = 0;
    int pending = 0; /* continuation bytes the repaired UTF-8 still expects */
    while (i < len) {
        if (p[i] < 0x80) {
            if (pending > 0) {
                return NULL;
            }
            i++;
            bytes++;
            continue;
        }
        size_t adv;
        int b = cp1252_byte(enrich_utf8_decode(p + i, len - i, &adv));
        if (b < 0x80) {
            return NULL; /* ill-formed input, or a character Windows-1252 does not print */
        }
        if (pending > 0) {
            if ((b & 0xC0) != 0x80) {
                return NULL;
            }
            pending--;
        } else if (b >= 0xC2 && b <= 0xDF) {
            pending = 1;
        } else if (b >= 0xE0 && b <= 0xEF) {
            pending = 2;
        } else if (b >= 0xF0 && b <= 0xF4) {
            pending = 3;
        } else {
            return NULL;
        }
        multi += pending == 0;
        i += adv;
        bytes++;
    }
    if (pending > 0 || multi == 0) {
        return NULL;
    }
    char *fixed = malloc(bytes + 1);
    if (fixed == NULL) {
        return NULL;
    }
    size_t o = 0;
    for (i = 0; i < len;) {
        size_t adv = 1;
        fixed[o++] =
            (char)(p[i] < 0x80 ? p[i] : cp1252_byte(enrich_utf8_decode(p + i, len - i, &adv)));
        i += adv;
    }
    fixed[o] = '\0';
    /* Overlong or surrogate forms pass the shape check above; the full check settles them. */
    if (!enrich_utf8_valid(fixed, o)) {
        free(fixed);
        return NULL;
    }
    *out_len = o;
    return fixed;
}

/* Whether the first line reads as a dateline ("Hà Nội, ngày 6/11/2023", "06/11/2023 09:15"):
 * press releases and letters print it alone above the title, in documents whose short lines
 * would otherwise all be joined. */
#define FIRST_LINE_MAX_BYTES 160
static bool first_line_dateline(const char *s, size_t len)
{
    size_t b = 0;
    while (b < len && strchr(" \t\r\n", s[b]) != NULL) {
        b++;
    }
    const char *nl = memchr(s + b, '\n', len - b);
    size_t e = nl != NULL ? (size_t)(nl - s) : len;
    while (e > b && strchr(" \t\r", s[e - 1]) != NULL) {
        e--;
    }
    if (e == b || e - b > FIRST_LINE_MAX_BYTES) {
        return false;
    }
    struct enrich_timestamp ts;
    return enrich_dateline_parse(s + b, e - b, &ts) != 0 ||
           enrich_dateline_parse_placed(s + b, e - b, &ts) != 0;
}

static int normalize_text(const char *in, size_t len, unsigned flags, struct enrich_buf *out,
                          struct enrich_norm_counts *counts);

/* Repairs mojibake (see mojibake_repair) as often as it reads as such: text encoded twice
 * takes two rounds, and each round shortens it, so this ends. Returns a malloc'd repair or
 * NULL when the text needed none. */
static char *mojibake_repair_all(const char *in, size_t len, size_t *out_len)
{
    char *fixed = NULL;
    for (;;) {
        size_t n = 0;
        char *again = mojibake_repair(fixed ? fixed : in, fixed ? *out_len : len, &n);
        if (again == NULL) {
            return fixed;
        }
        free(fixed);
        fixed = again;
        *out_len = n;
    }
}

/* Mojibake is repaired before normalization, which would drop the soft hyphens and C1
 * controls that carry its bytes ("í" read as Windows-1252 is "Ã" and a soft hyphen), and
 * checked again after it, so that normalization stays idempotent: no output is left that a
 * second call would repair. The counts are those of the last round. */
int enrich_normalize(const char *in, size_t len, unsigned flags, struct enrich_buf *out,
                     struct enrich_norm_counts *counts)
{
    size_t start = out->len, fixed_len = 0;
    char *fixed = mojibake_repair_all(in, len, &fixed_len);
    struct enrich_norm_counts round = {{0}};
    int rc = fixed ? normalize_text(fixed, fixed_len, flags, out, &round)
                   : normalize_text(in, len, flags, out, &round);
    free(fixed);
    while (rc == 0 &&
           (fixed = mojibake_repair_all(out->data + start, out->len - start, &fixed_len)) != NULL) {
        out->len = start;
        memset(&round, 0, sizeof round);
        rc = normalize_text(fixed, fixed_len, flags, out, &round);
        free(fixed);
    }
    for (int k = 0; k < ENRICH_NORM_KIND_COUNT; k++) {
        counts->n[k] += round.n[k];
    }
    return rc;
}

static int normalize_text(const char *in, size_t len, unsigned flags, struct enrich_buf *out,
                          struct enrich_norm_counts *counts)
{
    /* Every mapping writes at most as many bytes as it reads, except U+FFFD or a Windows-1252
     * character for an invalid byte or a C1 control, which reserve again for the rest; so the
     * ASCII copies need no check. */
    if (enrich_buf_reserve(out, len + 8) != 0) {
        return ENRICH_ERR_NOMEM;
    }
    struct norm st = {
        .out = out, .n = counts->n, .flags = flags, .at_start = true, .layout = LAYOUT_LINES};
    if (!(flags & ENRICH_NORMALIZE_ONE_LINE)) {
        st.layout = find_layout(in, len);
        st.keep_first_break = st.layout == LAYOUT_WRAPPED && first_line_dateline(in, len);
    }
    size_t start = out->len;
    const unsigned char *p = (const unsigned char *)in;
    size_t i = 0;
    bool prev_invalid = false; /* the character before p[i] was ill-formed */
    while (i < len) {
        bool after_invalid = prev_invalid;
        prev_invalid = false;
        unsigned char c = p[i];
        size_t n = plain_len(p, i, len);
        if (n > 0) {
            /* A run of characters copied as they are: whitespace pending before it is settled
             * by its first character, and the last one is remembered for the next run. */
            flush_run(&st, plain_cp(p, i, n));
            size_t j = i + n;
            while (j < len) {
                size_t adv = len - j >= 16 ? plain_prefix16(p + j) : 0;
                if (adv > 0) {
                    j += adv;
                    continue;
                }
                if ((n = plain_len(p, j, len)) > 0) {
                    j += n;
                    continue;
                }
                /* A single space between two such characters goes with them: nothing is
                 * pending and something visible was written, so flush_run() would write it
                 * as it is. Most runs end at a space; this keeps a paragraph in one copy. */
                if (p[j] == ' ' && j + 1 < len && plain_len(p, j + 1, len) > 0) {
                    j++;
                    continue;
                }
                break;
            }
            memcpy(out->data + out->len, p + i, j - i);
            out->len += j - i;
            /* The run ends with a whole character (a space only goes with the one after it). */
            size_t last = j - 1;
            while ((p[last] & 0xC0) == 0x80) {
                last--;
            }
            st.prev_cp = plain_cp(p, last, j - last);
            st.at_start = false;
            i = j;
            continue;
        }
        if (c < 0x80) {
            ascii_other(&st, p, i, len);
            i++;
            continue;
        }
        size_t adv;
        int32_t cp = enrich_utf8_decode(p + i, len - i, &adv);
        i += adv;
        int rc;
        if (cp < 0) {
            /* U+FFFD may be longer than what it replaces: keep room for the rest of the input
             * so that the copies above never need a check. */
            counts->n[ENRICH_NORM_INVALID_UTF8]++;
            if (enrich_buf_reserve(out, 4 + (len - i) + 8) != 0) {
                return ENRICH_ERR_NOMEM;
            }
            /* A lone byte 0x80..0x9F is Windows-1252 punctuation in UTF-8 text ("\x93Ch\xFA\x94"
             * typed in Word): kept as what it was meant to be rather than lost. */
            unsigned char b = p[i - adv];
            bool lone = adv == 1 && b >= 0x80 && b <= 0x9F && !after_invalid &&
                        !(i < len && p[i] >= 0x80 && p[i] <= 0xBF);
            int32_t meant = lone ? cp1252_c1[b - 0x80] : 0;
            prev_invalid = true;
            rc = emit_cp(&st, meant != 0 ? meant : ENRICH_UTF8_REPLACEMENT);
        } else {
            /* A C1 control read as Windows-1252 grows from two bytes to three: keep room for
             * the rest of the input, as for U+FFFD. */
            if (cp < 0xA0 && enrich_buf_reserve(out, 4 + (len - i) + 8) != 0) {
                return ENRICH_ERR_NOMEM;
            }
            rc = non_ascii(&st, cp);
        }
        if (rc != 0) {
            return rc;
        }
    }
    if (st.run_any) {
        counts->n[ENRICH_NORM_WHITESPACE] += st.run_ascii;
    }
    out->data[out->len] = '\0';
    if (st.needs_nfc) {
        return enrich_normalize_compose(out, start, &counts->n[ENRICH_NORM_NFC]);
    }
    return 0;
}
