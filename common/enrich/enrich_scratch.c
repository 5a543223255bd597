/*
 * The memory enrich_article() keeps from one article to the next (see enrich_internal.h).
 *
 * Without it every article allocated and freed its normalized text, its body, gumbo's arena,
 * the span notes and the offsets' table, several KB each and grown by doubling: large requests
 * that come right after the many small frees of the previous record, so that glibc consolidated
 * its fast bins at nearly every one of them and then served the next small requests from the
 * slow path. Kept here, a worker allocates them once and reuses them.
 *
 * The pool is a fixed array of slots swapped atomically: taking empties a slot, giving fills an
 * empty one. No slot is ever read and written back in two steps, so there is no ABA problem.
 */
#include <stdatomic.h>
#include <stdlib.h>

#include "enrich_internal.h"

struct enrich_scratch_pool {
    _Atomic(struct enrich_scratch *) slot[ENRICH_SCRATCH_POOL];
};

static void scratch_free(struct enrich_scratch *s)
{
    enrich_buf_free(&s->body);
    enrich_buf_free(&s->title);
    enrich_buf_free(&s->byline);
    enrich_buf_free(&s->caption);
    enrich_buf_free(&s->heading);
    enrich_buf_free(&s->text);
    enrich_html_text_free(&s->html);
    enrich_block_release(&s->html_arena);
    enrich_block_release(&s->table);
    enrich_block_release(&s->extract);
    enrich_entities_scratch_free(s->entities);
    enrich_date_spans_release(&s->date_spans);
    free(s->notes.v);
    free(s);
}

/* Empties b, and frees its memory when it grew beyond what is worth keeping. */
static void buf_reset(struct enrich_buf *b)
{
    if (b->cap > ENRICH_SCRATCH_KEEP_MAX) {
        enrich_buf_free(b);
        return;
    }
    b->len = 0;
    if (b->data != NULL) {
        b->data[0] = '\0';
    }
}

static void block_reset(struct enrich_block *b)
{
    if (b->cap > ENRICH_SCRATCH_KEEP_MAX) {
        enrich_block_release(b);
    }
}

int enrich_scratch_pool_create(struct enrich_scratch_pool **out)
{
    *out = NULL;
    struct enrich_scratch_pool *pool = malloc(sizeof *pool);
    if (pool == NULL) {
        return ENRICH_ERR_NOMEM;
    }
    for (int i = 0; i < ENRICH_SCRATCH_POOL; i++) {
        atomic_init(&pool->slot[i], NULL);
    }
    *out = pool;
    return 0;
}

void enrich_scratch_pool_destroy(struct enrich_scratch_pool *pool)
{
    if (pool == NULL) {
        return;
    }
    for (int i = 0; i < ENRICH_SCRATCH_POOL; i++) {
        struct enrich_scratch *s = atomic_exchange(&pool->slot[i], NULL);
        if (s != NULL) {
            scratch_free(s);
        }
    }
    free(pool);
}

struct enrich_scratch *enrich_scratch_take(struct enrich_scratch_pool *pool)
{
    for (int i = 0; i < ENRICH_SCRATCH_POOL; i++) {
        /* A cheap read first: most slots of a pool shared by few threads are empty. */
        if (atomic_load_explicit(&pool->slot[i], memory_order_relaxed) == NULL) {
            continue;
        }
        struct enrich_scratch *s = atomic_exchange(&pool->slot[i], NULL);
        if (s != NULL) {
            return s;
        }
    }
    return calloc(1, sizeof(struct enrich_scratch));
}

void enrich_scratch_give(struct enrich_scratch_pool *pool, struct enrich_scratch *s)
{
    if (s == NULL) {
        return;
    }
    buf_reset(&s->body);
    buf_reset(&s->title);
    buf_reset(&s->byline);
    buf_reset(&s->caption);
    buf_reset(&s->heading);
    buf_reset(&s->text);
    buf_reset(&s->html.text);
    buf_reset(&s->html.heading);
    buf_reset(&s->html.captions);
    block_reset(&s->html_arena);
    block_reset(&s->table);
    block_reset(&s->extract);
    s->notes.n = 0;
    s->date_spans.n = 0;
    if (s->date_spans.cap * 2 * sizeof(size_t) > ENRICH_SCRATCH_KEEP_MAX) {
        enrich_date_spans_release(&s->date_spans);
    }
    if (s->notes.cap * sizeof(*s->notes.v) > ENRICH_SCRATCH_KEEP_MAX) {
        free(s->notes.v);
        s->notes.v = NULL;
        s->notes.cap = 0;
    }
    for (int i = 0; i < ENRICH_SCRATCH_POOL; i++) {
        struct enrich_scratch *empty = NULL;
        if (atomic_compare_exchange_strong(&pool->slot[i], &empty, s)) {
            return;
        }
    }
    scratch_free(s);
}
