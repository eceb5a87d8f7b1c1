/*
 * peak_oracle.h: what the peak_events core is checked against, shared by its unit tests and
 * its fuzz harness: a brute-force count and qsort's order.
 */
#ifndef DEAL_PEAK_ORACLE_H
#define DEAL_PEAK_ORACLE_H

#include <stddef.h>
#include <stdint.h>

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

#endif							/* DEAL_PEAK_ORACLE_H */
