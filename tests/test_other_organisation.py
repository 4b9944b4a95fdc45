"""Nothing assumes the bundled organisation: a small agency with a spreadsheet ledger, no activity
data, no commitment and one chapter gets its footprint, progress and report."""
from pathlib import Path

import pytest
from click.testing import CliRunner

from build import cli

ORG = """\
id: testivirasto
name: {fi: Testivirasto, en: Test Agency}
base_year: 2019
targets:
  - {year: 2030, reduction_pct: 60, label: {fi: "Oma tavoite"}}
data:
  ledger:
    - path: ostot.csv
      format: mapped
      columns: {invoice_id: Lasku, account: Tili, amount_eur: Summa, date: Pvm, supplier_name: Toimittaja}
  mapping: mapping.csv
report:
  content: content
"""
LEDGER = """\
Lasku;Tili;Summa;Pvm;Toimittaja
A1;4340;12000,50;15.3.2019;IT Oy
A2;4400;50000;1.4.2019;Vuokra Oy
A3;4340;-500;2.5.2019;IT Oy
B1;4340;15000;15.3.2020;IT Oy
B2;4400;52000;1.4.2020;Vuokra Oy
B3;4999;800;1.6.2020;Muu Oy
"""
MAPPING = """\
match,key,factor_id,source_group,note
account,4340,spend_ict_services,ict,
account,4400,spend_real_estate_services,premises,
"""
CHAPTER = """\
---
id: intro
title: Johdanto
order: 10
sdg_goals: [13]
sdg_targets: []
kind: chapter
---

{{ org.name }} raportoi vuodesta {{ report.year }}.
"""


@pytest.fixture()
def org(tmp_path: Path) -> Path:
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "01_johdanto.md").write_text(CHAPTER, encoding="utf-8")
    (tmp_path / "ostot.csv").write_text(LEDGER, encoding="utf-8")
    (tmp_path / "mapping.csv").write_text(MAPPING, encoding="utf-8")
    (tmp_path / "organisation.yaml").write_text(ORG, encoding="utf-8")
    return tmp_path / "organisation.yaml"


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_footprint_progress_and_report_of_another_organisation(org):
    from carbon.readers.inputs import load_inputs
    out = org.parent / "out"
    inputs = load_inputs(org)
    f_ict, f_rent = inputs.factors["spend_ict_services"], inputs.factors["spend_real_estate_services"]
    expected = (11500.5 * f_ict.value_for(2019) * inputs.prices.deflator(2019, f_ict.price_year)
                + 50000 * f_rent.value_for(2019) * inputs.prices.deflator(2019, f_rent.price_year)) / 1000
    assert inputs.inventory(2019).total == pytest.approx(expected)
    result = run("footprint", "--org", org, "--year", 2020, "--out", out)
    assert result.exit_code == 0, result.output
    assert "Testivirasto" in result.output and "LUOKITTELEMATON" in result.output
    result = run("progress", "--org", org, "--out", out)
    assert result.exit_code == 0, result.output
    result = run("report", "--org", org, "--out", out)
    assert result.exit_code == 0, result.output
    assert (out / "vastuullisuusraportti_2020.pdf").exists()
    html = (out / "vastuullisuusraportti_2020.html").read_text(encoding="utf-8")
    assert "Testivirasto raportoi vuodesta 2020" in html and "Maahanmuuttovirasto" not in html
