/*
 * Which server errors are a row's fault (dead-letter it), which come from the connection or the
 * server's state (send it again), and which are neither (report; retrying would fail the same).
 * SQLSTATE classes: https://www.postgresql.org/docs/15/errcodes-appendix.html
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "pgw_internal.h"

enum pgw_error_class pgw_sqlstate_classify(const char *sqlstate)
{
    if (sqlstate == NULL || strlen(sqlstate) != 5) {
        /* No SQLSTATE: libpq's own failure, in practice a broken connection. */
        return PGW_CLASS_TRANSIENT;
    }
    for (int i = 0; i < 5; i++) {
        if (!isalnum((unsigned char)sqlstate[i])) {
            return PGW_CLASS_TRANSIENT;
        }
    }
    /* Raised by ingest_store_offset() (migration 006) for a partition claimed by another owner. */
    if (strcmp(sqlstate, "IG001") == 0) {
        return PGW_CLASS_FENCED;
    }
    /* 22 data exception (bad encoding, bad timestamp, untranslatable \u0000 in jsonb),
     * 23 integrity constraint violation, 54 program limit exceeded (a value too large for an
     * index entry): the same row would fail again, whatever the connection. */
    if (strncmp(sqlstate, "22", 2) == 0 || strncmp(sqlstate, "23", 2) == 0 ||
        strncmp(sqlstate, "54", 2) == 0) {
        return PGW_CLASS_DATA;
    }
    /* 08 connection exception, 40 transaction rollback (serialization failure, deadlock),
     * 53 insufficient resources (disk full, out of memory, too many connections),
     * 57 operator intervention (shutdown, terminated backend, statement timeout),
     * 58 system error (I/O), 55P03 lock not available. */
    if (strncmp(sqlstate, "08", 2) == 0 || strncmp(sqlstate, "40", 2) == 0 ||
        strncmp(sqlstate, "53", 2) == 0 || strncmp(sqlstate, "57", 2) == 0 ||
        strncmp(sqlstate, "58", 2) == 0 || strcmp(sqlstate, "55P03") == 0) {
        return PGW_CLASS_TRANSIENT;
    }
    return PGW_CLASS_SERVER;
}

bool pgw_sqlstate_transient(const PGresult *res, char *why, size_t cap)
{
    const char *sqlstate = PQresultErrorField(res, PG_DIAG_SQLSTATE);
    if (pgw_sqlstate_classify(sqlstate) != PGW_CLASS_TRANSIENT) {
        return false;
    }
    snprintf(why, cap, "%s%s%s", sqlstate != NULL ? sqlstate : "", sqlstate != NULL ? " " : "",
             PQresultErrorMessage(res));
    return true;
}

void pgw_sqlstate_record(const PGresult *res, struct pgw_result *into)
{
    if (into->status != 0) {
        return; /* the first error is the batch's */
    }
    const char *sqlstate = PQresultErrorField(res, PG_DIAG_SQLSTATE);
    const char *primary = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
    enum pgw_error_class cls = pgw_sqlstate_classify(sqlstate);
    into->status = cls == PGW_CLASS_DATA     ? PGW_ERR_DATA
                   : cls == PGW_CLASS_FENCED ? PGW_ERR_FENCED
                                             : PGW_ERR_SERVER;
    into->outcome = PGW_OUTCOME_NONE;
    into->revision = 0;
    snprintf(into->sqlstate, sizeof(into->sqlstate), "%s", sqlstate != NULL ? sqlstate : "");
    pgw_result_set_message(into, primary != NULL ? primary : PQresultErrorMessage(res));
}
