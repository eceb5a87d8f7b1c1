/*
 * graph.h: household graphs in plain C.
 *
 * A graph is a set of nodes, each a pair (kind, id) such as (person, 42), and typed edges
 * between them, each valid during an optional range of dates.  It is built in three stages,
 * each in a file of its own:
 *
 *   GraphBuilder  collects edges as they come (the aggregate's state), merges builders and
 *                 adds flat graphs (the combine step, when partial results arrive as
 *                 deal.graph values from parallel or Citus workers): graph_build.c;
 *   graph_flatten sorts, deduplicates and writes the canonical flat form: the bytes of a
 *                 stored deal.graph value, position independent, 4-byte aligned
 *                 (graph_flat.h): graph_flatten.c;
 *   Graph         reads a flat form in place; graph_adjacency adds the undirected adjacency
 *                 lists the traversals need, for a chosen set of edge kinds and date:
 *                 graph_read.c.
 *
 * The algorithms are in graph_algo.c, the text form and its parser in graph_text.c, Graphviz
 * output in graph_dot.c, and the dates they use in date.c (date.h).
 *
 * Kinds are names of 1 to GRAPH_KIND_MAX bytes of [a-z0-9_], starting with a letter; upper
 * case is folded to lower.  Dates are days since 2000-01-01 (PostgreSQL's DateADT), years 1
 * to 9999; GRAPH_NO_LOWER and GRAPH_NO_UPPER stand for unbounded ends; an edge with
 * from == to (other than both unbounded) is valid on no date.
 *
 * Long loops call the interrupt hook, which may not return (it raises the query's error).
 */
#ifndef DEAL_GRAPH_H
#define DEAL_GRAPH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "alloc.h"
#include "interrupt.h"
#include "label.h"
#include "status.h"
#include "text.h"

#define GRAPH_KIND_MAX DEAL_LABEL_MAX
#define GRAPH_MAX_KINDS 65535
#define GRAPH_MAX_NODES 0x3FFFFFFF	/* so every count and offset fits an int32 */
#define GRAPH_NO_LOWER INT32_MIN
#define GRAPH_NO_UPPER INT32_MAX
#define GRAPH_NO_NODE UINT32_MAX

/* Days from 2000-01-01 of 0001-01-01 and of 9999-12-31, the dates a graph can hold. */
#define GRAPH_DATE_MIN (-730119)
#define GRAPH_DATE_MAX 2921939

/* ------------------------------------------------------------------------------------------
 * Building: graph_build.c
 * ------------------------------------------------------------------------------------------ */

typedef struct GraphKinds
{
	uint32_t	count;
	uint32_t	capacity;
	char	  **names;			/* NUL-terminated, folded to lower case */
	uint8_t    *lengths;		/* of each name, for the exact-match look-up rows mostly need */
} GraphKinds;

/* A node while building: its kind (index into the builder's node kinds) and id. */
typedef struct BuiltNode
{
	int64_t		id;
	uint32_t	kind;
	uint32_t	hash;			/* of (kind, id), kept to grow the table without rehashing */
} BuiltNode;

/* An edge while building, between nodes in first-seen order. */
typedef struct BuiltEdge
{
	uint32_t	src;
	uint32_t	dst;
	uint32_t	kind;			/* index into the builder's edge kinds */
	int32_t		from;			/* first valid day, or GRAPH_NO_LOWER */
	int32_t		to;				/* first day no longer valid, or GRAPH_NO_UPPER */
} BuiltEdge;

/* An edge (or, with dst_kind GRAPH_NO_NODE, a lone node) waiting to be interned. */
typedef struct PendingEdge
{
	int64_t		src_id;
	int64_t		dst_id;
	uint32_t	src_kind;
	uint32_t	dst_kind;
	uint32_t	kind;
	int32_t		from;
	int32_t		to;
} PendingEdge;

#define GRAPH_PENDING 128		/* rows in a full batch */
#define GRAPH_PENDING_FIRST 8	/* the batch's first room, doubled as rows come */
#define GRAPH_FIRST_SLOTS 16	/* the node table's first size, doubled as nodes come: a */
#define GRAPH_FIRST_EDGES 8		/* household's graph, one of thousands, stays small */

/*
 * The aggregate's state: kinds and nodes interned as rows arrive (an open-addressing hash
 * table over the nodes), and edges between node numbers.  Rows wait in a small batch so that
 * their hash table look-ups can be fetched from memory together.
 */
typedef struct GraphBuilder
{
	const DealAllocator *alloc;
	PendingEdge *pending;		/* the batch: room grows to GRAPH_PENDING, so a small graph keeps little */
	uint32_t	n_pending;
	uint32_t	pending_capacity;
	GraphKinds	node_kinds;
	GraphKinds	edge_kinds;
	BuiltNode  *nodes;
	uint32_t	n_nodes;
	uint32_t	node_capacity;
	uint32_t   *slots;			/* node numbers, or GRAPH_NO_NODE */
	size_t		n_slots;		/* a power of two, at least twice n_nodes */
	BuiltEdge  *edges;
	size_t		n_edges;
	size_t		edge_capacity;
} GraphBuilder;

/* Start an empty builder that allocates through alloc. */
extern void graph_builder_init(GraphBuilder *b, const DealAllocator *alloc);

/* Free everything a builder holds. */
extern void graph_builder_free(GraphBuilder *b);


/* Add an edge src -> dst of edge_kind valid on [from, to); kinds as (pointer, length). */
extern DealCode graph_builder_add_edge(GraphBuilder *b,
									   const char *src_kind, size_t src_kind_len, int64_t src_id,
									   const char *dst_kind, size_t dst_kind_len, int64_t dst_id,
									   const char *edge_kind, size_t edge_kind_len,
									   int32_t from, int32_t to, DealStatus *st);

/* Add a node without edges (a person with no links still has a component of their own). */
extern DealCode graph_builder_add_node(GraphBuilder *b, const char *kind, size_t kind_len,
									   int64_t id, DealStatus *st);

/* Intern the rows waiting in the batch; merge and flatten do it themselves. */
extern DealCode graph_builder_flush(GraphBuilder *b, DealStatus *st);

/* Add everything in src to dst (the aggregate's combine step). */
extern DealCode graph_builder_merge(GraphBuilder *dst, GraphBuilder *src, DealStatus *st);

/*
 * Add every node and edge of a flat graph (opened with graph_open, graph_read.c) to b: the
 * combine step when a partial result arrives as a deal.graph value (from a parallel worker,
 * or from a Citus worker through its text form).
 */
struct Graph;
extern DealCode graph_builder_add_graph(GraphBuilder *b, const struct Graph *g,
										const DealInterrupt *intr, DealStatus *st);

/* ------------------------------------------------------------------------------------------
 * Flattening: graph_flatten.c
 * ------------------------------------------------------------------------------------------ */

/*
 * Sort, deduplicate and write the canonical flat form, after reserve bytes (a multiple of 4)
 * left for the caller's header; *out and *out_len on success.
 */
extern DealCode graph_flatten(GraphBuilder *b, size_t reserve, char **out, size_t *out_len,
							  const DealInterrupt *intr, DealStatus *st);

/* ------------------------------------------------------------------------------------------
 * Reading: graph_read.c
 * ------------------------------------------------------------------------------------------ */

typedef struct Graph
{
	uint32_t	n_node_kinds;
	uint32_t	n_edge_kinds;
	uint32_t	n_nodes;
	uint32_t	n_edges;
	const uint32_t *kind_start; /* nodes of kind k: [kind_start[k], kind_start[k+1]) */
	const unsigned char *ids;	/* n_nodes int64 ids, unaligned: use graph_node_id */
	const uint32_t *edge_start; /* edges leaving node u: [edge_start[u], edge_start[u+1]) */
	const uint32_t *dst;		/* each edge's target; edges sorted by (source, dst, kind, from, to) */
	const uint16_t *kind;		/* each edge's kind, or NULL when all are kind 0 */
	const int32_t *from;		/* validity, or NULL when every edge is always valid */
	const int32_t *to;
	const char **node_kind_names;
	const char **edge_kind_names;
} Graph;

/* Kind of edge e. */
static inline uint32_t
graph_edge_kind(const Graph *g, uint32_t e)
{
	return g->kind ? g->kind[e] : 0;
}

/* First valid day of edge e, or GRAPH_NO_LOWER. */
static inline int32_t
graph_edge_from(const Graph *g, uint32_t e)
{
	return g->from ? g->from[e] : GRAPH_NO_LOWER;
}

/* First day edge e is no longer valid, or GRAPH_NO_UPPER. */
static inline int32_t
graph_edge_to(const Graph *g, uint32_t e)
{
	return g->to ? g->to[e] : GRAPH_NO_UPPER;
}

/* Source of edge e (a binary search of edge_start). */
extern uint32_t graph_edge_src(const Graph *g, uint32_t e);

/* Read a flat form of len bytes in place; name tables are allocated through alloc. */
extern DealCode graph_open(Graph *g, const char *flat, size_t len, const DealAllocator *alloc,
						   DealStatus *st);

/* Free what graph_open allocated (not the flat form). */
extern void graph_close(Graph *g, const DealAllocator *alloc);

/* Id of node i. */
static inline int64_t
graph_node_id(const Graph *g, uint32_t i)
{
	int64_t		id;
	const unsigned char *p = g->ids + (size_t) i * sizeof(int64_t);

	memcpy(&id, p, sizeof(id));
	return id;
}

/* Kind index of node i. */
extern uint32_t graph_node_kind(const Graph *g, uint32_t i);

/* Index of the node (kind name, id), or GRAPH_NO_NODE. */
extern uint32_t graph_find_node(const Graph *g, const char *kind, size_t kind_len, int64_t id);

/* Index of an edge kind by name, or GRAPH_NO_NODE. */
extern uint32_t graph_find_edge_kind(const Graph *g, const char *kind, size_t kind_len);

/* Which edges the readers follow: some kinds (or all), valid on a date (or any). */
typedef struct GraphFilter
{
	const bool *kinds;			/* n_edge_kinds flags, or NULL for every kind */
	bool		has_date;
	int32_t		date;
} GraphFilter;

/* Does edge e pass the filter? */
extern bool graph_edge_passes(const Graph *g, const GraphFilter *f, uint32_t e);

/* Undirected adjacency of the edges passing a filter; self-loops are left out. */
typedef struct GraphAdjacency
{
	uint32_t	n_nodes;
	uint32_t   *start;			/* n_nodes + 1 offsets into neighbour and edge */
	uint32_t   *neighbour;
	uint32_t   *edge;
} GraphAdjacency;

/* Build the adjacency of g under filter f. */
extern DealCode graph_adjacency(const Graph *g, const GraphFilter *f, GraphAdjacency *adj,
								const DealAllocator *alloc, const DealInterrupt *intr,
								DealStatus *st);

/* Free an adjacency. */
extern void graph_adjacency_free(GraphAdjacency *adj, const DealAllocator *alloc);

/* ------------------------------------------------------------------------------------------
 * Algorithms: graph_algo.c
 * ------------------------------------------------------------------------------------------ */

/*
 * Connected components over the edges passing f: component[i] in 1..C for every node,
 * numbered in order of each component's smallest node (kind, id).  Returns C, or -1 when
 * out of memory (st set).
 */
extern int64_t graph_components(const Graph *g, const GraphFilter *f, uint32_t *component,
								const DealAllocator *alloc, const DealInterrupt *intr,
								DealStatus *st);

/*
 * Breadth-first search from start up to max_hops, stopping early once stop_at (unless
 * GRAPH_NO_NODE) is reached.  On entry every hops[i] must be -1; on return hops[i] is the
 * distance of each node reached and parent_edge[i] (if not NULL) the edge it was first
 * reached by.  queue has n_nodes slots and holds the nodes reached, nearest first, so that
 * graph_bfs_reset can put hops back in O(reached).  Returns how many were reached.
 */
extern size_t graph_bfs(const GraphAdjacency *adj, uint32_t start, int32_t max_hops, uint32_t stop_at,
						int32_t *hops, uint32_t *parent_edge, uint32_t *queue,
						const DealInterrupt *intr);

/* Set hops back to -1 for the reached nodes a search left in queue. */
extern void graph_bfs_reset(int32_t *hops, const uint32_t *queue, size_t reached);

/* Articulation points: is_cut[i] set for nodes whose removal splits their component. */
extern DealCode graph_articulation_points(const Graph *g, const GraphAdjacency *adj, bool *is_cut,
										  const DealAllocator *alloc, const DealInterrupt *intr,
										  DealStatus *st);

/* One family and the team around it. */
typedef struct GraphTeam
{
	uint32_t	component;		/* as graph_components numbers it over the family edges */
	uint32_t	members;
	uint32_t	professionals;	/* distinct non-members linked to a member by involvement */
	uint32_t	lead;			/* the professional reaching most members, or GRAPH_NO_NODE */
	uint32_t	lead_reach;		/* how many members the lead is linked to */
} GraphTeam;

/*
 * Families are the components over family edges that have at least one family edge; each
 * team is the nodes linked to its members by involvement edges.  *teams gets one entry per
 * family, in component order; returns how many, or -1 (st set).
 */
extern int64_t graph_teams(const Graph *g, const GraphFilter *family, const GraphFilter *involvement,
						   GraphTeam **teams, const DealAllocator *alloc,
						   const DealInterrupt *intr, DealStatus *st);

/* ------------------------------------------------------------------------------------------
 * Text: graph_text.c
 * ------------------------------------------------------------------------------------------ */

/*
 * The text form, an edge list that round-trips exactly:
 *   {person:1 -parent_of-> person:2 [2020-01-01,2024-05-01); person:2 -lives_at-> household:7; person:3}
 * Edges in canonical order, then nodes that have no edge.
 */
/* Write g's text form into out (initialised by the caller with alloc, data NULL). */
extern DealCode graph_to_text(const Graph *g, DealText *out, const DealInterrupt *intr,
							  DealStatus *st);

/* Parse the text form into an empty builder; DEAL_BAD_TEXT with a position on failure. */
extern DealCode graph_parse(GraphBuilder *b, const char *text, const DealInterrupt *intr,
							DealStatus *st);

/* Append node i as kind:id, as the text form and Graphviz name it; false when out of memory. */
extern bool graph_append_node(DealText *out, const Graph *g, uint32_t i);

/* ------------------------------------------------------------------------------------------
 * Graphviz: graph_dot.c
 * ------------------------------------------------------------------------------------------ */

/* Write a Graphviz digraph of the edges passing f into out. */
extern DealCode graph_to_dot(const Graph *g, const GraphFilter *f, DealText *out,
							 const DealInterrupt *intr, DealStatus *st);

#endif							/* DEAL_GRAPH_H */
