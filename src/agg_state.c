/*
 * agg_state.c: aggregate states that are real SQL values, expanded in memory (deal_agg.h).
 *
 * The executor (and Citus) keep a read-write expanded state without copying it only when
 * the state's eoh_context is a child of the aggregate's context.  So every state of an
 * aggregate names one such child, its arena, made once; but the state's memory, its head and
 * what it grows, is allocated in the aggregate's context itself (DEAL_AGG_CONTEXT), as an
 * internal state's was: hash aggregation keeps each group's key there too, so a state is
 * allocated next to its key rather than in memory of its own.  One shared child
 * rather than one per state, because hash aggregation measures its memory by walking every
 * child context as each group starts, which made one context per group quadratic in the
 * groups.  The executor deletes an expanded state's eoh_context only when a transition returns
 * a different value, which never happens for a state of ours; resetting the aggregate's
 * context frees every state and the arena with them.
 */
#include "deal_agg.h"

#include "utils/lsyscache.h"
#include "utils/memutils.h"

#define ARENA_NAME "deal aggregate states"

/* A state's flat value, written on the first call after a change, owned by the state. */
struct varlena *
deal_agg_flat(DealAggState *s)
{
	if (s->flat == NULL)
	{
		/*
		 * Written in a scratch context and copied: what flatten allocates on the way would
		 * otherwise stay in the arena all the states share until the aggregate ends.
		 */
		MemoryContext scratch = AllocSetContextCreate(CurrentMemoryContext, "deal aggregate flatten",
													  ALLOCSET_DEFAULT_SIZES);
		MemoryContext caller = MemoryContextSwitchTo(scratch);
		struct varlena *flat = DEAL_AGG_METHODS(s)->flatten(s);

		MemoryContextSwitchTo(caller);
		s->flat = MemoryContextAlloc(DEAL_AGG_CONTEXT(s), VARSIZE(flat));
		memcpy(s->flat, flat, VARSIZE(flat));
		MemoryContextDelete(scratch);
	}
	return s->flat;
}

/* Expanded-object method: the flat value's size. */
Size
deal_agg_flat_size(ExpandedObjectHeader *eohptr)
{
	return VARSIZE(deal_agg_flat((DealAggState *) eohptr));
}

/* Expanded-object method: write the flat value (deal_agg_flat_size bytes) to result. */
void
deal_agg_flatten_into(ExpandedObjectHeader *eohptr, void *result, Size allocated_size)
{
	DealAggState *s = (DealAggState *) eohptr;

	Assert(s->flat != NULL && allocated_size == VARSIZE(s->flat));
	memcpy(result, s->flat, allocated_size);
}

/* Forget a state's flat value: it is about to change. */
void
deal_agg_forget_flat(DealAggState *s)
{
	if (s->flat != NULL)
		pfree(s->flat);
	s->flat = NULL;
}

/* The child of aggcxt that the aggregates' states name as theirs, made on first use. */
static MemoryContext
state_arena(MemoryContext aggcxt)
{
	for (MemoryContext c = aggcxt->firstchild; c != NULL; c = c->nextchild)
		if (strcmp(c->name, ARENA_NAME) == 0)
			return c;
	return AllocSetContextCreate(aggcxt, ARENA_NAME, ALLOCSET_SMALL_SIZES);
}

/* A new empty state of m in cxt, naming eoh_cxt (cxt itself or a child) as its context. */
static DealAggState *
state_new(MemoryContext cxt, MemoryContext eoh_cxt, const DealAggMethods *m)
{
	DealAggState *s = MemoryContextAllocZero(cxt, m->size);

	EOH_init_header(&s->hdr, &m->expanded, eoh_cxt);
	m->init(s);
	return s;
}

/* Is datum a state of m (read-write or read-only)? */
static bool
is_state(Datum datum, const DealAggMethods *m)
{
	return VARATT_IS_EXTERNAL_EXPANDED(DatumGetPointer(datum)) &&
		DatumGetEOHP(datum)->eoh_methods == &m->expanded;
}

/* Add value (a flat partial result, or a state of ours) to s. */
static void
state_add(DealAggState *s, Datum value)
{
	const DealAggMethods *m = DEAL_AGG_METHODS(s);

	deal_agg_forget_flat(s);
	if (is_state(value, m) && m->merge != NULL)
		m->merge(s, (DealAggState *) DatumGetEOHP(value));
	else
		m->add(s, value);
}

/* The first row of a group (or a flat value as the state): deal_agg_state's slow path. */
DealAggState *
deal_agg_new_state(FunctionCallInfo fcinfo, const DealAggMethods *m)
{
	MemoryContext aggcxt;
	DealAggState *s;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("%s can only be called by %s", get_func_name(fcinfo->flinfo->fn_oid), m->aggregate)));
	s = state_new(aggcxt, state_arena(aggcxt), m);
	if (!PG_ARGISNULL(0))
		state_add(s, PG_GETARG_DATUM(0));
	return s;
}

/*
 * The combine step: add argument 1 to argument 0 (both non-NULL: combine functions are
 * strict).  Called from SQL, outside an aggregate, the flat value of the two added up.
 */
Datum
deal_agg_combine(FunctionCallInfo fcinfo, const DealAggMethods *m)
{
	DealAggState *s;

	if (!AggCheckCallContext(fcinfo, NULL))
	{
		MemoryContext cxt = AllocSetContextCreate(CurrentMemoryContext, "deal aggregate combine", ALLOCSET_DEFAULT_SIZES);

		s = state_new(cxt, cxt, m);
		state_add(s, PG_GETARG_DATUM(0));
		state_add(s, PG_GETARG_DATUM(1));
		PG_RETURN_POINTER(deal_agg_flat(s));
	}
	s = deal_agg_state(fcinfo, m);
	state_add(s, PG_GETARG_DATUM(1));
	DEAL_AGG_RETURN(s);
}

/* The state argument 0 (not NULL) of a final function, made from a flat value if need be. */
DealAggState *
deal_agg_final_state(FunctionCallInfo fcinfo, const DealAggMethods *m)
{
	DealAggState *s;

	Assert(!PG_ARGISNULL(0));
	if (is_state(PG_GETARG_DATUM(0), m))
		return (DealAggState *) DatumGetEOHP(PG_GETARG_DATUM(0));
	s = state_new(CurrentMemoryContext, CurrentMemoryContext, m);
	m->add(s, PG_GETARG_DATUM(0));
	return s;
}

/* A final function whose result is the state's flat value: a copy of it (NULL for none). */
Datum
deal_agg_final_flat(FunctionCallInfo fcinfo, const DealAggMethods *m)
{
	DealAggState *s;
	struct varlena *result;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	if (!is_state(PG_GETARG_DATUM(0), m))
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));	/* a flat value: the only partial combined */
	s = (DealAggState *) DatumGetEOHP(PG_GETARG_DATUM(0));

	/*
	 * Written in the caller's context, not kept: the state may go on (a window aggregate),
	 * and a grouped aggregate's states would otherwise each keep their value until the end.
	 */
	if (s->flat == NULL)
		PG_RETURN_POINTER(m->flatten(s));
	result = palloc(VARSIZE(s->flat));
	memcpy(result, s->flat, VARSIZE(s->flat));
	PG_RETURN_POINTER(result);
}
