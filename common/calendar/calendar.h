/*
 * Proleptic Gregorian calendar arithmetic: month lengths, day numbers and weekdays. Pure
 * functions, no allocation. Day numbers count from 1970-01-01 (day 0), following Howard
 * Hinnant's days_from_civil / civil_from_days, exact for every year an int holds here.
 */
#ifndef CALENDAR_H
#define CALENDAR_H

#include <stdbool.h>

/* 28..31, or 0 for a month outside 1..12. */
int calendar_days_in_month(int year, int month);

/* A real day of years 1..9999 (the years the date scanner accepts). */
bool calendar_valid(int year, int month, int day);

/* Days since 1970-01-01 of a date, and back. */
long calendar_to_days(int year, int month, int day);
void calendar_from_days(long days, int *year, int *month, int *day);

/* 0 = Monday ... 6 = Sunday. */
int calendar_weekday(long days);

#endif
