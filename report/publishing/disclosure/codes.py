"""The valid GRI 305, ESRS E1 (E1-6) and EFRAG datapoint codes of the disclosure index, and how
a row's codes are written.

The table is data (codes.yaml); `invalid_codes(item)` lists what of an index item's
codes the table does not hold, so a wrong code (GRI "305-5 c" for base-year emissions, an ESRS
paragraph outside §44–§55) is caught by a test instead of being printed in the report.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from carbon.yamlfile import read_mapping

CODES_FILE = Path(__file__).with_name("codes.yaml")
GRI_PREFIX = "GRI "
ESRS_PREFIX = "ESRS "


@lru_cache(maxsize=1)
def codes_doc() -> dict[str, Any]:
    """The code table as read (gri, esrs, datapoints)."""
    return read_mapping(CODES_FILE, "disclosure code table")


def gri_codes() -> dict[str, dict[str, Any]]:
    """GRI 305 item codes ('305-1 d ii') -> {title, read}."""
    return codes_doc()["gri"]["codes"]


def esrs_codes() -> dict[str, dict[str, Any]]:
    """ESRS codes ('E1-6 §44 a', 'E1 AR 43 c', 'E1-4 §34 c') -> {title, datapoints, read}."""
    return codes_doc()["esrs"]["codes"] | codes_doc()["esrs_other"]["codes"]


def gri_edition(year: int) -> dict[str, Any]:
    """The GRI edition that applies to a reporting year (gri_editions of codes.yaml)."""
    for edition in codes_doc()["gri_editions"]:
        if edition.get("from_year", year) <= year <= edition.get("until_year", year):
            return edition
    raise ValueError(f"no GRI edition for {year}")


def datapoint_labels() -> dict[str, str]:
    """EFRAG IG 3 datapoint ids ('E1-6_07') -> label."""
    return codes_doc()["datapoints"]


def _list(item: dict[str, Any], key: str) -> list[str]:
    value = item.get(key) or []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def invalid_codes(item: dict[str, Any]) -> list[str]:
    """What is wrong with one item's codes (empty when all are valid): a GRI or ESRS code or a
    datapoint id not in the table, an ESRS code without a datapoint, a datapoint that belongs
    to none of the item's ESRS codes, an item with no code at all."""
    gri, esrs, dps = _list(item, "gri"), _list(item, "esrs"), _list(item, "datapoints")
    problems = [f"GRI {c}: not a GRI 305 item" for c in gri if c not in gri_codes()]
    problems += [f"ESRS {c}: not an ESRS E1-6 code" for c in esrs if c not in esrs_codes()]
    allowed = {d for c in esrs if c in esrs_codes() for d in esrs_codes()[c]["datapoints"]}
    problems += [f"{d}: not an EFRAG datapoint id of the table" for d in dps
                 if d not in datapoint_labels()]
    problems += [f"{d}: belongs to none of the row's ESRS codes" for d in dps
                 if d in datapoint_labels() and d not in allowed]
    unread = all(esrs_codes().get(c, {}).get("datapoints_read") is False for c in esrs)
    if esrs and not dps and not unread:
        problems.append("ESRS codes without an EFRAG datapoint id")
    if dps and not esrs:
        problems.append("datapoint ids without an ESRS code")
    if not gri and not esrs:
        problems.append("no GRI or ESRS code")
    return problems


def _grouped(codes: list[str], sep: str) -> str:
    """Codes that share their first word, one after the other, written once:
    ['305-4 a', '305-4 b'] -> '305-4 a, b'; groups joined with `sep`."""
    groups: list[tuple[str, list[str]]] = []
    for code in codes:
        head, _, rest = code.partition(" ")
        if groups and groups[-1][0] == head:
            groups[-1][1].append(rest)
        else:
            groups.append((head, [rest]))
    return sep.join(f"{head} {', '.join(rest)}".strip() for head, rest in groups)


def format_gri(codes: list[str]) -> str:
    """'GRI 305-1 d ii, 305-2 d ii', 'GRI 305-4 a, b, c'; '' for none."""
    return GRI_PREFIX + _grouped(codes, ", ") if codes else ""


def format_esrs(codes: list[str]) -> str:
    """'ESRS E1-6 §44 a, §48 a; E1 AR 39 c': codes of the same part (E1-6, E1) joined."""
    return ESRS_PREFIX + _grouped(codes, "; ") if codes else ""


def format_datapoints(ids: list[str]) -> str:
    """'E1-6_07, E1-6_08'; '' for none."""
    return ", ".join(ids)
