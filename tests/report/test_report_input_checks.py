"""Issue 11 in `build.py report`: a year whose ledger is missing stops the report unless
accepted, and the accepted report says that spend is missing; the command lists what the input
checks found (here: an outlying amount and a line dated outside its file's year)."""
from __future__ import annotations

from pathlib import Path

import yaml

from tests.report.conftest import EXAMPLE_ORG, run_cli

LEDGER_DIR = EXAMPLE_ORG.parent / "ledger"


def _without_2021(org: Path) -> None:
    doc = yaml.safe_load(org.read_text(encoding="utf-8"))
    doc["data"]["ledger"] = [{"path": str(p), "format": "open-data"}
                             for p in sorted(LEDGER_DIR.glob("th_data_*.csv")) if "2021" not in p.name]
    org.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_report_without_the_years_ledger_stops_then_says_spend_is_missing(org_copy, tmp_path):
    _without_2021(org_copy)
    out = tmp_path / "out"
    result = run_cli("report", "--year", 2021, "--org", org_copy, "--out", out)
    assert result.exit_code == 2 and "vuodelta 2021 ei ole yhtään ostolaskuriviä" in result.output
    assert not out.exists() or not any(out.iterdir())
    result = run_cli("report", "--year", 2021, "--org", org_copy, "--out", out,
                     "--accept-missing-spend")
    assert result.exit_code == 0, result.output
    assert "huomio:" in result.output and "hyväksytty" in result.output
    html = (out / "vastuullisuusraportti_2021.html").read_text(encoding="utf-8")
    assert "Hankintamenojen tiedot puuttuvat tai ovat vajaat vuodelta 2021" in html


def test_report_lists_outliers_and_lines_outside_the_files_year(org_copy, tmp_path):
    ledger = tmp_path / "th_data_2021.csv"
    lines = (LEDGER_DIR / "th_data_2021.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    huge = lines[1].split("\t")
    huge[0], huge[2] = "202199990", "900000000"
    dated = lines[1].split("\t")
    dated[0], dated[3] = "202199991", "2019-12-30"
    ledger.write_text("".join(lines) + "\t".join(huge) + "\t".join(dated), encoding="utf-8")
    doc = yaml.safe_load(org_copy.read_text(encoding="utf-8"))
    doc["data"]["ledger"] = [{"path": str(p)} for p in sorted(LEDGER_DIR.glob("th_data_*.csv"))
                             if "2021" not in p.name] + [{"path": str(ledger)}]
    org_copy.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = run_cli("report", "--year", 2021, "--org", org_copy, "--out", tmp_path / "out",
                     "--lang", "en")
    assert result.exit_code == 0, result.output
    notes = [x for x in result.output.splitlines() if x.startswith("note: ")]
    huge_row, dated_row = len(lines) + 1, len(lines) + 2
    assert any(f"th_data_2021.csv, row {huge_row}" in x and "99th percentile" in x
               for x in notes), notes
    assert any(f"{dated_row} (2019-12-30" in x for x in notes), notes
