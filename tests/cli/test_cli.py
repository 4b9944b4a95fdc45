"""The carbon commands end to end, as a user runs them (published totals, bad input)."""
import re

import pandas as pd
import pytest
from click.testing import CliRunner

from build import cli
from carbon.numbers import format_number


def run(*args):
    return CliRunner().invoke(cli, list(map(str, args)))


@pytest.mark.parametrize("year, published", [(2018, 38269.5), (2021, 22193.38)])
def test_footprint_reproduces_published_total(tmp_path, year, published):
    result = run("footprint", "--year", year, "--out", tmp_path, "--rows", "parquet")
    assert result.exit_code == 0, result.output
    total_line = next(line for line in result.output.splitlines() if line.startswith("yhteensä"))
    printed = float(re.split(r" +", total_line)[1].replace("\u202f", "").replace(",", "."))
    assert printed == pytest.approx(published, abs=0.1)
    table = pd.read_csv(tmp_path / f"footprint_{year}.csv")
    assert table["tco2e"].sum() == pytest.approx(published, abs=0.1)
    rows = pd.read_parquet(tmp_path / f"footprint_{year}_spend_rows.parquet")
    assert {"source_file", "source_row", "factor_id", "kgco2e", "status"} <= set(rows.columns)
    counted = rows[rows["status"].isin(["counted"])]
    assert counted["kgco2e"].sum() / 1000 == pytest.approx(
        table.loc[table["unit"] == "EUR", "tco2e"].sum(), rel=1e-9)
    assert (tmp_path / f"footprint_{year}.xlsx").stat().st_size > 0


def test_footprint_prints_and_writes_data_quality_shares(tmp_path):
    result = run("footprint", "--year", 2021, "--out", tmp_path, "--lang", "en", "--rows", "parquet")
    assert result.exit_code == 0, result.output
    assert "Data quality" in result.output and "spend-based, nearest published equivalent" in result.output
    assert "Computed with estimated factors" in result.output
    quality = pd.read_csv(tmp_path / "footprint_2021_quality.csv")
    assert quality["tco2e_share_pct"].sum() == pytest.approx(100.0)
    assert quality["eur_share_pct"].sum() == pytest.approx(100.0)
    assert quality["tco2e"].sum() == pytest.approx(22193.38, abs=0.01)
    sheets = pd.read_excel(tmp_path / "footprint_2021.xlsx", sheet_name=None)
    assert {"quality", "factor_tiers", "factors"} <= set(sheets)
    factors = sheets["factors"].set_index("factor_id")
    assert factors.loc["spend_social_services", "tier"] == "proxy"
    assert "line 2359" in factors.loc["spend_social_services", "where"]
    rows = pd.read_parquet(tmp_path / "footprint_2021_spend_rows.parquet")
    counted = rows[rows["status"] == "counted"]
    assert counted["quality"].notna().all() and counted["factor_tier"].notna().all()


def test_footprint_writes_row_traces_only_on_request(tmp_path):
    result = run("footprint", "--year", 2021, "--out", tmp_path / "default", "--draws", 0,
                 "--lang", "en")
    assert result.exit_code == 0, result.output
    assert not list((tmp_path / "default").glob("*_rows.*"))
    assert "--rows parquet" in result.output and "build.py trace" in result.output


def test_footprint_writes_row_traces_as_csv_on_request_and_none_when_asked(tmp_path):
    result = run("footprint", "--year", 2021, "--out", tmp_path / "csv", "--rows", "csv",
                 "--draws", 0)
    assert result.exit_code == 0, result.output
    parquet = pd.read_parquet(tmp_path / "csv" / "footprint_2021_spend_rows.parquet")
    csv = pd.read_csv(tmp_path / "csv" / "footprint_2021_spend_rows.csv", low_memory=False)
    assert list(csv.columns) == list(parquet.columns) and len(csv) == len(parquet)
    assert csv["kgco2e"].to_numpy() == pytest.approx(parquet["kgco2e"].to_numpy())
    assert list(csv["source_row"]) == list(parquet["source_row"])
    assert str(csv["date"].iloc[0]) == str(parquet["date"].iloc[0])  # a date, not a timestamp
    activity = pd.read_csv(tmp_path / "csv" / "footprint_2021_activity_rows.csv")
    assert len(activity) == len(pd.read_parquet(tmp_path / "csv" / "footprint_2021_activity_rows.parquet"))
    result = run("footprint", "--year", 2021, "--out", tmp_path / "none", "--rows", "none",
                 "--draws", 0)
    assert result.exit_code == 0, result.output
    assert not list((tmp_path / "none").glob("*_rows.*"))
    assert (tmp_path / "none" / "footprint_2021.xlsx").exists()


def test_footprint_reports_unclassified_share(tmp_path):
    result = run("footprint", "--year", 2021, "--out", tmp_path)
    assert "LUOKITTELEMATON" in result.output and "Suurimmat luokittelemattomat" in result.output
    english = run("footprint", "--year", 2021, "--out", tmp_path, "--lang", "en")
    assert "UNCLASSIFIED" in english.output and "Spend coverage" in english.output


def test_progress_prints_every_target(tmp_path):
    result = run("progress", "--out", tmp_path)
    assert result.exit_code == 0, result.output
    for year in (2023, 2027, 2035):
        assert f"vuoteen {year}" in result.output
    table = pd.read_csv(tmp_path / "progress.csv")
    assert set(table["year"]) == {2018, 2019, 2020, 2021, 2022}
    r21 = table[(table["year"] == 2021) & (table["target_year"] == 2027)].iloc[0]
    base = table[table["year"] == 2018]["total_tco2e"].iloc[0]  # recalculated when needed
    # the 2022 view: 2021 restated on the per-night method, beside its published figure
    restated = pd.read_csv(tmp_path / "restatements.csv").set_index("year")
    assert restated.loc[2021, "original_tco2e"] == pytest.approx(22193.38)
    assert r21["total_tco2e"] == pytest.approx(restated.loc[2021, "restated_tco2e"])
    assert r21["reduction_pct"] == pytest.approx(100 * (1 - r21["total_tco2e"] / base))
    assert format_number(-r21["reduction_pct"], 1) in result.output


def test_trace_lists_input_rows_and_factor_source():
    result = run("trace", "--year", 2021, "--source-group", "reception_services", "--limit", 3)
    assert result.exit_code == 0, result.output
    assert "th_data_2021.csv" in result.output and "spend_social_services" in result.output
    assert "[lähin julkaistu vastine]" in result.output and "line 2359" in result.output


def test_non_numeric_amount_gives_one_message_and_exit_2(example_copy):
    path = example_copy.parent / "ledger" / "th_data_2021.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    fields = lines[5].split("\t")
    fields[2] = "12O.50"
    lines[5] = "\t".join(fields)
    path.write_text("".join(lines), encoding="utf-8")
    result = run("footprint", "--org", example_copy, "--year", 2021)
    assert result.exit_code == 2
    assert "th_data_2021.csv, rivi 6, sarake 'tiliointisumma': summa '12O.50' ei ole luku" \
        in result.output  # Finnish, as everything else the command prints by default
    assert "Traceback" not in result.output
    result = run("footprint", "--org", example_copy, "--year", 2021, "--lang", "en")
    assert result.output.startswith("error: ")
    assert "th_data_2021.csv, row 6, column 'tiliointisumma': amount '12O.50' is not a number" \
        in result.output
    result = run("footprint", "--org", example_copy, "--year", 2021, "--lang", "sv")
    assert result.output.startswith("fel: ") and "rad 6, kolumn 'tiliointisumma'" in result.output


def test_unknown_factor_in_mapping_gives_exit_2(example_copy):
    mapping = example_copy.parent / "mapping.csv"
    mapping.write_text(mapping.read_text(encoding="utf-8").replace(
        "spend_telecom", "spend_telecomm", 1), encoding="utf-8")
    result = run("footprint", "--org", example_copy)
    assert result.exit_code == 2
    assert "mapping.csv" in result.output and "spend_telecomm" in result.output


def test_negative_nights_give_exit_2(example_copy):
    nights = example_copy.parent / "activity" / "accommodation_nights.csv"
    lines = nights.read_text(encoding="utf-8").splitlines(keepends=True)
    fields = lines[2].split(",")
    fields[3] = "-" + fields[3]
    lines[2] = ",".join(fields)
    nights.write_text("".join(lines), encoding="utf-8")
    result = run("footprint", "--org", example_copy, "--lang", "en")
    assert result.exit_code == 2
    assert "accommodation_nights.csv, row 3, column 'quantity'" in result.output


def test_footprint_json_has_the_documented_keys(tmp_path):
    import json
    result = run("footprint", "--year", 2021, "--json", "--out", tmp_path / "o")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert {"year", "total_tco2e", "by_scope", "quality", "estimated_share_pct", "uncertainty"} <= set(doc)
    assert doc["year"] == 2021 and set(doc["by_scope"]) == {"1", "2", "3"}
    assert sum(doc["by_scope"].values()) == pytest.approx(doc["total_tco2e"])
    assert sum(doc["quality"].values()) == pytest.approx(100.0)
    u = doc["uncertainty"]
    assert u["low"] <= doc["total_tco2e"] <= u["high"] and u["interval_pct"] == 95
    assert u["central_statistic"] == "mean" and u["percentiles"] == [2.5, 97.5]
    assert not (tmp_path / "o").exists()


def test_progress_json_reports_the_recalculated_base_year(tmp_path):
    import json
    result = run("progress", "--json", "--out", tmp_path)
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert {"base_year", "base_tco2e_published", "base_tco2e_recalculated",
            "recalculation_needed", "years"} <= set(doc)
    assert doc["recalculation_needed"] is (doc["base_tco2e_recalculated"] is not None)
    base = doc["base_tco2e_recalculated"] or doc["base_tco2e_computed"]
    for y in doc["years"]:
        assert y["reduction_pct"] == pytest.approx(100 * (base - y["tco2e"]) / base)


def test_progress_prints_the_method_change(tmp_path):
    result = run("progress", "--out", tmp_path, "--lang", "en")
    assert "The method changed in 2022" in result.output
    assert "The years 2018–2021 are shown on the new method" in result.output
    assert "Restated years (GHG Protocol, chapter 5)" in result.output
    assert "published 38,269.5 tCO2e" in result.output


@pytest.mark.parametrize("lang, text", [("fi", "vuodelle 2030 ei ole tietoja"),
                                        ("sv", "inga data för 2030"),
                                        ("en", "no data for 2030")])
def test_a_year_without_data_is_told_in_the_users_language(tmp_path, lang, text):
    result = run("footprint", "--year", 2030, "--out", tmp_path, "--lang", lang)
    assert result.exit_code == 2
    assert text in result.output and "2018, 2019, 2020, 2021, 2022" in result.output
