/*
 * test_graph_build.c: the graph builder.
 *
 * Edges and lone nodes, kinds folded to lower case and refused when they are not labels,
 * validity dates checked and empty ranges normalised, thousands of rows against a sorted
 * reference, builders merged in every split and order, and flat graphs (the partial results
 * parallel and Citus workers send) added to builders, with every allocation failing in turn.
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

/* Edges and lone nodes, kinds folded to lower case, nodes interned once. */
static void
test_build_basics(void **state)
{
	GraphBuilder gb;
	Built		b;
	DealStatus	st;
	char	   *text;

	(void) state;
	graph_builder_init(&gb, A);
	must_add_edge(&gb, "Person", 1, "HOUSEHOLD", 7, "Lives_At", ALWAYS);
	must_add_edge(&gb, "person", 2, "household", 7, "LIVES_AT", ALWAYS);
	must_add_edge(&gb, "PERSON", 1, "person", 2, "parent_of", ALWAYS);
	must_add_node(&gb, "person", 2);	/* already there */
	must_add_node(&gb, "pErSoN", 3);	/* a lone node */
	must_add_node(&gb, "worker", 3);	/* the same id, another kind */
	must_add_node(&gb, "worker", 3);
	assert_int_equal(graph_builder_flush(&gb, &st), DEAL_OK);
	assert_int_equal(gb.n_nodes, 5);
	assert_int_equal(gb.n_edges, 3);
	assert_int_equal(gb.node_kinds.count, 3);
	assert_int_equal(gb.edge_kinds.count, 2);
	assert_string_equal(gb.node_kinds.names[0], "person");
	assert_string_equal(gb.node_kinds.names[1], "household");
	assert_string_equal(gb.node_kinds.names[2], "worker");
	assert_string_equal(gb.edge_kinds.names[0], "lives_at");
	assert_string_equal(gb.edge_kinds.names[1], "parent_of");
	finish(&gb, &b);

	/* canonical order: household:7, person:1, person:2, person:3, worker:3 */
	assert_int_equal(b.g.n_nodes, 5);
	assert_int_equal(b.g.n_edges, 3);
	assert_int_equal(b.g.n_node_kinds, 3);
	assert_int_equal(b.g.n_edge_kinds, 2);
	assert_string_equal(b.g.node_kind_names[0], "household");
	assert_string_equal(b.g.node_kind_names[1], "person");
	assert_string_equal(b.g.node_kind_names[2], "worker");
	assert_string_equal(b.g.edge_kind_names[0], "lives_at");
	assert_string_equal(b.g.edge_kind_names[1], "parent_of");
	assert_int_equal(b.g.kind_start[0], 0);
	assert_int_equal(b.g.kind_start[1], 1);
	assert_int_equal(b.g.kind_start[2], 4);
	assert_int_equal(b.g.kind_start[3], 5);
	assert_int_equal(node_at(&b.g, "household", 7), 0);
	assert_int_equal(node_at(&b.g, "PERSON", 3), 3);
	assert_int_equal(node_at(&b.g, "Worker", 3), 4);
	assert_int_equal(graph_find_node(&b.g, "person", 6, 7), GRAPH_NO_NODE);
	assert_int_equal(graph_find_node(&b.g, "persons", 7, 1), GRAPH_NO_NODE);
	assert_int_equal(graph_find_node(&b.g, "perso", 5, 1), GRAPH_NO_NODE);
	assert_int_equal(graph_find_node(&b.g, "", 0, 1), GRAPH_NO_NODE);
	assert_int_equal(graph_find_edge_kind(&b.g, "Parent_Of", 9), 1);
	assert_int_equal(graph_find_edge_kind(&b.g, "parent", 6), GRAPH_NO_NODE);
	assert_non_null(b.g.kind);	/* two edge kinds */
	assert_null(b.g.from);		/* no validity ranges */
	assert_null(b.g.to);
	text = text_of(&b.g);
	assert_string_equal(text, "{person:1 -lives_at-> household:7; person:1 -parent_of-> person:2; "
						"person:2 -lives_at-> household:7; person:3; worker:3}");
	deal_release(A, text);
	release(&b);

	/* an empty builder is an empty graph */
	graph_builder_init(&gb, A);
	finish(&gb, &b);
	assert_int_equal(b.g.n_nodes, 0);
	assert_int_equal(b.g.n_edges, 0);
	assert_int_equal(b.g.n_node_kinds, 0);
	text = text_of(&b.g);
	assert_string_equal(text, "{}");
	deal_release(A, text);
	release(&b);
}

/* Kinds that are not labels are refused, wherever they stand. */
static void
test_bad_kinds(void **state)
{
	char		long_kind[GRAPH_KIND_MAX + 2];
	const char *const bad[] = {"", "1abc", "_abc", "a b", "a-b", "a.b", "caf\xc3\xa9", "a\tb", "A:", long_kind};
	GraphBuilder gb;
	DealStatus	st;

	(void) state;
	memset(long_kind, 'k', GRAPH_KIND_MAX + 1);
	long_kind[GRAPH_KIND_MAX + 1] = '\0';
	graph_builder_init(&gb, A);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
	{
		assert_int_equal(add_edge(&gb, bad[i], 1, "a", 2, "k", ALWAYS, &st), DEAL_BAD_ARGUMENT);
		assert_non_null(strstr(st.detail, "node kind"));
		assert_int_equal(add_edge(&gb, "a", 1, bad[i], 2, "k", ALWAYS, &st), DEAL_BAD_ARGUMENT);
		assert_non_null(strstr(st.detail, "node kind"));
		assert_int_equal(add_edge(&gb, "a", 1, "a", 2, bad[i], ALWAYS, &st), DEAL_BAD_ARGUMENT);
		assert_non_null(strstr(st.detail, "edge kind"));
		assert_int_equal(graph_builder_add_node(&gb, bad[i], strlen(bad[i]), 1, &st), DEAL_BAD_ARGUMENT);
		assert_int_equal(st.code, DEAL_BAD_ARGUMENT);
	}
	assert_int_equal(add_edge(&gb, "a", 1, "a", 2, "", ALWAYS, &st), DEAL_BAD_ARGUMENT);
	assert_non_null(strstr(st.detail, "edge kind is empty"));
	assert_int_equal(add_edge(&gb, "a b", 1, "a", 2, "k", ALWAYS, &st), DEAL_BAD_ARGUMENT);
	assert_non_null(strstr(st.detail, "character \" \" at character 2"));
	assert_int_equal(add_edge(&gb, long_kind, 1, "a", 2, "k", ALWAYS, &st), DEAL_BAD_ARGUMENT);
	assert_non_null(strstr(st.detail, "at most 63"));
	assert_int_equal(graph_builder_flush(&gb, &st), DEAL_OK);
	assert_int_equal(gb.n_nodes, 0);
	assert_int_equal(gb.n_edges, 0);

	/* the longest kind, digits and underscores after a letter, and upper case are fine */
	long_kind[GRAPH_KIND_MAX] = '\0';
	must_add_edge(&gb, long_kind, 1, "a_1", 2, "Z9_", ALWAYS);
	must_add_node(&gb, "X", -1);
	assert_int_equal(graph_builder_flush(&gb, &st), DEAL_OK);
	assert_int_equal(gb.n_nodes, 3);
	assert_int_equal(gb.n_edges, 1);
	graph_builder_free(&gb);
}

/* Validity dates outside the years 1 to 9999 are refused; empty ranges become "empty". */
static void
test_build_dates(void **state)
{
	GraphBuilder gb;
	DealStatus	st;
	Built		b;
	char	   *text;
	const int32_t bad[][2] = {
		{GRAPH_DATE_MIN - 1, GRAPH_NO_UPPER},
		{GRAPH_NO_LOWER, GRAPH_DATE_MAX + 1},
		{GRAPH_NO_LOWER + 1, GRAPH_NO_UPPER},
		{GRAPH_NO_LOWER, GRAPH_NO_UPPER - 1},
		{GRAPH_NO_UPPER, GRAPH_NO_UPPER},
		{GRAPH_NO_LOWER, GRAPH_NO_LOWER},
		{GRAPH_DATE_MAX + 1, GRAPH_DATE_MAX + 2},
		{0, GRAPH_DATE_MIN - 1},
	};

	(void) state;
	graph_builder_init(&gb, A);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
	{
		assert_int_equal(add_edge(&gb, "a", 1, "a", 2, "k", bad[i][0], bad[i][1], &st), DEAL_BAD_ARGUMENT);
		assert_non_null(strstr(st.detail, "years 1 to 9999"));
	}
	must_add_edge(&gb, "a", 1, "a", 2, "k", GRAPH_DATE_MIN, GRAPH_DATE_MAX);
	must_add_edge(&gb, "a", 1, "a", 2, "k", GRAPH_DATE_MAX, GRAPH_NO_UPPER);
	must_add_edge(&gb, "a", 1, "a", 2, "k", GRAPH_NO_LOWER, GRAPH_DATE_MIN);
	must_add_edge(&gb, "a", 1, "a", 2, "k", 10, 10);	/* empty */
	must_add_edge(&gb, "a", 1, "a", 2, "k", 10, 5); /* backwards: empty too */
	must_add_edge(&gb, "a", 1, "a", 2, "k", GRAPH_DATE_MAX, GRAPH_DATE_MIN);
	must_add_edge(&gb, "a", 1, "a", 2, "k", ALWAYS);
	finish(&gb, &b);
	assert_int_equal(b.g.n_edges, 5);
	text = text_of(&b.g);
	assert_string_equal(text, "{a:1 -k-> a:2 (,0001-01-01); a:1 -k-> a:2; a:1 -k-> a:2 [0001-01-01,9999-12-31); "
						"a:1 -k-> a:2 empty; a:1 -k-> a:2 [9999-12-31,)}");
	deal_release(A, text);
	release(&b);
}

/* Many nodes and edges (several batches, a growing hash table): order and dedup are exact. */
#define MANY_NODES 3000
#define MANY_EDGES 12000

/* Thousands of nodes and edges with duplicates: nodes sorted, edges sorted and deduplicated. */
static void
test_build_many(void **state)
{
	static const char *const kinds[] = {"zeta", "Alpha", "mid_1"};
	static const char *const folded[] = {"zeta", "alpha", "mid_1"};
	static const char *const edge_kinds[] = {"x", "w", "y"};
	uint64_t	seed = 0x2545F4914F6CDD1DULL;
	int64_t    *ids = test_malloc(MANY_NODES * sizeof(int64_t));
	RefEdge    *raw = test_malloc(MANY_EDGES * sizeof(RefEdge));
	RefEdge    *ref = test_malloc(MANY_EDGES * sizeof(RefEdge));
	GraphBuilder gb;
	Built		b;
	size_t		n_ref = 0;

	(void) state;
	for (int v = 0; v < MANY_NODES; v++)
		ids[v] = (int64_t) ((uint64_t) v * 0x9E3779B97F4A7C15ULL);	/* distinct, both signs */
	ids[1] = INT64_MIN;			/* ids[0] is 0 */
	ids[2] = INT64_MAX;
	graph_builder_init(&gb, A);
	for (int e = 0; e < MANY_EDGES; e++)
	{
		RefEdge    *r = &raw[e];

		if (e > 0 && random_below(&seed, 10) == 0)
			*r = raw[random_below(&seed, e)];	/* an exact duplicate */
		else
		{
			/* a tenth of the edges leave node 0, so one source has hundreds */
			r->src = random_below(&seed, 10) == 0 ? 0 : (uint32_t) random_below(&seed, MANY_NODES);
			r->dst = random_below(&seed, 20) == 0 ? r->src : (uint32_t) random_below(&seed, MANY_NODES);
			r->kind = (uint32_t) random_below(&seed, 3);
			random_range(&seed, 7000, 50, &r->from, &r->to);
		}
		must_add_edge(&gb, kinds[r->src % 3], ids[r->src], kinds[r->dst % 3], ids[r->dst],
					  edge_kinds[r->kind], r->from, r->to);
	}
	for (int i = 0; i < MANY_NODES; i++)
	{
		int			v = (int) (((int64_t) i * 7919) % MANY_NODES);

		must_add_node(&gb, kinds[v % 3], ids[v]);
	}
	finish(&gb, &b);

	/* every node once, in (kind name, id) order */
	assert_int_equal(b.g.n_nodes, MANY_NODES);
	assert_string_equal(b.g.node_kind_names[0], "alpha");
	assert_string_equal(b.g.node_kind_names[1], "mid_1");
	assert_string_equal(b.g.node_kind_names[2], "zeta");
	for (uint32_t i = 1; i < b.g.n_nodes; i++)
	{
		uint32_t	k0 = graph_node_kind(&b.g, i - 1);
		uint32_t	k1 = graph_node_kind(&b.g, i);

		assert_true(k0 < k1 || (k0 == k1 && graph_node_id(&b.g, i - 1) < graph_node_id(&b.g, i)));
	}
	for (int v = 0; v < MANY_NODES; v++)
	{
		uint32_t	i = node_at(&b.g, kinds[v % 3], ids[v]);

		assert_true(graph_node_id(&b.g, i) == ids[v]);
		assert_string_equal(b.g.node_kind_names[graph_node_kind(&b.g, i)], folded[v % 3]);
	}

	/* the edges: the reference sorted, duplicates dropped */
	for (int e = 0; e < MANY_EDGES; e++)
	{
		RefEdge		r = raw[e];

		r.src = node_at(&b.g, kinds[raw[e].src % 3], ids[raw[e].src]);
		r.dst = node_at(&b.g, kinds[raw[e].dst % 3], ids[raw[e].dst]);
		r.kind = graph_find_edge_kind(&b.g, edge_kinds[raw[e].kind], 1);
		normalise_range(&r.from, &r.to);
		ref[e] = r;
	}
	qsort(ref, MANY_EDGES, sizeof(RefEdge), compare_ref_edges);
	for (int e = 0; e < MANY_EDGES; e++)
		if (n_ref == 0 || compare_ref_edges(&ref[n_ref - 1], &ref[e]) != 0)
			ref[n_ref++] = ref[e];
	assert_true(n_ref < MANY_EDGES);
	assert_int_equal(b.g.n_edges, n_ref);
	for (uint32_t e = 0; e < b.g.n_edges; e++)
	{
		RefEdge		got = {graph_edge_src(&b.g, e), b.g.dst[e], graph_edge_kind(&b.g, e),
		graph_edge_from(&b.g, e), graph_edge_to(&b.g, e)};

		if (compare_ref_edges(&got, &ref[e]) != 0)
			fail_msg("edge %u differs from the reference", e);
		assert_true(b.g.edge_start[got.src] <= e && e < b.g.edge_start[got.src + 1]);
	}
	release(&b);
	test_free(ids);
	test_free(raw);
	test_free(ref);
}

/* Two halves merged, in either order, and empty builders merged, give the whole's bytes. */
static void
test_merge(void **state)
{
	GraphBuilder whole,
				first,
				second;
	Built		w,
				m;
	DealStatus	st;

	(void) state;
	graph_builder_init(&whole, A);
	feed_rows(&whole, 0, FEED_ROWS);
	finish(&whole, &w);
	for (int split = 0; split <= FEED_ROWS; split++)
		for (int order = 0; order < 2; order++)
		{
			graph_builder_init(&first, A);
			graph_builder_init(&second, A);
			feed_rows(&first, 0, split);
			feed_rows(&second, split, FEED_ROWS);
			if (order == 0)
			{
				/* rows still pending in both: merge flushes them */
				assert_int_equal(graph_builder_merge(&first, &second, &st), DEAL_OK);
				graph_builder_free(&second);
				finish(&first, &m);
			}
			else
			{
				assert_int_equal(graph_builder_flush(&first, &st), DEAL_OK);
				assert_int_equal(graph_builder_merge(&second, &first, &st), DEAL_OK);
				graph_builder_free(&first);
				finish(&second, &m);
			}
			assert_same_flat(&w, &m);
			release(&m);
		}
	release(&w);

	/* merging into itself twice over: the same graph */
	graph_builder_init(&whole, A);
	graph_builder_init(&first, A);
	feed_rows(&whole, 0, FEED_ROWS);
	feed_rows(&first, 0, FEED_ROWS);
	assert_int_equal(graph_builder_merge(&whole, &first, &st), DEAL_OK);
	graph_builder_free(&first);
	finish(&whole, &m);
	graph_builder_init(&whole, A);
	feed_rows(&whole, 0, FEED_ROWS);
	finish(&whole, &w);
	assert_same_flat(&w, &m);
	release(&w);
	release(&m);
}

/* Build rows [lo, hi) into a flat graph. */
static void
build_rows(int lo, int hi, Built *b)
{
	GraphBuilder gb;

	graph_builder_init(&gb, A);
	feed_rows(&gb, lo, hi);
	finish(&gb, b);
}

/*
 * Flat halves added to a builder, in every split and order, into a builder holding rows of
 * its own or none, give the whole's bytes; so does adding a graph to itself.
 */
static void
test_add_graph(void **state)
{
	Built		w,
				lo,
				hi,
				m;
	GraphBuilder gb;
	DealStatus	st;

	(void) state;
	build_rows(0, FEED_ROWS, &w);
	for (int split = 0; split <= FEED_ROWS; split++)
	{
		build_rows(0, split, &lo);
		build_rows(split, FEED_ROWS, &hi);
		for (int order = 0; order < 3; order++)
		{
			graph_builder_init(&gb, A);
			if (order == 0)
			{
				assert_int_equal(graph_builder_add_graph(&gb, &lo.g, NULL, &st), DEAL_OK);
				assert_int_equal(graph_builder_add_graph(&gb, &hi.g, NULL, &st), DEAL_OK);
			}
			else if (order == 1)
			{
				assert_int_equal(graph_builder_add_graph(&gb, &hi.g, NULL, &st), DEAL_OK);
				assert_int_equal(graph_builder_add_graph(&gb, &lo.g, NULL, &st), DEAL_OK);
			}
			else
			{
				/* rows still pending in the builder: adding flushes them first */
				feed_rows(&gb, 0, split);
				assert_int_equal(graph_builder_add_graph(&gb, &hi.g, NULL, &st), DEAL_OK);
			}
			finish(&gb, &m);
			assert_same_flat(&w, &m);
			release(&m);
		}
		release(&lo);
		release(&hi);
	}
	graph_builder_init(&gb, A);
	assert_int_equal(graph_builder_add_graph(&gb, &w.g, NULL, &st), DEAL_OK);
	assert_int_equal(graph_builder_add_graph(&gb, &w.g, NULL, &st), DEAL_OK);
	finish(&gb, &m);
	assert_same_flat(&w, &m);
	release(&m);
	release(&w);
}

/* Every allocation of adding a graph failing in turn: out of memory, nothing leaked. */
static void
test_add_graph_oom(void **state)
{
	Built		w,
				m;
	GraphBuilder gb;
	DealStatus	st;
	bool		succeeded = false;

	(void) state;
	build_rows(0, FEED_ROWS, &w);
	for (long budget = 0; !succeeded; budget++)
	{
		DealCode	code;

		graph_builder_init(&gb, &test_failing_allocator);
		test_alloc_budget = budget;
		code = graph_builder_add_graph(&gb, &w.g, NULL, &st);
		test_alloc_budget = -1;
		if (code == DEAL_OK)
		{
			succeeded = true;
			finish(&gb, &m);
			assert_same_flat(&w, &m);
			release(&m);
		}
		else
		{
			assert_int_equal(code, DEAL_NO_MEMORY);
			graph_builder_free(&gb);
		}
	}
	release(&w);
}

/* Run the tests of the graph builder. */
int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_build_basics),
		cmocka_unit_test(test_bad_kinds),
		cmocka_unit_test(test_build_dates),
		cmocka_unit_test(test_build_many),
		cmocka_unit_test(test_merge),
		cmocka_unit_test(test_add_graph),
		cmocka_unit_test(test_add_graph_oom),
	};

	return cmocka_run_group_tests_name("graph build", tests, NULL, NULL);
}
