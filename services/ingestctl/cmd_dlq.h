/*
 * What the dlq actions (cmd_dlq.c: list, show; cmd_dlq_replay.c: replay) share. Internal to
 * ingestctl.
 */
#ifndef CMD_DLQ_H
#define CMD_DLQ_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>
#include <librdkafka/rdkafka.h>

#include "dlq_letter.h"
#include "ingestctl.h"

#define INGESTCTL_DEFAULT_TOPIC_DLQ "articles.dlq"

/* The first entries of every dlq action's option table (cli_value names "brokers", "topic"). */
#define DLQ_COMMON_OPTIONS                                                                         \
    {"brokers",                                                                                    \
     'b',                                                                                          \
     "BROKERS",                                                                                    \
     "INGEST_KAFKA_BROKERS",                                                                       \
     INGESTCTL_DEFAULT_BROKERS,                                                                    \
     false,                                                                                        \
     "Kafka bootstrap servers."},                                                                  \
    {                                                                                              \
        "topic", 't', "TOPIC", "INGEST_TOPIC_DLQ", INGESTCTL_DEFAULT_TOPIC_DLQ, false,             \
            "The dead-letter topic."                                                               \
    }

extern const struct cli_command ingestctl_dlq_list_command;
extern const struct cli_command ingestctl_dlq_show_command;
extern const struct cli_command ingestctl_dlq_replay_command;

/* `ingestctl dlq replay`; argv[0] is "replay". Returns an exit code. */
int dlq_replay(int argc, char **argv);

/* Wall clock in milliseconds since the epoch. */
int64_t dlq_now_ms(void);

/* The key as `dlq list` shows it: a JSON string, "hex:..." when binary, "-" when null.
 * Caller frees; NULL when out of memory. */
char *dlq_key_text(const rd_kafka_message_t *msg);

/* The dead letter as a JSON object (see `dlq list --help`); full adds timestamp, headers and
 * value. New reference, NULL when out of memory. */
json_t *dlq_letter_json(const struct dlq_letter *l, bool full);

/* Reads --reason and --since of cmd into f. Returns CLI_RUN, or INGESTCTL_EXIT_USAGE after
 * printing why. */
int dlq_parse_filter(const struct cli_command *cmd, const struct cli_args *args,
                     struct dlq_filter *f);

#endif
