#include "run_support.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

const char *run_program_path(const char *name)
{
    static char path[1024];
    const char *dir = getenv("INGEST_BUILD_DIR");
    snprintf(path, sizeof path, "%s/bin/%s", dir != NULL ? dir : "build", name);
    return path;
}

static int read_all(int fd, char **out, size_t *len)
{
    size_t cap = 4096, used = 0;
    char *buf = malloc(cap);
    if (buf == NULL) {
        return -ENOMEM;
    }
    for (;;) {
        if (cap - used < 2) {
            char *grown = realloc(buf, cap * 2);
            if (grown == NULL) {
                free(buf);
                return -ENOMEM;
            }
            buf = grown;
            cap *= 2;
        }
        ssize_t n = read(fd, buf + used, cap - used - 1);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            break;
        }
        used += (size_t)n;
    }
    buf[used] = '\0';
    *out = buf;
    *len = used;
    return 0;
}

int run_program(char *const argv[], char *const env[], const char *stdin_path,
                struct run_result *res)
{
    memset(res, 0, sizeof *res);
    /* Outputs go to temporary files rather than pipes: no deadlock however much is written. */
    char out_path[] = "/tmp/ingest-run-out-XXXXXX";
    char err_path[] = "/tmp/ingest-run-err-XXXXXX";
    int out_fd = mkstemp(out_path);
    int err_fd = mkstemp(err_path);
    if (out_fd < 0 || err_fd < 0) {
        return -errno;
    }
    unlink(out_path);
    unlink(err_path);

    size_t n_env = 0, n_extra = 0;
    while (environ[n_env] != NULL) {
        n_env++;
    }
    while (env != NULL && env[n_extra] != NULL) {
        n_extra++;
    }
    char **envp = calloc(n_env + n_extra + 1, sizeof *envp);
    if (envp == NULL) {
        return -ENOMEM;
    }
    /* Extra assignments first: getenv() returns the first match. */
    for (size_t i = 0; i < n_extra; i++) {
        envp[i] = env[i];
    }
    for (size_t i = 0; i < n_env; i++) {
        envp[n_extra + i] = environ[i];
    }

    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, stdin_path != NULL ? stdin_path : "/dev/null",
                                     O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&fa, out_fd, 1);
    posix_spawn_file_actions_adddup2(&fa, err_fd, 2);
    pid_t pid;
    int rc = posix_spawn(&pid, argv[0], &fa, NULL, argv, envp);
    posix_spawn_file_actions_destroy(&fa);
    free(envp);
    if (rc != 0) {
        close(out_fd);
        close(err_fd);
        return -rc;
    }
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    res->exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    lseek(out_fd, 0, SEEK_SET);
    lseek(err_fd, 0, SEEK_SET);
    rc = read_all(out_fd, &res->out, &res->out_len);
    if (rc == 0) {
        rc = read_all(err_fd, &res->err, &res->err_len);
    }
    close(out_fd);
    close(err_fd);
    return rc;
}

void run_result_free(struct run_result *res)
{
    free(res->out);
    free(res->err);
    res->out = res->err = NULL;
}

const char *run_temp_file(int slot, const void *data, size_t len)
{
    static char paths[4][64];
    snprintf(paths[slot], sizeof paths[slot], "/tmp/ingest-test-XXXXXX");
    int fd = mkstemp(paths[slot]);
    if (fd < 0) {
        return NULL;
    }
    const char *p = data;
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n <= 0) {
            close(fd);
            return NULL;
        }
        p += n;
        len -= (size_t)n;
    }
    close(fd);
    return paths[slot];
}
