/*
 * pyramid.c: placing a ranked population in the levels of the risk pyramid.
 */
#include "pyramid.h"

#include <math.h>
#include <stdio.h>

const char *const pyramid_level_names[4] = {
	NULL, "supported self-care", "care management", "intensive case management"
};

/* The number of ranks a share of population covers: ceil(share x population), snapped. */
static double
ranks_covered(double share, int64_t population)
{
	double		x = share * (double) population;
	double		whole = nearbyint(x);

	if (fabs(x - whole) <= 1e-9 * (whole > 1 ? whole : 1))
		return whole;
	return ceil(x);
}

/* A share as text for a detail, into buf: %g, but NaN as PostgreSQL writes it. */
static const char *
share_text(double share, char buf[32])
{
	if (isnan(share))
		return "NaN";
	snprintf(buf, 32, "%g", share);
	return buf;
}

/* The level (1, 2 or 3) of rank among population people; DEAL_BAD_ARGUMENT on bad arguments. */
DealCode
pyramid_level(int64_t rank, int64_t population, double level3, double level2, int *level,
			  DealStatus *st)
{
	char		buf[32];

	if (population < 1)
		return deal_fail(st, DEAL_BAD_ARGUMENT, 1,
						 "population is the number of people ranked, 1 or more; got %lld.", (long long) population);
	if (rank < 1 || rank > population)
		return deal_fail(st, DEAL_BAD_ARGUMENT, 0,
						 "rank must be from 1 to the population, %lld; got %lld.",
						 (long long) population, (long long) rank);
	if (!(level3 >= 0 && level3 <= 1))
		return deal_fail(st, DEAL_BAD_ARGUMENT, 2, "level3 is a share from 0 to 1; got %s.", share_text(level3, buf));
	if (!(level2 >= 0 && level2 <= 1))
		return deal_fail(st, DEAL_BAD_ARGUMENT, 3, "level2 is a share from 0 to 1; got %s.", share_text(level2, buf));
	if (level3 + level2 > 1 + 1e-9)
		return deal_fail(st, DEAL_BAD_ARGUMENT, 3,
						 "level3 and level2 add up to %g; together they may cover at most the whole population.",
						 level3 + level2);
	if ((double) rank <= ranks_covered(level3, population))
		*level = 3;
	else if ((double) rank <= ranks_covered(level3 + level2, population))
		*level = 2;
	else
		*level = 1;
	return DEAL_OK;
}
