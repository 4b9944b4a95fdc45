"""The message catalogue (carbon/messages.yaml): every language has every message, every code
the code raises is in it, and a message keeps the file, row and column in each language."""
from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from carbon.errors import InputError
from carbon.messages import catalogue, error_text
from cli.common import lang_of

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
    for folder in ("carbon", "report", "cli", "app"):
        for path in (ROOT / folder).rglob("*.py"):
            codes |= set(re.findall(r'code="([a-z_]+)"', path.read_text(encoding="utf-8")))
            codes |= set(re.findall(r'Finding\(\s*"([a-z_]+)"', path.read_text(encoding="utf-8")))
    codes |= {"spend_missing", "spend_low"}
    assert codes <= set(catalogue()["en"]["messages"]), codes - set(catalogue()["en"]["messages"])


#: InputError/OptionError calls in carbon/ and app/ that may stay without a message code, as
#: "path:function" -> why. None now: every error a user can cause has a code.
UNCODED: dict[str, str] = {}


class _Uncoded(ast.NodeVisitor):
    """Collects 'function:line' of each InputError/OptionError call without a code keyword, and
    of each plain VastuuError (it has no code: a user's error is an InputError or OptionError)."""

    def __init__(self) -> None:
        self.stack, self.found = ["<module>"], []

    def visit_FunctionDef(self, node: ast.AST) -> None:
        self.stack.append(node.name)
        self.generic_visit(node)
        self.stack.pop()

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Call(self, node: ast.Call) -> None:
        called = node.func.id if isinstance(node.func, ast.Name) else \
            node.func.attr if isinstance(node.func, ast.Attribute) else None
        coded = any(k.arg == "code" for k in node.keywords)
        if called == "VastuuError" or (called in ("InputError", "OptionError") and not coded):
            self.found.append((self.stack[-1], node.lineno))
        self.generic_visit(node)


def _uncoded_calls(root: Path, folders: tuple[str, ...]) -> list[str]:
    """'path:function:line' of each error call without a message code (UNCODED left out)."""
    found = []
    for folder in folders:
        for path in sorted((root / folder).rglob("*.py")):
            visitor = _Uncoded()
            visitor.visit(ast.parse(path.read_text(encoding="utf-8")))
            for function, line in visitor.found:
                where = f"{path.relative_to(root).as_posix()}:{function}"
                if where not in UNCODED:
                    found.append(f"{where}:{line}")
    return found


def test_carbon_and_app_errors_have_message_codes():
    """An error without a code prints its English text in every language."""
    assert _uncoded_calls(ROOT, ("carbon", "app")) == []


def test_the_uncoded_scan_finds_a_call_without_a_code(tmp_path):
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "m.py").write_text(
        "def f():\n    raise InputError('a', 'b', row=1)\n"
        "def g():\n    raise OptionError('year', 'b', code='c')\n"
        "def h():\n    raise VastuuError('b')\n", encoding="utf-8")
    assert _uncoded_calls(tmp_path, ("x",)) == ["x/m.py:f:2", "x/m.py:h:6"]


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
