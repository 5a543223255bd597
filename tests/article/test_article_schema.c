/*
 * schemas/raw-article.schema.json is the documented contract and common/article implements it
 * by hand; this test keeps the two from drifting apart: same properties in the same order,
 * same required list, same limits and enumerations, and every example in the schema passes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "article_internal.h"

static json_t *schema;

static int load_schema(void **state)
{
    (void)state;
    const char *dir = getenv("INGEST_SOURCE_DIR");
    char path[1024];
    snprintf(path, sizeof path, "%s/schemas/raw-article.schema.json",
             dir != NULL ? dir : INGEST_SOURCE_DIR);
    json_error_t jerr;
    schema = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
    if (schema == NULL) {
        print_error("%s:%d: %s\n", path, jerr.line, jerr.text);
        return -1;
    }
    return 0;
}

static int free_schema(void **state)
{
    (void)state;
    json_decref(schema);
    return 0;
}

static void test_header(void **state)
{
    (void)state;
    assert_string_equal(json_string_value(json_object_get(schema, "$schema")),
                        "https://json-schema.org/draft/2020-12/schema");
    assert_string_equal(json_string_value(json_object_get(schema, "type")), "object");
    assert_true(json_is_false(json_object_get(schema, "additionalProperties")));
    json_t *required = json_object_get(schema, "required");
    assert_int_equal(json_array_size(required), 2);
    assert_string_equal(json_string_value(json_array_get(required, 0)), "source");
    assert_string_equal(json_string_value(json_array_get(required, 1)), "body");
}

static void test_same_properties_in_same_order(void **state)
{
    (void)state;
    json_t *props = json_object_get(schema, "properties");
    assert_int_equal(json_object_size(props), article_field_count());
    size_t i = 0;
    for (void *it = json_object_iter(props); it != NULL; it = json_object_iter_next(props, it)) {
        assert_string_equal(json_object_iter_key(it), article_field_name(i));
        json_t *description = json_object_get(json_object_iter_value(it), "description");
        assert_true(json_string_length(description) > 20);
        i++;
    }
    assert_null(article_field_name(i));
}

static void test_limits_and_enums(void **state)
{
    (void)state;
    json_t *props = json_object_get(schema, "properties");
    assert_int_equal(
        json_integer_value(json_object_get(json_object_get(props, "source"), "maxLength")),
        ARTICLE_SOURCE_MAX);
    assert_int_equal(json_integer_value(json_object_get(json_object_get(props, "id"), "maxLength")),
                     ARTICLE_ID_MAX);
    assert_int_equal(
        json_integer_value(json_object_get(json_object_get(props, "title"), "maxLength")),
        ARTICLE_DEFAULT_FIELD_BYTES);
    char why[200];
    json_t *lang = json_object_get(json_object_get(props, "lang"), "enum");
    json_t *ct = json_object_get(json_object_get(props, "content_type"), "enum");
    json_t *lists[2] = {lang, ct};
    for (int l = 0; l < 2; l++) {
        size_t k;
        json_t *v;
        size_t strings = 0;
        json_array_foreach(lists[l], k, v)
        {
            if (json_is_null(v)) {
                continue;
            }
            const char *s = json_string_value(v);
            bool ok = l == 0 ? article_value_lang(s, strlen(s), why, sizeof why)
                             : article_value_content_type(s, strlen(s), why, sizeof why);
            assert_true(ok);
            strings++;
        }
        assert_int_equal(strings, 2);
    }
}

static void test_examples_pass(void **state)
{
    (void)state;
    json_t *examples = json_object_get(schema, "examples");
    assert_true(json_array_size(examples) >= 2);
    size_t i;
    json_t *example;
    json_array_foreach(examples, i, example)
    {
        char *text = json_dumps(example, JSON_COMPACT);
        assert_non_null(text);
        struct article *a = NULL;
        struct article_error err;
        int rc = article_parse(text, strlen(text), NULL, &a, &err);
        if (rc != 0) {
            fail_msg("example %zu: %s %s %s", i, article_reason_code(err.reason), err.path,
                     err.message);
        }
        article_free(a);
        free(text);
    }
}

/* Each property's own examples pass that property's check. */
static void test_property_examples_pass(void **state)
{
    (void)state;
    json_t *props = json_object_get(schema, "properties");
    const char *names[] = {"source", "id", "url", "published_at"};
    bool (*checks[])(const char *, size_t, char *, size_t) = {
        article_value_source, article_value_id, article_value_url, article_value_published_at};
    for (size_t p = 0; p < 4; p++) {
        json_t *examples = json_object_get(json_object_get(props, names[p]), "examples");
        assert_true(json_array_size(examples) >= 1);
        size_t i;
        json_t *v;
        json_array_foreach(examples, i, v)
        {
            char why[200];
            const char *s = json_string_value(v);
            if (!checks[p](s, strlen(s), why, sizeof why)) {
                fail_msg("%s example \"%s\": %s", names[p], s, why);
            }
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_header),
        cmocka_unit_test(test_same_properties_in_same_order),
        cmocka_unit_test(test_limits_and_enums),
        cmocka_unit_test(test_examples_pass),
        cmocka_unit_test(test_property_examples_pass),
    };
    return cmocka_run_group_tests(tests, load_schema, free_schema);
}
