/*
 * profile_agg.c: the aggregates that build profiles: profile_agg(label, weight), which sums
 * weights per label, and union_agg(profile), which keeps each label's largest weight.
 *
 * The state is a ProfileAcc (core/profile_acc.h) in the aggregate's memory context: one entry
 * per distinct label, its exact sum or its largest weight, so memory grows with the labels,
 * not the rows.  Parallel workers serialise their states and the leader merges them; sums are
 * rounded once, in the final function, so no order or split of the rows changes the result.
 */
#include "deal_profile.h"

#include <math.h>

#include "core/profile_acc.h"

#include "utils/builtins.h"
#include "utils/memutils.h"

#define SUBJECT "aggregated profile"

/* The aggregate state: an accumulator and the allocator it uses. */
typedef struct ProfileAggState
{
	DealAllocator alloc;
	ProfileAcc	acc;
} ProfileAggState;

/* An empty state of kind in the aggregate context of this call. */
static ProfileAggState *
new_state(FunctionCallInfo fcinfo, ProfileAccKind kind)
{
	MemoryContext aggcxt;
	ProfileAggState *state;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "profile aggregate function called in a non-aggregate context");
	state = MemoryContextAllocZero(aggcxt, sizeof(ProfileAggState));
	state->alloc = deal_allocator_in(aggcxt);
	profile_acc_init(&state->acc, kind, &state->alloc);
	return state;
}

/* The state of this call, made on the first row. */
static ProfileAggState *
agg_state(FunctionCallInfo fcinfo, ProfileAccKind kind)
{
	if (!PG_ARGISNULL(0))
		return (ProfileAggState *) PG_GETARG_POINTER(0);
	return new_state(fcinfo, kind);
}

/* profile_agg transition: (label, weight); NULL label skipped, NULL weight means 1. */
PG_FUNCTION_INFO_V1(profile_agg_transfn);
Datum
profile_agg_transfn(PG_FUNCTION_ARGS)
{
	ProfileAggState *state = agg_state(fcinfo, PROFILE_ACC_SUM);
	text	   *label;
	double		weight = PG_ARGISNULL(2) ? 1.0 : PG_GETARG_FLOAT8(2);
	DealStatus	st;

	if (PG_ARGISNULL(1))
		PG_RETURN_POINTER(state);
	label = PG_GETARG_TEXT_PP(1);
	if (!isfinite(weight))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid profile weight for \"%s\"", text_to_cstring(label)),
				 errdetail("Weights must be finite numbers.")));
	if (profile_acc_add(&state->acc, VARDATA_ANY(label), VARSIZE_ANY_EXHDR(label), weight, &st) != DEAL_OK)
	{
		if (st.code == DEAL_BAD_ARGUMENT)
			deal_raise(&st, "profile label", text_to_cstring(label));
		deal_raise(&st, SUBJECT, NULL);
	}
	PG_FREE_IF_COPY(label, 1);
	PG_RETURN_POINTER(state);
}

/* union_agg transition: every label of a profile. */
PG_FUNCTION_INFO_V1(union_agg_transfn);
Datum
union_agg_transfn(PG_FUNCTION_ARGS)
{
	ProfileAggState *state = agg_state(fcinfo, PROFILE_ACC_MAX);
	OpenProfile p;
	DealStatus	st;

	if (PG_ARGISNULL(1))
		PG_RETURN_POINTER(state);
	p = deal_profile_open(PG_GETARG_DATUM(1));
	deal_check(profile_acc_add_profile(&state->acc, &p.p, &st), &st, SUBJECT, NULL);
	deal_profile_close(&p);
	PG_RETURN_POINTER(state);
}

/* The profile of a state, each sum rounded once (NULL for no rows); the state is not changed. */
static Datum
finish(FunctionCallInfo fcinfo)
{
	ProfileAggState *state;
	ProfileEntry *entries;
	uint32_t	n;
	DealStatus	st;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	state = (ProfileAggState *) PG_GETARG_POINTER(0);
	deal_check(profile_acc_finish(&state->acc, &deal_palloc_allocator, &entries, &n, &st), &st,
			   SUBJECT, NULL);
	return deal_profile_make(entries, n);
}

/* profile_agg final: weights summed per label. */
PG_FUNCTION_INFO_V1(profile_agg_finalfn);
Datum
profile_agg_finalfn(PG_FUNCTION_ARGS)
{
	return finish(fcinfo);
}

/* union_agg final: each label's largest weight. */
PG_FUNCTION_INFO_V1(union_agg_finalfn);
Datum
union_agg_finalfn(PG_FUNCTION_ARGS)
{
	return finish(fcinfo);
}

/* Combine: add the second state's labels to the first, and free the second. */
PG_FUNCTION_INFO_V1(profile_agg_combinefn);
Datum
profile_agg_combinefn(PG_FUNCTION_ARGS)
{
	ProfileAggState *state;
	ProfileAggState *other;
	DealStatus	st;

	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	other = (ProfileAggState *) PG_GETARG_POINTER(1);

	/*
	 * The first state is taken over rather than copied into an empty one: states reach here
	 * from profile_agg_deserialfn, which makes them in this aggregate's context.
	 */
	if (PG_ARGISNULL(0))
		PG_RETURN_POINTER(other);
	state = (ProfileAggState *) PG_GETARG_POINTER(0);
	deal_check(profile_acc_merge(&state->acc, &other->acc, &st), &st, SUBJECT, NULL);
	profile_acc_free(&other->acc);
	PG_RETURN_POINTER(state);
}

/* Serialise a state for a parallel worker's result. */
PG_FUNCTION_INFO_V1(profile_agg_serialfn);
Datum
profile_agg_serialfn(PG_FUNCTION_ARGS)
{
	ProfileAggState *state = (ProfileAggState *) PG_GETARG_POINTER(0);
	size_t		size = profile_acc_serial_size(&state->acc);
	bytea	   *out;

	if (size > MaxAllocSize - VARHDRSZ)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("profile aggregate state is too large to pass between parallel workers"),
				 errhint("Disable parallel query for this statement (SET max_parallel_workers_per_gather = 0).")));
	out = palloc(VARHDRSZ + size);	/* profile_acc_serialize writes every byte */
	SET_VARSIZE(out, VARHDRSZ + size);
	profile_acc_serialize(&state->acc, VARDATA(out));
	PG_RETURN_BYTEA_P(out);
}

/* Deserialise a state, refusing a damaged one. */
PG_FUNCTION_INFO_V1(profile_agg_deserialfn);
Datum
profile_agg_deserialfn(PG_FUNCTION_ARGS)
{
	bytea	   *in = PG_GETARG_BYTEA_PP(0);
	ProfileAggState *state = new_state(fcinfo, PROFILE_ACC_SUM);	/* the state's own kind is read */
	DealStatus	st;

	deal_check(profile_acc_deserialize(&state->acc, VARDATA_ANY(in), VARSIZE_ANY_EXHDR(in), &st), &st,
			   "profile aggregate state", NULL);
	PG_RETURN_POINTER(state);
}
