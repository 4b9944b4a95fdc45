"""Write a synthetic year of the state's open purchase-invoice data: many procurement units in
many branches, product groups and categories of the default mapping's vocabulary (and some it
does not know, so that part of the spend stays unclassified), tab-separated like the open data.
For the `government` benchmark and tests; the figures are made up."""
from __future__ import annotations

import csv
import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
#: (category, product group) pairs of the bundled example's purchase types
TYPES = ROOT / "examples" / "migri" / "generator" / "purchase_types.csv"
#: pairs the default rules do not know (unclassified) or know by category only
UNKNOWN = [("Muut kulut", "Muut hankinnat"), ("", ""), ("ICT-hankinnat", "Ohjelmistolisenssit"),
           ("Matkustus", "")]
COLUMNS = ["lasku_id", "tili", "tiliointisumma", "tositepvm", "toimittaja_y_tunnus",
           "toimittaja_nimi", "hankintayksikko_tunnus", "hankintayksikko",
           "ylaorganisaatio_tunnus", "ylaorganisaatio", "sektori", "tuote_palveluryhma",
           "hankintakategoria"]


def frame(rows: int, year: int = 2021, units: int = 150, branches: int = 12, seed: int = 2,
          other_year_share: float = 0.01) -> pd.DataFrame:
    """`rows` posting lines of `units` units in `branches` branches; a share dated a year early."""
    rng = np.random.default_rng(seed)
    with TYPES.open(encoding="utf-8") as fh:
        known = [r for r in csv.DictReader(fh) if r["category"]]
    types = [(r["category"], r["product_group"], r["account"]) for r in known]
    types += [(c, p, "4999") for c, p in UNKNOWN]
    # as often as in the example ledger (at least 100 lines a year each); unknown ones rarer
    weights = np.array([max(int(r["lines"]), 100) for r in known] + [60] * len(UNKNOWN), dtype=float)
    kind = rng.choice(len(types), rows, p=weights / weights.sum())
    cats, groups, accounts = (np.array(x, dtype=object) for x in zip(*types))
    # the units themselves (branch, size) are the same in every file; the lines vary by seed
    fixed = np.random.default_rng(0)
    unit_ids = np.array([f"{30000 + 37 * i}" for i in range(units)])
    unit_branch = fixed.integers(0, branches, units)
    size = fixed.pareto(1.2, units) + 0.1       # a few large agencies, many small ones
    unit = rng.choice(units, rows, p=size / size.sum())
    suppliers = np.array([f"{2000000 + 13 * i:07d}-{i % 10}" for i in range(20_000)])
    sup = rng.integers(0, len(suppliers), rows)
    amount = np.round(rng.lognormal(6.5, 1.6, rows) * np.where(rng.random(rows) < 0.02, -1, 1), 2)
    years = np.where(rng.random(rows) < other_year_share, year - 1, year)
    day = pd.to_datetime(years.astype(str), format="%Y") + pd.to_timedelta(
        rng.integers(0, 365, rows), unit="D")
    branch = unit_branch[unit]
    return pd.DataFrame({
        "lasku_id": [f"{30_000_000 + i // 3}-{i % 3}" for i in range(rows)],
        "tili": accounts[kind],
        "tiliointisumma": amount,
        "tositepvm": day.strftime("%Y-%m-%d"),
        "toimittaja_y_tunnus": suppliers[sup],
        "toimittaja_nimi": np.char.add("Toimittaja ", sup.astype(str)),
        "hankintayksikko_tunnus": unit_ids[unit],
        "hankintayksikko": np.char.add("Virasto ", unit.astype(str)),
        "ylaorganisaatio_tunnus": (branch + 21).astype(str),
        "ylaorganisaatio": np.char.add("Hallinnonala ", (branch + 21).astype(str)),
        "sektori": "valtio",
        "tuote_palveluryhma": groups[kind],
        "hankintakategoria": cats[kind],
    }, columns=COLUMNS)


def write(path: Path, rows: int, year: int = 2021, units: int = 150, seed: int = 2) -> Path:
    """Write `rows` lines tab-separated (no quoting, as the open data comes)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    frame(rows, year, units, seed=seed).to_csv(path, sep="\t", index=False,
                                               quoting=csv.QUOTE_NONE)
    return path


if __name__ == "__main__":
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/tmp/vastuu_bench/state_2021.csv")
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 2_000_000
    print(write(out, n))
