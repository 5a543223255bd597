/*
 * ingestctl tail: prints the messages of a topic as JSON Lines, {topic, partition, offset,
 * timestamp, key, headers, value}, reading every partition without joining a consumer group
 * (nothing is committed, no group is disturbed). Stops after --max messages or when no message
 * has arrived for --idle milliseconds. Blocking librdkafka calls are fine here: no event loop.
 *
 * Keys, header values and values that are valid UTF-8 are printed as JSON strings; anything
 * else (dead letters are often binary) as {"hex": "..."}, so every line stays valid JSON.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <librdkafka/rdkafka.h>

#include "ctl_kafka.h"
#include "ingestctl.h"

static const struct cli_option tail_options[] = {
    {"brokers", 'b', "BROKERS", "INGEST_KAFKA_BROKERS", INGESTCTL_DEFAULT_BROKERS, false,
     "Kafka bootstrap servers."},
    {"from", 'f', "WHERE", NULL, "beginning", false,
     "Where to start in each partition: beginning or end."},
    {"max", 'n', "N", NULL, "0", false, "Stop after N messages (0: no limit)."},
    {"idle", 'i', "MS", NULL, "3000", false,
     "Stop when no message arrived for MS milliseconds (0: wait forever)."},
    {"value-only", 'v', NULL, NULL, NULL, false,
     "Print only each message's value, one per line, as it was (for JSON values)."},
    {NULL, 0, NULL, NULL, NULL, false, NULL},
};

const struct cli_command ingestctl_tail_command = {
    .name = "tail",
    .args = "TOPIC",
    .summary = "Print a topic's messages as JSON Lines (no consumer group, nothing committed).",
    .details = "Each line: {\"topic\", \"partition\", \"offset\", \"timestamp\", \"key\",\n"
               "\"headers\": {name: value}, \"value\"}. A key, header or value that is not valid\n"
               "UTF-8 is printed as {\"hex\": \"...\"}. Exit status 1 when the topic does not\n"
               "exist or the broker cannot be reached.\n",
    .options = tail_options,
};

static int print_message(const rd_kafka_message_t *msg, int value_only)
{
    if (value_only) {
        fwrite(msg->payload, 1, msg->len, stdout);
        fputc('\n', stdout);
        return 0;
    }
    rd_kafka_timestamp_type_t ts_type;
    int64_t ts = rd_kafka_message_timestamp(msg, &ts_type);
    json_t *line =
        json_pack("{s:s, s:i, s:I, s:I, s:o, s:o, s:o}", "topic", rd_kafka_topic_name(msg->rkt),
                  "partition", (int)msg->partition, "offset", (json_int_t)msg->offset, "timestamp",
                  (json_int_t)ts, "key", ctl_json_bytes(msg->key, msg->key_len), "headers",
                  ctl_json_headers(msg), "value", ctl_json_bytes(msg->payload, msg->len));
    if (line == NULL) {
        return -ENOMEM;
    }
    int rc = json_dumpf(line, stdout, JSON_COMPACT);
    fputc('\n', stdout);
    json_decref(line);
    return rc == 0 ? 0 : -EIO;
}

static int parse_count(const char *text, long long *out)
{
    char *end = NULL;
    errno = 0;
    long long v = strtoll(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || v < 0) {
        return -EINVAL;
    }
    *out = v;
    return 0;
}

int ingestctl_tail(int argc, char **argv)
{
    const struct cli_command *cmd = &ingestctl_tail_command;
    struct cli_args args;
    int rc = cli_parse(cmd, argc, argv, &args, stdout, stderr);
    if (rc != CLI_RUN) {
        cli_args_free(&args);
        return rc;
    }
    long long max = 0, idle_ms = 0;
    const char *from = cli_value(cmd, &args, "from");
    if (args.positional_count != 1 || parse_count(cli_value(cmd, &args, "max"), &max) != 0 ||
        parse_count(cli_value(cmd, &args, "idle"), &idle_ms) != 0 ||
        (strcmp(from, "beginning") != 0 && strcmp(from, "end") != 0)) {
        fprintf(stderr, "ingestctl tail: usage: ingestctl tail [--from beginning|end] [--max N] "
                        "[--idle MS] TOPIC\n");
        cli_args_free(&args);
        return INGESTCTL_EXIT_USAGE;
    }
    const char *topic = args.positional[0];
    int value_only = cli_value(cmd, &args, "value-only") != NULL;
    char err[512] = "";
    rd_kafka_t *rk =
        ctl_kafka_consumer_new(cli_value(cmd, &args, "brokers"), "ingestctl-tail", err, sizeof err);
    if (rk == NULL) {
        fprintf(stderr, "ingestctl tail: %s\n", err);
        cli_args_free(&args);
        return INGESTCTL_EXIT_FAILURE;
    }
    int64_t start = strcmp(from, "end") == 0 ? RD_KAFKA_OFFSET_END : RD_KAFKA_OFFSET_BEGINNING;
    rc = INGESTCTL_EXIT_OK;
    if (ctl_kafka_assign_all(rk, topic, start, err, sizeof err) != 0) {
        fprintf(stderr, "ingestctl tail: %s\n", err);
        rc = INGESTCTL_EXIT_FAILURE;
    }
    long long printed = 0, idle = 0;
    const int poll_ms = 200;
    while (rc == INGESTCTL_EXIT_OK && (max == 0 || printed < max) &&
           (idle_ms == 0 || idle < idle_ms)) {
        rd_kafka_message_t *msg = rd_kafka_consumer_poll(rk, poll_ms);
        if (msg == NULL) {
            idle += poll_ms;
            continue;
        }
        if (msg->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
            rd_kafka_message_destroy(msg);
            continue;
        }
        if (msg->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
            fprintf(stderr, "ingestctl tail: %s\n", rd_kafka_message_errstr(msg));
            rc = INGESTCTL_EXIT_FAILURE;
        } else if (print_message(msg, value_only) != 0) {
            rc = INGESTCTL_EXIT_FAILURE;
        } else {
            printed++;
            idle = 0;
        }
        rd_kafka_message_destroy(msg);
    }
    fflush(stdout);
    ctl_kafka_consumer_destroy(rk);
    cli_args_free(&args);
    return rc;
}
