/*
 * The configuration table of ingestd. Every setting is here, with its default, bounds and help;
 * --help is generated from it and README's configuration table mirrors it.
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "ingestd_config.h"

#define KIB (1024LL)
#define MIB (1024LL * 1024LL)

const char *const ingestd_log_levels[] = {"debug", "info", "warn", "error", NULL};

static const struct config_option ingestd_options[] = {
    CONFIG_OPT_STRING("kafka.brokers", struct ingestd_settings, kafka_brokers, "127.0.0.1:9092",
                      CONFIG_REQUIRED, "Kafka bootstrap servers, host:port[,host:port...]."),
    CONFIG_OPT_STRING("group.id", struct ingestd_settings, group_id, "ingestd", CONFIG_REQUIRED,
                      "Kafka consumer group; instances with the same group share the partitions."),
    CONFIG_OPT_STRING("topic.raw", struct ingestd_settings, topic_raw, "articles.raw",
                      CONFIG_REQUIRED, "Topic of raw article submissions to consume."),
    CONFIG_OPT_STRING("topic.enriched", struct ingestd_settings, topic_enriched,
                      "articles.enriched", CONFIG_REQUIRED,
                      "Topic the enriched record of every stored article is produced to."),
    CONFIG_OPT_STRING("topic.dlq", struct ingestd_settings, topic_dlq, "articles.dlq",
                      CONFIG_REQUIRED,
                      "Dead-letter topic: rejected messages, byte-identical, reason in headers."),
    CONFIG_OPT_STRING("pg.conninfo", struct ingestd_settings, pg_conninfo,
                      "host=127.0.0.1 port=55432 dbname=newsingest user=ingest",
                      CONFIG_REQUIRED | CONFIG_SECRET,
                      "libpq connection string of the PostgreSQL database (never logged)."),
    CONFIG_OPT_STRING("http.addr", struct ingestd_settings, http_addr, "127.0.0.1:8080",
                      CONFIG_REQUIRED,
                      "Listen address of /healthz and /readyz; 0.0.0.0:PORT for every interface."),
    CONFIG_OPT_ENUM("log.level", struct ingestd_settings, log_level, "info", ingestd_log_levels, 0,
                    "Lowest level of the JSON log lines written to stderr."),
    CONFIG_OPT_SIZE("max.message.bytes", struct ingestd_settings, max_message_bytes, "1MiB",
                    1 * KIB, 64 * MIB, 0,
                    "Largest raw message accepted; larger ones are dead-lettered as too_large."),
    CONFIG_OPT_INT("max.inflight.messages", struct ingestd_settings, max_inflight_messages, "1000",
                   1, 1000000, 0,
                   "Messages consumed and not yet finished before consumption pauses; it "
                   "resumes below half of it."),
    CONFIG_OPT_SIZE("memory.budget", struct ingestd_settings, memory_budget, "256MiB", 64 * MIB,
                    64 * 1024 * MIB, 0,
                    "Memory the whole process may use. 32 MiB are set aside; from the rest R, "
                    "consumption pauses when the raw bytes in flight reach R/48 (a job holds "
                    "about 24 times its raw size) and resumes at half that; librdkafka's "
                    "prefetch (R/8), fetch size (R/16) and the producer queue (R/8) are sized "
                    "from it."),
    CONFIG_OPT_INT("db.batch.size", struct ingestd_settings, db_batch_size, "200", 1, 10000, 0,
                   "Articles written per PostgreSQL transaction at most; a batch that fails on "
                   "one row's data is retried row by row, so only that row is dead-lettered."),
    CONFIG_OPT_INT("db.connections", struct ingestd_settings, db_connections, "2", 1, 16, 0,
                   "PostgreSQL connections writing in parallel; each partition always uses the "
                   "same one (partition number modulo this), so its order is kept. More than "
                   "the database's cores buys nothing."),
    CONFIG_OPT_DURATION("db.batch.linger", struct ingestd_settings, db_batch_linger_ms, "20ms", 0,
                        10000, 0,
                        "How long a partial batch waits for more articles while the database is "
                        "idle; under load batches fill while the previous one commits."),
    CONFIG_OPT_DURATION("shutdown.timeout", struct ingestd_settings, shutdown_timeout_ms, "30s",
                        100, 3600000, 0,
                        "On SIGTERM, how long to finish in-flight messages before giving up on "
                        "them (they are consumed again later)."),
    CONFIG_OPT_INT("worker.threads", struct ingestd_settings, worker_threads, "0", 0, 64, 0,
                   "Threads that run enrichment; 0 means one per CPU."),
    CONFIG_OPT_DURATION("stats.interval", struct ingestd_settings, stats_interval_ms, "30s", 0,
                        86400000, 0,
                        "How often a statistics line is logged while messages flow; 0 disables."),
    CONFIG_OPT_DURATION("ready.commit.max.age", struct ingestd_settings, ready_commit_max_age_ms,
                        "5m", 10000, 86400000, 0,
                        "/readyz fails when messages are in flight and no offset has been "
                        "committed for this long (the pipeline is stuck somewhere)."),
    CONFIG_OPT_BOOL("check-config", struct ingestd_settings, check_config, NULL, CONFIG_CLI_ONLY,
                    "Check the configuration, print the effective values and exit."),
    CONFIG_OPT_BOOL("help", struct ingestd_settings, help, NULL, CONFIG_CLI_ONLY,
                    "Print this help and exit."),
    CONFIG_OPT_BOOL("version", struct ingestd_settings, version, NULL, CONFIG_CLI_ONLY,
                    "Print the version and exit."),
    CONFIG_OPTION_END,
};

/* The most specific prefix first: config matches them in order. */
static const char *const ingestd_passthrough[] = {"kafka.consumer.", "kafka.producer.", "kafka.",
                                                  NULL};

/* Variables the local stack and the test scripts export beside ours. */
static const char *const ingestd_env_ignore[] = {
    "INGEST_RAW_PARTITIONS", "INGEST_ENRICHED_PARTITIONS", "INGEST_DLQ_PARTITIONS",
    "INGEST_SOURCE_DIR",     "INGEST_BUILD_DIR",           "INGEST_PG_PORT",
    "INGEST_KAFKA_PORT",     "INGEST_STACK_DIR",           NULL,
};

const struct config_spec ingestd_config_spec = {
    .program = "ingestd",
    .options = ingestd_options,
    .env_prefix = "INGEST_",
    .passthrough_prefixes = ingestd_passthrough,
    .env_ignore = ingestd_env_ignore,
    .allow_positional = false,
};

int ingestd_kafka_properties(const struct config *cfg, bool consumer, struct kafka_property **out,
                             size_t *count)
{
    const char *specific = consumer ? "kafka.consumer." : "kafka.producer.";
    const struct config_passthrough *pt;
    struct kafka_property *props;
    size_t n, k = 0;

    pt = config_passthrough(cfg, &n);
    props = calloc(n + 1, sizeof(*props));
    if (props == NULL) {
        return -ENOMEM;
    }
    for (int pass = 0; pass < 2; pass++) {
        const char *want = pass == 0 ? "kafka." : specific;
        for (size_t i = 0; i < n; i++) {
            if (strcmp(pt[i].prefix, want) == 0) {
                props[k].name = pt[i].property;
                props[k].value = pt[i].value;
                k++;
            }
        }
    }
    *out = props;
    *count = k;
    return 0;
}
