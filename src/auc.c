/*
 * auc.c: deal.auc, the c-statistic of scores against outcomes, as an aggregate.
 *
 * The state holds each class's scores (auc.h) in the aggregate's memory context; parallel
 * workers serialise theirs and the leader appends them; the final function sorts and counts
 * pairs exactly, so the answer does not depend on the order of rows or the split.  Rows with
 * a NULL score or outcome are skipped; NULL when either class has no rows.
 */
#include "deal.h"

#include "fmgr.h"

#include "core/auc.h"

#define AGGREGATE "deal.auc"

/* The aggregate state: the scores and the allocator they grow through. */
typedef struct AucState
{
	DealAllocator alloc;
	AucScores	scores;
} AucState;

/* A new, empty state in cxt. */
static AucState *
new_auc_state(MemoryContext cxt)
{
	AucState   *state = MemoryContextAllocZero(cxt, sizeof(AucState));

	state->alloc = deal_allocator_in(cxt);
	auc_init(&state->scores, &state->alloc);
	return state;
}

/* Transition: (score, outcome). */
PG_FUNCTION_INFO_V1(auc_transfn);
Datum
auc_transfn(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt = deal_aggregate_context(fcinfo, AGGREGATE);
	AucState   *state = PG_ARGISNULL(0) ? new_auc_state(aggcxt) : (AucState *) PG_GETARG_POINTER(0);
	DealStatus	st;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
		PG_RETURN_POINTER(state);
	if (auc_add(&state->scores, PG_GETARG_FLOAT8(1), PG_GETARG_BOOL(2), &st) != DEAL_OK)
		deal_raise(&st, "argument of deal.auc", NULL);
	PG_RETURN_POINTER(state);
}

/* Final: the c-statistic, or NULL when either class is empty. */
PG_FUNCTION_INFO_V1(auc_finalfn);
Datum
auc_finalfn(PG_FUNCTION_ARGS)
{
	AucState   *state;
	double		auc;
	bool		defined;
	DealStatus	st;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	state = (AucState *) PG_GETARG_POINTER(0);
	if (auc_compute(&state->scores, &deal_interrupt, &auc, &defined, &st) != DEAL_OK)
		deal_raise(&st, "argument of deal.auc", NULL);
	if (!defined)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(auc);
}

/* Combine: add the second state's scores to the first. */
PG_FUNCTION_INFO_V1(auc_combinefn);
Datum
auc_combinefn(PG_FUNCTION_ARGS)
{
	AucState   *state;
	DealStatus	st;

	(void) deal_aggregate_context(fcinfo, AGGREGATE);

	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	/* the first state is taken over, as logistic_fit_combinefn does */
	if (PG_ARGISNULL(0))
		PG_RETURN_POINTER(PG_GETARG_POINTER(1));
	state = (AucState *) PG_GETARG_POINTER(0);
	if (auc_merge(&state->scores, &((AucState *) PG_GETARG_POINTER(1))->scores, &st) != DEAL_OK)
		deal_raise(&st, "argument of deal.auc", NULL);
	PG_RETURN_POINTER(state);
}

/* Serialise a state (auc.h gives the layout). */
PG_FUNCTION_INFO_V1(auc_serialfn);
Datum
auc_serialfn(PG_FUNCTION_ARGS)
{
	AucState   *state = (AucState *) PG_GETARG_POINTER(0);
	bytea	   *out = deal_state_bytea(auc_serial_size(&state->scores), AGGREGATE);

	/* auc_serialize writes every byte */
	auc_serialize(&state->scores, VARDATA(out));
	PG_RETURN_BYTEA_P(out);
}

/* Deserialise a state, checking its length. */
PG_FUNCTION_INFO_V1(auc_deserialfn);
Datum
auc_deserialfn(PG_FUNCTION_ARGS)
{
	bytea	   *in = PG_GETARG_BYTEA_PP(0);
	AucState   *state = new_auc_state(deal_aggregate_context(fcinfo, AGGREGATE));
	DealStatus	st;

	if (auc_deserialize(&state->scores, VARDATA_ANY(in), VARSIZE_ANY_EXHDR(in), &st) != DEAL_OK)
		deal_raise(&st, "deal.auc state", NULL);
	PG_RETURN_POINTER(state);
}
