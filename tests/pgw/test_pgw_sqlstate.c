/* Which server errors dead-letter a row, which are retried, which are reported (unit). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "pgw_internal.h"

static const struct {
    const char *sqlstate;
    enum pgw_error_class expected;
} cases[] = {
    {"22021", PGW_CLASS_DATA},      /* invalid byte sequence for encoding UTF8 */
    {"22P05", PGW_CLASS_DATA},      /* \u0000 cannot be converted to text (jsonb) */
    {"22007", PGW_CLASS_DATA},      /* invalid datetime format */
    {"22008", PGW_CLASS_DATA},      /* datetime field overflow */
    {"22003", PGW_CLASS_DATA},      /* numeric value out of range */
    {"23505", PGW_CLASS_DATA},      /* unique violation */
    {"23502", PGW_CLASS_DATA},      /* not null violation */
    {"54000", PGW_CLASS_DATA},      /* index row size exceeds maximum */
    {"08006", PGW_CLASS_TRANSIENT}, /* connection failure */
    {"08P01", PGW_CLASS_TRANSIENT}, /* protocol violation */
    {"40001", PGW_CLASS_TRANSIENT}, /* serialization failure */
    {"40P01", PGW_CLASS_TRANSIENT}, /* deadlock detected */
    {"53100", PGW_CLASS_TRANSIENT}, /* disk full */
    {"53300", PGW_CLASS_TRANSIENT}, /* too many connections */
    {"57P01", PGW_CLASS_TRANSIENT}, /* admin shutdown (pg_terminate_backend) */
    {"57014", PGW_CLASS_TRANSIENT}, /* query canceled (statement_timeout) */
    {"58030", PGW_CLASS_TRANSIENT}, /* I/O error */
    {"55P03", PGW_CLASS_TRANSIENT}, /* lock not available */
    {"55000", PGW_CLASS_SERVER},    /* object not in prerequisite state */
    {"42883", PGW_CLASS_SERVER},    /* undefined function: migrations missing */
    {"42P01", PGW_CLASS_SERVER},    /* undefined table */
    {"26000", PGW_CLASS_SERVER},    /* invalid statement name */
    {"XX000", PGW_CLASS_SERVER},    /* internal error */
    {"P0001", PGW_CLASS_SERVER},    /* raise_exception */
    {NULL, PGW_CLASS_TRANSIENT},    /* no SQLSTATE: libpq lost the connection */
    {"", PGW_CLASS_TRANSIENT},
    {"2202", PGW_CLASS_TRANSIENT}, /* malformed: not the server's word */
    {"22 21", PGW_CLASS_TRANSIENT},
};

static void test_classify_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        enum pgw_error_class got = pgw_sqlstate_classify(cases[i].sqlstate);
        if (got != cases[i].expected) {
            fail_msg("%s: got %d, expected %d", cases[i].sqlstate ? cases[i].sqlstate : "NULL",
                     (int)got, (int)cases[i].expected);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_classify_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
