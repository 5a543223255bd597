/*
 * ingestctl stats: what an operator asks first. From PostgreSQL, articles per source and day and
 * the most mentioned entities; from Kafka, the consumer group's lag per partition of the raw
 * topic (read without joining the group) and the dead letters by reason. Tables by default,
 * one JSON object with --json. A part that cannot be read is reported and the others are still
 * printed; the exit status is then 1.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cmd_dlq.h"
#include "ctl_kafka.h"
#include "ingestctl.h"
#include "stats.h"

static const struct cli_option stats_options[] = {
    {"conninfo", 'c', "CONNINFO", "INGEST_PG_CONNINFO", INGESTCTL_DEFAULT_CONNINFO, false,
     "libpq connection string of the database."},
    {"brokers", 'b', "BROKERS", "INGEST_KAFKA_BROKERS", INGESTCTL_DEFAULT_BROKERS, false,
     "Kafka bootstrap servers."},
    {"topic", 't', "TOPIC", "INGEST_TOPIC_RAW", INGESTCTL_DEFAULT_TOPIC, false,
     "The raw topic, whose lag is shown."},
    {"group", 'g', "GROUP", "INGEST_GROUP_ID", "ingestd", false,
     "ingestd's consumer group (not joined: its committed offsets are only read)."},
    {"dlq-topic", 0, "TOPIC", "INGEST_TOPIC_DLQ", INGESTCTL_DEFAULT_TOPIC_DLQ, false,
     "The dead-letter topic."},
    {"days", 'd', "N", NULL, "7", false, "Articles of today and the N - 1 days before (UTC)."},
    {"source", 's', "SOURCE", NULL, NULL, false, "Only articles of this source."},
    {"top", 0, "N", NULL, "10", false, "How many of the most mentioned entities (0: none)."},
    {"json", 0, NULL, NULL, NULL, false, "One JSON object instead of tables."},
    {NULL, 0, NULL, NULL, NULL, false, NULL},
};

const struct cli_command ingestctl_stats_command = {
    .name = "stats",
    .args = "",
    .summary = "Articles per source and day, consumer lag, dead letters by reason.",
    .details =
        "Articles are counted by the UTC day they were first stored (ingested_at); REVISED\n"
        "counts those whose content changed since (revision > 1). LAG is the raw topic's\n"
        "end offset minus the group's committed offset (minus the start of the log when the\n"
        "group committed nothing there). Dead letters are counted by their ingest.reason\n"
        "header. --json keys: days, sources, top_entities, lag, dead_letters, errors.\n",
    .options = stats_options,
};

static long long int_of(const json_t *obj, const char *key)
{
    return (long long)json_integer_value(json_object_get(obj, key));
}

static const char *text_of(const json_t *obj, const char *key)
{
    const char *s = json_string_value(json_object_get(obj, key));
    return s != NULL ? s : "-";
}

static int by_count_desc(const void *a, const void *b)
{
    const json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
    long long nx = int_of(x, "count"), ny = int_of(y, "count");
    if (nx != ny) {
        return nx < ny ? 1 : -1;
    }
    return strcmp(text_of(x, "reason"), text_of(y, "reason"));
}

static void print_dead_letters(const json_t *dl)
{
    printf("\nDead letters in %s: %lld\n", text_of(dl, "topic"), int_of(dl, "total"));
    json_t *by_reason = json_object_get(dl, "by_reason");
    size_t n = json_object_size(by_reason);
    if (n == 0) {
        return;
    }
    json_t **rows = calloc(n, sizeof *rows);
    if (rows == NULL) {
        return;
    }
    size_t i = 0;
    const char *reason;
    json_t *count;
    json_object_foreach(by_reason, reason, count)
    {
        rows[i++] = json_pack("{s:s, s:O}", "reason", reason, "count", count);
    }
    qsort(rows, n, sizeof *rows, by_count_desc);
    printf("%-20s %8s\n", "REASON", "COUNT");
    for (i = 0; i < n; i++) {
        printf("%-20s %8lld\n", text_of(rows[i], "reason"), int_of(rows[i], "count"));
        json_decref(rows[i]);
    }
    free(rows);
}

static void print_tables(const json_t *report, int days)
{
    size_t i;
    json_t *row;
    json_t *section = json_object_get(report, "days");
    if (section != NULL) {
        printf("Articles per source and day (first stored, UTC; last %d day%s)\n", days,
               days == 1 ? "" : "s");
        printf("%-10s  %-24s %9s %9s\n", "DAY", "SOURCE", "ARTICLES", "REVISED");
        json_array_foreach(section, i, row)
        {
            printf("%-10s  %-24s %9lld %9lld\n", text_of(row, "day"), text_of(row, "source"),
                   int_of(row, "articles"), int_of(row, "revised"));
        }
    }
    if ((section = json_object_get(report, "sources")) != NULL) {
        printf("\nArticles per source (all time)\n");
        printf("%-24s %9s %9s  %s\n", "SOURCE", "ARTICLES", "REVISED", "LAST UPDATE");
        json_array_foreach(section, i, row)
        {
            printf("%-24s %9lld %9lld  %s\n", text_of(row, "source"), int_of(row, "articles"),
                   int_of(row, "revised"), text_of(row, "last_update"));
        }
    }
    if ((section = json_object_get(report, "top_entities")) != NULL &&
        json_array_size(section) > 0) {
        printf("\nMost mentioned entities (last %d day%s)\n", days, days == 1 ? "" : "s");
        printf("%-14s %9s  %s\n", "TYPE", "ARTICLES", "NAME");
        json_array_foreach(section, i, row)
        {
            printf("%-14s %9lld  %s\n", text_of(row, "type"), int_of(row, "articles"),
                   text_of(row, "name"));
        }
    }
    if ((section = json_object_get(report, "lag")) != NULL) {
        printf("\nConsumer lag of group %s on %s: %lld\n", text_of(section, "group"),
               text_of(section, "topic"), int_of(section, "total"));
        printf("%9s %12s %12s %10s\n", "PARTITION", "COMMITTED", "END", "LAG");
        json_array_foreach(json_object_get(section, "partitions"), i, row)
        {
            json_t *committed = json_object_get(row, "committed");
            char text[32] = "-";
            if (json_is_integer(committed)) {
                snprintf(text, sizeof text, "%lld", (long long)json_integer_value(committed));
            }
            printf("%9lld %12s %12lld %10lld\n", int_of(row, "partition"), text,
                   int_of(row, "high"), int_of(row, "lag"));
        }
    }
    if ((section = json_object_get(report, "dead_letters")) != NULL) {
        print_dead_letters(section);
    }
}

static int parse_int(const char *text, int min, int max, int *out)
{
    char *end = NULL;
    errno = 0;
    long v = strtol(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || v < min || v > max) {
        return -EINVAL;
    }
    *out = (int)v;
    return 0;
}

int ingestctl_stats(int argc, char **argv)
{
    const struct cli_command *cmd = &ingestctl_stats_command;
    struct cli_args args;
    json_t *report = NULL, *errors = NULL;
    rd_kafka_t *rk = NULL;
    int rc = cli_parse(cmd, argc, argv, &args, stdout, stderr);
    if (rc != CLI_RUN) {
        goto out;
    }
    struct stats_db_query q = {
        .conninfo = cli_value(cmd, &args, "conninfo"),
        .source = cli_value(cmd, &args, "source"),
    };
    if (args.positional_count != 0 || parse_int(cli_value(cmd, &args, "days"), 1, 3660, &q.days) ||
        parse_int(cli_value(cmd, &args, "top"), 0, 1000, &q.top_entities)) {
        fprintf(stderr, "ingestctl stats: usage: ingestctl stats [--days 1..3660] [--top "
                        "0..1000] [--source S] [--json]\nTry 'ingestctl stats --help'.\n");
        rc = INGESTCTL_EXIT_USAGE;
        goto out;
    }
    report = json_object();
    errors = json_array();
    if (report == NULL || errors == NULL) {
        rc = INGESTCTL_EXIT_FAILURE;
        goto out;
    }
    char err[1024] = "";
    if (stats_db_collect(&q, report, err, sizeof err) != 0) {
        json_array_append_new(errors, json_string(err));
    }
    const char *group = cli_value(cmd, &args, "group");
    rk = ctl_kafka_consumer_new(cli_value(cmd, &args, "brokers"), group, err, sizeof err);
    if (rk == NULL) {
        json_array_append_new(errors, json_string(err));
    } else {
        if (stats_kafka_lag(rk, cli_value(cmd, &args, "topic"), group, report, err, sizeof err) !=
            0) {
            json_array_append_new(errors, json_string(err));
        }
        if (stats_kafka_dead_letters(rk, cli_value(cmd, &args, "dlq-topic"), report, err,
                                     sizeof err) != 0) {
            json_array_append_new(errors, json_string(err));
        }
    }
    rc = json_array_size(errors) == 0 ? INGESTCTL_EXIT_OK : INGESTCTL_EXIT_FAILURE;
    if (cli_value(cmd, &args, "json") != NULL) {
        json_object_set(report, "errors", errors);
        if (json_dumpf(report, stdout, JSON_COMPACT | JSON_SORT_KEYS) != 0) {
            rc = INGESTCTL_EXIT_FAILURE;
        }
        fputc('\n', stdout);
    } else {
        print_tables(report, q.days);
    }
    size_t i;
    json_t *e;
    json_array_foreach(errors, i, e)
    {
        fprintf(stderr, "ingestctl stats: %s\n", json_string_value(e));
    }
out:
    fflush(stdout);
    json_decref(errors);
    json_decref(report);
    ctl_kafka_consumer_destroy(rk);
    cli_args_free(&args);
    return rc;
}
