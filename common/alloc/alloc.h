/*
 * alloc: which malloc the running process uses.
 *
 * The programs link mimalloc when the build allows it (cmake/IngestHelpers.cmake,
 * ingest_use_malloc): enrichment makes many small, short-lived allocations, and glibc's malloc
 * spends a sixth of the enrichment's time on them. What the build meant is not proof of what
 * runs (a static build, a missing library, LD_PRELOAD), so this asks the process itself.
 */
#ifndef INGEST_ALLOC_H
#define INGEST_ALLOC_H

#include <stddef.h>

enum alloc_kind {
    ALLOC_GLIBC,     /* the C library's malloc */
    ALLOC_MIMALLOC,  /* mimalloc serves malloc() */
    ALLOC_SANITIZER, /* AddressSanitizer's malloc */
};

/* The allocator that serves malloc() in this process. Allocates and frees one small block. */
enum alloc_kind alloc_kind(void);

/* Writes a name for logs and --version into buf (at most size bytes, always terminated):
 * "mimalloc 2.0.9", "glibc 2.36 malloc", "AddressSanitizer malloc". Returns buf. */
const char *alloc_describe(char *buf, size_t size);

/* "glibc", "mimalloc" or "sanitizer": the word tests and metrics compare. Static storage. */
const char *alloc_kind_name(enum alloc_kind kind);

#endif
