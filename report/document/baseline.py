"""The base-year policy of a view as every output shows it (the report, and through app/ the
command line and the workbench): the policy sentence, the series
with each year's method, and the reconciliation of restated years (one story of the numbers)."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from carbon.calculation.baseline import Baseline, YearFigure
from carbon.numbers import format_number, format_pct
from carbon.readers.inputs import Inputs
from carbon.yamlfile import read_mapping

TEXT = Path(__file__).with_name("baseline.yaml")


@lru_cache(maxsize=1)
def _strings() -> dict[str, Any]:
    return read_mapping(TEXT, "base-year text file")


def strings(lang: str) -> dict[str, Any]:
    """The policy's words in a language (English when the language has none)."""
    doc = _strings()
    return doc.get(lang) or doc["en"]


def baseline(inputs: Inputs, year: int | None = None) -> Baseline:
    """The base-year policy of a view of `year` (default: the latest year with data)."""
    return inputs.baseline(year)


def method_label(method: tuple[str, ...], lang: str) -> str:
    """A year's method in words: spend-based, or the activity kinds that replace spend."""
    s = strings(lang)
    if not method:
        return s["method"]["spend"]
    return s["method"]["activity"].format(kinds=", ".join(s["kinds"].get(k, k) for k in method))


def _change_words(b: Baseline, inputs: Inputs, lang: str) -> dict[str, Any]:
    s = strings(lang)
    groups = [inputs.group_name(g, lang) for c in b.changes for g in c.source_groups]
    kinds = sorted({c.activity for c in b.changes})
    return {"change_year": min(c.year for c in b.changes),
            "groups": ", ".join(dict.fromkeys(groups)),
            "activity": ", ".join(s["kinds"].get(k, k) for k in kinds)}


def policy_sentence(b: Baseline, inputs: Inputs, lang: str = "fi") -> str:
    """Which base year figure progress is measured from, and why, in one sentence."""
    s = strings(lang)
    fmt = lambda v: format_number(v, 1, lang)  # noqa: E731
    words: dict[str, Any] = {
        "base_year": b.base_year, "base": fmt(b.base_total),
        "published": fmt(b.published) if b.published is not None else s["not_published"],
        "threshold": format_pct(b.threshold_pct, 0, lang)}
    if not b.changes:
        return " ".join(s["no_change"].format(**words).split())
    words |= _change_words(b, inputs, lang)
    if not b.comparable:
        return " ".join(s["not_comparable"].format(reason=b.reason, **words).split())
    restated = [f.year for f in b.series if f.restated]
    words |= {"restated": fmt(b.restated), "diff": format_pct(b.diff_pct, 1, lang),
              "first": min(restated, default=b.base_year), "last": max(restated, default=b.base_year)}
    key = "recalculated" if b.significant else "within"
    return " ".join(s[key].format(**words).split())


def restated_reason(b: Baseline, inputs: Inputs, lang: str = "fi") -> str:
    """Why the restated years differ from their own figures."""
    return strings(lang)["restated_reason"].format(**_change_words(b, inputs, lang)) \
        if b.changes else ""


def reconciliation(b: Baseline, inputs: Inputs, lang: str = "fi") -> list[dict[str, Any]]:
    """The restated years (GHG Protocol ch. 5): as originally reported (or calculated on the
    year's own method when never reported), restated, difference and reason."""
    reason = restated_reason(b, inputs, lang)
    rows = []
    for f in b.restatements:
        original = f.reported if f.reported is not None else f.own_tco2e
        rows.append({"year": f.year, "original_tco2e": original,
                     "original_source": f.reported_source or "calculated",
                     "restated_tco2e": float(f.tco2e),
                     "difference_tco2e": float(f.tco2e) - original,
                     "difference_pct": 100.0 * (float(f.tco2e) - original) / original
                     if original else None,
                     "reason": reason})
    return rows


def _year(f: YearFigure, b: Baseline) -> dict[str, Any]:
    total = b.totals.get(f.year)
    return {"year": f.year, "tco2e": total, "method": list(f.method), "restated": f.restated,
            "in_series": f.in_series, "own_method_tco2e": f.own_tco2e,
            "reported_tco2e": f.reported, "reported_source": f.reported_source or None,
            "reduction_pct": b.reduction_pct(f.year),
            "reduction_pct_vs_published": b.reduction_pct(f.year, b.published)
            if b.published else None, "not_restated_reason": f.reason or None}


def baseline_json(b: Baseline, inputs: Inputs, lang: str = "fi") -> dict[str, Any]:
    """The policy as one JSON-ready object: the same keys in progress, footprint, indicators
    and the workbench (published, calculated, restated, used, why, the series, restatements,
    the derivation sensitivity)."""
    return {
        "base_year": b.base_year, "view_year": b.view_year,
        "published_tco2e": b.published, "calculated_tco2e": b.computed,
        "restated_tco2e": b.restated, "restated_diff_pct": b.diff_pct,
        "threshold_pct": b.threshold_pct, "significant": b.significant,
        "measured_from": b.measured_from, "base_tco2e_used": b.base_total,
        "comparable": b.comparable, "method": list(b.method),
        "method_changes": [{"year": c.year, "activity": c.activity,
                            "source_groups": list(c.source_groups)} for c in b.changes],
        "why": policy_sentence(b, inputs, lang),
        "series": [_year(f, b) for f in b.series],
        "restatements": reconciliation(b, inputs, lang),
        "derivation_sensitivity": [
            {"factor_id": s.factor_id, "years": list(s.years), "kgco2e_per_unit": s.value,
             "restated_base_tco2e": s.restated, "diff_pct": s.diff_pct,
             "above_threshold": abs(s.diff_pct) > b.threshold_pct, "chosen": s.chosen}
            for s in b.sensitivity],
    }
