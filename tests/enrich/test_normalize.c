/* enrich_normalize: every mapping with its counter, table-driven; then properties over
 * generated input (well-formed output, idempotence). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <utf8proc.h>

#include "enrich_internal.h"
#include "enrich_utf8.h"

struct norm_case {
    const char *name;
    const char *in;
    size_t in_len; /* 0: strlen(in) */
    unsigned flags;
    const char *out;
    enum enrich_norm_kind kind; /* the counter this case is about */
    long count;
};

#define K(k) ENRICH_NORM_##k

/* A paragraph longer than any hard-wrapped line. */
#define LONG                                                                                                                    \
    "Thành ủy Cần Thơ tổ chức hội nghị tổng kết 10 năm thực hiện Quyết định 290-QĐ/TW của Bộ " \
    "Chính trị về công tác dân vận."

static const struct norm_case cases[] = {
    {"d with stroke, capital", "Ðảng", 0, 0, "Đảng", K(D_WITH_STROKE), 1},
    {"d with stroke, small", "ðồng chí", 0, 0, "đồng chí", K(D_WITH_STROKE), 1},
    {"d with stroke in an acronym", "290-QÐ/TW", 0, 0, "290-QĐ/TW", K(D_WITH_STROKE), 1},
    {"d with stroke after a space", "chủ trương của Ðảng", 0, 0, "chủ trương của Đảng",
     K(D_WITH_STROKE), 1},
    {"eth inside an Icelandic name stays", "Guðni Jóhannesson", 0, 0, "Guðni Jóhannesson",
     K(D_WITH_STROKE), 0},
    {"decomposed Vietnamese composes", "Vie\xcc\x82\xcc\xa3t Nam", 0, 0, "Việt Nam", K(NFC), 2},
    {"decomposed tone on a precomposed vowel", "Hi\xc3\xaa\xcc\x89u", 0, 0, "Hiểu", K(NFC), 1},
    {"singleton decomposition (Angstrom sign)", "1 \xe2\x84\xab", 0, 0, "1 \xc3\x85", K(NFC), 1},
    {"composed text is untouched", "Thành ủy Cần Thơ", 0, 0, "Thành ủy Cần Thơ", K(NFC), 0},
    {"mark freed by a removed zero-width space composes", "Vie\xe2\x80\x8b\xcc\x82t", 0, 0, "Viêt",
     K(NFC), 1},
    {"no-break space", "9.720\xc2\xa0người", 0, 0, "9.720 người", K(NBSP), 1},
    {"no-break space inside a run of spaces", "a \xc2\xa0 b", 0, 0, "a b", K(NBSP), 1},
    {"narrow no-break and ideographic spaces",
     "a\xe2\x80\xaf"
     "b\xe3\x80\x80"
     "c",
     0, 0, "a b c", K(NBSP), 2},
    {"em space and thin space",
     "a\xe2\x80\x83"
     "b\xe2\x80\x89"
     "c",
     0, 0, "a b c", K(NBSP), 2},
    {"line separator breaks the line",
     "a\xe2\x80\xa8"
     "B",
     0, 0, "a\nB", K(NBSP), 1},
    {"zero-width space", "Hà\xe2\x80\x8bNội", 0, 0, "HàNội", K(ZERO_WIDTH), 1},
    {"byte order mark", "\xef\xbb\xbfTin", 0, 0, "Tin", K(ZERO_WIDTH), 1},
    {"soft hyphen",
     "xin\xc2\xad"
     "chào",
     0, 0, "xinchào", K(ZERO_WIDTH), 1},
    {"bidi embedding and pop", "\xe2\x80\xaax\xe2\x80\xac", 0, 0, "x", K(ZERO_WIDTH), 2},
    {"zero-width joiner and word joiner",
     "a\xe2\x80\x8d"
     "b\xe2\x81\xa0"
     "c",
     0, 0, "abc", K(ZERO_WIDTH), 2},
    {"C0 control",
     "a\x01"
     "b\x1f"
     "c",
     0, 0, "abc", K(CONTROL), 2},
    {"DEL",
     "a\x7f"
     "b",
     0, 0, "ab", K(CONTROL), 1},
    {"C1 control that Windows-1252 leaves undefined",
     "a\xc2\x81"
     "b\xc2\x9d",
     0, 0, "ab", K(CONTROL), 2},
    {"C1 quotes are Windows-1252 text read as Latin-1",
     "\xc2\x93"
     "Chào\xc2\x94 \xc2\x96 \xc2\x80",
     0, 0,
     "\xe2\x80\x9c"
     "Chào\xe2\x80\x9d \xe2\x80\x93 \xe2\x82\xac",
     K(CONTROL), 4},
    {"Windows-1252 quote bytes in UTF-8 text",
     "\x93"
     "Chào\x94"
     " bạn",
     0, 0,
     "\xe2\x80\x9c"
     "Chào\xe2\x80\x9d bạn",
     K(INVALID_UTF8), 2},
    {"NUL inside the given length", "a\0b", 3, 0, "ab", K(CONTROL), 1},
    {"U+0085 is the Windows-1252 ellipsis, not a line break", "a\xc2\x85", 0, 0, "a\xe2\x80\xa6",
     K(CONTROL), 1},
    {"CRLF", "Dòng một.\r\nDòng hai.", 0, 0, "Dòng một.\nDòng hai.", K(WHITESPACE), 1},
    {"lone CR", "Một.\rHai.", 0, 0, "Một.\nHai.", K(WHITESPACE), 1},
    {"run of spaces", "a   b", 0, 0, "a b", K(WHITESPACE), 2},
    {"tab", "a\tb", 0, 0, "a b", K(WHITESPACE), 1},
    {"lines trimmed", "  a  \n  B  ", 0, 0, "a\nB", K(WHITESPACE), 8},
    {"blank lines dropped", "Một.\n\n\n\nHai.", 0, 0, "Một.\nHai.", K(WHITESPACE), 3},
    {"leading and trailing whitespace", "\n\n  Tin  \n\n", 0, 0, "Tin", K(WHITESPACE), 8},
    {"form feed breaks the line", "Một.\fHai.", 0, 0, "Một.\nHai.", K(WHITESPACE), 1},
    /* Paragraphs separated by blank lines, some longer than a wrapped line (LONG): a break is
     * joined only in the middle of a sentence. */
    {"soft wrap mid-sentence joins", "Hội nghị diễn ra\ntại Cần Thơ.\n\n" LONG, 0, 0,
     "Hội nghị diễn ra tại Cần Thơ.\n" LONG, K(LINE_WRAP), 1},
    {"soft wrap after a comma joins", "Sáng nay,\nđoàn công tác đến.\n\n" LONG, 0, 0,
     "Sáng nay, đoàn công tác đến.\n" LONG, K(LINE_WRAP), 1},
    {"a capital after the break is a new paragraph", "Hạn chế tình trạng\nNgày 15-7\n\n" LONG, 0, 0,
     "Hạn chế tình trạng\nNgày 15-7\n" LONG, K(LINE_WRAP), 0},
    {"a sentence end is a paragraph end", "Kết thúc.\ntiếp theo\n\n" LONG, 0, 0,
     "Kết thúc.\ntiếp theo\n" LONG, K(LINE_WRAP), 0},
    {"a colon announces a list", "gồm:\nmột là\n\n" LONG, 0, 0, "gồm:\nmột là\n" LONG, K(LINE_WRAP),
     0},
    /* Every line short, blank lines between blocks: the sender wrapped the text. */
    {"wrapped text joins before capitals too",
     "Sáng 25/11, UBND tỉnh khai mạc Festival\nHoa Đà Lạt lần thứ X.\nLễ hội kéo dài.\n\nHai.", 0,
     0, "Sáng 25/11, UBND tỉnh khai mạc Festival Hoa Đà Lạt lần thứ X. Lễ hội kéo dài.\nHai.",
     K(LINE_WRAP), 2},
    {"wrapped text keeps list items", "Gồm các nội dung\n- một\n- hai\n\nHết.", 0, 0,
     "Gồm các nội dung\n- một\n- hai\nHết.", K(LINE_WRAP), 0},
    {"wrapped text keeps a break after a colon", "Danh sách:\nHà Nội, Huế\n\nHết.", 0, 0,
     "Danh sách:\nHà Nội, Huế\nHết.", K(LINE_WRAP), 0},
    /* A press release or letter: the dateline alone above the title stays a line of its own,
     * while the wraps further on still join. */
    {"wrapped text keeps a dateline above the title",
     "Hà Nội, ngày 6/11/2023\nSở Y tế khuyến cáo phòng bệnh\n\nTrong tuần qua, thành phố ghi nhận\n"
     "hơn 500 ca.",
     0, 0,
     "Hà Nội, ngày 6/11/2023\nSở Y tế khuyến cáo phòng bệnh\nTrong tuần qua, thành phố ghi nhận "
     "hơn 500 ca.",
     K(LINE_WRAP), 1},
    {"wrapped text keeps a spelled-out dateline",
     "TP. Hồ Chí Minh, ngày 06 tháng 11 năm 2023\nThông báo tuyển sinh\n\nHết hạn\nngày 30/11.", 0,
     0, "TP. Hồ Chí Minh, ngày 06 tháng 11 năm 2023\nThông báo tuyển sinh\nHết hạn ngày 30/11.",
     K(LINE_WRAP), 1},
    {"a first line that is no dateline still joins", "Hà Nội, Huế và Đà Nẵng\nđón khách.\n\nHết.",
     0, 0, "Hà Nội, Huế và Đà Nẵng đón khách.\nHết.", K(LINE_WRAP), 1},
    /* No blank line anywhere: every line is a paragraph. */
    {"without blank lines every line is a paragraph", "Hội nghị diễn ra\ntại Cần Thơ.", 0, 0,
     "Hội nghị diễn ra\ntại Cần Thơ.", K(LINE_WRAP), 0},
    {"a blank line is never joined", "trời\n\nđẹp", 0, 0, "trời\nđẹp", K(LINE_WRAP), 0},
    {"one line mode", "Tin, ảnh:\nTHANH THY", 0, ENRICH_NORMALIZE_ONE_LINE, "Tin, ảnh: THANH THY",
     K(WHITESPACE), 1},
    {"invalid byte",
     "a\xff"
     "b",
     0, 0,
     "a\xef\xbf\xbd"
     "b",
     K(INVALID_UTF8), 1},
    {"truncated sequence at the end", "a\xe1\xba", 0, 0, "a\xef\xbf\xbd", K(INVALID_UTF8), 1},
    {"overlong slash", "\xc0\xaf", 0, 0, "\xef\xbf\xbd\xef\xbf\xbd", K(INVALID_UTF8), 2},
    {"surrogate", "\xed\xa0\x80", 0, 0, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd", K(INVALID_UTF8), 3},
    {"above U+10FFFF", "\xf4\x90\x80\x80", 0, 0, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd",
     K(INVALID_UTF8), 4},
    {"UTF-8 read as Windows-1252 is repaired",
     "Th\xc3\xa1\xc2\xbb\xc2\xa7 t\xc3\x86\xc2\xb0\xc3\xa1\xc2\xbb\xe2\x80\xbang "
     "\xc3\xa2\xe2\x82\xac\xc5\x93"
     "Ch\xc3\x83\xc2\xadnh\xc3\xa2\xe2\x82\xac\xc2\x9d \xc3\xa2\xe2\x82\xac\xe2\x80\x9c "
     "caf\xc3\x83\xc2\xa9",
     0, 0,
     "Th\xe1\xbb\xa7 t\xc6\xb0\xe1\xbb\x9bng \xe2\x80\x9c"
     "Ch\xc3\xadnh\xe2\x80\x9d \xe2\x80\x93 caf\xc3\xa9",
     K(WHITESPACE), 0},
    {"mojibake of mojibake takes two rounds",
     "H\xc3\x83\xc2\xa1\xc3\x82\xc2\xbb\xc3\xa2\xe2\x80\x9e\xc2\xa2i "
     "ngh\xc3\x83\xc2\xa1\xc3\x82\xc2\xbb\xc3\xa2\xe2\x82\xac\xc2\xb9",
     0, 0, "H\xe1\xbb\x99i ngh\xe1\xbb\x8b", K(WHITESPACE), 0},
    {"Western text with accents stays",
     "Caf\xc3\xa9 \xe2\x80\x9c"
     "au lait\xe2\x80\x9d \xe2\x80\x93 na\xc3\xafve",
     0, 0,
     "Caf\xc3\xa9 \xe2\x80\x9c"
     "au lait\xe2\x80\x9d \xe2\x80\x93 na\xc3\xafve",
     K(WHITESPACE), 0},
    {"Vietnamese with Latin-1 letters stays",
     "Th\xc3\xa0nh ph\xe1\xbb\x91 C\xe1\xba\xa7n Th\xc6\xa1 \xc3\x83\xc2\xa9", 0, 0,
     "Th\xc3\xa0nh ph\xe1\xbb\x91 C\xe1\xba\xa7n Th\xc6\xa1 \xc3\x83\xc2\xa9", K(WHITESPACE), 0},
    {"emoji and CJK stay", "Chúc mừng 🎉 中国", 0, 0, "Chúc mừng 🎉 中国", K(NFC), 0},
    {"only whitespace", " \t\n\xc2\xa0 ", 0, 0, "", K(NBSP), 1},
    {"empty", "", 0, 0, "", K(WHITESPACE), 0},
};

static void test_cases(void **state)
{
    (void)state;
    int failures = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const struct norm_case *c = &cases[i];
        struct enrich_buf out = {0};
        struct enrich_norm_counts counts = {{0}};
        size_t len = c->in_len ? c->in_len : strlen(c->in);
        assert_int_equal(enrich_normalize(c->in, len, c->flags, &out, &counts), 0);
        const char *got = out.data ? out.data : "";
        if (strcmp(got, c->out) != 0 || counts.n[c->kind] != c->count) {
            printf("case \"%s\": got \"%s\" (%s=%ld), want \"%s\" (%ld)\n", c->name, got,
                   enrich_norm_kind_name(c->kind), counts.n[c->kind], c->out, c->count);
            failures++;
        }
        enrich_buf_free(&out);
    }
    assert_int_equal(failures, 0);
}

static void test_kind_names(void **state)
{
    (void)state;
    static const char *const names[] = {"nfc",     "d_with_stroke", "nbsp",      "zero_width",
                                        "control", "whitespace",    "line_wrap", "invalid_utf8"};
    for (int k = 0; k < ENRICH_NORM_KIND_COUNT; k++) {
        assert_string_equal(enrich_norm_kind_name((enum enrich_norm_kind)k), names[k]);
    }
}

/* Appends to an existing buffer: the output lands after what was there. */
static void test_appends(void **state)
{
    (void)state;
    struct enrich_buf out = {0};
    struct enrich_norm_counts counts = {{0}};
    assert_int_equal(enrich_buf_append(&out, "x:", 2), 0);
    assert_int_equal(enrich_normalize("Vie\xcc\x82\xcc\xa3t", 8, 0, &out, &counts), 0);
    assert_string_equal(out.data, "x:Việt");
    assert_int_equal(counts.n[ENRICH_NORM_NFC], 2);
    enrich_buf_free(&out);
}

static uint32_t next_random(uint32_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 17;
    *s ^= *s << 5;
    return *s;
}

/* Pieces the generator strings together: the characters normalization cares about. */
static const char *const pieces[] = {"a",
                                     "B",
                                     " ",
                                     "  ",
                                     "\n",
                                     "\n\n",
                                     "\r\n",
                                     "\t",
                                     "\xc2\xa0",
                                     "\xe2\x80\x8b",
                                     "\xef\xbb\xbf",
                                     "\xcc\x81",
                                     "\xcc\xa3",
                                     "e",
                                     "\xc3\x90",
                                     "\xc3\xb0",
                                     "\xe1\xbb\x87",
                                     "\x01",
                                     "\xc2\x85",
                                     "\xff",
                                     "\xe1",
                                     "\xf0\x9f",
                                     ".",
                                     ",",
                                     "\xe2\x80\xa8",
                                     "\xe2\x84\xab",
                                     "\xe1\x84\x80",
                                     "\xe1\x85\xa1",
                                     "\xc3\xa9",
                                     "\x7f",
                                     "\xed\xa0\x80",
                                     "Đ"};

static void check_clean(const char *s, size_t n)
{
    assert_true(enrich_utf8_valid(s, n));
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        assert_true(c >= 0x20 || c == '\n');
        assert_true(c != 0x7f);
    }
    if (n > 0) {
        assert_true(s[0] != ' ' && s[0] != '\n');
        assert_true(s[n - 1] != ' ' && s[n - 1] != '\n');
    }
    assert_null(memmem(s, n, "  ", 2));
    assert_null(memmem(s, n, "\n\n", 2));
    assert_null(memmem(s, n, " \n", 2));
    assert_null(memmem(s, n, "\n ", 2));
}

static void test_properties(void **state)
{
    (void)state;
    uint32_t seed = 0x9e3779b9u;
    char in[512];
    for (int round = 0; round < 20000; round++) {
        size_t len = 0;
        int parts = (int)(next_random(&seed) % 40);
        for (int p = 0; p < parts; p++) {
            const char *piece = pieces[next_random(&seed) % (sizeof pieces / sizeof pieces[0])];
            size_t pl = strlen(piece);
            if (len + pl >= sizeof in) {
                break;
            }
            memcpy(in + len, piece, pl);
            len += pl;
        }
        struct enrich_buf once = {0}, twice = {0};
        struct enrich_norm_counts counts = {{0}};
        assert_int_equal(enrich_normalize(in, len, 0, &once, &counts), 0);
        const char *s = once.data ? once.data : "";
        check_clean(s, once.len);
        assert_int_equal(enrich_normalize(s, once.len, 0, &twice, &counts), 0);
        assert_int_equal(twice.len, once.len);
        assert_memory_equal(twice.data ? twice.data : "", s, once.len);
        enrich_buf_free(&once);
        enrich_buf_free(&twice);
    }
}

/* Runs of letters that are copied as they are (ASCII, "á" "ơ" of two bytes, "ạ" "Ở" of three),
 * mixed with spaces, tabs, "Ð" after a lowercase letter (kept: an eth), letters that take the
 * slow path ("«", "ử" of U+1EED is plain but "ǘ" U+01D8 is too) and an invalid byte. Pieces
 * are placed at every offset against the 16-byte blocks the copy reads at a time; the expected
 * text is built by the rule: whitespace runs become one space and are trimmed at the ends,
 * 0xFF becomes U+FFFD. Every text holds "ạ", which Windows-1252 cannot print, so that no
 * mojibake repair applies. */
static void test_plain_runs(void **state)
{
    (void)state;
    static const char *const letters[] = {"a",
                                          "Z",
                                          "7",
                                          ",",
                                          "\xc3\xa1",
                                          "\xc6\xa1",
                                          "\xe1\xba\xa1",
                                          "\xe1\xbb\x9e",
                                          "\xc2\xab",
                                          "\xe1\xbb\xad",
                                          "\xc7\x98",
                                          "\xcb\x86"};
    uint32_t seed = 0x51ed270bu;
    char in[400], want[800];
    for (int round = 0; round < 20000; round++) {
        size_t len = 0, wl = 0;
        bool pending_space = false;
        int parts = (int)(next_random(&seed) % 120);
        memcpy(in, "\xe1\xba\xa1", 3);
        memcpy(want, "\xe1\xba\xa1", 3);
        len = wl = 3;
        for (int k = 0; k < parts && len + 8 < sizeof in; k++) {
            uint32_t r = next_random(&seed) % 20;
            if (r < 4) {
                in[len++] = r == 0 ? '\t' : ' ';
                pending_space = true;
                continue;
            }
            const char *piece;
            const char *out;
            if (r == 4) {
                piece = "\xff";
                out = "\xef\xbf\xbd";
            } else if (r == 5) {
                piece = "b\xc3\x90"; /* after a lowercase letter: stays Ð */
                out = piece;
            } else {
                piece = letters[r % (sizeof letters / sizeof letters[0])];
                out = piece;
            }
            if (pending_space) {
                want[wl++] = ' ';
                pending_space = false;
            }
            memcpy(in + len, piece, strlen(piece));
            len += strlen(piece);
            memcpy(want + wl, out, strlen(out));
            wl += strlen(out);
        }
        struct enrich_buf got = {0};
        struct enrich_norm_counts counts = {{0}};
        assert_int_equal(enrich_normalize(in, len, 0, &got, &counts), 0);
        assert_int_equal(got.len, wl);
        assert_memory_equal(got.data, want, wl);
        enrich_buf_free(&got);
    }
}

/* NFC of text with decomposed letters ("e" + U+0302 + U+0301 for "ế") among precomposed ones,
 * ASCII and single spaces: the result is utf8proc's NFC of the whole text. Pieces land at every
 * offset against the 16-byte blocks in which the search for code points that composition may
 * change reads, so that a mark found in a block, across two blocks and in the tail is composed
 * as when the search reads a byte at a time. Every text holds "ạ" (no mojibake repair). */
static void test_compose_matches_utf8proc(void **state)
{
    (void)state;
    static const char *const pieces_nfc[] = {"a",
                                             "Vi",
                                             "nh",
                                             " ",
                                             "\xe1\xba\xa1",
                                             "\xc3\xa1",
                                             "\xc6\xa1",
                                             "a\xcc\x81",
                                             "e\xcc\x82\xcc\x81",
                                             "o\xcc\x9b\xcc\x80",
                                             "U\xcc\x9b\xcc\xa3",
                                             "\xe1\xbb\x8d\xcc\x82",
                                             "y\xcc\x83"};
    uint32_t seed = 0x2545f491u;
    char in[400];
    for (int round = 0; round < 20000; round++) {
        size_t len = 3;
        memcpy(in, "\xe1\xba\xa1", 3);
        int parts = (int)(next_random(&seed) % 100);
        for (int k = 0; k < parts && len + 8 < sizeof in; k++) {
            const char *piece =
                pieces_nfc[next_random(&seed) % (sizeof pieces_nfc / sizeof pieces_nfc[0])];
            if (piece[0] == ' ' && in[len - 1] == ' ') {
                continue; /* single spaces: whitespace is NFC's alone */
            }
            memcpy(in + len, piece, strlen(piece));
            len += strlen(piece);
        }
        if (in[len - 1] == ' ') {
            len--;
        }
        in[len] = '\0';
        utf8proc_uint8_t *want = utf8proc_NFC((const utf8proc_uint8_t *)in);
        assert_non_null(want);
        struct enrich_buf got = {0};
        struct enrich_norm_counts counts = {{0}};
        assert_int_equal(enrich_normalize(in, len, 0, &got, &counts), 0);
        assert_int_equal(got.len, strlen((const char *)want));
        assert_memory_equal(got.data, want, got.len);
        free(want);
        enrich_buf_free(&got);
    }
}

/* Code points of s (UTF-8, n bytes). */
static size_t count_cps(const char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        k += ((unsigned char)s[i] & 0xC0) != 0x80;
    }
    return k;
}

static size_t put_cp(uint32_t cp, char *out)
{
    return (size_t)utf8proc_encode_char((utf8proc_int32_t)cp, (utf8proc_uint8_t *)out);
}

/* One letter and marks after "ạ ": the text and the count of NFC changes are what utf8proc
 * makes of it (the count as compose_word() counts: the code points merged, or one for a word
 * that changed without merging). */
static void check_letter_marks(uint32_t letter, const uint32_t *marks, size_t n)
{
    char in[64];
    size_t len = 0;
    memcpy(in, "\xe1\xba\xa1 ", 4);
    len = 4;
    size_t word = len;
    len += put_cp(letter, in + len);
    for (size_t k = 0; k < n; k++) {
        len += put_cp(marks[k], in + len);
    }
    in[len++] = 'x';
    in[len] = '\0';
    utf8proc_uint8_t *want = utf8proc_NFC((const utf8proc_uint8_t *)in);
    assert_non_null(want);
    size_t want_len = strlen((const char *)want);
    long want_count = 0;
    if (want_len != len || memcmp(want, in, len) != 0) {
        size_t before = count_cps(in + word, len - word),
               after = count_cps((const char *)want + word, want_len - word);
        want_count = before > after ? (long)(before - after) : 1;
    }
    struct enrich_buf got = {0};
    struct enrich_norm_counts counts = {{0}};
    assert_int_equal(enrich_normalize(in, len, 0, &got, &counts), 0);
    if (got.len != want_len || memcmp(got.data, want, want_len) != 0 ||
        counts.n[ENRICH_NORM_NFC] != want_count) {
        fail_msg("U+%04X with %zu marks (U+%04X...): NFC differs from utf8proc's", letter, n,
                 n > 0 ? marks[0] : 0);
    }
    free(want);
    enrich_buf_free(&got);
}

/* The table of compositions (compose_pairs() in enrich_normalize.c) against utf8proc: every
 * letter it covers (ASCII letters and digits, U+00C0..U+024F but Ð and ð, which normalization
 * turns into Đ and đ first, and U+1EA0..U+1EFF) with each of its marks, each ordered pair of
 * them, and triples, and marks it does not cover among them. */
static void test_compose_table_matches_utf8proc(void **state)
{
    (void)state;
    static const uint32_t marks[] = {0x300, 0x301, 0x303, 0x309, 0x323,
                                     0x302, 0x306, 0x31B, 0x308, 0x30C};
    const size_t nm = sizeof marks / sizeof marks[0];
    uint32_t seed = 0x7f4a7c15u;
    for (uint32_t letter = '0'; letter < 0x1F00; letter++) {
        bool ascii =
            (letter >= '0' && letter <= '9') || ((letter | 0x20) >= 'a' && (letter | 0x20) <= 'z');
        bool latin = letter >= 0xC0 && letter < 0x250 && letter != 0xD0 && letter != 0xF0;
        if (!ascii && !latin && !(letter >= 0x1EA0 && letter < 0x1F00)) {
            continue;
        }
        for (size_t a = 0; a < nm; a++) {
            check_letter_marks(letter, &marks[a], 1);
            for (size_t b = 0; b < nm; b++) {
                uint32_t two[2] = {marks[a], marks[b]};
                check_letter_marks(letter, two, 2);
            }
            uint32_t three[3] = {marks[a], marks[next_random(&seed) % nm],
                                 marks[next_random(&seed) % nm]};
            check_letter_marks(letter, three, 3);
        }
    }
}

/* C1 controls read as Windows-1252 grow the text (two bytes become three). The input is sized
 * so that the output buffer, first reserved for the input's length (32768 bytes), is too small
 * once 3,000 of them precede a long ASCII run: without a new reservation the copy of the run
 * would overrun it (ASan reports it). */
static void test_cp1252_growth(void **state)
{
    (void)state;
    struct enrich_buf in = {0}, out = {0};
    for (int i = 0; i < 3000; i++) {
        assert_int_equal(enrich_buf_append(&in, "\xc2\x93", 2), 0);
    }
    for (int i = 0; i < 26758; i++) {
        assert_int_equal(enrich_buf_putc(&in, (char)('a' + i % 26)), 0);
    }
    assert_int_equal(enrich_buf_append(&in, "\x94", 1), 0);
    struct enrich_norm_counts counts = {{0}};
    assert_int_equal(enrich_normalize(in.data, in.len, 0, &out, &counts), 0);
    assert_int_equal(out.len, 3000 * 3 + 26758 + 3);
    assert_int_equal(counts.n[ENRICH_NORM_CONTROL], 3000);
    assert_int_equal(counts.n[ENRICH_NORM_INVALID_UTF8], 1);
    assert_memory_equal(out.data + out.len - 3, "\xe2\x80\x9d", 3);
    enrich_buf_free(&in);
    enrich_buf_free(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cases),
        cmocka_unit_test(test_kind_names),
        cmocka_unit_test(test_appends),
        cmocka_unit_test(test_properties),
        cmocka_unit_test(test_cp1252_growth),
        cmocka_unit_test(test_plain_runs),
        cmocka_unit_test(test_compose_matches_utf8proc),
        cmocka_unit_test(test_compose_table_matches_utf8proc),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
