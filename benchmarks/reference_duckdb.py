"""The DuckDB reference of the footprint benchmarks: the same read-map-aggregate as vastuu's
spend-based calculation, written directly in SQL, as a separate process.

Reads an open-data ledger (tab-separated; a glob reads several files), takes the lines of one
year, gives each the first mapping rule that matches in the order supplier > account > product group > category (keys
trimmed), multiplies the euros by the rule's factor per euro (deflated to the year; a table the
benchmark writes from vastuu's factor library, so both sides use the same numbers) and sums
tCO2e by source group. Prints `source_group,tco2e` lines (CSV) on standard output.

Run: python benchmarks/reference_duckdb.py LEDGER MAPPING FACTORS YEAR [ORDER] [--by-unit]
     [--import pandas,pint,click]
(ORDER: comma-separated match kinds, default supplier,account,product_group,category)

`--import` first imports the named modules and then does the same: the *floor*, the least a
Python command built on those libraries can take for this work (their import time is paid
before any line is read). The benchmarks print it beside the reference, so that a ratio target
can be read against what the libraries alone cost.
"""
from __future__ import annotations

import importlib
import sys

#: match kind -> the open-data column it looks at
COLUMNS = {"supplier": "toimittaja_y_tunnus", "account": "tili",
           "product_group": "tuote_palveluryhma", "category": "hankintakategoria"}


def query(ledger: str, mapping: str, factors: str, year: int, order: list[str],
          by_unit: bool = False) -> str:
    """The SQL of the reference: one LEFT JOIN per match kind, the first match in `order`."""
    unit = "l.hankintayksikko_tunnus AS unit_id, " if by_unit else ""
    keys = "lines.unit_id, r.source_group" if by_unit else "r.source_group"
    joins = "\n".join(
        f"LEFT JOIN (SELECT key, row FROM rules WHERE match = '{k}') r{i} "
        f"ON trim(l.{COLUMNS[k]}) = r{i}.key" for i, k in enumerate(order))
    first = "coalesce(" + ", ".join(f"r{i}.row" for i in range(len(order))) + ")"
    return f"""
    CREATE TEMP TABLE rules AS
      SELECT trim(match) AS match, trim(key) AS key, trim(factor_id) AS factor_id,
             trim(source_group) AS source_group, row_number() OVER () AS row
      FROM read_csv('{mapping}', all_varchar = true, header = true);
    CREATE TEMP TABLE factors AS SELECT * FROM read_csv('{factors}', header = true);
    WITH lines AS (
      SELECT {unit}{first} AS row, CAST(l.tiliointisumma AS DOUBLE) AS eur
      FROM read_csv('{ledger}', delim = '\t', header = true, quote = '', all_varchar = true) l
      {joins}
      WHERE year(strptime(l.tositepvm, '%Y-%m-%d')) = {year})
    SELECT {keys}, sum(lines.eur * f.kg_per_eur) / 1000.0 AS tco2e
    FROM lines JOIN rules r ON lines.row = r.row JOIN factors f ON r.factor_id = f.factor_id
    GROUP BY {keys} ORDER BY tco2e DESC
    """


def main(argv: list[str]) -> None:
    if "--import" in argv:
        i = argv.index("--import")
        for module in argv[i + 1].split(","):
            importlib.import_module(module)
        argv = argv[:i] + argv[i + 2:]
    import duckdb

    by_unit = "--by-unit" in argv
    argv = [a for a in argv if a != "--by-unit"]
    ledger, mapping, factors, year = argv[:4]
    order = argv[4].split(",") if len(argv) > 4 else list(COLUMNS)
    con = duckdb.connect()
    *setup, select = [s for s in query(ledger, mapping, factors, int(year), order, by_unit).split(";")
                      if s.strip()]
    for statement in setup:
        con.execute(statement)
    print("unit_id,source_group,tco2e" if by_unit else "source_group,tco2e")
    for row in con.execute(select).fetchall():
        print(",".join(map(str, row[:-1])) + f",{row[-1]!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
