/*
 * Asks the process which malloc it runs with. The symbols are looked up at run time, so that
 * this library needs no mimalloc header and tells the truth under LD_PRELOAD too.
 */
#include "alloc.h"

#include <dlfcn.h>
#include <gnu/libc-version.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

typedef bool (*mi_in_heap_fn)(const void *p);
typedef int (*mi_version_fn)(void);

static bool served_by_mimalloc(void)
{
    mi_in_heap_fn in_heap;
    void *probe;
    bool ours;

    *(void **)&in_heap = dlsym(RTLD_DEFAULT, "mi_is_in_heap_region");
    if (in_heap == NULL) {
        return false;
    }
    /* mimalloc can be loaded (by a library) without serving malloc(): ask about a real block. */
    probe = malloc(16);
    if (probe == NULL) {
        return false;
    }
    ours = in_heap(probe);
    free(probe);
    return ours;
}

enum alloc_kind alloc_kind(void)
{
    if (dlsym(RTLD_DEFAULT, "__asan_init") != NULL) {
        return ALLOC_SANITIZER;
    }
    if (served_by_mimalloc()) {
        return ALLOC_MIMALLOC;
    }
    return ALLOC_GLIBC;
}

const char *alloc_kind_name(enum alloc_kind kind)
{
    switch (kind) {
    case ALLOC_MIMALLOC:
        return "mimalloc";
    case ALLOC_SANITIZER:
        return "sanitizer";
    case ALLOC_GLIBC:
        break;
    }
    return "glibc";
}

const char *alloc_describe(char *buf, size_t size)
{
    mi_version_fn version;
    int v;

    if (size == 0) {
        return buf;
    }
    switch (alloc_kind()) {
    case ALLOC_MIMALLOC:
        *(void **)&version = dlsym(RTLD_DEFAULT, "mi_version");
        v = version != NULL ? version() : 0;
        /* mi_version() is major*100 + minor*10 + patch: 209 is 2.0.9. */
        snprintf(buf, size, "mimalloc %d.%d.%d", v / 100, v / 10 % 10, v % 10);
        break;
    case ALLOC_SANITIZER:
        snprintf(buf, size, "AddressSanitizer malloc");
        break;
    case ALLOC_GLIBC:
        snprintf(buf, size, "glibc %s malloc", gnu_get_libc_version());
        break;
    }
    return buf;
}
