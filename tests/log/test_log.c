/* Unit tests for common/log: exact line format, JSON validity and escaping (checked by parsing
 * with jansson), level filtering, and whole lines under concurrent writers. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"

/* 2026-11-27T09:03:24.123Z */
#define FIXED_MS INT64_C(1795770204123)

/* Formats one line through the same macro shape as log_write, at a fixed time. */
#define FORMAT(level, msg, ...)                                                                    \
    format_fields((level), (msg),                                                                  \
                  (const struct log_field[]){{.type = LOG_FIELD_NONE_}, __VA_ARGS__},              \
                  sizeof((const struct log_field[]){{.type = LOG_FIELD_NONE_}, __VA_ARGS__}) /     \
                      sizeof(struct log_field))

static char *format_fields(enum log_level level, const char *msg, const struct log_field *fields,
                           size_t n)
{
    size_t len = 0;
    char *line = log_format_line(FIXED_MS, level, msg, fields, n, &len);
    assert_non_null(line);
    assert_int_equal(strlen(line), len);
    assert_true(len > 0 && line[len - 1] == '\n');
    assert_null(memchr(line, '\n', len - 1));
    return line;
}

static json_t *parse_line(const char *line)
{
    json_error_t error;
    json_t *obj =
        json_loads(line, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL | JSON_DISABLE_EOF_CHECK, &error);
    if (!obj) {
        fail_msg("not JSON (%s): %s", error.text, line);
    }
    assert_true(json_is_object(obj));
    return obj;
}

static void test_exact_line(void **state)
{
    (void)state;
    char *line = FORMAT(LOG_LEVEL_WARN, "partition paused", LOG_STR("topic", "articles.raw"),
                        LOG_INT("partition", 3), LOG_INT("offset", -1), LOG_UINT("bytes", 1048576),
                        LOG_BOOL("paused", true), LOG_STR("article_id", NULL));
    assert_string_equal(line, "{\"time\":\"2026-11-27T09:03:24.123Z\",\"level\":\"warn\","
                              "\"msg\":\"partition paused\",\"topic\":\"articles.raw\","
                              "\"partition\":3,\"offset\":-1,\"bytes\":1048576,\"paused\":true,"
                              "\"article_id\":null}\n");
    free(line);
}

static void test_no_fields_and_null_msg(void **state)
{
    (void)state;
    char *line = FORMAT(LOG_LEVEL_INFO, NULL, );
    assert_string_equal(line, "{\"time\":\"2026-11-27T09:03:24.123Z\",\"level\":\"info\","
                              "\"msg\":\"\"}\n");
    free(line);
    line = log_format_line(0, LOG_LEVEL_DEBUG, "epoch", NULL, 0, NULL);
    assert_string_equal(line, "{\"time\":\"1970-01-01T00:00:00.000Z\",\"level\":\"debug\","
                              "\"msg\":\"epoch\"}\n");
    free(line);
}

static void test_escaping(void **state)
{
    (void)state;
    const char *nasty = "quote\" backslash\\ nl\n cr\r tab\t bell\x07 esc\x1b del\x7f";
    char *line = FORMAT(LOG_LEVEL_ERROR, nasty, LOG_STR("error", nasty),
                        LOG_STR("key \"with\" quotes", "v"));
    assert_non_null(strstr(line, "\"msg\":\"quote\\\" backslash\\\\ nl\\n cr\\r tab\\t "
                                 "bell\\u0007 esc\\u001b del\\u007f\""));
    json_t *obj = parse_line(line);
    assert_string_equal(json_string_value(json_object_get(obj, "msg")), nasty);
    assert_string_equal(json_string_value(json_object_get(obj, "error")), nasty);
    assert_string_equal(json_string_value(json_object_get(obj, "key \"with\" quotes")), "v");
    json_decref(obj);
    free(line);
}

static void test_utf8(void **state)
{
    (void)state;
    const char *vietnamese = "Thủ tướng Phạm Minh Chính phát biểu tại Hà Nội 🇻🇳";
    char *line = FORMAT(LOG_LEVEL_INFO, vietnamese, LOG_STR("title", vietnamese));
    /* Valid UTF-8 is written as is, not as \u escapes. */
    assert_non_null(strstr(line, "\"msg\":\"Thủ tướng Phạm Minh Chính phát biểu tại Hà Nội 🇻🇳\""));
    json_t *obj = parse_line(line);
    assert_string_equal(json_string_value(json_object_get(obj, "title")), vietnamese);
    json_decref(obj);
    free(line);

    /* Invalid: lone continuation, overlong '/', surrogate, truncated 3-byte sequence at end. */
    const char bad[] = "a\x80"
                       "b\xC0\xAF"
                       "c\xED\xA0\x80"
                       "d\xE1\xBB";
    line = FORMAT(LOG_LEVEL_INFO, "bad", LOG_STRN("key", bad, sizeof(bad) - 1));
    obj = parse_line(line);
    assert_string_equal(json_string_value(json_object_get(obj, "key")),
                        "a\xEF\xBF\xBD"
                        "b\xEF\xBF\xBD\xEF\xBF\xBD"
                        "c\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"
                        "d\xEF\xBF\xBD\xEF\xBF\xBD");
    json_decref(obj);
    free(line);

    /* Embedded NUL through LOG_STRN, and line separators that JavaScript treats as newlines. */
    line = FORMAT(LOG_LEVEL_INFO, "x", LOG_STRN("k", "a\0b", 3), LOG_STR("ls", "p\xE2\x80\xA8q"));
    assert_non_null(strstr(line, "\"k\":\"a\\u0000b\""));
    assert_non_null(strstr(line, "\"ls\":\"p\\u2028q\""));
    obj = parse_line(line);
    assert_int_equal(json_string_length(json_object_get(obj, "k")), 3);
    json_decref(obj);
    free(line);
}

static void test_truncation(void **state)
{
    (void)state;
    /* "ệ" is 3 bytes; LOG_VALUE_MAX is not a multiple of 3, so the cut falls inside one. */
    size_t count = LOG_VALUE_MAX / 3 + 10;
    char *long_text = malloc(count * 3 + 1);
    for (size_t i = 0; i < count; i++) {
        memcpy(long_text + 3 * i, "ệ", 3);
    }
    long_text[count * 3] = '\0';
    char *line = FORMAT(LOG_LEVEL_INFO, "long", LOG_STR("body", long_text));
    json_t *obj = parse_line(line);
    const char *body = json_string_value(json_object_get(obj, "body"));
    size_t whole = LOG_VALUE_MAX / 3;
    assert_int_equal(strlen(body), whole * 3 + 3);
    assert_memory_equal(body, long_text, whole * 3);
    assert_string_equal(body + whole * 3, "...");
    json_decref(obj);
    free(line);
    free(long_text);
}

static void test_numbers_and_errno(void **state)
{
    (void)state;
    char *line = FORMAT(LOG_LEVEL_INFO, "n", LOG_DOUBLE("ratio", 0.5), LOG_DOUBLE("nan", NAN),
                        LOG_DOUBLE("inf", INFINITY), LOG_INT("min", INT64_MIN),
                        LOG_UINT("max", UINT64_MAX), LOG_ERRNO(-ECONNREFUSED));
    assert_non_null(strstr(line, "\"ratio\":0.5,\"nan\":null,\"inf\":null,"
                                 "\"min\":-9223372036854775808,\"max\":18446744073709551615,"
                                 "\"error\":\"Connection refused\"}"));
    free(line);
    /* jansson stops at INT64_MAX, so parse a line without the unsigned maximum. */
    line = FORMAT(LOG_LEVEL_INFO, "n", LOG_DOUBLE("ratio", 0.25), LOG_UINT("u", 7));
    json_t *obj = parse_line(line);
    assert_true(json_real_value(json_object_get(obj, "ratio")) == 0.25);
    assert_int_equal(json_integer_value(json_object_get(obj, "u")), 7);
    json_decref(obj);
    free(line);
}

struct capture {
    char text[8192];
    size_t len;
    int lines;
};

static void capture_sink(const char *line, size_t len, void *arg)
{
    struct capture *cap = arg;
    assert_true(cap->len + len < sizeof(cap->text));
    memcpy(cap->text + cap->len, line, len);
    cap->len += len;
    cap->text[cap->len] = '\0';
    cap->lines++;
}

static int evaluated;

static const char *count_evaluation(void)
{
    evaluated++;
    return "value";
}

static void test_level_filtering(void **state)
{
    (void)state;
    struct capture cap = {0};
    log_set_sink(capture_sink, &cap);
    log_set_level(LOG_LEVEL_WARN);
    assert_int_equal(log_get_level(), LOG_LEVEL_WARN);
    uint64_t warns_before = log_lines_total(LOG_LEVEL_WARN);
    evaluated = 0;
    log_debug("dropped", LOG_STR("k", count_evaluation()));
    log_info("dropped", LOG_STR("k", count_evaluation()));
    assert_int_equal(evaluated, 0);
    assert_int_equal(cap.lines, 0);
    log_warn("kept warn", LOG_STR("k", count_evaluation()));
    log_error("kept error");
    assert_int_equal(evaluated, 1);
    assert_int_equal(cap.lines, 2);
    assert_int_equal(log_lines_total(LOG_LEVEL_WARN), warns_before + 1);
    char *second = strchr(cap.text, '\n') + 1;
    json_t *first = parse_line(cap.text);
    assert_string_equal(json_string_value(json_object_get(first, "level")), "warn");
    assert_string_equal(json_string_value(json_object_get(first, "msg")), "kept warn");
    assert_string_equal(json_string_value(json_object_get(first, "k")), "value");
    json_decref(first);
    json_t *last = parse_line(second);
    assert_string_equal(json_string_value(json_object_get(last, "level")), "error");
    json_decref(last);

    log_set_level(LOG_LEVEL_DEBUG);
    log_debug("now kept");
    assert_int_equal(cap.lines, 3);
    log_set_sink(NULL, NULL);
    log_set_level(LOG_LEVEL_INFO);
}

static void test_level_parse(void **state)
{
    (void)state;
    enum log_level level = LOG_LEVEL_ERROR;
    assert_int_equal(log_level_parse("debug", &level), 0);
    assert_int_equal(level, LOG_LEVEL_DEBUG);
    assert_int_equal(log_level_parse("WARNING", &level), 0);
    assert_int_equal(level, LOG_LEVEL_WARN);
    assert_int_equal(log_level_parse("Error", &level), 0);
    assert_int_equal(level, LOG_LEVEL_ERROR);
    assert_int_equal(log_level_parse("verbose", &level), -EINVAL);
    assert_int_equal(log_level_parse(NULL, &level), -EINVAL);
    assert_string_equal(log_level_name(LOG_LEVEL_INFO), "info");
}

#define WRITER_THREADS   8
#define LINES_PER_THREAD 500

static void *writer_thread(void *arg)
{
    int id = (int)(intptr_t)arg;
    /* Long lines (about 6 KiB) make a torn write likely if lines were written in pieces. */
    char filler[6000];
    memset(filler, 'a' + id, sizeof(filler) - 1);
    filler[sizeof(filler) - 1] = '\0';
    for (int i = 0; i < LINES_PER_THREAD; i++) {
        log_info("concurrent", LOG_INT("thread", id), LOG_INT("seq", i),
                 LOG_STRN("fill", filler, (size_t)(i % 3) * 2000));
    }
    return NULL;
}

static void test_concurrent_writers_whole_lines(void **state)
{
    (void)state;
    char path[] = "/tmp/test_log_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    unlink(path);
    log_set_fd(fd);
    pthread_t threads[WRITER_THREADS];
    for (int i = 0; i < WRITER_THREADS; i++) {
        assert_int_equal(pthread_create(&threads[i], NULL, writer_thread, (void *)(intptr_t)i), 0);
    }
    for (int i = 0; i < WRITER_THREADS; i++) {
        pthread_join(threads[i], NULL);
    }
    log_set_fd(2);

    FILE *in = fdopen(fd, "r");
    assert_non_null(in);
    rewind(in);
    int next_seq[WRITER_THREADS] = {0};
    char *line = NULL;
    size_t cap = 0;
    int lines = 0;
    while (getline(&line, &cap, in) > 0) {
        json_t *obj = parse_line(line);
        int id = (int)json_integer_value(json_object_get(obj, "thread"));
        int seq = (int)json_integer_value(json_object_get(obj, "seq"));
        assert_true(id >= 0 && id < WRITER_THREADS);
        /* Each thread's lines appear whole and in its own order. */
        assert_int_equal(seq, next_seq[id]);
        next_seq[id]++;
        const char *fill = json_string_value(json_object_get(obj, "fill"));
        size_t expect = (size_t)(seq % 3) * 2000;
        assert_int_equal(strlen(fill), expect > LOG_VALUE_MAX ? LOG_VALUE_MAX + 3 : expect);
        json_decref(obj);
        lines++;
    }
    free(line);
    fclose(in);
    assert_int_equal(lines, WRITER_THREADS * LINES_PER_THREAD);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exact_line),
        cmocka_unit_test(test_no_fields_and_null_msg),
        cmocka_unit_test(test_escaping),
        cmocka_unit_test(test_utf8),
        cmocka_unit_test(test_truncation),
        cmocka_unit_test(test_numbers_and_errno),
        cmocka_unit_test(test_level_filtering),
        cmocka_unit_test(test_level_parse),
        cmocka_unit_test(test_concurrent_writers_whole_lines),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
