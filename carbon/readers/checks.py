"""Checks of the input beyond its format (issue 11): a year whose spend is missing or far below
the other years (an error unless accepted), amounts far larger than the rest of the year
(flagged), and lines dated outside their file's accounting year (listed). Findings are data;
carbon/messages.yaml words them in the user's language."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

import numpy as np
import pandas as pd

from carbon.errors import InputError
from carbon.numbers import format_number
from carbon.yamlfile import read_mapping

SETTINGS = Path(__file__).with_name("checks.yaml")


@dataclass(frozen=True)
class Finding:
    """Something about the input the user should know (it does not stop the calculation)."""

    code: str
    file: str
    english: str
    row: int | None = None
    column: str | None = None
    key: str | None = None
    params: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)


@lru_cache(maxsize=None)
def thresholds() -> dict[str, Any]:
    """The checks' thresholds (carbon/readers/checks.yaml)."""
    return read_mapping(SETTINGS, "checks settings file")


def _eur(value: float, lang: str = "fi") -> str:
    return format_number(value, 0, lang)


def yearly_spend(frame: pd.DataFrame) -> dict[int, float]:
    """Net spend (EUR) of each year with ledger lines."""
    return {int(y): float(v) for y, v in frame.groupby("year")["amount_eur"].sum().items()}


def unmatched_files(patterns: list[Path], used: list[str], year: int) -> list[str]:
    """Files beside the ledger patterns whose names hold the year but that no pattern matched
    (th-data-2021.txt beside ledger/th_data_*.csv): the likely reason a year has no lines."""
    found = set()
    for pattern in patterns:
        folder = pattern.parent
        if folder.is_dir():
            found |= {str(p) for p in folder.iterdir()
                      if p.is_file() and str(year) in p.name and str(p) not in used}
    return sorted(Path(p).name for p in found)


def spend_finding(frame: pd.DataFrame, year: int, settings_file: str | Path,
                  accepted: bool,
                  unmatched: Callable[[], list[str]] | None = None) -> Finding | None:
    """None when the year's spend is in line with the other years; a Finding when it is missing
    or far below them and `accepted`; otherwise InputError (naming the organisation settings'
    data.ledger), so that no footprint or report is made from a year without its ledger.
    `unmatched()` names files that hold the year but no ledger pattern matched (asked only
    when the year has no lines)."""
    spend = yearly_spend(frame)
    others = {y: v for y, v in spend.items() if y != year}
    eur = spend.get(year, 0.0)
    limit = float(thresholds()["spend"]["min_share_of_median"])
    median = float(np.median(list(others.values()))) if others else 0.0
    listed = ", ".join(f"{y}: {_eur(v)} EUR" for y, v in sorted(others.items())) or "–"
    if year not in spend:
        code, english = "spend_missing", (
            f"no ledger lines for {year} (the other years: {listed}); check that the year's file "
            "is listed in data.ledger. If the spend really is missing, --accept-missing-spend "
            f"(or the setting accept_missing_spend: [{year}]) calculates without it and the "
            "report says so")
    elif median > 0 and eur < limit * median:
        code, english = "spend_low", (
            f"spend in {year} ({_eur(eur)} EUR) is below {limit:.0%} of the other years' median "
            f"({_eur(median)} EUR); check that all of the year's files are listed in "
            f"data.ledger. If the figure is right, --accept-missing-spend (or "
            f"accept_missing_spend: [{year}]) accepts it")
    else:
        return None
    params = {"year": year, "others": listed, "eur": _eur(eur), "median": _eur(median),
              "share": f"{limit:.0%}", "files": ""}
    files = unmatched() if code == "spend_missing" and unmatched is not None else []
    if files:
        params["files"] = ", ".join(files)
        code = "spend_missing_unmatched"
        english += f" (files that no pattern in data.ledger matches: {params['files']})"
    if not accepted:
        raise InputError(settings_file, english, key="data.ledger", code=code, params=params)
    return Finding("spend_accepted", str(settings_file),
                   f"spend for {year} is missing or unusually low ({_eur(eur)} EUR) and this has "
                   "been accepted: spend-based emissions are missing accordingly",
                   key="accept_missing_spend", params=params)


def outliers(frame: pd.DataFrame, year: int) -> list[Finding]:
    """Lines of the year whose amount is far above the year's distribution (largest first)."""
    settings = thresholds()["outliers"]
    positions = np.flatnonzero((frame["year"] == year).to_numpy())
    if not len(positions):
        return []
    amounts = np.abs(frame["amount_eur"].to_numpy()[positions])
    reference = float(np.quantile(amounts, float(settings["quantile"]), method="lower"))
    factor = float(settings["factor"])
    if reference <= 0:
        return []
    hit = np.flatnonzero(amounts > factor * reference)
    hit = hit[np.argsort(-amounts[hit])][: int(settings["max_listed"])]
    found = []
    for pos in hit:
        rec = frame.iloc[int(positions[pos])]
        params = {"amount": _eur(float(rec["amount_eur"])), "factor": f"{factor:g}",
                  "year": year, "reference": _eur(reference)}
        found.append(Finding(
            "outlier", str(rec["source_file"]),
            f"amount {params['amount']} EUR is over {factor:g} times the {year} lines' 99th "
            f"percentile ({params['reference']} EUR); check that the amount is right",
            row=int(rec["source_row"]), params=params))
    return found


def outside_year(outside: pd.DataFrame, year: int) -> list[Finding]:
    """Per file: the lines dated outside its accounting year that count in `year`."""
    if not len(outside):
        return []
    sub = outside[(outside["year"] == year).to_numpy()]
    limit = int(thresholds()["outside_year"]["max_listed"])
    found = []
    for file, lines in sub.groupby("source_file", sort=True):
        shown = [f"{int(r.source_row)} ({pd.Timestamp(r.date):%Y-%m-%d}, {_eur(r.amount_eur)} EUR)"
                 for r in lines.head(limit).itertuples()]
        rows = ", ".join(shown) + (f", … (+{len(lines) - limit})" if len(lines) > limit else "")
        params = {"count": len(lines), "year": year, "rows": rows}
        found.append(Finding(
            "outside_year", str(file),
            f"{len(lines)} lines are dated outside the file's accounting year {year} and count "
            f"in {year}: {rows}", params=params))
    return found


def left_out(selections: list, year: int) -> list[Finding]:
    """Per file read with a `select:` setting whose lines count in `year`: how many lines of
    other units it left out and how many it kept (carbon.readers.selection.Selected)."""
    found = []
    for sel in selections:
        if year not in sel.years or not sel.left_out:
            continue
        params = {"left_out": sel.left_out, "kept": sel.kept,
                  "select": sel.selection.describe(), "setting": sel.selection.key}
        found.append(Finding(
            "select_left_out", sel.file,
            f"{sel.left_out} lines of other units left out, {sel.kept} kept "
            f"({sel.selection.key}: {params['select']})", params=params))
    return found


def unclassified(coverage: pd.DataFrame, largest: pd.DataFrame, year: int, mapping_file: str,
                 limit_pct: float | None = None) -> list[Finding]:
    """A note when the year's unclassified share of spend (coverage: status, eur, share_pct)
    is over the limit (the organisation's checks.unclassified_share_pct, else checks.yaml),
    naming the largest unclassified groups (`largest`: mapping.unclassified_summary): a
    mapping order or rule file that leaves spend out shows here, not only in a lower total."""
    settings = thresholds()["unclassified"]
    limit = float(settings["share_pct"] if limit_pct is None else limit_pct)
    shares = dict(zip(coverage["status"].astype(str), coverage["share_pct"]))
    share = float(shares.get("unclassified", 0.0))
    if share <= limit:
        return []
    parts = []
    for rec in largest.head(int(settings["max_listed"])).to_dict("records"):
        named = [str(rec[c]) for c in ("product_group", "category", "supplier_name", "account")
                 if str(rec.get(c, "") or "").strip() not in ("", "nan", "None")]
        parts.append(f"{' / '.join(named[:3]) or '–'} ({_eur(float(rec['eur']))} EUR)")
    params = {"year": year, "share": f"{share:.1f}", "limit": f"{limit:g}",
              "groups": "; ".join(parts) or "–"}
    return [Finding("unclassified_high", mapping_file,
                    f"{params['share']} % of the {year} spend is unclassified (limit "
                    f"{params['limit']} %, the setting checks.unclassified_share_pct); the "
                    f"largest: {params['groups']}. A rule in mapping.csv classifies them",
                    params=params)]
