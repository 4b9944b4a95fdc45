"""app.collab, the application layer of the shared editing, end to end with the real report
build: a value saved is in the built report, publishing freezes the year with its approver
and publisher, and the build after a reopen says so."""
from __future__ import annotations

import inspect
from pathlib import Path

import pytest
import yaml

from app import collab
from tests.faults.corpus import make_copy

CONTRACT = ["status", "editable", "indicator_rows", "save_indicator", "facts", "save_fact",
            "chapters", "chapter_text", "save_chapter", "preview_chapter", "history", "restore",
            "file_versions", "approve", "diff_since_approval", "publish", "reopen"]


def test_the_contracts_functions_and_types_are_there():
    for name in CONTRACT + ["YearStatus", "IndicatorEntry", "ChapterEntry", "SaveResult",
                            "Change", "EditConflict", "YearPublished"]:
        assert hasattr(collab, name), name
    params = inspect.signature(collab.save_indicator).parameters
    for p in ("value", "unit", "source", "note", "missing_reason", "author", "message",
              "base_version", "lang"):
        assert p in params
    assert params["author"].kind is inspect.Parameter.KEYWORD_ONLY


@pytest.fixture()
def org(tmp_path: Path) -> Path:
    return make_copy(tmp_path) / "examples" / "migri" / "organisation.yaml"


def test_a_saved_value_is_in_the_published_report_and_the_reopened_build_says_so(org, tmp_path):
    rows = {r.id: r for r in collab.indicator_rows(org, 2021)}
    collab.save_indicator(org, 2021, "customer_equal_service", value="3,81",
                          source="Asiakastyytyväisyyskysely 2021", author="anna",
                          base_version=rows["customer_equal_service"].version)
    collab.approve(org, 2021, author="aino")
    out = tmp_path / "out"
    s = collab.publish(org, 2021, author="pekka", out_dir=out)
    assert s.state == "published"
    html = next(out.glob("*.html")).read_text(encoding="utf-8")
    assert "3,81" in html and "3,80" not in html
    assert next(out.glob("*.pdf")).stat().st_size > 0
    record = yaml.safe_load((org.parent / "frozen" / "2021.yaml").read_text(encoding="utf-8"))
    assert record["publication"]["approved_by"] == "aino"
    assert record["publication"]["published_by"] == "pekka"
    assert "reopened" not in html
    collab.reopen(org, 2021, author="aino", reason="Korjaus lukuun 7")
    from app.report import build_report
    again = build_report(org, 2021, tmp_path / "again", "fi")
    text = again.html.read_text(encoding="utf-8")
    assert "avattiin uudelleen" in text and "Korjaus lukuun 7" in text
