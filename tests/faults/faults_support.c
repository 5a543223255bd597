#include <arpa/inet.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "faults_support.h"

#define KEY_CAP   160
#define VALUE_CAP 900

void faults_env_defaults(struct it_env *env)
{
    snprintf(env->extra_env[0], sizeof env->extra_env[0],
             "INGEST_KAFKA_CONSUMER__SESSION_TIMEOUT_MS=6000");
}

size_t faults_message_count(size_t fallback)
{
    const char *v = getenv("FAULTS_MESSAGES");
    if (v == NULL || v[0] == '\0') {
        return fallback;
    }
    long n = strtol(v, NULL, 10);
    if (n < 200 || n > 1000000) {
        fail_msg("FAULTS_MESSAGES=%s: expected a count from 200 to 1000000", v);
    }
    return (size_t)n;
}

int faults_random(int lo, int hi)
{
    static int seeded;
    if (!seeded) {
        const char *v = getenv("FAULTS_SEED");
        unsigned seed = v != NULL ? (unsigned)strtoul(v, NULL, 10) : (unsigned)time(NULL);
        print_message("random seed %u (FAULTS_SEED=%u repeats this run)\n", seed, seed);
        srand(seed);
        seeded = 1;
    }
    return lo + rand() % (hi - lo + 1);
}

/* A ~500-byte Vietnamese article body; the numbers vary with i so that contents differ. */
static int write_valid(char *out, size_t cap, const char *id, size_t i)
{
    static const char *const places[] = {"An Giang", "Cần Thơ", "Hà Nội", "Đà Nẵng", "Huế"};
    return snprintf(
        out, cap,
        "{\"source\":\"faults\",\"id\":\"%s\",\"title\":\"Hội nghị số %zu tại %s\","
        "\"published_at\":\"2022-05-%02zuT09:30:00+07:00\",\"body\":\"Ngày %zu-5-2022, UBND "
        "tỉnh %s tổ chức hội nghị tổng kết công tác năm với sự tham dự của đại diện các sở, "
        "ngành. Theo báo cáo, tổng vốn đầu tư toàn xã hội đạt %zu tỷ đồng, tăng %zu%% so với "
        "cùng kỳ. Ông Nguyễn Văn An, Chủ tịch UBND tỉnh, yêu cầu các đơn vị đẩy nhanh tiến "
        "độ giải ngân vốn đầu tư công trong quý III/2022 và hoàn thành trước ngày 31-12.\"}",
        id, i, places[i % 5], i % 28 + 1, i % 28 + 1, places[i % 5], 1000 + i, i % 40 + 1);
}

static int write_invalid(char *out, size_t cap, const char *key, size_t i)
{
    switch ((i / 100) % 3) {
    case 0: /* cut off mid-string */
        return snprintf(out, cap, "{\"source\":\"faults\",\"id\":\"%s\",\"body\":\"Ngày 5-", key);
    case 1:
        return snprintf(out, cap, "{\"source\":\"faults\",\"id\":\"%s\",\"body\":%zu}", key, i);
    default:
        return snprintf(out, cap, "{\"source\":\"faults\",\"id\":\"%s\",\"body\":\"  \\n \"}", key);
    }
}

void faults_stream_make(struct faults_stream *s, const struct it_env *env, size_t count)
{
    memset(s, 0, sizeof *s);
    s->count = count;
    s->msgs = calloc(count, sizeof *s->msgs);
    s->bufs = malloc(count * KEY_CAP);
    s->values = malloc(count * VALUE_CAP);
    s->invalid = calloc(count, 1);
    s->duplicate = calloc(count, 1);
    assert_non_null(s->msgs);
    assert_non_null(s->bufs);
    assert_non_null(s->values);
    assert_non_null(s->invalid);
    assert_non_null(s->duplicate);
    for (size_t i = 0; i < count; i++) {
        char *key = s->bufs + i * KEY_CAP;
        char *value = s->values + i * VALUE_CAP;
        int len;
        if (i % 250 == 120) {
            s->duplicate[i] = 1;
            s->msgs[i] = s->msgs[i - 1];
            continue;
        }
        if (i % 100 == 37) {
            snprintf(key, KEY_CAP, "%s-bad-%06zu", env->prefix, i);
            len = write_invalid(value, VALUE_CAP, key, i);
            s->invalid[i] = 1;
            s->invalid_count++;
        } else {
            snprintf(key, KEY_CAP, "%s-f-%06zu", env->prefix, i);
            len = write_valid(value, VALUE_CAP, key, i);
            s->valid_distinct++;
        }
        assert_true(len > 0 && len < VALUE_CAP);
        s->msgs[i] = (struct it_produce){key, strlen(key), value, (size_t)len, 0, 0};
    }
}

void faults_stream_free(struct faults_stream *s)
{
    free(s->msgs);
    free(s->bufs);
    free(s->values);
    free(s->invalid);
    free(s->duplicate);
    memset(s, 0, sizeof *s);
}

long long faults_stream_valid_before(const struct faults_stream *s, size_t end)
{
    long long n = 0;
    for (size_t i = 0; i < end && i < s->count; i++) {
        n += !s->invalid[i] && !s->duplicate[i];
    }
    return n;
}

/* Runs a query of this run's rows; after a database restart the test's connection is gone,
 * so one failed attempt resets it. Returns NULL while the database does not answer. */
static PGresult *run_query(struct it_env *env, const char *sql)
{
    char like[200];
    snprintf(like, sizeof like, "%s-%%", env->prefix);
    const char *params[] = {like};
    for (int attempt = 0; attempt < 2; attempt++) {
        PGresult *r = PQexecParams(env->pg, sql, 1, NULL, params, NULL, NULL, 0);
        if (PQresultStatus(r) == PGRES_TUPLES_OK) {
            return r;
        }
        PQclear(r);
        PQreset(env->pg);
    }
    return NULL;
}

long long faults_stored(struct it_env *env)
{
    PGresult *r = run_query(env, "SELECT count(*) FROM articles WHERE id LIKE $1");
    if (r == NULL) {
        return -1;
    }
    long long n = atoll(PQgetvalue(r, 0, 0));
    PQclear(r);
    return n;
}

void faults_wait_stored(struct it_env *env, long long n, int timeout_ms)
{
    int64_t deadline = it_now_ms() + timeout_ms;
    long long got;
    while ((got = faults_stored(env)) < n) {
        if (it_now_ms() > deadline) {
            if (env->ingestd > 0) {
                it_ingestd_log_tail(env, 30);
            }
            fail_msg("only %lld of %lld articles stored within %d ms", got, n, timeout_ms);
        }
        it_sleep_ms(50);
    }
}

/* The index in the stream of a key "<prefix><infix><6 digits>", or -1. */
static long key_index(const struct it_env *env, const char *infix, const void *key, size_t len)
{
    size_t plen = strlen(env->prefix), ilen = strlen(infix);
    if (key == NULL || len != plen + ilen + 6 || memcmp(key, env->prefix, plen) != 0 ||
        memcmp((const char *)key + plen, infix, ilen) != 0) {
        return -1;
    }
    long v = 0;
    for (size_t i = plen + ilen; i < len; i++) {
        char c = ((const char *)key)[i];
        if (c < '0' || c > '9') {
            return -1;
        }
        v = v * 10 + (c - '0');
    }
    return v;
}

static void check_rows(struct it_env *env, const struct faults_stream *s)
{
    PGresult *r = run_query(env, "SELECT id, revision FROM articles WHERE id LIKE $1");
    assert_non_null(r);
    unsigned char *seen = calloc(s->count, 1);
    int rows = PQntuples(r);
    for (int i = 0; i < rows; i++) {
        const char *id = PQgetvalue(r, i, 0);
        long k = key_index(env, "-f-", id, strlen(id));
        if (k < 0 || (size_t)k >= s->count || s->invalid[k] || s->duplicate[k]) {
            fail_msg("row %s is not a valid id of the stream", id);
        }
        if (seen[k]) {
            fail_msg("id %s stored twice", id);
        }
        seen[k] = 1;
        if (strcmp(PQgetvalue(r, i, 1), "1") != 0) {
            fail_msg("id %s has revision %s: a replay changed its content", id,
                     PQgetvalue(r, i, 1));
        }
    }
    PQclear(r);
    free(seen);
    assert_int_equal(rows, (int)s->valid_distinct);
}

static void check_dlq(struct it_env *env, const struct faults_stream *s, int timeout_ms)
{
    struct it_message *out = NULL;
    size_t n = it_consume(env, env->topic_dlq, s->invalid_count, timeout_ms, 2000, &out);
    unsigned char *seen = calloc(s->count, 1);
    for (size_t i = 0; i < n; i++) {
        long k = key_index(env, "-bad-", out[i].key, out[i].key_len);
        if (k < 0 || (size_t)k >= s->count || !s->invalid[k]) {
            fail_msg("dead-letter message %zu (key %.*s) is not an invalid message of the stream",
                     i, (int)out[i].key_len, out[i].key != NULL ? (char *)out[i].key : "");
        }
        if (seen[k]) {
            fail_msg("message %ld dead-lettered twice (%zu dead letters for %zu invalid)", k, n,
                     s->invalid_count);
        }
        seen[k] = 1;
        assert_int_equal(out[i].value_len, s->msgs[k].value_len);
        assert_memory_equal(out[i].value, s->msgs[k].value, s->msgs[k].value_len);
    }
    for (size_t k = 0; k < s->count; k++) {
        if (s->invalid[k] && !seen[k]) {
            fail_msg("invalid message %zu (%s) is missing from the dead-letter topic", k,
                     (const char *)s->msgs[k].key);
        }
    }
    assert_int_equal(n, s->invalid_count);
    free(seen);
    it_messages_free(out, n);
}

static void check_enriched(struct it_env *env, const struct faults_stream *s, int timeout_ms)
{
    struct it_message *out = NULL;
    size_t n = it_consume(env, env->topic_enriched, s->valid_distinct, timeout_ms, 1000, &out);
    unsigned char *seen = calloc(s->count, 1);
    for (size_t i = 0; i < n; i++) {
        long k = key_index(env, "-f-", out[i].key, out[i].key_len);
        if (k < 0 || (size_t)k >= s->count || s->invalid[k] || s->duplicate[k]) {
            fail_msg("enriched message %zu has key %.*s, not a stored id", i, (int)out[i].key_len,
                     out[i].key != NULL ? (char *)out[i].key : "");
        }
        seen[k] = 1;
    }
    for (size_t k = 0; k < s->count; k++) {
        if (!s->invalid[k] && !s->duplicate[k] && !seen[k]) {
            fail_msg("no enriched message for %s (%zu enriched messages read)",
                     (const char *)s->msgs[k].key, n);
        }
    }
    print_message("%zu enriched messages for %zu stored ids\n", n, s->valid_distinct);
    free(seen);
    it_messages_free(out, n);
}

void faults_check_result(struct it_env *env, const struct faults_stream *s, int timeout_ms)
{
    faults_wait_stored(env, (long long)s->valid_distinct, timeout_ms);
    check_rows(env, s);
    check_enriched(env, s, timeout_ms);
    check_dlq(env, s, timeout_ms);
}

void faults_stack(const char *action)
{
    const char *src = getenv("INGEST_SOURCE_DIR");
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "'%s/tests/faults/stackctl.sh' %s", src != NULL ? src : ".", action);
    int rc = system(cmd);
    if (rc != 0) {
        fail_msg("%s failed (status %d)", cmd, rc);
    }
}

int faults_http_get(const char *addr, const char *path, char *body, size_t cap)
{
    const char *colon = strrchr(addr, ':');
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (colon == NULL || fd < 0) {
        return -1;
    }
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(colon + 1))};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    struct timeval tv = {.tv_sec = 5};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    if (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
        close(fd);
        return -1;
    }
    char req[256];
    int n = snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n",
                     path, addr);
    if (write(fd, req, (size_t)n) != n) {
        close(fd);
        return -1;
    }
    char resp[8192];
    size_t got = 0;
    ssize_t r;
    while (got < sizeof resp - 1 && (r = read(fd, resp + got, sizeof resp - 1 - got)) > 0) {
        got += (size_t)r;
    }
    close(fd);
    resp[got] = '\0';
    int status = -1;
    if (sscanf(resp, "HTTP/1.%*d %d", &status) != 1) {
        return -1;
    }
    if (body != NULL && cap > 0) {
        const char *start = strstr(resp, "\r\n\r\n");
        snprintf(body, cap, "%s", start != NULL ? start + 4 : "");
    }
    return status;
}

long long faults_cpu_ms(pid_t pid)
{
    char path[64], buf[1024];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        return -1;
    }
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    /* Fields after the command name (which may hold spaces) start after the last ')'. */
    const char *p = strrchr(buf, ')');
    unsigned long utime = 0, stime = 0;
    if (p == NULL ||
        sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &utime, &stime) != 2) {
        return -1;
    }
    return (long long)(utime + stime) * 1000 / sysconf(_SC_CLK_TCK);
}

void faults_instance(const struct it_env *env, int n, struct it_env *out)
{
    *out = *env;
    out->ingestd = 0;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(fd >= 0);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = 0};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof sa), 0);
    socklen_t len = sizeof sa;
    assert_int_equal(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
    close(fd);
    snprintf(out->http_addr, sizeof out->http_addr, "127.0.0.1:%d", ntohs(sa.sin_port));
    snprintf(out->ingestd_log, sizeof out->ingestd_log, "/tmp/%s.%d.ingestd.log", env->prefix, n);
}
