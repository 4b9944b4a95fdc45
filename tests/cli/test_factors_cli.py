"""`build.py factors import` on a copy of the example: a small table of our own becomes the
organisation's factor file and product-group rules, and the footprint uses it; bad tables stop
with file, row and column and write nothing."""
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

import app
from build import cli
from carbon.errors import InputError
from carbon.records.factor_import import own_factor_folder
from carbon.readers.factors import DEFAULT_DIR

TABLE = ("tuote_palveluryhma;kerroin;hintavuosi;lähde\n"
         "Toimistotarvikkeet;0,61;2021;SYKE/Hansel, Hankintapulssi 2023\n"
         "Kalusteet;0,35;2020;SYKE/Hansel, Hankintapulssi 2023\n"
         "Ryhmä jota ei ole;0,2;2021;SYKE/Hansel, Hankintapulssi 2023\n")


def run(*args):
    return CliRunner().invoke(cli, list(map(str, args)))


def write_table(folder: Path, text: str = TABLE, name: str = "hankintapulssi_2023.csv") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_import_writes_published_factors_and_rules_the_footprint_uses(example_copy, tmp_path):
    org = example_copy
    mapping_before = (org.parent / "mapping.csv").read_text(encoding="utf-8")
    before = app.load(org)
    table = write_table(tmp_path)
    result = run("factors", "import", table, "--org", org, "--lang", "en")
    assert result.exit_code == 0, result.output
    factor_file = org.parent / "factors" / "hankintapulssi_2023.yaml"
    assert factor_file.exists()
    entries = {e["id"]: e for e in yaml.safe_load(factor_file.read_text(encoding="utf-8"))["factors"]}
    office = entries["hankintapulssi_2023_toimistotarvikkeet"]
    assert office["provenance"] == {"tier": "published",
                                    "where": office["provenance"]["where"]}
    assert "hankintapulssi_2023.csv, row 2" in office["provenance"]["where"]
    assert office["value"] == pytest.approx(0.61) and office["price_year"] == 2021
    # the two rules replaced in place, the group without ledger lines and source group left out
    assert "2 replaced" in result.output and "Ryhmä jota ei ole" in result.output
    mapping = (org.parent / "mapping.csv").read_text(encoding="utf-8").splitlines()
    assert len(mapping) == len(mapping_before.splitlines())
    changed = [new for old, new in zip(mapping_before.splitlines(), mapping) if old != new]
    assert len(changed) == 2 and all("hankintapulssi_2023_" in line for line in changed)

    after = app.load(org)
    factor = after.factors["hankintapulssi_2023_toimistotarvikkeet"]
    assert factor.tier_for(2021) == "published"
    rows = app.trace(after, 2021, factor_id=factor.id).spend
    assert len(rows) > 0 and set(rows["product_group"].astype(str)) == {"Toimistotarvikkeet"}
    expected = rows["amount_eur"] * after.prices.deflator(2021, 2021) * 0.61
    assert rows["kgco2e"].to_numpy() == pytest.approx(expected.to_numpy())
    # what changed in the total is exactly the office supplies' difference
    old_rows = app.trace(before, 2021, source_group="goods").spend
    old_office = old_rows[old_rows["product_group"].astype(str) == "Toimistotarvikkeet"]
    furniture_old = old_rows[old_rows["product_group"].astype(str) == "Kalusteet"]
    furniture_new = app.trace(after, 2021, factor_id="hankintapulssi_2023_kalusteet").spend
    delta = (rows["kgco2e"].sum() - old_office["kgco2e"].sum()
             + furniture_new["kgco2e"].sum() - furniture_old["kgco2e"].sum()) / 1000
    assert after.inventory(2021).total - before.inventory(2021).total == pytest.approx(delta)


def test_import_lists_uncovered_product_groups_with_their_spend(example_copy, tmp_path):
    table = write_table(tmp_path)
    result = run("factors", "import", table, "--org", example_copy, "--year", 2021, "--lang", "en",
                 "--dry-run")
    assert result.exit_code == 0, result.output
    r = app.import_factor_table(app.load(example_copy), table, year=2021)
    lines = app.load(example_copy).classified
    lines = lines[lines["year"] == 2021]
    for rec in r.uncovered.itertuples():
        spend = lines.loc[lines["product_group"].astype(str).str.strip() == rec.product_group,
                          "amount_eur"].sum()
        assert rec.eur == pytest.approx(spend)
    assert "Toimistotarvikkeet" not in set(r.uncovered["product_group"])
    assert "Vastaanottopalvelut" in set(r.uncovered["product_group"])
    assert "Vastaanottopalvelut" in result.output and "Nothing written" not in result.output
    assert "nothing written" in result.output
    assert not (example_copy.parent / "factors" / "hankintapulssi_2023.yaml").exists()


def test_import_again_changes_nothing(example_copy, tmp_path):
    table = write_table(tmp_path)
    assert run("factors", "import", table, "--org", example_copy).exit_code == 0
    mapping = (example_copy.parent / "mapping.csv").read_bytes()
    again = run("factors", "import", table, "--org", example_copy, "--lang", "en")
    assert again.exit_code == 0, again.output
    assert "0 added, 0 replaced, 2 unchanged" in again.output
    assert (example_copy.parent / "mapping.csv").read_bytes() == mapping


@pytest.mark.parametrize("text, row, column", [
    ("tuote_palveluryhma;kerroin;hintavuosi;lähde\nKalusteet;0,3;2021;SYKE\nKalusteet;0,4;2021;SYKE\n",
     3, "tuote_palveluryhma"),
    ("tuote_palveluryhma;kerroin;hintavuosi;lähde\nKalusteet;-0,3;2021;SYKE\n", 2, "kerroin"),
    ("tuote_palveluryhma;kerroin;hintavuosi;lähde;yksikkö\nKalusteet;0,3;2021;SYKE;kgCO2e/l\n", 2,
     "yksikkö"),
    ("tuote_palveluryhma;kerroin;hintavuosi;lähde\nKalusteet;0,3;;SYKE\n", 2, "hintavuosi"),
])
def test_bad_table_stops_with_file_row_and_column_and_writes_nothing(example_copy, tmp_path, text,
                                                                     row, column):
    mapping = (example_copy.parent / "mapping.csv").read_bytes()
    table = write_table(tmp_path, text, "huono.csv")
    result = run("factors", "import", table, "--org", example_copy, "--lang", "en")
    assert result.exit_code == 2
    assert f"huono.csv, row {row}, column '{column}'" in result.output
    assert (example_copy.parent / "mapping.csv").read_bytes() == mapping
    assert not (example_copy.parent / "factors" / "huono.yaml").exists()


def test_the_factor_file_goes_to_the_organisations_own_folder_only(example_copy):
    shared = DEFAULT_DIR
    own = example_copy.parent / "factors"
    assert own_factor_folder([shared, own], shared, example_copy) == own
    with pytest.raises(InputError) as err:
        own_factor_folder([shared], shared, example_copy)
    assert err.value.key == "data.factors" and err.value.file == str(example_copy)


def test_unknown_source_group_option_is_an_error(example_copy, tmp_path):
    table = write_table(tmp_path, "tuote_palveluryhma;kerroin;hintavuosi;lähde\nUusi;0,3;2021;SYKE\n")
    result = run("factors", "import", table, "--org", example_copy, "--source-group", "nope")
    assert result.exit_code == 2 and "tuntematon lähderyhmä 'nope'" in result.output
    good = run("factors", "import", table, "--org", example_copy, "--source-group", "goods",
               "--lang", "en")
    assert good.exit_code == 0 and "1 added" in good.output
    assert "product_group,Uusi," in (example_copy.parent / "mapping.csv").read_text(encoding="utf-8")
