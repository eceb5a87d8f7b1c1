/*
 * test_graph.c: the household graph core: building, the flat form, the text form, merging
 * and serialising, filters, and every algorithm against a simple reference on random graphs.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "test_alloc.h"
#include "graph.h"

#define A (&test_allocator)

/* A built graph: its flat form and the Graph reading it. */
typedef struct Built
{
	char	   *flat;
	size_t		len;
	Graph		g;
} Built;

/* Flatten a builder (and free it) into b. */
static void
finish(GraphBuilder *gb, Built *b)
{
	DealStatus	st;

	assert_int_equal(graph_flatten(gb, 0, &b->flat, &b->len, NULL, &st), DEAL_OK);
	graph_builder_free(gb);
	assert_int_equal(graph_open(&b->g, b->flat, b->len, A, &st), DEAL_OK);
}

/* Build a graph from its text form. */
static void
build_text(const char *text, Built *b)
{
	GraphBuilder gb;
	DealStatus	st;

	graph_builder_init(&gb, A);
	if (graph_parse(&gb, text, NULL, &st) != DEAL_OK)
		fail_msg("could not parse %s: %s", text, st.detail);
	finish(&gb, b);
}

/* Free a built graph. */
static void
release(Built *b)
{
	graph_close(&b->g, A);
	deal_release(A, b->flat);
}

/* The text form of a built graph, as a string the caller frees with deal_release. */
static char *
text_of(const Built *b)
{
	DealText	out = {.alloc = A};
	DealStatus	st;

	assert_int_equal(graph_to_text(&b->g, &out, NULL, &st), DEAL_OK);
	return out.data;
}

/* Is text's canonical form expected? */
static void
assert_canonical(const char *text, const char *expected)
{
	Built		b;
	char	   *out;

	build_text(text, &b);
	out = text_of(&b);
	assert_string_equal(out, expected);
	deal_release(A, out);
	release(&b);
}

/* Parse text and expect DEAL_BAD_TEXT at position with phrase in the detail. */
static void
assert_bad_text(const char *text, int position, const char *phrase)
{
	GraphBuilder gb;
	DealStatus	st;

	graph_builder_init(&gb, A);
	assert_int_equal(graph_parse(&gb, text, NULL, &st), DEAL_BAD_TEXT);
	if (st.position != position || strstr(st.detail, phrase) == NULL)
		fail_msg("%s: position %d, detail \"%s\"", text, st.position, st.detail);
	graph_builder_free(&gb);
}

/* Canonical order: nodes by (kind name, id), edges sorted, duplicates once, loops kept. */
static void
test_canonical_form(void **state)
{
	(void) state;
	assert_canonical("{}", "{}");
	assert_canonical(" { } ", "{}");
	assert_canonical("{b:2 -k-> a:1; A:1 -K-> b:2; a:1 -k-> b:2; b:2 -k-> a:1; c:-3 -loop-> c:-3}",
					 "{a:1 -k-> b:2; b:2 -k-> a:1; c:-3 -loop-> c:-3}");
	assert_canonical("{person:3; person:1 -knows-> person:2; person:2}",
					 "{person:1 -knows-> person:2; person:3}");
	assert_canonical("{a:1 -k-> a:2 [2020-01-01,2021-01-01); a:1 -k-> a:2; a:1 -k-> a:2 (,2000-01-01); a:1 -k-> a:2 [1999-12-31,)}",
					 "{a:1 -k-> a:2 (,2000-01-01); a:1 -k-> a:2; a:1 -k-> a:2 [1999-12-31,); a:1 -k-> a:2 [2020-01-01,2021-01-01)}");
	assert_canonical("{a:5 -k-> b:1; a:-3 -k-> b:1; b:0 -k-> b:1; a:-9223372036854775808 -k-> b:1; a:9223372036854775807 -k-> b:1; a:65536 -k-> b:1; a:-65536 -k-> b:1}",
					 "{a:-9223372036854775808 -k-> b:1; a:-65536 -k-> b:1; a:-3 -k-> b:1; a:5 -k-> b:1; a:65536 -k-> b:1; a:9223372036854775807 -k-> b:1; b:0 -k-> b:1}");
	assert_canonical("{a:9223372036854775807 -k-> a:-9223372036854775808 empty}",
					 "{a:9223372036854775807 -k-> a:-9223372036854775808 empty}");
}

/* The flat form: counts, kind starts, ids in order, lookups. */
static void
test_flat_form(void **state)
{
	Built		b;

	(void) state;
	build_text("{worker:7 -involved_with-> person:2; person:2 -lives_at-> household:40; person:1 -parent_of-> person:2; person:9}", &b);
	assert_int_equal(b.g.n_nodes, 5);
	assert_int_equal(b.g.n_edges, 3);
	assert_int_equal(b.g.n_node_kinds, 3);
	assert_string_equal(b.g.node_kind_names[0], "household");
	assert_string_equal(b.g.node_kind_names[1], "person");
	assert_string_equal(b.g.node_kind_names[2], "worker");
	assert_string_equal(b.g.edge_kind_names[0], "involved_with");
	assert_int_equal(graph_node_kind(&b.g, 0), 0);
	assert_int_equal(graph_node_kind(&b.g, 3), 1);
	assert_int_equal(graph_node_kind(&b.g, 4), 2);
	assert_true(graph_node_id(&b.g, 1) == 1 && graph_node_id(&b.g, 3) == 9);
	assert_int_equal(graph_find_node(&b.g, "PERSON", 6, 9), 3);
	assert_int_equal(graph_find_node(&b.g, "person", 6, 8), GRAPH_NO_NODE);
	assert_int_equal(graph_find_node(&b.g, "nobody", 6, 1), GRAPH_NO_NODE);
	assert_int_equal(graph_find_edge_kind(&b.g, "Lives_At", 8), 1);
	assert_int_equal(graph_find_edge_kind(&b.g, "knows", 5), GRAPH_NO_NODE);
	release(&b);
}

/* Every malformed text fails with a position. */
static void
test_bad_text(void **state)
{
	(void) state;
	assert_bad_text("", 0, "Expected \"{\"");
	assert_bad_text("{a:1", 4, "Expected \";\" or \"}\"");
	assert_bad_text("{a:1}x", 5, "the end");
	assert_bad_text("{a 1}", 2, "\":\" after a node kind");
	assert_bad_text("{a:}", 3, "a node id");
	assert_bad_text("{a:-}", 4, "a node id");
	assert_bad_text("{1a:1}", 1, "a kind");
	assert_bad_text("{a:1 -k- a:2}", 7, "\"->\"");
	assert_bad_text("{a:1 -k->}", 9, "a kind");
	assert_bad_text("{a:9223372036854775808}", 22, "out of range");
	assert_bad_text("{a:-9223372036854775809}", 23, "out of range");
	assert_bad_text("{a:1 -k-> a:2 [2023-02-29,)}", 15, "a date");
	assert_bad_text("{a:1 -k-> a:2 [2020-13-01,)}", 15, "a date");
	assert_bad_text("{a:1 -k-> a:2 [0000-01-01,)}", 15, "a date");
	assert_bad_text("{a:1 -k-> a:2 [2020-01-01,2020-01-01)}", 36, "empty or backwards");
	assert_bad_text("{a:1 -k-> a:2 [2020-01-01]}", 25, "\",\"");
	assert_bad_text("{a:1 -k-> a:2 [2020-01-01,2021-01-01]}", 36, "\")\"");
	assert_bad_text("{a:1;;a:2}", 5, "a kind");
	assert_bad_text("{aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa:1}", 1, "longer than 63");
}

/* Dates: known values and a round trip over the whole range. */
static void
test_dates(void **state)
{
	char		buf[11];
	int32_t		d;

	(void) state;
	assert_int_equal(graph_parse_date("2000-01-01", &d), 10);
	assert_int_equal(d, 0);
	assert_int_equal(graph_parse_date("1970-01-01", &d), 10);
	assert_int_equal(d, -10957);
	assert_int_equal(graph_parse_date("0001-01-01", &d), 10);
	assert_int_equal(d, GRAPH_DATE_MIN);
	assert_int_equal(graph_parse_date("9999-12-31", &d), 10);
	assert_int_equal(d, GRAPH_DATE_MAX);
	assert_int_equal(graph_parse_date("2024-02-29", &d), 10);
	assert_int_equal(graph_parse_date("2100-02-29", &d), 0);
	assert_int_equal(graph_parse_date("2000-02-29", &d), 10);
	assert_int_equal(graph_parse_date("2024-04-31", &d), 0);
	assert_int_equal(graph_parse_date("2024-4-01", &d), 0);
	for (int32_t day = GRAPH_DATE_MIN; day <= GRAPH_DATE_MAX; day += 37)
	{
		graph_format_date(day, buf);
		assert_int_equal(graph_parse_date(buf, &d), 10);
		assert_int_equal(d, day);
	}
	graph_format_date(GRAPH_DATE_MAX, buf);
	assert_string_equal(buf, "9999-12-31");
}

/* Builder arguments outside their domain. */
static void
test_bad_arguments(void **state)
{
	GraphBuilder gb;
	DealStatus	st;

	(void) state;
	graph_builder_init(&gb, A);
	assert_int_equal(graph_builder_add_edge(&gb, "a b", 3, 1, "a", 1, 2, "k", 1, GRAPH_NO_LOWER, GRAPH_NO_UPPER, &st), DEAL_BAD_ARGUMENT);
	assert_non_null(strstr(st.detail, "character \" \" at character 2"));
	assert_int_equal(graph_builder_add_edge(&gb, "a", 1, 1, "a", 1, 2, "", 0, GRAPH_NO_LOWER, GRAPH_NO_UPPER, &st), DEAL_BAD_ARGUMENT);
	assert_non_null(strstr(st.detail, "edge kind is empty"));
	assert_int_equal(graph_builder_add_edge(&gb, "a", 1, 1, "a", 1, 2, "k", 1, GRAPH_DATE_MIN - 1, GRAPH_NO_UPPER, &st), DEAL_BAD_ARGUMENT);
	assert_int_equal(graph_builder_add_edge(&gb, "a", 1, 1, "a", 1, 2, "k", 1, 0, GRAPH_DATE_MAX + 1, &st), DEAL_BAD_ARGUMENT);
	assert_int_equal(graph_builder_add_node(&gb, "_a", 2, 1, &st), DEAL_BAD_ARGUMENT);
	assert_int_equal(deal_check_label("a_1", 3, "kind", &st), DEAL_OK);
	graph_builder_free(&gb);
}

/* A graph too large for one value fails with DEAL_TOO_BIG, freeing everything. */
static void
test_too_big(void **state)
{
	GraphBuilder gb;
	DealStatus	st;
	char	   *out = NULL;
	size_t		len;

	(void) state;
	graph_builder_init(&gb, A);
	assert_int_equal(graph_builder_add_edge(&gb, "a", 1, 1, "a", 1, 2, "k", 1, GRAPH_NO_LOWER, GRAPH_NO_UPPER, &st), DEAL_OK);
	assert_int_equal(graph_flatten(&gb, ((size_t) 0x3FFFFFFF - 1024 - 40) & ~(size_t) 3, &out, &len, NULL, &st), DEAL_TOO_BIG);
	assert_non_null(strstr(st.detail, "one value holds at most"));
	assert_null(out);
	graph_builder_free(&gb);
}

/* xorshift random numbers for the randomised tests. */
static uint64_t
next_random(uint64_t *seed)
{
	*seed ^= *seed << 13;
	*seed ^= *seed >> 7;
	*seed ^= *seed << 17;
	return *seed;
}

#define MAX_N 24
#define MAX_E 60

/* A random graph and what the reference implementations need of it. */
typedef struct RandomGraph
{
	int			n;				/* nodes 0..n-1 are (kind "a"/"b", id) */
	int			m;
	int			src[MAX_E];
	int			dst[MAX_E];
	int			kind[MAX_E];	/* 0..2: x, y, z */
	int32_t		from[MAX_E];
	int32_t		to[MAX_E];
	int			lone[MAX_N];	/* added without edges too */
} RandomGraph;

static const char *const node_kinds[] = {"a", "b"};
static const char *const edge_kinds[] = {"x", "y", "z"};

/* Kind and id of reference node v. */
#define NODE_KIND(v) node_kinds[(v) % 2]
#define NODE_ID(v) ((int64_t) (v) * 7 - 50)

/* Make a random graph with n nodes and m edges. */
static void
random_graph(uint64_t *seed, RandomGraph *r)
{
	r->n = 1 + (int) (next_random(seed) % MAX_N);
	r->m = (int) (next_random(seed) % MAX_E);
	for (int e = 0; e < r->m; e++)
	{
		uint64_t	x = next_random(seed);

		r->src[e] = (int) (x % (uint64_t) r->n);
		r->dst[e] = (int) ((x >> 16) % (uint64_t) r->n);
		r->kind[e] = (int) ((x >> 32) % 3);
		switch ((x >> 40) % 4)
		{
			case 0:
				r->from[e] = GRAPH_NO_LOWER;
				r->to[e] = GRAPH_NO_UPPER;
				break;
			case 1:
				r->from[e] = (int32_t) ((x >> 44) % 10);
				r->to[e] = GRAPH_NO_UPPER;
				break;
			case 2:
				r->from[e] = GRAPH_NO_LOWER;
				r->to[e] = (int32_t) ((x >> 44) % 10);
				break;
			default:
				r->from[e] = (int32_t) ((x >> 44) % 10);
				r->to[e] = r->from[e] + 1 + (int32_t) ((x >> 50) % 5);
				break;
		}
	}
	for (int v = 0; v < r->n; v++)
		r->lone[v] = 1;
}

/* Feed a random graph to a builder, edges in the order from..to step. */
static void
feed(GraphBuilder *gb, const RandomGraph *r, int start, int step)
{
	DealStatus	st;

	for (int e = start; e < r->m; e += step)
		assert_int_equal(graph_builder_add_edge(gb, NODE_KIND(r->src[e]), 1, NODE_ID(r->src[e]),
												NODE_KIND(r->dst[e]), 1, NODE_ID(r->dst[e]),
												edge_kinds[r->kind[e]], 1, r->from[e], r->to[e], &st), DEAL_OK);
	for (int v = start; v < r->n; v += step)
		assert_int_equal(graph_builder_add_node(gb, NODE_KIND(v), 1, NODE_ID(v), &st), DEAL_OK);
}

/* Does reference edge e pass kinds (bit mask) and date (or any when has_date is false)? */
static int
ref_passes(const RandomGraph *r, int e, int kinds, int has_date, int32_t date)
{
	if (!(kinds & (1 << r->kind[e])))
		return 0;
	if (has_date)
	{
		if (r->from[e] == r->to[e])
			return 0;
		if (date < r->from[e] || (r->to[e] != GRAPH_NO_UPPER && date >= r->to[e]))
			return 0;
	}
	return 1;
}

/* Reference adjacency matrix of the passing edges, excluding node skip (or -1). */
static void
ref_matrix(const RandomGraph *r, int kinds, int has_date, int32_t date, int skip,
		   unsigned char adj[MAX_N][MAX_N])
{
	memset(adj, 0, MAX_N * MAX_N);
	for (int e = 0; e < r->m; e++)
		if (ref_passes(r, e, kinds, has_date, date) && r->src[e] != skip && r->dst[e] != skip)
			adj[r->src[e]][r->dst[e]] = adj[r->dst[e]][r->src[e]] = 1;
}

/* Reference distances by relaxation: dist[u][v], -1 if unreachable. */
static void
ref_distances(const RandomGraph *r, unsigned char adj[MAX_N][MAX_N], int dist[MAX_N][MAX_N])
{
	for (int u = 0; u < r->n; u++)
		for (int v = 0; v < r->n; v++)
			dist[u][v] = u == v ? 0 : (adj[u][v] && u != v ? 1 : -1);
	for (int k = 0; k < r->n; k++)
		for (int u = 0; u < r->n; u++)
			for (int v = 0; v < r->n; v++)
				if (dist[u][k] >= 0 && dist[k][v] >= 0 &&
					(dist[u][v] < 0 || dist[u][k] + dist[k][v] < dist[u][v]))
					dist[u][v] = dist[u][k] + dist[k][v];
}

/* Number of connected pieces among nodes other than skip. */
static int
ref_pieces(const RandomGraph *r, unsigned char adj[MAX_N][MAX_N], int skip)
{
	int			dist[MAX_N][MAX_N];
	int			seen[MAX_N] = {0};
	int			pieces = 0;

	ref_distances(r, adj, dist);
	for (int u = 0; u < r->n; u++)
	{
		if (u == skip || seen[u])
			continue;
		pieces++;
		for (int v = 0; v < r->n; v++)
			if (dist[u][v] >= 0)
				seen[v] = 1;
	}
	return pieces;
}

/* Canonical index of reference node v in g. */
static uint32_t
index_of(const Graph *g, int v)
{
	uint32_t	i = graph_find_node(g, NODE_KIND(v), 1, NODE_ID(v));

	assert_int_not_equal(i, GRAPH_NO_NODE);
	return i;
}

/* Check components, BFS and articulation points of g against the reference, under a filter. */
static void
check_algorithms(const RandomGraph *r, const Graph *g, int kinds, int has_date, int32_t date)
{
	bool		flags[3] = {0};
	GraphFilter f = {.kinds = flags, .has_date = has_date, .date = date};
	unsigned char adj[MAX_N][MAX_N];
	int			dist[MAX_N][MAX_N];
	uint32_t	component[MAX_N];
	GraphAdjacency ga;
	int32_t		hops[MAX_N];
	uint32_t	queue[MAX_N];
	uint32_t	parent[MAX_N];
	bool		is_cut[MAX_N];
	DealStatus	st;
	int64_t		count;
	uint32_t	highest = 0;

	for (int k = 0; k < 3; k++)
	{
		uint32_t	ek = graph_find_edge_kind(g, edge_kinds[k], 1);

		if (ek != GRAPH_NO_NODE)
			flags[ek] = (kinds >> k) & 1;
	}
	ref_matrix(r, kinds, has_date, date, -1, adj);
	ref_distances(r, adj, dist);

	/* components: same partition, numbered in order of first node */
	count = graph_components(g, &f, component, A, NULL, &st);
	assert_int_equal(count, ref_pieces(r, adj, -1));
	for (uint32_t i = 0; i < g->n_nodes; i++)
	{
		assert_true(component[i] <= highest + 1);
		if (component[i] > highest)
			highest = component[i];
	}
	for (int u = 0; u < r->n; u++)
		for (int v = 0; v < r->n; v++)
			assert_int_equal(component[index_of(g, u)] == component[index_of(g, v)], dist[u][v] >= 0);

	/* breadth-first distances, with and without a limit, and parents on shortest paths */
	assert_int_equal(graph_adjacency(g, &f, &ga, A, NULL, &st), DEAL_OK);
	for (int i = 0; i < MAX_N; i++)
		hops[i] = -1;
	for (int u = 0; u < r->n; u++)
	{
		uint32_t	s = index_of(g, u);
		size_t		reached = graph_bfs(&ga, s, INT32_MAX, GRAPH_NO_NODE, hops, parent, queue, NULL);

		for (int v = 0; v < r->n; v++)
		{
			uint32_t	t = index_of(g, v);

			assert_int_equal(hops[t], dist[u][v]);
			if (dist[u][v] > 0)
			{
				uint32_t	e = parent[t];
				uint32_t	p = g->dst[e] == t ? graph_edge_src(g, e) : g->dst[e];

				assert_int_equal(hops[p], hops[t] - 1);
			}
		}
		graph_bfs_reset(hops, queue, reached);
		reached = graph_bfs(&ga, s, 1, GRAPH_NO_NODE, hops, NULL, queue, NULL);
		for (int v = 0; v < r->n; v++)
			assert_int_equal(hops[index_of(g, v)], dist[u][v] <= 1 ? dist[u][v] : -1);
		graph_bfs_reset(hops, queue, reached);
	}
	for (int i = 0; i < MAX_N; i++)
		assert_int_equal(hops[i], -1);

	/* articulation points: removing the node splits what remains of its component */
	assert_int_equal(graph_articulation_points(g, &ga, is_cut, A, NULL, &st), DEAL_OK);
	for (int v = 0; v < r->n; v++)
	{
		unsigned char without[MAX_N][MAX_N];
		int			alone = 1;

		ref_matrix(r, kinds, has_date, date, v, without);
		for (int u = 0; u < r->n; u++)
			if (u != v && adj[u][v])
				alone = 0;
		/* v alone is no cut; otherwise v is a cut if the pieces without it outnumber those with it */
		assert_int_equal(is_cut[index_of(g, v)],
						 !alone && ref_pieces(r, without, v) > ref_pieces(r, adj, -1));
	}
	graph_adjacency_free(&ga, A);
}

/* Random graphs: every algorithm agrees with the reference under random filters. */
static void
test_random_against_reference(void **state)
{
	uint64_t	seed = 0x9E3779B97F4A7C15ULL;

	(void) state;
	for (int round = 0; round < 300; round++)
	{
		RandomGraph r;
		GraphBuilder gb;
		Built		b;

		random_graph(&seed, &r);
		graph_builder_init(&gb, A);
		feed(&gb, &r, 0, 1);
		finish(&gb, &b);
		check_algorithms(&r, &b.g, 7, 0, 0);
		check_algorithms(&r, &b.g, (int) (next_random(&seed) % 8), 0, 0);
		check_algorithms(&r, &b.g, 7, 1, (int32_t) (next_random(&seed) % 12));
		check_algorithms(&r, &b.g, (int) (next_random(&seed) % 8), 1, (int32_t) (next_random(&seed) % 12));
		release(&b);
	}
}

/* Merged halves, serialised states and reparsed text all give the same bytes. */
static void
test_merge_serialise_reparse(void **state)
{
	uint64_t	seed = 12345;

	(void) state;
	for (int round = 0; round < 100; round++)
	{
		RandomGraph r;
		GraphBuilder whole,
					half1,
					half2,
					copy;
		Built		b1,
					b2,
					b3,
					b4;
		DealStatus	st;
		size_t		size;
		char	   *buf;
		char	   *text;

		random_graph(&seed, &r);
		graph_builder_init(&whole, A);
		feed(&whole, &r, 0, 1);
		finish(&whole, &b1);

		/* two halves merged, as parallel workers' states are */
		graph_builder_init(&half1, A);
		graph_builder_init(&half2, A);
		feed(&half1, &r, 1, 2);
		feed(&half2, &r, 0, 2);
		assert_int_equal(graph_builder_merge(&half1, &half2, &st), DEAL_OK);
		graph_builder_free(&half2);
		finish(&half1, &b2);
		assert_true(b1.len == b2.len && memcmp(b1.flat, b2.flat, b1.len) == 0);

		/* a state serialised and read back */
		graph_builder_init(&half1, A);
		feed(&half1, &r, 0, 1);
		assert_int_equal(graph_builder_flush(&half1, &st), DEAL_OK);
		size = graph_builder_serial_size(&half1);
		buf = deal_alloc(A, size);
		graph_builder_serialize(&half1, buf);
		graph_builder_free(&half1);
		graph_builder_init(&copy, A);
		assert_int_equal(graph_builder_deserialize(&copy, buf, size, &st), DEAL_OK);
		finish(&copy, &b3);
		assert_true(b1.len == b3.len && memcmp(b1.flat, b3.flat, b1.len) == 0);

		/* every truncation of the state is refused, not read past */
		for (size_t cut = 0; cut < size; cut += 1 + size / 16)
		{
			graph_builder_init(&copy, A);
			assert_int_equal(graph_builder_deserialize(&copy, buf, cut, &st), DEAL_BAD_BINARY);
			graph_builder_free(&copy);
		}
		deal_release(A, buf);

		/* the text form parses back to the same bytes */
		text = text_of(&b1);
		build_text(text, &b4);
		assert_true(b1.len == b4.len && memcmp(b1.flat, b4.flat, b1.len) == 0);
		deal_release(A, text);
		release(&b1);
		release(&b2);
		release(&b3);
		release(&b4);
	}
}

/* A family, its household and four professionals: the team and its lead. */
static void
test_teams(void **state)
{
	Built		b;
	bool		family_kinds[4] = {0};
	bool		involvement_kinds[4] = {0};
	GraphFilter family = {.kinds = family_kinds};
	GraphFilter involvement = {.kinds = involvement_kinds};
	GraphTeam  *teams;
	DealStatus	st;
	int64_t		n;

	(void) state;
	build_text("{person:1 -parent_of-> person:2; person:1 -parent_of-> person:3; person:2 -lives_at-> household:9;"
			   " worker:5 -involved_with-> person:1; worker:5 -involved_with-> person:1;"
			   " worker:4 -involved_with-> person:2; worker:4 -involved_with-> person:3;"
			   " worker:6 -involved_with-> person:3; worker:6 -involved_with-> person:2;"
			   " worker:7 -involved_with-> household:9; worker:8 -involved_with-> worker:9;"
			   " person:20 -lives_at-> household:21}", &b);
	family_kinds[graph_find_edge_kind(&b.g, "parent_of", 9)] = true;
	family_kinds[graph_find_edge_kind(&b.g, "lives_at", 8)] = true;
	involvement_kinds[graph_find_edge_kind(&b.g, "involved_with", 13)] = true;
	n = graph_teams(&b.g, &family, &involvement, &teams, A, NULL, &st);
	assert_int_equal(n, 2);
	/* household:9 is node 0, so the first family is component 1 */
	assert_int_equal(teams[0].component, 1);
	assert_int_equal(teams[0].members, 4);
	assert_int_equal(teams[0].professionals, 4);
	/* workers 4 and 6 both reach two members: the tie goes to the smaller id */
	assert_int_equal(teams[0].lead, graph_find_node(&b.g, "worker", 6, 4));
	assert_int_equal(teams[0].lead_reach, 2);
	assert_int_equal(teams[1].members, 2);
	assert_int_equal(teams[1].professionals, 0);
	assert_int_equal(teams[1].lead, GRAPH_NO_NODE);
	deal_release(A, teams);
	release(&b);
}

/* Graphviz output names every node and the edges that pass the filter. */
static void
test_dot(void **state)
{
	Built		b;
	DealText	out = {.alloc = A};
	bool		kinds[2] = {true, false};
	GraphFilter f = {.kinds = kinds};
	DealStatus	st;

	(void) state;
	build_text("{a:1 -k-> a:2; a:2 -m-> b:3}", &b);
	assert_int_equal(graph_to_dot(&b.g, &f, &out, NULL, &st), DEAL_OK);
	assert_non_null(strstr(out.data, "digraph deal {"));
	assert_non_null(strstr(out.data, "\"b:3\" [fillcolor="));
	assert_non_null(strstr(out.data, "\"a:1\" -> \"a:2\" [label=\"k\"];"));
	assert_null(strstr(out.data, "label=\"m\""));
	deal_release(A, out.data);
	release(&b);
}

/* Count calls of the interrupt hook. */
static void
count_interrupt(void *ctx)
{
	(*(int *) ctx)++;
}

/* Long loops call the interrupt hook. */
static void
test_interrupts(void **state)
{
	GraphBuilder gb;
	Built		b;
	DealStatus	st;
	int			calls = 0;
	DealInterrupt intr = {count_interrupt, &calls};
	uint32_t   *component;

	(void) state;
	graph_builder_init(&gb, A);
	for (int64_t i = 0; i < 100000; i++)
		assert_int_equal(graph_builder_add_edge(&gb, "n", 1, i, "n", 1, (i * 7) % 100000, "k", 1,
												GRAPH_NO_LOWER, GRAPH_NO_UPPER, &st), DEAL_OK);
	assert_int_equal(graph_flatten(&gb, 0, &b.flat, &b.len, &intr, &st), DEAL_OK);
	assert_true(calls > 0);
	graph_builder_free(&gb);
	assert_int_equal(graph_open(&b.g, b.flat, b.len, A, &st), DEAL_OK);
	calls = 0;
	component = deal_alloc(A, b.g.n_nodes * sizeof(uint32_t));
	assert_true(graph_components(&b.g, NULL, component, A, &intr, &st) > 0);
	assert_true(calls > 0);
	deal_release(A, component);
	release(&b);
}

/* A flat form that is not one is refused. */
static void
test_bad_flat(void **state)
{
	Graph		g;
	DealStatus	st;
	uint32_t	words[8] = {0};

	(void) state;
	assert_int_equal(graph_open(&g, (const char *) words, sizeof(words), A, &st), DEAL_BAD_BINARY);
	words[0] = 0x31524744u;
	words[3] = 1000;			/* nodes that are not there */
	assert_int_equal(graph_open(&g, (const char *) words, sizeof(words), A, &st), DEAL_BAD_BINARY);
}

/* A flat form whose edges name nodes it does not have is refused, not read out of bounds. */
static void
test_damaged_flat(void **state)
{
	Built		b;
	char	   *copy;
	Graph		g;
	DealStatus	st;
	uint32_t   *src;

	(void) state;
	build_text("{a:1 -k-> a:2}", &b);
	copy = deal_alloc(A, b.len);
	memcpy(copy, b.flat, b.len);
	src = (uint32_t *) (copy + ((const char *) b.g.dst - b.flat));
	*src = 7;
	assert_int_equal(graph_open(&g, copy, b.len, A, &st), DEAL_BAD_BINARY);
	assert_non_null(strstr(st.detail, "damaged"));
	deal_release(A, copy);
	release(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_canonical_form),
		cmocka_unit_test(test_flat_form),
		cmocka_unit_test(test_bad_text),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_bad_arguments),
		cmocka_unit_test(test_too_big),
		cmocka_unit_test(test_random_against_reference),
		cmocka_unit_test(test_merge_serialise_reparse),
		cmocka_unit_test(test_teams),
		cmocka_unit_test(test_dot),
		cmocka_unit_test(test_interrupts),
		cmocka_unit_test(test_bad_flat),
		cmocka_unit_test(test_damaged_flat),
	};

	return cmocka_run_group_tests_name("graph", tests, NULL, NULL);
}
