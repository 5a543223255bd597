/*
 * ingestd: consumes raw article submissions from Kafka, validates and enriches them, upserts
 * them into PostgreSQL, publishes the enriched records, and dead-letters what it cannot take.
 * This file only reads the configuration and runs the loop; ingestd.c wires the components.
 *
 * Exit codes: 0 after a clean shutdown, 1 when the service failed (startup, fatal Kafka error,
 * a loop that did not close cleanly), 2 for an invalid configuration.
 */
#include <libpq-fe.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "alloc.h"
#include "ingestd.h"
#include "log.h"

static int check_settings(const struct ingestd_settings *s, char *err, size_t errlen)
{
    struct sockaddr_storage addr;
    char *pq_err = NULL;
    PQconninfoOption *opts;

    if (http_addr_parse(s->http_addr, &addr, err, errlen) < 0) {
        return -1;
    }
    opts = PQconninfoParse(s->pg_conninfo, &pq_err);
    if (opts == NULL) {
        /* libpq's message never repeats the password; the conninfo itself is not printed. */
        snprintf(err, errlen, "pg.conninfo: %s", pq_err != NULL ? pq_err : "out of memory");
        PQfreemem(pq_err);
        return -1;
    }
    PQconninfoFree(opts);
    return 0;
}

static void report_open_handle(uv_handle_t *handle, void *arg)
{
    (void)arg;
    log_error("handle still open at exit", LOG_STR("type", uv_handle_type_name(handle->type)),
              LOG_BOOL("active", uv_is_active(handle)), LOG_BOOL("closing", uv_is_closing(handle)));
}

static void set_worker_threads(int64_t configured)
{
    char value[16];
    unsigned threads = configured > 0 ? (unsigned)configured : (unsigned)uv_available_parallelism();

    /* libuv reads it once, at the first uv_queue_work(). Enrichment and rd_kafka_destroy()
     * share the pool. */
    snprintf(value, sizeof(value), "%u", threads < 1 ? 1 : threads);
    setenv("UV_THREADPOOL_SIZE", value, 1);
}

int main(int argc, char **argv)
{
    struct ingestd_settings settings;
    struct config *cfg = NULL;
    struct ingestd d;
    uv_loop_t loop;
    char err[512];
    const char *const *warnings;
    size_t warning_count;
    enum log_level level;
    char malloc_name[64];
    int rc;

    alloc_describe(malloc_name, sizeof(malloc_name));
    if (config_args_has_flag(argc, argv, "version")) {
        printf("ingestd %s (librdkafka %s, libuv %s, libpq %d, %s)\n", INGEST_VERSION,
               kafka_library_version(), uv_version_string(), PQlibVersion(), malloc_name);
        return 0;
    }
    memset(&settings, 0, sizeof(settings));
    rc = config_create(&ingestd_config_spec, &settings, &cfg, err, sizeof(err));
    if (rc < 0) {
        log_error("configuration table is broken", LOG_STR("reason", err));
        return 1;
    }
    if (config_args_has_flag(argc, argv, "help")) {
        config_print_help(cfg, stdout);
        config_destroy(cfg);
        return 0;
    }
    rc = config_load(cfg, argc, argv, NULL, err, sizeof(err));
    if (rc == 0 && (check_settings(&settings, err, sizeof(err)) < 0 ||
                    ingestd_kafka_check(&settings, cfg, err, sizeof(err)) < 0)) {
        rc = -1;
    }
    if (rc < 0) {
        log_error("invalid configuration", LOG_STR("reason", err));
        config_destroy(cfg);
        return 2;
    }
    log_level_parse(ingestd_log_levels[settings.log_level], &level);
    log_set_level(level);
    warnings = config_warnings(cfg, &warning_count);
    for (size_t i = 0; i < warning_count; i++) {
        log_warn("configuration", LOG_STR("warning", warnings[i]));
    }
    if (settings.check_config) {
        config_print_effective(cfg, stdout);
        config_destroy(cfg);
        return 0;
    }

    signal(SIGPIPE, SIG_IGN); /* a peer that goes away is an error return, not a signal */
    set_worker_threads(settings.worker_threads);
    memset(&d, 0, sizeof(d));
    d.settings = &settings;
    d.cfg = cfg;
    article_limits_default(&d.limits);
    d.limits.max_message_bytes = (size_t)settings.max_message_bytes;
    rc = enrich_create(&d.enrich);
    if (rc < 0) {
        log_error("cannot build the enrichment tables", LOG_ERRNO(rc));
        config_destroy(cfg);
        return 1;
    }
    rc = uv_loop_init(&loop);
    if (rc < 0) {
        log_error("cannot create the event loop", LOG_ERRNO(rc));
        enrich_destroy(d.enrich);
        config_destroy(cfg);
        return 1;
    }
    d.loop = &loop;
    log_info("starting", LOG_STR("version", INGEST_VERSION), LOG_STR("malloc", malloc_name));

    ingestd_start(&d); /* on failure it has begun the shutdown; the loop finishes it */
    uv_run(&loop, UV_RUN_DEFAULT);

    ingestd_jobs_release_all(&d);
    ingestd_partitions_sweep(&d, true);
    rc = uv_loop_close(&loop);
    if (rc != 0) {
        uv_walk(&loop, report_open_handle, NULL);
        log_error("the event loop did not close cleanly", LOG_ERRNO(rc));
        d.exit_code = 1;
    }
    enrich_destroy(d.enrich);
    ingest_metrics_destroy(d.metrics);
    log_info("stopped", LOG_INT("exit_code", d.exit_code), LOG_UINT("consumed", d.stats.consumed),
             LOG_UINT("stored", d.stats.inserted + d.stats.updated + d.stats.unchanged),
             LOG_UINT("dead_lettered", d.stats.dead_lettered));
    config_destroy(cfg);
    return d.exit_code;
}
