/*
 * common/kafka against the real broker of the local stack (label integration). Fails, never
 * skips, when the broker cannot be reached.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include <cmocka.h>

#include "kafka_scenarios.h"

static int setup(void **state)
{
    static struct kt_cluster cl;
    char why[512];

    if (kt_cluster_open_broker(&cl, why, sizeof(why)) != 0) {
        print_error("%s\n", why);
        return -1; /* cmocka fails every test of the group */
    }
    *state = &cl;
    return 0;
}

static int teardown(void **state)
{
    kt_cluster_close(*state);
    return 0;
}

static void test_roundtrip(void **state)
{
    kt_scenario_roundtrip(*state);
}

static void test_pause_resume(void **state)
{
    kt_scenario_pause_resume(*state);
}

static void test_offsets_only_when_stored(void **state)
{
    kt_scenario_offsets_only_when_stored(*state);
}

static void test_hold_release_scan(void **state)
{
    kt_scenario_hold_release_scan(*state);
}

static void test_pause_storm(void **state)
{
    kt_scenario_pause_storm(*state);
}

static void test_producer_close_purges(void **state)
{
    kt_scenario_producer_close_purges(*state, "127.0.0.1:1");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_roundtrip),
        cmocka_unit_test(test_pause_resume),
        cmocka_unit_test(test_offsets_only_when_stored),
        cmocka_unit_test(test_producer_close_purges),
        cmocka_unit_test(test_hold_release_scan),
        cmocka_unit_test(test_pause_storm),
    };
    return cmocka_run_group_tests_name("kafka_broker", tests, setup, teardown);
}
