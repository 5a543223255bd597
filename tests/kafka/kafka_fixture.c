#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "kafka_fixture.h"

static rd_kafka_t *fixture_admin_client(const struct kt_cluster *cl)
{
    char err[512];
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    rd_kafka_t *rk;

    assert_int_equal(rd_kafka_conf_set(conf, "bootstrap.servers", cl->brokers, err, sizeof(err)),
                     RD_KAFKA_CONF_OK);
    rd_kafka_conf_set(conf, "log_level", "3", err, sizeof(err));
    rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof(err));
    if (rk == NULL) {
        fail_msg("creating an admin client: %s", err);
    }
    return rk;
}

void kt_cluster_open_mock(struct kt_cluster *cl, int broker_count)
{
    char err[512];
    rd_kafka_conf_t *conf = rd_kafka_conf_new();

    memset(cl, 0, sizeof(*cl));
    rd_kafka_conf_set(conf, "log_level", "3", err, sizeof(err));
    cl->mock_owner = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof(err));
    assert_non_null(cl->mock_owner);
    cl->mock = rd_kafka_mock_cluster_new(cl->mock_owner, broker_count);
    assert_non_null(cl->mock);
    snprintf(cl->brokers, sizeof(cl->brokers), "%s", rd_kafka_mock_cluster_bootstraps(cl->mock));
}

int kt_cluster_open_broker(struct kt_cluster *cl, char *why, size_t whylen)
{
    const char *env = getenv("INGEST_KAFKA_BROKERS");
    const struct rd_kafka_metadata *md = NULL;
    rd_kafka_resp_err_t err;
    rd_kafka_t *rk;

    memset(cl, 0, sizeof(*cl));
    snprintf(cl->brokers, sizeof(cl->brokers), "%s", env && *env ? env : "127.0.0.1:9092");
    rk = fixture_admin_client(cl);
    err = rd_kafka_metadata(rk, 0, NULL, &md, 8000);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        snprintf(why, whylen,
                 "Kafka broker at %s is unreachable (%s). Start the local stack with "
                 "`deploy/local/stack up` (or set INGEST_KAFKA_BROKERS).",
                 cl->brokers, rd_kafka_err2str(err));
        rd_kafka_destroy(rk);
        return -1;
    }
    rd_kafka_metadata_destroy(md);
    rd_kafka_destroy(rk);
    return 0;
}

static void fixture_delete_topics(struct kt_cluster *cl)
{
    rd_kafka_t *rk;
    rd_kafka_queue_t *q;
    rd_kafka_DeleteTopic_t *del[16];
    rd_kafka_event_t *ev;

    if (cl->created_count == 0) {
        return;
    }
    rk = fixture_admin_client(cl);
    q = rd_kafka_queue_new(rk);
    for (size_t i = 0; i < cl->created_count; i++) {
        del[i] = rd_kafka_DeleteTopic_new(cl->created[i]);
    }
    rd_kafka_DeleteTopics(rk, del, cl->created_count, NULL, q);
    ev = rd_kafka_queue_poll(q, 15000);
    if (ev != NULL) {
        rd_kafka_event_destroy(ev);
    }
    rd_kafka_DeleteTopic_destroy_array(del, cl->created_count);
    rd_kafka_queue_destroy(q);
    rd_kafka_destroy(rk);
    cl->created_count = 0;
}

void kt_cluster_close(struct kt_cluster *cl)
{
    fixture_delete_topics(cl);
    if (cl->mock != NULL) {
        rd_kafka_mock_cluster_destroy(cl->mock);
        cl->mock = NULL;
    }
    if (cl->mock_owner != NULL) {
        rd_kafka_destroy(cl->mock_owner);
        cl->mock_owner = NULL;
    }
}

void kt_unique_name(const char *base, char *buf, size_t len)
{
    static unsigned counter;
    snprintf(buf, len, "kt-%ld-%ld-%u-%s", (long)getpid(), (long)time(NULL), ++counter, base);
}

static int fixture_topic_ready(rd_kafka_t *rk, const char *topic, int partitions)
{
    const struct rd_kafka_metadata *md = NULL;
    rd_kafka_topic_t *rkt = rd_kafka_topic_new(rk, topic, NULL);
    int ready = 0;

    if (rd_kafka_metadata(rk, 0, rkt, &md, 5000) == RD_KAFKA_RESP_ERR_NO_ERROR) {
        if (md->topic_cnt == 1 && md->topics[0].err == RD_KAFKA_RESP_ERR_NO_ERROR &&
            md->topics[0].partition_cnt == partitions) {
            ready = 1;
            for (int i = 0; i < partitions; i++) {
                if (md->topics[0].partitions[i].leader < 0) {
                    ready = 0;
                }
            }
        }
        rd_kafka_metadata_destroy(md);
    }
    rd_kafka_topic_destroy(rkt);
    return ready;
}

void kt_create_topic(struct kt_cluster *cl, const char *topic, int partitions)
{
    char err[512];
    rd_kafka_t *rk;
    rd_kafka_queue_t *q;
    rd_kafka_NewTopic_t *nt;
    rd_kafka_event_t *ev;
    const rd_kafka_CreateTopics_result_t *res;
    const rd_kafka_topic_result_t **results;
    size_t n;

    if (cl->mock != NULL) {
        assert_int_equal(rd_kafka_mock_topic_create(cl->mock, topic, partitions, 1),
                         RD_KAFKA_RESP_ERR_NO_ERROR);
        return;
    }
    rk = fixture_admin_client(cl);
    q = rd_kafka_queue_new(rk);
    nt = rd_kafka_NewTopic_new(topic, partitions, 1, err, sizeof(err));
    assert_non_null(nt);
    rd_kafka_CreateTopics(rk, &nt, 1, NULL, q);
    ev = rd_kafka_queue_poll(q, 20000);
    if (ev == NULL) {
        fail_msg("CreateTopics %s: no answer within 20 s", topic);
    }
    res = rd_kafka_event_CreateTopics_result(ev);
    assert_non_null(res);
    results = rd_kafka_CreateTopics_result_topics(res, &n);
    assert_int_equal(n, 1);
    if (rd_kafka_topic_result_error(results[0]) != RD_KAFKA_RESP_ERR_NO_ERROR) {
        fail_msg("CreateTopics %s: %s", topic, rd_kafka_topic_result_error_string(results[0]));
    }
    rd_kafka_event_destroy(ev);
    rd_kafka_NewTopic_destroy(nt);
    rd_kafka_queue_destroy(q);
    if (cl->created_count < sizeof(cl->created) / sizeof(cl->created[0])) {
        snprintf(cl->created[cl->created_count++], sizeof(cl->created[0]), "%s", topic);
    }
    for (int attempt = 0; attempt < 100 && !fixture_topic_ready(rk, topic, partitions); attempt++) {
        usleep(100 * 1000);
    }
    assert_true(fixture_topic_ready(rk, topic, partitions));
    rd_kafka_destroy(rk);
}

int64_t kt_committed(struct kt_cluster *cl, const char *group, const char *topic, int32_t partition)
{
    char err[512];
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    rd_kafka_topic_partition_list_t *list;
    rd_kafka_resp_err_t rerr;
    int64_t offset;
    rd_kafka_t *rk;

    rd_kafka_conf_set(conf, "bootstrap.servers", cl->brokers, err, sizeof(err));
    rd_kafka_conf_set(conf, "group.id", group, err, sizeof(err));
    rd_kafka_conf_set(conf, "log_level", "3", err, sizeof(err));
    rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof(err));
    assert_non_null(rk);
    list = rd_kafka_topic_partition_list_new(1);
    rd_kafka_topic_partition_list_add(list, topic, partition);
    rerr = rd_kafka_committed(rk, list, 15000);
    if (rerr != RD_KAFKA_RESP_ERR_NO_ERROR) {
        fail_msg("committed offsets of group %s: %s", group, rd_kafka_err2str(rerr));
    }
    offset = list->elems[0].offset;
    rd_kafka_topic_partition_list_destroy(list);
    rd_kafka_destroy_flags(rk, RD_KAFKA_DESTROY_F_NO_CONSUMER_CLOSE);
    return offset;
}

static void fixture_on_tick(uv_timer_t *timer)
{
    (void)timer; /* only there to make uv_run(UV_RUN_ONCE) return regularly */
}

int kt_run_until(uv_loop_t *loop, int (*done)(void *arg), void *arg, unsigned timeout_ms)
{
    uv_timer_t tick;
    uint64_t deadline;
    int result;

    uv_update_time(loop);
    deadline = uv_now(loop) + timeout_ms;
    uv_timer_init(loop, &tick);
    uv_timer_start(&tick, fixture_on_tick, 20, 20);
    while (!(result = done(arg)) && uv_now(loop) < deadline) {
        uv_run(loop, UV_RUN_ONCE);
    }
    uv_close((uv_handle_t *)&tick, NULL);
    uv_run(loop, UV_RUN_NOWAIT); /* let the tick's close complete before it leaves scope */
    return result;
}

static int fixture_never(void *arg)
{
    (void)arg;
    return 0;
}

void kt_run_for(uv_loop_t *loop, unsigned ms)
{
    kt_run_until(loop, fixture_never, NULL, ms);
}

static void fixture_report_handle(uv_handle_t *handle, void *arg)
{
    (void)arg;
    print_error("still open: handle type %s, active %d, closing %d\n",
                uv_handle_type_name(uv_handle_get_type(handle)), uv_is_active(handle),
                uv_is_closing(handle));
}

int kt_loop_finish(uv_loop_t *loop)
{
    int rc;

    for (int i = 0; i < 1000 && uv_loop_alive(loop); i++) {
        uv_run(loop, UV_RUN_ONCE);
    }
    rc = uv_loop_close(loop);
    if (rc != 0) {
        uv_walk(loop, fixture_report_handle, NULL);
    }
    return rc;
}
