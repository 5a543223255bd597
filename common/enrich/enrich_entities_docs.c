/*
 * Documents and events.
 *
 * Documents: a kind ("Quyết định", "Kết luận", "Luật") followed by a number ("Kết luận 114",
 * "Nghị quyết số 30"), a document code ("Quyết định 290-QĐ/TW", "Thông tư 08/2021/TT-BYT") or,
 * for laws, a name ("Luật Đất đai 2024"); and codes standing alone, whose letters tell the kind
 * ("15/2020/NĐ-CP" is a Nghị định). Normalized as "<kind> <number>".
 *
 * Events: a quoted name after "phong trào", "cuộc vận động"... ("Dân vận khéo"), or a name
 * after "Lễ hội", "Giải"...; later quotations of the same name count as mentions.
 */
#include <string.h>

#include "enrich_entities_internal.h"

#define QUOTE_MAX_TOKENS 24

/* A document code: a number, then "-" or "/", then letters ("290-QĐ/TW", "1234/QĐ-UBND",
 * "08/2021/TT-BYT"). The first letter run ("QĐ", "TT") goes to
 * letters and letters_len. */
static bool code_token(const struct ent_ctx *c, size_t i, const char **letters, size_t *letters_len)
{
    if (i >= c->t.n) {
        return false;
    }
    const struct ent_token *tok = &c->t.v[i];
    const char *s = c->s + tok->start;
    size_t len = tok->end - tok->start, k = 0;
    if (!(tok->flags & ENT_TOK_DIGIT) || s[0] < '0' || s[0] > '9') {
        return false;
    }
    bool joiner = false;
    while (k < len && ((s[k] >= '0' && s[k] <= '9') || s[k] == '/' || s[k] == '-' || s[k] == '.')) {
        joiner = joiner || s[k] == '/' || s[k] == '-';
        k++;
    }
    if (!joiner || k == len) {
        return false;
    }
    size_t from = k, upper = 0;
    while (k < len) {
        uint32_t cp;
        size_t step = ent_utf8_decode(s + k, len - k, &cp);
        unsigned cls = ent_char_class(cp);
        if (!(cls & ENT_CH_LETTER)) {
            break;
        }
        upper += (cls & ENT_CH_UPPER) ? 1 : 0;
        k += step;
    }
    if (upper < 2 && !(upper == 1 && k - from == 1)) {
        return false;
    }
    *letters = s + from;
    *letters_len = k - from;
    return true;
}

/* A plain document number: digits only, not a year standing for a date. */
static bool number_token(const struct ent_ctx *c, size_t i, bool after_so)
{
    if (i >= c->t.n) {
        return false;
    }
    const struct ent_token *tok = &c->t.v[i];
    size_t len = tok->end - tok->start;
    if (!(tok->flags & ENT_TOK_NUMBER) || len > 5) {
        return false;
    }
    for (size_t k = 0; k < len; k++) {
        if (c->s[tok->start + k] < '0' || c->s[tok->start + k] > '9') {
            return false;
        }
    }
    return after_so || len != 4;
}

/* A count rather than a document's number: "Đề án 1 triệu ha lúa" is named by its content,
 * and a number followed by a scale or a unit is a quantity. */
static bool quantity_after(const struct ent_ctx *c, size_t i)
{
    static const char *const words[] = {"triệu", "nghìn", "ngàn", "tỷ",  "tỉ",    "vạn",
                                        "trăm",  "ha",    "km",   "tấn", "người", "hộ"};
    if (i >= c->t.n) {
        return false;
    }
    if (c->s[c->t.v[i].start] == '%') {
        return true;
    }
    for (size_t k = 0; k < sizeof(words) / sizeof(words[0]); k++) {
        if (ent_is_word(c, i, words[k])) {
            return true;
        }
    }
    return false;
}

static bool year_token(const struct ent_ctx *c, size_t i)
{
    if (i >= c->t.n || c->t.v[i].end - c->t.v[i].start != 4 ||
        !(c->t.v[i].flags & ENT_TOK_NUMBER)) {
        return false;
    }
    const char *s = c->s + c->t.v[i].start;
    return (s[0] == '1' && s[1] == '9') || (s[0] == '2' && s[1] == '0');
}

/* The lowercase words of a name's vocabulary from k: their token count, or 0. */
static size_t lower_name_run(const struct ent_ctx *c, size_t k)
{
    size_t j = k, len;
    while ((len = ent_lower_name_word(c, j)) > 0) {
        j += len;
    }
    return j - k;
}

/* A law's name is written in sentence case, so it goes on in lowercase words of a name's
 * vocabulary ("Luật Thi hành án dân sự") and across a comma that joins two of them ("Luật Cán
 * bộ, công chức") when the name ends there: before a bracket ("(sửa đổi)"), the sentence's end,
 * its year or number, or "và". Returns the new end of the name. */
static size_t law_lowercase_tail(const struct ent_ctx *c, size_t end)
{
    for (int parts = 0; parts < 3 && end < c->t.n; parts++) {
        size_t run = lower_name_run(c, end);
        if (run > 0) {
            end += run;
            continue;
        }
        if (!(c->t.v[end].flags & ENT_TOK_COMMA) || (run = lower_name_run(c, end + 1)) == 0) {
            break;
        }
        size_t after = end + 1 + run;
        if (after < c->t.n &&
            !(c->t.v[after].flags & (ENT_TOK_OPEN_PAREN | ENT_TOK_STOP | ENT_TOK_SEMI)) &&
            !year_token(c, after) && !ent_is_word(c, after, "năm") &&
            !ent_is_word(c, after, "số") && !ent_is_word(c, after, "và")) {
            break;
        }
        end = after;
    }
    return end;
}

size_t ent_rule_document(struct ent_ctx *c, size_t i)
{
    size_t len;
    const char *letters;
    size_t letters_len;
    const struct gz_entry *e = gz_longest(c->g, &c->t, i, GZ_DOC_TYPE, true, &len);
    if (e != NULL && (bool)e->english != c->english) {
        e = NULL;
    }
    if (e != NULL) {
        size_t j = i + len;
        bool after_so = false;
        if (ent_is_word(c, j, "số") || ent_is_word(c, j, "no")) {
            j++;
            after_so = true;
            if (j < c->t.n && (c->t.v[j].flags & ENT_TOK_STOP)) {
                j++; /* "No. 57" */
            }
        }
        bool cap = (c->t.v[i].flags & ENT_TOK_CAP) != 0;
        if (number_token(c, j, true) && quantity_after(c, j + 1)) {
            return 0;
        }
        if (code_token(c, j, &letters, &letters_len) || (cap && number_token(c, j, after_so))) {
            const char *norm = ent_join(c, e->name, ent_span_text(c, j, j + 1), NULL);
            ent_add(c, ENT_DOCUMENT, i, j + 1, norm, NULL, 0);
            return j + 1 - i;
        }
        /* "Thông báo thu hồi đất số 125/TB-UBND", "Kết luận thanh tra số 45/KL-TTr": what the
         * document is about, in lowercase words, between its kind and its number. */
        size_t about = j;
        while (cap && !after_so && about < j + 6 && ent_is_lower_word(c, about) &&
               !ent_is_word(c, about, "số")) {
            about++;
        }
        if (about > j && ent_is_word(c, about, "số") &&
            code_token(c, about + 1, &letters, &letters_len)) {
            const char *norm = ent_join(c, e->name, ent_span_text(c, about + 1, about + 2), NULL);
            ent_add(c, ENT_DOCUMENT, i, about + 2, norm, NULL, 0);
            return about + 2 - i;
        }
        if (!cap || !e->doc_named) {
            return 0;
        }
        size_t from = i + len;
        if (e->english && ent_is_word(c, from, "on") && ent_is_cap_word(c, from + 1)) {
            from++; /* "Law on Cadres and Civil Servants": the name follows "on" */
        }
        size_t end = ent_name_words(c, from, false);
        if (end == from && e->doc_named != 2) {
            return 0;
        }
        if (end > from && e->english) {
            /* "the Law on Land on Monday": a day or a month after a preposition ends it. */
            for (size_t k = from + 1; k + 1 < end; k++) {
                bool day = ent_en_date_word(c, k + 1) || ent_is_word(c, k + 1, "may");
                if (day && !ent_is_cap_word(c, k)) {
                    end = k;
                    break;
                }
            }
            while (ent_is_word(c, end, "and") && ent_is_cap_word(c, end + 1)) {
                size_t more = ent_name_words(c, end + 1, false);
                if (more == end + 1) {
                    break;
                }
                end = more;
            }
        } else if (end > from) {
            end = law_lowercase_tail(c, end);
        }
        const char *year = NULL;
        size_t stop = end;
        if (year_token(c, end)) {
            year = ent_span_text(c, end, end + 1);
            stop = end + 1;
        } else if (ent_is_word(c, end, "năm") && year_token(c, end + 1)) {
            year = ent_span_text(c, end + 1, end + 2);
            stop = end + 2;
        }
        const char *name = ent_span_text(c, i, end);
        if (end == i + len) {
            name = e->name;
        }
        if (ent_is_word(c, stop, "số") && code_token(c, stop + 1, &letters, &letters_len)) {
            stop += 2; /* "Luật Đất đai số 31/2024/QH15": the law's number is the same law's */
        }
        ent_add(c, ENT_DOCUMENT, i, stop, ent_join(c, name, year, NULL), NULL, 0);
        return stop - i;
    }
    if (code_token(c, i, &letters, &letters_len)) {
        const struct gz_entry *kind =
            c->english ? NULL : gz_doc_by_code(c->g, letters, letters_len);
        const char *code = ent_span_text(c, i, i + 1);
        ent_add(c, ENT_DOCUMENT, i, i + 1, kind ? ent_join(c, kind->name, code, NULL) : code, NULL,
                0);
        return 1;
    }
    return 0;
}

/* The closing quote for the one at j, within a line; returns its index or 0. */
static size_t closing_quote(const struct ent_ctx *c, size_t j)
{
    uint32_t open = c->t.v[j].flags;
    for (size_t k = j + 1; k < c->t.n && k <= j + QUOTE_MAX_TOKENS; k++) {
        uint32_t f = c->t.v[k].flags;
        if (f & ENT_TOK_BREAK) {
            return 0;
        }
        if ((open & ENT_TOK_QUOTE) ? (f & ENT_TOK_QUOTE) != 0 : (f & ENT_TOK_QUOTE_CLOSE) != 0) {
            return k;
        }
    }
    return 0;
}

static bool opens_quote(const struct ent_ctx *c, size_t j)
{
    return j < c->t.n && (c->t.v[j].flags & (ENT_TOK_QUOTE_OPEN | ENT_TOK_QUOTE));
}

/* The event's year after its name: "2024", "năm 2024". Returns the tokens it used. */
static size_t event_year(const struct ent_ctx *c, size_t j)
{
    if (year_token(c, j)) {
        return 1;
    }
    return ent_is_word(c, j, "năm") && year_token(c, j + 1) ? 2 : 0;
}

/* The edition's number after a recurring event's name: "SEA Games 33", "ASIAD 19". A number
 * that counts something after it ("World Cup 2 lần") is none; the next word must be no lowercase
 * word, or one that goes on with the sentence. */
static size_t event_edition(const struct ent_ctx *c, size_t j)
{
    static const char *const next_words[] = {"tại", "ở",   "năm",  "diễn", "sẽ", "vào",  "được",
                                             "là",  "và",  "với",  "của",  "đã", "trên", "in",
                                             "at",  "and", "will", "was",  NULL};
    if (j >= c->t.n || !(c->t.v[j].flags & ENT_TOK_NUMBER) ||
        !(c->t.v[j].flags & ENT_TOK_SPACE_BEFORE) || c->t.v[j].end - c->t.v[j].start > 2) {
        return 0;
    }
    if (j + 1 >= c->t.n || !(c->t.v[j + 1].flags & ENT_TOK_WORD) ||
        (c->t.v[j + 1].flags & ENT_TOK_CAP)) {
        return 1;
    }
    for (size_t k = 0; next_words[k] != NULL; k++) {
        if (ent_is_word(c, j + 1, next_words[k])) {
            return 1;
        }
    }
    return 0;
}

/* An event named whole by the gazetteer: "Kỳ thi tốt nghiệp THPT năm 2024", "ASEAN Cup 2024",
 * "SEA Games 33". */
static size_t fixed_event(struct ent_ctx *c, size_t i, size_t len)
{
    size_t end = i + len;
    size_t year = event_year(c, end);
    end += year > 0 ? year : event_edition(c, end);
    ent_add(c, ENT_EVENT, i, end, ent_capitalize(c, ent_span_text(c, i, end)), NULL, 0);
    return end - i;
}

/* A session's number: "lần thứ 10", "lần thứ mười", "thứ 8", "XIII". */
static size_t session_number(const struct ent_ctx *c, size_t j)
{
    size_t n = 0;
    if (ent_is_word(c, j, "lần")) {
        n++;
    }
    if (ent_is_word(c, j + n, "thứ")) {
        n++;
    }
    if (j + n < c->t.n && (c->t.v[j + n].flags & (ENT_TOK_NUMBER | ENT_TOK_LETTERS)) &&
        (n > 0 || (c->t.v[j + n].flags & ENT_TOK_NUMBER))) {
        return n + 1;
    }
    return 0;
}

/*
 * "Hội nghị lần thứ 10 Ban Chấp hành Trung ương Đảng khóa XIII", "Kỳ họp thứ 8 Quốc hội khóa
 * XV": a numbered meeting of a body, named with the body and its term. The body stays an
 * organization of its own.
 */
static size_t session_event(struct ent_ctx *c, size_t i, size_t len)
{
    size_t j = i + len, num = session_number(c, j);
    if (num == 0 || !(c->t.v[i].flags & ENT_TOK_CAP)) {
        return 0;
    }
    long idx = ent_add(c, ENT_EVENT, i, j + num, "", NULL, 0);
    size_t end = j + num;
    if (end < c->t.n && (c->t.v[end].flags & ENT_TOK_COMMA)) {
        end++; /* "Kỳ họp thứ 8, Quốc hội khóa XV" */
    } else if (ent_is_word(c, end, "của")) {
        end++; /* "Phiên họp thứ 38 của Ủy ban Thường vụ Quốc hội" */
    }
    struct ent_org body;
    if (ent_parse_org(c, end, false, false, &body) && body.mention >= 0) {
        end = body.end;
        if (ent_is_word(c, end, "khóa") && end + 1 < c->t.n &&
            (c->t.v[end + 1].flags & (ENT_TOK_ALLCAPS | ENT_TOK_NUMBER))) {
            end += 2;
        }
    } else {
        /* "Hội nghị lần thứ 22 để đánh giá ...": without the body, no event to name. */
        c->n = idx >= 0 ? (size_t)idx : c->n;
        return 0;
    }
    if (idx >= 0) {
        c->m[idx].end = c->t.v[end - 1].end;
        c->m[idx].norm = ent_span_text(c, i, end);
    }
    return end - i;
}

/*
 * "Đại hội đại biểu Đảng bộ tỉnh Hà Tĩnh lần thứ XX", "Đại hội đại biểu toàn quốc lần thứ XIV
 * của Đảng": a Party congress (Điều lệ Đảng, Điều 15) is named by its body, then its number;
 * the body stays an organization of its own. Without a body and "lần thứ" it is no event.
 */
static size_t congress_event(struct ent_ctx *c, size_t i)
{
    if (!(c->t.v[i].flags & ENT_TOK_CAP) || !ent_is_word(c, i, "đại") ||
        !ent_is_word(c, i + 1, "hội")) {
        return 0;
    }
    size_t j = i + 2, end;
    if (ent_is_word(c, j, "đại") && ent_is_word(c, j + 1, "biểu")) {
        j += 2;
    }
    long idx = ent_add(c, ENT_EVENT, i, j, "", NULL, 0);
    struct ent_org body;
    if (ent_is_word(c, j, "toàn") && ent_is_word(c, j + 1, "quốc")) {
        end = j + 2;
    } else if (ent_parse_org(c, j, false, false, &body) && body.mention >= 0) {
        end = body.end;
    } else {
        end = j;
    }
    size_t num = ent_is_word(c, end, "lần") ? session_number(c, end) : 0;
    if (end == j || num == 0) {
        c->n = idx >= 0 ? (size_t)idx : c->n;
        return 0;
    }
    end += num;
    if (ent_is_word(c, end, "của") && ent_is_word(c, end + 1, "đảng") &&
        (c->t.v[end + 1].flags & ENT_TOK_CAP)) {
        end += 2;
    }
    if (idx >= 0) {
        c->m[idx].end = c->t.v[end - 1].end;
        c->m[idx].norm = ent_span_text(c, i, end);
    }
    return end - i;
}

/* "bão Yagi", "siêu bão Yagi", "cơn bão số 3 (Yagi)", "Typhoon Yagi": a named storm; its name
 * is a single capitalized word that no gazetteer knows. */
static size_t storm_event(struct ent_ctx *c, size_t i, size_t len)
{
    size_t j = i + len, k = j, used;
    bool english = ent_is_word(c, j - 1, "typhoon") || ent_is_word(c, j - 1, "storm");
    if (!ent_is_word(c, j - 1, "bão") && !english) {
        return 0;
    }
    if (ent_is_word(c, k, "số") && k + 1 < c->t.n && (c->t.v[k + 1].flags & ENT_TOK_NUMBER)) {
        k += 2;
    }
    bool paren = k > j && k + 2 < c->t.n && (c->t.v[k].flags & ENT_TOK_OPEN_PAREN) &&
                 (c->t.v[k + 2].flags & ENT_TOK_CLOSE_PAREN);
    size_t name = paren ? k + 1 : k;
    uint32_t f = name < c->t.n ? c->t.v[name].flags : 0;
    if (!(f & ENT_TOK_CAP) || !(f & ENT_TOK_LETTERS) ||
        (f & (ENT_TOK_ALLCAPS | ENT_TOK_SENT_START)) || (!paren && k > j) ||
        c->t.v[name].first_roles != 0 ||
        (name + 1 < c->t.n && (c->t.v[name + 1].flags & ENT_TOK_CAP) &&
         (c->t.v[name + 1].flags & ENT_TOK_SPACE_BEFORE))) {
        return 0;
    }
    /* "the storm Sunday killed ...": a day or a month is no storm's name. */
    static const char *const calendar[] = {
        "monday",  "tuesday",   "wednesday", "thursday", "friday",  "saturday", "sunday",
        "january", "february",  "march",     "april",    "may",     "june",     "july",
        "august",  "september", "october",   "november", "december"};
    for (size_t q = 0; english && q < sizeof(calendar) / sizeof(calendar[0]); q++) {
        if (ent_is_word(c, name, calendar[q])) {
            return 0;
        }
    }
    used = (paren ? name + 2 : name + 1) - i;
    /* Named with the cue's last word: "bão Yagi", "Typhoon Yagi". */
    const char *cue = english ? ent_capitalize(c, ent_span_text(c, i, j)) : "bão";
    ent_add(c, ENT_EVENT, i, i + used, ent_join(c, cue, ent_span_text(c, name, name + 1), NULL),
            NULL, 0);
    return used;
}

size_t ent_rule_event(struct ent_ctx *c, size_t i)
{
    size_t len;
    if (gz_longest(c->g, &c->t, i, GZ_EVENT_FIXED, false, &len) != NULL) {
        return fixed_event(c, i, len);
    }
    size_t congress = congress_event(c, i);
    if (congress > 0) {
        return congress;
    }
    if (gz_longest(c->g, &c->t, i, GZ_EVENT_SESSION, false, &len) != NULL) {
        size_t used = session_event(c, i, len);
        if (used > 0) {
            return used;
        }
    }
    const struct gz_entry *e =
        gz_longest(c->g, &c->t, i, GZ_EVENT_QUOTED | GZ_EVENT_NAMED, false, &len);
    if (e == NULL) {
        e = gz_longest(c->g, &c->t, i, GZ_EVENT_QUOTED, true, &len);
    }
    if (e == NULL) {
        return 0;
    }
    size_t j = i + len;
    if (opens_quote(c, j)) {
        size_t close = closing_quote(c, j);
        if (close > j + 1 && (c->t.v[j + 1].flags & ENT_TOK_CAP)) {
            ent_add(c, ENT_EVENT, j + 1, close, ent_span_text(c, j + 1, close), NULL, 0);
            return close + 1 - i;
        }
        return 0;
    }
    if (!(e->roles & GZ_EVENT_NAMED) || !(c->t.v[i].flags & ENT_TOK_CAP)) {
        return (e->roles & GZ_EVENT_QUOTED) ? storm_event(c, i, len) : 0;
    }
    size_t end = ent_name_words(c, j, false);
    if (end == j) {
        /* "Festival Huế 2024": a place and the edition's year name the event. */
        size_t pl;
        if (gz_longest(c->g, &c->t, j, GZ_LOCATION, false, &pl) == NULL || !year_token(c, j + pl)) {
            return 0;
        }
    }
    long idx = ent_add(c, ENT_EVENT, i, end, "", NULL, 0);
    /* A place ends the name of a body but belongs to an event's: "Lễ hội Hoa Đà Lạt 2024". */
    const char *norm;
    const struct gz_entry *known;
    end += ent_parse_place(c, end, NULL, false, &norm, &known);
    if (year_token(c, end)) {
        end++;
    }
    if (idx >= 0) {
        c->m[idx].end = c->t.v[end - 1].end;
        c->m[idx].norm = ent_span_text(c, i, end);
    }
    return end - i;
}

void ent_rule_quotes(struct ent_ctx *c)
{
    for (size_t j = c->t.first_quote; j < c->t.n && c->err == 0; j++) {
        if (!opens_quote(c, j)) {
            continue;
        }
        size_t close = closing_quote(c, j);
        if (close == 0) {
            continue;
        }
        if (close > j + 1 && (c->t.v[j + 1].flags & ENT_TOK_CAP)) {
            ent_add(c, ENT_EVENT, j + 1, close, ent_span_text(c, j + 1, close), NULL, ENT_M_QUOTE);
        }
        j = close;
    }
}

/* Whether norm is a kind and a plain number ("Nghị định 88"). */
static bool short_number(const char *norm)
{
    size_t n = strlen(norm), k = n;
    while (k > 0 && norm[k - 1] >= '0' && norm[k - 1] <= '9') {
        k--;
    }
    if (k == n || k < 2 || norm[k - 1] != ' ') {
        return false;
    }
    return true;
}

void ent_link_document_numbers(struct ent_ctx *c)
{
    for (size_t i = 0; i < c->n; i++) {
        struct ent_mention *m = &c->m[i];
        if (m->type != ENT_DOCUMENT || !short_number(m->norm)) {
            continue;
        }
        /* "Nghị định 88" in an article that also writes "Nghị định 88/2024/NĐ-CP" (or "Kết luận
         * 114" beside "Kết luận 114-KL/TW") is that document; when two full numbers start so,
         * the short one stays as written. */
        size_t len = strlen(m->norm);
        const char *full = NULL;
        bool several = false;
        for (size_t k = 0; k < c->n && !several; k++) {
            const struct ent_mention *o = &c->m[k];
            if (o->type != ENT_DOCUMENT || strncmp(o->norm, m->norm, len) != 0 ||
                (o->norm[len] != '/' && o->norm[len] != '-')) {
                continue;
            }
            several = full != NULL && strcmp(full, o->norm) != 0;
            full = o->norm;
        }
        if (full != NULL && !several) {
            m->norm = full;
            m->key = NULL;
        }
    }
}
