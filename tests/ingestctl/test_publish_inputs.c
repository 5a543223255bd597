/*
 * How `ingestctl publish` turns files into messages (services/ingestctl/publish_inputs.c,
 * compiled into this test): which files a folder contributes and in what order, the wrapping
 * of text files, ids from file names, and message keys.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "publish_inputs.h"

static char root[64];

static void touch(const char *rel, const char *content)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", root, rel);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(content, f);
    fclose(f);
}

static int make_tree(void **state)
{
    (void)state;
    snprintf(root, sizeof root, "/tmp/ingest-publish-XXXXXX");
    if (mkdtemp(root) == NULL) {
        return -1;
    }
    char sub[128];
    snprintf(sub, sizeof sub, "%s/sub", root);
    mkdir(sub, 0700);
    touch("b.json", "{}");
    touch("a.txt", "text");
    touch("c.JSONL", "");
    touch("notes.md", "skip me");
    touch(".hidden.json", "{}");
    touch("sub/z.html", "<p>x</p>");
    touch("sub/y.htm", "<p>y</p>");
    return 0;
}

static int remove_tree(void **state)
{
    (void)state;
    const char *files[] = {"b.json",       "a.txt",      "c.JSONL",  "notes.md",
                           ".hidden.json", "sub/z.html", "sub/y.htm"};
    char path[256];
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", root, files[i]);
        unlink(path);
    }
    snprintf(path, sizeof path, "%s/sub", root);
    rmdir(path);
    rmdir(root);
    return 0;
}

static void test_kinds(void **state)
{
    (void)state;
    assert_int_equal(publish_kind_of("a.json"), PUBLISH_KIND_JSON);
    assert_int_equal(publish_kind_of("a.JSONL"), PUBLISH_KIND_JSONL);
    assert_int_equal(publish_kind_of("dir.x/a.txt"), PUBLISH_KIND_TEXT);
    assert_int_equal(publish_kind_of("a.htm"), PUBLISH_KIND_HTML);
    assert_int_equal(publish_kind_of("a.html"), PUBLISH_KIND_HTML);
    assert_int_equal(publish_kind_of("a.md"), -1);
    assert_int_equal(publish_kind_of(".json"), -1);
    assert_int_equal(publish_kind_of("json"), -1);
}

static void test_folder_order_and_skips(void **state)
{
    (void)state;
    struct publish_inputs in = {0};
    char err[256] = "";
    char *paths[] = {root};
    assert_int_equal(publish_inputs_collect(&in, paths, 1, err, sizeof err), 0);
    assert_int_equal(in.count, 5);
    const char *expected[] = {"a.txt", "b.json", "c.JSONL", "sub/y.htm", "sub/z.html"};
    const enum publish_kind kinds[] = {PUBLISH_KIND_TEXT, PUBLISH_KIND_JSON, PUBLISH_KIND_JSONL,
                                       PUBLISH_KIND_HTML, PUBLISH_KIND_HTML};
    for (size_t i = 0; i < 5; i++) {
        char want[256];
        snprintf(want, sizeof want, "%s/%s", root, expected[i]);
        assert_string_equal(in.items[i].path, want);
        assert_int_equal(in.items[i].kind, kinds[i]);
    }
    assert_int_equal(in.skipped, 2); /* notes.md and .hidden.json */
    publish_inputs_free(&in);
}

static void test_named_files_and_errors(void **state)
{
    (void)state;
    struct publish_inputs in = {0};
    char err[256] = "";
    char notes[128], missing[128];
    snprintf(notes, sizeof notes, "%s/notes.md", root);
    snprintf(missing, sizeof missing, "%s/missing.json", root);
    char *dash[] = {"-"};
    assert_int_equal(publish_inputs_collect(&in, dash, 1, err, sizeof err), 0);
    assert_int_equal(in.count, 1);
    assert_int_equal(in.items[0].kind, PUBLISH_KIND_JSONL);
    publish_inputs_free(&in);

    char *bad[] = {notes};
    assert_int_equal(publish_inputs_collect(&in, bad, 1, err, sizeof err), -EINVAL);
    char want[256];
    snprintf(want, sizeof want,
             "%s: unknown kind of file (expected .json, .jsonl, .txt, .html or .htm)", notes);
    assert_string_equal(err, want);
    publish_inputs_free(&in);

    char *gone[] = {missing};
    assert_int_equal(publish_inputs_collect(&in, gone, 1, err, sizeof err), -ENOENT);
    snprintf(want, sizeof want, "cannot read %s: No such file or directory", missing);
    assert_string_equal(err, want);
    publish_inputs_free(&in);
}

static void test_wrap_text(void **state)
{
    (void)state;
    char *out = NULL;
    size_t len = 0;
    const char text[] = "D\xc3\xb2ng 1\n\"quoted\"\n";
    assert_int_equal(publish_wrap_text(text, sizeof text - 1, "local", NULL, false, &out, &len), 0);
    assert_string_equal(out, "{\"source\":\"local\",\"body\":\"D\xc3\xb2ng 1\\n\\\"quoted\\\"\\n\","
                             "\"content_type\":\"text/plain\"}");
    assert_int_equal(len, strlen(out));
    free(out);
    assert_int_equal(publish_wrap_text("<p>x</p>", 8, "baocantho", "a-1", true, &out, &len), 0);
    assert_string_equal(out, "{\"source\":\"baocantho\",\"id\":\"a-1\",\"body\":\"<p>x</p>\","
                             "\"content_type\":\"text/html\"}");
    free(out);
    assert_int_equal(publish_wrap_text("caf\xe9", 4, "s", NULL, false, &out, &len), -EILSEQ);
    assert_int_equal(publish_wrap_text("a\0b", 3, "s", NULL, false, &out, &len), -EILSEQ);
}

static void test_id_from_name(void **state)
{
    (void)state;
    char id[64];
    publish_id_from_name("tests/fixtures/000_f4fd15bba88c9e78.txt", id, sizeof id);
    assert_string_equal(id, "000_f4fd15bba88c9e78");
    publish_id_from_name("a.b.html", id, sizeof id);
    assert_string_equal(id, "a.b");
    publish_id_from_name("dir.d/noext", id, sizeof id);
    assert_string_equal(id, "noext");
    publish_id_from_name(".hidden", id, sizeof id);
    assert_string_equal(id, ".hidden");
    publish_id_from_name("abcdef.txt", id, 4);
    assert_string_equal(id, "abc");
}

static void test_key_of(void **state)
{
    (void)state;
    char key[16];
    const char *with_id = "{\"source\":\"s\",\"id\":\"a\\u00e1\",\"body\":\"b\"}";
    assert_int_equal(publish_key_of(with_id, strlen(with_id), key, sizeof key), 3);
    assert_string_equal(key, "a\xc3\xa1");
    const char *cases[] = {
        "{\"source\":\"s\",\"body\":\"b\"}", /* no id */
        "{\"id\":7}",                        /* not a string */
        "{\"id\":\"\"}",                     /* empty */
        "{\"id\":\"0123456789abcdef\"}",     /* longer than cap - 1 */
        "{\"id\":\"x\"",                     /* not JSON */
        "[\"id\"]",                          /* not an object */
        "",
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_int_equal(publish_key_of(cases[i], strlen(cases[i]), key, sizeof key), -1);
    }
}

static void test_read_file(void **state)
{
    (void)state;
    char path[128];
    snprintf(path, sizeof path, "%s/a.txt", root);
    char *buf = NULL;
    size_t len = 0;
    assert_int_equal(publish_read_file(path, &buf, &len), 0);
    assert_int_equal(len, 4);
    assert_string_equal(buf, "text");
    free(buf);
    snprintf(path, sizeof path, "%s/none.txt", root);
    assert_int_equal(publish_read_file(path, &buf, &len), -ENOENT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kinds),
        cmocka_unit_test(test_folder_order_and_skips),
        cmocka_unit_test(test_named_files_and_errors),
        cmocka_unit_test(test_wrap_text),
        cmocka_unit_test(test_id_from_name),
        cmocka_unit_test(test_key_of),
        cmocka_unit_test(test_read_file),
    };
    return cmocka_run_group_tests(tests, make_tree, remove_tree);
}
