#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "it_support.h"

long long it_pg_int(struct it_env *env, const char *sql, int nparams, const char *const *params)
{
    PGresult *r = PQexecParams(env->pg, sql, nparams, NULL, params, NULL, NULL, 0);
    if (PQresultStatus(r) != PGRES_TUPLES_OK) {
        fail_msg("query failed: %s\n%s", PQresultErrorMessage(r), sql);
    }
    if (PQntuples(r) != 1 || PQnfields(r) != 1) {
        fail_msg("expected one value, got %d rows x %d columns: %s", PQntuples(r), PQnfields(r),
                 sql);
    }
    long long v = PQgetisnull(r, 0, 0) ? -1 : atoll(PQgetvalue(r, 0, 0));
    PQclear(r);
    return v;
}

long long it_pg_wait_count(struct it_env *env, long long want, int timeout_ms, const char *sql,
                           int nparams, const char *const *params)
{
    int64_t deadline = it_now_ms() + timeout_ms;
    long long got;
    while ((got = it_pg_int(env, sql, nparams, params)) != want && it_now_ms() < deadline) {
        it_sleep_ms(200);
    }
    return got;
}

char *it_fixture(const char *name, size_t *len)
{
    char path[1024];
    const char *dir = getenv("INGEST_SOURCE_DIR");
    snprintf(path, sizeof path, "%s/tests/fixtures/%s", dir != NULL ? dir : INGEST_SOURCE_DIR,
             name);
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        fail_msg("cannot open fixture %s", path);
    }
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)size + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)size, f), (size_t)size);
    buf[size] = '\0';
    fclose(f);
    *len = (size_t)size;
    return buf;
}
