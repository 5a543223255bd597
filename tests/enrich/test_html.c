/* enrich_html_to_text: what a reader reads, through gumbo and then normalization. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "enrich_internal.h"

struct html_case {
    const char *name;
    const char *html;
    const char *text;     /* normalized text */
    const char *captions; /* normalized captions, one per line */
    const char *heading;
};

static const struct html_case cases[] = {
    {"paragraphs", "<p>Đoạn một.</p><p>Đoạn hai.</p>", "Đoạn một.\nĐoạn hai.", "", ""},
    {"line break", "<p>Dòng một<br>Dòng hai</p>", "Dòng một\nDòng hai", "", ""},
    {"entities",
     "<p>Lúa &amp; tôm: 5&nbsp;tấn &lt;mới&gt; &quot;ngon&quot; &#7879; &ETH;&#x1ea3;ng</p>",
     "Lúa & tôm: 5 tấn <mới> \"ngon\" ệ Đảng", "", ""},
    {"inline markup joins words", "<p>Thành ủy <b>Cần</b> <i>Thơ</i> tổ<span>&nbsp;</span>chức</p>",
     "Thành ủy Cần Thơ tổ chức", "", ""},
    {"newlines inside text are spaces", "<p>Hội nghị\n   diễn ra\r\n tại Cần Thơ</p>",
     "Hội nghị diễn ra tại Cần Thơ", "", ""},
    {"scripts, styles and noscript dropped",
     "<p>Trước</p><script>var x = '<p>no</p>';</script><style>p{color:red}</style>"
     "<noscript>Bật JavaScript</noscript><p>Sau</p>",
     "Trước\nSau", "", ""},
    {"navigation, asides, footers, forms and frames dropped",
     "<nav>Trang chủ | Thời sự</nav><article><p>Nội dung chính.</p><aside>Tin nổi "
     "bật</aside></article>"
     "<form><label>Họ tên</label><input value=x><button>Gửi</button></form><iframe "
     "src=x>khung</iframe><footer>Bản quyền</footer>",
     "Nội dung chính.", "", ""},
    {"share, comment, related and ad widgets dropped",
     "<p>Bài viết.</p><div class=\"box-share\">Chia sẻ Facebook</div><div id=\"comments\">Ý "
     "kiến</div>"
     "<ul class=\"related-news\"><li>Tin khác</li></ul><div class=\"ads banner\">Quảng cáo</div>"
     "<div class=\"social_icons\">Zalo</div><p>Kết.</p>",
     "Bài viết.\nKết.", "", ""},
    {"class words are whole words", "<div class=\"heads downloads\"><p>Giữ lại.</p></div>",
     "Giữ lại.", "", ""},
    {"hidden elements dropped",
     "<p>Hiện</p><p style=\"display: none\">Ẩn</p><p hidden>Ẩn</p><span "
     "aria-hidden=\"true\">★</span>",
     "Hiện", "", ""},
    {"figure captions go to captions",
     "<figure><img src=a.jpg alt=\"ảnh\"><figcaption>Quang cảnh hội nghị.\n Ảnh: THANH "
     "THY</figcaption>"
     "</figure><p>Nội dung.</p>",
     "Nội dung.", "Quang cảnh hội nghị. Ảnh: THANH THY", ""},
    {"the first h1 is the heading",
     "<h1>Cần Thơ <em>tổng kết</em> dân vận</h1><p>Nội dung.</p><h1>Khác</h1>",
     "Cần Thơ tổng kết dân vận\nNội dung.\nKhác", "", "Cần Thơ tổng kết dân vận"},
    {"table cells",
     "<table><tr><th>Tỉnh</th><th>Ca</th></tr><tr><td>Hà Nội</td><td>120</td></tr></table>",
     "Tỉnh | Ca\nHà Nội | 120", "", ""},
    {"lists", "<ul><li>Một</li><li>Hai</li></ul>", "Một\nHai", "", ""},
    {"pre keeps its lines", "<pre>dòng 1\ndòng 2</pre>", "dòng 1\ndòng 2", "", ""},
    {"a whole document: head dropped",
     "<!DOCTYPE html><html><head><title>Tiêu đề trang</title><meta charset=utf-8></head>"
     "<body><div class=\"detail\"><p>Thân bài.</p></div></body></html>",
     "Thân bài.", "", ""},
    {"unclosed tags", "<p>Chưa đóng <b>đậm<p>Đoạn sau", "Chưa đóng đậm\nĐoạn sau", "", ""},
    {"comments dropped", "<p>A<!-- bình luận --> B</p>", "A B", "", ""},
    {"plain text without tags", "Chỉ là chữ.", "Chỉ là chữ.", "", ""},
    {"a caption by its class",
     "<p>Nội dung.</p><p class=\"PhotoCMS_Caption\">Đại biểu dự lễ.</p>"
     "<div class=\"image-caption\">Toàn cảnh buổi lễ. Ảnh: T.L</div><p>Kết.</p>",
     "Nội dung.\nKết.", "Đại biểu dự lễ.\nToàn cảnh buổi lễ. Ảnh: T.L", ""},
    {"a picture's description by its class",
     "<table class=\"image\"><tr><td><img src=a.jpg></td></tr><tr><td class=\"image_desc\">Đại "
     "biểu dự lễ.</td></tr></table><p>Nội dung.</p><p class=\"note\">Ghi chú của tòa soạn.</p>",
     "Nội dung.\nGhi chú của tòa soạn.", "Đại biểu dự lễ.", ""},
    {"Vietnamese widget names without marks, joined or split",
     "<p>Nội dung.</p><div class=\"box-tinlienquan\">Tin A</div><div id=\"binh-luan\">Ý "
     "kiến</div><ul class=\"Chia_Se\"><li>Zalo</li></ul><div class=\"tu-khoa\">Cần Thơ</div>"
     "<div class=\"quang_cao\">QC</div><p>Kết.</p>",
     "Nội dung.\nKết.", "", ""},
    {"a widget-like class on the element that holds the article's <h1> keeps it",
     "<div class=\"category-binh-luan\"><h1>Bình luận: Giá điện</h1><p>Nội dung.</p>"
     "<div class=\"box-binh-luan\">Ý kiến bạn đọc</div></div>",
     "Bình luận: Giá điện\nNội dung.", "", "Bình luận: Giá điện"},
    {"a class that only contains the letters is not a caption",
     "<div class=\"nocaptions-here\"><p>Giữ lại.</p></div>", "Giữ lại.", "", ""},
    {"an <em> line under a picture is its caption",
     "<div>Đoạn một.<br><br><img src=a.jpg><br><em>Tiểu thương quét mã QR.</em><br><br>Đoạn "
     "hai.</div>",
     "Đoạn một.\nĐoạn hai.", "Tiểu thương quét mã QR.", ""},
    {"an <em> that opens a paragraph under a picture stays in the text",
     "<p><img src=a.jpg></p><p><em>Hà Nội</em> - Sáng nay, hội nghị khai mạc.</p>",
     "Hà Nội - Sáng nay, hội nghị khai mạc.", "", ""},
    {"an italic paragraph of its own under a picture stays in the text",
     "<p><img src=a.jpg></p><p><em>Sapo: hội nghị bàn nhiều giải pháp.</em></p><p>Nội dung.</p>",
     "Sapo: hội nghị bàn nhiều giải pháp.\nNội dung.", "", ""},
    {"a linked picture and its <em> caption",
     "<p><a href=x><img src=a.jpg></a><br><em>Quang cảnh hội nghị.</em></p><p>Nội dung.</p>",
     "Nội dung.", "Quang cảnh hội nghị.", ""},
    {"an <em> far from any picture stays in the text",
     "<p>Ông nói: <em>Chúng tôi sẽ làm ngay.</em></p>", "Ông nói: Chúng tôi sẽ làm ngay.", "", ""},
    {"zero width space as a numeric entity", "<p>Thanh&#8203;toán&#x200B; nhanh.</p>",
     "Thanhtoán nhanh.", "", ""},
    {"empty", "", "", "", ""},
};

static char *normalized(const struct enrich_buf *b, unsigned flags)
{
    struct enrich_buf out = {0};
    struct enrich_norm_counts counts = {{0}};
    assert_int_equal(enrich_normalize(b->data ? b->data : "", b->len, flags, &out, &counts), 0);
    char *s = strdup(out.data ? out.data : "");
    enrich_buf_free(&out);
    return s;
}

static void test_cases(void **state)
{
    (void)state;
    int failures = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const struct html_case *c = &cases[i];
        struct enrich_html_text h;
        assert_int_equal(enrich_html_to_text(c->html, strlen(c->html), &h), 0);
        char *text = normalized(&h.text, 0);
        char *caps = normalized(&h.captions, 0);
        char *heading = normalized(&h.heading, ENRICH_NORMALIZE_ONE_LINE);
        if (strcmp(text, c->text) != 0 || strcmp(caps, c->captions) != 0 ||
            strcmp(heading, c->heading) != 0) {
            printf("html \"%s\": text \"%s\" captions \"%s\" heading \"%s\"\n", c->name, text, caps,
                   heading);
            failures++;
        }
        free(text);
        free(caps);
        free(heading);
        enrich_html_text_free(&h);
    }
    assert_int_equal(failures, 0);
}

/* Nesting deeper than a safe tree walk: the tags are stripped instead, the text survives. */
static void test_deep_nesting(void **state)
{
    (void)state;
    const int depth = 50000;
    size_t cap = (size_t)depth * 11 + 64;
    char *html = malloc(cap);
    size_t n = 0;
    for (int i = 0; i < depth; i++) {
        memcpy(html + n, "<div>", 5);
        n += 5;
    }
    memcpy(html + n, "Sâu thẳm", strlen("Sâu thẳm"));
    n += strlen("Sâu thẳm");
    for (int i = 0; i < depth; i++) {
        memcpy(html + n, "</div>", 6);
        n += 6;
    }
    struct enrich_html_text h;
    assert_int_equal(enrich_html_to_text(html, n, &h), 0);
    char *text = normalized(&h.text, 0);
    assert_string_equal(text, "Sâu thẳm");
    free(text);
    enrich_html_text_free(&h);
    free(html);
}

/* Many unclosed paragraphs do not nest, so they still go through the parser. */
static void test_many_paragraphs(void **state)
{
    (void)state;
    const int count = 5000;
    char *html = malloc((size_t)count * 16 + 1);
    size_t n = 0;
    for (int i = 0; i < count; i++) {
        n += (size_t)sprintf(html + n, "<p>Đoạn %d", i);
    }
    struct enrich_html_text h;
    assert_int_equal(enrich_html_to_text(html, n, &h), 0);
    char *text = normalized(&h.text, 0);
    assert_true(strncmp(text, "Đoạn 0\nĐoạn 1\nĐoạn 2\n", strlen("Đoạn 0\nĐoạn 1\nĐoạn 2\n")) == 0);
    assert_non_null(strstr(text, "\nĐoạn 4999"));
    free(text);
    enrich_html_text_free(&h);
    free(html);
}

/* One text of 2.5 MB: gumbo grows its buffer past the size of the blocks its allocations are
 * cut from, so requests get blocks of their own; the text comes out whole. */
static void test_long_text(void **state)
{
    (void)state;
    const size_t words = 850000; /* "ab " each */
    size_t cap = words * 3 + 64;
    char *html = malloc(cap);
    size_t n = 0;
    memcpy(html, "<p>", 3);
    n = 3;
    for (size_t i = 0; i < words; i++) {
        memcpy(html + n, "ab ", 3);
        n += 3;
    }
    n += (size_t)sprintf(html + n, "</p><p>Cuối</p>");
    struct enrich_html_text h;
    assert_int_equal(enrich_html_to_text(html, n, &h), 0);
    char *text = normalized(&h.text, 0);
    size_t want = words * 3 - 1 + strlen("\nCuối");
    assert_int_equal(strlen(text), want);
    for (size_t i = 0; i < words; i++) {
        assert_true(text[3 * i] == 'a' && text[3 * i + 1] == 'b');
    }
    assert_string_equal(text + words * 3 - 1, "\nCuối");
    free(text);
    enrich_html_text_free(&h);
    free(html);
}

/* Entities left in plain-text bodies: decoded once, from a closed list, and only when well
 * formed. */
static const struct {
    const char *in, *out;
} entity_cases[] = {
    {"Lúa &amp; tôm", "Lúa & tôm"},
    {"&quot;ngon&quot; &ldquo;Huế&rdquo;", "\"ngon\" \xE2\x80\x9CHuế\xE2\x80\x9D"},
    {"a&nbsp;b&#8203;c", "a\xC2\xA0"
                         "b\xE2\x80\x8B"
                         "c"},
    {"&#x1EA3;&#X1ea3;&#7843;", "ảảả"},
    {"AT&T và R&D; bộ phận", "AT&T và R&D; bộ phận"},
    {"&amp;amp; once", "&amp; once"},
    {"&#0; &#xD800; &#x110000; &#; &bogus; &amp", "&#0; &#xD800; &#x110000; &#; &bogus; &amp"},
    {"&", "&"},
    {"", ""},
};

static void test_decode_entities(void **state)
{
    (void)state;
    int failures = 0;
    for (size_t i = 0; i < sizeof entity_cases / sizeof entity_cases[0]; i++) {
        struct enrich_buf out = {0};
        const char *in = entity_cases[i].in;
        assert_int_equal(enrich_html_decode_entities(in, strlen(in), &out), 0);
        const char *got = out.data ? out.data : "";
        if (strcmp(got, entity_cases[i].out) != 0) {
            printf("entities \"%s\": got \"%s\", want \"%s\"\n", in, got, entity_cases[i].out);
            failures++;
        }
        enrich_buf_free(&out);
    }
    assert_int_equal(failures, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cases),           cmocka_unit_test(test_deep_nesting),
        cmocka_unit_test(test_many_paragraphs), cmocka_unit_test(test_long_text),
        cmocka_unit_test(test_decode_entities),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
