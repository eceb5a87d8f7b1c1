/*
 * graph_flat.h: where each part of a graph's flat form lies (private to the graph core).
 *
 * All in 4-byte words from the start:
 *   header      magic, node kinds, edge kinds, nodes, edges, bytes of names, flags
 *   kind_start  node kinds + 1 words: nodes of kind k are [kind_start[k], kind_start[k+1])
 *   ids         2 words a node, the int64 ids in canonical (kind name, id) order
 *   edge_start  nodes + 1 words: the edges leaving node u are [edge_start[u], edge_start[u+1])
 *   dst         a word an edge: its target, edges sorted by (source, target, kind, from, to)
 *   kind        uint16 an edge, padded to a word; only when there is more than one edge kind
 *   from, to    a word an edge each; only when some edge has a validity range
 *   names       node kind names then edge kind names, NUL-terminated, padded to a word
 * Edges of one source are contiguous, so the source column is the compressed edge_start.
 */
#ifndef DEAL_GRAPH_FLAT_H
#define DEAL_GRAPH_FLAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "graph.h"

#define FLAT_MAGIC 0x32524744u	/* "DGR2" */
#define FLAT_HEADER_WORDS 7
#define FLAT_HAS_KINDS 1u
#define FLAT_HAS_DATES 2u

/* Word offsets of the parts of a flat form. */
typedef struct FlatLayout
{
	size_t		kind_start;
	size_t		ids;
	size_t		edge_start;
	size_t		dst;
	size_t		kind;
	size_t		from;
	size_t		to;
	size_t		names;
} FlatLayout;

/* Lay out a flat form of these counts and flags; returns the words before the names. */
static inline size_t
flat_layout(uint32_t n_node_kinds, uint32_t n_nodes, size_t n_edges, uint32_t flags, FlatLayout *l)
{
	size_t		w = FLAT_HEADER_WORDS;

	l->kind_start = w;
	w += (size_t) n_node_kinds + 1;
	l->ids = w;
	w += 2 * (size_t) n_nodes;
	l->edge_start = w;
	w += (size_t) n_nodes + 1;
	l->dst = w;
	w += n_edges;
	l->kind = w;
	if (flags & FLAT_HAS_KINDS)
		w += (n_edges + 1) / 2;
	l->from = w;
	if (flags & FLAT_HAS_DATES)
		w += n_edges;
	l->to = w;
	if (flags & FLAT_HAS_DATES)
		w += n_edges;
	l->names = w;
	return w;
}

/*
 * Is [from, to) a validity range as the builder stores it: (0, 0) when empty, otherwise
 * dates of the years 1 to 9999 or the unbounded sentinels, with from before to?
 */
static inline bool
flat_valid_range(int32_t from, int32_t to)
{
	if (from == 0 && to == 0)
		return true;
	if (from != GRAPH_NO_LOWER && (from < GRAPH_DATE_MIN || from > GRAPH_DATE_MAX))
		return false;
	if (to != GRAPH_NO_UPPER && (to < GRAPH_DATE_MIN || to > GRAPH_DATE_MAX))
		return false;
	return from == GRAPH_NO_LOWER || to == GRAPH_NO_UPPER || from < to;
}

#endif							/* DEAL_GRAPH_FLAT_H */
