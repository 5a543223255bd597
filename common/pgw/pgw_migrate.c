/*
 * The migration runner behind `ingestctl migrate`. Blocking libpq on purpose: it runs once,
 * from the command line, never on the daemon's loop. The rule it follows is in pgw_migrate.h.
 */
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libpq-fe.h>

#include "pgw_migrate.h"

#define PGW_MIGRATE_MAX_FILE_BYTES (16u << 20)

static void pgw_migrate_err(char *err, size_t errlen, const char *fmt, ...)
{
    if (err == NULL || errlen == 0) {
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    /* One line: libpq messages end with a newline and may carry DETAIL lines. */
    char *nl = strchr(err, '\n');
    if (nl != NULL) {
        *nl = '\0';
    }
}

/* Libraries never print: the server's notices ("relation already exists, skipping") are
 * dropped rather than written to stderr by libpq's default processor. */
static void pgw_migrate_ignore_notice(void *arg, const char *message)
{
    (void)arg;
    (void)message;
}

static int pgw_migrate_select(const struct dirent *entry)
{
    size_t len = strlen(entry->d_name);
    return entry->d_name[0] != '.' && len > 4 && strcmp(entry->d_name + len - 4, ".sql") == 0;
}

/* Byte order, so that the order never depends on the locale (psql's runner uses `LC_ALL=C`). */
static int pgw_migrate_compare(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

/* Reads path into a new NUL-terminated buffer (caller frees). Returns 0 or negative. */
static int pgw_migrate_read_file(const char *path, char **out)
{
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        return -errno;
    }
    int rc = 0;
    size_t cap = 64 * 1024, len = 0;
    char *buf = malloc(cap + 1);
    if (buf == NULL) {
        rc = -ENOMEM;
        goto out_close;
    }
    for (;;) {
        size_t n = fread(buf + len, 1, cap - len, f);
        len += n;
        if (n == 0) {
            break;
        }
        if (len == cap) {
            if (cap >= PGW_MIGRATE_MAX_FILE_BYTES) {
                rc = -EFBIG;
                goto out_free;
            }
            char *bigger = realloc(buf, cap * 2 + 1);
            if (bigger == NULL) {
                rc = -ENOMEM;
                goto out_free;
            }
            buf = bigger;
            cap *= 2;
        }
    }
    if (ferror(f)) {
        rc = -EIO;
        goto out_free;
    }
    buf[len] = '\0';
    *out = buf;
    buf = NULL;
out_free:
    free(buf);
out_close:
    fclose(f);
    return rc;
}

/* The line of sql holding the 1-based character position pos (as PostgreSQL reports it). */
static long pgw_migrate_line_of(const char *sql, long pos)
{
    long line = 1, chars = 0;
    for (const unsigned char *p = (const unsigned char *)sql; *p != '\0'; p++) {
        if ((*p & 0xC0) != 0x80 && ++chars >= pos) {
            break;
        }
        if (*p == '\n') {
            line++;
        }
    }
    return line;
}

/* Runs one command; on failure fills err with what and the server's message. */
static int pgw_migrate_exec(PGconn *conn, const char *what, const char *sql, int nparams,
                            const char *const *params, PGresult **rows, char *err, size_t errlen)
{
    PGresult *res = nparams > 0 ? PQexecParams(conn, sql, nparams, NULL, params, NULL, NULL, 0)
                                : PQexec(conn, sql);
    ExecStatusType st = PQresultStatus(res);
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK || st == PGRES_EMPTY_QUERY) {
        if (rows != NULL) {
            *rows = res;
        } else {
            PQclear(res);
        }
        return 0;
    }
    const char *sqlstate = PQresultErrorField(res, PG_DIAG_SQLSTATE);
    const char *primary = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
    const char *position = PQresultErrorField(res, PG_DIAG_STATEMENT_POSITION);
    const char *message = primary != NULL ? primary : PQerrorMessage(conn);
    if (position != NULL) {
        pgw_migrate_err(err, errlen, "%s: line %ld: %s (SQLSTATE %s)", what,
                        pgw_migrate_line_of(sql, strtol(position, NULL, 10)), message,
                        sqlstate != NULL ? sqlstate : "none");
    } else {
        pgw_migrate_err(err, errlen, "%s: %s (SQLSTATE %s)", what, message,
                        sqlstate != NULL ? sqlstate : "none");
    }
    PQclear(res);
    return -EIO;
}

/* Applies one file in its own transaction. Returns 1 when applied, 0 when already recorded,
 * negative on failure. */
static int pgw_migrate_one(PGconn *conn, const char *dir, const char *name, char *err,
                           size_t errlen)
{
    char version[256];
    size_t len = strlen(name) - 4;
    if (len >= sizeof(version)) {
        pgw_migrate_err(err, errlen, "%s: file name too long", name);
        return -ENAMETOOLONG;
    }
    memcpy(version, name, len);
    version[len] = '\0';
    const char *params[1] = {version};

    PGresult *rows = NULL;
    int rc = pgw_migrate_exec(conn, name, "SELECT 1 FROM schema_migrations WHERE version = $1", 1,
                              params, &rows, err, errlen);
    if (rc < 0) {
        return rc;
    }
    int applied = PQntuples(rows) > 0;
    PQclear(rows);
    if (applied) {
        return 0;
    }

    char path[4096];
    if (snprintf(path, sizeof(path), "%s/%s", dir, name) >= (int)sizeof(path)) {
        pgw_migrate_err(err, errlen, "%s: path too long", name);
        return -ENAMETOOLONG;
    }
    char *sql;
    rc = pgw_migrate_read_file(path, &sql);
    if (rc < 0) {
        pgw_migrate_err(err, errlen, "%s: cannot read: %s", path, strerror(-rc));
        return rc;
    }
    rc = pgw_migrate_exec(conn, name, "BEGIN", 0, NULL, NULL, err, errlen);
    if (rc < 0) {
        goto out;
    }
    rc = pgw_migrate_exec(conn, name, sql, 0, NULL, NULL, err, errlen);
    if (rc == 0) {
        rc = pgw_migrate_exec(conn, name, "INSERT INTO schema_migrations (version) VALUES ($1)", 1,
                              params, NULL, err, errlen);
    }
    if (rc == 0) {
        rc = pgw_migrate_exec(conn, name, "COMMIT", 0, NULL, NULL, err, errlen);
    }
    if (rc < 0) {
        /* err already says what failed; the rollback's own result adds nothing. */
        PQclear(PQexec(conn, "ROLLBACK"));
        goto out;
    }
    rc = 1;
out:
    free(sql);
    return rc;
}

int pgw_migrate_apply(const char *conninfo, const char *dir, char *err, size_t errlen,
                      void (*progress)(const char *version, void *arg), void *arg)
{
    if (err != NULL && errlen > 0) {
        err[0] = '\0';
    }
    if (conninfo == NULL || dir == NULL) {
        pgw_migrate_err(err, errlen, "conninfo and directory are required");
        return -EINVAL;
    }
    struct dirent **names = NULL;
    int count = scandir(dir, &names, pgw_migrate_select, pgw_migrate_compare);
    if (count < 0) {
        int rc = -errno;
        pgw_migrate_err(err, errlen, "cannot read %s: %s", dir, strerror(errno));
        return rc == -ENOMEM ? rc : -ENOENT;
    }

    static const char *const keywords[] = {"dbname", "client_encoding", "fallback_application_name",
                                           NULL};
    const char *values[] = {conninfo, "UTF8", "ingestctl-migrate", NULL};
    int rc = 0, applied = 0;
    PGconn *conn = PQconnectdbParams(keywords, values, 1);
    if (conn == NULL) {
        rc = -ENOMEM;
        pgw_migrate_err(err, errlen, "out of memory");
        goto out_names;
    }
    if (PQstatus(conn) != CONNECTION_OK) {
        rc = -ECONNREFUSED;
        pgw_migrate_err(err, errlen, "cannot connect to PostgreSQL: %s", PQerrorMessage(conn));
        goto out_conn;
    }
    PQsetNoticeProcessor(conn, pgw_migrate_ignore_notice, NULL);

    /* A session lock, held for the whole run; PQfinish releases it even when we bail out. */
    const char *lock_params[1] = {PGW_MIGRATE_LOCK_NAME};
    rc = pgw_migrate_exec(conn, "advisory lock", "SELECT pg_advisory_lock(hashtext($1))", 1,
                          lock_params, NULL, err, errlen);
    if (rc < 0) {
        goto out_conn;
    }
    rc = pgw_migrate_exec(conn, "schema_migrations",
                          "CREATE TABLE IF NOT EXISTS schema_migrations ("
                          "version text PRIMARY KEY, "
                          "applied_at timestamptz NOT NULL DEFAULT now())",
                          0, NULL, NULL, err, errlen);
    if (rc < 0) {
        goto out_conn;
    }
    for (int i = 0; i < count; i++) {
        const char *name = names[i]->d_name;
        char path[4096];
        struct stat st;
        snprintf(path, sizeof(path), "%s/%s", dir, name);
        if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
            continue;
        }
        rc = pgw_migrate_one(conn, dir, name, err, errlen);
        if (rc < 0) {
            goto out_conn;
        }
        if (rc == 1) {
            applied++;
            if (progress != NULL) {
                char version[256];
                snprintf(version, sizeof(version), "%.*s", (int)(strlen(name) - 4), name);
                progress(version, arg);
            }
        }
    }
    rc = applied;
out_conn:
    PQfinish(conn);
out_names:
    for (int i = 0; i < count; i++) {
        free(names[i]);
    }
    free(names);
    return rc;
}
