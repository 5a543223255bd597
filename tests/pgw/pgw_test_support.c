/* Helpers shared by the pgw tests and benchmark (see pgw_test_support.h). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "digest.h"
#include "pgw_migrate.h"
#include "pgw_test_support.h"

const char *pgw_test_conninfo(void)
{
    const char *env = getenv("INGEST_PG_CONNINFO");
    return env != NULL && env[0] != '\0' ? env : PGW_TEST_DEFAULT_CONNINFO;
}

const char *pgw_test_source_dir(void)
{
    const char *env = getenv("INGEST_SOURCE_DIR");
    return env != NULL && env[0] != '\0' ? env : INGEST_SOURCE_DIR;
}

PGconn *pgw_test_connect(const char *conninfo)
{
    PGconn *conn = PQconnectdb(conninfo);
    if (conn == NULL || PQstatus(conn) != CONNECTION_OK) {
        fprintf(stderr,
                "pgw tests need PostgreSQL: cannot connect with \"%s\": %s"
                "Start the local stack (deploy/local/stack up) or set INGEST_PG_CONNINFO.\n",
                conninfo, conn != NULL ? PQerrorMessage(conn) : "out of memory\n");
        PQfinish(conn);
        return NULL;
    }
    PQclear(PQexec(conn, "SET client_min_messages = warning"));
    return conn;
}

int pgw_test_migrate(void)
{
    char dir[4096], err[1024];
    snprintf(dir, sizeof(dir), "%s/schemas/migrations", pgw_test_source_dir());
    int rc = pgw_migrate_apply(pgw_test_conninfo(), dir, err, sizeof(err), NULL, NULL);
    if (rc < 0) {
        fprintf(stderr, "pgw tests: applying %s failed: %s\n", dir, err);
        return rc;
    }
    return 0;
}

static void pgw_test_tick(uv_timer_t *timer)
{
    (void)timer;
}

bool pgw_test_run_until(uv_loop_t *loop, const bool *done, unsigned timeout_ms)
{
    /* A ticking timer keeps UV_RUN_ONCE from sleeping past the deadline. */
    uv_timer_t tick;
    uv_timer_init(loop, &tick);
    uv_timer_start(&tick, pgw_test_tick, 20, 20);
    uint64_t deadline = uv_now(loop) + timeout_ms;
    while (!*done && uv_now(loop) < deadline) {
        uv_run(loop, UV_RUN_ONCE);
    }
    uv_close((uv_handle_t *)&tick, NULL);
    uv_run(loop, UV_RUN_NOWAIT);
    return *done;
}

int pgw_test_loop_finish(uv_loop_t *loop)
{
    for (int i = 0; i < 100 && uv_run(loop, UV_RUN_NOWAIT) != 0; i++) {
        uv_run(loop, UV_RUN_ONCE);
    }
    return uv_loop_close(loop);
}

const char *pgw_test_prefix(void)
{
    static char prefix[64];
    if (prefix[0] == '\0') {
        snprintf(prefix, sizeof(prefix), "pgwt-%ld-%ld-", (long)getpid(), (long)time(NULL));
    }
    return prefix;
}

char *pgw_test_value(PGconn *conn, const char *sql, const char *param)
{
    const char *params[1] = {param};
    PGresult *res = PQexecParams(conn, sql, param != NULL ? 1 : 0, NULL, params, NULL, NULL, 0);
    char *value = NULL;
    if (PQresultStatus(res) != PGRES_TUPLES_OK) {
        fprintf(stderr, "query failed: %s: %s", sql, PQerrorMessage(conn));
    } else if (PQntuples(res) == 1 && !PQgetisnull(res, 0, 0)) {
        value = strdup(PQgetvalue(res, 0, 0));
    }
    PQclear(res);
    return value;
}

long pgw_test_count(PGconn *conn, const char *sql, const char *param)
{
    char *value = pgw_test_value(conn, sql, param);
    long n = value != NULL ? strtol(value, NULL, 10) : -1;
    free(value);
    return n;
}

static char *pgw_test_sample_text(void)
{
    static char *sample;
    if (sample == NULL) {
        char path[4096];
        snprintf(path, sizeof(path), "%s/tests/fixtures/000_f4fd15bba88c9e78.txt",
                 pgw_test_source_dir());
        FILE *f = fopen(path, "rb");
        sample = calloc(1, 8192);
        if (f != NULL && sample != NULL) {
            size_t n = fread(sample, 1, 8191, f);
            sample[n] = '\0';
            fclose(f);
        }
        if (sample != NULL && sample[0] == '\0') {
            strcpy(sample, "Ngày 15-7-2020, Thành ủy Cần Thơ tổ chức hội nghị tổng kết. ");
        }
    }
    return sample;
}

static const char *const pgw_test_names[][2] = {
    {"person", "Phạm Văn Hiểu"},      {"organization", "Thành ủy Cần Thơ"},
    {"organization", "Bộ Chính trị"}, {"location", "Cần Thơ"},
    {"organization", "Ban Bí thư"},   {"person", "Nguyễn Thị Thu Hà"},
    {"location", "Hà Nội"},           {"organization", "HĐND thành phố"},
    {"organization", "Chính phủ"},    {"location", "Đồng bằng sông Cửu Long"},
};

static const char *const pgw_test_dates[][2] = {
    {"date", "2020-07-15"}, {"datetime", "2020-07-15T21:29:00+07:00"}, {"month", "2022-10"},
    {"year", "2023"},       {"period", "2020-07-15/2020-07-20"},       {"duration", "P3D"},
};

json_t *pgw_test_enriched(const char *id, unsigned variant, size_t text_bytes, unsigned n_entities,
                          unsigned n_dates, unsigned n_figures)
{
    const char *sample = pgw_test_sample_text();
    size_t sample_len = strlen(sample);
    char *text = malloc(text_bytes + 64);
    if (text == NULL) {
        return NULL;
    }
    size_t len = (size_t)snprintf(text, 64, "[%u] ", variant);
    while (len < text_bytes) {
        size_t n = sample_len < text_bytes - len ? sample_len : text_bytes - len;
        memcpy(text + len, sample, n);
        len += n;
    }
    /* Never end inside a UTF-8 sequence. */
    while (len > 0 && ((unsigned char)text[len - 1] & 0xC0) == 0x80) {
        len--;
    }
    if (len > 0 && ((unsigned char)text[len - 1] & 0xC0) == 0xC0) {
        len--;
    }
    text[len] = '\0';

    json_t *entities = json_array(), *dates = json_array(), *figures = json_array();
    size_t n_names = sizeof(pgw_test_names) / sizeof(pgw_test_names[0]);
    for (unsigned i = 0; i < n_entities; i++) {
        const char *const *e = pgw_test_names[i % n_names];
        json_array_append_new(
            entities, json_pack("{s:s, s:s, s:s, s:i, s:i, s:i, s:[s], s:n}", "type", e[0], "text",
                                e[1], "normalized", e[1], "start", (int)(i * 40), "end",
                                (int)(i * 40 + 12), "count", (int)(i % 3 + 1), "titles",
                                i % 2 == 0 ? "Chủ tịch" : "Phó Bí thư", "expansion"));
    }
    size_t n_kinds = sizeof(pgw_test_dates) / sizeof(pgw_test_dates[0]);
    for (unsigned i = 0; i < n_dates; i++) {
        const char *const *d = pgw_test_dates[i % n_kinds];
        json_array_append_new(dates, json_pack("{s:s, s:s, s:s, s:i, s:i, s:s}", "text",
                                               "ngày 15-7-2020", "kind", d[0], "value", d[1],
                                               "start", (int)(i * 50), "end", (int)(i * 50 + 14),
                                               "role", i == 0 ? "published" : "mentioned"));
    }
    for (unsigned i = 0; i < n_figures; i++) {
        json_array_append_new(
            figures, json_pack("{s:s, s:I, s:s, s:s, s:s, s:i, s:i}", "text", "9.720 người",
                               "value", (json_int_t)(9720 + i), "unit", i % 2 ? "người" : "tỷ đồng",
                               "qualifier", "khoảng", "context", "điển hình tiên tiến", "start",
                               (int)(i * 60), "end", (int)(i * 60 + 11)));
    }
    json_t *record =
        json_pack("{s:i, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:o}", "schema_version", 1, "id", id,
                  "source", "cantho", "title", "Hạn chế tình trạng hành chính hóa", "lang", "vi",
                  "text", text, "entities", entities, "dates", dates, "figures", figures);
    free(text);
    return record;
}

int pgw_test_row_make(struct pgw_test_row *tr, const char *id, json_t *enriched, int64_t offset)
{
    memset(tr, 0, sizeof(*tr));
    const char *text = json_string_value(json_object_get(enriched, "text"));
    json_t *raw = json_pack("{s:s, s:s, s:s, s:s}", "id", id, "source", "cantho", "url",
                            "https://baocantho.com.vn/example", "body", text);
    tr->raw_json = json_dumps(raw, JSON_COMPACT);
    json_decref(raw);
    tr->enriched_json = json_dumps(enriched, JSON_COMPACT);
    if (tr->raw_json == NULL || tr->enriched_json == NULL ||
        digest_sha256_hex(text, strlen(text), tr->hash) != 0) {
        pgw_test_row_free(tr);
        return -1;
    }
    tr->row.id = id;
    tr->row.source = "cantho";
    tr->row.url = "https://baocantho.com.vn/example";
    tr->row.title = json_string_value(json_object_get(enriched, "title"));
    tr->row.published_at = "2020-07-15T21:29:00+07:00";
    tr->row.lang = "vi";
    tr->row.text = text;
    tr->row.content_hash = tr->hash;
    tr->row.raw_json = tr->raw_json;
    tr->row.enriched_json = tr->enriched_json;
    tr->row.topic = "articles.raw";
    tr->row.partition = 3;
    tr->row.offset = offset;
    if (pgw_test_details()) {
        /* The same flags as enriched_json above, so that figures' values match. */
        if (pgw_details_build(enriched, JSON_COMPACT, &tr->details) != 0) {
            pgw_test_row_free(tr);
            return -1;
        }
        tr->row.details = &tr->details;
    }
    return 0;
}

bool pgw_test_details(void)
{
    const char *v = getenv("PGW_TEST_DETAILS");
    return v != NULL && strcmp(v, "1") == 0;
}

void pgw_test_row_free(struct pgw_test_row *tr)
{
    free(tr->raw_json);
    free(tr->enriched_json);
    pgw_details_clear(&tr->details);
    memset(tr, 0, sizeof(*tr));
}
