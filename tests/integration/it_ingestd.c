#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "it_support.h"

extern char **environ;

static const char *ingestd_path(void)
{
    static char path[1024];
    const char *dir = getenv("INGEST_BUILD_DIR");
    snprintf(path, sizeof path, "%s/bin/ingestd", dir != NULL ? dir : "build");
    return path;
}

int it_http_get(const struct it_env *env, const char *path)
{
    const char *colon = strrchr(env->http_addr, ':');
    int port = atoi(colon + 1);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) {
        return -1;
    }
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    struct timeval tv = {.tv_sec = 5};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    if (connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0) {
        close(fd);
        return -1;
    }
    char req[256];
    int n = snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n",
                     path, env->http_addr);
    if (write(fd, req, (size_t)n) != n) {
        close(fd);
        return -1;
    }
    char resp[64] = "";
    size_t got = 0;
    while (got < sizeof resp - 1) {
        ssize_t r = read(fd, resp + got, sizeof resp - 1 - got);
        if (r <= 0) {
            break;
        }
        got += (size_t)r;
    }
    close(fd);
    resp[got] = '\0';
    int status = -1;
    if (sscanf(resp, "HTTP/1.%*d %d", &status) != 1) {
        return -1;
    }
    return status;
}

void it_ingestd_log_tail(const struct it_env *env, int lines)
{
    char cmd[512];
    fprintf(stderr, "---- last %d lines of %s ----\n", lines, env->ingestd_log);
    snprintf(cmd, sizeof cmd, "tail -n %d '%s' >&2", lines, env->ingestd_log);
    if (system(cmd) != 0) {
        fprintf(stderr, "(cannot read the log)\n");
    }
    fprintf(stderr, "----\n");
}

/* Returns 1 and fills *status when the child has exited. */
static int child_exited(struct it_env *env, int *status)
{
    pid_t r = waitpid(env->ingestd, status, WNOHANG);
    if (r == env->ingestd) {
        env->ingestd = 0;
        return 1;
    }
    return 0;
}

void it_ingestd_spawn(struct it_env *env)
{
    assert_int_equal(env->ingestd, 0);
    if (env->ingestd_log[0] == '\0') {
        snprintf(env->ingestd_log, sizeof env->ingestd_log, "/tmp/%s.ingestd.log", env->prefix);
    }
    char vars[16][640];
    int nvars = 0;
    snprintf(vars[nvars++], sizeof vars[0], "INGEST_KAFKA_BROKERS=%s", env->brokers);
    snprintf(vars[nvars++], sizeof vars[0], "INGEST_PG_CONNINFO=%s", env->conninfo);
    snprintf(vars[nvars++], sizeof vars[0], "INGEST_TOPIC_RAW=%s", env->topic_raw);
    snprintf(vars[nvars++], sizeof vars[0], "INGEST_TOPIC_ENRICHED=%s", env->topic_enriched);
    snprintf(vars[nvars++], sizeof vars[0], "INGEST_TOPIC_DLQ=%s", env->topic_dlq);
    snprintf(vars[nvars++], sizeof vars[0], "INGEST_GROUP_ID=%s", env->group);
    snprintf(vars[nvars++], sizeof vars[0], "INGEST_HTTP_ADDR=%s", env->http_addr);
    snprintf(vars[nvars++], sizeof vars[0], "INGEST_LOG_LEVEL=info");
    snprintf(vars[nvars++], sizeof vars[0], "INGEST_MAX_MESSAGE_BYTES=1048576");
    for (int i = 0; i < 4; i++) {
        if (env->extra_env[i][0] != '\0') {
            snprintf(vars[nvars++], sizeof vars[0], "%s", env->extra_env[i]);
        }
    }
    size_t n_env = 0;
    while (environ[n_env] != NULL) {
        n_env++;
    }
    char **envp = calloc(n_env + (size_t)nvars + 1, sizeof *envp);
    assert_non_null(envp);
    size_t k = 0;
    /* Inherited INGEST_* settings would point ingestd at the shared topics: drop them all. */
    for (size_t i = 0; i < n_env; i++) {
        if (strncmp(environ[i], "INGEST_", 7) != 0) {
            envp[k++] = environ[i];
        }
    }
    for (int i = 0; i < nvars; i++) {
        envp[k++] = vars[i];
    }
    int log_fd = open(env->ingestd_log, O_WRONLY | O_CREAT | O_APPEND, 0644);
    assert_true(log_fd >= 0);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&fa, log_fd, 1);
    posix_spawn_file_actions_adddup2(&fa, log_fd, 2);
    char *argv[] = {(char *)ingestd_path(), NULL};
    int rc = posix_spawn(&env->ingestd, argv[0], &fa, NULL, argv, envp);
    posix_spawn_file_actions_destroy(&fa);
    close(log_fd);
    free(envp);
    if (rc != 0) {
        env->ingestd = 0;
        fail_msg("cannot start %s: %s (is it built?)", argv[0], strerror(rc));
    }
}

void it_ingestd_start(struct it_env *env)
{
    it_ingestd_spawn(env);
    int64_t deadline = it_now_ms() + 90000;
    int last = -1;
    for (;;) {
        int status;
        if (child_exited(env, &status)) {
            it_ingestd_log_tail(env, 30);
            fail_msg("ingestd exited during start-up (status %d)", status);
        }
        last = it_http_get(env, "/readyz");
        if (last == 200) {
            break;
        }
        if (it_now_ms() > deadline) {
            it_ingestd_log_tail(env, 30);
            fail_msg("ingestd not ready within 90 s (last /readyz status %d)", last);
        }
        it_sleep_ms(100);
    }
}

int it_ingestd_stop(struct it_env *env, int sig)
{
    assert_true(env->ingestd > 0);
    kill(env->ingestd, sig);
    int64_t deadline = it_now_ms() + 60000;
    int status = 0;
    while (!child_exited(env, &status)) {
        if (it_now_ms() > deadline) {
            kill(env->ingestd, SIGKILL);
            waitpid(env->ingestd, &status, 0);
            env->ingestd = 0;
            it_ingestd_log_tail(env, 30);
            fail_msg("ingestd did not exit within 60 s of signal %d", sig);
        }
        it_sleep_ms(50);
    }
    if (sig == SIGTERM) {
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
            it_ingestd_log_tail(env, 30);
            fail_msg("ingestd did not exit 0 on SIGTERM (wait status 0x%x)", status);
        }
    }
    return status;
}
