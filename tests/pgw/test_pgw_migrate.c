/*
 * pgw_migrate_apply against the real PostgreSQL of the local stack (label integration). Each
 * test works in a schema of its own (search_path in the conninfo), so the shared tables are
 * never touched and reruns never collide.
 */
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "pgw_migrate.h"
#include "pgw_test_support.h"

struct progress_log {
    int n;
    char versions[32][64];
};

static void record_progress(const char *version, void *arg)
{
    struct progress_log *log = arg;
    if (log->n < 32) {
        snprintf(log->versions[log->n], sizeof(log->versions[0]), "%s", version);
    }
    log->n++;
}

static int filter_sql(const struct dirent *d)
{
    size_t len = strlen(d->d_name);
    return d->d_name[0] != '.' && len > 4 && strcmp(d->d_name + len - 4, ".sql") == 0;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

static void migrations_dir(char *out, size_t cap)
{
    snprintf(out, cap, "%s/schemas/migrations", pgw_test_source_dir());
}

/* A new empty schema and a conninfo whose search_path is that schema alone. */
static PGconn *fresh_schema(const char *tag, char *schema, size_t schema_cap, char *conninfo,
                            size_t conninfo_cap)
{
    PGconn *conn = pgw_test_connect(pgw_test_conninfo());
    assert_non_null(conn);
    snprintf(schema, schema_cap, "pgwt_%s_%ld_%ld", tag, (long)getpid(), (long)time(NULL));
    char sql[256];
    snprintf(sql, sizeof(sql), "CREATE SCHEMA %s", schema); /* our own identifier, not input */
    PGresult *res = PQexec(conn, sql);
    assert_int_equal(PQresultStatus(res), PGRES_COMMAND_OK);
    PQclear(res);
    snprintf(conninfo, conninfo_cap, "%s options='-csearch_path=%s'", pgw_test_conninfo(), schema);
    return conn;
}

static void drop_schema(PGconn *conn, const char *schema)
{
    char sql[256];
    snprintf(sql, sizeof(sql), "DROP SCHEMA %s CASCADE", schema);
    PQclear(PQexec(conn, sql));
    PQfinish(conn);
}

static void test_apply_then_reapply(void **state)
{
    (void)state;
    char schema[96], conninfo[1024], dir[4096], err[1024];
    PGconn *conn = fresh_schema("mig", schema, sizeof(schema), conninfo, sizeof(conninfo));
    migrations_dir(dir, sizeof(dir));

    struct dirent **files;
    int n_files = scandir(dir, &files, filter_sql, by_name);
    assert_true(n_files >= 3);

    struct progress_log log = {0};
    int rc = pgw_migrate_apply(conninfo, dir, err, sizeof(err), record_progress, &log);
    if (rc < 0) {
        fail_msg("migrate failed: %s", err);
    }
    assert_int_equal(rc, n_files);
    assert_int_equal(log.n, n_files);
    for (int i = 0; i < n_files; i++) {
        char version[256];
        snprintf(version, sizeof(version), "%.*s", (int)strlen(files[i]->d_name) - 4,
                 files[i]->d_name);
        assert_string_equal(log.versions[i], version);
        free(files[i]);
    }
    free(files);
    assert_string_equal(log.versions[0], "001_articles");
    assert_string_equal(log.versions[1], "002_article_details");
    assert_string_equal(log.versions[2], "003_ingest_upsert");
    assert_string_equal(err, "");

    assert_int_equal(pgw_test_count(conn,
                                    "SELECT count(*) FROM pg_tables WHERE schemaname = $1 AND "
                                    "tablename IN ('articles', 'article_entities', "
                                    "'article_dates', 'article_figures', 'schema_migrations')",
                                    schema),
                     5);
    assert_int_equal(pgw_test_count(conn,
                                    "SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON "
                                    "n.oid = p.pronamespace WHERE n.nspname = $1 AND "
                                    "p.proname = 'ingest_upsert_article'",
                                    schema),
                     1);
    char sql[256];
    snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s.schema_migrations", schema);
    assert_int_equal(pgw_test_count(conn, sql, NULL), n_files);

    /* Again: nothing to do, nothing reported, nothing recorded twice. */
    struct progress_log again = {0};
    rc = pgw_migrate_apply(conninfo, dir, err, sizeof(err), record_progress, &again);
    assert_int_equal(rc, 0);
    assert_int_equal(again.n, 0);
    assert_int_equal(pgw_test_count(conn, sql, NULL), n_files);
    drop_schema(conn, schema);
}

static void write_file(const char *dir, const char *name, const char *text)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void test_failing_file_rolls_back_and_stops(void **state)
{
    (void)state;
    char schema[96], conninfo[1024], err[1024];
    PGconn *conn = fresh_schema("bad", schema, sizeof(schema), conninfo, sizeof(conninfo));
    char dir[] = "/tmp/pgwt-migrations-XXXXXX";
    assert_non_null(mkdtemp(dir));
    write_file(dir, "001_ok.sql", "CREATE TABLE pgw_ok (x int);\n");
    write_file(dir, "002_bad.sql",
               "CREATE TABLE pgw_partial (x int);\nINSERT INTO pgw_partial VALUES (1);\n"
               "SELEC 1;\n");
    write_file(dir, "003_never.sql", "CREATE TABLE pgw_never (x int);\n");
    write_file(dir, "README.md", "not a migration\n");

    struct progress_log log = {0};
    int rc = pgw_migrate_apply(conninfo, dir, err, sizeof(err), record_progress, &log);
    assert_int_equal(rc, -EIO);
    assert_int_equal(log.n, 1);
    assert_string_equal(log.versions[0], "001_ok");
    assert_string_equal(err, "002_bad.sql: line 3: syntax error at or near \"SELEC\" "
                             "(SQLSTATE 42601)");

    char sql[512];
    snprintf(sql, sizeof(sql),
             "SELECT string_agg(version, ',' ORDER BY version) FROM "
             "%s.schema_migrations",
             schema);
    char *versions = pgw_test_value(conn, sql, NULL);
    assert_string_equal(versions, "001_ok");
    free(versions);
    snprintf(sql, sizeof(sql),
             "SELECT string_agg(tablename, ',' ORDER BY tablename) FROM "
             "pg_tables WHERE schemaname = $1");
    char *tables = pgw_test_value(conn, sql, schema);
    assert_string_equal(tables, "pgw_ok,schema_migrations");
    free(tables);

    char path[4096];
    const char *names[] = {"001_ok.sql", "002_bad.sql", "003_never.sql", "README.md"};
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
        unlink(path);
    }
    rmdir(dir);
    drop_schema(conn, schema);
}

struct runner {
    const char *conninfo;
    const char *dir;
    int rc;
    char err[1024];
};

static void *run_migrate(void *arg)
{
    struct runner *r = arg;
    r->rc = pgw_migrate_apply(r->conninfo, r->dir, r->err, sizeof(r->err), NULL, NULL);
    return NULL;
}

/* Two runners at once on an empty schema: the advisory lock makes one wait for the other, so
 * each file is applied exactly once and neither fails. */
static void test_concurrent_runners_apply_once(void **state)
{
    (void)state;
    char schema[96], conninfo[1024], dir[4096];
    PGconn *conn = fresh_schema("par", schema, sizeof(schema), conninfo, sizeof(conninfo));
    migrations_dir(dir, sizeof(dir));
    struct dirent **files;
    int n_files = scandir(dir, &files, filter_sql, by_name);
    for (int i = 0; i < n_files; i++) {
        free(files[i]);
    }
    free(files);

    struct runner a = {.conninfo = conninfo, .dir = dir}, b = a;
    pthread_t ta, tb;
    assert_int_equal(pthread_create(&ta, NULL, run_migrate, &a), 0);
    assert_int_equal(pthread_create(&tb, NULL, run_migrate, &b), 0);
    pthread_join(ta, NULL);
    pthread_join(tb, NULL);
    if (a.rc < 0 || b.rc < 0) {
        fail_msg("runner failed: %s / %s", a.err, b.err);
    }
    assert_int_equal(a.rc + b.rc, n_files);
    assert_true(a.rc == 0 || b.rc == 0);
    drop_schema(conn, schema);
}

static void test_unreachable_database(void **state)
{
    (void)state;
    char dir[4096], err[1024];
    migrations_dir(dir, sizeof(dir));
    int rc = pgw_migrate_apply("host=127.0.0.1 port=1 dbname=x user=x connect_timeout=5", dir, err,
                               sizeof(err), NULL, NULL);
    assert_int_equal(rc, -ECONNREFUSED);
    assert_true(strncmp(err, "cannot connect to PostgreSQL: ", 30) == 0);
    assert_null(strchr(err, '\n'));
}

static void test_missing_directory(void **state)
{
    (void)state;
    char err[1024];
    int rc = pgw_migrate_apply(pgw_test_conninfo(), "/nonexistent/pgw-migrations", err, sizeof(err),
                               NULL, NULL);
    assert_int_equal(rc, -ENOENT);
    assert_string_equal(err, "cannot read /nonexistent/pgw-migrations: No such file or directory");
}

static int group_setup(void **state)
{
    (void)state;
    PGconn *conn = pgw_test_connect(pgw_test_conninfo());
    if (conn == NULL) {
        return -1;
    }
    PQfinish(conn);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_apply_then_reapply),
        cmocka_unit_test(test_failing_file_rolls_back_and_stops),
        cmocka_unit_test(test_concurrent_runners_apply_once),
        cmocka_unit_test(test_unreachable_database),
        cmocka_unit_test(test_missing_directory),
    };
    return cmocka_run_group_tests(tests, group_setup, NULL);
}
