"""Mapping rules: which emission factor and source group each spend line gets.

Rules are data (a CSV): supplier business id > account > product group > procurement category
(the finer product group before the broad category; the order is a setting), first match wins. A rule may exclude spend from the inventory (factor_id '-') with a reason.
A line that matches nothing stays in the results as *unclassified*, never dropped.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from carbon.errors import InputError
from carbon.textfile import read_rule_table
from .factors import FactorLibrary

#: Match kinds in order of precedence, with the ledger column each looks at.
MATCH_COLUMNS: dict[str, str] = {
    "supplier": "supplier_id",
    "account": "account",
    "product_group": "product_group",
    "category": "category",
}
EXCLUDE = "-"
UNCLASSIFIED = "unclassified"
EXCLUDED = "excluded"


@dataclass
class MappingRules:
    """The rules as a frame (match, key, factor_id, source_group, note, row) plus where from."""

    rules: pd.DataFrame
    file: str
    order: tuple[str, ...] = tuple(MATCH_COLUMNS)


def load_mapping(path: str | Path, factors: FactorLibrary,
                 order: tuple[str, ...] | list[str] | None = None,
                 source_groups: set[str] | None = None) -> MappingRules:
    """Read and check the rules file; an unknown factor id or match kind names file and row."""
    path = Path(path)
    if not path.exists():
        raise InputError(path, "mapping file not found", code="mapping_not_found")
    frame = read_rule_table(path, "mapping file", ("match", "key", "factor_id", "source_group"),
                            ("note",))
    frame["row"] = np.arange(2, len(frame) + 2)
    order = tuple(order or MATCH_COLUMNS)
    for kind in order:
        if kind not in MATCH_COLUMNS:
            raise InputError(path, f"unknown match kind '{kind}' in the match order",
                             code="match_order_unknown", params={"kind": kind})
    seen: dict[tuple[str, str], int] = {}
    for rec in frame.to_dict("records"):
        row = int(rec["row"])
        if rec["match"] not in MATCH_COLUMNS:
            raise InputError(path, f"unknown match kind '{rec['match']}' (use one of "
                             f"{', '.join(MATCH_COLUMNS)})", row=row, column="match",
                             code="match_unknown",
                             params={"kind": rec["match"], "known": ", ".join(MATCH_COLUMNS)})
        if not rec["key"]:
            raise InputError(path, "the key is empty", row=row, column="key",
                             code="mapping_key_empty")
        fid = rec["factor_id"]
        if fid != EXCLUDE and fid not in factors:
            raise InputError(path, f"unknown emission factor id '{fid}'", row=row, column="factor_id",
                             code="unknown_factor", params={"id": fid})
        if fid == EXCLUDE and not rec["note"]:
            raise InputError(path, "an exclusion ('-') must give its reason in 'note'", row=row,
                             column="note", code="exclusion_without_reason")
        if fid != EXCLUDE and factors[fid].method != "spend-based" \
                and factors[fid].unit.replace(" ", "").split("/")[-1] != "EUR":
            raise InputError(path, f"factor '{fid}' is in {factors[fid].unit}: a spend line needs a "
                             "factor per euro", row=row, column="factor_id",
                             code="mapping_factor_not_per_euro",
                             params={"id": fid, "unit": factors[fid].unit})
        if not rec["source_group"] and fid != EXCLUDE:
            raise InputError(path, "the source group is empty", row=row, column="source_group",
                             code="source_group_empty")
        if source_groups is not None and rec["source_group"] \
                and rec["source_group"] not in source_groups:
            raise InputError(path, f"unknown source group '{rec['source_group']}'", row=row,
                             column="source_group",
                             code="source_group_unknown", params={"group": rec["source_group"]})
        k = (rec["match"], rec["key"])
        if k in seen:
            raise InputError(path, f"the same {k[0]} '{k[1]}' has a rule on row {seen[k]} already",
                             row=row, column="key",
                             code="mapping_rule_twice",
                             params={"kind": k[0], "key": k[1], "original": seen[k]})
        seen[k] = row
    return MappingRules(rules=frame, file=str(path), order=order)


def classify(ledger: pd.DataFrame, mapping: MappingRules) -> pd.DataFrame:
    """Add factor_id, source_group, status (classified|excluded|unclassified), rule_row (the
    mapping file's row that matched, 0 for none) and rule_note to every line.

    Pure: returns a new frame with the same rows in the same order.
    """
    n = len(ledger)
    rule_idx = np.full(n, -1, dtype=np.int64)
    rules = mapping.rules.reset_index(drop=True)
    for kind in mapping.order:
        kind_rules = rules[rules["match"] == kind]
        if kind_rules.empty:
            continue
        lookup = pd.Series(kind_rules.index.to_numpy(), index=kind_rules["key"].to_numpy())
        column = ledger[MATCH_COLUMNS[kind]]
        if isinstance(column.dtype, pd.CategoricalDtype):
            cats = pd.Series(column.cat.categories.astype(str)).str.strip()
            per_cat = cats.map(lookup).fillna(-1).to_numpy(dtype=np.int64)
            codes = column.cat.codes.to_numpy()
            hit = np.where(codes >= 0, per_cat[codes], -1)
        else:
            hit = column.astype(str).str.strip().map(lookup).fillna(-1).to_numpy(dtype=np.int64)
        take = (rule_idx < 0) & (hit >= 0)
        rule_idx[take] = hit[take]
    matched = rule_idx >= 0
    out = ledger.copy(deep=False)  # shallow: only new columns are added, the ledger's stay

    def categorical(per_rule: np.ndarray, unmatched: str | None) -> pd.Categorical:
        """A categorical column from one value per rule, indexed by each line's rule."""
        values = list(per_rule) + [unmatched]
        cats = sorted({v for v in values if v is not None})
        lookup = np.array([cats.index(v) if v is not None else -1 for v in values], dtype=np.int32)
        return pd.Categorical.from_codes(lookup[np.where(matched, rule_idx, len(per_rule))], cats)

    factor_ids = rules["factor_id"].to_numpy(dtype=object)
    excluded = factor_ids == EXCLUDE
    out["factor_id"] = categorical(np.where(excluded, None, factor_ids), None)
    groups = rules["source_group"].to_numpy(dtype=object)
    out["source_group"] = categorical(np.where(groups == "", EXCLUDED, groups), UNCLASSIFIED)
    status = np.where(excluded, 1, 0).astype(np.int8)
    out["status"] = pd.Categorical.from_codes(
        np.where(matched, status[np.where(matched, rule_idx, 0)], 2),
        categories=["classified", EXCLUDED, UNCLASSIFIED])
    out["rule_row"] = np.where(matched, rules["row"].to_numpy(dtype=np.int64)[np.where(matched, rule_idx, 0)], 0)
    out["rule_note"] = categorical(rules["note"].to_numpy(dtype=object), "")
    return out


def unclassified_summary(lines: pd.DataFrame, top: int = 5) -> pd.DataFrame:
    """The largest groups of unclassified spend (account, product group, category, supplier)
    with their EUR and line counts: what a new mapping rule would have to cover."""
    keys = ["account", "product_group", "category", "supplier_id", "supplier_name"]
    unclassified = (lines["status"] == UNCLASSIFIED).to_numpy()
    rows = lines.loc[unclassified, keys + ["amount_eur"]]   # only the columns it sums by
    if rows.empty:
        return pd.DataFrame(columns=keys + ["eur", "lines"])
    g = (rows.groupby(keys, observed=True, dropna=False)["amount_eur"]
         .agg(eur="sum", lines="size").reset_index())
    return g.sort_values("eur", ascending=False, key=abs).head(top).reset_index(drop=True)

