"""The chart of the state-wide footprint: the largest emitting procurement units, as SVG.

Written directly (a few dozen elements): drawing it with matplotlib would cost the command more
time than classifying a million lines. The text stays text, so the chart reads on any screen
and to a screen reader (`role="img"` with a title)."""
from __future__ import annotations

import math
from pathlib import Path
from xml.sax.saxutils import escape

import pandas as pd

WIDTH, BAR, GAP, LEFT, RIGHT, TOP, BOTTOM = 760, 18, 6, 260, 70, 40, 34
COLOUR = "#2e75b6"


def _ticks(top: float) -> list[float]:
    """Round axis ticks from 0 to at least `top` (1, 2 or 5 times a power of ten apart)."""
    if top <= 0:
        return [0.0]
    raw = top / 5
    power = 10.0 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    return [i * step for i in range(int(top // step) + 2)]


def svg_largest(units: pd.DataFrame, title: str, xlabel: str, top: int = 20,
                number: "callable" = lambda v: f"{v:,.0f}") -> str:
    """The SVG text: horizontal bars of the `top` units by tCO2e, largest first, each labelled
    with its unit's name and branch id and its value (`number` formats it)."""
    rows = units.nlargest(top, "tco2e")
    ticks = _ticks(float(rows["tco2e"].max()) if len(rows) else 0.0)
    scale = (WIDTH - LEFT - RIGHT) / (ticks[-1] or 1.0)
    height = TOP + len(rows) * (BAR + GAP) + BOTTOM
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
           f'viewBox="0 0 {WIDTH} {height}" role="img" font-family="sans-serif" font-size="12">',
           f"<title>{escape(title)}</title>",
           f'<rect width="{WIDTH}" height="{height}" fill="white"/>',
           f'<text x="10" y="22" font-size="14">{escape(title)}</text>']
    axis_y = TOP + len(rows) * (BAR + GAP)
    for t in ticks:
        x = LEFT + t * scale
        out.append(f'<line x1="{x:.1f}" y1="{TOP - 4}" x2="{x:.1f}" y2="{axis_y}" stroke="#dddddd"/>')
        out.append(f'<text x="{x:.1f}" y="{axis_y + 14}" text-anchor="middle">{escape(number(t))}</text>')
    for i, r in enumerate(rows.itertuples()):
        y = TOP + i * (BAR + GAP)
        label = f"{(r.unit_name or r.unit_id)[:38]} ({r.branch_id})"
        w = max(r.tco2e, 0.0) * scale
        out.append(f'<text x="{LEFT - 6}" y="{y + BAR - 5}" text-anchor="end">{escape(label)}</text>')
        out.append(f'<rect x="{LEFT}" y="{y}" width="{w:.1f}" height="{BAR}" fill="{COLOUR}"/>')
        out.append(f'<text x="{LEFT + w + 4:.1f}" y="{y + BAR - 5}">{escape(number(r.tco2e))}</text>')
    out.append(f'<text x="{LEFT + (WIDTH - LEFT - RIGHT) / 2}" y="{height - 4}" '
               f'text-anchor="middle">{escape(xlabel)}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def draw_largest(units: pd.DataFrame, path: Path, title: str, xlabel: str, top: int = 20,
                 number: "callable" = lambda v: f"{v:,.0f}") -> Path:
    """Write the chart of the `top` emitters to `path` (.svg)."""
    path.write_text(svg_largest(units, title, xlabel, top, number), encoding="utf-8")
    return path
