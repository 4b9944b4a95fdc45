"""The charts stage: figures of the carbon chapter as SVG, each with its caption and alt text."""
from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402
import yaml  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.font_manager import FontProperties  # noqa: E402
from matplotlib.textpath import TextToPath  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

from carbon.numbers import format_number, format_pct  # noqa: E402

STYLE_FILE = Path(__file__).resolve().parent / "style.yaml"
_TEXT = TextToPath()  # measures text without a renderer


@dataclass(frozen=True)
class Chart:
    """One figure: its key (the marker name), SVG bytes, alt text and caption (without number)."""

    key: str
    svg: bytes
    alt: str
    caption: str


def load_style(path: Path = STYLE_FILE) -> dict[str, Any]:
    """Chart sizes, fonts and colours from the style file."""
    return yaml.safe_load(Path(path).read_text(encoding="utf-8"))


def _rc(style: dict[str, Any]) -> dict[str, Any]:
    return {"font.family": style["font_family"], "font.size": style["font_size"],
            "svg.fonttype": "none",  # text as <text>: smaller SVG, much faster to draw in the PDF
            "svg.hashsalt": "vastuu", "axes.spines.top": False, "axes.spines.right": False,
            "axes.axisbelow": True}


def _text_width_in(texts, size: float, family: str) -> float:
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


def _tco2e(value: float, strings: dict[str, Any], lang: str) -> str:
    return f"{format_number(value, 1, lang)}\u00a0{strings['document']['unit_tco2e']}"


def trend_chart(totals: pd.Series, targets: pd.DataFrame, paths: pd.DataFrame, base_year: int,
                strings: dict[str, Any], lang: str, style: dict[str, Any]) -> Chart:
    """Figure 1: the total of each year from the base year as bars, each target's straight
    path from the base-year total to its allowed total as a line."""
    s, st = strings["carbon"]["trend"], style["trend"]
    first, last = int(totals.index.min()), int(totals.index.max())
    with matplotlib.rc_context(_rc(style)):
        fig = Figure(figsize=(style["width_in"], st["height_in"]))
        ax = fig.add_subplot()
        ax.bar(totals.index, totals.to_numpy(), width=0.8, color=st["actual_colour"],
               label=s["actual"], zorder=2)
        for year, value in totals.items():
            ax.annotate(format_number(value, 0, lang), (year, value), xytext=(0, -4),
                        textcoords="offset points", ha="center", va="top", rotation=90,
                        color=st["value_label_colour"], fontsize=st["value_label_size"], zorder=4)
        for i, t in enumerate(targets.itertuples()):
            look = st["paths"][i % len(st["paths"])]
            p = paths[(paths["target_year"] == t.year) & (paths["reduction_pct"] == t.reduction_pct)]
            ax.plot(p["year"], p["tco2e"], color=look["colour"], dashes=look["dash"], lw=1.6,
                    marker=look["marker"], markevery=[len(p) - 1], markersize=5, zorder=3,
                    label=s["path"].format(label=t.label, pct=format_pct(t.reduction_pct, 0, lang),
                                           year=t.year))
        # Labels on the first and last year with data and the target years; the years between
        # get a tick without a label, so that the labels never run together.
        labelled = sorted({first, last} | set(int(y) for y in targets["year"]))
        ticks = sorted(set(totals.index) | set(labelled))
        ax.set_xticks(ticks, [str(y) if y in labelled else "" for y in ticks],
                      fontsize=st["tick_label_size"])
        ax.set_xlim(base_year - 0.7, max(ticks) + 0.7)
        ax.set_ylim(0, float(max(totals.max(), paths["tco2e"].max())) * 1.12)
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: format_number(v, 0, lang)))
        ax.set_ylabel(s["axis"])
        ax.grid(axis="y", color=style["grid_colour"], lw=0.6)
        ax.legend(loc="upper right", frameon=False, fontsize=st["value_label_size"])
        line = style["font_size"] / 72.0 * 1.3
        widest = _text_width_in([format_number(ax.get_ylim()[1], 0, lang)], style["font_size"],
                                style["font_family"])
        _margins(fig, left=widest + line + 0.25, bottom=st["tick_label_size"] / 72.0 * 1.3 + 0.15)
        svg = _svg(fig)
    values = "; ".join(s["alt_value"].format(year=y, value=_tco2e(v, strings, lang))
                       for y, v in totals.items())
    path_texts = "; ".join(s["alt_path"].format(label=t.label, year=t.year,
                                                pct=format_pct(t.reduction_pct, 0, lang),
                                                total=_tco2e(t.target_total, strings, lang))
                           for t in targets.itertuples())
    return Chart("trend", svg, s["alt"].format(first=first, last=last, values=values,
                                               base_year=base_year, paths=path_texts),
                 s["caption"].format(first=first, last=last, base_year=base_year))


def source_chart(by_source: pd.DataFrame, year: int, strings: dict[str, Any], lang: str,
                 style: dict[str, Any]) -> Chart:
    """Figure 2: the report year's emissions by source group, largest on top, with values and
    shares at the bars."""
    s, st = strings["carbon"]["by_source"], style["by_source"]
    height = max(st["min_height_in"], st["bar_height"] * len(by_source) + 0.6)
    with matplotlib.rc_context(_rc(style)):
        fig = Figure(figsize=(style["width_in"], height))
        ax = fig.add_subplot()
        pos = list(range(len(by_source)))
        ax.barh(pos, by_source["tco2e"], color=by_source["colour"], edgecolor=st["edge_colour"],
                linewidth=0.5, height=0.7, zorder=2)
        for y, r in zip(pos, by_source.itertuples()):
            ax.annotate(f"{format_number(r.tco2e, 1, lang)} ({format_pct(r.share_pct, 1, lang)})",
                        (r.tco2e, y), xytext=(3, 0), textcoords="offset points", va="center",
                        fontsize=st["value_label_size"])
        ax.set_yticks(pos, list(by_source["name"]))
        ax.invert_yaxis()
        ax.set_xlim(0, float(by_source["tco2e"].max()) * 1.38 if len(by_source) else 1)
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: format_number(v, 0, lang)))
        ax.set_xlabel(s["axis"])
        ax.grid(axis="x", color=style["grid_colour"], lw=0.6)
        line = style["font_size"] / 72.0 * 1.3
        _margins(fig, left=_text_width_in(list(by_source["name"]), style["font_size"],
                                          style["font_family"]) + 0.15,
                 bottom=2 * line + 0.2)
        svg = _svg(fig)
    values = "; ".join(s["alt_value"].format(name=r.name, value=_tco2e(r.tco2e, strings, lang),
                                             share=format_pct(r.share_pct, 1, lang))
                       for r in by_source.itertuples())
    total = float(by_source["tco2e"].sum())
    return Chart("by_source", svg,
                 s["alt"].format(year=year, values=values, total=_tco2e(total, strings, lang)),
                 s["caption"].format(year=year))


def make_charts(results, strings: dict[str, Any], lang: str,
                style: dict[str, Any] | None = None) -> dict[str, Chart]:
    """Every chart of the carbon chapter by marker name ('trend', 'by_source')."""
    style = style or load_style()
    return {
        "trend": trend_chart(results.totals, results.targets, results.paths, results.base_year,
                             strings, lang, style),
        "by_source": source_chart(results.by_source, results.year, strings, lang, style),
    }
