/*
 * `ingestctl publish` and `ingestctl migrate` against the real broker and database of
 * `deploy/local/stack up` (label integration; fails, never skips, when they are missing):
 * files, folders and JSON Lines arrive byte for byte with the right keys, settings come from
 * flags or INGEST_* variables, and failures give exit status 1.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <jansson.h>

#include "it_support.h"
#include "run_support.h"

static struct it_env env;

static int setup(void **state)
{
    (void)state;
    it_env_setup(&env, "ctl", 3);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    it_env_teardown(&env);
    return 0;
}

static char *source_path(const char *rel)
{
    static char path[4][1024];
    static int slot;
    const char *dir = getenv("INGEST_SOURCE_DIR");
    slot = (slot + 1) % 4;
    snprintf(path[slot], sizeof path[slot], "%s/%s", dir ? dir : INGEST_SOURCE_DIR, rel);
    return path[slot];
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)size + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)size, f), (size_t)size);
    buf[size] = '\0';
    fclose(f);
    *len = (size_t)size;
    return buf;
}

/* The consumed message whose value equals value[0..len), or NULL. */
static const struct it_message *find_value(const struct it_message *m, size_t n, const char *value,
                                           size_t len)
{
    for (size_t i = 0; i < n; i++) {
        if (m[i].value_len == len && memcmp(m[i].value, value, len) == 0) {
            return &m[i];
        }
    }
    return NULL;
}

static void expect_key(const struct it_message *m, const char *key)
{
    assert_non_null(m);
    if (key == NULL) {
        assert_null(m->key);
        return;
    }
    assert_non_null(m->key);
    assert_int_equal(m->key_len, strlen(key));
    assert_memory_equal(m->key, key, strlen(key));
}

static void test_publish_folder_and_text(void **state)
{
    (void)state;
    char topic[160];
    snprintf(topic, sizeof topic, "%s", env.topic_raw);
    char *argv[] = {(char *)run_program_path("ingestctl"),
                    "publish",
                    "--brokers",
                    env.brokers,
                    "--topic",
                    topic,
                    "--source",
                    "cli",
                    "--id-from-name",
                    source_path("tests/fixtures/samples"),
                    source_path("tests/fixtures/000_f4fd15bba88c9e78.txt"),
                    NULL};
    struct run_result res;
    assert_int_equal(run_program(argv, NULL, NULL, &res), 0);
    if (res.exit_code != 0) {
        fail_msg("exit %d: %s", res.exit_code, res.err);
    }
    char want[512];
    snprintf(want, sizeof want,
             "published 8 messages from 6 inputs to %s: 8 delivered, 0 failed (1 other file "
             "skipped)\n",
             topic);
    assert_string_equal(res.out, want);
    assert_string_equal(res.err, ""); /* not a terminal: no progress line */
    run_result_free(&res);

    struct it_message *msgs = NULL;
    size_t n = it_consume(&env, topic, 8, 30000, 1000, &msgs);
    assert_int_equal(n, 8);

    static const struct {
        const char *file;
        const char *key;
    } files[] = {
        {"tests/fixtures/samples/01_baocantho_dan_van.json", "baocantho-2020-07-15-dan-van"},
        {"tests/fixtures/samples/02_mekong_lua_gao.json", NULL},
        {"tests/fixtures/samples/03_saigon_html.json", "saigonpost-2022-03-18-metro"},
        {"tests/fixtures/samples/04_en_rice_exports.json", "asiawire-20210705-rice"},
    };
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        size_t len;
        char *value = slurp(source_path(files[i].file), &len);
        const struct it_message *m = find_value(msgs, n, value, len);
        if (m == NULL) {
            fail_msg("%s was not published byte for byte", files[i].file);
        }
        expect_key(m, files[i].key);
        free(value);
    }

    /* JSON Lines: each line as it is, without its "\n". */
    size_t len;
    char *lines = slurp(source_path("tests/fixtures/samples/05_mekong_batch.jsonl"), &len);
    size_t count = 0;
    for (char *at = lines; *at != '\0'; count++) {
        char *nl = strchr(at, '\n');
        assert_non_null(nl);
        const struct it_message *m = find_value(msgs, n, at, (size_t)(nl - at));
        if (m == NULL) {
            fail_msg("line %zu of the JSON Lines file was not published byte for byte", count + 1);
        }
        char key[128];
        assert_true(m->key_len < sizeof key);
        memcpy(key, m->key, m->key_len);
        key[m->key_len] = '\0';
        json_t *j = json_loadb(at, (size_t)(nl - at), 0, NULL);
        assert_string_equal(key, json_string_value(json_object_get(j, "id")));
        json_decref(j);
        at = nl + 1;
    }
    assert_int_equal(count, 3);
    free(lines);

    /* The text file, wrapped; its name is its id. */
    char *text = slurp(source_path("tests/fixtures/000_f4fd15bba88c9e78.txt"), &len);
    json_t *want_sub =
        json_pack("{s:s,s:s,s:s%,s:s}", "source", "cli", "id", "000_f4fd15bba88c9e78", "body", text,
                  len, "content_type", "text/plain");
    int wrapped = 0;
    for (size_t i = 0; i < n; i++) {
        json_t *j = json_loadb(msgs[i].value, msgs[i].value_len, 0, NULL);
        if (json_equal(j, want_sub)) {
            expect_key(&msgs[i], "000_f4fd15bba88c9e78");
            wrapped++;
        }
        json_decref(j);
    }
    assert_int_equal(wrapped, 1);
    json_decref(want_sub);
    free(text);
    it_messages_free(msgs, n);
}

/* Settings from INGEST_* (as ingestd reads them), input from stdin, blank lines skipped. */
static void test_publish_stdin_with_env_settings(void **state)
{
    (void)state;
    char topic[160];
    snprintf(topic, sizeof topic, "%s", env.topic_dlq); /* an empty topic of the run */
    const char input[] = "{\"source\":\"s\",\"id\":\"k1\",\"body\":\"a\"}\n\n[\"not\",\"a\"]\r\n";
    const char *path = run_temp_file(0, input, sizeof input - 1);
    char brokers_var[300], topic_var[200];
    snprintf(brokers_var, sizeof brokers_var, "INGEST_KAFKA_BROKERS=%s", env.brokers);
    snprintf(topic_var, sizeof topic_var, "INGEST_TOPIC_RAW=%s", topic);
    char *vars[] = {brokers_var, topic_var, NULL};
    char *argv[] = {(char *)run_program_path("ingestctl"), "publish", "-", NULL};
    struct run_result res;
    assert_int_equal(run_program(argv, vars, path, &res), 0);
    unlink(path);
    assert_int_equal(res.exit_code, 0);
    char want[512];
    snprintf(want, sizeof want, "published 2 messages from 1 input to %s: 2 delivered, 0 failed\n",
             topic);
    assert_string_equal(res.out, want);
    run_result_free(&res);

    struct it_message *msgs = NULL;
    size_t n = it_consume(&env, topic, 2, 30000, 1000, &msgs);
    assert_int_equal(n, 2);
    /* One partition: in order. */
    assert_int_equal(msgs[0].value_len, 35);
    assert_memory_equal(msgs[0].value, "{\"source\":\"s\",\"id\":\"k1\",\"body\":\"a\"}", 35);
    expect_key(&msgs[0], "k1");
    assert_int_equal(msgs[1].value_len, 11);
    assert_memory_equal(msgs[1].value, "[\"not\",\"a\"]", 11);
    expect_key(&msgs[1], NULL);
    it_messages_free(msgs, n);
}

static void test_publish_failures(void **state)
{
    (void)state;
    struct run_result res;
    /* Nothing listens on port 9: the message times out and the exit status says so. */
    char *argv[] = {(char *)run_program_path("ingestctl"),
                    "publish",
                    "-b",
                    "127.0.0.1:9",
                    "-t",
                    "nowhere",
                    "-X",
                    "message.timeout.ms=1500",
                    source_path("tests/fixtures/samples/04_en_rice_exports.json"),
                    NULL};
    assert_int_equal(run_program(argv, NULL, NULL, &res), 0);
    assert_int_equal(res.exit_code, 1);
    assert_string_equal(res.out,
                        "published 1 message from 1 input to nowhere: 0 delivered, 1 failed\n");
    assert_non_null(strstr(res.err, "04_en_rice_exports.json: not delivered: "));
    run_result_free(&res);

    char *bad_property[] = {(char *)run_program_path("ingestctl"), "publish", "-X", "nonsense=1",
                            source_path("tests/fixtures/samples"), NULL};
    assert_int_equal(run_program(bad_property, NULL, NULL, &res), 0);
    assert_int_equal(res.exit_code, 2);
    assert_non_null(strstr(res.err, "ingestctl publish: -X nonsense: "));
    run_result_free(&res);

    char *unknown_kind[] = {(char *)run_program_path("ingestctl"), "publish",
                            source_path("tests/fixtures/samples/README.md"), NULL};
    assert_int_equal(run_program(unknown_kind, NULL, NULL, &res), 0);
    assert_int_equal(res.exit_code, 1);
    assert_non_null(strstr(res.err, "README.md: unknown kind of file"));
    run_result_free(&res);
}

static void test_migrate(void **state)
{
    (void)state;
    struct run_result res;
    char *argv[] = {
        (char *)run_program_path("ingestctl"), "migrate", "--conninfo", env.conninfo, "--dir",
        source_path("schemas/migrations"),     NULL};
    /* The stack applied the migrations when it came up, unless some were added since: a first
     * run brings the database up to date either way, and a second finds nothing to do. */
    assert_int_equal(run_program(argv, NULL, NULL, &res), 0);
    if (res.exit_code != 0) {
        fail_msg("exit %d: %s", res.exit_code, res.err);
    }
    run_result_free(&res);
    assert_int_equal(run_program(argv, NULL, NULL, &res), 0);
    assert_int_equal(res.exit_code, 0);
    char want[1200];
    snprintf(want, sizeof want, "database is up to date (%s)\n", source_path("schemas/migrations"));
    assert_string_equal(res.out, want);
    run_result_free(&res);
    /* Every file in the folder is recorded as applied. */
    assert_int_equal(it_pg_int(&env,
                               "SELECT count(*) FROM schema_migrations WHERE version IN "
                               "('001_articles', '002_article_details')",
                               0, NULL),
                     2);

    char *unreachable[] = {(char *)run_program_path("ingestctl"), "migrate", "-c",
                           "host=127.0.0.1 port=9 dbname=x user=x connect_timeout=2", NULL};
    assert_int_equal(run_program(unreachable, NULL, NULL, &res), 0);
    assert_int_equal(res.exit_code, 1);
    assert_memory_equal(res.err, "ingestctl migrate: ", 19);
    run_result_free(&res);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_publish_folder_and_text),
        cmocka_unit_test(test_publish_stdin_with_env_settings),
        cmocka_unit_test(test_publish_failures),
        cmocka_unit_test(test_migrate),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
