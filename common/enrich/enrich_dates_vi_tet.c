/*
 * The Lunar New Year as a date: "Tết Nguyên đán Giáp Thìn 2024", "Tết Giáp Thìn", "Tết Quý Mão
 * 2023", and the solar one, "Tết Dương lịch 2024". Its value is the first day of that year
 * (mùng 1 Tết), the day an editor dates the holiday by. A year named only by its sexagenary name
 * ("Giáp Thìn") is the one nearest the publication year.
 */
#include <string.h>

#include "enrich_dates_internal.h"

/* The first day of the lunar year in Vietnam (UTC+7), 2000-2029, from the Vietnamese lunisolar
 * calendar (Hồ Ngọc Đức, "Lịch Việt Nam", computed for the meridian 105° E). It differs from
 * the Chinese calendar in 2007 (17/2, not 18/2). Outside the table the mention is a year. */
#define TET_FIRST_YEAR 2000
static const unsigned char tet_month[] = {2, 1, 2, 2, 1, 2, 1, 2, 2, 1, 2, 2, 1, 2, 1,
                                          2, 2, 1, 2, 2, 1, 2, 2, 1, 2, 1, 2, 2, 1, 2};
static const unsigned char tet_day[] = {5,  24, 12, 1,  22, 9,  29, 17, 7,  26, 14, 3,  23, 10, 31,
                                        19, 8,  28, 16, 5,  25, 12, 1,  22, 10, 29, 17, 6,  26, 13};

static const char *const stems[] = {"giáp", "ất",  "bính", "đinh", "mậu", "kỷ",
                                    "canh", "tân", "nhâm", "quý",  NULL};
static const char *const branches[] = {"tý",   "sửu", "dần",  "mão", "thìn", "tỵ", "ngọ", "mùi",
                                       "thân", "dậu", "tuất", "hợi", "mẹo",  "tị", "tí",  NULL};
/* Index in the twelve of each entry of branches (the last three are other spellings). */
static const int branch_index[] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 3, 5, 0};

static const char *const lunar_words[] = {"nguyên đán", "âm lịch", "cổ truyền", "cổ truyền dân tộc",
                                          NULL};

static size_t sp(const struct enrich_dscan *sc, size_t p)
{
    return enrich_lex_spaces(sc->s, sc->len, p);
}

/* The year's sexagenary name at p ("Giáp Thìn"). *stem and *branch receive 0-9 and 0-11. */
static size_t sexagenary(const struct enrich_dscan *sc, size_t p, int *stem, int *branch)
{
    size_t e = enrich_lex_match_any(sc->s, sc->len, p, stems, stem);
    if (!e) {
        return 0;
    }
    size_t q = sp(sc, e);
    int which;
    size_t f = q > e ? enrich_lex_match_any(sc->s, sc->len, q, branches, &which) : 0;
    if (!f) {
        return 0;
    }
    *branch = branch_index[which];
    return f;
}

/* True when year bears the name: 2024 is Giáp Thìn (stem 0, branch 4). */
static bool year_named(int year, int stem, int branch)
{
    return (year + 6) % 10 == stem && (year + 8) % 12 == branch;
}

static void tet_point(struct enrich_dpoint *p, int year)
{
    int i = year - TET_FIRST_YEAR;
    if (i >= 0 && i < (int)sizeof(tet_day)) {
        enrich_dates_point_day(p, year, tet_month[i], tet_day[i]);
    } else {
        enrich_dates_point_year(p, year);
    }
}

size_t enrich_dates_vi_tet(struct enrich_dscan *sc, size_t pos, size_t after,
                           struct enrich_dexpr *dx)
{
    size_t p = sp(sc, after);
    if (p == after) {
        return 0;
    }
    size_t e = after, w;
    bool solar = false;
    if ((w = enrich_lex_match(sc->s, sc->len, p, "dương lịch"))) {
        solar = true;
        e = w;
    } else if ((w = enrich_lex_match_any(sc->s, sc->len, p, lunar_words, NULL))) {
        e = w;
    }
    int stem = -1, branch = -1, year = 0;
    size_t q = sp(sc, e);
    if (!solar && q > e && (w = sexagenary(sc, q, &stem, &branch))) {
        e = w;
        q = sp(sc, e);
    }
    int y;
    if (q > e && enrich_lex_digits(sc->s, sc->len, q, &y) == 4 && enrich_dates_plausible_year(y) &&
        enrich_dates_tail_ok(sc, q + 4)) {
        year = y;
        e = q + 4;
    }
    dx->kind = DX_POINT;
    if (solar) {
        if (year == 0) {
            return 0;
        }
        enrich_dates_point_day(&dx->a, year, 1, 1);
    } else if (year != 0) {
        tet_point(&dx->a, year); /* the digits win over a name that disagrees */
    } else if (stem >= 0) {
        const struct enrich_moment *pub = &sc->doc->published;
        if (!pub->known) {
            enrich_dates_point_year(&dx->a, 2000);
            dx->a.unknown = true;
        } else {
            /* The named year nearest the publication: "Tết Giáp Thìn" in 12/2023 is 2024. */
            int best = 0;
            for (int d = 0; d <= 30 && best == 0; d++) {
                if (year_named(pub->year + d, stem, branch)) {
                    best = pub->year + d;
                } else if (year_named(pub->year - d, stem, branch)) {
                    best = pub->year - d;
                }
            }
            if (best == 0) {
                return 0; /* a stem and a branch of different parity name no year */
            }
            tet_point(&dx->a, best);
        }
    } else {
        return 0; /* "Tết" alone, or "Tết Nguyên đán": no year said */
    }
    dx->start = pos;
    dx->end = e;
    return e;
}
