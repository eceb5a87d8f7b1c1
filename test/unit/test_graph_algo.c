/*
 * test_graph_algo.c: the graph algorithms.
 *
 * Components, breadth-first search and shortest paths, articulation points and the team
 * around each family: on small hand-made graphs with known answers, and on a few hundred
 * random graphs against simple reference implementations written here (components by
 * repeated search of an adjacency matrix, distances by Floyd-Warshall, articulation points
 * by removing each node and counting components, teams by their definition).
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "test_graph.h"
#include "test_graph_random.h"

/* Components under a filter, as numbers in node order. */
static void
assert_components(const Graph *g, const GraphFilter *f, int64_t count, const uint32_t *expected)
{
	uint32_t	component[16];
	DealStatus	st;

	assert_int_equal(graph_components(g, f, component, A, NULL, &st), count);
	for (uint32_t i = 0; i < g->n_nodes; i++)
		if (component[i] != expected[i])
			fail_msg("node %u is in component %u, not %u", i, component[i], expected[i]);
}

/* Components are numbered 1..C in order of their smallest node (kind, id), under filters. */
static void
test_components(void **state)
{
	Built		b;
	bool		flags[2];
	GraphFilter f = {.kinds = flags};
	GraphFilter dated = {.has_date = true};

	(void) state;
	/* nodes: a:5 a:9 b:1 b:2 b:3 c:0 */
	build_text("{b:1 -k-> b:2; b:3 -k-> a:5; a:9; c:0 -m-> a:9 [2020-01-01,2021-01-01); b:2 -k-> b:2}", &b);
	assert_components(&b.g, NULL, 3, (const uint32_t[]) {1, 2, 3, 3, 1, 2});
	kind_flags(&b.g, "k", flags);
	assert_components(&b.g, &f, 4, (const uint32_t[]) {1, 2, 3, 3, 1, 4});
	kind_flags(&b.g, "m", flags);
	assert_components(&b.g, &f, 5, (const uint32_t[]) {1, 2, 3, 4, 5, 2});
	kind_flags(&b.g, "", flags);
	assert_components(&b.g, &f, 6, (const uint32_t[]) {1, 2, 3, 4, 5, 6});
	dated.date = day("2020-06-01");
	assert_components(&b.g, &dated, 3, (const uint32_t[]) {1, 2, 3, 3, 1, 2});
	dated.date = day("2021-01-01");
	assert_components(&b.g, &dated, 4, (const uint32_t[]) {1, 2, 3, 3, 1, 4});
	release(&b);

	/* the empty graph has none; lone nodes one each */
	build_text("{}", &b);
	assert_components(&b.g, NULL, 0, NULL);
	release(&b);
	build_text("{z:3; z:1; y:2}", &b);
	assert_components(&b.g, NULL, 3, (const uint32_t[]) {1, 2, 3});
	release(&b);

	/* a component's number comes from its smallest node even when edges arrive backwards */
	build_text("{n:6 -k-> n:5; n:5 -k-> n:4; n:3 -k-> n:2; n:4 -k-> n:1; n:2 -k-> n:0}", &b);
	assert_components(&b.g, NULL, 2, (const uint32_t[]) {1, 2, 1, 1, 2, 2, 2});
	release(&b);
}

/* Breadth-first search from (kind, id) in text's graph under f: hops of every node. */
static void
assert_bfs(const Built *b, const GraphFilter *f, const char *kind, int64_t id, int32_t max_hops,
		   const int32_t *expected)
{
	GraphAdjacency adj;
	DealStatus	st;
	int32_t		hops[16];
	uint32_t	parent[16];
	uint32_t	queue[16];
	uint32_t	start = node_at(&b->g, kind, id);
	size_t		reached;
	size_t		want = 0;

	assert_int_equal(graph_adjacency(&b->g, f, &adj, A, NULL, &st), DEAL_OK);
	for (int i = 0; i < 16; i++)
		hops[i] = -1;
	reached = graph_bfs(&adj, start, max_hops, GRAPH_NO_NODE, hops, parent, queue, NULL);
	for (uint32_t i = 0; i < b->g.n_nodes; i++)
	{
		if (hops[i] != expected[i])
			fail_msg("from %s:%lld within %d hops: node %u at %d, not %d", kind, (long long) id,
					 max_hops, i, hops[i], expected[i]);
		want += expected[i] >= 0;
	}
	assert_int_equal(reached, want);
	assert_int_equal(queue[0], start);
	assert_int_equal(parent[start], GRAPH_NO_NODE);
	for (size_t i = 1; i < reached; i++)
		assert_true(hops[queue[i - 1]] <= hops[queue[i]]);
	graph_bfs_reset(hops, queue, reached);
	for (int i = 0; i < 16; i++)
		assert_int_equal(hops[i], -1);
	graph_adjacency_free(&adj, A);
}

/* The nodes of a shortest path from s to t by parent edges, t first; returns its length. */
static int
walk_path(const Graph *g, const int32_t *hops, const uint32_t *parent, uint32_t s, uint32_t t,
		  uint32_t *path)
{
	int			n = 0;

	path[n++] = t;
	while (t != s)
	{
		uint32_t	e = parent[t];
		uint32_t	src = graph_edge_src(g, e);
		uint32_t	p = src == t ? g->dst[e] : src;

		assert_true(src == t || g->dst[e] == t);
		assert_int_equal(hops[p], hops[t] - 1);
		path[n++] = t = p;
	}
	return n - 1;
}

/* Hops limits, filters, stopping early and shortest paths by parent edges. */
static void
test_bfs(void **state)
{
	Built		b;
	bool		flags[2];
	GraphFilter f = {.kinds = flags};
	GraphAdjacency adj;
	DealStatus	st;
	int32_t		hops[16];
	uint32_t	parent[16];
	uint32_t	queue[16];
	uint32_t	path[16];
	uint32_t	s,
				t;
	size_t		reached;

	(void) state;
	/* nodes p:1 .. p:6 are 0 .. 5 */
	build_text("{p:1 -k-> p:2; p:2 -k-> p:3; p:3 -k-> p:4; p:2 -m-> p:5; p:6; p:4 -k-> p:4; p:2 -k-> p:1}", &b);
	assert_bfs(&b, NULL, "p", 1, INT32_MAX, (const int32_t[]) {0, 1, 2, 3, 2, -1});
	assert_bfs(&b, NULL, "p", 1, 0, (const int32_t[]) {0, -1, -1, -1, -1, -1});
	assert_bfs(&b, NULL, "p", 1, -1, (const int32_t[]) {0, -1, -1, -1, -1, -1});
	assert_bfs(&b, NULL, "p", 1, 1, (const int32_t[]) {0, 1, -1, -1, -1, -1});
	assert_bfs(&b, NULL, "p", 1, 2, (const int32_t[]) {0, 1, 2, -1, 2, -1});
	assert_bfs(&b, NULL, "p", 4, INT32_MAX, (const int32_t[]) {3, 2, 1, 0, 3, -1});
	assert_bfs(&b, NULL, "p", 6, INT32_MAX, (const int32_t[]) {-1, -1, -1, -1, -1, 0});
	kind_flags(&b.g, "k", flags);
	assert_bfs(&b, &f, "p", 1, INT32_MAX, (const int32_t[]) {0, 1, 2, 3, -1, -1});
	kind_flags(&b.g, "m", flags);
	assert_bfs(&b, &f, "p", 5, INT32_MAX, (const int32_t[]) {-1, 1, -1, -1, 0, -1});

	/* an unknown start is not found, so there is nothing to search from */
	assert_int_equal(graph_find_node(&b.g, "p", 1, 99), GRAPH_NO_NODE);
	assert_int_equal(graph_find_node(&b.g, "q", 1, 1), GRAPH_NO_NODE);

	/* stopping at a target: its distance and a path back by parent edges */
	assert_int_equal(graph_adjacency(&b.g, NULL, &adj, A, NULL, &st), DEAL_OK);
	for (int i = 0; i < 16; i++)
		hops[i] = -1;
	s = node_at(&b.g, "p", 1);
	t = node_at(&b.g, "p", 4);
	reached = graph_bfs(&adj, s, INT32_MAX, t, hops, parent, queue, NULL);
	assert_int_equal(hops[t], 3);
	assert_int_equal(walk_path(&b.g, hops, parent, s, t, path), 3);
	assert_int_equal(path[1], node_at(&b.g, "p", 3));
	assert_int_equal(path[2], node_at(&b.g, "p", 2));
	graph_bfs_reset(hops, queue, reached);
	/* a target beyond the hops limit is not reached */
	reached = graph_bfs(&adj, s, 2, t, hops, parent, queue, NULL);
	assert_int_equal(hops[t], -1);
	graph_bfs_reset(hops, queue, reached);
	/* the start itself */
	reached = graph_bfs(&adj, s, INT32_MAX, s, hops, parent, queue, NULL);
	assert_int_equal(reached, 1);
	graph_bfs_reset(hops, queue, reached);
	graph_adjacency_free(&adj, A);
	release(&b);

	/* two routes: the shorter one is found, by either direction of its edges */
	build_text("{r:1 -k-> r:2; r:2 -k-> r:3; r:3 -k-> r:4; r:4 -k-> r:5; r:6 -k-> r:1; r:5 -k-> r:6}", &b);
	assert_int_equal(graph_adjacency(&b.g, NULL, &adj, A, NULL, &st), DEAL_OK);
	for (int i = 0; i < 16; i++)
		hops[i] = -1;
	s = node_at(&b.g, "r", 1);
	t = node_at(&b.g, "r", 5);
	reached = graph_bfs(&adj, s, INT32_MAX, t, hops, parent, queue, NULL);
	assert_int_equal(walk_path(&b.g, hops, parent, s, t, path), 2);
	assert_int_equal(path[1], node_at(&b.g, "r", 6));
	graph_bfs_reset(hops, queue, reached);
	graph_adjacency_free(&adj, A);
	release(&b);
}

/* The articulation points of text's graph under f, as "kind:id" joined by spaces. */
static void
assert_cuts(const char *text, const char *kinds, const char *expected)
{
	Built		b;
	bool		flags[8];
	GraphFilter f = {.kinds = flags};
	GraphAdjacency adj;
	DealStatus	st;
	bool		is_cut[32];
	char		got[256] = "";

	build_text(text, &b);
	if (kinds != NULL)
		kind_flags(&b.g, kinds, flags);
	assert_int_equal(graph_adjacency(&b.g, kinds ? &f : NULL, &adj, A, NULL, &st), DEAL_OK);
	assert_int_equal(graph_articulation_points(&b.g, &adj, is_cut, A, NULL, &st), DEAL_OK);
	for (uint32_t i = 0; i < b.g.n_nodes; i++)
		if (is_cut[i])
			snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s%s:%lld", got[0] ? " " : "",
					 b.g.node_kind_names[graph_node_kind(&b.g, i)], (long long) graph_node_id(&b.g, i));
	if (strcmp(got, expected) != 0)
		fail_msg("%s: cuts \"%s\", expected \"%s\"", text, got, expected);
	graph_adjacency_free(&adj, A);
	release(&b);
}

/* Articulation points of paths, stars, cycles, bowties, parallel edges and loops. */
static void
test_articulation_points(void **state)
{
	(void) state;
	assert_cuts("{}", NULL, "");
	assert_cuts("{p:1}", NULL, "");
	assert_cuts("{p:1 -k-> p:2}", NULL, "");
	/* a path: every inner node, whichever end the search starts from */
	assert_cuts("{p:1 -k-> p:2; p:2 -k-> p:3; p:3 -k-> p:4}", NULL, "p:2 p:3");
	assert_cuts("{p:2 -k-> p:1; p:1 -k-> p:3; p:3 -k-> p:4}", NULL, "p:1 p:3");
	/* a star: the centre, which is also where the search starts */
	assert_cuts("{c:0 -k-> l:1; c:0 -k-> l:2; l:3 -k-> c:0}", NULL, "c:0");
	assert_cuts("{z:0 -k-> l:1; z:0 -k-> l:2; l:3 -k-> z:0}", NULL, "z:0");
	/* a cycle: none */
	assert_cuts("{q:1 -k-> q:2; q:2 -k-> q:3; q:3 -k-> q:4; q:4 -k-> q:5; q:5 -k-> q:1}", NULL, "");
	/* two triangles joined at a node */
	assert_cuts("{t:1 -k-> t:2; t:2 -k-> t:3; t:3 -k-> t:1; t:3 -k-> t:4; t:4 -k-> t:5; t:5 -k-> t:3}", NULL, "t:3");
	assert_cuts("{t:1 -k-> t:2; t:2 -k-> t:3; t:3 -k-> t:1; t:1 -k-> t:4; t:4 -k-> t:5; t:5 -k-> t:1}", NULL, "t:1");
	/* parallel edges between two nodes: two nodes never split, however many edges join them */
	assert_cuts("{p:1 -k-> p:2; p:2 -k-> p:1; p:1 -m-> p:2 [2020-01-01,)}", NULL, "");
	/* ... and a node is a cut or not whatever the edges' multiplicity */
	assert_cuts("{p:1 -k-> p:2; p:2 -k-> p:3; p:3 -k-> p:2; p:3 -m-> p:2; p:3 -k-> p:4}", NULL, "p:2 p:3");
	assert_cuts("{p:1 -k-> p:2; p:2 -k-> p:3; p:3 -k-> p:1; p:1 -m-> p:2}", NULL, "");
	/* self-loops join nothing */
	assert_cuts("{p:1 -k-> p:2; p:2 -k-> p:2; p:1 -k-> p:1}", NULL, "");
	assert_cuts("{p:1 -k-> p:1}", NULL, "");
	/* several components, each on its own */
	assert_cuts("{a:1 -k-> a:2; a:2 -k-> a:3; b:1 -k-> b:2; b:2 -k-> b:3; b:3 -k-> b:1; c:1; d:1 -k-> d:2}", NULL, "a:2");
	/* a chain of cycles: the joints */
	assert_cuts("{n:1 -k-> n:2; n:2 -k-> n:3; n:3 -k-> n:1; n:3 -k-> n:4; n:4 -k-> n:5; n:5 -k-> n:6; n:6 -k-> n:4; n:6 -k-> n:7}",
				NULL, "n:3 n:4 n:6");
	/* filters: a triangle missing an edge of another kind is a path */
	assert_cuts("{p:1 -k-> p:2; p:2 -k-> p:3; p:3 -m-> p:1}", NULL, "");
	assert_cuts("{p:1 -k-> p:2; p:2 -k-> p:3; p:3 -m-> p:1}", "k", "p:2");
	assert_cuts("{p:1 -k-> p:2; p:2 -k-> p:3; p:3 -m-> p:1}", "m", "");
	assert_cuts("{p:1 -k-> p:2; p:2 -k-> p:3; p:3 -m-> p:1}", "", "");
}

/* ------------------------------------------------------------------------------------------
 * Teams
 * ------------------------------------------------------------------------------------------ */

/* The teams of b under family and involvement kinds, on date (or any when 0). */
static int64_t
teams_of(const Built *b, const char *family_kinds, const char *involvement_kinds, int32_t date,
		 GraphTeam **teams)
{
	bool		family_flags[8];
	bool		involvement_flags[8];
	GraphFilter family = {.kinds = family_flags, .has_date = date != 0, .date = date};
	GraphFilter involvement = {.kinds = involvement_flags, .has_date = date != 0, .date = date};
	DealStatus	st;
	int64_t		n;

	kind_flags(&b->g, family_kinds, family_flags);
	kind_flags(&b->g, involvement_kinds, involvement_flags);
	n = graph_teams(&b->g, &family, &involvement, teams, A, NULL, &st);
	assert_true(n >= 0);
	return n;
}

/* A family of three people and a household, the professionals around it, and its lead. */
static void
test_teams(void **state)
{
	const char *text =
		"{person:1 -parent_of-> person:2; person:1 -parent_of-> person:3;"
		" person:2 -lives_at-> household:9 [2019-01-01,); person:3 -lives_at-> household:9;"
	/* worker:4 and worker:6 reach two members each: the tie goes to worker:4 */
		" worker:4 -involved_with-> person:2; worker:4 -involved_with-> person:3;"
		" worker:6 -involved_with-> person:3; person:2 -involved_with-> worker:6;"
	/* worker:5 reaches person:1 three times over: it counts once */
		" worker:5 -involved_with-> person:1; person:1 -involved_with-> worker:5;"
		" worker:5 -involved_with-> person:1 [2020-01-01,2021-01-01);"
	/* worker:7 is involved with the household, a member too */
		" worker:7 -involved_with-> household:9 [2022-01-01,);"
	/* between members: no professional */
		" person:1 -involved_with-> person:2;"
	/* only involvement edges, or none: not families */
		" worker:8 -involved_with-> worker:9; person:50;"
	/* a second family, with no team, while its edge is valid */
		" person:20 -lives_at-> household:21 [2020-01-01,2021-01-01)}";
	Built		b;
	GraphTeam  *teams;
	uint32_t	component[32];
	DealStatus	st;
	int64_t		n;

	(void) state;
	build_text(text, &b);
	assert_true(graph_components(&b.g, NULL, component, A, NULL, &st) > 0);

	n = teams_of(&b, "parent_of lives_at", "involved_with", 0, &teams);
	assert_int_equal(n, 2);
	/* household:9 is node 0, household:21 node 1: components 1 and 2 over family edges */
	assert_int_equal(teams[0].component, 1);
	assert_int_equal(teams[0].members, 4);
	assert_int_equal(teams[0].professionals, 4);
	assert_int_equal(teams[0].lead, node_at(&b.g, "worker", 4));
	assert_int_equal(teams[0].lead_reach, 2);
	assert_int_equal(teams[1].component, 2);
	assert_int_equal(teams[1].members, 2);
	assert_int_equal(teams[1].professionals, 0);
	assert_int_equal(teams[1].lead, GRAPH_NO_NODE);
	assert_int_equal(teams[1].lead_reach, 0);
	deal_release(A, teams);

	/* on 2020-06-01: worker:7's involvement has not begun; both families exist */
	n = teams_of(&b, "parent_of lives_at", "involved_with", day("2020-06-01"), &teams);
	assert_int_equal(n, 2);
	assert_int_equal(teams[0].professionals, 3);
	assert_int_equal(teams[0].lead, node_at(&b.g, "worker", 4));
	deal_release(A, teams);

	/* on 2018-06-01 person:2 does not yet live at household:9, which still belongs by person:3 */
	n = teams_of(&b, "parent_of lives_at", "involved_with", day("2018-06-01"), &teams);
	assert_int_equal(n, 1);
	assert_int_equal(teams[0].members, 4);
	deal_release(A, teams);

	/* parents only: the household is not a member, so worker:7 is no one's professional */
	n = teams_of(&b, "parent_of", "involved_with", 0, &teams);
	assert_int_equal(n, 1);
	assert_int_equal(teams[0].members, 3);
	assert_int_equal(teams[0].professionals, 3);
	assert_int_equal(teams[0].component, 3);	/* after household:9 and household:21 alone */
	deal_release(A, teams);

	/* no family kinds: no families */
	n = teams_of(&b, "", "involved_with", 0, &teams);
	assert_int_equal(n, 0);
	deal_release(A, teams);
	release(&b);

	/* the lead reaches most members, whatever its kind; ties go to the smallest (kind, id) */
	build_text("{p:1 -f-> p:2; p:2 -f-> p:3;"
			   " agency:99 -i-> p:1; agency:99 -i-> p:2;"
			   " worker:4 -i-> p:2; worker:4 -i-> p:3;"
			   " gp:1 -i-> p:1}", &b);
	n = teams_of(&b, "f", "i", 0, &teams);
	assert_int_equal(n, 1);
	assert_int_equal(teams[0].professionals, 3);
	assert_int_equal(teams[0].lead, node_at(&b.g, "agency", 99));
	deal_release(A, teams);
	release(&b);
	build_text("{p:1 -f-> p:2; p:2 -f-> p:3;"
			   " agency:99 -i-> p:1; worker:4 -i-> p:2; worker:4 -i-> p:3; worker:4 -i-> p:1;"
			   " gp:1 -i-> p:1}", &b);
	n = teams_of(&b, "f", "i", 0, &teams);
	assert_int_equal(teams[0].lead, node_at(&b.g, "worker", 4));
	assert_int_equal(teams[0].lead_reach, 3);
	deal_release(A, teams);
	release(&b);

	/* an empty graph has no teams */
	build_text("{}", &b);
	assert_int_equal(teams_of(&b, "f", "i", 0, &teams), 0);
	deal_release(A, teams);
	release(&b);
}

/* ------------------------------------------------------------------------------------------
 * Random graphs against reference implementations
 * ------------------------------------------------------------------------------------------ */

/* A reference filter: a bit mask of edge kinds and an optional date. */
typedef struct RefFilter
{
	int			kinds;
	bool		has_date;
	int32_t		date;
} RefFilter;

/* Does reference edge e pass filter f? */
static bool
ref_passes(const RandomGraph *r, const RefFilter *f, int e)
{
	int32_t		from = r->from[e];
	int32_t		to = r->to[e];

	if (!((f->kinds >> r->kind[e]) & 1))
		return false;
	if (!f->has_date)
		return true;
	if (from != GRAPH_NO_LOWER && to != GRAPH_NO_UPPER && from >= to)
		return false;
	return (from == GRAPH_NO_LOWER || f->date >= from) && (to == GRAPH_NO_UPPER || f->date < to);
}

/* The GraphFilter of a reference filter for g (flags has room for g's edge kinds). */
static GraphFilter
graph_filter(const Graph *g, const RefFilter *rf, bool *flags)
{
	GraphFilter f = {.kinds = flags, .has_date = rf->has_date, .date = rf->date};

	for (int k = 0; k < N_KINDS; k++)
	{
		uint32_t	ek = graph_find_edge_kind(g, edge_kinds[k], strlen(edge_kinds[k]));

		if (ek != GRAPH_NO_NODE)
			flags[ek] = (rf->kinds >> k) & 1;
	}
	return f;
}

/* Adjacency matrix of the edges passing f, without node skip (or -1) and without loops. */
static void
ref_matrix(const RandomGraph *r, const RefFilter *f, int skip, bool adj[MAX_N][MAX_N])
{
	memset(adj, 0, sizeof(bool) * MAX_N * MAX_N);
	for (int e = 0; e < r->m; e++)
		if (ref_passes(r, f, e) && r->src[e] != r->dst[e] && r->src[e] != skip && r->dst[e] != skip)
			adj[r->src[e]][r->dst[e]] = adj[r->dst[e]][r->src[e]] = true;
}

/*
 * Components by repeated breadth-first search of the matrix, starting from nodes in canonical
 * order so that numbers follow each component's smallest node; skip (or -1) is left out with
 * component 0.  Returns how many.
 */
static int
ref_components(const RandomGraph *r, bool adj[MAX_N][MAX_N], int skip, int *component)
{
	int			order[MAX_N];
	int			count = 0;

	for (int v = 0; v < r->n; v++)
	{
		order[r->rank[v]] = v;
		component[v] = 0;
	}
	for (int i = 0; i < r->n; i++)
	{
		int			queue[MAX_N];
		int			head = 0,
					tail = 0;

		if (order[i] == skip || component[order[i]] != 0)
			continue;
		component[order[i]] = ++count;
		queue[tail++] = order[i];
		while (head < tail)
		{
			int			u = queue[head++];

			for (int v = 0; v < r->n; v++)
				if (adj[u][v] && v != skip && component[v] == 0)
				{
					component[v] = count;
					queue[tail++] = v;
				}
		}
	}
	return count;
}

/* Distances by Floyd-Warshall: dist[u][v], or -1 when unreachable. */
static void
ref_distances(const RandomGraph *r, bool adj[MAX_N][MAX_N], int dist[MAX_N][MAX_N])
{
	const int	inf = 1000;

	for (int u = 0; u < r->n; u++)
		for (int v = 0; v < r->n; v++)
			dist[u][v] = u == v ? 0 : adj[u][v] ? 1 : inf;
	for (int k = 0; k < r->n; k++)
		for (int u = 0; u < r->n; u++)
			for (int v = 0; v < r->n; v++)
				if (dist[u][k] + dist[k][v] < dist[u][v])
					dist[u][v] = dist[u][k] + dist[k][v];
	for (int u = 0; u < r->n; u++)
		for (int v = 0; v < r->n; v++)
			if (dist[u][v] >= inf)
				dist[u][v] = -1;
}

/* Canonical index of reference node v in g, which must equal its rank. */
static uint32_t
index_of(const Graph *g, const RandomGraph *r, int v)
{
	uint32_t	i = graph_find_node(g, node_kinds_mixed[r->node_kind[v]],
									strlen(node_kinds_mixed[r->node_kind[v]]), r->node_id[v]);

	assert_int_equal(i, (uint32_t) r->rank[v]);
	return i;
}

/* The flat form holds each distinct edge once, and filters agree with the reference. */
static void
check_edges(const RandomGraph *r, const Graph *g, const RefFilter *rf)
{
	bool		flags[N_KINDS] = {0};
	GraphFilter f = graph_filter(g, rf, flags);
	RefEdge		ref[MAX_E];
	int			distinct = 0;

	for (int e = 0; e < r->m; e++)
	{
		RefEdge		x = {index_of(g, r, r->src[e]), index_of(g, r, r->dst[e]),
		graph_find_edge_kind(g, edge_kinds[r->kind[e]], strlen(edge_kinds[r->kind[e]])),
		r->from[e], r->to[e]};
		bool		seen = false;

		normalise_range(&x.from, &x.to);
		for (int i = 0; i < distinct; i++)
			seen |= compare_ref_edges(&ref[i], &x) == 0;
		if (!seen)
			ref[distinct++] = x;
	}
	assert_int_equal(g->n_edges, distinct);
	for (uint32_t ge = 0; ge < g->n_edges; ge++)
	{
		RefEdge		x = {graph_edge_src(g, ge), g->dst[ge], graph_edge_kind(g, ge),
		graph_edge_from(g, ge), graph_edge_to(g, ge)};
		bool		found = false;

		if (ge > 0)
		{
			RefEdge		prev = {graph_edge_src(g, ge - 1), g->dst[ge - 1], graph_edge_kind(g, ge - 1),
			graph_edge_from(g, ge - 1), graph_edge_to(g, ge - 1)};

			assert_true(compare_ref_edges(&prev, &x) < 0);
		}
		for (int e = 0; e < r->m && !found; e++)
		{
			RefEdge		y = {(uint32_t) r->rank[r->src[e]], (uint32_t) r->rank[r->dst[e]],
			graph_find_edge_kind(g, edge_kinds[r->kind[e]], strlen(edge_kinds[r->kind[e]])),
			r->from[e], r->to[e]};

			normalise_range(&y.from, &y.to);
			if (compare_ref_edges(&x, &y) == 0)
			{
				found = true;
				assert_int_equal(graph_edge_passes(g, &f, ge), ref_passes(r, rf, e));
			}
		}
		assert_true(found);
	}
}

/* Components, searches, shortest paths and articulation points agree with the reference. */
static void
check_algorithms(const RandomGraph *r, const Graph *g, const RefFilter *rf, uint64_t *seed)
{
	bool		flags[N_KINDS] = {0};
	GraphFilter f = graph_filter(g, rf, flags);
	bool		adj[MAX_N][MAX_N];
	int			dist[MAX_N][MAX_N];
	int			ref_component[MAX_N];
	int			ref_count;
	uint32_t	component[MAX_N];
	GraphAdjacency ga;
	int32_t		hops[MAX_N];
	uint32_t	queue[MAX_N];
	uint32_t	parent[MAX_N];
	uint32_t	path[MAX_N];
	bool		is_cut[MAX_N];
	DealStatus	st;

	ref_matrix(r, rf, -1, adj);
	ref_distances(r, adj, dist);
	ref_count = ref_components(r, adj, -1, ref_component);

	/* components: the same numbers */
	assert_int_equal(graph_components(g, &f, component, A, NULL, &st), ref_count);
	for (int v = 0; v < r->n; v++)
		assert_int_equal(component[index_of(g, r, v)], ref_component[v]);

	/* searches from every node under a random hops limit, and to a random target */
	assert_int_equal(graph_adjacency(g, &f, &ga, A, NULL, &st), DEAL_OK);
	for (int i = 0; i < MAX_N; i++)
		hops[i] = -1;
	for (int u = 0; u < r->n; u++)
	{
		const int32_t limits[] = {0, 1, 2, 3, INT32_MAX, -1};
		int32_t		max_hops = limits[random_below(seed, 6)];
		uint32_t	s = index_of(g, r, u);
		size_t		reached = graph_bfs(&ga, s, max_hops, GRAPH_NO_NODE, hops, parent, queue, NULL);
		size_t		want = 0;
		int			target = random_below(seed, r->n);
		uint32_t	t = index_of(g, r, target);

		for (int v = 0; v < r->n; v++)
		{
			uint32_t	i = index_of(g, r, v);
			int			expected = dist[u][v] >= 0 && dist[u][v] <= (max_hops < 0 ? 0 : max_hops) ? dist[u][v] : -1;

			if (hops[i] != expected)
				fail_msg("hops from %d to %d within %d: %d, not %d", u, v, max_hops, hops[i], expected);
			want += expected >= 0;
			if (expected > 0)
			{
				uint32_t	e = parent[i];
				uint32_t	src = graph_edge_src(g, e);

				assert_true(graph_edge_passes(g, &f, e));
				assert_true(src == i || g->dst[e] == i);
				assert_int_equal(hops[src == i ? g->dst[e] : src], expected - 1);
			}
		}
		assert_int_equal(reached, want);
		for (size_t i = 1; i < reached; i++)
			assert_true(hops[queue[i - 1]] <= hops[queue[i]]);
		graph_bfs_reset(hops, queue, reached);

		/* a shortest path to the target, stopping there */
		reached = graph_bfs(&ga, s, INT32_MAX, t, hops, parent, queue, NULL);
		assert_int_equal(hops[t], dist[u][target]);
		if (dist[u][target] >= 0)
			assert_int_equal(walk_path(g, hops, parent, s, t, path), dist[u][target]);
		graph_bfs_reset(hops, queue, reached);
	}
	for (int i = 0; i < MAX_N; i++)
		assert_int_equal(hops[i], -1);

	/* articulation points: removing the node leaves more components than there were */
	assert_int_equal(graph_articulation_points(g, &ga, is_cut, A, NULL, &st), DEAL_OK);
	for (int v = 0; v < r->n; v++)
	{
		bool		without[MAX_N][MAX_N];
		int			scratch[MAX_N];
		bool		cut;

		ref_matrix(r, rf, v, without);
		cut = ref_components(r, without, v, scratch) > ref_count;
		if (is_cut[index_of(g, r, v)] != cut)
			fail_msg("node %d: cut %d, reference %d", v, is_cut[index_of(g, r, v)], cut);
	}
	graph_adjacency_free(&ga, A);
}

/* Teams agree with their definition, computed the slow way. */
static void
check_teams(const RandomGraph *r, const Graph *g, const RefFilter *family, const RefFilter *involvement)
{
	bool		family_flags[N_KINDS] = {0};
	bool		involvement_flags[N_KINDS] = {0};
	GraphFilter ff = graph_filter(g, family, family_flags);
	GraphFilter fi = graph_filter(g, involvement, involvement_flags);
	bool		adj[MAX_N][MAX_N];
	int			component[MAX_N];
	int			count;
	GraphTeam  *teams;
	DealStatus	st;
	int64_t		n;
	int			t = 0;

	ref_matrix(r, family, -1, adj);
	count = ref_components(r, adj, -1, component);
	n = graph_teams(g, &ff, &fi, &teams, A, NULL, &st);
	assert_true(n >= 0);
	for (int c = 1; c <= count; c++)
	{
		bool		family_edge = false;
		uint32_t	members = 0;
		uint32_t	professionals = 0;
		uint32_t	lead = GRAPH_NO_NODE;
		uint32_t	lead_reach = 0;

		for (int e = 0; e < r->m; e++)
			family_edge |= ref_passes(r, family, e) && component[r->src[e]] == c;
		if (!family_edge)
			continue;
		for (int v = 0; v < r->n; v++)
			members += component[v] == c;
		/* every node outside the family, in canonical order: the members it is involved with */
		for (int rank = 0; rank < r->n; rank++)
		{
			int			p = 0;
			uint32_t	reach = 0;

			while (r->rank[p] != rank)
				p++;
			if (component[p] == c)
				continue;
			for (int m = 0; m < r->n; m++)
			{
				bool		linked = false;

				if (component[m] != c)
					continue;
				for (int e = 0; e < r->m; e++)
					linked |= ref_passes(r, involvement, e) &&
						((r->src[e] == p && r->dst[e] == m) || (r->src[e] == m && r->dst[e] == p));
				reach += linked;
			}
			if (reach == 0)
				continue;
			professionals++;
			if (reach > lead_reach)
			{
				lead_reach = reach;
				lead = (uint32_t) rank;
			}
		}
		assert_true(t < n);
		assert_int_equal(teams[t].component, c);
		assert_int_equal(teams[t].members, members);
		assert_int_equal(teams[t].professionals, professionals);
		assert_int_equal(teams[t].lead, lead);
		assert_int_equal(teams[t].lead_reach, lead_reach);
		t++;
	}
	assert_int_equal(n, t);
	deal_release(A, teams);
}

/* A random filter: some kinds (all, often), and a date (or none) around the ranges' dates. */
static RefFilter
random_filter(uint64_t *seed)
{
	RefFilter	f;

	f.kinds = random_below(seed, 3) == 0 ? (1 << N_KINDS) - 1 : random_below(seed, 1 << N_KINDS);
	f.has_date = random_below(seed, 2) == 0;
	f.date = random_below(seed, 17) - 2;
	return f;
}

/* Hundreds of random graphs: every algorithm agrees with the reference under random filters. */
static void
test_random_against_reference(void **state)
{
	uint64_t	seed = 0x9E3779B97F4A7C15ULL;

	(void) state;
	for (int round = 0; round < 400; round++)
	{
		RandomGraph r;
		GraphBuilder gb;
		Built		b;
		RefFilter	all = {(1 << N_KINDS) - 1, false, 0};

		random_graph(&seed, &r);
		graph_builder_init(&gb, A);
		feed(&gb, &r, 0, 1);
		finish(&gb, &b);
		assert_int_equal(b.g.n_nodes, r.n);
		for (int v = 0; v < r.n; v++)
			index_of(&b.g, &r, v);
		check_edges(&r, &b.g, &all);
		check_algorithms(&r, &b.g, &all, &seed);
		for (int i = 0; i < 3; i++)
		{
			RefFilter	f = random_filter(&seed);
			RefFilter	family = random_filter(&seed);
			RefFilter	involvement = random_filter(&seed);

			involvement.has_date = family.has_date;
			involvement.date = family.date;
			check_edges(&r, &b.g, &f);
			check_algorithms(&r, &b.g, &f, &seed);
			check_teams(&r, &b.g, &family, &involvement);
		}
		release(&b);
	}
}

/* Run the tests of the graph algorithms. */
int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_components),
		cmocka_unit_test(test_bfs),
		cmocka_unit_test(test_articulation_points),
		cmocka_unit_test(test_teams),
		cmocka_unit_test(test_random_against_reference),
	};

	return cmocka_run_group_tests_name("graph algorithms", tests, NULL, NULL);
}
