/*
 * radix.h: sorting 64-bit keys in linear time, interruptibly, and doubles as keys.
 *
 * The model fit sorts its rows by a key made of a hash and a row number, and deal.auc sorts
 * scores; both need an order that depends on the values alone (so that any order of rows gives
 * the same answer) and a sort that a cancel can stop.  The sort is LSD radix, a byte a pass,
 * skipping the passes in which every key has the same byte.
 */
#ifndef DEAL_RADIX_H
#define DEAL_RADIX_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "interrupt.h"

/* Sort n keys ascending; tmp has room for n keys; the hook is called as the sort goes. */
extern void radix_sort(uint64_t *keys, uint64_t *tmp, size_t n, const DealInterrupt *intr);

/*
 * A key that orders doubles as PostgreSQL does: -Infinity < ... < -0 = 0 < ... < Infinity <
 * NaN, every NaN equal (whatever its payload) and -0 equal to 0.
 */
static inline uint64_t
radix_double_key(double x)
{
	uint64_t	u;

	if (x != x)
		return UINT64_MAX;		/* NaN: above everything, one key whatever its bits */
	if (x == 0)
		x = 0.0;				/* -0 as 0 */
	memcpy(&u, &x, sizeof(u));
	return (u >> 63) ? ~u : u | ((uint64_t) 1 << 63);
}

#endif							/* DEAL_RADIX_H */
