/*
 * Text for people: --help generated from the table, the effective configuration with each
 * value's source (for --check-config), and one value formatted for display.
 */
#include "config_internal.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char config_mask[] = "********";

static const char *config_type_name(const struct config_option *opt)
{
    switch (opt->type) {
    case CONFIG_STRING:
        return "string";
    case CONFIG_INT:
        return "integer";
    case CONFIG_SIZE:
        return "size";
    case CONFIG_DURATION_MS:
        return "duration";
    case CONFIG_BOOL:
        return "bool";
    case CONFIG_ENUM:
        return "enum";
    }
    return "?";
}

/* Formats the field behind opt; compact units so the text parses back. */
static void config_format_field(const struct config *cfg, const struct config_option *opt,
                                bool mask, char *buf, size_t buflen)
{
    const void *field = (const char *)cfg->settings + opt->offset;
    switch (opt->type) {
    case CONFIG_STRING: {
        const char *value = *(char *const *)field;
        if (!value) {
            value = "";
        }
        if (mask && (opt->flags & CONFIG_SECRET) && *value) {
            snprintf(buf, buflen, "%s", config_mask);
        } else if (mask && (opt->flags & CONFIG_MASK_PASSWORD)) {
            config_mask_passwords(value, buf, buflen);
        } else {
            snprintf(buf, buflen, "%s", value);
        }
        return;
    }
    case CONFIG_INT:
        snprintf(buf, buflen, "%" PRId64, *(const int64_t *)field);
        break;
    case CONFIG_SIZE:
        config_format_size(*(const int64_t *)field, true, buf, buflen);
        break;
    case CONFIG_DURATION_MS:
        config_format_duration(*(const int64_t *)field, true, buf, buflen);
        break;
    case CONFIG_BOOL:
        snprintf(buf, buflen, "%s", *(const bool *)field ? "true" : "false");
        break;
    case CONFIG_ENUM:
        snprintf(buf, buflen, "%s", opt->enum_values[*(const int *)field]);
        break;
    }
    if (mask && (opt->flags & CONFIG_SECRET)) {
        snprintf(buf, buflen, "%s", config_mask);
    }
}

int config_format_value(const struct config *cfg, const char *name, bool mask, char *buf,
                        size_t buflen)
{
    const struct config_option *opt = config_find(cfg, name, NULL);
    if (!opt) {
        if (buflen > 0) {
            buf[0] = '\0';
        }
        return -ENOENT;
    }
    /* Measure with a large buffer first so that truncation can be reported. */
    char *full = malloc(64 * 1024);
    if (!full) {
        return -ENOMEM;
    }
    config_format_field(cfg, opt, mask, full, 64 * 1024);
    size_t len = strlen(full);
    snprintf(buf, buflen, "%s", full);
    free(full);
    return len < buflen ? 0 : -ENOSPC;
}

/* Writes value so that the file parser reads it back: quoted when it is empty, starts with a
 * space, quote or '#', ends with whitespace the parser would trim, or holds a " #" that would
 * start a comment. */
static void config_print_value(FILE *out, const char *value)
{
    size_t len = strlen(value);
    bool quote = len == 0 || strchr(" \t\"#", value[0]) || strchr(" \t\r", value[len - 1]) ||
                 strstr(value, " #") || strstr(value, "\t#");
    if (!quote) {
        fputs(value, out);
        return;
    }
    fputc('"', out);
    for (const char *p = value; *p; p++) {
        if (*p == '"' || *p == '\\') {
            fputc('\\', out);
        }
        fputc(*p, out);
    }
    fputc('"', out);
}

void config_print_effective(const struct config *cfg, FILE *out)
{
    char value[4096];
    fprintf(out, "# Effective configuration of %s (secrets masked)\n",
            cfg->spec->program ? cfg->spec->program : "program");
    if (cfg->file_path) {
        fprintf(out, "# config file: %s\n", cfg->file_path);
    }
    for (size_t i = 0; i < cfg->option_count; i++) {
        const struct config_option *opt = &cfg->spec->options[i];
        if (opt->flags & CONFIG_CLI_ONLY) {
            continue;
        }
        config_format_field(cfg, opt, true, value, sizeof(value));
        fprintf(out, "%s = ", opt->name);
        config_print_value(out, value);
        fprintf(out, "  # %s\n", cfg->state[i].origin);
    }
    for (size_t i = 0; i < cfg->pass_count; i++) {
        const struct config_pass_entry *e = &cfg->pass[i];
        const char *property = e->key + strlen(e->prefix);
        fprintf(out, "%s = ", e->key);
        config_print_value(out, config_passthrough_is_secret(property) ? config_mask : e->value);
        fprintf(out, "  # %s (pass-through)\n", e->origin);
    }
}

/* The flag as shown in help: --name=TYPE, with the enum choices spelled out. */
static void config_help_flag(const struct config_option *opt, char *buf, size_t buflen)
{
    size_t used = (size_t)snprintf(buf, buflen, "--%s", opt->name);
    switch (opt->type) {
    case CONFIG_BOOL:
        if (!(opt->flags & CONFIG_CLI_ONLY)) {
            snprintf(buf + used, buflen - used, "[=BOOL]");
        }
        break;
    case CONFIG_ENUM:
        for (int i = 0; opt->enum_values[i] && used < buflen; i++) {
            used += (size_t)snprintf(buf + used, buflen - used, "%c%s", i ? '|' : '=',
                                     opt->enum_values[i]);
        }
        break;
    case CONFIG_STRING:
        snprintf(buf + used, buflen - used, "=STRING");
        break;
    case CONFIG_INT:
        snprintf(buf + used, buflen - used, "=INT");
        break;
    case CONFIG_SIZE:
        snprintf(buf + used, buflen - used, "=SIZE");
        break;
    case CONFIG_DURATION_MS:
        snprintf(buf + used, buflen - used, "=DURATION");
        break;
    }
}

static void config_help_bounds(const struct config_option *opt, char *buf, size_t buflen)
{
    buf[0] = '\0';
    if (!(opt->min != 0 || opt->max != 0)) {
        return;
    }
    char low[48], high[48];
    if (opt->type == CONFIG_SIZE) {
        config_format_size(opt->min, false, low, sizeof(low));
        config_format_size(opt->max, false, high, sizeof(high));
    } else if (opt->type == CONFIG_DURATION_MS) {
        config_format_duration(opt->min, false, low, sizeof(low));
        config_format_duration(opt->max, false, high, sizeof(high));
    } else if (opt->type == CONFIG_INT) {
        snprintf(low, sizeof(low), "%" PRId64, opt->min);
        snprintf(high, sizeof(high), "%" PRId64, opt->max);
    } else {
        return;
    }
    snprintf(buf, buflen, " Range: %s to %s.", low, high);
}

void config_print_help(const struct config *cfg, FILE *out)
{
    const char *program = cfg->spec->program ? cfg->spec->program : "program";
    fprintf(out, "Usage: %s [OPTIONS]%s\n\n", program,
            cfg->spec->allow_positional ? " [ARGS...]" : "");
    fprintf(out, "Each setting can be given as a flag, an environment variable, or a line\n"
                 "\"name = value\" in the config file; flags override the environment, which\n"
                 "overrides the file, which overrides the default.\n\n");
    fprintf(out, "Options:\n");
    char flag[512];
    char env[256];
    char value[1024];
    char bounds[128];
    for (size_t i = 0; i < cfg->option_count; i++) {
        const struct config_option *opt = &cfg->spec->options[i];
        config_help_flag(opt, flag, sizeof(flag));
        if (opt->flags & CONFIG_CLI_ONLY) {
            fprintf(out, "  %s\n      %s\n", flag, opt->help ? opt->help : "");
            continue;
        }
        config_env_name(cfg->env_prefix, opt->name, env, sizeof(env));
        fprintf(out, "  %-40s env %s\n", flag, env);
        fprintf(out, "      %s", opt->help ? opt->help : "");
        if (opt->default_value && *opt->default_value) {
            /* The default as written in the table, so help never depends on loaded values. */
            const char *shown = opt->default_value;
            if (opt->flags & CONFIG_SECRET) {
                shown = config_mask;
            } else if (opt->flags & CONFIG_MASK_PASSWORD) {
                config_mask_passwords(opt->default_value, value, sizeof(value));
                shown = value;
            }
            fprintf(out, " Default: %s.", shown);
        } else if (opt->flags & CONFIG_REQUIRED) {
            fprintf(out, " Required.");
        }
        config_help_bounds(opt, bounds, sizeof(bounds));
        fprintf(out, "%s (%s)\n", bounds, config_type_name(opt));
    }
    fprintf(out, "  %-40s env %sCONFIG\n", "--config=FILE", cfg->env_prefix);
    fprintf(out, "      Read settings from FILE: \"name = value\" lines, # comments.\n");
    if (cfg->spec->passthrough_prefixes && cfg->spec->passthrough_prefixes[0]) {
        fprintf(out, "\nPass-through settings (handed to the library unchanged):\n");
        for (const char *const *p = cfg->spec->passthrough_prefixes; *p; p++) {
            char form[64];
            size_t n = 0;
            for (const char *c = *p; *c && c[1] && n + 1 < sizeof(form); c++) {
                form[n++] = (*c == '.' || *c == '-')
                                ? '_'
                                : (char)(*c >= 'a' && *c <= 'z' ? *c - 'a' + 'A' : *c);
            }
            form[n] = '\0';
            fprintf(out, "  --%s<property>=VALUE    env %s%s__<PROPERTY, '.' as '_'>\n", *p,
                    cfg->env_prefix, form);
        }
        fprintf(out,
                "      e.g. --kafka.security.protocol=SASL_SSL or "
                "%sKAFKA__SECURITY_PROTOCOL=SASL_SSL.\n"
                "      Values of properties naming a password, secret or key are masked.\n",
                cfg->env_prefix);
    }
    fprintf(out, "\nSizes take B, KiB, MiB, GiB (or k, M, G; powers of 1024). Durations take ms, "
                 "s, m, h;\na bare number is milliseconds. Booleans: true/false, yes/no, on/off, "
                 "1/0.\n");
}
