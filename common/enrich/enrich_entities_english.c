/*
 * Entities in English wire copy about Viet Nam: the same types, found from capitalized runs.
 *
 * A run is a sequence of capitalized words, joined by "of", "and", "for", "&" or "the"
 * ("State Bank of Vietnam"). A run containing an organization word (Ministry, Bank, Committee,
 * ...) is an organization; one followed by "province"/"city" is a place; the gazetteers'
 * English names give places and organizations; a form of address or a title ("Mr", "Prime
 * Minister") gives a person, as does a run that starts with a Vietnamese family name.
 */
#include <string.h>

#include "enrich_entities_internal.h"

/* Long enough for a title and its body before a name: "Chairman of the NA Committee for Law
 * and Justice Hoang Thanh Tung" is 12 tokens. */
#define RUN_MAX_TOKENS 14

static bool cap_word(const struct ent_ctx *c, size_t i)
{
    return i < c->t.n && (c->t.v[i].flags & ENT_TOK_CAP) && (c->t.v[i].flags & ENT_TOK_WORD);
}

static bool name_word(const struct ent_ctx *c, size_t i)
{
    uint32_t f = i < c->t.n ? c->t.v[i].flags : 0;
    return (f & ENT_TOK_CAP) && (f & ENT_TOK_LETTERS) && !(f & ENT_TOK_ALLCAPS);
}

/* A number of three digits at most, spaced from the word before: a unit's number. */
static bool short_number(const struct ent_ctx *c, size_t k)
{
    return k < c->t.n && (c->t.v[k].flags & ENT_TOK_NUMBER) &&
           (c->t.v[k].flags & ENT_TOK_SPACE_BEFORE) && c->t.v[k].end - c->t.v[k].start <= 3;
}

static bool lower_word(const struct ent_ctx *c, size_t k)
{
    return k < c->t.n && (c->t.v[k].flags & ENT_TOK_WORD) && !(c->t.v[k].flags & ENT_TOK_CAP);
}

/* A word that places what stands before it: "Children's Hospital 1 in HCM City" keeps its
 * number, where "Committee 10 days ago" does not. */
static bool place_preposition(const struct ent_ctx *c, size_t k)
{
    static const char *const words[] = {"in", "at", "and", "or", "on", "where", "which", NULL};
    for (size_t w = 0; words[w] != NULL; w++) {
        if (ent_is_word(c, k, words[w])) {
            return true;
        }
    }
    return false;
}

/* A hyphen or an en dash between the two ends of a road ("Biên Hòa - Vũng Tàu"); the em dash
 * of a dateline ("HÀ NỘI — The ...") sets a place apart from the story instead. */
static bool road_dash(const struct ent_ctx *c, size_t k)
{
    const unsigned char *d = (const unsigned char *)c->s + c->t.v[k].start;
    size_t n = c->t.v[k].end - c->t.v[k].start;
    return (n == 1 && d[0] == '-') || (n == 3 && d[0] == 0xE2 && d[1] == 0x80 && d[2] == 0x93);
}

/* A road's number after its kind: "1A", "14", "27C" (digits first, a letter at most after). */
static bool route_number(const struct ent_ctx *c, size_t k)
{
    if (k >= c->t.n || !(c->t.v[k].flags & ENT_TOK_SPACE_BEFORE) ||
        !(c->t.v[k].flags & ENT_TOK_DIGIT)) {
        return false;
    }
    const char *s = c->s + c->t.v[k].start;
    size_t n = c->t.v[k].end - c->t.v[k].start, d = 0;
    while (d < n && s[d] >= '0' && s[d] <= '9') {
        d++;
    }
    return d >= 1 && d <= 3 && (d == n || (d + 1 == n && s[d] >= 'A' && s[d] <= 'Z'));
}

/* The words that close the name of a place built by people: "Viet Tri Stadium", "Noi Bai
 * Airport", "Lao Bảo International Border Gate", "Nam Dong Ha Industrial Park"; the number
 * of tokens of the kind ending at end (after at least one word of the name), or 0. */
static size_t place_kind_before(const struct ent_ctx *c, size_t i, size_t end)
{
    static const char *const single[] = {"stadium", "airport", "port",       "seaport",
                                         "bridge",  "station", "expressway", "tower",
                                         "pagoda",  "temple",  "citadel",    NULL};
    static const char *const pairs[][2] = {{"border", "gate"},     {"industrial", "park"},
                                           {"economic", "zone"},   {"industrial", "zone"},
                                           {"processing", "zone"}, {"hi-tech", "park"}};
    if (end < i + 2) {
        return 0;
    }
    /* "National Highway 1A", "Highway 14": a road named by its number. */
    if (route_number(c, end - 1) &&
        (ent_is_word(c, end - 2, "highway") || ent_is_word(c, end - 2, "expressway"))) {
        return 2;
    }
    for (size_t w = 0; single[w] != NULL; w++) {
        if (ent_is_word(c, end - 1, single[w])) {
            return 1;
        }
    }
    for (size_t w = 0; end >= i + 3 && w < sizeof(pairs) / sizeof(pairs[0]); w++) {
        if (ent_is_word(c, end - 2, pairs[w][0]) && ent_is_word(c, end - 1, pairs[w][1])) {
            return 2;
        }
    }
    return 0;
}

/* A weekday or a month: "the People's Committee on Tuesday" names no committee "on Tuesday". */
bool ent_en_date_word(const struct ent_ctx *c, size_t k)
{
    static const char *const words[] = {
        "monday",    "tuesday",  "wednesday", "thursday", "friday", "saturday", "sunday",
        "january",   "february", "march",     "april",    "june",   "july",     "august",
        "september", "october",  "november",  "december", "jan",    "feb",      "aug",
        "sept",      "sep",      "oct",       "nov",      "dec",    NULL};
    for (size_t w = 0; words[w] != NULL; w++) {
        if (ent_is_word(c, k, words[w])) {
            return true;
        }
    }
    return false;
}

/* Whether the capitalized words from k, up to the next connector, hold an organization word. */
static bool org_word_ahead(const struct ent_ctx *c, size_t k)
{
    size_t len;
    for (size_t n = 0; n < RUN_MAX_TOKENS && cap_word(c, k + n); n++) {
        if (ent_has_role(c, k + n, GZ_EN_ORG_WORD, &len)) {
            return true;
        }
    }
    return false;
}

/* The end of the capitalized run at i; a title or a form of address inside it ends it. */
static size_t run_end(const struct ent_ctx *c, size_t i)
{
    size_t k = i, len;
    while (k < c->t.n && k - i < RUN_MAX_TOKENS) {
        if (cap_word(c, k)) {
            /* "Khanh Hoa General Hospital": a title's word before a kind's word is the body's. */
            if (k > i && ent_has_role(c, k, GZ_EN_TITLE | GZ_EN_PERSON_CUE, &len) &&
                !org_word_ahead(c, k)) {
                break;
            }
            /* "Government Resolution 44/NQ-CP": the issuer's name ends where its document's
             * kind and number start. */
            if (k > i && ent_has_role(c, k, GZ_DOC_TYPE, &len) && k + len < c->t.n &&
                c->s[c->t.v[k + len].start] >= '0' && c->s[c->t.v[k + len].start] <= '9') {
                break;
            }
            k++;
            continue;
        }
        /* "Military Region 4 Command", "Children's Hospital 1": a unit's number inside a name,
         * or closing one after its kind's word, unless it counts what follows ("Committee 10
         * days ago"). */
        if (k > i && short_number(c, k) &&
            (cap_word(c, k + 1) || (ent_has_role(c, k - 1, GZ_EN_ORG_WORD, &len) &&
                                    (!lower_word(c, k + 1) || place_preposition(c, k + 1))))) {
            k++;
            continue;
        }
        /* "National Highway 1A": the road's number closes its name. */
        if (k > i && route_number(c, k) &&
            (ent_is_word(c, k - 1, "highway") || ent_is_word(c, k - 1, "expressway"))) {
            return k + 1;
        }
        /* "the Biên Hòa - Vũng Tàu Expressway": two places joined by a dash name a road
         * between them. */
        if (k > i && (c->t.v[k].flags & ENT_TOK_DASH) && (c->t.v[k].flags & ENT_TOK_SPACE_BEFORE) &&
            road_dash(c, k) && !(c->t.v[k - 1].flags & ENT_TOK_ALLCAPS) && cap_word(c, k + 1) &&
            !ent_is_word(c, k + 1, "the")) {
            size_t e2 = run_end(c, k + 1);
            if (place_kind_before(c, k + 1, e2) > 0) {
                return e2;
            }
            break;
        }
        /* "the Khanh Hoa provincial People's Committee": a level in lowercase between a place
         * and its body's name. */
        if (k > i && (ent_is_word(c, k, "provincial") || ent_is_word(c, k, "municipal")) &&
            cap_word(c, k + 1) && org_word_ahead(c, k + 1) &&
            gz_longest(c->g, &c->t, i, GZ_LOCATION, false, &len) != NULL && i + len == k) {
            k++;
            continue;
        }
        /* "of", "and", "of the" between capitalized words. */
        size_t gap = 0;
        while (gap < 2 && gz_longest(c->g, &c->t, k + gap, GZ_EN_CONNECTOR, true, &len) != NULL &&
               len == 1) {
            gap++;
        }
        /* "the Ministry of Health and the Ministry of Finance": "and the" joins two names. */
        if (gap == 2 && ent_is_word(c, k, "and") && ent_is_word(c, k + 1, "the")) {
            break;
        }
        /* "the Hospital for Tropical Diseases and Children's Hospital 1": two bodies, each
         * with its own kind's word, listed with "and". */
        if (gap == 1 && ent_is_word(c, k, "and") && org_word_ahead(c, k + 1)) {
            bool org_before = false;
            for (size_t p = i; p < k; p++) {
                org_before = org_before || ent_has_role(c, p, GZ_EN_ORG_WORD, &len);
            }
            if (org_before) {
                break;
            }
        }
        if (gap > 0 && ent_en_date_word(c, k + gap)) {
            break;
        }
        /* "Noi Bai International Airport in Hanoi and Vinh International Airport": a place
         * built by people after "and" is named on its own. */
        if (gap == 1 && ent_is_word(c, k, "and") && cap_word(c, k + 1)) {
            size_t e2 = run_end(c, k + 1);
            if (place_kind_before(c, k + 1, e2) > 0) {
                break;
            }
        }
        if (k > i && gap > 0 && cap_word(c, k + gap)) {
            k += gap;
            continue;
        }
        break;
    }
    return k;
}

/* An acronym's expansion in English copy: the body's English name when the gazetteer has one
 * ("GSO": "General Statistics Office", not "Tổng cục Thống kê"). */
static const char *en_expansion(const struct gz_entry *e)
{
    return e->name_en != NULL ? e->name_en : e->expansion;
}

/* Whether s[0, len) is another spelling of name, not a short form: the same first letter and
 * as many letters, spaces aside ("Việt Nam" and "Viet Nam" for "Vietnam", each letter one
 * code point in NFC; not "US" for "United States" nor "Korea" for "South Korea"). */
static bool same_spelling(const char *s, size_t len, const char *name)
{
    if (len == 0 || (s[0] | 0x20) != (name[0] | 0x20)) {
        return false;
    }
    size_t letters = 0, want = 0;
    for (size_t p = 0; p < len; p++) {
        unsigned char b = (unsigned char)s[p];
        letters += b != ' ' && (b & 0xC0) != 0x80; /* one per code point */
    }
    for (const char *q = name; *q != '\0'; q++) {
        want += *q != ' ';
    }
    return letters == want;
}

/* The normalized name of a body in English copy: its text, with a country written the
 * Vietnamese way given the English name the gazetteer gives the place ("Việt Nam Food
 * Association" is the "Vietnam Food Association"). */
static const char *en_body_name(struct ent_ctx *c, size_t i, size_t j)
{
    for (size_t k = i; k < j; k++) {
        size_t len;
        const struct gz_entry *e = gz_longest(c->g, &c->t, k, GZ_LOCATION, false, &len);
        if (e != NULL && e->loc_kind == GZ_LOC_COUNTRY && e->name_en != NULL && k + len <= j &&
            same_spelling(c->s + c->t.v[k].start, c->t.v[k + len - 1].end - c->t.v[k].start,
                          e->name_en) &&
            (k == i || (c->t.v[k].flags & ENT_TOK_SPACE_BEFORE)) &&
            (k + len == j || (c->t.v[k + len].flags & ENT_TOK_SPACE_BEFORE))) {
            return ent_join(c, ent_span_text(c, i, k), e->name_en, en_body_name(c, k + len, j));
        }
        if (e != NULL) {
            k += len - 1;
        }
    }
    return ent_span_text(c, i, j);
}

/* Adds the places named inside [i, end) of an organization's run. */
static void places_inside(struct ent_ctx *c, size_t i, size_t end)
{
    for (size_t k = i; k < end;) {
        size_t len;
        const struct gz_entry *e = gz_longest(c->g, &c->t, k, GZ_LOCATION, false, &len);
        if (e != NULL && e->name != NULL && k + len <= end) {
            ent_add(c, ENT_LOCATION, k, k + len, e->name_en ? e->name_en : e->name, NULL, 0);
            k += len;
        } else {
            k++;
        }
    }
}

/* Titles in apposition: "Cao Tuong Huy, chairman of the Quang Ninh People's Committee, said".
 * The title runs to the next comma or stop; its words are left for the other rules. */
static void apposition(struct ent_ctx *c, size_t k)
{
    size_t len;
    if (k + 1 >= c->t.n || !(c->t.v[k].flags & ENT_TOK_COMMA) ||
        gz_longest(c->g, &c->t, k + 1, GZ_EN_TITLE, true, &len) == NULL) {
        return;
    }
    size_t end = k + 1;
    while (end < c->t.n && end - k <= 12 &&
           !(c->t.v[end].flags &
             (ENT_TOK_COMMA | ENT_TOK_STOP | ENT_TOK_BREAK | ENT_TOK_SEMI | ENT_TOK_OPEN_PAREN))) {
        end++;
    }
    ent_add_title(c, k + 1, end);
}

/* A syllable of five letters ending in "ng" ("myung" of "Lee Jae-myung", "hyung", "jeong"):
 * romanized Korean and Chinese syllables are that long only with a final "ng"; English words
 * after a hyphen ("-based", "-owned") are not. */
static bool long_syllable(const struct ent_ctx *c, size_t k)
{
    const struct ent_token *t = &c->t.v[k];
    return t->end - t->start == 5 && c->s[t->end - 2] == 'n' && c->s[t->end - 1] == 'g';
}

/* A hyphenated given name's second part at k: a dash and a short lowercase syllable written
 * close ("Sang-sik", "Young-jin", "Shang-yuan"); 2 tokens, or 0. English compounds after a
 * name ("Hanoi-based", "state-run") are longer or listed. */
static size_t given_name_tail(const struct ent_ctx *c, size_t k)
{
    static const char *const compounds[] = {"run",  "led",  "era",  "old",  "born", "made", "wide",
                                            "long", "held", "type", "like", "rich", "free", "bound",
                                            "only", "area", "city", "town", "side", "up",   NULL};
    if (k + 1 >= c->t.n || !(c->t.v[k].flags & ENT_TOK_DASH) ||
        (c->t.v[k].flags & ENT_TOK_SPACE_BEFORE) || c->t.v[k].end - c->t.v[k].start != 1 ||
        !ent_is_lower_word(c, k + 1) || (c->t.v[k + 1].flags & ENT_TOK_SPACE_BEFORE) ||
        (c->t.v[k + 1].end - c->t.v[k + 1].start > 4 && !long_syllable(c, k + 1)) ||
        (k + 2 < c->t.n && !(c->t.v[k + 2].flags & ENT_TOK_SPACE_BEFORE) &&
         (c->t.v[k + 2].flags & (ENT_TOK_DASH | ENT_TOK_WORD)))) {
        return 0;
    }
    for (size_t w = 0; compounds[w] != NULL; w++) {
        if (ent_is_word(c, k + 1, compounds[w])) {
            return 0;
        }
    }
    return 2;
}

/* "Lee Young-jin", "Park Ji-hoon", "Wang Shang-yuan": a family name and a hyphenated given
 * name, as Korean and Chinese names are romanized; tokens of the name at i, or 0. */
static size_t hyphenated_name_at(const struct ent_ctx *c, size_t i)
{
    size_t len;
    if (!name_word(c, i) || !name_word(c, i + 1) || !(c->t.v[i + 1].flags & ENT_TOK_SPACE_BEFORE) ||
        c->t.v[i + 1].end - c->t.v[i + 1].start > 5 || given_name_tail(c, i + 2) == 0 ||
        ent_has_role(c, i, GZ_LOCATION | GZ_ORG | GZ_EN_ORG_WORD | GZ_EN_TITLE | GZ_EN_STOP,
                     &len) ||
        ent_has_role(c, i + 1, GZ_LOCATION | GZ_ORG | GZ_EN_ORG_WORD | GZ_EN_TITLE, &len)) {
        return 0;
    }
    return 4;
}

static size_t add_en_person(struct ent_ctx *c, size_t j, size_t n, size_t titles_before, bool full)
{
    if (n >= 2) {
        n += given_name_tail(c, j + n); /* "Kim Sang-sik" */
    }
    long idx =
        ent_add(c, ENT_PERSON, j, j + n, ent_span_text(c, j, j + n), NULL, full ? 0 : ENT_M_SHORT);
    apposition(c, j + n);
    if (idx >= 0) {
        c->m[idx].title_first = (uint32_t)titles_before;
        c->m[idx].title_count = (uint32_t)(c->n_titles - titles_before);
    }
    return j + n;
}

/* The title's word after one to three capitalized words that open a run and name no body,
 * place, person or day ("Deputy Health Minister", "Foreign Minister"); i when there is none. */
static size_t portfolio_title(const struct ent_ctx *c, size_t i)
{
    size_t len;
    if (i > 0 && cap_word(c, i - 1)) {
        return i;
    }
    for (size_t k = i; k < i + 4 && cap_word(c, k); k++) {
        if (k > i && ent_has_role(c, k, GZ_EN_TITLE, &len)) {
            return k;
        }
        if (ent_en_date_word(c, k) || ent_full_name_at(c, k) >= 2 ||
            ent_has_role(c, k,
                         GZ_EN_ORG_WORD | GZ_EN_STOP | GZ_EN_PERSON_CUE | GZ_LOCATION | GZ_ORG |
                             GZ_ACRONYM,
                         &len)) {
            return i;
        }
    }
    return i;
}

/*
 * A form of address or a title at i, and the run [i, end) it opens: "Prime Minister Pham Minh
 * Chinh", "Mr Binh", "Chairman of the Hanoi People's Committee Tran Sy Thanh" (the run's last
 * full name is the person; what lies between is the title's body).
 */
static size_t person_after_cue(struct ent_ctx *c, size_t title_from, size_t i, size_t end,
                               bool org_word)
{
    size_t len;
    const struct gz_entry *cue =
        gz_longest(c->g, &c->t, i, GZ_EN_PERSON_CUE | GZ_EN_TITLE, false, &len);
    if (cue == NULL) {
        return 0;
    }
    size_t titles_before = c->n_titles, j = i + len;
    for (size_t p = j; p < end; p++) {
        size_t n = ent_full_name_at(c, p);
        if (n >= 2 && p + n == end) {
            if (cue->roles & GZ_EN_TITLE) {
                ent_add_title(c, title_from, p);
            }
            if (p > j) {
                size_t from = j;
                while (from < p && !(c->t.v[from].flags & ENT_TOK_CAP)) {
                    from++; /* "of the" */
                }
                bool body_org = false;
                for (size_t k = from; k < p; k++) {
                    body_org = body_org || ent_has_role(c, k, GZ_EN_ORG_WORD, &len);
                }
                if (body_org) {
                    ent_add(c, ENT_ORGANIZATION, from, p, en_body_name(c, from, p), NULL, 0);
                }
                places_inside(c, from, p);
            }
            return add_en_person(c, p, n, titles_before, true) - title_from;
        }
    }
    if (org_word) {
        return 0; /* "General Statistics Office": the cue word opens an organization */
    }
    /* "Prime Minister of Australia Anthony Albanese": a foreign name after the country the
     * title is of (the run stops at "Minister", a title of its own). */
    if ((cue->roles & GZ_EN_TITLE) && ent_is_word(c, j, "of")) {
        size_t q = ent_is_word(c, j + 1, "the") ? j + 2 : j + 1, cl;
        const struct gz_entry *country = gz_longest(c->g, &c->t, q, GZ_LOCATION, false, &cl);
        size_t p = q + cl, m = 0;
        while (country != NULL && m < 4 && name_word(c, p + m) &&
               !ent_has_role(c, p + m, GZ_EN_ORG_WORD | GZ_EN_TITLE | GZ_LOCATION, &len)) {
            m++;
        }
        if (country != NULL && country->loc_kind == GZ_LOC_COUNTRY && m >= 2 && m <= 3 &&
            !cap_word(c, p + m)) {
            ent_add(c, ENT_LOCATION, q, p, country->name_en ? country->name_en : country->name,
                    NULL, 0);
            ent_add_title(c, title_from, p);
            return add_en_person(c, p, m, titles_before, true) - title_from;
        }
    }
    size_t n = 0;
    while (n < 4 && name_word(c, j + n) &&
           !ent_has_role(c, j + n, GZ_EN_ORG_WORD | GZ_EN_TITLE, &len)) {
        n++;
    }
    if (n == 0) {
        return 0;
    }
    if (cue->roles & GZ_EN_TITLE) {
        ent_add_title(c, title_from, j);
    }
    return add_en_person(c, j, n, titles_before, n > 1) - title_from;
}

size_t ent_rule_english(struct ent_ctx *c, size_t i)
{
    size_t used, len;
    if ((used = ent_rule_document(c, i)) > 0 || (used = ent_rule_event(c, i)) > 0) {
        return used;
    }
    if (!cap_word(c, i)) {
        return 0;
    }
    if ((c->t.v[i].flags & ENT_TOK_SENT_START) &&
        gz_longest(c->g, &c->t, i, GZ_EN_STOP, false, &len) != NULL && len == 1) {
        return 1;
    }
    /* "HCM CITY — The HCM City People's Committee": the article opens no name, wherever the
     * sentence starts. */
    if (ent_is_word(c, i, "the") && cap_word(c, i + 1)) {
        return 1;
    }
    /* "On Tuesday General Statistics Office data showed": a weekday or a month opens no name
     * (the dates' grammar reads it). */
    if (ent_en_date_word(c, i) && cap_word(c, i + 1)) {
        return 1;
    }
    /* "Deputy Health Minister Nguyen Thi Lien Huong", "Foreign Minister Bui Thanh Son": a
     * portfolio before the title's word belongs to the title. */
    size_t cue = portfolio_title(c, i);
    if (cue > i && (used = person_after_cue(c, i, cue, run_end(c, cue), false)) > 0) {
        return used;
    }
    size_t end = run_end(c, i);
    /* "the VN-Index on the Ho Chi Minh Stock Exchange": a known organization after "on" ends
     * the run before it; it is named on its own. */
    for (size_t p = i + 1; p + 1 < end; p++) {
        size_t gl;
        if (ent_is_word(c, p, "on") && !(c->t.v[p].flags & ENT_TOK_CAP)) {
            size_t q = ent_is_word(c, p + 1, "the") ? p + 2 : p + 1;
            const struct gz_entry *o = gz_longest(c->g, &c->t, q, GZ_ORG, false, &gl);
            if (o != NULL && q + gl == end) {
                end = p;
                break;
            }
        }
    }
    bool org_word = false;
    for (size_t k = i; k < end; k++) {
        if (ent_has_role(c, k, GZ_EN_ORG_WORD, &len)) {
            org_word = true;
        }
    }
    const struct gz_entry *e =
        gz_longest(c->g, &c->t, i, GZ_ORG | GZ_LOCATION | GZ_ACRONYM, false, &len);
    /* "US$762 million": a currency's sign, not the country. */
    if (e != NULL && (e->roles & GZ_LOCATION) && i + len < c->t.n &&
        !(c->t.v[i + len].flags & ENT_TOK_SPACE_BEFORE) && c->s[c->t.v[i + len].start] == '$') {
        return len;
    }
    /* "Samsung Vietnam and Vingroup JSC": a known organization before "and" is one name of a
     * list. */
    if (e != NULL && e->name != NULL && (e->roles & GZ_ORG) && i + len < end &&
        ent_is_word(c, i + len, "and") && !(c->t.v[i + len].flags & ENT_TOK_CAP)) {
        end = i + len;
    }
    if (e != NULL && e->name != NULL && i + len >= end) {
        bool place = (e->roles & GZ_LOCATION) != 0;
        const char *norm = e->name_en ? e->name_en : e->name;
        long idx = ent_add(c, place ? ENT_LOCATION : ENT_ORGANIZATION, i, i + len, norm,
                           e->acr_kind ? en_expansion(e) : NULL, 0);
        return len +
               ent_define_alias(c, i + len, place ? ENT_LOCATION : ENT_ORGANIZATION, norm, idx);
    }
    /* "the Kate Festival", "the Hue Festival": a name closed by "Festival" is the event's. */
    if (!org_word && end >= i + 2 && ent_is_word(c, end - 1, "festival") &&
        (e == NULL || i + len < end)) {
        ent_add(c, ENT_EVENT, i, end, ent_span_text(c, i, end), NULL, 0);
        places_inside(c, i, end - 1);
        return end - i;
    }
    size_t kind = org_word ? 0 : place_kind_before(c, i, end);
    if (kind > 0 && (e == NULL || i + len < end)) {
        /* "Traffic on Noi Bai Airport": "on" joins the names of bodies ("Committee on ..."),
         * never a place's; the place begins after it. */
        size_t from = i;
        for (size_t p = i + 1; p + kind < end; p++) {
            if (ent_is_word(c, p, "on") && !(c->t.v[p].flags & ENT_TOK_CAP)) {
                from = p + 1;
            }
        }
        if (from + kind > end || (from + kind == end && !route_number(c, end - 1))) {
            return end - i; /* the kind's word alone names nothing; "Highway 14" does */
        }
        ent_add(c, ENT_LOCATION, from, end, ent_span_text(c, from, end), NULL, 0);
        places_inside(c, from, end - kind);
        return end - i;
    }
    /* "the Quang Tri Border Guard": a province or city before a national body's name is the
     * place's own body, not the national one. */
    size_t ol;
    const struct gz_entry *body = e != NULL && (e->roles & GZ_LOCATION) && e->name != NULL &&
                                          e->loc_kind != GZ_LOC_COUNTRY && i + len < end
                                      ? gz_longest(c->g, &c->t, i + len, GZ_ORG, false, &ol)
                                      : NULL;
    if (body != NULL && body->name != NULL && i + len + ol == end) {
        ent_add(c, ENT_ORGANIZATION, i, end, ent_span_text(c, i, end), NULL, 0);
        places_inside(c, i, i + len);
        return end - i;
    }
    if ((used = person_after_cue(c, i, i, end, org_word)) > 0) {
        return used;
    }
    if (org_word && end == i + 1) {
        return 1; /* "Police have arrested ...": a kind of body alone names none */
    }
    if (org_word) {
        /* "the Hanoi People's Committee Tran Sy Thanh": a full name closing the run is a
         * person, the organization's head. */
        size_t person = end;
        for (size_t p = i + 1; p + 1 < end; p++) {
            size_t n = ent_full_name_at(c, p);
            if (n >= 2 && p + n == end) {
                bool org_before = false;
                for (size_t k = i; k < p; k++) {
                    org_before = org_before || ent_has_role(c, k, GZ_EN_ORG_WORD, &len);
                }
                if (org_before) {
                    person = p;
                }
                break;
            }
        }
        long idx = ent_add(c, ENT_ORGANIZATION, i, person, en_body_name(c, i, person), NULL, 0);
        places_inside(c, i, person);
        if (person < end) {
            add_en_person(c, person, end - person, c->n_titles, true);
            return end - i;
        }
        if (idx < 0) {
            return end - i;
        }
        return end - i + ent_define_alias(c, end, ENT_ORGANIZATION, c->m[idx].norm, idx);
    }
    /* "Binh Duong province", but not "The city's People's Committee": an article or another
     * word that opens no name is no place's name. */
    size_t stop_len;
    if (end < c->t.n && gz_longest(c->g, &c->t, end, GZ_EN_LOC_SUFFIX, true, &len) != NULL &&
        !(c->t.v[end].flags & ENT_TOK_CAP) &&
        !(gz_longest(c->g, &c->t, i, GZ_EN_STOP, false, &stop_len) != NULL &&
          i + stop_len == end)) {
        ent_add(c, ENT_LOCATION, i, end, ent_span_text(c, i, end), NULL, 0);
        return end + len - i;
    }
    size_t next_len;
    /* "The Washington Post", "New York Times", "London Stock Exchange": a foreign city opening
     * a longer capitalized name is that name's, not a place of the story. */
    if (e != NULL && e->name != NULL && (e->roles & GZ_LOCATION) && e->loc_kind == GZ_LOC_CITY &&
        i + len < end && ent_is_cap_word(c, i + len) &&
        gz_longest(c->g, &c->t, i + len, GZ_LOCATION, false, &next_len) == NULL) {
        return end - i;
    }
    if (e != NULL && e->name != NULL) {
        bool place = (e->roles & GZ_LOCATION) != 0;
        ent_add(c, place ? ENT_LOCATION : ENT_ORGANIZATION, i, i + len,
                e->name_en ? e->name_en : e->name, e->acr_kind ? en_expansion(e) : NULL, 0);
        return len;
    }
    size_t n = ent_full_name_at(c, i);
    if (n >= 2 && i + n == end) {
        return add_en_person(c, i, n, c->n_titles, true) - i;
    }
    if (end == i + 2 && (n = hyphenated_name_at(c, i)) > 0) {
        return add_en_person(c, i, n, c->n_titles, true) - i;
    }
    return ent_rule_alias(c, i);
}
