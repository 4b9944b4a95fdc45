"""Suppliers: who the purchased emissions come from (`suppliers`), asking the largest for
their own figures (`request_pack`, `write_requests`), using their answers
(`import_answers`, `write_supplier_import`) and each request's status (`set_supplier_status`)."""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from carbon.errors import InputError, OptionError
from carbon.readers.checks import Finding
from carbon.readers.factors import DEFAULT_DIR, FactorLibrary
from carbon.readers.inputs import Inputs, load_inputs
from carbon.readers.settings import Organisation
from carbon.records.factor_import import own_factor_folder, slug
from carbon.records.fingerprint import sha256
from carbon.records.supplier_factors import (FACTOR_FILE, SUPPLIER, SupplierFactor, factor_file_text,
                                             factor_id, mapping_text)
from carbon.suppliers.answers import Answer, read_answers, review_notes
from carbon.suppliers.request import Letter, letter
from carbon.suppliers.settings import SupplierSettings, supplier_settings
from carbon.suppliers.status import STATUSES, read_status, status_text, with_status
from carbon.suppliers.table import SupplierTotals, supplier_key, supplier_table
from carbon.yamlfile import read_yaml

from .organisation import pick_year
from .writes import undone_on_failure


@dataclass
class Suppliers:
    """A year's emissions by supplier, what they add up to, and each request's status."""

    org: Organisation
    year: int
    previous_year: int | None
    table: pd.DataFrame          # carbon/suppliers/table.py COLUMNS, plus status
    totals: SupplierTotals
    status_file: Path


def supplier_emissions(inputs: Inputs, year: int | None = None, lang: str = "fi") -> Suppliers:
    """Each supplier of `year` (default the latest) with spend, tCO2e, kgCO2e/EUR, source groups
    (names in `lang`), shares of the total and of scope 3, the quality and tier of its figure,
    the change from the previous year and its request status; largest tCO2e first."""
    year = pick_year(inputs, year)
    inv = inputs.inventory(year)
    earlier = [y for y in inputs.years if y < year]
    previous = max(earlier) if earlier and max(earlier) == year - 1 else None
    prev_rows = inputs.inventory(previous).spend_rows if previous is not None else None
    names = {g: inputs.group_name(g, lang) for g in inputs.source_groups}
    table, totals = supplier_table(inv.spend_rows, inv.total,
                                   float(inv.scope_totals().loc[3, "tco2e"]), names, prev_rows)
    settings = supplier_settings(inputs.org)
    records = read_status(settings.status_file)
    table["status"] = [records.get(s, {}).get(year, {}).get("status", "")
                       for s in table["supplier_id"]]
    table["lang"] = [settings.language_of(s) for s in table["supplier_id"]]
    return Suppliers(inputs.org, year, previous, table, totals, settings.status_file)


def suppliers_json(r: Suppliers) -> dict[str, Any]:
    """The supplier table as one JSON-ready object (`suppliers --json`)."""
    t = r.totals

    def clean(v: Any) -> Any:
        return None if isinstance(v, float) and v != v else v
    return {"organisation": r.org.id, "year": r.year, "previous_year": r.previous_year,
            "spend_based_tco2e": t.spend_tco2e, "suppliers_tco2e": t.suppliers_tco2e,
            "without_supplier": {"tco2e": t.without_tco2e, "eur": t.without_eur,
                                 "lines": t.without_lines},
            "total_tco2e": t.total_tco2e, "scope3_tco2e": t.scope3_tco2e,
            "suppliers": [{k: clean(v) for k, v in rec.items()}
                          for rec in r.table.to_dict("records")]}


def write_suppliers(r: Suppliers, out_dir: str | Path) -> list[Path]:
    """The table as CSV: out/suppliers_<year>.csv."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"suppliers_{r.year}.csv"
    r.table.to_csv(path, index=False, encoding="utf-8-sig")
    return [path]


@dataclass
class RequestPack:
    """The letters and templates of a request to the largest suppliers of a year."""

    year: int
    letters: list[Letter]
    settings: SupplierSettings


def request_pack(inputs: Inputs, year: int | None = None, top: int = 10,
                 supplier_ids: list[str] | None = None, deadline: str | None = None
                 ) -> RequestPack:
    """A letter (in the supplier's language: the settings', else the organisation's) and a
    template for each of the `top` suppliers by tCO2e of `year` (or the named ones)."""
    if top < 1:
        raise OptionError("top", f"--top must be at least 1, not {top}", code="option_top",
                          params={"value": top})
    settings = supplier_settings(inputs.org)
    r = supplier_emissions(inputs, year, settings.language)
    rows = r.table[r.table["tco2e"] > 0]
    if supplier_ids:
        unknown = [s for s in supplier_ids if s not in set(r.table["supplier_id"])]
        if unknown:
            raise OptionError("supplier", f"no supplier {unknown[0]} in {r.year}",
                              code="option_supplier_unknown",
                              params={"value": unknown[0], "year": r.year})
        rows = r.table[r.table["supplier_id"].isin(supplier_ids)]
    else:
        rows = rows.head(top)
    due = deadline or (datetime.date.today() + datetime.timedelta(days=30)).isoformat()
    letters = []
    for rec in rows.to_dict("records"):
        lang = settings.language_of(rec["supplier_id"])
        names = {g: inputs.group_name(g, lang) for g in inputs.source_groups}
        rec = {**rec, "source_groups": ", ".join(
            names.get(g, g) for g in _groups_of(inputs, r.year, rec["supplier_id"]))}
        letters.append(letter(rec, inputs.org.name_in(lang), r.year, lang, due))
    return RequestPack(r.year, letters, settings)


def _groups_of(inputs: Inputs, year: int, supplier_id: str) -> list[str]:
    """The source groups of a supplier's counted lines of a year, largest first."""
    rows = inputs.inventory(year).spend_rows
    mine = rows[(supplier_key(rows) == supplier_id).to_numpy()
                & (rows["status"].astype(str) == "counted").to_numpy()]
    return list(mine.groupby(mine["source_group"].astype(str))["kgco2e"].sum()
                .sort_values(ascending=False).index)


def write_requests(pack: RequestPack, out_dir: str | Path) -> list[Path]:
    """Each letter and its templates into out/suppliers/<year>/<business id>/, and the status
    `asked` for each supplier not asked before (an answered, accepted or declined request
    keeps its status)."""
    base = Path(out_dir) / "suppliers" / str(pack.year)
    written = []
    records = read_status(pack.settings.status_file)
    today = datetime.date.today().isoformat()
    names = {}
    for lt in pack.letters:
        folder = base / (slug(lt.supplier_id) or "supplier")
        folder.mkdir(parents=True, exist_ok=True)
        stem = f"{slug(lt.supplier_id)}_{pack.year}"
        for name, data in ((f"letter_{lt.lang}.txt", lt.text.encode("utf-8")),
                           (f"answer_{stem}.csv", ("\ufeff" + lt.csv_text).encode("utf-8")),
                           (f"answer_{stem}.xlsx", lt.xlsx)):
            (folder / name).write_bytes(data)
            written.append(folder / name)
        names[lt.supplier_id] = lt.supplier_name
        if lt.supplier_id not in records or pack.year not in records[lt.supplier_id]:
            records = with_status(records, lt.supplier_id, pack.year, "asked", date=today,
                                  lang=lt.lang)
    written.append(_write_status(pack.settings, records, names))
    return written


def _write_status(settings: SupplierSettings, records: dict, names: dict[str, str]) -> Path:
    """The status file with the names it had and those given."""
    old = read_yaml(settings.status_file, "supplier status file") \
        if settings.status_file.exists() else None
    known = {str(k): str(v.get("name", "")) for k, v in ((old or {}).get("suppliers") or {}).items()
             if isinstance(v, dict)}
    settings.folder.mkdir(parents=True, exist_ok=True)
    settings.status_file.write_text(status_text(records, {**known, **names}), encoding="utf-8")
    return settings.status_file


def set_supplier_status(inputs: Inputs, supplier_id: str, year: int, status: str,
                        note: str = "") -> Path:
    """Set one supplier's request status of a year by hand (e.g. declined, accepted)."""
    if status not in STATUSES:
        raise OptionError("status", f"{status!r} is not one of {', '.join(STATUSES)}",
                          code="web_not_one_of",
                          params={"value": repr(status), "known": ", ".join(STATUSES)})
    year = pick_year(inputs, year)
    settings = supplier_settings(inputs.org)
    records = with_status(read_status(settings.status_file), supplier_id, year, status,
                          date=datetime.date.today().isoformat(), note=note)
    return _write_status(settings, records, {})


@dataclass
class SupplierImport:
    """What importing answers writes and reports."""

    answers: list[Answer]
    factors: list[SupplierFactor]
    notes: list[Finding]
    factor_file: Path
    factor_text: str
    mapping_file: Path
    mapping_text: str
    rules: dict[str, str]                     # supplier id -> added | replaced | unchanged
    change_tco2e: dict[tuple[str, int], float]  # (supplier, year) -> tCO2e new minus now
    statuses: dict[tuple[str, int], str]
    settings: SupplierSettings
    details: dict[str, Any] = field(default_factory=dict)


def base_factor(factors: FactorLibrary, fid: str) -> str:
    """The factor under a supplier-specific one: its fallback chain followed to the end."""
    seen = {fid}
    while factors[fid].method == "supplier-specific" and factors[fid].extra.get("fallback_factor") \
            and factors[fid].extra["fallback_factor"] not in seen:
        fid = str(factors[fid].extra["fallback_factor"])
        seen.add(fid)
    return fid


def _reference_kg(inputs: Inputs, lines: pd.DataFrame, year: int) -> float | None:
    """The spend-based kgCO2e of a supplier's lines of a year (each line's base factor)."""
    kg, any_factor = 0.0, False
    for fid, amount in lines.groupby(lines["factor_id"].astype(str), observed=True)["amount_eur"] \
            .sum().items():
        if fid in ("", "nan") or fid not in inputs.factors:
            continue
        f = inputs.factors[base_factor(inputs.factors, fid)]
        if f.method != "spend-based":
            continue
        deflator = inputs.prices.deflator(year, f.price_year) if f.price_year else 1.0
        kg += float(amount) * deflator * f.value_for(year)
        any_factor = True
    return kg if any_factor else None


def import_answers(inputs: Inputs, files: list[str | Path]) -> SupplierImport:
    """Read and check the answer files and plan the import: a supplier-specific factor per
    answer (kgCO2e per euro of that year's spend), a `supplier` rule per supplier, the review
    notes and each answer's effect on the footprint. Nothing is written."""
    org = inputs.org
    if SUPPLIER not in inputs.mapping.order:
        raise InputError(org.file, "data.mapping_order has no 'supplier': supplier rules would "
                         "match nothing", key="data.mapping_order",
                         code="supplier_rules_not_in_order")
    answers = [a for f in files for a in read_answers(f, inputs.years)]
    if not answers:
        raise InputError(", ".join(map(str, files)), "no filled answer rows",
                         code="supplier_answers_none")
    folder = own_factor_folder(org.factors_dirs, DEFAULT_DIR, org.file)
    factor_path = folder / FACTOR_FILE
    existing = ((read_yaml(factor_path, "factor file") or {}).get("factors") or []) \
        if factor_path.exists() else []
    classified = inputs.classified
    keys = supplier_key(classified)
    rules = inputs.mapping.rules
    supplier_rules = rules[rules["match"] == SUPPLIER].set_index("key")
    seen: dict[tuple[str, int], Answer] = {}
    planned, notes, change, statuses = [], [], {}, {}
    shas = {Path(f): sha256(Path(f)) for f in files}
    for a in answers:
        if (a.supplier_id, a.year) in seen:
            first = seen[(a.supplier_id, a.year)]
            raise InputError(a.file, f"a second answer of {a.supplier_id} for {a.year} (the first: "
                             f"{first.file.name}, row {first.row})", row=a.row,
                             column="supplier_id", code="supplier_answer_twice",
                             params={"supplier": a.supplier_id, "year": a.year,
                                     "other": f"{first.file.name}, {first.row}"})
        seen[(a.supplier_id, a.year)] = a
        mine = classified[(keys == a.supplier_id).to_numpy()]
        if mine.empty:
            raise InputError(a.file, f"no ledger line has the business id {a.supplier_id}",
                             row=a.row, column="supplier_id", code="supplier_answer_unknown",
                             params={"supplier": a.supplier_id})
        year_lines = mine[(mine["year"] == a.year).to_numpy()
                          & (mine["status"].astype(str) != "excluded").to_numpy()]
        eur = float(year_lines["amount_eur"].sum())
        if eur <= 0:
            raise InputError(a.file, f"{a.supplier_id} has no spend in {a.year} to apply the "
                             "figure to", row=a.row, column="year",
                             code="supplier_answer_no_spend",
                             params={"supplier": a.supplier_id, "year": a.year})
        if a.supplier_id in supplier_rules.index:
            rule = supplier_rules.loc[a.supplier_id]
            fallback, group = base_factor(inputs.factors, str(rule["factor_id"])), \
                str(rule["source_group"])
        else:
            counted = mine[mine["status"].astype(str) == "classified"]
            if counted.empty:
                raise InputError(a.file, f"{a.supplier_id}'s lines have no factor for the years "
                                 "before the answer: give the supplier a mapping rule first",
                                 row=a.row, column="supplier_id",
                                 code="supplier_answer_no_factor",
                                 params={"supplier": a.supplier_id})
            by = counted.groupby([counted["factor_id"].astype(str),
                                  counted["source_group"].astype(str)], observed=True)[
                "amount_eur"].sum().sort_values(ascending=False)
            fid, group = by.index[0]
            fallback = base_factor(inputs.factors, fid)
        if fallback == "-" or fallback not in inputs.factors:
            raise InputError(a.file, f"{a.supplier_id}'s spend is excluded by its rule",
                             row=a.row, column="supplier_id", code="supplier_answer_excluded",
                             params={"supplier": a.supplier_id})
        kg = a.kgco2e if a.kgco2e is not None else float(a.kg_per_eur) * eur
        value = a.kg_per_eur if a.kg_per_eur is not None else kg / eur
        base = inputs.factors[fallback]
        planned.append(SupplierFactor(a, factor_id(a.supplier_id, a.year), value, eur, fallback,
                                      group, base.category or 1))
        found = review_notes(a, eur, _reference_kg(inputs, year_lines, a.year))
        notes += found
        statuses[(a.supplier_id, a.year)] = "answered" if any(
            n.code in ("supplier_answer_ratio", "supplier_answer_zero") for n in found) \
            else "accepted"
        now = inputs.inventory(a.year).spend_rows
        now_kg = float(now.loc[(supplier_key(now) == a.supplier_id).to_numpy()
                               & (now["status"].astype(str) == "counted").to_numpy(),
                               "kgco2e"].sum())
        covered = year_lines["source_group"].astype(str).isin(
            [g for gs in inputs.inventory(a.year).covering.values() for g in gs]).any()
        change[(a.supplier_id, a.year)] = 0.0 if covered else (kg - now_kg) / 1000.0
    text = factor_file_text(existing, planned, shas, factor_path)
    latest: dict[str, SupplierFactor] = {}
    for f in planned:
        if f.answer.supplier_id not in latest or f.answer.year > latest[f.answer.supplier_id].answer.year:
            latest[f.answer.supplier_id] = f
    for e in existing:  # an earlier import's later answer stays the rule's factor
        if e["answer"].get("per_unit"):
            continue
        sid, y = str(e["answer"]["supplier_id"]), int(e["years"][0])
        if sid in latest and y > latest[sid].answer.year:
            latest[sid] = SupplierFactor(latest[sid].answer, e["id"], 0.0, 0.0, "",
                                         latest[sid].source_group, 1)
    new_rules = {sid: (f.factor_id, f.source_group,
                       f"{f.answer.supplier_name or sid}: supplier answer "
                       f"{f.answer.file.name} row {f.answer.row}") for sid, f in latest.items()}
    mapping_file = Path(inputs.mapping.file)
    new_mapping, done = mapping_text(mapping_file.read_text(encoding="utf-8-sig"), new_rules,
                                     mapping_file)
    return SupplierImport(answers, planned, notes, factor_path, text, mapping_file, new_mapping,
                          done, change, statuses, supplier_settings(org),
                          {"replaces_factor_file": factor_path.exists()})


def write_supplier_import(result: SupplierImport, org_file: str | Path) -> list[Path]:
    """Write the factor file, the mapping file and the requests' status, then load the
    organisation again to check them; if that fails, the files are put back and the error
    raised."""
    status_file = result.settings.status_file
    files = (result.factor_file, result.mapping_file, status_file)
    result.factor_file.parent.mkdir(parents=True, exist_ok=True)
    with undone_on_failure(files):
        result.factor_file.write_text(result.factor_text, encoding="utf-8")
        result.mapping_file.write_text(result.mapping_text, encoding="utf-8")
        records = read_status(status_file)
        today = datetime.date.today().isoformat()
        names = {}
        for (sid, year), status in result.statuses.items():
            a = next(x for x in result.answers if (x.supplier_id, x.year) == (sid, year))
            old = records.get(sid, {}).get(year, {})
            answer = f"{a.file.name}, row {a.row}"
            if not (old.get("status") == status and old.get("answer") == answer):
                records = with_status(records, sid, year, status, date=today, answer=answer)
            names[sid] = a.supplier_name
        _write_status(result.settings, records, names)
        load_inputs(org_file)
    return list(files)


@dataclass
class TenderComparison:
    """Bidders side by side: emissions per contract year and in total, their carbon cost at the
    internal price, and the source group's latest figure for context."""

    tender: Any
    by_year: pd.DataFrame
    table: pd.DataFrame
    group_name: str
    reference_year: int
    reference_tco2e: float


def tender_comparison(inputs: Inputs, file: str | Path, lang: str = "fi") -> TenderComparison:
    """Read a tender file (carbon/suppliers/tender.py) and compare its bids; the carbon price is
    the file's, else the settings' `suppliers.carbon_price_eur_per_tco2e` (none: no cost)."""
    from carbon.suppliers.tender import compare_bids, read_tender

    price = (inputs.org.raw.get("suppliers") or {}).get("carbon_price_eur_per_tco2e")
    tender = read_tender(file, price)
    if inputs.source_groups and tender.source_group not in inputs.source_groups:
        known = ", ".join(sorted(inputs.source_groups))
        raise InputError(tender.file, f"unknown source group '{tender.source_group}' (known: "
                         f"{known})", key="source_group", code="source_group_not_known",
                         params={"group": tender.source_group, "known": known})
    by_year, table = compare_bids(tender)
    year = max(inputs.years)
    inv = inputs.inventory(year)
    ref = float(inv.table.loc[inv.table["source_group"] == tender.source_group, "tco2e"].sum())
    return TenderComparison(tender, by_year, table, inputs.group_name(tender.source_group, lang),
                            year, ref)
