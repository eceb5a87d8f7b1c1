/*
 * profile_agg.c: the aggregates that build profiles: profile_agg(label, weight), which sums
 * weights per label, and union_agg(profile), which keeps each label's largest weight.
 *
 * The state is a ProfileAcc (core/profile_acc.h): one entry per distinct label, its exact sum
 * or its largest weight, so memory grows with the labels, not the rows.  It is expanded in
 * memory while rows arrive (deal_agg.h), and is a real SQL value between workers and leader,
 * so that parallel query and Citus split both aggregates: union_agg's is a deal.profile (the
 * largest weights so far), profile_agg's a deal.profile_sum, the serialised accumulator, which
 * keeps each sum exact (a profile's rounded weights would not).  Sums are rounded once, in
 * the final function, so no order or split of the rows changes the result.
 */
#include "deal_profile.h"
#include "deal_agg.h"

#include <math.h>

#include "core/profile_acc.h"

#include "utils/builtins.h"

#define SUBJECT "aggregated profile"

/* The aggregate state: an accumulator. */
typedef struct ProfileAggState
{
	DealAggState head;
	DealAllocator alloc;		/* pallocs in the state's context */
	ProfileAcc	acc;
} ProfileAggState;

/* An empty accumulator of kind in a new state. */
static void
acc_init(DealAggState *s, ProfileAccKind kind)
{
	ProfileAggState *state = (ProfileAggState *) s;

	state->alloc = deal_allocator_in(DEAL_AGG_CONTEXT(s));
	profile_acc_init(&state->acc, kind, &state->alloc);
}

/* An empty state of profile_agg: sums. */
static void
sum_init(DealAggState *s)
{
	acc_init(s, PROFILE_ACC_SUM);
}

/* An empty state of union_agg: largest weights. */
static void
max_init(DealAggState *s)
{
	acc_init(s, PROFILE_ACC_MAX);
}

/* The profile of an accumulator, each sum rounded once; the accumulator is not changed. */
static Datum
acc_profile(const ProfileAcc *acc)
{
	ProfileEntry *entries;
	uint32_t	n;
	DealStatus	st;

	deal_check(profile_acc_finish(acc, &deal_palloc_allocator, &entries, &n, &st), &st, SUBJECT, NULL);
	return deal_profile_make(entries, n);
}

/* union_agg's flat state: the profile of the largest weights. */
static struct varlena *
max_flatten(DealAggState *s)
{
	return (struct varlena *) DatumGetPointer(acc_profile(&((ProfileAggState *) s)->acc));
}

/* profile_agg's flat state: the serialised accumulator, a deal.profile_sum. */
static struct varlena *
sum_flatten(DealAggState *s)
{
	const ProfileAcc *acc = &((ProfileAggState *) s)->acc;
	bytea	   *out = deal_state_bytea(profile_acc_serial_size(acc), "deal.profile_agg");

	profile_acc_serialize(acc, VARDATA(out));	/* writes every byte */
	return out;
}

/* Add a profile (a partial union) to a state. */
static void
max_add(DealAggState *s, Datum value)
{
	OpenProfile p = deal_profile_open(value);
	DealStatus	st;

	deal_check(profile_acc_add_profile(&((ProfileAggState *) s)->acc, &p.p, &st), &st, SUBJECT, NULL);
	deal_profile_close(&p);
}

/* Add a deal.profile_sum (a partial sum) to a state, refusing a damaged one. */
static void
sum_add(DealAggState *s, Datum value)
{
	bytea	   *in = DatumGetByteaPP(value);
	ProfileAcc	other;
	DealStatus	st;

	profile_acc_init(&other, PROFILE_ACC_SUM, &deal_palloc_allocator);
	deal_check(profile_acc_deserialize(&other, VARDATA_ANY(in), VARSIZE_ANY_EXHDR(in), &st), &st,
			   "deal.profile_sum", NULL);
	if (other.kind != PROFILE_ACC_SUM)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid deal.profile_sum"),
				 errdetail("The value holds largest weights, not sums.")));
	deal_check(profile_acc_merge(&((ProfileAggState *) s)->acc, &other, &st), &st, SUBJECT, NULL);
	profile_acc_free(&other);
}

/* Add another state to a state. */
static void
acc_merge(DealAggState *s, DealAggState *other)
{
	DealStatus	st;

	deal_check(profile_acc_merge(&((ProfileAggState *) s)->acc, &((ProfileAggState *) other)->acc, &st),
			   &st, SUBJECT, NULL);
}

static const DealAggMethods profile_agg_methods = {
	DEAL_AGG_EXPANDED, "deal.profile_agg", sizeof(ProfileAggState), sum_init, sum_flatten, sum_add, acc_merge
};
static const DealAggMethods union_agg_methods = {
	DEAL_AGG_EXPANDED, "deal.union_agg", sizeof(ProfileAggState), max_init, max_flatten, max_add, acc_merge
};

/* profile_agg transition: (label, weight); NULL label skipped, NULL weight means 1. */
PG_FUNCTION_INFO_V1(profile_agg_transfn);
Datum
profile_agg_transfn(PG_FUNCTION_ARGS)
{
	ProfileAggState *state = (ProfileAggState *) deal_agg_state(fcinfo, &profile_agg_methods);
	text	   *label;
	double		weight = PG_ARGISNULL(2) ? 1.0 : PG_GETARG_FLOAT8(2);
	DealStatus	st;

	if (PG_ARGISNULL(1))
		DEAL_AGG_RETURN(&state->head);
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
	DEAL_AGG_RETURN(&state->head);
}

/* union_agg transition: every label of a profile. */
PG_FUNCTION_INFO_V1(union_agg_transfn);
Datum
union_agg_transfn(PG_FUNCTION_ARGS)
{
	ProfileAggState *state = (ProfileAggState *) deal_agg_state(fcinfo, &union_agg_methods);

	if (!PG_ARGISNULL(1))
		max_add(&state->head, PG_GETARG_DATUM(1));
	DEAL_AGG_RETURN(&state->head);
}

/* profile_agg final: weights summed per label, each rounded once (NULL for no rows). */
PG_FUNCTION_INFO_V1(profile_agg_finalfn);
Datum
profile_agg_finalfn(PG_FUNCTION_ARGS)
{
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	return acc_profile(&((ProfileAggState *) deal_agg_final_state(fcinfo, &profile_agg_methods))->acc);
}

/* union_agg final: each label's largest weight (NULL for no rows). */
PG_FUNCTION_INFO_V1(union_agg_finalfn);
Datum
union_agg_finalfn(PG_FUNCTION_ARGS)
{
	return deal_agg_final_flat(fcinfo, &union_agg_methods);
}

/* profile_agg combine: add the second partial sum to the first. */
PG_FUNCTION_INFO_V1(profile_agg_combinefn);
Datum
profile_agg_combinefn(PG_FUNCTION_ARGS)
{
	return deal_agg_combine(fcinfo, &profile_agg_methods);
}

/* union_agg combine: the union of two partial unions (each label's larger weight). */
PG_FUNCTION_INFO_V1(union_agg_combinefn);
Datum
union_agg_combinefn(PG_FUNCTION_ARGS)
{
	return deal_agg_combine(fcinfo, &union_agg_methods);
}
