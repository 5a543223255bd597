/*
 * The parts of `ingestctl stats`, each adding its section to one JSON report (the --json output,
 * also what the table printer reads). Blocking calls (libpq, librdkafka): no event loop here.
 * Nothing prints; errors go to err.
 */
#ifndef STATS_H
#define STATS_H

#include <stddef.h>

#include <jansson.h>
#include <librdkafka/rdkafka.h>

/* What to count in PostgreSQL. source NULL: every source. */
struct stats_db_query {
    const char *conninfo;
    int days; /* the window: today (UTC) and the days - 1 before it */
    const char *source;
    int top_entities; /* how many entities to list; 0: none */
};

/*
 * Adds to report:
 *   "days":     [{"day": "YYYY-MM-DD", "source", "articles", "revised"}] articles by the UTC
 *               day they were first stored, newest day first; revised = of them, revision > 1
 *   "sources":  [{"source", "articles", "revised", "last_update"}] all time
 *   "top_entities": [{"type", "name", "articles"}] in the window's articles, most mentioned
 * Returns 0, or -EIO (unreachable database, failed query) with err filled in.
 */
int stats_db_collect(const struct stats_db_query *q, json_t *report, char *err, size_t errlen);

/*
 * Adds "lag": {"topic", "group", "partitions": [{"partition", "committed" (null when the group
 * has committed nothing there), "low", "high", "lag"}], "total"}: lag is high - committed, or
 * high - low when nothing is committed. rk is a consumer created with group.id = group that
 * never joins it (ctl_kafka_consumer_new). Returns 0 or a negative error with err filled in.
 */
int stats_kafka_lag(rd_kafka_t *rk, const char *topic, const char *group, json_t *report, char *err,
                    size_t errlen);

/* Adds "dead_letters": {"topic", "total", "by_reason": {reason: count}} by reading every dead
 * letter's ingest.reason header ("" when missing). Returns 0 or a negative error. */
int stats_kafka_dead_letters(rd_kafka_t *rk, const char *topic, json_t *report, char *err,
                             size_t errlen);

#endif
