/*
 * ingestctl enrich: JSON Lines of raw submissions in, one JSON line out per input line: the
 * enriched record, or {"error":{"code","message","path"}} when the submission is rejected.
 * The same validation and enrichment as ingestd, without Kafka or the database.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "config.h"
#include "enrich.h"
#include "ingestctl.h"

static const struct cli_option enrich_options[] = {
    {"max-message-bytes", 0, "SIZE", "INGEST_MAX_MESSAGE_BYTES", "1MiB", false,
     "Longest line accepted; longer ones are rejected as too_large (suffixes KiB, MiB)."},
    {"pretty", 0, NULL, NULL, NULL, false,
     "Indent the output (one JSON value per input, no longer one per line)."},
    {NULL, 0, NULL, NULL, NULL, false, NULL},
};

const struct cli_command ingestctl_enrich_command = {
    .name = "enrich",
    .args = "[FILE|-]",
    .summary = "Validate and enrich JSON Lines of raw submissions, without Kafka or a database.",
    .details =
        "Reads FILE (or standard input when FILE is - or absent): one raw submission per line\n"
        "(schemas/raw-article.schema.json). Writes one line per input line, in order: the\n"
        "enriched record (schemas/enriched-article.schema.json) as compact JSON, or\n"
        "  {\"error\":{\"code\":\"missing_field\",\"message\":\"...\",\"path\":\"/source\"}}\n"
        "with the same reason code ingestd writes to the dead-letter topic. Every line counts,\n"
        "an empty one too (it is rejected as empty_message), so output line N answers input\n"
        "line N. A summary goes to standard error.\n"
        "Exit status 0 when every line was enriched, 1 when at least one was rejected or\n"
        "the input could not be read.\n",
    .options = enrich_options,
};

struct enrich_counts {
    uint64_t lines, enriched, rejected;
};

static int write_error(FILE *out, const char *code, const char *message, const char *path)
{
    json_t *error =
        json_pack("{s:{s:s,s:s,s:s}}", "error", "code", code, "message", message, "path", path);
    if (error == NULL) {
        return -ENOMEM;
    }
    int rc = json_dumpf(error, out, JSON_COMPACT);
    json_decref(error);
    return rc == 0 ? 0 : -EIO;
}

/* Compact output goes through enrich_json_dumps, ingestd's writer (the same bytes as
 * json_dumps, faster); --pretty through jansson. */
static int write_record(const json_t *record, size_t flags, FILE *out)
{
    char *text = NULL;
    size_t len = 0;
    int rc;

    if ((flags & JSON_COMPACT) == 0) {
        return json_dumpf(record, out, flags) == 0 ? 0 : -EIO;
    }
    rc = enrich_json_dumps(record, flags, &text, &len);
    if (rc == ENRICH_ERR_NOMEM) {
        return -ENOMEM;
    }
    if (rc != 0) {
        return -EIO;
    }
    rc = fwrite(text, 1, len, out) == len ? 0 : -EIO;
    free(text);
    return rc;
}

/* One input line: validate, enrich, write one output line. */
static int enrich_line(const struct enrich *e, const struct article_limits *lim, const char *line,
                       size_t len, size_t json_flags, FILE *out, struct enrich_counts *counts)
{
    struct article *a = NULL;
    struct article_error err;
    int rc = article_parse(line, len, lim, &a, &err);
    if (rc == ARTICLE_ERR_NOMEM) {
        return -ENOMEM;
    }
    if (rc != 0) {
        counts->rejected++;
        rc = write_error(out, article_reason_code(err.reason), err.message, err.path);
    } else {
        json_t *record = NULL;
        rc = enrich_article(e, &a->sub, &record);
        if (rc == ENRICH_ERR_NOMEM) {
            article_free(a);
            return -ENOMEM;
        }
        if (rc != 0) {
            /* The same reason ingestd dead-letters such a message with. */
            counts->rejected++;
            rc = write_error(out, "enrich_failed", "enrichment refused the article", "");
        } else {
            counts->enriched++;
            rc = write_record(record, json_flags, out);
            json_decref(record);
        }
        article_free(a);
    }
    if (rc == 0 && fputc('\n', out) == EOF) {
        rc = -EIO;
    }
    return rc;
}

static int enrich_stream(const struct enrich *e, const struct article_limits *lim, FILE *in,
                         FILE *out, size_t json_flags, struct enrich_counts *counts)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    int rc = 0;
    while (rc == 0 && (n = getline(&line, &cap, in)) >= 0) {
        size_t len = (size_t)n;
        /* The line terminator ("\n" or "\r\n") is not part of the submission. */
        if (len > 0 && line[len - 1] == '\n') {
            len--;
        }
        if (len > 0 && line[len - 1] == '\r') {
            len--;
        }
        counts->lines++;
        rc = enrich_line(e, lim, line, len, json_flags, out, counts);
    }
    if (rc == 0 && ferror(in)) {
        rc = -EIO;
    }
    free(line);
    return rc;
}

int ingestctl_enrich(int argc, char **argv)
{
    const struct cli_command *cmd = &ingestctl_enrich_command;
    struct cli_args args;
    struct enrich *e = NULL;
    FILE *in = NULL;
    int rc = cli_parse(cmd, argc, argv, &args, stdout, stderr);
    if (rc != CLI_RUN) {
        goto out;
    }
    rc = INGESTCTL_EXIT_USAGE;
    if (args.positional_count > 1) {
        fprintf(stderr, "ingestctl enrich: reads one FILE (or -), got %d arguments\n",
                args.positional_count);
        goto out;
    }
    struct article_limits lim;
    article_limits_default(&lim);
    int64_t max_bytes = 0;
    char perr[256];
    const char *max_text = cli_value(cmd, &args, "max-message-bytes");
    if (config_parse_size(max_text, &max_bytes, perr, sizeof perr) != 0 || max_bytes < 1) {
        fprintf(stderr, "ingestctl enrich: bad --max-message-bytes '%s'\n", max_text);
        goto out;
    }
    lim.max_message_bytes = (size_t)max_bytes;
    const char *path = args.positional_count == 1 ? args.positional[0] : "-";

    rc = INGESTCTL_EXIT_FAILURE;
    in = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (in == NULL) {
        fprintf(stderr, "ingestctl enrich: cannot open %s: %s\n", path, strerror(errno));
        goto out;
    }
    int erc = enrich_create(&e);
    if (erc != 0) {
        fprintf(stderr, "ingestctl enrich: cannot set up enrichment: %s\n", strerror(-erc));
        goto out;
    }
    /* Figures with the 15 significant digits their text can carry (as ingestd writes them). */
    size_t flags =
        (cli_value(cmd, &args, "pretty") != NULL ? (size_t)JSON_INDENT(2) : JSON_COMPACT) |
        JSON_REAL_PRECISION(15);
    struct enrich_counts counts = {0};
    erc = enrich_stream(e, &lim, in, stdout, flags, &counts);
    if (fflush(stdout) != 0 && erc == 0) {
        erc = -EIO;
    }
    fprintf(stderr, "ingestctl enrich: %llu lines, %llu enriched, %llu rejected\n",
            (unsigned long long)counts.lines, (unsigned long long)counts.enriched,
            (unsigned long long)counts.rejected);
    if (erc != 0) {
        fprintf(stderr, "ingestctl enrich: %s: %s\n", path, strerror(-erc));
    } else if (counts.rejected == 0) {
        rc = INGESTCTL_EXIT_OK;
    }
out:
    enrich_destroy(e);
    if (in != NULL && in != stdin) {
        fclose(in);
    }
    cli_args_free(&args);
    return rc;
}
