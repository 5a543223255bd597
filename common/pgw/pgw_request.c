/* One queued row: a single allocation holding the request header and copies of its strings. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pgw_internal.h"

int pgw_request_create(const struct pgw_row *row, pgw_done_cb cb, void *arg,
                       struct pgw_request **out)
{
    *out = NULL;
    if (row == NULL || cb == NULL || row->id == NULL || row->source == NULL || row->text == NULL ||
        row->content_hash == NULL || row->raw_json == NULL || row->enriched_json == NULL) {
        return -EINVAL;
    }
    /* In the order of the parameters of ingest_upsert_article(); partition and offset are
     * formatted into the request itself. */
    const char *fields[PGW_PARAM_COUNT] = {
        row->id,
        row->source,
        row->url,
        row->title,
        row->published_at,
        row->lang,
        row->text,
        row->content_hash,
        row->raw_json,
        row->enriched_json,
        row->topic,
        NULL,
        NULL,
    };
    size_t lens[PGW_PARAM_COUNT] = {0};
    size_t total = 0;
    for (int i = 0; i < PGW_PARAM_COUNT; i++) {
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
    req->bytes = sizeof(*req) + total;
    char *p = req->text;
    for (int i = 0; i < PGW_PARAM_COUNT; i++) {
        if (fields[i] != NULL) {
            memcpy(p, fields[i], lens[i]);
            req->params[i] = p;
            p += lens[i];
        }
    }
    snprintf(req->partition, sizeof(req->partition), "%" PRId32, row->partition);
    snprintf(req->offset, sizeof(req->offset), "%" PRId64, row->offset);
    req->params[11] = req->partition;
    req->params[12] = req->offset;
    *out = req;
    return 0;
}

void pgw_request_free(struct pgw_request *req)
{
    free(req);
}
