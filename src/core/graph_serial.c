/*
 * graph_serial.c: a builder's serialised form, which parallel workers hand to the leader,
 * and reading it back, refusing damaged states.
 */
#include "graph.h"
#include "graph_build_internal.h"
#include "graph_flat.h"

#include <string.h>

/* Bytes a kind table takes serialised: a count, then each name's length byte and bytes. */
static size_t
kinds_serial_size(const GraphKinds *kinds)
{
	size_t		size = sizeof(uint32_t);

	for (uint32_t k = 0; k < kinds->count; k++)
		size += 1 + strlen(kinds->names[k]);
	return size;
}

/* Bytes graph_builder_serialize will write. */
size_t
graph_builder_serial_size(const GraphBuilder *b)
{
	return kinds_serial_size(&b->node_kinds) + kinds_serial_size(&b->edge_kinds) +
		sizeof(uint32_t) + (size_t) b->n_nodes * (sizeof(int64_t) + sizeof(uint32_t)) +
		sizeof(uint64_t) + b->n_edges * sizeof(BuiltEdge);
}

/* Write a kind table at p; returns the end. */
static char *
kinds_serialize(const GraphKinds *kinds, char *p)
{
	memcpy(p, &kinds->count, sizeof(uint32_t));
	p += sizeof(uint32_t);
	for (uint32_t k = 0; k < kinds->count; k++)
	{
		size_t		len = strlen(kinds->names[k]);

		*p++ = (char) len;
		memcpy(p, kinds->names[k], len);
		p += len;
	}
	return p;
}

/* Write a builder to buf (graph_builder_serial_size bytes) for a parallel worker's result. */
void
graph_builder_serialize(const GraphBuilder *b, char *buf)
{
	uint64_t	n_edges = b->n_edges;
	char	   *p = kinds_serialize(&b->node_kinds, buf);

	p = kinds_serialize(&b->edge_kinds, p);
	memcpy(p, &b->n_nodes, sizeof(uint32_t));
	p += sizeof(uint32_t);
	for (uint32_t i = 0; i < b->n_nodes; i++)
	{
		memcpy(p, &b->nodes[i].id, sizeof(int64_t));
		memcpy(p + sizeof(int64_t), &b->nodes[i].kind, sizeof(uint32_t));
		p += sizeof(int64_t) + sizeof(uint32_t);
	}
	memcpy(p, &n_edges, sizeof(n_edges));
	p += sizeof(n_edges);
	if (b->n_edges > 0)
		memcpy(p, b->edges, b->n_edges * sizeof(BuiltEdge));
}

/* Read a kind table at *p (end at end) into kinds. */
static DealCode
kinds_deserialize(GraphKinds *kinds, const DealAllocator *alloc, const char **p, const char *end,
				  const char *what, DealStatus *st)
{
	uint32_t	count;

	if (end - *p < (ptrdiff_t) sizeof(uint32_t))
		return deal_fail(st, DEAL_BAD_BINARY, -1, "Truncated graph state.");
	memcpy(&count, *p, sizeof(count));
	*p += sizeof(count);
	for (uint32_t k = 0; k < count; k++)
	{
		size_t		len;
		uint32_t	got;

		if (*p >= end || (len = (unsigned char) **p, end - *p - 1 < (ptrdiff_t) len))
			return deal_fail(st, DEAL_BAD_BINARY, -1, "Truncated graph state.");
		got = graph_kind_index(kinds, alloc, *p + 1, len, what, st);
		if (got == GRAPH_NO_NODE && st->code == DEAL_NO_MEMORY)
			return st->code;
		if (got == GRAPH_NO_NODE && st->code == DEAL_TOO_BIG)
			return deal_fail(st, DEAL_BAD_BINARY, -1, "Graph state has more than %d %ss.", GRAPH_MAX_KINDS, what);
		if (got == GRAPH_NO_NODE)
			return deal_fail(st, DEAL_BAD_BINARY, -1, "Graph state has a %s that is not a label.", what);
		if (got != k)
			return deal_fail(st, DEAL_BAD_BINARY, -1, "Repeated %s in graph state.", what);
		*p += 1 + len;
	}
	return DEAL_OK;
}

/* Read a builder written by graph_builder_serialize into an initialised empty builder. */
DealCode
graph_builder_deserialize(GraphBuilder *b, const char *buf, size_t len, DealStatus *st)
{
	const char *p = buf;
	const char *end = buf + len;
	uint32_t	n_nodes;
	uint64_t	n_edges;
	const size_t node_size = sizeof(int64_t) + sizeof(uint32_t);

	deal_status_clear(st);
	if (kinds_deserialize(&b->node_kinds, b->alloc, &p, end, "node kind", st) != DEAL_OK ||
		kinds_deserialize(&b->edge_kinds, b->alloc, &p, end, "edge kind", st) != DEAL_OK)
		return st->code;
	if (end - p < (ptrdiff_t) sizeof(n_nodes))
		return deal_fail(st, DEAL_BAD_BINARY, -1, "Truncated graph state.");
	memcpy(&n_nodes, p, sizeof(n_nodes));
	p += sizeof(n_nodes);
	if ((uint64_t) (end - p) < (uint64_t) n_nodes * node_size + sizeof(n_edges))
		return deal_fail(st, DEAL_BAD_BINARY, -1, "Truncated graph state.");
	if (n_nodes > GRAPH_MAX_NODES)
		return deal_fail(st, DEAL_BAD_BINARY, -1, "Graph state has too many nodes.");
	if (graph_reserve_nodes(b, n_nodes, st) != DEAL_OK)
		return st->code;
	for (uint32_t i = 0; i < n_nodes; i += GRAPH_PENDING)
	{
		BuiltNode	batch[GRAPH_PENDING];
		uint32_t	number[GRAPH_PENDING];
		uint32_t	n = next_batch(n_nodes - i);

		for (uint32_t j = 0; j < n; j++)
		{
			memcpy(&batch[j].id, p, sizeof(int64_t));
			memcpy(&batch[j].kind, p + sizeof(int64_t), sizeof(uint32_t));
			p += node_size;
			if (batch[j].kind >= b->node_kinds.count)
				return deal_fail(st, DEAL_BAD_BINARY, -1, "Graph state refers to an unknown kind.");
		}
		graph_intern_batch(b, batch, n, NULL, number);
		for (uint32_t j = 0; j < n; j++)
			if (number[j] != i + j)
				return deal_fail(st, DEAL_BAD_BINARY, -1, "Repeated node in graph state.");
	}
	memcpy(&n_edges, p, sizeof(n_edges));
	p += sizeof(n_edges);
	if ((uint64_t) (end - p) != n_edges * sizeof(BuiltEdge) || n_edges > GRAPH_MAX_NODES)
		return deal_fail(st, DEAL_BAD_BINARY, -1, "Graph state has the wrong length.");
	if (n_edges > 0)
	{
		if (graph_reserve_edges(b, n_edges, st) != DEAL_OK)
			return st->code;
		memcpy(b->edges, p, n_edges * sizeof(BuiltEdge));
		b->n_edges = n_edges;
	}
	for (size_t i = 0; i < b->n_edges; i++)
	{
		if (b->edges[i].src >= n_nodes || b->edges[i].dst >= n_nodes ||
			b->edges[i].kind >= b->edge_kinds.count)
			return deal_fail(st, DEAL_BAD_BINARY, -1, "Graph state refers to an unknown node or kind.");
		if (!flat_valid_range(b->edges[i].from, b->edges[i].to))
			return deal_fail(st, DEAL_BAD_BINARY, -1, "Graph state has an invalid validity range.");
	}
	return DEAL_OK;
}
