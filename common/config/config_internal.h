/*
 * config internals shared by the module's files: the state behind struct config and helpers
 * between the loader, the value parsers and the printers. Not for use outside common/config.
 */
#ifndef CONFIG_INTERNAL_H
#define CONFIG_INTERNAL_H

#include "config.h"

/* Where one option's current value came from. origin is owned (malloc'd). */
struct config_option_state {
    enum config_source source;
    char *origin;
};

/* A pass-through entry as stored: the public view plus owned copies of its strings. */
struct config_pass_entry {
    char *key; /* full key, e.g. "kafka.security.protocol" */
    char *value;
    char *origin;
    const char *prefix;
    enum config_source source;
};

struct config {
    const struct config_spec *spec;
    const char *env_prefix;
    void *settings;
    size_t option_count;
    struct config_option_state *state; /* option_count entries */

    struct config_pass_entry *pass; /* pass_count entries, pass_cap allocated */
    size_t pass_count;
    size_t pass_cap;
    struct config_passthrough *pass_view; /* built by config_passthrough() */
    bool pass_view_stale;

    char **warnings;
    size_t warning_count;

    char *file_path;
    char **positional; /* borrowed argv pointers, array owned */
    int positional_count;
};

/* Writes a formatted message into err (if any) and returns code. */
int config_error(char *err, size_t errlen, int code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* The option named name, or NULL; *index receives its position. */
const struct config_option *config_find(const struct config *cfg, const char *name, size_t *index);

/* The pass-through prefix key starts with (and has more after), or NULL. */
const char *config_passthrough_prefix(const struct config *cfg, const char *key);

/* True if a pass-through property names a secret (contains password, secret or key). */
bool config_passthrough_is_secret(const char *property);

/* The known name closest to name (edit distance), or NULL if none is close enough. Considers
 * table names only; flag spelling converts first. */
const char *config_suggest(const struct config *cfg, const char *name);

/* Edit distance, capped: returns a value > cap as soon as it is certain to exceed cap. */
size_t config_edit_distance(const char *a, const char *b, size_t cap);

/* Human text for a size ("1 MiB", "1500 B") or duration ("5 s", "1500 ms"), for help. */
void config_format_size(int64_t bytes, bool compact, char *buf, size_t buflen);
void config_format_duration(int64_t ms, bool compact, char *buf, size_t buflen);

/* Appends an owned warning string (takes ownership). Returns 0 or -ENOMEM. */
int config_add_warning(struct config *cfg, char *warning);

#endif
