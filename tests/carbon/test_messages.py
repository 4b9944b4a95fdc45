"""The message catalogue (carbon/messages.yaml): every language has every message, every code
the code raises is in it, and a message keeps the file, row and column in each language."""
from __future__ import annotations

import ast
import re
import string
import sys
from pathlib import Path

import pytest

from carbon.errors import InputError
from carbon.messages import catalogue, error_text
from cli.common import lang_of

from tests.project_files import project_files

ROOT = Path(__file__).resolve().parents[2]


def _fields(template: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(template) if f}


def test_every_language_has_the_same_messages_and_fields():
    doc = catalogue()
    assert set(doc) == {"fi", "sv", "en"}
    for lang in ("fi", "sv"):
        assert set(doc[lang]["frame"]) == set(doc["en"]["frame"])
        assert set(doc[lang]["messages"]) == set(doc["en"]["messages"]), lang
        for code, text in doc["en"]["messages"].items():
            assert _fields(doc[lang]["messages"][code]) <= _fields(text) | {"kind"}, (lang, code)


def test_every_code_raised_is_in_the_catalogue():
    codes = set()
    for folder in ("carbon", "report", "cli", "app", "sdg", "web", "collab"):
        for path in project_files("*.py", folder):
            codes |= set(re.findall(r'code="([a-z_]+)"', path.read_text(encoding="utf-8")))
            codes |= set(re.findall(r'Finding\(\s*"([a-z_]+)"', path.read_text(encoding="utf-8")))
    codes |= {"spend_missing", "spend_low"}
    assert codes <= set(catalogue()["en"]["messages"]), codes - set(catalogue()["en"]["messages"])


#: raises that may stay without a message code: failures of the program, not of the user's
#: input (the message is for a developer or the server's log)
UNCODED = {
    ("report/document/context.py", "VastuuError"): "add_integrations is called by the program "
    "with the indicator and disclosure rows it computed, never with the user's data",
    ("report/publishing/disclosure/index.py", "InputError"): "items.yaml is the program's own "
    "disclosure list (an unknown metric there is a bug in vastuu)",
    ("report/render/output.py", "VastuuError"): "the PDF worker process failed",
}
ERRORS = ("InputError", "OptionError", "VastuuError")


def _calls(folders: tuple[str, ...]):
    for folder in folders:
        for path in sorted(project_files("*.py", folder, root=ROOT)):
            rel = path.relative_to(ROOT).as_posix()
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Call):
                    f = node.func
                    name = f.id if isinstance(f, ast.Name) else \
                        f.attr if isinstance(f, ast.Attribute) else None
                    yield rel, name, node


def _uncoded(folders: tuple[str, ...]) -> list[str]:
    """'path:line name' of each error call in the folders without a message code (UNCODED
    left out); a plain VastuuError has none (a user's error is an InputError or OptionError)."""
    return [f"{rel}:{node.lineno} {name}" for rel, name, node in _calls(folders)
            if name in ERRORS and not any(k.arg == "code" for k in node.keywords)
            and (rel, name) not in UNCODED]


def test_every_error_a_user_can_cause_has_a_message_code():
    """Every InputError and OptionError a user can cause names its message in the catalogue,
    so that it is shown in the user's language (a raise without `code=` shows its English text
    in every language)."""
    assert _uncoded(("carbon", "app", "report", "sdg", "web", "cli", "collab")) == []


def test_the_params_of_a_coded_raise_fill_its_message():
    """A call with code="..." and a literal params mapping gives every {name} its template
    uses (a missing one would print the English text instead)."""
    messages = catalogue()["en"]["messages"]
    wrong = []
    for rel, _, node in _calls(("carbon", "app", "report", "sdg", "web", "cli", "collab")):
        code = next((k.value for k in node.keywords if k.arg == "code"), None)
        if not isinstance(code, ast.Constant) or not isinstance(code.value, str):
            continue
        params = next((k.value for k in node.keywords if k.arg == "params"), None)
        if params is None:
            given: set[str] = set()
        elif isinstance(params, ast.Dict) and all(isinstance(k, ast.Constant) for k in params.keys):
            given = {k.value for k in params.keys}
        else:
            continue
        needed = {f.split("!")[0] for f in _fields(messages[code.value])}
        if not needed <= given:
            wrong.append(f"{rel}:{node.lineno} {code.value} lacks {sorted(needed - given)}")
    assert not wrong, wrong


def test_the_uncoded_scan_finds_a_call_without_a_code(tmp_path, monkeypatch):
    (tmp_path / "carbon").mkdir()
    (tmp_path / "carbon" / "m.py").write_text(
        "def f():\n    raise InputError('a', 'b', row=1)\n"
        "def g():\n    raise OptionError('year', 'b', code='c')\n"
        "def h():\n    raise VastuuError('b')\n", encoding="utf-8")
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    assert _uncoded(("carbon",)) == ["carbon/m.py:2 InputError", "carbon/m.py:6 VastuuError"]


@pytest.mark.parametrize("lang, expected", [
    ("fi", "virhe: a.csv, rivi 6, sarake 'tiliointisumma': summa '12O' ei ole luku"),
    ("sv", "fel: a.csv, rad 6, kolumn 'tiliointisumma': beloppet '12O' är inte ett tal"),
    ("en", "error: a.csv, row 6, column 'tiliointisumma': amount '12O' is not a number"),
])
def test_error_in_each_language_keeps_file_row_and_column(lang, expected):
    exc = InputError("a.csv", "amount '12O' is not a number", row=6, column="tiliointisumma",
                     code="amount_not_number", params={"value": "12O"})
    assert error_text(exc, lang) == expected


def test_a_message_without_a_code_keeps_its_english_text_in_a_translated_frame():
    exc = InputError("x.yaml", "something odd", key="a.b")
    assert error_text(exc, "fi") == "virhe: x.yaml, avain 'a.b': something odd"


@pytest.mark.parametrize("args, lang", [
    (["footprint", "--lang", "sv"], "sv"), (["report", "--lang=en"], "en"),
    (["footprint"], "fi"), (["footprint", "--lang", "xx"], "fi")])
def test_lang_of_reads_the_command_line(args, lang):
    assert lang_of(args) == lang
