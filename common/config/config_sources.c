/*
 * The sources a configuration is read from: the file syntax, the environment and the command
 * line, and config_load, which applies them in order of precedence.
 */
#include "config_internal.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

extern char **environ;

/* A config file larger than this is certainly a mistake (a binary, a log file). */
#define CONFIG_FILE_MAX (1024 * 1024)

static char *config_trim(char *s)
{
    while (*s == ' ' || *s == '\t') {
        s++;
    }
    size_t len = strlen(s);
    while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r')) {
        s[--len] = '\0';
    }
    return s;
}

/*
 * Parses the value part of a line in place. A value in double quotes keeps spaces and '#', with
 * \" and \\ as escapes; otherwise a '#' after whitespace starts a comment. Returns the value or
 * NULL with a reason in err.
 */
static char *config_parse_value(char *text, char *err, size_t errlen)
{
    text = config_trim(text);
    if (*text == '"') {
        char *out = text;
        char *p = text + 1;
        while (*p && *p != '"') {
            if (*p == '\\' && (p[1] == '"' || p[1] == '\\')) {
                p++;
            }
            *out++ = *p++;
        }
        if (*p != '"') {
            config_error(err, errlen, -EINVAL, "missing closing quote");
            return NULL;
        }
        char *rest = config_trim(p + 1);
        if (*rest != '\0' && *rest != '#') {
            config_error(err, errlen, -EINVAL, "text after the closing quote");
            return NULL;
        }
        *out = '\0';
        return text;
    }
    for (char *p = text; *p; p++) {
        if (*p == '#' && (p == text || p[-1] == ' ' || p[-1] == '\t')) {
            *p = '\0';
            break;
        }
    }
    return config_trim(text);
}

int config_load_string(struct config *cfg, const char *text, const char *origin, char *err,
                       size_t errlen)
{
    char *copy = strdup(text);
    if (!copy) {
        return config_error(err, errlen, -ENOMEM, "out of memory");
    }
    /* Keys seen in this text, to refuse a key given twice (one of them is surely a mistake). */
    char **seen = NULL;
    int *seen_line = NULL;
    size_t seen_count = 0;
    int rc = 0;
    int line_no = 0;
    char *next = copy;
    while (next && rc == 0) {
        char *line = next;
        char *newline = strchr(line, '\n');
        next = newline ? newline + 1 : NULL;
        if (newline) {
            *newline = '\0';
        }
        line_no++;
        char where[512];
        snprintf(where, sizeof(where), "file %s line %d", origin, line_no);
        line = config_trim(line);
        if (*line == '\0' || *line == '#') {
            continue;
        }
        char *eq = strchr(line, '=');
        if (!eq) {
            rc = config_error(err, errlen, -EINVAL, "%s: expected \"key = value\"", where);
            break;
        }
        *eq = '\0';
        char *key = config_trim(line);
        if (*key == '\0') {
            rc = config_error(err, errlen, -EINVAL, "%s: missing key before '='", where);
            break;
        }
        char reason[128];
        char *value = config_parse_value(eq + 1, reason, sizeof(reason));
        if (!value) {
            rc = config_error(err, errlen, -EINVAL, "%s: %s: %s", where, key, reason);
            break;
        }
        for (size_t i = 0; i < seen_count; i++) {
            if (strcmp(seen[i], key) == 0) {
                rc = config_error(err, errlen, -EINVAL, "%s: %s already set on line %d", where, key,
                                  seen_line[i]);
                break;
            }
        }
        if (rc < 0) {
            break;
        }
        char **grown = realloc(seen, (seen_count + 1) * sizeof(*seen));
        if (grown) {
            seen = grown;
        }
        int *grown_lines = realloc(seen_line, (seen_count + 1) * sizeof(*seen_line));
        if (grown_lines) {
            seen_line = grown_lines;
        }
        if (!grown || !grown_lines) {
            rc = config_error(err, errlen, -ENOMEM, "out of memory");
            break;
        }
        seen[seen_count] = key;
        seen_line[seen_count] = line_no;
        seen_count++;
        rc = config_set(cfg, key, value, CONFIG_SOURCE_FILE, where, err, errlen);
    }
    free(seen);
    free(seen_line);
    free(copy);
    return rc;
}

int config_load_file(struct config *cfg, const char *path, char *err, size_t errlen)
{
    int rc = 0;
    char *text = NULL;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        rc = -errno;
        return config_error(err, errlen, rc, "config file %s: %s", path, strerror(-rc));
    }
    struct stat st;
    if (fstat(fd, &st) < 0) {
        rc = -errno;
        config_error(err, errlen, rc, "config file %s: %s", path, strerror(-rc));
        goto out_close;
    }
    if (!S_ISREG(st.st_mode) || st.st_size > CONFIG_FILE_MAX) {
        rc = config_error(err, errlen, -EINVAL, "config file %s: not a regular file under 1 MiB",
                          path);
        goto out_close;
    }
    text = malloc((size_t)st.st_size + 1);
    if (!text) {
        rc = config_error(err, errlen, -ENOMEM, "out of memory");
        goto out_close;
    }
    size_t len = 0;
    while (len < (size_t)st.st_size) {
        ssize_t n = read(fd, text + len, (size_t)st.st_size - len);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            rc = -errno;
            config_error(err, errlen, rc, "config file %s: %s", path, strerror(-rc));
            goto out_free;
        }
        if (n == 0) {
            break;
        }
        len += (size_t)n;
    }
    text[len] = '\0';
    if (memchr(text, '\0', len)) {
        rc = config_error(err, errlen, -EINVAL, "config file %s: contains a NUL byte", path);
        goto out_free;
    }
    char *path_copy = strdup(path);
    if (!path_copy) {
        rc = config_error(err, errlen, -ENOMEM, "out of memory");
        goto out_free;
    }
    free(cfg->file_path);
    cfg->file_path = path_copy;
    rc = config_load_string(cfg, text, path, err, errlen);

out_free:
    free(text);
out_close:
    close(fd);
    return rc;
}

static bool config_env_ignored(const struct config *cfg, const char *name, size_t len)
{
    if (!cfg->spec->env_ignore) {
        return false;
    }
    for (const char *const *p = cfg->spec->env_ignore; *p; p++) {
        if (strlen(*p) == len && strncmp(*p, name, len) == 0) {
            return true;
        }
    }
    return false;
}

/* The environment spelling of a pass-through prefix: "kafka." -> "KAFKA__". */
static void config_env_prefix_form(const char *prefix, char *buf, size_t buflen)
{
    size_t n = 0;
    for (const char *p = prefix; *p && n + 3 < buflen; p++) {
        if (*p == '.' && p[1] == '\0') {
            break;
        }
        buf[n++] = (*p == '.' || *p == '-') ? '_' : (char)toupper((unsigned char)*p);
    }
    buf[n++] = '_';
    buf[n++] = '_';
    buf[n] = '\0';
}

/* Handles one unknown <prefix>* variable: a warning with the closest known variable, or with
 * the pass-through spelling when it looks like a single-underscore pass-through attempt. */
static int config_env_warn(struct config *cfg, const char *name)
{
    char hint[300] = "";
    const char *best = NULL;
    size_t best_distance = SIZE_MAX;
    char env[256];
    for (size_t i = 0; i < cfg->option_count; i++) {
        const struct config_option *opt = &cfg->spec->options[i];
        if (opt->flags & CONFIG_CLI_ONLY) {
            continue;
        }
        config_env_name(cfg->env_prefix, opt->name, env, sizeof(env));
        size_t cap = strlen(name) / 4 > 2 ? strlen(name) / 4 : 2;
        size_t d = config_edit_distance(name, env, cap);
        if (d <= cap && d < best_distance) {
            best_distance = d;
            best = opt->name;
        }
    }
    if (best) {
        config_env_name(cfg->env_prefix, best, env, sizeof(env));
        snprintf(hint, sizeof(hint), " (did you mean %s?)", env);
    } else if (cfg->spec->passthrough_prefixes) {
        const char *rest = name + strlen(cfg->env_prefix);
        for (const char *const *p = cfg->spec->passthrough_prefixes; *p; p++) {
            char form[64];
            config_env_prefix_form(*p, form, sizeof(form));
            size_t single = strlen(form) - 1; /* "KAFKA_" */
            if (strncmp(rest, form, single) == 0) {
                snprintf(hint, sizeof(hint), " (for a %s* pass-through setting write %s%s...)", *p,
                         cfg->env_prefix, form);
                break;
            }
        }
    }
    char *warning = NULL;
    if (asprintf(&warning, "unknown environment variable %s ignored%s", name, hint) < 0) {
        return -ENOMEM;
    }
    return config_add_warning(cfg, warning);
}

int config_load_env(struct config *cfg, char *const *envp, char *err, size_t errlen)
{
    if (!envp) {
        envp = environ;
    }
    size_t prefix_len = strlen(cfg->env_prefix);
    for (char *const *entry = envp; *entry; entry++) {
        const char *eq = strchr(*entry, '=');
        if (!eq || strncmp(*entry, cfg->env_prefix, prefix_len) != 0) {
            continue;
        }
        size_t name_len = (size_t)(eq - *entry);
        char name[256];
        if (name_len >= sizeof(name)) {
            continue;
        }
        memcpy(name, *entry, name_len);
        name[name_len] = '\0';
        const char *value = eq + 1;
        const char *rest = name + prefix_len;
        /* Empty means unset: compose files and scripts often export VAR= for "no value". */
        if (*value == '\0' || strcmp(rest, "CONFIG") == 0 ||
            config_env_ignored(cfg, name, name_len)) {
            continue;
        }
        char origin[300];
        snprintf(origin, sizeof(origin), "env %s", name);
        const struct config_option *match = NULL;
        for (size_t i = 0; i < cfg->option_count && !match; i++) {
            const struct config_option *opt = &cfg->spec->options[i];
            char env[256];
            config_env_name(cfg->env_prefix, opt->name, env, sizeof(env));
            if (!(opt->flags & CONFIG_CLI_ONLY) && strcmp(env, name) == 0) {
                match = opt;
            }
        }
        int rc;
        if (match) {
            rc = config_set(cfg, match->name, value, CONFIG_SOURCE_ENV, origin, err, errlen);
            if (rc < 0) {
                return rc;
            }
            continue;
        }
        bool passed = false;
        for (const char *const *p = cfg->spec->passthrough_prefixes; p && *p && !passed; p++) {
            char form[64];
            config_env_prefix_form(*p, form, sizeof(form));
            size_t form_len = strlen(form);
            if (strncmp(rest, form, form_len) != 0 || rest[form_len] == '\0') {
                continue;
            }
            char key[320];
            size_t n = (size_t)snprintf(key, sizeof(key), "%s", *p);
            for (const char *c = rest + form_len; *c && n + 1 < sizeof(key); c++) {
                key[n++] = *c == '_' ? '.' : (char)tolower((unsigned char)*c);
            }
            key[n] = '\0';
            rc = config_set(cfg, key, value, CONFIG_SOURCE_ENV, origin, err, errlen);
            if (rc < 0) {
                return rc;
            }
            passed = true;
        }
        if (!passed && config_env_warn(cfg, name) < 0) {
            return config_error(err, errlen, -ENOMEM, "out of memory");
        }
    }
    return 0;
}

static int config_add_positional(struct config *cfg, char *arg)
{
    char **grown = realloc(cfg->positional, (size_t)(cfg->positional_count + 1) * sizeof(*grown));
    if (!grown) {
        return -ENOMEM;
    }
    cfg->positional = grown;
    cfg->positional[cfg->positional_count++] = arg;
    return 0;
}

/* Resolves a flag name to a table option or pass-through key: exact, else kebab spelling with
 * '-' read as '.'. Writes the key to use into key. Returns false if neither is known. */
static bool config_resolve_flag(const struct config *cfg, const char *flag, char *key,
                                size_t keylen)
{
    snprintf(key, keylen, "%s", flag);
    if (config_find(cfg, key, NULL) || config_passthrough_prefix(cfg, key)) {
        return true;
    }
    for (char *p = key; *p; p++) {
        if (*p == '-') {
            *p = '.';
        }
    }
    return config_find(cfg, key, NULL) || config_passthrough_prefix(cfg, key);
}

int config_load_args(struct config *cfg, int argc, char *const *argv, char *err, size_t errlen)
{
    free(cfg->positional);
    cfg->positional = NULL;
    cfg->positional_count = 0;
    bool flags_done = false;
    for (int i = 1; i < argc; i++) {
        char *arg = argv[i];
        if (flags_done || arg[0] != '-' || strcmp(arg, "-") == 0) {
            if (!cfg->spec->allow_positional) {
                return config_error(err, errlen, -EINVAL, "unexpected argument \"%s\"", arg);
            }
            if (config_add_positional(cfg, arg) < 0) {
                return config_error(err, errlen, -ENOMEM, "out of memory");
            }
            continue;
        }
        if (strcmp(arg, "--") == 0) {
            flags_done = true;
            continue;
        }
        if (arg[1] != '-') {
            return config_error(err, errlen, -EINVAL,
                                "unknown flag %s (flags are spelled --name or --name=value)", arg);
        }
        const char *body = arg + 2;
        const char *eq = strchr(body, '=');
        char flag[256];
        size_t flag_len = eq ? (size_t)(eq - body) : strlen(body);
        if (flag_len >= sizeof(flag)) {
            return config_error(err, errlen, -EINVAL, "flag %.64s...: name too long", arg);
        }
        memcpy(flag, body, flag_len);
        flag[flag_len] = '\0';
        if (strcmp(flag, "config") == 0) {
            /* Read by config_load before the environment; only skipped here. */
            if (!eq) {
                i++;
            }
            continue;
        }
        char key[256];
        if (!config_resolve_flag(cfg, flag, key, sizeof(key))) {
            const char *near = config_suggest(cfg, key);
            if (near) {
                return config_error(err, errlen, -EINVAL, "unknown flag --%s (did you mean --%s?)",
                                    flag, near);
            }
            return config_error(err, errlen, -EINVAL, "unknown flag --%s (see --help)", flag);
        }
        const struct config_option *opt = config_find(cfg, key, NULL);
        const char *value;
        if (eq) {
            value = eq + 1;
        } else if (opt && opt->type == CONFIG_BOOL) {
            value = "true";
        } else if (i + 1 < argc && strncmp(argv[i + 1], "--", 2) != 0) {
            value = argv[++i];
        } else {
            return config_error(err, errlen, -EINVAL, "flag --%s needs a value", flag);
        }
        char origin[300];
        snprintf(origin, sizeof(origin), "flag --%s", flag);
        int rc = config_set(cfg, key, value, CONFIG_SOURCE_FLAG, origin, err, errlen);
        if (rc < 0) {
            return rc;
        }
    }
    return 0;
}

bool config_args_has_flag(int argc, char *const *argv, const char *name)
{
    size_t len = strlen(name);
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "--") == 0) {
            break;
        }
        if (strncmp(arg, "--", 2) == 0 && strncmp(arg + 2, name, len) == 0 &&
            (arg[2 + len] == '\0' || arg[2 + len] == '=')) {
            return true;
        }
    }
    return false;
}

/* Finds --config FILE / --config=FILE before "--". Returns 0 (path or NULL) or -EINVAL. */
static int config_find_file_flag(int argc, char *const *argv, const char **path, char *err,
                                 size_t errlen)
{
    *path = NULL;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "--") == 0) {
            break;
        }
        if (strncmp(arg, "--config=", 9) == 0) {
            *path = arg + 9;
        } else if (strcmp(arg, "--config") == 0) {
            if (i + 1 >= argc) {
                return config_error(err, errlen, -EINVAL, "flag --config needs a file name");
            }
            *path = argv[++i];
        }
    }
    if (*path && **path == '\0') {
        return config_error(err, errlen, -EINVAL, "flag --config needs a file name");
    }
    return 0;
}

int config_load(struct config *cfg, int argc, char *const *argv, char *const *envp, char *err,
                size_t errlen)
{
    if (!envp) {
        envp = environ;
    }
    const char *path = NULL;
    int rc = config_find_file_flag(argc, argv, &path, err, errlen);
    if (rc < 0) {
        return rc;
    }
    if (!path) {
        size_t prefix_len = strlen(cfg->env_prefix);
        for (char *const *entry = envp; *entry; entry++) {
            if (strncmp(*entry, cfg->env_prefix, prefix_len) == 0 &&
                strncmp(*entry + prefix_len, "CONFIG=", 7) == 0 && (*entry)[prefix_len + 7]) {
                path = *entry + prefix_len + 7;
            }
        }
    }
    if (path) {
        rc = config_load_file(cfg, path, err, errlen);
        if (rc < 0) {
            return rc;
        }
    }
    rc = config_load_env(cfg, envp, err, errlen);
    if (rc < 0) {
        return rc;
    }
    rc = config_load_args(cfg, argc, argv, err, errlen);
    if (rc < 0) {
        return rc;
    }
    return config_check(cfg, err, errlen);
}
