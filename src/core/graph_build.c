/*
 * graph_build.c: collecting edges, merging and serialising builders, and writing the
 * canonical flat form of a graph.
 */
#include "graph.h"

#include <stdlib.h>
#include <string.h>

#define FLAT_MAGIC 0x31524744u	/* "DGR1" */
#define FLAT_HEADER_WORDS 6
#define FLAT_MAX_BYTES ((size_t) 0x3FFFFFFF - 1024)	/* what one PostgreSQL value can hold */

/* ------------------------------------------------------------------------------------------
 * Kinds
 * ------------------------------------------------------------------------------------------ */

/* Check a kind name of len bytes: DEAL_BAD_ARGUMENT (with what) unless valid. */
DealCode
graph_check_kind(const char *name, size_t len, const char *what, DealStatus *st)
{
	if (len == 0)
		return deal_fail(st, DEAL_BAD_ARGUMENT, -1,
						 "The %s is empty; kinds have 1 to %d characters.", what, GRAPH_KIND_MAX);
	if (len > GRAPH_KIND_MAX)
		return deal_fail(st, DEAL_BAD_ARGUMENT, -1,
						 "The %s \"%.*s...\" has %zu characters; kinds have at most %d.",
						 what, 16, name, len, GRAPH_KIND_MAX);
	for (size_t i = 0; i < len; i++)
	{
		char		c = name[i];
		bool		letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
		bool		ok = letter || (i > 0 && ((c >= '0' && c <= '9') || c == '_'));

		if (!ok)
		{
			char		cname[DEAL_CHAR_NAME_SIZE];

			return deal_fail(st, DEAL_BAD_ARGUMENT, (int) i,
							 "The %s \"%.*s\" has %s at character %zu; kinds are a letter followed by letters, digits and underscores.",
							 what, (int) len, name, deal_char_name(c, cname), i + 1);
		}
	}
	return DEAL_OK;
}

/* Does the folded name equal (name, len) up to case? */
static bool
kind_equals(const char *folded, const char *name, size_t len)
{
	for (size_t i = 0; i < len; i++)
	{
		char		c = name[i];

		if (c >= 'A' && c <= 'Z')
			c = (char) (c - 'A' + 'a');
		if (folded[i] != c)
			return false;
	}
	return folded[len] == '\0';
}

/* Index of kind (name, len) in kinds, adding it if new; GRAPH_NO_NODE when out of memory. */
static uint32_t
intern_kind(GraphKinds *kinds, const DealAllocator *alloc, const char *name, size_t len)
{
	char	   *copy;

	if (kinds->count > 0 && kind_equals(kinds->names[kinds->last], name, len))
		return kinds->last;
	for (uint32_t k = 0; k < kinds->count; k++)
		if (kind_equals(kinds->names[k], name, len))
			return kinds->last = k;

	if (kinds->count == kinds->capacity)
	{
		uint32_t	capacity = kinds->capacity ? kinds->capacity * 2 : 8;
		char	  **names = deal_resize(alloc, kinds->names, capacity * sizeof(char *));

		if (names == NULL)
			return GRAPH_NO_NODE;
		kinds->names = names;
		kinds->capacity = capacity;
	}
	copy = deal_alloc(alloc, len + 1);
	if (copy == NULL)
		return GRAPH_NO_NODE;
	for (size_t i = 0; i < len; i++)
		copy[i] = (char) ((name[i] >= 'A' && name[i] <= 'Z') ? name[i] - 'A' + 'a' : name[i]);
	copy[len] = '\0';
	kinds->names[kinds->count] = copy;
	return kinds->last = kinds->count++;
}

/* Look up or add a kind after checking it; GRAPH_NO_NODE with st set on failure. */
static uint32_t
kind_index(GraphKinds *kinds, const DealAllocator *alloc, const char *name, size_t len,
		   const char *what, DealStatus *st)
{
	uint32_t	k;

	if (kinds->count > 0 && kind_equals(kinds->names[kinds->last], name, len))
		return kinds->last;
	if (graph_check_kind(name, len, what, st) != DEAL_OK)
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
	kinds_free(&b->node_kinds, b->alloc);
	kinds_free(&b->edge_kinds, b->alloc);
	deal_release(b->alloc, b->edges);
	b->edges = NULL;
	b->count = b->capacity = 0;
}

/* Make room for one more raw edge. */
static DealCode
reserve_edge(GraphBuilder *b, DealStatus *st)
{
	if (b->count == b->capacity)
	{
		size_t		capacity = b->capacity ? b->capacity * 2 : 1024;
		RawEdge    *edges;

		if (capacity > FLAT_MAX_BYTES / sizeof(RawEdge))
			capacity = FLAT_MAX_BYTES / sizeof(RawEdge);
		if (b->count >= capacity || b->count >= GRAPH_MAX_NODES)
			return deal_fail(st, DEAL_TOO_BIG, -1,
							 "A graph holds at most %d edges.", (int) capacity);
		edges = deal_resize(b->alloc, b->edges, capacity * sizeof(RawEdge));
		if (edges == NULL)
			return deal_fail(st, DEAL_NO_MEMORY, -1, "No memory for %zu edges.", capacity);
		b->edges = edges;
		b->capacity = capacity;
	}
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

/* Add an edge src -> dst of edge_kind valid on [from, to); kinds as (pointer, length). */
DealCode
graph_builder_add_edge(GraphBuilder *b,
					   const char *src_kind, size_t src_kind_len, int64_t src_id,
					   const char *dst_kind, size_t dst_kind_len, int64_t dst_id,
					   const char *edge_kind, size_t edge_kind_len,
					   int32_t from, int32_t to, DealStatus *st)
{
	RawEdge    *e;
	uint32_t	sk,
				dk,
				ek;

	if (check_validity(&from, &to, st) != DEAL_OK)
		return st->code;
	if ((sk = kind_index(&b->node_kinds, b->alloc, src_kind, src_kind_len, "node kind", st)) == GRAPH_NO_NODE ||
		(dk = kind_index(&b->node_kinds, b->alloc, dst_kind, dst_kind_len, "node kind", st)) == GRAPH_NO_NODE ||
		(ek = kind_index(&b->edge_kinds, b->alloc, edge_kind, edge_kind_len, "edge kind", st)) == GRAPH_NO_NODE)
		return st->code;
	if (reserve_edge(b, st) != DEAL_OK)
		return st->code;
	e = &b->edges[b->count++];
	e->src_id = src_id;
	e->dst_id = dst_id;
	e->src_kind = sk;
	e->dst_kind = dk;
	e->edge_kind = ek;
	e->from = from;
	e->to = to;
	return DEAL_OK;
}

/* Add a node without edges (a person with no links still has a component of their own). */
DealCode
graph_builder_add_node(GraphBuilder *b, const char *kind, size_t kind_len, int64_t id,
					   DealStatus *st)
{
	RawEdge    *e;
	uint32_t	k = kind_index(&b->node_kinds, b->alloc, kind, kind_len, "node kind", st);

	if (k == GRAPH_NO_NODE || reserve_edge(b, st) != DEAL_OK)
		return st->code;
	e = &b->edges[b->count++];
	memset(e, 0, sizeof(*e));
	e->src_id = id;
	e->src_kind = k;
	e->dst_kind = GRAPH_NO_NODE;
	return DEAL_OK;
}

/* Map each kind of from into into, filling map; false when out of memory or too many. */
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
graph_builder_merge(GraphBuilder *dst, const GraphBuilder *src, DealStatus *st)
{
	uint32_t   *node_map;
	uint32_t   *edge_map;
	DealCode	code = DEAL_OK;

	node_map = deal_alloc(dst->alloc, (src->node_kinds.count + 1) * sizeof(uint32_t));
	edge_map = deal_alloc(dst->alloc, (src->edge_kinds.count + 1) * sizeof(uint32_t));
	if (node_map == NULL || edge_map == NULL)
		code = deal_fail(st, DEAL_NO_MEMORY, -1, "No memory to merge graphs.");
	if (code == DEAL_OK)
		code = merge_kinds(&dst->node_kinds, &src->node_kinds, dst->alloc, node_map, "node kind", st);
	if (code == DEAL_OK)
		code = merge_kinds(&dst->edge_kinds, &src->edge_kinds, dst->alloc, edge_map, "edge kind", st);
	for (size_t i = 0; code == DEAL_OK && i < src->count; i++)
	{
		RawEdge		e = src->edges[i];

		code = reserve_edge(dst, st);
		if (code != DEAL_OK)
			break;
		e.src_kind = node_map[e.src_kind];
		if (e.dst_kind != GRAPH_NO_NODE)
		{
			e.dst_kind = node_map[e.dst_kind];
			e.edge_kind = edge_map[e.edge_kind];
		}
		dst->edges[dst->count++] = e;
	}
	deal_release(dst->alloc, node_map);
	deal_release(dst->alloc, edge_map);
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
		sizeof(uint64_t) + b->count * sizeof(RawEdge);
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
	uint64_t	count = b->count;
	char	   *p = kinds_serialize(&b->node_kinds, buf);

	p = kinds_serialize(&b->edge_kinds, p);
	memcpy(p, &count, sizeof(count));
	p += sizeof(count);
	if (b->count > 0)
		memcpy(p, b->edges, b->count * sizeof(RawEdge));
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

		if (*p >= end || (len = (unsigned char) **p, end - *p - 1 < (ptrdiff_t) len))
			return deal_fail(st, DEAL_BAD_BINARY, -1, "Truncated graph state.");
		if (kind_index(kinds, alloc, *p + 1, len, what, st) != k)
			return st->code == DEAL_OK ? deal_fail(st, DEAL_BAD_BINARY, -1, "Repeated kind in graph state.") : st->code;
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
	uint64_t	count;

	deal_status_clear(st);
	if (kinds_deserialize(&b->node_kinds, b->alloc, &p, end, "node kind", st) != DEAL_OK ||
		kinds_deserialize(&b->edge_kinds, b->alloc, &p, end, "edge kind", st) != DEAL_OK)
		return st->code;
	if (end - p < (ptrdiff_t) sizeof(count))
		return deal_fail(st, DEAL_BAD_BINARY, -1, "Truncated graph state.");
	memcpy(&count, p, sizeof(count));
	p += sizeof(count);
	if ((uint64_t) (end - p) != count * sizeof(RawEdge))
		return deal_fail(st, DEAL_BAD_BINARY, -1, "Graph state has the wrong length.");
	for (uint64_t i = 0; i < count; i++)
	{
		RawEdge		e;

		memcpy(&e, p + i * sizeof(RawEdge), sizeof(e));
		if (e.src_kind >= b->node_kinds.count ||
			(e.dst_kind != GRAPH_NO_NODE &&
			 (e.dst_kind >= b->node_kinds.count || e.edge_kind >= b->edge_kinds.count)))
			return deal_fail(st, DEAL_BAD_BINARY, -1, "Graph state refers to an unknown kind.");
		if (reserve_edge(b, st) != DEAL_OK)
			return st->code;
		b->edges[b->count++] = e;
	}
	return DEAL_OK;
}

/* ------------------------------------------------------------------------------------------
 * Flattening
 * ------------------------------------------------------------------------------------------ */

/* A node during flattening: its key and the index it will have. */
typedef struct NodeKey
{
	int64_t		id;
	uint32_t	kind;			/* rank of the kind's name */
	uint32_t	index;			/* position in first-seen order */
} NodeKey;

/* An edge during flattening, its endpoints in first-seen node order. */
typedef struct FlatEdge
{
	uint32_t	src;
	uint32_t	dst;
	uint32_t	kind;
	int32_t		from;
	int32_t		to;
} FlatEdge;

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

/* Order nodes by (kind rank, id). */
static int
compare_node_keys(const void *a, const void *b)
{
	const NodeKey *x = a;
	const NodeKey *y = b;

	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	return 0;
}

/* Order edges with one source by (dst, kind, from, to). */
static int
compare_edges(const void *a, const void *b)
{
	const FlatEdge *x = a;
	const FlatEdge *y = b;

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

/* Hash of a node key. */
static inline uint64_t
hash_node(uint32_t kind, int64_t id)
{
	uint64_t	h = (uint64_t) id * 0x9E3779B97F4A7C15ULL ^ ((uint64_t) kind << 32 | kind);

	h ^= h >> 31;
	h *= 0xBF58476D1CE4E5B9ULL;
	h ^= h >> 29;
	return h;
}

/* The state of a flattening, so that one exit frees it all. */
typedef struct Flattening
{
	const DealAllocator *alloc;
	uint32_t   *node_rank;
	uint32_t   *node_order;
	uint32_t   *edge_rank;
	uint32_t   *edge_order;
	uint32_t   *slots;
	NodeKey    *nodes;
	uint32_t   *final_index;
	FlatEdge   *edges;
	FlatEdge   *sorted;
	uint32_t   *bucket;
} Flattening;

/* Free a flattening's work arrays. */
static void
flattening_free(Flattening *f)
{
	deal_release(f->alloc, f->node_rank);
	deal_release(f->alloc, f->node_order);
	deal_release(f->alloc, f->edge_rank);
	deal_release(f->alloc, f->edge_order);
	deal_release(f->alloc, f->slots);
	deal_release(f->alloc, f->nodes);
	deal_release(f->alloc, f->final_index);
	deal_release(f->alloc, f->edges);
	deal_release(f->alloc, f->sorted);
	deal_release(f->alloc, f->bucket);
}

/* Index of node (kind, id) in first-seen order, adding it; the table never fills. */
static uint32_t
node_slot(Flattening *f, size_t mask, uint32_t *n_nodes, uint32_t kind, int64_t id)
{
	size_t		s = (size_t) hash_node(kind, id) & mask;

	for (;;)
	{
		uint32_t	v = f->slots[s];

		if (v == GRAPH_NO_NODE)
		{
			NodeKey    *k = &f->nodes[*n_nodes];

			k->id = id;
			k->kind = kind;
			k->index = *n_nodes;
			f->slots[s] = *n_nodes;
			return (*n_nodes)++;
		}
		if (f->nodes[v].id == id && f->nodes[v].kind == kind)
			return v;
		s = (s + 1) & mask;
	}
}

/* Append a word array of n entries at *w. */
static void
put_words(uint32_t **w, const void *src, size_t n)
{
	memcpy(*w, src, n * sizeof(uint32_t));
	*w += n;
}

/* Sort, deduplicate and write the canonical flat form; *out and *out_len on success. */
DealCode
graph_flatten(GraphBuilder *b, size_t reserve, char **out, size_t *out_len,
			  const DealInterrupt *intr, DealStatus *st)
{
	Flattening	f = {.alloc = b->alloc};
	size_t		endpoints = 0;
	size_t		n_slots = 16;
	uint32_t	n_nodes = 0;
	size_t		n_edges = 0;
	size_t		names_bytes = 0;
	size_t		size;
	char	   *buf;
	uint32_t   *w;
	DealCode	code = DEAL_OK;

	deal_status_clear(st);
	for (size_t i = 0; i < b->count; i++)
		endpoints += b->edges[i].dst_kind == GRAPH_NO_NODE ? 1 : 2;
	while (n_slots < endpoints * 2)
		n_slots *= 2;

	f.node_rank = deal_alloc(f.alloc, (b->node_kinds.count + 1) * sizeof(uint32_t));
	f.node_order = deal_alloc(f.alloc, (b->node_kinds.count + 1) * sizeof(uint32_t));
	f.edge_rank = deal_alloc(f.alloc, (b->edge_kinds.count + 1) * sizeof(uint32_t));
	f.edge_order = deal_alloc(f.alloc, (b->edge_kinds.count + 1) * sizeof(uint32_t));
	f.slots = deal_alloc(f.alloc, n_slots * sizeof(uint32_t));
	f.nodes = deal_alloc(f.alloc, (endpoints + 1) * sizeof(NodeKey));
	f.edges = deal_alloc(f.alloc, (b->count + 1) * sizeof(FlatEdge));
	if (!f.node_rank || !f.node_order || !f.edge_rank || !f.edge_order || !f.slots ||
		!f.nodes || !f.edges)
	{
		flattening_free(&f);
		return deal_fail(st, DEAL_NO_MEMORY, -1, "No memory to build a graph of %zu edges.", b->count);
	}
	if (rank_kinds(&b->node_kinds, f.alloc, f.node_rank, f.node_order, st) != DEAL_OK ||
		rank_kinds(&b->edge_kinds, f.alloc, f.edge_rank, f.edge_order, st) != DEAL_OK)
	{
		flattening_free(&f);
		return st->code;
	}
	memset(f.slots, 0xFF, n_slots * sizeof(uint32_t));

	/* nodes in first-seen order, and edges between them */
	for (size_t i = 0; i < b->count; i++)
	{
		const RawEdge *r = &b->edges[i];
		uint32_t	s = node_slot(&f, n_slots - 1, &n_nodes, f.node_rank[r->src_kind], r->src_id);

		DEAL_CHECK_INTERRUPTS(intr, i);
		if (r->dst_kind == GRAPH_NO_NODE)
			continue;
		f.edges[n_edges].src = s;
		f.edges[n_edges].dst = node_slot(&f, n_slots - 1, &n_nodes, f.node_rank[r->dst_kind], r->dst_id);
		f.edges[n_edges].kind = f.edge_rank[r->edge_kind];
		f.edges[n_edges].from = r->from;
		f.edges[n_edges].to = r->to;
		n_edges++;
	}
	deal_release(f.alloc, f.slots);
	f.slots = NULL;
	if (n_nodes > GRAPH_MAX_NODES)
	{
		flattening_free(&f);
		return deal_fail(st, DEAL_TOO_BIG, -1, "A graph holds at most %d nodes.", GRAPH_MAX_NODES);
	}

	/* canonical node order: (kind name, id) */
	qsort(f.nodes, n_nodes, sizeof(NodeKey), compare_node_keys);
	f.final_index = deal_alloc(f.alloc, ((size_t) n_nodes + 1) * sizeof(uint32_t));
	f.sorted = deal_alloc(f.alloc, (n_edges + 1) * sizeof(FlatEdge));
	f.bucket = deal_alloc(f.alloc, ((size_t) n_nodes + 2) * sizeof(uint32_t));
	if (!f.final_index || !f.sorted || !f.bucket)
	{
		flattening_free(&f);
		return deal_fail(st, DEAL_NO_MEMORY, -1, "No memory to build a graph of %zu edges.", b->count);
	}
	for (uint32_t i = 0; i < n_nodes; i++)
		f.final_index[f.nodes[i].index] = i;

	/* canonical edge order: counting sort by source, then each source's edges by the rest */
	memset(f.bucket, 0, ((size_t) n_nodes + 2) * sizeof(uint32_t));
	for (size_t i = 0; i < n_edges; i++)
	{
		f.edges[i].src = f.final_index[f.edges[i].src];
		f.edges[i].dst = f.final_index[f.edges[i].dst];
		f.bucket[f.edges[i].src + 2]++;
	}
	for (uint32_t i = 2; i < n_nodes + 2; i++)
		f.bucket[i] += f.bucket[i - 1];
	for (size_t i = 0; i < n_edges; i++)
		f.sorted[f.bucket[f.edges[i].src + 1]++] = f.edges[i];
	{
		size_t		kept = 0;

		for (uint32_t u = 0; u < n_nodes; u++)
		{
			size_t		lo = f.bucket[u];
			size_t		hi = f.bucket[u + 1];

			DEAL_CHECK_INTERRUPTS(intr, u);
			if (hi - lo > 1)
				qsort(f.sorted + lo, hi - lo, sizeof(FlatEdge), compare_edges);
			for (size_t i = lo; i < hi; i++)
				if (kept == 0 || f.sorted[kept - 1].src != u ||
					compare_edges(&f.sorted[kept - 1], &f.sorted[i]) != 0)
					f.sorted[kept++] = f.sorted[i];
		}
		n_edges = kept;
	}

	/* the flat form */
	for (uint32_t k = 0; k < b->node_kinds.count; k++)
		names_bytes += strlen(b->node_kinds.names[k]) + 1;
	for (uint32_t k = 0; k < b->edge_kinds.count; k++)
		names_bytes += strlen(b->edge_kinds.names[k]) + 1;
	size = sizeof(uint32_t) * (FLAT_HEADER_WORDS + b->node_kinds.count + 1 + 2 * (size_t) n_nodes + 5 * n_edges) +
		((names_bytes + 3) & ~(size_t) 3);
	if (size > FLAT_MAX_BYTES - reserve)
	{
		flattening_free(&f);
		return deal_fail(st, DEAL_TOO_BIG, -1,
						 "This graph of %u nodes and %zu edges needs %zu bytes; one value holds at most %zu.",
						 n_nodes, n_edges, size, FLAT_MAX_BYTES - reserve);
	}
	buf = deal_alloc(f.alloc, reserve + size);
	if (buf == NULL)
	{
		flattening_free(&f);
		return deal_fail(st, DEAL_NO_MEMORY, -1, "No memory for a graph of %zu bytes.", size);
	}
	memset(buf, 0, reserve + size);
	w = (uint32_t *) (buf + reserve);
	{
		uint32_t	header[FLAT_HEADER_WORDS] = {
			FLAT_MAGIC, b->node_kinds.count, b->edge_kinds.count, n_nodes, (uint32_t) n_edges,
			(uint32_t) names_bytes
		};
		uint32_t	start = 0;
		char	   *names;

		put_words(&w, header, FLAT_HEADER_WORDS);
		for (uint32_t r = 0, i = 0; r <= b->node_kinds.count; r++)
		{
			while (i < n_nodes && f.nodes[i].kind < r)
				i++;
			start = i;
			put_words(&w, &start, 1);
		}
		for (uint32_t i = 0; i < n_nodes; i++)
		{
			memcpy(w, &f.nodes[i].id, sizeof(int64_t));
			w += 2;
		}
		for (int field = 0; field < 5; field++)
			for (size_t i = 0; i < n_edges; i++)
			{
				const FlatEdge *e = &f.sorted[i];

				*w++ = field == 0 ? e->src : field == 1 ? e->dst : field == 2 ? e->kind :
					field == 3 ? (uint32_t) e->from : (uint32_t) e->to;
			}
		names = (char *) w;
		for (uint32_t r = 0; r < b->node_kinds.count; r++)
		{
			const char *name = b->node_kinds.names[f.node_order[r]];

			memcpy(names, name, strlen(name) + 1);
			names += strlen(name) + 1;
		}
		for (uint32_t r = 0; r < b->edge_kinds.count; r++)
		{
			const char *name = b->edge_kinds.names[f.edge_order[r]];

			memcpy(names, name, strlen(name) + 1);
			names += strlen(name) + 1;
		}
	}
	flattening_free(&f);
	*out = buf;
	*out_len = reserve + size;
	return code;
}
