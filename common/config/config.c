/*
 * The configuration object: table checks, defaults, setting one key from one source (with type,
 * bounds and custom checks), pass-through collection, and the accessors.
 */
#include "config_internal.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CONFIG_DEFAULT_ENV_PREFIX "INGEST_"

const struct config_option *config_find(const struct config *cfg, const char *name, size_t *index)
{
    for (size_t i = 0; i < cfg->option_count; i++) {
        if (strcmp(cfg->spec->options[i].name, name) == 0) {
            if (index) {
                *index = i;
            }
            return &cfg->spec->options[i];
        }
    }
    return NULL;
}

const char *config_passthrough_prefix(const struct config *cfg, const char *key)
{
    if (!cfg->spec->passthrough_prefixes) {
        return NULL;
    }
    for (const char *const *p = cfg->spec->passthrough_prefixes; *p; p++) {
        size_t len = strlen(*p);
        if (strncmp(key, *p, len) == 0 && key[len] != '\0') {
            return *p;
        }
    }
    return NULL;
}

int config_env_name(const char *env_prefix, const char *name, char *buf, size_t buflen)
{
    const char *prefix = env_prefix ? env_prefix : CONFIG_DEFAULT_ENV_PREFIX;
    size_t need = strlen(prefix) + strlen(name) + 1;
    if (need > buflen) {
        return -ENOSPC;
    }
    size_t n = 0;
    for (const char *p = prefix; *p; p++) {
        buf[n++] = *p;
    }
    for (const char *p = name; *p; p++) {
        buf[n++] = (*p == '.' || *p == '-') ? '_' : (char)toupper((unsigned char)*p);
    }
    buf[n] = '\0';
    return 0;
}

/* Names are [a-z0-9.-], start and end alphanumeric, no two separators in a row: this keeps the
 * environment spelling (separators become '_') one-to-one and free of "__", which pass-through
 * variables use. */
static bool config_name_valid(const char *name)
{
    size_t len = strlen(name);
    if (len == 0 || !isalnum((unsigned char)name[0]) || !isalnum((unsigned char)name[len - 1])) {
        return false;
    }
    for (size_t i = 0; i < len; i++) {
        char c = name[i];
        bool sep = c == '.' || c == '-';
        if (!(islower((unsigned char)c) || isdigit((unsigned char)c) || sep)) {
            return false;
        }
        if (sep && (name[i + 1] == '.' || name[i + 1] == '-')) {
            return false;
        }
    }
    return true;
}

static void *config_field(const struct config *cfg, const struct config_option *opt)
{
    return (char *)cfg->settings + opt->offset;
}

static bool config_bounded(const struct config_option *opt)
{
    return opt->min != 0 || opt->max != 0;
}

/* Parses text for opt, checks bounds and the custom check, then stores it. On error the field
 * is unchanged and err holds the reason (without key or origin). */
static int config_apply(struct config *cfg, const struct config_option *opt, const char *text,
                        char *err, size_t errlen)
{
    void *field = config_field(cfg, opt);
    int64_t number = 0;
    bool flag = false;
    int index = 0;
    int rc = 0;
    switch (opt->type) {
    case CONFIG_STRING:
        break;
    case CONFIG_INT:
        rc = config_parse_int(text, &number, err, errlen);
        break;
    case CONFIG_SIZE:
        rc = config_parse_size(text, &number, err, errlen);
        break;
    case CONFIG_DURATION_MS:
        rc = config_parse_duration_ms(text, &number, err, errlen);
        break;
    case CONFIG_BOOL:
        rc = config_parse_bool(text, &flag, err, errlen);
        break;
    case CONFIG_ENUM: {
        index = -1;
        for (int i = 0; opt->enum_values && opt->enum_values[i]; i++) {
            if (strcmp(text, opt->enum_values[i]) == 0) {
                index = i;
                break;
            }
        }
        if (index < 0) {
            size_t used = (size_t)snprintf(err, errlen, "\"%s\" is not one of:", text);
            for (int i = 0; opt->enum_values && opt->enum_values[i] && used < errlen; i++) {
                used += (size_t)snprintf(err + used, errlen - used, "%s %s", i ? "," : "",
                                         opt->enum_values[i]);
            }
            return -EINVAL;
        }
        break;
    }
    }
    if (rc < 0) {
        return rc;
    }
    if ((opt->type == CONFIG_INT || opt->type == CONFIG_SIZE || opt->type == CONFIG_DURATION_MS) &&
        config_bounded(opt) && (number < opt->min || number > opt->max)) {
        char low[48], high[48];
        if (opt->type == CONFIG_SIZE) {
            config_format_size(opt->min, false, low, sizeof(low));
            config_format_size(opt->max, false, high, sizeof(high));
        } else if (opt->type == CONFIG_DURATION_MS) {
            config_format_duration(opt->min, false, low, sizeof(low));
            config_format_duration(opt->max, false, high, sizeof(high));
        } else {
            snprintf(low, sizeof(low), "%" PRId64, opt->min);
            snprintf(high, sizeof(high), "%" PRId64, opt->max);
        }
        return config_error(err, errlen, -ERANGE, "\"%s\" is out of range: must be %s to %s", text,
                            low, high);
    }

    /* Check a candidate copy first so that a rejected value leaves the field untouched. */
    char *copy = NULL;
    if (opt->type == CONFIG_STRING) {
        copy = strdup(text);
        if (!copy) {
            return config_error(err, errlen, -ENOMEM, "out of memory");
        }
    }
    if (opt->check) {
        const void *candidate = NULL;
        switch (opt->type) {
        case CONFIG_STRING:
            candidate = &copy;
            break;
        case CONFIG_BOOL:
            candidate = &flag;
            break;
        case CONFIG_ENUM:
            candidate = &index;
            break;
        default:
            candidate = &number;
            break;
        }
        rc = opt->check(candidate, err, errlen);
        if (rc < 0) {
            free(copy);
            return rc;
        }
    }
    switch (opt->type) {
    case CONFIG_STRING:
        free(*(char **)field);
        *(char **)field = copy;
        break;
    case CONFIG_BOOL:
        *(bool *)field = flag;
        break;
    case CONFIG_ENUM:
        *(int *)field = index;
        break;
    default:
        *(int64_t *)field = number;
        break;
    }
    return 0;
}

/* Text of opt's default: NULL means empty, 0, false or the first enum value. */
static const char *config_default_text(const struct config_option *opt)
{
    if (opt->default_value) {
        return opt->default_value;
    }
    switch (opt->type) {
    case CONFIG_STRING:
        return "";
    case CONFIG_BOOL:
        return "false";
    case CONFIG_ENUM:
        return opt->enum_values && opt->enum_values[0] ? opt->enum_values[0] : "";
    default:
        return "0";
    }
}

static int config_set_origin(struct config *cfg, size_t index, enum config_source source,
                             const char *origin)
{
    char *copy = strdup(origin ? origin : config_source_name(source));
    if (!copy) {
        return -ENOMEM;
    }
    free(cfg->state[index].origin);
    cfg->state[index].origin = copy;
    cfg->state[index].source = source;
    return 0;
}

/* Checks the table itself; errors here are bugs in the program, reported before any input. */
static int config_check_table(struct config *cfg, char *err, size_t errlen)
{
    const struct config_option *opts = cfg->spec->options;
    for (size_t i = 0; i < cfg->option_count; i++) {
        const struct config_option *opt = &opts[i];
        if (!config_name_valid(opt->name)) {
            return config_error(err, errlen, -EINVAL, "config table: bad option name \"%s\"",
                                opt->name);
        }
        if (strcmp(opt->name, "config") == 0) {
            return config_error(err, errlen, -EINVAL,
                                "config table: \"config\" is reserved for --config FILE");
        }
        if (opt->type == CONFIG_ENUM && (!opt->enum_values || !opt->enum_values[0])) {
            return config_error(err, errlen, -EINVAL, "config table: %s has no enum values",
                                opt->name);
        }
        if (config_bounded(opt) && opt->min > opt->max) {
            return config_error(err, errlen, -EINVAL, "config table: %s has min > max", opt->name);
        }
        char env_i[256];
        if (config_env_name(cfg->env_prefix, opt->name, env_i, sizeof(env_i)) < 0) {
            return config_error(err, errlen, -EINVAL, "config table: %s is too long", opt->name);
        }
        for (size_t j = 0; j < i; j++) {
            char env_j[256];
            config_env_name(cfg->env_prefix, opts[j].name, env_j, sizeof(env_j));
            if (strcmp(env_i, env_j) == 0) {
                return config_error(err, errlen, -EINVAL,
                                    "config table: %s and %s share environment variable %s",
                                    opts[j].name, opt->name, env_i);
            }
        }
    }
    return 0;
}

int config_create(const struct config_spec *spec, void *settings, struct config **out, char *err,
                  size_t errlen)
{
    if (!spec || !spec->options || !settings || !out) {
        return config_error(err, errlen, -EINVAL, "config_create: missing argument");
    }
    struct config *cfg = calloc(1, sizeof(*cfg));
    if (!cfg) {
        return config_error(err, errlen, -ENOMEM, "out of memory");
    }
    cfg->spec = spec;
    cfg->env_prefix = spec->env_prefix ? spec->env_prefix : CONFIG_DEFAULT_ENV_PREFIX;
    cfg->settings = settings;
    while (spec->options[cfg->option_count].name) {
        cfg->option_count++;
    }
    int rc = config_check_table(cfg, err, errlen);
    if (rc < 0) {
        goto fail;
    }
    cfg->state = calloc(cfg->option_count ? cfg->option_count : 1, sizeof(*cfg->state));
    if (!cfg->state) {
        rc = config_error(err, errlen, -ENOMEM, "out of memory");
        goto fail;
    }
    /* Strings start NULL so that config_apply's free() and config_destroy are always safe. */
    for (size_t i = 0; i < cfg->option_count; i++) {
        if (spec->options[i].type == CONFIG_STRING) {
            *(char **)config_field(cfg, &spec->options[i]) = NULL;
        }
    }
    for (size_t i = 0; i < cfg->option_count; i++) {
        const struct config_option *opt = &spec->options[i];
        char reason[256];
        rc = config_apply(cfg, opt, config_default_text(opt), reason, sizeof(reason));
        if (rc < 0) {
            rc = config_error(err, errlen, -EINVAL, "config table: default of %s: %s", opt->name,
                              reason);
            goto fail;
        }
        rc = config_set_origin(cfg, i, CONFIG_SOURCE_DEFAULT, "default");
        if (rc < 0) {
            config_error(err, errlen, rc, "out of memory");
            goto fail;
        }
    }
    *out = cfg;
    return 0;

fail:
    config_destroy(cfg);
    return rc;
}

void config_destroy(struct config *cfg)
{
    if (!cfg) {
        return;
    }
    for (size_t i = 0; i < cfg->option_count; i++) {
        const struct config_option *opt = &cfg->spec->options[i];
        if (opt->type == CONFIG_STRING) {
            char **field = config_field(cfg, opt);
            free(*field);
            *field = NULL;
        }
        if (cfg->state) {
            free(cfg->state[i].origin);
        }
    }
    free(cfg->state);
    for (size_t i = 0; i < cfg->pass_count; i++) {
        free(cfg->pass[i].key);
        free(cfg->pass[i].value);
        free(cfg->pass[i].origin);
    }
    free(cfg->pass);
    free(cfg->pass_view);
    for (size_t i = 0; i < cfg->warning_count; i++) {
        free(cfg->warnings[i]);
    }
    free(cfg->warnings);
    free(cfg->file_path);
    free(cfg->positional);
    free(cfg);
}

static int config_set_passthrough(struct config *cfg, const char *prefix, const char *key,
                                  const char *value, enum config_source source, const char *origin,
                                  char *err, size_t errlen)
{
    const char *property = key + strlen(prefix);
    cfg->pass_view_stale = true;
    for (const char *p = property; *p; p++) {
        if (!(isalnum((unsigned char)*p) || *p == '.' || *p == '_' || *p == '-')) {
            return config_error(err, errlen, -EINVAL, "%s: bad property name \"%s\"", origin,
                                property);
        }
    }
    char *value_copy = strdup(value);
    char *origin_copy = strdup(origin);
    if (!value_copy || !origin_copy) {
        free(value_copy);
        free(origin_copy);
        return config_error(err, errlen, -ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < cfg->pass_count; i++) {
        if (strcmp(cfg->pass[i].key, key) == 0) {
            free(cfg->pass[i].value);
            free(cfg->pass[i].origin);
            cfg->pass[i].value = value_copy;
            cfg->pass[i].origin = origin_copy;
            cfg->pass[i].source = source;
            return 0;
        }
    }
    if (cfg->pass_count == cfg->pass_cap) {
        size_t cap = cfg->pass_cap ? cfg->pass_cap * 2 : 8;
        struct config_pass_entry *grown = realloc(cfg->pass, cap * sizeof(*grown));
        if (!grown) {
            free(value_copy);
            free(origin_copy);
            return config_error(err, errlen, -ENOMEM, "out of memory");
        }
        cfg->pass = grown;
        cfg->pass_cap = cap;
    }
    char *key_copy = strdup(key);
    if (!key_copy) {
        free(value_copy);
        free(origin_copy);
        return config_error(err, errlen, -ENOMEM, "out of memory");
    }
    cfg->pass[cfg->pass_count++] = (struct config_pass_entry){
        .key = key_copy,
        .value = value_copy,
        .origin = origin_copy,
        .prefix = prefix,
        .source = source,
    };
    return 0;
}

int config_set(struct config *cfg, const char *key, const char *value, enum config_source source,
               const char *origin, char *err, size_t errlen)
{
    if (!origin) {
        origin = config_source_name(source);
    }
    size_t index;
    const struct config_option *opt = config_find(cfg, key, &index);
    if (!opt) {
        const char *prefix = config_passthrough_prefix(cfg, key);
        const char *near = config_suggest(cfg, key);
        /* "kafka.brokrs" would otherwise pass through and fail far from the typo. A table key
         * under the same prefix within two edits is the likelier intent. */
        if (prefix && near && strncmp(near, prefix, strlen(prefix)) == 0 &&
            config_edit_distance(key, near, 2) <= 2) {
            return config_error(err, errlen, -EINVAL,
                                "%s: unknown key \"%s\" (did you mean %s? other %s* keys are "
                                "passed through)",
                                origin, key, near, prefix);
        }
        if (prefix) {
            return config_set_passthrough(cfg, prefix, key, value, source, origin, err, errlen);
        }
        if (near) {
            return config_error(err, errlen, -EINVAL, "%s: unknown key \"%s\" (did you mean %s?)",
                                origin, key, near);
        }
        return config_error(err, errlen, -EINVAL, "%s: unknown key \"%s\"", origin, key);
    }
    if ((opt->flags & CONFIG_CLI_ONLY) && source != CONFIG_SOURCE_FLAG) {
        return config_error(err, errlen, -EINVAL, "%s: %s can only be given on the command line",
                            origin, key);
    }
    char reason[384];
    int rc = config_apply(cfg, opt, value, reason, sizeof(reason));
    if (rc < 0) {
        if (opt->flags & (CONFIG_SECRET | CONFIG_MASK_PASSWORD)) {
            /* Reasons quote the value; a secret must not reach the logs that way. */
            return config_error(err, errlen, rc, "%s: %s: invalid value (not shown: secret)",
                                origin, key);
        }
        return config_error(err, errlen, rc, "%s: %s: %s", origin, key, reason);
    }
    rc = config_set_origin(cfg, index, source, origin);
    if (rc < 0) {
        return config_error(err, errlen, rc, "out of memory");
    }
    return 0;
}

int config_check(struct config *cfg, char *err, size_t errlen)
{
    for (size_t i = 0; i < cfg->option_count; i++) {
        const struct config_option *opt = &cfg->spec->options[i];
        if ((opt->flags & CONFIG_REQUIRED) && opt->type == CONFIG_STRING) {
            const char *value = *(char **)config_field(cfg, opt);
            if (!value || !*value) {
                char env[256];
                config_env_name(cfg->env_prefix, opt->name, env, sizeof(env));
                return config_error(err, errlen, -EINVAL,
                                    "%s is required: set --%s, %s or \"%s = ...\" in the config "
                                    "file",
                                    opt->name, opt->name, env, opt->name);
            }
        }
    }
    return 0;
}

const struct config_passthrough *config_passthrough(const struct config *cfg, size_t *count)
{
    /* The view is rebuilt only after a pass-through setting changed, so pointers handed out
     * earlier stay valid until the next load, as the header promises. */
    struct config *mut = (struct config *)cfg;
    *count = 0;
    if (cfg->pass_count == 0) {
        return NULL;
    }
    if (mut->pass_view && !mut->pass_view_stale) {
        *count = cfg->pass_count;
        return mut->pass_view;
    }
    free(mut->pass_view);
    mut->pass_view = calloc(cfg->pass_count, sizeof(*mut->pass_view));
    if (!mut->pass_view) {
        return NULL;
    }
    mut->pass_view_stale = false;
    for (size_t i = 0; i < cfg->pass_count; i++) {
        const struct config_pass_entry *e = &cfg->pass[i];
        mut->pass_view[i] = (struct config_passthrough){
            .prefix = e->prefix,
            .property = e->key + strlen(e->prefix),
            .value = e->value,
            .source = e->source,
            .origin = e->origin,
        };
    }
    *count = cfg->pass_count;
    return mut->pass_view;
}

int config_add_warning(struct config *cfg, char *warning)
{
    char **grown = realloc(cfg->warnings, (cfg->warning_count + 1) * sizeof(*grown));
    if (!grown) {
        free(warning);
        return -ENOMEM;
    }
    cfg->warnings = grown;
    cfg->warnings[cfg->warning_count++] = warning;
    return 0;
}

const char *const *config_warnings(const struct config *cfg, size_t *count)
{
    *count = cfg->warning_count;
    return (const char *const *)cfg->warnings;
}

char *const *config_positional(const struct config *cfg, int *count)
{
    *count = cfg->positional_count;
    return cfg->positional;
}

const char *config_origin(const struct config *cfg, const char *name, enum config_source *source)
{
    size_t index;
    if (!config_find(cfg, name, &index)) {
        return NULL;
    }
    if (source) {
        *source = cfg->state[index].source;
    }
    return cfg->state[index].origin;
}

const char *config_file_path(const struct config *cfg)
{
    return cfg->file_path;
}
