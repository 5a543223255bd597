#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "digest.h"

/* FIPS 180-2 test vectors. */
static void test_sha256_known_vectors(void **state)
{
    (void)state;
    char hex[DIGEST_SHA256_HEX_LEN + 1];
    assert_int_equal(digest_sha256_hex("", 0, hex), 0);
    assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assert_int_equal(digest_sha256_hex("abc", 3, hex), 0);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

static void test_sha256_parts_equal_whole(void **state)
{
    (void)state;
    const void *parts[3] = {"ab", "", "c"};
    size_t lens[3] = {2, 0, 1};
    uint8_t raw[DIGEST_SHA256_LEN];
    char hex[DIGEST_SHA256_HEX_LEN + 1];
    assert_int_equal(digest_sha256_parts(parts, lens, 3, raw), 0);
    digest_hex(raw, sizeof raw, hex);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sha256_known_vectors),
        cmocka_unit_test(test_sha256_parts_equal_whole),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
