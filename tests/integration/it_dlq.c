/*
 * End to end, case b: bad submissions published between valid ones. Each bad one lands on the
 * dead-letter topic with key and value byte-identical, the right ingest.reason and ingest.path,
 * and headers naming where it came from; none becomes a row; every valid one after them is
 * stored (the stream keeps flowing).
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
    it_env_setup(&env, "dlq", 6);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    it_env_teardown(&env);
    return 0;
}

struct bad_case {
    const char *name;
    char *value; /* NULL: a null value (tombstone) */
    size_t value_len;
    char *key; /* NULL: a null key */
    size_t key_len;
    const char *reason;
    const char *path;
};

#define BAD_MAX 20

/* Fills cases with one bad submission per reason Kafka can carry. Bodies name an id under the
 * run's prefix where the JSON allows it, so that a wrongly stored one would show up as a row. */
static size_t bad_cases(struct bad_case *c)
{
    size_t n = 0;
    char id[160];
#define ADD(nm, val, len, rsn, pth)                                                                \
    do {                                                                                           \
        snprintf(id, sizeof id, "%s-bad-%02zu", env.prefix, n);                                    \
        const char *v_ = (val);                                                                    \
        size_t l_ = (len);                                                                         \
        c[n] = (struct bad_case){nm, NULL, l_, strdup(id), strlen(id), rsn, pth};                  \
        if (v_ != NULL) {                                                                          \
            c[n].value = malloc(l_ + 1);                                                           \
            memcpy(c[n].value, v_, l_);                                                            \
        }                                                                                          \
        n++;                                                                                       \
    } while (0)
    char buf[512];
#define JSON(...) (snprintf(buf, sizeof buf, __VA_ARGS__), buf)
    ADD("empty message", "", 0, "empty_message", "");
    ADD("invalid JSON", JSON("{\"source\":\"it\",\"id\":\"%s\",\"body\":", id), strlen(buf),
        "invalid_json", "/body");
    ADD("not an object", "[\"it\",\"body\"]", 13, "not_an_object", "");
    ADD("missing source", JSON("{\"id\":\"%s-bad-%02zu\",\"body\":\"b\"}", env.prefix, n),
        strlen(buf), "missing_field", "/source");
    ADD("missing body", JSON("{\"source\":\"it\",\"id\":\"%s-bad-%02zu\"}", env.prefix, n),
        strlen(buf), "missing_field", "/body");
    ADD("wrong type",
        JSON("{\"source\":\"it\",\"id\":\"%s-bad-%02zu\",\"body\":42}", env.prefix, n), strlen(buf),
        "wrong_type", "/body");
    ADD("invalid UTF-8",
        JSON("{\"source\":\"it\",\"id\":\"%s-bad-%02zu\",\"body\":\"caf\xe9\"}", env.prefix, n),
        strlen(buf), "invalid_utf8", "/body");
    ADD("empty body",
        JSON("{\"source\":\"it\",\"id\":\"%s-bad-%02zu\",\"body\":\"\"}", env.prefix, n),
        strlen(buf), "empty_body", "/body");
    ADD("invalid value",
        JSON("{\"source\":\"it\",\"id\":\"%s-bad-%02zu\",\"body\":\"b\",\"lang\":\"fr\"}",
             env.prefix, n),
        strlen(buf), "invalid_value", "/lang");
    ADD("unknown field",
        JSON("{\"source\":\"it\",\"id\":\"%s-bad-%02zu\",\"body\":\"b\",\"titel\":\"t\"}",
             env.prefix, n),
        strlen(buf), "unknown_field", "/titel");
    ADD("duplicate key",
        JSON("{\"source\":\"it\",\"id\":\"%s-bad-%02zu\",\"body\":\"a\",\"body\":\"b\"}",
             env.prefix, n),
        strlen(buf), "duplicate_key", "/body");
    ADD("NUL escape",
        JSON("{\"source\":\"it\",\"id\":\"%s-bad-%02zu\",\"body\":\"a\\u0000b\"}", env.prefix, n),
        strlen(buf), "invalid_value", "/body");
    /* Binary garbage under a null key. */
    static const char garbage[] = "\xff\xfe\x00\x01\x80garbage\x00";
    ADD("binary garbage, null key", garbage, sizeof garbage - 1, "invalid_utf8", "");
    free(c[n - 1].key);
    c[n - 1].key = NULL;
    c[n - 1].key_len = 0;
    /* A key that is not text is passed on byte for byte too. */
    ADD("not JSON, binary key", "<html>", 6, "invalid_json", "");
    free(c[n - 1].key);
    c[n - 1].key = malloc(4);
    memcpy(c[n - 1].key, "\x00\xff\x01k", 4);
    c[n - 1].key_len = 4;
    /* A tombstone (null value) is empty. */
    ADD("null value", NULL, 0, "empty_message", "");
    /* One byte over the default 1 MiB limit; the run's topics accept up to 4 MiB. */
    {
        size_t len = 1048577;
        char *big = malloc(len);
        int head = snprintf(big, len, "{\"source\":\"it\",\"id\":\"%s-bad-%02zu\",\"body\":\"",
                            env.prefix, n);
        memset(big + head, 'x', len - (size_t)head - 2);
        memcpy(big + len - 2, "\"}", 2);
        ADD("too large", big, len, "too_large", "");
        free(big);
    }
#undef ADD
#undef JSON
    return n;
}

static void test_bad_input_goes_to_dlq_and_stream_flows(void **state)
{
    (void)state;
    struct bad_case bad[BAD_MAX];
    size_t nbad = bad_cases(bad);
    assert_true(nbad <= BAD_MAX);
    size_t nvalid = nbad + 1;

    /* valid, bad, valid, bad, ..., valid: every bad one has a valid one after it. */
    size_t total = nbad + nvalid;
    struct it_produce *msgs = calloc(total, sizeof *msgs);
    char(*valid_ids)[160] = calloc(nvalid, sizeof *valid_ids);
    char(*valid_values)[512] = calloc(nvalid, sizeof *valid_values);
    assert_non_null(msgs);
    assert_non_null(valid_ids);
    assert_non_null(valid_values);
    size_t *bad_index = calloc(nbad, sizeof *bad_index);
    for (size_t i = 0, m = 0; i < nvalid; i++) {
        snprintf(valid_ids[i], sizeof valid_ids[i], "%s-ok-%02zu", env.prefix, i);
        snprintf(valid_values[i], sizeof valid_values[i],
                 "{\"source\":\"it\",\"id\":\"%s\",\"body\":\"Tin số %zu: Hà "
                 "Nội mượt.\"}",
                 valid_ids[i], i);
        msgs[m++] = (struct it_produce){
            valid_ids[i], strlen(valid_ids[i]), valid_values[i], strlen(valid_values[i]), 0, 0};
        if (i < nbad) {
            bad_index[i] = m;
            msgs[m++] = (struct it_produce){
                bad[i].key, bad[i].key_len, bad[i].value, bad[i].value_len, 0, 0};
        }
    }
    it_ingestd_start(&env);
    it_produce(&env, env.topic_raw, msgs, total);

    char like[200];
    snprintf(like, sizeof like, "%s-%%", env.prefix);
    const char *like_param[] = {like};
    long long rows =
        it_pg_wait_count(&env, (long long)nvalid, 90000,
                         "SELECT count(*) FROM articles WHERE id LIKE $1", 1, like_param);
    if (rows != (long long)nvalid) {
        it_ingestd_log_tail(&env, 40);
    }
    assert_int_equal(rows, nvalid);
    char ok_like[200];
    snprintf(ok_like, sizeof ok_like, "%s-ok-%%", env.prefix);
    const char *ok_param[] = {ok_like};
    assert_int_equal(it_pg_int(&env, "SELECT count(*) FROM articles WHERE id LIKE $1", 1, ok_param),
                     nvalid);

    struct it_message *dlq = NULL;
    size_t ndlq = it_consume(&env, env.topic_dlq, nbad, 60000, 2000, &dlq);
    if (ndlq != nbad) {
        it_ingestd_log_tail(&env, 40);
    }
    assert_int_equal(ndlq, nbad);

    for (size_t i = 0; i < nbad; i++) {
        const struct it_produce *sent = &msgs[bad_index[i]];
        /* Find the dead letter by its origin headers. */
        const struct it_message *found = NULL;
        char want_partition[16], want_offset[32], buf[64];
        snprintf(want_partition, sizeof want_partition, "%d", (int)sent->partition);
        snprintf(want_offset, sizeof want_offset, "%lld", (long long)sent->offset);
        for (size_t k = 0; k < ndlq && found == NULL; k++) {
            const char *p = it_header(&dlq[k], "ingest.partition", buf, sizeof buf);
            if (p == NULL || strcmp(p, want_partition) != 0) {
                continue;
            }
            p = it_header(&dlq[k], "ingest.offset", buf, sizeof buf);
            if (p != NULL && strcmp(p, want_offset) == 0) {
                found = &dlq[k];
            }
        }
        if (found == NULL) {
            fail_msg("case \"%s\" (partition %s offset %s) is not on the DLQ", bad[i].name,
                     want_partition, want_offset);
        }
        char reason[64], path[128], topic[160], error[512], when[64];
        assert_non_null(it_header(found, "ingest.reason", reason, sizeof reason));
        assert_non_null(it_header(found, "ingest.path", path, sizeof path));
        if (strcmp(reason, bad[i].reason) != 0 || strcmp(path, bad[i].path) != 0) {
            fail_msg("case \"%s\": reason %s path \"%s\", expected %s \"%s\"", bad[i].name, reason,
                     path, bad[i].reason, bad[i].path);
        }
        assert_string_equal(it_header(found, "ingest.topic", topic, sizeof topic), env.topic_raw);
        assert_non_null(it_header(found, "ingest.error", error, sizeof error));
        assert_true(strlen(error) > 0);
        /* ISO 8601 UTC: 2026-11-27T09:03:24.123Z */
        assert_non_null(it_header(found, "ingest.time", when, sizeof when));
        assert_true(strlen(when) >= 20 && when[4] == '-' && when[10] == 'T' &&
                    when[strlen(when) - 1] == 'Z');
        /* Byte-identical key and value; null stays null. */
        if (bad[i].key == NULL) {
            assert_null(found->key);
        } else {
            assert_non_null(found->key);
            assert_int_equal(found->key_len, bad[i].key_len);
            assert_memory_equal(found->key, bad[i].key, bad[i].key_len);
        }
        if (bad[i].value == NULL) {
            assert_null(found->value);
        } else {
            assert_int_equal(found->value_len, bad[i].value_len);
            if (bad[i].value_len > 0) {
                assert_memory_equal(found->value, bad[i].value, bad[i].value_len);
            }
        }
    }
    it_messages_free(dlq, ndlq);

    /* No row for any bad one, even those with a well-formed id. */
    char bad_like[200];
    snprintf(bad_like, sizeof bad_like, "%s-bad-%%", env.prefix);
    const char *bad_param[] = {bad_like};
    assert_int_equal(
        it_pg_int(&env, "SELECT count(*) FROM articles WHERE id LIKE $1", 1, bad_param), 0);

    /* Every message, good or bad, is acknowledged: the committed offsets reach the end. */
    int64_t *next = calloc((size_t)env.raw_partitions, sizeof *next);
    for (size_t m = 0; m < total; m++) {
        if (msgs[m].offset + 1 > next[msgs[m].partition]) {
            next[msgs[m].partition] = msgs[m].offset + 1;
        }
    }
    it_wait_committed(&env, env.topic_raw, next, env.raw_partitions, 60000);
    free(next);

    it_ingestd_stop(&env, SIGTERM);
    for (size_t i = 0; i < nbad; i++) {
        free(bad[i].key);
        free(bad[i].value);
    }
    free(bad_index);
    free(valid_values);
    free(valid_ids);
    free(msgs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bad_input_goes_to_dlq_and_stream_flows),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
