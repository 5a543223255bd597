/*
 * The option parser and help generator of ingestctl, driven by each command's table.
 * Accepted spellings: --name=value, --name value, -x value, -xvalue; "--" ends the options;
 * "-" alone is a positional argument (standard input).
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "ingestctl.h"

static size_t option_count(const struct cli_command *cmd)
{
    size_t n = 0;
    while (cmd->options[n].name != NULL) {
        n++;
    }
    assert(n <= CLI_MAX_OPTIONS);
    return n;
}

size_t cli_index(const struct cli_command *cmd, const char *name)
{
    for (size_t i = 0; cmd->options[i].name != NULL; i++) {
        if (strcmp(cmd->options[i].name, name) == 0) {
            return i;
        }
    }
    assert(!"unknown option name");
    return 0;
}

const char *cli_value(const struct cli_command *cmd, const struct cli_args *args, const char *name)
{
    size_t i = cli_index(cmd, name);
    const struct cli_option *o = &cmd->options[i];
    if (args->value[i] != NULL) {
        return args->value[i];
    }
    if (o->env != NULL) {
        const char *env = getenv(o->env);
        if (env != NULL && env[0] != '\0') {
            return env;
        }
    }
    return o->default_value;
}

static const struct cli_option *find_long(const struct cli_command *cmd, const char *name,
                                          size_t len, size_t *index)
{
    for (size_t i = 0; cmd->options[i].name != NULL; i++) {
        if (strlen(cmd->options[i].name) == len && memcmp(cmd->options[i].name, name, len) == 0) {
            *index = i;
            return &cmd->options[i];
        }
    }
    return NULL;
}

static const struct cli_option *find_short(const struct cli_command *cmd, char c, size_t *index)
{
    for (size_t i = 0; c != 0 && cmd->options[i].name != NULL; i++) {
        if (cmd->options[i].short_name == c) {
            *index = i;
            return &cmd->options[i];
        }
    }
    return NULL;
}

static int store(struct cli_args *args, size_t i, const struct cli_option *o, const char *value)
{
    args->value[i] = value;
    if (!o->repeatable) {
        return 0;
    }
    const char **grown =
        realloc(args->repeated[i], (args->repeated_count[i] + 1) * sizeof *args->repeated[i]);
    if (grown == NULL) {
        return -1;
    }
    grown[args->repeated_count[i]++] = value;
    args->repeated[i] = grown;
    return 0;
}

static int usage_error(const struct cli_command *cmd, FILE *err, const char *what, const char *arg)
{
    fprintf(err, "ingestctl %s: %s: %s\n", cmd->name, what, arg);
    fprintf(err, "Try 'ingestctl %s --help'.\n", cmd->name);
    return INGESTCTL_EXIT_USAGE;
}

int cli_parse(const struct cli_command *cmd, int argc, char **argv, struct cli_args *args,
              FILE *out, FILE *err)
{
    memset(args, 0, sizeof *args);
    (void)option_count(cmd);
    args->positional = calloc((size_t)argc + 1, sizeof *args->positional);
    if (args->positional == NULL) {
        fprintf(err, "ingestctl %s: out of memory\n", cmd->name);
        return INGESTCTL_EXIT_FAILURE;
    }
    bool options_done = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (options_done || a[0] != '-' || strcmp(a, "-") == 0) {
            args->positional[args->positional_count++] = argv[i];
            continue;
        }
        if (strcmp(a, "--") == 0) {
            options_done = true;
            continue;
        }
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            cli_print_help(cmd, out);
            return INGESTCTL_EXIT_OK;
        }
        if (strcmp(a, "--version") == 0) {
            cli_print_version(out);
            return INGESTCTL_EXIT_OK;
        }
        size_t index = 0;
        const struct cli_option *o;
        const char *value = NULL;
        if (a[1] == '-') {
            const char *eq = strchr(a + 2, '=');
            size_t len = eq != NULL ? (size_t)(eq - (a + 2)) : strlen(a + 2);
            o = find_long(cmd, a + 2, len, &index);
            if (o == NULL) {
                return usage_error(cmd, err, "unknown option", a);
            }
            if (eq != NULL) {
                if (o->arg == NULL) {
                    return usage_error(cmd, err, "option takes no value", a);
                }
                value = eq + 1;
            }
        } else {
            o = find_short(cmd, a[1], &index);
            if (o == NULL) {
                return usage_error(cmd, err, "unknown option", a);
            }
            if (a[2] != '\0') {
                if (o->arg == NULL) {
                    return usage_error(cmd, err, "option takes no value", a);
                }
                value = a + 2;
            }
        }
        if (o->arg == NULL) {
            value = "1";
        } else if (value == NULL) {
            if (i + 1 >= argc) {
                return usage_error(cmd, err, "option needs a value", a);
            }
            value = argv[++i];
        }
        if (store(args, index, o, value) != 0) {
            fprintf(err, "ingestctl %s: out of memory\n", cmd->name);
            return INGESTCTL_EXIT_FAILURE;
        }
    }
    return CLI_RUN;
}

void cli_args_free(struct cli_args *args)
{
    for (size_t i = 0; i < CLI_MAX_OPTIONS; i++) {
        free(args->repeated[i]);
        args->repeated[i] = NULL;
    }
    free(args->positional);
    args->positional = NULL;
}

void cli_print_version(FILE *out)
{
    fprintf(out, "ingestctl %s\n", INGEST_VERSION);
}

/* Prints text from column indent to at most width columns, breaking at spaces; continuation
 * lines are indented. Words longer than the line are printed whole. */
static void print_wrapped(FILE *out, const char *text, int indent, int width)
{
    int column = indent;
    const char *at = text;
    while (*at != '\0') {
        const char *space = strchr(at, ' ');
        int word = space != NULL ? (int)(space - at) : (int)strlen(at);
        if (column > indent && column + 1 + word > width) {
            fprintf(out, "\n%*s", indent, "");
            column = indent;
        } else if (column > indent) {
            fputc(' ', out);
            column++;
        }
        fprintf(out, "%.*s", word, at);
        column += word;
        at += word;
        while (*at == ' ') {
            at++;
        }
    }
    fputc('\n', out);
}

void cli_print_help(const struct cli_command *cmd, FILE *out)
{
    fprintf(out, "Usage: ingestctl %s [OPTION]...%s%s\n%s\n\nOptions:\n", cmd->name,
            cmd->args[0] != '\0' ? " " : "", cmd->args, cmd->summary);
    for (size_t i = 0; cmd->options[i].name != NULL; i++) {
        const struct cli_option *o = &cmd->options[i];
        char flag[64];
        if (o->short_name != 0) {
            snprintf(flag, sizeof flag, "-%c, --%s%s%s", o->short_name, o->name, o->arg ? " " : "",
                     o->arg ? o->arg : "");
        } else {
            snprintf(flag, sizeof flag, "    --%s%s%s", o->name, o->arg ? " " : "",
                     o->arg ? o->arg : "");
        }
        char text[512];
        int n = snprintf(text, sizeof text, "%s%s", o->help, o->repeatable ? " Repeatable." : "");
        if (o->env != NULL || o->default_value != NULL) {
            snprintf(text + n, sizeof text - (size_t)n, " [%s%s%s%s%s]", o->env ? "env " : "",
                     o->env ? o->env : "", o->env && o->default_value ? "; " : "",
                     o->default_value ? "default: " : "", o->default_value ? o->default_value : "");
        }
        fprintf(out, "  %-28s ", flag);
        print_wrapped(out, text, 31, 80);
    }
    fprintf(out, "  %-28s %s\n", "-h, --help", "Print this help and exit.");
    fprintf(out, "  %-28s %s\n", "    --version", "Print the version and exit.");
    if (cmd->details != NULL) {
        fprintf(out, "\n%s", cmd->details);
    }
    fprintf(out, "\nExit status: 0 success, 1 failure, 2 usage error.\n");
}
