"""Importing an official coefficient table (kgCO2e/EUR by product group) into an organisation:
its own factor file and mapping rules by product group, and what the table leaves uncovered."""
from __future__ import annotations

import datetime
from pathlib import Path

from carbon.readers.coefficient_table import read_coefficient_table
from carbon.records.factor_import import (ImportPlan, earlier_rule_spend, factor_entries, factor_ids,
                                  factor_text, own_factor_folder, plan_rules, slug,
                                  source_groups_for, uncovered_groups)
from carbon.errors import OptionError
from carbon.readers.factors import DEFAULT_DIR
from carbon.records.fingerprint import sha256
from carbon.readers.inputs import Inputs, load_inputs

from .organisation import pick_year
from .writes import undone_on_failure

#: what `import_factor_table` returns: the files it would write and what it found
FactorImport = ImportPlan


def import_factor_table(inputs: Inputs, table_file: str | Path,
                        columns: dict[str, str] | None = None, *, source: str | None = None,
                        unit: str | None = None, source_group: str | None = None,
                        name: str | None = None, year: int | None = None) -> FactorImport:
    """Read and validate a coefficient table and plan the import: the factor file
    (`<name>.yaml` in the organisation's own factor folder, default name from the table's file
    name), the mapping rules by product group, the ledger's product groups the table does not
    cover and the spend an earlier (supplier or account) rule keeps, of `year` or all years.
    Nothing is written (see write_factor_import)."""
    if year is not None:
        pick_year(inputs, year)  # a year without data is an OptionError
    table_file = Path(table_file)
    known = set(inputs.source_groups)
    if source_group is not None and known and source_group not in known:
        raise OptionError("source_group", f"unknown source group '{source_group}' (known: "
                                          f"{', '.join(sorted(known))})",
                          code="source_group_not_known",
                          params={"group": source_group, "known": ", ".join(sorted(known))})
    table = read_coefficient_table(table_file, columns, source=source, unit=unit,
                                   price_years=set(inputs.prices.index),
                                   last_year=datetime.date.today().year)
    org = inputs.org
    folder = own_factor_folder(org.factors_dirs, DEFAULT_DIR, org.file)
    prefix = slug(name or table_file.stem) or "imported"
    factor_file = folder / f"{prefix}.yaml"
    ids = factor_ids(table, prefix, inputs.factors, factor_file)
    digest = sha256(table_file)
    first_year = min(inputs.years + [r.price_year for r in table.rows])
    text = factor_text(factor_entries(table, ids, first_year, digest), table, digest)
    groups = source_groups_for(table, inputs.mapping, inputs.classified, source_group, known)
    notes = {r.product_group: f"{table_file.name} row {r.row}" for r in table.rows}
    mapping_file = Path(inputs.mapping.file)
    mapping_text, changes, without = plan_rules(mapping_file.read_text(encoding="utf-8-sig"),
                                                ids, groups, notes, mapping_file)
    ledger_groups = set(inputs.classified["product_group"].astype(str).str.strip())
    return ImportPlan(
        table=table, factor_file=factor_file, factor_text=text, factor_ids=ids,
        replaces_factor_file=factor_file.exists(), mapping_file=mapping_file,
        mapping_text=mapping_text, changes=changes, without_rule=without,
        uncovered=uncovered_groups(inputs.classified, table.groups, year),
        not_in_ledger=[g for g in table.groups if g not in ledger_groups],
        earlier_rules=earlier_rule_spend(inputs.classified, inputs.mapping, table.groups, year),
        notes={"year": year, "sha256": digest})


def write_factor_import(result: FactorImport, org_file: str | Path) -> list[Path]:
    """Write the factor file and the mapping file, then load the organisation again to check
    them; if that fails, both files are put back as they were and the error is raised."""
    with undone_on_failure((result.factor_file, result.mapping_file)):
        result.factor_file.write_text(result.factor_text, encoding="utf-8")
        result.mapping_file.write_text(result.mapping_text, encoding="utf-8")
        load_inputs(org_file)
    return [result.factor_file, result.mapping_file]
