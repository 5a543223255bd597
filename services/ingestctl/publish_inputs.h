/*
 * What `ingestctl publish` sends: the files named on the command line (folders recursed), and
 * how each becomes Kafka messages. No Kafka here, so that tests can call it directly.
 *
 *   *.json         one message: the file's bytes, unchanged
 *   *.jsonl        one message per line, unchanged (the line terminator removed; empty lines
 *                  skipped); "-" means JSON Lines from standard input
 *   *.txt, *.html  one message: a submission wrapping the file's text
 *                  {"source": S, "id": <file name without extension, with --id-from-name>,
 *                   "body": <text>, "content_type": "text/plain" | "text/html"}
 * The key of each message is the submission's "id" when it has a string one, else null.
 */
#ifndef PUBLISH_INPUTS_H
#define PUBLISH_INPUTS_H

#include <stdbool.h>
#include <stddef.h>

enum publish_kind {
    PUBLISH_KIND_JSON,
    PUBLISH_KIND_JSONL,
    PUBLISH_KIND_TEXT,
    PUBLISH_KIND_HTML,
};

struct publish_input {
    char *path; /* owned; "-" for standard input */
    enum publish_kind kind;
};

struct publish_inputs {
    struct publish_input *items; /* in the order given; a folder's files sorted by name */
    size_t count, cap;
    size_t skipped; /* files inside folders with another extension (or hidden) */
};

/* The kind a file name's extension (case-insensitive) gives; -1 when none applies. */
int publish_kind_of(const char *path);

/*
 * Appends the inputs named by paths[0..n) to *in (zeroed by the caller). A folder contributes
 * the files below it that have a known extension, hidden ones (".x") excepted; a file named
 * explicitly must have one. Returns 0, or -errno with a message naming the path in err.
 * Free with publish_inputs_free() either way.
 */
int publish_inputs_collect(struct publish_inputs *in, char *const *paths, int n, char *err,
                           size_t errlen);
void publish_inputs_free(struct publish_inputs *in);

/* Reads a whole file (or standard input for "-"). *buf is NUL-terminated (not counted in *len);
 * caller frees. Returns 0 or -errno. */
int publish_read_file(const char *path, char **buf, size_t *len);

/*
 * Wraps text[0..len) as a submission (see above); id may be NULL. *out is compact JSON, caller
 * frees with free(). Returns 0, -EILSEQ when text is not UTF-8 or holds a NUL byte, -ENOMEM.
 */
int publish_wrap_text(const char *text, size_t len, const char *source, const char *id, bool html,
                      char **out, size_t *out_len);

/* The id of a file name: its base name without the last extension ("a/b/x.txt" -> "x").
 * Writes at most cap bytes, NUL included. */
void publish_id_from_name(const char *path, char *out, size_t cap);

/*
 * The key for a message: the "id" member of value when value is a JSON object whose id is a
 * non-empty string without NUL. Writes it to key (cap bytes) and returns its length, or
 * returns -1 for a null key (no id, not JSON, or an id longer than cap - 1).
 */
long publish_key_of(const char *value, size_t len, char *key, size_t cap);

#endif
