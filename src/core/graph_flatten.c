/*
 * graph_flatten.c: writing a builder's canonical flat form: nodes in (kind name, id) order by
 * a radix sort, edges by a counting sort on their source, sorted and deduplicated per source.
 */
#include "graph.h"
#include "graph_flat.h"

#include <stdlib.h>
#include <string.h>

#define FLAT_MAX_BYTES ((size_t) 0x3FFFFFFF - 1024)	/* what one PostgreSQL value can hold */
#define RADIX_MIN_NODES 1024		/* fewer nodes are sorted by comparison (sort_node_keys) */

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

/* Order node keys by (kind rank, id). */
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

/*
 * Sort node keys by (kind rank, id): a least-significant-digit radix sort on 16-bit digits
 * (kinds are at most 65535), skipping digits all keys share, as small ids do; below
 * RADIX_MIN_NODES keys (count may then be NULL) a comparison sort, since each radix pass
 * clears and scans 65,536 counters, which costs a household's graph a hundred times its
 * sorting.  Keys are distinct, so both give the same order.  Returns the array that holds
 * the result, keys or tmp.
 */
static NodeKey *
sort_node_keys(NodeKey *keys, NodeKey *tmp, uint32_t n, uint32_t *count, const DealInterrupt *intr)
{
	if (n < RADIX_MIN_NODES)
	{
		qsort(keys, n, sizeof(NodeKey), compare_node_keys);
		return keys;
	}
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
	f.digit_count = n_nodes < RADIX_MIN_NODES ? NULL : deal_alloc(f.alloc, 65536 * sizeof(uint32_t));
	f.final = deal_alloc(f.alloc, ((size_t) n_nodes + 1) * sizeof(uint32_t));
	f.start = deal_alloc(f.alloc, ((size_t) n_nodes + 2) * sizeof(uint32_t));
	f.group = deal_alloc(f.alloc, group_capacity * sizeof(BuiltEdge));
	if (!f.node_rank || !f.node_order || !f.edge_rank || !f.edge_order || !f.keys || !f.keys_tmp ||
		(!f.digit_count && n_nodes >= RADIX_MIN_NODES) || !f.final || !f.start || !f.group)
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
