/*
 * graph_read.c: reading a graph's flat form in place, finding nodes, filtering edges and
 * building undirected adjacency lists.
 */
#include "graph.h"

#include <string.h>

#include "graph_flat.h"

/* Read a flat form of len bytes in place; name tables are allocated through alloc. */
DealCode
graph_open(Graph *g, const char *flat, size_t len, const DealAllocator *alloc, DealStatus *st)
{
	const uint32_t *w = (const uint32_t *) flat;
	size_t		words;
	uint32_t	names_bytes;
	uint32_t	flags;
	const char *names;
	const char *end = flat + len;
	FlatLayout	l;

	memset(g, 0, sizeof(*g));
	if (len < FLAT_HEADER_WORDS * sizeof(uint32_t) || w[0] != FLAT_MAGIC)
		return deal_fail(st, DEAL_BAD_BINARY, -1, "Not a deal.graph value.");
	g->n_node_kinds = w[1];
	g->n_edge_kinds = w[2];
	g->n_nodes = w[3];
	g->n_edges = w[4];
	names_bytes = w[5];
	flags = w[6];
	if (g->n_nodes > GRAPH_MAX_NODES || g->n_edges > GRAPH_MAX_NODES ||
		g->n_node_kinds > GRAPH_MAX_KINDS || g->n_edge_kinds > GRAPH_MAX_KINDS ||
		(flags & ~(FLAT_HAS_KINDS | FLAT_HAS_DATES)) != 0)
		return deal_fail(st, DEAL_BAD_BINARY, -1, "A deal.graph value is damaged.");
	words = flat_layout(g->n_node_kinds, g->n_nodes, g->n_edges, flags, &l);
	if (words * sizeof(uint32_t) + names_bytes > len)
		return deal_fail(st, DEAL_BAD_BINARY, -1, "A deal.graph value is truncated.");

	w = (const uint32_t *) flat;
	g->kind_start = w + l.kind_start;
	g->ids = (const unsigned char *) (w + l.ids);
	g->edge_start = w + l.edge_start;
	g->dst = w + l.dst;
	g->kind = (flags & FLAT_HAS_KINDS) ? (const uint16_t *) (w + l.kind) : NULL;
	g->from = (flags & FLAT_HAS_DATES) ? (const int32_t *) (w + l.from) : NULL;
	g->to = (flags & FLAT_HAS_DATES) ? (const int32_t *) (w + l.to) : NULL;
	names = (const char *) (w + l.names);

	/* a damaged value is refused here rather than read out of bounds later */
	if (g->kind_start[0] != 0 || g->kind_start[g->n_node_kinds] != g->n_nodes ||
		g->edge_start[0] != 0 || g->edge_start[g->n_nodes] != g->n_edges ||
		(g->n_edges > 0 && g->n_edge_kinds == 0))
		return deal_fail(st, DEAL_BAD_BINARY, -1, "A deal.graph value is damaged.");
	for (uint32_t k = 0; k < g->n_node_kinds; k++)
		if (g->kind_start[k] > g->kind_start[k + 1])
			return deal_fail(st, DEAL_BAD_BINARY, -1, "A deal.graph value is damaged.");
	for (uint32_t u = 0; u < g->n_nodes; u++)
		if (g->edge_start[u] > g->edge_start[u + 1])
			return deal_fail(st, DEAL_BAD_BINARY, -1, "A deal.graph value is damaged.");
	for (uint32_t e = 0; e < g->n_edges; e++)
		if (g->dst[e] >= g->n_nodes || graph_edge_kind(g, e) >= g->n_edge_kinds ||
			!flat_valid_range(graph_edge_from(g, e), graph_edge_to(g, e)))
			return deal_fail(st, DEAL_BAD_BINARY, -1, "A deal.graph value is damaged.");

	g->node_kind_names = deal_alloc(alloc, ((size_t) g->n_node_kinds + 1) * sizeof(char *));
	g->edge_kind_names = deal_alloc(alloc, ((size_t) g->n_edge_kinds + 1) * sizeof(char *));
	if (g->node_kind_names == NULL || g->edge_kind_names == NULL)
	{
		graph_close(g, alloc);
		return deal_fail(st, DEAL_NO_MEMORY, -1, "No memory to read a graph.");
	}
	for (uint32_t k = 0; k < g->n_node_kinds + g->n_edge_kinds; k++)
	{
		const char *nul = memchr(names, '\0', (size_t) (end - names));

		if (nul == NULL)
		{
			graph_close(g, alloc);
			return deal_fail(st, DEAL_BAD_BINARY, -1, "A deal.graph value is truncated.");
		}
		if (k < g->n_node_kinds)
			g->node_kind_names[k] = names;
		else
			g->edge_kind_names[k - g->n_node_kinds] = names;
		names = nul + 1;
	}
	return DEAL_OK;
}

/* Free what graph_open allocated (not the flat form). */
void
graph_close(Graph *g, const DealAllocator *alloc)
{
	deal_release(alloc, (void *) g->node_kind_names);
	deal_release(alloc, (void *) g->edge_kind_names);
	g->node_kind_names = g->edge_kind_names = NULL;
}

/* Source of edge e (a binary search of edge_start). */
uint32_t
graph_edge_src(const Graph *g, uint32_t e)
{
	uint32_t	lo = 0;
	uint32_t	hi = g->n_nodes;

	/* the last node whose first edge is <= e */
	while (hi - lo > 1)
	{
		uint32_t	mid = lo + (hi - lo) / 2;

		if (g->edge_start[mid] <= e)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/* Kind index of node i. */
uint32_t
graph_node_kind(const Graph *g, uint32_t i)
{
	uint32_t	lo = 0;
	uint32_t	hi = g->n_node_kinds;

	/* the last kind whose start is <= i */
	while (hi - lo > 1)
	{
		uint32_t	mid = lo + (hi - lo) / 2;

		if (g->kind_start[mid] <= i)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/* Index of the node (kind name, id), or GRAPH_NO_NODE. */
uint32_t
graph_find_node(const Graph *g, const char *kind, size_t kind_len, int64_t id)
{
	for (uint32_t k = 0; k < g->n_node_kinds; k++)
	{
		uint32_t	lo,
					hi;

		if (!deal_label_equals(g->node_kind_names[k], kind, kind_len))
			continue;
		lo = g->kind_start[k];
		hi = g->kind_start[k + 1];
		while (lo < hi)
		{
			uint32_t	mid = lo + (hi - lo) / 2;
			int64_t		v = graph_node_id(g, mid);

			if (v == id)
				return mid;
			if (v < id)
				lo = mid + 1;
			else
				hi = mid;
		}
		return GRAPH_NO_NODE;
	}
	return GRAPH_NO_NODE;
}

/* Index of an edge kind by name, or GRAPH_NO_NODE. */
uint32_t
graph_find_edge_kind(const Graph *g, const char *kind, size_t kind_len)
{
	for (uint32_t k = 0; k < g->n_edge_kinds; k++)
		if (deal_label_equals(g->edge_kind_names[k], kind, kind_len))
			return k;
	return GRAPH_NO_NODE;
}

/* Does edge e pass the filter? */
bool
graph_edge_passes(const Graph *g, const GraphFilter *f, uint32_t e)
{
	if (f == NULL)
		return true;
	if (f->kinds != NULL && !f->kinds[graph_edge_kind(g, e)])
		return false;
	if (f->has_date)
	{
		int32_t		from = graph_edge_from(g, e);
		int32_t		to = graph_edge_to(g, e);

		if (from == to)
			return false;		/* valid on no date */
		if (f->date < from || (to != GRAPH_NO_UPPER && f->date >= to))
			return false;
	}
	return true;
}

/* Build the adjacency of g under filter f. */
DealCode
graph_adjacency(const Graph *g, const GraphFilter *f, GraphAdjacency *adj,
				const DealAllocator *alloc, const DealInterrupt *intr, DealStatus *st)
{
	uint32_t   *fill;
	size_t		entries = 0;

	memset(adj, 0, sizeof(*adj));
	adj->n_nodes = g->n_nodes;
	adj->start = deal_alloc(alloc, ((size_t) g->n_nodes + 1) * sizeof(uint32_t));
	if (adj->start == NULL)
		return deal_fail(st, DEAL_NO_MEMORY, -1, "No memory for a graph's adjacency.");
	memset(adj->start, 0, ((size_t) g->n_nodes + 1) * sizeof(uint32_t));
	for (uint32_t u = 0; u < g->n_nodes; u++)
	{
		DEAL_CHECK_INTERRUPTS(intr, u);
		for (uint32_t e = g->edge_start[u]; e < g->edge_start[u + 1]; e++)
		{
			if (g->dst[e] == u || !graph_edge_passes(g, f, e))
				continue;
			adj->start[u + 1]++;
			adj->start[g->dst[e] + 1]++;
			entries += 2;
		}
	}
	for (uint32_t i = 0; i < g->n_nodes; i++)
		adj->start[i + 1] += adj->start[i];

	adj->neighbour = deal_alloc(alloc, (entries + 1) * sizeof(uint32_t));
	adj->edge = deal_alloc(alloc, (entries + 1) * sizeof(uint32_t));
	fill = deal_alloc(alloc, ((size_t) g->n_nodes + 1) * sizeof(uint32_t));
	if (adj->neighbour == NULL || adj->edge == NULL || fill == NULL)
	{
		deal_release(alloc, fill);
		graph_adjacency_free(adj, alloc);
		return deal_fail(st, DEAL_NO_MEMORY, -1, "No memory for a graph's adjacency.");
	}
	memcpy(fill, adj->start, (size_t) g->n_nodes * sizeof(uint32_t));
	for (uint32_t u = 0; u < g->n_nodes; u++)
	{
		DEAL_CHECK_INTERRUPTS(intr, u);
		for (uint32_t e = g->edge_start[u]; e < g->edge_start[u + 1]; e++)
		{
			uint32_t	v = g->dst[e];

			if (u == v || !graph_edge_passes(g, f, e))
				continue;
			adj->neighbour[fill[u]] = v;
			adj->edge[fill[u]++] = e;
			adj->neighbour[fill[v]] = u;
			adj->edge[fill[v]++] = e;
		}
	}
	deal_release(alloc, fill);
	return DEAL_OK;
}

/* Free an adjacency. */
void
graph_adjacency_free(GraphAdjacency *adj, const DealAllocator *alloc)
{
	deal_release(alloc, adj->start);
	deal_release(alloc, adj->neighbour);
	deal_release(alloc, adj->edge);
	memset(adj, 0, sizeof(*adj));
}
