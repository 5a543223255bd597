/*
 * Private contracts of the entity extractor (enrich_entities*.c, enrich_gazetteer*.c,
 * enrich_fold*.c). Only those files and their tests include this.
 *
 * The extractor works on tokens: a segment is cut once into words and punctuation, each word
 * gets its fold key (enrich_fold) and a hash of it, and every rule then looks phrases up in the
 * gazetteer by combining token hashes. Nothing is allocated per token.
 */
#ifndef ENRICH_ENTITIES_INTERNAL_H
#define ENRICH_ENTITIES_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "enrich_internal.h"

/* ---- Characters and folding (enrich_fold*.c) ---- */

#define ENT_CH_LETTER 1u
#define ENT_CH_UPPER  2u
#define ENT_CH_DIGIT  4u
#define ENT_CH_MARK   8u

/* Decodes one code point from s (len > 0). Invalid bytes decode as U+FFFD of length 1. */
size_t ent_utf8_decode(const char *s, size_t len, uint32_t *cp);
/* Whether s[0, len) is well-formed UTF-8 (as ent_utf8_decode() and jansson see it). */
bool ent_utf8_valid(const char *s, size_t len);
/* ENT_CH_* bits of a code point. */
unsigned ent_char_class(uint32_t cp);

/* Folding, shared by enrich_fold() and the tokenizer, which folds words as it reads them. */
enum { V_A = 0, V_AB, V_AC, V_E, V_EC, V_I, V_O, V_OC, V_OH, V_U, V_UH, V_Y };

/* One letter of a syllable being folded: a Vietnamese vowel (vowel >= 0, with its tone 0..5)
 * or any other lowercase code point. */
struct ent_fold_letter {
    int8_t vowel;
    uint8_t tone;
    uint32_t cp;
};

/* Code of đ (Đ with 0x80) in the same code space as the vowels (whose codes stop at 72). */
#define ENT_FOLD_D 0x7Fu

/* Code 1 + vowel * 6 + tone (| 0x80 if uppercase), or ENT_FOLD_D, of U+00C0..U+01BF and of
 * U+1EA0..U+1EFF; 0 for other code points (enrich_fold_tables.c). */
extern const uint8_t ent_fold_latin[256];
extern const uint8_t ent_fold_viet[96];
/* UTF-8 of the lowercase letter of each code (& 0x7F): first byte ENT_FOLD_LEN bits = length,
 * ENT_FOLD_VOWEL / ENT_FOLD_TONED / ENT_FOLD_MODIFIED when it is a vowel / carries a tone / is
 * one of ă â ê ô ơ ư; then the bytes. */
#define ENT_FOLD_LEN      0x0Fu
#define ENT_FOLD_TONED    0x10u
#define ENT_FOLD_VOWEL    0x20u
#define ENT_FOLD_MODIFIED 0x40u
extern const unsigned char ent_fold_code_utf8[128][4];
/* ASCII: 1 + vowel index of a, e, i, o, u, y (either case); 0 otherwise. */
extern const signed char ent_fold_ascii_vowel[128];

/*
 * The precomposed Vietnamese letter at p (n > 0 bytes available, p[0] >= 0x80): a vowel of
 * U+00C0..U+01BF or U+1EA0..U+1EFF, or đ/Đ/Ð/ð. Returns its length in bytes and sets *code;
 * returns 0 for any other character, well-formed or not. This is how the fast paths read
 * Vietnamese without decoding code points.
 */
static inline size_t ent_fold_viet_letter(const unsigned char *p, size_t n, unsigned *code)
{
    unsigned char b = p[0];
    if (b >= 0xC3 && b <= 0xC6) {
        if (n < 2 || (p[1] & 0xC0) != 0x80) {
            return 0;
        }
        *code = ent_fold_latin[(b - 0xC3u) * 64 + (p[1] & 0x3Fu)];
        return *code != 0 ? 2 : 0;
    }
    if (b == 0xE1 && n >= 3 && (p[1] == 0xBA || p[1] == 0xBB) && (p[2] & 0xC0) == 0x80) {
        unsigned at = (p[1] - 0xBAu) * 64 + (p[2] & 0x3Fu); /* from U+1E80 */
        *code = at >= 0x20 ? ent_fold_viet[at - 0x20] : 0;
        return *code != 0 ? 3 : 0;
    }
    return 0;
}

/* Where a syllable's tone goes (index into l), or -1 when it is no Vietnamese syllable. */
int ent_fold_tone_position(const struct ent_fold_letter *l, int n);
/* Applies a combining mark (U+0300..U+036F) to l[n - 1]; returns 0 if it is not ours. */
int ent_fold_apply_mark(struct ent_fold_letter *l, int n, uint32_t cp);

/* Longest syllable whose tone is moved; longer runs of letters are left as written. */
#define ENT_FOLD_SYLLABLE_MAX 12

/*
 * Moves the tone of the folded syllable out[start, end) to where ent_fold_tone_position() puts
 * it. The syllable holds only lowercase ASCII letters and what ent_fold_viet_letter() reads, at
 * most ENT_FOLD_SYLLABLE_MAX of them, at least two vowels and exactly one tone: the callers
 * check this while they write it, so that most syllables never come here. Returns the new end
 * (the bytes may change length).
 */
size_t ent_fold_fix_syllable(char *out, size_t start, size_t end);

/*
 * Whether the tone of a syllable that a fast path has just written already sits where
 * ent_fold_tone_position() puts it, from what the fast path noted while writing it (so that
 * most syllables need no second look): vowels has a bit per letter, the last letter in bit 0,
 * and a 1 above the first letter; n letters, 2 to ENT_FOLD_SYLLABLE_MAX, two of them vowels or
 * more; modified has bit i set when letter i (from the first) is ă â ê ô ơ ư; toned_at is the
 * letter with the tone (exactly one has one); first is the syllable's first byte. False when
 * ent_fold_fix_syllable() must look: the tone moves, or "qu"/"gi" may change the rule.
 */
static inline bool ent_fold_tone_settled(uint32_t vowels, unsigned n, uint32_t modified,
                                         unsigned toned_at, unsigned char first)
{
    uint32_t mask = vowels & ((1u << n) - 1u);
    unsigned high = 31u - (unsigned)__builtin_clz(mask);
    unsigned first_vowel = n - 1u - high;
    if (first_vowel == 1 && n > 2 && (first == 'q' || first == 'g')) {
        return false;
    }
    /* The run: the first vowel and the vowels right after it (as in the rule). */
    unsigned run = (unsigned)__builtin_clz(~(mask << (31u - high)));
    if (run > 3) {
        return true; /* no Vietnamese syllable: the rule leaves it */
    }
    unsigned last = first_vowel + run - 1u;
    uint32_t in_run = modified & (((1u << run) - 1u) << first_vowel);
    unsigned at;
    if (in_run != 0) {
        at = 31u - (unsigned)__builtin_clz(in_run);
    } else if (last + 1 < n) {
        at = last;
    } else {
        at = run == 3 ? first_vowel + 1 : first_vowel;
    }
    return at == toned_at;
}

/* The vowel code of a non-ASCII code point (see ent_fold_latin), 0 for none (and for đ). */
static inline unsigned ent_fold_vowel_code(uint32_t cp)
{
    if (cp >= 0xC0 && cp < 0x1C0) {
        unsigned code = ent_fold_latin[cp - 0xC0];
        return (code & 0x7F) == ENT_FOLD_D ? 0 : code;
    }
    if (cp >= 0x1EA0 && cp < 0x1F00) {
        return ent_fold_viet[cp - 0x1EA0];
    }
    return 0;
}

/* ---- Tokens (enrich_entities_tokens.c) ---- */

enum ent_token_flag {
    ENT_TOK_WORD = 1u << 0,       /* letters and/or digits */
    ENT_TOK_CAP = 1u << 1,        /* first letter uppercase */
    ENT_TOK_ALLCAPS = 1u << 2,    /* at least two letters, all uppercase */
    ENT_TOK_DIGIT = 1u << 3,      /* contains a digit */
    ENT_TOK_LETTERS = 1u << 4,    /* letters (and marks) only */
    ENT_TOK_NUMBER = 1u << 5,     /* digits only */
    ENT_TOK_SENT_START = 1u << 6, /* first word of a sentence, a line or the segment */
    ENT_TOK_COMMA = 1u << 8,
    ENT_TOK_OPEN_PAREN = 1u << 9,
    ENT_TOK_CLOSE_PAREN = 1u << 10,
    ENT_TOK_QUOTE_OPEN = 1u << 11,  /* “ « ‘ */
    ENT_TOK_QUOTE_CLOSE = 1u << 12, /* ” » ’ */
    ENT_TOK_QUOTE = 1u << 13,       /* " (opens or closes) */
    ENT_TOK_DASH = 1u << 14,        /* - – — */
    ENT_TOK_STOP = 1u << 15,        /* . ! ? … */
    ENT_TOK_COLON = 1u << 16,
    ENT_TOK_SEMI = 1u << 17,
    ENT_TOK_BREAK = 1u << 18, /* line break: no phrase crosses it */
    ENT_TOK_OTHER = 1u << 19, /* any other punctuation */
    ENT_TOK_SPACE_BEFORE = 1u << 20,
    /* Set by gz_annotate(): the token may start a rule in Vietnamese / English text (see
     * ENT_TRIGGER_ROLES); the scan looks at no other token. */
    ENT_TOK_RULE_VI = 1u << 21,
    ENT_TOK_RULE_EN = 1u << 22,
};

struct gz_entry;

/* Longest phrase of the gazetteer, in tokens. */
#define GZ_MAX_TOKENS 16

/* The phrases of the gazetteer that start at a token, shortest first; computed on first use,
 * since every rule asks about the same few tokens. n == GZ_CHAIN_UNKNOWN: too many to keep,
 * looked up each time. */
#define GZ_CHAIN_MAX     6
#define GZ_CHAIN_UNKNOWN 0xFF
struct gz_chain {
    uint8_t n;
    uint8_t len[GZ_CHAIN_MAX];
    const struct gz_entry *e[GZ_CHAIN_MAX];
};

/* The chains computed so far, in the order they were asked for: few tokens are, so they sit
 * together in a small array. Lookups add to it through a const struct ent_tokens, hence
 * reached through a pointer. */
struct gz_chains {
    struct gz_chain *v;
    size_t n, cap;
};

struct ent_token {
    uint32_t start, end;   /* byte offsets into the segment */
    uint32_t key, key_len; /* the fold key: offset into ent_tokens.keys, length */
    uint32_t flags;        /* ENT_TOK_* */
    uint32_t first_roles;  /* gz_annotate(): roles of the phrases starting with this token */
    uint32_t entry;        /* gz_annotate(): the one-token phrase (index + 1), or 0 */
    uint32_t chain;        /* the token's chain in ent_tokens.chains (index + 1), or 0 */
    /* gz_annotate(): the roles gz_longest() may still find here: first_roles until the chain is
     * known, then only those of the phrases in it (the rules ask about the same token for role
     * after role, and most of these questions are answered no without a call). */
    uint32_t phrase_roles;
    uint64_t hash; /* ent_hash_key() of the key */
};

/* Tokens of one segment. Buffers are reused across calls and grow geometrically. */
struct ent_tokens {
    struct ent_token *v;
    size_t n, cap;
    bool annotated;           /* gz_annotate() has filled entry and first_roles */
    struct gz_chains *chains; /* gz_longest(): chains asked for (allocated by gz_annotate()) */
    char *keys;
    size_t keys_len, keys_cap;
    size_t first_quote; /* index of the first token that opens a quotation, or n */
};

/*
 * The general word reader (enrich_entities_words.c): reads the word starting at s[i], whose
 * first character is a letter, digit or combining mark, and writes its fold key (what
 * enrich_fold() would write for the same bytes) to out, which has room for 4 bytes per input
 * byte. Returns the word's end; fills the key's length and the ENT_TOK_* flags. The tokenizer
 * reads the common words itself and calls this for the others.
 */
size_t ent_scan_word(const char *s, size_t len, size_t i, char *out, size_t *key_len,
                     uint32_t *flags);
/* The length of the English possessive "'s" (or "’s") at s[i] that ends a name, 0 when there
 * is none there; the tokenizer makes it one token of its own (ENT_TOK_OTHER). */
size_t ent_possessive_len(const char *s, size_t len, size_t i);

/* Makes room in t for the tokens of a segment of len bytes (ent_tokenize() does it too; a
 * caller with several segments sizes t once for the longest). Returns 0 or ENRICH_ERR_NOMEM. */
int ent_tokens_reserve(struct ent_tokens *t, size_t len);
/* Cuts s into tokens (replacing what t held). Returns 0 or ENRICH_ERR_NOMEM. */
int ent_tokenize(const char *s, size_t len, struct ent_tokens *t);
/* The same without the tokens' hashes, for a caller that computes them in a pass of its own
 * (gz_tokenize()); it leaves entry, chain and first_roles unset too (gz_annotate()'s, which
 * ent_tokenize() zeroes). */
int ent_tokenize_unhashed(const char *s, size_t len, struct ent_tokens *t);
void ent_tokens_free(struct ent_tokens *t);

static inline const char *ent_tok_key(const struct ent_tokens *t, size_t i)
{
    return t->keys + t->v[i].key;
}

/* The hash of a fold key: eight bytes at a time, then a final mix, since the tokenizer hashes
 * every word and the gazetteer's index and word filter take their bits from it. */
static inline uint64_t ent_hash_key(const char *key, size_t len)
{
    uint64_t h = (uint64_t)len * 0x9E3779B97F4A7C15ull;
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, key + i, 8);
        h = (h ^ w) * 0x9E3779B97F4A7C15ull;
        h ^= h >> 32;
    }
    uint64_t tail = 0;
    for (unsigned k = 0; i + k < len; k++) {
        tail |= (uint64_t)(unsigned char)key[i + k] << (8 * k);
    }
    h = (h ^ tail) * 0xBF58476D1CE4E5B9ull;
    h ^= h >> 31;
    h *= 0x94D049BB133111EBull;
    return h ^ (h >> 29);
}
/* Bytes readable past the end of every key that ent_keys_equal() reads: token keys
 * (ent_tokenize) and gazetteer keys are allocated with at least this much room after them. */
#define ENT_KEY_PAD 8

/* Whether the keys a and b agree on their first len bytes, compared eight bytes at a time;
 * both may be read up to ENT_KEY_PAD bytes past len (the bytes there do not count). */
static inline bool ent_keys_equal(const char *a, const char *b, size_t len)
{
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t x, y;
        memcpy(&x, a + i, 8);
        memcpy(&y, b + i, 8);
        if (x != y) {
            return false;
        }
    }
    if (i == len) {
        return true;
    }
    uint64_t x, y;
    memcpy(&x, a + i, 8);
    memcpy(&y, b + i, 8);
    uint64_t diff = x ^ y;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    diff = __builtin_bswap64(diff);
#endif
    return (diff & (~0ull >> (64 - 8 * (len - i)))) == 0;
}

/* ent_hash_key() of a key in ent_tokens.keys, whose last eight bytes are read in one load:
 * the bytes past the key are in the buffer (ENT_KEY_PAD at least) and masked away, so that a
 * key whose length is a multiple of eight has its ENT_KEY_PAD bytes read (and masked away
 * whole) rather than a branch taken for every token. *tail receives those last bytes as mixed
 * in, zero-padded: the whole key when it has eight bytes or fewer (the word table compares such
 * keys by that one number). */
static inline uint64_t ent_hash_in_keys_tail(const char *key, size_t len, uint64_t *tail_out)
{
    uint64_t h = (uint64_t)len * 0x9E3779B97F4A7C15ull;
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, key + i, 8);
        h = (h ^ w) * 0x9E3779B97F4A7C15ull;
        h ^= h >> 32;
    }
    /* The mask of the first k bytes of a word, k = len - i = 0..7, from a table: cheaper than
     * the shifts that compute it for every token. */
    static const uint64_t first_bytes[8] = {0,
                                            0xFFull,
                                            0xFFFFull,
                                            0xFFFFFFull,
                                            0xFFFFFFFFull,
                                            0xFFFFFFFFFFull,
                                            0xFFFFFFFFFFFFull,
                                            0xFFFFFFFFFFFFFFull};
    uint64_t tail;
    memcpy(&tail, key + i, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    tail = __builtin_bswap64(tail);
#endif
    tail &= first_bytes[len - i];
    *tail_out = tail;
    h = (h ^ tail) * 0xBF58476D1CE4E5B9ull;
    h ^= h >> 31;
    h *= 0x94D049BB133111EBull;
    return h ^ (h >> 29);
}

static inline uint64_t ent_hash_in_keys(const char *key, size_t len)
{
    uint64_t tail;
    return ent_hash_in_keys_tail(key, len, &tail);
}

/* The hash of a phrase: the first token's hash, then each next token mixed in. */
static inline uint64_t ent_hash_extend(uint64_t phrase, uint64_t token)
{
    return (phrase ^ (phrase >> 29)) * 0x9E3779B97F4A7C15ull + token;
}

/* ---- Gazetteer (enrich_gazetteer*.c) ---- */

enum ent_role {
    GZ_SURNAME = 1u << 0,
    GZ_HONORIFIC = 1u << 1,
    GZ_TITLE = 1u << 2,
    GZ_TITLE_PREFIX = 1u << 3,
    GZ_TITLE_SUFFIX = 1u << 4,
    GZ_NOT_PERSON = 1u << 5,
    GZ_ORG_ADMIN = 1u << 6, /* body of a level of government: level + place follow */
    GZ_ORG_HEAD = 1u << 7,  /* kind of organization: a name follows */
    GZ_ORG_FORM = 1u << 8,  /* legal form inside a company name */
    GZ_ORG = 1u << 9,       /* a fixed organization name */
    GZ_ACRONYM = 1u << 10,  /* an acronym with an expansion */
    GZ_LOCATION = 1u << 11,
    GZ_LOC_LEVEL = 1u << 12,
    GZ_LOC_PREP = 1u << 13,
    GZ_COUNTRY_CUE = 1u << 14,
    GZ_DOC_TYPE = 1u << 15,
    GZ_EVENT_QUOTED = 1u << 16,
    GZ_EVENT_NAMED = 1u << 17,
    GZ_NAME_WORD = 1u << 18,
    GZ_EN_PERSON_CUE = 1u << 19,
    GZ_EN_TITLE = 1u << 20,
    GZ_EN_ORG_WORD = 1u << 21,
    GZ_EN_CONNECTOR = 1u << 22,
    GZ_EN_LOC_SUFFIX = 1u << 23,
    GZ_OTHER_ACRONYM = 1u << 24, /* a known acronym that is not an entity (THPT, GDP) */
    GZ_EN_STOP = 1u << 25,       /* a capitalized sentence opener that starts no name ("The") */
    GZ_NAME_TAIL = 1u << 26,     /* a name word that may continue a name in lowercase */
    GZ_NAME_NOUN = 1u << 27,     /* a noun of a body's name: continues it in lowercase when
                                    more of the name follows ("Cảnh sát giao thông Công an") */
    GZ_ORG_OWNER = 1u << 28,     /* a kind of organization (with GZ_ORG_HEAD) that, after another
                                    body's name, is the body it belongs to ("Khoa Nhi Bệnh viện
                                    Nhi đồng") */
    GZ_LOC_FEATURE = 1u << 29,   /* a street, road, river...: its name follows ("sông Hậu") */
    GZ_EVENT_FIXED = 1u << 30,   /* an event's whole name; its year may follow ("ASEAN Cup") */
    GZ_EVENT_SESSION = 1u << 31, /* a numbered meeting of a body: number, body, term follow
                                    ("Hội nghị lần thứ 10 Ban Chấp hành Trung ương khóa XIII") */
};

enum ent_loc_kind {
    GZ_LOC_PROVINCE = 1,
    GZ_LOC_DISTRICT,
    GZ_LOC_REGION,
    GZ_LOC_COUNTRY,
    GZ_LOC_CITY, /* a foreign city (cities.tsv) */
};

enum ent_acronym_kind { GZ_ACR_ORG = 1, GZ_ACR_ADMIN, GZ_ACR_LOCATION };

/* Roles whose phrases are names: their capitalization as written is required in the text. */
#define GZ_NAME_ROLES                                                                              \
    (GZ_SURNAME | GZ_TITLE | GZ_ORG_ADMIN | GZ_ORG_HEAD | GZ_ORG | GZ_ACRONYM | GZ_LOCATION |      \
     GZ_DOC_TYPE | GZ_EVENT_NAMED | GZ_EN_PERSON_CUE | GZ_EN_TITLE | GZ_EN_ORG_WORD |              \
     GZ_OTHER_ACRONYM)

/* One phrase of the gazetteer. All strings are owned by the gazetteer. */
struct gz_entry {
    uint64_t hash;
    const char *key;      /* fold keys of the phrase's tokens, each followed by '\0' */
    uint32_t roles;       /* GZ_* */
    uint32_t first_roles; /* one-token phrases: roles of all phrases starting with it */
    uint16_t ntok;
    uint8_t is_prefix;     /* a longer phrase starts with this one */
    uint8_t loc_kind;      /* ent_loc_kind when GZ_LOCATION */
    uint8_t acr_kind;      /* ent_acronym_kind when GZ_ACRONYM */
    uint8_t needs_cue;     /* location counted only after a GZ_COUNTRY_CUE word */
    uint8_t doc_named;     /* document kind followed by a name ("Luật Đất đai"); 2: the name
                              may be absent ("Hiến pháp"). For a GZ_LOC_FEATURE: a road,
                              named by a number ("Quốc lộ 1A") */
    uint8_t english;       /* the phrase is an English form */
    uint32_t cap_name;     /* bit i: token i must be capitalized, for the GZ_NAME_ROLES */
    uint32_t cap_cue;      /* the same for the other roles */
    const char *name;      /* canonical Vietnamese name (location, organization, doc kind) */
    const char *name_en;   /* English name, or NULL */
    const char *expansion; /* acronym expansion, or NULL */
    const char *level;     /* level word: canonical form of a GZ_LOC_LEVEL ("thành phố" for
                              "TP"); kind of a GZ_LOCATION unit ("tỉnh", "quận") or NULL */
    const char *doc_codes; /* "QĐ|QD" for a document kind */
};

struct gz_chunk;

/* A slot of the lookup index: the phrase's full hash, so that a probe compares hashes without
 * touching the (larger) entries, and the entry's position + 1 (0: empty slot). */
struct gz_slot {
    uint64_t hash;
    uint32_t entry;
    uint32_t pad;
};

/* A slot of the word table: the high half of a one-token phrase's hash and the roles of all
 * phrases starting with it (0: empty slot; a word that starts no phrase with a role is left
 * out, since no lookup could want it), and the key itself when it has eight bytes or fewer, as
 * most words do: such a key is compared in the slot, and only a longer one is read from
 * word_keys. */
struct gz_word {
    /* The key of eight bytes or fewer as ent_hash_in_keys_tail() reads it (zero-padded), or 0
     * for a longer key: no key is empty nor holds a NUL, so a short key is never 0. */
    uint64_t head;
    uint32_t tag;
    uint32_t first_roles;
};

struct enrich_gazetteer {
    struct gz_entry *slots; /* while building: open addressing; key == NULL means empty */
    size_t mask;
    size_t count;
    /* Once built, the lookup structures are small enough to stay in cache: the entries in one
     * array, an index of (hash tag << 32 | entry + 1) per slot, and a bit filter of the
     * one-token phrases that turns most words of an article away with one memory read. */
    struct gz_entry *entries;
    struct gz_slot *index;
    size_t index_mask;
    uint64_t filter[1024];
    /* The same for the phrases of two tokens or more (and their prefixes), by other bits of the
     * hash (GZ_PHRASE_BIT): most lookups of a longer phrase miss, and are turned away here. */
    uint64_t phrase_filter[1024];
    /* The one-token phrases again, for gz_annotate(): slots; per slot the entry index and where
     * its key is in word_keys (a length byte, then the key, side by side with the others;
     * ENT_KEY_PAD bytes of padding at the end). */
    struct gz_word *words;
    uint32_t *word_entry;
    uint32_t *word_key;
    size_t words_mask;
    char *word_keys;
    char *text;              /* the data files' text, split in place; entries point into it */
    struct gz_chunk *chunks; /* fold keys of the phrases */
    const struct gz_entry *doc_by_code[64]; /* document kinds by code letters ("NĐ") */
    const char *doc_codes[64];
    size_t doc_code_count;
};

/* The bit of enrich_gazetteer.phrase_filter for a phrase's hash: bits 40..55. */
#define GZ_PHRASE_WORD(h) (((h) >> 46) & 1023u)
#define GZ_PHRASE_BIT(h)  (1ull << (((h) >> 40) & 63u))

/* ent_tokenize() and gz_annotate() in one: the tokens are hashed and looked up in the same
 * pass. Returns 0 or ENRICH_ERR_NOMEM. */
int gz_tokenize(const struct enrich_gazetteer *g, const char *s, size_t len, struct ent_tokens *t);

/* Whether e is the phrase of tokens [i, i + ntok) of t. */
bool gz_entry_matches(const struct gz_entry *e, const struct ent_tokens *t, size_t i, size_t ntok);

/* Roles of a lowercase word that can start a rule; any other lowercase word starts none, which
 * is what makes the scan fast: most words of an article are such. A place may start with one
 * ("miền Trung", "đồng bằng sông Cửu Long"); its capitals are checked when it is looked up. */
#define ENT_TRIGGER_ROLES                                                                          \
    (GZ_DOC_TYPE | GZ_EVENT_QUOTED | GZ_HONORIFIC | GZ_TITLE_PREFIX | GZ_TITLE | GZ_LOC_LEVEL |    \
     GZ_LOC_PREP | GZ_NOT_PERSON | GZ_ORG_HEAD | GZ_ORG_ADMIN | GZ_LOC_FEATURE | GZ_LOCATION |     \
     GZ_EVENT_FIXED | GZ_EVENT_SESSION)
/* Roles of a capitalized word that can start a Vietnamese rule. */
#define ENT_VI_RULE_ROLES                                                                          \
    (ENT_TRIGGER_ROLES | GZ_EVENT_NAMED | GZ_ORG | GZ_ACRONYM | GZ_LOCATION | GZ_SURNAME)

/* Looks every token of t up once, so that gz_longest() rejects most tokens with one bit test:
 * no phrase starting with the token has any of the roles a rule asks for; and marks the tokens
 * that may start a rule (ENT_TOK_RULE_VI, ENT_TOK_RULE_EN). Returns 0 or ENRICH_ERR_NOMEM. */
int gz_annotate(const struct enrich_gazetteer *g, struct ent_tokens *t);

/* The entry for tokens [i, i + ntok) of t, or NULL. */
const struct gz_entry *gz_lookup(const struct enrich_gazetteer *g, const struct ent_tokens *t,
                                 size_t i, size_t ntok);

/* The longest phrase starting at token i with any of roles whose capitalization the text
 * satisfies (unless any_case); *len receives its token count. Never crosses a line break. */
const struct gz_entry *gz_longest_phrase(const struct enrich_gazetteer *g,
                                         const struct ent_tokens *t, size_t i, uint32_t roles,
                                         bool any_case, size_t *len);
/* The rules ask this of most tokens they look at, and most tokens start no phrase with the
 * roles asked for: that answer is given here, without a call. */
static inline const struct gz_entry *gz_longest(const struct enrich_gazetteer *g,
                                                const struct ent_tokens *t, size_t i,
                                                uint32_t roles, bool any_case, size_t *len)
{
    if (i >= t->n || (t->annotated && !(t->v[i].phrase_roles & roles))) {
        return NULL;
    }
    return gz_longest_phrase(g, t, i, roles, any_case, len);
}

/* The document kind whose code letters are code[0..len) ("NĐ", "QĐ"), or NULL. */
const struct gz_entry *gz_doc_by_code(const struct enrich_gazetteer *g, const char *code,
                                      size_t len);

/* ---- The extractor's working state (enrich_entities*.c) ---- */

enum ent_type { ENT_PERSON = 0, ENT_ORGANIZATION, ENT_LOCATION, ENT_DOCUMENT, ENT_EVENT };

enum ent_mention_flag {
    ENT_M_SHORT = 1u << 0,      /* a person named by the given name only ("ông Hiểu") */
    ENT_M_PARTIAL = 1u << 1,    /* a body without its place ("Thành ủy", "HĐND thành phố") */
    ENT_M_QUOTE = 1u << 2,      /* a quoted span; counts only if an event of that name exists */
    ENT_M_CAPS_TITLE = 1u << 3, /* a person read only from capitals in a Title Case headline */
    ENT_M_CAPS_CUED = 1u << 4,  /* a person after a cue in a Title Case headline */
};

/* One mention. Strings are borrowed from the gazetteer or the context's arena. */
struct ent_mention {
    uint8_t type; /* ent_type */
    uint8_t seg;  /* enrich_segment_kind */
    uint8_t flags;
    uint32_t start, end; /* bytes into the segment */
    const char *norm;    /* normalized name, NUL-terminated */
    const char *key;     /* its fold key when known before merging (ent_keys_from_tokens) */
    const char *expansion;
    const char *head;                  /* PARTIAL: fold key of the body's kind ("thành ủy") */
    const char *level;                 /* PARTIAL: canonical level word, or NULL */
    const char *owner_head;            /* the kind of the body it belongs to ("tỉnh ủy" in
                                          "Ban Tuyên giáo Tỉnh ủy"), fold key, or NULL */
    uint32_t title_first, title_count; /* into ent_ctx.titles */
};

/* A person's title as written: a span of a segment. */
struct ent_span {
    uint8_t seg;
    uint32_t start, end;
};

/* An acronym defined in the text: "Ngân hàng Nhà nước Việt Nam (NHNN)". */
struct ent_alias {
    const char *key; /* fold key of the acronym */
    const char *norm;
    uint8_t type;
};

struct ent_arena_chunk;

struct ent_ctx {
    const struct enrich_gazetteer *g;
    bool english;
    uint8_t seg;
    const char *s; /* the segment's text */
    size_t len;
    struct ent_tokens t;
    struct ent_mention *m;
    size_t n, cap;
    struct ent_span *titles;
    size_t n_titles, cap_titles;
    struct ent_alias aliases[32];
    size_t n_aliases;
    struct ent_arena_chunk *arena;
    int err; /* first error; rules stop adding once set */
    /* Titles being read after a person's name ("Ông A, Chủ tịch UBND huyện Trần Đề, ..."): no
     * name of theirs follows them, so a name inside is the body's or the place's. */
    bool apposition;
};

/* Token predicates the name readers share; an index past the last token is none of them. */

/* A capitalized, letters-only word that can be part of a person's or a place's name. */
static inline bool ent_is_name_syllable(const struct ent_ctx *c, size_t i)
{
    uint32_t f = i < c->t.n ? c->t.v[i].flags : 0;
    return (f & ENT_TOK_CAP) && (f & ENT_TOK_LETTERS) && !(f & ENT_TOK_ALLCAPS);
}

/* A word of letters that does not open with a capital. */
static inline bool ent_is_lower_word(const struct ent_ctx *c, size_t i)
{
    uint32_t f = i < c->t.n ? c->t.v[i].flags : 0;
    return (f & ENT_TOK_LETTERS) && !(f & ENT_TOK_CAP);
}

/* A word that opens with a capital. */
static inline bool ent_is_cap_word(const struct ent_ctx *c, size_t i)
{
    return i < c->t.n && (c->t.v[i].flags & ENT_TOK_CAP) && (c->t.v[i].flags & ENT_TOK_WORD);
}

/* Context helpers (enrich_entities.c). */
/* len bytes from the context's arena (freed with the context), or NULL with c->err set. */
char *ent_alloc(struct ent_ctx *c, size_t len);
const char *ent_strndup(struct ent_ctx *c, const char *s, size_t len);
const char *ent_fold_dup(struct ent_ctx *c, const char *s, size_t len);
/* The text of tokens [i, j) as normalized text (Ð fixed, spaces as written). */
const char *ent_span_text(struct ent_ctx *c, size_t i, size_t j);
/* Appends a mention of tokens [i, j); returns its index or -1 on error. */
long ent_add(struct ent_ctx *c, enum ent_type type, size_t i, size_t j, const char *norm,
             const char *expansion, unsigned flags);
int ent_add_title(struct ent_ctx *c, size_t i, size_t j);
/* s with its first letter in capitals (a name whose head was written in lowercase: "khoa" in
 * "Trưởng khoa Nhi"), in the arena; s itself when there is nothing to change. */
const char *ent_capitalize(struct ent_ctx *c, const char *s);
/* Builds "a b c" from up to three parts (NULL parts skipped) in the arena. */
const char *ent_join(struct ent_ctx *c, const char *a, const char *b, const char *d);
bool ent_has_role(const struct ent_ctx *c, size_t i, uint32_t roles, size_t *len);
/* Whether token i's fold key is key. Inline, and by the first byte first, since the rules ask
 * this of many tokens, mostly of words that are not key; a token's key ends with its NUL and
 * holds no other (no word holds a NUL; key is a word, never empty). */
static inline bool ent_is_word(const struct ent_ctx *c, size_t i, const char *key)
{
    if (i >= c->t.n) {
        return false;
    }
    const char *k = ent_tok_key(&c->t, i);
    return k[0] == key[0] && strcmp(k, key) == 0;
}
/* Whether a phrase with one of roles ends right before token i (looks two tokens back). */
bool ent_preceded_by(const struct ent_ctx *c, size_t i, uint32_t roles);

/* Rules. Each looks at token i of the current segment and returns how many tokens it used,
 * 0 when it does not apply. They add mentions through ent_add(). */
size_t ent_rule_document(struct ent_ctx *c, size_t i);
/* Gives a document named by a plain number ("Nghị định 88") the full number the article also
 * writes for it ("Nghị định 88/2024/NĐ-CP"); run once all segments are read. */
void ent_link_document_numbers(struct ent_ctx *c);
size_t ent_rule_event(struct ent_ctx *c, size_t i);
size_t ent_rule_person(struct ent_ctx *c, size_t i);
size_t ent_rule_person_bare(struct ent_ctx *c, size_t i);
size_t ent_rule_person_aged(struct ent_ctx *c, size_t i);
size_t ent_rule_not_person(struct ent_ctx *c, size_t i);
size_t ent_rule_organization(struct ent_ctx *c, size_t i);
size_t ent_rule_location(struct ent_ctx *c, size_t i);
size_t ent_rule_feature(struct ent_ctx *c, size_t i);
/* The feature named at i ("vịnh Hạ Long", "Quốc lộ 1A") without adding it: its tokens (0 if
 * none); *cue its kind, *name_len the tokens of its name (enrich_entities_features.c). */
size_t ent_feature_at(const struct ent_ctx *c, size_t i, const struct gz_entry **cue,
                      size_t *name_len);
/* Whether the cue word at i ends another word with the word before it: "yêu cầu", "nhu cầu",
 * "toàn cầu", "con đường", "miền núi", "đồng hồ" (enrich_entities_features.c). */
bool ent_cue_ends_word(const struct ent_ctx *c, size_t i);
size_t ent_rule_alias(struct ent_ctx *c, size_t i);
/* Whether the token at k is an English weekday or month name ("Monday", "Dec"); "May" is left
 * out, being a verb and a name too. */
bool ent_en_date_word(const struct ent_ctx *c, size_t k);
size_t ent_rule_english(struct ent_ctx *c, size_t i);
void ent_rule_quotes(struct ent_ctx *c);

/* Words that end a name: they start something else. */
#define ENT_NAME_BLOCKERS (GZ_TITLE | GZ_ORG_ADMIN | GZ_DOC_TYPE | GZ_HONORIFIC | GZ_EVENT_NAMED)
/* Roles that start another rule: a capitalized word with one of them does not continue a name
 * through a lowercase gap. */
#define ENT_RULE_ROLES                                                                             \
    (ENT_NAME_BLOCKERS | GZ_ORG_HEAD | GZ_ORG | GZ_LOC_LEVEL | GZ_LOC_PREP | GZ_EVENT_QUOTED |     \
     GZ_NOT_PERSON)

/* Organizations (enrich_entities_orgs.c), names (enrich_entities_names.c) and places
 * (enrich_entities_places.c) as parts of other rules. */
struct ent_org {
    size_t end;   /* token after the organization */
    long mention; /* index of its mention, -1 if none */
};
/* Parses an organization at token i; in_title: it follows a title, so a person's name may
 * follow it. Returns false if there is none. */
bool ent_parse_org(struct ent_ctx *c, size_t i, bool in_title, bool any_case, struct ent_org *out);

/* The place written after a body that the gazetteer names without one ("Trung tâm Kiểm soát
 * bệnh tật (CDC) Khánh Hòa"): joins it to the mention idx's name; extend: whether the mention's
 * span grows over it. Returns the token after what it used (j when nothing). */
size_t ent_attach_place(struct ent_ctx *c, long idx, size_t j, bool in_title, bool extend);
/* Parses a place at i (after a level word when level != NULL). Adds its mention when known
 * or named; *norm receives the place's normalized name. Returns tokens used. */
size_t ent_parse_place(struct ent_ctx *c, size_t i, const struct gz_entry *level, bool in_title,
                       const char **norm, const struct gz_entry **known);
/* "Phó Bí thư Tỉnh ủy, Chủ tịch HĐND tỉnh Sóc Trăng", "Đảng ủy, UBND xã Tân Phú": the place
 * named by the last of the bodies that the mentions [from, c->n) list is also that of the
 * bodies before it written without one, at the same level ("Tỉnh ủy Sóc Trăng"). A body with a
 * place is followed by the mention of its place (enrich_entities_orgs.c). */
void ent_share_place(struct ent_ctx *c, size_t from);
/* "(NHNN)" at token j defines an acronym for the name just read; returns tokens used. */
size_t ent_define_alias(struct ent_ctx *c, size_t j, enum ent_type type, const char *norm,
                        long mention);
/* Name words after a head ("Y tế", "Giáo dục và Đào tạo"); returns the end token. */
/* A word of a name's vocabulary written in lowercase at k ("kiểm soát" of "Trung tâm Kiểm soát
 * bệnh tật"): its token count, or 0. */
size_t ent_lower_name_word(const struct ent_ctx *c, size_t k);
size_t ent_name_words(struct ent_ctx *c, size_t i, bool in_title);
/* Whether the one-word country at k is a syllable of a longer name ("huyện Mỹ Tú", "Bệnh
 * viện Việt Đức") rather than the country (enrich_entities_names.c). */
bool ent_country_in_name(const struct ent_ctx *c, size_t k);
/* Whether the capitalized syllable at k and the lowercase ones after it make a word of a
 * body's name ("Pháp chế") (enrich_entities_names.c). */
bool ent_completed_word(const struct ent_ctx *c, size_t k);
/* Whether tokens [i, ...) start a person's full name (surname + 1..3 capitalized words);
 * returns its token count or 0. */
size_t ent_full_name_at(const struct ent_ctx *c, size_t i);

/* enrich_fold() of the text of tokens [i, j) of the current segment (j > i), made from their
 * keys; in the context's arena, NULL with c->err set (enrich_entities_keys.c). */
const char *ent_span_key(struct ent_ctx *c, size_t i, size_t j);
/* Sets the fold key of the mentions [from, c->n) of the current segment whose name is their
 * text as written, from the segment's tokens (enrich_entities_keys.c). */
void ent_keys_from_tokens(struct ent_ctx *c, size_t from);

/* Links the short names of people among the mentions of c to full names, by changing their
 * fold keys in key (one per mention, NULL for a mention dropped; the new keys are borrowed from
 * the others): see enrich_entities_short.c. Returns 0 or ENRICH_ERR_NOMEM. */
int ent_link_short_names(const struct ent_ctx *c, const char **key);

/* Drops the quoted spans among the mentions of c that name no event found, or that another
 * mention holds already, by setting their keys in key to NULL: see enrich_entities_quoted.c.
 * Returns 0 or ENRICH_ERR_NOMEM. */
int ent_drop_quotes(const struct ent_ctx *c, const char **key);

/* Merging mentions into entities and writing the JSON (enrich_entities_merge.c). */
int ent_merge_write(struct ent_ctx *c, const struct enrich_doc *doc, json_t *entities);

/* Embedded data files (generated by gazetteer.cmake). */
struct gz_file {
    const char *name;
    const unsigned char *data;
    size_t len;
};
extern const struct gz_file enrich_gazetteer_files[];
extern const size_t enrich_gazetteer_file_count;

#endif
