/*
 * Output side of the log: the level, where lines go, and the single write per line that keeps
 * lines from different threads whole.
 */
#include "log.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

static atomic_int log_level_current = LOG_LEVEL_INFO;
static atomic_uint_fast64_t log_counts[LOG_LEVEL_COUNT];

/* Guards the destination and serializes writes. */
static pthread_mutex_t log_mutex = PTHREAD_MUTEX_INITIALIZER;
static int log_fd = 2;
static log_sink_fn log_sink;
static void *log_sink_arg;

static const char *const log_level_names[LOG_LEVEL_COUNT] = {"debug", "info", "warn", "error"};

void log_set_level(enum log_level level)
{
    if ((int)level < 0 || (int)level >= LOG_LEVEL_COUNT) {
        return;
    }
    atomic_store(&log_level_current, (int)level);
}

enum log_level log_get_level(void)
{
    return (enum log_level)atomic_load(&log_level_current);
}

bool log_enabled(enum log_level level)
{
    return (int)level >= atomic_load_explicit(&log_level_current, memory_order_relaxed);
}

const char *log_level_name(enum log_level level)
{
    if ((int)level < 0 || (int)level >= LOG_LEVEL_COUNT) {
        return "unknown";
    }
    return log_level_names[level];
}

int log_level_parse(const char *name, enum log_level *out)
{
    if (!name) {
        return -EINVAL;
    }
    for (int i = 0; i < LOG_LEVEL_COUNT; i++) {
        if (strcasecmp(name, log_level_names[i]) == 0) {
            *out = (enum log_level)i;
            return 0;
        }
    }
    if (strcasecmp(name, "warning") == 0) {
        *out = LOG_LEVEL_WARN;
        return 0;
    }
    return -EINVAL;
}

void log_set_fd(int fd)
{
    pthread_mutex_lock(&log_mutex);
    log_fd = fd;
    pthread_mutex_unlock(&log_mutex);
}

void log_set_sink(log_sink_fn sink, void *arg)
{
    pthread_mutex_lock(&log_mutex);
    log_sink = sink;
    log_sink_arg = arg;
    pthread_mutex_unlock(&log_mutex);
}

uint64_t log_lines_total(enum log_level level)
{
    if ((int)level < 0 || (int)level >= LOG_LEVEL_COUNT) {
        return 0;
    }
    return atomic_load(&log_counts[level]);
}

/* Writes all of line, retrying on EINTR and short writes; other errors drop the line, since
 * there is nowhere left to report them. Called with log_mutex held. */
static void log_write_all(int fd, const char *line, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, line, len);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return;
        }
        line += n;
        len -= (size_t)n;
    }
}

void log_write_fields(enum log_level level, const char *msg, const struct log_field *fields,
                      size_t n)
{
    if ((int)level < 0 || (int)level >= LOG_LEVEL_COUNT) {
        level = LOG_LEVEL_ERROR;
    }
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    int64_t now_ms = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
    size_t len = 0;
    char *line = log_format_line(now_ms, level, msg, fields, n, &len);
    static const char oom_line[] = "{\"level\":\"error\",\"msg\":\"log line dropped: out of "
                                   "memory\"}\n";
    const char *out = line ? line : oom_line;
    size_t out_len = line ? len : sizeof(oom_line) - 1;

    pthread_mutex_lock(&log_mutex);
    if (log_sink) {
        log_sink(out, out_len, log_sink_arg);
    } else {
        log_write_all(log_fd, out, out_len);
    }
    pthread_mutex_unlock(&log_mutex);
    atomic_fetch_add(&log_counts[level], 1);
    free(line);
}
