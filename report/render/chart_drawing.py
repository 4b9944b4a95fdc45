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


def trend(data: dict[str, Any]) -> bytes:
    """Figure 1: the total of each year from the base year as bars, each target's straight
    path from the base-year total to its allowed total as a line."""
    s, style, lang = data["strings"], data["style"], data["lang"]
    st = style["trend"]
    years, totals = data["years"], data["totals"]
    targets = data["targets"]
    with matplotlib.rc_context(_rc(style)):
        fig = Figure(figsize=(style["width_in"], st["height_in"]))
        ax = fig.add_subplot()
        ax.bar(years, totals, width=0.8, color=st["actual_colour"], label=s["actual"], zorder=2)
        low, high = data["low"], data["high"]
        # the range line at the bar's right edge, clear of the value written inside the bar
        ax.errorbar([y + 0.27 for y in years], totals, yerr=[[v - lo for v, lo in zip(totals, low)],
                                         [hi - v for v, hi in zip(totals, high)]],
                    fmt="none", ecolor=st["range_colour"], elinewidth=1.2, capsize=3, zorder=3,
                    label=s["range_label"])
        for year, value in zip(years, totals):
            ax.annotate(format_number(value, 0, lang), (year, value), xytext=(0, -4),
                        textcoords="offset points", ha="center", va="top", rotation=90,
                        color=st["value_label_colour"], fontsize=st["value_label_size"], zorder=4)
        for i, t in enumerate(targets):
            look = st["paths"][i % len(st["paths"])]
            ax.plot(t["path_years"], t["path_tco2e"], color=look["colour"], dashes=look["dash"],
                    lw=1.6, marker=look["marker"], markevery=[len(t["path_years"]) - 1],
                    markersize=5, zorder=3,
                    label=s["path"].format(label=t["label"], pct=format_pct(t["reduction_pct"], 0, lang),
                                           year=t["year"]))
        # Labels on the first and last year with data and the target years; the years between
        # get a tick without a label, so that the labels never run together.
        first, last = min(years), max(years)
        labelled = sorted({first, last} | {t["year"] for t in targets})
        ticks = sorted(set(years) | set(labelled))
        ax.set_xticks(ticks, [str(y) if y in labelled else "" for y in ticks],
                      fontsize=st["tick_label_size"])
        ax.set_xlim(data["base_year"] - 0.7, max(ticks) + 0.7)
        highest = max([*totals, *high, *(v for t in targets for v in t["path_tco2e"])], default=1.0)
        ax.set_ylim(0, float(highest) * 1.12)
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: format_number(v, 0, lang)))
        ax.set_ylabel(s["axis"])
        ax.grid(axis="y", color=style["grid_colour"], lw=0.6)
        ax.legend(loc="upper right", frameon=False, fontsize=st["value_label_size"])
        line = style["font_size"] / 72.0 * 1.3
        widest = _text_width_in([format_number(ax.get_ylim()[1], 0, lang)], style["font_size"],
                                style["font_family"])
        _margins(fig, left=widest + line + 0.25, bottom=st["tick_label_size"] / 72.0 * 1.3 + 0.15)
        return _svg(fig)


def by_source(data: dict[str, Any]) -> bytes:
    """Figure 2: the report year's emissions by source group, largest on top, with values and
    shares at the bars."""
    s, style, lang = data["strings"], data["style"], data["lang"]
    st = style["by_source"]
    names, tco2e, shares = data["names"], data["tco2e"], data["share_pct"]
    height = max(st["min_height_in"], st["bar_height"] * len(names) + 0.6)
    with matplotlib.rc_context(_rc(style)):
        fig = Figure(figsize=(style["width_in"], height))
        ax = fig.add_subplot()
        pos = list(range(len(names)))
        ax.barh(pos, tco2e, color=data["colours"], edgecolor=st["edge_colour"], linewidth=0.5,
                height=0.7, zorder=2)
        for y, value, share in zip(pos, tco2e, shares):
            ax.annotate(f"{format_number(value, 1, lang)} ({format_pct(share, 1, lang)})",
                        (value, y), xytext=(3, 0), textcoords="offset points", va="center",
                        fontsize=st["value_label_size"])
        ax.set_yticks(pos, names)
        ax.invert_yaxis()
        ax.set_xlim(0, float(max(tco2e)) * 1.38 if names else 1)
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: format_number(v, 0, lang)))
        ax.set_xlabel(s["axis"])
        ax.grid(axis="x", color=style["grid_colour"], lw=0.6)
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
