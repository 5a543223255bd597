/*
 * Contracts between the parts of the pgw module. Not installed; only common/pgw and its tests
 * include this.
 *
 *   pgw.c          public API: create, submit, close, completions, statistics
 *   pgw_request.c  one queued row: a single allocation holding copies of its strings
 *   pgw_conn.c     the connection: connect, socket watching, failure, backoff, reconnect
 *   pgw_pipeline.c sending rows in pipeline mode and reading their results in order
 *   pgw_copy.c     the second half of a batch with detail rows: COPY of those rows, the commit
 *   pgw_details.c  an enriched record's detail rows as COPY text (also public: pgw_details.h)
 *   pgw_sqlstate.c which server errors are the row's fault, which are worth a retry
 *
 * Queue invariant: requests form one FIFO list head..tail. The first in_flight of them have been
 * sent on the current connection and await results; next_send is the first one not yet sent
 * (NULL when all are sent); unsent counts next_send..tail. Results arrive in order, so only the
 * head ever completes. The requests sent together before one pipeline sync form a batch (one
 * transaction); its last one has batch_last set. A batch of more than one row is sent only when
 * nothing is in flight; isolated requests (each its own batch) sit at the head of the queue and
 * may be pipelined. When the connection is lost, next_send goes back to head and everything is
 * sent again.
 */
#ifndef PGW_INTERNAL_H
#define PGW_INTERNAL_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <uv.h>

#include "pgw.h"

/* Prepared statements, and the most parameters any of them takes. */
#define PGW_STMT_UPSERT      "pgw_upsert"      /* ingest_upsert_article */
#define PGW_STMT_ROW         "pgw_row"         /* ingest_upsert_article_row (same parameters) */
#define PGW_STMT_ISOLATED    "pgw_isolated"    /* ingest_upsert_or_reject */
#define PGW_STMT_DEAD_LETTER "pgw_dead_letter" /* ingest_store_dead_letter */
#define PGW_STMT_OFFSET      "pgw_offset"      /* ingest_store_offset */
#define PGW_UPSERT_PARAMS    13
#define PGW_ISOLATED_PARAMS  16
#define PGW_DEAD_PARAMS      10
#define PGW_OFFSET_PARAMS    6
#define PGW_MAX_PARAMS       16

/* After this many connection failures while the same row was the oldest in flight, that row is
 * completed with PGW_ERR_SERVER instead of being sent again: it may be what breaks the
 * connection (a row that crashes the backend or always exceeds statement_timeout). */
#define PGW_MAX_HEAD_FAILURES 5

struct pgw_request {
    struct pgw_request *next;
    pgw_done_cb cb;
    void *arg;
    size_t bytes; /* what this request holds, for pgw_queued_bytes() */
    unsigned head_failures;
    unsigned sent;      /* times sent, on this or earlier connections */
    uint64_t queued_at; /* uv_now() at submission, for the linger */
    uint64_t sent_at;   /* uv_now() when last sent, for the write latency */
    bool isolated;      /* send alone, in its own transaction (its batch failed) */
    bool batch_last;    /* the pipeline sync follows this request */
    bool got_row;       /* its statement's row arrived on the current attempt */
    bool sent_isolated; /* sent with the isolated statement (its result has four columns) */
    bool copy_details;  /* its detail rows go into this attempt's COPY (pgw_copy.c) */
    const struct pgw_details *details; /* borrowed from the row; NULL when none */
    enum pgw_row_kind kind;
    enum pgw_outcome outcome;
    int32_t revision;
    bool stored_before;
    char sqlstate[6]; /* of a rejected article */
    char *message;    /* of a rejected article; malloc'd, NULL when none */
    /* Parameters in the order of the kind's function (see pgw_request.c): point into text[],
     * to the borrowed key and value (binary), or are NULL (SQL NULL). */
    const char *params[PGW_MAX_PARAMS];
    int lengths[PGW_MAX_PARAMS];
    int formats[PGW_MAX_PARAMS];
    /* The row's place, for the offsets its transaction stores. */
    const char *topic; /* into text[]; NULL when not from Kafka */
    int32_t partition_no;
    int64_t offset_no, epoch, published;
    char partition[16];
    char offset[24];
    char text[]; /* the row's strings, each NUL-terminated */
};

/* Copies row into a new request (group_id may be NULL). Returns 0 or -EINVAL (a required field
 * is NULL), -ENOMEM. */
int pgw_request_create(const struct pgw_row *row, const char *group_id, pgw_done_cb cb, void *arg,
                       struct pgw_request **out);
void pgw_request_free(struct pgw_request *req);

enum pgw_state {
    PGW_STATE_IDLE,       /* created, not started */
    PGW_STATE_CONNECTING, /* PQconnectPoll in progress */
    PGW_STATE_SETUP,      /* connected; statement being prepared */
    PGW_STATE_READY,      /* sending rows */
    PGW_STATE_BACKOFF,    /* waiting before the next attempt */
    PGW_STATE_CLOSING,    /* pgw_close() called */
};

/*
 * Where the batch at the head is when it writes detail rows by COPY. ROWS: its statements were
 * sent in pipeline mode after an explicit BEGIN, so its sync does not commit. From the sync on,
 * pgw_copy.c drives the connection outside pipeline mode: COPY per detail table, then COMMIT; or
 * ROLLBACK when anything failed. Pipeline mode is entered again before the batch completes.
 */
enum pgw_copy_phase {
    PGW_COPY_NONE = 0,
    PGW_COPY_ROWS,     /* BEGIN, statements, offsets and sync sent; awaiting the sync */
    PGW_COPY_STARTING, /* COPY sent; awaiting PGRES_COPY_IN */
    PGW_COPY_ENDING,   /* data and end sent; awaiting the COPY's result */
    PGW_COPY_COMMIT,   /* COMMIT sent */
    PGW_COPY_ROLLBACK, /* ROLLBACK sent after a failure */
};

enum pgw_error_class {
    PGW_CLASS_DATA,      /* the row's fault: complete it with PGW_ERR_DATA */
    PGW_CLASS_TRANSIENT, /* the connection or the server's state: reconnect and resend */
    PGW_CLASS_SERVER,    /* neither: complete it with PGW_ERR_SERVER */
    PGW_CLASS_FENCED,    /* IG001: the partition has another owner; complete with PGW_ERR_FENCED */
};

/* Classifies a five-character SQLSTATE; NULL or malformed (a client-side failure such as a lost
 * connection) is transient. */
enum pgw_error_class pgw_sqlstate_classify(const char *sqlstate);
/* For an error result: when its SQLSTATE is transient, writes why (one line) and returns true
 * (the caller fails the connection). */
bool pgw_sqlstate_transient(const PGresult *res, char *why, size_t cap);
/* Records an error result in *into, with the status its class gives, unless *into holds an
 * error already (the first error is the batch's). */
void pgw_sqlstate_record(const PGresult *res, struct pgw_result *into);

struct pgw {
    uv_loop_t *loop;
    struct pgw_options opt; /* opt.conninfo points to conninfo below */
    char *conninfo;
    char *group_id; /* opt.group_id points here; NULL when not set */
    enum pgw_state state;

    PGconn *conn;
    uv_poll_t *poll;    /* watches poll_fd; NULL when not watching */
    int poll_fd;        /* our dup() of PQsocket(), so libpq replacing its socket is harmless */
    int poll_events;    /* UV_READABLE / UV_WRITABLE currently requested */
    uv_timer_t timer;   /* connect timeout, reconnect backoff, or a deferred failure */
    uv_timer_t linger;  /* a partial batch is due */
    bool fail_deferred; /* the timer is due to report a send failure (see pgw_conn_fail_later) */
    unsigned backoff_ms;
    unsigned handles_open; /* the timer and poll handles not yet through their close callback */

    struct pgw_request *head, *tail, *next_send;
    size_t queued, queued_bytes, in_flight, unsent;

    /* The in-flight request whose statement result comes next (NULL: the head), whether the
     * current batch's statements have all answered, and the first error of the current batch
     * (or of the setup when state is SETUP; status 0 when none). */
    struct pgw_request *reading_req;
    bool reading_done;
    struct pgw_result reading;

    /* The detail rows' COPY of the batch at the head (pgw_copy.c). */
    enum pgw_copy_phase copy_phase;
    int copy_table;       /* the detail table being copied (enum pgw_detail_table) */
    bool copy_got_result; /* the current command's result was read; its NULL comes next */
    char *copy_buf;       /* one table's COPY data for the batch; malloc'd, reused */
    size_t copy_len, copy_cap;
    struct pgw_result copy_failed; /* the batch's failure (status 0: none) */

    char last_error[512];
    struct pgw_stats stats;

    void (*closed_cb)(void *arg);
    void *closed_arg;
};

/* Forgets what was read on the current attempt and resends from the head (next_send = head). */
void pgw_rewind(struct pgw *w);

/* pgw_conn.c */
void pgw_conn_connect(struct pgw *w);
/* Records why, drops the connection, rewinds the queue and schedules a reconnect. */
void pgw_conn_fail(struct pgw *w, const char *why);
/* Same, from the loop rather than from the caller's stack (used inside pgw_submit). */
void pgw_conn_fail_later(struct pgw *w);
/* Watches the socket for events (UV_READABLE and/or UV_WRITABLE). Returns 0 or negative. */
int pgw_conn_watch(struct pgw *w, int events);
/* Closes the poll handle and the connection. */
void pgw_conn_drop(struct pgw *w);
/* The setup finished: the writer is ready. */
void pgw_conn_ready(struct pgw *w);

/* pgw_pipeline.c */
/* Sends the prepare and its sync. Returns 0 or negative (connection error in PQerrorMessage). */
int pgw_pipeline_setup(struct pgw *w);
/* Sends the next batch (or isolated rows up to max_in_flight) when allowed, arms the linger
 * timer for a partial batch, flushes, and updates the watched events. Returns 0 or negative
 * (connection error). */
int pgw_pipeline_send(struct pgw *w);
/* Handles poll events on a connection in SETUP or READY. May complete requests, fail the
 * connection, or find the writer closing when it returns. */
void pgw_pipeline_on_events(struct pgw *w, int events);

/* The batch at the head is over: failed.status 0 = committed (complete its rows), else it rolled
 * back (send its rows again alone). */
void pgw_pipeline_batch_done(struct pgw *w, const struct pgw_result *failed);

/* pgw_copy.c */
/* The sync of a batch sent in phase ROWS arrived, with failed (status 0: every statement
 * succeeded). Leaves pipeline mode and goes on with COPY and COMMIT, or ROLLBACK. */
void pgw_copy_after_rows(struct pgw *w, const struct pgw_result *failed);
/* Poll events while the copy phase is past ROWS. */
void pgw_copy_on_events(struct pgw *w, int events);
/* Forgets the copy phase (connection lost or writer closing) and frees its buffer. */
void pgw_copy_reset(struct pgw *w);

/* pgw.c */
/* Removes the head request and runs its callback with res. */
void pgw_complete_head(struct pgw *w, const struct pgw_result *res);
/* A handle's close callback ran; the last one while closing frees w. */
void pgw_handle_closed(struct pgw *w);
/* Copies a message into res->message, one line, truncated to fit. */
void pgw_result_set_message(struct pgw_result *res, const char *msg);

#endif
