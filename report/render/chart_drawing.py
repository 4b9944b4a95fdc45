"""Drawing the carbon chapter's charts with matplotlib, from plain chart specs (report/render/charts.py).

Kept apart from the specs so that the drawing (and matplotlib's import) can run in the PDF
worker process while the main process goes on with the report; a spec is JSON-able data.
"""
from __future__ import annotations

import io
from typing import Any, Callable

import matplotlib

matplotlib.use("Agg")

from matplotlib.figure import Figure  # noqa: E402
from matplotlib.font_manager import FontProperties  # noqa: E402
from matplotlib.textpath import TextToPath  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

from carbon.numbers import format_number, format_pct  # noqa: E402

from .chart_text import share_text  # noqa: E402

_TEXT = TextToPath()  # measures text without a renderer


def _rc(style: dict[str, Any]) -> dict[str, Any]:
    return {"font.family": style["font_family"], "font.size": style["font_size"],
            "svg.fonttype": "none",  # text as <text>: smaller SVG, much faster to draw in the PDF
            "svg.hashsalt": "vastuu", "axes.spines.top": False, "axes.spines.right": False,
            "axes.axisbelow": True}


def _text_width_in(texts: list[str], size: float, family: str) -> float:
    """Width in inches of the widest text at a font size, measured without drawing the figure."""
    prop = FontProperties(family=family, size=size)
    return max((_TEXT.get_text_width_height_descent(t, prop, ismath=False)[0] for t in texts),
               default=0.0) / 72.0


def _margins(fig: Figure, left: float, bottom: float, right: float = 0.1, top: float = 0.1) -> None:
    """Fixed margins in inches: one drawing pass instead of a layout engine's two (~0.3 s)."""
    w, h = fig.get_size_inches()
    fig.subplots_adjust(left=left / w, right=1 - right / w, bottom=bottom / h, top=1 - top / h)


def _svg(fig: Figure) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="svg", metadata={"Date": None})
    return buf.getvalue()


def range_clipped(high: list[float], top: float) -> list[bool]:
    """Which years' upper range bounds reach beyond the axis top (drawn clipped, with a mark)."""
    return [h > top for h in high]


def label_heights(xs: list[float], values: list[float], widths_in: list[float],
                  per_in_x: float, per_in_y: float, height_in: float) -> list[float]:
    """Where each bar's value label sits (data units): on its bar, or raised above the label
    before it where the two would touch, so that no two labels run together."""
    placed: list[float] = []
    for i, (x, v) in enumerate(zip(xs, values)):
        y = v
        if placed:
            gap_in = (x - xs[i - 1]) / per_in_x
            if gap_in < (widths_in[i] + widths_in[i - 1]) / 2 \
                    and abs(y - placed[-1]) / per_in_y < height_in:
                y = placed[-1] + height_in * per_in_y
        placed.append(y)
    return placed


def trend_top(totals: list[float], targets: list[dict[str, Any]], headroom: float) -> float:
    """Figure 1's axis top: the bars and the target paths set it, the uncertainty range does
    not (a range reaching beyond it is clipped and marked)."""
    highest = max([*totals, *(v for t in targets for v in t["path_tco2e"])], default=1.0)
    return float(highest) * headroom or 1.0


def trend(data: dict[str, Any]) -> bytes:
    """Figure 1: the total of each year from the base year as bars with their value on top,
    the uncertainty range as a band behind them (clipped and marked where it runs beyond the
    axis), each target's straight path from the base-year total to its allowed total as a line
    behind the bars."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    s, style, lang = data["strings"], data["style"], data["lang"]
    st = style["trend"]
    years, totals = data["years"], data["totals"]
    low, high = data["low"], data["high"]
    targets = data["targets"]
    top = trend_top(totals, targets, st["headroom"])
    clipped = range_clipped(high, top)
    with matplotlib.rc_context(_rc(style)):
        fig = Figure(figsize=(style["width_in"], st["height_in"]))
        ax = fig.add_subplot()
        handles = []
        for i, t in enumerate(targets):
            look = st["paths"][i % len(st["paths"])]
            label = s["path"].format(label=t["label"], pct=format_pct(t["reduction_pct"], 0, lang),
                                     year=t["year"])
            ax.plot(t["path_years"], t["path_tco2e"], color=look["colour"], dashes=look["dash"],
                    lw=1.6, marker=look["marker"], markevery=[len(t["path_years"]) - 1],
                    markersize=5, zorder=1)
            handles.append(Line2D([], [], color=look["colour"], dashes=look["dash"], lw=1.6,
                                  marker=look["marker"], markersize=5, label=label))
        # each year's range as a band centred on its bar, a little wider, behind it
        band = st["range_width"]
        for year, lo, hi in zip(years, low, high):
            ax.bar(year, min(hi, top) - lo, bottom=lo, width=band, color=st["range_colour"],
                   alpha=st["range_alpha"], lw=0, zorder=0.5)
        ax.bar(years, totals, width=st["bar_width"], color=st["actual_colour"], zorder=2)
        handles.insert(0, Patch(color=st["actual_colour"], label=s["actual"]))
        handles.insert(1, Patch(color=st["range_colour"], alpha=st["range_alpha"],
                                label=s["range_label"]))
        line = style["font_size"] / 72.0 * 1.3
        widest = _text_width_in([format_number(top, 0, lang)], style["font_size"],
                                style["font_family"])
        left, bottom, right, upper = widest + line + 0.25, st["tick_label_size"] / 72.0 * 1.3 + 0.15, 0.1, 0.15
        labelled = sorted(set(years) | {t["year"] for t in targets})
        xlim = (data["base_year"] - 0.7, max(labelled) + 0.7)
        texts = [format_number(v, 1, lang) for v in totals]
        widths = [_text_width_in([t], st["value_label_size"], style["font_family"]) + 0.04
                  for t in texts]
        per_in_x = (xlim[1] - xlim[0]) / (style["width_in"] - left - right)
        per_in_y = top / (st["height_in"] - bottom - upper)
        for year, value, text, y in zip(years, totals, texts,
                                        label_heights(years, totals, widths, per_in_x, per_in_y,
                                                      st["value_label_size"] / 72.0 * 1.35)):
            # the value as the text writes it (one decimal), horizontal, above the bar
            ax.annotate(text, (year, y), xytext=(0, 2), textcoords="offset points", ha="center",
                        va="bottom", color=st["value_label_colour"],
                        fontsize=st["value_label_size"], zorder=4,
                        bbox={"boxstyle": "square,pad=0.05", "fc": "white", "ec": "none",
                              "alpha": 0.85})
        if any(clipped):
            xs = [y for y, c in zip(years, clipped) if c]
            ax.plot(xs, [top] * len(xs), linestyle="none", marker="^", markersize=5,
                    color=st["clip_colour"], clip_on=False, zorder=4)
            handles.insert(2, Line2D([], [], linestyle="none", marker="^", markersize=5,
                                     color=st["clip_colour"], label=s["clipped"]))
        # every year with a bar and every target year labelled
        ax.set_xticks(labelled, [str(y) for y in labelled], fontsize=st["tick_label_size"])
        ax.set_xlim(*xlim)
        ax.set_ylim(0, top)
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: format_number(v, 0, lang)))
        ax.set_ylabel(s["axis"])
        ax.grid(axis="y", color=style["grid_colour"], lw=0.6, zorder=0)
        ax.legend(handles=handles, loc="upper right", frameon=False,
                  fontsize=st["legend_size"])
        _margins(fig, left=left, bottom=bottom, right=right, top=upper)
        return _svg(fig)


def by_source(data: dict[str, Any]) -> bytes:
    """Figure 2: the report year's emissions by source group, largest on top, in the colour of
    the scope they belong to, with values and shares at the bars."""
    from matplotlib.patches import Patch

    s, style, lang = data["strings"], data["style"], data["lang"]
    st = style["by_source"]
    names, tco2e, shares = data["names"], data["tco2e"], data["share_pct"]
    colours = [st["scope_colours"][str(sc)] for sc in data["scopes"]]
    height = max(st["min_height_in"], st["bar_height"] * len(names) + 0.9)
    with matplotlib.rc_context(_rc(style)):
        fig = Figure(figsize=(style["width_in"], height))
        ax = fig.add_subplot()
        pos = list(range(len(names)))
        ax.barh(pos, tco2e, color=colours, height=0.7, zorder=2)
        for y, value, share in zip(pos, tco2e, shares):
            ax.annotate(f"{format_number(value, 1, lang)} ({share_text(share, 1, lang)})",
                        (value, y), xytext=(3, 0), textcoords="offset points", va="center",
                        fontsize=st["value_label_size"], zorder=4,
                        bbox={"boxstyle": "square,pad=0.1", "fc": "white", "ec": "none"})
        ax.set_yticks(pos, names)
        ax.invert_yaxis()
        ax.set_xlim(0, float(max(tco2e)) * 1.38 if names else 1)
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: format_number(v, 0, lang)))
        ax.set_xlabel(s["axis"])
        ax.grid(axis="x", color=style["grid_colour"], lw=0.6, zorder=0)
        present = sorted({int(sc) for sc in data["scopes"]})
        ax.legend(handles=[Patch(color=st["scope_colours"][str(sc)], label=data["scope_names"][str(sc)])
                           for sc in present], loc="lower right", frameon=False,
                  fontsize=st["value_label_size"])
        line = style["font_size"] / 72.0 * 1.3
        _margins(fig, left=_text_width_in(names, style["font_size"], style["font_family"]) + 0.15,
                 bottom=2 * line + 0.2)
        return _svg(fig)


def waterfall_steps(start: float, values: list[float]) -> list[tuple[float, float]]:
    """(bottom, height) of each floating bar of a waterfall from `start` (height signed)."""
    bars, level = [], start
    for v in values:
        bars.append((level, v))
        level += v
    return bars


def change(data: dict[str, Any]) -> bytes:
    """Figure 3: the change from one year's total to another's as a waterfall (the totals as
    bars from zero, each effect as a bar floating from the running level, increases and
    decreases in their colours, the value at each bar)."""
    s, style, lang = data["strings"], data["style"], data["lang"]
    st = style["change"]
    labels = [data["start"], *data["labels"], data["end"]]
    steps = waterfall_steps(data["from_total"], data["values"])
    with matplotlib.rc_context(_rc(style)):
        fig = Figure(figsize=(style["width_in"], st["height_in"]))
        ax = fig.add_subplot()
        pos = list(range(len(labels)))
        ax.bar([pos[0], pos[-1]], [data["from_total"], data["to_total"]], width=0.6,
               color=st["total_colour"], zorder=2)
        for i, (bottom, height) in enumerate(steps, start=1):
            colour = st["increase_colour"] if height > 0 else st["decrease_colour"]
            ax.bar(i, height, bottom=bottom, width=0.6, color=colour, zorder=2)
            ax.plot([i - 0.7, i + 0.3], [bottom, bottom], color=st["connector_colour"], lw=0.6,
                    zorder=1)
        ax.plot([len(labels) - 1.7, len(labels) - 1.3], [data["to_total"]] * 2,
                color=st["connector_colour"], lw=0.6, zorder=1)
        tops = [data["from_total"], *(max(b, b + h) for b, h in steps), data["to_total"]]
        texts = [format_number(data["from_total"], 0, lang),
                 *((("+" if h > 0 and round(h) != 0 else "") + format_number(h, 0, lang))
                   for _, h in steps), format_number(data["to_total"], 0, lang)]
        for x, top, text in zip(pos, tops, texts):
            ax.annotate(text, (x, top), xytext=(0, 2), textcoords="offset points", ha="center",
                        va="bottom", fontsize=st["value_label_size"])
        ax.set_xticks(pos, labels, fontsize=st["tick_label_size"], rotation=20, ha="right")
        highest = max(tops, default=1.0)
        ax.set_ylim(0, float(highest) * 1.12 or 1.0)
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: format_number(v, 0, lang)))
        ax.set_ylabel(s["axis"])
        ax.grid(axis="y", color=style["grid_colour"], lw=0.6)
        line = style["font_size"] / 72.0 * 1.3
        widest = _text_width_in([format_number(ax.get_ylim()[1], 0, lang)], style["font_size"],
                                style["font_family"])
        tick = _text_width_in(labels, st["tick_label_size"], style["font_family"])
        _margins(fig, left=widest + line + 0.25, bottom=tick * 0.45 + line + 0.1)
        return _svg(fig)


#: spec kind -> drawing function
DRAWERS: dict[str, Callable[[dict[str, Any]], bytes]] = {"trend": trend, "by_source": by_source,
                                                         "change": change}


def draw(kind: str, data: dict[str, Any]) -> bytes:
    """The SVG of one chart spec."""
    if kind not in DRAWERS:
        raise ValueError(f"unknown chart kind {kind!r} (known: {', '.join(DRAWERS)})")
    return DRAWERS[kind](data)


def draw_all(requests: dict[str, dict[str, Any]]) -> dict[str, bytes]:
    """SVGs of several specs given as {key: {"kind": ..., "data": ...}}."""
    return {key: draw(r["kind"], r["data"]) for key, r in requests.items()}
