/*
 * test_graph.h: fixtures shared by the unit tests of the graph core: building graphs from
 * edges or text, reading them back, comparing flat forms, and random numbers.
 *
 * Include after cmocka.h.  Every allocation goes through cmocka's leak-checking allocator.
 */
#ifndef DEAL_TEST_GRAPH_H
#define DEAL_TEST_GRAPH_H

#include "test_alloc.h"
#include "date.h"
#include "graph.h"

#define TEST_GRAPH_UNUSED __attribute__((unused))

#define A (&test_allocator)
#define ALWAYS GRAPH_NO_LOWER, GRAPH_NO_UPPER

/* A built graph: its flat form and the Graph reading it. */
typedef struct Built
{
	char	   *flat;
	size_t		len;
	Graph		g;
} Built;

/* Add an edge whose kinds are NUL-terminated strings. */
static TEST_GRAPH_UNUSED DealCode
add_edge(GraphBuilder *gb, const char *src_kind, int64_t src_id, const char *dst_kind,
		 int64_t dst_id, const char *edge_kind, int32_t from, int32_t to, DealStatus *st)
{
	return graph_builder_add_edge(gb, src_kind, strlen(src_kind), src_id,
								  dst_kind, strlen(dst_kind), dst_id,
								  edge_kind, strlen(edge_kind), from, to, st);
}

/* Add an edge that must be accepted. */
static TEST_GRAPH_UNUSED void
must_add_edge(GraphBuilder *gb, const char *src_kind, int64_t src_id, const char *dst_kind,
			  int64_t dst_id, const char *edge_kind, int32_t from, int32_t to)
{
	DealStatus	st;

	if (add_edge(gb, src_kind, src_id, dst_kind, dst_id, edge_kind, from, to, &st) != DEAL_OK)
		fail_msg("%s:%lld -%s-> %s:%lld refused: %s", src_kind, (long long) src_id, edge_kind,
				 dst_kind, (long long) dst_id, st.detail);
}

/* Add a node that must be accepted. */
static TEST_GRAPH_UNUSED void
must_add_node(GraphBuilder *gb, const char *kind, int64_t id)
{
	DealStatus	st;

	if (graph_builder_add_node(gb, kind, strlen(kind), id, &st) != DEAL_OK)
		fail_msg("node %s:%lld refused: %s", kind, (long long) id, st.detail);
}

/* Day number of a valid date written YYYY-MM-DD. */
static TEST_GRAPH_UNUSED int32_t
day(const char *text)
{
	int32_t		d = 0;

	if (graph_parse_date(text, &d) != 10)
		fail_msg("%s is not a valid date", text);
	return d;
}

/* Flatten a builder (and free it) into b. */
static TEST_GRAPH_UNUSED void
finish(GraphBuilder *gb, Built *b)
{
	DealStatus	st;

	if (graph_flatten(gb, 0, &b->flat, &b->len, NULL, &st) != DEAL_OK)
		fail_msg("flatten failed: %s", st.detail);
	graph_builder_free(gb);
	if (graph_open(&b->g, b->flat, b->len, A, &st) != DEAL_OK)
		fail_msg("open failed: %s", st.detail);
}

/* Build a graph from its text form. */
static TEST_GRAPH_UNUSED void
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
static TEST_GRAPH_UNUSED void
release(Built *b)
{
	graph_close(&b->g, A);
	deal_release(A, b->flat);
}

/* The text form of a graph, as a string the caller frees with deal_release. */
static TEST_GRAPH_UNUSED char *
text_of(const Graph *g)
{
	DealText	out = {.alloc = A};
	DealStatus	st;

	assert_int_equal(graph_to_text(g, &out, NULL, &st), DEAL_OK);
	return out.data;
}

/* Are two flat forms the same bytes? */
static TEST_GRAPH_UNUSED void
assert_same_flat(const Built *a, const Built *b)
{
	if (a->len != b->len || memcmp(a->flat, b->flat, a->len) != 0)
		fail_msg("flat forms differ (%zu and %zu bytes)", a->len, b->len);
}

/* Node (kind, id) of g, which must exist. */
static TEST_GRAPH_UNUSED uint32_t
node_at(const Graph *g, const char *kind, int64_t id)
{
	uint32_t	i = graph_find_node(g, kind, strlen(kind), id);

	if (i == GRAPH_NO_NODE)
		fail_msg("no node %s:%lld", kind, (long long) id);
	return i;
}

/* A filter flag array of g's edge kinds, set for the kinds named in a space-separated list. */
static TEST_GRAPH_UNUSED void
kind_flags(const Graph *g, const char *names, bool *flags)
{
	char		copy[256];
	char	   *save = NULL;

	memset(flags, 0, g->n_edge_kinds * sizeof(bool));
	snprintf(copy, sizeof(copy), "%s", names);
	for (char *name = strtok_r(copy, " ", &save); name; name = strtok_r(NULL, " ", &save))
	{
		uint32_t	k = graph_find_edge_kind(g, name, strlen(name));

		if (k != GRAPH_NO_NODE)
			flags[k] = true;
	}
}

/* Parse text, print it, and expect the canonical text; it parses back to the same bytes. */
static TEST_GRAPH_UNUSED void
assert_canonical(const char *text, const char *expected)
{
	Built		b,
				again;
	char	   *out;

	build_text(text, &b);
	out = text_of(&b.g);
	if (strcmp(out, expected) != 0)
		fail_msg("%s printed as\n  %s\nexpected\n  %s", text, out, expected);
	build_text(out, &again);
	assert_same_flat(&b, &again);
	deal_release(A, out);
	release(&again);
	release(&b);
}

/* xorshift random numbers for the randomised tests. */
static TEST_GRAPH_UNUSED uint64_t
next_random(uint64_t *seed)
{
	*seed ^= *seed << 13;
	*seed ^= *seed >> 7;
	*seed ^= *seed << 17;
	return *seed;
}

/* A random number in [0, n). */
static TEST_GRAPH_UNUSED int
random_below(uint64_t *seed, int n)
{
	return (int) (next_random(seed) % (uint64_t) n);
}

/* ------------------------------------------------------------------------------------------
 * Reference edges and the rows of a small graph
 * ------------------------------------------------------------------------------------------ */

/* A reference edge in canonical numbers. */
typedef struct RefEdge
{
	uint32_t	src;
	uint32_t	dst;
	uint32_t	kind;
	int32_t		from;
	int32_t		to;
} RefEdge;

/* Order reference edges canonically. */
static TEST_GRAPH_UNUSED int
compare_ref_edges(const void *a, const void *b)
{
	const RefEdge *x = a;
	const RefEdge *y = b;

	if (x->src != y->src)
		return x->src < y->src ? -1 : 1;
	if (x->dst != y->dst)
		return x->dst < y->dst ? -1 : 1;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	if (x->from != y->from)
		return x->from < y->from ? -1 : 1;
	if (x->to != y->to)
		return x->to < y->to ? -1 : 1;
	return 0;
}

/* A random validity range, sometimes unbounded at either end, sometimes empty. */
static TEST_GRAPH_UNUSED void
random_range(uint64_t *seed, int32_t base, int span, int32_t *from, int32_t *to)
{
	switch (random_below(seed, 6))
	{
		case 0:
		case 1:
			*from = GRAPH_NO_LOWER;
			*to = GRAPH_NO_UPPER;
			break;
		case 2:
			*from = base + random_below(seed, span);
			*to = GRAPH_NO_UPPER;
			break;
		case 3:
			*from = GRAPH_NO_LOWER;
			*to = base + random_below(seed, span);
			break;
		case 4:
			*from = base + random_below(seed, span);
			*to = *from + 1 + random_below(seed, 4);
			break;
		default:
			/* empty, or backwards: valid on no date */
			*from = base + random_below(seed, span);
			*to = *from - random_below(seed, 3);
			break;
	}
}

/* Normalise a reference range as the builder does: bounded and empty becomes (0, 0). */
static TEST_GRAPH_UNUSED void
normalise_range(int32_t *from, int32_t *to)
{
	if (*from != GRAPH_NO_LOWER && *to != GRAPH_NO_UPPER && *from >= *to)
		*from = *to = 0;
}

/* Add the rows of the explicit merge test with index in [lo, hi). */
static TEST_GRAPH_UNUSED void
feed_rows(GraphBuilder *gb, int lo, int hi)
{
	for (int i = lo; i < hi; i++)
		switch (i)
		{
			case 0:
				must_add_edge(gb, "person", 1, "household", 7, "lives_at", ALWAYS);
				break;
			case 1:
				must_add_edge(gb, "person", 1, "person", 2, "parent_of", day("2010-05-01"), GRAPH_NO_UPPER);
				break;
			case 2:
				must_add_node(gb, "person", 99);
				break;
			case 3:
				must_add_edge(gb, "worker", 5, "person", 2, "involved_with", day("2020-01-01"), day("2021-01-01"));
				break;
			case 4:
				must_add_edge(gb, "Person", 1, "household", 7, "LIVES_AT", ALWAYS);	/* a duplicate */
				break;
			case 5:
				must_add_edge(gb, "gp", -4, "gp", -4, "self", ALWAYS);
				break;
			case 6:
				must_add_node(gb, "worker", 5);
				break;
			default:
				must_add_edge(gb, "person", 2, "household", 7, "lives_at", GRAPH_NO_LOWER, day("2024-05-01"));
				break;
		}
}

#define FEED_ROWS 8

#endif							/* DEAL_TEST_GRAPH_H */
