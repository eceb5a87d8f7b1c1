/*
 * canonical.h: one bit pattern per stored number, so that equal values have equal bytes.
 */
#ifndef DEAL_CANONICAL_H
#define DEAL_CANONICAL_H

#include <math.h>

/* x with NaN as the NAN macro's bit pattern (whatever payload it came with) and -0 as 0. */
static inline double
canonical_double(double x)
{
	if (isnan(x))
		return NAN;
	return x == 0 ? 0.0 : x;
}

#endif							/* DEAL_CANONICAL_H */
