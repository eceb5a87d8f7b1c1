/*
 * test_graph_flatten.c: the canonical flat form a builder is flattened to.
 *
 * Nodes in (kind name, id) order, edges sorted and each once, columns only when needed,
 * the caller's reserve, and zero padding.
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
	/* kind names order bytewise, a prefix first: "a" < "a0" < "a_" < "ab" < "b" */
	assert_canonical("{b:1; ab:1; a_:1; a0:1; a:1}", "{a:1; a0:1; a_:1; ab:1; b:1}");
	assert_canonical("{x:1 -ab-> x:1; x:1 -a_-> x:1; x:1 -a-> x:1; x:1 -a0-> x:1}",
					 "{x:1 -a-> x:1; x:1 -a0-> x:1; x:1 -a_-> x:1; x:1 -ab-> x:1}");
	/* edges by (source, target, kind, from, to): target before kind */
	assert_canonical("{n:1 -a-> n:3; n:1 -b-> n:2; n:2 -a-> n:1; n:1 -a-> n:2}",
					 "{n:1 -a-> n:2; n:1 -b-> n:2; n:1 -a-> n:3; n:2 -a-> n:1}");
}

/* The flat form: counts, kind starts, columns only when needed, sources, reserve. */
static void
test_flat_form(void **state)
{
	Built		b;
	GraphBuilder gb;
	DealStatus	st;
	char	   *flat;
	size_t		len;

	(void) state;
	build_text("{worker:7 -involved_with-> person:2; person:2 -lives_at-> household:40; person:1 -parent_of-> person:2; person:9}", &b);
	assert_int_equal(b.g.n_nodes, 5);
	assert_int_equal(b.g.n_edges, 3);
	assert_int_equal(b.g.n_node_kinds, 3);
	assert_string_equal(b.g.node_kind_names[0], "household");
	assert_string_equal(b.g.node_kind_names[1], "person");
	assert_string_equal(b.g.node_kind_names[2], "worker");
	assert_string_equal(b.g.edge_kind_names[0], "involved_with");
	assert_string_equal(b.g.edge_kind_names[1], "lives_at");
	assert_string_equal(b.g.edge_kind_names[2], "parent_of");
	assert_int_equal(graph_node_kind(&b.g, 0), 0);
	assert_int_equal(graph_node_kind(&b.g, 3), 1);
	assert_int_equal(graph_node_kind(&b.g, 4), 2);
	assert_true(graph_node_id(&b.g, 1) == 1 && graph_node_id(&b.g, 3) == 9);
	assert_int_equal(graph_find_node(&b.g, "PERSON", 6, 9), 3);
	assert_int_equal(graph_find_node(&b.g, "person", 6, 8), GRAPH_NO_NODE);
	assert_int_equal(graph_find_node(&b.g, "nobody", 6, 1), GRAPH_NO_NODE);
	assert_int_equal(graph_find_edge_kind(&b.g, "Lives_At", 8), 1);
	assert_int_equal(graph_find_edge_kind(&b.g, "knows", 5), GRAPH_NO_NODE);
	/* edges: person:1 -> person:2, person:2 -> household:40, worker:7 -> person:2 */
	assert_int_equal(graph_edge_src(&b.g, 0), 1);
	assert_int_equal(b.g.dst[0], 2);
	assert_int_equal(graph_edge_kind(&b.g, 0), 2);
	assert_int_equal(graph_edge_src(&b.g, 1), 2);
	assert_int_equal(b.g.dst[1], 0);
	assert_int_equal(graph_edge_src(&b.g, 2), 4);
	assert_int_equal(b.g.dst[2], 2);
	assert_int_equal(graph_edge_kind(&b.g, 2), 0);
	assert_int_equal(b.g.edge_start[0], 0);
	assert_int_equal(b.g.edge_start[3], 2);	/* person:9 has none */
	assert_int_equal(b.g.edge_start[4], 2);
	assert_int_equal(b.g.edge_start[5], 3);
	assert_null(b.g.from);
	release(&b);

	/* one edge kind, no dates: neither column */
	build_text("{a:1 -k-> a:2; a:2 -k-> a:3}", &b);
	assert_null(b.g.kind);
	assert_null(b.g.from);
	assert_int_equal(graph_edge_kind(&b.g, 1), 0);
	assert_true(graph_edge_from(&b.g, 1) == GRAPH_NO_LOWER && graph_edge_to(&b.g, 1) == GRAPH_NO_UPPER);
	release(&b);

	/* one edge with dates: both date columns, unbounded ends as the sentinels */
	build_text("{a:1 -k-> a:2; a:2 -k-> a:3 [2000-01-02,)}", &b);
	assert_null(b.g.kind);
	assert_non_null(b.g.from);
	assert_true(graph_edge_from(&b.g, 0) == GRAPH_NO_LOWER && graph_edge_to(&b.g, 0) == GRAPH_NO_UPPER);
	assert_true(graph_edge_from(&b.g, 1) == 1 && graph_edge_to(&b.g, 1) == GRAPH_NO_UPPER);

	/* reserve: zeroed room for the caller's header, then the same bytes */
	graph_builder_init(&gb, A);
	assert_int_equal(graph_parse(&gb, "{a:2 -k-> a:3 [2000-01-02,); a:1 -k-> a:2}", NULL, &st), DEAL_OK);
	assert_int_equal(graph_flatten(&gb, 16, &flat, &len, NULL, &st), DEAL_OK);
	graph_builder_free(&gb);
	assert_int_equal(len, b.len + 16);
	for (int i = 0; i < 16; i++)
		assert_int_equal(flat[i], 0);
	assert_memory_equal(flat + 16, b.flat, b.len);
	deal_release(A, flat);
	release(&b);

	/* an odd number of edges of several kinds: the padding is zero, so equal graphs are equal bytes */
	build_text("{a:1 -k-> a:2; a:1 -m-> a:2; a:1 -n-> a:2}", &b);
	assert_non_null(b.g.kind);
	assert_int_equal(b.g.kind[3], 0);
	release(&b);
}

/*
 * Every byte of the flat form is written: the same graph built through allocators full of
 * different garbage is the same bytes, the caller's reserve, the kind column's padding and
 * the names' included, also when duplicates shrink it.
 */
static void
test_every_byte_written(void **state)
{
	const char *const texts[] = {
		"{}",
		"{a:1 -k-> a:2; a:2 -k-> b:3; c:4}",
		"{p:1 -k-> p:2 [2020-01-01,2021-01-01); p:2 -mm-> hhh:3; p:3 -n-> p:1 empty; p:9; p:1 -k-> p:2 [2020-01-01,2021-01-01)}",
	};

	(void) state;
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
	{
		char	   *flat[2];
		size_t		len[2];

		for (int g = 0; g < 2; g++)
		{
			GraphBuilder gb;
			DealStatus	st;

			graph_builder_init(&gb, &test_garbage_allocators[g]);
			assert_int_equal(graph_parse(&gb, texts[i], NULL, &st), DEAL_OK);
			assert_int_equal(graph_flatten(&gb, 8, &flat[g], &len[g], NULL, &st), DEAL_OK);
			graph_builder_free(&gb);
		}
		assert_int_equal(len[0], len[1]);
		assert_memory_equal(flat[0], flat[1], len[0]);
		for (int g = 0; g < 2; g++)
			deal_release(&test_garbage_allocators[g], flat[g]);
	}
}

/*
 * Nodes sort the same below and above the size where the flattener changes from a
 * comparison sort to a radix sort (1,024 nodes): random ids of every magnitude, two kinds,
 * each graph also built in the reverse order to the same bytes.
 */
static void
test_node_order_every_size(void **state)
{
	const uint32_t sizes[] = {1, 2, 17, 1023, 1024, 1025, 5000};
	uint64_t	seed = 42;

	(void) state;
	for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++)
	{
		uint32_t	n = sizes[s];
		int64_t    *ids = test_malloc(n * sizeof(int64_t));
		Built		built[2];

		for (uint32_t i = 0; i < n; i++)
		{
			uint64_t	r = next_random(&seed);

			/* small, 32-bit, 48-bit and full 64-bit ids, either sign; distinct by their low bits */
			ids[i] = (int64_t) (((r >> (16 * (i % 4))) & ~(uint64_t) 0xFFFF) | i);
			if (i % 3 == 0)
				ids[i] = -ids[i];
		}
		for (int order = 0; order < 2; order++)
		{
			GraphBuilder gb;

			graph_builder_init(&gb, A);
			for (uint32_t k = 0; k < n; k++)
			{
				uint32_t	i = order == 0 ? k : n - 1 - k;

				must_add_node(&gb, i % 2 ? "person" : "household", ids[i]);
			}
			finish(&gb, &built[order]);
		}
		assert_same_flat(&built[0], &built[1]);
		assert_int_equal(built[0].g.n_nodes, n);
		for (uint32_t i = 1; i < n; i++)
			if (graph_node_kind(&built[0].g, i) == graph_node_kind(&built[0].g, i - 1))
				assert_true(graph_node_id(&built[0].g, i - 1) < graph_node_id(&built[0].g, i));
			else
				assert_true(graph_node_kind(&built[0].g, i - 1) < graph_node_kind(&built[0].g, i));
		release(&built[0]);
		release(&built[1]);
		test_free(ids);
	}
}

/* Run the tests of the flat form. */
int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_canonical_form),
		cmocka_unit_test(test_flat_form),
		cmocka_unit_test(test_every_byte_written),
		cmocka_unit_test(test_node_order_every_size),
	};

	return cmocka_run_group_tests_name("graph flatten", tests, NULL, NULL);
}
