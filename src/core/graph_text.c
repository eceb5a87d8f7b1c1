/*
 * graph_text.c: a graph's text form (an edge list that round-trips exactly), its parser,
 * Graphviz output, and the dates they use.
 */
#include "graph.h"

#include <string.h>

#define DAYS_1970_TO_2000 10957

/* Days since 2000-01-01 of a proleptic Gregorian date (after Howard Hinnant's algorithm). */
static int32_t
days_from_civil(int y, int m, int d)
{
	int			era,
				yoe,
				doy,
				doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468 - DAYS_1970_TO_2000;
}

/* Write day d (days since 2000-01-01, years 1..9999) as YYYY-MM-DD into buf[11]. */
void
graph_format_date(int32_t d, char *buf)
{
	int			z = d + 719468 + DAYS_1970_TO_2000;
	int			era = (z >= 0 ? z : z - 146096) / 146097;
	int			doe = z - era * 146097;
	int			yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int			doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int			mp = (5 * doy + 2) / 153;
	int			day = doy - (153 * mp + 2) / 5 + 1;
	int			month = mp < 10 ? mp + 3 : mp - 9;
	int			year = yoe + era * 400 + (month <= 2);

	buf[0] = (char) ('0' + year / 1000 % 10);
	buf[1] = (char) ('0' + year / 100 % 10);
	buf[2] = (char) ('0' + year / 10 % 10);
	buf[3] = (char) ('0' + year % 10);
	buf[4] = '-';
	buf[5] = (char) ('0' + month / 10);
	buf[6] = (char) ('0' + month % 10);
	buf[7] = '-';
	buf[8] = (char) ('0' + day / 10);
	buf[9] = (char) ('0' + day % 10);
	buf[10] = '\0';
}

/* Value of n digits at text, or -1 if they are not all digits. */
static int
read_digits(const char *text, int n)
{
	int			v = 0;

	for (int i = 0; i < n; i++)
	{
		if (text[i] < '0' || text[i] > '9')
			return -1;
		v = v * 10 + (text[i] - '0');
	}
	return v;
}

/* Parse YYYY-MM-DD at text into *d; returns the characters read, 0 if not a valid date. */
int
graph_parse_date(const char *text, int32_t *d)
{
	static const int month_days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int			y = read_digits(text, 4);
	int			m,
				day;
	bool		leap;

	if (y < 1 || text[4] != '-' || (m = read_digits(text + 5, 2)) < 1 || m > 12 ||
		text[7] != '-' || (day = read_digits(text + 8, 2)) < 1 || day > month_days[m - 1])
		return 0;
	leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (m == 2 && day == 29 && !leap)
		return 0;
	*d = days_from_civil(y, m, day);
	return 10;
}

/* Append a node as kind:id. */
static bool
append_node(DealText *out, const Graph *g, uint32_t i)
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
				append_node(out, g, u) &&
				deal_text_append(out, " -%s-> ", g->edge_kind_names[graph_edge_kind(g, e)]) &&
				append_node(out, g, g->dst[e]) &&
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
			ok = deal_text_append(out, first ? "" : "; ") && append_node(out, g, i);
			first = false;
		}
	}
	deal_release(out->alloc, linked);
	if (!ok || !deal_text_append(out, "}"))
		return deal_fail(st, DEAL_NO_MEMORY, -1, "No memory for a graph's text.");
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

/* ------------------------------------------------------------------------------------------
 * Graphviz
 * ------------------------------------------------------------------------------------------ */

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
		ok = deal_text_append(out, "  \"") && append_node(out, g, i) &&
			deal_text_append(out, "\" [fillcolor=\"%s\"];\n", palette[graph_node_kind(g, i) % 8]);
	}
	for (uint32_t u = 0; ok && u < g->n_nodes; u++)
	{
		DEAL_CHECK_INTERRUPTS(intr, u);
		for (uint32_t e = g->edge_start[u]; ok && e < g->edge_start[u + 1]; e++)
		{
			if (!graph_edge_passes(g, f, e))
				continue;
			ok = deal_text_append(out, "  \"") && append_node(out, g, u) &&
				deal_text_append(out, "\" -> \"") && append_node(out, g, g->dst[e]) &&
				deal_text_append(out, "\" [label=\"%s\"];\n", g->edge_kind_names[graph_edge_kind(g, e)]);
		}
	}
	if (!ok || !deal_text_append(out, "}\n"))
		return deal_fail(st, DEAL_NO_MEMORY, -1, "No memory for a graph's Graphviz text.");
	return DEAL_OK;
}
