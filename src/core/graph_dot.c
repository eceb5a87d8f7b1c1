/*
 * graph_dot.c: a graph as a Graphviz digraph, for pictures.
 */
#include "graph.h"

/* Write a Graphviz digraph of the edges passing f into out. */
DealCode
graph_to_dot(const Graph *g, const GraphFilter *f, DealText *out, const DealInterrupt *intr,
			 DealStatus *st)
{
	/* one soft colour per node kind, so people, households and professionals stand apart */
	static const char *const palette[] = {
		"#fde2c8", "#cfe3f7", "#d5ecd4", "#f3d1e3", "#e6dcf5", "#fbf3c4", "#d3eeee", "#e8e0d4"
	};
	bool		ok = deal_text_append(out, "digraph deal {\n"
									   "  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\"];\n"
									   "  edge [fontname=\"Helvetica\", fontsize=10];\n");

	for (uint32_t i = 0; ok && i < g->n_nodes; i++)
	{
		DEAL_CHECK_INTERRUPTS(intr, i);
		ok = deal_text_append(out, "  \"") && graph_append_node(out, g, i) &&
			deal_text_append(out, "\" [fillcolor=\"%s\"];\n", palette[graph_node_kind(g, i) % 8]);
	}
	for (uint32_t u = 0; ok && u < g->n_nodes; u++)
	{
		DEAL_CHECK_INTERRUPTS(intr, u);
		for (uint32_t e = g->edge_start[u]; ok && e < g->edge_start[u + 1]; e++)
		{
			if (!graph_edge_passes(g, f, e))
				continue;
			ok = deal_text_append(out, "  \"") && graph_append_node(out, g, u) &&
				deal_text_append(out, "\" -> \"") && graph_append_node(out, g, g->dst[e]) &&
				deal_text_append(out, "\" [label=\"%s\"];\n", g->edge_kind_names[graph_edge_kind(g, e)]);
		}
	}
	if (!ok || !deal_text_append(out, "}\n"))
		return deal_text_failure(out, "A graph's Graphviz text", st);
	return DEAL_OK;
}
