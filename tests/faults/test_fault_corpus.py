"""The fault corpus (issue 11), one table-driven test: each broken copy of the example stops the
command with exit code 2 and one message naming the file (and the row and column where there
is one), no traceback and no file in out/; each legitimate variation (credit notes, extra
columns, other encodings, ...) gives the totals a hand calculation gives."""
from __future__ import annotations

import csv
from pathlib import Path
from typing import Callable

import pytest
from click.testing import CliRunner

from tests.faults.corpus import (LEDGER, ORG, Case, add_column, append_copy, append_text,
                                 bytes_edit, content, drop_column, edit_line, encode, hand_kg,
                                 keep_lines, ledger_cell, make_copy, move, remove, replace,
                                 replace_re, set_cell, setting, supplier_factor, to_semicolons,
                                 gzipped, zipped)

EX = "examples/migri/"
L = EX + LEDGER
REPORT = ("report", "--year", "2021")
NIGHTS = "activity/accommodation_nights.csv"
ENERGY = "activity/energy.csv"
CHAPTER = "content/migri/01_johdanto.md"
CARBON_CHAPTER = "content/migri/08_hiilijalanjalki.md"
#: the ledger pattern widened to compressed files (th_data_2021.csv.gz, th_data_2021.zip)
ANY_LEDGER = setting("data.ledger.0.path", "ledger/th_data_*")


def total(root: Path, year: int = 2021) -> float:
    """The year's total from the footprint CSV the command wrote."""
    with (root / "out" / f"footprint_{year}.csv").open(encoding="utf-8") as fh:
        return sum(float(r["tco2e"]) for r in csv.DictReader(fh))


def row2_kg(root: Path, amount_eur: float) -> float:
    """By hand: kgCO2e of `amount_eur` spent with the supplier of the 2021 ledger's row 2 (its
    rule in mapping.csv gives the factor; the factor file and price index give the rest)."""
    base = root / "examples" / "migri"
    supplier = ledger_cell(base / LEDGER, 2, "toimittaja_y_tunnus")
    return hand_kg(amount_eur, supplier_factor(base / "mapping.csv", supplier), 2021)


def last_row(root: Path) -> int:
    return len((root / L).read_text(encoding="utf-8").splitlines())


def same_total(root: Path, output: str, base: float) -> None:
    assert total(root) == pytest.approx(base, rel=1e-9)


def credit_note_check(root: Path, output: str, base: float) -> None:
    assert total(root) == pytest.approx(base + row2_kg(root, -1000.0) / 1000.0, rel=1e-9)


def outlier_check(root: Path, output: str, base: float) -> None:
    assert total(root) == pytest.approx(base + row2_kg(root, 900_000_000.0) / 1000.0, rel=1e-9)
    line = next(x for x in output.splitlines() if "99th percentile" in x)
    assert line.startswith("note: ") and f"th_data_2021.csv, row {last_row(root)}" in line


def outside_year_check(root: Path, output: str, base: float) -> None:
    # a 2019-dated line in the 2021 file counts in 2021 (the file's accounting year), is listed
    assert total(root) == pytest.approx(base + row2_kg(root, 1000.0) / 1000.0, rel=1e-9)
    assert "th_data_2021.csv: 1 lines are dated outside the file's accounting year 2021" in output
    assert f"{last_row(root)} (2019-05-01" in output


def extra_once_check(root: Path, output: str, base: float) -> None:
    same_total(root, output, base)
    named = [x for x in output.splitlines() if "toimittaja_kunta" in x]
    assert len(named) == 1, named
    assert "unknown column skipped: toimittaja_kunta" in named[0]
    assert all(f"th_data_{y}.csv" in named[0] for y in range(2018, 2023))


def left_out_check(count: int) -> Callable[[Path, str, float], None]:
    """The total of the example alone (other units' lines left out, not counted) and the note
    saying how many were left out."""
    def check(root: Path, output: str, base: float) -> None:
        same_total(root, output, base)
        kept = last_row(root) - 1 - count
        assert f"th_data_2021.csv: {count} lines of other units left out, {kept} kept " \
               "(data.ledger[0].select: " in output, output
    return check


def accepted_missing_check(root: Path, output: str, base: float) -> None:
    assert "spend for 2021 is missing or unusually low (0 EUR) and this has been accepted" in output
    assert total(root) < 0.1 * base


CASES = [
    # --- the ledger: amounts, dates, accounts, duplicates -------------------------------------
    Case("amount NaN", (set_cell(LEDGER, 7, "tiliointisumma", "NaN"),), file=L, row=7,
         column="tiliointisumma", contains=("finite",)),
    Case("amount inf", (set_cell(LEDGER, 9, "tiliointisumma", "inf"),), file=L, row=9,
         column="tiliointisumma", contains=("finite",)),
    Case("amount -Infinity", (set_cell(LEDGER, 9, "tiliointisumma", "-Infinity"),), file=L, row=9,
         column="tiliointisumma"),
    Case("amount with a letter O", (set_cell(LEDGER, 6, "tiliointisumma", "12O.50"),), file=L,
         row=6, column="tiliointisumma", contains=("not a number",)),
    Case("amount empty", (set_cell(LEDGER, 4, "tiliointisumma", ""),), file=L, row=4,
         column="tiliointisumma", contains=("empty",)),
    Case("impossible date", (set_cell(LEDGER, 11, "tositepvm", "2021-02-30"),), file=L, row=11,
         column="tositepvm"),
    Case("date as text", (set_cell(LEDGER, 12, "tositepvm", "eilen"),), file=L, row=12,
         column="tositepvm"),
    Case("account empty", (set_cell(LEDGER, 13, "tili", ""),), file=L, row=13, column="tili"),
    Case("duplicated line", (append_copy(LEDGER, 5),), file=L, row="last", column="lasku_id",
         contains=("repeats row 5",)),
    Case("required column missing", (drop_column(LEDGER, "tiliointisumma"),), file=L, row=1,
         column="tiliointisumma"),
    Case("commas instead of tabs",
         (lambda b: (b / LEDGER).write_text((b / LEDGER).read_text(encoding="utf-8")
                                            .replace("\t", ","), encoding="utf-8"),),
         file=L, row=1, column="lasku_id"),
    Case("row with an extra field", (edit_line(LEDGER, 20, lambda s: s.rstrip("\n") + "\tx\n"),),
         file=L, row=20),
    Case("row with a missing field",
         (edit_line(LEDGER, 21, lambda s: s.rsplit("\t", 1)[0] + "\n"),), file=L, row=21),
    Case("empty file", (keep_lines(LEDGER, 0),), file=L, row=1),
    Case("header only", (keep_lines(LEDGER, 1),), file=L, row=2),
    Case("one Latin-1 byte in a UTF-8 file",
         (bytes_edit(LEDGER, lambda d: d.replace(b"Esimerkki", b"Esimerkki\xe4", 1)),),
         file=L, row=2, contains=("UTF-8",)),
    Case("binary data", (bytes_edit(LEDGER, lambda d: d[:300] + b"\x00\x01\x02" * 50 + d[300:]),),
         file=L, row=2),
    Case("UTF-16 file", (encode(LEDGER, "utf-16"),), file=L, row=1),
    # --- issue 12: files as they are downloaded (delimiter, compression) ----------------------
    Case("row with a missing field, semicolons",
         (edit_line(LEDGER, 21, lambda s: s.rsplit("\t", 1)[0] + "\n"), to_semicolons(LEDGER)),
         file=L, row=21),
    Case("amount NaN in a gzipped file", (set_cell(LEDGER, 7, "tiliointisumma", "NaN"),
                                          gzipped(LEDGER), ANY_LEDGER),
         file=L + ".gz", row=7, column="tiliointisumma", contains=("finite",)),
    Case("date as text in a zipped semicolon file",
         (set_cell(LEDGER, 12, "tositepvm", "eilen"), to_semicolons(LEDGER), zipped(LEDGER),
          ANY_LEDGER), file=EX + "ledger/th_data_2021.zip", row=12, column="tositepvm"),
    Case("zip with two files", (zipped(LEDGER, "mapping.csv"), ANY_LEDGER),
         file=EX + "ledger/th_data_2021.zip", contains=("th_data_2021.csv, mapping.csv",)),
    Case("plain file named .gz", (move(LEDGER, LEDGER + ".gz"), ANY_LEDGER), file=L + ".gz",
         contains=("decompress",)),
    Case("truncated gzip file", (gzipped(LEDGER), ANY_LEDGER,
                                 bytes_edit(LEDGER + ".gz", lambda d: d[:len(d) // 2])),
         file=L + ".gz", contains=("decompress",)),
    # --- issue 12: an organisation's lines selected from a state-wide file ---------------------
    Case("select nothing", (setting("data.ledger.0.select", {"hankintayksikko_tunnus": "12345"}),),
         file=EX + ORG, key="data.ledger[0].select", contains=("hankintayksikko_tunnus 12345",)),
    Case("select by an unknown column",
         (setting("data.ledger.0.select", {"toimittaja_y_tunnus": "2990888-0"}),),
         file=EX + ORG, key="data.ledger[0].select", contains=("toimittaja_y_tunnus",)),
    Case("select without ids", (setting("data.ledger.0.select", {"hankintayksikko_tunnus": []}),),
         file=EX + ORG, key="data.ledger[0].select"),
    Case("select on a mapped ledger",
         (setting("data.ledger.0", {"path": "ledger/th_data_*.csv", "format": "mapped",
                                    "select": {"hankintayksikko_tunnus": "26050"}}),),
         file=EX + ORG, key="data.ledger[0].select"),
    Case("select column absent from the file", (
        setting("data.ledger.0.select", {"ylaorganisaatio_tunnus": "26"}),
        drop_column(LEDGER, "ylaorganisaatio_tunnus")), file=L, row=1,
         column="ylaorganisaatio_tunnus"),
    Case("bad amount after other units' lines names the file's row", (
        setting("data.ledger.0.select", {"hankintayksikko_tunnus": "26050"}),
        *[set_cell(LEDGER, r, "hankintayksikko_tunnus", "99999") for r in (3, 4, 5)],
        set_cell(LEDGER, 9, "tiliointisumma", "12O.50")), file=L, row=9,
         column="tiliointisumma", contains=("not a number",)),
    Case("control characters after other units' lines", (
        setting("data.ledger.0.select", {"hankintayksikko_tunnus": "26050"}),
        set_cell(LEDGER, 2, "hankintayksikko_tunnus", "99999"),
        set_cell(LEDGER, 6, "toimittaja_nimi", "Oy\x01Ab")), file=L, row=6,
         column="toimittaja_nimi"),
    Case("ledger of the year missing", (remove(LEDGER),), file=EX + ORG, key="data.ledger",
         contains=("no ledger lines for 2021",)),
    Case("ledger of the year named so the pattern misses it",
         (move(LEDGER, "ledger/th-data-2021.txt"),), file=EX + ORG, key="data.ledger",
         contains=("no pattern in data.ledger matches: th-data-2021.txt",)),
    Case("ledger of the year cut short", (keep_lines(LEDGER, 200),), file=EX + ORG,
         key="data.ledger", contains=("below 25%",)),
    Case("ledger of the year missing, in the report", (remove(LEDGER),), command=REPORT,
         file=EX + ORG, key="data.ledger"),
    Case("ledger pattern matches nothing", (setting("data.ledger.0.path", "kirjanpito/*.csv"),),
         file=EX + ORG, key="data.ledger[0]"),
    Case("ledger year setting not a year", (setting("data.ledger.0.year", "2021a"),),
         file=EX + ORG, key="data.ledger[0].year"),
    Case("duplicated header column", (add_column(LEDGER, "tili", "4340"),), file=L, row=1,
         column="tili"),
    Case("spreadsheet that is not one", (
        setting("data.ledger", [{"path": "ledger/ostot.xlsx", "format": "mapped",
                                 "columns": {"invoice_id": "Tosite", "account": "Tili",
                                             "amount_eur": "Summa", "date": "Pvm"}}]),
        lambda b: (b / "ledger" / "ostot.xlsx").write_bytes(b"PK\x03\x04 not really a zip")),
         file=EX + "ledger/ostot.xlsx"),
    Case("mapped CSV in Latin-1 with an unmapped column", (
        setting("data.ledger", [{"path": "ledger/ostot.csv", "format": "mapped",
                                 "columns": {"invoice_id": "Tosite", "account": "Tili",
                                             "amount_eur": "Summa", "date": "Pvm"}}]),
        lambda b: (b / "ledger" / "ostot.csv").write_bytes(
            "Tosite;Tili;Summa;Pvm;Huomautus\n1;4340;12,50;31.3.2021;Pärnä\n2;4340;x;31.3.2021;\n"
            .encode("cp1252"))),
         file=EX + "ledger/ostot.csv", row=3, column="Summa"),
    Case("scenario file missing", (),
         command=("scenario", "run", "@scenarios/puuttuva.yaml", "--draws", "0"),
         file=EX + "scenarios/puuttuva.yaml"),
    Case("content folder missing", (setting("report.content", "../../sisalto"),), command=REPORT,
         file="sisalto"),
    Case("organisation settings in Latin-1 with a broken key", (
        encode(ORG, "cp1252"), bytes_edit(ORG, lambda d: d.replace(b"base_year: 2018",
                                                                   b"base_year: 20\xe418"))),
         file=EX + ORG, key="base_year"),
    # --- activity data -------------------------------------------------------------------------
    Case("negative nights", (set_cell(NIGHTS, 3, "quantity", "-401500"),), file=EX + NIGHTS,
         row=3, column="quantity"),
    Case("nights NaN", (set_cell(NIGHTS, 4, "quantity", "nan"),), file=EX + NIGHTS, row=4,
         column="quantity"),
    Case("energy infinite", (set_cell(ENERGY, 5, "quantity", "inf"),), file=EX + ENERGY, row=5,
         column="quantity"),
    Case("unknown unit", (set_cell(ENERGY, 2, "unit", "kWhh"),), file=EX + ENERGY, row=2,
         column="unit"),
    Case("unit of the wrong dimension", (set_cell(ENERGY, 20, "unit", "l"),), file=EX + ENERGY,
         row=20, column="unit"),
    Case("activity year not a year", (set_cell(ENERGY, 3, "year", "20x1"),), file=EX + ENERGY,
         row=3, column="year"),
    Case("activity column missing", (drop_column(ENERGY, "quantity"),), file=EX + ENERGY, row=1,
         column="quantity"),
    Case("activity row twice", (append_copy(ENERGY, 2),), file=EX + ENERGY, column="site",
         row="last"),
    Case("unknown activity kind", (lambda b: (b / "activity" / "bananas.csv").write_text(
        "year,site,quantity,unit\n2021,x,1,kg\n", encoding="utf-8"),),
         file=EX + "activity/bananas.csv", contains=("bananas",)),
    Case("activity control unknown", (set_cell(ENERGY, 2, "control", "rented"),),
         file=EX + ENERGY, row=2, column="control"),
    # --- mapping and factors -------------------------------------------------------------------
    Case("unknown factor id in mapping", (set_cell("mapping.csv", 2, "factor_id", "spend_x"),),
         file=EX + "mapping.csv", row=2, column="factor_id"),
    Case("mapping column missing", (drop_column("mapping.csv", "factor_id"),),
         file=EX + "mapping.csv", row=1, column="factor_id"),
    Case("factor value NaN", (replace_re("factors/reception_night.yaml", r"value: [0-9.]+",
                                         "value: .nan"),),
         file=EX + "factors/reception_night.yaml", contains=("migri_reception_night",)),
    Case("factor file broken YAML", (replace("factors/reception_night.yaml", "  scope: 3",
                                             "  scope: [3"),),
         file=EX + "factors/reception_night.yaml", row="after:scope: [3", contains=("starts at row",)),
    Case("YAML tag that would construct an object",
         (append_text("factors/reception_night.yaml",
                      "- !!python/object/apply:os.system ['touch /tmp/vastuu_pwned']\n"),),
         file=EX + "factors/reception_night.yaml", row="find:!!python"),
    Case("price index infinite", (setting("data.price_index", "price_index.csv"),
                                  lambda b: (b / "price_index.csv").write_text(
                                      "year,index\n2015,100\n2018,.inf\n", encoding="utf-8")),
         file=EX + "price_index.csv", row=3, column="index"),
    # --- organisation settings -----------------------------------------------------------------
    Case("settings not valid YAML", (replace(ORG, "base_year: 2018", "base_year: [2018"),),
         file=EX + ORG, row="after:base_year: [2018"),
    Case("base year not a year", (setting("base_year", "kaksituhatta"),), file=EX + ORG,
         key="base_year"),
    Case("target over 100 %", (setting("targets.0.reduction_pct", 150),), file=EX + ORG,
         key="targets[0]"),
    Case("scope 2 basis unknown", (setting("scope2_basis", "both"),), file=EX + ORG,
         key="scope2_basis"),
    Case("person-years not numbers", (setting("person_years", {2018: "paljon"}),),
         file=EX + ORG, key="person_years.2018"),
    Case("reported total infinite", (setting("reported_totals.tco2e.2018", float("inf")),),
         file=EX + ORG, key="reported_totals.tco2e.2018"),
    Case("ledger setting not a list", (setting("data.ledger", 5),), file=EX + ORG,
         key="data.ledger"),
    Case("coverage rule not a mapping", (setting("activity_coverage", ["energy"]),),
         file=EX + ORG, key="activity_coverage[0]"),
    Case("recalculation threshold text", (setting("recalculation_threshold_pct", "viisi"),),
         file=EX + ORG, key="recalculation_threshold_pct"),
    Case("required setting missing", (setting("data.mapping", ""),), file=EX + ORG,
         key="mapping"),
    Case("targets not a list", (setting("targets", 5),), file=EX + ORG, key="targets"),
    Case("reported totals a list", (setting("reported_totals", [1]),), file=EX + ORG,
         key="reported_totals"),
    Case("factor folders a number", (setting("data.factors", 5),), file=EX + ORG,
         key="data.factors"),
    Case("ledger column mapping a number",
         (setting("data.ledger.0", {"path": "ledger/th_data_*.csv", "format": "mapped",
                                    "columns": 5}),), file=EX + ORG, key="data.ledger[0].columns"),
    Case("report settings a number", (setting("report", 5),), command=REPORT, file=EX + ORG,
         key="report"),
    Case("commitment settings text", (setting("commitment", "x"),), command=REPORT,
         file=EX + ORG, key="commitment"),
    Case("source groups not a list", (lambda b: (b / "source_groups.yaml").write_text(
        "source_groups: 5\n", encoding="utf-8"),), file=EX + "source_groups.yaml",
         key="source_groups"),
    Case("factor years not years", (replace_re("factors/reception_night.yaml",
                                               r"(years:\s*\n\s*- )\d{4}", r"\1x"),),
         file=EX + "factors/reception_night.yaml", key="migri_reception_night"),
    Case("factor entry not a mapping",
         (append_text("factors/reception_night.yaml", "- vain huomautus\n"),),
         file=EX + "factors/reception_night.yaml", contains=("entry #2 is not a mapping",)),
    Case("factor id defined twice",
         (lambda b: (b / "factors" / "reception_night_2.yaml").write_bytes(
             (b / "factors" / "reception_night.yaml").read_bytes()),),
         file=EX + "factors/reception_night_2.yaml", key="migri_reception_night",
         contains=("reception_night.yaml",)),
    Case("factor folder missing",
         (setting("data.factors", ["../../emission_factors", "factors", "omat_kertoimet"]),),
         file=EX + "omat_kertoimet", contains=("folder not found",)),
    # --- scenarios -----------------------------------------------------------------------------
    Case("scenario with an unknown lever",
         (replace("scenarios/ambitious.yaml", "lever: renewable_contract", "lever: wishful"),),
         command=("scenario", "run", "@scenarios/ambitious.yaml", "--draws", "0"),
         file=EX + "scenarios/ambitious.yaml", contains=("wishful",)),
    Case("scenario parameter not a number",
         (replace("scenarios/ambitious.yaml", "value: 2.0", "value: paljon"),),
         command=("scenario", "run", "@scenarios/ambitious.yaml", "--draws", "0"),
         file=EX + "scenarios/ambitious.yaml", contains=("paljon",)),
    Case("scenario with two levers on the same lines",
         (replace("scenarios/ambitious.yaml", "  - lever: vehicle_electrification",
                  "  - lever: renewable_contract\n    share: {2025: 100}\n    years: 2025-2035\n"
                  "  - lever: vehicle_electrification"),),
         command=("scenario", "run", "@scenarios/ambitious.yaml", "--draws", "0"),
         file=EX + "scenarios/ambitious.yaml", key="levers[2] (renewable_contract)",
         contains=("sets the share of the same lines in 2025 as levers[1]",)),
    Case("scenario not valid YAML", (replace("scenarios/ambitious.yaml", "until: 2035",
                                             "until: [2035"),),
         command=("scenario", "run", "@scenarios/ambitious.yaml", "--draws", "0"),
         file=EX + "scenarios/ambitious.yaml", row="after:until: [2035"),
    # --- hostile and broken chapter content ----------------------------------------------------
    Case("chapter reaches Python internals",
         (append_text(content("01_johdanto.md"),
                      '\nX {{ "".__class__.__mro__[1].__subclasses__() }}\n'),),
         command=REPORT, file=CHAPTER, row="find:__subclasses__", contains=("unsafe",)),
    Case("chapter reaches a function's globals",
         (append_text(content("01_johdanto.md"), "\nX {{ facts.__init__.__globals__ }}\n"),),
         command=REPORT, file=CHAPTER, row="find:__globals__"),
    Case("chapter loops forever",
         (append_text(content("01_johdanto.md"), "\n{% for i in range(10**9) %}x{% endfor %}\n"),),
         command=REPORT, file=CHAPTER, row="find:range(10**9)"),
    Case("chapter computes a huge power",
         (append_text(content("01_johdanto.md"), "\nX {{ 2 ** 100000000 }}\n"),),
         command=REPORT, file=CHAPTER, row="find:2 ** 100000000", contains=("exponent",)),
    Case("chapter repeats text without end",
         (append_text(content("01_johdanto.md"), "\nX {{ 'a' * 10000000000 }}\n"),),
         command=REPORT, file=CHAPTER, row="find:10000000000", contains=("repetition",)),
    Case("image climbing out of the content folder",
         (append_text(content("01_johdanto.md"), "\n![kuva](../../../etc/kuva.png)\n"),),
         command=REPORT, file=CHAPTER, row="find:../../../etc", contains=("outside",)),
    Case("image by absolute path",
         (append_text(content("01_johdanto.md"), "\n![kuva](/usr/share/pixmaps/x.png)\n"),),
         command=REPORT, file=CHAPTER, row="find:/usr/share", contains=("outside",)),
    Case("link to a local file by another scheme",
         (append_text(content("01_johdanto.md"), "\n[tiedosto](smb://palvelin/salainen)\n"),),
         command=REPORT, file=CHAPTER, row="find:smb://"),
    Case("chapter in an unknown encoding",
         (bytes_edit(content("01_johdanto.md"), lambda d: d + b"\n\x00\x00\n"),),
         command=REPORT, file=CHAPTER),
    Case("facts file broken", (replace(content("facts.yaml"), "    decimals: 1",
                                       "    decimals: [1"),),
         command=REPORT, file="content/migri/facts.yaml", row="after:decimals: [1"),
    Case("carbon chapter names an unknown figure",
         (replace(content("08_hiilijalanjalki.md"), "{{ figure('by_source') }}",
                  "{{ figure('by_scope') }}"),),
         command=REPORT, file=CARBON_CHAPTER, contains=("by_scope",)),
    # --- legitimate data: the totals a hand calculation gives ----------------------------------
    Case("credit note", (append_copy(LEDGER, 2, lasku_id="202199999", tiliointisumma="-1000.00"),),
         ok=True, check=credit_note_check),
    Case("extra columns", (add_column(LEDGER, "lisatieto", "huom"),
                           add_column(ENERGY, "kommentti", "")), ok=True, check=same_total),
    Case("Windows-1252 ledger", (encode(LEDGER, "cp1252"),), ok=True, check=same_total),
    Case("UTF-8 with a byte order mark", (encode(LEDGER, "utf-8", b"\xef\xbb\xbf"),), ok=True,
         check=same_total),
    Case("Windows line ends", (bytes_edit(LEDGER, lambda d: d.replace(b"\n", b"\r\n")),), ok=True,
         check=same_total),
    Case("Windows-1252 activity file", (encode(ENERGY, "cp1252"),), ok=True,
         check=same_total),
    Case("amounts with a decimal comma",
         (lambda b: (b / LEDGER).write_text("".join(
             "\t".join(f.replace(".", ",") if i == 2 else f for i, f in enumerate(line.split("\t")))
             for line in (b / LEDGER).read_text(encoding="utf-8").splitlines(keepends=True)),
             encoding="utf-8"),), ok=True, check=same_total),
    Case("huge amount flagged, not rejected",
         (append_copy(LEDGER, 2, lasku_id="202199998", tiliointisumma="900000000"),),
         command=("footprint", "--year", "2021"), ok=True, check=outlier_check),
    Case("line dated outside the file's year",
         (append_copy(LEDGER, 2, lasku_id="202199997", tiliointisumma="1000",
                      tositepvm="2019-05-01"),), ok=True, check=outside_year_check),
    Case("semicolon-separated ledger", (to_semicolons(LEDGER),), ok=True, check=same_total),
    Case("gzipped ledger", (gzipped(LEDGER), ANY_LEDGER), ok=True, check=same_total),
    Case("zipped ledger", (zipped(LEDGER), ANY_LEDGER), ok=True, check=same_total),
    Case("gzipped semicolon ledger in Windows-1252",
         (encode(LEDGER, "cp1252"), to_semicolons(LEDGER), gzipped(LEDGER), ANY_LEDGER), ok=True,
         check=same_total),
    Case("extra column in every file named once",
         tuple(add_column(f"ledger/th_data_{y}.csv", "toimittaja_kunta", "Helsinki")
               for y in range(2018, 2023)), ok=True, check=extra_once_check),
    Case("select the unit's lines from a state-wide file", (
        setting("data.ledger.0.select", {"hankintayksikko_tunnus": "26050"}),
        append_copy(LEDGER, 2, lasku_id="1", hankintayksikko_tunnus="99999",
                    ylaorganisaatio_tunnus="99", tiliointisumma="NaN"),
        append_copy(LEDGER, 3, lasku_id="2", hankintayksikko_tunnus="99998",
                    tiliointisumma="1000000")), ok=True, check=left_out_check(2)),
    Case("select by branch and unit, ids as numbers and lists", (
        setting("data.ledger.0.select", {"hankintayksikko_tunnus": [26050, "1"],
                                         "ylaorganisaatio_tunnus": 26}),
        append_copy(LEDGER, 2, lasku_id="1", ylaorganisaatio_tunnus="99")), ok=True,
         check=left_out_check(1)),
    Case("missing ledger accepted", (remove(LEDGER),),
         command=("footprint", "--year", "2021", "--accept-missing-spend"), ok=True,
         check=accepted_missing_check),
]


def _expected_row(case: Case, root: Path) -> int | None:
    if not isinstance(case.row, str):
        return case.row
    path = root / case.file
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    if case.row == "last":
        return len(lines)
    # find:<text> the line holding the text; after:<text> the line after it (where a YAML parser
    # notices an unclosed bracket; the message names the row where it opened too)
    kind, _, needle = case.row.partition(":")
    found = next(i for i, line in enumerate(lines, 1) if needle in line)
    return found + 1 if kind == "after" else found


def _run(case: Case, root: Path, lang: str = "en"):
    from build import cli
    org = root / "examples" / "migri" / ORG
    args = [a.replace("@", str(org.parent) + "/") if a.startswith("@") else a
            for a in case.command]
    out = root / "out" / ("scenarios" if args[0] == "scenario" else "")
    return CliRunner().invoke(cli, [*args, "--org", str(org), "--out", str(out), "--lang", lang])


def test_corpus_is_large_enough_and_names_are_unique():
    assert len(CASES) >= 40
    assert len({c.name for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_fault_corpus(case: Case, tmp_path: Path, example_inputs):
    root = make_copy(tmp_path)
    base = root / "examples" / "migri"
    for edit in case.edits:
        edit(base)
    result = _run(case, root)
    output = result.output
    assert "Traceback" not in output
    if case.ok:
        assert result.exit_code == 0, output
        # the unmodified example's total, plus what a hand calculation gives for the change
        case.check(root, output, example_inputs.inventory(2021).total)
        return
    assert result.exit_code == 2, (result.exit_code, output, result.exception)
    assert isinstance(result.exception, SystemExit), result.exception
    lines = output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), output
    message = lines[0]
    named = str((root / case.file).resolve()) if case.file else None
    assert named in message or str(root / case.file) in message, (named, message)
    row = _expected_row(case, root)
    if row is not None:
        assert f", row {row}" in message, (row, message)
    if case.column is not None:
        assert f"column '{case.column}'" in message, message
    if case.key is not None:
        assert f"key '{case.key}'" in message, message
    for text in case.contains:
        assert text in message, (text, message)
    out = root / "out"
    left = [p for p in out.rglob("*") if p.is_file()] if out.exists() else []
    assert not left, left


#: (case name, language, the message's start and the words for row and column in it)
LANGUAGE_CASES = [
    ("amount NaN", "fi", "virhe: ", ("rivi 7", "sarake 'tiliointisumma'")),
    ("amount NaN", "sv", "fel: ", ("rad 7", "kolumn 'tiliointisumma'")),
    ("negative nights", "fi", "virhe: ", ("rivi 3", "sarake 'quantity'")),
    ("base year not a year", "sv", "fel: ", ("nyckel 'base_year'", "basåret")),
    ("chapter reaches Python internals", "fi", "virhe: ", ("rivi ", "ei saa käyttää")),
    ("ledger of the year missing", "fi", "virhe: ", ("avain 'data.ledger'", "ei ole yhtään")),
    ("factor id defined twice", "fi", "virhe: ",
     ("avain 'migri_reception_night'", "käytössä kahdesti")),
    ("factor id defined twice", "sv", "fel: ",
     ("nyckel 'migri_reception_night'", "används två gånger")),
    ("factor entry not a mapping", "sv", "fel: ", ("post 2 är inte en mappning",)),
    ("scenario with two levers on the same lines", "fi", "virhe: ",
     ("avain 'levers[2] (renewable_contract)'", "asettaa osuuden samoille riveille vuonna 2025",
      "yhdistä ne yhdeksi keinoksi")),
    ("scenario with two levers on the same lines", "sv", "fel: ",
     ("nyckel 'levers[2] (renewable_contract)'", "slå ihop dem till en åtgärd")),
]


@pytest.mark.parametrize("name, lang, start, words", LANGUAGE_CASES,
                         ids=[f"{c[0]} ({c[1]})" for c in LANGUAGE_CASES])
def test_messages_follow_the_language_of_the_output(name, lang, start, words, tmp_path):
    case = next(c for c in CASES if c.name == name)
    root = make_copy(tmp_path)
    for edit in case.edits:
        edit(root / "examples" / "migri")
    result = _run(case, root, lang)
    assert result.exit_code == 2
    message = result.output.strip()
    assert message.startswith(start) and Path(case.file).name in message, message
    for word in words:
        assert word in message, (word, message)


def test_a_broken_ledger_stops_the_report_too(tmp_path):
    root = make_copy(tmp_path)
    set_cell(LEDGER, 9, "tiliointisumma", "inf")(root / "examples" / "migri")
    result = _run(Case("report", (), command=REPORT), root)
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "th_data_2021.csv, row 9, column 'tiliointisumma'" in result.output
    assert not (root / "out").exists() or not any((root / "out").rglob("*.*"))
