/*
 * The calendar days an ISO 8601 value covers, computed exactly as the SQL function
 * ingest_iso_date_range() of migration 004 does, so that a client writing article_dates rows
 * itself (by COPY, issue 4's faster writer) stores the same range_start and range_end.
 *
 * Date 2020-07-15 and datetime 2020-07-15T21:29:00+07:00 (its own local date), month 2022-10,
 * year 2023, quarter 2023-Q2, ISO week 2023-W05, and an interval a/b of those (a's first day
 * to b's last, when in order). Everything else (durations, times of day, impossible days,
 * year 0000, more than 80 characters) has no range, as the function returns NULLs.
 */
#ifndef PGW_DATE_RANGE_H
#define PGW_DATE_RANGE_H

#include <stddef.h>

struct pgw_day {
    int year, month, day;
};

/* Returns 1 and fills *start and *end, or 0 when the value has no range. value need not be
 * NUL-terminated. */
int pgw_iso_date_range(const char *value, size_t len, struct pgw_day *start, struct pgw_day *end);

/* Writes d as PostgreSQL prints a date (ISO, "2020-07-15"); cap of 16 is always enough.
 * Returns the length, or -1 when cap is too small. */
int pgw_day_format(const struct pgw_day *d, char *buf, size_t cap);

#endif
