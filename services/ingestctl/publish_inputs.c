#include "publish_inputs.h"

#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

static const struct {
    const char *ext;
    enum publish_kind kind;
} extensions[] = {
    {".json", PUBLISH_KIND_JSON}, {".jsonl", PUBLISH_KIND_JSONL}, {".txt", PUBLISH_KIND_TEXT},
    {".html", PUBLISH_KIND_HTML}, {".htm", PUBLISH_KIND_HTML},
};

int publish_kind_of(const char *path)
{
    size_t len = strlen(path);
    for (size_t i = 0; i < sizeof extensions / sizeof extensions[0]; i++) {
        size_t n = strlen(extensions[i].ext);
        if (len > n && strcasecmp(path + len - n, extensions[i].ext) == 0) {
            return (int)extensions[i].kind;
        }
    }
    return -1;
}

static int push(struct publish_inputs *in, const char *path, enum publish_kind kind)
{
    if (in->count == in->cap) {
        size_t cap = in->cap ? in->cap * 2 : 16;
        struct publish_input *grown = realloc(in->items, cap * sizeof *grown);
        if (grown == NULL) {
            return -ENOMEM;
        }
        in->items = grown;
        in->cap = cap;
    }
    char *copy = strdup(path);
    if (copy == NULL) {
        return -ENOMEM;
    }
    in->items[in->count++] = (struct publish_input){copy, kind};
    return 0;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Files below dir, sorted by name at each level so that runs are repeatable. */
static int collect_dir(struct publish_inputs *in, const char *dir, char *err, size_t errlen)
{
    DIR *d = opendir(dir);
    if (d == NULL) {
        int rc = -errno;
        snprintf(err, errlen, "cannot read folder %s: %s", dir, strerror(errno));
        return rc;
    }
    char **names = NULL;
    size_t count = 0, cap = 0;
    int rc = 0;
    struct dirent *ent;
    while ((ent = readdir(d)) != NULL) {
        if (ent->d_name[0] == '.') {
            if (strcmp(ent->d_name, ".") != 0 && strcmp(ent->d_name, "..") != 0) {
                in->skipped++;
            }
            continue;
        }
        if (count == cap) {
            cap = cap ? cap * 2 : 32;
            char **grown = realloc(names, cap * sizeof *names);
            if (grown == NULL) {
                rc = -ENOMEM;
                goto out;
            }
            names = grown;
        }
        names[count] = strdup(ent->d_name);
        if (names[count] == NULL) {
            rc = -ENOMEM;
            goto out;
        }
        count++;
    }
    qsort(names, count, sizeof *names, compare_names);
    for (size_t i = 0; i < count && rc == 0; i++) {
        size_t len = strlen(dir) + strlen(names[i]) + 2;
        char *child = malloc(len);
        if (child == NULL) {
            rc = -ENOMEM;
            break;
        }
        snprintf(child, len, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", names[i]);
        struct stat st;
        if (stat(child, &st) != 0) {
            rc = -errno;
            snprintf(err, errlen, "cannot read %s: %s", child, strerror(errno));
        } else if (S_ISDIR(st.st_mode)) {
            rc = collect_dir(in, child, err, errlen);
        } else if (publish_kind_of(child) >= 0) {
            rc = push(in, child, (enum publish_kind)publish_kind_of(child));
        } else {
            in->skipped++;
        }
        free(child);
    }
out:
    if (rc == -ENOMEM) {
        snprintf(err, errlen, "out of memory");
    }
    for (size_t i = 0; i < count; i++) {
        free(names[i]);
    }
    free(names);
    closedir(d);
    return rc;
}

int publish_inputs_collect(struct publish_inputs *in, char *const *paths, int n, char *err,
                           size_t errlen)
{
    for (int i = 0; i < n; i++) {
        const char *path = paths[i];
        int rc;
        if (strcmp(path, "-") == 0) {
            rc = push(in, path, PUBLISH_KIND_JSONL);
        } else {
            struct stat st;
            if (stat(path, &st) != 0) {
                rc = -errno;
                snprintf(err, errlen, "cannot read %s: %s", path, strerror(errno));
                return rc;
            }
            if (S_ISDIR(st.st_mode)) {
                rc = collect_dir(in, path, err, errlen);
            } else if (publish_kind_of(path) >= 0) {
                rc = push(in, path, (enum publish_kind)publish_kind_of(path));
            } else {
                snprintf(err, errlen,
                         "%s: unknown kind of file (expected .json, .jsonl, .txt, .html or .htm)",
                         path);
                return -EINVAL;
            }
        }
        if (rc != 0) {
            if (rc == -ENOMEM) {
                snprintf(err, errlen, "out of memory");
            }
            return rc;
        }
    }
    return 0;
}

void publish_inputs_free(struct publish_inputs *in)
{
    for (size_t i = 0; i < in->count; i++) {
        free(in->items[i].path);
    }
    free(in->items);
    in->items = NULL;
    in->count = in->cap = 0;
}

int publish_read_file(const char *path, char **buf, size_t *len)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (f == NULL) {
        return -errno;
    }
    size_t cap = 65536, used = 0;
    char *data = malloc(cap);
    int rc = 0;
    while (data != NULL) {
        if (cap - used < 2) {
            char *grown = realloc(data, cap * 2);
            if (grown == NULL) {
                break;
            }
            data = grown;
            cap *= 2;
        }
        size_t n = fread(data + used, 1, cap - used - 1, f);
        used += n;
        if (n == 0) {
            rc = ferror(f) ? -EIO : 0;
            break;
        }
    }
    if (data == NULL) {
        rc = -ENOMEM;
    }
    if (f != stdin) {
        fclose(f);
    }
    if (rc != 0 || data == NULL) {
        free(data);
        return rc != 0 ? rc : -ENOMEM;
    }
    data[used] = '\0';
    *buf = data;
    *len = used;
    return 0;
}

int publish_wrap_text(const char *text, size_t len, const char *source, const char *id, bool html,
                      char **out, size_t *out_len)
{
    if (memchr(text, '\0', len) != NULL) {
        return -EILSEQ;
    }
    json_t *body = json_stringn(text, len); /* NULL when text is not UTF-8 */
    if (body == NULL) {
        return -EILSEQ;
    }
    json_t *sub = json_object();
    int rc = sub == NULL ? -1 : 0;
    rc = rc || json_object_set_new(sub, "source", json_string(source));
    if (id != NULL) {
        rc = rc || json_object_set_new(sub, "id", json_string(id));
    }
    rc = rc || json_object_set(sub, "body", body);
    rc = rc ||
         json_object_set_new(sub, "content_type", json_string(html ? "text/html" : "text/plain"));
    json_decref(body);
    char *text_out = rc == 0 ? json_dumps(sub, JSON_COMPACT) : NULL;
    json_decref(sub);
    if (text_out == NULL) {
        return -ENOMEM;
    }
    *out = text_out;
    *out_len = strlen(text_out);
    return 0;
}

void publish_id_from_name(const char *path, char *out, size_t cap)
{
    const char *base = strrchr(path, '/');
    base = base != NULL ? base + 1 : path;
    const char *dot = strrchr(base, '.');
    size_t len = dot != NULL && dot != base ? (size_t)(dot - base) : strlen(base);
    if (len >= cap) {
        len = cap - 1;
    }
    memcpy(out, base, len);
    out[len] = '\0';
}

long publish_key_of(const char *value, size_t len, char *key, size_t cap)
{
    json_t *root = json_loadb(value, len, 0, NULL);
    json_t *id = json_object_get(root, "id");
    long n = -1;
    if (json_is_string(id)) {
        size_t id_len = json_string_length(id);
        if (id_len > 0 && id_len < cap && strlen(json_string_value(id)) == id_len) {
            memcpy(key, json_string_value(id), id_len + 1);
            n = (long)id_len;
        }
    }
    json_decref(root);
    return n;
}
