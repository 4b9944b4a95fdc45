"""The spend-based footprint of every procurement unit in a year of the state's open data."""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pandas as pd

from carbon.errors import InputError, OptionError
from carbon.numbers import format_number
from carbon.statewide.rulesets import DEFAULT, RuleSet, default_rule_set, organisation_rule_set, rule_table
from carbon.statewide.scan import scan
from carbon.statewide.chart import draw_largest
from carbon.statewide.tables import group_rows, table


@dataclass
class StateFootprint:
    """Every unit's and branch's spend, tCO2e, intensity, unclassified share and largest source
    groups; the rows by unit and source group; what was read and left out."""

    year: int
    files: list[str]
    units: pd.DataFrame        # unit_id, unit_name, branch_id, branch, rules, eur, tco2e, ...
    branches: pd.DataFrame     # branch_id, branch, units, eur, tco2e, ...
    groups: pd.DataFrame       # unit, source_group (id and name), status, eur, lines, tco2e
    rule_sets: dict[str, str]  # unit id -> the organisation whose rules it was classified with
    lines_read: int            # every line of every file
    other_years: pd.DataFrame  # year, lines, eur: lines dated outside the year (not counted)
    extra_columns: dict[str, list[str]] = field(default_factory=dict)  # file -> unknown columns

    @property
    def lines(self) -> int:
        """Lines of the year (in the tables)."""
        return int(self.units["lines"].sum())

    @property
    def total_tco2e(self) -> float:
        return float(self.units["tco2e"].sum())

    @property
    def total_eur(self) -> float:
        return float(self.units["eur"].sum())

    @property
    def unclassified_share_pct(self) -> float:
        """Unclassified spend as a share of all spend of the year, %."""
        total = self.total_eur
        return 100.0 * float(self.units["unclassified_eur"].sum()) / total if total else 0.0


def _import_writers() -> None:
    import openpyxl  # noqa: F401
    import pyarrow.parquet  # noqa: F401


def parse_rules(pairs: list[str]) -> dict[str, Path]:
    """`UNIT=ORGANISATION.yaml` pairs (the command's --rules) as unit id -> settings file."""
    out = {}
    for pair in pairs:
        unit, sep, org = pair.partition("=")
        if not sep or not unit.strip() or not org.strip():
            raise OptionError("rules", f"{pair!r}: expected UNIT=ORGANISATION.yaml, e.g. "
                              "26050=examples/migri/organisation.yaml",
                              code="option_rules_invalid", params={"value": pair})
        out[unit.strip()] = Path(org.strip())
    return out


def state_footprint(files: list[str | Path], year: int, rules: dict[str, Path] | None = None,
                    lang: str = "fi",
                    progress: Callable[[int, int], None] | None = None) -> StateFootprint:
    """The spend-based footprint of every procurement unit in `files` for `year`: the default
    rules (emission_factors/defaults/) for every unit, except those given an organisation's
    settings in `rules` (unit id -> organisation.yaml), which get that organisation's own
    mapping rules, factors and price index, as its `footprint` does."""
    if not files:
        raise InputError("government", "no data files given", code="no_ledger_files")
    sets: dict[str, RuleSet] = {DEFAULT: default_rule_set()}
    units: dict[str, str] = {}
    for unit, org_file in (rules or {}).items():
        s = organisation_rule_set(org_file)
        if s.name == DEFAULT:
            raise InputError(org_file, f"the organisation id '{DEFAULT}' is the default rule "
                             "set's name; give the organisation another id", key="id",
                             code="org_id_reserved", params={"id": DEFAULT})
        if s.name in sets and sets[s.name].mapping.file != s.mapping.file:
            raise InputError(org_file, f"another settings file with the id '{s.name}' has other "
                             f"mapping rules ({sets[s.name].mapping.file})", key="id",
                             code="org_id_twice",
                             params={"id": s.name, "other": sets[s.name].mapping.file})
        sets.setdefault(s.name, s)
        units[unit] = s.name
    table_of_rules = rule_table(list(sets.values()), year)
    # the writers' libraries load while DuckDB reads (it releases the interpreter meanwhile)
    threading.Thread(target=_import_writers, daemon=True).start()
    lines = scan([Path(f) for f in files], table_of_rules, units, year, progress)
    if lines.sums.empty:
        years = ", ".join(str(int(y)) for y in lines.other_years["year"]) or "none"
        raise OptionError("year", f"no lines dated in {year} in the files (years found: {years})",
                          code="option_year_no_lines" if len(lines.other_years)
                          else "option_year_no_lines_none", params={"year": year, "years": years})
    names: dict[str, str] = {}
    for s in sets.values():
        names |= {g: (d.get("name") or {}).get(lang) or (d.get("name") or {}).get("fi") or g
                  for g, d in s.groups.items()}
    groups = group_rows(lines.sums, table_of_rules, units)
    groups.insert(groups.columns.get_loc("source_group") + 1, "name",
                  groups["source_group"].map(lambda g: names.get(g, g)))
    return StateFootprint(
        year=year, files=lines.files, units=table(groups, "unit", names),
        branches=table(groups, "branch", names), groups=groups,
        rule_sets={u: sets[s].label for u, s in units.items()}, lines_read=lines.lines_read,
        other_years=lines.other_years, extra_columns=lines.extra_columns)


def write_state_footprint(result: StateFootprint, out_dir: str | Path, chart_title: str,
                          chart_xlabel: str, top: int = 20, lang: str = "fi") -> list[Path]:
    """government_<year>.csv (units), _branches.csv and _groups.csv (unit x source group), the
    same three as .parquet, .xlsx (units and branches; the long groups table would double the
    command's time in a workbook), and government_<year>_largest.svg (the `top` emitters; title
    and axis label in the front end's language, numbers written the language's way)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    stem = f"government_{result.year}"
    tables = {"": result.units, "_branches": result.branches, "_groups": result.groups}
    paths = []
    for suffix, frame in tables.items():
        paths.append(out / f"{stem}{suffix}.csv")
        frame.to_csv(paths[-1], index=False)
    for suffix, frame in tables.items():
        paths.append(out / f"{stem}{suffix}.parquet")
        frame.to_parquet(paths[-1], index=False)
    paths.append(out / f"{stem}.xlsx")
    with pd.ExcelWriter(paths[-1], engine="openpyxl") as xl:
        result.units.to_excel(xl, sheet_name="units", index=False)
        result.branches.to_excel(xl, sheet_name="branches", index=False)
    paths.append(out / f"{stem}_largest.svg")
    draw_largest(result.units, paths[-1], chart_title, chart_xlabel, top,
                 lambda v: format_number(v, 0, lang))
    return paths
