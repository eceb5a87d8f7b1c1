/*
 * deal_graph.h: what the graph glue files share: opening a deal.graph argument (through the
 * backend-local cache for stored values), making one from a builder, and edge filters.
 */
#ifndef DEAL_GRAPH_GLUE_H
#define DEAL_GRAPH_GLUE_H

#include "deal.h"

#include "fmgr.h"
#include "utils/array.h"
#include "utils/date.h"

#include "core/graph.h"

#define DEAL_GRAPH_ADJACENCIES 4

/* The adjacency of the edges passing one filter, kept for the next call with that filter. */
typedef struct CachedAdjacency
{
	bool		used;
	bool	   *kinds;			/* copy of the filter's kind flags, or NULL for every kind */
	bool		has_date;
	int32		date;
	GraphAdjacency adj;
	uint64		last_used;
} CachedAdjacency;

/* A graph opened for reading, with the adjacencies built for it so far. */
typedef struct DealGraph
{
	Graph		g;
	MemoryContext cxt;			/* where the graph and its adjacencies live */
	DealAllocator alloc;		/* pallocs in cxt */
	CachedAdjacency adjacencies[DEAL_GRAPH_ADJACENCIES];
	uint64		adjacency_clock;
	/* search scratch, kept clean (hops all -1) between searches so each costs what it visits */
	int32	   *hops;
	uint32	   *parent_edge;
	uint32	   *queue;
	bool		search_dirty;	/* a search was interrupted before it cleaned up */
} DealGraph;

/* Open a deal.graph datum; a stored (TOASTed) value is decoded once per backend and cached. */
extern DealGraph *deal_graph_open(Datum datum);

/* The adjacency of the edges passing f, built once per filter while dg lives. */
extern const GraphAdjacency *deal_graph_adjacency(DealGraph *dg, const GraphFilter *f);

/* A breadth-first search on dg; the scratch arrays it returns stay valid until the next. */
extern size_t deal_graph_bfs(DealGraph *dg, const GraphAdjacency *adj, uint32 start, int32 max_hops,
							 uint32 stop_at);

/* Clean the scratch after the caller has read a search's result. */
extern void deal_graph_bfs_done(DealGraph *dg, size_t reached);

/*
 * Fill a filter from a kinds text[] (NULL for every kind) and an as_of date (as_of_null for
 * any date); flags are allocated in the current context.
 */
extern void deal_graph_filter(const DealGraph *dg, ArrayType *kinds, bool as_of_null, DateADT as_of,
							  GraphFilter *f);

/* Flatten a builder into a new deal.graph varlena, raising any error. */
extern struct varlena *deal_graph_flatten(GraphBuilder *b);

#endif							/* DEAL_GRAPH_GLUE_H */
