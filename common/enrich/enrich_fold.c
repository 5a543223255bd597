/*
 * enrich_fold: the matching key of a piece of text. Lowercase, đ kept apart from d, and every
 * Vietnamese syllable's tone mark moved to one position chosen from the syllable's letters
 * alone, so that the old ("hòa", "thủy", "khỏe") and new ("hoà", "thuỷ", "khoẻ") placements
 * and slips such as "qúy" for "quý" give the same key. Decomposed tone marks and vowel
 * modifiers (combining U+0300..U+031B) are folded too, so NFD input matches NFC input.
 *
 * Table-driven and allocation-free: Vietnamese vowels are looked up in small tables
 * (enrich_fold_tables.c) that give (vowel, tone, uppercase); everything else goes through
 * utf8proc's simple lowercase. Text of ASCII and precomposed Vietnamese letters only, which is
 * what names are, takes a fast path that reads a syllable again only to move its tone.
 */
#include <stdint.h>
#include <string.h>

#include <utf8proc.h>

#include "enrich_entities_internal.h"

#define FOLD_SYLLABLE_MAX ENT_FOLD_SYLLABLE_MAX

static int utf8_put(uint32_t cp, char *out, size_t pos, size_t cap)
{
    if (cp < 0x80) {
        if (pos + 1 >= cap) {
            return -1;
        }
        out[pos] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        if (pos + 2 >= cap) {
            return -1;
        }
        out[pos] = (char)(0xC0 | (cp >> 6));
        out[pos + 1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        if (pos + 3 >= cap) {
            return -1;
        }
        out[pos] = (char)(0xE0 | (cp >> 12));
        out[pos + 1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[pos + 2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    if (pos + 4 >= cap) {
        return -1;
    }
    out[pos] = (char)(0xF0 | (cp >> 18));
    out[pos + 1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[pos + 2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[pos + 3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Where the tone of a syllable goes, by the traditional rule that most Vietnamese newspapers
 * still print ("hòa", "thủy"): after skipping the consonant u of "qu" and the i of "gi"+vowel,
 * a vowel carrying a modifier (ă â ê ô ơ ư) takes it (the last such: "ươ" -> ơ); else the last
 * vowel when a consonant follows ("hoàn"); else the middle of three vowels ("ngoài"), the first
 * of two ("hòa", "thủy", "mùa") or the only one. vowel[i] is the vowel of letter i or -1, and
 * first_cp the first letter. Returns -1 when the syllable is not one. */
static int tone_rule(const int8_t *vowel, int n, uint32_t first_cp)
{
    int first = 0;
    while (first < n && vowel[first] < 0) {
        first++;
    }
    if (first >= n) {
        return -1;
    }
    if (first == 1 && n > 2 && first_cp == 'q' && vowel[1] == V_U) {
        first = 2;
    } else if (first == 1 && n > 2 && first_cp == 'g' && vowel[1] == V_I && vowel[2] >= 0) {
        first = 2;
    }
    int last = first;
    while (last + 1 < n && vowel[last + 1] >= 0) {
        last++;
    }
    if (last - first > 2) {
        return -1;
    }
    for (int i = last; i >= first; i--) {
        int v = vowel[i];
        if (v == V_AB || v == V_AC || v == V_EC || v == V_OC || v == V_OH || v == V_UH) {
            return i;
        }
    }
    if (last + 1 < n) {
        return last;
    }
    if (last - first == 2) {
        return first + 1;
    }
    return first;
}

int ent_fold_tone_position(const struct ent_fold_letter *l, int n)
{
    int8_t vowel[FOLD_SYLLABLE_MAX];
    if (n <= 0 || n > FOLD_SYLLABLE_MAX) {
        return -1;
    }
    for (int i = 0; i < n; i++) {
        vowel[i] = l[i].vowel;
    }
    return tone_rule(vowel, n, l[0].cp);
}

/* Applies a combining mark to the syllable's last letter; returns 0 if it is not one of ours. */
int ent_fold_apply_mark(struct ent_fold_letter *l, int n, uint32_t cp)
{
    if (n == 0 || l[n - 1].vowel < 0) {
        return 0;
    }
    struct ent_fold_letter *v = &l[n - 1];
    switch (cp) {
    case 0x0300:
        v->tone = 1;
        return 1;
    case 0x0301:
        v->tone = 2;
        return 1;
    case 0x0309:
        v->tone = 3;
        return 1;
    case 0x0303:
        v->tone = 4;
        return 1;
    case 0x0323:
        v->tone = 5;
        return 1;
    case 0x0302:
        if (v->vowel == V_A || v->vowel == V_E || v->vowel == V_O) {
            v->vowel = v->vowel == V_A ? V_AC : (v->vowel == V_E ? V_EC : V_OC);
            return 1;
        }
        return 0;
    case 0x0306:
        if (v->vowel == V_A) {
            v->vowel = V_AB;
            return 1;
        }
        return 0;
    case 0x031B:
        if (v->vowel == V_O || v->vowel == V_U) {
            v->vowel = v->vowel == V_O ? V_OH : V_UH;
            return 1;
        }
        return 0;
    default:
        return 0;
    }
}

/* The syllable being folded. Its letters are written to the output as they come (lowercase);
 * only when its tone sits elsewhere than the rule says is it written again. */
struct fold_syllable {
    struct ent_fold_letter l[FOLD_SYLLABLE_MAX];
    int n;
    int vowels, toned;
    bool overflow;   /* longer than any syllable: left as written */
    size_t start;    /* where its bytes start in the output */
    size_t last_pos; /* where its last letter's bytes start */
};

static int put_letter(const struct ent_fold_letter *l, char *out, size_t pos, size_t cap)
{
    if (l->vowel < 0) {
        return utf8_put(l->cp, out, pos, cap);
    }
    const unsigned char *u = ent_fold_code_utf8[1 + l->vowel * 6 + l->tone];
    int n = u[0] & ENT_FOLD_LEN;
    if (pos + (size_t)n >= cap) {
        return -1;
    }
    memcpy(out + pos, u + 1, (size_t)n);
    return n;
}

/* Ends the syllable: moves its tone where the rule puts it. Returns the new output length. */
static long end_syllable(struct fold_syllable *syl, char *out, size_t pos, size_t cap)
{
    if (syl->n >= 2 && syl->toned == 1 && syl->vowels >= 2 && !syl->overflow) {
        int at = ent_fold_tone_position(syl->l, syl->n);
        if (at >= 0 && syl->l[at].tone == 0) {
            int tone = 0;
            for (int i = 0; i < syl->n; i++) {
                if (syl->l[i].vowel >= 0 && syl->l[i].tone != 0) {
                    tone = syl->l[i].tone;
                    syl->l[i].tone = 0;
                }
            }
            syl->l[at].tone = (uint8_t)tone;
            pos = syl->start;
            for (int i = 0; i < syl->n; i++) {
                int w = put_letter(&syl->l[i], out, pos, cap);
                if (w < 0) {
                    return -1;
                }
                pos += (size_t)w;
            }
        }
    }
    syl->n = syl->vowels = syl->toned = 0;
    syl->overflow = false;
    return (long)pos;
}

static int add_letter(struct fold_syllable *syl, const struct ent_fold_letter *l, char *out,
                      size_t pos, size_t cap)
{
    if (syl->n == 0) {
        syl->start = pos;
    }
    if (syl->n < FOLD_SYLLABLE_MAX) {
        syl->l[syl->n].vowel = l->vowel;
        syl->l[syl->n].tone = l->tone;
        syl->l[syl->n].cp = l->cp;
    } else {
        syl->overflow = true;
    }
    syl->n++;
    if (l->vowel >= 0) {
        syl->vowels++;
        syl->toned += l->tone != 0;
    }
    syl->last_pos = pos;
    return put_letter(l, out, pos, cap);
}

/* Any text: the general fold, a letter at a time. */
static long fold_general(const char *in, size_t len, char *out, size_t cap)
{
    struct fold_syllable syl;
    syl.n = syl.vowels = syl.toned = 0;
    syl.overflow = false;
    syl.start = syl.last_pos = 0;
    size_t pos = 0, i = 0;
    while (i < len) {
        unsigned char c = (unsigned char)in[i];
        struct ent_fold_letter letter = {-1, 0, 0};
        if (c < 0x80) {
            unsigned char lower = (c >= 'A' && c <= 'Z') ? (unsigned char)(c | 0x20) : c;
            if (lower >= 'a' && lower <= 'z') {
                /* The common case: one byte in, one byte out. */
                if (pos + 1 >= cap) {
                    return ENRICH_ERR_NOMEM;
                }
                int8_t vowel = (int8_t)(ent_fold_ascii_vowel[c] - 1);
                if (syl.n == 0) {
                    syl.start = pos;
                }
                /* Fields are stored one by one: building the letter on the stack and copying
                 * it stalls store forwarding in this, the hottest loop. */
                if (syl.n < FOLD_SYLLABLE_MAX) {
                    syl.l[syl.n].vowel = vowel;
                    syl.l[syl.n].tone = 0;
                    syl.l[syl.n].cp = lower;
                } else {
                    syl.overflow = true;
                }
                syl.n++;
                syl.vowels += vowel >= 0;
                syl.last_pos = pos;
                out[pos++] = (char)lower;
                i++;
                continue;
            }
            if (syl.n > 0) {
                long p = end_syllable(&syl, out, pos, cap);
                if (p < 0) {
                    return ENRICH_ERR_NOMEM;
                }
                pos = (size_t)p;
            }
            if (pos + 1 >= cap) {
                return ENRICH_ERR_NOMEM;
            }
            out[pos++] = (char)c;
            i++;
            continue;
        }
        uint32_t cp;
        size_t step = ent_utf8_decode(in + i, len - i, &cp);
        i += step;
        unsigned code = ent_fold_vowel_code(cp);
        if (code != 0) {
            code = (code & 0x7F) - 1;
            letter.vowel = (int8_t)(code / 6);
            letter.tone = (uint8_t)(code % 6);
        } else if (cp == 0x0110 || cp == 0x0111 || cp == 0x00D0 || cp == 0x00F0) {
            letter.cp = 0x0111;
        } else if (cp >= 0x0300 && cp < 0x0370 && syl.n > 0 && syl.n <= FOLD_SYLLABLE_MAX &&
                   syl.l[syl.n - 1].vowel >= 0) {
            /* A decomposed tone or modifier: rewrite the vowel it belongs to. */
            struct ent_fold_letter *v = &syl.l[syl.n - 1];
            bool had_tone = v->tone != 0;
            if (ent_fold_apply_mark(syl.l, syl.n, cp)) {
                syl.toned += (v->tone != 0) - had_tone;
                int w = put_letter(v, out, syl.last_pos, cap);
                if (w < 0) {
                    return ENRICH_ERR_NOMEM;
                }
                pos = syl.last_pos + (size_t)w;
                continue;
            }
            letter.cp = cp;
        } else if (ent_char_class(cp) & (ENT_CH_LETTER | ENT_CH_MARK)) {
            letter.cp = (uint32_t)utf8proc_tolower((utf8proc_int32_t)cp);
        } else {
            if (syl.n > 0) {
                long p = end_syllable(&syl, out, pos, cap);
                if (p < 0) {
                    return ENRICH_ERR_NOMEM;
                }
                pos = (size_t)p;
            }
            int w = utf8_put(cp, out, pos, cap);
            if (w < 0) {
                return ENRICH_ERR_NOMEM;
            }
            pos += (size_t)w;
            continue;
        }
        int w = add_letter(&syl, &letter, out, pos, cap);
        if (w < 0) {
            return ENRICH_ERR_NOMEM;
        }
        pos += (size_t)w;
    }
    if (syl.n > 0) {
        long p = end_syllable(&syl, out, pos, cap);
        if (p < 0) {
            return ENRICH_ERR_NOMEM;
        }
        pos = (size_t)p;
    }
    if (pos >= cap) {
        return ENRICH_ERR_NOMEM;
    }
    out[pos] = '\0';
    return (long)pos;
}

size_t ent_fold_fix_syllable(char *out, size_t start, size_t end)
{
    /* First only what the rule needs: each letter's vowel, and which one holds the tone. */
    const unsigned char *p = (const unsigned char *)out + start;
    size_t len = end - start;
    int8_t vowel[FOLD_SYLLABLE_MAX] = {0};
    int n = 0, toned_at = -1;
    unsigned tone = 0;
    for (size_t k = 0; k < len; n++) {
        if (n == FOLD_SYLLABLE_MAX) {
            return end; /* longer than any syllable: left as written */
        }
        if (p[k] < 0x80) {
            vowel[n] = (int8_t)(ent_fold_ascii_vowel[p[k]] - 1);
            k++;
            continue;
        }
        unsigned code;
        size_t step = ent_fold_viet_letter(p + k, len - k, &code);
        if (step == 0) {
            return end; /* not a syllable the callers write: leave it */
        }
        code &= 0x7F;
        vowel[n] = code == ENT_FOLD_D ? -1 : (int8_t)((code - 1) / 6);
        if (code != ENT_FOLD_D && (code - 1) % 6 != 0) {
            toned_at = n;
            tone = (code - 1) % 6;
        }
        k += step;
    }
    int at = tone_rule(vowel, n, p[0]);
    if (at < 0 || at == toned_at || toned_at < 0) {
        return end;
    }
    /* The tone moves (to a consonant when the rule is fooled by a word that is no syllable:
     * then it is dropped, as the general fold does): write the letters again. */
    char copy[FOLD_SYLLABLE_MAX * 3];
    memcpy(copy, p, len);
    size_t pos = start, k = 0;
    for (int i = 0; i < n; i++) {
        unsigned char b = (unsigned char)copy[k];
        size_t step = b < 0x80 ? 1 : (b < 0xE0 ? 2 : 3);
        if (vowel[i] < 0) {
            memcpy(out + pos, copy + k, step);
            pos += step;
        } else {
            const unsigned char *u = ent_fold_code_utf8[1 + vowel[i] * 6 + (i == at ? tone : 0)];
            memcpy(out + pos, u + 1, u[0] & ENT_FOLD_LEN);
            pos += u[0] & ENT_FOLD_LEN;
        }
        k += step;
    }
    return pos;
}

/*
 * The common case: ASCII and precomposed Vietnamese letters only, with room for the worst case
 * (no letter's key is longer than 3 bytes, wherever tones move). Returns the key's length, or
 * -1 when in holds anything else (out then holds garbage).
 */
static long fold_fast(const char *in, size_t len, char *out)
{
    const unsigned char *s = (const unsigned char *)in;
    size_t pos = 0, syl = 0, i = 0;
    unsigned vowels = 0, toned = 0; /* of the syllable that starts at syl */
    while (i < len) {
        unsigned char c = s[i];
        if (c < 0x80) {
            unsigned char lower = (c >= 'A' && c <= 'Z') ? (unsigned char)(c | 0x20) : c;
            if (lower >= 'a' && lower <= 'z') {
                vowels += ent_fold_ascii_vowel[c] != 0;
            } else {
                if (toned == 1 && vowels >= 2) {
                    pos = ent_fold_fix_syllable(out, syl, pos);
                }
                vowels = toned = 0;
                syl = pos + 1;
            }
            out[pos++] = (char)lower;
            i++;
            continue;
        }
        unsigned code;
        size_t step = ent_fold_viet_letter(s + i, len - i, &code);
        if (step == 0) {
            return -1;
        }
        const unsigned char *u = ent_fold_code_utf8[code & 0x7F];
        vowels += (u[0] & ENT_FOLD_VOWEL) != 0;
        toned += (u[0] & ENT_FOLD_TONED) != 0;
        memcpy(out + pos, u + 1, 3);
        pos += u[0] & ENT_FOLD_LEN;
        i += step;
    }
    if (toned == 1 && vowels >= 2) {
        pos = ent_fold_fix_syllable(out, syl, pos);
    }
    out[pos] = '\0';
    return (long)pos;
}

long enrich_fold(const char *in, size_t len, char *out, size_t cap)
{
    if ((in == NULL && len > 0) || out == NULL || cap == 0) {
        return ENRICH_ERR_INVALID;
    }
    /* With 3 bytes per input byte and the NUL, neither fold can run out of room, so both give
     * the same answer; with less, only the general one checks every write. */
    if (len < cap / 3) {
        long n = fold_fast(in, len, out);
        if (n >= 0) {
            return n;
        }
    }
    return fold_general(in, len, out, cap);
}
