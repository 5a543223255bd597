/*
 * log: structured logs for the programs, one JSON object per line on stderr:
 *
 *   {"time":"2026-11-27T09:03:24.123Z","level":"warn","msg":"partition paused",
 *    "topic":"articles.raw","partition":3}
 *
 * Fields are typed at compile time: each LOG_* macro below is an initializer whose value member
 * has the C type of the field, so passing an int to LOG_STR or a string to LOG_INT fails the
 * build. Usage:
 *
 *   log_warn("partition paused", LOG_STR("topic", t), LOG_INT("partition", p));
 *   log_error("database connect failed", LOG_STR("error", PQerrorMessage(conn)));
 *   log_info("started");
 *
 * Arguments are evaluated only when the level is enabled. Thread-safe: a line is formatted into
 * a private buffer and written with a single write(2) under a mutex, so lines from worker
 * threads never interleave. Strings are escaped for JSON; invalid UTF-8 becomes U+FFFD; a string
 * value longer than LOG_VALUE_MAX bytes is cut at a character boundary and ends with "...".
 *
 * This module is for programs (services/). Libraries in common/ never log; they return errors.
 * The level names deliberately avoid syslog.h's LOG_DEBUG/LOG_INFO/LOG_ERR macros.
 */
#ifndef LOG_H
#define LOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum log_level {
    LOG_LEVEL_DEBUG = 0,
    LOG_LEVEL_INFO = 1,
    LOG_LEVEL_WARN = 2,
    LOG_LEVEL_ERROR = 3,
};
#define LOG_LEVEL_COUNT 4

/* Longest string value written before it is cut. */
#define LOG_VALUE_MAX 4096

enum log_field_type {
    LOG_FIELD_NONE_ = 0, /* internal: the first, skipped element of every field array */
    LOG_FIELD_STR,       /* NUL-terminated; NULL is written as JSON null */
    LOG_FIELD_STRN,      /* bytes with a length (Kafka keys, excerpts); NULL is null */
    LOG_FIELD_INT,
    LOG_FIELD_UINT,
    LOG_FIELD_DOUBLE, /* NaN and infinities are written as null */
    LOG_FIELD_BOOL,
    LOG_FIELD_ERRNO, /* an errno or a negative error code, written as strerror text */
};

struct log_field {
    const char *key; /* borrowed for the call; written escaped */
    enum log_field_type type;
    union {
        const char *s;
        int64_t i;
        uint64_t u;
        double d;
        bool b;
    } value;
    size_t len; /* LOG_FIELD_STRN only */
};

#define LOG_STR(k, v)                                                                              \
    {                                                                                              \
        .key = (k), .type = LOG_FIELD_STR, .value.s = (v)                                          \
    }
#define LOG_STRN(k, v, n)                                                                          \
    {                                                                                              \
        .key = (k), .type = LOG_FIELD_STRN, .value.s = (v), .len = (n)                             \
    }
#define LOG_INT(k, v)                                                                              \
    {                                                                                              \
        .key = (k), .type = LOG_FIELD_INT, .value.i = (v)                                          \
    }
#define LOG_UINT(k, v)                                                                             \
    {                                                                                              \
        .key = (k), .type = LOG_FIELD_UINT, .value.u = (v)                                         \
    }
#define LOG_DOUBLE(k, v)                                                                           \
    {                                                                                              \
        .key = (k), .type = LOG_FIELD_DOUBLE, .value.d = (v)                                       \
    }
#define LOG_BOOL(k, v)                                                                             \
    {                                                                                              \
        .key = (k), .type = LOG_FIELD_BOOL, .value.b = (v)                                         \
    }
/* "error": strerror text of an errno (5) or of a negative error code (-5). */
#define LOG_ERRNO(code)                                                                            \
    {                                                                                              \
        .key = "error", .type = LOG_FIELD_ERRNO, .value.i = (code)                                 \
    }

/*
 * log_write(level, msg, fields...): the fields become a compound-literal array whose element 0
 * is a placeholder, so a call with no fields is still valid C (the trailing comma is legal in an
 * initializer list) and the count needs no terminator. A call with no fields passes nothing for
 * "...", which C2x allows and GCC and Clang accept in C11 mode (only -pedantic warns).
 */
#define log_write(level, msg, ...)                                                                 \
    do {                                                                                           \
        enum log_level log_level_ = (level);                                                       \
        if (log_enabled(log_level_)) {                                                             \
            log_write_fields(                                                                      \
                log_level_, (msg),                                                                 \
                (const struct log_field[]){{.type = LOG_FIELD_NONE_}, __VA_ARGS__},                \
                sizeof((const struct log_field[]){{.type = LOG_FIELD_NONE_}, __VA_ARGS__}) /       \
                    sizeof(struct log_field));                                                     \
        }                                                                                          \
    } while (0)

#define log_debug(...) log_write(LOG_LEVEL_DEBUG, __VA_ARGS__)
#define log_info(...)  log_write(LOG_LEVEL_INFO, __VA_ARGS__)
#define log_warn(...)  log_write(LOG_LEVEL_WARN, __VA_ARGS__)
#define log_error(...) log_write(LOG_LEVEL_ERROR, __VA_ARGS__)

/* Lines below level are dropped. Default LOG_LEVEL_INFO. Safe from any thread. */
void log_set_level(enum log_level level);
enum log_level log_get_level(void);
bool log_enabled(enum log_level level);

/* "debug", "info", "warn", "error". Static strings. */
const char *log_level_name(enum log_level level);

/* Parses a level name (also "warning"); returns 0 or -EINVAL. */
int log_level_parse(const char *name, enum log_level *out);

/* Where lines go: a file descriptor (default 2, stderr). The fd stays owned by the caller. */
void log_set_fd(int fd);

/*
 * Testing hook: each complete line (with its trailing '\n') goes to sink instead of the fd.
 * line is borrowed for the call. Calls are serialized by the log mutex. NULL restores the fd.
 */
typedef void (*log_sink_fn)(const char *line, size_t len, void *arg);
void log_set_sink(log_sink_fn sink, void *arg);

/* Lines written per level since start (for /metrics). */
uint64_t log_lines_total(enum log_level level);

/*
 * Formats and writes one line. n counts the placeholder at fields[0], which is skipped; use the
 * log_write macro. msg may be NULL (written as ""). A line that cannot be allocated is replaced
 * by a short fixed line saying so; log_write_fields never fails.
 */
void log_write_fields(enum log_level level, const char *msg, const struct log_field *fields,
                      size_t n);

/*
 * Formats one line (no I/O) into a malloc'd buffer; caller frees with free(). Returns NULL on
 * allocation failure. The time is taken from now_ms (milliseconds since the Unix epoch) so tests
 * can assert exact output. Exposed for tests and fuzzing.
 */
char *log_format_line(int64_t now_ms, enum log_level level, const char *msg,
                      const struct log_field *fields, size_t n, size_t *len);

#endif
