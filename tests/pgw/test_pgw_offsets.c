/*
 * The writer with offsets kept (options.group_id, migration 006) against the real PostgreSQL of
 * the local stack: each transaction stores its partitions' positions with its rows; a newer
 * claim fences off writes under an older epoch (and only those); a row refused for its data
 * becomes a dead letter in the same transaction, byte for byte; dead letters are idempotent.
 * Every group and topic name is unique to the run.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "pgw.h"
#include "pgw_test_support.h"

#define MAX_ROWS 256

struct collector {
    int expected, n;
    bool done;
    struct pgw_result res[MAX_ROWS];
};

static void on_done(void *arg, const struct pgw_result *res)
{
    struct collector *c = arg;
    if (c->n < MAX_ROWS) {
        c->res[c->n] = *res;
    }
    if (++c->n >= c->expected) {
        c->done = true;
    }
}

static bool closed_flag;

static void on_closed(void *arg)
{
    *(bool *)arg = true;
}

static PGconn *checker;
static char group[128], topic[128];

static struct pgw *open_writer(uv_loop_t *loop, const char *group_id, unsigned batch_size)
{
    struct pgw_options opt;
    pgw_options_default(&opt);
    opt.conninfo = pgw_test_conninfo();
    opt.group_id = group_id;
    opt.batch_size = batch_size;
    opt.batch_linger_ms = 50; /* every row of a test goes in as few batches as possible */
    struct pgw *w = NULL;
    assert_int_equal(pgw_create(loop, &opt, &w), 0);
    assert_int_equal(pgw_start(w), 0);
    return w;
}

static void close_writer(uv_loop_t *loop, struct pgw *w)
{
    closed_flag = false;
    pgw_close(w, on_closed, &closed_flag);
    assert_true(pgw_test_run_until(loop, &closed_flag, 5000));
    assert_int_equal(pgw_test_loop_finish(loop), 0);
}

/* sql's single value with $1 = the run's group, $2 = its topic, $3 = partition; caller frees;
 * NULL for none. */
static char *value_of(const char *sql, int partition)
{
    char part[16];
    snprintf(part, sizeof(part), "%d", partition);
    const char *params[3] = {group, topic, part};
    PGresult *r = PQexecParams(checker, sql, 3, NULL, params, NULL, NULL, 0);
    char *value = NULL;
    if (PQresultStatus(r) != PGRES_TUPLES_OK) {
        fail_msg("%s: %s", sql, PQerrorMessage(checker));
    }
    if (PQntuples(r) == 1 && !PQgetisnull(r, 0, 0)) {
        value = strdup(PQgetvalue(r, 0, 0));
    }
    PQclear(r);
    return value;
}

/* ingest_claim_partition() as the consumer calls it; returns the new epoch. */
static long claim(int partition)
{
    char *v = value_of("SELECT epoch FROM ingest_claim_partition($1, $2, $3::int)", partition);
    assert_non_null(v);
    long epoch = strtol(v, NULL, 10);
    free(v);
    return epoch;
}

static char *position(int partition)
{
    return value_of("SELECT next_offset || '/' || published_offset || '/' || epoch FROM "
                    "ingest_offsets WHERE group_id = $1 AND topic = $2 AND partition = $3::int",
                    partition);
}

static void assert_position(int partition, const char *expected)
{
    char *got = position(partition);
    if (got == NULL) {
        fail_msg("no position for partition %d", partition);
    }
    assert_string_equal(got, expected);
    free(got);
}

struct rows {
    int n;
    char ids[MAX_ROWS][128];
    json_t *records[MAX_ROWS];
    struct pgw_test_row rows[MAX_ROWS];
};

/* n article rows of partition, offsets first.., under epoch, with published as given. */
static void rows_make(struct rows *rs, const char *tag, int n, int partition, int64_t first,
                      long epoch, int64_t published)
{
    rs->n = n;
    for (int i = 0; i < n; i++) {
        snprintf(rs->ids[i], sizeof(rs->ids[i]), "%s%s-%d", pgw_test_prefix(), tag, i);
        rs->records[i] = pgw_test_enriched(rs->ids[i], (unsigned)i, 400, 1, 1, 1);
        assert_int_equal(pgw_test_row_make(&rs->rows[i], rs->ids[i], rs->records[i], first + i), 0);
        struct pgw_row *row = &rs->rows[i].row;
        row->topic = topic;
        row->partition = partition;
        row->epoch = epoch;
        row->published = published;
        row->key = rs->ids[i];
        row->key_len = strlen(rs->ids[i]);
        row->value = rs->rows[i].raw_json;
        row->value_len = strlen(rs->rows[i].raw_json);
    }
}

static void rows_free(struct rows *rs)
{
    for (int i = 0; i < rs->n; i++) {
        pgw_test_row_free(&rs->rows[i]);
        json_decref(rs->records[i]);
    }
}

static void submit_all(struct pgw *w, struct rows *rs, struct collector *c)
{
    for (int i = 0; i < rs->n; i++) {
        assert_int_equal(pgw_submit(w, &rs->rows[i].row, on_done, c), 0);
    }
}

/* Rows of two partitions in the same batches: each partition's position is the offset after
 * its last row, with the published position given; positions never move back. */
static void test_offsets_stored_with_rows(void **state)
{
    (void)state;
    uv_loop_t loop;
    uv_loop_init(&loop);
    struct pgw *w = open_writer(&loop, group, 0);
    long e0 = claim(0), e1 = claim(1);
    static struct rows a, b, old;
    rows_make(&a, "off-a", 30, 0, 100, e0, 95);
    rows_make(&b, "off-b", 10, 1, 7, e1, 7);
    static struct collector c;
    memset(&c, 0, sizeof(c));
    c.expected = a.n + b.n;
    for (int i = 0; i < 30; i++) {
        assert_int_equal(pgw_submit(w, &a.rows[i].row, on_done, &c), 0);
        if (i < 10) {
            assert_int_equal(pgw_submit(w, &b.rows[i].row, on_done, &c), 0);
        }
    }
    assert_true(pgw_test_run_until(&loop, &c.done, 20000));
    for (int i = 0; i < c.n; i++) {
        assert_int_equal(c.res[i].status, 0);
        assert_int_equal(c.res[i].outcome, PGW_OUTCOME_INSERTED);
    }
    char expect[64];
    snprintf(expect, sizeof(expect), "130/95/%ld", e0);
    assert_position(0, expect);
    snprintf(expect, sizeof(expect), "17/7/%ld", e1);
    assert_position(1, expect);

    /* An older offset of the same owner (a replay) stores its rows again (unchanged) but never
     * moves the position back. */
    rows_make(&old, "off-a", 5, 0, 100, e0, 90);
    memset(&c, 0, sizeof(c));
    c.expected = old.n;
    submit_all(w, &old, &c);
    assert_true(pgw_test_run_until(&loop, &c.done, 20000));
    for (int i = 0; i < c.n; i++) {
        assert_int_equal(c.res[i].status, 0);
        assert_int_equal(c.res[i].outcome, PGW_OUTCOME_UNCHANGED);
    }
    snprintf(expect, sizeof(expect), "130/95/%ld", e0);
    assert_position(0, expect);
    rows_free(&a);
    rows_free(&b);
    rows_free(&old);
    close_writer(&loop, w);
}

/* After a new claim, rows written under the old epoch fail as PGW_ERR_FENCED and store nothing,
 * while their batch-mates of another partition commit. */
static void test_old_epoch_is_fenced(void **state)
{
    (void)state;
    uv_loop_t loop;
    uv_loop_init(&loop);
    struct pgw *w = open_writer(&loop, group, 0);
    long old_epoch = claim(2);
    long new_epoch = claim(2); /* another owner took partition 2 */
    assert_int_equal(new_epoch, old_epoch + 1);
    long e3 = claim(3);
    static struct rows zombie, live;
    rows_make(&zombie, "fence-z", 4, 2, 40, old_epoch, 40);
    rows_make(&live, "fence-l", 4, 3, 60, e3, 60);
    static struct collector c;
    memset(&c, 0, sizeof(c));
    c.expected = 8;
    for (int i = 0; i < 4; i++) {
        assert_int_equal(pgw_submit(w, &zombie.rows[i].row, on_done, &c), 0);
        assert_int_equal(pgw_submit(w, &live.rows[i].row, on_done, &c), 0);
    }
    assert_true(pgw_test_run_until(&loop, &c.done, 20000));
    for (int i = 0; i < 8; i++) {
        if (i % 2 == 0) {
            assert_int_equal(c.res[i].status, PGW_ERR_FENCED);
            assert_string_equal(c.res[i].sqlstate, "IG001");
        } else {
            assert_int_equal(c.res[i].status, 0);
            assert_int_equal(c.res[i].outcome, PGW_OUTCOME_INSERTED);
        }
    }
    char pattern[160];
    snprintf(pattern, sizeof(pattern), "%sfence-z-%%", pgw_test_prefix());
    assert_int_equal(
        pgw_test_count(checker, "SELECT count(*) FROM articles WHERE id LIKE $1", pattern), 0);
    char expect[64];
    snprintf(expect, sizeof(expect), "-1/-1/%ld", new_epoch);
    assert_position(2, expect);
    snprintf(expect, sizeof(expect), "64/60/%ld", e3);
    assert_position(3, expect);
    struct pgw_stats st;
    pgw_stats_get(w, &st);
    assert_int_equal(st.fenced, 4);
    rows_free(&zombie);
    rows_free(&live);
    close_writer(&loop, w);
}

/* A row the database refuses for its data is stored as a dead letter 'db_rejected' in the same
 * transaction as the offsets, with the message's bytes exactly; sent again, it is recognised. */
static void test_refused_row_becomes_dead_letter(void **state)
{
    (void)state;
    uv_loop_t loop;
    uv_loop_init(&loop);
    struct pgw *w = open_writer(&loop, group, 0);
    long e = claim(4);
    static struct rows rs;
    rows_make(&rs, "reject", 6, 4, 10, e, 10);
    static const unsigned char value[] = {'{', 0x00, 0xff, 0xc3, 0x28, '}'}; /* not text */
    rs.rows[3].row.published_at = "2021-02-30T08:00:00+07:00";
    rs.rows[3].row.value = value;
    rs.rows[3].row.value_len = sizeof(value);
    rs.rows[3].row.key = NULL; /* a null key stays NULL */
    rs.rows[3].row.key_len = 0;
    for (int round = 0; round < 2; round++) {
        static struct collector c;
        memset(&c, 0, sizeof(c));
        c.expected = rs.n;
        submit_all(w, &rs, &c);
        assert_true(pgw_test_run_until(&loop, &c.done, 20000));
        for (int i = 0; i < rs.n; i++) {
            assert_int_equal(c.res[i].status, 0);
            if (i == 3) {
                assert_int_equal(c.res[i].outcome, PGW_OUTCOME_REJECTED);
                assert_string_equal(c.res[i].sqlstate, "22008");
                assert_non_null(strstr(c.res[i].message, "out of range"));
                assert_int_equal(c.res[i].stored_before, round == 1);
            } else {
                assert_int_equal(c.res[i].outcome,
                                 round == 0 ? PGW_OUTCOME_INSERTED : PGW_OUTCOME_UNCHANGED);
                assert_false(c.res[i].stored_before);
            }
        }
    }
    char *got = value_of("SELECT reason || '|' || sqlstate || '|' || encode(value, 'hex') || "
                         "'|' || (key IS NULL) FROM dead_letters WHERE group_id = $1 AND topic = "
                         "$2 AND partition = $3::int AND kafka_offset = 13",
                         4);
    assert_non_null(got);
    assert_string_equal(got, "db_rejected|22008|7b00ffc3287d|true");
    free(got);
    char expect[64];
    snprintf(expect, sizeof(expect), "16/10/%ld", e);
    assert_position(4, expect);
    rows_free(&rs);
    close_writer(&loop, w);
}

/* Dead-letter rows: stored once, recognised when sent again, offsets stored with them; refused
 * by a writer without a group. */
static void test_dead_letter_rows(void **state)
{
    (void)state;
    uv_loop_t loop;
    uv_loop_init(&loop);
    struct pgw *w = open_writer(&loop, group, 0);
    long e = claim(5);
    static const unsigned char value[] = {0x00, 0x01, 0xfe};
    struct pgw_row row = {
        .kind = PGW_ROW_DEAD_LETTER,
        .topic = topic,
        .partition = 5,
        .offset = 77,
        .key = "k",
        .key_len = 1,
        .value = value,
        .value_len = sizeof(value),
        .reason = "invalid_json",
        .path = "",
        .error = "not JSON: byte 0",
        .epoch = e,
        .published = 70,
    };
    for (int round = 0; round < 2; round++) {
        static struct collector c;
        memset(&c, 0, sizeof(c));
        c.expected = 1;
        assert_int_equal(pgw_submit(w, &row, on_done, &c), 0);
        assert_true(pgw_test_run_until(&loop, &c.done, 20000));
        assert_int_equal(c.res[0].status, 0);
        assert_int_equal(c.res[0].outcome,
                         round == 0 ? PGW_OUTCOME_INSERTED : PGW_OUTCOME_UNCHANGED);
        assert_int_equal(c.res[0].stored_before, round == 1);
    }
    char *got = value_of("SELECT reason || '|' || encode(key, 'escape') || '|' || "
                         "encode(value, 'hex') || '|' || error || '|' || (path IS NULL) || '|' "
                         "|| (sqlstate IS NULL) FROM dead_letters WHERE group_id = $1 AND topic "
                         "= $2 AND partition = $3::int",
                         5);
    assert_non_null(got);
    assert_string_equal(got, "invalid_json|k|0001fe|not JSON: byte 0|true|true");
    free(got);
    char expect[64];
    snprintf(expect, sizeof(expect), "78/70/%ld", e);
    assert_position(5, expect);
    close_writer(&loop, w);

    /* Without a group there is nowhere to keep a dead letter. */
    uv_loop_init(&loop);
    w = open_writer(&loop, NULL, 0);
    static struct collector c;
    assert_int_equal(pgw_submit(w, &row, on_done, &c), -EINVAL);
    close_writer(&loop, w);
}

/* A position row moves only the published position; under an old epoch it is fenced. */
static void test_position_rows(void **state)
{
    (void)state;
    uv_loop_t loop;
    uv_loop_init(&loop);
    struct pgw *w = open_writer(&loop, group, 0);
    long old = claim(6);
    long e = claim(6);
    static struct rows rs;
    rows_make(&rs, "pos", 3, 6, 30, e, 30);
    static struct collector c;
    memset(&c, 0, sizeof(c));
    c.expected = 5;
    submit_all(w, &rs, &c);
    struct pgw_row pos = {
        .kind = PGW_ROW_POSITION, .topic = topic, .partition = 6, .epoch = e, .published = 33};
    assert_int_equal(pgw_submit(w, &pos, on_done, &c), 0);
    struct pgw_row stale = pos;
    stale.epoch = old;
    stale.published = 40;
    assert_int_equal(pgw_submit(w, &stale, on_done, &c), 0);
    assert_true(pgw_test_run_until(&loop, &c.done, 20000));
    for (int i = 0; i < 3; i++) {
        assert_int_equal(c.res[i].status, 0);
    }
    assert_int_equal(c.res[3].status, 0);
    assert_int_equal(c.res[3].outcome, PGW_OUTCOME_NONE);
    assert_int_equal(c.res[4].status, PGW_ERR_FENCED);
    char expect[64];
    snprintf(expect, sizeof(expect), "33/33/%ld", e);
    assert_position(6, expect);
    /* Without an epoch there is no partition to speak for. */
    pos.epoch = 0;
    assert_int_equal(pgw_submit(w, &pos, on_done, &c), -EINVAL);
    rows_free(&rs);
    close_writer(&loop, w);
}

static int group_setup(void **state)
{
    (void)state;
    checker = pgw_test_connect(pgw_test_conninfo());
    if (checker == NULL) {
        return -1;
    }
    snprintf(group, sizeof(group), "%sgroup", pgw_test_prefix());
    snprintf(topic, sizeof(topic), "%stopic", pgw_test_prefix());
    return pgw_test_migrate();
}

static int group_teardown(void **state)
{
    (void)state;
    PQfinish(checker);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_offsets_stored_with_rows),
        cmocka_unit_test(test_old_epoch_is_fenced),
        cmocka_unit_test(test_refused_row_becomes_dead_letter),
        cmocka_unit_test(test_dead_letter_rows),
        cmocka_unit_test(test_position_rows),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
