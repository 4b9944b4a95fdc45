"""What importing a coefficient table changes: the organisation's factor file (one `published`
spend-based factor per product group, saying which file and row it was read from), the mapping
rules by product group (added, replaced or unchanged; no other rule is touched), and the
ledger's product groups the table does not cover, with their spend.

Pure functions: they build texts and tables; the application layer (app/factors.py) writes.
"""
from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from carbon.readers.coefficient_table import CoefficientTable, table_spec
from carbon.errors import InputError
from carbon.readers.factors import FactorLibrary, parse_factor_entry
from carbon.readers.mapping import EXCLUDE, MappingRules

PRODUCT_GROUP = "product_group"
MAPPING_HEADER = ["match", "key", "factor_id", "source_group", "note"]


def slug(text: str) -> str:
    """An ASCII snake_case id part of a name ('Tulkkaus- ja käännöspalvelut' ->
    'tulkkaus_ja_kaannospalvelut')."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", ascii_text.lower()).strip("_")


@dataclass(frozen=True)
class RuleChange:
    """What happened to the mapping rule of one product group."""

    product_group: str
    action: str                  # added | replaced | unchanged | kept_excluded
    factor_id: str
    source_group: str
    old_factor_id: str = ""
    old_source_group: str = ""


@dataclass
class ImportPlan:
    """Everything an import writes and reports."""

    table: CoefficientTable
    factor_file: Path
    factor_text: str
    factor_ids: dict[str, str]           # product group -> factor id
    replaces_factor_file: bool
    mapping_file: Path
    mapping_text: str
    changes: list[RuleChange]
    without_rule: list[str]              # product groups with no source group to map them to
    uncovered: pd.DataFrame              # product_group, eur, lines: ledger groups not in the table
    not_in_ledger: list[str]             # table groups no ledger line carries
    earlier_rules: pd.DataFrame          # product_group, match, eur: spend an earlier rule keeps
    notes: dict[str, Any] = field(default_factory=dict)


def own_factor_folder(factors_dirs: list[Path], shared: Path, org_file: Path) -> Path:
    """The organisation's own factor folder among `data.factors` (not the shared library);
    one inside the organisation's folder first."""
    own = [d for d in factors_dirs if Path(d).resolve() != Path(shared).resolve()]
    if not own:
        raise InputError(org_file, "data.factors names no factor folder of the organisation's own "
                         "(only the shared library): add one, e.g. factors: "
                         "[../../emission_factors, factors]", key="data.factors",
                         code="factor_folder_not_own")
    inside = [d for d in own if Path(d).resolve().is_relative_to(org_file.parent.resolve())]
    return (inside or own)[0]


def factor_entries(table: CoefficientTable, ids: dict[str, str], first_year: int,
                   sha: str) -> list[dict[str, Any]]:
    """One factor entry (as in emission_factors/*.yaml) per row of the table."""
    defaults = table_spec()["defaults"]
    name = table.file.name
    entries = []
    for r in table.rows:
        used = ", ".join(table.columns[k] for k in ("product_group", "value", "price_year")
                         if table.columns.get(k))
        gsd = r.gsd if r.gsd is not None else float(defaults["gsd"])
        uncertainty_note = "" if r.gsd is not None else \
            f" Uncertainty gsd {gsd:g} is vastuu's default assumption: the table gives none."
        entries.append({
            "id": ids[r.product_group],
            "name": {"fi": r.product_group},
            "scope": int(defaults["scope"]),
            "category": r.ghg_category or int(defaults["ghg_category"]),
            "method": "spend-based",
            "unit": "kgCO2e/EUR",
            "value": float(f"{r.value:.12g}"),
            "years": [first_year, None],
            "price_year": r.price_year,
            "source": {"publisher": r.source, "title": f"Coefficient table {name}"},
            "provenance": {"tier": "published", "where": f"{name}, row {r.row} (columns {used})"},
            "uncertainty": {"gsd": gsd},
            "note": f"Imported with `build.py factors import` from {table.file} (sha256 {sha}); "
                    f"value as given: {r.given}.{uncertainty_note}",
        })
    return entries


def factor_text(entries: list[dict[str, Any]], table: CoefficientTable, sha: str) -> str:
    """The factor file's YAML, with a header saying where it came from; every entry is checked
    with the factor library's own parser before anything is written."""
    for i, entry in enumerate(entries):
        parse_factor_entry(entry, str(table.file), i)
    header = (f"# Emission factors imported with `build.py factors import` from {table.file.name}\n"
              f"# sha256 {sha}\n"
              f"# Importing the table again rewrites this file: correct the table, not this file.\n")
    return header + yaml.safe_dump({"factors": entries}, allow_unicode=True, sort_keys=False,
                                   width=100)


def factor_ids(table: CoefficientTable, prefix: str, library: FactorLibrary,
               factor_file: Path) -> dict[str, str]:
    """product group -> factor id `<prefix>_<group slug>`; an id another file already defines,
    or two groups with the same id, raise InputError naming the table's row."""
    ids: dict[str, str] = {}
    by_id: dict[str, int] = {}
    column = table.columns["product_group"]
    for r in table.rows:
        fid = f"{prefix}_{slug(r.product_group) or 'group'}"
        if fid in by_id:
            raise InputError(table.file, f"product group '{r.product_group}' gives the same factor "
                             f"id '{fid}' as row {by_id[fid]}", row=r.row, column=column,
                             code="factor_id_same",
                             params={"group": r.product_group, "id": fid,
                                     "original": by_id[fid]})
        if fid in library and Path(library[fid].file).resolve() != factor_file.resolve():
            raise InputError(table.file, f"factor id '{fid}' is already defined in "
                             f"{library[fid].file}", row=r.row, column=column,
                             code="factor_id_defined", params={"id": fid,
                                                               "other": library[fid].file})
        ids[r.product_group], by_id[fid] = fid, r.row
    return ids


def source_groups_for(table: CoefficientTable, mapping: MappingRules, classified: pd.DataFrame,
                      default: str | None, known: set[str]) -> dict[str, str]:
    """The source group each product group's rule gets: the table's column, else the existing
    product-group rule's, else the one its ledger lines now fall in most (by spend), else
    `default`; '' when none. An unknown source group raises InputError."""
    rules = mapping.rules
    existing = dict(zip(rules.loc[rules["match"] == PRODUCT_GROUP, "key"],
                        rules.loc[rules["match"] == PRODUCT_GROUP, "source_group"]))
    lines = classified[classified["status"].astype(str) == "classified"]
    by_spend = (lines.groupby([lines["product_group"].astype(str).str.strip(),
                               lines["source_group"].astype(str)], observed=True)["amount_eur"]
                .sum().reset_index().sort_values("amount_eur", ascending=False)
                .drop_duplicates("product_group").set_index("product_group")["source_group"])
    groups = {}
    for r in table.rows:
        group = r.source_group or existing.get(r.product_group) or by_spend.get(r.product_group) \
            or default or ""
        if group and known and group not in known:
            where = {"row": r.row, "column": table.columns.get("source_group")} if r.source_group \
                else {}
            raise InputError(table.file if r.source_group else "--source-group",
                             f"unknown source group '{group}' (known: {', '.join(sorted(known))})",
                             **where, code="source_group_not_known",
                             params={"group": group, "known": ", ".join(sorted(known))})
        groups[r.product_group] = group
    return groups


def _records(text: str, file: str | Path = "mapping.csv"
             ) -> tuple[list[str], str, list[tuple[list[str], str]]]:
    """The header (names and its raw text) and each record of a CSV text with its own lines,
    kept verbatim; a record the csv module cannot read (a field over its size limit, say) is
    an InputError naming the file and row."""
    lines = text.splitlines(keepends=True)
    reader = csv.reader(io.StringIO(text))
    out: list[tuple[list[str], str]] = []
    start = 0
    try:
        for rec in reader:
            end = reader.line_num
            out.append((rec, "".join(lines[start:end])))
            start = end
    except csv.Error as exc:
        raise InputError(file, f"the file cannot be split into rows and columns: {exc}",
                         row=start + 1, code="csv_unreadable",
                         params={"detail": str(exc)}) from None
    if not out:
        return list(MAPPING_HEADER), ",".join(MAPPING_HEADER) + "\n", []
    return [c.strip() for c in out[0][0]], out[0][1], out[1:]


def plan_rules(mapping_text: str, ids: dict[str, str], groups: dict[str, str],
               notes: dict[str, str], file: str | Path = "mapping.csv"
               ) -> tuple[str, list[RuleChange], list[str]]:
    """The mapping file with a product-group rule per imported group: an existing rule for the
    group is replaced in place (one that excludes the group's spend is kept), a new one
    appended; every other line stays as it was."""
    header, header_raw, records = _records(mapping_text, file)
    col = {name: header.index(name) for name in header}
    if not all(k in col for k in MAPPING_HEADER[:4]):
        raise InputError(file, f"the mapping file's header is {header}, expected "
                         f"{MAPPING_HEADER}", row=1, code="mapping_header_invalid",
                         params={"header": ", ".join(header),
                                 "expected": ", ".join(MAPPING_HEADER)})

    def line(values: dict[str, str]) -> str:
        buf = io.StringIO()
        row = [values.get(h, "") for h in header]
        csv.writer(buf, lineterminator="\n").writerow(row)
        return buf.getvalue()

    changes, without = [], []
    done: set[str] = set()
    out_lines = [header_raw if header_raw.endswith("\n") else header_raw + "\n"]
    for rec, raw in records:
        get = lambda k: rec[col[k]].strip() if col.get(k) is not None and col[k] < len(rec) else ""  # noqa: E731
        key = get("key")
        if get("match") == PRODUCT_GROUP and key in ids and key not in done \
                and get("factor_id") == EXCLUDE:
            # an exclusion is a decision about the spend, not a missing factor: kept
            changes.append(RuleChange(key, "kept_excluded", get("factor_id"), get("source_group"),
                                      get("factor_id"), get("source_group")))
            out_lines.append(raw)
            done.add(key)
        elif get("match") == PRODUCT_GROUP and key in ids and key not in done and groups.get(key):
            new = {"match": PRODUCT_GROUP, "key": key, "factor_id": ids[key],
                   "source_group": groups[key], "note": notes[key]}
            same = get("factor_id") == new["factor_id"] and get("source_group") == new["source_group"]
            changes.append(RuleChange(key, "unchanged" if same else "replaced", ids[key],
                                      groups[key], get("factor_id"), get("source_group")))
            out_lines.append(raw if same else line(new))
            done.add(key)
        else:
            out_lines.append(raw)
    if out_lines and out_lines[-1] and not out_lines[-1].endswith("\n"):
        out_lines[-1] += "\n"
    for group, fid in ids.items():
        if group in done:
            continue
        if not groups.get(group):
            without.append(group)
            continue
        out_lines.append(line({"match": PRODUCT_GROUP, "key": group, "factor_id": fid,
                               "source_group": groups[group], "note": notes[group]}))
        changes.append(RuleChange(group, "added", fid, groups[group]))
    return "".join(out_lines), changes, without


def uncovered_groups(classified: pd.DataFrame, covered: list[str],
                     year: int | None = None) -> pd.DataFrame:
    """The ledger's product groups (an empty one included) the table does not give, with their
    spend and lines (of `year`, or of every year), largest spend first."""
    lines = classified if year is None else classified[classified["year"] == year]
    groups = lines["product_group"].astype(str).str.strip()
    rest = lines[~groups.isin(set(covered))]
    g = (rest.groupby(rest["product_group"].astype(str).str.strip(), observed=True)["amount_eur"]
         .agg(eur="sum", lines="size").reset_index())
    return g.sort_values("eur", ascending=False, key=abs).reset_index(drop=True)


def earlier_rule_spend(classified: pd.DataFrame, mapping: MappingRules, covered: list[str],
                       year: int | None = None) -> pd.DataFrame:
    """Spend of the imported product groups that a rule matched before the product-group rule
    in the match order (a supplier or account rule) keeps: the imported factor does not reach it."""
    order = list(mapping.order)
    before = set(order[:order.index(PRODUCT_GROUP)]) if PRODUCT_GROUP in order else set(order)
    lines = classified if year is None else classified[classified["year"] == year]
    lines = lines[lines["product_group"].astype(str).str.strip().isin(set(covered))]
    kind = dict(zip(mapping.rules["row"], mapping.rules["match"]))
    match = lines["rule_row"].map(kind).fillna("")
    kept = lines[match.isin(before).to_numpy()]
    if kept.empty:
        return pd.DataFrame(columns=["product_group", "match", "eur", "lines"])
    g = (kept.groupby([kept["product_group"].astype(str).str.strip(), match[kept.index]],
                      observed=True)["amount_eur"].agg(eur="sum", lines="size").reset_index())
    g.columns = ["product_group", "match", "eur", "lines"]
    return g.sort_values("eur", ascending=False).reset_index(drop=True)

