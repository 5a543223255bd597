/*
 * ingestctl: the command-line tool. Each subcommand lives in its own cmd_<name>.c and only wires
 * library modules together; options are declared as tables (struct cli_option) from which the
 * parser and --help are generated.
 *
 * Exit codes (every subcommand): 0 success, 1 failure (see each command), 2 usage error.
 */
#ifndef INGESTCTL_H
#define INGESTCTL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define INGESTCTL_EXIT_OK      0
#define INGESTCTL_EXIT_FAILURE 1
#define INGESTCTL_EXIT_USAGE   2

/* The defaults shared with ingestd and deploy/local/stack (see the README's configuration). */
#define INGESTCTL_DEFAULT_BROKERS "127.0.0.1:9092"
#define INGESTCTL_DEFAULT_TOPIC   "articles.raw"
#define INGESTCTL_DEFAULT_CONNINFO                                                                 \
    "host=127.0.0.1 port=55432 dbname=newsingest user=ingest password=ingest"

#define CLI_MAX_OPTIONS 16

/* One option of a subcommand. A value's default comes from env (when set and non-empty), else
 * default_value. --help and --version are added to every command by the parser. */
struct cli_option {
    const char *name;          /* long flag without "--" */
    char short_name;           /* 0 when none */
    const char *arg;           /* placeholder ("BROKERS"); NULL for a switch without value */
    const char *env;           /* environment variable giving the default, or NULL */
    const char *default_value; /* or NULL */
    bool repeatable;           /* may be given more than once (values collected in order) */
    const char *help;          /* one sentence */
};

struct cli_command {
    const char *name;    /* "publish" */
    const char *args;    /* positional arguments in the usage line, "[PATH...]" */
    const char *summary; /* one line for the tool's --help */
    const char *details; /* paragraphs printed after the options by --help; may be NULL */
    const struct cli_option *options; /* ends with an entry whose name is NULL */
};

/* Parsed command line. Strings are borrowed from argv, the environment or the table. */
struct cli_args {
    const char *value[CLI_MAX_OPTIONS]; /* per option: last value; switches "1"; NULL if unset */
    const char **repeated[CLI_MAX_OPTIONS]; /* repeatable options: every value (owned array) */
    size_t repeated_count[CLI_MAX_OPTIONS];
    char **positional; /* owned array of borrowed strings */
    int positional_count;
};

/* What cli_parse() returns when the command should run (any other value is an exit code). */
#define CLI_RUN (-1)

/*
 * Parses argv[1..argc) (argv[0] is the subcommand's name). Returns CLI_RUN when the command
 * should run, or an exit code to return at once: INGESTCTL_EXIT_OK after printing --help or
 * --version to out, INGESTCTL_EXIT_USAGE (or _FAILURE when out of memory) after printing a
 * message to err. Free with cli_args_free() in every case.
 */
int cli_parse(const struct cli_command *cmd, int argc, char **argv, struct cli_args *args,
              FILE *out, FILE *err);
void cli_args_free(struct cli_args *args);

/* Index of the named option in cmd->options; the name must exist (a bug otherwise). */
size_t cli_index(const struct cli_command *cmd, const char *name);

/* The value of the named option (flag, else environment, else default), or NULL. */
const char *cli_value(const struct cli_command *cmd, const struct cli_args *args, const char *name);

void cli_print_help(const struct cli_command *cmd, FILE *out);
void cli_print_version(FILE *out);

/* The subcommands. argv[0] is the subcommand's name. Each returns an exit code. */
extern const struct cli_command ingestctl_publish_command;
extern const struct cli_command ingestctl_enrich_command;
extern const struct cli_command ingestctl_migrate_command;
extern const struct cli_command ingestctl_tail_command;
extern const struct cli_command ingestctl_dlq_command;
extern const struct cli_command ingestctl_stats_command;
int ingestctl_publish(int argc, char **argv);
int ingestctl_enrich(int argc, char **argv);
int ingestctl_migrate(int argc, char **argv);
int ingestctl_tail(int argc, char **argv);
int ingestctl_dlq(int argc, char **argv);
int ingestctl_stats(int argc, char **argv);

#endif
