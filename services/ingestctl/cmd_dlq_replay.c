/*
 * ingestctl dlq replay: produces chosen dead letters back to the raw topic, key and value byte
 * for byte, with an ingest.replayed_from header naming the dead letter. The producer is
 * idempotent and every delivery report is awaited before the summary is printed. Replaying the
 * same dead letter twice is harmless for the database (ingestd's upsert is idempotent by
 * content); a payload that is still invalid is dead-lettered again.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_dlq.h"
#include "ctl_kafka.h"

static const struct cli_option dlq_replay_options[] = {
    DLQ_COMMON_OPTIONS,
    {"reason", 'r', "REASON", NULL, NULL, false,
     "Replay every dead letter with this ingest.reason (instead of OFFSETs)."},
    {"since", 's', "TIME", NULL, NULL, false,
     "With --reason: only those rejected at or after TIME (as in 'dlq list')."},
    {"to", 0, "TOPIC", "INGEST_TOPIC_RAW", INGESTCTL_DEFAULT_TOPIC, false,
     "Topic to produce the dead letters to."},
    {"dry-run", 'n', NULL, NULL, NULL, false, "Print what would be replayed; produce nothing."},
    {NULL, 0, NULL, NULL, NULL, false, NULL},
};

const struct cli_command ingestctl_dlq_replay_command = {
    .name = "dlq replay",
    .args = "OFFSET...|--reason REASON",
    .summary = "Produce chosen dead letters back to the raw topic, byte for byte.",
    .details =
        "Each chosen dead letter's key and value are produced unchanged to --to (the raw\n"
        "topic by default) with the header ingest.replayed_from = its OFFSET (as 'dlq list'\n"
        "shows it). The dead letters stay where they are. One line is printed per delivered\n"
        "message, then a summary. Exit status 1 when an OFFSET holds no message or a\n"
        "message was not delivered.\n",
    .options = dlq_replay_options,
};

struct replayer {
    rd_kafka_t *producer; /* NULL on a dry run */
    const char *to;
    struct dlq_filter filter;
    unsigned long sent, delivered, failed, chosen;
};

static void on_delivery(rd_kafka_t *rk, const rd_kafka_message_t *msg, void *opaque)
{
    (void)rk;
    struct replayer *r = opaque;
    char *what = msg->_private; /* "POSITION (REASON)" */
    if (msg->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        r->failed++;
        fprintf(stderr, "ingestctl dlq replay: %s not delivered: %s\n", what,
                rd_kafka_err2str(msg->err));
    } else {
        r->delivered++;
        printf("replayed %s -> %s partition %d offset %lld\n", what, r->to, (int)msg->partition,
               (long long)msg->offset);
    }
    free(what);
}

/* Replays (or, on a dry run, describes) one dead letter. Returns 0 or -ENOMEM/-EIO. */
static int replay_one(struct replayer *r, const struct dlq_letter *l)
{
    const rd_kafka_message_t *m = l->msg;
    char position[40];
    dlq_position_format(l->partition, l->offset, position, sizeof position);
    r->chosen++;
    if (r->producer == NULL) {
        char *key = dlq_key_text(m);
        printf("would replay %s (%s) key %s, %zu bytes -> %s\n", position, l->reason,
               key != NULL ? key : "?", m->len, r->to);
        free(key);
        return 0;
    }
    size_t what_len = strlen(position) + strlen(l->reason) + 4;
    char *what = malloc(what_len);
    if (what == NULL) {
        return -ENOMEM;
    }
    snprintf(what, what_len, "%s (%s)", position, l->reason);
    rd_kafka_resp_err_t err;
    for (;;) {
        err = rd_kafka_producev(
            r->producer, RD_KAFKA_V_TOPIC(r->to), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
            RD_KAFKA_V_KEY(m->key, m->key_len), RD_KAFKA_V_VALUE(m->payload, m->len),
            RD_KAFKA_V_HEADER("ingest.replayed_from", position, (ssize_t)strlen(position)),
            RD_KAFKA_V_OPAQUE(what), RD_KAFKA_V_END);
        if (err != RD_KAFKA_RESP_ERR__QUEUE_FULL) {
            break;
        }
        rd_kafka_poll(r->producer, 100);
    }
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        fprintf(stderr, "ingestctl dlq replay: %s not sent: %s\n", what, rd_kafka_err2str(err));
        free(what);
        r->failed++;
        return 0;
    }
    r->sent++;
    rd_kafka_poll(r->producer, 0);
    return 0;
}

static int replay_matching(const rd_kafka_message_t *msg, void *arg)
{
    struct replayer *r = arg;
    struct dlq_letter l;
    dlq_letter_read(msg, &l);
    return dlq_letter_matches(&l, &r->filter) ? replay_one(r, &l) : 0;
}

static rd_kafka_t *producer_new(const char *brokers, struct replayer *r, char *err, size_t errlen)
{
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    /* Idempotent: a retried batch is never written twice. A bounded timeout makes an
     * unreachable broker a failure after 30 s; the large message.max.bytes lets through any
     * dead letter the broker accepted once (ingestd dead-letters over-limit messages too). */
    const char *settings[][2] = {
        {"bootstrap.servers", brokers},    {"enable.idempotence", "true"},
        {"message.timeout.ms", "30000"},   {"linger.ms", "5"},
        {"message.max.bytes", "16777216"},
    };
    for (size_t i = 0; i < sizeof settings / sizeof settings[0]; i++) {
        if (rd_kafka_conf_set(conf, settings[i][0], settings[i][1], err, errlen) !=
            RD_KAFKA_CONF_OK) {
            rd_kafka_conf_destroy(conf);
            return NULL;
        }
    }
    rd_kafka_conf_set_opaque(conf, r);
    rd_kafka_conf_set_dr_msg_cb(conf, on_delivery);
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, errlen);
    if (rk == NULL) {
        rd_kafka_conf_destroy(conf);
    }
    return rk;
}

int dlq_replay(int argc, char **argv)
{
    const struct cli_command *cmd = &ingestctl_dlq_replay_command;
    struct cli_args args;
    struct replayer r = {0};
    rd_kafka_t *consumer = NULL;
    int32_t *partitions = NULL;
    int64_t *offsets = NULL;
    int rc = cli_parse(cmd, argc, argv, &args, stdout, stderr);
    if (rc != CLI_RUN) {
        goto out;
    }
    if ((rc = dlq_parse_filter(cmd, &args, &r.filter)) != CLI_RUN) {
        goto out;
    }
    rc = INGESTCTL_EXIT_USAGE;
    if ((args.positional_count > 0) == (r.filter.reason != NULL) ||
        (r.filter.since_ms != INT64_MIN && r.filter.reason == NULL)) {
        fprintf(stderr, "ingestctl dlq replay: give OFFSETs or --reason REASON [--since TIME]\n"
                        "Try 'ingestctl dlq replay --help'.\n");
        goto out;
    }
    partitions = calloc((size_t)args.positional_count + 1, sizeof *partitions);
    offsets = calloc((size_t)args.positional_count + 1, sizeof *offsets);
    if (partitions == NULL || offsets == NULL) {
        rc = INGESTCTL_EXIT_FAILURE;
        goto out;
    }
    for (int i = 0; i < args.positional_count; i++) {
        if (dlq_position_parse(args.positional[i], &partitions[i], &offsets[i]) != 0) {
            fprintf(stderr, "ingestctl dlq replay: not an OFFSET or PARTITION:OFFSET: '%s'\n",
                    args.positional[i]);
            goto out;
        }
    }
    const char *brokers = cli_value(cmd, &args, "brokers");
    const char *topic = cli_value(cmd, &args, "topic");
    r.to = cli_value(cmd, &args, "to");
    char err[512] = "";
    rc = INGESTCTL_EXIT_FAILURE;
    consumer = ctl_kafka_consumer_new(brokers, "ingestctl-dlq", err, sizeof err);
    if (consumer == NULL || (cli_value(cmd, &args, "dry-run") == NULL &&
                             (r.producer = producer_new(brokers, &r, err, sizeof err)) == NULL)) {
        fprintf(stderr, "ingestctl dlq replay: %s\n", err);
        goto out;
    }
    int missing = 0, src = 0;
    for (int i = 0; i < args.positional_count && src == 0; i++) {
        rd_kafka_message_t *msg = NULL;
        int frc =
            ctl_kafka_fetch(consumer, topic, partitions[i], offsets[i], &msg, err, sizeof err);
        if (frc != 0) {
            fprintf(stderr, "ingestctl dlq replay: %s\n", err);
            missing++;
            continue;
        }
        struct dlq_letter l;
        dlq_letter_read(msg, &l);
        src = replay_one(&r, &l);
        rd_kafka_message_destroy(msg);
    }
    if (r.filter.reason != NULL) {
        src = ctl_kafka_scan(consumer, topic, replay_matching, &r, err, sizeof err);
        if (src != 0) {
            fprintf(stderr, "ingestctl dlq replay: %s\n", src == -ENOMEM ? "out of memory" : err);
        }
    }
    if (r.producer != NULL) {
        /* Every message resolves within message.timeout.ms: delivered or failed. */
        while (rd_kafka_flush(r.producer, 100) == RD_KAFKA_RESP_ERR__TIMED_OUT) {
        }
        printf("replayed %lu dead letter%s from %s to %s: %lu delivered, %lu failed\n", r.chosen,
               r.chosen == 1 ? "" : "s", topic, r.to, r.delivered, r.failed);
    } else {
        printf("would replay %lu dead letter%s from %s to %s (dry run)\n", r.chosen,
               r.chosen == 1 ? "" : "s", topic, r.to);
    }
    if (src == 0 && missing == 0 && r.failed == 0) {
        rc = INGESTCTL_EXIT_OK;
    }
out:
    fflush(stdout);
    free(partitions);
    free(offsets);
    if (r.producer != NULL) {
        rd_kafka_destroy(r.producer);
    }
    ctl_kafka_consumer_destroy(consumer);
    cli_args_free(&args);
    return rc;
}
