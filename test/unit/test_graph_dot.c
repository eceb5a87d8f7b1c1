/*
 * test_graph_dot.c: Graphviz output of a graph.
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
	build_text("{a:1 -k-> a:2; a:2 -m-> b:3; c:-1}", &b);
	assert_int_equal(graph_to_dot(&b.g, &f, &out, NULL, &st), DEAL_OK);
	assert_non_null(strstr(out.data, "digraph deal {"));
	assert_non_null(strstr(out.data, "\"b:3\" [fillcolor="));
	assert_non_null(strstr(out.data, "\"c:-1\" [fillcolor="));
	assert_non_null(strstr(out.data, "\"a:1\" -> \"a:2\" [label=\"k\"];"));
	assert_null(strstr(out.data, "label=\"m\""));
	assert_int_equal(out.data[out.len - 2], '}');
	deal_release(A, out.data);
	release(&b);
}

/* Run the tests of Graphviz output. */
int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dot),
	};

	return cmocka_run_group_tests_name("graph dot", tests, NULL, NULL);
}
