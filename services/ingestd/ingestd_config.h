/*
 * ingestd's settings: one declarative table (ingestd_config.c), loaded by common/config from
 * defaults, an optional file, INGEST_* environment variables and flags.
 */
#ifndef INGESTD_CONFIG_H
#define INGESTD_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "kafka.h"

struct ingestd_settings {
    char *kafka_brokers;
    char *group_id;
    char *topic_raw;
    char *topic_enriched;
    char *topic_dlq;
    char *pg_conninfo;
    char *http_addr;
    int log_level; /* index into ingestd_log_levels */
    int64_t max_message_bytes;
    int64_t max_inflight_messages;
    int64_t memory_budget;
    int64_t db_batch_size;
    int64_t db_connections;
    int64_t db_batch_linger_ms;
    int64_t shutdown_timeout_ms;
    int64_t worker_threads;
    int64_t stats_interval_ms;
    int64_t ready_commit_max_age_ms;
    bool check_config;
    bool help;
    bool version;
};

extern const char *const ingestd_log_levels[]; /* "debug", "info", "warn", "error" */

/* The table and the pass-through prefixes: "kafka.consumer.", "kafka.producer.", "kafka.". */
extern const struct config_spec ingestd_config_spec;

/*
 * librdkafka properties for one client, from the pass-through settings: every "kafka.*" one,
 * then the "kafka.consumer.*" (or "kafka.producer.*") ones, so the specific prefix wins.
 * Borrows the strings from cfg; the array is malloc'd: free() it. Returns 0 or -ENOMEM.
 */
int ingestd_kafka_properties(const struct config *cfg, bool consumer, struct kafka_property **out,
                             size_t *count);

#endif
