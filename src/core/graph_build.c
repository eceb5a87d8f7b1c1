/*
 * graph_build.c: collecting edges, merging and serialising builders, and writing the
 * canonical flat form of a graph.
 */
#include "graph.h"
#include "graph_flat.h"
#include "hash.h"
#include "prefetch.h"

#include <stdlib.h>
#include <string.h>

#define FLAT_MAX_BYTES ((size_t) 0x3FFFFFFF - 1024)	/* what one PostgreSQL value can hold */

/* How many of left items go in the next batch of at most GRAPH_PENDING. */
static inline uint32_t
next_batch(size_t left)
{
	return left < GRAPH_PENDING ? (uint32_t) left : GRAPH_PENDING;
}

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
static uint32_t
kind_index(GraphKinds *kinds, const DealAllocator *alloc, const char *name, size_t len,
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
	size_t		n_slots = b->n_slots ? b->n_slots * 2 : 1024;
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

static DealCode reserve_nodes(GraphBuilder *b, uint32_t n, DealStatus *st);

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
static void
intern_batch(GraphBuilder *b, const BuiltNode *nodes, uint32_t n, const uint32_t *kind_map,
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
static DealCode
reserve_edges(GraphBuilder *b, size_t n, DealStatus *st)
{
	size_t		capacity;
	BuiltEdge  *edges;

	if (b->n_edges + n <= b->edge_capacity)
		return DEAL_OK;
	if (n > GRAPH_MAX_NODES || b->n_edges + n > GRAPH_MAX_NODES)
		return deal_fail(st, DEAL_TOO_BIG, -1, "A graph holds at most %d edges.", GRAPH_MAX_NODES);
	capacity = b->edge_capacity ? b->edge_capacity * 2 : 1024;
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
	if (b->n_edges == b->edge_capacity && reserve_edges(b, 1, st) != DEAL_OK)
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
static DealCode
reserve_nodes(GraphBuilder *b, uint32_t n, DealStatus *st)
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
	if (reserve_nodes(b, 2 * n, st) != DEAL_OK)
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
	if ((p.src_kind = kind_index(&b->node_kinds, b->alloc, src_kind, src_kind_len, "node kind", st)) == GRAPH_NO_NODE ||
		(p.dst_kind = kind_index(&b->node_kinds, b->alloc, dst_kind, dst_kind_len, "node kind", st)) == GRAPH_NO_NODE ||
		(p.kind = kind_index(&b->edge_kinds, b->alloc, edge_kind, edge_kind_len, "edge kind", st)) == GRAPH_NO_NODE)
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

	p.src_kind = kind_index(&b->node_kinds, b->alloc, kind, kind_len, "node kind", st);
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
		map[k] = kind_index(into, alloc, from->names[k], strlen(from->names[k]), what, st);
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
		code = reserve_nodes(dst, src->n_nodes, st);
	if (code == DEAL_OK)
		code = reserve_edges(dst, src->n_edges, st);
	for (uint32_t i = 0; code == DEAL_OK && i < src->n_nodes; i += GRAPH_PENDING)
		intern_batch(dst, src->nodes + i, next_batch(src->n_nodes - i), node_kind_map, node_map + i);
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

/* Bytes a kind table takes serialised: a count, then each name's length byte and bytes. */
static size_t
kinds_serial_size(const GraphKinds *kinds)
{
	size_t		size = sizeof(uint32_t);

	for (uint32_t k = 0; k < kinds->count; k++)
		size += 1 + strlen(kinds->names[k]);
	return size;
}

/* Bytes graph_builder_serialize will write. */
size_t
graph_builder_serial_size(const GraphBuilder *b)
{
	return kinds_serial_size(&b->node_kinds) + kinds_serial_size(&b->edge_kinds) +
		sizeof(uint32_t) + (size_t) b->n_nodes * (sizeof(int64_t) + sizeof(uint32_t)) +
		sizeof(uint64_t) + b->n_edges * sizeof(BuiltEdge);
}

/* Write a kind table at p; returns the end. */
static char *
kinds_serialize(const GraphKinds *kinds, char *p)
{
	memcpy(p, &kinds->count, sizeof(uint32_t));
	p += sizeof(uint32_t);
	for (uint32_t k = 0; k < kinds->count; k++)
	{
		size_t		len = strlen(kinds->names[k]);

		*p++ = (char) len;
		memcpy(p, kinds->names[k], len);
		p += len;
	}
	return p;
}

/* Write a builder to buf (graph_builder_serial_size bytes) for a parallel worker's result. */
void
graph_builder_serialize(const GraphBuilder *b, char *buf)
{
	uint64_t	n_edges = b->n_edges;
	char	   *p = kinds_serialize(&b->node_kinds, buf);

	p = kinds_serialize(&b->edge_kinds, p);
	memcpy(p, &b->n_nodes, sizeof(uint32_t));
	p += sizeof(uint32_t);
	for (uint32_t i = 0; i < b->n_nodes; i++)
	{
		memcpy(p, &b->nodes[i].id, sizeof(int64_t));
		memcpy(p + sizeof(int64_t), &b->nodes[i].kind, sizeof(uint32_t));
		p += sizeof(int64_t) + sizeof(uint32_t);
	}
	memcpy(p, &n_edges, sizeof(n_edges));
	p += sizeof(n_edges);
	if (b->n_edges > 0)
		memcpy(p, b->edges, b->n_edges * sizeof(BuiltEdge));
}

/* Read a kind table at *p (end at end) into kinds. */
static DealCode
kinds_deserialize(GraphKinds *kinds, const DealAllocator *alloc, const char **p, const char *end,
				  const char *what, DealStatus *st)
{
	uint32_t	count;

	if (end - *p < (ptrdiff_t) sizeof(uint32_t))
		return deal_fail(st, DEAL_BAD_BINARY, -1, "Truncated graph state.");
	memcpy(&count, *p, sizeof(count));
	*p += sizeof(count);
	for (uint32_t k = 0; k < count; k++)
	{
		size_t		len;
		uint32_t	got;

		if (*p >= end || (len = (unsigned char) **p, end - *p - 1 < (ptrdiff_t) len))
			return deal_fail(st, DEAL_BAD_BINARY, -1, "Truncated graph state.");
		got = kind_index(kinds, alloc, *p + 1, len, what, st);
		if (got == GRAPH_NO_NODE && st->code == DEAL_NO_MEMORY)
			return st->code;
		if (got == GRAPH_NO_NODE && st->code == DEAL_TOO_BIG)
			return deal_fail(st, DEAL_BAD_BINARY, -1, "Graph state has more than %d %ss.", GRAPH_MAX_KINDS, what);
		if (got == GRAPH_NO_NODE)
			return deal_fail(st, DEAL_BAD_BINARY, -1, "Graph state has a %s that is not a label.", what);
		if (got != k)
			return deal_fail(st, DEAL_BAD_BINARY, -1, "Repeated %s in graph state.", what);
		*p += 1 + len;
	}
	return DEAL_OK;
}

/* Read a builder written by graph_builder_serialize into an initialised empty builder. */
DealCode
graph_builder_deserialize(GraphBuilder *b, const char *buf, size_t len, DealStatus *st)
{
	const char *p = buf;
	const char *end = buf + len;
	uint32_t	n_nodes;
	uint64_t	n_edges;
	const size_t node_size = sizeof(int64_t) + sizeof(uint32_t);

	deal_status_clear(st);
	if (kinds_deserialize(&b->node_kinds, b->alloc, &p, end, "node kind", st) != DEAL_OK ||
		kinds_deserialize(&b->edge_kinds, b->alloc, &p, end, "edge kind", st) != DEAL_OK)
		return st->code;
	if (end - p < (ptrdiff_t) sizeof(n_nodes))
		return deal_fail(st, DEAL_BAD_BINARY, -1, "Truncated graph state.");
	memcpy(&n_nodes, p, sizeof(n_nodes));
	p += sizeof(n_nodes);
	if ((uint64_t) (end - p) < (uint64_t) n_nodes * node_size + sizeof(n_edges))
		return deal_fail(st, DEAL_BAD_BINARY, -1, "Truncated graph state.");
	if (n_nodes > GRAPH_MAX_NODES)
		return deal_fail(st, DEAL_BAD_BINARY, -1, "Graph state has too many nodes.");
	if (reserve_nodes(b, n_nodes, st) != DEAL_OK)
		return st->code;
	for (uint32_t i = 0; i < n_nodes; i += GRAPH_PENDING)
	{
		BuiltNode	batch[GRAPH_PENDING];
		uint32_t	number[GRAPH_PENDING];
		uint32_t	n = next_batch(n_nodes - i);

		for (uint32_t j = 0; j < n; j++)
		{
			memcpy(&batch[j].id, p, sizeof(int64_t));
			memcpy(&batch[j].kind, p + sizeof(int64_t), sizeof(uint32_t));
			p += node_size;
			if (batch[j].kind >= b->node_kinds.count)
				return deal_fail(st, DEAL_BAD_BINARY, -1, "Graph state refers to an unknown kind.");
		}
		intern_batch(b, batch, n, NULL, number);
		for (uint32_t j = 0; j < n; j++)
			if (number[j] != i + j)
				return deal_fail(st, DEAL_BAD_BINARY, -1, "Repeated node in graph state.");
	}
	memcpy(&n_edges, p, sizeof(n_edges));
	p += sizeof(n_edges);
	if ((uint64_t) (end - p) != n_edges * sizeof(BuiltEdge) || n_edges > GRAPH_MAX_NODES)
		return deal_fail(st, DEAL_BAD_BINARY, -1, "Graph state has the wrong length.");
	if (n_edges > 0)
	{
		if (reserve_edges(b, n_edges, st) != DEAL_OK)
			return st->code;
		memcpy(b->edges, p, n_edges * sizeof(BuiltEdge));
		b->n_edges = n_edges;
	}
	for (size_t i = 0; i < b->n_edges; i++)
	{
		if (b->edges[i].src >= n_nodes || b->edges[i].dst >= n_nodes ||
			b->edges[i].kind >= b->edge_kinds.count)
			return deal_fail(st, DEAL_BAD_BINARY, -1, "Graph state refers to an unknown node or kind.");
		if (!flat_valid_range(b->edges[i].from, b->edges[i].to))
			return deal_fail(st, DEAL_BAD_BINARY, -1, "Graph state has an invalid validity range.");
	}
	return DEAL_OK;
}

/* ------------------------------------------------------------------------------------------
 * Flattening
 * ------------------------------------------------------------------------------------------ */

/* A node's sort key during flattening. */
typedef struct NodeKey
{
	int64_t		id;
	uint32_t	kind;			/* rank of the kind's name */
	uint32_t	number;			/* its number in the builder */
} NodeKey;

/* A kind's name and index, for ranking kinds by name. */
typedef struct NamedKind
{
	const char *name;
	uint32_t	index;
} NamedKind;

/* Order kinds by name. */
static int
compare_named_kinds(const void *a, const void *b)
{
	return strcmp(((const NamedKind *) a)->name, ((const NamedKind *) b)->name);
}

/* Rank of each kind by name: rank[k] for k, and order[r] the kind of rank r. */
static DealCode
rank_kinds(const GraphKinds *kinds, const DealAllocator *alloc, uint32_t *rank, uint32_t *order,
		   DealStatus *st)
{
	NamedKind  *named = deal_alloc(alloc, (kinds->count + 1) * sizeof(NamedKind));

	if (named == NULL)
		return deal_fail(st, DEAL_NO_MEMORY, -1, "No memory to rank a graph's kinds.");
	for (uint32_t k = 0; k < kinds->count; k++)
		named[k] = (NamedKind) {kinds->names[k], k};
	qsort(named, kinds->count, sizeof(NamedKind), compare_named_kinds);
	for (uint32_t r = 0; r < kinds->count; r++)
	{
		order[r] = named[r].index;
		rank[named[r].index] = r;
	}
	deal_release(alloc, named);
	return DEAL_OK;
}

/* The 16-bit digit d of a node key; digit 4 is the kind, above the id's four. */
static inline uint32_t
key_digit(const NodeKey *k, int d)
{
	if (d == 4)
		return k->kind;
	/* flipping the sign bit makes unsigned order the signed order */
	return (uint32_t) (((uint64_t) k->id ^ ((uint64_t) 1 << 63)) >> (16 * d)) & 0xFFFF;
}

/*
 * Sort node keys by (kind rank, id): a least-significant-digit radix sort on 16-bit digits
 * (kinds are at most 65535), skipping digits all keys share, as small ids do.  Returns the
 * array that holds the result, keys or tmp.
 */
static NodeKey *
sort_node_keys(NodeKey *keys, NodeKey *tmp, uint32_t n, uint32_t *count, const DealInterrupt *intr)
{
	for (int d = 0; d < 5; d++)
	{
		uint32_t	sum = 0;
		NodeKey    *swap;

		memset(count, 0, 65536 * sizeof(uint32_t));
		for (uint32_t i = 0; i < n; i++)
			count[key_digit(&keys[i], d)]++;
		if (n == 0 || count[key_digit(&keys[0], d)] == n)
			continue;			/* every key has this digit */
		for (uint32_t v = 0; v < 65536; v++)
		{
			uint32_t	c = count[v];

			count[v] = sum;
			sum += c;
		}
		for (uint32_t i = 0; i < n; i++)
		{
			DEAL_CHECK_INTERRUPTS(intr, i);
			tmp[count[key_digit(&keys[i], d)]++] = keys[i];
		}
		swap = keys;
		keys = tmp;
		tmp = swap;
	}
	return keys;
}

/* Order edges of one source by (dst, kind, from, to). */
static int
compare_edges(const void *a, const void *b)
{
	const BuiltEdge *x = a;
	const BuiltEdge *y = b;

	if (x->dst != y->dst)
		return x->dst < y->dst ? -1 : 1;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	if (x->from != y->from)
		return x->from < y->from ? -1 : 1;
	if (x->to != y->to)
		return x->to < y->to ? -1 : 1;
	return 0;
}

/* Sort edges of one source in place (insertion sort beats qsort for the usual handful). */
static void
sort_group(BuiltEdge *e, size_t n)
{
	if (n > 24)
	{
		qsort(e, n, sizeof(BuiltEdge), compare_edges);
		return;
	}
	for (size_t i = 1; i < n; i++)
	{
		BuiltEdge	x = e[i];
		size_t		j = i;

		while (j > 0 && compare_edges(&e[j - 1], &x) > 0)
		{
			e[j] = e[j - 1];
			j--;
		}
		e[j] = x;
	}
}

/* The edge columns of a flat form being written; kind, from and to may be absent. */
typedef struct EdgeColumns
{
	uint32_t   *dst;
	uint16_t   *kind;
	int32_t    *from;
	int32_t    *to;
} EdgeColumns;

/* The columns of the flat form at base laid out as l. */
static EdgeColumns
edge_columns(uint32_t *base, const FlatLayout *l, uint32_t flags)
{
	return (EdgeColumns) {
		base + l->dst,
		(flags & FLAT_HAS_KINDS) ? (uint16_t *) (base + l->kind) : NULL,
		(flags & FLAT_HAS_DATES) ? (int32_t *) (base + l->from) : NULL,
		(flags & FLAT_HAS_DATES) ? (int32_t *) (base + l->to) : NULL
	};
}

/* Load edge i of the columns, whose source is u. */
static inline BuiltEdge
column_edge(const EdgeColumns *c, size_t i, uint32_t u)
{
	return (BuiltEdge) {
		u, c->dst[i], c->kind ? c->kind[i] : 0,
		c->from ? c->from[i] : GRAPH_NO_LOWER, c->to ? c->to[i] : GRAPH_NO_UPPER
	};
}

/* Store e as edge i of the columns (its source is implied by where it stands). */
static inline void
set_column_edge(const EdgeColumns *c, size_t i, const BuiltEdge *e)
{
	c->dst[i] = e->dst;
	if (c->kind)
		c->kind[i] = (uint16_t) e->kind;
	if (c->from)
	{
		c->from[i] = e->from;
		c->to[i] = e->to;
	}
}

/* The work arrays of a flattening, so that one exit frees them all. */
typedef struct Flattening
{
	const DealAllocator *alloc;
	uint32_t   *node_rank;
	uint32_t   *node_order;
	uint32_t   *edge_rank;
	uint32_t   *edge_order;
	NodeKey    *keys;
	NodeKey    *keys_tmp;
	uint32_t   *digit_count;
	uint32_t   *final;			/* builder number -> canonical number */
	uint32_t   *start;			/* canonical source -> its first edge */
	BuiltEdge  *group;			/* one source's edges while they are sorted */
} Flattening;

/* Free a flattening's work arrays. */
static void
flattening_free(Flattening *f)
{
	deal_release(f->alloc, f->node_rank);
	deal_release(f->alloc, f->node_order);
	deal_release(f->alloc, f->edge_rank);
	deal_release(f->alloc, f->edge_order);
	deal_release(f->alloc, f->keys);
	deal_release(f->alloc, f->keys_tmp);
	deal_release(f->alloc, f->digit_count);
	deal_release(f->alloc, f->final);
	deal_release(f->alloc, f->start);
	deal_release(f->alloc, f->group);
}

/* Free the work arrays and fail with out of memory. */
static DealCode
flatten_oom(Flattening *f, const GraphBuilder *b, DealStatus *st)
{
	flattening_free(f);
	return deal_fail(st, DEAL_NO_MEMORY, -1, "No memory to build a graph of %u nodes and %zu edges.",
					 b->n_nodes, b->n_edges);
}

/* Copy the names of kinds in rank order to p; returns the end. */
static char *
put_names(const GraphKinds *kinds, const uint32_t *order, char *p)
{
	for (uint32_t r = 0; r < kinds->count; r++)
	{
		size_t		len = strlen(kinds->names[order[r]]) + 1;

		memcpy(p, kinds->names[order[r]], len);
		p += len;
	}
	return p;
}

/* Sort, deduplicate and write the canonical flat form; *out and *out_len on success. */
DealCode
graph_flatten(GraphBuilder *b, size_t reserve, char **out, size_t *out_len,
			  const DealInterrupt *intr, DealStatus *st)
{
	Flattening	f = {.alloc = b->alloc};
	uint32_t	n_nodes;
	size_t		n_edges = 0;
	size_t		group_capacity = 64;
	size_t		names_bytes = 0;
	uint32_t	flags = 0;
	FlatLayout	l;
	size_t		size;
	char	   *buf;
	uint32_t   *base;
	uint32_t   *edge_start;
	EdgeColumns col;
	const NodeKey *sorted;

	deal_status_clear(st);
	if (graph_builder_flush(b, st) != DEAL_OK)
		return st->code;
	n_nodes = b->n_nodes;
	f.node_rank = deal_alloc(f.alloc, (b->node_kinds.count + 1) * sizeof(uint32_t));
	f.node_order = deal_alloc(f.alloc, (b->node_kinds.count + 1) * sizeof(uint32_t));
	f.edge_rank = deal_alloc(f.alloc, (b->edge_kinds.count + 1) * sizeof(uint32_t));
	f.edge_order = deal_alloc(f.alloc, (b->edge_kinds.count + 1) * sizeof(uint32_t));
	f.keys = deal_alloc(f.alloc, ((size_t) n_nodes + 1) * sizeof(NodeKey));
	f.keys_tmp = deal_alloc(f.alloc, ((size_t) n_nodes + 1) * sizeof(NodeKey));
	f.digit_count = deal_alloc(f.alloc, 65536 * sizeof(uint32_t));
	f.final = deal_alloc(f.alloc, ((size_t) n_nodes + 1) * sizeof(uint32_t));
	f.start = deal_alloc(f.alloc, ((size_t) n_nodes + 2) * sizeof(uint32_t));
	f.group = deal_alloc(f.alloc, group_capacity * sizeof(BuiltEdge));
	if (!f.node_rank || !f.node_order || !f.edge_rank || !f.edge_order || !f.keys || !f.keys_tmp ||
		!f.digit_count || !f.final || !f.start || !f.group)
		return flatten_oom(&f, b, st);
	if (rank_kinds(&b->node_kinds, f.alloc, f.node_rank, f.node_order, st) != DEAL_OK ||
		rank_kinds(&b->edge_kinds, f.alloc, f.edge_rank, f.edge_order, st) != DEAL_OK)
	{
		flattening_free(&f);
		return st->code;
	}

	/* the columns this graph needs, and the flat form's size before duplicates are dropped */
	if (b->edge_kinds.count > 1)
		flags |= FLAT_HAS_KINDS;
	for (size_t i = 0; i < b->n_edges && !(flags & FLAT_HAS_DATES); i++)
		if (b->edges[i].from != GRAPH_NO_LOWER || b->edges[i].to != GRAPH_NO_UPPER)
			flags |= FLAT_HAS_DATES;
	for (uint32_t k = 0; k < b->node_kinds.count; k++)
		names_bytes += strlen(b->node_kinds.names[k]) + 1;
	for (uint32_t k = 0; k < b->edge_kinds.count; k++)
		names_bytes += strlen(b->edge_kinds.names[k]) + 1;
	size = flat_layout(b->node_kinds.count, n_nodes, b->n_edges, flags, &l) * sizeof(uint32_t) +
		((names_bytes + 3) & ~(size_t) 3);
	if (size > FLAT_MAX_BYTES - reserve)
	{
		flattening_free(&f);
		return deal_fail(st, DEAL_TOO_BIG, -1,
						 "This graph of %u nodes and %zu edges needs %zu bytes; one value holds at most %zu.",
						 n_nodes, b->n_edges, size, FLAT_MAX_BYTES - reserve);
	}
	buf = deal_alloc(f.alloc, reserve + size);
	if (buf == NULL)
		return flatten_oom(&f, b, st);
	memset(buf, 0, reserve);
	base = (uint32_t *) (buf + reserve);

	/* canonical node order: (kind name, id); the kind starts and the ids */
	for (uint32_t i = 0; i < n_nodes; i++)
		f.keys[i] = (NodeKey) {b->nodes[i].id, f.node_rank[b->nodes[i].kind], i};
	sorted = sort_node_keys(f.keys, f.keys_tmp, n_nodes, f.digit_count, intr);
	for (uint32_t r = 0, i = 0; r <= b->node_kinds.count; r++)
	{
		while (i < n_nodes && sorted[i].kind < r)
			i++;
		base[l.kind_start + r] = i;
	}
	for (uint32_t i = 0; i < n_nodes; i++)
	{
		f.final[sorted[i].number] = i;
		memcpy(base + l.ids + 2 * (size_t) i, &sorted[i].id, sizeof(int64_t));
	}

	/*
	 * Canonical edge order, straight into the columns: a counting sort by source, then each
	 * source's few edges sorted by the rest, with duplicates dropped as they are met.
	 */
	col = edge_columns(base, &l, flags);
	edge_start = base + l.edge_start;
	memset(f.start, 0, ((size_t) n_nodes + 2) * sizeof(uint32_t));
	for (size_t i = 0; i < b->n_edges; i++)
		f.start[f.final[b->edges[i].src] + 2]++;
	for (uint32_t u = 2; u < n_nodes + 2; u++)
		f.start[u] += f.start[u - 1];
	for (size_t i = 0; i < b->n_edges; i++)
	{
		const BuiltEdge *e = &b->edges[i];
		BuiltEdge	c = {f.final[e->src], f.final[e->dst], f.edge_rank[e->kind], e->from, e->to};

		DEAL_CHECK_INTERRUPTS(intr, i);
		set_column_edge(&col, f.start[c.src + 1]++, &c);
	}
	for (uint32_t u = 0; u < n_nodes; u++)
	{
		size_t		lo = f.start[u];
		size_t		n = f.start[u + 1] - lo;

		DEAL_CHECK_INTERRUPTS(intr, u);
		edge_start[u] = (uint32_t) n_edges;
		if (n > group_capacity)
		{
			deal_release(f.alloc, f.group);
			group_capacity = n;
			f.group = deal_alloc(f.alloc, group_capacity * sizeof(BuiltEdge));
			if (f.group == NULL)
			{
				deal_release(f.alloc, buf);
				return flatten_oom(&f, b, st);
			}
		}
		for (size_t i = 0; i < n; i++)
			f.group[i] = column_edge(&col, lo + i, u);
		sort_group(f.group, n);
		for (size_t i = 0; i < n; i++)
			if (i == 0 || compare_edges(&f.group[i - 1], &f.group[i]) != 0)
				set_column_edge(&col, n_edges++, &f.group[i]);
	}
	edge_start[n_nodes] = (uint32_t) n_edges;

	/* with duplicates dropped, the columns after dst close up */
	if (n_edges < b->n_edges)
	{
		FlatLayout	final;
		EdgeColumns to;

		size = flat_layout(b->node_kinds.count, n_nodes, n_edges, flags, &final) * sizeof(uint32_t) +
			((names_bytes + 3) & ~(size_t) 3);
		to = edge_columns(base, &final, flags);
		if (to.kind)
			memmove(to.kind, col.kind, n_edges * sizeof(uint16_t));
		if (to.from)
		{
			memmove(to.from, col.from, n_edges * sizeof(int32_t));
			memmove(to.to, col.to, n_edges * sizeof(int32_t));
		}
		l = final;
	}
	if ((flags & FLAT_HAS_KINDS) && n_edges % 2 == 1)
		((uint16_t *) (base + l.kind))[n_edges] = 0;	/* the padding */
	{
		char	   *names = put_names(&b->node_kinds, f.node_order, (char *) (base + l.names));

		names = put_names(&b->edge_kinds, f.edge_order, names);
		memset(names, 0, buf + reserve + size - names);
	}
	base[0] = FLAT_MAGIC;
	base[1] = b->node_kinds.count;
	base[2] = b->edge_kinds.count;
	base[3] = n_nodes;
	base[4] = (uint32_t) n_edges;
	base[5] = (uint32_t) names_bytes;
	base[6] = flags;
	flattening_free(&f);
	*out = buf;
	*out_len = reserve + size;
	return DEAL_OK;
}
