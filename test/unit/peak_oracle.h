/*
 * peak_oracle.h: what the peak_events core is checked against, shared by its unit tests and
 * its fuzz harness: a brute-force count, qsort's order, and the peak through candidates.
 */
#ifndef DEAL_PEAK_ORACLE_H
#define DEAL_PEAK_ORACLE_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "peak.h"

/* The O(n^2) count: the most times ts[j] with ts[i] <= ts[j] < ends[i] over all i. */
static inline size_t
brute_force(const int64_t *ts, const int64_t *ends, size_t n)
{
	size_t		best = 0;

	for (size_t i = 0; i < n; i++)
	{
		size_t		c = 0;

		for (size_t j = 0; j < n; j++)
			c += ts[j] >= ts[i] && ts[j] < ends[i];
		best = c > best ? c : best;
	}
	return best;
}

/* Order int64s for qsort. */
static inline int
compare_times(const void *a, const void *b)
{
	int64_t		x = *(const int64_t *) a;
	int64_t		y = *(const int64_t *) b;

	return (x > y) - (x < y);
}

/*
 * The peak through peak_candidates, for ends within [ts[i] + lo, ts[i] + hi]: the lower
 * bound's peak, raised by the exact counts of the candidates alone.  SIZE_MAX when the
 * candidates are not in order or more than n.
 */
static inline size_t
peak_by_candidates(const int64_t *ts, const int64_t *ends, size_t n, int64_t lo, int64_t hi)
{
	size_t	   *cand = malloc((n + 1) * sizeof(size_t));
	size_t		peak;
	size_t		k = peak_candidates(ts, n, lo, hi, &peak, cand, NULL);

	for (size_t j = 0; j < k && peak != SIZE_MAX; j++)
	{
		size_t		c = peak_count_at(ts, n, cand[j], ends[cand[j]]);

		peak = k > n || (j > 0 && cand[j - 1] >= cand[j]) ? SIZE_MAX : c > peak ? c : peak;
	}
	free(cand);
	return peak;
}

#endif							/* DEAL_PEAK_ORACLE_H */
