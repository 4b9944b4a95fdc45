"""Errors a user causes are told in the user's language (--lang fi/sv/en): a bad coefficient
table (`factors import`), two scenario levers that change the same lines (`scenario run`) and
the `government` command's bad settings and options; the file, row, column and key stay in the
frame around the message."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from build import cli

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "migri"


def run(*args):
    return CliRunner().invoke(cli, list(map(str, args)))


@pytest.mark.parametrize("lang, expected", [
    ("fi", "rivi 3, sarake 'kerroin': kerroin 'paljon' ei ole luku"),
    ("sv", "rad 3, kolumn 'kerroin': koefficienten 'paljon' är inte ett tal"),
    ("en", "row 3, column 'kerroin': 'paljon' is not a number"),
])
def test_a_bad_coefficient_table_is_told_in_the_language(example_copy, tmp_path, lang, expected):
    table = tmp_path / "kertoimet.csv"
    table.write_text("tuote_palveluryhma;kerroin;hintavuosi;lähde\nKalusteet;0,35;2020;SYKE\n"
                     "Toimistotarvikkeet;paljon;2021;SYKE\n", encoding="utf-8")
    result = run("factors", "import", table, "--org", example_copy, "--lang", lang)
    assert result.exit_code == 2, result.output
    assert "kertoimet.csv, " + expected in result.output, result.output
    assert not (example_copy.parent / "factors" / "kertoimet.yaml").exists()


@pytest.mark.parametrize("lang, expected", [
    ("fi", "virhe: {file}, rivi 3, sarake 'hintavuosi': hintavuosi 1850 ei ole vuosi väliltä"),
    ("sv", "fel: {file}, rad 3, kolumn 'hintavuosi': prisåret 1850 är inte ett år mellan"),
])
def test_a_price_year_out_of_range_is_told_in_the_language(example_copy, tmp_path, lang,
                                                           expected):
    table = tmp_path / "kertoimet.csv"
    table.write_text("tuote_palveluryhma;kerroin;hintavuosi;lähde\nKalusteet;0,35;2020;SYKE\n"
                     "Toimistotarvikkeet;0,6;1850;SYKE\n", encoding="utf-8")
    result = run("factors", "import", table, "--org", example_copy, "--lang", lang)
    assert result.exit_code == 2, result.output
    assert expected.format(file=table) in result.output, result.output


SCENARIO = """\
id: twice
name: {fi: "Kahdesti", en: "Twice"}
until: 2035
levers:
  - lever: renewable_contract
    share: {2023: 50}
    years: 2023-2035
  - lever: renewable_contract
    share: {2025: 100}
    years: 2025-2035
"""


@pytest.mark.parametrize("lang, expected", [
    ("fi", "asettaa osuuden samoille riveille vuonna 2025 kuin levers[0] (renewable_contract): yhdistä ne yhdeksi "
           "keinoksi"),
    ("sv", "anger andelen för samma rader år 2025 som levers[0] (renewable_contract): slå ihop dem till en åtgärd"),
    ("en", "sets the share of the same lines in 2025 as levers[0] (renewable_contract): merge them into one lever"),
])
def test_two_levers_on_the_same_lines_are_told_in_the_language(tmp_path, lang, expected):
    scenario = tmp_path / "twice.yaml"
    scenario.write_text(SCENARIO, encoding="utf-8")
    result = run("scenario", "run", scenario, "--out", tmp_path / "out", "--draws", 0,
                 "--lang", lang)
    assert result.exit_code == 2, result.output
    assert str(scenario) in result.output and expected in result.output, result.output


@pytest.mark.parametrize("lang, expected", [
    ("fi", "vuosi 2040 on ennusteen 2023–2035 ulkopuolella"),
    ("sv", "året 2040 ligger utanför prognosen 2023–2035"),
])
def test_a_year_outside_the_projection_is_told_in_the_language(tmp_path, lang, expected):
    result = run("scenario", "run", EXAMPLE / "scenarios" / "ambitious.yaml", "--out", tmp_path,
                 "--draws", 0, "--year", 2040, "--lang", lang)
    assert result.exit_code == 2 and expected in result.output, result.output


@pytest.mark.parametrize("lang, expected", [
    ("fi", "avain 'id': organisaation tunnus 'default' on oletussääntöjen nimi; anna "
           "organisaatiolle toinen tunnus"),
    ("sv", "nyckel 'id': organisationens id 'default' är namnet på standardreglerna; ge "
           "organisationen ett annat id"),
])
def test_a_government_settings_error_is_told_in_the_language(example_copy, tmp_path, lang,
                                                             expected):
    text = example_copy.read_text(encoding="utf-8")
    example_copy.write_text(text.replace("id: migri", "id: default", 1), encoding="utf-8")
    result = run("government", "--year", 2021, EXAMPLE / "ledger" / "th_data_2021.csv",
                 "--rules", f"26050={example_copy}", "--out", tmp_path / "out", "--lang", lang)
    assert result.exit_code == 2, result.output
    assert str(example_copy) in result.output and expected in result.output, result.output


@pytest.mark.parametrize("lang, expected", [
    ("fi", "'26050': odotettu muoto YKSIKKÖ=ORGANISAATIO.yaml"),
    ("sv", "'26050': förväntad form ENHET=ORGANISATION.yaml"),
])
def test_a_government_option_error_is_told_in_the_language(tmp_path, lang, expected):
    result = run("government", "--year", 2021, EXAMPLE / "ledger" / "th_data_2021.csv",
                 "--rules", "26050", "--out", tmp_path, "--lang", lang)
    assert result.exit_code == 2 and expected in result.output, result.output


@pytest.mark.parametrize("lang, expected", [
    ("fi", "tiedostoissa ei ole yhtään vuodelle 2015 päivättyä riviä"),
    ("sv", "filerna har inga rader daterade 2015"),
])
def test_a_government_year_without_lines_is_told_in_the_language(tmp_path, lang, expected):
    result = run("government", "--year", 2015, EXAMPLE / "ledger" / "th_data_2021.csv",
                 "--out", tmp_path, "--lang", lang)
    assert result.exit_code == 2 and expected in result.output, result.output


def _energy_in_euros(org: Path) -> Path:
    """The example's energy file with its third line's unit changed from kWh to EUR."""
    path = org.parent / "activity" / "energy.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    assert ",kWh," in lines[2]
    lines[2] = lines[2].replace(",kWh,", ",EUR,")
    path.write_text("".join(lines), encoding="utf-8")
    return path


@pytest.mark.parametrize("args, expected, not_expected", [
    (("footprint", "--year", 2021), "yksikkö ei sovi kertoimeen: kerroin yksikössä kgCO2e / kWh "
     "kerrottuna määrällä yksikössä EUR", "cannot apply"),
    (("--lang", "sv", "footprint", "--year", 2021), "enheten passar inte faktorn: en faktor i "
     "kgCO2e / kWh gånger en mängd i EUR", "kerroin"),
    (("footprint", "--year", 2021, "--lang", "en"), "the unit does not fit the factor: a factor in "
     "kgCO2e / kWh times a quantity in EUR", "yksikkö"),
])
def test_a_factor_in_kwh_on_euros_is_told_in_the_language_before_or_after_the_command(
        example_copy, args, expected, not_expected):
    path = _energy_in_euros(example_copy)
    result = run(*args, "--org", example_copy)
    assert result.exit_code == 2, result.output
    assert f"{path}" in result.output and "3" in result.output
    assert expected in result.output and not_expected not in result.output, result.output
