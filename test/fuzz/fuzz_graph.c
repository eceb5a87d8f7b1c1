/*
 * fuzz_graph.c: libFuzzer harness for the graph text parser and flat-form reader.
 *
 * The input is tried as a graph's text form (accepted text must flatten, print and parse back
 * to the same bytes), and as a flat form (graph_open must refuse or read it within bounds; one
 * it reads can be added to a builder, as the aggregate's combine step does, and flattened).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "graph.h"
#include "fuzz_common.h"

/* Accepted text flattens, prints and parses back to the same flat bytes. */
static void
check_text(const char *text)
{
	GraphBuilder b;
	DealStatus	st;
	char	   *flat;
	size_t		len;
	Graph		g;
	DealText	out = {.alloc = &alloc};

	graph_builder_init(&b, &alloc);
	if (graph_parse(&b, text, NULL, &st) != DEAL_OK)
	{
		REQUIRE(st.code == DEAL_BAD_TEXT || st.code == DEAL_TOO_BIG);
		graph_builder_free(&b);
		return;
	}
	REQUIRE(graph_flatten(&b, 0, &flat, &len, NULL, &st) == DEAL_OK);
	graph_builder_free(&b);
	REQUIRE(graph_open(&g, flat, len, &alloc, &st) == DEAL_OK);
	REQUIRE(graph_to_text(&g, &out, NULL, &st) == DEAL_OK);
	graph_close(&g, &alloc);

	graph_builder_init(&b, &alloc);
	REQUIRE(graph_parse(&b, out.data, NULL, &st) == DEAL_OK);
	{
		char	   *again;
		size_t		again_len;

		REQUIRE(graph_flatten(&b, 0, &again, &again_len, NULL, &st) == DEAL_OK);
		REQUIRE(again_len == len && memcmp(again, flat, len) == 0);
		free(again);
	}
	graph_builder_free(&b);
	free(out.data);
	free(flat);
}

/* libFuzzer's entry point. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	   *text = fuzz_copy(data, size, true);
	char	   *aligned = malloc(size + 4);
	GraphBuilder b;
	DealStatus	st;
	Graph		g;

	check_text(text);
	free(text);

	/* as a flat form: refused, or readable by every algorithm without going out of bounds */
	memcpy(aligned, data, size);
	if (graph_open(&g, aligned, size, &alloc, &st) == DEAL_OK)
	{
		uint32_t   *component = malloc(((size_t) g.n_nodes + 1) * sizeof(uint32_t));
		GraphAdjacency adj;
		DealText	out = {.alloc = &alloc};

		if (graph_components(&g, NULL, component, &alloc, NULL, &st) >= 0 &&
			graph_adjacency(&g, NULL, &adj, &alloc, NULL, &st) == DEAL_OK)
		{
			bool	   *is_cut = malloc(g.n_nodes + 1);

			graph_articulation_points(&g, &adj, is_cut, &alloc, NULL, &st);
			free(is_cut);
			graph_adjacency_free(&adj, &alloc);
		}
		free(component);
		if (graph_to_text(&g, &out, NULL, &st) == DEAL_OK)
			free(out.data);

		/* as a partial result for the combine step: added to a builder and flattened */
		graph_builder_init(&b, &alloc);
		if (graph_builder_add_graph(&b, &g, NULL, &st) == DEAL_OK)
		{
			char	   *flat;
			size_t		len;

			if (graph_flatten(&b, 0, &flat, &len, NULL, &st) == DEAL_OK)
				free(flat);
		}
		graph_builder_free(&b);
		graph_close(&g, &alloc);
	}
	free(aligned);
	return 0;
}
