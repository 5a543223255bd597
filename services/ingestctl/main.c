/*
 * ingestctl: the command-line tool of the news ingestion service.
 *   ingestctl publish  files, folders or JSON Lines -> the raw topic
 *   ingestctl enrich   JSON Lines of raw submissions -> enriched records (no Kafka, no database)
 *   ingestctl migrate  apply schemas/migrations to PostgreSQL
 *   ingestctl tail     print a topic's messages as JSON Lines
 *   ingestctl dlq      list, show and replay dead letters
 *   ingestctl stats    articles per source and day, consumer lag, dead letters by reason
 */
#include <stdio.h>
#include <string.h>

#include "ingestctl.h"

struct subcommand {
    const struct cli_command *cmd;
    int (*run)(int argc, char **argv);
};

static const struct subcommand subcommands[] = {
    {&ingestctl_publish_command, ingestctl_publish}, {&ingestctl_enrich_command, ingestctl_enrich},
    {&ingestctl_migrate_command, ingestctl_migrate}, {&ingestctl_tail_command, ingestctl_tail},
    {&ingestctl_dlq_command, ingestctl_dlq},         {&ingestctl_stats_command, ingestctl_stats},
};

#define SUBCOMMAND_COUNT (sizeof subcommands / sizeof subcommands[0])

static void print_help(FILE *out)
{
    fprintf(out, "Usage: ingestctl COMMAND [OPTION]... [ARG]...\n"
                 "Command-line tool of the news ingestion service (see README.md).\n\n"
                 "Commands:\n");
    for (size_t i = 0; i < SUBCOMMAND_COUNT; i++) {
        fprintf(out, "  %-10s %s\n", subcommands[i].cmd->name, subcommands[i].cmd->summary);
    }
    fprintf(out, "\n  -h, --help     Print this help and exit.\n"
                 "      --version  Print the version and exit.\n\n"
                 "'ingestctl COMMAND --help' describes each command and its options.\n"
                 "Settings default to the INGEST_* environment variables that ingestd reads.\n"
                 "Exit status: 0 success, 1 failure, 2 usage error.\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        print_help(stderr);
        return INGESTCTL_EXIT_USAGE;
    }
    const char *name = argv[1];
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0 || strcmp(name, "help") == 0) {
        print_help(stdout);
        return INGESTCTL_EXIT_OK;
    }
    if (strcmp(name, "--version") == 0) {
        cli_print_version(stdout);
        return INGESTCTL_EXIT_OK;
    }
    for (size_t i = 0; i < SUBCOMMAND_COUNT; i++) {
        if (strcmp(name, subcommands[i].cmd->name) == 0) {
            return subcommands[i].run(argc - 1, argv + 1);
        }
    }
    fprintf(stderr, "ingestctl: unknown command '%s'\nTry 'ingestctl --help'.\n", name);
    return INGESTCTL_EXIT_USAGE;
}
