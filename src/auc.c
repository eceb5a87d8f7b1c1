/*
 * auc.c: deal.auc, the c-statistic of scores against outcomes, as an aggregate.
 *
 * The state holds each class's scores (auc.h), expanded in memory while rows arrive
 * (deal_agg.h); between workers and leader it is a deal.auc_state, the scores serialised, so
 * parallel query and Citus split the aggregate (the leader appends the workers' scores); the
 * final function sorts and counts pairs exactly, so the answer does not depend on the order of
 * rows or the split.  Rows with
 * a NULL score or outcome are skipped; NULL when either class has no rows.
 */
#include "deal.h"
#include "deal_agg.h"

#include "fmgr.h"

#include "core/auc.h"

#define AGGREGATE "deal.auc"

/* The aggregate state: the scores so far. */
typedef struct AucState
{
	DealAggState head;
	DealAllocator alloc;		/* pallocs in the state's context */
	AucScores	scores;
} AucState;

/* An empty state. */
static void
state_init(DealAggState *s)
{
	AucState   *state = (AucState *) s;

	state->alloc = deal_allocator_in(DEAL_AGG_CONTEXT(s));
	auc_init(&state->scores, &state->alloc);
}

/* The flat state: the scores serialised (auc.h gives the layout), a deal.auc_state. */
static struct varlena *
state_flatten(DealAggState *s)
{
	const AucScores *scores = &((AucState *) s)->scores;
	bytea	   *out = deal_state_bytea(auc_serial_size(scores), AGGREGATE);

	auc_serialize(scores, VARDATA(out));	/* writes every byte */
	return out;
}

/* Add a deal.auc_state (a partial result) to a state, refusing a damaged one. */
static void
state_add(DealAggState *s, Datum value)
{
	bytea	   *in = DatumGetByteaPP(value);
	AucScores	other;
	DealStatus	st;

	auc_init(&other, &deal_palloc_allocator);
	if (auc_deserialize(&other, VARDATA_ANY(in), VARSIZE_ANY_EXHDR(in), &st) != DEAL_OK)
		deal_raise(&st, "deal.auc_state", NULL);
	if (auc_merge(&((AucState *) s)->scores, &other, &st) != DEAL_OK)
		deal_raise(&st, "argument of deal.auc", NULL);
	auc_free(&other);
}

/* Add another state to a state. */
static void
state_merge(DealAggState *s, DealAggState *other)
{
	DealStatus	st;

	if (auc_merge(&((AucState *) s)->scores, &((AucState *) other)->scores, &st) != DEAL_OK)
		deal_raise(&st, "argument of deal.auc", NULL);
}

static const DealAggMethods auc_methods = {
	DEAL_AGG_EXPANDED, AGGREGATE, sizeof(AucState), state_init, state_flatten, state_add, state_merge
};

/* Transition: (score, outcome). */
PG_FUNCTION_INFO_V1(auc_transfn);
Datum
auc_transfn(PG_FUNCTION_ARGS)
{
	AucState   *state = (AucState *) deal_agg_state(fcinfo, &auc_methods);
	DealStatus	st;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
		DEAL_AGG_RETURN(&state->head);
	if (auc_add(&state->scores, PG_GETARG_FLOAT8(1), PG_GETARG_BOOL(2), &st) != DEAL_OK)
		deal_raise(&st, "argument of deal.auc", NULL);
	DEAL_AGG_RETURN(&state->head);
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
	state = (AucState *) deal_agg_final_state(fcinfo, &auc_methods);
	if (auc_compute(&state->scores, &deal_interrupt, &auc, &defined, &st) != DEAL_OK)
		deal_raise(&st, "argument of deal.auc", NULL);
	if (!defined)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(auc);
}

/* Combine: add the second partial state's scores to the first. */
PG_FUNCTION_INFO_V1(auc_combinefn);
Datum
auc_combinefn(PG_FUNCTION_ARGS)
{
	return deal_agg_combine(fcinfo, &auc_methods);
}
