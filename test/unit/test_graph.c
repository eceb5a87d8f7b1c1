/*
 * test_graph.c: the household graph core.
 *
 * Building (kinds, case folding, refused kinds and dates), the canonical flat form, merging
 * and serialising builders (and refusing damaged states), the text form and its parser, dates,
 * filters, and every algorithm: on small hand-made graphs with known answers, and on a few
 * hundred random graphs against simple reference implementations written here (components
 * by repeated search of an adjacency matrix, distances by Floyd-Warshall, articulation points
 * by removing each node and counting components, teams by their definition).  Every
 * allocation goes through cmocka's leak-checking allocator, and every out-of-memory path is
 * driven by an allocator that refuses the n-th allocation.
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

#include "test_alloc.h"
#include "graph.h"
#include "graph_flat.h"
#include "date.h"

#define A (&test_allocator)
#define ALWAYS GRAPH_NO_LOWER, GRAPH_NO_UPPER

/* ------------------------------------------------------------------------------------------
 * Helpers
 * ------------------------------------------------------------------------------------------ */

/* A built graph: its flat form and the Graph reading it. */
typedef struct Built
{
	char	   *flat;
	size_t		len;
	Graph		g;
} Built;

/* Add an edge whose kinds are NUL-terminated strings. */
static DealCode
add_edge(GraphBuilder *gb, const char *src_kind, int64_t src_id, const char *dst_kind,
		 int64_t dst_id, const char *edge_kind, int32_t from, int32_t to, DealStatus *st)
{
	return graph_builder_add_edge(gb, src_kind, strlen(src_kind), src_id,
								  dst_kind, strlen(dst_kind), dst_id,
								  edge_kind, strlen(edge_kind), from, to, st);
}

/* Add an edge that must be accepted. */
static void
must_add_edge(GraphBuilder *gb, const char *src_kind, int64_t src_id, const char *dst_kind,
			  int64_t dst_id, const char *edge_kind, int32_t from, int32_t to)
{
	DealStatus	st;

	if (add_edge(gb, src_kind, src_id, dst_kind, dst_id, edge_kind, from, to, &st) != DEAL_OK)
		fail_msg("%s:%lld -%s-> %s:%lld refused: %s", src_kind, (long long) src_id, edge_kind,
				 dst_kind, (long long) dst_id, st.detail);
}

/* Add a node that must be accepted. */
static void
must_add_node(GraphBuilder *gb, const char *kind, int64_t id)
{
	DealStatus	st;

	if (graph_builder_add_node(gb, kind, strlen(kind), id, &st) != DEAL_OK)
		fail_msg("node %s:%lld refused: %s", kind, (long long) id, st.detail);
}

/* Day number of a valid date written YYYY-MM-DD. */
static int32_t
day(const char *text)
{
	int32_t		d = 0;

	if (graph_parse_date(text, &d) != 10)
		fail_msg("%s is not a valid date", text);
	return d;
}

/* Flatten a builder (and free it) into b. */
static void
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

/* The text form of a graph, as a string the caller frees with deal_release. */
static char *
text_of(const Graph *g)
{
	DealText	out = {.alloc = A};
	DealStatus	st;

	assert_int_equal(graph_to_text(g, &out, NULL, &st), DEAL_OK);
	return out.data;
}

/* Are two flat forms the same bytes? */
static void
assert_same_flat(const Built *a, const Built *b)
{
	if (a->len != b->len || memcmp(a->flat, b->flat, a->len) != 0)
		fail_msg("flat forms differ (%zu and %zu bytes)", a->len, b->len);
}

/* Node (kind, id) of g, which must exist. */
static uint32_t
node_at(const Graph *g, const char *kind, int64_t id)
{
	uint32_t	i = graph_find_node(g, kind, strlen(kind), id);

	if (i == GRAPH_NO_NODE)
		fail_msg("no node %s:%lld", kind, (long long) id);
	return i;
}

/* A filter flag array of g's edge kinds, set for the kinds named in a space-separated list. */
static void
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
static void
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

/* Parse text and expect DEAL_BAD_TEXT at position with phrase in the detail. */
static void
assert_bad_text(const char *text, int position, const char *phrase)
{
	GraphBuilder gb;
	DealStatus	st;
	DealCode	code;

	graph_builder_init(&gb, A);
	code = graph_parse(&gb, text, NULL, &st);
	if (code != DEAL_BAD_TEXT || st.code != DEAL_BAD_TEXT || st.position != position ||
		strstr(st.detail, phrase) == NULL)
		fail_msg("%s: code %d, position %d (expected %d), detail \"%s\" (expected \"%s\")",
				 text, code, st.position, position, st.detail, phrase);
	graph_builder_free(&gb);
}

/*
 * Parse text with an id out of range for bigint starting at id_start: DEAL_BAD_TEXT at a
 * position within the id (its first character up to just after it).
 */
static void
assert_id_out_of_range(const char *text, int id_start)
{
	GraphBuilder gb;
	DealStatus	st;
	int			id_end = id_start + (text[id_start] == '-');

	while (text[id_end] >= '0' && text[id_end] <= '9')
		id_end++;
	graph_builder_init(&gb, A);
	if (graph_parse(&gb, text, NULL, &st) != DEAL_BAD_TEXT || st.position < id_start ||
		st.position > id_end || strstr(st.detail, "out of range for bigint") == NULL)
		fail_msg("%s: code %d, position %d (expected %d to %d), detail \"%s\"",
				 text, st.code, st.position, id_start, id_end, st.detail);
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

/* A random number in [0, n). */
static int
random_below(uint64_t *seed, int n)
{
	return (int) (next_random(seed) % (uint64_t) n);
}

/* ------------------------------------------------------------------------------------------
 * Building
 * ------------------------------------------------------------------------------------------ */

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
static int
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
static void
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
static void
normalise_range(int32_t *from, int32_t *to)
{
	if (*from != GRAPH_NO_LOWER && *to != GRAPH_NO_UPPER && *from >= *to)
		*from = *to = 0;
}

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

/* ------------------------------------------------------------------------------------------
 * The flat form
 * ------------------------------------------------------------------------------------------ */

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

/* ------------------------------------------------------------------------------------------
 * Merging and serialising
 * ------------------------------------------------------------------------------------------ */

/* Add the rows of the explicit merge test with index in [lo, hi). */
static void
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

/* ------------------------------------------------------------------------------------------
 * Text
 * ------------------------------------------------------------------------------------------ */

/* The text form round-trips: validity ranges, negative ids, lone nodes, the empty graph. */
static void
test_text_round_trip(void **state)
{
	(void) state;
	assert_canonical("{}", "{}");
	assert_canonical(" \t\n{ \r\n} \n", "{}");
	assert_canonical("{person:1 -parent_of-> person:2 [2020-01-01,2024-05-01); person:2 -lives_at-> household:7; person:3}",
					 "{person:1 -parent_of-> person:2 [2020-01-01,2024-05-01); person:2 -lives_at-> household:7; person:3}");
	assert_canonical("{person:1 -parent_of-> person:2 (,2024-05-01)}",
					 "{person:1 -parent_of-> person:2 (,2024-05-01)}");
	assert_canonical("{person:1 -parent_of-> person:2 [2020-01-01,)}",
					 "{person:1 -parent_of-> person:2 [2020-01-01,)}");
	assert_canonical("{person:1 -parent_of-> person:2 empty}",
					 "{person:1 -parent_of-> person:2 empty}");
	assert_canonical("{person:1 -parent_of-> person:2 (,)}", "{person:1 -parent_of-> person:2}");
	assert_canonical("{person:-1 -knows-> person:-2; person:-9223372036854775808}",
					 "{person:-1 -knows-> person:-2; person:-9223372036854775808}");
	assert_canonical("{person:3; household:-7; person:-0; person:0}", "{household:-7; person:0; person:3}");
	assert_canonical("{a:1 -k-> a:2 [2020-01-01,2024-05-01);a:1 -k-> a:2 [2020-01-01,2024-05-01)}",
					 "{a:1 -k-> a:2 [2020-01-01,2024-05-01)}");
	assert_canonical("{Person:1 -Parent_Of-> PERSON:2}", "{person:1 -parent_of-> person:2}");
	assert_canonical("{a:1 -k-> a:1}", "{a:1 -k-> a:1}");
	assert_canonical("{a:007 -k-> a:1}", "{a:7 -k-> a:1}");
	assert_canonical("{a:1-k->a:2}", "{a:1 -k-> a:2}");
	assert_canonical("{\ta:1\n-k->\r\na:2\n[2020-01-01,)\n;\na:3\n}", "{a:1 -k-> a:2 [2020-01-01,); a:3}");
	assert_canonical("{a:1 -k-> a:2 [2024-02-29,2024-03-01)}", "{a:1 -k-> a:2 [2024-02-29,2024-03-01)}");
	assert_canonical("{a:1 -k-> a:2 [0001-01-01,9999-12-31)}", "{a:1 -k-> a:2 [0001-01-01,9999-12-31)}");
	assert_canonical("{a:1 -k-> a:2 (,0001-01-02); a:1 -k-> a:2 [9999-12-31,)}",
					 "{a:1 -k-> a:2 (,0001-01-02); a:1 -k-> a:2 [9999-12-31,)}");
	assert_canonical("{a:1 -k-> a:2 empty; a:1 -k-> a:2 empty}", "{a:1 -k-> a:2 empty}");
	assert_canonical("{a:1 -k-> b:2; a:1}", "{a:1 -k-> b:2}");
	assert_canonical("{b:2; a:1 -k-> a:1}", "{a:1 -k-> a:1; b:2}");
}

/* Every malformed text fails with DEAL_BAD_TEXT at a sensible position. */
static void
test_bad_text(void **state)
{
	char		long_kind[80];

	(void) state;
	/* braces */
	assert_bad_text("", 0, "Expected \"{\" at character 1, found the end");
	assert_bad_text("   ", 3, "Expected \"{\"");
	assert_bad_text("a:1}", 0, "Expected \"{\" at character 1, found character \"a\"");
	assert_bad_text("[a:1]", 0, "Expected \"{\"");
	assert_bad_text("{", 1, "a kind");
	assert_bad_text("{a:1", 4, "Expected \";\" or \"}\" at character 5, found the end");
	assert_bad_text("{a:1 -k-> a:2", 13, "\";\" or \"}\"");
	assert_bad_text("{a:1 -k-> a:2 [2020-01-01,)", 27, "\";\" or \"}\"");
	/* trailing garbage */
	assert_bad_text("{a:1}x", 5, "the end after \"}\"");
	assert_bad_text("{a:1} }", 6, "the end");
	assert_bad_text("{}{}", 2, "the end");
	assert_bad_text("{a:1};", 5, "the end");
	/* separators */
	assert_bad_text("{a:1 a:2}", 5, "\";\" or \"}\" at character 6, found character \"a\"");
	assert_bad_text("{a:1, a:2}", 4, "\";\" or \"}\"");
	assert_bad_text("{a:1 -k-> a:2 a:3}", 14, "\";\" or \"}\"");
	assert_bad_text("{a:1;}", 5, "a kind");
	assert_bad_text("{a:1;;a:2}", 5, "a kind");
	assert_bad_text("{;}", 1, "a kind");
	/* kinds */
	assert_bad_text("{1a:1}", 1, "a kind (a letter)");
	assert_bad_text("{_a:1}", 1, "a kind");
	assert_bad_text("{:1}", 1, "a kind");
	assert_bad_text("{caf\xc3\xa9:1}", 4, "\":\" after a node kind at character 5, found byte 0xC3");
	assert_bad_text("{a-b:1}", 2, "\":\" after a node kind");
	assert_bad_text("{a 1}", 2, "\":\" after a node kind");
	assert_bad_text("{a :1}", 2, "\":\" after a node kind");
	assert_bad_text("{a:1 -1k-> a:2}", 6, "a kind");
	assert_bad_text("{a:1 -> a:2}", 6, "a kind");
	assert_bad_text("{a:1 - k-> a:2}", 6, "a kind");
	assert_bad_text("{a:1 -k- a:2}", 7, "\"->\" after an edge kind");
	assert_bad_text("{a:1 -k -> a:2}", 7, "\"->\"");
	assert_bad_text("{a:1 -k=> a:2}", 7, "\"->\"");
	assert_bad_text("{a:1 -k->}", 9, "a kind");
	assert_bad_text("{a:1 -k-> 2}", 10, "a kind");
	assert_bad_text("{a:1 -k-> :2}", 10, "a kind");
	memset(long_kind, 0, sizeof(long_kind));
	long_kind[0] = '{';
	memset(long_kind + 1, 'k', 64);
	strcat(long_kind, ":1}");
	assert_bad_text(long_kind, 1, "Kind at character 2 is longer than 63 characters");
	long_kind[64] = ':';		/* 63 characters are fine, then garbage */
	long_kind[65] = '1';
	long_kind[66] = '}';
	long_kind[67] = '!';
	long_kind[68] = '\0';
	assert_bad_text(long_kind, 67, "the end");
	/* ids */
	assert_bad_text("{a:}", 3, "a node id (digits)");
	assert_bad_text("{a:-}", 4, "a node id");
	assert_bad_text("{a:--1}", 4, "a node id");
	assert_bad_text("{a:+1}", 3, "a node id");
	assert_bad_text("{a:x}", 3, "a node id");
	assert_bad_text("{a: 1}", 3, "a node id");
	assert_bad_text("{a:1.5}", 4, "\";\" or \"}\"");
	assert_bad_text("{a:1 -k-> a:}", 12, "a node id");
	assert_bad_text("{a:1 -k-> a}", 11, "\":\" after a node kind");
	assert_id_out_of_range("{a:9223372036854775808}", 3);
	assert_id_out_of_range("{a:-9223372036854775809}", 3);
	assert_id_out_of_range("{a:99999999999999999999}", 3);
	assert_id_out_of_range("{a:1 -k-> a:18446744073709551617}", 12);
	assert_canonical("{a:9223372036854775807 -k-> a:-9223372036854775808}",
					 "{a:9223372036854775807 -k-> a:-9223372036854775808}");
	/* dates */
	assert_bad_text("{a:1 -k-> a:2 [2023-02-29,)}", 15, "Expected a date YYYY-MM-DD at character 16");
	assert_bad_text("{a:1 -k-> a:2 [2100-02-29,)}", 15, "a date");
	assert_bad_text("{a:1 -k-> a:2 [2020-13-01,)}", 15, "a date");
	assert_bad_text("{a:1 -k-> a:2 [2020-00-10,)}", 15, "a date");
	assert_bad_text("{a:1 -k-> a:2 [2020-04-31,)}", 15, "a date");
	assert_bad_text("{a:1 -k-> a:2 [2020-04-00,)}", 15, "a date");
	assert_bad_text("{a:1 -k-> a:2 [0000-01-01,)}", 15, "a date");
	assert_bad_text("{a:1 -k-> a:2 [2020-1-01,)}", 15, "a date");
	assert_bad_text("{a:1 -k-> a:2 [20200101,)}", 15, "a date");
	assert_bad_text("{a:1 -k-> a:2 [,2020-01-01)}", 15, "a date");
	assert_bad_text("{a:1 -k-> a:2 [)}", 15, "a date");
	assert_bad_text("{a:1 -k-> a:2 [2020-01-01,2023-02-29)}", 26, "Expected a date YYYY-MM-DD or \")\" at character 27");
	assert_bad_text("{a:1 -k-> a:2 (,10000-01-01)}", 16, "a date YYYY-MM-DD or \")\"");
	assert_bad_text("{a:1 -k-> a:2 [2020-01-01]}", 25, "\",\" in a date range");
	assert_bad_text("{a:1 -k-> a:2 [2020-01-01)}", 25, "\",\"");
	assert_bad_text("{a:1 -k-> a:2 [2020-01-01, 2021-01-01)}", 26, "a date YYYY-MM-DD or \")\"");
	assert_bad_text("{a:1 -k-> a:2 (2020-01-01,)}", 15, "\",\"");
	assert_bad_text("{a:1 -k-> a:2 [2020-01-01,2021-01-01]}", 36, "\")\" closing a date range");
	assert_bad_text("{a:1 -k-> a:2 [2020-01-01,2021-01-01}", 36, "\")\"");
	assert_bad_text("{a:1 -k-> a:2 [2020-01-01,}", 26, "a date YYYY-MM-DD or \")\"");
	assert_bad_text("{a:1 -k-> a:2 [2020-01-01,", 26, "found the end");
	/* empty and backwards ranges: the position of the ")" that closes them */
	assert_bad_text("{a:1 -k-> a:2 [2020-01-01,2020-01-01)}", 36, "empty or backwards");
	assert_bad_text("{a:1 -k-> a:2 [2021-01-01,2020-01-01)}", 36, "write \"empty\"");
	assert_bad_text("{a:1 -k-> a:2 [9999-12-31,0001-01-01)}", 36, "empty or backwards");
	/* empty is a word of its own */
	assert_bad_text("{a:1 -k-> a:2 emptyx}", 19, "\";\" or \"}\"");
	assert_bad_text("{a:1 -k-> a:2 Empty}", 14, "\";\" or \"}\"");
	assert_bad_text("{a:1 -k-> a:2 empty [2020-01-01,)}", 20, "\";\" or \"}\"");
	assert_bad_text("{a:1 -k-> a:2 [2020-01-01,) [2021-01-01,)}", 28, "\";\" or \"}\"");
	/* a lone node cannot have a range */
	assert_bad_text("{a:1 [2020-01-01,)}", 5, "\";\" or \"}\"");
	/* an error after good items: the position is still in the whole text */
	assert_bad_text("{a:1 -k-> a:2; b:2 -k-> b:3; c:3 -k-> c:}", 40, "a node id");
}

/* Random changes to good texts: refused with a position inside the text, or round-trip. */
static void
test_text_mutations(void **state)
{
	const char *const seeds[] = {
		"{person:1 -parent_of-> person:2 [2020-01-01,2024-05-01); person:2 -lives_at-> household:7; person:3}",
		"{a:-1 -k-> a:2 (,2024-05-01); a:2 -k-> a:2 empty; b:9 -m-> a:-1 [2020-02-29,)}",
	};
	const char	alphabet[] = "{}[]();:,- >_09az-AZ\t\n\0empty";
	uint64_t	seed = 4242;
	char		text[256];

	(void) state;
	for (int round = 0; round < 4000; round++)
	{
		const char *base = seeds[round % 2];
		size_t		len = strlen(base);
		int			changes = 1 + random_below(&seed, 3);
		GraphBuilder gb;
		DealStatus	st;
		DealCode	code;

		memcpy(text, base, len + 1);
		for (int i = 0; i < changes; i++)
		{
			size_t		at = (size_t) random_below(&seed, (int) len);

			switch (random_below(&seed, 3))
			{
				case 0:			/* replace a character */
					text[at] = alphabet[random_below(&seed, (int) sizeof(alphabet) - 1)];
					break;
				case 1:			/* delete one */
					memmove(text + at, text + at + 1, len - at);
					break;
				default:		/* insert one */
					if (len + 2 < sizeof(text))
					{
						memmove(text + at + 1, text + at, len - at + 1);
						text[at] = alphabet[random_below(&seed, (int) sizeof(alphabet) - 1)];
					}
					break;
			}
			len = strlen(text);
		}
		graph_builder_init(&gb, A);
		code = graph_parse(&gb, text, NULL, &st);
		if (code == DEAL_OK)
		{
			Built		b,
						again;
			char	   *out;

			finish(&gb, &b);
			out = text_of(&b.g);
			build_text(out, &again);
			assert_same_flat(&b, &again);
			deal_release(A, out);
			release(&again);
			release(&b);
		}
		else
		{
			if (code != DEAL_BAD_TEXT || st.position < 0 || (size_t) st.position > len ||
				st.detail[0] == '\0')
				fail_msg("\"%s\": code %d at %d: %s", text, code, st.position, st.detail);
			graph_builder_free(&gb);
		}
	}
}

/* ------------------------------------------------------------------------------------------
 * Dates
 * ------------------------------------------------------------------------------------------ */

/* Is year y a leap year? */
static bool
leap_year(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Known dates, refused strings, and every day of years 1 to 9999 against a plain calendar. */
static void
test_dates(void **state)
{
	static const int month_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	const char *const bad[] = {
		"", "2024", "2024-02", "2024-02-2", "2024-02-30", "2023-02-29", "2100-02-29", "1900-02-29",
		"2024-04-31", "2024-13-01", "2024-00-01", "2024-01-00", "2024-01-32", "0000-01-01",
		"10000-01-01", "2024-4-01", "2024/04/01", "2024-04/01", " 2024-04-01", "+024-04-01",
		"2024-0a-01", "abcd-ef-gh", "-001-01-01", "2024-04-1 ",
	};
	char		buf[11];
	char		want[11];
	int32_t		d;
	int			y = 1,
				m = 1,
				dd = 1;

	(void) state;
	assert_int_equal(graph_parse_date("2000-01-01", &d), 10);
	assert_int_equal(d, 0);
	assert_int_equal(graph_parse_date("1970-01-01", &d), 10);
	assert_int_equal(d, -10957);
	assert_int_equal(graph_parse_date("1999-12-31", &d), 10);
	assert_int_equal(d, -1);
	assert_int_equal(graph_parse_date("0001-01-01", &d), 10);
	assert_int_equal(d, GRAPH_DATE_MIN);
	assert_int_equal(graph_parse_date("9999-12-31", &d), 10);
	assert_int_equal(d, GRAPH_DATE_MAX);
	assert_int_equal(graph_parse_date("2024-02-29", &d), 10);
	assert_int_equal(d, 8825);
	assert_int_equal(graph_parse_date("2000-02-29", &d), 10);
	assert_int_equal(d, 59);
	assert_int_equal(graph_parse_date("2400-02-29", &d), 10);
	assert_int_equal(graph_parse_date("2024-02-29T00:00", &d), 10);	/* reads ten characters */
	assert_int_equal(d, 8825);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
	{
		d = 12345;
		if (graph_parse_date(bad[i], &d) != 0)
			fail_msg("\"%s\" parsed as a date", bad[i]);
		assert_int_equal(d, 12345);
	}
	graph_format_date(0, buf);
	assert_string_equal(buf, "2000-01-01");
	graph_format_date(-10957, buf);
	assert_string_equal(buf, "1970-01-01");
	graph_format_date(8825, buf);
	assert_string_equal(buf, "2024-02-29");
	graph_format_date(GRAPH_DATE_MIN, buf);
	assert_string_equal(buf, "0001-01-01");
	graph_format_date(GRAPH_DATE_MAX, buf);
	assert_string_equal(buf, "9999-12-31");

	/* every day, counted on a calendar one day at a time */
	for (int32_t day_number = GRAPH_DATE_MIN; day_number <= GRAPH_DATE_MAX; day_number++)
	{
		want[0] = (char) ('0' + y / 1000);
		want[1] = (char) ('0' + y / 100 % 10);
		want[2] = (char) ('0' + y / 10 % 10);
		want[3] = (char) ('0' + y % 10);
		want[4] = '-';
		want[5] = (char) ('0' + m / 10);
		want[6] = (char) ('0' + m % 10);
		want[7] = '-';
		want[8] = (char) ('0' + dd / 10);
		want[9] = (char) ('0' + dd % 10);
		want[10] = '\0';
		graph_format_date(day_number, buf);
		if (strcmp(buf, want) != 0)
			fail_msg("day %d formats as %s, not %s", day_number, buf, want);
		if (graph_parse_date(want, &d) != 10 || d != day_number)
			fail_msg("%s parses as %d, not %d", want, d, day_number);
		if (++dd > month_days[m - 1] + (m == 2 && leap_year(y)))
		{
			dd = 1;
			if (++m > 12)
			{
				m = 1;
				y++;
			}
		}
	}
	assert_int_equal(y, 10000);
}

/* ------------------------------------------------------------------------------------------
 * Filters and algorithms on hand-made graphs
 * ------------------------------------------------------------------------------------------ */

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

#define MAX_N 16
#define MAX_E 48
#define N_KINDS 3

static const char *const node_kinds[N_KINDS] = {"person", "household", "worker"};
static const char *const node_kinds_mixed[N_KINDS] = {"Person", "HOUSEHOLD", "worKer"};
static const char *const edge_kinds[N_KINDS] = {"parent_of", "lives_at", "involved_with"};
static const char *const edge_kinds_mixed[N_KINDS] = {"Parent_Of", "LIVES_AT", "involved_WITH"};

/* A random graph: nodes 0..n-1 and edges as fed to the builder. */
typedef struct RandomGraph
{
	int			n;
	int			m;
	int			node_kind[MAX_N];
	int64_t		node_id[MAX_N];
	int			rank[MAX_N];	/* canonical position of each node */
	int			src[MAX_E];
	int			dst[MAX_E];
	int			kind[MAX_E];
	int32_t		from[MAX_E];	/* as fed: possibly backwards */
	int32_t		to[MAX_E];
} RandomGraph;

/* Is node u before node v in canonical (kind name, id) order? */
static bool
ref_before(const RandomGraph *r, int u, int v)
{
	int			c = strcmp(node_kinds[r->node_kind[u]], node_kinds[r->node_kind[v]]);

	return c < 0 || (c == 0 && r->node_id[u] < r->node_id[v]);
}

/* Make a random graph: kinds, ids (some huge), multi-edges, loops, duplicates, ranges. */
static void
random_graph(uint64_t *seed, RandomGraph *r)
{
	r->n = 1 + random_below(seed, MAX_N);
	for (int v = 0; v < r->n; v++)
	{
		bool		repeated;

		do
		{
			r->node_kind[v] = random_below(seed, N_KINDS);
			r->node_id[v] = random_below(seed, 8) == 0 ? (int64_t) next_random(seed) : random_below(seed, 21) - 10;
			repeated = false;
			for (int u = 0; u < v; u++)
				repeated |= r->node_kind[u] == r->node_kind[v] && r->node_id[u] == r->node_id[v];
		} while (repeated);
	}
	for (int v = 0; v < r->n; v++)
	{
		r->rank[v] = 0;
		for (int u = 0; u < r->n; u++)
			r->rank[v] += ref_before(r, u, v);
	}
	r->m = random_below(seed, MAX_E + 1);
	for (int e = 0; e < r->m; e++)
	{
		if (e > 0 && random_below(seed, 8) == 0)
		{
			int			o = random_below(seed, e);	/* an exact duplicate */

			r->src[e] = r->src[o];
			r->dst[e] = r->dst[o];
			r->kind[e] = r->kind[o];
			r->from[e] = r->from[o];
			r->to[e] = r->to[o];
			continue;
		}
		if (e > 0 && random_below(seed, 8) == 0)
		{
			int			o = random_below(seed, e);	/* parallel or reversed */

			r->src[e] = random_below(seed, 2) ? r->src[o] : r->dst[o];
			r->dst[e] = r->src[e] == r->src[o] ? r->dst[o] : r->src[o];
		}
		else
		{
			r->src[e] = random_below(seed, r->n);
			r->dst[e] = random_below(seed, 10) == 0 ? r->src[e] : random_below(seed, r->n);
		}
		r->kind[e] = random_below(seed, N_KINDS);
		random_range(seed, 0, 12, &r->from[e], &r->to[e]);
	}
}

/* Feed every k-th edge and node of a random graph from start to a builder, kinds in mixed case. */
static void
feed(GraphBuilder *gb, const RandomGraph *r, int start, int step)
{
	for (int e = start; e < r->m; e += step)
		must_add_edge(gb, (e % 2 ? node_kinds : node_kinds_mixed)[r->node_kind[r->src[e]]], r->node_id[r->src[e]],
					  (e % 3 ? node_kinds : node_kinds_mixed)[r->node_kind[r->dst[e]]], r->node_id[r->dst[e]],
					  (e % 5 ? edge_kinds : edge_kinds_mixed)[r->kind[e]], r->from[e], r->to[e]);
	for (int v = start; v < r->n; v += step)
		must_add_node(gb, (v % 2 ? node_kinds : node_kinds_mixed)[r->node_kind[v]], r->node_id[v]);
}

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

/* ------------------------------------------------------------------------------------------
 * Out of memory, interrupts, Graphviz, damaged flat forms
 * ------------------------------------------------------------------------------------------ */

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

	/* merge, and serialise then deserialise */
	for (budget = 0;; budget++)
	{
		GraphBuilder a,
					b,
					c;
		DealStatus	st;
		DealCode	code;
		size_t		size;
		char	   *buf;

		graph_builder_init(&a, F);
		graph_builder_init(&b, F);
		graph_builder_init(&c, F);
		assert_int_equal(graph_parse(&a, text, NULL, &st), DEAL_OK);
		assert_int_equal(graph_parse(&b, "{p:1 -k-> q:1; q:2 -z-> p:3; x:1}", NULL, &st), DEAL_OK);
		assert_int_equal(graph_builder_flush(&a, &st), DEAL_OK);
		size = graph_builder_serial_size(&a);
		buf = deal_alloc(A, size);
		graph_builder_serialize(&a, buf);
		test_alloc_budget = budget;
		code = graph_builder_merge(&b, &a, &st);
		if (code == DEAL_OK)
			code = graph_builder_deserialize(&c, buf, size, &st);
		test_alloc_budget = -1;
		graph_builder_free(&a);
		graph_builder_free(&b);
		graph_builder_free(&c);
		deal_release(A, buf);
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

/* Run every test of the graph core. */
int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_build_basics),
		cmocka_unit_test(test_bad_kinds),
		cmocka_unit_test(test_build_dates),
		cmocka_unit_test(test_build_many),
		cmocka_unit_test(test_canonical_form),
		cmocka_unit_test(test_flat_form),
		cmocka_unit_test(test_merge),
		cmocka_unit_test(test_serialise),
		cmocka_unit_test(test_bad_state),
		cmocka_unit_test(test_text_round_trip),
		cmocka_unit_test(test_bad_text),
		cmocka_unit_test(test_text_mutations),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_filters),
		cmocka_unit_test(test_components),
		cmocka_unit_test(test_bfs),
		cmocka_unit_test(test_adjacency),
		cmocka_unit_test(test_articulation_points),
		cmocka_unit_test(test_teams),
		cmocka_unit_test(test_random_against_reference),
		cmocka_unit_test(test_random_merge_serialise_reparse),
		cmocka_unit_test(test_out_of_memory),
		cmocka_unit_test(test_dot),
		cmocka_unit_test(test_interrupts),
		cmocka_unit_test(test_bad_flat),
		cmocka_unit_test(test_damaged_flat),
	};

	return cmocka_run_group_tests_name("graph", tests, NULL, NULL);
}
