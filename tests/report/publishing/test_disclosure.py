"""GRI 305 / ESRS E1-6 index: every figure is the calculator's, gaps are marked, not filled."""
from __future__ import annotations

import dataclasses

import pandas as pd
import pytest
from click.testing import CliRunner

from build import cli
from carbon.numbers import format_number
from report.publishing.disclosure.index import disclosure_index, disclosure_records

YEAR = 2022


@pytest.fixture(scope="module")
def index(example_inputs):
    return disclosure_index(example_inputs, YEAR)


@pytest.fixture(scope="module")
def inv(example_inputs):
    return example_inputs.inventory(YEAR)


def value(index, code, label_start="", column="code"):
    hit = index[(index[column] == code) & index["label"].str.startswith(label_start)]
    assert len(hit) == 1, (code, label_start, hit)
    return hit["value"].iloc[0]


def test_columns(index):
    assert list(index.columns) == ["code", "esrs", "datapoint", "label", "value", "unit", "note"]
    assert index["code"].str.startswith("GRI 305").any() and index["esrs"].str.startswith("ESRS E1-6").any()


def test_every_esrs_row_has_a_datapoint_and_every_row_a_code(index):
    esrs = index[index["esrs"] != ""]
    with_id = esrs[esrs["datapoint"] != ""]
    assert len(with_id) and with_id["datapoint"].str.fullmatch(r"E1-6_\d\d(, E1-6_\d\d)*").all()
    # E1-4, E1-5, E1-7, E1-8: their IG 3 ids were not read, none is guessed
    assert esrs[esrs["datapoint"] == ""]["esrs"].str.fullmatch(r"ESRS E1-[4578] .*").all()
    assert ((index["code"] != "") | (index["esrs"] != "")).all()


def test_scope_figures_match_the_inventory(index, inv):
    scopes = inv.scope_totals()
    assert value(index, "GRI 305-1 a") == pytest.approx(scopes.loc[1, "tco2e"])
    assert value(index, "GRI 305-2 a") == pytest.approx(scopes.loc[2, "tco2e_location"])
    assert value(index, "GRI 305-2 b") == pytest.approx(scopes.loc[2, "tco2e_market"])
    assert value(index, "GRI 305-3 a") == pytest.approx(scopes.loc[3, "tco2e"])
    assert value(index, "E1-6_11", column="datapoint") == pytest.approx(scopes.loc[3, "tco2e"])
    assert value(index, "ESRS E1-6 §44 a, §48 a", column="esrs") == pytest.approx(scopes.loc[1, "tco2e"])
    assert value(index, "ESRS E1-6 §44 b, §49 b", column="esrs") == pytest.approx(scopes.loc[2, "tco2e_market"])
    assert value(index, "ESRS E1-6 §44 d, §52 a", column="esrs") == pytest.approx(scopes["tco2e_location"].sum())
    assert value(index, "ESRS E1-6 §44 d, §52 b", column="esrs") == pytest.approx(scopes["tco2e_market"].sum())


def test_a_datapoint_of_both_standards_is_one_row(index):
    both = index[(index["code"] != "") & (index["esrs"] != "")]
    assert "GRI 305-1 a" in set(both["code"]) and "GRI 305-3 d" in set(both["code"])
    assert not index.duplicated(subset=["label", "value"]).any()


def test_scope3_categories_add_up(index, inv):
    s3 = inv.table[inv.table["scope"] == 3].groupby("ghg_category")["tco2e"].sum()
    for code, column in (("E1-6_11, E1-6_04", "datapoint"), ("ESRS E1-6 §51; E1 AR 46 d", "esrs")):
        rows = index[(index[column] == code) & index["value"].notna()]
        assert len(rows) == len(s3)
        for cat, tco2e in s3.items():
            assert value(index, code, f"Luokka 3, kategoria {cat}:", column) == pytest.approx(tco2e)
        assert rows["value"].sum() == pytest.approx(inv.scope_totals().loc[3, "tco2e"])


def test_excluded_categories_are_listed_empty(index, example_inputs, inv):
    for ex in example_inputs.org.exclusions:
        row = index[(index["datapoint"] == "E1-6_26") &
                    index["label"].str.startswith(f"Luokka 3, kategoria {ex['category']}:")]
        assert row["value"].iloc[0] is None and ex["fi"] in row["note"].iloc[0]
    s3 = inv.table[inv.table["scope"] == 3]
    included = value(index, "E1-6_27", column="datapoint")
    assert included == ", ".join(str(int(k)) for k in sorted(s3["ghg_category"].unique()))


def test_scope3_categories_without_data_or_reason_are_named(index, inv, example_inputs):
    s3 = inv.table[inv.table["scope"] == 3]
    accounted = {int(k) for k in s3["ghg_category"].unique()}
    accounted |= {ex["category"] for ex in example_inputs.org.exclusions}
    row = index[index["label"].str.startswith("Luokan 3 kategoriat, joita ei")]
    shown = [int(k) for k in row["value"].iloc[0].split(", ")]
    assert shown == sorted(set(range(1, 16)) - accounted) and len(shown) > 0
    org = dataclasses.replace(example_inputs.org,
                              exclusions=[{"fi": "ei", "category": k} for k in range(1, 16)])
    every = disclosure_index(dataclasses.replace(example_inputs, org=org), YEAR)
    assert every[every["label"].str.startswith("Luokan 3 kategoriat, joita ei")]["value"].iloc[0] == "Ei yhtään"


def test_base_year_per_scope(index, example_inputs):
    check = example_inputs.base_check(YEAR)  # the recalculated base year when one is needed
    base = (check.recalculated if check.needed
            else example_inputs.inventory(example_inputs.org.base_year)).scope_totals()
    assert value(index, "GRI 305-1 d ii") == pytest.approx(base.loc[1, "tco2e"])
    assert value(index, "GRI 305-2 d ii", "Perusvuoden 2018 päästöt, luokka 2, sijainti") \
        == pytest.approx(base.loc[2, "tco2e_location"])
    assert value(index, "GRI 305-2 d ii", "Perusvuoden 2018 päästöt, luokka 2, markkina") \
        == pytest.approx(base.loc[2, "tco2e_market"])
    assert value(index, "GRI 305-3 e ii") == pytest.approx(base.loc[3, "tco2e"])


def test_revenue_intensity_both_bases(example_inputs, inv):
    """§53–§55: empty without a net revenue; with one (set here), tCO2e per EUR million on each
    basis, and the net revenue with its reconciliation text."""
    empty = disclosure_index(example_inputs, YEAR)
    assert empty[empty["datapoint"].isin(["E1-6_30", "E1-6_31"])]["value"].isna().all()
    raw = dict(example_inputs.org.raw, net_revenue={YEAR: 25_000_000},
               net_revenue_reconciliation={"fi": "Tuotot, tilinpäätös {}".format(YEAR)})
    org = dataclasses.replace(example_inputs.org, raw=raw)
    index = disclosure_index(dataclasses.replace(example_inputs, org=org), YEAR)
    scopes = inv.scope_totals()
    assert value(index, "E1-6_30", column="datapoint") == pytest.approx(scopes["tco2e_location"].sum() / 25)
    assert value(index, "E1-6_31", column="datapoint") == pytest.approx(scopes["tco2e_market"].sum() / 25)
    assert value(index, "E1-6_32, E1-6_34", column="datapoint") == pytest.approx(25.0)
    assert f"Tuotot, tilinpäätös {YEAR}" in index[index["datapoint"] == "E1-6_32, E1-6_34"]["note"].iloc[0]
    en = disclosure_records(dataclasses.replace(example_inputs, org=org), YEAR, "en")
    assert {r["unit"] for r in en if r["datapoint"] in ("E1-6_30", "E1-6_31")} == {"tCO2e/EUR million"}


def test_intensity_reduction_and_base_year(index, inv, example_inputs):
    org = example_inputs.org
    act = example_inputs.activity
    nights = act[(act["kind"] == "accommodation_nights") & (act["year"] == YEAR)]["quantity"].sum()
    intensity = index[index["code"] == "GRI 305-4 a, b, c"]["value"].tolist()
    assert intensity[0] == pytest.approx(1000 * inv.total / nights)
    assert intensity[1] == pytest.approx(inv.total / org.person_years[YEAR])
    base = example_inputs.base_check(YEAR).base_total  # recalculated when needed
    change = index[index["code"] == "GRI 305-1 d, 305-2 d, 305-3 e"]["value"].tolist()
    assert change[0] == pytest.approx(base - inv.total)
    assert change[1] == pytest.approx(100 * (base - inv.total) / base)
    assert value(index, "GRI 305-5 a") is None  # not attributed to initiatives: not given
    assert value(index, "GRI 305-1 d i, 305-2 d i, 305-3 e i") == org.base_year
    assert value(index, "GRI 305-1 d iii, 305-2 d iii, 305-3 e iii") == org.recalculation_threshold_pct
    policy = index[index["code"] == "GRI 305-1 d iii, 305-2 d iii, 305-3 e iii"]["note"].iloc[0]
    assert format_number(org.reported_totals[org.base_year], 1) in policy


def test_factor_sources_cover_every_factor_used(index, inv, example_inputs):
    rows = index[index["code"] == "GRI 305-1 e, 305-2 e, 305-3 f"]
    sources = set(rows["value"])
    act = inv.activity_rows
    used = set(inv.table["factor_id"]) | set(act.loc[act["status"] == "counted", "market_factor_id"])
    from report.document.source_titles import source_line
    from report.publishing.disclosure.metrics import items_doc
    tag = items_doc()["texts"]["estimate"]["fi"]
    for fid in used:
        f = example_inputs.factors[fid]
        assert source_line(f.source, "fi") + (f" {tag}" if f.estimate else "") in sources
        assert any(fid in note for note in rows["note"])


def test_missing_figures_are_marked(index, example_inputs):
    inputs = dataclasses.replace(example_inputs,
                                 org=dataclasses.replace(example_inputs.org, person_years={}))
    gaps = disclosure_index(inputs, YEAR)
    per_person = gaps[gaps["label"] == "Päästöintensiteetti henkilötyövuotta kohden"]
    assert per_person["value"].iloc[0] is None
    assert per_person["note"].iloc[0].startswith("Tieto puuttuu")
    consolidation = index[index["code"] == "GRI 305-1 f, 305-2 f"]
    stated = example_inputs.org.raw["disclosure_statements"]["consolidation_approach"]
    assert consolidation["value"].iloc[0] == stated["value"]["fi"]
    raw = {k: v for k, v in example_inputs.org.raw.items() if k != "disclosure_statements"}
    bare = dataclasses.replace(example_inputs, org=dataclasses.replace(example_inputs.org, raw=raw))
    gaps = disclosure_index(bare, YEAR)
    for label, setting in (("Konsolidointiperiaate", "consolidation_approach"),
                           ("Sisäinen hiilen hinnoittelu", "disclosure_statements.carbon_pricing")):
        row = gaps[gaps["label"] == label]
        # missing, said in plain words: the settings key is for the working group's check, not
        # for the published index
        assert row["value"].iloc[0] is None and setting not in row["note"].iloc[0]
        assert row["note"].iloc[0].startswith("Tieto puuttuu")


def test_records_are_formatted(example_inputs, inv):
    recs = disclosure_records(example_inputs, YEAR)
    first = recs[0]
    assert set(first) >= {"code", "label", "value", "unit", "note"}
    assert first["value"] == format_number(inv.scope_totals().loc[1, "tco2e"], 1)
    assert first["unit"] == "tCO2e"
    assert all(r["value"] == "–" for r in recs if r["missing"])
    assert any(r["unit"] == "kgCO2e/majoitusvuorokausi" for r in recs)


def test_cli_writes_csv(tmp_path, inv):
    result = CliRunner().invoke(cli, ["disclosure", "--year", str(YEAR), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    table = pd.read_csv(tmp_path / f"disclosure_{YEAR}.csv")
    assert list(table.columns) == ["code", "esrs", "datapoint", "label", "value", "unit", "note"]
    s1 = table[table["code"] == "GRI 305-1 a"]["value"].iloc[0]
    assert float(s1) == pytest.approx(inv.scope_totals().loc[1, "tco2e"], abs=1e-3)


def test_cli_year_without_data(tmp_path):
    result = CliRunner().invoke(cli, ["disclosure", "--year", "2023", "--out", str(tmp_path)])
    assert result.exit_code == 2   # the default language is Finnish, the frame too (cli/usage.py)
    assert "Virhe: virheellinen arvo valitsimelle --year: vuodelle 2023 ei ole tietoja" in result.output
    english = CliRunner().invoke(cli, ["disclosure", "--year", "2023", "--out", str(tmp_path),
                                       "--lang", "en"])
    assert english.exit_code == 2 and "Invalid value for --year: no data for 2023" in english.output


def _with(example_inputs, **raw):
    org = dataclasses.replace(example_inputs.org, raw=dict(example_inputs.org.raw, **raw))
    return dataclasses.replace(example_inputs, org=org)


def test_boundary_changes_and_investees_from_the_settings(example_inputs):
    index = disclosure_index(_with(example_inputs, boundary_changes=[]), YEAR)
    assert "2018" in value(index, "E1-6_14", column="datapoint")           # none since the base year
    changes = [{"year": 2020, "fi": "Uusi toimipiste", "en": "New office"},
               {"year": 2017, "fi": "Ennen perusvuotta", "en": "Before"}]
    index = disclosure_index(_with(example_inputs, boundary_changes=changes), YEAR, "en")
    rows = index[index["datapoint"] == "E1-6_14"]
    assert rows["value"].tolist() == ["2020"] and rows["note"].tolist() == ["New office"]
    index = disclosure_index(_with(example_inputs, investees_under_operational_control=[
        {"name": "A", "tco2e": 12.5}, {"name": "B", "tco2e": 2}]), YEAR)
    assert value(index, "ESRS E1-6 §50 b", column="esrs") == pytest.approx(14.5)


@pytest.mark.parametrize("raw, key", [({"net_revenue": {YEAR: "paljon"}}, "net_revenue"),
                                      ({"net_revenue": [1]}, "net_revenue"),
                                      ({"boundary_changes": [{"fi": "ei vuotta"}]}, "boundary_changes")])
def test_bad_settings_are_input_errors(example_inputs, raw, key):
    from carbon.errors import InputError
    with pytest.raises(InputError, match=key):
        disclosure_index(_with(example_inputs, **raw), YEAR)


def test_recalculation_note_names_the_method_change(recalculating_inputs):
    check = recalculating_inputs.base_check(2022)
    assert check.needed
    index = disclosure_index(recalculating_inputs, 2022, "en")
    note = index[index["label"].str.startswith("Base-year recalculation")]["note"].iloc[0]
    assert "The method changed (2022)" in note and "exceeds the threshold" in note
    assert value(index, "GRI 305-1 d ii") == pytest.approx(
        check.recalculated.scope_totals().loc[1, "tco2e"])


def _row(index, label_start):
    rows = index[index["label"].str.startswith(label_start)]
    assert len(rows), label_start
    return rows


def test_statements_are_settings_with_a_reason(index, example_inputs):
    stated = example_inputs.org.raw["disclosure_statements"]
    ets = index[index["esrs"] == "ESRS E1-6 §48 b"]
    assert ets["value"].iloc[0] == stated["ets_share"]["value"]
    assert ets["note"].iloc[0] == " ".join(stated["ets_share"]["reason"]["fi"].split())
    revenue = index[index["esrs"] == "ESRS E1-6 §55"]
    assert revenue["value"].iloc[0] is None
    assert stated["net_revenue"]["reason"]["fi"].split()[0] in revenue["note"].iloc[0]
    assert "net_revenue)" not in revenue["note"].iloc[0]
    for esrs, key in (("ESRS E1-7 §56", "removals"), ("ESRS E1-8 §62", "carbon_pricing")):
        assert index[index["esrs"] == esrs]["value"].iloc[0] == stated[key]["value"]["fi"]


def test_gases_and_gwp_come_from_the_factor_files(index, inv, example_inputs):
    act = inv.activity_rows
    used = set(inv.table["factor_id"]) | set(act.loc[act["status"] == "counted", "market_factor_id"])
    gases = index[index["esrs"] == "ESRS E1 AR 39 c"]
    gwp = index[index["esrs"] == "ESRS E1 AR 39 d"]
    for fid in used:
        ghg = example_inputs.factors[fid].extra.get("ghg") or {}
        shown = ", ".join(ghg["gases"]) if ghg.get("gases") else "ei kirjattu kerrointiedostoon"
        assert any(fid in n for n in gases[gases["value"] == shown]["note"])
        shown = ghg.get("gwp") or "ei kirjattu kerrointiedostoon"
        assert any(fid in n for n in gwp[gwp["value"] == shown]["note"])
    assert "CO2e" not in set(gases["value"])
    assert "AR5" in set(gwp["value"]) and all("AR6" in n for n in gwp["note"])


def test_no_finnish_estimate_tag_in_english(example_inputs):
    from report.publishing.disclosure.metrics import items_doc
    tags = items_doc()["texts"]["estimate"]
    en = disclosure_index(example_inputs, YEAR, "en")
    assert not en.astype(str).apply(lambda col: col.str.contains(tags["fi"], regex=False)).any().any()
    fi = disclosure_index(example_inputs, YEAR, "fi")
    estimates = [f for f in example_inputs.factors._factors.values() if f.estimate]
    if any(f.id in " ".join(fi["note"]) for f in estimates):
        assert fi["value"].astype(str).str.contains(tags["fi"], regex=False).any()
        assert en["value"].astype(str).str.contains(tags["en"], regex=False).any()


def test_energy_from_the_activity_data(index, example_inputs):
    act = example_inputs.activity
    year = act[act["year"] == YEAR]
    kwh = float(year[year["kind"] == "energy"]["quantity"].sum())
    fuels = year[year["kind"] == "fuels"]
    cal = {"diesel": 10.0, "petrol": 8.9}
    litres_kwh = sum(float(r["quantity"]) * cal[r["item"]] for _, r in fuels.iterrows())
    total = index[index["esrs"] == "ESRS E1-5 §37"]["value"].iloc[0]
    assert total == pytest.approx((kwh + litres_kwh) / 1000.0)
    assert index[index["esrs"] == "ESRS E1-5 §37 a"]["value"].iloc[0] == pytest.approx(litres_kwh / 1000)
    assert index[index["esrs"] == "ESRS E1-5 §37 b"]["value"].iloc[0] is None
    contract = year[(year["kind"] == "energy") & (year["contract"] == "renewable")]["quantity"].sum()
    assert index[index["esrs"] == "ESRS E1-5 §37 c"]["value"].iloc[0] == pytest.approx(contract / 1000)


def test_targets_and_the_missing_2030_value(index, example_inputs):
    targets = index[index["esrs"] == "ESRS E1-4 §34 a, §34 b, §34 c"]
    assert list(targets["value"]) == [t.reduction_pct for t in example_inputs.org.targets]
    t2030 = index[index["esrs"] == "ESRS E1-4 §34 d"]
    years = {t.year for t in example_inputs.org.targets}
    if 2030 not in years:
        assert t2030["value"].iloc[0] is None and "2030" in t2030["note"].iloc[0]
    for code in ("E1-4 §34 e", "E1-4 §34 f"):
        assert len(index[index["esrs"] == f"ESRS {code}"]) == 1


def test_scope3_primary_data_and_contractual_share(index, inv, example_inputs):
    s3 = inv.table[inv.table["scope"] == 3]
    supplier = float(s3[s3["method"] == "supplier-specific"]["tco2e"].sum())
    share = index[index["esrs"] == "ESRS E1 AR 46 g"]["value"].iloc[0]
    assert share == pytest.approx(100 * supplier / float(s3["tco2e"].sum()))
    methods = index[index["esrs"] == "ESRS E1 AR 46 h"]
    assert len(methods) == s3["ghg_category"].nunique()
    assert len(index[index["esrs"] == "ESRS E1 AR 45 d"]) == 1


def test_gri_102_from_2027():
    from types import SimpleNamespace
    from report.publishing.disclosure.codes import gri_edition
    from report.publishing.disclosure.metrics import gri_code, items_doc, t
    assert gri_edition(2026)["standard"] == "GRI 305: Emissions 2016"
    assert gri_edition(2027)["standard"] == "GRI 102: Climate Change 2025"
    item = next(i for i in items_doc()["items"] if i["metric"] == "scope1")
    text = lambda key, **fmt: t(items_doc()["texts"][key], "en").format(**fmt)  # noqa: E731
    assert gri_code(item, SimpleNamespace(year=2026, text=text)) == "GRI 305-1 a"
    later = gri_code(item, SimpleNamespace(year=2027, text=text))
    assert later.startswith("GRI 102: Climate Change 2025") and "not read" in later
