/*
 * logistic.c: local risk models in SQL: the deal.logistic_fit aggregate, deal.logistic_score
 * and deal.score_explain.
 *
 * The aggregate's state gathers the rows (logistic.h: features interned to column numbers,
 * values in compressed sparse rows) in the aggregate's memory context; the final function
 * fits.  Parallel workers serialise their rows and the leader appends them; the fit orders
 * rows canonically first, so the model does not depend on the order or the split.
 *
 * NULLs: a row whose outcome or features are NULL is skipped; a NULL l2 is an error (22004).
 * No rows (or only skipped ones): NULL.
 */
#include "deal_profile.h"

#include "funcapi.h"
#include "utils/builtins.h"

#include "core/logistic.h"

#define AGGREGATE "deal.logistic_fit"

/* The aggregate state: the rows and the allocator they grow through. */
typedef struct FitState
{
	DealAllocator alloc;
	LogisticRows rows;
} FitState;

/* A new, empty state in cxt. */
static FitState *
new_fit_state(MemoryContext cxt)
{
	FitState   *state = MemoryContextAllocZero(cxt, sizeof(FitState));

	state->alloc = deal_allocator_in(cxt);
	logistic_rows_init(&state->rows, &state->alloc);
	return state;
}

/* Raise a failure of the rows or of the fit. */
static void
raise_fit_error(const DealStatus *st)
{
	deal_raise(st, "argument of deal.logistic_fit", NULL);
}

/* Transition: (outcome, features [, l2]). */
PG_FUNCTION_INFO_V1(logistic_fit_transfn);
Datum
logistic_fit_transfn(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt = deal_aggregate_context(fcinfo, AGGREGATE);
	FitState   *state = PG_ARGISNULL(0) ? new_fit_state(aggcxt) : (FitState *) PG_GETARG_POINTER(0);
	DealStatus	st;
	OpenProfile features;

	if (PG_NARGS() > 3)
	{
		if (PG_ARGISNULL(3))
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("l2 of deal.logistic_fit must not be null"),
					 errhint("Pass 0 for no penalty, or call deal.logistic_fit(outcome, features).")));
		if (logistic_rows_set_l2(&state->rows, PG_GETARG_FLOAT8(3), &st) != DEAL_OK)
			raise_fit_error(&st);
	}
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
		PG_RETURN_POINTER(state);
	features = deal_profile_open(PG_GETARG_DATUM(2));
	if (logistic_rows_add(&state->rows, PG_GETARG_BOOL(1), &features.p, &st) != DEAL_OK)
		raise_fit_error(&st);
	deal_profile_close(&features);
	PG_RETURN_POINTER(state);
}

/* Final: the fitted model as a profile of coefficients (NULL when there were no rows). */
PG_FUNCTION_INFO_V1(logistic_fit_finalfn);
Datum
logistic_fit_finalfn(PG_FUNCTION_ARGS)
{
	FitState   *state;
	ProfileEntry *model;
	uint32_t	n;
	LogisticFitInfo info;
	DealStatus	st;
	Datum		result;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	state = (FitState *) PG_GETARG_POINTER(0);
	if (logistic_fit(&state->rows, &deal_interrupt, &model, &n, &info, &st) != DEAL_OK)
		raise_fit_error(&st);
	if (n == 0)
		PG_RETURN_NULL();
	result = deal_profile_make(model, n);
	deal_release(&state->alloc, model);
	PG_RETURN_DATUM(result);
}

/* Combine: add the second state's rows to the first. */
PG_FUNCTION_INFO_V1(logistic_fit_combinefn);
Datum
logistic_fit_combinefn(PG_FUNCTION_ARGS)
{
	FitState   *state;
	FitState   *other;
	DealStatus	st;

	(void) deal_aggregate_context(fcinfo, AGGREGATE);

	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	other = (FitState *) PG_GETARG_POINTER(1);

	/*
	 * The first state is taken over rather than copied into an empty one: states reach here
	 * from the deserialise function, which makes them in this aggregate's context.
	 */
	if (PG_ARGISNULL(0))
		PG_RETURN_POINTER(other);
	state = (FitState *) PG_GETARG_POINTER(0);
	if (logistic_rows_merge(&state->rows, &other->rows, &st) != DEAL_OK)
		raise_fit_error(&st);
	PG_RETURN_POINTER(state);
}

/* Serialise a state for a parallel worker's result (logistic.h gives the layout). */
PG_FUNCTION_INFO_V1(logistic_fit_serialfn);
Datum
logistic_fit_serialfn(PG_FUNCTION_ARGS)
{
	FitState   *state = (FitState *) PG_GETARG_POINTER(0);
	bytea	   *out = deal_state_bytea(logistic_rows_serial_size(&state->rows), AGGREGATE);

	/* logistic_rows_serialize writes every byte */
	logistic_rows_serialize(&state->rows, VARDATA(out));
	PG_RETURN_BYTEA_P(out);
}

/* Deserialise a state, checking every byte. */
PG_FUNCTION_INFO_V1(logistic_fit_deserialfn);
Datum
logistic_fit_deserialfn(PG_FUNCTION_ARGS)
{
	bytea	   *in = PG_GETARG_BYTEA_PP(0);
	FitState   *state = new_fit_state(deal_aggregate_context(fcinfo, AGGREGATE));
	DealStatus	st;

	if (logistic_rows_deserialize(&state->rows, VARDATA_ANY(in), VARSIZE_ANY_EXHDR(in), &st) != DEAL_OK)
		deal_raise(&st, "deal.logistic_fit state", NULL);
	PG_RETURN_POINTER(state);
}

/* logistic_score(model, features): the probability 1 / (1 + exp(-eta)). */
PG_FUNCTION_INFO_V1(logistic_score_fn);
Datum
logistic_score_fn(PG_FUNCTION_ARGS)
{
	OpenProfile model = deal_profile_open(PG_GETARG_DATUM(0));
	OpenProfile features = deal_profile_open(PG_GETARG_DATUM(1));
	double		eta;
	DealStatus	st;

	if (logistic_linear(&model.p, &features.p, NULL, NULL, &eta, &st) != DEAL_OK)
		deal_raise(&st, "features for deal.logistic_score", NULL);
	deal_profile_close(&features);
	deal_profile_close(&model);
	PG_RETURN_FLOAT8(logistic_probability(eta));
}

/*
 * score_explain(model, features): the intercept, then one row per feature the model has, in
 * label order; the contributions, added in that order, are the linear predictor exactly.
 */
PG_FUNCTION_INFO_V1(score_explain_fn);
Datum
score_explain_fn(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	OpenProfile model;
	OpenProfile features;
	ScoreTerm  *terms;
	uint32_t	n;
	double		eta;
	DealStatus	st;

	deal_srf_begin(fcinfo);
	model = deal_profile_open(PG_GETARG_DATUM(0));
	features = deal_profile_open(PG_GETARG_DATUM(1));
	terms = palloc(sizeof(ScoreTerm) * ((Size) features.p.n + 1));
	if (logistic_linear(&model.p, &features.p, terms, &n, &eta, &st) != DEAL_OK)
		deal_raise(&st, "features for deal.score_explain", NULL);
	for (uint32 i = 0; i < n; i++)
	{
		Datum		values[4];
		bool		nulls[4] = {false, false, false, false};

		CHECK_FOR_INTERRUPTS();
		values[0] = PointerGetDatum(cstring_to_text_with_len(terms[i].label, terms[i].len));
		values[1] = Float8GetDatum(terms[i].value);
		values[2] = Float8GetDatum(terms[i].weight);
		values[3] = Float8GetDatum(terms[i].contribution);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	pfree(terms);
	deal_profile_close(&features);
	deal_profile_close(&model);
	PG_RETURN_NULL();
}
