/*
 * pgw_bench: upserts per second through pgw on this machine. Not a test (no timing assertion).
 *
 *   pgw_bench [rows] [max_in_flight...]      defaults: 3000 rows, in-flight 1 16 64
 *
 * Each row is a realistic enriched record: about 3 KB of Vietnamese text (the sample article),
 * 20 entities, 20 dates, 20 figures; every row has a new id (one transaction per row, as pgw
 * writes them). The clock runs from the first submit to the last completion; rows are submitted
 * as fast as pgw accepts them (max_queue = rows). A second pass re-submits the same rows to
 * measure replays (outcome unchanged). Uses INGEST_PG_CONNINFO like the tests.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "pgw_test_support.h"

struct bench {
    unsigned done, failed, expected;
    bool finished;
};

static void on_done(void *arg, const struct pgw_result *res)
{
    struct bench *b = arg;
    b->done++;
    if (res->status != 0 && b->failed++ == 0) {
        fprintf(stderr, "row failed: %s %s\n", res->sqlstate, res->message);
    }
    if (b->done == b->expected) {
        b->finished = true;
    }
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void on_closed(void *arg)
{
    *(bool *)arg = true;
}

static int run(unsigned rows, unsigned in_flight, int pass_tag)
{
    struct pgw_test_row *tr = calloc(rows, sizeof(*tr));
    json_t **records = calloc(rows, sizeof(*records));
    char(*ids)[96] = calloc(rows, sizeof(*ids));
    size_t bytes = 0;
    for (unsigned i = 0; i < rows; i++) {
        snprintf(ids[i], sizeof(ids[i]), "%sbench%d-%u-%u", pgw_test_prefix(), pass_tag, in_flight,
                 i);
        records[i] = pgw_test_enriched(ids[i], i, 3000, 20, 20, 20);
        if (pgw_test_row_make(&tr[i], ids[i], records[i], i) != 0) {
            return 1;
        }
        bytes +=
            strlen(tr[i].row.text) + strlen(tr[i].row.enriched_json) + strlen(tr[i].row.raw_json);
    }
    uv_loop_t loop;
    uv_loop_init(&loop);
    struct pgw_options opt;
    pgw_options_default(&opt);
    opt.conninfo = pgw_test_conninfo();
    opt.max_queue = rows;
    opt.max_in_flight = in_flight;
    struct pgw *w;
    if (pgw_create(&loop, &opt, &w) != 0 || pgw_start(w) != 0) {
        return 1;
    }
    /* Connect first, so that the clock measures writing only. */
    while (!pgw_is_connected(w)) {
        uv_run(&loop, UV_RUN_ONCE);
    }
    for (int pass = 0; pass < 2; pass++) {
        struct bench b = {.expected = rows};
        double t0 = now_s();
        for (unsigned i = 0; i < rows; i++) {
            pgw_submit(w, &tr[i].row, on_done, &b);
        }
        pgw_test_run_until(&loop, &b.finished, 600000);
        double dt = now_s() - t0;
        printf("%-9s in_flight=%-3u rows=%u failed=%u  %.3f s  %.0f rows/s  %.1f MB/s sent\n",
               pass == 0 ? "insert" : "unchanged", in_flight, rows, b.failed, dt, rows / dt,
               bytes / dt / 1e6);
    }
    bool closed = false;
    pgw_close(w, on_closed, &closed);
    pgw_test_run_until(&loop, &closed, 5000);
    int rc = pgw_test_loop_finish(&loop);
    for (unsigned i = 0; i < rows; i++) {
        pgw_test_row_free(&tr[i]);
        json_decref(records[i]);
    }
    free(tr);
    free(records);
    free(ids);
    return rc == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
    unsigned rows = argc > 1 ? (unsigned)strtoul(argv[1], NULL, 10) : 3000;
    if (pgw_test_migrate() != 0) {
        return 1;
    }
    json_t *sample = pgw_test_enriched("sample", 0, 3000, 20, 20, 20);
    char *dump = json_dumps(sample, JSON_COMPACT);
    printf("record: %zu bytes of text, %zu bytes of enriched JSON\n",
           strlen(json_string_value(json_object_get(sample, "text"))), strlen(dump));
    free(dump);
    json_decref(sample);
    if (argc <= 2) {
        static const unsigned defaults[] = {1, 16, 64};
        for (size_t i = 0; i < 3; i++) {
            if (run(rows, defaults[i], (int)i) != 0) {
                return 1;
            }
        }
        return 0;
    }
    for (int i = 2; i < argc; i++) {
        if (run(rows, (unsigned)strtoul(argv[i], NULL, 10), i) != 0) {
            return 1;
        }
    }
    return 0;
}
