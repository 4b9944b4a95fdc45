"""Frozen inventories: what a published year's figures rested on, and why a later calculation of
that year differs.

A freeze record (`frozen/<year>.yaml` in the organisation's folder) keeps the year's totals by
scope and source group, every factor used with its value and the tCO2e it gave, the tCO2e of
each input file, and the sha256 of every file the calculation read (paths relative to the
organisation's folder). `compare` sets a new calculation against it: which files changed, which
factors' values or results changed and by how much, which input files' results changed.

Pure functions over an Inventory, a FactorLibrary and file fingerprints; reading and writing
the record happen in app/freezing.py.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from carbon.errors import InputError
from carbon.readers.factors import FactorLibrary
from .fingerprint import relative
from carbon.calculation.inventory import COUNTED, Inventory

#: differences below this (tCO2e) are rounding, not a change of the published figure
TOLERANCE = 0.005
FOLDER = "frozen"
FORMAT = 1


def record_path(org_file: Path, year: int) -> Path:
    """Where the freeze record of a year lives: frozen/<year>.yaml beside the settings file."""
    return Path(org_file).parent / FOLDER / f"{year}.yaml"


def _round(value: float) -> float:
    return round(float(value), 6)


def factor_results(inv: Inventory, factors: FactorLibrary, folder: Path) -> dict[str, dict]:
    """Every factor the year's counted rows used: its file, value for the year, unit, price
    year and the tCO2e it gave (on the inventory's basis)."""
    tco2e = inv.table.groupby("factor_id")["tco2e"].sum()
    ids = set(tco2e.index)
    act = inv.activity_rows
    if len(act) and "market_factor_id" in act.columns:
        counted = act[act["status"].astype(str) == COUNTED]
        ids |= set(counted["market_factor_id"].dropna().astype(str))
    out = {}
    for fid in sorted(ids):
        f = factors[fid]
        out[fid] = {"file": relative(f.file, folder), "value": f.value_for(inv.year),
                    "unit": f.unit, "price_year": f.price_year,
                    "tco2e": _round(tco2e.get(fid, 0.0))}
    return out


def input_results(inv: Inventory, folder: Path) -> dict[str, float]:
    """tCO2e of the year by the ledger or activity file its rows came from."""
    parts = []
    for rows in (inv.spend_rows, inv.activity_rows):
        if len(rows):
            counted = rows[rows["status"].astype(str) == COUNTED]
            parts.append(counted.groupby(counted["source_file"].astype(str))["kgco2e"].sum())
    if not parts:
        return {}
    by_file = pd.concat(parts).groupby(level=0).sum() / 1000.0
    return {relative(f, folder): _round(v) for f, v in sorted(by_file.items())}


def make_record(inv: Inventory, factors: FactorLibrary, org_id: str, folder: Path,
                files: dict[str, str], roles: dict[str, str], frozen_at: str,
                version: str) -> dict[str, Any]:
    """The freeze record of one year's inventory; `files` maps relative paths to sha256,
    `roles` those paths to their role (ledger, factors, ...)."""
    scopes = inv.scope_totals()
    return {
        "format": FORMAT, "organisation": org_id, "year": inv.year, "frozen_at": frozen_at,
        "vastuu": version, "basis": inv.basis, "total_tco2e": _round(inv.total),
        "by_scope": {int(s): _round(v) for s, v in scopes["tco2e"].items()},
        "by_source_group": {str(g): _round(v) for g, v in inv.by("source_group").items()},
        "factors": factor_results(inv, factors, folder),
        "input_files": input_results(inv, folder),
        "files": [{"path": p, "role": roles[p], "sha256": files[p]} for p in sorted(files)],
    }


def check_record(doc: Any, path: Path) -> dict[str, Any]:
    """A freeze record read from a file, with the keys `compare` needs (InputError if not)."""
    need = ("year", "total_tco2e", "by_scope", "by_source_group", "factors", "input_files", "files")
    if not isinstance(doc, dict):
        raise InputError(path, "a freeze record must be a mapping", code="freeze_not_mapping")
    for key in need:
        if key not in doc:
            raise InputError(path, "the freeze record has no such key", key=key,
                             code="freeze_key_missing")
    return doc


@dataclass
class FrozenComparison:
    """A frozen year against its calculation now; empty tables when nothing changed."""

    year: int
    record: Path
    frozen_at: str
    version_frozen: str
    total_frozen: float
    total_now: float
    by_scope: pd.DataFrame      # scope, frozen, now, diff
    by_group: pd.DataFrame      # source_group, frozen, now, diff (changed groups only)
    files: pd.DataFrame         # path, role, change (changed | added | removed)
    factors: pd.DataFrame       # factor_id, file, unit, value_frozen, value_now, frozen, now, diff
    inputs: pd.DataFrame        # file, frozen, now, diff (input files whose tCO2e changed)
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The comparison as plain JSON-ready data (for machine-readable output)."""
        def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
            return [{k: (None if isinstance(v, float) and v != v else v) for k, v in rec.items()}
                    for rec in frame.to_dict("records")]
        return {"year": self.year, "record": str(self.record), "frozen_at": self.frozen_at,
                "differs": self.differs, "total_frozen": self.total_frozen,
                "total_now": self.total_now, "diff": self.diff, "diff_pct": self.diff_pct,
                "by_scope": records(self.by_scope), "by_source_group": records(self.by_group),
                "files": records(self.files), "factors": records(self.factors),
                "input_files": records(self.inputs), "notes": list(self.notes)}

    @property
    def diff(self) -> float:
        """tCO2e now minus frozen."""
        return self.total_now - self.total_frozen

    @property
    def diff_pct(self) -> float:
        return 100.0 * self.diff / self.total_frozen if self.total_frozen else 0.0

    @property
    def differs(self) -> bool:
        """True when the year's figures (total or any scope or source group) changed."""
        return abs(self.diff) > TOLERANCE or bool((self.by_scope["diff"].abs() > TOLERANCE).any()) \
            or len(self.by_group) > 0


def _changes(frozen: dict[str, float], now: dict[str, float], key: str) -> pd.DataFrame:
    """frozen, now and diff of every key whose value changed by more than the tolerance."""
    rows = []
    for k in sorted(set(frozen) | set(now), key=str):
        a, b = float(frozen.get(k, 0.0)), float(now.get(k, 0.0))
        if abs(b - a) > TOLERANCE:
            rows.append({key: k, "frozen": a, "now": b, "diff": b - a})
    return pd.DataFrame(rows, columns=[key, "frozen", "now", "diff"])


def file_changes(frozen: list[dict], now: dict[str, str], roles: dict[str, str]) -> pd.DataFrame:
    """Files whose fingerprint changed, and files added or removed since the freeze."""
    then = {f["path"]: f for f in frozen}
    # A file that only moved (the organisation's folder copied elsewhere, the shared library
    # found on another path) is the same file: pair the one of its role and name gone from the
    # record with the one new in the inputs.
    gone = [p for p in then if p not in now]
    new = [p for p in now if p not in then]
    for old in gone:
        same = [p for p in new if Path(p).name == Path(old).name
                and roles.get(p) == then[old].get("role")]
        if len(same) == 1:
            then[same[0]] = {**then.pop(old), "path": same[0]}
            new.remove(same[0])
    rows = []
    for path in sorted(set(then) | set(now)):
        if path not in now:
            rows.append({"path": path, "role": then[path].get("role", ""), "change": "removed"})
        elif path not in then:
            rows.append({"path": path, "role": roles.get(path, ""), "change": "added"})
        elif then[path].get("sha256") != now[path]:
            rows.append({"path": path, "role": roles.get(path, ""), "change": "changed"})
    return pd.DataFrame(rows, columns=["path", "role", "change"])


def factor_changes(frozen: dict[str, dict], now: dict[str, dict]) -> pd.DataFrame:
    """Factors whose value for the year or whose tCO2e changed, or that were used only then or
    only now, largest effect first."""
    rows = []
    for fid in sorted(set(frozen) | set(now)):
        a, b = frozen.get(fid, {}), now.get(fid, {})
        ta, tb = float(a.get("tco2e", 0.0)), float(b.get("tco2e", 0.0))
        value_changed = (a.get("value") != b.get("value")) or (a.get("unit") != b.get("unit")) \
            or (a.get("price_year") != b.get("price_year"))
        if value_changed or abs(tb - ta) > TOLERANCE:
            rows.append({"factor_id": fid, "file": b.get("file") or a.get("file", ""),
                         "unit": b.get("unit") or a.get("unit", ""),
                         "value_frozen": a.get("value"), "value_now": b.get("value"),
                         "frozen": ta, "now": tb, "diff": tb - ta})
    frame = pd.DataFrame(rows, columns=["factor_id", "file", "unit", "value_frozen", "value_now",
                                        "frozen", "now", "diff"])
    return frame.sort_values("diff", key=abs, ascending=False, ignore_index=True)


def compare(record: dict[str, Any], path: Path, now: dict[str, Any]) -> FrozenComparison:
    """A freeze record against a new record of the same year (made with `make_record`)."""
    scopes = [{"scope": s, "frozen": float(record["by_scope"].get(s, 0.0)),
               "now": float(now["by_scope"].get(s, 0.0))} for s in (1, 2, 3)]
    by_scope = pd.DataFrame(scopes)
    by_scope["diff"] = by_scope["now"] - by_scope["frozen"]
    roles = {f["path"]: f["role"] for f in now["files"]}
    notes = []
    if record.get("basis") and record.get("basis") != now.get("basis"):
        notes.append(f"basis: {record.get('basis')} -> {now.get('basis')}")
    if str(record.get("vastuu", "")) != str(now.get("vastuu", "")):
        notes.append(f"vastuu: {record.get('vastuu', '')} -> {now.get('vastuu', '')}")
    return FrozenComparison(
        year=int(record["year"]), record=path, frozen_at=str(record.get("frozen_at", "")),
        version_frozen=str(record.get("vastuu", "")),
        total_frozen=float(record["total_tco2e"]), total_now=float(now["total_tco2e"]),
        by_scope=by_scope,
        by_group=_changes(record["by_source_group"], now["by_source_group"], "source_group"),
        files=file_changes(record["files"], {f["path"]: f["sha256"] for f in now["files"]}, roles),
        factors=factor_changes(record["factors"], now["factors"]),
        inputs=_changes(record["input_files"], now["input_files"], "file"),
        notes=notes)
