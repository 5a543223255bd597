/*
 * Process figures for gauges: resident memory from /proc/self/statm.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "metrics.h"

/* Reads one decimal field at *pos, skipping leading spaces; advances *pos past it. */
static int statm_field(const char *text, size_t len, size_t *pos, uint64_t *out)
{
    size_t i = *pos;
    uint64_t value = 0;
    size_t digits = 0;

    while (i < len && text[i] == ' ') {
        i++;
    }
    while (i < len && text[i] >= '0' && text[i] <= '9') {
        if (value > (UINT64_MAX - 9) / 10) {
            return -EINVAL;
        }
        value = value * 10 + (uint64_t)(text[i] - '0');
        digits++;
        i++;
    }
    if (digits == 0 || (i < len && text[i] != ' ' && text[i] != '\n')) {
        return -EINVAL;
    }
    *pos = i;
    *out = value;
    return 0;
}

int metrics_statm_resident_bytes(const char *text, size_t len, uint64_t page_size, uint64_t *out)
{
    uint64_t size_pages, resident_pages;
    size_t pos = 0;
    int rc;

    /* statm: size resident shared text lib data dt, all in pages; resident is the second. */
    if ((rc = statm_field(text, len, &pos, &size_pages)) < 0 ||
        (rc = statm_field(text, len, &pos, &resident_pages)) < 0) {
        return rc;
    }
    if (page_size == 0 || resident_pages > UINT64_MAX / page_size) {
        return -EINVAL;
    }
    *out = resident_pages * page_size;
    return 0;
}

int metrics_process_resident_bytes(uint64_t *out)
{
    char text[256];
    ssize_t n;
    long page_size;
    int fd, rc;

    fd = open("/proc/self/statm", O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return -errno;
    }
    do {
        n = read(fd, text, sizeof(text));
    } while (n < 0 && errno == EINTR);
    rc = n < 0 ? -errno : 0;
    close(fd);
    if (rc < 0) {
        return rc;
    }
    page_size = sysconf(_SC_PAGESIZE);
    if (page_size <= 0) {
        return -EINVAL;
    }
    return metrics_statm_resident_bytes(text, (size_t)n, (uint64_t)page_size, out);
}
