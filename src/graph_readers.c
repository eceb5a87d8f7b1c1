/*
 * graph_readers.c: the set-returning functions and summaries that read a deal.graph.
 *
 * Every reader takes the graph, the edge kinds to follow (NULL for all) and an as_of date
 * (NULL for any), computes its answer in the core and returns it through a tuplestore.
 * A NULL graph gives no rows (or NULL).
 */
#include "deal_graph.h"

#include "funcapi.h"
#include "utils/builtins.h"

/* The filter in arguments kinds_arg (text[]) and as_of_arg (date) of this call. */
static void
call_filter(FunctionCallInfo fcinfo, const DealGraph *dg, int kinds_arg, int as_of_arg, GraphFilter *f)
{
	ArrayType  *kinds = PG_ARGISNULL(kinds_arg) ? NULL : PG_GETARG_ARRAYTYPE_P(kinds_arg);

	deal_graph_filter(dg, kinds, PG_ARGISNULL(as_of_arg), PG_ARGISNULL(as_of_arg) ? 0 : PG_GETARG_DATEADT(as_of_arg), f);
}

/* Kind name of node i as a text datum. */
static Datum
node_kind_datum(const Graph *g, uint32 i)
{
	return CStringGetTextDatum(g->node_kind_names[graph_node_kind(g, i)]);
}

/* The node given by arguments kind_arg and id_arg, or GRAPH_NO_NODE. */
static uint32
call_node(FunctionCallInfo fcinfo, const DealGraph *dg, int kind_arg, int id_arg)
{
	text	   *kind = PG_GETARG_TEXT_PP(kind_arg);

	return graph_find_node(&dg->g, VARDATA_ANY(kind), VARSIZE_ANY_EXHDR(kind), PG_GETARG_INT64(id_arg));
}

/* Are any of arguments 0 .. n-1 NULL? */
static bool
any_null(FunctionCallInfo fcinfo, int n)
{
	for (int i = 0; i < n; i++)
		if (PG_ARGISNULL(i))
			return true;
	return false;
}

/* components(g, kinds, as_of) -> (node_kind, node_id, component) */
PG_FUNCTION_INFO_V1(graph_components_srf);
Datum
graph_components_srf(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	DealGraph  *dg;
	GraphFilter f;
	uint32	   *component;
	DealStatus	st;

	deal_srf_begin(fcinfo);
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	dg = deal_graph_open(PG_GETARG_DATUM(0));
	call_filter(fcinfo, dg, 1, 2, &f);
	component = palloc_extended(sizeof(uint32) * ((Size) dg->g.n_nodes + 1), MCXT_ALLOC_HUGE);
	if (graph_components(&dg->g, &f, component, &deal_palloc_allocator, &deal_interrupt, &st) < 0)
		deal_raise(&st, "graph", NULL);
	for (uint32 k = 0; k < dg->g.n_node_kinds; k++)
	{
		Datum		kind = CStringGetTextDatum(dg->g.node_kind_names[k]);

		CHECK_FOR_INTERRUPTS();
		for (uint32 i = dg->g.kind_start[k]; i < dg->g.kind_start[k + 1]; i++)
		{
			Datum		values[3] = {kind, Int64GetDatum(graph_node_id(&dg->g, i)), Int32GetDatum(component[i])};
			bool		nulls[3] = {false, false, false};

			CHECK_FOR_INTERRUPTS();
			tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
		}
	}
	PG_RETURN_NULL();
}

/* neighbourhood(g, kind, id, hops, kinds, as_of) -> (node_kind, node_id, hops) */
PG_FUNCTION_INFO_V1(graph_neighbourhood_srf);
Datum
graph_neighbourhood_srf(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	DealGraph  *dg;
	GraphFilter f;
	const GraphAdjacency *adj;
	uint32		start;
	int32		max_hops = PG_ARGISNULL(3) ? PG_INT32_MAX : PG_GETARG_INT32(3);
	size_t		reached;

	deal_srf_begin(fcinfo);
	if (any_null(fcinfo, 3))
		PG_RETURN_NULL();
	if (max_hops < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("hops must not be negative, got %d", max_hops)));
	dg = deal_graph_open(PG_GETARG_DATUM(0));
	start = call_node(fcinfo, dg, 1, 2);
	if (start == GRAPH_NO_NODE)
	{
		/* a start node not in the graph is alone: itself, at hop 0 */
		Datum		values[3] = {PG_GETARG_DATUM(1), PG_GETARG_DATUM(2), Int32GetDatum(0)};
		bool		nulls[3] = {false, false, false};

		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
		PG_RETURN_NULL();
	}
	call_filter(fcinfo, dg, 4, 5, &f);
	adj = deal_graph_adjacency(dg, &f);
	reached = deal_graph_bfs(dg, adj, start, max_hops, GRAPH_NO_NODE);
	for (size_t q = 0; q < reached; q++)
	{
		uint32		i = dg->queue[q];
		Datum		values[3];
		bool		nulls[3] = {false, false, false};

		CHECK_FOR_INTERRUPTS();
		values[0] = node_kind_datum(&dg->g, i);
		values[1] = Int64GetDatum(graph_node_id(&dg->g, i));
		values[2] = Int32GetDatum(dg->hops[i]);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	deal_graph_bfs_done(dg, reached);
	PG_RETURN_NULL();
}

/* shortest_path(g, from_kind, from_id, to_kind, to_id, kinds, as_of) -> (step, node_kind, node_id, edge_kind) */
PG_FUNCTION_INFO_V1(graph_shortest_path_srf);
Datum
graph_shortest_path_srf(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	DealGraph  *dg;
	GraphFilter f;
	const GraphAdjacency *adj;
	uint32		from,
				to;
	uint32	   *path;
	int32		steps;
	size_t		reached;

	deal_srf_begin(fcinfo);
	if (any_null(fcinfo, 5))
		PG_RETURN_NULL();
	dg = deal_graph_open(PG_GETARG_DATUM(0));
	from = call_node(fcinfo, dg, 1, 2);
	to = call_node(fcinfo, dg, 3, 4);
	if (from == GRAPH_NO_NODE || to == GRAPH_NO_NODE)
		PG_RETURN_NULL();
	call_filter(fcinfo, dg, 5, 6, &f);
	adj = deal_graph_adjacency(dg, &f);
	reached = deal_graph_bfs(dg, adj, from, PG_INT32_MAX, to);
	steps = dg->hops[to];
	if (steps < 0)
	{
		deal_graph_bfs_done(dg, reached);
		PG_RETURN_NULL();
	}

	/* walk back from the target, then emit from the start */
	path = palloc(sizeof(uint32) * (steps + 1));
	path[steps] = to;
	for (int32 s = steps; s > 0; s--)
	{
		uint32		e = dg->parent_edge[path[s]];

		CHECK_FOR_INTERRUPTS();
		path[s - 1] = dg->g.dst[e] == path[s] ? graph_edge_src(&dg->g, e) : dg->g.dst[e];
	}
	for (int32 s = 0; s <= steps; s++)
	{
		Datum		values[4];
		bool		nulls[4] = {false, false, false, s == 0};

		CHECK_FOR_INTERRUPTS();
		values[0] = Int32GetDatum(s);
		values[1] = node_kind_datum(&dg->g, path[s]);
		values[2] = Int64GetDatum(graph_node_id(&dg->g, path[s]));
		values[3] = s == 0 ? (Datum) 0 :
			CStringGetTextDatum(dg->g.edge_kind_names[graph_edge_kind(&dg->g, dg->parent_edge[path[s]])]);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	deal_graph_bfs_done(dg, reached);
	PG_RETURN_NULL();
}

/* articulation_points(g, kinds, as_of) -> (node_kind, node_id) */
PG_FUNCTION_INFO_V1(graph_articulation_points_srf);
Datum
graph_articulation_points_srf(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	DealGraph  *dg;
	GraphFilter f;
	const GraphAdjacency *adj;
	bool	   *is_cut;
	DealStatus	st;

	deal_srf_begin(fcinfo);
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	dg = deal_graph_open(PG_GETARG_DATUM(0));
	call_filter(fcinfo, dg, 1, 2, &f);
	adj = deal_graph_adjacency(dg, &f);
	is_cut = palloc_extended(sizeof(bool) * ((Size) dg->g.n_nodes + 1), MCXT_ALLOC_HUGE);
	deal_check(graph_articulation_points(&dg->g, adj, is_cut, &deal_palloc_allocator, &deal_interrupt, &st),
			   &st, "graph", NULL);
	for (uint32 i = 0; i < dg->g.n_nodes; i++)
	{
		Datum		values[2];
		bool		nulls[2] = {false, false};

		CHECK_FOR_INTERRUPTS();
		if (!is_cut[i])
			continue;
		values[0] = node_kind_datum(&dg->g, i);
		values[1] = Int64GetDatum(graph_node_id(&dg->g, i));
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	PG_RETURN_NULL();
}

/* team_around_family(g, family_kinds, involvement_kinds, as_of) -> one row per family */
PG_FUNCTION_INFO_V1(graph_team_around_family_srf);
Datum
graph_team_around_family_srf(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	DealGraph  *dg;
	GraphFilter family,
				involvement;
	GraphTeam  *teams;
	int64		n;
	DealStatus	st;

	deal_srf_begin(fcinfo);
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("family_kinds and involvement_kinds of deal.team_around_family must not be null")));
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	dg = deal_graph_open(PG_GETARG_DATUM(0));
	call_filter(fcinfo, dg, 1, 3, &family);
	call_filter(fcinfo, dg, 2, 3, &involvement);
	n = graph_teams(&dg->g, &family, &involvement, &teams, &deal_palloc_allocator, &deal_interrupt, &st);
	if (n < 0)
		deal_raise(&st, "graph", NULL);
	for (int64 t = 0; t < n; t++)
	{
		Datum		values[6];
		bool		nulls[6] = {false, false, false, false, false, false};

		CHECK_FOR_INTERRUPTS();
		values[0] = Int32GetDatum(teams[t].component);
		values[1] = Int32GetDatum(teams[t].members);
		values[2] = Int32GetDatum(teams[t].professionals);
		if (teams[t].lead == GRAPH_NO_NODE)
			nulls[3] = nulls[4] = true;
		else
		{
			values[3] = node_kind_datum(&dg->g, teams[t].lead);
			values[4] = Int64GetDatum(graph_node_id(&dg->g, teams[t].lead));
		}
		values[5] = Int32GetDatum(teams[t].lead_reach);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	PG_RETURN_NULL();
}

/* to_dot(g, kinds, as_of) -> Graphviz text */
PG_FUNCTION_INFO_V1(graph_to_dot_text);
Datum
graph_to_dot_text(PG_FUNCTION_ARGS)
{
	DealGraph  *dg;
	GraphFilter f;
	DealText	out = {.alloc = &deal_palloc_allocator};
	DealStatus	st;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	dg = deal_graph_open(PG_GETARG_DATUM(0));
	call_filter(fcinfo, dg, 1, 2, &f);
	deal_check(graph_to_dot(&dg->g, &f, &out, &deal_interrupt, &st), &st, "graph", NULL);
	PG_RETURN_TEXT_P(cstring_to_text_with_len(out.data, out.len));
}

/* graph_nodes(g): how many nodes. */
PG_FUNCTION_INFO_V1(graph_nodes_count);
Datum
graph_nodes_count(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(deal_graph_open(PG_GETARG_DATUM(0))->g.n_nodes);
}

/* graph_edges(g): how many edges. */
PG_FUNCTION_INFO_V1(graph_edges_count);
Datum
graph_edges_count(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(deal_graph_open(PG_GETARG_DATUM(0))->g.n_edges);
}
