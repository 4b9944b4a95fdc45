"""The report's key figures: the spread after the contents that a reader takes in at once
(the footprint and its change with the target status, the largest source, the share from
measured data, the indicators met, the SDGs), each with one plain sentence. Every figure comes
from the carbon results and the indicator records the rest of the report shows."""
from __future__ import annotations

from typing import Any, Iterable

from carbon.calculation.progress import path_value, target_total
from carbon.calculation.quality import quality_shares
from carbon.numbers import format_number, format_pct

from .carbon_results import CarbonResults

#: qualities that rest on measured data rather than euros × averages
MEASURED = ("activity-based", "supplier-specific")
#: indicator statuses that judge a value, and those of them that are good news
JUDGED = ("met", "on_track", "off_track", "not_met")
GOOD = ("met", "on_track")


def measured_share_pct(results: CarbonResults) -> float:
    """The share of the year's tCO2e computed from activity data or suppliers' own figures, %."""
    inv = results.inventory
    q = quality_shares(inv.spend_rows, inv.activity_rows)
    return float(q.loc[q["quality"].isin(MEASURED), "tco2e_share_pct"].sum())


def target_status(results: CarbonResults) -> dict[str, Any] | None:
    """The next target from the report year: its year, reduction, allowed tCO2e and whether the
    year is on the straight path to it (or has met it)."""
    ahead = [t for t in sorted(results.targets.itertuples(), key=lambda t: t.year)
             if t.year >= results.year]
    if not ahead:
        return None
    t = ahead[0]
    from carbon.readers.settings import Target
    target = Target(year=int(t.year), reduction_pct=float(t.reduction_pct), label={})
    allowed = target_total(results.base_total, target)
    path = path_value(results.base_year, results.base_total, target, results.year)
    return {"year": int(t.year), "reduction_pct": float(t.reduction_pct), "allowed": allowed,
            "on_path": results.year_total <= path + 1e-9,
            "met": results.year_total <= allowed + 1e-9}


def indicator_counts(records: Iterable[dict[str, Any]]) -> tuple[int, int]:
    """(indicators whose value meets its target or is on track, indicators with a judged value)."""
    judged = [r for r in records if r.get("status") in JUDGED]
    return sum(r["status"] in GOOD for r in judged), len(judged)


def key_figures(results: CarbonResults, indicators: list[dict[str, Any]],
                goals: list[Any], strings: dict[str, Any], lang: str) -> list[dict[str, str]]:
    """The spread's figures as [{label, value, sentence}] in the report's language (the SDGs'
    figure also has their chips: number and colour)."""
    s = strings["key_figures"]
    unit = strings["document"]["unit_tco2e"]
    num = lambda v, d=0: format_number(v, d, lang)  # noqa: E731
    pct = lambda v, d=0: format_pct(v, d, lang)  # noqa: E731
    change = 100.0 * (results.year_total - results.base_total) / results.base_total \
        if results.base_total else 0.0
    status = target_status(results)
    footprint = s["footprint_down" if change <= 0 else "footprint_up"].format(
        base_year=results.base_year, base=f"{num(results.base_total)} {unit}",
        change=pct(abs(change)))
    if status is not None:
        key = "target_met" if status["met"] else "target_on_path" if status["on_path"] \
            else "target_off_path"
        footprint += " " + s[key].format(year=status["year"], pct=pct(status["reduction_pct"]),
                                         allowed=f"{num(status['allowed'])} {unit}")
    figures = [{"label": s["footprint_label"].format(year=results.year),
                "value": f"{num(results.year_total)} {unit}", "sentence": footprint}]
    if len(results.by_source):
        top = results.by_source.iloc[0]
        figures.append({"label": s["largest_label"], "value": pct(float(top["share_pct"])),
                        "sentence": s["largest"].format(name=top["phrase"],
                                                        value=f"{num(float(top['tco2e']))} {unit}")})
    measured = measured_share_pct(results)
    figures.append({"label": s["measured_label"], "value": pct(measured),
                    "sentence": s["measured"].format(share=pct(measured),
                                                     rest=pct(100.0 - measured))})
    good, judged = indicator_counts(indicators)
    if judged:
        figures.append({"label": s["indicators_label"],
                        "value": s["indicators_value"].format(good=good, judged=judged),
                        "sentence": s["indicators"].format(good=good, judged=judged,
                                                           all=len(indicators))})
    if goals:
        figures.append({"label": s["sdg_label"],
                        "value": " ".join(str(g.number) for g in goals),
                        "chips": [{"number": g.number, "colour": g.colour,
                                   "text_colour": g.text_colour} for g in goals],
                        "sentence": s["sdg"].format(count=len(goals))})
    return figures
