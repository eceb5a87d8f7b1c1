/*
 * graph_build_internal.h: the builder's interning helpers (graph_build.c), which merging
 * builders and adding flat graphs use as rows do; kept out of graph.h, private to the core.
 */
#ifndef DEAL_GRAPH_BUILD_INTERNAL_H
#define DEAL_GRAPH_BUILD_INTERNAL_H

#include "graph.h"

/* How many of left items go in the next batch of at most GRAPH_PENDING. */
static inline uint32_t
next_batch(size_t left)
{
	return left < GRAPH_PENDING ? (uint32_t) left : GRAPH_PENDING;
}

/* Look up or add a kind after checking it; GRAPH_NO_NODE with st set on failure. */
extern uint32_t graph_kind_index(GraphKinds *kinds, const DealAllocator *alloc, const char *name,
								 size_t len, const char *what, DealStatus *st);

/* Make room for n more nodes without growing the table or the node array mid-batch. */
extern DealCode graph_reserve_nodes(GraphBuilder *b, uint32_t n, DealStatus *st);

/* Make room for n more edges, at least doubling the array when it grows. */
extern DealCode graph_reserve_edges(GraphBuilder *b, size_t n, DealStatus *st);

/*
 * Intern a batch of at most GRAPH_PENDING nodes, kinds mapped through kind_map (NULL: as
 * they are), writing each one's number to number[i].  The caller has reserved room.
 */
extern void graph_intern_batch(GraphBuilder *b, const BuiltNode *nodes, uint32_t n,
							   const uint32_t *kind_map, uint32_t *number);

#endif							/* DEAL_GRAPH_BUILD_INTERNAL_H */
