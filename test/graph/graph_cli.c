/*
 * graph_cli.c: a command-line driver of the graph core, for test/graph/crosscheck.py.
 *
 *   graph_cli [--kinds a,b] [--as-of YYYY-MM-DD] COMMAND [ARGUMENTS] < graph-text
 *   graph_cli batch < graph lines and command lines
 *
 * reads a graph in the text form on stdin and prints the answer to one command, one item a
 * line:
 *
 *   components              kind:id component   for every node, in node order
 *   articulation            kind:id             for every articulation point
 *   bfs KIND ID HOPS        kind:id hops        for every node within HOPS, nearest first
 *   path KIND ID KIND ID    kind:id             the nodes of a shortest path, or nothing
 *   teams FAMILY INVOLVED   component members professionals lead reach   for every family
 *                           (FAMILY and INVOLVED: comma-separated edge kinds; lead "-" if none)
 *   text                    the canonical text form
 *
 * --kinds follows only those edge kinds (an empty list follows none), --as-of only the edges
 * valid on that date (for teams, --as-of applies to both filters).  With "batch", stdin is
 * lines of two sorts: a graph in the text form on one line (it starts with "{"), and commands
 * with their options about the graph last read; the answer to each command is followed by a
 * line "%%", and an error is an answer line starting "error:".  So one process answers many
 * graphs.  Otherwise an error goes to stderr with exit status 1 (2 for bad usage; a graph
 * that does not parse is 1 in either mode).  Everything allocated is freed, so that a leak
 * checker can watch the core.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "graph.h"

#define MAX_WORDS 16

/* malloc for the core. */
static void *
cli_alloc(void *ctx, size_t size)
{
	(void) ctx;
	return malloc(size);
}

/* realloc for the core. */
static void *
cli_resize(void *ctx, void *ptr, size_t size)
{
	(void) ctx;
	return realloc(ptr, size);
}

/* free for the core. */
static void
cli_release(void *ctx, void *ptr)
{
	(void) ctx;
	free(ptr);
}

static const DealAllocator alloc = {cli_alloc, cli_resize, cli_release, NULL};

/* Where answers and errors go: batch answers errors on stdout, a single command on stderr. */
static bool batch_mode = false;

static int	fail(const char *fmt,...) __attribute__((format(printf, 1, 2)));

/* Report an error; returns 1, the exit status of a failed command. */
static int
fail(const char *fmt,...)
{
	FILE	   *out = batch_mode ? stdout : stderr;
	va_list		args;

	fputs(batch_mode ? "error: " : "graph_cli: ", out);
	va_start(args, fmt);
	vfprintf(out, fmt, args);
	va_end(args);
	fputc('\n', out);
	return 1;
}

/* Read all of stdin into a NUL-terminated string, or NULL. */
static char *
read_stdin(void)
{
	size_t		len = 0;
	size_t		capacity = 4096;
	char	   *buf = malloc(capacity);
	size_t		n;

	while (buf != NULL && (n = fread(buf + len, 1, capacity - len - 1, stdin)) > 0)
	{
		len += n;
		if (capacity - len - 1 == 0)
		{
			char	   *grown = realloc(buf, capacity * 2);

			if (grown == NULL)
				free(buf);
			buf = grown;
			capacity *= 2;
		}
	}
	if (buf != NULL)
		buf[len] = '\0';
	return buf;
}

/* Set flags (one per edge kind of g) for the comma-separated kinds; unknown names are ignored. */
static void
parse_kinds(const Graph *g, const char *list, bool *flags)
{
	const char *p = list;

	memset(flags, 0, (g->n_edge_kinds + 1) * sizeof(bool));
	while (*p != '\0')
	{
		size_t		len = strcspn(p, ",");
		uint32_t	k = len > 0 ? graph_find_edge_kind(g, p, len) : GRAPH_NO_NODE;

		if (k != GRAPH_NO_NODE)
			flags[k] = true;
		p += len;
		if (*p == ',')
			p++;
	}
}

/* Parse an integer argument into *v within [lo, hi]; false if it is not one. */
static bool
parse_int(const char *text, long long lo, long long hi, long long *v)
{
	char	   *end;

	errno = 0;
	*v = strtoll(text, &end, 10);
	return errno == 0 && end != text && *end == '\0' && *v >= lo && *v <= hi;
}

/* Find node (kind, id-text) of g into *node; an error answer if there is none. */
static int
find_node(const Graph *g, const char *kind, const char *id_text, uint32_t *node)
{
	long long	id;

	if (!parse_int(id_text, INT64_MIN, INT64_MAX, &id))
		return fail("bad node id \"%s\"", id_text);
	*node = graph_find_node(g, kind, strlen(kind), (int64_t) id);
	if (*node == GRAPH_NO_NODE)
		return fail("unknown node %s:%s", kind, id_text);
	return 0;
}

/* Print node i as kind:id, without a newline. */
static void
print_node(const Graph *g, uint32_t i)
{
	printf("%s:%lld", g->node_kind_names[graph_node_kind(g, i)], (long long) graph_node_id(g, i));
}

/* components: every node and its component. */
static int
cmd_components(const Graph *g, const GraphFilter *f)
{
	uint32_t   *component = malloc(((size_t) g->n_nodes + 1) * sizeof(uint32_t));
	DealStatus	st;

	if (component == NULL || graph_components(g, f, component, &alloc, NULL, &st) < 0)
	{
		free(component);
		return fail("out of memory");
	}
	for (uint32_t i = 0; i < g->n_nodes; i++)
	{
		print_node(g, i);
		printf(" %u\n", component[i]);
	}
	free(component);
	return 0;
}

/* articulation: every articulation point. */
static int
cmd_articulation(const Graph *g, const GraphAdjacency *adj)
{
	bool	   *is_cut = malloc((size_t) g->n_nodes + 1);
	DealStatus	st;

	if (is_cut == NULL || graph_articulation_points(g, adj, is_cut, &alloc, NULL, &st) != DEAL_OK)
	{
		free(is_cut);
		return fail("out of memory");
	}
	for (uint32_t i = 0; i < g->n_nodes; i++)
		if (is_cut[i])
		{
			print_node(g, i);
			putchar('\n');
		}
	free(is_cut);
	return 0;
}

/* Work arrays of a breadth-first search. */
typedef struct Search
{
	int32_t    *hops;
	uint32_t   *parent;
	uint32_t   *queue;
} Search;

/* Allocate a search over n nodes, hops all -1; false when out of memory. */
static bool
search_init(Search *s, uint32_t n)
{
	s->hops = malloc(((size_t) n + 1) * sizeof(int32_t));
	s->parent = malloc(((size_t) n + 1) * sizeof(uint32_t));
	s->queue = malloc(((size_t) n + 1) * sizeof(uint32_t));
	if (s->hops == NULL || s->parent == NULL || s->queue == NULL)
		return false;
	for (uint32_t i = 0; i < n; i++)
		s->hops[i] = -1;
	return true;
}

/* Free a search. */
static void
search_free(Search *s)
{
	free(s->hops);
	free(s->parent);
	free(s->queue);
}

/* bfs KIND ID HOPS: the nodes within HOPS of the start, nearest first. */
static int
cmd_bfs(const Graph *g, const GraphAdjacency *adj, char **words)
{
	long long	max_hops;
	uint32_t	start;
	Search		s;
	size_t		reached;

	if (find_node(g, words[0], words[1], &start) != 0)
		return 1;
	if (!parse_int(words[2], 0, INT32_MAX, &max_hops))
		return fail("bad hops \"%s\"", words[2]);
	if (!search_init(&s, g->n_nodes))
	{
		search_free(&s);
		return fail("out of memory");
	}
	reached = graph_bfs(adj, start, (int32_t) max_hops, GRAPH_NO_NODE, s.hops, NULL, s.queue, NULL);
	for (size_t i = 0; i < reached; i++)
	{
		print_node(g, s.queue[i]);
		printf(" %d\n", s.hops[s.queue[i]]);
	}
	search_free(&s);
	return 0;
}

/* path KIND ID KIND ID: the nodes of a shortest path, from the first to the second. */
static int
cmd_path(const Graph *g, const GraphAdjacency *adj, char **words)
{
	uint32_t	from,
				to;
	Search		s;
	uint32_t   *path;

	if (find_node(g, words[0], words[1], &from) != 0 || find_node(g, words[2], words[3], &to) != 0)
		return 1;
	if (!search_init(&s, g->n_nodes))
	{
		search_free(&s);
		return fail("out of memory");
	}
	graph_bfs(adj, from, INT32_MAX, to, s.hops, s.parent, s.queue, NULL);
	if (s.hops[to] >= 0)
	{
		int32_t		n = s.hops[to] + 1;
		uint32_t	v = to;

		path = malloc((size_t) n * sizeof(uint32_t));
		if (path == NULL)
		{
			search_free(&s);
			return fail("out of memory");
		}
		/* back from the end by parent edges, each edge's other end */
		for (int32_t i = n - 1; i >= 0; i--)
		{
			path[i] = v;
			if (i > 0)
			{
				uint32_t	e = s.parent[v];
				uint32_t	src = graph_edge_src(g, e);

				v = src == v ? g->dst[e] : src;
			}
		}
		for (int32_t i = 0; i < n; i++)
		{
			print_node(g, path[i]);
			putchar('\n');
		}
		free(path);
	}
	search_free(&s);
	return 0;
}

/* teams FAMILY INVOLVED: every family and the team around it. */
static int
cmd_teams(const Graph *g, const GraphFilter *date, char **words)
{
	bool	   *family_kinds = malloc((size_t) g->n_edge_kinds + 1);
	bool	   *involvement_kinds = malloc((size_t) g->n_edge_kinds + 1);
	GraphFilter family = *date;
	GraphFilter involvement = *date;
	GraphTeam  *teams = NULL;
	DealStatus	st;
	int64_t		n = -1;

	if (family_kinds != NULL && involvement_kinds != NULL)
	{
		parse_kinds(g, words[0], family_kinds);
		parse_kinds(g, words[1], involvement_kinds);
		family.kinds = family_kinds;
		involvement.kinds = involvement_kinds;
		n = graph_teams(g, &family, &involvement, &teams, &alloc, NULL, &st);
	}
	for (int64_t t = 0; t < n; t++)
	{
		printf("%u %u %u ", teams[t].component, teams[t].members, teams[t].professionals);
		if (teams[t].lead == GRAPH_NO_NODE)
			putchar('-');
		else
			print_node(g, teams[t].lead);
		printf(" %u\n", teams[t].lead_reach);
	}
	free(teams);
	free(family_kinds);
	free(involvement_kinds);
	return n < 0 ? fail("out of memory") : 0;
}

/* text: the canonical text form. */
static int
cmd_text(const Graph *g)
{
	DealText	out = {.alloc = &alloc};
	DealStatus	st;

	if (graph_to_text(g, &out, NULL, &st) != DEAL_OK)
	{
		free(out.data);
		return fail("%s", st.detail);
	}
	puts(out.data);
	free(out.data);
	return 0;
}

/* Run one command given as words (options first) on g; returns 0, 1 on error, 2 on bad usage. */
static int
run(const Graph *g, char **words, int n)
{
	GraphFilter f = {0};
	bool	   *kinds = NULL;
	const char *command;
	int			i = 0;
	int			status;

	/* the options */
	while (i < n && strncmp(words[i], "--", 2) == 0)
	{
		if (strcmp(words[i], "--kinds") == 0 && i + 1 < n)
		{
			free(kinds);
			kinds = malloc((size_t) g->n_edge_kinds + 1);
			if (kinds == NULL)
				return fail("out of memory");
			parse_kinds(g, words[i + 1], kinds);
			f.kinds = kinds;
		}
		else if (strcmp(words[i], "--as-of") == 0 && i + 1 < n)
		{
			if (graph_parse_date(words[i + 1], &f.date) != 10 || words[i + 1][10] != '\0')
			{
				free(kinds);
				fail("bad date \"%s\"", words[i + 1]);
				return 2;
			}
			f.has_date = true;
		}
		else
		{
			free(kinds);
			fail("unknown option \"%s\"", words[i]);
			return 2;
		}
		i += 2;
	}
	if (i == n)
	{
		free(kinds);
		fail("no command");
		return 2;
	}
	command = words[i++];
	words += i;
	n -= i;

	if (strcmp(command, "components") == 0 && n == 0)
		status = cmd_components(g, &f);
	else if (strcmp(command, "text") == 0 && n == 0)
		status = cmd_text(g);
	else if (strcmp(command, "teams") == 0 && n == 2)
		status = cmd_teams(g, &f, words);
	else if ((strcmp(command, "articulation") == 0 && n == 0) ||
			 (strcmp(command, "bfs") == 0 && n == 3) ||
			 (strcmp(command, "path") == 0 && n == 4))
	{
		GraphAdjacency adj;
		DealStatus	st;

		if (graph_adjacency(g, &f, &adj, &alloc, NULL, &st) != DEAL_OK)
			status = fail("%s", st.detail);
		else
		{
			if (command[0] == 'a')
				status = cmd_articulation(g, &adj);
			else if (command[0] == 'b')
				status = cmd_bfs(g, &adj, words);
			else
				status = cmd_path(g, &adj, words);
			graph_adjacency_free(&adj, &alloc);
		}
	}
	else
	{
		fail("unknown command or wrong arguments: \"%s\"", command);
		status = 2;
	}
	free(kinds);
	return status;
}

/* Parse text into a flat form and open it; an error answer on failure. */
static int
load(const char *text, char **flat, Graph *g)
{
	GraphBuilder b;
	DealStatus	st;
	size_t		len;

	graph_builder_init(&b, &alloc);
	if (graph_parse(&b, text, NULL, &st) != DEAL_OK ||
		graph_flatten(&b, 0, flat, &len, NULL, &st) != DEAL_OK)
	{
		graph_builder_free(&b);
		fprintf(stderr, "graph_cli: bad graph at character %d: %s\n", st.position + 1, st.detail);
		return 1;
	}
	graph_builder_free(&b);
	if (graph_open(g, *flat, len, &alloc, &st) != DEAL_OK)
	{
		free(*flat);
		*flat = NULL;
		fprintf(stderr, "graph_cli: %s\n", st.detail);
		return 1;
	}
	return 0;
}

/* Split line into at most MAX_WORDS blank-separated words in place; returns how many, or -1. */
static int
split_words(char *line, char **words)
{
	int			n = 0;
	char	   *save = NULL;

	for (char *w = strtok_r(line, " \t\r", &save); w != NULL; w = strtok_r(NULL, " \t\r", &save))
	{
		if (n == MAX_WORDS)
			return -1;
		words[n++] = w;
	}
	return n;
}

/* Read the graph and run the command of the arguments, or the commands of stdin. */
int
main(int argc, char **argv)
{
	char	   *input = read_stdin();
	char	   *flat = NULL;
	Graph		g;
	int			status = 0;

	if (input == NULL)
	{
		fprintf(stderr, "graph_cli: cannot read stdin\n");
		return 1;
	}
	batch_mode = argc == 2 && strcmp(argv[1], "batch") == 0;
	if (!batch_mode)
	{
		if (argc < 2)
		{
			fprintf(stderr, "usage: graph_cli [--kinds a,b] [--as-of YYYY-MM-DD] "
					"components | articulation | bfs KIND ID HOPS | path KIND ID KIND ID | "
					"teams FAMILY INVOLVED | text  < graph\n       graph_cli batch < graph and command lines\n");
			free(input);
			return 2;
		}
		if (load(input, &flat, &g) == 0)
		{
			status = run(&g, argv + 1, argc - 1);
			graph_close(&g, &alloc);
			free(flat);
		}
		else
			status = 1;
	}
	else
	{
		char	   *rest = input;
		bool		loaded = false;

		while (status == 0 && rest != NULL && *rest != '\0')
		{
			char	   *line = rest;
			char	   *words[MAX_WORDS];
			int			n;

			rest = strchr(line, '\n');
			if (rest != NULL)
				*rest++ = '\0';
			if (line[strspn(line, " \t\r")] == '{')
			{
				/* a new graph */
				if (loaded)
				{
					graph_close(&g, &alloc);
					free(flat);
				}
				loaded = load(line, &flat, &g) == 0;
				if (!loaded)
					status = 1;
				continue;
			}
			n = split_words(line, words);
			if (n == 0)
				continue;
			if (!loaded)
			{
				fail("a command before any graph");
				status = 2;
			}
			else if (n < 0 || run(&g, words, n) == 2)
				status = 2;
			puts("%%");
		}
		if (loaded)
		{
			graph_close(&g, &alloc);
			free(flat);
		}
	}
	free(input);
	if (fflush(stdout) != 0)
		status = 1;
	return status;
}
