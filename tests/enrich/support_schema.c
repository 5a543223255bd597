/* A small JSON Schema checker for the subset the record schema uses (see support.h). */
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

static void fail(json_t *errors, const char *path, const char *fmt, const char *detail)
{
    char msg[512];
    snprintf(msg, sizeof msg, fmt, detail);
    json_array_append_new(errors, json_sprintf("%s: %s", path[0] ? path : "/", msg));
}

static bool type_matches(const char *type, json_t *v)
{
    if (strcmp(type, "object") == 0) {
        return json_is_object(v);
    }
    if (strcmp(type, "array") == 0) {
        return json_is_array(v);
    }
    if (strcmp(type, "string") == 0) {
        return json_is_string(v);
    }
    if (strcmp(type, "integer") == 0) {
        return json_is_integer(v);
    }
    if (strcmp(type, "number") == 0) {
        return json_is_number(v);
    }
    if (strcmp(type, "boolean") == 0) {
        return json_is_boolean(v);
    }
    if (strcmp(type, "null") == 0) {
        return json_is_null(v);
    }
    return false;
}

static size_t codepoints(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++) {
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    }
    return c;
}

static const char *const known_keywords[] = {"$schema",    "$id",
                                             "title",      "description",
                                             "examples",   "default",
                                             "format",     "$comment",
                                             "type",       "const",
                                             "enum",       "required",
                                             "properties", "additionalProperties",
                                             "items",      "minimum",
                                             "maximum",    "minLength",
                                             "pattern",    "$ref",
                                             "$defs"};

static int check(json_t *root, json_t *schema, json_t *v, const char *path, json_t *errors);

static json_t *resolve(json_t *root, const char *ref)
{
    const char *prefix = "#/$defs/";
    if (strncmp(ref, prefix, strlen(prefix)) != 0) {
        return NULL;
    }
    return json_object_get(json_object_get(root, "$defs"), ref + strlen(prefix));
}

static int check_keywords(json_t *schema, const char *path, json_t *errors)
{
    int n = 0;
    const char *key;
    json_t *val;
    json_object_foreach(schema, key, val)
    {
        bool known = false;
        for (size_t i = 0; i < sizeof known_keywords / sizeof known_keywords[0]; i++) {
            known |= strcmp(key, known_keywords[i]) == 0;
        }
        if (!known) {
            fail(errors, path, "schema keyword %s is not supported by the checker", key);
            n++;
        }
    }
    return n;
}

static int check_object(json_t *root, json_t *schema, json_t *v, const char *path, json_t *errors)
{
    int n = 0;
    json_t *props = json_object_get(schema, "properties");
    json_t *required = json_object_get(schema, "required");
    json_t *additional = json_object_get(schema, "additionalProperties");
    size_t i;
    json_t *r;
    json_array_foreach(required, i, r)
    {
        if (json_object_get(v, json_string_value(r)) == NULL) {
            fail(errors, path, "missing required key %s", json_string_value(r));
            n++;
        }
    }
    const char *key;
    json_t *val;
    json_object_foreach(v, key, val)
    {
        char child[512];
        snprintf(child, sizeof child, "%s/%s", path, key);
        json_t *sub = json_object_get(props, key);
        if (sub != NULL) {
            n += check(root, sub, val, child, errors);
        } else if (json_is_false(additional)) {
            fail(errors, path, "key %s is not allowed", key);
            n++;
        } else if (json_is_object(additional)) {
            n += check(root, additional, val, child, errors);
        }
    }
    return n;
}

static int check_string(json_t *schema, json_t *v, const char *path, json_t *errors)
{
    int n = 0;
    json_t *min_len = json_object_get(schema, "minLength");
    if (min_len != NULL && codepoints(json_string_value(v), json_string_length(v)) <
                               (size_t)json_integer_value(min_len)) {
        fail(errors, path, "string shorter than minLength%s", "");
        n++;
    }
    json_t *pattern = json_object_get(schema, "pattern");
    if (pattern != NULL) {
        regex_t re;
        if (regcomp(&re, json_string_value(pattern), REG_EXTENDED | REG_NOSUB) != 0) {
            fail(errors, path, "pattern %s does not compile", json_string_value(pattern));
            return n + 1;
        }
        if (regexec(&re, json_string_value(v), 0, NULL, 0) != 0) {
            fail(errors, path, "does not match pattern %s", json_string_value(pattern));
            n++;
        }
        regfree(&re);
    }
    return n;
}

static int check(json_t *root, json_t *schema, json_t *v, const char *path, json_t *errors)
{
    int n = check_keywords(schema, path, errors);
    json_t *ref = json_object_get(schema, "$ref");
    if (ref != NULL) {
        json_t *target = resolve(root, json_string_value(ref));
        if (target == NULL) {
            fail(errors, path, "unresolvable $ref %s", json_string_value(ref));
            return n + 1;
        }
        n += check(root, target, v, path, errors);
    }
    json_t *type = json_object_get(schema, "type");
    if (type != NULL) {
        bool ok = false;
        if (json_is_string(type)) {
            ok = type_matches(json_string_value(type), v);
        } else {
            size_t i;
            json_t *t;
            json_array_foreach(type, i, t)
            {
                ok |= type_matches(json_string_value(t), v);
            }
        }
        if (!ok) {
            char *dump = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
            fail(errors, path, "wrong type: %.200s", dump ? dump : "?");
            free(dump);
            return n + 1;
        }
    }
    json_t *c = json_object_get(schema, "const");
    if (c != NULL && !json_equal(c, v)) {
        fail(errors, path, "differs from const%s", "");
        n++;
    }
    json_t *en = json_object_get(schema, "enum");
    if (en != NULL) {
        bool found = false;
        size_t i;
        json_t *e;
        json_array_foreach(en, i, e)
        {
            found |= json_equal(e, v);
        }
        if (!found) {
            char *dump = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
            fail(errors, path, "not in enum: %.200s", dump ? dump : "?");
            free(dump);
            n++;
        }
    }
    json_t *min = json_object_get(schema, "minimum");
    if (min != NULL && json_is_number(v) && json_number_value(v) < json_number_value(min)) {
        fail(errors, path, "below minimum%s", "");
        n++;
    }
    json_t *max = json_object_get(schema, "maximum");
    if (max != NULL && json_is_number(v) && json_number_value(v) > json_number_value(max)) {
        fail(errors, path, "above maximum%s", "");
        n++;
    }
    if (json_is_object(v)) {
        n += check_object(root, schema, v, path, errors);
    }
    if (json_is_string(v)) {
        n += check_string(schema, v, path, errors);
    }
    json_t *items = json_object_get(schema, "items");
    if (items != NULL && json_is_array(v)) {
        size_t i;
        json_t *item;
        json_array_foreach(v, i, item)
        {
            char child[512];
            snprintf(child, sizeof child, "%s/%zu", path, i);
            n += check(root, items, item, child, errors);
        }
    }
    return n;
}

int support_schema_validate(json_t *schema, json_t *instance, json_t *errors)
{
    return check(schema, schema, instance, "", errors);
}

json_t *support_schema(void)
{
    static json_t *schema;
    if (schema == NULL) {
        char path[4096];
        json_error_t err;
        schema = json_load_file(
            support_source_path("schemas/enriched-article.schema.json", path, sizeof path), 0,
            &err);
        if (schema == NULL) {
            fprintf(stderr, "cannot load the record schema: %s (line %d)\n", err.text, err.line);
        }
    }
    return schema;
}
