// fuzz-links: config
/*
 * Fuzzes the config file parser (common/config/config_sources.c) with every value type and a
 * pass-through prefix. Besides memory safety it checks the round trip the effective dump
 * promises: when a text loads, its dump loads again to the same values.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"

struct fuzz_settings {
    char *text;
    char *other;
    int64_t count;
    int64_t bytes;
    int64_t wait_ms;
    bool flag;
    int choice;
};

static const char *const fuzz_choices[] = {"red", "green", "blue", NULL};

static const struct config_option fuzz_options[] = {
    CONFIG_OPT_STRING("a.text", struct fuzz_settings, text, "x", 0, "text"),
    CONFIG_OPT_STRING("b-other", struct fuzz_settings, other, NULL, 0, "other"),
    CONFIG_OPT_INT("count", struct fuzz_settings, count, "1", -100, 100, 0, "count"),
    CONFIG_OPT_SIZE("bytes", struct fuzz_settings, bytes, "1KiB", 0, 0, 0, "bytes"),
    CONFIG_OPT_DURATION("wait", struct fuzz_settings, wait_ms, "1s", 0, 0, 0, "wait"),
    CONFIG_OPT_BOOL("flag", struct fuzz_settings, flag, "false", 0, "flag"),
    CONFIG_OPT_ENUM("choice", struct fuzz_settings, choice, "red", fuzz_choices, 0, "choice"),
    CONFIG_OPTION_END,
};

static const char *const fuzz_prefixes[] = {"lib.", NULL};

static const struct config_spec fuzz_spec = {
    .program = "fuzz",
    .options = fuzz_options,
    .passthrough_prefixes = fuzz_prefixes,
};

static bool fuzz_same_string(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "") == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (memchr(data, '\0', size)) {
        return 0; /* config_load_file refuses NUL bytes before parsing */
    }
    char *text = malloc(size + 1);
    if (!text) {
        return 0;
    }
    memcpy(text, data, size);
    text[size] = '\0';
    struct fuzz_settings first = {0};
    struct config *cfg = NULL;
    char err[512];
    if (config_create(&fuzz_spec, &first, &cfg, err, sizeof(err)) < 0) {
        abort();
    }
    if (config_load_string(cfg, text, "fuzz", err, sizeof(err)) == 0) {
        char *dump = NULL;
        size_t dump_len = 0;
        FILE *out = open_memstream(&dump, &dump_len);
        if (!out) {
            abort();
        }
        config_print_effective(cfg, out);
        fclose(out);
        FILE *sink = fopen("/dev/null", "w");
        if (sink) {
            config_print_help(cfg, sink);
            fclose(sink);
        }
        struct fuzz_settings second = {0};
        struct config *again = NULL;
        if (config_create(&fuzz_spec, &second, &again, err, sizeof(err)) < 0) {
            abort();
        }
        if (config_load_string(again, dump, "dump", err, sizeof(err)) != 0) {
            fprintf(stderr, "dump does not load back: %s\n%s\n", err, dump);
            abort();
        }
        size_t n1 = 0;
        size_t n2 = 0;
        config_passthrough(cfg, &n1);
        config_passthrough(again, &n2);
        if (!fuzz_same_string(first.text, second.text) ||
            !fuzz_same_string(first.other, second.other) || first.count != second.count ||
            first.bytes != second.bytes || first.wait_ms != second.wait_ms ||
            first.flag != second.flag || first.choice != second.choice || n1 != n2) {
            fprintf(stderr, "round trip changed a value:\n%s\n", dump);
            abort();
        }
        config_destroy(again);
        free(dump);
    }
    config_destroy(cfg);
    free(text);
    return 0;
}
