"""The --help pages: their texts are in cli/help.yaml (never in the code), in every language, for
every command and option the command line has; a page is in the language of --lang (Finnish
when none is given), click's own frame words included (cli/help_text.py)."""
import ast
import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from build import cli
from cli.help_text import HELP_FILE, help_texts, option_help, option_key
from cli.text import LANGUAGES, cli_text
from carbon.yamlfile import read_mapping
from tests.cli.test_cli_text import key_paths

ROOT = Path(__file__).resolve().parents[2]
MODULES = [ROOT / "build.py", *sorted((ROOT / "cli").glob("*.py"))]
ENGLISH_FRAME = ["Usage:", "Options:", "Commands:", "Show this message", "[default:",
                 "required]", "Show the version"]


def run(*args):
    return CliRunner().invoke(cli, list(args), prog_name="build.py")


def flat(text: str) -> str:
    """The text without its white space (a help page wraps its lines)."""
    return "".join(text.split())


def shows(text: str, page: str) -> bool:
    return flat(text) in flat(page)


def commands() -> dict[str, click.Command]:
    """Every command of the command line by its key in help.yaml ("build.py" is the program,
    "scenario run" a command of a group), the lazily loaded ones loaded."""
    ctx = click.Context(cli, info_name="build.py")
    found = {"build.py": cli}

    def walk(group: click.Group, prefix: str, group_ctx: click.Context) -> None:
        for name in group.list_commands(group_ctx):
            command = group.get_command(group_ctx, name)
            found[prefix + name] = command
            if isinstance(command, click.Group):
                walk(command, f"{prefix}{name} ", click.Context(command, info_name=name,
                                                                  parent=group_ctx))

    walk(cli, "", ctx)
    return found


def options(command: click.Command) -> set[str]:
    """The keys of a command's options (the help option's too) in help.yaml."""
    ctx = click.Context(command, info_name="x", help_option_names=["-h", "--help"])
    return {option_key(p) for p in command.get_params(ctx) if isinstance(p, click.Option)}


# --- the texts are data --------------------------------------------------------------------------

def _is_text(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp):
        return _is_text(node.left) or _is_text(node.right)
    return False


def _is_click_command(decorator: ast.AST) -> bool:
    func = decorator.func if isinstance(decorator, ast.Call) else decorator
    return isinstance(func, ast.Attribute) and func.attr in ("command", "group")


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_no_help_text_is_written_in_the_code(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    literal_help = [node.lineno for node in ast.walk(tree) if isinstance(node, ast.Call)
                    for kw in node.keywords if kw.arg in ("help", "short_help", "epilog")
                    and _is_text(kw.value)]
    assert not literal_help, f"{path.name}: help= text on line(s) {literal_help}: put it in help.yaml"
    docstrings = [node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)
                  and any(_is_click_command(d) for d in node.decorator_list)
                  and ast.get_docstring(node) is not None]
    assert not docstrings, f"{path.name}: click shows these docstrings as help: {docstrings}"


def test_every_language_has_the_same_help_keys():
    doc = read_mapping(HELP_FILE)
    assert set(doc) == set(LANGUAGES)
    reference = key_paths(doc["fi"])
    for lang in LANGUAGES:
        assert key_paths(doc[lang]) == reference, lang


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_command_and_option_has_its_help_in_every_language(lang):
    texts = help_texts(lang)["commands"]
    for key, command in commands().items():
        entry = texts.get(key)
        assert entry and entry.get("help"), (lang, key)
        if key != "build.py":
            assert entry.get("short"), (lang, key, "short")
        for option in options(command):
            assert option_help(lang, key, option), (lang, key, option)


def test_help_yaml_names_only_commands_and_options_that_exist():
    found = commands()
    texts = help_texts("en")
    assert set(texts["commands"]) == set(found)
    for key, entry in texts["commands"].items():
        unknown = set(entry.get("options", {})) - options(found[key])
        assert not unknown, (key, unknown)
    used = set().union(*(options(command) for command in found.values()))
    assert set(texts["common"]) <= used, set(texts["common"]) - used


# --- the pages -----------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", [None, *LANGUAGES])
def test_the_footprint_help_is_in_the_language(lang):
    result = run("footprint", "--help", *(["--lang", lang] if lang else []))
    assert result.exit_code == 0, result.output
    texts = help_texts(lang or "fi")
    page = result.output
    assert shows(texts["commands"]["footprint"]["help"], page)
    assert shows(texts["commands"]["footprint"]["options"]["draws"], page)
    assert shows(texts["common"]["org"], page)
    assert shows(texts["common"]["help"], page)
    assert page.startswith(cli_text(lang or "fi")["usage"]["usage"] + " build.py footprint")
    assert f"{texts['frame']['options']}:" in page
    assert shows(f"[{texts['frame']['default']}: 10000; 0<=x<=1000000]", page)
    if lang != "en":
        for english in ENGLISH_FRAME:
            assert english not in page, (english, page)


def test_the_default_help_is_finnish():
    page = run("footprint", "--help").output
    assert "Käyttö: build.py footprint" in page
    assert shows("Monte Carlo -arvontojen määrä epävarmuusväliä varten", page)
    assert "Valitsimet:" in page and "[oletus: fi]" in page


@pytest.mark.parametrize("args", [["scenario", "run", "--help", "--lang", "sv"],
                                  ["--lang", "sv", "scenario", "run", "--help"],
                                  ["scenario", "run", "--lang=sv", "--help"]])
def test_scenario_run_help_in_swedish(args):
    result = run(*args)
    assert result.exit_code == 0, result.output
    page = result.output
    assert page.startswith("Användning: build.py scenario run [OPTIONS] FILE")
    assert shows("Beräkna prognosen för en scenariofil: årstabell, mål och åtgärdernas effekter",
                 page)
    assert shows("Mapp för CSV-filerna och diagrammen.", page)   # the command's own --out
    assert shows("Antal Monte Carlo-dragningar (0: ingen osäkerhetsanalys).", page)
    assert "Alternativ:" in page and "Visa den här hjälpen och avsluta." in page
    assert "[obligatoriskt]" not in page
    for english in ENGLISH_FRAME:
        assert english not in page, english


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_program_help_lists_the_commands_with_their_short_help(lang):
    result = run("--help", "--lang", lang)
    assert result.exit_code == 0, result.output
    texts = help_texts(lang)
    lines = result.output.splitlines()
    assert f"{texts['frame']['commands']}:" in lines
    for name in ("report", "footprint", "scenario", "government"):
        short = texts["commands"][name]["short"]
        assert any(line.split() == [name, *short.split()] for line in lines), (name, short)
    assert shows(texts["common"]["version"], result.output)
    assert shows(texts["commands"]["build.py"]["help"], result.output)


def test_a_group_lists_its_commands_in_the_language():
    page = run("--lang", "sv", "scenario", "--help").output
    assert "Kommandon:" in page
    assert any(line.split() == ["plan", *"Vad som krävs för att nå ett mål.".split()]
               for line in page.splitlines())


def test_a_required_option_is_marked_in_the_language():
    assert "[pakollinen]" in flat(run("freeze", "--help").output)
    assert "[obligatoriskt]" in flat(run("freeze", "--help", "--lang", "sv").output)
    assert "[required]" in flat(run("freeze", "--help", "--lang", "en").output)


def test_pages_in_different_languages_one_after_another():
    """The texts are put into the command objects per page: a later page is not left in the
    earlier page's language."""
    assert "Alternativ:" in run("trace", "--help", "--lang", "sv").output
    page = run("trace", "--help").output
    assert "Valitsimet:" in page and shows("Vain tämä lähderyhmä.", page)
    assert "Endast" not in page


def test_lang_before_the_command_is_the_commands_language():
    page = run("--lang", "en", "progress", "--help").output
    assert shows("Print every year's reduction from the base year", page)
    assert "[default: en]" in page        # the program's --lang is the command's default


def test_the_real_command_line_prints_the_finnish_help():
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "build.py", "footprint", "--help"], cwd=ROOT, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Käyttö: build.py footprint [OPTIONS]")
    assert "Tulosta vuoden hiilijalanjälki scopeittain" in done.stdout
    assert "Traceback" not in done.stderr
