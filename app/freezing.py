"""Freezing a published year (what its figures rested on) and checking later calculations of
frozen years against their records, so that a changed figure comes with its reasons."""
from __future__ import annotations

import datetime
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import yaml

from carbon.errors import OptionError
from carbon.records.fingerprint import input_files, relative, sha256
from carbon.records.freeze import FrozenComparison, check_record, compare, make_record, record_path
from carbon.readers.inputs import Inputs, load_inputs
from carbon.readers.settings import load_organisation
from carbon.yamlfile import read_mapping

from .organisation import pick_year

HEADER = ("# What the published {year} inventory rested on, written by `build.py freeze`.\n"
          "# Later runs compare their {year} figures with these and say what changed.\n"
          "# Do not edit: freeze the year again (--force) if a recalculation is published.\n")


@dataclass
class Freeze:
    """A year's freeze record, where it goes, and whether one is there already."""

    year: int
    path: Path
    record: dict[str, Any]
    exists: bool

    @property
    def total(self) -> float:
        return float(self.record["total_tco2e"])

    @property
    def files(self) -> int:
        """How many files were fingerprinted."""
        return len(self.record["files"])


def _version() -> str:
    try:
        return metadata.version("vastuu")
    except metadata.PackageNotFoundError:
        return "unknown"


def _record(inputs: Inputs, year: int, frozen_at: str) -> dict[str, Any]:
    """The record of a year as the inputs give it now."""
    org = inputs.org
    folder = org.file.parent
    files, roles = {}, {}
    for role, paths in input_files(org).items():
        for p in paths:
            rel = relative(p, folder)
            files[rel], roles[rel] = sha256(p), role
    return make_record(inputs.inventory(year), inputs.factors, org.id, folder, files, roles,
                       frozen_at, _version())


def freeze_year(inputs: Inputs, year: int | None = None) -> Freeze:
    """The freeze record of `year` (default: the latest with data): totals by scope and source
    group, factors and input files with their tCO2e, the sha256 of every file read."""
    year = pick_year(inputs, year)
    now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0).isoformat()
    path = record_path(inputs.org.file, year)
    return Freeze(year=year, path=path, record=_record(inputs, year, now), exists=path.exists())


def write_freeze(result: Freeze, force: bool = False) -> Path:
    """Write the record to frozen/<year>.yaml; an existing record is replaced only with
    `force` (freezing again rewrites what the published figures rest on)."""
    if result.exists and not force:
        raise OptionError("force", f"{result.path} exists already: {result.year} is frozen; "
                                   "freeze it again only for a published recalculation",
                          code="freeze_exists", params={"path": result.path, "year": result.year})
    result.path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(result.record, allow_unicode=True, sort_keys=False, width=100)
    result.path.write_text(HEADER.format(year=result.year) + text, encoding="utf-8")
    return result.path


def frozen_years(org_file: str | Path) -> list[int]:
    """The years with a freeze record (frozen/<year>.yaml) beside the settings file."""
    folder = record_path(Path(org_file), 0).parent
    return sorted(int(p.stem) for p in folder.glob("*.yaml") if p.stem.isdigit()) \
        if folder.is_dir() else []


def check_frozen(inputs: Inputs, years: list[int] | None = None,
                 lang: str = "fi") -> list[FrozenComparison]:
    """Each frozen year (of `years`, default all) set against its calculation now, source
    groups with their names in `lang` (column `name`); a year without data now is skipped."""
    wanted = frozen_years(inputs.org.file)
    if years is not None:
        wanted = [y for y in wanted if y in years]
    out = []
    for year in wanted:
        if year not in inputs.years:
            continue
        path = record_path(inputs.org.file, year)
        record = check_record(read_mapping(path, "freeze record"), path)
        c = compare(record, path, _record(inputs, year, ""))
        c.by_group["name"] = [inputs.group_name(g, lang) for g in c.by_group["source_group"]]
        out.append(c)
    return out


def check_frozen_year(org_file: str | Path, year: int,
                      lang: str = "fi") -> FrozenComparison | None:
    """The comparison of one year when it is frozen (loads the organisation only then); for
    front ends that did not load the inputs themselves (the report build)."""
    org = load_organisation(org_file)
    if year not in frozen_years(org.file):
        return None
    found = check_frozen(load_inputs(org), [year], lang)
    return found[0] if found else None
