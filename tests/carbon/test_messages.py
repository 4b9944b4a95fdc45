"""The message catalogue (carbon/messages.yaml): every language has every message, every code
the code raises is in it, and a message keeps the file, row and column in each language."""
from __future__ import annotations

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
    for folder in ("carbon", "report", "cli"):
        for path in (ROOT / folder).rglob("*.py"):
            codes |= set(re.findall(r'code="([a-z_]+)"', path.read_text(encoding="utf-8")))
            codes |= set(re.findall(r'Finding\(\s*"([a-z_]+)"', path.read_text(encoding="utf-8")))
    codes |= {"spend_missing", "spend_low"}
    assert codes <= set(catalogue()["en"]["messages"]), codes - set(catalogue()["en"]["messages"])


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
