"""The `government` command as a user runs it: printed tables in Finnish by default, files
written, bad input as one message with exit code 2."""
from __future__ import annotations

import zipfile
from pathlib import Path

import pandas as pd
from click.testing import CliRunner

from benchmarks.synthetic_state import frame
from build import cli

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "migri"


def run(*args):
    return CliRunner().invoke(cli, list(map(str, args)))


def test_government_prints_units_and_branches_and_writes_files(tmp_path):
    data = tmp_path / "state.csv"
    frame(2000, units=10, branches=3, seed=3).to_csv(data, sep="\t", index=False)
    result = run("government", "--year", 2021, data, EXAMPLE / "ledger" / "th_data_2021.csv",
                 "--rules", f"26050={EXAMPLE / 'organisation.yaml'}", "--out", tmp_path, "--top", 5)
    assert result.exit_code == 0, result.output
    assert "Suurimmat päästäjät (5):" in result.output and "Hallinnonaloittain:" in result.output
    assert "Maahanmuuttovirasto" in result.output
    assert "organisaation omat luokittelusäännöt" in result.output
    assert "vuodelta 2020" in result.output                 # lines of another year, not dropped
    units = pd.read_csv(tmp_path / "government_2021.csv", dtype={"unit_id": str})
    assert len(units) == 11 and units.iloc[0]["tco2e"] == units["tco2e"].max()
    for name in ("government_2021.xlsx", "government_2021.parquet", "government_2021_branches.csv",
                 "government_2021_groups.parquet", "government_2021_largest.svg"):
        assert (tmp_path / name).stat().st_size > 0, name
    english = run("government", "--year", 2021, data, "--out", tmp_path, "--lang", "en")
    assert english.exit_code == 0 and "Largest emitters" in english.output
    assert "Reading" not in english.output      # no progress bar when output is not a terminal


def test_government_bad_input_exit_2(tmp_path):
    missing = run("government", "--year", 2021, tmp_path / "nope.csv", "--out", tmp_path)
    assert missing.exit_code == 2 and "nope.csv" in missing.output and "ei löydy" in missing.output
    data = tmp_path / "state.csv"
    frame(200, units=2, seed=3).to_csv(data, sep="\t", index=False)
    no_year = run("government", "--year", 2015, data, "--out", tmp_path)
    assert no_year.exit_code == 2 and "2015" in no_year.output
    two = tmp_path / "state.zip"
    with zipfile.ZipFile(two, "w") as zf:
        zf.write(data, "a.csv")
        zf.write(data, "b.csv")
    both = run("government", "--year", 2021, two, "--out", tmp_path)
    assert both.exit_code == 2 and "state.zip" in both.output, both.output
    assert "zip-paketissa pitää olla yksi ostolaskutiedosto, siinä on 2: a.csv, b.csv" \
        in both.output


def test_government_reads_a_zipped_windows_1252_file(tmp_path):
    data = frame(300, units=3, seed=3)
    data["hankintayksikko"] = data["hankintayksikko"] + " Säätiö"
    csv_file = tmp_path / "valtio.csv"
    data.to_csv(csv_file, sep=";", index=False, encoding="cp1252")
    archive = tmp_path / "valtio.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.write(csv_file, "valtio.csv")
    result = run("government", "--year", 2021, archive, "--out", tmp_path, "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "Säätiö" in result.output
    units = pd.read_csv(tmp_path / "government_2021.csv", dtype={"unit_id": str})
    assert len(units) == 3 and units["unit_name"].str.endswith(" Säätiö").all()
