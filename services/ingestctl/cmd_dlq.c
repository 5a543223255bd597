/*
 * ingestctl dlq list|show: inspect the dead-letter topic without joining a consumer group.
 * `dlq replay` is in cmd_dlq_replay.c; the decoding of dead letters in dlq_letter.c.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "cmd_dlq.h"
#include "ctl_kafka.h"
#include "dlq_letter.h"
#include "ingestctl.h"

static const struct cli_option dlq_list_options[] = {
    DLQ_COMMON_OPTIONS,
    {"reason", 'r', "REASON", NULL, NULL, false, "Only dead letters with this ingest.reason."},
    {"since", 's', "TIME", NULL, NULL, false,
     "Only dead letters rejected at or after TIME: 2026-11-27, 2026-11-27T10:00:00Z, or a "
     "duration back from now (90s, 30m, 2h, 7d)."},
    {"max", 'n', "N", NULL, "0", false, "Only the N most recent matching dead letters (0: all)."},
    {"json", 0, NULL, NULL, NULL, false, "One JSON object per dead letter instead of a table."},
    {NULL, 0, NULL, NULL, NULL, false, NULL},
};

const struct cli_command ingestctl_dlq_list_command = {
    .name = "dlq list",
    .args = "",
    .summary = "List the dead letters, one line each, oldest first.",
    .details = "Columns: OFFSET (PARTITION:OFFSET when not partition 0), TIME (ingest.time),\n"
               "REASON, BYTES (value size), FROM (original topic/partition@offset), PATH (JSON\n"
               "pointer, - when empty), KEY (a JSON string, hex:... when binary, - when null),\n"
               "ERROR. --json prints {partition, offset, time, reason, path, error, sqlstate,\n"
               "from: {topic, partition, offset}, key, value_bytes} per line instead.\n",
    .options = dlq_list_options,
};

static const struct cli_option dlq_show_options[] = {
    DLQ_COMMON_OPTIONS,
    {"value-only", 'v', NULL, NULL, NULL, false,
     "Print only the value, byte for byte, without a newline (to edit and publish again)."},
    {"json", 0, NULL, NULL, NULL, false,
     "Print each as a JSON object with every header, the key and the value."},
    {NULL, 0, NULL, NULL, NULL, false, NULL},
};

const struct cli_command ingestctl_dlq_show_command = {
    .name = "dlq show",
    .args = "OFFSET...",
    .summary = "Show everything about the dead letters at these offsets.",
    .details = "OFFSET is an offset of partition 0 (the dead-letter topic has one partition), or\n"
               "PARTITION:OFFSET. A value that is UTF-8 text is printed as it is; anything else\n"
               "as hex. Exit status 1 when an offset holds no message.\n",
    .options = dlq_show_options,
};

int64_t dlq_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

char *dlq_key_text(const rd_kafka_message_t *msg)
{
    if (msg->key == NULL) {
        return strdup("-");
    }
    json_t *j = ctl_json_bytes(msg->key, msg->key_len);
    char *text = NULL;
    if (json_is_string(j)) {
        text = json_dumps(j, JSON_ENCODE_ANY);
    } else if (j != NULL) {
        const char *hex = json_string_value(json_object_get(j, "hex"));
        size_t len = strlen(hex) + 5;
        text = malloc(len);
        if (text != NULL) {
            snprintf(text, len, "hex:%s", hex);
        }
    }
    json_decref(j);
    return text;
}

/* The original position's number, or JSON null when the header is missing or not a number. */
static json_t *number_or_null(const char *text)
{
    char *end = NULL;
    long long v = strtoll(text, &end, 10);
    return text[0] != '\0' && *end == '\0' ? json_integer(v) : json_null();
}

json_t *dlq_letter_json(const struct dlq_letter *l, bool full)
{
    const rd_kafka_message_t *m = l->msg;
    json_t *obj = json_pack(
        "{s:i, s:I, s:s, s:s, s:s, s:s, s:{s:s, s:o, s:o}, s:o, s:I}", "partition",
        (int)l->partition, "offset", (json_int_t)l->offset, "time", l->time, "reason", l->reason,
        "path", l->path, "error", l->error, "from", "topic", l->topic, "partition",
        number_or_null(l->from_partition), "offset", number_or_null(l->from_offset), "key",
        ctl_json_bytes(m->key, m->key_len), "value_bytes", (json_int_t)m->len);
    if (obj != NULL && l->sqlstate[0] != '\0') {
        json_object_set_new(obj, "sqlstate", json_string(l->sqlstate));
    }
    if (obj != NULL && full) {
        json_object_set_new(obj, "timestamp",
                            json_integer((json_int_t)rd_kafka_message_timestamp(m, NULL)));
        json_object_set_new(obj, "headers", ctl_json_headers(m));
        json_object_set_new(obj, "value", ctl_json_bytes(m->payload, m->len));
    }
    return obj;
}

/* One line of `dlq list` (no newline), or NULL when out of memory. Caller frees. */
static char *list_line(const struct dlq_letter *l, bool as_json)
{
    if (as_json) {
        json_t *j = dlq_letter_json(l, false);
        char *text = j != NULL ? json_dumps(j, JSON_COMPACT) : NULL;
        json_decref(j);
        return text;
    }
    char position[40];
    dlq_position_format(l->partition, l->offset, position, sizeof position);
    char *key = dlq_key_text(l->msg);
    if (key == NULL) {
        return NULL;
    }
    char *line = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&line, &size);
    if (f != NULL) {
        fprintf(f, "%-7s %-24s %-16s %8zu  %s/%s@%s  %s  %s  %s", position,
                l->time[0] ? l->time : "-", l->reason[0] ? l->reason : "-", l->msg->len,
                l->topic[0] ? l->topic : "-", l->from_partition[0] ? l->from_partition : "-",
                l->from_offset[0] ? l->from_offset : "-", l->path[0] ? l->path : "-", key,
                l->error);
        fclose(f);
    }
    free(key);
    return line;
}

/* The most recent `max` lines (a ring), or every line straight to stdout when max is 0. */
struct list_state {
    struct dlq_filter filter;
    bool as_json;
    size_t max;
    char **ring;
    size_t next, count;
    int failed;
};

static int list_one(const rd_kafka_message_t *msg, void *arg)
{
    struct list_state *s = arg;
    struct dlq_letter l;
    dlq_letter_read(msg, &l);
    if (!dlq_letter_matches(&l, &s->filter)) {
        return 0;
    }
    char *line = list_line(&l, s->as_json);
    if (line == NULL) {
        return -ENOMEM;
    }
    if (s->max == 0) {
        puts(line);
        free(line);
    } else {
        free(s->ring[s->next]);
        s->ring[s->next] = line;
        s->next = (s->next + 1) % s->max;
        s->count += s->count < s->max;
    }
    return 0;
}

/* Parses the options every dlq command shares; returns CLI_RUN or an exit code. */
int dlq_parse_filter(const struct cli_command *cmd, const struct cli_args *args,
                     struct dlq_filter *f)
{
    f->reason = cli_value(cmd, args, "reason");
    f->since_ms = INT64_MIN;
    const char *since = cli_value(cmd, args, "since");
    if (since != NULL && dlq_time_parse(since, dlq_now_ms(), &f->since_ms) != 0) {
        fprintf(stderr, "ingestctl %s: --since wants a date, a date-time or a duration, got '%s'\n",
                cmd->name, since);
        return INGESTCTL_EXIT_USAGE;
    }
    return CLI_RUN;
}

static int dlq_list(int argc, char **argv)
{
    const struct cli_command *cmd = &ingestctl_dlq_list_command;
    struct cli_args args;
    struct list_state s = {0};
    rd_kafka_t *rk = NULL;
    int rc = cli_parse(cmd, argc, argv, &args, stdout, stderr);
    if (rc != CLI_RUN) {
        goto out;
    }
    char *end = NULL;
    const char *max = cli_value(cmd, &args, "max");
    long long n = strtoll(max, &end, 10);
    if (args.positional_count != 0 || *end != '\0' || end == max || n < 0 || n > 10000000) {
        fprintf(stderr, "ingestctl dlq list: usage: ingestctl dlq list [--reason R] [--since "
                        "TIME] [--max N] [--json]\n");
        rc = INGESTCTL_EXIT_USAGE;
        goto out;
    }
    if ((rc = dlq_parse_filter(cmd, &args, &s.filter)) != CLI_RUN) {
        goto out;
    }
    s.max = (size_t)n;
    s.as_json = cli_value(cmd, &args, "json") != NULL;
    if (s.max > 0 && (s.ring = calloc(s.max, sizeof *s.ring)) == NULL) {
        rc = INGESTCTL_EXIT_FAILURE;
        goto out;
    }
    char err[512] = "";
    const char *topic = cli_value(cmd, &args, "topic");
    rk = ctl_kafka_consumer_new(cli_value(cmd, &args, "brokers"), "ingestctl-dlq", err, sizeof err);
    if (rk == NULL) {
        fprintf(stderr, "ingestctl dlq list: %s\n", err);
        rc = INGESTCTL_EXIT_FAILURE;
        goto out;
    }
    if (!s.as_json) {
        printf("%-7s %-24s %-16s %8s  %s  %s  %s  %s\n", "OFFSET", "TIME", "REASON", "BYTES",
               "FROM", "PATH", "KEY", "ERROR");
    }
    int src = ctl_kafka_scan(rk, topic, list_one, &s, err, sizeof err);
    for (size_t i = 0; i < s.count; i++) {
        size_t at = (s.next + s.max - s.count + i) % s.max;
        puts(s.ring[at]);
    }
    rc = INGESTCTL_EXIT_OK;
    if (src != 0) {
        fprintf(stderr, "ingestctl dlq list: %s\n", src == -ENOMEM ? "out of memory" : err);
        rc = INGESTCTL_EXIT_FAILURE;
    }
out:
    fflush(stdout);
    if (s.ring != NULL) {
        for (size_t i = 0; i < s.max; i++) {
            free(s.ring[i]);
        }
        free(s.ring);
    }
    ctl_kafka_consumer_destroy(rk);
    cli_args_free(&args);
    return rc;
}

static void show_human(const struct dlq_letter *l, const char *topic)
{
    const rd_kafka_message_t *m = l->msg;
    char position[40];
    dlq_position_format(l->partition, l->offset, position, sizeof position);
    printf("dead letter %s of %s\n", position, topic);
    printf("time       %s\n", l->time);
    printf("reason     %s\n", l->reason);
    printf("path       %s\n", l->path[0] ? l->path : "(empty)");
    printf("error      %s\n", l->error);
    if (l->sqlstate[0] != '\0') {
        printf("sqlstate   %s\n", l->sqlstate);
    }
    printf("from       %s partition %s offset %s\n", l->topic, l->from_partition, l->from_offset);
    char *key = dlq_key_text(m);
    printf("key        %s (%zu bytes)\n", key != NULL ? key : "?", m->key_len);
    free(key);
    json_t *value = ctl_json_bytes(m->payload, m->len);
    if (m->payload == NULL) {
        printf("value      null\n");
    } else if (json_is_string(value)) {
        printf("value      %zu bytes, text:\n", m->len);
        fwrite(m->payload, 1, m->len, stdout);
        fputc('\n', stdout);
    } else {
        printf("value      %zu bytes, binary (hex):\n%s\n", m->len,
               json_string_value(json_object_get(value, "hex")));
    }
    json_decref(value);
}

static int dlq_show(int argc, char **argv)
{
    const struct cli_command *cmd = &ingestctl_dlq_show_command;
    struct cli_args args;
    rd_kafka_t *rk = NULL;
    int rc = cli_parse(cmd, argc, argv, &args, stdout, stderr);
    if (rc != CLI_RUN) {
        goto out;
    }
    int32_t *partitions = calloc((size_t)args.positional_count + 1, sizeof *partitions);
    int64_t *offsets = calloc((size_t)args.positional_count + 1, sizeof *offsets);
    rc = INGESTCTL_EXIT_USAGE;
    if (partitions == NULL || offsets == NULL) {
        rc = INGESTCTL_EXIT_FAILURE;
        goto out_positions;
    }
    if (args.positional_count == 0) {
        fprintf(stderr, "ingestctl dlq show: no OFFSET given\n");
        goto out_positions;
    }
    for (int i = 0; i < args.positional_count; i++) {
        if (dlq_position_parse(args.positional[i], &partitions[i], &offsets[i]) != 0) {
            fprintf(stderr, "ingestctl dlq show: not an OFFSET or PARTITION:OFFSET: '%s'\n",
                    args.positional[i]);
            goto out_positions;
        }
    }
    bool value_only = cli_value(cmd, &args, "value-only") != NULL;
    bool as_json = cli_value(cmd, &args, "json") != NULL;
    const char *topic = cli_value(cmd, &args, "topic");
    char err[512] = "";
    rk = ctl_kafka_consumer_new(cli_value(cmd, &args, "brokers"), "ingestctl-dlq", err, sizeof err);
    rc = INGESTCTL_EXIT_OK;
    if (rk == NULL) {
        fprintf(stderr, "ingestctl dlq show: %s\n", err);
        rc = INGESTCTL_EXIT_FAILURE;
        goto out_positions;
    }
    for (int i = 0; i < args.positional_count; i++) {
        rd_kafka_message_t *msg = NULL;
        if (ctl_kafka_fetch(rk, topic, partitions[i], offsets[i], &msg, err, sizeof err) != 0) {
            fprintf(stderr, "ingestctl dlq show: %s\n", err);
            rc = INGESTCTL_EXIT_FAILURE;
            continue;
        }
        struct dlq_letter l;
        dlq_letter_read(msg, &l);
        if (value_only) {
            fwrite(msg->payload, 1, msg->len, stdout);
        } else if (as_json) {
            json_t *j = dlq_letter_json(&l, true);
            if (j == NULL || json_dumpf(j, stdout, JSON_COMPACT) != 0) {
                rc = INGESTCTL_EXIT_FAILURE;
            }
            fputc('\n', stdout);
            json_decref(j);
        } else {
            if (i > 0) {
                fputc('\n', stdout);
            }
            show_human(&l, topic);
        }
        rd_kafka_message_destroy(msg);
    }
out_positions:
    free(partitions);
    free(offsets);
out:
    fflush(stdout);
    ctl_kafka_consumer_destroy(rk);
    cli_args_free(&args);
    return rc;
}

/* `dlq` itself only dispatches to its actions; this entry gives main's help its line. */
static const struct cli_option dlq_no_options[] = {
    {NULL, 0, NULL, NULL, NULL, false, NULL},
};

const struct cli_command ingestctl_dlq_command = {
    .name = "dlq",
    .args = "list|show|replay",
    .summary = "Inspect dead letters and replay them to the raw topic.",
    .details = NULL,
    .options = dlq_no_options,
};

static void dlq_help(FILE *out)
{
    fprintf(out,
            "Usage: ingestctl dlq ACTION [OPTION]... [ARG]...\n"
            "Inspect the dead-letter topic (ingest.* headers say why each message was\n"
            "rejected) and replay chosen dead letters to the raw topic after a fix.\n\n"
            "Actions:\n"
            "  list    %s\n"
            "  show    %s\n"
            "  replay  %s\n\n"
            "'ingestctl dlq ACTION --help' describes each action. Typical use:\n"
            "  ingestctl dlq list --reason wrong_type\n"
            "  (fix the producer or the schema, then)\n"
            "  ingestctl dlq replay --reason wrong_type\n"
            "To change a payload: ingestctl dlq show OFFSET --value-only > f.json; edit f.json;\n"
            "ingestctl publish f.json.\n",
            ingestctl_dlq_list_command.summary, ingestctl_dlq_show_command.summary,
            ingestctl_dlq_replay_command.summary);
}

int ingestctl_dlq(int argc, char **argv)
{
    if (argc < 2) {
        dlq_help(stderr);
        return INGESTCTL_EXIT_USAGE;
    }
    const char *action = argv[1];
    if (strcmp(action, "--help") == 0 || strcmp(action, "-h") == 0 || strcmp(action, "help") == 0) {
        dlq_help(stdout);
        return INGESTCTL_EXIT_OK;
    }
    if (strcmp(action, "list") == 0) {
        return dlq_list(argc - 1, argv + 1);
    }
    if (strcmp(action, "show") == 0) {
        return dlq_show(argc - 1, argv + 1);
    }
    if (strcmp(action, "replay") == 0) {
        return dlq_replay(argc - 1, argv + 1);
    }
    fprintf(stderr, "ingestctl dlq: unknown action '%s'\nTry 'ingestctl dlq --help'.\n", action);
    return INGESTCTL_EXIT_USAGE;
}
