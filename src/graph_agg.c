/*
 * graph_agg.c: deal.graph_agg, the aggregate that builds a graph from the caller's rows.
 *
 * Its state is a GraphBuilder in the aggregate's memory context.  Parallel workers
 * serialise their builders; the leader merges them (the combine step) and flattens the
 * result once, so the value does not depend on how rows were split or ordered.
 *
 * NULLs: a row whose source is NULL is skipped; a row whose destination is NULL adds its
 * source as a node on its own (so LEFT JOINs keep people without links); a NULL edge kind
 * with both ends present is an error; a NULL validity range means always valid.
 */
#include "deal_graph.h"

#include "utils/builtins.h"
#include "utils/memutils.h"
#include "utils/rangetypes.h"
#include "utils/typcache.h"

#define SHORT_NODE_KIND "node"
#define SHORT_EDGE_KIND "edge"

/* The aggregate state: a builder and the allocator it uses. */
typedef struct GraphAggState
{
	DealAllocator alloc;
	GraphBuilder b;
} GraphAggState;

/* The state of this call, made in the aggregate context on the first row. */
static GraphAggState *
agg_state(FunctionCallInfo fcinfo)
{
	MemoryContext aggcxt;
	GraphAggState *state;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "deal.graph_agg transition function called in a non-aggregate context");
	if (!PG_ARGISNULL(0))
		return (GraphAggState *) PG_GETARG_POINTER(0);
	state = MemoryContextAllocZero(aggcxt, sizeof(GraphAggState));
	state->alloc = deal_allocator_in(aggcxt);
	graph_builder_init(&state->b, &state->alloc);
	return state;
}

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
		PG_RETURN_POINTER(state);
	src_kind = PG_GETARG_TEXT_PP(1);
	if (PG_ARGISNULL(3) || PG_ARGISNULL(4))
	{
		if (graph_builder_add_node(&state->b, VARDATA_ANY(src_kind), VARSIZE_ANY_EXHDR(src_kind),
								   PG_GETARG_INT64(2), &st) != DEAL_OK)
			raise_builder_error(&st);
		PG_RETURN_POINTER(state);
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
	PG_RETURN_POINTER(state);
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
		PG_RETURN_POINTER(state);
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
	PG_RETURN_POINTER(state);
}

/* Final: the canonical graph (NULL when there were no rows). */
PG_FUNCTION_INFO_V1(graph_agg_finalfn);
Datum
graph_agg_finalfn(PG_FUNCTION_ARGS)
{
	GraphAggState *state;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	state = (GraphAggState *) PG_GETARG_POINTER(0);
	PG_RETURN_POINTER(deal_graph_flatten(&state->b));
}

/* Combine: add the second state's rows to the first. */
PG_FUNCTION_INFO_V1(graph_agg_combinefn);
Datum
graph_agg_combinefn(PG_FUNCTION_ARGS)
{
	GraphAggState *state;
	DealStatus	st;

	GraphAggState *other;

	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	other = (GraphAggState *) PG_GETARG_POINTER(1);

	/*
	 * The first state is taken over rather than copied into an empty one: states reach here
	 * from graph_agg_deserialfn, which makes them in this aggregate's context.
	 */
	if (PG_ARGISNULL(0))
		PG_RETURN_POINTER(other);
	state = agg_state(fcinfo);
	if (graph_builder_merge(&state->b, &other->b, &st) != DEAL_OK)
		raise_builder_error(&st);
	graph_builder_free(&other->b);
	PG_RETURN_POINTER(state);
}

/* Serialise a state for a parallel worker's result. */
PG_FUNCTION_INFO_V1(graph_agg_serialfn);
Datum
graph_agg_serialfn(PG_FUNCTION_ARGS)
{
	GraphAggState *state = (GraphAggState *) PG_GETARG_POINTER(0);
	size_t		size;
	bytea	   *out;
	DealStatus	st;

	if (graph_builder_flush(&state->b, &st) != DEAL_OK)
		raise_builder_error(&st);
	size = graph_builder_serial_size(&state->b);
	out = deal_state_bytea(size, "deal.graph_agg");	/* graph_builder_serialize writes every byte */
	graph_builder_serialize(&state->b, VARDATA(out));
	PG_RETURN_BYTEA_P(out);
}

/* Deserialise a state. */
PG_FUNCTION_INFO_V1(graph_agg_deserialfn);
Datum
graph_agg_deserialfn(PG_FUNCTION_ARGS)
{
	bytea	   *in = PG_GETARG_BYTEA_PP(0);
	MemoryContext aggcxt;
	GraphAggState *state;
	DealStatus	st;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "deal.graph_agg deserialise function called in a non-aggregate context");
	state = MemoryContextAllocZero(aggcxt, sizeof(GraphAggState));
	state->alloc = deal_allocator_in(aggcxt);
	graph_builder_init(&state->b, &state->alloc);
	if (graph_builder_deserialize(&state->b, VARDATA_ANY(in), VARSIZE_ANY_EXHDR(in), &st) != DEAL_OK)
		deal_raise(&st, "deal.graph_agg state", NULL);
	PG_RETURN_POINTER(state);
}
