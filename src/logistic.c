/*
 * logistic.c: local risk models in SQL: the deal.logistic_fit aggregate, deal.logistic_score
 * and deal.score_explain.
 *
 * The aggregate's state gathers the rows (logistic.h: features interned to column numbers,
 * values in compressed sparse rows), expanded in memory while rows arrive (deal_agg.h); the
 * final function fits.  Between workers and leader the state is a deal.logistic_state, the
 * rows serialised, so parallel query and Citus split the aggregate (the leader appends the
 * workers' rows); the fit orders rows canonically first, so the model does not depend on the
 * order or the split.
 *
 * NULLs: a row whose outcome or features are NULL is skipped; a NULL l2 is an error (22004).
 * No rows (or only skipped ones): NULL.
 */
#include "deal_profile.h"
#include "deal_agg.h"

#include "funcapi.h"
#include "utils/builtins.h"

#include "core/logistic.h"

#define AGGREGATE "deal.logistic_fit"

/* The aggregate state: the rows so far. */
typedef struct FitState
{
	DealAggState head;
	DealAllocator alloc;		/* pallocs in the state's context */
	LogisticRows rows;
} FitState;

/* Raise a failure of the rows or of the fit. */
static void
raise_fit_error(const DealStatus *st)
{
	deal_raise(st, "argument of deal.logistic_fit", NULL);
}

/* An empty state. */
static void
state_init(DealAggState *s)
{
	FitState   *state = (FitState *) s;

	state->alloc = deal_allocator_in(DEAL_AGG_CONTEXT(s));
	logistic_rows_init(&state->rows, &state->alloc);
}

/* The flat state: the rows serialised (logistic.h gives the layout), a deal.logistic_state. */
static struct varlena *
state_flatten(DealAggState *s)
{
	const LogisticRows *rows = &((FitState *) s)->rows;
	bytea	   *out = deal_state_bytea(logistic_rows_serial_size(rows), AGGREGATE);

	logistic_rows_serialize(rows, VARDATA(out));	/* writes every byte */
	return out;
}

/* Add a deal.logistic_state (a partial result) to a state, refusing a damaged one. */
static void
state_add(DealAggState *s, Datum value)
{
	bytea	   *in = DatumGetByteaPP(value);
	LogisticRows other;
	DealStatus	st;

	logistic_rows_init(&other, &deal_palloc_allocator);
	if (logistic_rows_deserialize(&other, VARDATA_ANY(in), VARSIZE_ANY_EXHDR(in), &st) != DEAL_OK)
		deal_raise(&st, "deal.logistic_state", NULL);
	if (logistic_rows_merge(&((FitState *) s)->rows, &other, &st) != DEAL_OK)
		raise_fit_error(&st);
	logistic_rows_free(&other);
}

/* Add another state to a state. */
static void
state_merge(DealAggState *s, DealAggState *other)
{
	DealStatus	st;

	if (logistic_rows_merge(&((FitState *) s)->rows, &((FitState *) other)->rows, &st) != DEAL_OK)
		raise_fit_error(&st);
}

static const DealAggMethods logistic_fit_methods = {
	DEAL_AGG_EXPANDED, AGGREGATE, sizeof(FitState), state_init, state_flatten, state_add, state_merge
};

/* Transition: (outcome, features [, l2]). */
PG_FUNCTION_INFO_V1(logistic_fit_transfn);
Datum
logistic_fit_transfn(PG_FUNCTION_ARGS)
{
	FitState   *state = (FitState *) deal_agg_state(fcinfo, &logistic_fit_methods);
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
		DEAL_AGG_RETURN(&state->head);
	features = deal_profile_open(PG_GETARG_DATUM(2));
	if (logistic_rows_add(&state->rows, PG_GETARG_BOOL(1), &features.p, &st) != DEAL_OK)
		raise_fit_error(&st);
	deal_profile_close(&features);
	DEAL_AGG_RETURN(&state->head);
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
	state = (FitState *) deal_agg_final_state(fcinfo, &logistic_fit_methods);
	if (logistic_fit(&state->rows, &deal_interrupt, &model, &n, &info, &st) != DEAL_OK)
		raise_fit_error(&st);
	if (n == 0)
		PG_RETURN_NULL();
	result = deal_profile_make(model, n);
	deal_release(&state->alloc, model);
	PG_RETURN_DATUM(result);
}

/* Combine: add the second partial state's rows to the first. */
PG_FUNCTION_INFO_V1(logistic_fit_combinefn);
Datum
logistic_fit_combinefn(PG_FUNCTION_ARGS)
{
	return deal_agg_combine(fcinfo, &logistic_fit_methods);
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
