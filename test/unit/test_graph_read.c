/*
 * test_graph_read.c: reading a graph's flat form: filters by kind and date, the undirected
 * adjacency, and flat forms that are damaged or not flat forms at all.
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
#include "graph_flat.h"

/* Kinds and dates: an edge valid on [from, to) passes on from and fails on to. */
static void
test_filters(void **state)
{
	Built		b;
	bool		flags[2];
	GraphFilter f = {0};
	uint32_t	bounded,
				upper,
				lower,
				empty,
				always;
	int32_t		probes[6];

	(void) state;
	build_text("{a:1 -k-> a:2 [2020-01-01,2020-02-01); a:1 -m-> a:3 (,2020-01-01); "
			   "a:2 -k-> a:3 [2020-01-15,); a:3 -m-> a:4 empty; a:4 -k-> a:5}", &b);
	bounded = b.g.edge_start[node_at(&b.g, "a", 1)];
	upper = bounded + 1;
	lower = b.g.edge_start[node_at(&b.g, "a", 2)];
	empty = b.g.edge_start[node_at(&b.g, "a", 3)];
	always = b.g.edge_start[node_at(&b.g, "a", 4)];
	assert_int_equal(b.g.dst[upper], node_at(&b.g, "a", 3));

	/* no filter, or an empty one: everything, even the empty range */
	for (uint32_t e = 0; e < b.g.n_edges; e++)
	{
		assert_true(graph_edge_passes(&b.g, NULL, e));
		assert_true(graph_edge_passes(&b.g, &f, e));
	}

	/* dates */
	f.has_date = true;
	f.date = day("2020-01-01");
	assert_true(graph_edge_passes(&b.g, &f, bounded));
	assert_false(graph_edge_passes(&b.g, &f, upper));
	assert_false(graph_edge_passes(&b.g, &f, lower));
	f.date = day("2019-12-31");
	assert_false(graph_edge_passes(&b.g, &f, bounded));
	assert_true(graph_edge_passes(&b.g, &f, upper));
	f.date = day("2020-01-31");
	assert_true(graph_edge_passes(&b.g, &f, bounded));
	f.date = day("2020-02-01");
	assert_false(graph_edge_passes(&b.g, &f, bounded));
	f.date = day("2020-01-14");
	assert_false(graph_edge_passes(&b.g, &f, lower));
	f.date = day("2020-01-15");
	assert_true(graph_edge_passes(&b.g, &f, lower));
	f.date = GRAPH_DATE_MAX;
	assert_true(graph_edge_passes(&b.g, &f, lower));
	assert_false(graph_edge_passes(&b.g, &f, upper));
	f.date = GRAPH_DATE_MIN;
	assert_true(graph_edge_passes(&b.g, &f, upper));
	assert_false(graph_edge_passes(&b.g, &f, lower));
	probes[0] = GRAPH_DATE_MIN;
	probes[1] = -1;
	probes[2] = 0;
	probes[3] = 1;
	probes[4] = day("2020-01-15");
	probes[5] = GRAPH_DATE_MAX;
	for (size_t i = 0; i < sizeof(probes) / sizeof(probes[0]); i++)
	{
		f.date = probes[i];
		assert_false(graph_edge_passes(&b.g, &f, empty));
		assert_true(graph_edge_passes(&b.g, &f, always));
	}

	/* kinds */
	f.has_date = false;
	kind_flags(&b.g, "k", flags);
	f.kinds = flags;
	assert_true(graph_edge_passes(&b.g, &f, bounded));
	assert_false(graph_edge_passes(&b.g, &f, upper));
	assert_false(graph_edge_passes(&b.g, &f, empty));
	kind_flags(&b.g, "", flags);
	for (uint32_t e = 0; e < b.g.n_edges; e++)
		assert_false(graph_edge_passes(&b.g, &f, e));

	/* both */
	kind_flags(&b.g, "m", flags);
	f.has_date = true;
	f.date = day("2019-06-01");
	assert_true(graph_edge_passes(&b.g, &f, upper));
	assert_false(graph_edge_passes(&b.g, &f, bounded));
	assert_false(graph_edge_passes(&b.g, &f, empty));
	release(&b);
}

/* The adjacency leaves out self-loops and filtered edges, and lists each edge both ways. */
static void
test_adjacency(void **state)
{
	Built		b;
	GraphAdjacency adj;
	DealStatus	st;
	GraphFilter dated = {.has_date = true, .date = 0};

	(void) state;
	build_text("{a:1 -k-> a:2; a:2 -k-> a:2; a:2 -m-> a:1; a:3 -k-> a:1 [2001-01-01,)}", &b);
	assert_int_equal(graph_adjacency(&b.g, NULL, &adj, A, NULL, &st), DEAL_OK);
	assert_int_equal(adj.n_nodes, 3);
	assert_int_equal(adj.start[1] - adj.start[0], 3);	/* a:1: a:2 twice, a:3 */
	assert_int_equal(adj.start[2] - adj.start[1], 2);	/* a:2: a:1 twice, not itself */
	assert_int_equal(adj.start[3] - adj.start[2], 1);
	for (uint32_t u = 0; u < 3; u++)
		for (uint32_t j = adj.start[u]; j < adj.start[u + 1]; j++)
		{
			uint32_t	e = adj.edge[j];
			uint32_t	v = adj.neighbour[j];

			assert_int_not_equal(u, v);
			assert_true((graph_edge_src(&b.g, e) == u && b.g.dst[e] == v) ||
						(graph_edge_src(&b.g, e) == v && b.g.dst[e] == u));
		}
	graph_adjacency_free(&adj, A);
	assert_int_equal(graph_adjacency(&b.g, &dated, &adj, A, NULL, &st), DEAL_OK);
	assert_int_equal(adj.start[3], 4);
	graph_adjacency_free(&adj, A);
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
	assert_int_equal(graph_open(&g, (const char *) words, 0, A, &st), DEAL_BAD_BINARY);
	assert_int_equal(graph_open(&g, (const char *) words, sizeof(words), A, &st), DEAL_BAD_BINARY);
	words[0] = 0x31524744u;		/* the first version's magic */
	assert_int_equal(graph_open(&g, (const char *) words, sizeof(words), A, &st), DEAL_BAD_BINARY);
	words[0] = FLAT_MAGIC;
	words[3] = 1000;			/* nodes that are not there */
	assert_int_equal(graph_open(&g, (const char *) words, sizeof(words), A, &st), DEAL_BAD_BINARY);
	words[3] = 0;
	words[6] = 4;				/* an unknown flag */
	assert_int_equal(graph_open(&g, (const char *) words, sizeof(words), A, &st), DEAL_BAD_BINARY);
}

/* Open a copy of b's flat form with one word at (word pointer into b's form) set to value. */
static DealCode
open_damaged(const Built *b, const void *at, uint32_t value, DealStatus *st)
{
	char	   *copy = deal_alloc(A, b->len);
	Graph		g;
	DealCode	code;

	memcpy(copy, b->flat, b->len);
	memcpy(copy + ((const char *) at - b->flat), &value, sizeof(value));
	code = graph_open(&g, copy, b->len, A, st);
	if (code == DEAL_OK)
	{
		/* whatever it accepts must be safe to read and print */
		char	   *text = text_of(&g);

		deal_release(A, text);
		graph_close(&g, A);
	}
	deal_release(A, copy);
	return code;
}

/* A flat form whose edges name nodes it does not have, or dates it cannot hold, is refused. */
static void
test_damaged_flat(void **state)
{
	Built		b;
	DealStatus	st;

	(void) state;
	build_text("{a:1 -k-> a:2 [2020-01-01,2021-01-01); a:2 -m-> a:1}", &b);
	assert_int_equal(open_damaged(&b, b.g.dst, 7, &st), DEAL_BAD_BINARY);
	assert_non_null(strstr(st.detail, "damaged"));
	assert_int_equal(open_damaged(&b, b.g.kind, 2, &st), DEAL_BAD_BINARY);
	assert_int_equal(open_damaged(&b, b.g.edge_start + 1, 5, &st), DEAL_BAD_BINARY);
	assert_int_equal(open_damaged(&b, b.g.kind_start, 1, &st), DEAL_BAD_BINARY);
	assert_int_equal(open_damaged(&b, b.g.from, (uint32_t) (INT32_MAX - 3), &st), DEAL_BAD_BINARY);
	assert_int_equal(open_damaged(&b, b.g.from, (uint32_t) (GRAPH_DATE_MIN - 1), &st), DEAL_BAD_BINARY);
	assert_int_equal(open_damaged(&b, b.g.to, (uint32_t) (GRAPH_DATE_MAX + 1), &st), DEAL_BAD_BINARY);
	assert_int_equal(open_damaged(&b, b.g.to, (uint32_t) (GRAPH_NO_LOWER + 1), &st), DEAL_BAD_BINARY);
	assert_int_equal(open_damaged(&b, b.flat + 5 * sizeof(uint32_t), 0xFFFFu, &st), DEAL_BAD_BINARY);
	/* the value as it was is fine */
	assert_int_equal(open_damaged(&b, b.g.dst, b.g.dst[0], &st), DEAL_OK);
	release(&b);
}

/* Run the tests of reading graphs. */
int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_filters),
		cmocka_unit_test(test_adjacency),
		cmocka_unit_test(test_bad_flat),
		cmocka_unit_test(test_damaged_flat),
	};

	return cmocka_run_group_tests_name("graph read", tests, NULL, NULL);
}
