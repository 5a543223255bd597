/*
 * The hostile corpus (tests/hostile/corpus/) and its manifest (tests/hostile/manifest.tsv):
 * one entry per hostile submission with the outcome it must get.
 */
#ifndef HOSTILE_CORPUS_H
#define HOSTILE_CORPUS_H

#include <stddef.h>

struct hostile_entry {
    char name[96]; /* file name, or "@gen:..." for the generated ones */
    int null_key;  /* 1: produced with a null key; else keyed by id */
    char id[160];  /* the run's id: replaces "@ID@" in the bytes, and is the key */
    char *bytes;   /* the message (owned) */
    size_t len;
    char outcome[32]; /* a reason code, or "stored" */
    char *path;       /* expected ingest.path (owned), NULL for stored ones */
    char *title;      /* expected title column (owned), NULL: not checked */
    int title_null;   /* 1 when the title must be NULL */
    char *text;       /* expected text column (owned), NULL: not checked */
};

/* Loads the manifest and every file it names, replacing "@ID@" with "<prefix>-h-<line>", and
 * generates the @gen entries. Fails the test on a malformed manifest. Caller frees with
 * hostile_corpus_free(). */
size_t hostile_corpus_load(const char *prefix, struct hostile_entry **out);
void hostile_corpus_free(struct hostile_entry *e, size_t n);
/* Frees what one entry owns (not the entry itself). */
void hostile_corpus_free_entry(struct hostile_entry *e);

#endif
