/*
 * common/kafka against librdkafka's in-process mock cluster (label unit): the shared scenarios,
 * plus faults that a real broker cannot be made to produce on demand.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "kafka_scenarios.h"

/* Kafka protocol request types (ApiKey) for rd_kafka_mock_push_request_errors. */
#define API_PRODUCE 0

static int setup(void **state)
{
    static struct kt_cluster cl;
    kt_cluster_open_mock(&cl, 3);
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

static void test_pause_storm(void **state)
{
    kt_scenario_pause_storm(*state);
}

static void test_producer_close_purges(void **state)
{
    /* Port 1 on loopback refuses connections. */
    kt_scenario_producer_close_purges(*state, "127.0.0.1:1");
}

/* ---- fault injection ------------------------------------------------------------------------- */

struct tally {
    struct kafka_producer *producer;
    size_t delivered;
    size_t failed;
    int64_t offsets[64];
    char codes[16][64];
    size_t code_count;
    int repeated; /* the same code reported twice without recovery in between */
    int closed;
};

static void tally_on_delivered(struct kafka_producer *p, const struct kafka_delivery *d,
                               void *msg_opaque, void *arg)
{
    struct tally *t = arg;
    size_t i = (size_t)(uintptr_t)msg_opaque;

    (void)p;
    if (d->err != 0) {
        t->failed++;
        return;
    }
    assert_true(i < 64);
    t->offsets[i] = d->offset;
    t->delivered++;
    t->code_count = 0; /* the gate forgets on success; so does the tally */
}

static void tally_on_error(void *arg, int fatal, const char *code, const char *reason)
{
    struct tally *t = arg;

    (void)reason;
    assert_false(fatal);
    for (size_t i = 0; i < t->code_count; i++) {
        if (strcmp(t->codes[i], code) == 0) {
            t->repeated = 1;
        }
    }
    if (t->code_count < 16) {
        snprintf(t->codes[t->code_count++], sizeof(t->codes[0]), "%s", code);
    }
}

static void tally_on_closed(struct kafka_producer *p, size_t undelivered, void *arg)
{
    (void)p;
    (void)undelivered;
    ((struct tally *)arg)->closed = 1;
}

static int tally_closed(void *arg)
{
    return ((struct tally *)arg)->closed;
}

struct tally_wait {
    struct tally *t;
    size_t delivered;
};

static int tally_has(void *arg)
{
    struct tally_wait *w = arg;
    return w->t->delivered >= w->delivered;
}

static void tally_start(struct tally *t, uv_loop_t *loop, const char *brokers)
{
    char err[512];
    const struct kafka_property props[] = {{"linger.ms", "1"}, {"retry.backoff.ms", "10"}};
    struct kafka_producer_config cfg = {
        .brokers = brokers, .properties = props, .property_count = 2};
    struct kafka_producer_events events = {.delivered = tally_on_delivered,
                                           .error = tally_on_error};

    memset(t, 0, sizeof(*t));
    if (kafka_producer_create(loop, &cfg, &events, t, &t->producer, err, sizeof(err)) != 0) {
        fail_msg("kafka_producer_create: %s", err);
    }
}

static void tally_send(struct tally *t, const char *topic, size_t i)
{
    char value[16];
    struct kafka_record r = {.topic = topic, .partition = 0, .value = value};
    r.value_len = (size_t)snprintf(value, sizeof(value), "f%zu", i);
    assert_int_equal(kafka_producer_send(t->producer, &r, (void *)(uintptr_t)i), 0);
}

/* Retriable produce errors: the idempotent producer retries, and the log holds every record
 * once, in order, with no gap. */
static void test_produce_errors_are_retried_without_duplicates(void **state)
{
    struct kt_cluster *cl = *state;
    uv_loop_t loop;
    char topic[128];
    struct tally t;

    kt_unique_name("faults", topic, sizeof(topic));
    kt_create_topic(cl, topic, 1);
    assert_int_equal(uv_loop_init(&loop), 0);
    tally_start(&t, &loop, cl->brokers);
    rd_kafka_mock_push_request_errors(
        cl->mock, API_PRODUCE, 4, RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION,
        RD_KAFKA_RESP_ERR__TRANSPORT, RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT,
        RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS);
    for (size_t i = 0; i < 40; i++) {
        tally_send(&t, topic, i);
    }
    struct tally_wait w = {&t, 40};
    assert_true(kt_run_until(&loop, tally_has, &w, 30000));
    assert_int_equal(t.failed, 0);
    for (size_t i = 0; i < 40; i++) {
        assert_int_equal(t.offsets[i], (int64_t)i);
    }
    assert_int_equal(kafka_producer_close(t.producer, 5000, tally_on_closed), 0);
    assert_true(kt_run_until(&loop, tally_closed, &t, 10000));
    assert_int_equal(kt_loop_finish(&loop), 0);
}

/* A cluster that stays down is reported once per error code, not on every reconnect; after a
 * successful delivery the same outage is reported again. */
static void test_errors_reported_once_until_recovery(void **state)
{
    struct kt_cluster *cl = *state;
    uv_loop_t loop;
    char topic[128];
    struct tally t;

    kt_unique_name("outage", topic, sizeof(topic));
    kt_create_topic(cl, topic, 1);
    assert_int_equal(uv_loop_init(&loop), 0);
    tally_start(&t, &loop, cl->brokers);
    tally_send(&t, topic, 0);
    struct tally_wait w1 = {&t, 1};
    assert_true(kt_run_until(&loop, tally_has, &w1, 20000));

    for (int32_t b = 1; b <= 3; b++) {
        rd_kafka_mock_broker_set_down(cl->mock, b);
    }
    kt_run_for(&loop, 4000); /* several reconnect attempts */
    assert_true(t.code_count >= 1);
    assert_false(t.repeated);

    for (int32_t b = 1; b <= 3; b++) {
        rd_kafka_mock_broker_set_up(cl->mock, b);
    }
    tally_send(&t, topic, 1);
    struct tally_wait w2 = {&t, 2};
    assert_true(kt_run_until(&loop, tally_has, &w2, 30000));
    assert_int_equal(t.code_count, 0);

    for (int32_t b = 1; b <= 3; b++) {
        rd_kafka_mock_broker_set_down(cl->mock, b);
    }
    kt_run_for(&loop, 3000);
    assert_true(t.code_count >= 1); /* reported again after the recovery */
    assert_false(t.repeated);
    for (int32_t b = 1; b <= 3; b++) {
        rd_kafka_mock_broker_set_up(cl->mock, b);
    }

    assert_int_equal(kafka_producer_close(t.producer, 5000, tally_on_closed), 0);
    assert_true(kt_run_until(&loop, tally_closed, &t, 10000));
    assert_int_equal(kt_loop_finish(&loop), 0);
}

/* Properties the module relies on cannot be overridden, and a bad property is named. */
static void test_refused_and_bad_properties(void **state)
{
    struct kt_cluster *cl = *state;
    uv_loop_t loop;
    char err[512];
    const char *topics[] = {"t"};
    struct kafka_consumer *c = NULL;
    struct kafka_producer *p = NULL;
    const struct kafka_consumer_events cev = {.message = (void *)1};
    const struct kafka_producer_events pev = {.delivered = (void *)1};
    const struct kafka_property store[] = {{"enable.auto.offset.store", "true"}};
    const struct kafka_property idem[] = {{"enable.idempotence", "false"}};
    const struct kafka_property bogus[] = {{"no.such.property", "1"}};
    struct kafka_consumer_config ccfg = {.brokers = cl->brokers,
                                         .group_id = "g",
                                         .topics = topics,
                                         .topic_count = 1,
                                         .properties = store,
                                         .property_count = 1};
    struct kafka_producer_config pcfg = {
        .brokers = cl->brokers, .properties = idem, .property_count = 1};

    assert_int_equal(uv_loop_init(&loop), 0);
    assert_int_equal(kafka_consumer_create(&loop, &ccfg, &cev, NULL, &c, err, sizeof(err)),
                     -EINVAL);
    assert_null(c);
    assert_non_null(strstr(err, "enable.auto.offset.store"));
    assert_int_equal(kafka_producer_create(&loop, &pcfg, &pev, NULL, &p, err, sizeof(err)),
                     -EINVAL);
    assert_null(p);
    assert_non_null(strstr(err, "enable.idempotence"));
    ccfg.properties = bogus;
    assert_int_equal(kafka_consumer_create(&loop, &ccfg, &cev, NULL, &c, err, sizeof(err)),
                     -EINVAL);
    assert_non_null(strstr(err, "no.such.property"));

    /* The checks --check-config uses say the same without creating anything. */
    assert_int_equal(kafka_consumer_check_config(&ccfg, err, sizeof(err)), -EINVAL);
    assert_non_null(strstr(err, "no.such.property"));
    assert_int_equal(kafka_producer_check_config(&pcfg, err, sizeof(err)), -EINVAL);
    assert_non_null(strstr(err, "enable.idempotence"));
    ccfg.properties = NULL;
    ccfg.property_count = 0;
    pcfg.properties = NULL;
    pcfg.property_count = 0;
    assert_int_equal(kafka_consumer_check_config(&ccfg, err, sizeof(err)), 0);
    assert_int_equal(kafka_producer_check_config(&pcfg, err, sizeof(err)), 0);
    assert_int_equal(kt_loop_finish(&loop), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_refused_and_bad_properties),
        cmocka_unit_test(test_roundtrip),
        cmocka_unit_test(test_pause_resume),
        cmocka_unit_test(test_offsets_only_when_stored),
        cmocka_unit_test(test_producer_close_purges),
        cmocka_unit_test(test_pause_storm),
        cmocka_unit_test(test_produce_errors_are_retried_without_duplicates),
        cmocka_unit_test(test_errors_reported_once_until_recovery),
    };
    return cmocka_run_group_tests_name("kafka_mock", tests, setup, teardown);
}
