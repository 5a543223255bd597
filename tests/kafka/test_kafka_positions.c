/*
 * kafka_positions: what the consumer has delivered per partition, so that librdkafka handing
 * messages over again (after a pause, or a lost seek) never reaches the application twice.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "kafka_positions.h"

static void test_redelivery_dropped(void **state)
{
    struct kafka_positions *p;

    (void)state;
    assert_int_equal(kafka_positions_create(&p), 0);
    /* First sight of a partition: learnt from the message, whatever its offset. */
    assert_int_equal(kafka_positions_admit(p, "raw", 4, 0), 1);
    assert_int_equal(kafka_positions_admit(p, "raw", 4, 1), 1);
    assert_int_equal(kafka_positions_admit(p, "raw", 4, 2), 1);
    /* The resume that went back to the committed offset: 0..2 again. */
    assert_int_equal(kafka_positions_admit(p, "raw", 4, 0), 0);
    assert_int_equal(kafka_positions_admit(p, "raw", 4, 2), 0);
    assert_int_equal(kafka_positions_admit(p, "raw", 4, 3), 1);
    /* Gaps (compaction, transaction markers) are normal. */
    assert_int_equal(kafka_positions_admit(p, "raw", 4, 10), 1);
    assert_int_equal(kafka_positions_admit(p, "raw", 4, 9), 0);
    /* Another partition, and the same number in another topic, are separate. */
    assert_int_equal(kafka_positions_admit(p, "raw", 5, 0), 1);
    assert_int_equal(kafka_positions_admit(p, "other", 4, 0), 1);
    assert_int_equal(kafka_positions_admit(p, "raw", 4, 5), 0);
    kafka_positions_destroy(p);
}

static void test_release_sets_the_floor(void **state)
{
    struct kafka_positions *p;

    (void)state;
    assert_int_equal(kafka_positions_create(&p), 0);
    assert_int_equal(kafka_positions_set(p, "raw", 1, 220), 0);
    /* The seek to 220 was lost: librdkafka starts at 0. */
    assert_int_equal(kafka_positions_admit(p, "raw", 1, 0), 0);
    assert_int_equal(kafka_positions_admit(p, "raw", 1, 219), 0);
    assert_int_equal(kafka_positions_admit(p, "raw", 1, 220), 1);
    /* Revoked then assigned again: a new ownership starts from scratch. */
    kafka_positions_forget(p, "raw", 1);
    assert_int_equal(kafka_positions_admit(p, "raw", 1, 7), 1);
    kafka_positions_forget(p, "raw", 9); /* unknown: nothing happens */
    kafka_positions_destroy(p);
}

static void test_list_for_the_seek(void **state)
{
    struct kafka_positions *p;
    rd_kafka_topic_partition_list_t *list;
    int64_t want[3] = {-1, -1, -1};

    (void)state;
    assert_int_equal(kafka_positions_create(&p), 0);
    assert_null(kafka_positions_list(p));
    /* More partitions than the first allocation holds. */
    for (int32_t part = 0; part < 20; part++) {
        assert_int_equal(kafka_positions_admit(p, "raw", part, 100 + part), 1);
    }
    for (int32_t part = 3; part < 20; part++) {
        kafka_positions_forget(p, "raw", part);
    }
    assert_int_equal(kafka_positions_set(p, "raw", 2, 50), 0);
    list = kafka_positions_list(p);
    assert_non_null(list);
    assert_int_equal(list->cnt, 3);
    for (int i = 0; i < list->cnt; i++) {
        assert_string_equal(list->elems[i].topic, "raw");
        assert_in_range(list->elems[i].partition, 0, 2);
        want[list->elems[i].partition] = list->elems[i].offset;
    }
    assert_int_equal(want[0], 101);
    assert_int_equal(want[1], 102);
    assert_int_equal(want[2], 50);
    rd_kafka_topic_partition_list_destroy(list);
    kafka_positions_destroy(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_redelivery_dropped),
        cmocka_unit_test(test_release_sets_the_floor),
        cmocka_unit_test(test_list_for_the_seek),
    };
    return cmocka_run_group_tests_name("kafka_positions", tests, NULL, NULL);
}
