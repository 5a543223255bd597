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

/* A JSON string for UTF-8 bytes, else {"hex": "..."}; NULL data gives JSON null. New ref. */
static json_t *bytes_to_json(const void *data, size_t len)
{
    if (data == NULL) {
        return json_null();
    }
    json_t *s = json_stringn(data, len);
    if (s != NULL) {
        return s;
    }
    static const char digits[] = "0123456789abcdef";
    char *hex = malloc(2 * len + 1);
    if (hex == NULL) {
        return NULL;
    }
    const unsigned char *p = data;
    for (size_t i = 0; i < len; i++) {
        hex[2 * i] = digits[p[i] >> 4];
        hex[2 * i + 1] = digits[p[i] & 0x0f];
    }
    hex[2 * len] = '\0';
    json_t *obj = json_pack("{s:s}", "hex", hex);
    free(hex);
    return obj;
}

static json_t *headers_to_json(const rd_kafka_message_t *msg)
{
    json_t *obj = json_object();
    rd_kafka_headers_t *hdrs = NULL;
    if (obj == NULL || rd_kafka_message_headers(msg, &hdrs) != RD_KAFKA_RESP_ERR_NO_ERROR) {
        return obj;
    }
    const char *name;
    const void *value;
    size_t size;
    for (size_t i = 0;
         rd_kafka_header_get_all(hdrs, i, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR;
         i++) {
        json_object_set_new(obj, name, bytes_to_json(value, size));
    }
    return obj;
}

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
                  (json_int_t)ts, "key", bytes_to_json(msg->key, msg->key_len), "headers",
                  headers_to_json(msg), "value", bytes_to_json(msg->payload, msg->len));
    if (line == NULL) {
        return -ENOMEM;
    }
    int rc = json_dumpf(line, stdout, JSON_COMPACT);
    fputc('\n', stdout);
    json_decref(line);
    return rc == 0 ? 0 : -EIO;
}

/* Assigns every partition of topic at the start or the end. Returns 0 or -ENOENT/-EIO. */
static int assign_all(rd_kafka_t *rk, const char *topic, int64_t start, char *err, size_t errlen)
{
    rd_kafka_topic_t *rkt = rd_kafka_topic_new(rk, topic, NULL);
    const struct rd_kafka_metadata *md = NULL;
    rd_kafka_resp_err_t merr =
        rkt ? rd_kafka_metadata(rk, 0, rkt, &md, 10000) : RD_KAFKA_RESP_ERR__INVALID_ARG;
    int rc = 0;
    if (merr != RD_KAFKA_RESP_ERR_NO_ERROR) {
        snprintf(err, errlen, "cannot read metadata of %s: %s", topic, rd_kafka_err2str(merr));
        rc = -EIO;
    } else if (md->topic_cnt != 1 || md->topics[0].err != RD_KAFKA_RESP_ERR_NO_ERROR ||
               md->topics[0].partition_cnt == 0) {
        snprintf(err, errlen, "topic %s does not exist", topic);
        rc = -ENOENT;
    } else {
        rd_kafka_topic_partition_list_t *parts =
            rd_kafka_topic_partition_list_new(md->topics[0].partition_cnt);
        for (int i = 0; i < md->topics[0].partition_cnt; i++) {
            rd_kafka_topic_partition_list_add(parts, topic, md->topics[0].partitions[i].id)
                ->offset = start;
        }
        rd_kafka_resp_err_t aerr = rd_kafka_assign(rk, parts);
        rd_kafka_topic_partition_list_destroy(parts);
        if (aerr != RD_KAFKA_RESP_ERR_NO_ERROR) {
            snprintf(err, errlen, "cannot assign %s: %s", topic, rd_kafka_err2str(aerr));
            rc = -EIO;
        }
    }
    if (md != NULL) {
        rd_kafka_metadata_destroy(md);
    }
    if (rkt != NULL) {
        rd_kafka_topic_destroy(rkt);
    }
    return rc;
}

static rd_kafka_t *consumer_new(const char *brokers, char *err, size_t errlen)
{
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    /* A group id is required by the consumer API; with assign() and no commits it is never
     * joined, so any name will do. */
    if (rd_kafka_conf_set(conf, "bootstrap.servers", brokers, err, errlen) != RD_KAFKA_CONF_OK ||
        rd_kafka_conf_set(conf, "group.id", "ingestctl-tail", err, errlen) != RD_KAFKA_CONF_OK ||
        rd_kafka_conf_set(conf, "enable.auto.commit", "false", err, errlen) != RD_KAFKA_CONF_OK ||
        rd_kafka_conf_set(conf, "enable.partition.eof", "true", err, errlen) != RD_KAFKA_CONF_OK) {
        rd_kafka_conf_destroy(conf);
        return NULL;
    }
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, errlen);
    if (rk == NULL) {
        rd_kafka_conf_destroy(conf);
    }
    return rk;
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
    rd_kafka_t *rk = consumer_new(cli_value(cmd, &args, "brokers"), err, sizeof err);
    if (rk == NULL) {
        fprintf(stderr, "ingestctl tail: %s\n", err);
        cli_args_free(&args);
        return INGESTCTL_EXIT_FAILURE;
    }
    int64_t start = strcmp(from, "end") == 0 ? RD_KAFKA_OFFSET_END : RD_KAFKA_OFFSET_BEGINNING;
    rc = INGESTCTL_EXIT_OK;
    if (assign_all(rk, topic, start, err, sizeof err) != 0) {
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
    rd_kafka_consumer_close(rk);
    rd_kafka_destroy(rk);
    cli_args_free(&args);
    return rc;
}
