/*
 * graph_agg.c: deal.graph_agg, the aggregate that builds a graph from the caller's rows.
 *
 * Its state is a deal.graph, so that parallel query and Citus can split it: workers build
 * partial graphs, which travel as deal.graph values (Citus ships them through the text form),
 * and the combine step adds each to the leader's.  While rows arrive, the state is an
 * expanded object (utils/expandeddatum.h) holding a GraphBuilder, in a memory context under
 * the aggregate's: each transition adds its row to the builder in place and returns the same
 * read-write pointer, so nothing is flattened per row.  The canonical flat form is
 * written once, when something asks for it (the final function, a parallel worker's result,
 * Citus's text output) and kept until the next row changes the builder.  The value does not
 * depend on how rows were split or ordered.
 *
 * NULLs: a row whose source is NULL is skipped; a row whose destination is NULL adds its
 * source as a node on its own (so LEFT JOINs keep people without links); a NULL edge kind
 * with both ends present is an error; a NULL validity range means always valid.
 */
#include "deal_graph.h"

#include "utils/builtins.h"
#include "utils/expandeddatum.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/rangetypes.h"
#include "utils/typcache.h"

#define SHORT_NODE_KIND "node"
#define SHORT_EDGE_KIND "edge"

/* The aggregate state: a graph being built, expanded in memory. */
typedef struct GraphAggState
{
	ExpandedObjectHeader hdr;
	DealAllocator alloc;		/* pallocs in hdr.eoh_context */
	GraphBuilder b;
	struct varlena *flat;		/* the canonical flat form, once asked for; NULL after a change */
} GraphAggState;

static Size state_flat_size(ExpandedObjectHeader *eohptr);
static void state_flatten_into(ExpandedObjectHeader *eohptr, void *result, Size allocated_size);

static const ExpandedObjectMethods state_methods = {state_flat_size, state_flatten_into};

/* The flat form of a state, written on the first call after a change. */
static struct varlena *
state_flat(GraphAggState *state)
{
	if (state->flat == NULL)
		state->flat = deal_graph_flatten(&state->b);
	return state->flat;
}

/* Expanded-object method: the flat form's size. */
static Size
state_flat_size(ExpandedObjectHeader *eohptr)
{
	return VARSIZE(state_flat((GraphAggState *) eohptr));
}

/* Expanded-object method: write the flat form (state_flat_size bytes) to result. */
static void
state_flatten_into(ExpandedObjectHeader *eohptr, void *result, Size allocated_size)
{
	GraphAggState *state = (GraphAggState *) eohptr;

	Assert(state->flat != NULL && allocated_size == VARSIZE(state->flat));
	memcpy(result, state->flat, allocated_size);
}

/*
 * The memory context under the aggregate's context that holds its states, made on first use.
 * The executor keeps a read-write expanded state without copying it only when the state's
 * context is a child of the aggregate's; one shared child rather than one per state, because
 * hash aggregation measures its memory by walking every child context as each group starts
 * (one context per group made 100,000 groups quadratic).  The executor deletes an expanded
 * state's context only when a transition returns a different value, which ours never do for
 * a state of ours; resetting the aggregate's context frees them all.
 */
static MemoryContext
state_arena(MemoryContext aggcxt)
{
	for (MemoryContext c = aggcxt->firstchild; c != NULL; c = c->nextchild)
		if (strcmp(c->name, "deal.graph_agg states") == 0)
			return c;
	return AllocSetContextCreate(aggcxt, "deal.graph_agg states", ALLOCSET_DEFAULT_SIZES);
}

/* A new empty state in cxt. */
static GraphAggState *
state_new(MemoryContext cxt)
{
	GraphAggState *state = MemoryContextAllocZero(cxt, sizeof(GraphAggState));

	EOH_init_header(&state->hdr, &state_methods, cxt);
	state->alloc = deal_allocator_in(cxt);
	graph_builder_init(&state->b, &state->alloc);
	return state;
}

/* Is datum one of our states (read-write or read-only)? */
static bool
is_state(Datum datum)
{
	return VARATT_IS_EXTERNAL_EXPANDED(DatumGetPointer(datum)) &&
		DatumGetEOHP(datum)->eoh_methods == &state_methods;
}

/* Forget the flat form of a state about to change. */
static void
state_changing(GraphAggState *state)
{
	if (state->flat != NULL)
		pfree(state->flat);
	state->flat = NULL;
}

/* Add the graph datum (a state or a flat deal.graph) to state. */
static void
state_add(GraphAggState *state, Datum graph)
{
	DealStatus	st;

	state_changing(state);
	if (is_state(graph))
	{
		if (graph_builder_merge(&state->b, &((GraphAggState *) DatumGetEOHP(graph))->b, &st) != DEAL_OK)
			deal_raise(&st, "argument of deal.graph_agg", NULL);
	}
	else if (graph_builder_add_graph(&state->b, &deal_graph_open(graph)->g, &deal_interrupt, &st) != DEAL_OK)
		deal_raise(&st, "argument of deal.graph_agg", NULL);
}

/*
 * The state argument 0 of an aggregate support function, to change in place: a read-write
 * state of ours is taken as it is; NULL starts an empty one; any other graph (a flat value,
 * as the combine step may first be handed) is copied into a new state.  States live under
 * the aggregate's memory context (state_arena), so the executor keeps them without copying.
 */
static GraphAggState *
agg_state(FunctionCallInfo fcinfo)
{
	MemoryContext aggcxt;
	GraphAggState *state;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("%s can only be called by deal.graph_agg", get_func_name(fcinfo->flinfo->fn_oid))));
	if (!PG_ARGISNULL(0) && is_state(PG_GETARG_DATUM(0)) &&
		VARATT_IS_EXTERNAL_EXPANDED_RW(DatumGetPointer(PG_GETARG_DATUM(0))))
	{
		state = (GraphAggState *) DatumGetEOHP(PG_GETARG_DATUM(0));
		state_changing(state);
		return state;
	}
	state = state_new(state_arena(aggcxt));
	if (!PG_ARGISNULL(0))
		state_add(state, PG_GETARG_DATUM(0));
	return state;
}

/* Return a state as the aggregate's new transition value. */
#define PG_RETURN_STATE(state) PG_RETURN_DATUM(EOHPGetRWDatum(&(state)->hdr))

/* A validity daterange as [from, to) days; NULL or infinite bounds are unbounded. */
static void
validity(FunctionCallInfo fcinfo, int argno, int32 *from, int32 *to)
{
	struct varlena *raw;
	RangeType  *range;
	TypeCacheEntry *typcache;
	RangeBound	lower,
				upper;
	bool		empty;
	union
	{
		RangeType	header;
		int64		align;
		char		bytes[32];
	}			aligned;

	*from = GRAPH_NO_LOWER;
	*to = GRAPH_NO_UPPER;
	if (PG_NARGS() <= argno || PG_ARGISNULL(argno))
		return;

	/*
	 * A daterange read from a table has a 1-byte header; copying it to an aligned local
	 * buffer saves detoasting (a palloc and copy) on every row.
	 */
	raw = (struct varlena *) PG_GETARG_POINTER(argno);
	if (VARATT_IS_SHORT(raw) && !VARATT_IS_EXTERNAL(raw) &&
		VARSIZE_SHORT(raw) - VARHDRSZ_SHORT + VARHDRSZ <= sizeof(aligned))
	{
		memcpy(aligned.bytes + VARHDRSZ, VARDATA_SHORT(raw), VARSIZE_SHORT(raw) - VARHDRSZ_SHORT);
		SET_VARSIZE(aligned.bytes, VARSIZE_SHORT(raw) - VARHDRSZ_SHORT + VARHDRSZ);
		range = &aligned.header;
	}
	else
		range = PG_GETARG_RANGE_P(argno);
	typcache = (TypeCacheEntry *) fcinfo->flinfo->fn_extra;
	if (typcache == NULL || typcache->type_id != RangeTypeGetOid(range))
	{
		typcache = lookup_type_cache(RangeTypeGetOid(range), TYPECACHE_RANGE_INFO);
		fcinfo->flinfo->fn_extra = typcache;
	}
	range_deserialize(typcache, range, &lower, &upper, &empty);
	if (empty)
	{
		*from = *to = 0;
		return;
	}
	if (!lower.infinite && DatumGetDateADT(lower.val) != DATEVAL_NOBEGIN)
		*from = DatumGetDateADT(lower.val);
	if (!upper.infinite && DatumGetDateADT(upper.val) != DATEVAL_NOEND)
		*to = DatumGetDateADT(upper.val);
}

/* Raise a builder error; a bad argument names the aggregate. */
static void
raise_builder_error(const DealStatus *st)
{
	deal_raise(st, "argument of deal.graph_agg", NULL);
}

/* Transition: (src_kind, src_id, dst_kind, dst_id, edge_kind [, during]). */
PG_FUNCTION_INFO_V1(graph_agg_transfn);
Datum
graph_agg_transfn(PG_FUNCTION_ARGS)
{
	GraphAggState *state = agg_state(fcinfo);
	DealStatus	st;
	text	   *src_kind,
			   *dst_kind,
			   *edge_kind;
	int32		from,
				to;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
		PG_RETURN_STATE(state);
	src_kind = PG_GETARG_TEXT_PP(1);
	if (PG_ARGISNULL(3) || PG_ARGISNULL(4))
	{
		if (graph_builder_add_node(&state->b, VARDATA_ANY(src_kind), VARSIZE_ANY_EXHDR(src_kind),
								   PG_GETARG_INT64(2), &st) != DEAL_OK)
			raise_builder_error(&st);
		PG_RETURN_STATE(state);
	}
	if (PG_ARGISNULL(5))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("edge kind of deal.graph_agg must not be null")));
	dst_kind = PG_GETARG_TEXT_PP(3);
	edge_kind = PG_GETARG_TEXT_PP(5);
	validity(fcinfo, 6, &from, &to);
	if (graph_builder_add_edge(&state->b,
							   VARDATA_ANY(src_kind), VARSIZE_ANY_EXHDR(src_kind), PG_GETARG_INT64(2),
							   VARDATA_ANY(dst_kind), VARSIZE_ANY_EXHDR(dst_kind), PG_GETARG_INT64(4),
							   VARDATA_ANY(edge_kind), VARSIZE_ANY_EXHDR(edge_kind),
							   from, to, &st) != DEAL_OK)
		raise_builder_error(&st);
	PG_RETURN_STATE(state);
}

/* Transition of the short form: (src, dst [, edge_kind]), all nodes of kind "node". */
PG_FUNCTION_INFO_V1(graph_agg_short_transfn);
Datum
graph_agg_short_transfn(PG_FUNCTION_ARGS)
{
	GraphAggState *state = agg_state(fcinfo);
	DealStatus	st;
	const char *edge_kind = SHORT_EDGE_KIND;
	size_t		edge_kind_len = strlen(SHORT_EDGE_KIND);
	DealCode	code;

	if (PG_ARGISNULL(1))
		PG_RETURN_STATE(state);
	if (PG_ARGISNULL(2))
		code = graph_builder_add_node(&state->b, SHORT_NODE_KIND, strlen(SHORT_NODE_KIND),
									  PG_GETARG_INT64(1), &st);
	else
	{
		if (PG_NARGS() > 3)
		{
			text	   *kind;

			if (PG_ARGISNULL(3))
				ereport(ERROR,
						(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
						 errmsg("edge kind of deal.graph_agg must not be null")));
			kind = PG_GETARG_TEXT_PP(3);
			edge_kind = VARDATA_ANY(kind);
			edge_kind_len = VARSIZE_ANY_EXHDR(kind);
		}
		code = graph_builder_add_edge(&state->b,
									  SHORT_NODE_KIND, strlen(SHORT_NODE_KIND), PG_GETARG_INT64(1),
									  SHORT_NODE_KIND, strlen(SHORT_NODE_KIND), PG_GETARG_INT64(2),
									  edge_kind, edge_kind_len, GRAPH_NO_LOWER, GRAPH_NO_UPPER, &st);
	}
	if (code != DEAL_OK)
		raise_builder_error(&st);
	PG_RETURN_STATE(state);
}

/* Final: the canonical graph (NULL when there were no rows). */
PG_FUNCTION_INFO_V1(graph_agg_finalfn);
Datum
graph_agg_finalfn(PG_FUNCTION_ARGS)
{
	GraphAggState *state;
	struct varlena *flat;
	struct varlena *result;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	if (!is_state(PG_GETARG_DATUM(0)))
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));	/* a flat graph: the only partial combined */

	/* a copy in the caller's context; the state may go on (a window aggregate) */
	state = (GraphAggState *) DatumGetEOHP(PG_GETARG_DATUM(0));
	flat = state_flat(state);
	result = palloc(VARSIZE(flat));
	memcpy(result, flat, VARSIZE(flat));
	PG_RETURN_POINTER(result);
}

/*
 * Combine: add the second graph (a partial result: a flat deal.graph from a parallel or
 * Citus worker) to the first.  Strict: the executor keeps the first partial as it comes.
 */
PG_FUNCTION_INFO_V1(graph_agg_combinefn);
Datum
graph_agg_combinefn(PG_FUNCTION_ARGS)
{
	GraphAggState *state;

	if (!AggCheckCallContext(fcinfo, NULL))
	{
		/* called from SQL: the union of two graphs, made in a context of its own */
		state = state_new(AllocSetContextCreate(CurrentMemoryContext, "deal.graph union", ALLOCSET_DEFAULT_SIZES));
		state_add(state, PG_GETARG_DATUM(0));
		state_add(state, PG_GETARG_DATUM(1));
		PG_RETURN_POINTER(state_flat(state));
	}
	state = agg_state(fcinfo);
	state_add(state, PG_GETARG_DATUM(1));
	PG_RETURN_STATE(state);
}
