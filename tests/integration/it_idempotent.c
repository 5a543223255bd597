/*
 * End to end, case c: the same message twice gives one row at revision 1, untouched by the
 * replay; the same id with a changed body raises the revision to 2. The same holds for an id
 * derived from source + url.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "it_support.h"

static struct it_env env;

static int setup(void **state)
{
    (void)state;
    it_env_setup(&env, "idem", 6);
    it_ingestd_start(&env);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    if (env.ingestd > 0) {
        it_ingestd_stop(&env, SIGTERM);
    }
    it_env_teardown(&env);
    return 0;
}

/* Waits until the group has committed past every message in msgs[0..n). */
static void wait_processed(const struct it_produce *msgs, size_t n)
{
    int64_t next[64] = {0};
    assert_true(env.raw_partitions <= 64);
    for (size_t i = 0; i < n; i++) {
        if (msgs[i].offset + 1 > next[msgs[i].partition]) {
            next[msgs[i].partition] = msgs[i].offset + 1;
        }
    }
    it_wait_committed(&env, env.topic_raw, next, env.raw_partitions, 60000);
}

struct row {
    char revision[16];
    char offset[32];
    char text[256];
};

static void get_row(const char *id, struct row *out)
{
    const char *params[] = {id};
    PGresult *r = PQexecParams(env.pg,
                               "SELECT revision::text, kafka_offset::text, left(text, 200) "
                               "FROM articles WHERE id = $1",
                               1, NULL, params, NULL, NULL, 0);
    assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
    assert_int_equal(PQntuples(r), 1);
    snprintf(out->revision, sizeof out->revision, "%s", PQgetvalue(r, 0, 0));
    snprintf(out->offset, sizeof out->offset, "%s", PQgetvalue(r, 0, 1));
    snprintf(out->text, sizeof out->text, "%s", PQgetvalue(r, 0, 2));
    PQclear(r);
}

static void test_same_message_twice_then_changed(void **state)
{
    (void)state;
    char id[160], v1[512], v2[512];
    snprintf(id, sizeof id, "%s-a", env.prefix);
    snprintf(v1, sizeof v1,
             "{\"source\":\"it\",\"id\":\"%s\",\"title\":\"Giá lúa tăng\","
             "\"body\":\"Giá lúa xuất khẩu tăng "
             "5%%.\"}",
             id);
    snprintf(v2, sizeof v2,
             "{\"source\":\"it\",\"id\":\"%s\",\"title\":\"Giá lúa tăng\","
             "\"body\":\"Giá lúa xuất khẩu tăng "
             "7%%.\"}",
             id);
    const char *params[] = {id};

    struct it_produce first = {id, strlen(id), v1, strlen(v1), 0, 0};
    it_produce(&env, env.topic_raw, &first, 1);
    assert_int_equal(
        it_pg_wait_count(&env, 1, 60000, "SELECT count(*) FROM articles WHERE id = $1", 1, params),
        1);
    wait_processed(&first, 1);
    struct row before;
    get_row(id, &before);
    assert_string_equal(before.revision, "1");

    /* The very same bytes again: nothing changes, not even the stored Kafka position. */
    struct it_produce again = {id, strlen(id), v1, strlen(v1), 0, 0};
    it_produce(&env, env.topic_raw, &again, 1);
    assert_int_equal(again.partition, first.partition); /* same key, same partition */
    wait_processed(&again, 1);
    assert_int_equal(it_pg_int(&env, "SELECT count(*) FROM articles WHERE id = $1", 1, params), 1);
    struct row after;
    get_row(id, &after);
    assert_string_equal(after.revision, "1");
    assert_string_equal(after.offset, before.offset);
    assert_string_equal(after.text, before.text);

    /* A changed body under the same id: revision 2, new text. */
    struct it_produce changed = {id, strlen(id), v2, strlen(v2), 0, 0};
    it_produce(&env, env.topic_raw, &changed, 1);
    wait_processed(&changed, 1);
    struct row updated;
    get_row(id, &updated);
    assert_string_equal(updated.revision, "2");
    assert_true(strstr(updated.text, "7%") != NULL);
    char changed_offset[32];
    snprintf(changed_offset, sizeof changed_offset, "%lld", (long long)changed.offset);
    assert_string_equal(updated.offset, changed_offset);
    assert_int_equal(it_pg_int(&env, "SELECT count(*) FROM articles WHERE id = $1", 1, params), 1);
}

/* No id: derived from source + url, so a corrected body under the same url is a revision. The
 * source is unique to the run, so the derived id is too. */
static void test_derived_id_revision(void **state)
{
    (void)state;
    char source[128], v1[512], v2[512];
    /* Sources are [a-z0-9._-]: the prefix qualifies. */
    snprintf(source, sizeof source, "%s", env.prefix);
    snprintf(v1, sizeof v1,
             "{\"source\":\"%s\",\"url\":\"https://example.vn/tin/1.html\","
             "\"body\":\"Bản tin đầu tiên.\"}",
             source);
    snprintf(v2, sizeof v2,
             "{\"source\":\"%s\",\"url\":\"https://example.vn/tin/1.html\","
             "\"body\":\"Bản tin đã sửa.\"}",
             source);
    struct it_produce msgs[2] = {
        {NULL, 0, v1, strlen(v1), 0, 0},
        {NULL, 0, v2, strlen(v2), 0, 0},
    };
    it_produce(&env, env.topic_raw, &msgs[0], 1);
    wait_processed(&msgs[0], 1);
    it_produce(&env, env.topic_raw, &msgs[1], 1);
    wait_processed(&msgs[1], 1);
    const char *params[] = {source};
    assert_int_equal(it_pg_int(&env, "SELECT count(*) FROM articles WHERE source = $1", 1, params),
                     1);
    assert_int_equal(it_pg_int(&env, "SELECT revision FROM articles WHERE source = $1", 1, params),
                     2);
    /* "<source>-" + 16 hex digits of sha256(source + "\n" + url). */
    assert_int_equal(it_pg_int(&env,
                               "SELECT count(*) FROM articles WHERE source = $1 AND id = $1 || "
                               "'-' || left(encode(sha256(convert_to($1 || chr(10) || "
                               "'https://example.vn/tin/1.html', 'UTF8')), 'hex'), 16)",
                               1, params),
                     1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_message_twice_then_changed),
        cmocka_unit_test(test_derived_id_revision),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
