/*
 * kafka_tracker: the offset a partition may commit is the one after the leading run of done
 * offsets, whatever order the work finishes in.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "kafka.h"

static void test_out_of_order_completion(void **state)
{
    struct kafka_tracker *t;
    int64_t commit = -1;

    (void)state;
    assert_int_equal(kafka_tracker_create(&t), 0);
    for (int64_t o = 10; o < 15; o++) {
        assert_int_equal(kafka_tracker_add(t, o), 0);
    }
    assert_int_equal(kafka_tracker_done(t, 12, &commit), 0);
    assert_int_equal(commit, -1); /* untouched: 10 and 11 are in flight */
    assert_int_equal(kafka_tracker_done(t, 11, &commit), 0);
    assert_int_equal(kafka_tracker_done(t, 10, &commit), 1);
    assert_int_equal(commit, 13); /* 10, 11, 12 done */
    assert_int_equal(kafka_tracker_pending(t), 2);
    assert_int_equal(kafka_tracker_done(t, 14, &commit), 0);
    assert_int_equal(kafka_tracker_done(t, 13, &commit), 1);
    assert_int_equal(commit, 15);
    assert_int_equal(kafka_tracker_pending(t), 0);
    kafka_tracker_destroy(t);
}

static void test_gaps_and_refusals(void **state)
{
    struct kafka_tracker *t;
    int64_t commit = -1;

    (void)state;
    assert_int_equal(kafka_tracker_create(&t), 0);
    /* Compaction leaves gaps: 3, 7, 8. */
    assert_int_equal(kafka_tracker_add(t, 3), 0);
    assert_int_equal(kafka_tracker_add(t, 7), 0);
    assert_int_equal(kafka_tracker_add(t, 7), -EINVAL);
    assert_int_equal(kafka_tracker_add(t, 5), -EINVAL);
    assert_int_equal(kafka_tracker_add(t, 8), 0);
    assert_int_equal(kafka_tracker_done(t, 5, &commit), -ENOENT);
    assert_int_equal(kafka_tracker_done(t, 7, &commit), 0);
    assert_int_equal(kafka_tracker_done(t, 7, &commit), -ENOENT); /* twice */
    assert_int_equal(kafka_tracker_done(t, 3, &commit), 1);
    assert_int_equal(commit, 8);
    assert_int_equal(kafka_tracker_done(t, 3, &commit), -ENOENT); /* released */
    assert_int_equal(kafka_tracker_done(t, 8, &commit), 1);
    assert_int_equal(commit, 9);
    kafka_tracker_destroy(t);
}

/* Many offsets in flight make the ring grow and wrap; completion in reverse order releases
 * everything at once. */
static void test_growth_and_wrap(void **state)
{
    struct kafka_tracker *t;
    int64_t commit = -1;

    (void)state;
    assert_int_equal(kafka_tracker_create(&t), 0);
    /* Move the head so that later growth has to unwrap the ring. */
    for (int64_t o = 0; o < 40; o++) {
        assert_int_equal(kafka_tracker_add(t, o), 0);
        assert_int_equal(kafka_tracker_done(t, o, &commit), 1);
        assert_int_equal(commit, o + 1);
    }
    for (int64_t o = 40; o < 1040; o++) {
        assert_int_equal(kafka_tracker_add(t, o), 0);
    }
    assert_int_equal(kafka_tracker_pending(t), 1000);
    for (int64_t o = 1039; o > 40; o--) {
        assert_int_equal(kafka_tracker_done(t, o, &commit), 0);
    }
    assert_int_equal(kafka_tracker_done(t, 40, &commit), 1);
    assert_int_equal(commit, 1040);
    assert_int_equal(kafka_tracker_pending(t), 0);
    kafka_tracker_destroy(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_out_of_order_completion),
        cmocka_unit_test(test_gaps_and_refusals),
        cmocka_unit_test(test_growth_and_wrap),
    };
    return cmocka_run_group_tests_name("kafka_tracker", tests, NULL, NULL);
}
