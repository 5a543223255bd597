/*
 * ingestctl publish: sends files, folders or JSON Lines to the raw topic (see publish_inputs.h
 * for how files become messages), waits for every delivery report, and says how it went.
 * A plain blocking librdkafka producer: a command-line tool has no event loop to protect.
 */
#include <errno.h>
#include <librdkafka/rdkafka.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ingestctl.h"
#include "publish_inputs.h"

static const struct cli_option publish_options[] = {
    {"brokers", 'b', "BROKERS", "INGEST_KAFKA_BROKERS", INGESTCTL_DEFAULT_BROKERS, false,
     "Kafka bootstrap servers, host:port[,host:port...]."},
    {"topic", 't', "TOPIC", "INGEST_TOPIC_RAW", INGESTCTL_DEFAULT_TOPIC, false,
     "Topic to publish to."},
    {"source", 's', "SOURCE", NULL, "local", false,
     "The source of submissions wrapped from .txt and .html files."},
    {"id-from-name", 0, NULL, NULL, NULL, false,
     "Give wrapped .txt and .html submissions the file name without extension as id."},
    {"property", 'X', "NAME=VALUE", NULL, NULL, true,
     "Set a librdkafka producer property (e.g. -X message.max.bytes=4194304)."},
    {NULL, 0, NULL, NULL, NULL, false, NULL},
};

const struct cli_command ingestctl_publish_command = {
    .name = "publish",
    .args = "PATH...",
    .summary = "Publish files, folders or JSON Lines to the raw topic.",
    .details =
        "Each PATH is a file or a folder (recursed, files in name order, hidden ones skipped):\n"
        "  *.json         one message: the file's bytes, unchanged\n"
        "  *.jsonl        one message per line, unchanged (empty lines skipped); - = stdin\n"
        "  *.txt, *.html  one message: {\"source\":SOURCE, \"id\":NAME (with --id-from-name),\n"
        "                 \"body\":<the text>, \"content_type\":\"text/plain\"|\"text/html\"}\n"
        "The key of each message is the submission's id when it has one, else null.\n"
        "Nothing is validated here: ingestd dead-letters what is invalid ('ingestctl enrich'\n"
        "checks files offline). A progress line is shown when standard error is a terminal;\n"
        "a summary is printed at the end, after every delivery report has arrived.\n"
        "Exit status 1 when a file cannot be read or any message was not delivered.\n",
    .options = publish_options,
};

/* Where a message came from, for error messages; travels as the message's opaque. */
struct origin {
    const char *path; /* borrowed from the inputs, which outlive every delivery report */
    size_t line;      /* 1-based line of a JSON Lines file, 0 for whole files */
};

struct publisher {
    rd_kafka_t *rk;
    const char *topic;
    uint64_t sent, delivered, failed;
    unsigned errors_shown;
    int tty;
    struct timespec last_progress;
    int progress_shown;
};

/* Enough to see what goes wrong without flooding the terminal when a broker is down. */
#define PUBLISH_MAX_ERRORS_SHOWN 10

static void clear_progress(struct publisher *p)
{
    if (p->progress_shown) {
        fputs("\r\033[K", stderr);
        p->progress_shown = 0;
    }
}

static void show_progress(struct publisher *p, int force)
{
    if (!p->tty) {
        return;
    }
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    long ms = (now.tv_sec - p->last_progress.tv_sec) * 1000 +
              (now.tv_nsec - p->last_progress.tv_nsec) / 1000000;
    if (!force && ms < 100) {
        return;
    }
    p->last_progress = now;
    fprintf(stderr, "\r\033[Kpublishing to %s: %llu sent, %llu delivered, %llu failed", p->topic,
            (unsigned long long)p->sent, (unsigned long long)p->delivered,
            (unsigned long long)p->failed);
    p->progress_shown = 1;
}

static void report_error(struct publisher *p, const struct origin *o, const char *what)
{
    if (p->errors_shown++ >= PUBLISH_MAX_ERRORS_SHOWN) {
        return;
    }
    clear_progress(p);
    if (o != NULL && o->line > 0) {
        fprintf(stderr, "ingestctl publish: %s:%zu: %s\n", o->path, o->line, what);
    } else if (o != NULL) {
        fprintf(stderr, "ingestctl publish: %s: %s\n", o->path, what);
    } else {
        fprintf(stderr, "ingestctl publish: %s\n", what);
    }
}

static void delivery_report(rd_kafka_t *rk, const rd_kafka_message_t *msg, void *opaque)
{
    (void)rk;
    struct publisher *p = opaque;
    struct origin *o = msg->_private;
    if (msg->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        p->failed++;
        char what[512];
        snprintf(what, sizeof what, "not delivered: %s", rd_kafka_err2str(msg->err));
        report_error(p, o, what);
    } else {
        p->delivered++;
    }
    free(o);
}

static void client_error(rd_kafka_t *rk, int err, const char *reason, void *opaque)
{
    (void)rk;
    struct publisher *p = opaque;
    /* Only the states a user can act on; transient connection noise is retried silently. */
    if (err == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN || err == RD_KAFKA_RESP_ERR__FATAL ||
        err == RD_KAFKA_RESP_ERR__AUTHENTICATION) {
        char what[512];
        snprintf(what, sizeof what, "kafka: %s", reason);
        report_error(p, NULL, what);
    }
}

/* librdkafka logs every failed connection attempt; the error callback above already reports
 * what a user can act on, so only critical lines get through (all of them with -X debug=...). */
static void client_log(const rd_kafka_t *rk, int level, const char *facility, const char *buf)
{
    (void)rk;
    if (level <= 2) {
        fprintf(stderr, "\ringestctl publish: kafka %s: %s\n", facility, buf);
    }
}

static int send_one(struct publisher *p, const char *path, size_t line, const void *value,
                    size_t len)
{
    char key[256];
    long key_len = publish_key_of(value, len, key, sizeof key);
    struct origin *o = malloc(sizeof *o);
    if (o == NULL) {
        return -ENOMEM;
    }
    *o = (struct origin){path, line};
    const void *key_ptr = key_len >= 0 ? key : NULL;
    size_t key_size = key_len >= 0 ? (size_t)key_len : 0;
    rd_kafka_resp_err_t err;
    for (;;) {
        err = rd_kafka_producev(
            p->rk, RD_KAFKA_V_TOPIC(p->topic), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
            RD_KAFKA_V_VALUE((void *)value, len), RD_KAFKA_V_KEY(key_ptr, key_size),
            RD_KAFKA_V_OPAQUE(o), RD_KAFKA_V_END);
        if (err != RD_KAFKA_RESP_ERR__QUEUE_FULL) {
            break;
        }
        /* The local queue is full: serve delivery reports until there is room. */
        rd_kafka_poll(p->rk, 100);
        show_progress(p, 0);
    }
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        p->failed++;
        char what[512];
        snprintf(what, sizeof what, "not sent: %s", rd_kafka_err2str(err));
        report_error(p, o, what);
        free(o);
        return 0;
    }
    p->sent++;
    rd_kafka_poll(p->rk, 0);
    show_progress(p, 0);
    return 0;
}

/* Sends one input; returns 0, or -errno when the file could not be read or wrapped. */
static int send_input(struct publisher *p, const struct publish_input *in, const char *source,
                      int id_from_name)
{
    char *buf = NULL;
    size_t len = 0;
    int rc = publish_read_file(in->path, &buf, &len);
    if (rc != 0) {
        return rc;
    }
    switch (in->kind) {
    case PUBLISH_KIND_JSON:
        rc = send_one(p, in->path, 0, buf, len);
        break;
    case PUBLISH_KIND_JSONL: {
        size_t line = 0;
        char *at = buf;
        char *end = buf + len;
        while (rc == 0 && at < end) {
            char *nl = memchr(at, '\n', (size_t)(end - at));
            char *stop = nl != NULL ? nl : end;
            size_t n = (size_t)(stop - at);
            line++;
            if (n > 0 && at[n - 1] == '\r') {
                n--;
            }
            if (n > 0) {
                rc = send_one(p, in->path, line, at, n);
            }
            at = stop + 1;
        }
        break;
    }
    case PUBLISH_KIND_TEXT:
    case PUBLISH_KIND_HTML: {
        char id[256];
        publish_id_from_name(in->path, id, sizeof id);
        char *wrapped = NULL;
        size_t wrapped_len = 0;
        rc = publish_wrap_text(buf, len, source, id_from_name ? id : NULL,
                               in->kind == PUBLISH_KIND_HTML, &wrapped, &wrapped_len);
        if (rc == 0) {
            rc = send_one(p, in->path, 0, wrapped, wrapped_len);
        }
        free(wrapped);
        break;
    }
    }
    free(buf);
    return rc;
}

static rd_kafka_t *make_producer(const struct cli_command *cmd, const struct cli_args *args,
                                 struct publisher *p)
{
    char errstr[512];
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    /* Idempotent: a retried batch is never written twice. A bounded message timeout makes an
     * unreachable broker a failure after 30 s rather than librdkafka's 5 minutes. A large
     * message.max.bytes lets through any message the topic accepts; the broker has the last
     * word (its refusal comes back as a failed delivery). */
    const char *settings[][2] = {
        {"bootstrap.servers", cli_value(cmd, args, "brokers")},
        {"enable.idempotence", "true"},
        {"linger.ms", "5"},
        {"message.timeout.ms", "30000"},
        {"message.max.bytes", "16777216"},
    };
    for (size_t i = 0; i < sizeof settings / sizeof settings[0]; i++) {
        if (rd_kafka_conf_set(conf, settings[i][0], settings[i][1], errstr, sizeof errstr) !=
            RD_KAFKA_CONF_OK) {
            fprintf(stderr, "ingestctl publish: %s\n", errstr);
            rd_kafka_conf_destroy(conf);
            return NULL;
        }
    }
    size_t x = cli_index(cmd, "property");
    for (size_t i = 0; i < args->repeated_count[x]; i++) {
        const char *prop = args->repeated[x][i];
        const char *eq = strchr(prop, '=');
        char name[256];
        if (eq == NULL || eq == prop || (size_t)(eq - prop) >= sizeof name) {
            fprintf(stderr, "ingestctl publish: -X wants NAME=VALUE, got '%s'\n", prop);
            rd_kafka_conf_destroy(conf);
            return NULL;
        }
        memcpy(name, prop, (size_t)(eq - prop));
        name[eq - prop] = '\0';
        if (rd_kafka_conf_set(conf, name, eq + 1, errstr, sizeof errstr) != RD_KAFKA_CONF_OK) {
            fprintf(stderr, "ingestctl publish: -X %s: %s\n", name, errstr);
            rd_kafka_conf_destroy(conf);
            return NULL;
        }
    }
    rd_kafka_conf_set_opaque(conf, p);
    rd_kafka_conf_set_dr_msg_cb(conf, delivery_report);
    rd_kafka_conf_set_error_cb(conf, client_error);
    bool debug = false;
    for (size_t i = 0; i < args->repeated_count[x]; i++) {
        debug |= strncmp(args->repeated[x][i], "debug=", 6) == 0;
    }
    if (!debug) {
        rd_kafka_conf_set_log_cb(conf, client_log);
    }
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
    if (rk == NULL) {
        fprintf(stderr, "ingestctl publish: %s\n", errstr);
        rd_kafka_conf_destroy(conf);
    }
    return rk;
}

int ingestctl_publish(int argc, char **argv)
{
    const struct cli_command *cmd = &ingestctl_publish_command;
    struct cli_args args;
    struct publish_inputs inputs = {0};
    struct publisher p = {0};
    int rc = cli_parse(cmd, argc, argv, &args, stdout, stderr);
    if (rc != CLI_RUN) {
        goto out;
    }
    if (args.positional_count == 0) {
        fprintf(stderr, "ingestctl publish: no PATH given\nTry 'ingestctl publish --help'.\n");
        rc = INGESTCTL_EXIT_USAGE;
        goto out;
    }
    rc = INGESTCTL_EXIT_FAILURE;
    char err[1024];
    if (publish_inputs_collect(&inputs, args.positional, args.positional_count, err, sizeof err) !=
        0) {
        fprintf(stderr, "ingestctl publish: %s\n", err);
        goto out;
    }
    p.topic = cli_value(cmd, &args, "topic");
    p.tty = isatty(STDERR_FILENO);
    p.rk = make_producer(cmd, &args, &p);
    if (p.rk == NULL) {
        rc = INGESTCTL_EXIT_USAGE;
        goto out;
    }
    const char *source = cli_value(cmd, &args, "source");
    int id_from_name = cli_value(cmd, &args, "id-from-name") != NULL;
    size_t unreadable = 0;
    for (size_t i = 0; i < inputs.count; i++) {
        int src = send_input(&p, &inputs.items[i], source, id_from_name);
        if (src != 0) {
            unreadable++;
            struct origin o = {inputs.items[i].path, 0};
            report_error(&p, &o,
                         src == -EILSEQ ? "not UTF-8 text (or holds a NUL byte); not sent"
                                        : strerror(-src));
        }
    }
    /* Every message resolves within message.timeout.ms: delivered or failed. */
    while (rd_kafka_flush(p.rk, 100) == RD_KAFKA_RESP_ERR__TIMED_OUT) {
        show_progress(&p, 0);
    }
    show_progress(&p, 1);
    clear_progress(&p);
    printf("published %llu message%s from %zu input%s to %s: %llu delivered, %llu failed",
           (unsigned long long)p.sent, p.sent == 1 ? "" : "s", inputs.count,
           inputs.count == 1 ? "" : "s", p.topic, (unsigned long long)p.delivered,
           (unsigned long long)p.failed);
    if (unreadable > 0) {
        printf(", %zu input%s not read", unreadable, unreadable == 1 ? "" : "s");
    }
    if (inputs.skipped > 0) {
        printf(" (%zu other file%s skipped)", inputs.skipped, inputs.skipped == 1 ? "" : "s");
    }
    printf("\n");
    if (p.errors_shown > PUBLISH_MAX_ERRORS_SHOWN) {
        fprintf(stderr, "ingestctl publish: %u more errors not shown\n",
                p.errors_shown - PUBLISH_MAX_ERRORS_SHOWN);
    }
    if (p.failed == 0 && unreadable == 0) {
        rc = INGESTCTL_EXIT_OK;
    }
out:
    if (p.rk != NULL) {
        rd_kafka_destroy(p.rk);
    }
    publish_inputs_free(&inputs);
    cli_args_free(&args);
    return rc;
}
