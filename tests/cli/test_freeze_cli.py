"""`build.py freeze` and what later runs say about a frozen year: nothing new when its figures
hold; the changed files, factors and input files, with the differences, when they do not."""
import re
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

import app
from build import cli
from carbon.records.freeze import compare

ROOT = Path(__file__).resolve().parent.parent.parent


def run(*args):
    return CliRunner().invoke(cli, list(map(str, args)))


def own_library(org: Path) -> Path:
    """Replace the copy's link to the shared factor library with a copy of it (to edit)."""
    link = org.parent.parent.parent / "emission_factors"
    link.unlink()
    shutil.copytree(ROOT / "emission_factors", link)
    return link


def scale_factor(file: Path, factor_id: str, ratio: float) -> tuple[float, float]:
    """Multiply one factor's `value:` in a factor file by ratio; returns (old, new)."""
    text = file.read_text(encoding="utf-8")
    start = text.index(f"id: {factor_id}\n")
    match = re.compile(r"value: ([0-9.]+)").search(text, start)
    old = float(match.group(1))
    new = round(old * ratio, 6)
    file.write_text(text[:match.start(1)] + repr(new) + text[match.end(1):], encoding="utf-8")
    return old, new


def test_freeze_writes_totals_and_fingerprints(example_copy):
    result = run("freeze", "--org", example_copy, "--year", 2021)
    assert result.exit_code == 0, result.output
    record = yaml.safe_load((example_copy.parent / "frozen" / "2021.yaml").read_text("utf-8"))
    inputs = app.load(example_copy)
    inv = inputs.inventory(2021)
    assert record["total_tco2e"] == pytest.approx(inv.total, abs=1e-5)
    assert sum(record["by_scope"].values()) == pytest.approx(inv.total, abs=1e-4)
    assert sum(record["by_source_group"].values()) == pytest.approx(inv.total, abs=1e-4)
    assert sum(f["tco2e"] for f in record["factors"].values()) == pytest.approx(inv.total, abs=1e-3)
    paths = {f["path"]: f for f in record["files"]}
    assert {"organisation.yaml", "mapping.csv", "ledger/th_data_2021.csv",
            "<vastuu>/emission_factors/spend_based.yaml", "factors/reception_night.yaml"} <= set(paths)
    assert all(re.fullmatch(r"[0-9a-f]{64}", f["sha256"]) for f in record["files"])
    # freezing the same year again needs --force
    again = run("freeze", "--org", example_copy, "--year", 2021)
    assert again.exit_code == 2 and "--force" in again.output
    assert run("freeze", "--org", example_copy, "--year", 2021, "--force").exit_code == 0


def test_unchanged_frozen_year_is_confirmed(example_copy, tmp_path):
    assert run("freeze", "--org", example_copy, "--year", 2021).exit_code == 0
    result = run("footprint", "--org", example_copy, "--year", 2021, "--draws", 0,
                 "--out", tmp_path / "out", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "2021 is frozen" in result.output and "NOTE" not in result.output


def test_changed_factor_file_is_named_with_the_difference(example_copy, tmp_path):
    library = own_library(example_copy)
    # a factor of its own source row (one of a shared row changed alone would stop the load:
    # tests/carbon/test_factor_source_rows.py)
    assert run("freeze", "--org", example_copy, "--year", 2021).exit_code == 0
    record = yaml.safe_load((example_copy.parent / "frozen" / "2021.yaml").read_text("utf-8"))
    frozen_tco2e = record["factors"]["spend_ict_equipment"]["tco2e"]
    old, new = scale_factor(library / "spend_based.yaml", "spend_ict_equipment", 1.25)

    result = run("footprint", "--org", example_copy, "--year", 2021, "--draws", 0,
                 "--out", tmp_path / "out", "--lang", "en")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "NOTE: 2021 was frozen" in out
    assert "changed: ../../emission_factors/spend_based.yaml (emission factors)" in out
    now = app.load(example_copy).inventory(2021).total
    diff = now - record["total_tco2e"]
    # the difference is the one factor's tCO2e scaled, and the output says so
    assert diff == pytest.approx(frozen_tco2e * (new / old - 1), rel=1e-4)
    assert f"+{diff:,.2f} tCO2e" in out
    line = next(l for l in out.splitlines() if l.strip().startswith("spend_ict_equipment"))
    assert f"{old:g} → {new:g} kgCO2e/EUR" in line and f"+{diff:,.1f})" in line
    assert "ledger/th_data_2021.csv" in out       # the input file whose emissions changed
    assert "mapping.csv" not in out               # nothing else changed
    # progress says the same
    progress = run("progress", "--org", example_copy, "--out", tmp_path / "out", "--lang", "en")
    assert progress.exit_code == 0 and "spend_based.yaml" in progress.output


def test_changed_ledger_file_is_named_with_its_difference(example_copy, tmp_path):
    assert run("freeze", "--org", example_copy, "--year", 2021).exit_code == 0
    for year in (2021, 2022):  # double the first line's amount
        ledger = example_copy.parent / "ledger" / f"th_data_{year}.csv"
        lines = ledger.read_text(encoding="utf-8").splitlines(keepends=True)
        fields = lines[1].split("\t")
        fields[2] = str(float(fields[2]) * 2)
        lines[1] = "\t".join(fields)
        ledger.write_text("".join(lines), encoding="utf-8")

    inputs = app.load(example_copy)
    [c] = app.check_frozen(inputs, [2021])
    assert c.differs
    # both changed files are named; only the 2021 one changed the 2021 emissions
    assert list(c.files["path"]) == ["ledger/th_data_2021.csv", "ledger/th_data_2022.csv"]
    [row] = list(c.inputs.itertuples())
    assert row.file == "ledger/th_data_2021.csv" and row.diff == pytest.approx(c.diff, abs=1e-4)
    assert c.factors["diff"].sum() == pytest.approx(c.diff, abs=1e-3)
    result = run("footprint", "--org", example_copy, "--year", 2021, "--draws", 0,
                 "--out", tmp_path / "out")
    assert "muuttunut: ledger/th_data_2021.csv (ostolaskut)" in result.output


def test_compare_pairs_a_moved_file_and_flags_added_ones():
    record = {"year": 2021, "total_tco2e": 10.0, "by_scope": {1: 0.0, 2: 0.0, 3: 10.0},
              "by_source_group": {"a": 10.0}, "input_files": {"l.csv": 10.0},
              "factors": {"f": {"file": "x.yaml", "value": 1.0, "unit": "kgCO2e/EUR",
                                "price_year": 2019, "tco2e": 10.0}},
              "files": [{"path": "/old/place/x.yaml", "role": "factors", "sha256": "1"},
                        {"path": "l.csv", "role": "ledger", "sha256": "2"}]}
    now = {**record, "files": [{"path": "../lib/x.yaml", "role": "factors", "sha256": "1"},
                               {"path": "l.csv", "role": "ledger", "sha256": "2"},
                               {"path": "y.yaml", "role": "factors", "sha256": "3"}]}
    c = compare(record, Path("frozen/2021.yaml"), now)
    assert not c.differs
    assert list(c.files["path"]) == ["y.yaml"] and list(c.files["change"]) == ["added"]


def test_check_of_one_year_loads_only_when_that_year_is_frozen(example_copy):
    assert app.frozen_years(example_copy) == []
    assert app.check_frozen_year(example_copy, 2021) is None
    assert run("freeze", "--org", example_copy, "--year", 2018).exit_code == 0
    assert app.frozen_years(example_copy) == [2018]
    assert app.check_frozen_year(example_copy, 2021) is None
    c = app.check_frozen_year(example_copy, 2018)
    assert c is not None and c.year == 2018 and not c.differs


def test_comparison_as_plain_data(example_copy):
    import json
    assert run("freeze", "--org", example_copy, "--year", 2021).exit_code == 0
    mapping = example_copy.parent / "mapping.csv"
    mapping.write_text(mapping.read_text(encoding="utf-8").replace(
        "account,4340,spend_ict_services,ict,", "account,4340,spend_telecom,ict,"), encoding="utf-8")
    [c] = app.check_frozen(app.load(example_copy), [2021], "en")
    data = json.loads(json.dumps(c.to_dict()))
    assert data["differs"] and data["diff"] == pytest.approx(c.total_now - c.total_frozen)
    assert [f["path"] for f in data["files"]] == ["mapping.csv"]
    factors = {f["factor_id"]: f for f in data["factors"]}
    # the ICT services' spend moved from one factor to the other: both are named
    assert factors["spend_ict_services"]["now"] < factors["spend_ict_services"]["frozen"]
    assert factors["spend_telecom"]["now"] > factors["spend_telecom"]["frozen"]
    assert sum(f["diff"] for f in data["factors"]) == pytest.approx(data["diff"], abs=1e-3)
    [group] = data["by_source_group"]
    assert group["source_group"] == "ict" and group["name"] == "ICT services and equipment"
    assert group["diff"] == pytest.approx(data["diff"], abs=1e-3)
