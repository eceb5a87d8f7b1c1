/*
 * graph_algo.c: connected components, breadth-first search, articulation points and the
 * team around each family.
 */
#include "graph.h"

#include <stdlib.h>
#include <string.h>

/* Root of x, halving the path on the way. */
static inline uint32_t
find_root(uint32_t *parent, uint32_t x)
{
	while (parent[x] != x)
	{
		parent[x] = parent[parent[x]];
		x = parent[x];
	}
	return x;
}

/* Component labels 1..C in node order into component[]; returns C or -1 (st set). */
int64_t
graph_components(const Graph *g, const GraphFilter *f, uint32_t *component,
				 const DealAllocator *alloc, const DealInterrupt *intr, DealStatus *st)
{
	uint32_t   *parent = deal_alloc(alloc, ((size_t) g->n_nodes + 1) * sizeof(uint32_t));
	int64_t		count = 0;

	if (parent == NULL)
	{
		deal_fail(st, DEAL_NO_MEMORY, -1, "No memory for the components of %u nodes.", g->n_nodes);
		return -1;
	}
	for (uint32_t i = 0; i < g->n_nodes; i++)
		parent[i] = i;
	for (uint32_t u = 0; u < g->n_nodes; u++)
	{
		DEAL_CHECK_INTERRUPTS(intr, u);
		for (uint32_t e = g->edge_start[u]; e < g->edge_start[u + 1]; e++)
		{
			uint32_t	a,
						b;

			if (!graph_edge_passes(g, f, e))
				continue;
			a = find_root(parent, u);
			b = find_root(parent, g->dst[e]);
			/* the smaller index becomes the root, so a root is its component's first node */
			if (a < b)
				parent[b] = a;
			else if (b < a)
				parent[a] = b;
		}
	}
	/* roots are met in node order before any other member of their component */
	for (uint32_t i = 0; i < g->n_nodes; i++)
	{
		uint32_t	r = find_root(parent, i);

		component[i] = r == i ? (uint32_t) ++count : component[r];
	}
	deal_release(alloc, parent);
	return count;
}

/* Breadth-first search from start (hops all -1 on entry) up to max_hops or stop_at. */
size_t
graph_bfs(const GraphAdjacency *adj, uint32_t start, int32_t max_hops, uint32_t stop_at,
		  int32_t *hops, uint32_t *parent_edge, uint32_t *queue, const DealInterrupt *intr)
{
	size_t		head = 0;
	size_t		tail = 0;

	hops[start] = 0;
	if (parent_edge != NULL)
		parent_edge[start] = GRAPH_NO_NODE;
	queue[tail++] = start;
	while (head < tail)
	{
		uint32_t	u = queue[head++];

		DEAL_CHECK_INTERRUPTS(intr, head);
		if (u == stop_at)
			return tail;
		if (hops[u] >= max_hops)
			continue;
		for (uint32_t j = adj->start[u]; j < adj->start[u + 1]; j++)
		{
			uint32_t	v = adj->neighbour[j];

			if (hops[v] >= 0)
				continue;
			hops[v] = hops[u] + 1;
			if (parent_edge != NULL)
				parent_edge[v] = adj->edge[j];
			queue[tail++] = v;
		}
	}
	return tail;
}

/* Set hops back to -1 for the reached nodes a search left in queue. */
void
graph_bfs_reset(int32_t *hops, const uint32_t *queue, size_t reached)
{
	for (size_t i = 0; i < reached; i++)
		hops[queue[i]] = -1;
}

/* Articulation points: is_cut[i] set for nodes whose removal splits their component. */
DealCode
graph_articulation_points(const Graph *g, const GraphAdjacency *adj, bool *is_cut,
						  const DealAllocator *alloc, const DealInterrupt *intr, DealStatus *st)
{
	size_t		n = g->n_nodes;
	uint32_t   *disc = deal_alloc(alloc, (n + 1) * sizeof(uint32_t));
	uint32_t   *low = deal_alloc(alloc, (n + 1) * sizeof(uint32_t));
	uint32_t   *via = deal_alloc(alloc, (n + 1) * sizeof(uint32_t));	/* edge to the DFS parent */
	uint32_t   *next = deal_alloc(alloc, (n + 1) * sizeof(uint32_t));	/* next adjacency slot */
	uint32_t   *stack = deal_alloc(alloc, (n + 1) * sizeof(uint32_t));
	uint32_t	time = 0;
	size_t		steps = 0;

	if (!disc || !low || !via || !next || !stack)
	{
		deal_release(alloc, disc);
		deal_release(alloc, low);
		deal_release(alloc, via);
		deal_release(alloc, next);
		deal_release(alloc, stack);
		return deal_fail(st, DEAL_NO_MEMORY, -1, "No memory for articulation points of %zu nodes.", n);
	}
	memset(is_cut, 0, n * sizeof(bool));
	memset(disc, 0, n * sizeof(uint32_t));

	for (uint32_t root = 0; root < n; root++)
	{
		size_t		depth = 0;
		uint32_t	root_children = 0;

		if (disc[root] != 0)
			continue;
		disc[root] = low[root] = ++time;
		via[root] = GRAPH_NO_NODE;
		next[root] = adj->start[root];
		stack[depth++] = root;
		while (depth > 0)
		{
			uint32_t	u = stack[depth - 1];

			DEAL_CHECK_INTERRUPTS(intr, ++steps);
			if (next[u] < adj->start[u + 1])
			{
				uint32_t	j = next[u]++;
				uint32_t	v = adj->neighbour[j];

				if (adj->edge[j] == via[u])
					continue;	/* the edge we came by; a parallel edge counts as a back edge */
				if (disc[v] != 0)
				{
					if (disc[v] < low[u])
						low[u] = disc[v];
					continue;
				}
				disc[v] = low[v] = ++time;
				via[v] = adj->edge[j];
				next[v] = adj->start[v];
				stack[depth++] = v;
				if (u == root)
					root_children++;
			}
			else
			{
				depth--;
				if (depth > 0)
				{
					uint32_t	p = stack[depth - 1];

					if (low[u] < low[p])
						low[p] = low[u];
					if (p != root && low[u] >= disc[p])
						is_cut[p] = true;
				}
			}
		}
		if (root_children > 1)
			is_cut[root] = true;
	}
	deal_release(alloc, disc);
	deal_release(alloc, low);
	deal_release(alloc, via);
	deal_release(alloc, next);
	deal_release(alloc, stack);
	return DEAL_OK;
}

/* One involvement: a professional linked to a member of a family. */
typedef struct Involvement
{
	uint32_t	family;			/* component number */
	uint32_t	professional;
	uint32_t	member;
} Involvement;

/* Order involvements by (family, professional, member). */
static int
compare_involvements(const void *a, const void *b)
{
	const Involvement *x = a;
	const Involvement *y = b;

	if (x->family != y->family)
		return x->family < y->family ? -1 : 1;
	if (x->professional != y->professional)
		return x->professional < y->professional ? -1 : 1;
	if (x->member != y->member)
		return x->member < y->member ? -1 : 1;
	return 0;
}

/* Families over family edges and the team around each; returns how many, or -1. */
int64_t
graph_teams(const Graph *g, const GraphFilter *family, const GraphFilter *involvement,
			GraphTeam **teams, const DealAllocator *alloc, const DealInterrupt *intr,
			DealStatus *st)
{
	uint32_t   *component = deal_alloc(alloc, ((size_t) g->n_nodes + 1) * sizeof(uint32_t));
	uint32_t   *team_of = NULL;		/* component -> index in *teams, or GRAPH_NO_NODE */
	Involvement *inv = NULL;
	size_t		n_inv = 0;
	int64_t		n_components;
	int64_t		n_teams = 0;
	GraphTeam  *out = NULL;

	*teams = NULL;
	if (component == NULL)
		goto oom;
	n_components = graph_components(g, family, component, alloc, intr, st);
	if (n_components < 0)
	{
		deal_release(alloc, component);
		return -1;
	}
	team_of = deal_alloc(alloc, ((size_t) n_components + 1) * sizeof(uint32_t));
	if (team_of == NULL)
		goto oom;
	memset(team_of, 0xFF, ((size_t) n_components + 1) * sizeof(uint32_t));

	/* a family is a component with at least one family edge */
	for (uint32_t u = 0; u < g->n_nodes; u++)
		for (uint32_t e = g->edge_start[u]; e < g->edge_start[u + 1]; e++)
			if (graph_edge_passes(g, family, e))
				team_of[component[u]] = 0;
	for (int64_t c = 1; c <= n_components; c++)
		if (team_of[c] == 0)
			team_of[c] = (uint32_t) n_teams++;
	out = deal_alloc(alloc, ((size_t) n_teams + 1) * sizeof(GraphTeam));
	if (out == NULL)
		goto oom;
	memset(out, 0, ((size_t) n_teams + 1) * sizeof(GraphTeam));
	for (int64_t c = 1; c <= n_components; c++)
		if (team_of[c] != GRAPH_NO_NODE)
		{
			out[team_of[c]].component = (uint32_t) c;
			out[team_of[c]].lead = GRAPH_NO_NODE;
		}
	for (uint32_t i = 0; i < g->n_nodes; i++)
		if (team_of[component[i]] != GRAPH_NO_NODE)
			out[team_of[component[i]]].members++;

	/* every (family, professional, member) that an involvement edge links */
	inv = deal_alloc(alloc, (2 * (size_t) g->n_edges + 1) * sizeof(Involvement));
	if (inv == NULL)
		goto oom;
	for (uint32_t u = 0; u < g->n_nodes; u++)
	{
		DEAL_CHECK_INTERRUPTS(intr, u);
		for (uint32_t e = g->edge_start[u]; e < g->edge_start[u + 1]; e++)
		{
			uint32_t	ends[2] = {u, g->dst[e]};

			if (ends[0] == ends[1] || !graph_edge_passes(g, involvement, e))
				continue;
			for (int side = 0; side < 2; side++)
			{
				uint32_t	member = ends[side];
				uint32_t	other = ends[1 - side];
				uint32_t	c = component[member];

				if (team_of[c] != GRAPH_NO_NODE && component[other] != c)
					inv[n_inv++] = (Involvement) {c, other, member};
			}
		}
	}
	qsort(inv, n_inv, sizeof(Involvement), compare_involvements);

	/* count distinct professionals and the members each reaches; keep the widest reach */
	for (size_t i = 0; i < n_inv;)
	{
		size_t		j = i;
		uint32_t	reach = 0;
		GraphTeam  *t = &out[team_of[inv[i].family]];

		DEAL_CHECK_INTERRUPTS(intr, i);
		while (j < n_inv && inv[j].family == inv[i].family && inv[j].professional == inv[i].professional)
		{
			if (j == i || inv[j].member != inv[j - 1].member)
				reach++;
			j++;
		}
		t->professionals++;
		/* professionals come in node order, so a tie keeps the smallest (kind, id) */
		if (reach > t->lead_reach)
		{
			t->lead_reach = reach;
			t->lead = inv[i].professional;
		}
		i = j;
	}

	deal_release(alloc, component);
	deal_release(alloc, team_of);
	deal_release(alloc, inv);
	*teams = out;
	return n_teams;

oom:
	deal_release(alloc, component);
	deal_release(alloc, team_of);
	deal_release(alloc, inv);
	deal_release(alloc, out);
	deal_fail(st, DEAL_NO_MEMORY, -1, "No memory for the teams of %u nodes.", g->n_nodes);
	return -1;
}
