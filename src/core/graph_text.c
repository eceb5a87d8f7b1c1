/*
 * graph_text.c: a graph's text form, an edge list that round-trips exactly, and its parser.
 */
#include "graph.h"

#include <string.h>

#include "date.h"

/* Append node i as kind:id, as the text form and Graphviz name it. */
bool
graph_append_node(DealText *out, const Graph *g, uint32_t i)
{
	return deal_text_append(out, "%s:%lld", g->node_kind_names[graph_node_kind(g, i)],
							 (long long) graph_node_id(g, i));
}

/* Append edge e's validity, if it has one, after a space. */
static bool
append_validity(DealText *out, const Graph *g, uint32_t e)
{
	int32_t		lo = graph_edge_from(g, e);
	int32_t		hi = graph_edge_to(g, e);
	char		from[11];
	char		to[11];

	if (lo == hi)
		return deal_text_append(out, " empty");
	if (lo == GRAPH_NO_LOWER && hi == GRAPH_NO_UPPER)
		return true;
	if (lo != GRAPH_NO_LOWER)
		graph_format_date(lo, from);
	if (hi != GRAPH_NO_UPPER)
		graph_format_date(hi, to);
	return deal_text_append(out, " %s%s,%s)",
							 lo == GRAPH_NO_LOWER ? "(" : "[",
							 lo == GRAPH_NO_LOWER ? "" : from,
							 hi == GRAPH_NO_UPPER ? "" : to);
}

/* Write g's text form into out. */
DealCode
graph_to_text(const Graph *g, DealText *out, const DealInterrupt *intr, DealStatus *st)
{
	bool		ok = deal_text_append(out, "{");
	bool		first = true;
	bool	   *linked = NULL;

	for (uint32_t u = 0; ok && u < g->n_nodes; u++)
	{
		DEAL_CHECK_INTERRUPTS(intr, u);
		for (uint32_t e = g->edge_start[u]; ok && e < g->edge_start[u + 1]; e++)
		{
			ok = deal_text_append(out, first ? "" : "; ") &&
				graph_append_node(out, g, u) &&
				deal_text_append(out, " -%s-> ", g->edge_kind_names[graph_edge_kind(g, e)]) &&
				graph_append_node(out, g, g->dst[e]) &&
				append_validity(out, g, e);
			first = false;
		}
	}
	if (ok && g->n_nodes > 0)
	{
		linked = deal_alloc(out->alloc, g->n_nodes * sizeof(bool));
		ok = linked != NULL;
	}
	if (ok && linked != NULL)
	{
		for (uint32_t u = 0; u < g->n_nodes; u++)
			linked[u] = g->edge_start[u] < g->edge_start[u + 1];
		for (uint32_t e = 0; e < g->n_edges; e++)
			linked[g->dst[e]] = true;
		for (uint32_t i = 0; ok && i < g->n_nodes; i++)
		{
			DEAL_CHECK_INTERRUPTS(intr, i);
			if (linked[i])
				continue;
			ok = deal_text_append(out, first ? "" : "; ") && graph_append_node(out, g, i);
			first = false;
		}
	}
	deal_release(out->alloc, linked);
	if (!ok || !deal_text_append(out, "}"))
		return deal_text_failure(out, "A graph's text", st);
	return DEAL_OK;
}

/* ------------------------------------------------------------------------------------------
 * Parsing
 * ------------------------------------------------------------------------------------------ */

typedef struct Parser
{
	const char *text;
	size_t		pos;
	DealStatus *st;
} Parser;

/* Skip blanks. */
static void
skip_blanks(Parser *p)
{
	while (p->text[p->pos] == ' ' || p->text[p->pos] == '\t' || p->text[p->pos] == '\n' ||
		   p->text[p->pos] == '\r')
		p->pos++;
}

/* Fail at the current position with what was expected. */
static DealCode
expected(Parser *p, const char *what)
{
	char		name[DEAL_CHAR_NAME_SIZE];

	if (p->text[p->pos] == '\0')
		return deal_fail(p->st, DEAL_BAD_TEXT, (int) p->pos,
						 "Expected %s at character %zu, found the end.", what, p->pos + 1);
	return deal_fail(p->st, DEAL_BAD_TEXT, (int) p->pos, "Expected %s at character %zu, found %s.",
					 what, p->pos + 1, deal_char_name(p->text[p->pos], name));
}

/* Read a kind name: its start and length. */
static DealCode
read_kind(Parser *p, const char **name, size_t *len)
{
	size_t		start = p->pos;
	char		c = p->text[p->pos];

	if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
		return expected(p, "a kind (a letter)");
	while ((c = p->text[p->pos]) != '\0' &&
		   ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'))
		p->pos++;
	*name = p->text + start;
	*len = p->pos - start;
	if (*len > GRAPH_KIND_MAX)
		return deal_fail(p->st, DEAL_BAD_TEXT, (int) start,
						 "Kind at character %zu is longer than %d characters.", start + 1, GRAPH_KIND_MAX);
	return DEAL_OK;
}

/* Read a node: kind:id. */
static DealCode
read_node(Parser *p, const char **kind, size_t *kind_len, int64_t *id)
{
	bool		negative = false;
	uint64_t	v = 0;
	uint64_t	limit;
	size_t		digits = 0;
	size_t		start;

	if (read_kind(p, kind, kind_len) != DEAL_OK)
		return p->st->code;
	if (p->text[p->pos] != ':')
		return expected(p, "\":\" after a node kind");
	p->pos++;
	start = p->pos;
	if (p->text[p->pos] == '-')
	{
		negative = true;
		p->pos++;
	}
	limit = (uint64_t) INT64_MAX + (negative ? 1 : 0);
	while (p->text[p->pos] >= '0' && p->text[p->pos] <= '9')
	{
		uint64_t	digit = (uint64_t) (p->text[p->pos++] - '0');

		if (v > (limit - digit) / 10)
			return deal_fail(p->st, DEAL_BAD_TEXT, (int) start,
							 "Node id at character %zu is out of range for bigint.", start + 1);
		v = v * 10 + digit;
		digits++;
	}
	if (digits == 0)
		return expected(p, "a node id (digits)");
	*id = negative ? (int64_t) (0 - v) : (int64_t) v;
	return DEAL_OK;
}

/* Read an optional validity: [from,to), (,to), [from,) or empty. */
static DealCode
read_validity(Parser *p, int32_t *from, int32_t *to)
{
	int			n;

	*from = GRAPH_NO_LOWER;
	*to = GRAPH_NO_UPPER;
	if (strncmp(p->text + p->pos, "empty", 5) == 0)
	{
		p->pos += 5;
		*from = *to = 0;
		return DEAL_OK;
	}
	if (p->text[p->pos] == '(')
		p->pos++;
	else if (p->text[p->pos] == '[')
	{
		p->pos++;
		if ((n = graph_parse_date(p->text + p->pos, from)) == 0)
			return expected(p, "a date YYYY-MM-DD");
		p->pos += n;
	}
	else
		return DEAL_OK;
	if (p->text[p->pos] != ',')
		return expected(p, "\",\" in a date range");
	p->pos++;
	if (p->text[p->pos] != ')')
	{
		if ((n = graph_parse_date(p->text + p->pos, to)) == 0)
			return expected(p, "a date YYYY-MM-DD or \")\"");
		p->pos += n;
	}
	if (p->text[p->pos] != ')')
		return expected(p, "\")\" closing a date range (the upper bound is exclusive)");
	p->pos++;
	if (*from != GRAPH_NO_LOWER && *to != GRAPH_NO_UPPER && *from >= *to)
		return deal_fail(p->st, DEAL_BAD_TEXT, (int) p->pos - 1,
						 "A date range ending at character %zu is empty or backwards; write \"empty\" for an edge valid on no date.",
						 p->pos);
	return DEAL_OK;
}

/* Parse the text form into an empty builder; DEAL_BAD_TEXT with a position on failure. */
DealCode
graph_parse(GraphBuilder *b, const char *text, const DealInterrupt *intr, DealStatus *st)
{
	Parser		p = {text, 0, st};
	size_t		items = 0;

	deal_status_clear(st);
	skip_blanks(&p);
	if (text[p.pos] != '{')
		return expected(&p, "\"{\"");
	p.pos++;
	skip_blanks(&p);
	if (text[p.pos] == '}')
		p.pos++;
	else
		for (;;)
		{
			const char *src_kind,
					   *dst_kind,
					   *edge_kind;
			size_t		src_len,
						dst_len,
						edge_len;
			int64_t		src_id,
						dst_id;
			int32_t		from,
						to;
			size_t		item_start = p.pos;
			DealCode	code;

			DEAL_CHECK_INTERRUPTS(intr, ++items);
			if (read_node(&p, &src_kind, &src_len, &src_id) != DEAL_OK)
				return st->code;
			skip_blanks(&p);
			if (text[p.pos] == '-')
			{
				p.pos++;
				if (read_kind(&p, &edge_kind, &edge_len) != DEAL_OK)
					return st->code;
				if (strncmp(text + p.pos, "->", 2) != 0)
					return expected(&p, "\"->\" after an edge kind");
				p.pos += 2;
				skip_blanks(&p);
				if (read_node(&p, &dst_kind, &dst_len, &dst_id) != DEAL_OK)
					return st->code;
				skip_blanks(&p);
				if (read_validity(&p, &from, &to) != DEAL_OK)
					return st->code;
				code = graph_builder_add_edge(b, src_kind, src_len, src_id, dst_kind, dst_len, dst_id,
											  edge_kind, edge_len, from, to, st);
			}
			else
				code = graph_builder_add_node(b, src_kind, src_len, src_id, st);
			if (code != DEAL_OK)
			{
				/* a kind or date the builder refused: report it as bad text, where it stood */
				if (code == DEAL_BAD_ARGUMENT)
				{
					st->code = DEAL_BAD_TEXT;
					st->position = (int) item_start;
				}
				return code == DEAL_BAD_ARGUMENT ? DEAL_BAD_TEXT : code;
			}
			skip_blanks(&p);
			if (text[p.pos] == '}')
			{
				p.pos++;
				break;
			}
			if (text[p.pos] != ';')
				return expected(&p, "\";\" or \"}\"");
			p.pos++;
			skip_blanks(&p);
		}
	skip_blanks(&p);
	if (text[p.pos] != '\0')
		return expected(&p, "the end after \"}\"");
	return DEAL_OK;
}
