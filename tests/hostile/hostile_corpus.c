#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <jansson.h>

#include "hostile_corpus.h"

#define BODY_10MB (10u * 1024u * 1024u)
#define DEPTH     100000u

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        fail_msg("cannot open %s", path);
    }
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)size + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)size, f), (size_t)size);
    fclose(f);
    buf[size] = '\0';
    *len = (size_t)size;
    return buf;
}

/* bytes with every "@ID@" replaced by id (a new buffer; bytes is freed). */
static char *substitute(char *bytes, size_t *len, const char *id)
{
    size_t idlen = strlen(id), cap = *len + 1, n = 0;
    for (size_t i = 0; i + 4 <= *len; i++) {
        cap += memcmp(bytes + i, "@ID@", 4) == 0 ? idlen : 0;
    }
    char *out = malloc(cap);
    assert_non_null(out);
    for (size_t i = 0; i < *len;) {
        if (i + 4 <= *len && memcmp(bytes + i, "@ID@", 4) == 0) {
            memcpy(out + n, id, idlen);
            n += idlen;
            i += 4;
        } else {
            out[n++] = bytes[i++];
        }
    }
    free(bytes);
    *len = n;
    return out;
}

static char *generate(const char *name, const char *id, size_t *len)
{
    char *buf;
    if (strcmp(name, "@gen:body_10mb") == 0) {
        buf = malloc(BODY_10MB + 1);
        assert_non_null(buf);
        int head =
            snprintf(buf, BODY_10MB, "{\"source\":\"hostile\",\"id\":\"%s\",\"body\":\"", id);
        memset(buf + head, 'a', BODY_10MB - (size_t)head - 2);
        memcpy(buf + BODY_10MB - 2, "\"}", 2);
        *len = BODY_10MB;
    } else if (strcmp(name, "@gen:nesting_100000") == 0) {
        buf = malloc(2 * DEPTH + 1);
        assert_non_null(buf);
        memset(buf, '[', DEPTH);
        memset(buf + DEPTH, ']', DEPTH);
        *len = 2 * DEPTH;
    } else {
        fail_msg("unknown generated entry %s", name);
        return NULL;
    }
    buf[*len] = '\0';
    return buf;
}

/* A manifest column holding a JSON string (or null): a NUL-terminated copy, or NULL for "-". */
static char *json_column(const char *col, const char *what, int *is_null)
{
    *is_null = 0;
    if (strcmp(col, "-") == 0) {
        return NULL;
    }
    json_error_t jerr;
    json_t *v = json_loads(col, JSON_DECODE_ANY, &jerr);
    if (v == NULL || (!json_is_string(v) && !json_is_null(v))) {
        fail_msg("manifest: %s column %s is not a JSON string or null", what, col);
    }
    char *s = strdup(json_is_string(v) ? json_string_value(v) : "");
    *is_null = json_is_null(v);
    json_decref(v);
    return s;
}

size_t hostile_corpus_load(const char *prefix, struct hostile_entry **out)
{
    const char *src = getenv("INGEST_SOURCE_DIR");
    char path[1024];
    snprintf(path, sizeof path, "%s/tests/hostile/manifest.tsv", src != NULL ? src : ".");
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        fail_msg("cannot open %s", path);
    }
    size_t cap = 128, n = 0;
    struct hostile_entry *e = calloc(cap, sizeof *e);
    assert_non_null(e);
    char line[4096];
    int lineno = 0;
    while (fgets(line, sizeof line, f) != NULL) {
        lineno++;
        line[strcspn(line, "\n")] = '\0';
        if (line[0] == '#' || line[0] == '\0') {
            continue;
        }
        char *cols[6];
        char *save = NULL;
        int k = 0;
        for (char *c = strtok_r(line, "\t", &save); c != NULL && k < 6;
             c = strtok_r(NULL, "\t", &save)) {
            cols[k++] = c;
        }
        if (k != 6) {
            fail_msg("manifest line %d: %d columns, expected 6", lineno, k);
        }
        assert_true(n < cap);
        struct hostile_entry *h = &e[n++];
        snprintf(h->name, sizeof h->name, "%s", cols[0]);
        h->null_key = strcmp(cols[1], "null") == 0;
        snprintf(h->id, sizeof h->id, "%s-h-%03d", prefix, lineno);
        snprintf(h->outcome, sizeof h->outcome, "%s", cols[2]);
        int is_null;
        h->path = json_column(cols[3], "path", &is_null);
        h->title = json_column(cols[4], "title", &h->title_null);
        h->text = json_column(cols[5], "text", &is_null);
        if (strcmp(h->outcome, "stored") != 0 && h->path == NULL) {
            fail_msg("manifest line %d: a rejection needs its path", lineno);
        }
        if (strncmp(h->name, "@gen:", 5) == 0) {
            h->bytes = generate(h->name, h->id, &h->len);
        } else {
            char file[1200];
            snprintf(file, sizeof file, "%s/tests/hostile/corpus/%s", src != NULL ? src : ".",
                     h->name);
            h->bytes = read_file(file, &h->len);
            h->bytes = substitute(h->bytes, &h->len, h->id);
        }
    }
    fclose(f);
    *out = e;
    return n;
}

void hostile_corpus_free_entry(struct hostile_entry *e)
{
    free(e->bytes);
    free(e->path);
    free(e->title);
    free(e->text);
}

void hostile_corpus_free(struct hostile_entry *e, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        hostile_corpus_free_entry(&e[i]);
    }
    free(e);
}
