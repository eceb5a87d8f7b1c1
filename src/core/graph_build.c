/*
 * graph_build.c: the graph builder: interning kinds and nodes as rows arrive, batched, and
 * merging builders (the aggregate's transition and combine steps).
 */
#include "graph.h"
#include "graph_build_internal.h"
#include "hash.h"
#include "prefetch.h"

#include <string.h>

/* ------------------------------------------------------------------------------------------
 * Kinds
 * ------------------------------------------------------------------------------------------ */

/* Index of kind (name, len) in kinds, adding it if new; GRAPH_NO_NODE when out of memory. */
static uint32_t
intern_kind(GraphKinds *kinds, const DealAllocator *alloc, const char *name, size_t len)
{
	char	   *copy;

	for (uint32_t k = 0; k < kinds->count; k++)
		if (deal_label_equals(kinds->names[k], name, len))
			return k;

	if (kinds->count == kinds->capacity)
	{
		uint32_t	capacity = kinds->capacity ? kinds->capacity * 2 : 8;
		char	  **names = deal_resize(alloc, kinds->names, capacity * sizeof(char *));
		uint8_t    *lengths;

		if (names == NULL)
			return GRAPH_NO_NODE;
		kinds->names = names;
		lengths = deal_resize(alloc, kinds->lengths, capacity);
		if (lengths == NULL)
			return GRAPH_NO_NODE;
		kinds->lengths = lengths;
		kinds->capacity = capacity;
	}
	copy = deal_alloc(alloc, len + 1);
	if (copy == NULL)
		return GRAPH_NO_NODE;
	deal_fold_label(copy, name, len);
	copy[len] = '\0';
	kinds->names[kinds->count] = copy;
	kinds->lengths[kinds->count] = (uint8_t) len;
	return kinds->count++;
}

/* Look up or add a kind after checking it; GRAPH_NO_NODE with st set on failure. */
uint32_t
graph_kind_index(GraphKinds *kinds, const DealAllocator *alloc, const char *name, size_t len,
				 const char *what, DealStatus *st)
{
	uint32_t	k;

	/* a name already seen, spelt as stored: the case of nearly every row */
	for (k = 0; k < kinds->count; k++)
		if (kinds->lengths[k] == len && memcmp(kinds->names[k], name, len) == 0)
			return k;
	if (deal_check_label(name, len, what, st) != DEAL_OK)
		return GRAPH_NO_NODE;
	if (kinds->count >= GRAPH_MAX_KINDS)
	{
		deal_fail(st, DEAL_TOO_BIG, -1, "A graph has at most %d %ss.", GRAPH_MAX_KINDS, what);
		return GRAPH_NO_NODE;
	}
	k = intern_kind(kinds, alloc, name, len);
	if (k == GRAPH_NO_NODE)
		deal_fail(st, DEAL_NO_MEMORY, -1, "No memory for a graph's kinds.");
	return k;
}

/* Free a kind table. */
static void
kinds_free(GraphKinds *kinds, const DealAllocator *alloc)
{
	for (uint32_t k = 0; k < kinds->count; k++)
		deal_release(alloc, kinds->names[k]);
	deal_release(alloc, kinds->names);
	deal_release(alloc, kinds->lengths);
	memset(kinds, 0, sizeof(*kinds));
}

/* ------------------------------------------------------------------------------------------
 * Builder
 * ------------------------------------------------------------------------------------------ */

/* Start an empty builder that allocates through alloc. */
void
graph_builder_init(GraphBuilder *b, const DealAllocator *alloc)
{
	memset(b, 0, sizeof(*b));
	b->alloc = alloc;
}

/* Free everything a builder holds. */
void
graph_builder_free(GraphBuilder *b)
{
	const DealAllocator *alloc = b->alloc;

	kinds_free(&b->node_kinds, alloc);
	kinds_free(&b->edge_kinds, alloc);
	deal_release(alloc, b->nodes);
	deal_release(alloc, b->slots);
	deal_release(alloc, b->edges);
	deal_release(alloc, b->pending);
	graph_builder_init(b, alloc);
}

/* Hash of a node key. */
static inline uint32_t
hash_node(uint32_t kind, int64_t id)
{
	return (uint32_t) deal_mix64((uint64_t) id ^ ((uint64_t) kind * 0x9E3779B97F4A7C15ULL));
}

/* Double the hash table (or make its first), placing every node again. */
static DealCode
grow_slots(GraphBuilder *b, DealStatus *st)
{
	size_t		n_slots = b->n_slots ? b->n_slots * 2 : GRAPH_FIRST_SLOTS;
	uint32_t   *slots = deal_alloc(b->alloc, n_slots * sizeof(uint32_t));

	if (slots == NULL)
		return deal_fail(st, DEAL_NO_MEMORY, -1, "No memory for a graph of %u nodes.", b->n_nodes);
	memset(slots, 0xFF, n_slots * sizeof(uint32_t));
	for (uint32_t i = 0; i < b->n_nodes; i++)
	{
		size_t		s = b->nodes[i].hash & (n_slots - 1);

		while (slots[s] != GRAPH_NO_NODE)
			s = (s + 1) & (n_slots - 1);
		slots[s] = i;
	}
	deal_release(b->alloc, b->slots);
	b->slots = slots;
	b->n_slots = n_slots;

	/* the node array keeps room for as many nodes as the table may hold */
	if (b->node_capacity < n_slots / 2)
	{
		BuiltNode  *nodes = deal_resize(b->alloc, b->nodes, (n_slots / 2) * sizeof(BuiltNode));

		if (nodes == NULL)
			return deal_fail(st, DEAL_NO_MEMORY, -1, "No memory for a graph of %u nodes.", b->n_nodes);
		b->nodes = nodes;
		b->node_capacity = (uint32_t) (n_slots / 2);
	}
	return DEAL_OK;
}

/* Number of node (kind, id) with hash h, adding it; the caller has reserved room. */
static inline uint32_t
intern_hashed(GraphBuilder *b, uint32_t kind, int64_t id, uint32_t h)
{
	size_t		s;

	for (s = h & (b->n_slots - 1);; s = (s + 1) & (b->n_slots - 1))
	{
		uint32_t	v = b->slots[s];

		if (v == GRAPH_NO_NODE)
			break;
		if (b->nodes[v].hash == h && b->nodes[v].id == id && b->nodes[v].kind == kind)
			return v;
	}
	b->nodes[b->n_nodes] = (BuiltNode) {id, kind, h};
	b->slots[s] = b->n_nodes;
	return b->n_nodes++;
}

/*
 * Intern a batch of at most GRAPH_PENDING nodes, kinds mapped through kind_map (NULL: as
 * they are), writing each one's number to number[i].  Their hash-table slots, then the nodes
 * those name, are fetched together before any is looked up.  The caller has reserved room.
 */
void
graph_intern_batch(GraphBuilder *b, const BuiltNode *nodes, uint32_t n, const uint32_t *kind_map,
				   uint32_t *number)
{
	uint32_t	hash[GRAPH_PENDING];
	uint32_t	kind[GRAPH_PENDING];

	for (uint32_t i = 0; i < n; i++)
	{
		kind[i] = kind_map ? kind_map[nodes[i].kind] : nodes[i].kind;
		hash[i] = hash_node(kind[i], nodes[i].id);
		PREFETCH(&b->slots[hash[i] & (b->n_slots - 1)]);
	}
	for (uint32_t i = 0; i < n; i++)
	{
		uint32_t	v = b->slots[hash[i] & (b->n_slots - 1)];

		if (v != GRAPH_NO_NODE)
			PREFETCH(&b->nodes[v]);
	}
	for (uint32_t i = 0; i < n; i++)
		number[i] = intern_hashed(b, kind[i], nodes[i].id, hash[i]);
}

/* Make room for n more edges, at least doubling the array when it grows. */
DealCode
graph_reserve_edges(GraphBuilder *b, size_t n, DealStatus *st)
{
	size_t		capacity;
	BuiltEdge  *edges;

	if (b->n_edges + n <= b->edge_capacity)
		return DEAL_OK;
	if (n > GRAPH_MAX_NODES || b->n_edges + n > GRAPH_MAX_NODES)
		return deal_fail(st, DEAL_TOO_BIG, -1, "A graph holds at most %d edges.", GRAPH_MAX_NODES);
	capacity = b->edge_capacity ? b->edge_capacity * 2 : GRAPH_FIRST_EDGES;
	if (capacity < b->n_edges + n)
		capacity = b->n_edges + n;
	if (capacity > GRAPH_MAX_NODES)
		capacity = GRAPH_MAX_NODES;
	edges = deal_resize(b->alloc, b->edges, capacity * sizeof(BuiltEdge));
	if (edges == NULL)
		return deal_fail(st, DEAL_NO_MEMORY, -1, "No memory for %zu edges.", capacity);
	b->edges = edges;
	b->edge_capacity = capacity;
	return DEAL_OK;
}

/* Append an edge between node numbers. */
static inline DealCode
append_edge(GraphBuilder *b, const BuiltEdge *e, DealStatus *st)
{
	if (b->n_edges == b->edge_capacity && graph_reserve_edges(b, 1, st) != DEAL_OK)
		return st->code;
	b->edges[b->n_edges++] = *e;
	return DEAL_OK;
}

/* Normalise a validity range: bounded and empty becomes (0, 0); check the dates. */
static DealCode
check_validity(int32_t *from, int32_t *to, DealStatus *st)
{
	if ((*from != GRAPH_NO_LOWER && (*from < GRAPH_DATE_MIN || *from > GRAPH_DATE_MAX)) ||
		(*to != GRAPH_NO_UPPER && (*to < GRAPH_DATE_MIN || *to > GRAPH_DATE_MAX)))
		return deal_fail(st, DEAL_BAD_ARGUMENT, -1,
						 "Edge validity dates must lie in the years 1 to 9999.");
	if (*from != GRAPH_NO_LOWER && *to != GRAPH_NO_UPPER && *from >= *to)
		*from = *to = 0;
	return DEAL_OK;
}

/* Make room for n more nodes without growing the table or the node array mid-batch. */
DealCode
graph_reserve_nodes(GraphBuilder *b, uint32_t n, DealStatus *st)
{
	while (((size_t) b->n_nodes + n) * 2 >= b->n_slots)
	{
		if ((size_t) b->n_nodes + n > GRAPH_MAX_NODES)
			return deal_fail(st, DEAL_TOO_BIG, -1, "A graph holds at most %d nodes.", GRAPH_MAX_NODES);
		if (grow_slots(b, st) != DEAL_OK)
			return st->code;
	}
	return DEAL_OK;
}

/* Intern the rows waiting in the batch; merge and flatten do it themselves. */
DealCode
graph_builder_flush(GraphBuilder *b, DealStatus *st)
{
	uint32_t	hash[2 * GRAPH_PENDING];
	uint32_t	n = b->n_pending;

	if (n == 0)
		return DEAL_OK;
	b->n_pending = 0;
	if (graph_reserve_nodes(b, 2 * n, st) != DEAL_OK)
		return st->code;

	/* fetch every slot the batch will probe, then every node those slots name */
	for (uint32_t i = 0; i < n; i++)
	{
		const PendingEdge *p = &b->pending[i];

		hash[2 * i] = hash_node(p->src_kind, p->src_id);
		PREFETCH(&b->slots[hash[2 * i] & (b->n_slots - 1)]);
		if (p->dst_kind != GRAPH_NO_NODE)
		{
			hash[2 * i + 1] = hash_node(p->dst_kind, p->dst_id);
			PREFETCH(&b->slots[hash[2 * i + 1] & (b->n_slots - 1)]);
		}
	}
	for (uint32_t i = 0; i < 2 * n; i++)
	{
		uint32_t	v;

		if (i % 2 == 1 && b->pending[i / 2].dst_kind == GRAPH_NO_NODE)
			continue;
		v = b->slots[hash[i] & (b->n_slots - 1)];
		if (v != GRAPH_NO_NODE)
			PREFETCH(&b->nodes[v]);
	}

	/* now the look-ups, in order, mostly from cache */
	for (uint32_t i = 0; i < n; i++)
	{
		const PendingEdge *p = &b->pending[i];
		BuiltEdge	e;

		e.src = intern_hashed(b, p->src_kind, p->src_id, hash[2 * i]);
		if (p->dst_kind == GRAPH_NO_NODE)
			continue;
		e.dst = intern_hashed(b, p->dst_kind, p->dst_id, hash[2 * i + 1]);
		e.kind = p->kind;
		e.from = p->from;
		e.to = p->to;
		if (append_edge(b, &e, st) != DEAL_OK)
			return st->code;
	}
	return DEAL_OK;
}

/* Queue a row, interning the batch when it is full. */
static DealCode
queue_row(GraphBuilder *b, const PendingEdge *p, DealStatus *st)
{
	if (b->n_pending == b->pending_capacity)
	{
		uint32_t	capacity = b->pending_capacity == 0 ? GRAPH_PENDING_FIRST : 2 * b->pending_capacity;
		PendingEdge *grown = deal_resize(b->alloc, b->pending, capacity * sizeof(PendingEdge));

		if (grown == NULL)
			return deal_fail(st, DEAL_NO_MEMORY, -1, "No memory for a graph's rows.");
		b->pending = grown;
		b->pending_capacity = capacity;
	}
	b->pending[b->n_pending++] = *p;
	if (b->n_pending == GRAPH_PENDING)
		return graph_builder_flush(b, st);
	return DEAL_OK;
}

/* Add an edge src -> dst of edge_kind valid on [from, to); kinds as (pointer, length). */
DealCode
graph_builder_add_edge(GraphBuilder *b,
					   const char *src_kind, size_t src_kind_len, int64_t src_id,
					   const char *dst_kind, size_t dst_kind_len, int64_t dst_id,
					   const char *edge_kind, size_t edge_kind_len,
					   int32_t from, int32_t to, DealStatus *st)
{
	PendingEdge p = {.src_id = src_id, .dst_id = dst_id};

	if (check_validity(&from, &to, st) != DEAL_OK)
		return st->code;
	if ((p.src_kind = graph_kind_index(&b->node_kinds, b->alloc, src_kind, src_kind_len, "node kind", st)) == GRAPH_NO_NODE ||
		(p.dst_kind = graph_kind_index(&b->node_kinds, b->alloc, dst_kind, dst_kind_len, "node kind", st)) == GRAPH_NO_NODE ||
		(p.kind = graph_kind_index(&b->edge_kinds, b->alloc, edge_kind, edge_kind_len, "edge kind", st)) == GRAPH_NO_NODE)
		return st->code;
	p.from = from;
	p.to = to;
	return queue_row(b, &p, st);
}

/* Add a node without edges (a person with no links still has a component of their own). */
DealCode
graph_builder_add_node(GraphBuilder *b, const char *kind, size_t kind_len, int64_t id,
					   DealStatus *st)
{
	PendingEdge p = {.src_id = id, .dst_kind = GRAPH_NO_NODE};

	p.src_kind = graph_kind_index(&b->node_kinds, b->alloc, kind, kind_len, "node kind", st);
	if (p.src_kind == GRAPH_NO_NODE)
		return st->code;
	return queue_row(b, &p, st);
}

/* Map each kind of from into into, filling map. */
static DealCode
merge_kinds(GraphKinds *into, const GraphKinds *from, const DealAllocator *alloc,
			uint32_t *map, const char *what, DealStatus *st)
{
	for (uint32_t k = 0; k < from->count; k++)
	{
		map[k] = graph_kind_index(into, alloc, from->names[k], strlen(from->names[k]), what, st);
		if (map[k] == GRAPH_NO_NODE)
			return st->code;
	}
	return DEAL_OK;
}

/* Add everything in src to dst (the aggregate's combine step). */
DealCode
graph_builder_merge(GraphBuilder *dst, GraphBuilder *src, DealStatus *st)
{
	uint32_t   *node_kind_map;
	uint32_t   *edge_kind_map;
	uint32_t   *node_map;
	DealCode	code = DEAL_OK;

	if (graph_builder_flush(dst, st) != DEAL_OK || graph_builder_flush(src, st) != DEAL_OK)
		return st->code;
	node_kind_map = deal_alloc(dst->alloc, (src->node_kinds.count + 1) * sizeof(uint32_t));
	edge_kind_map = deal_alloc(dst->alloc, (src->edge_kinds.count + 1) * sizeof(uint32_t));
	node_map = deal_alloc(dst->alloc, ((size_t) src->n_nodes + 1) * sizeof(uint32_t));
	if (node_kind_map == NULL || edge_kind_map == NULL || node_map == NULL)
		code = deal_fail(st, DEAL_NO_MEMORY, -1, "No memory to merge graphs.");
	if (code == DEAL_OK)
		code = merge_kinds(&dst->node_kinds, &src->node_kinds, dst->alloc, node_kind_map, "node kind", st);
	if (code == DEAL_OK)
		code = merge_kinds(&dst->edge_kinds, &src->edge_kinds, dst->alloc, edge_kind_map, "edge kind", st);
	if (code == DEAL_OK)
		code = graph_reserve_nodes(dst, src->n_nodes, st);
	if (code == DEAL_OK)
		code = graph_reserve_edges(dst, src->n_edges, st);
	for (uint32_t i = 0; code == DEAL_OK && i < src->n_nodes; i += GRAPH_PENDING)
		graph_intern_batch(dst, src->nodes + i, next_batch(src->n_nodes - i), node_kind_map, node_map + i);
	for (size_t i = 0; code == DEAL_OK && i < src->n_edges; i++)
	{
		BuiltEdge	e = src->edges[i];

		e.src = node_map[e.src];
		e.dst = node_map[e.dst];
		e.kind = edge_kind_map[e.kind];
		dst->edges[dst->n_edges++] = e;
	}
	deal_release(dst->alloc, node_kind_map);
	deal_release(dst->alloc, edge_kind_map);
	deal_release(dst->alloc, node_map);
	return code;
}

/* Add every node and edge of a flat graph g (a partial result another node built) to b. */
DealCode
graph_builder_add_graph(GraphBuilder *b, const Graph *g, const DealInterrupt *intr, DealStatus *st)
{
	uint32_t   *node_kind_map = NULL;
	uint32_t   *edge_kind_map = NULL;
	uint32_t   *node_map = NULL;
	BuiltNode	batch[GRAPH_PENDING];
	DealCode	code;

	deal_status_clear(st);
	if (graph_builder_flush(b, st) != DEAL_OK)
		return st->code;
	node_kind_map = deal_alloc(b->alloc, (g->n_node_kinds + 1) * sizeof(uint32_t));
	edge_kind_map = deal_alloc(b->alloc, (g->n_edge_kinds + 1) * sizeof(uint32_t));
	node_map = deal_alloc(b->alloc, ((size_t) g->n_nodes + 1) * sizeof(uint32_t));
	code = (node_kind_map && edge_kind_map && node_map) ? DEAL_OK :
		deal_fail(st, DEAL_NO_MEMORY, -1, "No memory to merge graphs.");
	for (uint32_t k = 0; code == DEAL_OK && k < g->n_node_kinds; k++)
		if ((node_kind_map[k] = graph_kind_index(&b->node_kinds, b->alloc, g->node_kind_names[k],
												 strlen(g->node_kind_names[k]), "node kind", st)) == GRAPH_NO_NODE)
			code = st->code;
	for (uint32_t k = 0; code == DEAL_OK && k < g->n_edge_kinds; k++)
		if ((edge_kind_map[k] = graph_kind_index(&b->edge_kinds, b->alloc, g->edge_kind_names[k],
												 strlen(g->edge_kind_names[k]), "edge kind", st)) == GRAPH_NO_NODE)
			code = st->code;
	if (code == DEAL_OK)
		code = graph_reserve_nodes(b, g->n_nodes, st);
	if (code == DEAL_OK)
		code = graph_reserve_edges(b, g->n_edges, st);

	/* nodes kind by kind, in batches, so their look-ups are fetched together */
	for (uint32_t k = 0; code == DEAL_OK && k < g->n_node_kinds; k++)
		for (uint32_t i = g->kind_start[k]; i < g->kind_start[k + 1]; i += GRAPH_PENDING)
		{
			uint32_t	n = next_batch(g->kind_start[k + 1] - i);

			DEAL_CHECK_INTERRUPTS(intr, i - g->kind_start[k]);
			for (uint32_t j = 0; j < n; j++)
				batch[j] = (BuiltNode) {graph_node_id(g, i + j), node_kind_map[k], 0};
			graph_intern_batch(b, batch, n, NULL, node_map + i);
		}
	for (uint32_t u = 0; code == DEAL_OK && u < g->n_nodes; u++)
	{
		DEAL_CHECK_INTERRUPTS(intr, u);
		for (uint32_t e = g->edge_start[u]; e < g->edge_start[u + 1]; e++)
			b->edges[b->n_edges++] = (BuiltEdge) {node_map[u], node_map[g->dst[e]],
												  edge_kind_map[graph_edge_kind(g, e)],
												  graph_edge_from(g, e), graph_edge_to(g, e)};
	}
	deal_release(b->alloc, node_kind_map);
	deal_release(b->alloc, edge_kind_map);
	deal_release(b->alloc, node_map);
	return code;
}
