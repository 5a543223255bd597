/*
 * pgw: writes articles to PostgreSQL from a libuv loop without ever blocking it.
 *
 * One connection, non-blocking libpq in pipeline mode. Each row is one call of the SQL function
 * ingest_upsert_article() (schemas/migrations), or, for a row that brings its detail rows
 * (pgw_details.h), of ingest_upsert_article_row(), whose batch then writes the detail rows of the
 * articles it inserted or updated by COPY before its commit; up to batch_size consecutive rows
 * share one transaction (one pipeline sync), so that a commit is paid per batch rather than per
 * row. One batch is on the wire at a time: the next one fills while the server works, so batches
 * grow by themselves under load; a batch smaller than batch_size waits at most batch_linger_ms for
 * more rows, and is then sent as it is. (Why one at a time: were a later batch on the wire behind a
 * failing one, it would commit before the failing batch's rows are retried, out of order.)
 *
 * Per-row isolation: when a batch fails on a row's data (or any other non-transient error), the
 * whole transaction rolls back and every row of that batch is sent again alone, each in its own
 * transaction (up to max_in_flight of them pipelined), so the bad row fails by itself and its
 * batch-mates commit. Rows still commit in submission order.
 *
 * Guarantees:
 * - Callbacks run on the loop, in submission order, exactly once per accepted row, never from
 *   inside pgw_submit().
 * - A row completes with status 0 only after its transaction committed.
 * - When the connection is lost (or the server reports a transient error: classes 08, 40, 53,
 *   57, 58, 55P03), every row not yet acknowledged is sent again on the next connection,
 *   reconnecting with capped exponential backoff. The upsert is idempotent, so a row whose first
 *   attempt did commit reports outcome UNCHANGED the second time.
 * - A data error (SQLSTATE classes 22, 23, 54) completes only that row with PGW_ERR_DATA and the
 *   SQLSTATE and message: the caller dead-letters it.
 *
 * Offsets (exactly once, when options.group_id is set): every transaction also records, for each
 * partition whose rows it holds, the offset after its last row and the caller's "published"
 * position (ingest_store_offset(), migration 006), under the epoch the caller got when it
 * claimed the partition. A transaction whose partition was claimed since by another owner fails
 * as a whole: its rows complete with PGW_ERR_FENCED. A row sent alone after its batch failed is
 * written by ingest_upsert_or_reject(): a data error then stores the message as a dead letter
 * in the same transaction (outcome PGW_OUTCOME_REJECTED) instead of failing, so that the
 * partition's offset never moves past a message that is stored nowhere. Dead letters
 * (PGW_ROW_DEAD_LETTER) are stored with ingest_store_dead_letter(), idempotently.
 *
 * pgw knows nothing of Kafka or enrichment: topic/partition/offset are stored as given.
 * Rows are submitted one by one and complete one by one, in order; the rows of one batch complete
 * together, after their commit.
 */
#ifndef PGW_H
#define PGW_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <uv.h>

#include "pgw_details.h"

/* Completion statuses and return codes (negative errno values). */
#define PGW_ERR_DATA (-EBADMSG) /* the database refused this row's data (22xxx/23xxx/54xxx) */
#define PGW_ERR_SERVER                                                                             \
    (-EIO) /* refused for another reason (a bug or a schema mismatch,                              \
              e.g. 42xxx, XX000): not the row's fault, not transient */
#define PGW_ERR_CANCELED                                                                           \
    (-ECANCELED) /* pgw_close() ran before the row was acknowledged; it may                        \
                    or may not have committed */
#define PGW_ERR_FENCED                                                                             \
    (-ESTALE) /* the row's partition was claimed by another owner (a newer epoch):                 \
                 nothing of its transaction was stored */

struct pgw_options {
    const char *conninfo;        /* libpq connection string; copied by pgw_create() */
    unsigned max_queue;          /* rows accepted and not yet completed; 0 = 1024 */
    unsigned max_in_flight;      /* rows retried alone (isolation) pipelined at once; 0 = 64 */
    unsigned batch_size;         /* rows per transaction at most; 0 = 200 (1 = a transaction per
                                    row, the behaviour before batching) */
    unsigned batch_linger_ms;    /* how long a partial batch waits for more rows while the
                                    connection is idle; 0 = send at once. Default 20. */
    unsigned reconnect_min_ms;   /* first backoff after a failure; 0 = 100 */
    unsigned reconnect_max_ms;   /* backoff cap; 0 = 10000 */
    unsigned connect_timeout_ms; /* one connection attempt, setup included; 0 = 10000 */
    /*
     * Optional. Called on the loop when the writer becomes ready (connected = true, error = NULL),
     * when a ready connection is lost, and when an attempt to connect fails (connected = false,
     * error = one line, borrowed for the duration of the call). For logging and readiness.
     */
    void (*state_cb)(void *arg, bool connected, const char *error);
    void *state_arg;
    /*
     * Optional. Called on the loop each time a batch holding rows of messages commits, before
     * its rows' callbacks, with the number of such rows it held (position rows not counted) and the
     * milliseconds from sending its first row to the commit (uv_now resolution). For the batch-size
     * and write-latency histograms.
     */
    void (*batch_cb)(void *arg, unsigned rows, uint64_t write_ms);
    void *batch_arg;
    /* Optional; copied. The consumer group whose offsets the transactions store (table
     * ingest_offsets) and under which dead letters are kept. NULL: no offsets are stored, dead
     * letters are refused, and a row sent alone fails on a data error as any other row. */
    const char *group_id;
};

enum pgw_row_kind {
    PGW_ROW_ARTICLE = 0, /* an article upsert (ingest_upsert_article) */
    PGW_ROW_DEAD_LETTER, /* a message stored as a dead letter (ingest_store_dead_letter) */
    PGW_ROW_POSITION,    /* only the partition's published position (topic, partition, epoch,
                            published): nothing else is written; completes with outcome NONE */
};

/*
 * One row to write. The strings are borrowed for the call (pgw_submit() copies them); key and
 * value are borrowed until the row's callback has run (they can be large, so they are not
 * copied).
 */
struct pgw_row {
    enum pgw_row_kind kind;
    /* Article rows. */
    const char *id;            /* required */
    const char *source;        /* required */
    const char *url;           /* NULL = SQL NULL */
    const char *title;         /* NULL = SQL NULL */
    const char *published_at;  /* ISO 8601 with offset, or NULL; a bad value is a data error
                                  (22007, 22008) */
    const char *lang;          /* NULL = SQL NULL */
    const char *text;          /* required: the enriched record's text */
    const char *content_hash;  /* required: same hash = same content = nothing written */
    const char *raw_json;      /* required: the raw submission, JSON text */
    const char *enriched_json; /* required: the enriched record, JSON text (entities, dates,
                                  figures are copied from it into their tables) */
    const char *topic;         /* NULL = SQL NULL (required for dead letters) */
    int32_t partition;         /* stored as given (use -1 with topic NULL when not from Kafka) */
    int64_t offset;
    /* The original message, byte for byte (NULL = a null key or value): a dead letter's content,
     * and an article's in case the database refuses it (then it becomes a dead letter). */
    const void *key;
    size_t key_len;
    const void *value;
    size_t value_len;
    /* Dead letters: why (reason required; valid UTF-8 each, NULL = none). */
    const char *reason, *path, *error, *sqlstate;
    /* Offsets: epoch > 0 (from ingest_claim_partition) makes the row's transaction store the
     * partition's position (see above); published is the caller's published position for the
     * partition at submission (-1: none yet). */
    int64_t epoch;
    int64_t published;
    /* Articles, optional: the record's detail rows, built by pgw_details_build() from the record
     * enriched_json was serialized from; borrowed until the row's callback has run. With them the
     * article is written by ingest_upsert_article_row() and its detail rows by COPY, in the
     * batch's transaction; without them (NULL) ingest_upsert_article() computes the rows from
     * enriched_json on the server. Same tables either way; the first costs the server half the
     * CPU. */
    const struct pgw_details *details;
};

enum pgw_outcome {
    PGW_OUTCOME_NONE = 0,  /* no outcome: status != 0 */
    PGW_OUTCOME_INSERTED,  /* new id */
    PGW_OUTCOME_UPDATED,   /* same id, new content_hash: row replaced, revision raised */
    PGW_OUTCOME_UNCHANGED, /* same id, same content_hash: nothing written */
    PGW_OUTCOME_STALE,     /* same id, other content, but the stored row came from a later
                              offset of the same topic and partition (a replay of an older
                              version): nothing written, the newer content stays */
    PGW_OUTCOME_REJECTED,  /* an article the database refused for its data (sqlstate and
                              message say why), stored as a dead letter 'db_rejected' instead */
};

struct pgw_result {
    int status;               /* 0, PGW_ERR_DATA, PGW_ERR_SERVER or PGW_ERR_CANCELED */
    enum pgw_outcome outcome; /* when status == 0 */
    int32_t revision;         /* when status == 0: the row's revision after this call */
    /* When status == 0: a dead letter (or a rejected article's) that was already stored by an
     * earlier delivery of the same message (a replay) rather than now. */
    bool stored_before;
    char sqlstate[6];  /* five characters when the server refused the row (or, with
                          PGW_OUTCOME_REJECTED, the article), else "" */
    char message[512]; /* human message when status != 0 (or with PGW_OUTCOME_REJECTED) */
};

/* The result is borrowed for the duration of the call. The callback may call pgw_submit() and
 * pgw_close(). */
typedef void (*pgw_done_cb)(void *arg, const struct pgw_result *res);

struct pgw_stats {
    uint64_t submitted;
    uint64_t inserted, updated, unchanged, stale, rejected;
    uint64_t data_errors, server_errors, canceled, fenced;
    uint64_t connects; /* successful connections, the first included */
    uint64_t resent;   /* rows sent again after a lost connection or a transient error, or
                          alone after their batch failed */
    uint64_t batches;  /* transactions that committed (a batch, or one isolated row) */
    uint64_t isolated; /* rows sent again alone because their batch failed */
    uint64_t copies;   /* COPY statements that wrote detail rows (up to three per batch) */
};

struct pgw;

/* Fills *opt with the defaults (conninfo NULL). */
void pgw_options_default(struct pgw_options *opt);

/*
 * Creates a writer on loop; nothing is connected until pgw_start(). Returns 0 and *out (free it
 * with pgw_close()), -EINVAL when conninfo is NULL or malformed, -ENOMEM.
 */
int pgw_create(uv_loop_t *loop, const struct pgw_options *opt, struct pgw **out);

/* Begins connecting; from then on pgw keeps itself connected until pgw_close(). Returns 0 or a
 * negative code (-EALREADY when started twice). */
int pgw_start(struct pgw *w);

/*
 * Queues row for upsert; cb(arg, result) runs later on the loop. Returns 0; -EAGAIN when
 * max_queue rows are pending (nothing queued, cb never runs; retry after a completion);
 * -EINVAL when a required field is NULL (or a dead letter without options.group_id);
 * -ESHUTDOWN after pgw_close(); -ENOMEM.
 * Rows may be submitted before the connection is ready; they wait in the queue.
 */
int pgw_submit(struct pgw *w, const struct pgw_row *row, pgw_done_cb cb, void *arg);

/* True when connected, prepared, and able to send. */
bool pgw_is_connected(const struct pgw *w);

/* The last connection error, "" if none since the last successful connect. Borrowed; valid
 * until control returns to the loop. */
const char *pgw_last_error(const struct pgw *w);

/* Rows accepted and not yet completed, and the bytes they hold (for backpressure). */
size_t pgw_queued(const struct pgw *w);
size_t pgw_queued_bytes(const struct pgw *w);

void pgw_stats_get(const struct pgw *w, struct pgw_stats *out);

/*
 * Stops the writer: the connection is closed at once, every row not yet completed gets its
 * callback with PGW_ERR_CANCELED (from the loop, not from inside pgw_close), then closed_cb(arg)
 * runs and w is freed. To drain first, wait until pgw_queued() is 0. May be called from a done
 * callback. w must not be used after this call.
 */
void pgw_close(struct pgw *w, void (*closed_cb)(void *arg), void *arg);

#endif
