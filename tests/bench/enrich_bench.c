/*
 * enrich_bench: enrichment throughput on one core.
 *
 * Generates articles from templates (random people, places, organizations, documents, dates and
 * figures in Vietnamese news style, with the header, byline, caption and boilerplate lines feeds
 * send; some as HTML, some decomposed, some with Ð/ð and no-break spaces), or reads real article
 * files from a folder, then runs enrich_article() over all of them on the calling thread and
 * prints MB/s of article bytes and articles/s, measured in the thread's CPU time so that a busy
 * machine does not skew the figure (wall time is printed beside it). The generator is seeded, so
 * runs are comparable.
 *
 * Two generator densities:
 *   dense (default): every sentence states a fact (names, dates, figures): about 10 entities,
 *     5 dates and 6 figures per KB, several times what real articles hold. It stresses the
 *     extractors and the record.
 *   real: the same fact sentences mixed with sentences that hold none (the commentary, quotes
 *     and context that make up most of a real article). The share of fact sentences,
 *     REAL_FACT_PERCENT, was set from measurement, not from speed: it makes the generated spans
 *     per KB (entities + dates + figures) match those of the one real article we hold,
 *     ../shared/fixtures/000_f4fd15bba88c9e78.txt, measured with --corpus: 7.2 spans/KB (4.5
 *     entities, 2.3 dates, 0.4 figures); 40% gives 7.3 (3.7, 1.6, 2.0). Our own articles in
 *     tests/enrich/articles (15.4 spans/KB) were written to exercise the extractors, so they
 *     were not used. Each run prints the density it got.
 *
 * Usage: enrich_bench [--mb N] [--rounds N] [--seed N] [--density dense|real] [--corpus DIR]
 *                     [--dump FILE] [--stages] [--serialize enrich|jansson]
 *   (defaults: 12 MB, 3 rounds, seed 1, dense).
 *   --corpus DIR reads every *.txt (text/plain) and *.html (text/html) file of DIR, in name
 *     order, and repeats the list until --mb is reached (--mb 0: each file once).
 *   --dump FILE writes every record of the first round as one compact JSON line (keys in the
 *     record's order, reals with 17 digits), to check that a change keeps the output identical.
 *   --stages also times the core's stages alone (normalization, HTML, structure, language) to
 *     tell them from the extractors.
 *   --serialize also turns each record into the text ingestd publishes (compact, reals with 15
 *     digits) inside the timed work, the whole cost per article of the service: with
 *     enrich_json_dumps() (enrich) or jansson's json_dumps() (jansson), which write the same
 *     bytes.
 *
 * The CPU-time figure still moves with what else the machine runs (a busy sibling core shares
 * caches and, on SMT machines, the core itself). For comparing two builds on a shared machine,
 * count instructions instead, which do not depend on load:
 *   valgrind --tool=callgrind --toggle-collect=enrich_article --callgrind-out-file=cg.out \
 *       build/bin/enrich_bench --density real --mb 1 --rounds 1
 *   callgrind_annotate cg.out | grep 'PROGRAM TOTALS'   (divide by the printed bytes)
 * Instructions are not time (branchy code costs more than its count), so confirm a change with
 * CPU time too, alternating the two builds over several runs.
 */
#include <dirent.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "alloc.h"
#include "enrich.h"
#include "enrich_internal.h"

/* ---- a deterministic generator ---- */

static uint64_t rng_state;

static uint32_t rnd(uint32_t n)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state % n);
}

#define PICK(a) (a[rnd(sizeof a / sizeof a[0])])

struct buf {
    char *data;
    size_t len, cap;
};

static void put(struct buf *b, const char *s)
{
    size_t n = strlen(s);
    if (b->len + n + 1 > b->cap) {
        b->cap = (b->len + n + 1) * 2;
        b->data = realloc(b->data, b->cap);
        if (b->data == NULL) {
            abort();
        }
    }
    memcpy(b->data + b->len, s, n + 1);
    b->len += n;
}

static void putf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void putf(struct buf *b, const char *fmt, ...)
{
    char tmp[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    put(b, tmp);
}

static const char *const surnames[] = {"Nguyễn", "Trần", "Lê",   "Phạm",   "Hoàng", "Huỳnh", "Phan",
                                       "Vũ",     "Võ",   "Đặng", "Bùi",    "Đỗ",    "Hồ",    "Ngô",
                                       "Dương",  "Lý",   "Đinh", "Trương", "Lâm",   "Mai"};
static const char *const middles[] = {"Văn",  "Thị",  "Hữu",  "Đức", "Minh", "Thanh", "Quốc",
                                      "Hồng", "Ngọc", "Xuân", "Thu", "Kim",  "Công",  "Đình"};
static const char *const givens[] = {"Hiểu", "Hùng", "Lan",  "Tuấn", "Dũng", "Hà",    "Phương",
                                     "Thảo", "Long", "Khoa", "Tâm",  "Bình", "Nam",   "Trang",
                                     "Sơn",  "Vinh", "Hạnh", "Thủy", "Quân", "Nghĩa", "Yến"};
static const char *const provinces[] = {"Cần Thơ",    "Hà Nội",   "Đà Nẵng",    "Nghệ An",
                                        "Cà Mau",     "An Giang", "Quảng Ninh", "Thừa Thiên Huế",
                                        "Hải Phòng",  "Lâm Đồng", "Thanh Hóa",  "Kiên Giang",
                                        "Bình Dương", "Đắk Lắk",  "Quảng Bình", "Lào Cai",
                                        "Sóc Trăng",  "Bến Tre",  "Gia Lai",    "Hà Tĩnh"};
static const char *const depts[] = {"Y tế",
                                    "Giáo dục và Đào tạo",
                                    "Tài chính",
                                    "Công Thương",
                                    "Nông nghiệp và Phát triển nông thôn",
                                    "Du lịch",
                                    "Kế hoạch và Đầu tư",
                                    "Giao thông vận tải",
                                    "Xây dựng"};
static const char *const positions[] = {"Chủ tịch UBND tỉnh", "Phó Chủ tịch UBND tỉnh",
                                        "Bí thư Tỉnh ủy",     "Phó Bí thư Thường trực Tỉnh ủy",
                                        "Chủ tịch HĐND tỉnh", "Trưởng Ban Dân vận Tỉnh ủy"};
static const char *const tags[] = {"CT", "TTXVN", "HNM", "VOV", "CTO", "SGGP", "ĐNO", "BDO"};
static const char *const units[] = {"tấn", "ha", "người", "hộ", "dự án", "lượt khách", "con"};
static const char *const verbs[] = {"tổ chức hội nghị tổng kết", "triển khai kế hoạch",
                                    "kiểm tra tiến độ",          "phát động phong trào thi đua",
                                    "khánh thành công trình",    "ký kết hợp tác về"};
static const char *const topics[] = {
    "công tác dân vận",    "chuyển đổi số",      "xây dựng nông thôn mới", "phòng, chống thiên tai",
    "cải cách hành chính", "phát triển du lịch", "bảo vệ môi trường"};
static const char *const romans[] = {"I", "II", "III", "IV"};
static const char *const campaigns[] = {
    "Dân vận khéo", "Toàn dân đoàn kết xây dựng đời sống văn hóa",
    "Người Việt Nam ưu tiên dùng hàng Việt Nam", "Cả nước chung tay vì người nghèo"};

static void person(char *out, size_t cap)
{
    snprintf(out, cap, "%s %s %s", PICK(surnames), PICK(middles), PICK(givens));
}

static void vn_number(char *out, size_t cap, unsigned v)
{
    /* 1234567 -> "1.234.567" */
    char digits[16];
    int n = snprintf(digits, sizeof digits, "%u", v);
    size_t o = 0;
    for (int i = 0; i < n && o + 2 < cap; i++) {
        if (i > 0 && (n - i) % 3 == 0) {
            out[o++] = '.';
        }
        out[o++] = digits[i];
    }
    out[o] = '\0';
}

static void sentence(struct buf *b, int year)
{
    char p[96], num[32];
    const char *prov = PICK(provinces);
    switch (rnd(10)) {
    case 0:
        person(p, sizeof p);
        putf(b,
             "Phát biểu tại hội nghị, đồng chí %s, %s %s, đề nghị các cấp, các ngành tiếp tục "
             "thực hiện hiệu quả %s. ",
             p, PICK(positions), prov, PICK(topics));
        break;
    case 1:
        vn_number(num, sizeof num, 100 + rnd(900000));
        putf(b,
             "Theo Sở %s tỉnh %s, %d tháng đầu năm %d, toàn tỉnh có %s %s, tăng %u,%u%% so với "
             "cùng kỳ. ",
             PICK(depts), prov, 3 + (int)rnd(9), year, num, PICK(units), rnd(30), rnd(10));
        break;
    case 2:
        putf(b, "Ngày %u-%u-%d, UBND tỉnh %s %s %s. ", 1 + rnd(28), 1 + rnd(12), year, prov,
             PICK(verbs), PICK(topics));
        break;
    case 3:
        vn_number(num, sizeof num, 1 + rnd(20000));
        putf(b, "Tổng vốn đầu tư của dự án khoảng %s tỷ đồng, dự kiến hoàn thành trong quý %s/%d. ",
             num, PICK(romans), year + 1);
        break;
    case 4:
        putf(b,
             "Các địa phương triển khai Quyết định %u/QĐ-UBND và Nghị quyết %u-NQ/TW của Bộ "
             "Chính trị về %s. ",
             100 + rnd(3000), 1 + rnd(60), PICK(topics));
        break;
    case 5:
        person(p, sizeof p);
        putf(b,
             "Ông %s, Giám đốc Sở %s, cho biết từ ngày %u/%u đến ngày %u/%u/%d, ngành đã hỗ trợ "
             "hơn %u,%u triệu đồng cho các hộ khó khăn. ",
             p, PICK(depts), 1 + rnd(14), 1 + rnd(11), 15 + rnd(13), 1 + rnd(11), year,
             1 + rnd(900), rnd(10));
        break;
    case 6:
        putf(b,
             "Qua %u năm thực hiện phong trào thi đua “%s”, tỉnh %s đã xây dựng được %u điển "
             "hình tiên tiến. ",
             2 + rnd(15), PICK(campaigns), prov, 10 + rnd(5000));
        break;
    case 7:
        putf(b,
             "Tỷ lệ hộ nghèo của %s giảm còn %u,%u%%, thu nhập bình quân đạt %u triệu "
             "đồng/người/năm. ",
             prov, rnd(9), rnd(10), 40 + rnd(80));
        break;
    case 8:
        putf(b,
             "Sáng nay, MTTQVN và HĐND tỉnh %s phối hợp tổ chức tiếp xúc cử tri trước kỳ họp "
             "thứ %u. ",
             prov, 2 + rnd(15));
        break;
    default:
        putf(b,
             "Tăng trưởng kinh tế (GRDP) năm %d ước đạt %u,%u%%, thu ngân sách đạt %u.%03u tỷ "
             "đồng. ",
             year - 1, 5 + rnd(5), rnd(100), 1 + rnd(30), rnd(1000));
        break;
    }
}

/* Sentences that state no fact: no name, place, document, date or figure. Real articles are
 * mostly made of these (what was said, why it matters, what comes next); the "real" density
 * mixes them with the fact sentences above. Built from parts so that they vary. */
static const char *const filler_openings[] = {"Theo đánh giá chung,",
                                              "Bên cạnh đó,",
                                              "Tuy nhiên,",
                                              "Nhìn chung,",
                                              "Trong thời gian tới,",
                                              "Đáng chú ý,",
                                              "Thực tế cho thấy,",
                                              "Cũng theo báo cáo,",
                                              "Mặt khác,",
                                              "Qua đó,"};
static const char *const filler_subjects[] = {"các cấp, các ngành",     "nhiều địa phương",
                                              "đội ngũ cán bộ cơ sở",   "người dân trong vùng",
                                              "các doanh nghiệp",       "lực lượng chức năng",
                                              "chính quyền địa phương", "các cơ quan chuyên môn",
                                              "nhiều hộ gia đình",      "các đơn vị trực thuộc"};
static const char *const filler_verbs[] = {
    "đã chủ động phối hợp để tháo gỡ khó khăn, vướng mắc trong",
    "tiếp tục quan tâm, tạo điều kiện thuận lợi cho",
    "còn lúng túng, chưa thật sự quyết liệt trong",
    "cần nâng cao hơn nữa tinh thần trách nhiệm đối với",
    "đã có nhiều cách làm sáng tạo, phù hợp với thực tiễn trong",
    "bày tỏ sự đồng tình, ủng hộ đối với",
    "phải thường xuyên kiểm tra, đôn đốc việc thực hiện",
    "đã góp phần quan trọng vào kết quả chung của"};
static const char *const filler_objects[] = {
    "công tác tuyên truyền, vận động nhân dân", "việc chăm lo đời sống vật chất và tinh thần",
    "quá trình sản xuất, kinh doanh",           "các chương trình an sinh xã hội",
    "việc giải quyết thủ tục hành chính",       "công tác bảo đảm trật tự, an toàn giao thông",
    "việc bảo vệ rừng và nguồn nước",           "hoạt động khuyến nông, khuyến công"};
static const char *const filler_closings[] = {
    "",
    ", góp phần nâng cao chất lượng cuộc sống của người dân",
    ", nhất là ở vùng sâu, vùng xa",
    ", tạo sự đồng thuận cao trong xã hội",
    ", bảo đảm đúng quy định và hiệu quả",
    ", từng bước đáp ứng yêu cầu đặt ra"};

static void filler(struct buf *b)
{
    putf(b, "%s %s %s %s%s. ", PICK(filler_openings), PICK(filler_subjects), PICK(filler_verbs),
         PICK(filler_objects), PICK(filler_closings));
}

/* Percent of sentences that are fact sentences at the "real" density: the share that gives the
 * real seed article's 7.2 spans per KB (see the header comment). Re-measure it, do not tune it,
 * when more real articles are at hand. */
#define REAL_FACT_PERCENT 40

static bool realistic;

static void any_sentence(struct buf *b, int year)
{
    if (realistic && rnd(100) >= REAL_FACT_PERCENT) {
        filler(b);
    } else {
        sentence(b, year);
    }
}

/* One article in one of the shapes feeds send. */
static void article(struct buf *b, bool *html)
{
    int year = 2018 + (int)rnd(7);
    char p[96];
    *html = rnd(10) == 0;
    bool header = rnd(3) != 0;
    if (*html) {
        put(b, "<html><head><title>Báo</title><script>var a=1;</script></head><body><article>");
    }
    const char *open = *html ? "<p>" : "", *close = *html ? "</p>\n" : "\n\n";
    if (header) {
        putf(b, "%s%02u/%02u/%d - %02u:%02u%s", open, 1 + rnd(28), 1 + rnd(12), year, rnd(24),
             rnd(60), close);
        if (rnd(2)) {
            person(p, sizeof p);
            putf(b, "%sĐồng chí %s, %s %s:%s", open, p, PICK(positions), PICK(provinces), close);
        }
        putf(b, "%s%s: Đẩy mạnh %s trong giai đoạn mới%s", open, PICK(provinces), PICK(topics),
             close);
    }
    int paragraphs = 4 + (int)rnd(8);
    for (int i = 0; i < paragraphs; i++) {
        put(b, open);
        if (i == 0 && header) {
            putf(b, "(%s) - ", PICK(tags));
        }
        int sentences = 2 + (int)rnd(5);
        for (int s = 0; s < sentences; s++) {
            any_sentence(b, year);
        }
        put(b, close);
        if (rnd(8) == 0) {
            person(p, sizeof p);
            putf(b, "%sQuang cảnh hội nghị. Ảnh: %s%s", open, p, close);
        }
    }
    person(p, sizeof p);
    switch (rnd(4)) {
    case 0:
        putf(b, "%sTin, ảnh: %s%s", open, p, close);
        break;
    case 1:
        putf(b, "%sTheo TTXVN%s", open, close);
        break;
    default:
        putf(b, "%s%s%s", open, p, close); /* a name line, mixed case: stays in the text */
        break;
    }
    if (rnd(2)) {
        putf(b, "%sChia sẻ bài viết%s", open, close);
    }
    if (*html) {
        put(b, "<div class=\"share\">Chia sẻ</div></article></body></html>");
    }
}

/* Some feeds send Ð/ð for Đ/đ and no-break spaces; a few send decomposed text. */
static void dirty(struct buf *b)
{
    struct buf out = {0};
    for (size_t i = 0; i < b->len; i++) {
        unsigned char c = (unsigned char)b->data[i];
        if (c == 0xC4 && i + 1 < b->len &&
            ((unsigned char)b->data[i + 1] == 0x90 || (unsigned char)b->data[i + 1] == 0x91)) {
            put(&out, (unsigned char)b->data[i + 1] == 0x90 ? "\xC3\x90" : "\xC3\xB0");
            i++;
        } else if (c == ' ' && rnd(40) == 0) {
            put(&out, "\xC2\xA0");
        } else if (c == 0xE1 && i + 2 < b->len && (unsigned char)b->data[i + 1] == 0xBB &&
                   (unsigned char)b->data[i + 2] == 0x87) {
            put(&out, "e\xCC\x82\xCC\xA3"); /* ệ decomposed */
            i += 2;
        } else {
            char one[2] = {(char)c, 0};
            put(&out, one);
        }
    }
    free(b->data);
    *b = out;
}

struct item {
    char *body;
    size_t len;
    bool html;
};

/* CPU time of this thread: the throughput of one core even when the machine is shared. */
static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double wall(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Times the core's stages alone, each over the input it gets in the pipeline. */
static void time_stages(const struct item *items, size_t count)
{
    double t_norm = 0, t_html = 0, t_struct = 0, t_lang = 0;
    size_t b_norm = 0, b_html = 0, b_struct = 0;
    for (size_t i = 0; i < count; i++) {
        const char *body = items[i].body;
        size_t len = items[i].len;
        struct enrich_html_text h;
        memset(&h, 0, sizeof h);
        if (items[i].html) {
            double t0 = now();
            if (enrich_html_to_text(body, len, &h) != 0) {
                abort();
            }
            t_html += now() - t0;
            b_html += len;
            body = h.text.data ? h.text.data : "";
            len = h.text.len;
        }
        struct enrich_buf text = {0};
        struct enrich_norm_counts counts = {{0}};
        double t0 = now();
        if (enrich_normalize(body, len, 0, &text, &counts) != 0) {
            abort();
        }
        double t1 = now();
        enum enrich_lang lang = enrich_lang_detect(text.data, text.len);
        double t2 = now();
        struct enrich_structure_hints hints = {.lang = lang};
        struct enrich_structure st;
        if (enrich_structure_split(text.data, text.len, &hints, &st) != 0) {
            abort();
        }
        double t3 = now();
        t_norm += t1 - t0;
        t_lang += t2 - t1;
        t_struct += t3 - t2;
        b_norm += len;
        b_struct += text.len;
        enrich_structure_free(&st);
        enrich_buf_free(&text);
        enrich_html_text_free(&h);
    }
    printf("stage normalize: %.1f MB/s\n", (double)b_norm / 1048576.0 / t_norm);
    printf("stage html (html articles only): %.1f MB/s\n", (double)b_html / 1048576.0 / t_html);
    printf("stage language: %.1f MB/s\n", (double)b_struct / 1048576.0 / t_lang);
    printf("stage structure: %.1f MB/s\n", (double)b_struct / 1048576.0 / t_struct);
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t l = strlen(s), n = strlen(suffix);
    return l >= n && strcmp(s + l - n, suffix) == 0;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

struct items {
    struct item *v;
    size_t count, cap, total;
};

static void add_item(struct items *it, char *body, size_t len, bool html)
{
    if (it->count == it->cap) {
        it->cap = it->cap ? it->cap * 2 : 1024;
        it->v = realloc(it->v, it->cap * sizeof *it->v);
        if (it->v == NULL) {
            abort();
        }
    }
    it->v[it->count++] = (struct item){body, len, html};
    it->total += len;
}

/* Reads the *.txt and *.html files of dir, in name order, repeated until target bytes (once
 * when target is 0). Returns the number of distinct files read, or -1. */
static int load_corpus(const char *dir, size_t target, struct items *it)
{
    DIR *d = opendir(dir);
    if (d == NULL) {
        fprintf(stderr, "cannot open %s\n", dir);
        return -1;
    }
    char **names = NULL;
    size_t n = 0;
    struct dirent *ent;
    while ((ent = readdir(d)) != NULL) {
        if (!ends_with(ent->d_name, ".txt") && !ends_with(ent->d_name, ".html")) {
            continue;
        }
        names = realloc(names, (n + 1) * sizeof *names);
        if (names == NULL || (names[n] = strdup(ent->d_name)) == NULL) {
            abort();
        }
        n++;
    }
    closedir(d);
    if (n == 0) {
        fprintf(stderr, "no *.txt or *.html files in %s\n", dir);
        free(names);
        return -1;
    }
    qsort(names, n, sizeof *names, by_name);
    struct item *files = calloc(n, sizeof *files);
    for (size_t i = 0; i < n; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        FILE *f = fopen(path, "rb");
        struct buf b = {0};
        char chunk[65536];
        size_t got;
        while (f != NULL && (got = fread(chunk, 1, sizeof chunk - 1, f)) > 0) {
            chunk[got] = '\0';
            put(&b, chunk); /* bodies hold no NUL (validation rejects it before enrichment) */
        }
        if (f == NULL) {
            fprintf(stderr, "cannot read %s\n", path);
            return -1;
        }
        fclose(f);
        files[i] = (struct item){b.data ? b.data : strdup(""), b.len, ends_with(names[i], ".html")};
        free(names[i]);
    }
    free(names);
    do {
        for (size_t i = 0; i < n && (target == 0 || it->total < target); i++) {
            char *copy = malloc(files[i].len + 1);
            if (copy == NULL) {
                abort();
            }
            memcpy(copy, files[i].body, files[i].len + 1);
            add_item(it, copy, files[i].len, files[i].html);
        }
    } while (target != 0 && it->total < target);
    for (size_t i = 0; i < n; i++) {
        free(files[i].body);
    }
    free(files);
    return (int)n;
}

static void generate(size_t target, struct items *it)
{
    while (it->total < target) {
        struct buf b = {0};
        bool html;
        article(&b, &html);
        if (rnd(5) == 0) {
            dirty(&b);
        }
        add_item(it, b.data, b.len, html);
    }
}

static int usage(const char *prog)
{
    fprintf(stderr,
            "usage: %s [--mb N] [--rounds N] [--seed N] [--density dense|real] [--corpus DIR]\n"
            "          [--dump FILE] [--stages]\n"
            "          [--serialize enrich|jansson]\n",
            prog);
    return 2;
}

/* The processor's model as /proc/cpuinfo names it, so that a figure is never quoted without
 * its machine; "an unknown CPU" where there is no such file. */
static const char *cpu_name(char *buf, size_t size)
{
    snprintf(buf, size, "an unknown CPU");
    FILE *f = fopen("/proc/cpuinfo", "r");
    if (f == NULL) {
        return buf;
    }
    /* Virtual machines often name only the brand ("AMD EPYC"): family and model tell the
     * generation. */
    char line[256], name[96] = "", family[16] = "", model[16] = "";
    while (fgets(line, sizeof(line), f) != NULL && (!name[0] || !family[0] || !model[0])) {
        const char *colon = strchr(line, ':');
        if (colon == NULL) {
            continue;
        }
        const char *v = colon + 1 + strspn(colon + 1, " \t");
        int n = (int)strcspn(v, "\n");
        if (strncmp(line, "model name", 10) == 0) {
            snprintf(name, sizeof(name), "%.*s", n, v);
        } else if (strncmp(line, "cpu family", 10) == 0) {
            snprintf(family, sizeof(family), "%.*s", n, v);
        } else if (strncmp(line, "model\t", 6) == 0 || strncmp(line, "model ", 6) == 0) {
            snprintf(model, sizeof(model), "%.*s", n, v);
        }
    }
    fclose(f);
    if (name[0]) {
        snprintf(buf, size, "%s (family %s, model %s)", name, family[0] ? family : "?",
                 model[0] ? model : "?");
    }
    return buf;
}

int main(int argc, char **argv)
{
    double mb = 12;
    int rounds = 3;
    uint64_t seed = 1;
    bool stages = false;
    const char *serialize = NULL;
    const char *corpus = NULL, *dump = NULL;
    for (int i = 1; i < argc; i += 2) {
        if (strcmp(argv[i], "--stages") == 0) {
            stages = true;
            i--;
        } else if (i + 1 >= argc) {
            return usage(argv[0]);
        } else if (strcmp(argv[i], "--mb") == 0) {
            mb = atof(argv[i + 1]);
        } else if (strcmp(argv[i], "--rounds") == 0) {
            rounds = atoi(argv[i + 1]);
        } else if (strcmp(argv[i], "--seed") == 0) {
            seed = strtoull(argv[i + 1], NULL, 10);
        } else if (strcmp(argv[i], "--corpus") == 0) {
            corpus = argv[i + 1];
        } else if (strcmp(argv[i], "--serialize") == 0 &&
                   (strcmp(argv[i + 1], "enrich") == 0 || strcmp(argv[i + 1], "jansson") == 0)) {
            serialize = argv[i + 1];
        } else if (strcmp(argv[i], "--dump") == 0) {
            dump = argv[i + 1];
        } else if (strcmp(argv[i], "--density") == 0 && strcmp(argv[i + 1], "dense") == 0) {
            realistic = false;
        } else if (strcmp(argv[i], "--density") == 0 && strcmp(argv[i + 1], "real") == 0) {
            realistic = true;
        } else {
            return usage(argv[0]);
        }
    }
    if (rounds < 1 || mb < 0) {
        return usage(argv[0]);
    }
    rng_state = seed * 0x9E3779B97F4A7C15ull + 1;
    size_t target = (size_t)(mb * 1024 * 1024);
    struct items it = {0};
    if (corpus != NULL) {
        int files = load_corpus(corpus, target, &it);
        if (files < 0) {
            return 1;
        }
        printf("corpus %s: %d files, ", corpus, files);
    } else {
        generate(target, &it);
        printf("generated, %s density: html every ~10th, dirty every ~5th, ",
               realistic ? "real" : "dense");
    }
    struct item *items = it.v;
    size_t count = it.count, total = it.total;
    printf("articles: %zu, bytes: %zu (%.1f MB)\n", count, total, (double)total / 1048576.0);
    FILE *dump_file = NULL;
    if (dump != NULL && (dump_file = fopen(dump, "w")) == NULL) {
        fprintf(stderr, "cannot write %s\n", dump);
        return 1;
    }
    struct enrich *e;
    if (enrich_create(&e) != 0) {
        fprintf(stderr, "enrich_create failed\n");
        return 1;
    }
    double best = 0;
    size_t entities = 0, dates = 0, figures = 0;
    for (int r = 0; r < rounds; r++) {
        double t0 = now(), w0 = wall();
        entities = dates = figures = 0;
        for (size_t i = 0; i < count; i++) {
            struct enrich_submission sub = {.id = "bench",
                                            .source = "bench",
                                            .body = items[i].body,
                                            .body_len = items[i].len,
                                            .content_type = items[i].html ? "text/html" : NULL};
            json_t *rec = NULL;
            if (enrich_article(e, &sub, &rec) != 0) {
                fprintf(stderr, "enrich_article failed on article %zu\n", i);
                return 1;
            }
            entities += json_array_size(json_object_get(rec, "entities"));
            dates += json_array_size(json_object_get(rec, "dates"));
            figures += json_array_size(json_object_get(rec, "figures"));
            if (serialize != NULL) {
                char *text = NULL;
                size_t text_len;
                if (serialize[0] == 'j') {
                    text = json_dumps(rec, JSON_COMPACT | JSON_REAL_PRECISION(15));
                } else if (enrich_json_dumps(rec, JSON_COMPACT | JSON_REAL_PRECISION(15), &text,
                                             &text_len) != 0) {
                    text = NULL;
                }
                if (text == NULL) {
                    fprintf(stderr, "serializing failed on article %zu\n", i);
                    return 1;
                }
                free(text);
            }
            if (dump_file != NULL && r == 0) {
                /* Outside the timed work in spirit; dump runs are for checking, not timing. */
                json_dumpf(rec, dump_file, JSON_COMPACT | JSON_REAL_PRECISION(17));
                fputc('\n', dump_file);
            }
            json_decref(rec);
        }
        double secs = now() - t0, wsecs = wall() - w0;
        double rate = (double)total / 1048576.0 / secs;
        printf("round %d: %.3f s of CPU (%.3f s wall), %.1f MB/s, %.0f articles/s\n", r + 1, secs,
               wsecs, rate, (double)count / secs);
        if (rate > best) {
            best = rate;
        }
    }
    if (dump_file != NULL) {
        fclose(dump_file);
    }
    double kb = (double)total / 1024.0;
    printf("found per round: %zu entities, %zu dates, %zu figures\n", entities, dates, figures);
    printf("density per KB of article bytes: %.2f entities, %.2f dates, %.2f figures, %.2f spans\n",
           (double)entities / kb, (double)dates / kb, (double)figures / kb,
           (double)(entities + dates + figures) / kb);
    if (stages) {
        time_stages(items, count);
    }
    char malloc_name[64], cpu[128];
    printf("best: %.1f MB/s on one core of %s (CPU time, %s)\n", best, cpu_name(cpu, sizeof(cpu)),
           alloc_describe(malloc_name, sizeof(malloc_name)));
    enrich_destroy(e);
    for (size_t i = 0; i < count; i++) {
        free(items[i].body);
    }
    free(items);
    return 0;
}
