/*
 * `ingestctl enrich` as a user runs it: the built binary, a JSON Lines file with one valid and
 * several invalid submissions, one output line per input line with the exact error codes,
 * paths and messages, the summary on stderr and the exit status.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <jansson.h>

#include "run_support.h"

/* Splits out into lines (without "\n"); returns how many, at most max. */
static size_t split_lines(char *out, char **lines, size_t max)
{
    size_t n = 0;
    char *save = NULL;
    for (char *l = strtok_r(out, "\n", &save); l != NULL && n < max;
         l = strtok_r(NULL, "\n", &save)) {
        lines[n++] = l;
    }
    return n;
}

static void expect_error(const char *line, const char *code, const char *path, const char *message)
{
    json_error_t jerr;
    json_t *j = json_loads(line, 0, &jerr);
    if (j == NULL) {
        fail_msg("not JSON: %s", line);
    }
    json_t *e = json_object_get(j, "error");
    assert_int_equal(json_object_size(j), 1);
    assert_int_equal(json_object_size(e), 3);
    assert_string_equal(json_string_value(json_object_get(e, "code")), code);
    assert_string_equal(json_string_value(json_object_get(e, "path")), path);
    assert_string_equal(json_string_value(json_object_get(e, "message")), message);
    json_decref(j);
}

static json_t *expect_record(const char *line, const char *id)
{
    json_error_t jerr;
    json_t *j = json_loads(line, 0, &jerr);
    if (j == NULL) {
        fail_msg("not JSON: %.200s", line);
    }
    assert_null(json_object_get(j, "error"));
    assert_int_equal(json_integer_value(json_object_get(j, "schema_version")), 1);
    assert_string_equal(json_string_value(json_object_get(j, "id")), id);
    return j;
}

static char *read_fixture(const char *name, size_t *len)
{
    char path[1024];
    const char *dir = getenv("INGEST_SOURCE_DIR");
    snprintf(path, sizeof path, "%s/tests/fixtures/%s", dir ? dir : INGEST_SOURCE_DIR, name);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)size + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)size, f), (size_t)size);
    buf[size] = '\0';
    fclose(f);
    *len = (size_t)size;
    return buf;
}

static void test_mixed_lines(void **state)
{
    (void)state;
    size_t seed_len;
    char *seed = read_fixture("000_f4fd15bba88c9e78.txt", &seed_len);
    json_t *sub = json_pack("{s:s,s:s,s:s%}", "source", "baocantho", "id",
                            "baocantho-2020-07-15-dan-van", "body", seed, seed_len);
    char *seed_line = json_dumps(sub, JSON_COMPACT);
    json_decref(sub);
    free(seed);

    char input[200000];
    int n = snprintf(input, sizeof input,
                     "%s\n"
                     "{\"source\":\"s\"}\n"
                     "\n"
                     "not json\n"
                     "{\"source\":\"s\",\"body\":\"b\",\"titel\":\"x\"}\n"
                     "{\"source\":\"s\",\"body\":\"   \"}\n"
                     "{\"source\":\"s\",\"body\":\"b\",\"lang\":\"fr\"}\n"
                     "[1]\n"
                     "{\"source\":\"s\",\"body\":\"caf\xe9\"}\n"
                     "{\"source\":\"s\",\"body\":\"xin ch\xc3\xa0o\"}\r\n"
                     "{\"source\":\"s\",\"body\":1}",
                     seed_line);
    free(seed_line);
    const char *path = run_temp_file(0, input, (size_t)n);
    assert_non_null(path);

    char *argv[] = {(char *)run_program_path("ingestctl"), "enrich", (char *)path, NULL};
    struct run_result res;
    assert_int_equal(run_program(argv, NULL, NULL, &res), 0);
    unlink(path);
    assert_int_equal(res.exit_code, 1); /* some lines were rejected */
    assert_string_equal(res.err, "ingestctl enrich: 11 lines, 2 enriched, 9 rejected\n");

    char *lines[16];
    assert_int_equal(split_lines(res.out, lines, 16), 11);
    json_t *rec = expect_record(lines[0], "baocantho-2020-07-15-dan-van");
    assert_string_equal(json_string_value(json_object_get(rec, "source")), "baocantho");
    assert_string_equal(json_string_value(json_object_get(rec, "lang")), "vi");
    json_decref(rec);
    expect_error(lines[1], "missing_field", "/body", "required field body is missing");
    expect_error(lines[2], "empty_message", "", "the message is empty (0 bytes)");
    expect_error(lines[3], "invalid_json", "", "invalid JSON at byte 3: invalid token near 'not'");
    expect_error(lines[4], "unknown_field", "/titel",
                 "unknown field \"titel\"; did you mean \"title\"?");
    expect_error(lines[5], "empty_body", "/body", "field body holds only whitespace (3 bytes)");
    expect_error(lines[6], "invalid_value", "/lang", "field lang must be \"vi\" or \"en\"");
    expect_error(lines[7], "not_an_object", "", "a submission must be a JSON object, got an array");
    expect_error(lines[8], "invalid_utf8", "/body",
                 "invalid UTF-8: byte 0xE9 at byte 25 does not start or continue a valid "
                 "sequence");
    /* The "\r\n" ending is not part of the submission; the id is derived from source + body:
     * sha256("s\nxin chào")[:16] computed with Python's hashlib. */
    rec = expect_record(lines[9], "s-96168b32dc2d0724");
    json_decref(rec);
    expect_error(lines[10], "wrong_type", "/body", "field body must be a string, got number");
    run_result_free(&res);
}

static void test_stdin_and_all_valid(void **state)
{
    (void)state;
    const char input[] = "{\"source\":\"s\",\"body\":\"Hà Nội\"}\n";
    const char *path = run_temp_file(0, input, sizeof input - 1);
    char *argv[] = {(char *)run_program_path("ingestctl"), "enrich", "-", NULL};
    struct run_result res;
    assert_int_equal(run_program(argv, NULL, path, &res), 0);
    unlink(path);
    assert_int_equal(res.exit_code, 0);
    assert_string_equal(res.err, "ingestctl enrich: 1 lines, 1 enriched, 0 rejected\n");
    assert_int_equal(res.out[res.out_len - 1], '\n');
    assert_null(memchr(res.out, '\n', res.out_len - 1)); /* compact: one line */
    run_result_free(&res);
}

static void test_max_message_bytes_from_env(void **state)
{
    (void)state;
    const char input[] = "{\"source\":\"s\",\"body\":\"0123456789\"}\n";
    const char *path = run_temp_file(0, input, sizeof input - 1);
    char *argv[] = {(char *)run_program_path("ingestctl"), "enrich", (char *)path, NULL};
    char *env[] = {"INGEST_MAX_MESSAGE_BYTES=20", NULL};
    struct run_result res;
    assert_int_equal(run_program(argv, env, NULL, &res), 0);
    assert_int_equal(res.exit_code, 1);
    expect_error(strtok(res.out, "\n"), "too_large", "",
                 "the message is 34 bytes, over the limit of 20");
    run_result_free(&res);

    /* The flag wins over the environment. */
    char *argv2[] = {(char *)run_program_path("ingestctl"), "enrich", "--max-message-bytes=1KiB",
                     (char *)path, NULL};
    assert_int_equal(run_program(argv2, env, NULL, &res), 0);
    assert_int_equal(res.exit_code, 0);
    run_result_free(&res);
    unlink(path);
}

static void test_usage_and_failures(void **state)
{
    (void)state;
    struct run_result res;
    char *two_files[] = {(char *)run_program_path("ingestctl"), "enrich", "a", "b", NULL};
    assert_int_equal(run_program(two_files, NULL, NULL, &res), 0);
    assert_int_equal(res.exit_code, 2);
    assert_string_equal(res.err, "ingestctl enrich: reads one FILE (or -), got 2 arguments\n");
    run_result_free(&res);

    char *bad_flag[] = {(char *)run_program_path("ingestctl"), "enrich", "--bogus", NULL};
    assert_int_equal(run_program(bad_flag, NULL, NULL, &res), 0);
    assert_int_equal(res.exit_code, 2);
    assert_string_equal(res.err, "ingestctl enrich: unknown option: --bogus\n"
                                 "Try 'ingestctl enrich --help'.\n");
    run_result_free(&res);

    char *missing[] = {(char *)run_program_path("ingestctl"), "enrich", "/nonexistent.jsonl", NULL};
    assert_int_equal(run_program(missing, NULL, NULL, &res), 0);
    assert_int_equal(res.exit_code, 1);
    assert_string_equal(res.err,
                        "ingestctl enrich: cannot open /nonexistent.jsonl: No such file or "
                        "directory\n");
    run_result_free(&res);

    char *help[] = {(char *)run_program_path("ingestctl"), "enrich", "--help", NULL};
    assert_int_equal(run_program(help, NULL, NULL, &res), 0);
    assert_int_equal(res.exit_code, 0);
    assert_memory_equal(res.out, "Usage: ingestctl enrich [OPTION]... [FILE|-]\n", 45);
    run_result_free(&res);

    char *version[] = {(char *)run_program_path("ingestctl"), "--version", NULL};
    assert_int_equal(run_program(version, NULL, NULL, &res), 0);
    assert_int_equal(res.exit_code, 0);
    assert_string_equal(res.out, "ingestctl " INGEST_VERSION "\n");
    run_result_free(&res);

    char *unknown[] = {(char *)run_program_path("ingestctl"), "frobnicate", NULL};
    assert_int_equal(run_program(unknown, NULL, NULL, &res), 0);
    assert_int_equal(res.exit_code, 2);
    run_result_free(&res);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mixed_lines),
        cmocka_unit_test(test_stdin_and_all_valid),
        cmocka_unit_test(test_max_message_bytes_from_env),
        cmocka_unit_test(test_usage_and_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
