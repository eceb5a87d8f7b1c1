#!/usr/bin/python3
"""The allocation benchmark's other side: networkx's network simplex on the same pairs.

Reads person,asset,score,capacity rows (CSV), solves the same problem as deal.allocate
(each person at most one asset, capacities, maximum total score: min-cost flow with scores
scaled to integer thousandths) and prints its time and total against deal's, which the
caller passes in DEAL_TOTAL and DEAL_MS.
"""

import csv
import os
import sys
import time

try:
    import networkx as nx
except ImportError:
    sys.exit("networkx is not installed: tools/bootstrap installs python3-networkx")


def main():
    rows = list(csv.reader(open(sys.argv[1])))
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
    started = time.time()
    cost, _ = nx.network_simplex(g)
    ms = (time.time() - started) * 1000
    total = -cost / 1000
    deal_total = float(os.environ.get("DEAL_TOTAL", "nan"))
    deal_ms = float(os.environ.get("DEAL_MS", "nan"))
    print(f"networkx {nx.__version__} network_simplex: total score {total:.3f}, {ms:.0f} ms (solve only)")
    print(f"same optimal total: {'yes' if abs(total - deal_total) < 1e-6 else 'NO'}; "
          f"deal is {ms / deal_ms:.1f}x faster")


if __name__ == "__main__":
    main()
