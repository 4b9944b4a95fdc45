"""kgCO2e per euro of every spend factor a mapping file names, for one year, deflated to it:
what vastuu multiplies a line's euros by (carbon.inventory.spend_emissions). The DuckDB
references read this table, so both sides of a benchmark use the same numbers.

Run: python benchmarks/reference_factors.py ORGANISATION.yaml YEAR OUT.csv [MAPPING.csv]
(the mapping defaults to the organisation's; the factor library and price index are its own).
"""
from __future__ import annotations

import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from carbon.readers.factors import load_factors  # noqa: E402
from carbon.readers.price_index import load_price_index  # noqa: E402
from carbon.readers.settings import load_organisation  # noqa: E402
from carbon.units import emission_scale  # noqa: E402


def write(org_file: Path, year: int, out: Path, mapping: Path | None = None) -> Path:
    """Write factor_id,kg_per_eur for the factors of the mapping (exclusions '-' left out)."""
    org = load_organisation(org_file)
    factors, prices = load_factors(org.factors_dirs), load_price_index(org.price_index)
    with open(mapping or org.mapping, encoding="utf-8-sig", newline="") as fh:
        ids = sorted({r["factor_id"].strip() for r in csv.DictReader(fh)} - {"-"})
    with out.open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["factor_id", "kg_per_eur"])
        for fid in ids:
            f = factors[fid]
            deflator = prices.deflator(year, f.price_year) if f.price_year else 1.0
            w.writerow([fid, repr(deflator * f.value_for(year) * emission_scale("EUR", f.unit))])
    return out


if __name__ == "__main__":
    write(Path(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3]),
          Path(sys.argv[4]) if len(sys.argv) > 4 else None)
