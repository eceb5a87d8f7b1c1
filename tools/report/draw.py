#!/usr/bin/env python3
"""Draw the Deal report's pictures and gather them in one index.html.

    tools/report/draw.py OUTDIR

Reads what tools/report/report.sql wrote into OUTDIR (pyramid.json, needs.json, timings.json,
report.txt, and family.svg if Graphviz drew the family) and writes pyramid.svg, needs_map.svg,
needs_grid.svg and index.html there.  The Python standard library only; every picture is a plain
SVG file with its title, axes or legend, and the numbers it shows written on it.
"""
import html
import json
import math
import os
import sys

FONT = "font-family=\"Helvetica, Arial, sans-serif\""
INK = "#222"
GREY = "#666"


def esc(text):
    return html.escape(str(text), quote=True)


def thousands(n):
    return f"{int(round(n)):,}"


class Svg:
    """An SVG document built element by element."""

    def __init__(self, width, height, title):
        self.width, self.height = width, height
        self.parts = [
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" role="img" aria-label="{esc(title)}">',
            f"<title>{esc(title)}</title>",
            f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
        ]

    def add(self, element):
        self.parts.append(element)

    def text(self, x, y, s, size=13, anchor="start", weight="normal", fill=INK, extra=""):
        self.add(f'<text x="{x:.1f}" y="{y:.1f}" {FONT} font-size="{size}" text-anchor="{anchor}" '
                 f'font-weight="{weight}" fill="{fill}" {extra}>{esc(s)}</text>')

    def rect(self, x, y, w, h, fill, stroke="none", extra=""):
        self.add(f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" fill="{fill}" '
                 f'stroke="{stroke}" {extra}/>')

    def circle(self, x, y, r, fill, stroke="none", extra=""):
        self.add(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.2f}" fill="{fill}" stroke="{stroke}" {extra}/>')

    def line(self, x1, y1, x2, y2, stroke=GREY, width=1, extra=""):
        self.add(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{stroke}" '
                 f'stroke-width="{width}" {extra}/>')

    def write(self, path):
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(self.parts + ["</svg>"]) + "\n")


def pyramid_panel(svg, x0, width, top, layers, title, subtitle, notes):
    """One pyramid: layers from the top down, each (name, count, colour, lines of text) with a
    bar centred on the pyramid's axis whose width is proportional to its count."""
    svg.text(x0, top, title, size=17, weight="bold")
    svg.text(x0, top + 20, subtitle, size=12, fill=GREY)
    axis_width = width * 0.36
    cx = x0 + axis_width / 2
    biggest = max(count for _, count, _, _ in layers)
    y = top + 42
    height, gap = 62, 8
    for name, count, colour, lines in layers:
        w = max(axis_width * count / biggest, 2.0)
        svg.rect(cx - w / 2, y, w, height, colour, stroke="#555", extra='stroke-width="0.6"')
        tx = x0 + axis_width + 14
        svg.text(tx, y + 18, name, size=14, weight="bold")
        for i, line in enumerate(lines):
            svg.text(tx, y + 36 + 16 * i, line, size=12.5, fill="#333")
        y += height + gap
    for i, note in enumerate(notes):
        svg.text(x0, y + 14 + 16 * i, note, size=11.5, fill=GREY)


def draw_pyramid(data, path):
    svg = Svg(1290, 470, "The risk pyramid: frailty of the over-65s and 30-day readmission risk")
    svg.text(24, 34, f"The risk pyramid of the demo borough on {data['as_of']}", size=21, weight="bold")
    svg.text(24, 56, "Each bar's width is proportional to the number of people (or discharges) in its layer; "
             "the pyramids are drawn to separate scales.", size=12.5, fill=GREY)
    colours = {"fit": "#a9d6b5", "mild": "#f3d36b", "moderate": "#ec9a4a", "severe": "#c0392b"}
    efi = data["efi"]
    total = sum(c["people"] for c in efi)
    expected = {"fit": 50, "mild": 35, "moderate": 12, "severe": 3}
    layers = [(f"{c['category']} ({c['deficits']} deficits)", c["people"], colours[c["category"]],
               [f"{thousands(c['people'])} people, {c['percent']}% (Clegg et al.: about {expected[c['category']]}%)",
                f"{c['admitted_percent']}% had an emergency admission in the year"])
              for c in reversed(efi)]
    pyramid_panel(svg, 24, 600, 96, layers, f"Frailty (eFI) of the {thousands(total)} residents aged 65 and over",
                  "deal.efi_agg over coded deficits and medicines; deal.efi_category on the count of 36",
                  ["Emergency admissions: the borough's own records of the year to its date (the same year's",
                   "records as the eFI, so what goes with frailty, not a forecast)."])
    level_colours = {3: "#8e2c48", 2: "#d9738f", 1: "#f4d3dc"}
    rows = data["readmission"]
    held = sum(r["admissions"] for r in rows)
    layers = [(f"level {r['level']}: {r['name']}", r["admissions"], level_colours[r["level"]],
               [f"{thousands(r['admissions'])} discharges, {r['percent']}%",
                f"readmitted in 30 days: predicted {r['predicted_percent']}%, observed {r['observed_percent']}%"])
              for r in sorted(rows, key=lambda r: -r["level"])]
    pyramid_panel(svg, 644, 600, 96, layers,
                  f"30-day readmission risk of {thousands(held)} held-back discharges",
                  "deal.logistic_fit on 70% of patients; deal.risk_level ranks the other 30%",
                  [f"AUC on the held-back patients (deal.auc): {data['auc']} (LACE alone: {data['lace_auc']}).",
                   "Levels: top 5%, next 20%, the rest (the Kaiser Permanente pyramid)."])
    svg.write(path)


def lerp_colour(stops, t):
    """A colour along a list of (position, '#rrggbb') stops, t in [0, 1]."""
    t = min(max(t, 0.0), 1.0)
    for (p0, c0), (p1, c1) in zip(stops, stops[1:]):
        if t <= p1:
            f = 0 if p1 == p0 else (t - p0) / (p1 - p0)
            a = [int(c0[i:i + 2], 16) for i in (1, 3, 5)]
            b = [int(c1[i:i + 2], 16) for i in (1, 3, 5)]
            return "#" + "".join(f"{round(x + (y - x) * f):02x}" for x, y in zip(a, b))
    return stops[-1][1]


IMD_STOPS = [(0.0, "#54278f"), (0.5, "#bcbddc"), (1.0, "#f2f0f7")]
RATIO_STOPS = [(0.0, "#fff5eb"), (0.35, "#fdae6b"), (0.7, "#e6550d"), (1.0, "#7f2704")]


def draw_map(data, path):
    b = data["bounds"]
    lat0 = (b["south"] + b["north"]) / 2
    km_x = 111.32 * math.cos(math.radians(lat0))
    km_y = 110.57
    width_km = (b["east"] - b["west"]) * km_x
    height_km = (b["north"] - b["south"]) * km_y
    scale = 640 / width_km  # pixels per km
    mx, my = 30, 100

    def xy(lat, lon):
        return mx + (lon - b["west"]) * km_x * scale, my + (b["north"] - lat) * km_y * scale

    map_w, map_h = width_km * scale, height_km * scale
    clusters = data["clusters"]
    ratio = {c["id"]: (c["with_needs"] / c["places"] if c["places"] else None) for c in clusters}
    known = [r for r in ratio.values() if r is not None]
    top = max(known) if known else 1
    step = 10 ** math.floor(math.log10(top)) if top > 0 else 1
    if top / step < 3:
        step /= 2
    axis_max = math.ceil(top / step) * step

    svg = Svg(1300, int(my + map_h + 185), "Needs against community assets by neighbourhood cluster")
    svg.text(24, 34, f"Needs against community assets, by neighbourhood cluster, on {data['as_of']}", size=21,
             weight="bold")
    svg.text(24, 56, "Left: where residents with needs live (circles, one per cluster, numbered) and the venues of "
             "community places (squares). Right: residents with at least one need per place in each cluster.",
             size=12.5, fill=GREY)
    svg.text(24, 74, "Places: each asset's capacity (Open Referral UK service_capacity), counted in the cluster of "
             "its venue. Circles and bars share one colour scale.", size=12.5, fill=GREY)
    svg.rect(mx, my, map_w, map_h, "#fbfbf8", stroke="#999")
    for l in data["lsoas"]:
        x, y = xy(l["lat"], l["lon"])
        svg.circle(x, y, 6.5, lerp_colour(IMD_STOPS, (l["imd"] - 1) / 9), extra='opacity="0.7"')
    most_needs = max(c["with_needs"] for c in clusters)
    r_max = 38.0

    def bubble(n):
        return r_max * math.sqrt(n / most_needs)

    def ratio_colour(r):
        return "#bbbbbb" if r is None else lerp_colour(RATIO_STOPS, r / axis_max)

    for c in sorted(clusters, key=lambda c: -c["with_needs"]):
        x, y = xy(c["lat"], c["lon"])
        svg.circle(x, y, bubble(c["with_needs"]), ratio_colour(ratio[c["id"]]), stroke="#5a1e02",
                   extra='fill-opacity="0.55" stroke-width="1.2"')
    most_places = max(v["places"] for v in data["venues"])

    def venue_side(n):
        return 2.5 + 7.5 * math.sqrt(n / most_places)

    for v in data["venues"]:
        x, y = xy(v["lat"], v["lon"])
        s = venue_side(v["places"])
        svg.rect(x - s / 2, y - s / 2, s, s, "#08519c", stroke="#ffffff", extra='stroke-width="0.6"')
    for c in clusters:
        x, y = xy(c["lat"], c["lon"])
        svg.text(x, y + 5, str(c["id"]), size=14, anchor="middle", weight="bold",
                 extra='stroke="#ffffff" stroke-width="3.5" paint-order="stroke"')
    # scale bar and north arrow
    sx, sy = mx + 14, my + map_h - 18
    svg.line(sx, sy, sx + 5 * scale, sy, stroke=INK, width=2)
    for t in (0, 5):
        svg.line(sx + t * scale, sy - 5, sx + t * scale, sy + 5, stroke=INK, width=1.5)
    svg.text(sx + 2.5 * scale, sy - 8, "5 km", size=11, anchor="middle")
    nx, ny = mx + map_w - 24, my + 20
    svg.add(f'<path d="M {nx} {ny - 12} L {nx - 7} {ny + 8} L {nx} {ny + 3} L {nx + 7} {ny + 8} Z" fill="{INK}"/>')
    svg.text(nx, ny + 22, "N", size=12, anchor="middle", weight="bold")
    svg.text(mx, my + map_h + 18, f"The borough, {b['south']}-{b['north']} N and {-b['east']}-{-b['west']} W, "
             "drawn to scale at its mean latitude.", size=11, fill=GREY)
    # legends under the map
    ly = my + map_h + 50
    svg.text(mx, ly, "LSOA centres, IMD decile:", size=12)
    for d in range(1, 11):
        x = mx + 176 + (d - 1) * 22
        svg.circle(x, ly - 4, 6.5, lerp_colour(IMD_STOPS, (d - 1) / 9))
        svg.text(x, ly + 16, str(d), size=10, anchor="middle", fill=GREY)
    svg.text(mx + 176 + 9 * 22 + 14, ly, "(1: the most deprived tenth of England)", size=11, fill=GREY)
    ly += 74
    svg.text(mx, ly, "Residents with needs:", size=12)
    x = mx + 140
    for n in (2000, 5000, 10000):
        r = bubble(n)
        svg.circle(x + r, ly - r + 4, r, "none", stroke="#5a1e02")
        svg.text(x + r, ly + 18, thousands(n), size=10, anchor="middle", fill=GREY)
        x += 2 * r + 14
    x += 16
    svg.text(x, ly, "Venue's places:", size=12)
    x += 104
    for n in (10, 50, 100):
        s = venue_side(n)
        svg.rect(x - s / 2, ly - 4 - s / 2, s, s, "#08519c")
        svg.text(x, ly + 18, str(n), size=10, anchor="middle", fill=GREY)
        x += 32

    # bar chart: residents with needs per place, clusters named with their map numbers
    bx, by = mx + map_w + 250, my
    bw = 1300 - bx - 50
    svg.text(bx - 240, by + 4, "Residents with needs per community place", size=14, weight="bold")
    rows = sorted(clusters, key=lambda c: (-(ratio[c["id"]] if ratio[c["id"]] is not None else float("inf")), c["id"]))
    bar_h = (map_h - 40) / len(rows)
    for i, c in enumerate(rows):
        y = by + 18 + i * bar_h
        svg.text(bx - 8, y + bar_h * 0.62, f"{c['id']}. {c['name']}", size=11.5, anchor="end")
        r = ratio[c["id"]]
        if r is not None:
            w = bw * r / axis_max
            svg.rect(bx, y + 2, w, bar_h - 5, ratio_colour(r))
            svg.text(bx + w + 4, y + bar_h * 0.62, f"{r:.1f}", size=11)
        else:
            svg.text(bx + 4, y + bar_h * 0.62, "no place in the cluster", size=11, fill=GREY)
    axis_y = by + 18 + len(rows) * bar_h
    svg.line(bx, by + 14, bx, axis_y, stroke=INK)
    svg.line(bx, axis_y, bx + bw, axis_y, stroke=INK)
    t = 0.0
    while t <= axis_max + 1e-9:
        x = bx + bw * t / axis_max
        svg.line(x, axis_y, x, axis_y + 5, stroke=INK)
        svg.text(x, axis_y + 18, f"{t:g}", size=10.5, anchor="middle", fill=GREY)
        t += step
    svg.text(bx + bw / 2, axis_y + 36, "residents with at least one need, per place", size=11.5, anchor="middle",
             fill=GREY)
    svg.write(path)


def draw_grid(data, path):
    clusters = data["clusters"]
    needs = data["needs"]
    cells = {(g["cluster"], g["need"]): g for g in data["grid"]}
    left, top, cw, ch = 230, 150, 74, 27
    width = left + cw * len(needs) + 40
    height = top + ch * len(clusters) + 110
    svg = Svg(width, height, "Residents with each need per place offering it, by cluster")
    svg.text(24, 34, "Residents with each need per community place that offers it, by cluster", size=20,
             weight="bold")
    svg.text(24, 56, "The 12 commonest needs. A place whose asset offers several needs counts under each; "
             "grey: no place in the cluster offers that need.", size=12.5, fill=GREY)
    ratios = [c["residents"] / c["places"] for c in data["grid"] if c["places"]]
    hi = max(ratios) if ratios else 1

    def shade(r):
        return lerp_colour(RATIO_STOPS, math.log1p(r) / math.log1p(hi))

    for j, need in enumerate(needs):
        x = left + j * cw + cw / 2
        svg.text(x, top - 10, need.replace("_", " "), size=11.5, anchor="start",
                 extra=f'transform="rotate(-35 {x:.1f} {top - 10:.1f})"')
    for i, c in enumerate(clusters):
        y = top + i * ch
        svg.text(left - 8, y + ch * 0.65, c["name"], size=11.5, anchor="end")
        for j, need in enumerate(needs):
            g = cells.get((c["id"], need), {"residents": 0, "places": 0})
            x = left + j * cw
            if g["places"]:
                r = g["residents"] / g["places"]
                fill = shade(r)
                svg.rect(x, y, cw - 2, ch - 2, fill)
                dark = math.log1p(r) / math.log1p(hi) > 0.55
                svg.text(x + cw / 2 - 1, y + ch * 0.65, f"{r:.0f}", size=11, anchor="middle",
                         fill="#ffffff" if dark else INK)
            else:
                svg.rect(x, y, cw - 2, ch - 2, "#d9d9d9")
                svg.text(x + cw / 2 - 1, y + ch * 0.65, f"{g['residents']} / 0", size=9.5, anchor="middle",
                         fill=GREY)
    ly = top + ch * len(clusters) + 30
    svg.text(left, ly, "residents with the need per place (colour on a log scale):", size=12)
    steps = 8
    for k in range(steps + 1):
        r = math.expm1(math.log1p(hi) * k / steps)
        x = left + 340 + k * 44
        svg.rect(x, ly - 14, 42, 16, shade(r))
        svg.text(x + 21, ly + 18, f"{r:.0f}", size=10, anchor="middle", fill=GREY)
    svg.text(left, ly + 44, "grey cells read 'residents with the need / 0 places'.", size=11, fill=GREY)
    svg.write(path)


def write_index(outdir, timings):
    report = ""
    path = os.path.join(outdir, "report.txt")
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            report = f.read()
    family = "family.svg" if os.path.exists(os.path.join(outdir, "family.svg")) else None
    total = sum(t["seconds"] for t in timings)
    rows = "\n".join(f"<tr><td>{esc(t['section'])}</td><td class=n>{t['seconds']:.2f} s</td></tr>" for t in timings)
    figures = []
    if family:
        figures.append(("family.svg", "A family network",
                        "The family with the most professionals involved, drawn by Graphviz from deal.to_dot "
                        "(the picture's source: <a href=\"family.dot\">family.dot</a>)."))
    figures += [
        ("pyramid.svg", "The risk pyramid",
         "Frailty (eFI) of the over-65s, and 30-day readmission risk from a model fitted on the borough."),
        ("needs_map.svg", "Needs against assets, by neighbourhood",
         "Where residents with needs live, where the community places are, and how many residents with needs "
         "there are per place in each cluster."),
        ("needs_grid.svg", "Each need against the places that offer it",
         "Residents with each of the commonest needs per place offering it, cluster by cluster."),
    ]
    body = "\n".join(
        f'<figure id="{esc(src.split(".")[0])}"><h2>{esc(title)}</h2><a href="{esc(src)}">'
        f'<img src="{esc(src)}" alt="{esc(title)}"></a><figcaption>{caption}</figcaption></figure>'
        for src, title, caption in figures)
    nav = " · ".join(f'<a href="#{esc(src.split(".")[0])}">{esc(title)}</a>' for src, title, _ in figures)
    page = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>The Deal report</title>
<style>
body {{ font-family: Helvetica, Arial, sans-serif; color: #222; margin: 2em auto; max-width: 1280px; padding: 0 1em; }}
h1 {{ margin-bottom: 0.2em; }}
p.lead {{ color: #555; margin-top: 0; }}
figure {{ margin: 2em 0; }}
figure img {{ max-width: 100%; border: 1px solid #ddd; }}
figcaption {{ color: #555; font-size: 0.95em; }}
pre {{ background: #f7f7f5; border: 1px solid #ddd; padding: 1em; overflow-x: auto; font-size: 12px; }}
table {{ border-collapse: collapse; }}
td {{ padding: 0.15em 0.8em; border-bottom: 1px solid #eee; }}
td.n {{ text-align: right; }}
</style>
</head>
<body>
<h1>The Deal report</h1>
<p class="lead">What the <code>deal</code> PostgreSQL extension does for a whole borough, on the synthetic
borough made by <code>deal.generate_borough</code>. {nav} · <a href="#report">the report</a> ·
<a href="#timings">timings</a></p>
{body}
<h2 id="report">The report</h2>
<p>As <code>make demo</code> printed it (also in <a href="report.txt">report.txt</a>).</p>
<pre>{esc(report)}</pre>
<h2 id="timings">How long each section took</h2>
<table>
{rows}
<tr><td><b>all sections</b></td><td class=n><b>{total:.2f} s</b></td></tr>
</table>
<p>The data behind the pictures: <a href="pyramid.json">pyramid.json</a>, <a href="needs.json">needs.json</a>.</p>
</body>
</html>
"""
    with open(os.path.join(outdir, "index.html"), "w", encoding="utf-8") as f:
        f.write(page)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: tools/report/draw.py OUTDIR")
    outdir = sys.argv[1]

    def load(name):
        with open(os.path.join(outdir, name), encoding="utf-8") as f:
            return json.load(f)

    draw_pyramid(load("pyramid.json"), os.path.join(outdir, "pyramid.svg"))
    needs = load("needs.json")
    draw_map(needs, os.path.join(outdir, "needs_map.svg"))
    draw_grid(needs, os.path.join(outdir, "needs_grid.svg"))
    write_index(outdir, load("timings.json"))


if __name__ == "__main__":
    main()
