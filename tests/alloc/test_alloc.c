/*
 * The programs run with the malloc the build chose (cmake/IngestHelpers.cmake): this test is
 * linked the way ingestd is, and INGEST_EXPECT_MALLOC says what the build resolved.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "alloc.h"

static void test_kind_is_the_builds(void **state)
{
    (void)state;
    const char *expected = getenv("INGEST_EXPECT_MALLOC");
    assert_non_null(expected);
    assert_string_equal(alloc_kind_name(alloc_kind()), expected);
}

static void test_describe_names_the_kind(void **state)
{
    (void)state;
    char buf[64];
    const char *name = alloc_describe(buf, sizeof(buf));
    assert_ptr_equal(name, buf);
    switch (alloc_kind()) {
    case ALLOC_MIMALLOC:
        /* "mimalloc 2.0.9": a version with three parts, major first. */
        assert_memory_equal(buf, "mimalloc ", 9);
        assert_true(buf[9] >= '1' && buf[9] <= '9');
        assert_non_null(strchr(buf + 9, '.'));
        break;
    case ALLOC_SANITIZER:
        assert_string_equal(buf, "AddressSanitizer malloc");
        break;
    case ALLOC_GLIBC:
        assert_memory_equal(buf, "glibc 2.", 8);
        assert_string_equal(buf + strlen(buf) - 7, " malloc");
        break;
    }
}

static void test_describe_truncates(void **state)
{
    (void)state;
    char buf[6] = "xxxxx";
    alloc_describe(buf, sizeof(buf));
    assert_int_equal(strlen(buf), 5);
    char none[1] = {'x'};
    alloc_describe(none, 0);
    assert_int_equal(none[0], 'x');
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kind_is_the_builds),
        cmocka_unit_test(test_describe_names_the_kind),
        cmocka_unit_test(test_describe_truncates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
