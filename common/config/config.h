/*
 * config: one declarative table of settings, loaded from defaults, an optional file, the
 * environment and the command line, in that order of precedence (later wins).
 *
 * The program owns its table (an array of struct config_option ending with CONFIG_OPTION_END)
 * and its settings struct; each option points at a field of that struct by offset. This module
 * parses, checks and records where each value came from; it never prints. Functions that
 * produce text for people (help, the effective configuration) write to a FILE * the program
 * passes in.
 *
 * Sources, lowest precedence first:
 *   1. the option's default (text, parsed and checked like any other source);
 *   2. a file named by `--config FILE` (or `--config=FILE`), else by the environment variable
 *      <env_prefix>CONFIG (INGEST_CONFIG): lines `key = value`; blank lines and lines starting
 *      with `#` are ignored; in an unquoted value a `#` after whitespace starts a comment; a value
 *      in double quotes keeps spaces and `#` (escapes \" and \\); a key given twice is an error;
 *   3. the environment: <env_prefix> + name upper-cased with '.' and '-' turned into '_'
 *      (kafka.brokers -> INGEST_KAFKA_BROKERS, max.message.bytes -> INGEST_MAX_MESSAGE_BYTES);
 *      an empty variable counts as unset (compose files and scripts export VAR= for "none");
 *   4. command-line flags: `--name=value`, `--name value`, or the kebab spelling
 *      `--kafka-brokers` for `kafka.brokers`. A bool option given as a bare `--name` is true; a
 *      bool takes a value only through `=` (`--name=false`), so `--name word` never swallows a
 *      positional argument.
 *
 * Pass-through: a key that starts with one of the spec's pass-through prefixes (e.g. "kafka.")
 * and is not in the table is collected as (prefix, property, value) for the library behind the
 * prefix: `kafka.security.protocol = SASL_SSL` in a file, `--kafka.security.protocol=SASL_SSL`
 * on the command line, or in the environment <env_prefix> + PREFIX + "_" + property with '.'
 * written as '_' after a DOUBLE underscore: INGEST_KAFKA__SECURITY_PROTOCOL=SASL_SSL ->
 * (kafka., security.protocol). Table names never contain "__", so the spelling is unambiguous.
 * Pass-through values whose property contains "password", "secret" or "key" are masked when
 * printed. A pass-through key within two edits of a table key with the same prefix
 * ("kafka.brokrs") is refused as a likely typo. The module does not know the library's property
 * names: the program must report what the library says when it sets them.
 *
 * Unknown keys: an unknown file key or flag is an error naming the key, where it came from
 * (`file app.conf line 12`, `flag --kafak.brokers`) and the nearest known key. An unknown
 * environment variable with the prefix is NOT an error (test scripts and the local stack export
 * other INGEST_* variables such as INGEST_RAW_PARTITIONS): it is returned as a warning that the
 * program may log; names in spec->env_ignore are skipped silently.
 */
#ifndef CONFIG_H
#define CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* The C type of the settings field each option type writes. */
enum config_type {
    CONFIG_STRING,      /* char *: NUL-terminated copy, owned by struct config */
    CONFIG_INT,         /* int64_t, decimal, checked against min..max */
    CONFIG_SIZE,        /* int64_t bytes; suffixes B, k/KiB, M/MiB, G/GiB (all powers of 1024) */
    CONFIG_DURATION_MS, /* int64_t milliseconds; suffixes ms, s, m, h; a bare number is ms */
    CONFIG_BOOL,        /* bool; true/false, yes/no, on/off, 1/0 (case-insensitive) */
    CONFIG_ENUM,        /* int: index into enum_values (exact, case-sensitive match) */
};

enum config_flags {
    CONFIG_SECRET = 1u << 0,        /* value printed as "********" */
    CONFIG_MASK_PASSWORD = 1u << 1, /* mask password=... and URI user:password@ inside value */
    CONFIG_REQUIRED = 1u << 2,      /* must end non-empty (strings) */
    CONFIG_CLI_ONLY = 1u << 3,      /* only from the command line (e.g. check-config, help); not
                                       read from file or environment, not in the effective dump */
};

enum config_source {
    CONFIG_SOURCE_DEFAULT = 0,
    CONFIG_SOURCE_FILE,
    CONFIG_SOURCE_ENV,
    CONFIG_SOURCE_FLAG,
};

/*
 * Optional extra check, run on the parsed value after type and bounds checks. field points at
 * the settings field. Returns 0, or a negative error code with a reason (no key name needed;
 * the module prefixes it) written to err.
 */
typedef int (*config_check_fn)(const void *field, char *err, size_t errlen);

struct config_option {
    const char *name; /* lowercase [a-z0-9.-], no "..", "__", leading or trailing separator */
    enum config_type type;
    size_t offset;                  /* offsetof(settings struct, field) */
    const char *default_value;      /* text; NULL means empty string / 0 / false / first enum */
    int64_t min, max;               /* inclusive bounds for INT, SIZE and DURATION_MS; min==max==0
                                       means unbounded */
    const char *const *enum_values; /* NULL-terminated list for CONFIG_ENUM */
    unsigned flags;                 /* enum config_flags */
    const char *help;               /* one sentence, shown by --help */
    config_check_fn check;          /* optional */
};

/*
 * Table helpers. The type check makes the build fail if the field's C type does not match the
 * option type (comparison of distinct pointer types is an error under -Werror).
 */
#define CONFIG_FIELD_(stype, field, ctype)                                                         \
    (offsetof(stype, field) + 0 * sizeof(&((stype *)0)->field == (ctype *)0))

#define CONFIG_OPT_STRING(name, stype, field, def, flags, help)                                    \
    {                                                                                              \
        (name), CONFIG_STRING, CONFIG_FIELD_(stype, field, char *), (def), 0, 0, NULL, (flags),    \
            (help), NULL                                                                           \
    }
#define CONFIG_OPT_INT(name, stype, field, def, min, max, flags, help)                             \
    {                                                                                              \
        (name), CONFIG_INT, CONFIG_FIELD_(stype, field, int64_t), (def), (min), (max), NULL,       \
            (flags), (help), NULL                                                                  \
    }
#define CONFIG_OPT_SIZE(name, stype, field, def, min, max, flags, help)                            \
    {                                                                                              \
        (name), CONFIG_SIZE, CONFIG_FIELD_(stype, field, int64_t), (def), (min), (max), NULL,      \
            (flags), (help), NULL                                                                  \
    }
#define CONFIG_OPT_DURATION(name, stype, field, def, min, max, flags, help)                        \
    {                                                                                              \
        (name), CONFIG_DURATION_MS, CONFIG_FIELD_(stype, field, int64_t), (def), (min), (max),     \
            NULL, (flags), (help), NULL                                                            \
    }
#define CONFIG_OPT_BOOL(name, stype, field, def, flags, help)                                      \
    {                                                                                              \
        (name), CONFIG_BOOL, CONFIG_FIELD_(stype, field, bool), (def), 0, 0, NULL, (flags),        \
            (help), NULL                                                                           \
    }
#define CONFIG_OPT_ENUM(name, stype, field, def, values, flags, help)                              \
    {                                                                                              \
        (name), CONFIG_ENUM, CONFIG_FIELD_(stype, field, int), (def), 0, 0, (values), (flags),     \
            (help), NULL                                                                           \
    }
#define CONFIG_OPTION_END                                                                          \
    {                                                                                              \
        NULL, CONFIG_STRING, 0, NULL, 0, 0, NULL, 0, NULL, NULL                                    \
    }

/* What a program hands to config_create. All pointers are borrowed and must outlive cfg. */
struct config_spec {
    const char *program;                     /* for help text, e.g. "ingestd" */
    const struct config_option *options;     /* ends with CONFIG_OPTION_END */
    const char *env_prefix;                  /* "INGEST_"; NULL means "INGEST_" */
    const char *const *passthrough_prefixes; /* e.g. {"kafka.", NULL}; may be NULL */
    const char *const *env_ignore;           /* full env names never warned about; may be NULL */
    bool allow_positional;                   /* false: a non-flag argument is an error */
};

/* One pass-through setting. All strings borrowed from cfg, valid until config_destroy. */
struct config_passthrough {
    const char *prefix;   /* as in the spec, e.g. "kafka." */
    const char *property; /* key without the prefix, e.g. "security.protocol" */
    const char *value;
    enum config_source source;
    const char *origin; /* "file x.conf line 3", "env INGEST_KAFKA__...", "flag --kafka...." */
};

struct config;

/*
 * Checks the table (names well formed, no two options with the same name or environment
 * spelling, defaults valid) and sets every field of settings to its default. settings must
 * outlive cfg. String fields are owned by cfg and freed (and set to NULL) by config_destroy.
 * Returns 0, -EINVAL with a reason in err (a bug in the table), or -ENOMEM.
 */
int config_create(const struct config_spec *spec, void *settings, struct config **out, char *err,
                  size_t errlen);

/* Frees cfg and every string it stored in the settings struct. NULL is a no-op. */
void config_destroy(struct config *cfg);

/*
 * Loads file (from --config or <prefix>CONFIG), environment, then argv, and checks every value.
 * argv[0] is the program name and is skipped; "--" ends the flags. envp NULL means environ.
 * Returns 0; -EINVAL (bad value, unknown key, bad syntax), -ENOENT/-EACCES/-EIO (config file
 * cannot be read) or -ENOMEM, with one specific message in err. Stops at the first error.
 */
int config_load(struct config *cfg, int argc, char *const *argv, char *const *envp, char *err,
                size_t errlen);

/*
 * True if argv (before "--") holds --name or --name=...; for flags a program must see before
 * loading, such as --help and --version, which must work even when the environment is invalid.
 */
bool config_args_has_flag(int argc, char *const *argv, const char *name);

/* The steps config_load runs, for programs and tests that need them separately. */
int config_load_file(struct config *cfg, const char *path, char *err, size_t errlen);
int config_load_string(struct config *cfg, const char *text, const char *origin, char *err,
                       size_t errlen); /* file syntax; origin names it in messages */
int config_load_env(struct config *cfg, char *const *envp, char *err, size_t errlen);
int config_load_args(struct config *cfg, int argc, char *const *argv, char *err, size_t errlen);

/*
 * Sets one key from a source, as if read from that source. origin describes where (e.g. "flag
 * --x"). Pass-through keys are accepted. Returns 0, -EINVAL or -ENOMEM with a message in err.
 */
int config_set(struct config *cfg, const char *key, const char *value, enum config_source source,
               const char *origin, char *err, size_t errlen);

/* Runs the final checks (CONFIG_REQUIRED). config_load calls it; config_set does not. */
int config_check(struct config *cfg, char *err, size_t errlen);

/* Pass-through settings in the order first seen. Borrowed, valid until the next load/destroy. */
const struct config_passthrough *config_passthrough(const struct config *cfg, size_t *count);

/* Warnings (unknown <prefix>* environment variables). Borrowed, valid until destroy. */
const char *const *config_warnings(const struct config *cfg, size_t *count);

/* Positional arguments (when spec->allow_positional). Borrowed pointers into argv. */
char *const *config_positional(const struct config *cfg, int *count);

/* Where the named option's value came from, and a description ("env INGEST_X"). NULL if the
 * name is not in the table. The description is borrowed, valid until destroy. */
const char *config_origin(const struct config *cfg, const char *name, enum config_source *source);

/* The path of the config file that was loaded, or NULL. Borrowed. */
const char *config_file_path(const struct config *cfg);

/* Environment variable name for an option name, e.g. INGEST_KAFKA_BROKERS; returns 0 or -ENOSPC. */
int config_env_name(const char *env_prefix, const char *name, char *buf, size_t buflen);

/* Writes "--help" text: usage line and, per option, flag, type, default, bounds, env var, help. */
void config_print_help(const struct config *cfg, FILE *out);

/* Writes the effective configuration, one "name = value  # source" line per option and per
 * pass-through setting, secrets masked, in a form config_load_file can read back. */
void config_print_effective(const struct config *cfg, FILE *out);

/*
 * Formats an option's current value as text (masked if secret) into buf. Returns 0, -ENOENT
 * for an unknown name, or -ENOSPC if buf is too small (then buf holds a truncated value).
 */
int config_format_value(const struct config *cfg, const char *name, bool mask, char *buf,
                        size_t buflen);

/* Parsers used by the loader, exposed for programs that read such values elsewhere. Each
 * returns 0 or -EINVAL (with a reason in err) / -ERANGE on overflow. */
int config_parse_int(const char *text, int64_t *out, char *err, size_t errlen);
int config_parse_size(const char *text, int64_t *out, char *err, size_t errlen);
int config_parse_duration_ms(const char *text, int64_t *out, char *err, size_t errlen);
int config_parse_bool(const char *text, bool *out, char *err, size_t errlen);

/* Copies value into buf with secrets masked: password=..., URI user:pass@. */
void config_mask_passwords(const char *value, char *buf, size_t buflen);

/* Name of a source: "default", "file", "env", "flag". Static. */
const char *config_source_name(enum config_source source);

#endif
