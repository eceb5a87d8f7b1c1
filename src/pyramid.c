/*
 * pyramid.c: the risk pyramid: risk_level places a ranked person in level 1, 2 or 3, and
 * risk_level_name names the level.
 */
#include "deal.h"

#include "fmgr.h"
#include "utils/builtins.h"

#include "core/pyramid.h"

/* risk_level(rank, population [, level3, level2]): 3 for the top level3, 2 for the next level2, else 1. */
PG_FUNCTION_INFO_V1(risk_level_fn);
Datum
risk_level_fn(PG_FUNCTION_ARGS)
{
	static const char *const names[] = {"rank", "population", "level3", "level2"};
	int			level;
	DealStatus	st;

	if (pyramid_level(PG_GETARG_INT64(0), PG_GETARG_INT64(1), PG_GETARG_FLOAT8(2), PG_GETARG_FLOAT8(3),
					  &level, &st) != DEAL_OK)
		deal_raise(&st, names[st.position], st.position < 2 ?
				   psprintf(INT64_FORMAT, PG_GETARG_INT64(st.position)) :
				   DatumGetCString(DirectFunctionCall1(float8out, PG_GETARG_DATUM(st.position))));
	PG_RETURN_INT32(level);
}

/* risk_level_name(level): intensive case management, care management, supported self-care. */
PG_FUNCTION_INFO_V1(risk_level_name_fn);
Datum
risk_level_name_fn(PG_FUNCTION_ARGS)
{
	int32		level = PG_GETARG_INT32(0);
	DealStatus	st;

	if (level < 1 || level > 3)
	{
		deal_fail(&st, DEAL_BAD_ARGUMENT, -1, "The risk pyramid has levels 1, 2 and 3.");
		deal_raise(&st, "risk level", psprintf("%d", level));
	}
	PG_RETURN_TEXT_P(cstring_to_text(pyramid_level_names[level]));
}
