#!/usr/bin/python3
"""Cross-check deal's graph readers against networkx on random graphs.

Run against a server with deal installed (PGHOST etc. set, as tools/pgcluster does):
random graphs with several node and edge kinds, validity ranges, self-loops, duplicate
edges and lone nodes are loaded as deal.graph values; components, articulation points,
neighbourhoods and shortest path lengths, with and without kind and date filters, are
compared with networkx's answers on the same graphs.  Exits non-zero on any disagreement.
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


def main():
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


if __name__ == "__main__":
    main()
