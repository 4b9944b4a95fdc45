"""Charts drawn on the server as SVG (no script, no network): a line chart with an uncertainty
band, horizontal bars and a waterfall. Each chart is `role="img"` with a title; the page puts
the same figures in a table beside it as the text alternative."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

W, H = 720, 320
LEFT, RIGHT, TOP, BOTTOM = 70, 200, 20, 40


@dataclass
class Series:
    """A line: its label, points (x, y), colour and whether it is dashed."""

    label: str
    points: list[tuple[float, float]]
    colour: str
    dashed: bool = False


def _ticks(lo: float, hi: float, n: int = 5) -> list[float]:
    span = hi - lo or 1.0
    raw = span / n
    mag = 10 ** len(str(int(raw))) / 10 if raw >= 1 else 1.0
    step = next(s * mag for s in (1, 2, 2.5, 5, 10) if s * mag >= raw)
    start = (lo // step) * step
    return [start + i * step for i in range(int((hi - start) / step) + 2) if start + i * step <= hi + 1e-9]


def _fmt(v: float, sign: bool = False) -> str:
    """A whole number as the page's language writes it (1 234 in fi/sv, 1,234 in en)."""
    from flask import g, has_request_context
    lang = getattr(g, "lang", "fi") if has_request_context() else "fi"
    text = f"{v:+,.0f}" if sign else f"{v:,.0f}"
    return text.replace(",", "," if lang == "en" else "\u202f").replace("-", "−")


def _short(label: str, n: int = 30) -> str:
    """A label cut to n characters with an ellipsis (the full name is the element's title)."""
    return label if len(label) <= n else label[: n - 1].rstrip() + "…"


def line_chart(title: str, series: Sequence[Series], band: tuple[list[float], list[float], list[float]] | None = None,
               band_label: str = "", band_colour: str = "#9dc3e6", y_label: str = "tCO2e") -> Markup:
    """Lines over years, an optional uncertainty band (low, high), a legend on the right."""
    xs = [x for s in series for x, _ in s.points] + (list(band[0]) if band else [])
    ys = [y for s in series for _, y in s.points] + (list(band[2]) if band else []) + [0.0]
    x0, x1 = min(xs), max(xs)
    y1 = max(ys) * 1.05 or 1.0
    pw, ph = W - LEFT - RIGHT, H - TOP - BOTTOM
    sx = lambda x: LEFT + (x - x0) / ((x1 - x0) or 1) * pw  # noqa: E731
    sy = lambda y: TOP + ph - y / y1 * ph  # noqa: E731
    out = [f'<svg class="chart" viewBox="0 0 {W} {H}" role="img" aria-label="{escape(title)}" '
           f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>']
    for t in _ticks(0, y1):
        out.append(f'<line x1="{LEFT}" x2="{LEFT + pw}" y1="{sy(t):.1f}" y2="{sy(t):.1f}" class="grid"/>'
                   f'<text x="{LEFT - 6}" y="{sy(t) + 4:.1f}" text-anchor="end">{_fmt(t)}</text>')
    step = 1 if x1 - x0 <= 10 else 2
    for x in range(int(x0), int(x1) + 1, step):
        out.append(f'<text x="{sx(x):.1f}" y="{H - BOTTOM + 18}" text-anchor="middle">{x}</text>')
    out.append(f'<text x="14" y="{TOP + ph / 2}" transform="rotate(-90 14 {TOP + ph / 2})" '
               f'text-anchor="middle">{escape(y_label)}</text>')
    legend = []
    if band:
        bx, lo, hi = band
        pts = [f"{sx(x):.1f},{sy(y):.1f}" for x, y in zip(bx, hi)] + \
              [f"{sx(x):.1f},{sy(y):.1f}" for x, y in reversed(list(zip(bx, lo)))]
        out.append(f'<polygon points="{" ".join(pts)}" fill="{band_colour}" opacity="0.6"/>')
        legend.append((band_label, band_colour, False, True))
    for s in series:
        pts = " ".join(f"{sx(x):.1f},{sy(y):.1f}" for x, y in s.points)
        dash = ' stroke-dasharray="6 4"' if s.dashed else ""
        out.append(f'<polyline points="{pts}" fill="none" stroke="{s.colour}" stroke-width="2.5"{dash}/>')
        if len(s.points) == 1:
            x, y = s.points[0]
            out.append(f'<circle cx="{sx(x):.1f}" cy="{sy(y):.1f}" r="4" fill="{s.colour}"/>')
        legend.append((s.label, s.colour, s.dashed, False))
    for i, (label, colour, dashed, area) in enumerate(legend):
        y = TOP + 10 + i * 20
        lx = W - RIGHT + 12
        if area:
            out.append(f'<rect x="{lx}" y="{y - 6}" width="22" height="12" fill="{colour}"/>')
        else:
            dash = ' stroke-dasharray="6 4"' if dashed else ""
            out.append(f'<line x1="{lx}" x2="{lx + 22}" y1="{y}" y2="{y}" stroke="{colour}" '
                       f'stroke-width="2.5"{dash}/>')
        out.append(f'<text x="{lx + 28}" y="{y + 4}">{escape(label[:30])}</text>')
    out.append("</svg>")
    return Markup("".join(out))


def bar_chart(title: str, items: Sequence[tuple[str, float]], colour: str = "#1f4e79") -> Markup:
    """Horizontal bars, largest first as given, with their values."""
    bh, gap, label_w = 22, 6, 240
    h = TOP + len(items) * (bh + gap) + 10
    top = max([abs(v) for _, v in items] + [1.0])
    pw = W - label_w - 90
    out = [f'<svg class="chart" viewBox="0 0 {W} {h}" role="img" aria-label="{escape(title)}" '
           f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>']
    for i, (label, value) in enumerate(items):
        y = TOP + i * (bh + gap)
        w = max(abs(value) / top * pw, 1)
        out.append(f'<text x="{label_w - 8}" y="{y + bh - 6}" text-anchor="end">{escape(_short(label, 34))}</text>'
                   f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bh}" fill="{colour}"/>'
                   f'<text x="{label_w + w + 6:.1f}" y="{y + bh - 6}">{_fmt(value)}</text>')
    out.append("</svg>")
    return Markup("".join(out))


def waterfall_chart(title: str, steps: Sequence[tuple[str, float, float, str]],
                    colours: dict[str, str]) -> Markup:
    """Steps (label, change, running total, kind: total/increase/decrease) as floating bars."""
    n = len(steps)
    bw = (W - LEFT - 20) / max(n, 1)
    # the axis starts near the lowest level reached (not at 0), so that a 200 tCO2e step of a
    # 28 000 tCO2e total is visible; every bar carries its value, the totals their level
    levels = [v for _, c, r, k in steps for v in ((r,) if k == "total" else (r - c, r))]
    low, high = min(levels + [0.0] if not levels else levels), max(levels + [1.0])
    span = (high - low) or abs(high) or 1.0
    lo = max(0.0, low - 0.6 * span) if low >= 0 else low - 0.1 * span
    hi = high + 0.12 * span
    ph = H - TOP - 110
    sy = lambda y: TOP + ph - (y - lo) / ((hi - lo) or 1) * ph  # noqa: E731
    out = [f'<svg class="chart" viewBox="0 0 {W} {H}" role="img" aria-label="{escape(title)}" '
           f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>']
    for t in _ticks(lo, hi):
        out.append(f'<line x1="{LEFT}" x2="{W - 20}" y1="{sy(t):.1f}" y2="{sy(t):.1f}" class="grid"/>'
                   f'<text x="{LEFT - 6}" y="{sy(t) + 4:.1f}" text-anchor="end">{_fmt(t)}</text>')
    for i, (label, change, running, kind) in enumerate(steps):
        a, b = (lo, running) if kind == "total" else (running - change, running)
        y0, y1 = sy(max(a, b)), sy(min(a, b))
        x = LEFT + i * bw + bw * 0.15
        value = _fmt(running) if kind == "total" else _fmt(change, sign=True)
        out.append(f'<g><title>{escape(label)}: {value}</title>'
                   f'<rect x="{x:.1f}" y="{y0:.1f}" width="{bw * 0.7:.1f}" height="{max(y1 - y0, 1):.1f}" '
                   f'fill="{colours[kind]}"/>'
                   f'<text x="{x + bw * 0.35:.1f}" y="{y0 - 4:.1f}" text-anchor="middle" class="small">'
                   f'{value}</text></g>')
        cx, ly = x + bw * 0.35, TOP + ph + 12
        out.append(f'<text x="{cx:.1f}" y="{ly}" text-anchor="end" '
                   f'transform="rotate(-35 {cx:.1f} {ly})" class="small"><title>{escape(label)}</title>'
                   f'{escape(_short(label))}</text>')
    out.append("</svg>")
    return Markup("".join(out))
