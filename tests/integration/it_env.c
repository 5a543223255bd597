#include <arpa/inet.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "it_support.h"

static const char *setting(const char *name, const char *fallback)
{
    const char *v = getenv(name);
    return v != NULL && v[0] != '\0' ? v : fallback;
}

#define STACK_HINT "start the local stack first: deploy/local/stack up"

static void check_broker(struct it_env *env)
{
    const struct rd_kafka_metadata *md = NULL;
    rd_kafka_resp_err_t err = rd_kafka_metadata(env->admin, 0, NULL, &md, 10000);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        fail_msg("Kafka broker at %s does not answer (%s); %s", env->brokers, rd_kafka_err2str(err),
                 STACK_HINT);
    }
    rd_kafka_metadata_destroy(md);
}

static void check_database(struct it_env *env)
{
    env->pg = PQconnectdb(env->conninfo);
    if (PQstatus(env->pg) != CONNECTION_OK) {
        fail_msg("PostgreSQL does not answer (%s); %s", PQerrorMessage(env->pg), STACK_HINT);
    }
    PGresult *r = PQexec(env->pg, "SELECT count(*) FROM schema_migrations");
    if (PQresultStatus(r) != PGRES_TUPLES_OK || atoi(PQgetvalue(r, 0, 0)) == 0) {
        fail_msg("the database has no migrations applied (%s); run deploy/local/stack up or "
                 "ingestctl migrate",
                 PQresultErrorMessage(r));
    }
    PQclear(r);
}

/* Waits until every partition of topic has a leader, so that producing cannot race creation. */
static void wait_topic_ready(struct it_env *env, const char *topic, int partitions)
{
    int64_t deadline = it_now_ms() + 30000;
    rd_kafka_topic_t *t = rd_kafka_topic_new(env->admin, topic, NULL);
    for (;;) {
        const struct rd_kafka_metadata *md = NULL;
        int ready = 0;
        if (rd_kafka_metadata(env->admin, 0, t, &md, 5000) == RD_KAFKA_RESP_ERR_NO_ERROR) {
            if (md->topic_cnt == 1 && md->topics[0].err == RD_KAFKA_RESP_ERR_NO_ERROR &&
                md->topics[0].partition_cnt == partitions) {
                ready = 1;
                for (int p = 0; p < partitions; p++) {
                    ready &= md->topics[0].partitions[p].leader >= 0;
                }
            }
            rd_kafka_metadata_destroy(md);
        }
        if (ready) {
            break;
        }
        if (it_now_ms() > deadline) {
            fail_msg("topic %s did not become ready within 30 s", topic);
        }
        it_sleep_ms(200);
    }
    rd_kafka_topic_destroy(t);
}

static void create_topics(struct it_env *env)
{
    const char *names[3] = {env->topic_raw, env->topic_enriched, env->topic_dlq};
    int partitions[3] = {env->raw_partitions, 3, 1};
    rd_kafka_NewTopic_t *topics[3];
    char errstr[512];
    for (int i = 0; i < 3; i++) {
        topics[i] = rd_kafka_NewTopic_new(names[i], partitions[i], 1, errstr, sizeof errstr);
        assert_non_null(topics[i]);
        rd_kafka_NewTopic_set_config(topics[i], "max.message.bytes", "4194304");
    }
    rd_kafka_queue_t *q = rd_kafka_queue_new(env->admin);
    rd_kafka_CreateTopics(env->admin, topics, 3, NULL, q);
    rd_kafka_event_t *ev = rd_kafka_queue_poll(q, 30000);
    if (ev == NULL) {
        fail_msg("CreateTopics got no answer from %s within 30 s", env->brokers);
    }
    const rd_kafka_CreateTopics_result_t *res = rd_kafka_event_CreateTopics_result(ev);
    size_t n = 0;
    const rd_kafka_topic_result_t **results = rd_kafka_CreateTopics_result_topics(res, &n);
    for (size_t i = 0; i < n; i++) {
        if (rd_kafka_topic_result_error(results[i]) != RD_KAFKA_RESP_ERR_NO_ERROR) {
            fail_msg("cannot create topic %s: %s", rd_kafka_topic_result_name(results[i]),
                     rd_kafka_topic_result_error_string(results[i]));
        }
    }
    rd_kafka_event_destroy(ev);
    rd_kafka_queue_destroy(q);
    rd_kafka_NewTopic_destroy_array(topics, 3);
    for (int i = 0; i < 3; i++) {
        wait_topic_ready(env, names[i], partitions[i]);
    }
}

static void delete_topics(struct it_env *env)
{
    const char *names[3] = {env->topic_raw, env->topic_enriched, env->topic_dlq};
    rd_kafka_DeleteTopic_t *topics[3];
    for (int i = 0; i < 3; i++) {
        topics[i] = rd_kafka_DeleteTopic_new(names[i]);
    }
    rd_kafka_queue_t *q = rd_kafka_queue_new(env->admin);
    rd_kafka_DeleteTopics(env->admin, topics, 3, NULL, q);
    rd_kafka_event_t *ev = rd_kafka_queue_poll(q, 30000);
    if (ev != NULL) {
        const rd_kafka_DeleteTopics_result_t *res = rd_kafka_event_DeleteTopics_result(ev);
        size_t n = 0;
        const rd_kafka_topic_result_t **results = rd_kafka_DeleteTopics_result_topics(res, &n);
        for (size_t i = 0; i < n; i++) {
            if (rd_kafka_topic_result_error(results[i]) != RD_KAFKA_RESP_ERR_NO_ERROR) {
                fprintf(stderr, "warning: cannot delete topic %s: %s\n",
                        rd_kafka_topic_result_name(results[i]),
                        rd_kafka_topic_result_error_string(results[i]));
            }
        }
        rd_kafka_event_destroy(ev);
    } else {
        fprintf(stderr, "warning: DeleteTopics got no answer within 30 s\n");
    }
    rd_kafka_queue_destroy(q);
    rd_kafka_DeleteTopic_destroy_array(topics, 3);
}

/* A loopback port nobody listens on now. Another process could take it before ingestd binds;
 * ingestd then fails to start and the test says so. */
static int free_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(fd >= 0);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = 0};
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(bind(fd, (struct sockaddr *)&addr, sizeof addr), 0);
    socklen_t len = sizeof addr;
    assert_int_equal(getsockname(fd, (struct sockaddr *)&addr, &len), 0);
    close(fd);
    return ntohs(addr.sin_port);
}

void it_env_setup(struct it_env *env, const char *name, int raw_partitions)
{
    memset(env, 0, sizeof *env);
    snprintf(env->brokers, sizeof env->brokers, "%s",
             setting("INGEST_KAFKA_BROKERS", "127.0.0.1:9092"));
    snprintf(env->conninfo, sizeof env->conninfo, "%s",
             setting("INGEST_PG_CONNINFO", "host=127.0.0.1 port=55432 dbname=newsingest "
                                           "user=ingest password=ingest"));
    snprintf(env->prefix, sizeof env->prefix, "it-%s-%d-%lld", name, (int)getpid(),
             (long long)time(NULL));
    snprintf(env->topic_raw, sizeof env->topic_raw, "%s.raw", env->prefix);
    snprintf(env->topic_enriched, sizeof env->topic_enriched, "%s.enriched", env->prefix);
    snprintf(env->topic_dlq, sizeof env->topic_dlq, "%s.dlq", env->prefix);
    snprintf(env->group, sizeof env->group, "%s.group", env->prefix);
    snprintf(env->http_addr, sizeof env->http_addr, "127.0.0.1:%d", free_port());
    env->raw_partitions = raw_partitions;

    char errstr[512];
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    const char *props[][2] = {
        {"bootstrap.servers", env->brokers}, {"enable.idempotence", "true"},  {"linger.ms", "5"},
        {"message.max.bytes", "8388608"},    {"message.timeout.ms", "30000"},
    };
    for (size_t i = 0; i < sizeof props / sizeof props[0]; i++) {
        if (rd_kafka_conf_set(conf, props[i][0], props[i][1], errstr, sizeof errstr) !=
            RD_KAFKA_CONF_OK) {
            fail_msg("%s", errstr);
        }
    }
    rd_kafka_conf_set_dr_msg_cb(conf, it_on_delivery);
    env->admin = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
    if (env->admin == NULL) {
        fail_msg("cannot create a Kafka client: %s", errstr);
    }
    check_broker(env);
    check_database(env);
    create_topics(env);
}

void it_env_teardown(struct it_env *env)
{
    if (env->ingestd > 0) {
        it_ingestd_stop(env, SIGKILL);
    }
    if (env->admin != NULL) {
        delete_topics(env);
        rd_kafka_flush(env->admin, 5000);
        rd_kafka_destroy(env->admin);
        env->admin = NULL;
    }
    if (env->pg != NULL) {
        PQfinish(env->pg);
        env->pg = NULL;
    }
    /* A failing step printed the log's tail already; IT_KEEP_LOGS=1 keeps the whole file. */
    const char *keep = getenv("IT_KEEP_LOGS");
    if (env->ingestd_log[0] != '\0' && (keep == NULL || strcmp(keep, "1") != 0)) {
        unlink(env->ingestd_log);
    }
}
