/*
 * The writer against the real PostgreSQL of the local stack (label integration): what lands in
 * the tables, idempotence, revisions, per-row data errors, a backend killed mid-stream, a
 * database without the migrations, an unreachable server, and closing. Every id starts with a
 * prefix unique to the run, and every test ends with uv_loop_close() == 0.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "pgw.h"
#include "pgw_test_support.h"

#define MAX_ROWS 512

/* Completions in the order they arrived. */
struct collector {
    int expected;
    int n;
    bool done;
    int index[MAX_ROWS];
    struct pgw_result res[MAX_ROWS];
    /* Optional hook run after each completion (the mid-stream kill, closing from a callback). */
    void (*hook)(struct collector *c);
    void *hook_arg;
};

struct slot {
    struct collector *c;
    int index;
};

static void on_done(void *arg, const struct pgw_result *res)
{
    struct slot *s = arg;
    struct collector *c = s->c;
    if (c->n < MAX_ROWS) {
        c->index[c->n] = s->index;
        c->res[c->n] = *res;
    }
    c->n++;
    if (c->hook != NULL) {
        c->hook(c);
    }
    if (c->n >= c->expected) {
        c->done = true;
    }
}

struct state_log {
    int ups, downs;
    char last_error[512];
};

static void on_state(void *arg, bool connected, const char *error)
{
    struct state_log *log = arg;
    if (connected) {
        log->ups++;
    } else {
        log->downs++;
        snprintf(log->last_error, sizeof(log->last_error), "%s", error);
    }
}

static bool closed_flag;

static void on_closed(void *arg)
{
    *(bool *)arg = true;
}

/* The conninfo with an application_name, unique to the run and the test, that finds our
 * backend in pg_stat_activity. */
static const char *test_conninfo(const char *tag)
{
    static char buf[1024];
    snprintf(buf, sizeof(buf), "%s application_name=pgwt_%ld_%s", pgw_test_conninfo(),
             (long)getpid(), tag);
    return buf;
}

/* batch_size 0 keeps pgw's default (200). */
static struct pgw *open_writer(uv_loop_t *loop, const char *conninfo, unsigned max_in_flight,
                               unsigned batch_size, struct state_log *log)
{
    struct pgw_options opt;
    pgw_options_default(&opt);
    opt.conninfo = conninfo;
    opt.max_in_flight = max_in_flight;
    opt.batch_size = batch_size;
    opt.reconnect_min_ms = 50;
    opt.reconnect_max_ms = 400;
    opt.state_cb = on_state;
    opt.state_arg = log;
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

static void make_id(char *out, size_t cap, const char *tag, int i)
{
    snprintf(out, cap, "%s%s-%d", pgw_test_prefix(), tag, i);
}

static PGconn *checker;

static void assert_row_text(const char *sql, const char *id, const char *expected)
{
    char *got = pgw_test_value(checker, sql, id);
    if (expected == NULL) {
        assert_null(got);
        return;
    }
    if (got == NULL) {
        fail_msg("%s for %s: NULL, expected %s", sql, id, expected);
    }
    assert_string_equal(got, expected);
    free(got);
}

/* One article: inserted with every field and detail row; the same again changes nothing;
 * changed text raises the revision and replaces the detail rows. */
static void test_insert_unchanged_update(void **state)
{
    (void)state;
    uv_loop_t loop;
    uv_loop_init(&loop);
    struct state_log log = {0};
    struct pgw *w = open_writer(&loop, test_conninfo("one"), 8, 0, &log);
    char id[128];
    make_id(id, sizeof(id), "one", 0);

    json_t *first = pgw_test_enriched(id, 1, 3000, 4, 6, 3);
    json_t *second = pgw_test_enriched(id, 2, 3000, 2, 1, 1);
    struct pgw_test_row a, b;
    assert_int_equal(pgw_test_row_make(&a, id, first, 100), 0);
    assert_int_equal(pgw_test_row_make(&b, id, second, 102), 0);

    struct collector c = {.expected = 2};
    struct slot slots[3] = {{&c, 0}, {&c, 1}, {&c, 2}};
    assert_int_equal(pgw_submit(w, &a.row, on_done, &slots[0]), 0);
    assert_int_equal(pgw_submit(w, &a.row, on_done, &slots[1]), 0);
    assert_int_equal(pgw_queued(w), 2);
    assert_true(pgw_queued_bytes(w) > strlen(a.row.text) * 2);
    assert_true(pgw_test_run_until(&loop, &c.done, 10000));
    assert_int_equal(c.n, 2);
    assert_int_equal(c.index[0], 0);
    assert_int_equal(c.res[0].status, 0);
    assert_int_equal(c.res[0].outcome, PGW_OUTCOME_INSERTED);
    assert_int_equal(c.res[0].revision, 1);
    assert_string_equal(c.res[0].sqlstate, "");
    assert_int_equal(c.index[1], 1);
    assert_int_equal(c.res[1].status, 0);
    assert_int_equal(c.res[1].outcome, PGW_OUTCOME_UNCHANGED);
    assert_int_equal(c.res[1].revision, 1);
    assert_true(pgw_is_connected(w));
    assert_string_equal(pgw_last_error(w), "");
    assert_int_equal(log.ups, 1);

    /* The stored row. */
    assert_row_text("SELECT source || '|' || url || '|' || title || '|' || lang || '|' || "
                    "revision || '|' || kafka_topic || '|' || kafka_partition || '|' || "
                    "kafka_offset || '|' || (ingested_at = updated_at) FROM articles WHERE id = $1",
                    id,
                    "cantho|https://baocantho.com.vn/example|Hạn chế tình trạng hành chính "
                    "hóa|vi|1|articles.raw|3|100|true");
    assert_row_text("SELECT to_char(published_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') "
                    "FROM articles WHERE id = $1",
                    id, "2020-07-15 14:29:00");
    assert_row_text("SELECT text FROM articles WHERE id = $1", id, a.row.text);
    assert_row_text("SELECT content_hash FROM articles WHERE id = $1", id, a.hash);
    assert_row_text("SELECT raw->>'url' FROM articles WHERE id = $1", id,
                    "https://baocantho.com.vn/example");
    char *stored = pgw_test_value(checker, "SELECT enriched::text FROM articles WHERE id = $1", id);
    json_t *round = json_loads(stored, 0, NULL);
    free(stored);
    assert_true(json_equal(round, first));
    json_decref(round);

    /* Detail rows, in array order, with the values converted. */
    assert_row_text("SELECT string_agg(ordinal || ':' || type || ':' || normalized || ':' || "
                    "start_offset || '-' || end_offset || ':' || mention_count || ':' || "
                    "array_to_string(titles, ';') || ':' || coalesce(expansion, '-'), ' | ' "
                    "ORDER BY ordinal) FROM article_entities WHERE article_id = $1",
                    id,
                    "0:person:Phạm Văn Hiểu:0-12:1:Chủ tịch:- | "
                    "1:organization:Thành ủy Cần Thơ:40-52:2:Phó Bí thư:- | "
                    "2:organization:Bộ Chính trị:80-92:3:Chủ tịch:- | "
                    "3:location:Cần Thơ:120-132:1:Phó Bí thư:-");
    assert_row_text("SELECT string_agg(ordinal || ':' || kind || ':' || value || ':' || "
                    "coalesce(range_start::text, '-') || '..' || coalesce(range_end::text, '-') "
                    "|| ':' || role || ':' || start_offset || '-' || end_offset, ' | ' "
                    "ORDER BY ordinal) FROM article_dates WHERE article_id = $1",
                    id,
                    "0:date:2020-07-15:2020-07-15..2020-07-15:published:0-14 | "
                    "1:datetime:2020-07-15T21:29:00+07:00:2020-07-15..2020-07-15:mentioned:50-64 | "
                    "2:month:2022-10:2022-10-01..2022-10-31:mentioned:100-114 | "
                    "3:year:2023:2023-01-01..2023-12-31:mentioned:150-164 | "
                    "4:period:2020-07-15/2020-07-20:2020-07-15..2020-07-20:mentioned:200-214 | "
                    "5:duration:P3D:-..-:mentioned:250-264");
    assert_row_text("SELECT string_agg(ordinal || ':' || text || ':' || value || ':' || unit || "
                    "':' || qualifier || ':' || context || ':' || start_offset || '-' || "
                    "end_offset, ' | ' ORDER BY ordinal) FROM article_figures "
                    "WHERE article_id = $1",
                    id,
                    "0:9.720 người:9720:tỷ đồng:khoảng:điển hình tiên tiến:0-11 | "
                    "1:9.720 người:9721:người:khoảng:điển hình tiên tiến:60-71 | "
                    "2:9.720 người:9722:tỷ đồng:khoảng:điển hình tiên tiến:120-131");

    /* Changed content under the same id. */
    c.expected = 3;
    c.done = false;
    assert_int_equal(pgw_submit(w, &b.row, on_done, &slots[2]), 0);
    assert_true(pgw_test_run_until(&loop, &c.done, 10000));
    assert_int_equal(c.index[2], 2);
    assert_int_equal(c.res[2].status, 0);
    assert_int_equal(c.res[2].outcome, PGW_OUTCOME_UPDATED);
    assert_int_equal(c.res[2].revision, 2);
    assert_row_text("SELECT revision || '|' || kafka_offset || '|' || (updated_at > ingested_at) "
                    "FROM articles WHERE id = $1",
                    id, "2|102|true");
    assert_row_text("SELECT text FROM articles WHERE id = $1", id, b.row.text);
    assert_row_text("SELECT string_agg(ordinal || ':' || normalized, ',' ORDER BY ordinal) "
                    "FROM article_entities WHERE article_id = $1",
                    id, "0:Phạm Văn Hiểu,1:Thành ủy Cần Thơ");
    assert_row_text("SELECT string_agg(ordinal || ':' || value, ',' ORDER BY ordinal) "
                    "FROM article_dates WHERE article_id = $1",
                    id, "0:2020-07-15");
    assert_row_text("SELECT string_agg(ordinal || ':' || value, ',' ORDER BY ordinal) "
                    "FROM article_figures WHERE article_id = $1",
                    id, "0:9720");

    struct pgw_stats st;
    pgw_stats_get(w, &st);
    assert_int_equal(st.submitted, 3);
    assert_int_equal(st.inserted, 1);
    assert_int_equal(st.unchanged, 1);
    assert_int_equal(st.updated, 1);
    assert_int_equal(st.connects, 1);
    assert_int_equal(st.resent, 0);

    pgw_test_row_free(&a);
    pgw_test_row_free(&b);
    json_decref(first);
    json_decref(second);
    close_writer(&loop, w);
}

/* Rows the database refuses complete alone with their SQLSTATE; the rows around them land. */
static void test_data_errors_are_per_row(void **state)
{
    (void)state;
    uv_loop_t loop;
    uv_loop_init(&loop);
    struct state_log log = {0};
    struct pgw *w = open_writer(&loop, test_conninfo("err"), 16, 0, &log);

    enum { N = 10 };
    char ids[N][128];
    struct pgw_test_row rows[N];
    json_t *records[N];
    for (int i = 0; i < N; i++) {
        make_id(ids[i], sizeof(ids[i]), "err", i);
        records[i] = pgw_test_enriched(ids[i], (unsigned)i, 600, 2, 2, 2);
        assert_int_equal(pgw_test_row_make(&rows[i], ids[i], records[i], i), 0);
    }
    /* 1: bytes that are not UTF-8 in a text parameter. */
    rows[1].row.text = "Giá \xff\xfe tăng";
    /* 3: a timestamp that does not exist. */
    rows[3].row.published_at = "2020-13-45T00:00:00+07:00";
    /* 4: not a timestamp at all. */
    rows[4].row.published_at = "hôm qua";
    /* 6: \u0000 is valid JSON but jsonb cannot store it. */
    rows[6].row.enriched_json = "{\"text\":\"a\\u0000b\",\"entities\":[]}";
    /* 8: the raw submission is not JSON (cut short). */
    rows[8].row.raw_json = "{\"id\": \"x\", \"body\": ";

    struct collector c = {.expected = N};
    struct slot slots[N];
    for (int i = 0; i < N; i++) {
        slots[i] = (struct slot){&c, i};
        assert_int_equal(pgw_submit(w, &rows[i].row, on_done, &slots[i]), 0);
    }
    assert_true(pgw_test_run_until(&loop, &c.done, 10000));
    static const char *const expected_state[N] = {"", "22021", "", "22008", "22007",
                                                  "", "22P05", "", "22P02", ""};
    for (int i = 0; i < N; i++) {
        assert_int_equal(c.index[i], i);
        assert_string_equal(c.res[i].sqlstate, expected_state[i]);
        if (expected_state[i][0] == '\0') {
            assert_int_equal(c.res[i].status, 0);
            assert_int_equal(c.res[i].outcome, PGW_OUTCOME_INSERTED);
            assert_int_equal(
                pgw_test_count(checker, "SELECT count(*) FROM articles WHERE id = $1", ids[i]), 1);
            assert_int_equal(pgw_test_count(checker,
                                            "SELECT count(*) FROM article_entities "
                                            "WHERE article_id = $1",
                                            ids[i]),
                             2);
        } else {
            assert_int_equal(c.res[i].status, PGW_ERR_DATA);
            assert_int_equal(c.res[i].outcome, PGW_OUTCOME_NONE);
            assert_true(strlen(c.res[i].message) > 0);
            assert_null(strchr(c.res[i].message, '\n'));
            assert_int_equal(
                pgw_test_count(checker, "SELECT count(*) FROM articles WHERE id = $1", ids[i]), 0);
        }
    }
    assert_string_equal(c.res[1].message, "invalid byte sequence for encoding \"UTF8\": 0xff");
    struct pgw_stats st;
    pgw_stats_get(w, &st);
    assert_int_equal(st.data_errors, 5);
    assert_int_equal(st.inserted, 5);
    assert_int_equal(st.connects, 1); /* a data error never costs the connection */
    /* The ten rows were queued before the connection was ready: one batch, which failed and was
     * sent again row by row. */
    assert_int_equal(st.isolated, N);
    assert_int_equal(st.batches, 5);
    for (int i = 0; i < N; i++) {
        pgw_test_row_free(&rows[i]);
        json_decref(records[i]);
    }
    close_writer(&loop, w);
}

struct kill_plan {
    int at[2];
    int kills;
    int terminated;
};

/* From a completion callback (test code may block): terminate our backend. */
static void kill_backend_hook(struct collector *c)
{
    struct kill_plan *plan = c->hook_arg;
    if (plan->kills < 2 && c->n == plan->at[plan->kills]) {
        char app[64];
        snprintf(app, sizeof(app), "pgwt_%ld_kill", (long)getpid());
        plan->terminated += (int)pgw_test_count(
            checker,
            "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE application_name = $1",
            app);
        plan->kills++;
    }
}

/* Backends killed twice mid-stream: pgw reconnects, resends what was unacknowledged, and every
 * row lands exactly once, callbacks still in submission order. */
static void test_backend_killed_mid_stream(void **state)
{
    (void)state;
    uv_loop_t loop;
    uv_loop_init(&loop);
    struct state_log log = {0};
    struct pgw *w = open_writer(&loop, test_conninfo("kill"), 32, 10, &log);

    enum { N = 400 };
    static struct pgw_test_row rows[N];
    static json_t *records[N];
    static char ids[N][128];
    static struct slot slots[N];
    static struct collector c;
    memset(&c, 0, sizeof(c));
    struct kill_plan plan = {.at = {40, 220}};
    c.expected = N;
    c.hook = kill_backend_hook;
    c.hook_arg = &plan;
    for (int i = 0; i < N; i++) {
        make_id(ids[i], sizeof(ids[i]), "kill", i);
        records[i] = pgw_test_enriched(ids[i], (unsigned)i, 1500, 5, 3, 2);
        assert_int_equal(pgw_test_row_make(&rows[i], ids[i], records[i], 1000 + i), 0);
        slots[i] = (struct slot){&c, i};
        assert_int_equal(pgw_submit(w, &rows[i].row, on_done, &slots[i]), 0);
    }
    assert_true(pgw_test_run_until(&loop, &c.done, 60000));
    assert_int_equal(plan.kills, 2);
    assert_int_equal(plan.terminated, 2);
    int inserted = 0;
    for (int i = 0; i < N; i++) {
        assert_int_equal(c.index[i], i);
        if (c.res[i].status != 0) {
            fail_msg("row %d: status %d %s %s", i, c.res[i].status, c.res[i].sqlstate,
                     c.res[i].message);
        }
        assert_int_equal(c.res[i].revision, 1);
        assert_true(c.res[i].outcome == PGW_OUTCOME_INSERTED ||
                    c.res[i].outcome == PGW_OUTCOME_UNCHANGED);
        inserted += c.res[i].outcome == PGW_OUTCOME_INSERTED;
    }
    char pattern[128];
    snprintf(pattern, sizeof(pattern), "%skill-%%", pgw_test_prefix());
    assert_int_equal(
        pgw_test_count(checker, "SELECT count(*) FROM articles WHERE id LIKE $1", pattern), N);
    assert_int_equal(pgw_test_count(checker,
                                    "SELECT count(DISTINCT kafka_offset) FROM articles "
                                    "WHERE id LIKE $1",
                                    pattern),
                     N);
    assert_int_equal(pgw_test_count(checker,
                                    "SELECT count(*) FROM article_entities WHERE article_id "
                                    "LIKE $1",
                                    pattern),
                     N * 5);
    /* A row whose first attempt committed before the kill reports unchanged when resent. */
    assert_true(inserted <= N);
    struct pgw_stats st;
    pgw_stats_get(w, &st);
    printf("# after 2 kills: connects=%llu resent=%llu inserted=%llu unchanged=%llu\n",
           (unsigned long long)st.connects, (unsigned long long)st.resent,
           (unsigned long long)st.inserted, (unsigned long long)st.unchanged);
    assert_int_equal(st.connects, 3);
    assert_int_equal(st.inserted + st.unchanged, N);
    assert_int_equal(log.ups, 3);
    assert_int_equal(log.downs, 2);
    assert_true(strlen(log.last_error) > 0);
    for (int i = 0; i < N; i++) {
        pgw_test_row_free(&rows[i]);
        json_decref(records[i]);
    }
    close_writer(&loop, w);
}

/* A database without the migrations: the statement cannot be prepared, the writer says why,
 * stays not ready, keeps the row, and cancels it on close. */
static void test_missing_migrations_keep_writer_unready(void **state)
{
    (void)state;
    char schema[96], sql[256], conninfo[1200];
    snprintf(schema, sizeof(schema), "pgwt_empty_%ld_%ld", (long)getpid(), (long)time(NULL));
    snprintf(sql, sizeof(sql), "CREATE SCHEMA %s", schema);
    PQclear(PQexec(checker, sql));
    snprintf(conninfo, sizeof(conninfo), "%s options='-csearch_path=%s'", test_conninfo("nomig"),
             schema);

    uv_loop_t loop;
    uv_loop_init(&loop);
    struct state_log log = {0};
    struct pgw *w = open_writer(&loop, conninfo, 8, 0, &log);
    char id[128];
    make_id(id, sizeof(id), "nomig", 0);
    json_t *record = pgw_test_enriched(id, 0, 300, 1, 1, 1);
    struct pgw_test_row row;
    assert_int_equal(pgw_test_row_make(&row, id, record, 0), 0);
    struct collector c = {.expected = 1};
    struct slot slot = {&c, 0};
    assert_int_equal(pgw_submit(w, &row.row, on_done, &slot), 0);

    bool never = false;
    pgw_test_run_until(&loop, &never, 700);
    assert_false(pgw_is_connected(w));
    assert_true(log.downs >= 2); /* it keeps trying, with backoff */
    assert_int_equal(log.ups, 0);
    assert_non_null(strstr(pgw_last_error(w), "are the migrations applied?"));
    assert_non_null(strstr(pgw_last_error(w), "42883"));
    assert_int_equal(pgw_queued(w), 1);
    assert_int_equal(c.n, 0);

    closed_flag = false;
    pgw_close(w, on_closed, &closed_flag);
    assert_int_equal(c.n, 0); /* never from inside pgw_close */
    assert_true(pgw_test_run_until(&loop, &closed_flag, 5000));
    assert_int_equal(c.n, 1);
    assert_int_equal(c.res[0].status, PGW_ERR_CANCELED);
    assert_int_equal(pgw_test_loop_finish(&loop), 0);
    assert_int_equal(pgw_test_count(checker, "SELECT count(*) FROM articles WHERE id = $1", id), 0);

    snprintf(sql, sizeof(sql), "DROP SCHEMA %s CASCADE", schema);
    PQclear(PQexec(checker, sql));
    pgw_test_row_free(&row);
    json_decref(record);
}

/* Nothing listening: failed attempts are reported, rows wait, close cancels them. */
static void test_unreachable_server(void **state)
{
    (void)state;
    uv_loop_t loop;
    uv_loop_init(&loop);
    struct state_log log = {0};
    struct pgw *w = open_writer(&loop, "host=127.0.0.1 port=1 dbname=x user=x", 8, 0, &log);
    struct pgw_row row = {.id = "x",
                          .source = "s",
                          .text = "t",
                          .content_hash = "h",
                          .raw_json = "{}",
                          .enriched_json = "{}"};
    struct collector c = {.expected = 2};
    struct slot slots[2] = {{&c, 0}, {&c, 1}};
    assert_int_equal(pgw_submit(w, &row, on_done, &slots[0]), 0);
    assert_int_equal(pgw_submit(w, &row, on_done, &slots[1]), 0);
    bool never = false;
    pgw_test_run_until(&loop, &never, 500);
    assert_false(pgw_is_connected(w));
    assert_true(log.downs >= 2);
    assert_non_null(strstr(pgw_last_error(w), "refused"));
    assert_int_equal(c.n, 0);
    assert_int_equal(pgw_queued(w), 2);
    close_writer(&loop, w);
    assert_int_equal(c.n, 2);
    assert_int_equal(c.index[0], 0);
    assert_int_equal(c.index[1], 1);
    assert_int_equal(c.res[0].status, PGW_ERR_CANCELED);
    assert_int_equal(c.res[1].status, PGW_ERR_CANCELED);
}

static void test_arguments_and_queue_limit(void **state)
{
    (void)state;
    uv_loop_t loop;
    uv_loop_init(&loop);
    struct pgw_options opt;
    pgw_options_default(&opt);
    struct pgw *w = NULL;
    assert_int_equal(pgw_create(&loop, &opt, &w), -EINVAL); /* no conninfo */
    assert_null(w);
    opt.conninfo = "host=127.0.0.1 port";
    assert_int_equal(pgw_create(&loop, &opt, &w), -EINVAL);
    opt.conninfo = "host=127.0.0.1 bogus_keyword=1";
    assert_int_equal(pgw_create(&loop, &opt, &w), -EINVAL);
    assert_null(w);
    opt.conninfo = "host=127.0.0.1 port=1 dbname=x user=x";
    opt.max_queue = 2;
    assert_int_equal(pgw_create(&loop, &opt, &w), 0);

    struct pgw_row row = {.id = "x",
                          .source = "s",
                          .text = "t",
                          .content_hash = "h",
                          .raw_json = "{}",
                          .enriched_json = "{}"};
    struct collector c = {.expected = 2};
    struct slot slot = {&c, 0};
    struct pgw_row missing = row;
    missing.content_hash = NULL;
    assert_int_equal(pgw_submit(w, &missing, on_done, &slot), -EINVAL);
    assert_int_equal(pgw_submit(w, &row, on_done, &slot), 0);
    assert_int_equal(pgw_submit(w, &row, on_done, &slot), 0);
    assert_int_equal(pgw_submit(w, &row, on_done, &slot), -EAGAIN);
    assert_int_equal(pgw_queued(w), 2);
    assert_int_equal(pgw_start(w), 0);
    assert_int_equal(pgw_start(w), -EALREADY);
    close_writer(&loop, w);
    assert_int_equal(c.n, 2);
    assert_int_equal(c.res[0].status, PGW_ERR_CANCELED);
}

static struct pgw *closing_writer;

static void close_from_callback_hook(struct collector *c)
{
    if (c->n == 1) {
        closed_flag = false;
        pgw_close(closing_writer, on_closed, &closed_flag);
    }
}

/* pgw_close() from inside a completion, a transaction per row: the rows not yet acknowledged are
 * canceled, in order, and the loop ends. */
static void test_close_from_callback(void **state)
{
    (void)state;
    uv_loop_t loop;
    uv_loop_init(&loop);
    struct state_log log = {0};
    struct pgw *w = open_writer(&loop, test_conninfo("close"), 1, 1, &log);
    closing_writer = w;
    enum { N = 5 };
    char ids[N][128];
    struct pgw_test_row rows[N];
    json_t *records[N];
    struct collector c = {.expected = N, .hook = close_from_callback_hook};
    closed_flag = false;
    struct slot slots[N];
    for (int i = 0; i < N; i++) {
        make_id(ids[i], sizeof(ids[i]), "close", i);
        records[i] = pgw_test_enriched(ids[i], (unsigned)i, 300, 1, 1, 1);
        assert_int_equal(pgw_test_row_make(&rows[i], ids[i], records[i], i), 0);
        slots[i] = (struct slot){&c, i};
        assert_int_equal(pgw_submit(w, &rows[i].row, on_done, &slots[i]), 0);
    }
    assert_true(pgw_test_run_until(&loop, &closed_flag, 10000));
    assert_int_equal(c.n, N);
    assert_int_equal(c.res[0].status, 0);
    for (int i = 1; i < N; i++) {
        assert_int_equal(c.index[i], i);
        assert_int_equal(c.res[i].status, PGW_ERR_CANCELED);
    }
    assert_int_equal(pgw_test_loop_finish(&loop), 0);
    for (int i = 0; i < N; i++) {
        pgw_test_row_free(&rows[i]);
        json_decref(records[i]);
    }
}

/* Batches of 20: one bad row (index 17) rolls its batch back; the batch is sent again row by
 * row, the bad row alone fails with its SQLSTATE and its 19 batch-mates commit; the batches
 * after it are not affected. Callbacks stay in submission order. */
static void test_bad_row_never_fails_batch_mates(void **state)
{
    (void)state;
    uv_loop_t loop;
    uv_loop_init(&loop);
    struct state_log log = {0};
    struct pgw *w = open_writer(&loop, test_conninfo("mates"), 16, 20, &log);

    enum { N = 50, BAD = 17 };
    static char ids[N][128];
    static struct pgw_test_row rows[N];
    static json_t *records[N];
    static struct slot slots[N];
    static struct collector c;
    memset(&c, 0, sizeof(c));
    c.expected = N;
    for (int i = 0; i < N; i++) {
        make_id(ids[i], sizeof(ids[i]), "mates", i);
        records[i] = pgw_test_enriched(ids[i], (unsigned)i, 600, 3, 2, 1);
        assert_int_equal(pgw_test_row_make(&rows[i], ids[i], records[i], 500 + i), 0);
    }
    rows[BAD].row.published_at = "2021-02-30T08:00:00+07:00";
    for (int i = 0; i < N; i++) {
        slots[i] = (struct slot){&c, i};
        assert_int_equal(pgw_submit(w, &rows[i].row, on_done, &slots[i]), 0);
    }
    assert_true(pgw_test_run_until(&loop, &c.done, 20000));
    for (int i = 0; i < N; i++) {
        assert_int_equal(c.index[i], i);
        if (i == BAD) {
            assert_int_equal(c.res[i].status, PGW_ERR_DATA);
            assert_string_equal(c.res[i].sqlstate, "22008");
            continue;
        }
        assert_int_equal(c.res[i].status, 0);
        assert_int_equal(c.res[i].outcome, PGW_OUTCOME_INSERTED);
        assert_int_equal(c.res[i].revision, 1);
    }
    char pattern[128];
    snprintf(pattern, sizeof(pattern), "%smates-%%", pgw_test_prefix());
    assert_int_equal(
        pgw_test_count(checker, "SELECT count(*) FROM articles WHERE id LIKE $1", pattern), N - 1);
    assert_int_equal(pgw_test_count(checker,
                                    "SELECT count(*) FROM article_entities WHERE article_id "
                                    "LIKE $1",
                                    pattern),
                     (N - 1) * 3);
    assert_int_equal(
        pgw_test_count(checker, "SELECT count(*) FROM articles WHERE id = $1", ids[BAD]), 0);
    struct pgw_stats st;
    pgw_stats_get(w, &st);
    /* Rows 0-19 failed as a batch and went again alone (19 commits); then 20-39 and 40-49. */
    assert_int_equal(st.isolated, 20);
    assert_int_equal(st.batches, 19 + 2);
    assert_int_equal(st.inserted, N - 1);
    assert_int_equal(st.data_errors, 1);
    assert_int_equal(st.connects, 1);
    for (int i = 0; i < N; i++) {
        pgw_test_row_free(&rows[i]);
        json_decref(records[i]);
    }
    close_writer(&loop, w);
}

/* pgw_close() from the first completion of a batch: the batch did commit, so each of its rows
 * still reports success; nothing is canceled that was stored. */
static void test_close_from_callback_inside_batch(void **state)
{
    (void)state;
    uv_loop_t loop;
    uv_loop_init(&loop);
    struct state_log log = {0};
    struct pgw *w = open_writer(&loop, test_conninfo("closeb"), 8, 0, &log);
    closing_writer = w;
    enum { N = 5 };
    char ids[N][128];
    struct pgw_test_row rows[N];
    json_t *records[N];
    struct collector c = {.expected = N, .hook = close_from_callback_hook};
    closed_flag = false;
    struct slot slots[N];
    for (int i = 0; i < N; i++) {
        make_id(ids[i], sizeof(ids[i]), "closeb", i);
        records[i] = pgw_test_enriched(ids[i], (unsigned)i, 300, 1, 1, 1);
        assert_int_equal(pgw_test_row_make(&rows[i], ids[i], records[i], i), 0);
        slots[i] = (struct slot){&c, i};
        assert_int_equal(pgw_submit(w, &rows[i].row, on_done, &slots[i]), 0);
    }
    assert_true(pgw_test_run_until(&loop, &closed_flag, 10000));
    assert_int_equal(c.n, N);
    for (int i = 0; i < N; i++) {
        assert_int_equal(c.index[i], i);
        assert_int_equal(c.res[i].status, 0);
        assert_int_equal(c.res[i].outcome, PGW_OUTCOME_INSERTED);
    }
    char pattern[128];
    snprintf(pattern, sizeof(pattern), "%scloseb-%%", pgw_test_prefix());
    assert_int_equal(
        pgw_test_count(checker, "SELECT count(*) FROM articles WHERE id LIKE $1", pattern), N);
    assert_int_equal(pgw_test_loop_finish(&loop), 0);
    for (int i = 0; i < N; i++) {
        pgw_test_row_free(&rows[i]);
        json_decref(records[i]);
    }
}

/* Submits one row alone and waits for its result. */
static struct pgw_result write_one(uv_loop_t *loop, struct pgw *w, const struct pgw_row *row)
{
    struct collector c = {.expected = 1};
    struct slot slot = {&c, 0};
    assert_int_equal(pgw_submit(w, row, on_done, &slot), 0);
    assert_true(pgw_test_run_until(loop, &c.done, 10000));
    assert_int_equal(c.res[0].status, 0);
    return c.res[0];
}

/* A replay of an older version (read from an earlier offset of the same partition) never
 * replaces newer content: outcome stale, nothing written, revision kept. Offsets of another
 * partition or rows not from Kafka are not compared. */
static void test_replay_of_older_offset_is_stale(void **state)
{
    (void)state;
    uv_loop_t loop;
    uv_loop_init(&loop);
    struct state_log log = {0};
    struct pgw *w = open_writer(&loop, test_conninfo("stale"), 8, 0, &log);
    char id[128];
    make_id(id, sizeof(id), "stale", 0);
    json_t *va = pgw_test_enriched(id, 1, 800, 2, 1, 1);
    json_t *vb = pgw_test_enriched(id, 2, 800, 3, 1, 1);
    json_t *vc = pgw_test_enriched(id, 3, 800, 1, 1, 1);
    struct pgw_test_row a, b, c;
    assert_int_equal(pgw_test_row_make(&a, id, va, 20), 0);
    assert_int_equal(pgw_test_row_make(&b, id, vb, 10), 0);
    assert_int_equal(pgw_test_row_make(&c, id, vc, 5), 0);
    const char *text_sql = "SELECT content_hash || '|' || revision || '|' || kafka_partition || "
                           "'|' || kafka_offset FROM articles WHERE id = $1";
    char expect[256];

    struct pgw_result r = write_one(&loop, w, &a.row); /* A from offset 20 */
    assert_int_equal(r.outcome, PGW_OUTCOME_INSERTED);
    r = write_one(&loop, w, &b.row); /* B from offset 10: older */
    assert_int_equal(r.outcome, PGW_OUTCOME_STALE);
    assert_int_equal(r.revision, 1);
    snprintf(expect, sizeof(expect), "%s|1|3|20", a.hash);
    assert_row_text(text_sql, id, expect);
    assert_int_equal(
        pgw_test_count(checker, "SELECT count(*) FROM article_entities WHERE article_id = $1", id),
        2);

    b.row.offset = 30; /* B from offset 30: newer */
    r = write_one(&loop, w, &b.row);
    assert_int_equal(r.outcome, PGW_OUTCOME_UPDATED);
    assert_int_equal(r.revision, 2);
    r = write_one(&loop, w, &a.row); /* A again from offset 20: older than 30 */
    assert_int_equal(r.outcome, PGW_OUTCOME_STALE);
    assert_int_equal(r.revision, 2);
    b.row.offset = 25; /* the same content as stored is unchanged, whatever the offset */
    r = write_one(&loop, w, &b.row);
    assert_int_equal(r.outcome, PGW_OUTCOME_UNCHANGED);
    assert_int_equal(r.revision, 2);
    snprintf(expect, sizeof(expect), "%s|2|3|30", b.hash);
    assert_row_text(text_sql, id, expect);

    c.row.partition = 4; /* another partition: offsets not comparable */
    r = write_one(&loop, w, &c.row);
    assert_int_equal(r.outcome, PGW_OUTCOME_UPDATED);
    assert_int_equal(r.revision, 3);
    a.row.topic = NULL; /* not from Kafka: compared by content alone */
    a.row.partition = -1;
    a.row.offset = 0;
    r = write_one(&loop, w, &a.row);
    assert_int_equal(r.outcome, PGW_OUTCOME_UPDATED);
    assert_int_equal(r.revision, 4);

    struct pgw_stats st;
    pgw_stats_get(w, &st);
    assert_int_equal(st.stale, 2);
    assert_int_equal(st.unchanged, 1);
    pgw_test_row_free(&a);
    pgw_test_row_free(&b);
    pgw_test_row_free(&c);
    json_decref(va);
    json_decref(vb);
    json_decref(vc);
    close_writer(&loop, w);
}

/* The calendar range of each ISO value the enrichment writes, NULL when there is none. */
static void test_date_ranges(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"2020-07-15", "2020-07-15..2020-07-15"},
        {"2020-07-15T21:29:00+07:00", "2020-07-15..2020-07-15"},
        {"2020-07-15T21:29", "2020-07-15..2020-07-15"},
        {"2020-07-15T21:29:00.123Z", "2020-07-15..2020-07-15"},
        {"2022-10", "2022-10-01..2022-10-31"},
        {"2020-02", "2020-02-01..2020-02-29"},
        {"2023", "2023-01-01..2023-12-31"},
        {"2023-Q2", "2023-04-01..2023-06-30"},
        {"2023-W05", "2023-01-30..2023-02-05"},
        {"2020-W53", "2020-12-28..2021-01-03"},
        {"2020-01-01/2020-06-30", "2020-01-01..2020-06-30"},
        {"2020/2025", "2020-01-01..2025-12-31"},
        {"2022-10/2023", "2022-10-01..2023-12-31"},
        {"2020-02-29", "2020-02-29..2020-02-29"},
        /* No range, and never an error. */
        {"P10Y", "-"},
        {"PT2H", "-"},
        {"2019-02-29", "-"},
        {"2020-13", "-"},
        {"2020-00-10", "-"},
        {"0000-01-01", "-"},
        {"2020-07-15T25:00", "-"},
        {"2020-07-15T21:60", "-"},
        {"2025/2020", "-"},
        {"2020/2021/2022", "-"},
        {"2020-Q5", "-"},
        {"2020-W54", "-"},
        {"hôm qua", "-"},
        {"", "-"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char *got = pgw_test_value(checker,
                                   "SELECT coalesce(range_start || '..' || range_end, '-') "
                                   "FROM ingest_iso_date_range($1)",
                                   cases[i][0]);
        if (got == NULL || strcmp(got, cases[i][1]) != 0) {
            fail_msg("%s: got %s, expected %s", cases[i][0], got ? got : "NULL", cases[i][1]);
        }
        free(got);
    }
}

/* Odd values inside the enriched record become NULLs or are skipped; the article is stored. */
static void test_odd_enriched_values_never_fail(void **state)
{
    (void)state;
    uv_loop_t loop;
    uv_loop_init(&loop);
    struct state_log log = {0};
    struct pgw *w = open_writer(&loop, test_conninfo("odd"), 8, 0, &log);
    char id[128];
    make_id(id, sizeof(id), "odd", 0);
    const char *enriched =
        "{\"text\":\"x\",\"entities\":[\"not an object\",{\"type\":\"person\","
        "\"start\":\"12\",\"end\":1e30,\"count\":2.6,\"titles\":\"Chủ tịch\","
        "\"expansion\":null}],\"dates\":[{\"value\":2020},{\"value\":\"2020-02-30\"},"
        "{\"kind\":\"date\"}],\"figures\":[{\"value\":{\"a\":1}},{\"value\":\"1,5\"},"
        "{\"value\":\"-2.50\"},{\"value\":123456789012345678901234567890.5}]}";
    struct pgw_row row = {.id = id,
                          .source = "s",
                          .text = "x",
                          .content_hash = "h",
                          .raw_json = "{}",
                          .enriched_json = enriched};
    struct collector c = {.expected = 1};
    struct slot slot = {&c, 0};
    assert_int_equal(pgw_submit(w, &row, on_done, &slot), 0);
    assert_true(pgw_test_run_until(&loop, &c.done, 10000));
    if (c.res[0].status != 0) {
        fail_msg("refused: %s %s", c.res[0].sqlstate, c.res[0].message);
    }
    assert_int_equal(c.res[0].outcome, PGW_OUTCOME_INSERTED);
    assert_row_text("SELECT string_agg(ordinal || ':' || coalesce(type, '-') || ':' || "
                    "coalesce(normalized, '-') || ':' || coalesce(start_offset::text, '-') || ':' "
                    "|| coalesce(end_offset::text, '-') || ':' || "
                    "coalesce(mention_count::text, '-') || ':' || coalesce(titles::text, '-') || "
                    "':' || coalesce(expansion, '-'), ' | ' ORDER BY ordinal) "
                    "FROM article_entities WHERE article_id = $1",
                    id, "1:person:-:-:-:3:-:-");
    assert_row_text("SELECT string_agg(ordinal || ':' || coalesce(value, '-') || ':' || "
                    "coalesce(range_start || '..' || range_end, '-'), ' | ' ORDER BY ordinal) "
                    "FROM article_dates WHERE article_id = $1",
                    id, "0:2020:2020-01-01..2020-12-31 | 1:2020-02-30:- | 2:-:-");
    assert_row_text("SELECT string_agg(ordinal || ':' || coalesce(value::text, '-'), ' | ' "
                    "ORDER BY ordinal) FROM article_figures WHERE article_id = $1",
                    id, "0:- | 1:- | 2:-2.50 | 3:123456789012345678901234567890.5");
    close_writer(&loop, w);
}

/* Rows with their detail rows (written by COPY, whatever PGW_TEST_DETAILS says): an id written
 * twice in one batch keeps the rows of its last version; a COPY the server refuses rolls the batch
 * back, and its rows go again alone through the function, which computes the rows itself. */
static void test_copy_versions_and_fallback(void **state)
{
    (void)state;
    uv_loop_t loop;
    uv_loop_init(&loop);
    struct state_log log = {0};
    struct pgw *w = open_writer(&loop, test_conninfo("copy"), 8, 0, &log);
    enum { A1, B, A2, D, E, N };
    char ids[N][128];
    make_id(ids[A1], sizeof(ids[A1]), "copy-a", 0);
    snprintf(ids[A2], sizeof(ids[A2]), "%s", ids[A1]);
    make_id(ids[B], sizeof(ids[B]), "copy-b", 0);
    make_id(ids[D], sizeof(ids[D]), "copy-d", 0);
    make_id(ids[E], sizeof(ids[E]), "copy-e", 0);
    const unsigned variant[N] = {1, 3, 2, 4, 5};
    const unsigned entities[N] = {4, 3, 2, 3, 1};
    json_t *records[N];
    struct pgw_test_row rows[N];
    struct pgw_details details[N];
    memset(details, 0, sizeof(details));
    for (int i = 0; i < N; i++) {
        records[i] = pgw_test_enriched(ids[i], variant[i], 2000, entities[i], 2, 1);
        assert_int_equal(pgw_test_row_make(&rows[i], ids[i], records[i], 10 + i), 0);
        assert_int_equal(pgw_details_build(records[i], JSON_COMPACT, &details[i]), 0);
        assert_int_equal(details[i].rows[PGW_DETAIL_ENTITIES], entities[i]);
        rows[i].row.details = &details[i];
    }
    struct collector c = {.expected = 3};
    struct slot slots[N];
    for (int i = 0; i < 3; i++) {
        slots[i] = (struct slot){&c, i};
        assert_int_equal(pgw_submit(w, &rows[i].row, on_done, &slots[i]), 0);
    }
    assert_true(pgw_test_run_until(&loop, &c.done, 10000));
    const enum pgw_outcome outcomes[3] = {PGW_OUTCOME_INSERTED, PGW_OUTCOME_INSERTED,
                                          PGW_OUTCOME_UPDATED};
    for (int i = 0; i < 3; i++) {
        assert_int_equal(c.res[i].status, 0);
        assert_int_equal(c.res[i].outcome, outcomes[i]);
        assert_int_equal(c.res[i].revision, i == A2 ? 2 : 1);
    }
    assert_row_text("SELECT string_agg(ordinal || ':' || normalized, ',' ORDER BY ordinal) "
                    "FROM article_entities WHERE article_id = $1",
                    ids[A1], "0:Phạm Văn Hiểu,1:Thành ủy Cần Thơ");
    assert_int_equal(pgw_test_count(checker,
                                    "SELECT count(*) FROM article_dates WHERE article_id = $1",
                                    ids[A1]),
                     2);
    assert_int_equal(pgw_test_count(checker,
                                    "SELECT count(*) FROM article_entities WHERE article_id = $1",
                                    ids[B]),
                     3);
    struct pgw_stats st;
    pgw_stats_get(w, &st);
    assert_int_equal(st.batches, 1);
    assert_int_equal(st.copies, 3);
    assert_int_equal(st.isolated, 0);

    /* D's entity rows are not what the table takes: the COPY fails, the batch rolls back. */
    free(details[D].text);
    details[D].text = strdup("zero\tperson\tx\tx\t\\N\t\\N\t\\N\t\\N\t\\N\n");
    assert_non_null(details[D].text);
    details[D].len[PGW_DETAIL_ENTITIES] = strlen(details[D].text);
    details[D].len[PGW_DETAIL_DATES] = details[D].len[PGW_DETAIL_FIGURES] = 0;
    c.expected = 5;
    c.done = false;
    for (int i = D; i <= E; i++) {
        slots[i] = (struct slot){&c, i};
        assert_int_equal(pgw_submit(w, &rows[i].row, on_done, &slots[i]), 0);
    }
    assert_true(pgw_test_run_until(&loop, &c.done, 10000));
    for (int i = D; i <= E; i++) {
        assert_int_equal(c.index[i], i);
        assert_int_equal(c.res[i].status, 0);
        assert_int_equal(c.res[i].outcome, PGW_OUTCOME_INSERTED);
        assert_int_equal(pgw_test_count(checker,
                                        "SELECT count(*) FROM article_entities "
                                        "WHERE article_id = $1",
                                        ids[i]),
                         entities[i]);
        assert_int_equal(pgw_test_count(checker,
                                        "SELECT count(*) FROM article_figures "
                                        "WHERE article_id = $1",
                                        ids[i]),
                         1);
    }
    pgw_stats_get(w, &st);
    assert_int_equal(st.isolated, 2);
    assert_int_equal(st.copies, 3);
    assert_int_equal(st.batches, 1 + 2);
    assert_int_equal(st.connects, 1);
    for (int i = 0; i < N; i++) {
        pgw_test_row_free(&rows[i]);
        pgw_details_clear(&details[i]);
        json_decref(records[i]);
    }
    close_writer(&loop, w);
}

static int group_setup(void **state)
{
    (void)state;
    checker = pgw_test_connect(pgw_test_conninfo());
    if (checker == NULL) {
        return -1;
    }
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
        cmocka_unit_test(test_insert_unchanged_update),
        cmocka_unit_test(test_data_errors_are_per_row),
        cmocka_unit_test(test_bad_row_never_fails_batch_mates),
        cmocka_unit_test(test_replay_of_older_offset_is_stale),
        cmocka_unit_test(test_close_from_callback_inside_batch),
        cmocka_unit_test(test_date_ranges),
        cmocka_unit_test(test_odd_enriched_values_never_fail),
        cmocka_unit_test(test_copy_versions_and_fallback),
        cmocka_unit_test(test_backend_killed_mid_stream),
        cmocka_unit_test(test_missing_migrations_keep_writer_unready),
        cmocka_unit_test(test_unreachable_server),
        cmocka_unit_test(test_arguments_and_queue_limit),
        cmocka_unit_test(test_close_from_callback),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
