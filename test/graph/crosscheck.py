#!/usr/bin/python3
"""Cross-check deal's graph algorithms against networkx on random graphs.

Two ways to run it, on different random graphs:

  test/graph/crosscheck.py --driver PATH
      through test/graph/graph_cli (the C core alone, built by test/graph/run): a few
      hundred random graphs with several node and edge kinds in mixed case, multi-edges,
      reversed and duplicate edges, self-loops, lone nodes, validity ranges (bounded,
      half-open and empty) and random kind and date filters; checked: the canonical text
      form, components and their numbering, articulation points, neighbourhoods within a
      number of hops, shortest paths (each step an edge, the right length), teams around
      families, and errors for unknown nodes.

  test/graph/crosscheck.py
      against a server with deal installed (PGHOST etc. set, as tools/pgcluster does):
      random graphs are loaded as deal.graph values; components, articulation points,
      neighbourhoods and shortest path lengths, with and without kind and date filters, are
      compared with networkx's answers on the same graphs.

Either exits non-zero, naming the graph and what disagrees, on any disagreement.
"""

import csv
import datetime
import io
import random
import subprocess
import sys

import networkx as nx

GRAPHS = 300
NODE_KINDS = ["person", "household", "worker"]
EDGE_KINDS = ["parent_of", "lives_at", "involved_with"]
BASE = datetime.date(2020, 1, 1)
AS_OF = [None, BASE + datetime.timedelta(days=5), BASE + datetime.timedelta(days=12)]


def random_graph(rng):
    """A random graph: (nodes, edges) with edges (src, dst, kind, from, to)."""
    n = rng.randint(1, 40)
    nodes = sorted({(rng.choice(NODE_KINDS), rng.randint(-5, 60)) for _ in range(n)})
    edges = []
    for _ in range(rng.randint(0, 80)):
        a, b = rng.choice(nodes), rng.choice(nodes)
        lo = hi = None
        shape = rng.randint(0, 3)
        if shape in (1, 3):
            lo = BASE + datetime.timedelta(days=rng.randint(0, 10))
        if shape in (2, 3):
            hi = (lo or BASE) + datetime.timedelta(days=rng.randint(1, 10))
        edge = (a, b, rng.choice(EDGE_KINDS), lo, hi)
        edges.append(edge)
        if rng.random() < 0.1:
            edges.append(edge)  # a duplicate
    return nodes, edges


def text_form(nodes, edges):
    """The deal.graph text of a random graph (lone nodes listed too)."""
    items = []
    for (ak, ai), (bk, bi), kind, lo, hi in edges:
        item = f"{ak}:{ai} -{kind}-> {bk}:{bi}"
        if lo or hi:
            item += " " + ("[" + lo.isoformat() if lo else "(") + "," + (hi.isoformat() if hi else "") + ")"
        items.append(item)
    items += [f"{k}:{i}" for k, i in nodes]
    return "{" + "; ".join(items) + "}"


def nx_graph(nodes, edges, kinds, as_of):
    """The networkx graph of the edges passing the filter (self-loops dropped)."""
    g = nx.Graph()
    g.add_nodes_from(nodes)
    for a, b, kind, lo, hi in edges:
        if kinds is not None and kind not in kinds:
            continue
        if as_of is not None and ((lo and as_of < lo) or (hi and as_of >= hi)):
            continue
        if a != b:
            g.add_edge(a, b)
    return g


def filter_sql(kinds, as_of):
    """The kinds and as_of arguments of a reader call."""
    k = "NULL" if kinds is None else "'{" + ",".join(kinds) + "}'"
    d = "NULL" if as_of is None else f"'{as_of.isoformat()}'"
    return f"{k}, {d}"


def psql(script):
    """Run a script in psql; return its CSV output rows."""
    out = subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "--csv", "-t", "-f", "-"],
                         input=script, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit("crosscheck: psql failed:\n" + out.stderr)
    return list(csv.reader(io.StringIO(out.stdout)))


def server_main():
    """The cross-check through a server."""
    rng = random.Random(20261122)
    cases = []
    script = ["CREATE EXTENSION IF NOT EXISTS deal;", "CREATE TEMP TABLE graphs (id int, g deal.graph);",
              "COPY graphs FROM stdin;"]
    for gid in range(GRAPHS):
        nodes, edges = random_graph(rng)
        kinds = rng.choice([None, EDGE_KINDS[:1], EDGE_KINDS[:2], EDGE_KINDS[1:]])
        as_of = rng.choice(AS_OF)
        start = rng.choice(nodes)
        end = rng.choice(nodes)
        hops = rng.randint(0, 4)
        cases.append((gid, nodes, edges, kinds, as_of, start, end, hops))
        script.append(f"{gid}\t{text_form(nodes, edges)}")
    script.append("\\.")
    for gid, nodes, edges, kinds, as_of, start, end, hops in cases:
        f = filter_sql(kinds, as_of)
        script.append(f"SELECT 'c', {gid}, node_kind, node_id, component FROM graphs, deal.components(g, {f}) WHERE id = {gid};")
        script.append(f"SELECT 'a', {gid}, node_kind, node_id, 0 FROM graphs, deal.articulation_points(g, {f}) WHERE id = {gid};")
        script.append(f"SELECT 'n', {gid}, node_kind, node_id, hops FROM graphs, "
                      f"deal.neighbourhood(g, '{start[0]}', {start[1]}, {hops}, {f}) WHERE id = {gid};")
        script.append(f"SELECT 'p', {gid}, '', count(*) - 1, 0 FROM graphs, "
                      f"deal.shortest_path(g, '{start[0]}', {start[1]}, '{end[0]}', {end[1]}, {f}) WHERE id = {gid};")
    rows = psql("\n".join(script) + "\n")

    got = {}
    for tag, gid, kind, nid, value in rows:
        got.setdefault((tag, int(gid)), []).append((kind, int(nid), int(value)))

    failures = 0
    for gid, nodes, edges, kinds, as_of, start, end, hops in cases:
        g = nx_graph(nodes, edges, kinds, as_of)
        problems = []

        # components: the same partition, numbered 1..C by smallest member
        comp = {(k, i): c for k, i, c in got.get(("c", gid), [])}
        expected = {}
        order = sorted(nx.connected_components(g), key=min)
        for number, members in enumerate(order, 1):
            for v in members:
                expected[v] = number
        if comp != expected:
            problems.append("components")

        # articulation points
        if {(k, i) for k, i, _ in got.get(("a", gid), [])} != set(nx.articulation_points(g)):
            problems.append("articulation points")

        # neighbourhood within hops
        near = {(k, i): h for k, i, h in got.get(("n", gid), [])}
        if near != nx.single_source_shortest_path_length(g, start, cutoff=hops):
            problems.append("neighbourhood")

        # shortest path length (no rows: count 0, so -1)
        length = got[("p", gid)][0][1]
        want = nx.shortest_path_length(g, start, end) if nx.has_path(g, start, end) else -1
        if length != want:
            problems.append(f"shortest path ({length} against {want})")

        if problems:
            failures += 1
            print(f"crosscheck: graph {gid} disagrees on {', '.join(problems)}: "
                  f"{text_form(nodes, edges)} kinds={kinds} as_of={as_of}", file=sys.stderr)
    if failures:
        sys.exit(f"crosscheck: {failures} of {GRAPHS} graphs disagree with networkx")
    print(f"crosscheck: {GRAPHS} graphs agree with networkx {nx.__version__} "
          "(components, articulation points, neighbourhoods, shortest paths)")


# ------------------------------------------------------------------------------------------
# Through the C driver
# ------------------------------------------------------------------------------------------

DRIVER_GRAPHS = 600
DRIVER_NODE_KINDS = ["person", "household", "worker", "gp", "school_2"]
DRIVER_EDGE_KINDS = ["parent_of", "lives_at", "involved_with", "knows", "sibling_of"]
DAY_ZERO = datetime.date(2000, 1, 1)
NO_LOWER = -2 ** 31
NO_UPPER = 2 ** 31 - 1
NOWHERE = ("nobody", 1)


def mixed_case(rng, name):
    """name with its letters in random case, as the core folds them."""
    return "".join(c.upper() if rng.random() < 0.3 else c for c in name)


def node_text(node):
    """kind:id of a node."""
    return f"{node[0]}:{node[1]}"


def driver_graph(rng):
    """A random graph: sorted nodes and edges (src, dst, kind, lo, hi, empty)."""
    node_kinds = rng.sample(DRIVER_NODE_KINDS, rng.randint(1, len(DRIVER_NODE_KINDS)))
    edge_kinds = rng.sample(DRIVER_EDGE_KINDS, rng.randint(1, len(DRIVER_EDGE_KINDS)))
    n = 0 if rng.random() < 0.03 else rng.choice([1, 2, 3, rng.randint(1, 12), rng.randint(4, 30),
                                                  rng.randint(4, 30), rng.randint(10, 45)])
    nodes = set()
    while len(nodes) < n:
        if rng.random() < 0.1:
            node_id = rng.randint(-2 ** 63, 2 ** 63 - 1)
        else:
            node_id = rng.randint(-5, 30)
        nodes.add((rng.choice(node_kinds), node_id))
    nodes = sorted(nodes)
    edges = []
    # sparse graphs have cut nodes to find; dense ones have cycles
    m = 0 if not nodes else rng.choice([rng.randint(0, n), rng.randint(n // 2, 2 * n + 2), rng.randint(0, 3 * n)])
    for _ in range(m):
        r = rng.random()
        if edges and r < 0.08:
            edges.append(rng.choice(edges))  # an exact duplicate
            continue
        if edges and r < 0.25:
            a, b = rng.choice(edges)[:2]  # a parallel or reversed edge
            if rng.random() < 0.5:
                a, b = b, a
        else:
            a = rng.choice(nodes)
            b = a if rng.random() < 0.07 else rng.choice(nodes)
        lo = hi = None
        empty = False
        shape = rng.random()
        if shape < 0.1:
            empty = True
        elif shape < 0.6:
            if shape < 0.45:
                lo = BASE + datetime.timedelta(days=rng.randint(0, 20))
            if shape >= 0.3:
                hi = (lo or BASE) + datetime.timedelta(days=rng.randint(1, 10))
        edges.append((a, b, rng.choice(edge_kinds), lo, hi, empty))
    return nodes, edges


def random_validity(rng):
    """A random validity: (lo, hi, empty), mostly always valid."""
    shape = rng.random()
    if shape < 0.05:
        return None, None, True
    if shape < 0.7:
        return None, None, False
    lo = BASE + datetime.timedelta(days=rng.randint(0, 20)) if shape < 0.9 else None
    hi = (lo or BASE) + datetime.timedelta(days=rng.randint(1, 10)) if shape >= 0.8 else None
    return lo, hi, False


def borough_graph(rng):
    """A random borough: families (people and a household), and professionals involved with them."""
    nodes = set()
    edges = []
    people = []
    households = []
    for family in range(rng.randint(1, 6)):
        household = ("household", family * 10 + rng.randint(0, 9))
        members = [("person", family * 100 + i) for i in range(rng.randint(1, 5))]
        nodes.update(members + [household])
        people += members
        households.append(household)
        for i, member in enumerate(members):
            edges.append((member, household, "lives_at", *random_validity(rng)))
            if i > 0 and rng.random() < 0.6:
                edges.append((members[0], member, rng.choice(["parent_of", "sibling_of"]), *random_validity(rng)))
    if rng.random() < 0.5:
        edges.append((rng.choice(people), rng.choice(people), "knows", *random_validity(rng)))
    for i in range(rng.randint(0, 8)):
        professional = (rng.choice(["worker", "gp", "school_2"]), rng.randint(-3, 12))
        nodes.add(professional)
        for _ in range(rng.randint(1, 5)):
            member = rng.choice(people + households)
            edge = (professional, member) if rng.random() < 0.7 else (member, professional)
            edges.append((*edge, "involved_with", *random_validity(rng)))
    return sorted(nodes), edges


def driver_text(rng, nodes, edges):
    """The text of a random graph: items shuffled, kinds in mixed case, lone nodes listed."""
    items = []
    for a, b, kind, lo, hi, empty in edges:
        item = f"{mixed_case(rng, a[0])}:{a[1]} -{mixed_case(rng, kind)}-> {mixed_case(rng, b[0])}:{b[1]}"
        if empty:
            item += " empty"
        elif lo or hi:
            item += " " + ("[" + lo.isoformat() if lo else "(") + "," + (hi.isoformat() if hi else "") + ")"
        items.append(item)
    linked = {a for a, *_ in edges} | {b for _, b, *_ in edges}
    items += [f"{mixed_case(rng, k)}:{i}" for k, i in nodes if (k, i) not in linked or rng.random() < 0.1]
    rng.shuffle(items)
    blank = rng.choice([" ", "", "\t"])
    return "{" + blank + (";" + blank).join(items) + blank + "}"


def day_number(d):
    """Days since 2000-01-01."""
    return d.toordinal() - DAY_ZERO.toordinal()


def canonical_text(nodes, edges):
    """The text form the core should print: edges sorted and deduplicated, then lone nodes."""
    index = {v: i for i, v in enumerate(nodes)}
    keys = set()
    for a, b, kind, lo, hi, empty in edges:
        if empty:
            keys.add((index[a], index[b], kind, 0, 0))
        else:
            keys.add((index[a], index[b], kind, day_number(lo) if lo else NO_LOWER,
                      day_number(hi) if hi else NO_UPPER))
    items = []
    for a, b, kind, lo, hi in sorted(keys):
        item = f"{node_text(nodes[a])} -{kind}-> {node_text(nodes[b])}"
        if lo == hi:
            item += " empty"
        elif lo != NO_LOWER or hi != NO_UPPER:
            lo_text = "(" if lo == NO_LOWER else "[" + (DAY_ZERO + datetime.timedelta(days=lo)).isoformat()
            hi_text = "" if hi == NO_UPPER else (DAY_ZERO + datetime.timedelta(days=hi)).isoformat()
            item += f" {lo_text},{hi_text})"
        items.append(item)
    linked = {a for a, *_ in keys} | {b for _, b, *_ in keys}
    items += [node_text(v) for i, v in enumerate(nodes) if i not in linked]
    return "{" + "; ".join(items) + "}"


def passes(edge, kinds, as_of):
    """Does an edge pass a filter of edge kinds (None: all) and a date (None: any)?"""
    _, _, kind, lo, hi, empty = edge
    if kinds is not None and kind not in kinds:
        return False
    if as_of is None:
        return True
    return not empty and (lo is None or as_of >= lo) and (hi is None or as_of < hi)


def filtered_graph(nodes, edges, kinds, as_of):
    """The networkx graph of the edges passing a filter, every node included."""
    g = nx.Graph()
    g.add_nodes_from(nodes)
    g.add_edges_from((e[0], e[1]) for e in edges if passes(e, kinds, as_of))
    return g


def numbered_components(g):
    """Each node's component, numbered 1.. in order of each component's smallest node."""
    return {v: number for number, members in enumerate(sorted(nx.connected_components(g), key=min), 1)
            for v in members}


def expected_teams(nodes, edges, family, involvement, as_of):
    """The teams lines: component members professionals lead reach, for every family."""
    g = filtered_graph(nodes, edges, family, as_of)
    component = numbered_components(g)
    families = {component[e[0]] for e in edges if passes(e, family, as_of)}
    reach = {}
    for a, b, *_ in (e for e in edges if passes(e, involvement, as_of) and e[0] != e[1]):
        for member, other in ((a, b), (b, a)):
            if component[member] in families and component[other] != component[member]:
                reach.setdefault(component[member], {}).setdefault(other, set()).add(member)
    lines = []
    for c in sorted(families):
        members = sum(1 for v in nodes if component[v] == c)
        team = reach.get(c, {})
        lead = min(team, key=lambda p: (-len(team[p]), p)) if team else None
        lines.append(f"{c} {members} {len(team)} {node_text(lead) if lead else '-'} "
                     f"{len(team[lead]) if lead else 0}")
    return lines


def parse_node(text):
    """(kind, id) of kind:id."""
    kind, _, node_id = text.rpartition(":")
    return kind, int(node_id)


def filter_options(kinds, as_of):
    """The driver's options for a filter."""
    options = []
    if kinds is not None:
        options += ["--kinds", ",".join(kinds) or ","]
    if as_of is not None:
        options += ["--as-of", as_of.isoformat()]
    return options


def check_answer(command, lines, g):
    """Problems with the driver's answer lines to one command (without options) on graph g."""
    name, args = command[0], command[1:]
    if name == "components":
        got = {parse_node(v): int(c) for v, c in (line.split() for line in lines)}
        want = numbered_components(g)
        if got == want:
            return []
        wrong = sorted(v for v in set(got) | set(want) if got.get(v) != want.get(v))[:5]
        return ["components: " + ", ".join(f"{node_text(v)} in {got.get(v)}, not {want.get(v)}" for v in wrong)]
    if name == "articulation":
        got = {parse_node(line) for line in lines}
        want = set(nx.articulation_points(g))
        if got == want:
            return []
        return [f"articulation points: {sorted(map(node_text, got - want))} are not, "
                f"{sorted(map(node_text, want - got))} are missing"]
    if name == "bfs":
        start, hops = (args[0], int(args[1])), int(args[2])
        if start not in g:
            return [] if len(lines) == 1 and lines[0].startswith("error: unknown node") else ["bfs from an unknown node"]
        got = [(parse_node(v), int(h)) for v, h in (line.split() for line in lines)]
        problems = []
        if dict(got) != nx.single_source_shortest_path_length(g, start, cutoff=hops):
            problems.append(f"neighbourhood within {hops} hops")
        if [h for _, h in got] != sorted(h for _, h in got) or len(got) != len(dict(got)):
            problems.append("neighbourhood not nearest first")
        return problems
    if name == "path":
        start, end = (args[0], int(args[1])), (args[2], int(args[3]))
        if start not in g or end not in g:
            return [] if len(lines) == 1 and lines[0].startswith("error: unknown node") else ["path from an unknown node"]
        path = [parse_node(line) for line in lines]
        if not nx.has_path(g, start, end):
            return [] if not path else ["a path where there is none"]
        want = nx.shortest_path_length(g, start, end)
        if (len(path) != want + 1 or path[0] != start or path[-1] != end or
                any(not g.has_edge(u, v) for u, v in zip(path, path[1:]))):
            return [f"shortest path ({len(path) - 1} steps against {want})"]
        return []
    raise AssertionError(name)


def run_driver(driver, stdin, args=("batch",)):
    """Run the driver: its output lines, exit status and error output; exit on a crash."""
    out = subprocess.run([driver, *args], input=stdin, capture_output=True, text=True)
    if out.returncode != 0 and not (args != ("batch",) and out.returncode == 1):
        sys.exit(f"crosscheck: {driver} {' '.join(args)} failed ({out.returncode}):\n{out.stderr}\n"
                 f"input:\n{stdin}")
    return out.stdout.splitlines(), out.returncode, out.stderr


def batch_script(cases):
    """The driver's input for some cases: each graph's line, then its commands."""
    return "".join(text + "\n" + "".join(" ".join(c) + "\n" for c, _, _ in batch) for _, _, text, batch in cases)


def driver_cases(rng):
    """Random graphs, each with its text and the batch of commands to ask about it."""
    cases = []
    for _ in range(DRIVER_GRAPHS):
        nodes, edges = borough_graph(rng) if rng.random() < 0.3 else driver_graph(rng)
        text = driver_text(rng, nodes, edges)
        kinds_in_graph = sorted({e[2] for e in edges})
        whole = filtered_graph(nodes, edges, None, None)
        # each command, what answers it (a filtered graph, or the teams' filters), and its name
        batch = [(["text"], None, "text")]
        for _ in range(3):
            kinds = None
            if rng.random() < 0.6:
                kinds = rng.sample(kinds_in_graph, rng.randint(0, len(kinds_in_graph)))
                if rng.random() < 0.2:
                    kinds.append("not_a_kind")
            as_of = None if rng.random() < 0.4 else BASE + datetime.timedelta(days=rng.randint(-1, 22))
            g = filtered_graph(nodes, edges, kinds, as_of)
            options = filter_options(kinds, as_of)
            start, end = [rng.choice(nodes) if nodes and rng.random() < 0.95 else NOWHERE for _ in range(2)]
            if start != NOWHERE and end != NOWHERE and rng.random() < 0.5:
                end = rng.choice(sorted(nx.node_connected_component(whole, start)))  # often connected
            hops = rng.choice([0, 1, 2, 3, rng.randint(0, 50)])
            batch.append((options + ["components"], g, "components"))
            batch.append((options + ["articulation"], g, "articulation"))
            batch.append((options + ["bfs", start[0], str(start[1]), str(hops)], g, "bfs"))
            batch.append((options + ["path", start[0], str(start[1]), end[0], str(end[1])], g, "path"))
        if "involved_with" in kinds_in_graph and rng.random() < 0.6:
            family = [k for k in kinds_in_graph if k in ("parent_of", "sibling_of", "lives_at")]
            involvement = ["involved_with"]
        else:
            family = rng.sample(kinds_in_graph, rng.randint(0, len(kinds_in_graph)))
            others = [k for k in kinds_in_graph if k not in family] if rng.random() < 0.7 else kinds_in_graph
            involvement = rng.sample(others, rng.randint(0, len(others)))
        as_of = None if rng.random() < 0.5 else BASE + datetime.timedelta(days=rng.randint(-1, 22))
        batch.append((filter_options(None, as_of) + ["teams", ",".join(family) or ",", ",".join(involvement) or ","],
                      (family, involvement, as_of), "teams"))
        cases.append((nodes, edges, text, batch))
    return cases


def driver_main(driver):
    """The cross-check through the C driver: all graphs in one batch, a few one at a time."""
    rng = random.Random(20261123)
    cases = driver_cases(rng)
    out = subprocess.run([driver, "batch"], input=batch_script(cases), capture_output=True, text=True)
    if out.returncode != 0:
        # find the graph it fails on, and show just that
        for case in cases:
            run_driver(driver, batch_script([case]))
        sys.exit(f"crosscheck: {driver} batch failed ({out.returncode}):\n{out.stderr}")
    lines = out.stdout.splitlines()
    answers = [[]]
    for line in lines:
        if line == "%%":
            answers.append([])
        else:
            answers[-1].append(line)
    asked = sum(len(batch) for *_, batch in cases)
    if len(answers) != asked + 1 or answers[-1]:
        sys.exit(f"crosscheck: {driver} gave {len(answers) - 1} answers to {asked} commands")

    failures = 0
    commands_run = 0
    for gid, (nodes, edges, text, batch) in enumerate(cases):
        problems = []
        for command, expected, name in batch:
            answer = answers[commands_run]
            commands_run += 1
            if name == "text":
                want = canonical_text(nodes, edges)
                if answer != [want]:
                    problems.append(f"text form:\n    got  {answer}\n    want {want}")
            elif name == "teams":
                want = expected_teams(nodes, edges, *expected)
                if answer != want:
                    problems.append(f"{' '.join(command)}:\n    got  {answer}\n    want {want}")
            else:
                problems += [f"{p} ({' '.join(command)})"
                             for p in check_answer(command[command.index(name):], answer, expected)]

        # now and then, one command the ordinary way: the graph on stdin, the command in arguments
        if gid % 25 == 0:
            command, expected, name = batch[rng.randint(1, len(batch) - 2)]
            lines, status, err = run_driver(driver, text, tuple(command))
            if status == 1:
                lines = ["error: " + err.strip().removeprefix("graph_cli: ")]
            problems += [f"{p} ({' '.join(command)}, one command)"
                         for p in check_answer(command[command.index(name):], lines, expected)]

        if problems:
            failures += 1
            print(f"crosscheck: graph {gid} disagrees with networkx:\n  graph {text}\n  " + "\n  ".join(problems),
                  file=sys.stderr)
    if failures:
        sys.exit(f"crosscheck: {failures} of {DRIVER_GRAPHS} graphs disagree with networkx")
    print(f"crosscheck: {DRIVER_GRAPHS} graphs agree with networkx {nx.__version__} ({commands_run} commands: "
          "text form, components, articulation points, neighbourhoods, shortest paths, teams)")


def main():
    args = sys.argv[1:]
    if len(args) == 2 and args[0] == "--driver":
        driver_main(args[1])
    elif not args:
        server_main()
    else:
        sys.exit("usage: crosscheck.py [--driver PATH-TO-graph_cli]")


if __name__ == "__main__":
    main()
