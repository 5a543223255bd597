/*
 * One queued row: a single allocation holding the request header and copies of its strings.
 * The key and value are not copied (they can be megabytes): they stay borrowed until the
 * callback, and go to the server as binary bytea parameters.
 *
 * Parameter orders:
 *   article     ingest_upsert_article($1..$13) and ingest_upsert_or_reject($1..$16): id,
 *               source, url, title, published_at, lang, text, content_hash, raw, enriched,
 *               topic, partition, offset [, group, key, value]
 *   dead letter ingest_store_dead_letter($1..$10): group, topic, partition, offset, key, value,
 *               reason, path, error, sqlstate
 *   position    ingest_store_offset($1..$6), built when sent (pgw_pipeline.c)
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pgw_internal.h"

/* Copies the non-NULL strings of fields into req->text; copies[i] points at fields[i]'s copy. */
static void pgw_request_fill(struct pgw_request *req, const char *const *fields, const size_t *lens,
                             int count, const char **copies)
{
    char *p = req->text;
    for (int i = 0; i < count; i++) {
        if (fields[i] != NULL) {
            memcpy(p, fields[i], lens[i]);
            copies[i] = p;
            p += lens[i];
        }
    }
}

static void pgw_request_binary(struct pgw_request *req, int index, const void *data, size_t len)
{
    req->params[index] = data; /* NULL stays SQL NULL */
    req->lengths[index] = (int)len;
    req->formats[index] = 1;
}

int pgw_request_create(const struct pgw_row *row, const char *group_id, pgw_done_cb cb, void *arg,
                       struct pgw_request **out)
{
    *out = NULL;
    if (row == NULL || cb == NULL || row->key_len > INT32_MAX || row->value_len > INT32_MAX) {
        return -EINVAL;
    }
    bool dead = row->kind == PGW_ROW_DEAD_LETTER;
    bool position = row->kind == PGW_ROW_POSITION;
    if (dead || position ? group_id == NULL || row->topic == NULL ||
                               (dead ? row->reason == NULL : row->epoch <= 0)
                         : row->id == NULL || row->source == NULL || row->text == NULL ||
                               row->content_hash == NULL || row->raw_json == NULL ||
                               row->enriched_json == NULL) {
        return -EINVAL;
    }
    /* The strings to copy; the topic comes first, then the kind's text parameters in order. */
    enum { MAX_FIELDS = 11 };
    const char *fields[MAX_FIELDS] = {0};
    int count;
    if (dead || position) {
        const char *f[] = {row->topic, row->reason, row->path, row->error, row->sqlstate};
        memcpy(fields, f, sizeof(f));
        count = position ? 1 : 5;
    } else {
        const char *f[] = {row->topic,        row->id,           row->source,       row->url,
                           row->title,        row->published_at, row->lang,         row->text,
                           row->content_hash, row->raw_json,     row->enriched_json};
        memcpy(fields, f, sizeof(f));
        count = 11;
    }
    size_t lens[MAX_FIELDS] = {0};
    size_t total = 0;
    for (int i = 0; i < count; i++) {
        if (fields[i] != NULL) {
            lens[i] = strlen(fields[i]) + 1;
            total += lens[i];
        }
    }
    struct pgw_request *req = malloc(sizeof(*req) + total);
    if (req == NULL) {
        return -ENOMEM;
    }
    memset(req, 0, sizeof(*req));
    req->cb = cb;
    req->arg = arg;
    req->kind = row->kind;
    req->bytes = sizeof(*req) + total + row->key_len + row->value_len;
    if (!dead && !position && row->details != NULL) {
        req->details = row->details;
        for (int t = 0; t < PGW_DETAIL_TABLES; t++) {
            req->bytes += row->details->len[t];
        }
    }
    req->partition_no = row->partition;
    req->offset_no = row->offset;
    req->epoch = row->epoch;
    req->published = row->published;
    snprintf(req->partition, sizeof(req->partition), "%" PRId32, row->partition);
    snprintf(req->offset, sizeof(req->offset), "%" PRId64, row->offset);

    const char *copies[MAX_FIELDS] = {0};
    pgw_request_fill(req, fields, lens, count, copies);
    req->topic = copies[0];
    if (position) {
        /* Its statement is ingest_store_offset(), built when it is sent. */
    } else if (dead) {
        req->params[0] = group_id;
        req->params[1] = copies[0];
        req->params[2] = req->partition;
        req->params[3] = req->offset;
        pgw_request_binary(req, 4, row->key, row->key_len);
        pgw_request_binary(req, 5, row->value, row->value_len);
        for (int i = 0; i < 4; i++) {
            req->params[6 + i] = copies[1 + i];
        }
    } else {
        for (int i = 0; i < 10; i++) {
            req->params[i] = copies[1 + i];
        }
        req->params[10] = copies[0];
        req->params[11] = req->partition;
        req->params[12] = req->offset;
        req->params[13] = group_id;
        pgw_request_binary(req, 14, row->key, row->key_len);
        pgw_request_binary(req, 15, row->value, row->value_len);
    }
    *out = req;
    return 0;
}

void pgw_request_free(struct pgw_request *req)
{
    free(req->message);
    free(req);
}
