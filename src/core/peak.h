/*
 * peak.h: the most events inside any window of a given length ("12 A&E visits inside any
 * 365 days", whatever the calendar year), and the bytes deal.peak_events' partial state
 * travels in between parallel workers.
 *
 * Times are PostgreSQL timestamps: microseconds since 2000-01-01 00:00 UTC, finite ones only.
 * The window opened by an event at time t is half-open, [t, end(t)): it holds the events at
 * t or later and before end(t), so two events exactly one window apart never share one.  The
 * caller works out end(t) (PostgreSQL's t + window, which for calendar windows depends on the
 * time zone, is not always increasing in t: 30 January 23:00 + 1 month is later than
 * 31 January 01:00 + 1 month); the count is right for any ends.  The busiest window always
 * opens at an event, so the peak is the largest count over the windows the events open.
 *
 * Sorting is a radix sort, O(n) (insertion sort for a handful); counting is two pointers, O(n),
 * whatever order the ends come in (see count_windows in peak.c for why that is exact).  Where
 * ends are costly to work out, peak_candidates counts with bounds on them first and names the
 * few windows whose exact ends can still matter.
 */
#ifndef DEAL_PEAK_H
#define DEAL_PEAK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "alloc.h"
#include "interrupt.h"
#include "status.h"

/* PostgreSQL's finite timestamps: from 4714-11-24 00:00 UTC BC up to 294277-01-01 00:00 UTC. */
#define PEAK_TIME_MIN INT64_C(-211813488000000000)
#define PEAK_TIME_END INT64_C(9223371331200000000)

/* A window length as PostgreSQL's interval holds it: months, days, and microseconds. */
typedef struct PeakWindow
{
	int64_t		micros;
	int32_t		days;
	int32_t		months;
} PeakWindow;

/*
 * The serialised state: a 24-byte header, then the times, every number little-endian:
 *   int32 months, int32 days, int64 micros     the window
 *   int64 n                                    number of times
 *   int64 time[n]                              in any order
 */
#define PEAK_STATE_HEADER 24

/* Is t a finite PostgreSQL timestamp? */
static inline bool
peak_time_valid(int64_t t)
{
	return t >= PEAK_TIME_MIN && t < PEAK_TIME_END;
}

/* DEAL_BAD_ARGUMENT unless w is a length: no part negative and not all zero. */
extern DealCode peak_check_window(const PeakWindow *w, DealStatus *st);

/* Are a and b the same window, part by part ('1 year' is '12 months', but not '360 days')? */
extern bool peak_window_equal(const PeakWindow *a, const PeakWindow *b);

/* Sort n times ascending in place (scratch memory through alloc for long arrays). */
extern DealCode peak_sort(int64_t *ts, size_t n, const DealAllocator *alloc, const DealInterrupt *intr,
						  DealStatus *st);

/*
 * The most of the n sorted times inside any window [ts[i], ends[i]): ends[i] is where the
 * window opened by ts[i] ends (equal times must have equal ends).  0 when n is 0.
 */
extern size_t peak_count(const int64_t *ts, const int64_t *ends, size_t n, const DealInterrupt *intr);

/* The same for windows of a fixed span of microseconds (> 0): ends[i] = ts[i] + span. */
extern size_t peak_count_span(const int64_t *ts, size_t n, int64_t span, const DealInterrupt *intr);

/*
 * For windows whose ends are known only within bounds, ts[i] + lo <= end(i) <= ts[i] + hi
 * (0 <= lo <= hi), in n sorted times: the peak of windows [ts[i], ts[i] + lo), which no true
 * peak falls below, into *lower; and the windows that might hold more than that (the first of
 * equal times, holding more than *lower when stretched to ts[i] + hi) into cand (room for n),
 * returning how many.  The true peak is the larger of *lower and the candidates' exact counts
 * (peak_count_at), so only the candidates' ends need working out.
 */
extern size_t peak_candidates(const int64_t *ts, size_t n, int64_t lo, int64_t hi, size_t *lower,
							  size_t *cand, const DealInterrupt *intr);

/* The number of the n sorted times in [ts[i], end). */
extern size_t peak_count_at(const int64_t *ts, size_t n, size_t i, int64_t end);

/* Bytes of a serialised state of n times. */
extern size_t peak_state_size(size_t n);

/* Write a state (window w, n times) to out, peak_state_size(n) bytes. */
extern void peak_state_write(const PeakWindow *w, const int64_t *ts, size_t n, unsigned char *out);

/*
 * Read the header of a serialised state of len bytes: its window (checked) and number of
 * times; DEAL_BAD_BINARY unless the length is exactly that of so many times.
 */
extern DealCode peak_state_read_header(const unsigned char *in, size_t len, PeakWindow *w, size_t *n,
									   DealStatus *st);

/* Read the n times of a state whose header was read; DEAL_BAD_BINARY for a time out of range. */
extern DealCode peak_state_read_times(const unsigned char *in, size_t n, int64_t *ts, DealStatus *st);

#endif							/* DEAL_PEAK_H */
