/* The memory enrich_article() keeps between calls (enrich_scratch.c): the pool hands back what it
 * was given, emptied and trimmed, and a record never depends on the articles enriched before
 * it with the same instance. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "enrich_internal.h"

static void test_pool_keeps_and_trims(void **state)
{
    (void)state;
    struct enrich_scratch_pool *pool = NULL;
    assert_int_equal(enrich_scratch_pool_create(&pool), 0);
    struct enrich_scratch *s = enrich_scratch_take(pool);
    assert_non_null(s);
    assert_null(s->body.data);
    assert_int_equal(enrich_buf_append(&s->body, "Hà Nội", strlen("Hà Nội")), 0);
    size_t small_cap = s->body.cap;
    assert_int_equal(enrich_buf_reserve(&s->text, ENRICH_SCRATCH_KEEP_MAX + 1), 0);
    s->text.len = 7;
    assert_non_null(enrich_block_reserve(&s->table, 100));
    assert_int_equal(s->table.cap, 4096);
    assert_non_null(enrich_block_reserve(&s->extract, ENRICH_SCRATCH_KEEP_MAX + 1));
    assert_int_equal(enrich_span_notes_add(&s->notes, NULL, NULL, NULL, NULL, 0), 0);
    enrich_scratch_give(pool, s);

    /* The same scratch comes back: small buffers empty but with their memory, large ones
     * freed. */
    struct enrich_scratch *again = enrich_scratch_take(pool);
    assert_ptr_equal(again, s);
    assert_non_null(again->body.data);
    assert_int_equal(again->body.len, 0);
    assert_int_equal(again->body.data[0], '\0');
    assert_int_equal(again->body.cap, small_cap);
    assert_null(again->text.data);
    assert_int_equal(again->text.len, 0);
    assert_int_equal(again->text.cap, 0);
    assert_int_equal(again->table.cap, 4096);
    assert_null(again->extract.p);
    assert_int_equal(again->notes.n, 0);
    assert_int_equal(again->notes.cap, 64);

    /* While one is taken, another taker gets a new one; both are kept when given back, up to
     * the pool's size, and the rest are freed (checked by the sanitizers' leak check). */
    struct enrich_scratch *other = enrich_scratch_take(pool);
    assert_non_null(other);
    assert_ptr_not_equal(other, again);
    struct enrich_scratch *many[ENRICH_SCRATCH_POOL + 2];
    for (int i = 0; i < ENRICH_SCRATCH_POOL + 2; i++) {
        many[i] = enrich_scratch_take(pool);
        assert_non_null(many[i]);
    }
    enrich_scratch_give(pool, again);
    enrich_scratch_give(pool, other);
    for (int i = 0; i < ENRICH_SCRATCH_POOL + 2; i++) {
        enrich_scratch_give(pool, many[i]);
    }
    enrich_scratch_give(pool, NULL);
    enrich_scratch_pool_destroy(pool);
}

static char *enrich_dump(struct enrich *e, const char *body, const char *content_type)
{
    struct enrich_submission sub = {.id = "scratch-1",
                                    .source = "test",
                                    .content_type = content_type,
                                    .body = body,
                                    .body_len = strlen(body)};
    json_t *rec = NULL;
    assert_int_equal(enrich_article(e, &sub, &rec), 0);
    char *dump = json_dumps(rec, JSON_COMPACT);
    json_decref(rec);
    assert_non_null(dump);
    return dump;
}

/* Repeats paragraph until the text holds at least bytes bytes. Caller frees. */
static char *repeat(const char *paragraph, size_t bytes)
{
    size_t n = strlen(paragraph), count = bytes / n + 1;
    char *s = malloc(count * n + 1);
    assert_non_null(s);
    for (size_t i = 0; i < count; i++) {
        memcpy(s + i * n, paragraph, n);
    }
    s[count * n] = '\0';
    return s;
}

static const char *news =
    "15/07/2020 - 21:29\n\nĐồng chí Phạm Văn Hiểu, Chủ tịch HĐND thành phố Cần Thơ:\n\n(CT) - "
    "Ngày 15-7-2020, Thành ủy Cần Thơ tổ chức hội nghị với 250 đại biểu, tăng 12,5% so với năm "
    "2019.\n\nÔng Hiểu cho biết thành phố đã giải ngân 1.200 tỷ đồng.\n\nTin, ảnh: THANH THY\n";

static const char *html =
    "<html><body><h1>Cần Thơ &amp; Hậu Giang</h1><p>Ngày 6/11/2023, UBND tỉnh Hậu Giang "
    "họp.</p><figure><img src=\"a.jpg\"><figcaption>Quang cảnh hội nghị. Ảnh: TTXVN"
    "</figcaption></figure><p>Bà Nguyễn Thị Lan nói 30% hộ dân đã có nước sạch.</p></body>"
    "</html>";

static const char *short_text = "Hà Nội, 6/11/2023 - Bộ Y tế cho biết có 15 ca mắc mới.";

/* Each article enriched after others (a long one first, whose buffers exceed what the scratch
 * keeps) gives the record a fresh instance gives it. */
static void test_records_do_not_depend_on_earlier_articles(void **state)
{
    (void)state;
    char *long_text = repeat(news, 300 * 1024);
    char *long_html = repeat(html, 200 * 1024);
    struct {
        const char *body, *type;
    } seq[] = {{long_text, NULL},
               {short_text, NULL},
               {news, NULL},
               {html, "text/html"},
               {long_html, "text/html"},
               {html, "text/html"},
               {short_text, NULL},
               {"&quot;Hà Nội&quot; 5%", NULL},
               {news, NULL}};
    size_t n = sizeof seq / sizeof seq[0];
    struct enrich *shared = NULL;
    assert_int_equal(enrich_create(&shared), 0);
    for (size_t i = 0; i < n; i++) {
        char *reused = enrich_dump(shared, seq[i].body, seq[i].type);
        struct enrich *fresh = NULL;
        assert_int_equal(enrich_create(&fresh), 0);
        char *expected = enrich_dump(fresh, seq[i].body, seq[i].type);
        enrich_destroy(fresh);
        if (strcmp(reused, expected) != 0) {
            fail_msg("article %zu: the record differs after earlier articles", i);
        }
        free(reused);
        free(expected);
    }
    enrich_destroy(shared);
    free(long_text);
    free(long_html);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pool_keeps_and_trims),
        cmocka_unit_test(test_records_do_not_depend_on_earlier_articles),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
