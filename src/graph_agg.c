/*
 * graph_agg.c: deal.graph_agg, the aggregate that builds a graph from the caller's rows.
 *
 * Its state is a deal.graph, so that parallel query and Citus can split it: workers build
 * partial graphs, which travel as deal.graph values (Citus ships them through the text form),
 * and the combine step adds each to the leader's.  While rows arrive the state is expanded in
 * memory (deal_agg.h): a GraphBuilder each row is added to in place.  The value does not
 * depend on how rows were split or ordered.
 *
 * NULLs: a row whose source is NULL is skipped; a row whose destination is NULL adds its
 * source as a node on its own (so LEFT JOINs keep people without links); a NULL edge kind
 * with both ends present is an error; a NULL validity range means always valid.
 */
#include "deal_graph.h"
#include "deal_agg.h"

#include "utils/builtins.h"
#include "utils/rangetypes.h"
#include "utils/typcache.h"

#define SHORT_NODE_KIND "node"
#define SHORT_EDGE_KIND "edge"

/* The aggregate state: a graph being built. */
typedef struct GraphAggState
{
	DealAggState head;
	DealAllocator alloc;		/* pallocs in the state's context */
	GraphBuilder b;
} GraphAggState;

/* An empty state. */
static void
state_init(DealAggState *s)
{
	GraphAggState *state = (GraphAggState *) s;

	state->alloc = deal_allocator_in(DEAL_AGG_CONTEXT(s));
	graph_builder_init(&state->b, &state->alloc);
}

/* The canonical graph of a state, in the current memory context. */
static struct varlena *
state_flatten(DealAggState *s)
{
	GraphBuilder *b = &((GraphAggState *) s)->b;
	const DealAllocator *own = b->alloc;
	struct varlena *flat;
	DealStatus	st;

	if (graph_builder_flush(b, &st) != DEAL_OK)
		deal_raise(&st, "argument of deal.graph_agg", NULL);
	/* with nothing pending, flattening only reads the builder: its work arrays go here too */
	b->alloc = &deal_palloc_allocator;
	PG_TRY();
	{
		flat = deal_graph_flatten(b);
	}
	PG_FINALLY();
	{
		b->alloc = own;
	}
	PG_END_TRY();
	return flat;
}

/* Add a graph (a partial result) to a state. */
static void
state_add(DealAggState *s, Datum graph)
{
	DealStatus	st;

	if (graph_builder_add_graph(&((GraphAggState *) s)->b, &deal_graph_open(graph)->g, &deal_interrupt, &st) != DEAL_OK)
		deal_raise(&st, "argument of deal.graph_agg", NULL);
}

/* Add another state to a state. */
static void
state_merge(DealAggState *s, DealAggState *other)
{
	DealStatus	st;

	if (graph_builder_merge(&((GraphAggState *) s)->b, &((GraphAggState *) other)->b, &st) != DEAL_OK)
		deal_raise(&st, "argument of deal.graph_agg", NULL);
}

static const DealAggMethods graph_agg_methods = {
	DEAL_AGG_EXPANDED, "deal.graph_agg", sizeof(GraphAggState), state_init, state_flatten, state_add, state_merge
};

/* The state of a transition, to add a row to. */
static GraphAggState *
agg_state(FunctionCallInfo fcinfo)
{
	return (GraphAggState *) deal_agg_state(fcinfo, &graph_agg_methods);
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
		DEAL_AGG_RETURN(&state->head);
	src_kind = PG_GETARG_TEXT_PP(1);
	if (PG_ARGISNULL(3) || PG_ARGISNULL(4))
	{
		if (graph_builder_add_node(&state->b, VARDATA_ANY(src_kind), VARSIZE_ANY_EXHDR(src_kind),
								   PG_GETARG_INT64(2), &st) != DEAL_OK)
			raise_builder_error(&st);
		DEAL_AGG_RETURN(&state->head);
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
	DEAL_AGG_RETURN(&state->head);
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
		DEAL_AGG_RETURN(&state->head);
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
	DEAL_AGG_RETURN(&state->head);
}

/* Final: the canonical graph (NULL when there were no rows). */
PG_FUNCTION_INFO_V1(graph_agg_finalfn);
Datum
graph_agg_finalfn(PG_FUNCTION_ARGS)
{
	return deal_agg_final_flat(fcinfo, &graph_agg_methods);
}

/*
 * Combine: add the second graph (a partial result: a flat deal.graph from a parallel or
 * Citus worker) to the first; from SQL, the union of two graphs.
 */
PG_FUNCTION_INFO_V1(graph_agg_combinefn);
Datum
graph_agg_combinefn(PG_FUNCTION_ARGS)
{
	return deal_agg_combine(fcinfo, &graph_agg_methods);
}
