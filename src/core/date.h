/*
 * date.h: calendar dates as day numbers since 2000-01-01 (PostgreSQL's DateADT), proleptic
 * Gregorian, for the years 1 to 9999, written and read as YYYY-MM-DD.  Graph edges' validity
 * ranges are made of them.
 */
#ifndef DEAL_DATE_H
#define DEAL_DATE_H

#include <stdint.h>

/* Write day d (days since 2000-01-01, years 1..9999) as YYYY-MM-DD into buf[11]. */
extern void graph_format_date(int32_t d, char *buf);

/* Parse YYYY-MM-DD at text into *d; returns the characters read, 0 if not a valid date. */
extern int	graph_parse_date(const char *text, int32_t *d);

#endif							/* DEAL_DATE_H */
