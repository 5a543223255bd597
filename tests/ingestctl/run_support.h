/*
 * Runs a built program of this project as a child process for tests: stdin from a file, stdout
 * and stderr captured into buffers. Test code only.
 */
#ifndef RUN_SUPPORT_H
#define RUN_SUPPORT_H

#include <stddef.h>

struct run_result {
    int exit_code; /* exit status, or 128 + signal number when killed */
    char *out;     /* everything written to stdout, NUL-terminated; free with run_result_free */
    size_t out_len;
    char *err; /* stderr, likewise */
    size_t err_len;
};

/* Path of build/bin/<name>, from INGEST_BUILD_DIR (set by ctest). Static buffer. */
const char *run_program_path(const char *name);

/*
 * Runs argv[0] (a full path) with argv, extra environment assignments env (NULL-terminated
 * "NAME=VALUE" list added to the current environment; may be NULL), and stdin_path as standard
 * input (NULL: /dev/null). Returns 0 and fills *res, or -errno when the program cannot start.
 */
int run_program(char *const argv[], char *const env[], const char *stdin_path,
                struct run_result *res);
void run_result_free(struct run_result *res);

/* Writes len bytes to a new temporary file and returns its path (static buffer per call slot:
 * slot 0..3). */
const char *run_temp_file(int slot, const void *data, size_t len);

#endif
