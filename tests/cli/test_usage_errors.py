"""click's own usage errors (bad value, unknown option or command, missing option, bad choice, a
file that does not exist) in the language of --lang, exit code 2 (cli/usage.py)."""
import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from build import cli
from cli.common import VastuuGroup

ROOT = Path(__file__).resolve().parents[2]


def run(*args):
    """As the user runs it: `python build.py ...` (the program name shows in the usage lines)."""
    return CliRunner().invoke(cli, list(map(str, args)), prog_name="build.py")


def with_lang(args, lang):
    """The arguments with --lang where LANG stands (at the end when it is not there)."""
    if "LANG" not in args:
        args = [*args, "LANG"]
    i = args.index("LANG")
    return [*args[:i], *([] if lang is None else ["--lang", lang]), *args[i + 1:]]


# (arguments, {language: [texts the output must have]}); None: no --lang (Finnish); LANG: where
# --lang goes when not at the end
CASES = {
    "invalid integer": (["footprint", "--year", "abc"], {
        None: ["Virhe: virheellinen arvo valitsimelle --year: 'abc' ei ole kokonaisluku"],
        "sv": ["Fel: ogiltigt värde för alternativet --year: 'abc' är inte ett heltal"],
        "en": ["Error: Invalid value for --year: 'abc' is not a valid integer"]}),
    "invalid choice": (["footprint", "--rows", "xml"], {
        None: ["Virhe: virheellinen arvo valitsimelle --rows: 'xml' ei ole vaihtoehto; "
               "valitse jokin: parquet, csv, none"],
        "sv": ["Fel: ogiltigt värde för alternativet --rows: 'xml' är inte ett av alternativen; "
               "välj ett av: parquet, csv, none"],
        "en": ["Error: Invalid value for --rows: 'xml' is not one of the choices; "
               "choose from: parquet, csv, none"]}),
    "out of range": (["footprint", "--draws", "-5"], {
        None: ["Virhe: virheellinen arvo valitsimelle --draws: -5 ei ole sallitulla välillä "
               "0<=x<=1000000"],
        "sv": ["Fel: ogiltigt värde för alternativet --draws: -5 ligger utanför det tillåtna "
               "intervallet 0<=x<=1000000"],
        "en": ["Error: Invalid value for --draws: -5 is not in the range 0<=x<=1000000"]}),
    "no such option": (["footprint", "--yaer", "2021"], {
        None: ["Virhe: tuntematon valitsin: --yaer (tarkoititko --year?)"],
        "sv": ["Fel: okänt alternativ: --yaer (menade du --year?)"],
        "en": ["Error: No such option: --yaer (did you mean --year?)"]}),
    "missing option": (["trace"], {
        None: ["Virhe: puuttuva valitsin: --year"],
        "sv": ["Fel: alternativ saknas: --year"],
        "en": ["Error: Missing option --year"]}),
    "missing argument": (["scenario", "run"], {
        None: ["Virhe: puuttuva argumentti: FILE"],
        "sv": ["Fel: argument saknas: FILE"],
        "en": ["Error: Missing argument FILE"]}),
    "unknown command": (["footprnt"], {
        None: ["Virhe: tuntematon komento: footprnt (tarkoititko footprint?)",
               "Käyttö: python build.py [OPTIONS]", "Ohjeet: python build.py --help"],
        "sv": ["Fel: okänt kommando: footprnt (menade du footprint?)",
               "Användning: python build.py [OPTIONS]", "Hjälp: python build.py --help"],
        "en": ["Error: No such command: footprnt (did you mean footprint?)",
               "Usage: python build.py [OPTIONS]", "Try 'python build.py --help' for help."]}),
    "path does not exist": (["sitoumus", "validate", "no_such_file.yaml"], {
        None: ["Virhe: virheellinen arvo argumentille FILE: 'no_such_file.yaml' ei ole olemassa"],
        "sv": ["Fel: ogiltigt värde för argumentet FILE: 'no_such_file.yaml' finns inte"],
        "en": ["Error: Invalid value for FILE: 'no_such_file.yaml' does not exist"]}),
    "option without its value": (["footprint", "LANG", "--year"], {
        None: ["Virhe: valitsin --year tarvitsee arvon"],
        "sv": ["Fel: alternativet --year behöver ett värde"],
        "en": ["Error: option --year requires a value"]}),
    "extra argument": (["footprint", "--year", "2021", "extra"], {
        None: ["Virhe: ylimääräinen argumentti: extra"],
        "sv": ["Fel: överflödigt argument: extra"],
        "en": ["Error: Got unexpected extra argument(s): extra"]}),
    "value from the application (app_call)": (["footprint", "--year", "2030", "--draws", "0"], {
        None: ["Virhe: virheellinen arvo valitsimelle --year: vuodelle 2030 ei ole tietoja; "
               "tiedot kattavat vuodet 2018"],
        "sv": ["Fel: ogiltigt värde för alternativet --year: inga data för 2030; data täcker 2018"],
        "en": ["Error: Invalid value for --year: no data for 2030; the data covers 2018"]}),
}

ENGLISH_FRAMES = ["Error:", "Invalid value", "No such", "Missing", "is not", "Usage:", "for help"]


@pytest.mark.parametrize("lang", [None, "sv", "en"])
@pytest.mark.parametrize("case", list(CASES))
def test_click_usage_error_in_the_language(case, lang):
    args, expected = CASES[case]
    result = run(*with_lang(args, lang))
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit)   # no traceback, click's exit
    for text in expected[lang]:
        assert text in result.output, (text, result.output)
    if lang != "en":
        for english in ENGLISH_FRAMES:
            assert english not in result.output, (english, result.output)


def test_the_help_hint_names_the_command_in_the_language():
    fi = run("footprint", "--year", "abc").output
    assert "Käyttö: python build.py footprint [OPTIONS]" in fi
    assert "Ohjeet: python build.py footprint --help" in fi
    sv = run("footprint", "--year", "abc", "--lang", "sv").output
    assert "Användning: python build.py footprint [OPTIONS]" in sv
    assert "Hjälp: python build.py footprint --help" in sv


@pytest.mark.parametrize("args", [["--lang", "sv", "--bogus"], ["--lang=sv", "--bogus"],
                                  ["--bogus", "--lang", "sv"]])
def test_lang_is_read_from_the_arguments_even_before_an_unknown_option(args):
    result = run(*args)
    assert result.exit_code == 2
    assert "Fel: okänt alternativ: --bogus" in result.output


def test_an_unknown_language_is_told_in_finnish_with_the_languages():
    result = run("footprint", "--lang", "de")
    assert result.exit_code == 2
    assert ("Virhe: virheellinen arvo valitsimelle --lang: 'de' ei ole vaihtoehto; "
            "valitse jokin: fi, sv, en") in result.output


def test_a_group_without_its_command_still_shows_its_help():
    result = run("scenario")
    assert result.exit_code == 2 and "Komennot:" in result.output and "Virhe" not in result.output
    result = run("--lang", "sv", "scenario")   # a group has no --lang: the program's is before it
    assert result.exit_code == 2 and "Kommandon:" in result.output and "Fel" not in result.output


def test_a_missing_choice_lists_the_choices():
    @click.group(cls=VastuuGroup)
    def group():
        pass

    @group.command()
    @click.option("--basis", type=click.Choice(["location", "market"]), required=True)
    @click.option("--lang", default="fi")
    def show(basis, lang):
        pass

    result = CliRunner().invoke(group, ["show", "--lang", "sv"])
    assert result.exit_code == 2
    assert "Fel: alternativ saknas: --basis; välj ett av: location, market" in result.output


def test_without_standalone_mode_the_error_is_still_a_usage_error():
    with pytest.raises(click.UsageError) as err:
        cli.main(["footprint", "--year", "abc", "--lang", "sv"], prog_name="build.py",
                 standalone_mode=False)
    assert err.value.exit_code == 2
    assert err.value.format_message() == \
        "ogiltigt värde för alternativet --year: 'abc' är inte ett heltal"


def test_the_real_command_line_prints_the_finnish_error():
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "build.py", "footprint", "--year", "abc"], cwd=ROOT,
                          env=env, capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert done.returncode == 2, done.stderr
    assert "Virhe: virheellinen arvo valitsimelle --year: 'abc' ei ole kokonaisluku" in done.stderr
    assert "Ohjeet: python build.py footprint --help" in done.stderr
    assert "Traceback" not in done.stderr and "Error:" not in done.stderr
