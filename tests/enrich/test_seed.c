/*
 * The seed article (tests/fixtures/000_f4fd15bba88c9e78.txt): every item of its .expected.json
 * must hold: header, byline, truncation, normalization, entities, dates and figures. This is
 * where the core and the three extractors meet.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "support.h"

static void test_seed_article(void **state)
{
    (void)state;
    struct enrich *e = NULL;
    assert_int_equal(enrich_create(&e), 0);
    char path[4096];
    int failures = support_run_case(
        e,
        support_source_path("tests/fixtures/000_f4fd15bba88c9e78.expected.json", path, sizeof path),
        NULL);
    enrich_destroy(e);
    assert_int_equal(failures, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seed_article),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
