/*
 * test_graph_limits.c: the graph core at its limits: every allocation that fails, driven by
 * an allocator that refuses the n-th, is reported as out of memory and leaks nothing; and
 * long loops call the interrupt hook.
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

/* A graph text big enough for every growth path: batches, table growth, a busy source. */
static char *
big_text(void)
{
	DealText	out = {.alloc = A};
	bool		ok = deal_text_append(&out, "{");

	for (int i = 0; ok && i < 700; i++)
		ok = deal_text_append(&out, "p:%d -%s-> p:%d%s; ", i, i % 3 ? "k" : "m", i + 1,
							  i % 4 ? "" : " [2020-01-01,2021-01-01)");
	for (int i = 0; ok && i < 100; i++)
		ok = deal_text_append(&out, "h:0 -i-> p:%d; ", i * 7);
	for (int i = 0; ok && i < 50; i++)
		ok = deal_text_append(&out, "w:%d -i-> f:%d; f:%d -k-> f:%d; ", i, i % 10, i % 10, i % 10 + 1);
	ok = ok && deal_text_append(&out, "lone:1}");
	assert_true(ok);
	return out.data;
}

/* Every allocation that fails is reported as out of memory and leaks nothing. */
static void
test_out_of_memory(void **state)
{
	const DealAllocator *F = &test_failing_allocator;
	char	   *text = big_text();
	Built		ref;
	long		budget;
	int			failures = 0;

	(void) state;
	build_text(text, &ref);

	/* parse and flatten */
	for (budget = 0;; budget++)
	{
		GraphBuilder gb;
		DealStatus	st;
		char	   *flat = NULL;
		size_t		len = 0;
		DealCode	code;

		graph_builder_init(&gb, F);
		test_alloc_budget = budget;
		code = graph_parse(&gb, text, NULL, &st);
		if (code == DEAL_OK)
			code = graph_flatten(&gb, 0, &flat, &len, NULL, &st);
		test_alloc_budget = -1;
		graph_builder_free(&gb);
		if (code == DEAL_OK)
		{
			assert_true(len == ref.len && memcmp(flat, ref.flat, len) == 0);
			deal_release(F, flat);
			break;
		}
		assert_int_equal(code, DEAL_NO_MEMORY);
		assert_int_equal(st.code, DEAL_NO_MEMORY);
		failures++;
	}

	/* merge, and add a flat graph (the combine step) */
	for (budget = 0;; budget++)
	{
		GraphBuilder a,
					b,
					c;
		Built		flat;
		DealStatus	st;
		DealCode	code;

		graph_builder_init(&a, F);
		graph_builder_init(&b, F);
		graph_builder_init(&c, F);
		assert_int_equal(graph_parse(&a, text, NULL, &st), DEAL_OK);
		assert_int_equal(graph_parse(&b, "{p:1 -k-> q:1; q:2 -z-> p:3; x:1}", NULL, &st), DEAL_OK);
		assert_int_equal(graph_builder_flush(&a, &st), DEAL_OK);
		build_text(text, &flat);
		test_alloc_budget = budget;
		code = graph_builder_merge(&b, &a, &st);
		if (code == DEAL_OK)
			code = graph_builder_add_graph(&c, &flat.g, NULL, &st);
		test_alloc_budget = -1;
		graph_builder_free(&a);
		graph_builder_free(&b);
		graph_builder_free(&c);
		release(&flat);
		if (code == DEAL_OK)
			break;
		assert_int_equal(code, DEAL_NO_MEMORY);
		failures++;
	}

	/* open, adjacency, components, articulation points, teams, text and Graphviz */
	for (budget = 0;; budget++)
	{
		Graph		g;
		GraphAdjacency adj = {0};
		DealStatus	st;
		DealText	out = {.alloc = F};
		DealText	dot = {.alloc = F};
		uint32_t   *component = deal_alloc(A, ref.g.n_nodes * sizeof(uint32_t));
		bool	   *is_cut = deal_alloc(A, ref.g.n_nodes * sizeof(bool));
		GraphTeam  *teams = NULL;
		bool		family[4] = {false, true, false, false};
		bool		involvement[4] = {true, false, false, false};
		GraphFilter ff = {.kinds = family};
		GraphFilter fi = {.kinds = involvement};
		DealCode	code;
		bool		opened = false;

		test_alloc_budget = budget;
		code = graph_open(&g, ref.flat, ref.len, F, &st);
		opened = code == DEAL_OK;
		if (code == DEAL_OK)
			code = graph_adjacency(&g, NULL, &adj, F, NULL, &st);
		if (code == DEAL_OK && graph_components(&g, NULL, component, F, NULL, &st) < 0)
			code = st.code;
		if (code == DEAL_OK)
			code = graph_articulation_points(&g, &adj, is_cut, F, NULL, &st);
		if (code == DEAL_OK && graph_teams(&g, &ff, &fi, &teams, F, NULL, &st) < 0)
			code = st.code;
		if (code == DEAL_OK)
			code = graph_to_text(&g, &out, NULL, &st);
		if (code == DEAL_OK)
			code = graph_to_dot(&g, NULL, &dot, NULL, &st);
		test_alloc_budget = -1;
		if (opened)
			graph_close(&g, F);
		if (adj.start != NULL)
			graph_adjacency_free(&adj, F);
		deal_release(F, teams);
		deal_release(F, out.data);
		deal_release(F, dot.data);
		deal_release(A, component);
		deal_release(A, is_cut);
		if (code == DEAL_OK)
			break;
		assert_int_equal(code, DEAL_NO_MEMORY);
		assert_int_equal(st.code, DEAL_NO_MEMORY);
		failures++;
	}
	assert_true(failures > 30);
	release(&ref);
	deal_release(A, text);
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
		must_add_edge(&gb, "n", i, "n", (i * 7) % 100000, "k", ALWAYS);
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

/* Run the tests of the graph core at its limits. */
/*
 * Text and Graphviz output past its maximum (DEAL_TEXT_MAX, 1 GB, in the server; a few
 * hundred bytes here) is too big, not out of memory, for every maximum up to the full text,
 * and the buffer never grows past it; a maximum of exactly the text's length is fine.
 */
static void
test_text_limit(void **state)
{
	char	   *text = big_text();
	Built		ref;
	Graph		g;
	DealStatus	st;
	DealText	full = {.alloc = A};
	DealText	full_dot = {.alloc = A};

	(void) state;
	build_text(text, &ref);
	assert_int_equal(graph_open(&g, ref.flat, ref.len, A, &st), DEAL_OK);
	assert_int_equal(graph_to_text(&g, &full, NULL, &st), DEAL_OK);
	assert_int_equal(graph_to_dot(&g, NULL, &full_dot, NULL, &st), DEAL_OK);
	for (size_t max = 1; max <= full_dot.len; max += 1 + max / 3)
	{
		DealText	out = {.alloc = A, .max = max};
		DealText	dot = {.alloc = A, .max = max};
		DealCode	code = graph_to_text(&g, &out, NULL, &st);

		if (max < full.len)
		{
			assert_int_equal(code, DEAL_TOO_BIG);
			assert_int_equal(st.code, DEAL_TOO_BIG);
			assert_non_null(strstr(st.detail, "the most one value holds"));
			assert_true(out.too_long && out.len <= max && out.capacity <= max + 1);
		}
		else
			assert_int_equal(code, DEAL_OK);
		code = graph_to_dot(&g, NULL, &dot, NULL, &st);
		assert_int_equal(code, max < full_dot.len ? DEAL_TOO_BIG : DEAL_OK);
		assert_true(dot.len <= max && dot.capacity <= max + 1);
		deal_release(A, out.data);
		deal_release(A, dot.data);
	}
	{
		DealText	exact = {.alloc = A, .max = full.len};

		assert_int_equal(graph_to_text(&g, &exact, NULL, &st), DEAL_OK);
		assert_true(exact.len == full.len && memcmp(exact.data, full.data, full.len + 1) == 0);
		deal_release(A, exact.data);
	}
	graph_close(&g, A);
	deal_release(A, full.data);
	deal_release(A, full_dot.data);
	release(&ref);
	deal_release(A, text);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_out_of_memory),
		cmocka_unit_test(test_interrupts),
		cmocka_unit_test(test_text_limit),
	};

	return cmocka_run_group_tests_name("graph limits", tests, NULL, NULL);
}
