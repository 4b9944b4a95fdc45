"""The charts stage: what the carbon chapter's figures show (chart specs), with their captions
and alt text. The drawing itself is in report/render/chart_drawing.py (matplotlib), so that the main
process can hand a spec to the PDF worker and go on; `make_charts` draws in this process."""
from __future__ import annotations

import base64
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from carbon.numbers import format_number, format_pct
from carbon.yamlfile import read_mapping

from .chart_text import share_text

STYLE_FILE = Path(__file__).resolve().parent / "style.yaml"
#: where a chart not drawn in this process is found: the PDF worker serves these URLs
CHART_SCHEME = "vastuu-chart"


@dataclass(frozen=True)
class ChartSpec:
    """One figure before drawing: its key (the marker name), the drawing kind, the drawing's
    data (JSON-able), alt text and caption (without number)."""

    key: str
    kind: str
    data: dict[str, Any]
    alt: str
    caption: str
    note: str = ""  # a plain sentence under the figure (what the range means), or none

    def request(self) -> dict[str, Any]:
        """What the drawing needs, as plain data."""
        return {"kind": self.kind, "data": self.data}


@dataclass(frozen=True)
class Chart:
    """One figure: its key (the marker name), SVG bytes, alt text and caption (without number).
    Without SVG bytes the chart is being drawn in the PDF worker and its image is a
    `vastuu-chart:` URL, which `embed_charts` later replaces with the drawing."""

    key: str
    svg: bytes | None
    alt: str
    caption: str
    note: str = ""

    @property
    def src(self) -> str:
        """The image's address: the SVG as a data URI, or the worker's chart URL."""
        return chart_url(self.key) if self.svg is None else svg_data_uri(self.svg)


def chart_url(key: str) -> str:
    """The URL of a chart drawn in the PDF worker."""
    return f"{CHART_SCHEME}:{key}"


def svg_data_uri(svg: bytes) -> str:
    """An SVG as a data URI, so that the HTML file carries its figures."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


def embed_charts(html: str, svgs: dict[str, bytes]) -> str:
    """The HTML with each worker chart URL replaced by its drawing (for the HTML file)."""
    for key, svg in svgs.items():
        html = html.replace(f'src="{chart_url(key)}"', f'src="{svg_data_uri(svg)}"')
    return html


def load_style(path: Path = STYLE_FILE) -> dict[str, Any]:
    """Chart sizes, fonts and colours from the style file."""
    return read_mapping(Path(path))


def _tco2e(value: float, strings: dict[str, Any], lang: str) -> str:
    return f"{format_number(value, 1, lang)}\u00a0{strings['document']['unit_tco2e']}"


def trend_spec(results: Any, strings: dict[str, Any], lang: str, style: dict[str, Any]) -> ChartSpec:
    """Figure 1: totals from the base year to the report year against each target's path."""
    s = strings["carbon"]["trend"]
    totals, paths, base_year = results.totals, results.paths, results.base_year
    first, last = int(totals.index.min()), int(totals.index.max())
    targets = []
    for t in results.targets.itertuples():
        p = paths[(paths["target_year"] == t.year) & (paths["reduction_pct"] == t.reduction_pct)]
        targets.append({"year": int(t.year), "reduction_pct": float(t.reduction_pct),
                        "label": str(t.label), "path_years": [int(y) for y in p["year"]],
                        "path_tco2e": [float(v) for v in p["tco2e"]]})
    ranges = results.uncertainty
    interval = ranges[int(totals.index.max())].interval
    s = {**s, "range_label": s["range_label"].format(interval=interval)}
    s.pop("meaning", None)
    data = {"lang": lang, "style": style, "strings": s, "base_year": int(base_year),
            "years": [int(y) for y in totals.index], "totals": [float(v) for v in totals],
            "low": [ranges[y].total["low"] for y in totals.index],
            "high": [ranges[y].total["high"] for y in totals.index],
            "targets": targets}
    values = "; ".join(s["alt_range"].format(year=y, value=_tco2e(v, strings, lang),
                                             low=format_number(ranges[y].total["low"], 0, lang),
                                             high=format_number(ranges[y].total["high"], 0, lang))
                       for y, v in totals.items())
    path_texts = "; ".join(s["alt_path"].format(label=t.label, year=t.year,
                                                pct=format_pct(t.reduction_pct, 0, lang),
                                                total=_tco2e(t.target_total, strings, lang))
                           for t in results.targets.itertuples())
    return ChartSpec("trend", "trend", data,
                     s["alt"].format(first=first, last=last, values=values, base_year=base_year,
                                     paths=path_texts),
                     s["caption"].format(first=first, last=last, base_year=base_year,
                                         interval=interval),
                     range_meaning(results, strings, lang))


def range_meaning(results: Any, strings: dict[str, Any], lang: str) -> str:
    """What the report year's uncertainty range means for the change from the base year, in
    plain words: whether the year's range reaches the base year's value, and whether the
    change's own interval (both years drawn with the same factors) is clear of zero."""
    m, trend = strings["carbon"]["trend"]["meaning"], results.trend
    if trend is None:
        return ""
    r = results.uncertainty[results.year]
    low, high = r.total["low"], r.total["high"]
    base = results.base_total
    reach = "overlap" if low <= base <= high else "below" if high < base else "above"
    first = m[reach].format(year=results.year, base_year=results.base_year,
                            low=format_number(low, 1, lang), high=_tco2e(high, strings, lang),
                            base_total=_tco2e(base, strings, lang), interval=r.interval)
    sure = "down" if trend.low > 0 else "up" if trend.high < 0 else "unsure"
    pct = (lambda v: format_pct(abs(v), 1, lang))
    second = m[sure].format(interval=trend.interval, low=pct(trend.low), high=pct(trend.high),
                            reduction=pct(trend.reduction_pct))
    return f"{first} {second}"


def source_spec(results: Any, strings: dict[str, Any], lang: str, style: dict[str, Any]) -> ChartSpec:
    """Figure 2: the report year's emissions by source group, largest first."""
    s, by_source, year = strings["carbon"]["by_source"], results.by_source, results.year
    data = {"lang": lang, "style": style, "strings": s,
            "names": [str(n) for n in by_source["name"]],
            "tco2e": [float(v) for v in by_source["tco2e"]],
            "share_pct": [float(v) for v in by_source["share_pct"]],
            "scopes": [int(c) for c in by_source["scope"]],
            "scope_names": {str(k): str(v) for k, v in strings["carbon"]["scopes"]["names"].items()}}
    values = "; ".join(s["alt_value"].format(name=r.name, value=_tco2e(r.tco2e, strings, lang),
                                             share=share_text(r.share_pct, 1, lang))
                       for r in by_source.itertuples())
    total = float(by_source["tco2e"].sum())
    return ChartSpec("by_source", "by_source", data,
                     s["alt"].format(year=year, values=values, total=_tco2e(total, strings, lang)),
                     s["caption"].format(year=year))


def change_spec(results: Any, strings: dict[str, Any], lang: str,
                style: dict[str, Any]) -> ChartSpec:
    """Figure 3: the change from the base year to the report year as a waterfall: the base
    year's total, each effect and the residual, the report year's total (the numbers of
    `build.py change`)."""
    s, d = strings["carbon"]["change"], results.change.decomposition
    steps = d.steps()
    data = {"lang": lang, "style": style, "strings": s,
            "start": str(d.from_year), "end": str(d.to_year),
            "from_total": d.from_total, "to_total": d.to_total,
            "labels": [s["effects"][name] for name, _ in steps],
            "values": [float(v) for _, v in steps]}
    values = "; ".join(s["alt_value"].format(name=s["effects"][name],
                                             value=_signed_tco2e(v, strings, lang))
                       for name, v in steps)
    return ChartSpec("change", "change", data,
                     s["alt"].format(start=d.from_year, end=d.to_year, values=values,
                                     from_total=_tco2e(d.from_total, strings, lang),
                                     to_total=_tco2e(d.to_total, strings, lang)),
                     s["caption"].format(start=d.from_year, end=d.to_year))


def _signed_tco2e(value: float, strings: dict[str, Any], lang: str) -> str:
    text = _tco2e(value, strings, lang)
    return text if text.startswith(("-", "\u2212")) or round(value, 1) == 0 else "+" + text


def chart_specs(results: Any, strings: dict[str, Any], lang: str,
                style: dict[str, Any] | None = None) -> dict[str, ChartSpec]:
    """Every chart of the carbon chapter by marker name ('trend', 'by_source', and 'change' when
    the report year is after the base year), not yet drawn."""
    style = style or load_style()
    specs = {"trend": trend_spec(results, strings, lang, style),
             "by_source": source_spec(results, strings, lang, style)}
    if getattr(results, "change", None) is not None:
        specs["change"] = change_spec(results, strings, lang, style)
    return specs


def drawn(specs: dict[str, ChartSpec], svgs: dict[str, bytes] | None) -> dict[str, Chart]:
    """The charts from their specs and drawings (None: being drawn in the PDF worker)."""
    return {key: Chart(key, None if svgs is None else svgs[key], spec.alt, spec.caption, spec.note)
            for key, spec in specs.items()}


def requests(specs: dict[str, ChartSpec]) -> dict[str, dict[str, Any]]:
    """What drawing the specs needs, as plain data by key."""
    return {key: spec.request() for key, spec in specs.items()}


def make_charts(results: Any, strings: dict[str, Any], lang: str,
                style: dict[str, Any] | None = None) -> dict[str, Chart]:
    """Every chart of the carbon chapter by marker name, drawn as SVG in this process (imports
    matplotlib; a report build has them drawn in its PDF worker instead)."""
    from .chart_drawing import draw_all

    specs = chart_specs(results, strings, lang, style)
    return drawn(specs, draw_all(requests(specs)))
