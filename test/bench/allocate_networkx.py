#!/usr/bin/python3
"""The allocation benchmark's other side: networkx's network simplex on the same pairs.

Reads person,asset,score,capacity rows (CSV), solves the same problem as deal.allocate
(each person at most one asset, capacities, maximum total score: min-cost flow with scores
scaled to integer thousandths), prints its time and total, and records them in bench.result
(measure in BENCH_MEASURE), with whether the total equals deal's, which the caller passes in
DEAL_TOTAL.
"""

import csv
import os
import sys
import time

from record import record

try:
    import networkx as nx
except ImportError:
    sys.exit("networkx is not installed: tools/bootstrap installs python3-networkx")


def main():
    with open(sys.argv[1]) as f:
        rows = list(csv.reader(f))
    people = {int(r[0]) for r in rows}
    g = nx.DiGraph()
    g.add_node("s", demand=-len(people))
    g.add_node("t", demand=len(people))
    capacity = {}
    for p in people:
        g.add_edge("s", ("p", p), capacity=1, weight=0)
        g.add_edge(("p", p), "t", capacity=1, weight=0)   # unallocated
    for person, asset, score, cap in rows:
        g.add_edge(("p", int(person)), ("a", int(asset)), capacity=1,
                   weight=-round(float(score) * 1000))
        capacity[int(asset)] = int(cap)
    for asset, cap in capacity.items():
        g.add_edge(("a", asset), "t", capacity=cap, weight=0)
    started = time.perf_counter()
    cost, _ = nx.network_simplex(g)
    ms = (time.perf_counter() - started) * 1000
    total = -cost / 1000
    same = abs(total - float(os.environ["DEAL_TOTAL"])) < 1e-6
    print(f"networkx {nx.__version__} network_simplex: total score {total:.3f} "
          f"({'the same' if same else 'NOT the same'} as deal's), {ms:.0f} ms (solve only)")
    record("allocate", os.environ["BENCH_MEASURE"], "alternative",
           f"networkx {nx.__version__} `network_simplex`", ms, 1, same,
           "the solve alone, the graph built before", f"total score {total:.3f}")


if __name__ == "__main__":
    main()
