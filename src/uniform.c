/*
 * uniform.c: deal.uniform(seed, stream, key), the keyed pseudo-random numbers that
 * deal.generate_borough draws from, for any generator that must give the same rows in any plan.
 */
#include "deal.h"

#include "core/uniform.h"

/* uniform(seed, stream, key): a number in [0, 1) that depends only on the three. */
PG_FUNCTION_INFO_V1(uniform_fn);
Datum
uniform_fn(PG_FUNCTION_ARGS)
{
	PG_RETURN_FLOAT8(deal_uniform((uint64) PG_GETARG_INT64(0), (uint64) PG_GETARG_INT64(1),
								  (uint64) PG_GETARG_INT64(2)));
}
