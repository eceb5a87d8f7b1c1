/*
 * test_graph_serial.c: builders serialised for parallel workers and read back.
 *
 * States read back flatten to the same bytes, alone or merged, on hand-made and random
 * graphs; truncated, extended and damaged states are refused, never read past.
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

/* A builder serialised and read back flattens to the same bytes; an empty one too. */
static void
test_serialise(void **state)
{
	GraphBuilder gb,
				copy;
	Built		w,
				c;
	DealStatus	st;
	size_t		size;
	char	   *buf;

	(void) state;
	for (int rows = 0; rows <= FEED_ROWS; rows++)
	{
		graph_builder_init(&gb, A);
		feed_rows(&gb, 0, rows);
		assert_int_equal(graph_builder_flush(&gb, &st), DEAL_OK);
		size = graph_builder_serial_size(&gb);
		buf = deal_alloc(A, size);
		graph_builder_serialize(&gb, buf);
		graph_builder_init(&copy, A);
		assert_int_equal(graph_builder_deserialize(&copy, buf, size, &st), DEAL_OK);
		assert_int_equal(copy.n_nodes, gb.n_nodes);
		assert_int_equal(copy.n_edges, gb.n_edges);
		finish(&gb, &w);
		finish(&copy, &c);
		assert_same_flat(&w, &c);
		release(&w);
		release(&c);
		deal_release(A, buf);
	}
}

/* Deserialise a copy of buf with byte offset at changed by a caller; expect DEAL_BAD_BINARY. */
static void
assert_bad_state(const char *buf, size_t len, const char *why)
{
	GraphBuilder gb;
	DealStatus	st;
	DealCode	code;

	graph_builder_init(&gb, A);
	code = graph_builder_deserialize(&gb, buf, len, &st);
	if (code != DEAL_BAD_BINARY || st.code != DEAL_BAD_BINARY)
		fail_msg("%s: code %d, detail \"%s\"", why, code, st.detail);
	graph_builder_free(&gb);
}

/* Write a 32-bit value at p. */
static void
put32(char *p, uint32_t v)
{
	memcpy(p, &v, sizeof(v));
}

/* Truncated, extended and damaged states are refused with DEAL_BAD_BINARY, never read past. */
static void
test_bad_state(void **state)
{
	GraphBuilder gb;
	DealStatus	st;
	size_t		size;
	char	   *good;
	char	   *buf;
	uint64_t	seed = 77;

	/* offsets in the state of nodes a:1, b:2, c:5 and edges a:1 -k-> b:2, b:2 -m-> a:1 */
	const size_t node_kinds = 0,
				edge_kinds = 10,
				n_nodes = 18,
				nodes = 22,
				n_edges = 58,
				edges = 66;

	(void) state;
	graph_builder_init(&gb, A);
	assert_int_equal(graph_parse(&gb, "{a:1 -k-> b:2 [2020-01-01,); b:2 -m-> a:1; c:5}", NULL, &st), DEAL_OK);
	assert_int_equal(graph_builder_flush(&gb, &st), DEAL_OK);
	size = graph_builder_serial_size(&gb);
	assert_int_equal(size, edges + 2 * 20);
	good = deal_alloc(A, size + 8);
	graph_builder_serialize(&gb, good);
	graph_builder_free(&gb);
	buf = deal_alloc(A, size + 8);

	/* every truncation, and a byte too many */
	for (size_t cut = 0; cut < size; cut++)
	{
		char	   *exact = deal_alloc(A, cut + 1);

		memcpy(exact, good, cut);
		assert_bad_state(exact, cut, "truncated");
		deal_release(A, exact);
	}
	memcpy(buf, good, size);
	buf[size] = 0;
	assert_bad_state(buf, size + 1, "a byte too many");

#define DAMAGE(what, change) \
	do { \
		memcpy(buf, good, size); \
		change; \
		assert_bad_state(buf, size, what); \
	} while (0)

	DAMAGE("too many node kinds", put32(buf + node_kinds, 0xFFFFFFFFu));
	DAMAGE("a kind name longer than the state", buf[node_kinds + 4] = (char) 200);
	DAMAGE("an empty kind name", buf[node_kinds + 4] = 0);
	DAMAGE("a kind name that is no label", buf[node_kinds + 5] = '!');
	DAMAGE("an edge kind name that is no label", buf[edge_kinds + 5] = '7');
	DAMAGE("a repeated kind", buf[node_kinds + 7] = 'a');
	DAMAGE("a repeated kind in another case", buf[node_kinds + 7] = 'A');
	DAMAGE("too many nodes", put32(buf + n_nodes, 1000));
	DAMAGE("a node of an unknown kind", put32(buf + nodes + 8, 3));
	DAMAGE("a repeated node", memcpy(buf + nodes + 12, buf + nodes, 12));
	DAMAGE("an edge count too large", put32(buf + n_edges, 3));
	DAMAGE("an edge count that overflows", put32(buf + n_edges + 4, 0x80000000u));
	DAMAGE("an edge from an unknown node", put32(buf + edges, 3));
	DAMAGE("an edge to an unknown node", put32(buf + edges + 4, 0xFFFFFFFFu));
	DAMAGE("an edge of an unknown kind", put32(buf + edges + 8, 2));
	DAMAGE("a date after 9999", put32(buf + edges + 12, (uint32_t) (GRAPH_DATE_MAX + 1)));
	DAMAGE("a date near the top of int32", put32(buf + edges + 12, (uint32_t) (INT32_MAX - 3)));
	DAMAGE("an upper date before year 1", put32(buf + edges + 16, (uint32_t) (GRAPH_DATE_MIN - 1)));
	DAMAGE("a backwards range", put32(buf + edges + 16, 5));
#undef DAMAGE

	/* random damage: refused, or a state that flattens, opens and prints */
	for (int round = 0; round < 3000; round++)
	{
		GraphBuilder copy;
		DealCode	code;
		int			changes = 1 + random_below(&seed, 3);

		memcpy(buf, good, size);
		for (int i = 0; i < changes; i++)
			buf[random_below(&seed, (int) size)] = (char) next_random(&seed);
		graph_builder_init(&copy, A);
		code = graph_builder_deserialize(&copy, buf, size, &st);
		if (code == DEAL_OK)
		{
			Built		b;
			char	   *text;

			finish(&copy, &b);
			text = text_of(&b.g);
			deal_release(A, text);
			release(&b);
		}
		else
		{
			if (code != DEAL_BAD_BINARY)
				fail_msg("random damage: code %d, detail \"%s\"", code, st.detail);
			graph_builder_free(&copy);
		}
	}
	deal_release(A, buf);
	deal_release(A, good);
}

/* Random graphs merged from halves, serialised, and reparsed from text: the same bytes. */
static void
test_random_merge_serialise_reparse(void **state)
{
	uint64_t	seed = 12345;

	(void) state;
	for (int round = 0; round < 200; round++)
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
		assert_same_flat(&b1, &b2);

		/* each half serialised, read back and merged */
		graph_builder_init(&half1, A);
		graph_builder_init(&half2, A);
		feed(&half1, &r, 0, 2);
		feed(&half2, &r, 1, 2);
		assert_int_equal(graph_builder_flush(&half2, &st), DEAL_OK);
		size = graph_builder_serial_size(&half2);
		buf = deal_alloc(A, size);
		graph_builder_serialize(&half2, buf);
		graph_builder_free(&half2);
		graph_builder_init(&copy, A);
		assert_int_equal(graph_builder_deserialize(&copy, buf, size, &st), DEAL_OK);
		assert_int_equal(graph_builder_merge(&half1, &copy, &st), DEAL_OK);
		graph_builder_free(&copy);
		finish(&half1, &b3);
		assert_same_flat(&b1, &b3);

		/* every truncation of the state is refused, not read past */
		for (size_t cut = 0; cut < size; cut += 1 + size / 16)
		{
			graph_builder_init(&copy, A);
			assert_int_equal(graph_builder_deserialize(&copy, buf, cut, &st), DEAL_BAD_BINARY);
			graph_builder_free(&copy);
		}
		deal_release(A, buf);

		/* the text form parses back to the same bytes */
		text = text_of(&b1.g);
		build_text(text, &b4);
		assert_same_flat(&b1, &b4);
		deal_release(A, text);
		release(&b1);
		release(&b2);
		release(&b3);
		release(&b4);
	}
}

/*
 * Every byte of a serialised state is written: the same rows in builders made through
 * allocators full of different garbage serialise, into buffers full of it, to the same bytes.
 */
static void
test_every_byte_written(void **state)
{
	char	   *buf[2];
	size_t		size[2];

	(void) state;
	for (int g = 0; g < 2; g++)
	{
		GraphBuilder gb;
		DealStatus	st;

		graph_builder_init(&gb, &test_garbage_allocators[g]);
		feed_rows(&gb, 0, FEED_ROWS);
		assert_int_equal(graph_builder_flush(&gb, &st), DEAL_OK);
		size[g] = graph_builder_serial_size(&gb);
		buf[g] = deal_alloc(&test_garbage_allocators[g], size[g]);
		graph_builder_serialize(&gb, buf[g]);
		graph_builder_free(&gb);
	}
	assert_int_equal(size[0], size[1]);
	assert_memory_equal(buf[0], buf[1], size[0]);
	for (int g = 0; g < 2; g++)
		deal_release(&test_garbage_allocators[g], buf[g]);
}

/* Run the tests of serialised builders. */
int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_serialise),
		cmocka_unit_test(test_bad_state),
		cmocka_unit_test(test_random_merge_serialise_reparse),
		cmocka_unit_test(test_every_byte_written),
	};

	return cmocka_run_group_tests_name("graph serial", tests, NULL, NULL);
}
