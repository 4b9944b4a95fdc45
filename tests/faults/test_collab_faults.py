"""Fault corpus of issue 25, the workbench's saves: each bad value, field or path is refused
with one message that names the file and key, in Finnish, Swedish and English from the
catalogue (not the English fallback), and the file is left as it was."""
from __future__ import annotations

from pathlib import Path

import pytest

from app import collab
from carbon.errors import InputError
from carbon.messages import error_text, message_text
from tests.faults.corpus import make_copy

IND = "customer_equal_service"


def _indicator(org: Path, **fields):
    base = next(r for r in collab.indicator_rows(org, 2022) if r.id == IND).version
    args = {"value": "3", "source": "S", "author": "t", "base_version": base} | fields
    year = args.pop("year", 2022)
    return collab.save_indicator(org, year, IND, **args)


def _fact(org: Path, fact: str = "customer_equal_service_2022", **fields):
    base = collab.facts(org)[0].version
    return collab.save_fact(org, fact, **({"value": "3", "author": "t", "base_version": base}
                                          | fields))


def _chapter(org: Path, text: str):
    _, base = collab.chapter_text(org, "07_tasa_arvo", "fi")
    return collab.save_chapter(org, "07_tasa_arvo", "fi", text, author="t", base_version=base)


CASES = [
    ("value not a number", lambda o: _indicator(o, value="kolme"), "collab_not_number",
     "performance.yaml"),
    ("value in a unit that does not convert", lambda o: _indicator(o, value="3 kg"),
     "collab_wrong_unit", "performance.yaml"),
    ("two units", lambda o: _indicator(o, value="3 %", unit="dimensionless"), "collab_two_units",
     "performance.yaml"),
    ("no source", lambda o: _indicator(o, source=""), "collab_source_missing", "performance.yaml"),
    ("year not a year", lambda o: _indicator(o, year="viime vuosi"), "collab_year_invalid",
     "performance.yaml"),
    ("year outside the agreement", lambda o: _indicator(o, year=2031),
     "ind_year_outside_agreement", "performance.yaml"),
    ("unknown indicator", lambda o: collab.save_indicator(o, 2022, "nope", value="1", source="s",
                                                          author="t", base_version="x"),
     "collab_indicator_unknown", "organisation.yaml"),
    ("fact value not a number", lambda o: _fact(o, value="paljon"), "collab_not_number",
     "facts.yaml"),
    ("fact decimals", lambda o: _fact(o, decimals="2,5"), "collab_decimals_invalid", "facts.yaml"),
    ("new fact without source", lambda o: _fact(o, "new_fact", year="2022"), "collab_fact_needs",
     "facts.yaml"),
    ("chapter without front matter", lambda o: _chapter(o, "Pelkkää tekstiä.\n"),
     "front_matter_missing", "07_tasa_arvo.md"),
    ("chapter with an unknown SDG target", lambda o: _chapter(
        o, collab.chapter_text(o, "07_tasa_arvo", "fi")[0].replace('"5.5"', '"5.99"')),
     "chapter_sdg", "07_tasa_arvo.md"),
    ("restore of an unknown change", lambda o: collab.restore(o, 999, author="t"),
     "collab_change_unknown", "history.sqlite"),
]


@pytest.mark.parametrize("name, call, code, file", CASES, ids=[c[0] for c in CASES])
def test_a_bad_save_is_one_message_in_each_language(tmp_path, name, call, code, file):
    org = make_copy(tmp_path) / "examples" / "migri" / "organisation.yaml"
    files = sorted(p for p in tmp_path.rglob("*") if p.is_file() and ".vastuu" not in p.parts)
    before = {p: p.read_bytes() for p in files}
    with pytest.raises(InputError) as e:
        call(org)
    exc = e.value
    assert exc.code == code and Path(exc.file).name == file, (exc.code, exc.file)
    english = message_text(exc.code, exc.params, "", "en")
    assert english, "the catalogue fills the message"
    for lang in ("fi", "sv", "en"):
        text = error_text(exc, lang)
        assert file in text and "Traceback" not in text
    assert message_text(exc.code, exc.params, "", "fi") != english
    assert {p: p.read_bytes() for p in files} == before            # nothing written
