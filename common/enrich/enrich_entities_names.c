/*
 * Names of bodies, documents and events, read word by word after their kind's word.
 *
 * Vietnamese writes only the first syllable of each word of such a name in capitals ("Sở Giáo
 * dục và Đào tạo", "Công ty TNHH MTV Xổ số kiến thiết Cần Thơ"), so a lowercase syllable
 * belongs to the name only when it completes a word from the name-word list, or when it is a
 * noun of the name's vocabulary and more of the name follows ("Trung tâm Kiểm soát bệnh tật
 * (CDC)", "Phòng Cảnh sát giao thông Công an ..."). A name ends where a place, a person, a
 * title or the body it belongs to begins.
 */
#include <string.h>

#include "enrich_entities_internal.h"

#define NAME_MAX_TOKENS 12

size_t ent_full_name_at(const struct ent_ctx *c, size_t i)
{
    size_t sl = 0;
    if (!ent_is_name_syllable(c, i) || !ent_has_role(c, i, GZ_SURNAME, &sl)) {
        return 0;
    }
    size_t n = sl;
    while (n < 4 && ent_is_name_syllable(c, i + n) &&
           (c->t.v[i + n].flags & ENT_TOK_SPACE_BEFORE)) {
        /* A form of address capitalized inside a name is one of its syllables: "Trần Tuấn
         * Anh", "Nguyễn Văn Bé". */
        size_t bl;
        if (ent_has_role(c, i + n, (ENT_NAME_BLOCKERS & ~GZ_HONORIFIC) | GZ_TITLE_PREFIX, &bl)) {
            break;
        }
        n++;
    }
    return n > sl ? n : 0;
}

/* A level word inside a name is a place's level only when a name or a number follows it
 * ("xã Tân Phú"); otherwise it is a syllable of the name ("Xã hội"). */
static bool level_with_place(const struct ent_ctx *c, size_t k)
{
    size_t len;
    if (!ent_has_role(c, k, GZ_LOC_LEVEL, &len)) {
        return false;
    }
    return k + len < c->t.n &&
           (ent_is_name_syllable(c, k + len) || (c->t.v[k + len].flags & ENT_TOK_NUMBER));
}

/* Whether the capitalized word at k starts something other than a name's next word. */
static bool starts_other(const struct ent_ctx *c, size_t k)
{
    size_t len;
    return ent_has_role(c, k, (ENT_RULE_ROLES & ~GZ_LOC_LEVEL) | GZ_LOCATION, &len) ||
           level_with_place(c, k);
}

/* Whether a company's legal form ("TNHH", "hợp danh") ends right before k: the company's own
 * name follows, and it may be a person's ("Công ty Đấu giá hợp danh Lạc Việt"). */
static bool after_org_form(const struct ent_ctx *c, size_t k)
{
    size_t len;
    for (size_t n = 1; n <= 3 && n <= k; n++) {
        if (gz_longest(c->g, &c->t, k - n, GZ_ORG_FORM, true, &len) != NULL && len == n) {
            return true;
        }
    }
    return false;
}

/* A year of four digits, 19xx or 20xx. */
static bool year_at(const struct ent_ctx *c, size_t j)
{
    if (j >= c->t.n || !(c->t.v[j].flags & ENT_TOK_NUMBER) ||
        c->t.v[j].end - c->t.v[j].start != 4) {
        return false;
    }
    const char *s = c->s + c->t.v[j].start;
    return (s[0] == '1' && s[1] == '9') || (s[0] == '2' && s[1] == '0');
}

/* I to XXXIX, as units are numbered ("Quân đoàn IV", "Viện ... II"). */
static bool roman_numeral(const struct ent_ctx *c, size_t k)
{
    const struct ent_token *tok = &c->t.v[k];
    size_t n = tok->end - tok->start;
    if (n == 0 || n > 6) {
        return false;
    }
    for (size_t q = 0; q < n; q++) {
        char ch = c->s[tok->start + q];
        if (ch != 'I' && ch != 'V' && ch != 'X') {
            return false;
        }
    }
    return true;
}

/* An adverb that opens a predicate ("đã nghiệm thu", "cho biết"): a chain of nouns before it
 * ends there, as at a comma. */
static bool predicate_at(const struct ent_ctx *c, size_t j)
{
    static const char *const adverbs[] = {"đã", "đang", "sẽ", "vừa", "cũng", "vẫn", "chưa"};
    if (c->t.v[j].flags & ENT_TOK_CAP) {
        return false;
    }
    for (size_t k = 0; k < sizeof(adverbs) / sizeof(adverbs[0]); k++) {
        if (ent_is_word(c, j, adverbs[k])) {
            return true;
        }
    }
    return ent_is_word(c, j, "cho") &&
           (ent_is_word(c, j + 1, "biết") || ent_is_word(c, j + 1, "hay"));
}

static bool and_goes_on(const struct ent_ctx *c, size_t j);
static bool unit_number(const struct ent_ctx *c, size_t k);
static size_t comma_name_word(const struct ent_ctx *c, size_t k, int depth);

/* "(CDC)", "(Becamex IDC)", "(PC07)" at the bracket j: a body's short name. */
static bool short_name_in_brackets(const struct ent_ctx *c, size_t j)
{
    size_t k = j + 1;
    while (k < c->t.n && k <= j + 3 && ent_is_cap_word(c, k)) {
        k++;
    }
    return k > j + 1 && k < c->t.n && (c->t.v[k].flags & ENT_TOK_CLOSE_PAREN);
}
static size_t lower_noun_run(const struct ent_ctx *c, size_t k, int depth);

/* Whether what starts at j carries on the name of a body whose last word was lowercase: the
 * acronym in brackets, the place, the body it belongs to, or (noun: after a noun of the
 * kind's name, not a verb that starts the predicate) more capitalized name. */
static bool name_goes_on(const struct ent_ctx *c, size_t j, bool noun, int depth)
{
    size_t len;
    if (j >= c->t.n) {
        return false;
    }
    /* "Nghiên cứu nuôi trồng thủy sản II": nouns in a row, the unit's number. */
    if (noun && roman_numeral(c, j) && (c->t.v[j].flags & ENT_TOK_SPACE_BEFORE)) {
        return true;
    }
    /* "Ban Quản lý dự án 85", "Ban Quản lý dự án 2,": the unit's number closing the phrase. */
    if (noun && unit_number(c, j) &&
        (j + 1 >= c->t.n || ent_is_cap_word(c, j + 1) || predicate_at(c, j + 1) ||
         (c->t.v[j + 1].flags & (ENT_TOK_COMMA | ENT_TOK_STOP | ENT_TOK_SEMI | ENT_TOK_OPEN_PAREN |
                                 ENT_TOK_CLOSE_PAREN)))) {
        return true;
    }
    const struct gz_entry *next = gz_longest(c->g, &c->t, j, GZ_NAME_WORD, true, &len);
    if (noun && depth < 3 && next != NULL && len > 1 && ent_is_lower_word(c, j) &&
        (next->roles & (GZ_NAME_NOUN | GZ_NAME_TAIL))) {
        size_t q = 0;
        while (q < len && ent_is_lower_word(c, j + q)) {
            q++;
        }
        if (q == len && name_goes_on(c, j + len, true, depth + 1)) {
            return true;
        }
    }
    /* Outside a chain of lowercase nouns "và" ends the name ("Sở Y tế và bệnh viện ..."),
     * unless a capitalized word of a body's vocabulary follows it: "Ban Chỉ huy Phòng chống
     * thiên tai và Tìm kiếm cứu nạn tỉnh", the same name as with a comma after "Phòng". */
    if (noun && (depth > 0 || ent_completed_word(c, j + 1)) && and_goes_on(c, j)) {
        return true;
    }
    /* "Hội đồng Kiểm tra nhà nước các công trình xây dựng": "các" before more nouns of the
     * name, which must end it where the phrase ends. */
    if (noun && depth < 3 && ent_is_word(c, j, "các") && ent_is_lower_word(c, j) &&
        ent_is_lower_word(c, j + 1) && lower_noun_run(c, j + 1, depth + 1) > 0) {
        return true;
    }
    /* Nouns in a row end a name where the phrase ends: "Trung tâm Dự báo khí tượng thủy văn
     * quốc gia,". One noun alone does not: it may be the sentence's object. */
    if (depth > 0 && noun &&
        ((c->t.v[j].flags & (ENT_TOK_COMMA | ENT_TOK_STOP | ENT_TOK_SEMI)) || predicate_at(c, j))) {
        return true;
    }
    uint32_t f = c->t.v[j].flags;
    if (f & ENT_TOK_OPEN_PAREN) {
        return short_name_in_brackets(c, j);
    }
    /* "Phòng Cảnh sát phòng cháy, chữa cháy và cứu nạn, cứu hộ (PC07)": lowercase nouns of a
     * name that goes on after a comma. */
    if ((f & ENT_TOK_COMMA) && depth < 3 && comma_name_word(c, j + 1, depth + 1) > 0) {
        return true;
    }
    if (level_with_place(c, j)) {
        return true;
    }
    const struct gz_entry *e = gz_longest(c->g, &c->t, j, GZ_LOCATION, false, &len);
    if (e != NULL) {
        /* "Cơ quan Hợp tác quốc tế Nhật Bản", "Lễ hội Bánh dân gian Nam Bộ": after a noun, a
         * country or a region is the name's too. */
        return e->loc_kind == GZ_LOC_PROVINCE || e->loc_kind == GZ_LOC_DISTRICT ||
               (noun && (e->loc_kind == GZ_LOC_COUNTRY || e->loc_kind == GZ_LOC_REGION));
    }
    if (!noun) {
        return false;
    }
    /* "Quỹ Bảo trợ trẻ em tỉnh": the level of the body, its place left unsaid. */
    if (ent_is_lower_word(c, j) && ent_has_role(c, j, GZ_LOC_LEVEL, &len)) {
        return true;
    }
    /* "Luật Di sản văn hóa năm 2024", "Luật Đất đai 2024": the year of a law's name. */
    if (year_at(c, j) || (ent_is_word(c, j, "năm") && year_at(c, j + 1))) {
        return true;
    }
    if ((f & ENT_TOK_DASH) && (f & ENT_TOK_SPACE_BEFORE)) {
        return ent_is_cap_word(c, j + 1) && !starts_other(c, j + 1);
    }
    if (!ent_is_cap_word(c, j)) {
        return false;
    }
    if (ent_has_role(c, j, GZ_ORG_ADMIN, &len)) {
        return true;
    }
    return !starts_other(c, j) && (ent_full_name_at(c, j) == 0 || after_org_form(c, j));
}

/* "Phòng, chống thiên tai và Tìm kiếm cứu nạn": after a chain of nouns, "và" joins the next
 * capitalized word of the same name. */
static bool and_goes_on(const struct ent_ctx *c, size_t j)
{
    return ent_is_word(c, j, "và") && ent_is_cap_word(c, j + 1) && !starts_other(c, j + 1) &&
           ent_full_name_at(c, j + 1) == 0;
}

/* A lowercase word of the name's vocabulary right after its capitalized words ("Kiểm soát
 * bệnh tật", "Dịch vụ nông nghiệp Hòa Lợi") when the name goes on after it; returns its
 * token count or 0. */
static size_t lower_name_word(const struct ent_ctx *c, size_t k, int depth)
{
    size_t len, q;
    const struct gz_entry *e = gz_longest(c->g, &c->t, k, GZ_NAME_WORD, true, &len);
    if (e == NULL || len < 2) {
        return 0;
    }
    q = 0;
    while (q < len && ent_is_lower_word(c, k + q)) {
        q++;
    }
    if (q < len) {
        return 0;
    }
    return name_goes_on(c, k + len, (e->roles & GZ_NAME_NOUN) != 0, depth) ? len : 0;
}

/* A lowercase noun of a name's vocabulary at k after which the name goes on; its length. */
static size_t lower_noun_run(const struct ent_ctx *c, size_t k, int depth)
{
    size_t len;
    const struct gz_entry *e = gz_longest(c->g, &c->t, k, GZ_NAME_WORD, true, &len);
    if (e == NULL || len < 2 || !(e->roles & GZ_NAME_NOUN)) {
        return 0;
    }
    return lower_name_word(c, k, depth);
}

size_t ent_lower_name_word(const struct ent_ctx *c, size_t k)
{
    size_t len, q = 0;
    if (gz_longest(c->g, &c->t, k, GZ_NAME_WORD, true, &len) == NULL || len < 2) {
        return 0;
    }
    while (q < len && ent_is_lower_word(c, k + q)) {
        q++;
    }
    return q == len ? len : 0;
}

/* "Cục Thanh tra, giám sát ngân hàng II", "Ban Chỉ huy Phòng, chống thiên tai và Tìm kiếm
 * cứu nạn tỉnh ...": two words of a name joined by a comma. The lowercase words after the comma
 * belong to the name only when something that only a name has follows them: its unit number,
 * its level and place, or "và" and more capitalized name. "Theo Sở Kế hoạch và Đầu tư, dự án
 * đã ..." ends at the comma. Returns the tokens after the comma, or 0. */
static size_t comma_name_word(const struct ent_ctx *c, size_t k, int depth)
{
    size_t j = k, len;
    for (int words = 0; words < 4; words++) {
        if (words > 0 && ent_is_word(c, j, "và") && ent_is_lower_word(c, j + 1)) {
            j++; /* "chữa cháy và cứu nạn": lowercase nouns of the name joined by "và" */
        }
        if ((len = ent_lower_name_word(c, j)) == 0) {
            break;
        }
        j += len;
    }
    /* "phòng, chống tham nhũng, tiêu cực": a second comma inside such a name. */
    if (j == k || j >= c->t.n) {
        return 0;
    }
    bool named = (roman_numeral(c, j) && (c->t.v[j].flags & ENT_TOK_SPACE_BEFORE)) ||
                 level_with_place(c, j) || and_goes_on(c, j) ||
                 ((c->t.v[j].flags & ENT_TOK_OPEN_PAREN) && short_name_in_brackets(c, j)) ||
                 (ent_is_lower_word(c, j) && ent_has_role(c, j, GZ_LOC_LEVEL, &len)) ||
                 (depth < 3 && (c->t.v[j].flags & ENT_TOK_COMMA) &&
                  comma_name_word(c, j + 1, depth + 1) > 0);
    return named ? j - k : 0;
}

/* Whether the capitalized syllable at k and the lowercase ones after it make a word of a
 * body's name ("Pháp chế", "Nhật ngữ"): then it is no place, whatever the syllable alone is. */
bool ent_completed_word(const struct ent_ctx *c, size_t k)
{
    size_t len, q = 1;
    if (gz_longest(c->g, &c->t, k, GZ_NAME_WORD, true, &len) == NULL || len < 2) {
        return false;
    }
    while (q < len && ent_is_lower_word(c, k + q)) {
        q++;
    }
    return q == len;
}

/* Whether the one-word country at k is a syllable of a longer name rather than the country:
 * with Việt before it ("Bệnh viện Việt Đức", "Trường Việt Úc"), or with more name after it
 * ("huyện Mỹ Tú", "Đồn Biên phòng Mỹ Lý", "ấp Mỹ Phú"). */
bool ent_country_in_name(const struct ent_ctx *c, size_t k)
{
    size_t len;
    const struct gz_entry *e = gz_longest(c->g, &c->t, k, GZ_LOCATION, false, &len);
    if (e == NULL || e->loc_kind != GZ_LOC_COUNTRY || len != 1) {
        return false;
    }
    if (ent_is_name_syllable(c, k + 1) && (c->t.v[k + 1].flags & ENT_TOK_SPACE_BEFORE)) {
        return true;
    }
    return k > 0 && ent_is_word(c, k - 1, "việt") && (c->t.v[k - 1].flags & ENT_TOK_CAP) &&
           (c->t.v[k].flags & ENT_TOK_SPACE_BEFORE);
}

/* A unit's number after its name ("Bệnh viện Quân y 121", "Trường THCS Thị trấn 2"): two or
 * three digits, not a count of something ("Sở Y tế 3 tháng qua"). */
static bool unit_number(const struct ent_ctx *c, size_t k)
{
    static const char *const counted[] = {"tháng", "năm",  "ngày", "tuần",  "giờ",   "người",
                                          "hộ",    "ha",   "tấn",  "triệu", "tỷ",    "tỉ",
                                          "nghìn", "ngàn", "km",   "lần",   "ca",    "đơn",
                                          "xã",    "điểm", "học",  "bệnh",  "trường"};
    const struct ent_token *tok = &c->t.v[k];
    size_t digits = tok->end - tok->start;
    if (roman_numeral(c, k) && (tok->flags & ENT_TOK_SPACE_BEFORE) &&
        (c->t.v[k - 1].flags & ENT_TOK_WORD) &&
        (k + 1 >= c->t.n || !(c->t.v[k + 1].flags & ENT_TOK_CAP))) {
        return true; /* "Viện Nghiên cứu nuôi trồng thủy sản II" */
    }
    if (!(tok->flags & ENT_TOK_NUMBER) || digits < 1 || digits > 3 ||
        !(tok->flags & ENT_TOK_SPACE_BEFORE) || !(c->t.v[k - 1].flags & ENT_TOK_WORD)) {
        return false;
    }
    for (size_t q = 0; q < sizeof(counted) / sizeof(counted[0]); q++) {
        if (ent_is_word(c, k + 1, counted[q])) {
            return false;
        }
    }
    return k + 1 >= c->t.n || !(c->t.v[k + 1].flags & (ENT_TOK_NUMBER | ENT_TOK_OTHER)) ||
           (c->t.v[k + 1].flags & ENT_TOK_COMMA);
}

/*
 * "Trường THPT chuyên Phan Bội Châu Nguyễn Văn Bình": a body named after a person, then another
 * full name to the end of the capitalized run, the person a title is of. Returns where the
 * second name starts (the body's name ends there), or 0. A first name of three syllables is
 * tried first, the commonest length.
 */
static size_t person_after_namesake(const struct ent_ctx *c, size_t k)
{
    static const size_t firsts[] = {3, 2, 4};
    size_t run = 0;
    if (ent_full_name_at(c, k) == 0) {
        return 0;
    }
    while (run < 8 && ent_is_name_syllable(c, k + run) &&
           (run == 0 || (c->t.v[k + run].flags & ENT_TOK_SPACE_BEFORE))) {
        run++;
    }
    if (run < 4 || ent_is_cap_word(c, k + run)) {
        return 0;
    }
    for (size_t f = 0; f < sizeof(firsts) / sizeof(firsts[0]); f++) {
        size_t p = k + firsts[f];
        if (p + 2 <= k + run && ent_full_name_at(c, p) == k + run - p) {
            return p;
        }
    }
    return 0;
}

size_t ent_name_words(struct ent_ctx *c, size_t i, bool in_title)
{
    size_t k = i, words = 0, len;
    bool lower_chain = false;
    while (k < c->t.n && k - i < NAME_MAX_TOKENS) {
        const struct ent_token *tok = &c->t.v[k];
        if (tok->flags & ENT_TOK_CAP) {
            if (words > 0 && roman_numeral(c, k) && unit_number(c, k)) {
                k++;
                break;
            }
            /* A place, a level with its place, or what starts another rule ends the name; the
             * first word only yields to a place or a person ("Sở Kế hoạch và Đầu tư": "Kế
             * hoạch" is also a kind of document). */
            uint32_t stop = words == 0 ? (GZ_LOCATION | GZ_TITLE | GZ_HONORIFIC)
                                       : (GZ_LOCATION | ENT_NAME_BLOCKERS | GZ_ORG_OWNER);
            /* "Lăng Ông Thủy Tướng", "Lễ hội Nghinh Ông", "Miếu Bà Chúa Xứ": a form of address
             * capitalized inside a name, with no person's full name after it, is the name's. */
            size_t hl;
            if (!(tok->flags & ENT_TOK_SENT_START) && ent_has_role(c, k, GZ_HONORIFIC, &hl) &&
                hl == 1 && ent_full_name_at(c, k + 1) == 0) {
                stop &= ~GZ_HONORIFIC;
            }
            if (ent_has_role(c, k, stop & ~GZ_LOCATION, &len) ||
                (ent_has_role(c, k, GZ_LOCATION, &len) && !ent_country_in_name(c, k) &&
                 !ent_completed_word(c, k)) ||
                level_with_place(c, k)) {
                break;
            }
            size_t split = person_after_namesake(c, k);
            if (split > 0) {
                k = split;
                words++;
                break;
            }
            if (words > 0 && ent_full_name_at(c, k) > 0 && !after_org_form(c, k)) {
                size_t after = k + ent_full_name_at(c, k);
                if ((in_title && !c->apposition) || after >= c->t.n || !ent_is_cap_word(c, after)) {
                    break; /* "Giám đốc Sở Y tế Nguyễn Văn A": the person's name */
                }
            }
            k++;
            words++;
            /* "Y" + "tế", "Đào" + "tạo": lowercase syllables completing the word. */
            if (gz_longest(c->g, &c->t, k - 1, GZ_NAME_WORD, true, &len) != NULL && len > 1) {
                size_t ok = 1;
                for (size_t q = 1; q < len && ent_is_lower_word(c, k - 1 + q); q++) {
                    ok++;
                }
                if (ok == len) {
                    k += len - 1;
                    continue;
                }
            }
            /* An unknown two-syllable word ("Lương thực") when the name goes on after it:
             * "Hiệp hội Lương thực Việt Nam". */
            if (ent_is_lower_word(c, k) && ent_is_cap_word(c, k + 1) &&
                !ent_has_role(c, k + 1, ENT_RULE_ROLES & ~GZ_LOC_LEVEL, &len) &&
                !level_with_place(c, k + 1) &&
                !ent_has_role(c, k, GZ_NAME_WORD | ENT_RULE_ROLES, &len)) {
                k++;
            }
            continue;
        }
        if (words == 0) {
            if ((tok->flags & ENT_TOK_NUMBER) && tok->end - tok->start <= 4) {
                return k + 1; /* "Bệnh viện 115", "Sư đoàn 330" */
            }
            break;
        }
        if (unit_number(c, k)) {
            k++; /* "Bệnh viện Quân y 121": the number ends the name */
            break;
        }
        if (ent_is_lower_word(c, k)) {
            /* "Công ty cổ phần VNG đầu tư ...": after a brand in capitals the lowercase words
             * are the sentence's, not the name's. */
            if (gz_longest(c->g, &c->t, k, GZ_NAME_TAIL, true, &len) != NULL && len > 1 &&
                !(c->t.v[k - 1].flags & ENT_TOK_ALLCAPS)) {
                k += len;
                continue;
            }
            if (lower_chain && ent_is_word(c, k, "các") &&
                (len = lower_noun_run(c, k + 1, 1)) > 0) {
                k += 1 + len; /* "... nhà nước các công trình xây dựng" */
                continue;
            }
            /* Inside a chain of nouns, or in a title after a name, the phrase's end may end
             * the name ("Trưởng phòng Dự báo thời tiết, cho biết"). */
            len = lower_name_word(c, k, lower_chain || c->apposition ? 1 : 0);
            if (len > 0) {
                k += len;
                lower_chain = true;
                continue;
            }
            /* "Ban Quản lý vịnh Hạ Long", "Ban Quản lý chợ Cái Răng": the place a body is in
             * charge of ends its name. */
            const struct gz_entry *cue;
            size_t feature_name_len;
            len = ent_feature_at(c, k, &cue, &feature_name_len);
            if (len > 0) {
                k += len;
                break;
            }
            if (ent_is_word(c, k, "và") && ent_is_cap_word(c, k + 1) && !starts_other(c, k + 1) &&
                ent_full_name_at(c, k + 1) == 0) {
                k++;
                continue;
            }
            break;
        }
        if ((tok->flags & ENT_TOK_DASH) && (tok->flags & ENT_TOK_SPACE_BEFORE) &&
            ent_is_cap_word(c, k + 1) && !starts_other(c, k + 1)) {
            k++; /* "Lao động - Thương binh và Xã hội" */
            continue;
        }
        if ((tok->flags & ENT_TOK_COMMA) && (len = comma_name_word(c, k + 1, 0)) > 0) {
            k += 1 + len;
            lower_chain = true;
            continue;
        }
        break;
    }
    /* Never end on a joiner. */
    while (k > i && (!(c->t.v[k - 1].flags & ENT_TOK_WORD) || ent_is_word(c, k - 1, "và"))) {
        k--;
    }
    return k;
}
