/*
 * graph.c: the deal.graph type: text and binary I/O, and opening values for the readers.
 *
 * A stored graph is decoded once per backend (stored_cache.c), and the adjacency lists
 * built from it live in the same context: each graph keeps those of its last few filters
 * (kinds and as_of), so per-person queries with the same filter build them once.
 */
#include "deal_graph.h"

#include "catalog/pg_type.h"

#include "libpq/pqformat.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"

#define TYPE_NAME "graph"
#define WIRE_VERSION 1

/* Open the flat form of value as a DealGraph living in cxt (a DealDecode). */
static void *
decode_graph(struct varlena *value, MemoryContext cxt)
{
	DealGraph  *dg = MemoryContextAllocZero(cxt, sizeof(DealGraph));
	DealStatus	st;

	dg->cxt = cxt;
	dg->alloc = deal_allocator_in(cxt);
	deal_check(graph_open(&dg->g, VARDATA(value), VARSIZE(value) - VARHDRSZ, &dg->alloc, &st),
			   &st, TYPE_NAME, NULL);
	return dg;
}

/* Open a deal.graph datum; a stored (TOASTed) value is decoded once per backend and cached. */
DealGraph *
deal_graph_open(Datum datum)
{
	return (DealGraph *) deal_open_stored(datum, decode_graph);
}

/* Does cached adjacency c belong to filter f of a graph with n edge kinds? */
static bool
same_filter(const CachedAdjacency *c, const GraphFilter *f, uint32 n)
{
	if (!c->used || c->has_date != f->has_date || (f->has_date && c->date != f->date))
		return false;
	if (c->kinds == NULL || f->kinds == NULL)
		return c->kinds == NULL && f->kinds == NULL;
	return memcmp(c->kinds, f->kinds, n * sizeof(bool)) == 0;
}

/* The adjacency of the edges passing f, built once per filter while dg lives. */
const GraphAdjacency *
deal_graph_adjacency(DealGraph *dg, const GraphFilter *f)
{
	uint32		n = dg->g.n_edge_kinds;
	CachedAdjacency *slot = NULL;
	DealStatus	st;

	for (int i = 0; i < DEAL_GRAPH_ADJACENCIES; i++)
	{
		CachedAdjacency *c = &dg->adjacencies[i];

		if (same_filter(c, f, n))
		{
			c->last_used = ++dg->adjacency_clock;
			return &c->adj;
		}
		if (slot == NULL || !c->used || (slot->used && c->last_used < slot->last_used))
			slot = c;
	}

	/* build into the least recently used slot, in the graph's own context */
	if (slot->used)
	{
		graph_adjacency_free(&slot->adj, &dg->alloc);
		if (slot->kinds != NULL)
			pfree(slot->kinds);
		slot->used = false;
	}
	deal_check(graph_adjacency(&dg->g, f, &slot->adj, &dg->alloc, &deal_interrupt, &st),
			   &st, TYPE_NAME, NULL);
	slot->kinds = NULL;
	if (f->kinds != NULL)
	{
		slot->kinds = MemoryContextAlloc(dg->cxt, (n + 1) * sizeof(bool));
		memcpy(slot->kinds, f->kinds, n * sizeof(bool));
	}
	slot->has_date = f->has_date;
	slot->date = f->date;
	slot->used = true;
	slot->last_used = ++dg->adjacency_clock;
	return &slot->adj;
}

/* A breadth-first search on dg; the scratch arrays it returns stay valid until the next. */
size_t
deal_graph_bfs(DealGraph *dg, const GraphAdjacency *adj, uint32 start, int32 max_hops, uint32 stop_at)
{
	Size		n = (Size) dg->g.n_nodes + 1;
	size_t		reached;

	if (dg->hops == NULL)
	{
		dg->hops = MemoryContextAllocHuge(dg->cxt, n * sizeof(int32));
		dg->parent_edge = MemoryContextAllocHuge(dg->cxt, n * sizeof(uint32));
		dg->queue = MemoryContextAllocHuge(dg->cxt, n * sizeof(uint32));
		dg->search_dirty = true;
	}
	if (dg->search_dirty)
		memset(dg->hops, 0xFF, n * sizeof(int32));
	dg->search_dirty = true;
	reached = graph_bfs(adj, start, max_hops, stop_at, dg->hops, dg->parent_edge, dg->queue, &deal_interrupt);
	return reached;
}

/* Clean the scratch after the caller has read a search's result. */
void
deal_graph_bfs_done(DealGraph *dg, size_t reached)
{
	graph_bfs_reset(dg->hops, dg->queue, reached);
	dg->search_dirty = false;
}

/* Fill a filter from a kinds text[] (NULL for every kind) and an as_of date. */
void
deal_graph_filter(const DealGraph *dg, ArrayType *kinds, bool as_of_null, DateADT as_of,
				  GraphFilter *f)
{
	memset(f, 0, sizeof(*f));
	if (kinds != NULL)
	{
		Datum	   *names;
		bool	   *nulls;
		int			n;
		bool	   *flags = palloc0(sizeof(bool) * (dg->g.n_edge_kinds + 1));

		deconstruct_array(kinds, TEXTOID, -1, false, TYPALIGN_INT, &names, &nulls, &n);
		for (int i = 0; i < n; i++)
		{
			text	   *name;
			DealStatus	st;
			uint32_t	k;

			if (nulls[i])
				continue;
			name = DatumGetTextPP(names[i]);
			if (deal_check_label(VARDATA_ANY(name), VARSIZE_ANY_EXHDR(name), "edge kind", &st) != DEAL_OK)
				deal_raise(&st, "edge kind", text_to_cstring(name));
			k = graph_find_edge_kind(&dg->g, VARDATA_ANY(name), VARSIZE_ANY_EXHDR(name));
			if (k != GRAPH_NO_NODE)
				flags[k] = true;
		}
		f->kinds = flags;
	}
	if (!as_of_null)
	{
		f->has_date = true;
		f->date = as_of;
	}
}

/* Flatten a builder into a new deal.graph varlena, raising any error. */
struct varlena *
deal_graph_flatten(GraphBuilder *b)
{
	char	   *buf;
	size_t		len;
	DealStatus	st;

	deal_check(graph_flatten(b, VARHDRSZ, &buf, &len, &deal_interrupt, &st), &st, TYPE_NAME, NULL);
	SET_VARSIZE(buf, len);
	return (struct varlena *) buf;
}

/* Text input: the edge list the output writes. */
PG_FUNCTION_INFO_V1(graph_in);
Datum
graph_in(PG_FUNCTION_ARGS)
{
	char	   *input = PG_GETARG_CSTRING(0);
	GraphBuilder b;
	DealStatus	st;

	graph_builder_init(&b, &deal_palloc_allocator);
	deal_check(graph_parse(&b, input, &deal_interrupt, &st), &st, TYPE_NAME, input);
	PG_RETURN_POINTER(deal_graph_flatten(&b));
}

/* Text output: every edge, then every node without one. */
PG_FUNCTION_INFO_V1(graph_out);
Datum
graph_out(PG_FUNCTION_ARGS)
{
	DealGraph  *dg = deal_graph_open(PG_GETARG_DATUM(0));
	DealText	out = {.alloc = &deal_palloc_allocator};
	DealStatus	st;

	deal_check(graph_to_text(&dg->g, &out, &deal_interrupt, &st), &st, TYPE_NAME, NULL);
	PG_RETURN_CSTRING(out.data);
}

/*
 * Binary output: version, node kinds, edge kinds, nodes as (kind, id), edges as (source,
 * target, kind, from, to), all big-endian integers and counted strings.
 */
PG_FUNCTION_INFO_V1(graph_send);
Datum
graph_send(PG_FUNCTION_ARGS)
{
	DealGraph  *dg = deal_graph_open(PG_GETARG_DATUM(0));
	const Graph *g = &dg->g;
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendint32(&buf, WIRE_VERSION);
	pq_sendint32(&buf, g->n_node_kinds);
	for (uint32 k = 0; k < g->n_node_kinds; k++)
	{
		CHECK_FOR_INTERRUPTS();
		pq_sendstring(&buf, g->node_kind_names[k]);
	}
	pq_sendint32(&buf, g->n_edge_kinds);
	for (uint32 k = 0; k < g->n_edge_kinds; k++)
	{
		CHECK_FOR_INTERRUPTS();
		pq_sendstring(&buf, g->edge_kind_names[k]);
	}
	pq_sendint32(&buf, g->n_nodes);
	for (uint32 i = 0; i < g->n_nodes; i++)
	{
		CHECK_FOR_INTERRUPTS();
		pq_sendint32(&buf, graph_node_kind(g, i));
		pq_sendint64(&buf, graph_node_id(g, i));
	}
	pq_sendint32(&buf, g->n_edges);
	for (uint32 u = 0; u < g->n_nodes; u++)
	{
		CHECK_FOR_INTERRUPTS();
		for (uint32 e = g->edge_start[u]; e < g->edge_start[u + 1]; e++)
		{
			CHECK_FOR_INTERRUPTS();
			pq_sendint32(&buf, u);
			pq_sendint32(&buf, g->dst[e]);
			pq_sendint32(&buf, graph_edge_kind(g, e));
			pq_sendint32(&buf, (uint32) graph_edge_from(g, e));
			pq_sendint32(&buf, (uint32) graph_edge_to(g, e));
		}
	}
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* Read a big-endian int32 from buf; 22P03 if too few bytes remain. */
static uint32
recv_int32(StringInfo buf)
{
	if (buf->len - buf->cursor < 4)
		deal_bad_binary(TYPE_NAME, "The binary form is truncated.");
	return pq_getmsgint(buf, 4);
}

/* Read a big-endian int64 from buf; 22P03 if too few bytes remain. */
static int64
recv_int64(StringInfo buf)
{
	if (buf->len - buf->cursor < 8)
		deal_bad_binary(TYPE_NAME, "The binary form is truncated.");
	return pq_getmsgint64(buf);
}

/* Read count NUL-terminated kind names from buf. */
static const char **
recv_kinds(StringInfo buf, uint32 count)
{
	const char **names = palloc(sizeof(char *) * (count + 1));

	for (uint32 k = 0; k < count; k++)
	{
		const char *start = buf->data + buf->cursor;
		const char *nul = memchr(start, '\0', buf->len - buf->cursor);

		CHECK_FOR_INTERRUPTS();
		if (nul == NULL)
			deal_bad_binary(TYPE_NAME, "The binary form is truncated.");
		names[k] = start;
		buf->cursor += nul - start + 1;
	}
	return names;
}

/* Binary input: validated by building the graph again, as text input does. */
PG_FUNCTION_INFO_V1(graph_recv);
Datum
graph_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	GraphBuilder b;
	DealStatus	st;
	uint32		n_node_kinds,
				n_edge_kinds,
				n_nodes,
				n_edges;
	const char **node_kinds,
			  **edge_kinds;
	uint32	   *node_kind;
	int64	   *node_id;

	if (recv_int32(buf) != WIRE_VERSION)
		deal_bad_binary(TYPE_NAME, "Unknown version of the binary form.");
	n_node_kinds = deal_recv_count(buf, 2, TYPE_NAME);
	node_kinds = recv_kinds(buf, n_node_kinds);
	n_edge_kinds = deal_recv_count(buf, 2, TYPE_NAME);
	edge_kinds = recv_kinds(buf, n_edge_kinds);
	n_nodes = deal_recv_count(buf, 12, TYPE_NAME);
	node_kind = palloc(sizeof(uint32) * (n_nodes + 1));
	node_id = palloc(sizeof(int64) * (n_nodes + 1));

	graph_builder_init(&b, &deal_palloc_allocator);
	for (uint32 i = 0; i < n_nodes; i++)
	{
		CHECK_FOR_INTERRUPTS();
		node_kind[i] = recv_int32(buf);
		node_id[i] = recv_int64(buf);
		if (node_kind[i] >= n_node_kinds)
			deal_bad_binary(TYPE_NAME, "A node refers to an unknown node kind.");
		if (graph_builder_add_node(&b, node_kinds[node_kind[i]], strlen(node_kinds[node_kind[i]]),
								   node_id[i], &st) != DEAL_OK)
		{
			st.code = st.code == DEAL_BAD_ARGUMENT ? DEAL_BAD_BINARY : st.code;
			deal_raise(&st, TYPE_NAME, NULL);
		}
	}
	n_edges = deal_recv_count(buf, 20, TYPE_NAME);
	for (uint32 e = 0; e < n_edges; e++)
	{
		uint32		src = recv_int32(buf);
		uint32		dst = recv_int32(buf);
		uint32		kind = recv_int32(buf);
		int32		from = (int32) recv_int32(buf);
		int32		to = (int32) recv_int32(buf);

		CHECK_FOR_INTERRUPTS();
		if (src >= n_nodes || dst >= n_nodes || kind >= n_edge_kinds)
			deal_bad_binary(TYPE_NAME, "An edge refers to an unknown node or edge kind.");
		if ((from == to && from != 0) ||
			(from != GRAPH_NO_LOWER && to != GRAPH_NO_UPPER && from > to))
			deal_bad_binary(TYPE_NAME, "An edge's validity range is backwards; an empty one is written as (0, 0).");
		if (graph_builder_add_edge(&b, node_kinds[node_kind[src]], strlen(node_kinds[node_kind[src]]), node_id[src],
								   node_kinds[node_kind[dst]], strlen(node_kinds[node_kind[dst]]), node_id[dst],
								   edge_kinds[kind], strlen(edge_kinds[kind]), from, to, &st) != DEAL_OK)
		{
			st.code = st.code == DEAL_BAD_ARGUMENT ? DEAL_BAD_BINARY : st.code;
			deal_raise(&st, TYPE_NAME, NULL);
		}
	}
	deal_recv_end(buf, "edge", TYPE_NAME);
	PG_RETURN_POINTER(deal_graph_flatten(&b));
}
