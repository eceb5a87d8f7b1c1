/*
 * profile_agg.c: the aggregates that build profiles: profile_agg(label, weight), which sums
 * weights per label, and union_agg(profile), which keeps each label's largest weight.
 *
 * The state is a list of (label, weight) pairs with the labels in a pool, in the aggregate's
 * memory context; the final function sorts it and resolves repeated labels.  Parallel
 * workers serialise their lists and the leader appends them, so no order of rows changes
 * the result.
 */
#include "deal_profile.h"

#include <math.h>

#include "utils/builtins.h"

/* The aggregate state. */
typedef struct ProfileAggState
{
	ProfileEntry *entries;		/* labels point into pool by offset until final */
	uint32		n;
	uint32		capacity;
	char	   *pool;
	Size		pool_used;
	Size		pool_size;
} ProfileAggState;

/* An empty state in cxt. */
static ProfileAggState *
new_state(MemoryContext cxt)
{
	ProfileAggState *state = MemoryContextAllocZero(cxt, sizeof(ProfileAggState));

	state->capacity = 16;
	state->entries = MemoryContextAlloc(cxt, sizeof(ProfileEntry) * state->capacity);
	state->pool_size = 256;
	state->pool = MemoryContextAlloc(cxt, state->pool_size);
	return state;
}

/* The state of this call, made in the aggregate context on the first row. */
static ProfileAggState *
agg_state(FunctionCallInfo fcinfo, MemoryContext *aggcxt)
{
	if (!AggCheckCallContext(fcinfo, aggcxt))
		elog(ERROR, "profile aggregate function called in a non-aggregate context");
	if (!PG_ARGISNULL(0))
		return (ProfileAggState *) PG_GETARG_POINTER(0);
	return new_state(*aggcxt);
}

/* Append a folded label and weight; the label is stored as an offset into the pool. */
static void
append(ProfileAggState *state, const char *label, Size len, double weight, bool fold)
{
	if (state->n >= PROFILE_MAX_LABELS * (uint32) 64)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("too many labels for one profile aggregate")));
	if (state->n == state->capacity)
	{
		state->capacity *= 2;
		state->entries = repalloc_huge(state->entries, sizeof(ProfileEntry) * state->capacity);
	}
	while (state->pool_used + len > state->pool_size)
	{
		state->pool_size *= 2;
		state->pool = repalloc_huge(state->pool, state->pool_size);
	}
	if (fold)
		deal_fold_label(state->pool + state->pool_used, label, len);
	else
		memcpy(state->pool + state->pool_used, label, len);
	state->entries[state->n].label = (const char *) (uintptr_t) state->pool_used;
	state->entries[state->n].len = (uint32) len;
	state->entries[state->n].weight = weight;
	state->n++;
	state->pool_used += len;
}

/* profile_agg transition: (label, weight); NULL label skipped, NULL weight means 1. */
PG_FUNCTION_INFO_V1(profile_agg_transfn);
Datum
profile_agg_transfn(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	ProfileAggState *state = agg_state(fcinfo, &aggcxt);
	text	   *label;
	double		weight = PG_ARGISNULL(2) ? 1.0 : PG_GETARG_FLOAT8(2);
	DealStatus	st;
	MemoryContext old;

	if (PG_ARGISNULL(1))
		PG_RETURN_POINTER(state);
	label = PG_GETARG_TEXT_PP(1);
	if (deal_check_profile_label(VARDATA_ANY(label), VARSIZE_ANY_EXHDR(label), "label", &st) != DEAL_OK)
		deal_raise(&st, "profile label", text_to_cstring(label));
	if (isnan(weight) || isinf(weight))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid profile weight for \"%s\"", text_to_cstring(label)),
				 errdetail("Weights must be finite numbers.")));
	old = MemoryContextSwitchTo(aggcxt);
	append(state, VARDATA_ANY(label), VARSIZE_ANY_EXHDR(label), weight, true);
	MemoryContextSwitchTo(old);
	PG_FREE_IF_COPY(label, 1);
	PG_RETURN_POINTER(state);
}

/* union_agg transition: every label of a profile. */
PG_FUNCTION_INFO_V1(union_agg_transfn);
Datum
union_agg_transfn(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	ProfileAggState *state = agg_state(fcinfo, &aggcxt);
	OpenProfile p;
	MemoryContext old;

	if (PG_ARGISNULL(1))
		PG_RETURN_POINTER(state);
	p = deal_profile_open(PG_GETARG_DATUM(1));
	old = MemoryContextSwitchTo(aggcxt);
	for (uint32 i = 0; i < p.p.n; i++)
	{
		uint32_t	len;
		const char *label = profile_label(&p.p, i, &len);

		append(state, label, len, profile_weight(&p.p, i), false);
	}
	MemoryContextSwitchTo(old);
	deal_profile_close(&p);
	PG_RETURN_POINTER(state);
}

/* The profile of a state, repeated labels resolved as dup says (NULL for no rows). */
static Datum
finish(FunctionCallInfo fcinfo, ProfileDuplicates dup)
{
	ProfileAggState *state;
	ProfileEntry *entries;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	state = (ProfileAggState *) PG_GETARG_POINTER(0);
	entries = palloc_extended(sizeof(ProfileEntry) * ((Size) state->n + 1), MCXT_ALLOC_HUGE);
	for (uint32 i = 0; i < state->n; i++)
	{
		entries[i] = state->entries[i];
		entries[i].label = state->pool + (uintptr_t) state->entries[i].label;
	}
	return deal_profile_from_entries(entries, state->n, dup, DEAL_BAD_ARGUMENT, "aggregated profile");
}

/* profile_agg final: weights summed per label. */
PG_FUNCTION_INFO_V1(profile_agg_finalfn);
Datum
profile_agg_finalfn(PG_FUNCTION_ARGS)
{
	return finish(fcinfo, PROFILE_DUPLICATE_SUM);
}

/* union_agg final: each label's largest weight. */
PG_FUNCTION_INFO_V1(union_agg_finalfn);
Datum
union_agg_finalfn(PG_FUNCTION_ARGS)
{
	return finish(fcinfo, PROFILE_DUPLICATE_MAX);
}

/* Combine: append the second state's pairs to the first. */
PG_FUNCTION_INFO_V1(profile_agg_combinefn);
Datum
profile_agg_combinefn(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	ProfileAggState *state;
	ProfileAggState *other;
	MemoryContext old;

	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	state = agg_state(fcinfo, &aggcxt);
	other = (ProfileAggState *) PG_GETARG_POINTER(1);
	old = MemoryContextSwitchTo(aggcxt);
	for (uint32 i = 0; i < other->n; i++)
		append(state, other->pool + (uintptr_t) other->entries[i].label, other->entries[i].len,
			   other->entries[i].weight, false);
	MemoryContextSwitchTo(old);
	PG_RETURN_POINTER(state);
}

/* Serialise: count, then each label's length, bytes and weight. */
PG_FUNCTION_INFO_V1(profile_agg_serialfn);
Datum
profile_agg_serialfn(PG_FUNCTION_ARGS)
{
	ProfileAggState *state = (ProfileAggState *) PG_GETARG_POINTER(0);
	StringInfoData buf;

	initStringInfo(&buf);
	appendBinaryStringInfo(&buf, (char *) &state->n, sizeof(uint32));
	for (uint32 i = 0; i < state->n; i++)
	{
		uint8		len = (uint8) state->entries[i].len;

		CHECK_FOR_INTERRUPTS();
		appendBinaryStringInfo(&buf, (char *) &len, 1);
		appendBinaryStringInfo(&buf, state->pool + (uintptr_t) state->entries[i].label, len);
		appendBinaryStringInfo(&buf, (char *) &state->entries[i].weight, sizeof(double));
	}
	{
		bytea	   *out = palloc(VARHDRSZ + buf.len);

		SET_VARSIZE(out, VARHDRSZ + buf.len);
		memcpy(VARDATA(out), buf.data, buf.len);
		PG_RETURN_BYTEA_P(out);
	}
}

/* Deserialise a state, checking every length. */
PG_FUNCTION_INFO_V1(profile_agg_deserialfn);
Datum
profile_agg_deserialfn(PG_FUNCTION_ARGS)
{
	bytea	   *in = PG_GETARG_BYTEA_PP(0);
	const char *p = VARDATA_ANY(in);
	const char *end = p + VARSIZE_ANY_EXHDR(in);
	MemoryContext aggcxt;
	ProfileAggState *state;
	MemoryContext old;
	uint32		n;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "profile aggregate function called in a non-aggregate context");
	state = new_state(aggcxt);
	if (end - p < (ptrdiff_t) sizeof(uint32))
		elog(ERROR, "truncated profile aggregate state");
	memcpy(&n, p, sizeof(uint32));
	p += sizeof(uint32);
	old = MemoryContextSwitchTo(aggcxt);
	for (uint32 i = 0; i < n; i++)
	{
		uint8		len;
		double		weight;

		if (end - p < 1 || end - p < 1 + (ptrdiff_t) *(const uint8 *) p + (ptrdiff_t) sizeof(double))
			elog(ERROR, "truncated profile aggregate state");
		len = *(const uint8 *) p;
		memcpy(&weight, p + 1 + len, sizeof(double));
		append(state, p + 1, len, weight, false);
		p += 1 + len + sizeof(double);
	}
	MemoryContextSwitchTo(old);
	PG_RETURN_POINTER(state);
}
