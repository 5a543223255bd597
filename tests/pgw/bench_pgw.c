/*
 * pgw_bench: upserts per second through pgw on this machine. Not a test (no timing assertion).
 *
 *   pgw_bench [rows] [max_in_flight...]      defaults: 3000 rows, in-flight 1 16 64
 *   PGW_BENCH_DETAILS=E,D,F                   entities, dates, figures per record (20,20,20)
 *   PGW_BENCH_BATCH=N                         rows per transaction (pgw's default, 200)
 *   PGOPTIONS='-c name=value'                 libpq's own: session settings to compare
 *
 * Each row is a realistic enriched record: about 3 KB of Vietnamese text (the sample article),
 * 20 entities, 20 dates, 20 figures by default; every row has a new id. The clock runs from the
 * first submit to the last completion; rows are submitted as fast as pgw accepts them (max_queue =
 * rows). A second pass re-submits the same rows to measure replays (outcome unchanged). Uses
 * INGEST_PG_CONNINFO like the tests.
 *
 * On a shared machine wall-clock rates depend on what else runs, so it also prints the CPU time
 * the server backend spent per row (from /proc/<pid>/stat, when the server is local) and the
 * CPU time of this process per row: the backend's is what bounds one connection.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
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

/* CPU seconds (user + system) of a local process, or -1 when it cannot be read. */
static double proc_cpu_s(long pid)
{
    char path[64], buf[1024];
    snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        return -1;
    }
    size_t n = fread(buf, 1, sizeof(buf) - 1, f);
    fclose(f);
    buf[n] = '\0';
    /* Fields after the command name (which may hold spaces) start after the last ')'. */
    char *p = strrchr(buf, ')');
    unsigned long utime = 0, stime = 0;
    if (p == NULL ||
        sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &utime, &stime) != 2) {
        return -1;
    }
    return (double)(utime + stime) / (double)sysconf(_SC_CLK_TCK);
}

static double self_cpu_s(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec +
           ru.ru_stime.tv_usec / 1e6;
}

/* The pid of our writer's backend, found by its application_name. */
static long backend_pid(const char *app)
{
    PGconn *conn = pgw_test_connect(pgw_test_conninfo());
    if (conn == NULL) {
        return -1;
    }
    char *pid =
        pgw_test_value(conn, "SELECT pid FROM pg_stat_activity WHERE application_name = $1", app);
    long value = pid != NULL ? strtol(pid, NULL, 10) : -1;
    free(pid);
    PQfinish(conn);
    return value;
}

static void on_closed(void *arg)
{
    *(bool *)arg = true;
}

static unsigned n_entities = 20, n_dates = 20, n_figures = 20;
static unsigned batch_size; /* 0: pgw's default */

static int run(unsigned rows, unsigned in_flight, int pass_tag)
{
    struct pgw_test_row *tr = calloc(rows, sizeof(*tr));
    json_t **records = calloc(rows, sizeof(*records));
    char(*ids)[96] = calloc(rows, sizeof(*ids));
    size_t bytes = 0;
    for (unsigned i = 0; i < rows; i++) {
        snprintf(ids[i], sizeof(ids[i]), "%sbench%d-%u-%u", pgw_test_prefix(), pass_tag, in_flight,
                 i);
        records[i] = pgw_test_enriched(ids[i], i, 3000, n_entities, n_dates, n_figures);
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
    char app[64], conninfo[1200];
    snprintf(app, sizeof(app), "pgw_bench_%ld_%u", (long)getpid(), in_flight);
    snprintf(conninfo, sizeof(conninfo), "%s application_name=%s", pgw_test_conninfo(), app);
    opt.conninfo = conninfo;
    opt.max_queue = rows;
    opt.max_in_flight = in_flight;
    opt.batch_size = batch_size;
    struct pgw *w;
    if (pgw_create(&loop, &opt, &w) != 0 || pgw_start(w) != 0) {
        return 1;
    }
    /* Connect first, so that the clock measures writing only. */
    while (!pgw_is_connected(w)) {
        uv_run(&loop, UV_RUN_ONCE);
    }
    long server = backend_pid(app);
    for (int pass = 0; pass < 2; pass++) {
        struct bench b = {.expected = rows};
        double server0 = proc_cpu_s(server), self0 = self_cpu_s();
        double t0 = now_s();
        for (unsigned i = 0; i < rows; i++) {
            pgw_submit(w, &tr[i].row, on_done, &b);
        }
        pgw_test_run_until(&loop, &b.finished, 600000);
        double dt = now_s() - t0;
        double server_ms = (proc_cpu_s(server) - server0) * 1e3 / rows;
        double self_ms = (self_cpu_s() - self0) * 1e3 / rows;
        struct pgw_stats st;
        pgw_stats_get(w, &st);
        printf("%-9s in_flight=%-3u rows=%u failed=%u  %.3f s  %.0f rows/s  %.1f MB/s  "
               "cpu/row: server %.2f ms, pgw %.3f ms  (transactions so far %llu)\n",
               pass == 0 ? "insert" : "unchanged", in_flight, rows, b.failed, dt, rows / dt,
               bytes / dt / 1e6, server0 >= 0 ? server_ms : -1.0, self_ms,
               (unsigned long long)st.batches);
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
    const char *details = getenv("PGW_BENCH_DETAILS");
    if (details != NULL && sscanf(details, "%u,%u,%u", &n_entities, &n_dates, &n_figures) != 3) {
        fprintf(stderr, "PGW_BENCH_DETAILS must be E,D,F (three counts)\n");
        return 2;
    }
    const char *batch = getenv("PGW_BENCH_BATCH");
    if (batch != NULL) {
        batch_size = (unsigned)strtoul(batch, NULL, 10);
    }
    json_t *sample = pgw_test_enriched("sample", 0, 3000, n_entities, n_dates, n_figures);
    char *dump = json_dumps(sample, JSON_COMPACT);
    printf("record: %zu bytes of text, %zu bytes of enriched JSON, %u entities, %u dates, "
           "%u figures\n",
           strlen(json_string_value(json_object_get(sample, "text"))), strlen(dump), n_entities,
           n_dates, n_figures);
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
