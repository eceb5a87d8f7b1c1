/*
 * test_graph_random.h: small random graphs (at most MAX_N nodes and MAX_E edges of N_KINDS
 * kinds, with huge ids, loops, parallel and repeated edges and validity ranges) and how to
 * feed them to a builder, for the tests that check the graph core against references.
 *
 * Include after test_graph.h.
 */
#ifndef DEAL_TEST_GRAPH_RANDOM_H
#define DEAL_TEST_GRAPH_RANDOM_H

#include "test_graph.h"

#define MAX_N 16
#define MAX_E 48
#define N_KINDS 3

static const char *const node_kinds[N_KINDS] TEST_GRAPH_UNUSED = {"person", "household", "worker"};
static const char *const node_kinds_mixed[N_KINDS] TEST_GRAPH_UNUSED = {"Person", "HOUSEHOLD", "worKer"};
static const char *const edge_kinds[N_KINDS] TEST_GRAPH_UNUSED = {"parent_of", "lives_at", "involved_with"};
static const char *const edge_kinds_mixed[N_KINDS] TEST_GRAPH_UNUSED = {"Parent_Of", "LIVES_AT", "involved_WITH"};

/* A random graph: nodes 0..n-1 and edges as fed to the builder. */
typedef struct RandomGraph
{
	int			n;
	int			m;
	int			node_kind[MAX_N];
	int64_t		node_id[MAX_N];
	int			rank[MAX_N];	/* canonical position of each node */
	int			src[MAX_E];
	int			dst[MAX_E];
	int			kind[MAX_E];
	int32_t		from[MAX_E];	/* as fed: possibly backwards */
	int32_t		to[MAX_E];
} RandomGraph;

/* Is node u before node v in canonical (kind name, id) order? */
static TEST_GRAPH_UNUSED bool
ref_before(const RandomGraph *r, int u, int v)
{
	int			c = strcmp(node_kinds[r->node_kind[u]], node_kinds[r->node_kind[v]]);

	return c < 0 || (c == 0 && r->node_id[u] < r->node_id[v]);
}

/* Make a random graph: kinds, ids (some huge), multi-edges, loops, duplicates, ranges. */
static TEST_GRAPH_UNUSED void
random_graph(uint64_t *seed, RandomGraph *r)
{
	r->n = 1 + random_below(seed, MAX_N);
	for (int v = 0; v < r->n; v++)
	{
		bool		repeated;

		do
		{
			r->node_kind[v] = random_below(seed, N_KINDS);
			r->node_id[v] = random_below(seed, 8) == 0 ? (int64_t) next_random(seed) : random_below(seed, 21) - 10;
			repeated = false;
			for (int u = 0; u < v; u++)
				repeated |= r->node_kind[u] == r->node_kind[v] && r->node_id[u] == r->node_id[v];
		} while (repeated);
	}
	for (int v = 0; v < r->n; v++)
	{
		r->rank[v] = 0;
		for (int u = 0; u < r->n; u++)
			r->rank[v] += ref_before(r, u, v);
	}
	r->m = random_below(seed, MAX_E + 1);
	for (int e = 0; e < r->m; e++)
	{
		if (e > 0 && random_below(seed, 8) == 0)
		{
			int			o = random_below(seed, e);	/* an exact duplicate */

			r->src[e] = r->src[o];
			r->dst[e] = r->dst[o];
			r->kind[e] = r->kind[o];
			r->from[e] = r->from[o];
			r->to[e] = r->to[o];
			continue;
		}
		if (e > 0 && random_below(seed, 8) == 0)
		{
			int			o = random_below(seed, e);	/* parallel or reversed */

			r->src[e] = random_below(seed, 2) ? r->src[o] : r->dst[o];
			r->dst[e] = r->src[e] == r->src[o] ? r->dst[o] : r->src[o];
		}
		else
		{
			r->src[e] = random_below(seed, r->n);
			r->dst[e] = random_below(seed, 10) == 0 ? r->src[e] : random_below(seed, r->n);
		}
		r->kind[e] = random_below(seed, N_KINDS);
		random_range(seed, 0, 12, &r->from[e], &r->to[e]);
	}
}

/* Feed every k-th edge and node of a random graph from start to a builder, kinds in mixed case. */
static TEST_GRAPH_UNUSED void
feed(GraphBuilder *gb, const RandomGraph *r, int start, int step)
{
	for (int e = start; e < r->m; e += step)
		must_add_edge(gb, (e % 2 ? node_kinds : node_kinds_mixed)[r->node_kind[r->src[e]]], r->node_id[r->src[e]],
					  (e % 3 ? node_kinds : node_kinds_mixed)[r->node_kind[r->dst[e]]], r->node_id[r->dst[e]],
					  (e % 5 ? edge_kinds : edge_kinds_mixed)[r->kind[e]], r->from[e], r->to[e]);
	for (int v = start; v < r->n; v += step)
		must_add_node(gb, (v % 2 ? node_kinds : node_kinds_mixed)[r->node_kind[v]], r->node_id[v]);
}

#endif							/* DEAL_TEST_GRAPH_RANDOM_H */
