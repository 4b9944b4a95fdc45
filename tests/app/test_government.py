"""The state-wide footprint: every unit from one year of open data, and the example agency's
figure from the state-wide files equal to its own footprint of the same rows."""
from __future__ import annotations

import gzip
import shutil
import tempfile
import zipfile
from pathlib import Path

import pandas as pd
import pytest
import yaml

import app
from benchmarks.synthetic_state import COLUMNS, frame
from carbon.errors import InputError, OptionError

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "migri"
DEFAULTS = ROOT / "emission_factors" / "defaults"
MIGRI = "26050"


@pytest.fixture()
def state_files(tmp_path: Path) -> list[Path]:
    """Two files of a state-wide year: other agencies tab-separated (with lines of 2020), and
    more agencies plus the example's own 2021 ledger, every line of it, semicolon-separated and
    gzipped."""
    others = frame(3000, units=12, branches=4, seed=5)
    a = tmp_path / "state_2021_a.csv"
    others.iloc[:2000].to_csv(a, sep="\t", index=False)
    own = pd.read_csv(EXAMPLE / "ledger" / "th_data_2021.csv", sep="\t", dtype=str,
                      keep_default_na=False)
    assert list(own.columns) == COLUMNS
    b = tmp_path / "state_2021_b.csv.gz"
    both = pd.concat([others.iloc[2000:].astype(str), own], ignore_index=True)
    with gzip.open(b, "wt", encoding="utf-8") as fh:
        both.to_csv(fh, sep=";", index=False)
    return [a, b]


def spend_only(org_file: Path, mapping: Path | None = None) -> Path:
    """The example's settings without activity data (a spend-based footprint, as the state-wide
    one is), optionally with other mapping rules and their source groups."""
    doc = yaml.safe_load(org_file.read_text(encoding="utf-8"))
    (org_file.parent / "no_activity").mkdir()
    doc["data"]["activity"] = "no_activity"
    doc["activity_coverage"] = []
    if mapping is not None:
        doc["data"]["mapping"] = str(mapping)
        doc["data"]["source_groups"] = str(DEFAULTS / "source_groups.yaml")
        header = (EXAMPLE / "activity_map.csv").read_text(encoding="utf-8").splitlines()[0]
        (org_file.parent / "no_activity_map.csv").write_text(header + "\n", encoding="utf-8")
        doc["data"]["activity_map"] = "no_activity_map.csv"
    org_file.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return org_file


def test_example_unit_with_its_own_rules_equals_its_own_footprint(state_files, example_copy):
    org = spend_only(example_copy)
    own = app.footprint(app.load(org), 2021, draws=0)
    state = app.state_footprint(state_files, 2021, {MIGRI: org})
    unit = state.units.set_index("unit_id").loc[MIGRI]
    assert unit["rules"] == "migri" and state.rule_sets == {MIGRI: "Maahanmuuttovirasto"}
    assert unit["tco2e"] == pytest.approx(own.total, rel=1e-9)
    coverage = own.coverage.set_index("status")
    assert unit["eur"] == pytest.approx(coverage["eur"].sum(), rel=1e-12)
    assert unit["unclassified_share_pct"] == pytest.approx(coverage.loc["unclassified", "share_pct"])
    assert unit["lines"] == coverage["rows"].sum()
    groups = state.groups[state.groups["unit_id"] == MIGRI]
    by_group = groups[groups["status"] == "counted"].groupby("source_group")["tco2e"].sum()
    mine = own.by_group.set_index("source_group")["tco2e"]
    assert by_group.sort_index().to_numpy() == pytest.approx(mine.sort_index().to_numpy(), rel=1e-9)


def test_example_unit_with_the_default_rules_equals_a_footprint_with_those_rules(state_files,
                                                                                  example_copy):
    org = spend_only(example_copy, mapping=DEFAULTS / "mapping.csv")
    own = app.footprint(app.load(org), 2021, draws=0)
    state = app.state_footprint(state_files, 2021)
    unit = state.units.set_index("unit_id").loc[MIGRI]
    assert unit["rules"] == "default"
    assert unit["tco2e"] == pytest.approx(own.total, rel=1e-9)
    assert unit["unclassified_share_pct"] == pytest.approx(
        own.coverage.set_index("status").loc["unclassified", "share_pct"])


def test_no_line_is_dropped_every_unit_and_branch_adds_up(state_files):
    state = app.state_footprint(state_files, 2021)
    lines = sum(1 for p in state_files for _ in (gzip.open(p, "rt") if p.suffix == ".gz"
                                                  else p.open(encoding="utf-8"))) - len(state_files)
    assert state.lines_read == lines
    assert state.lines + int(state.other_years["lines"].sum()) == lines
    assert list(state.other_years["year"]) == [2020]
    assert state.units["tco2e"].is_monotonic_decreasing
    assert state.branches["tco2e"].sum() == pytest.approx(state.units["tco2e"].sum())
    assert state.branches["units"].sum() == len(state.units) == 13
    assert state.groups["tco2e"].sum() == pytest.approx(state.total_tco2e)
    assert 0 < state.unclassified_share_pct < 20
    per = state.units["tco2e"] * 1000 / (state.units["eur"] - state.units["unclassified_eur"]
                                         - state.units["excluded_eur"])
    assert state.units["tco2e_per_1000_eur"].to_numpy() == pytest.approx(per.to_numpy())


def test_writes_csv_xlsx_parquet_and_the_chart(state_files, tmp_path):
    state = app.state_footprint(state_files, 2021, lang="en")
    paths = app.write_state_footprint(state, tmp_path / "out", "Largest emitters", "tCO2e", top=5)
    assert {p.suffix for p in paths} == {".csv", ".xlsx", ".parquet", ".svg"}
    assert pd.read_csv(paths[0])["tco2e"].sum() == pytest.approx(state.total_tco2e)
    assert pd.read_parquet(paths[3])["unit_id"].astype(str).tolist() == state.units["unit_id"].tolist()
    assert pd.read_csv(paths[2])["tco2e"].sum() == pytest.approx(state.total_tco2e)
    assert set(pd.read_excel(paths[6], sheet_name=None)) == {"units", "branches"}
    svg = paths[7].read_text(encoding="utf-8")
    assert svg.startswith("<svg") and "<title>Largest emitters</title>" in svg
    assert svg.count("<rect") == 1 + 5 and state.units.iloc[0]["unit_name"] in svg


def state_with(tmp_path, field: int, value: str, encoding: str = "utf-8"):
    """A small state-wide file whose row 8 has `value` in its field number `field`."""
    path = tmp_path / "state.csv"
    frame(50, units=3, seed=1).to_csv(path, sep="\t", index=False)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    fields = lines[7].split("\t")
    fields[field] = value
    lines[7] = "\t".join(fields)
    path.write_text("".join(lines), encoding=encoding)
    return path


def test_bad_amount_names_file_row_and_column(tmp_path):
    path = state_with(tmp_path, 2, "12O,50")
    with pytest.raises(InputError) as err:
        app.state_footprint([path], 2021)
    assert (err.value.file, err.value.row, err.value.column) == (str(path), 8, "tiliointisumma")
    assert "'12O,50' is not a number" in str(err.value)


def test_missing_unit_column_and_bad_rules_option(tmp_path):
    path = tmp_path / "state.csv"
    frame(20, units=2, seed=1).drop(columns=["hankintayksikko_tunnus"]).to_csv(path, sep="\t",
                                                                                index=False)
    with pytest.raises(InputError) as err:
        app.state_footprint([path], 2021)
    assert err.value.row == 1 and err.value.column == "hankintayksikko_tunnus"
    with pytest.raises(OptionError):
        app.parse_rules(["26050"])


def test_decimal_commas_and_finnish_dates_give_the_same_figures(tmp_path):
    data = frame(500, units=4, seed=7)
    plain, local = tmp_path / "plain.csv", tmp_path / "local.csv"
    data.to_csv(plain, sep="\t", index=False)
    local_data = data.copy()
    local_data["tiliointisumma"] = [f"{v:.2f}".replace(".", ",") for v in data["tiliointisumma"]]
    d = pd.to_datetime(data["tositepvm"])
    local_data["tositepvm"] = [f"{x.day}.{x.month}.{x.year}" for x in d]
    local_data.to_csv(local, sep="\t", index=False)
    a, b = app.state_footprint([plain], 2021), app.state_footprint([local], 2021)
    assert b.units["tco2e"].to_numpy() == pytest.approx(a.units["tco2e"].to_numpy(), rel=1e-12)
    assert b.lines == a.lines and b.other_years["lines"].sum() == a.other_years["lines"].sum()


def test_progress_is_reported_up_to_the_total(state_files):
    calls = []
    app.state_footprint(state_files, 2021, progress=lambda done, total: calls.append((done, total)))
    total = sum(p.stat().st_size for p in state_files)
    assert calls and calls[-1] == (total, total)
    assert all(t == total and 0 <= d <= total for d, t in calls)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)


def test_a_row_with_extra_fields_is_named(tmp_path):
    path = tmp_path / "state.csv"
    frame(30, units=2, seed=1).to_csv(path, sep="\t", index=False)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[11] = lines[11].rstrip("\n") + "\textra\n"
    path.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(InputError) as err:
        app.state_footprint([path], 2021)
    assert err.value.row == 12 and "14 fields, the header 13" in str(err.value)


@pytest.mark.parametrize("text, message", [("inf", "is not a finite number"), ("", "amount is empty"),
                                           ("NaN", "is not a finite number")])
def test_non_finite_and_empty_amounts_are_named(tmp_path, text, message):
    path = tmp_path / "state.csv"
    data = frame(40, units=2, seed=1)
    data["tiliointisumma"] = data["tiliointisumma"].astype(str)
    data.loc[20, "tiliointisumma"] = text
    data.to_csv(path, sep="\t", index=False)
    with pytest.raises(InputError) as err:
        app.state_footprint([path], 2021)
    assert err.value.row == 22 and err.value.column == "tiliointisumma"
    assert message in str(err.value)


@pytest.fixture()
def temp_dir(tmp_path, monkeypatch) -> Path:
    """The system's temporary folder for the test: the copies the scan makes are seen (and
    seen deleted)."""
    folder = tmp_path / "system_tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def zipped(path: Path, *members: str) -> Path:
    """`path` zipped as each of `members` (its own name by default)."""
    archive = path.parent / f"{path.name}.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for member in members or (path.name,):
            zf.write(path, member)
    return archive


def gzipped(path: Path) -> Path:
    out = path.parent / f"{path.name}.gz"
    with path.open("rb") as src, gzip.open(out, "wb") as dst:
        shutil.copyfileobj(src, dst)
    return out


def same_figures(a, b) -> None:
    pd.testing.assert_frame_equal(a.units, b.units)
    pd.testing.assert_frame_equal(a.groups, b.groups)
    pd.testing.assert_frame_equal(a.other_years, b.other_years)
    assert a.lines_read == b.lines_read


def test_zipped_and_gzipped_files_give_the_same_figures(tmp_path, temp_dir):
    plain = tmp_path / "state_2021.csv"
    frame(800, units=5, branches=2, seed=11).to_csv(plain, sep=";", index=False)
    expected = app.state_footprint([plain], 2021)
    assert expected.lines_read == 800 and len(expected.units) == 5
    for path in (zipped(plain), gzipped(plain)):
        same_figures(app.state_footprint([path], 2021), expected)
    macos = tmp_path / "mac.zip"    # a folder and a resource fork beside the one file
    with zipfile.ZipFile(macos, "w") as zf:
        zf.writestr("data/", "")
        zf.write(plain, "data/state_2021.csv")
        zf.writestr("__MACOSX/data/._state_2021.csv", b"\x00\x05")
    same_figures(app.state_footprint([macos], 2021), expected)
    assert list(temp_dir.iterdir()) == []          # the member's copy is deleted


@pytest.mark.parametrize("wrap", [lambda p: p, zipped, gzipped], ids=["plain", "zip", "gz"])
def test_windows_1252_file_is_read_as_such(tmp_path, temp_dir, wrap):
    data = frame(300, units=3, seed=4)
    name = "Pohjois-Pohjanmaan ELY-keskus, Öljyntorjunta ja Säätiöt"
    data.loc[data["hankintayksikko_tunnus"] == data["hankintayksikko_tunnus"].iloc[0],
             "hankintayksikko"] = name
    utf8, latin = tmp_path / "utf8.csv", tmp_path / "latin.csv"
    data.to_csv(utf8, sep="\t", index=False)
    data.to_csv(latin, sep="\t", index=False, encoding="cp1252")
    assert b"\xd6ljyntorjunta" in latin.read_bytes()
    expected = app.state_footprint([utf8], 2021)
    state = app.state_footprint([wrap(latin)], 2021)
    assert name in state.units["unit_name"].tolist()
    same_figures(state, expected)      # product groups with ä and ö match the rules as in UTF-8
    assert list(temp_dir.iterdir()) == []


def test_zip_with_two_members_or_broken_names_the_archive(tmp_path, temp_dir):
    plain = tmp_path / "state.csv"
    frame(50, units=2, seed=1).to_csv(plain, sep="\t", index=False)
    two = zipped(plain, "a.csv", "b.csv")
    with pytest.raises(InputError) as err:
        app.state_footprint([two], 2021)
    assert err.value.code == "zip_members" and err.value.file == str(two)
    assert err.value.params == {"count": 2, "members": "a.csv, b.csv"}
    broken = tmp_path / "broken.zip"
    broken.write_bytes(zipped(plain).read_bytes()[:300])
    with pytest.raises(InputError) as err:
        app.state_footprint([broken], 2021)
    assert err.value.code == "decompress_failed" and err.value.file == str(broken)
    assert list(temp_dir.iterdir()) == []


def test_bad_rows_inside_a_zip_name_the_archive_row_and_column(tmp_path, temp_dir):
    path = state_with(tmp_path, 3, "31.2.2021", encoding="cp1252")
    with pytest.raises(InputError) as err:
        app.state_footprint([zipped(path)], 2021)
    assert (err.value.file, err.value.row, err.value.column) == (str(path) + ".zip", 8, "tositepvm")
    assert err.value.code == "date_invalid" and "'31.2.2021' is not a date" in str(err.value)
    lines = path.read_text(encoding="cp1252").splitlines(keepends=True)
    lines[11] = lines[11].rstrip("\n") + "\textra\n"
    path.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(InputError) as err:
        app.state_footprint([zipped(path)], 2021)
    assert (err.value.row, err.value.code) == (12, "field_count")
    assert list(temp_dir.iterdir()) == []


def test_utf8_file_with_one_stray_byte_names_the_row(tmp_path, temp_dir):
    path = tmp_path / "state.csv"
    frame(40, units=2, seed=1).to_csv(path, sep="\t", index=False)
    path.write_bytes(path.read_bytes() + "x\t1\t2\t2021-01-01\tä\tx\t1\tCaf\xe9\t1\t1\t1\t1\t1\n"
                     .encode("utf-8").replace(b"\xc3\xa9", b"\xe9"))
    with pytest.raises(InputError) as err:
        app.state_footprint([path], 2021)
    assert (err.value.code, err.value.row, err.value.file) == ("encoding_mixed", 42, str(path))
    assert list(temp_dir.iterdir()) == []
