/*
 * profile_gin.c: GIN support for deal.profile: the index keys are the labels.
 *
 * Strategies: 1 && (shares a label), 2 @> (has all the query's labels), 3 <@ (has no label
 * outside the query's; rechecked, and empty profiles match), 9 ? (has this label).
 */
#include "deal_profile.h"

#include "access/gin.h"
#include "access/stratnum.h"
#include "utils/builtins.h"

#define STRATEGY_OVERLAP 1
#define STRATEGY_CONTAINS 2
#define STRATEGY_CONTAINED 3
#define STRATEGY_EXISTS 9

/* The labels of a profile as text keys. */
static Datum *
profile_keys(Datum datum, int32 *nkeys)
{
	OpenProfile p = deal_profile_open(datum);
	Datum	   *keys = palloc(sizeof(Datum) * ((Size) p.p.n + 1));

	for (uint32 i = 0; i < p.p.n; i++)
	{
		uint32_t	len;
		const char *label = profile_label(&p.p, i, &len);

		keys[i] = PointerGetDatum(cstring_to_text_with_len(label, len));
	}
	*nkeys = (int32) p.p.n;
	deal_profile_close(&p);
	return keys;
}

/* extractValue: an indexed profile's labels. */
PG_FUNCTION_INFO_V1(profile_gin_extract_value);
Datum
profile_gin_extract_value(PG_FUNCTION_ARGS)
{
	int32	   *nkeys = (int32 *) PG_GETARG_POINTER(1);

	PG_RETURN_POINTER(profile_keys(PG_GETARG_DATUM(0), nkeys));
}

/* extractQuery: the labels a query needs, and how to search with them. */
PG_FUNCTION_INFO_V1(profile_gin_extract_query);
Datum
profile_gin_extract_query(PG_FUNCTION_ARGS)
{
	int32	   *nkeys = (int32 *) PG_GETARG_POINTER(1);
	StrategyNumber strategy = PG_GETARG_UINT16(2);
	int32	   *search_mode = (int32 *) PG_GETARG_POINTER(6);
	Datum	   *keys;

	if (strategy == STRATEGY_EXISTS)
	{
		text	   *label = PG_GETARG_TEXT_PP(0);
		char	   *folded = palloc(VARSIZE_ANY_EXHDR(label) + 1);

		deal_fold_label(folded, VARDATA_ANY(label), VARSIZE_ANY_EXHDR(label));
		keys = palloc(sizeof(Datum));
		keys[0] = PointerGetDatum(cstring_to_text_with_len(folded, VARSIZE_ANY_EXHDR(label)));
		*nkeys = 1;
		PG_RETURN_POINTER(keys);
	}
	keys = profile_keys(PG_GETARG_DATUM(0), nkeys);
	if (strategy == STRATEGY_CONTAINS && *nkeys == 0)
		*search_mode = GIN_SEARCH_MODE_ALL;		/* everything contains the empty profile */
	else if (strategy == STRATEGY_CONTAINED)
		*search_mode = GIN_SEARCH_MODE_INCLUDE_EMPTY;	/* the empty profile is in everything */
	PG_RETURN_POINTER(keys);
}

/* consistent: does an item with these keys present satisfy the query? */
PG_FUNCTION_INFO_V1(profile_gin_consistent);
Datum
profile_gin_consistent(PG_FUNCTION_ARGS)
{
	bool	   *check = (bool *) PG_GETARG_POINTER(0);
	StrategyNumber strategy = PG_GETARG_UINT16(1);
	int32		nkeys = PG_GETARG_INT32(3);
	bool	   *recheck = (bool *) PG_GETARG_POINTER(5);

	*recheck = false;
	switch (strategy)
	{
		case STRATEGY_OVERLAP:
		case STRATEGY_EXISTS:
			for (int32 i = 0; i < nkeys; i++)
				if (check[i])
					PG_RETURN_BOOL(true);
			PG_RETURN_BOOL(false);
		case STRATEGY_CONTAINS:
			for (int32 i = 0; i < nkeys; i++)
				if (!check[i])
					PG_RETURN_BOOL(false);
			PG_RETURN_BOOL(true);
		case STRATEGY_CONTAINED:
			/* the index cannot see labels outside the query's: the heap row decides */
			*recheck = true;
			PG_RETURN_BOOL(true);
	}
	elog(ERROR, "deal.profile GIN: unknown strategy %d", strategy);
	PG_RETURN_BOOL(false);
}
