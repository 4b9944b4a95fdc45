"""The version store: history with authors and diffs, restore, changes made outside the
workbench, the files a save may write, and the store's place and format."""
from __future__ import annotations

import os
import sqlite3
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app import collab
from build import cli
from carbon.errors import InputError
from collab.place import Place
from tests.faults.corpus import make_copy

ID = "customer_equal_service"


def version(org: Path, year: int = 2022) -> str:
    return next(r for r in collab.indicator_rows(org, year) if r.id == ID).version


def save(org: Path, value: str, author: str = "anna", message: str | None = None):
    return collab.save_indicator(org, 2022, ID, value=value, source="Kysely", author=author,
                                 message=message, base_version=version(org))


def test_history_has_author_time_file_subject_message_and_diff(org):
    save(org, "3,6", "anna", "vuoden 2022 kysely")
    save(org, "3,7", "bob")
    changes = collab.history(org)
    assert [(c.author, c.kind, c.subject) for c in changes] == \
        [("bob", "edit", f"indicator:{ID}"), ("anna", "edit", f"indicator:{ID}")]
    assert changes[1].message == "vuoden 2022 kysely"
    assert changes[0].file == "examples/migri/performance.yaml"
    assert "-      - {year: 2022, value: 3.6" in changes[0].diff
    assert "+      - {year: 2022, value: 3.7" in changes[0].diff
    assert changes[0].time >= changes[1].time
    assert collab.history(org, subject=f"indicator:{ID}") == changes
    assert collab.history(org, subject="chapter:") == []
    assert collab.history(org, since="2999-01-01") == []
    assert len(collab.history(org, path=org.parent / "performance.yaml")) == 2


def test_the_command_line_prints_the_history_with_its_authors(org):
    save(org, "3,6", "anna", "kysely")
    out = CliRunner().invoke(cli, ["history", "--org", str(org), "--lang", "en"],
                             prog_name="build.py")
    assert out.exit_code == 0, out.output
    assert "anna" in out.output and f"indicator:{ID}" in out.output and "kysely" in out.output
    assert "performance.yaml" in out.output and "+      - {year: 2022" not in out.output
    diff = CliRunner().invoke(cli, ["history", "--org", str(org), "--diff", "--file",
                                    str(org.parent / "performance.yaml")], prog_name="build.py")
    assert "+      - {year: 2022, value: 3.6" in diff.output
    bad = CliRunner().invoke(cli, ["history", "--org", str(org), "--since", "eilen"],
                             prog_name="build.py")
    assert bad.exit_code == 2 and "--since" in bad.output and "Traceback" not in bad.output


def test_restore_brings_a_version_back_as_a_new_change(org):
    file = org.parent / "performance.yaml"
    first = save(org, "3,6")
    text_after_first = file.read_text(encoding="utf-8")
    save(org, "3,7", "bob")
    r = collab.restore(org, first.change.id, author="carl")
    assert file.read_text(encoding="utf-8") == text_after_first
    assert r.change.kind == "restore" and r.change.author == "carl"
    assert collab.history(org)[0].id == r.change.id
    assert next(x for x in collab.indicator_rows(org, 2022) if x.id == ID).value == 3.6


def test_a_file_changed_outside_the_workbench_is_recorded_when_next_seen(org):
    save(org, "3,6")
    file = org.parent / "performance.yaml"
    file.write_text(file.read_text(encoding="utf-8").replace("value: 3.6,", "value: 3.65,"),
                    encoding="utf-8")
    changes = collab.history(org)
    assert changes[0].kind == "external" and "value: 3.65" in changes[0].diff
    assert changes[0].file == "examples/migri/performance.yaml"
    assert len(collab.history(org)) == len(changes)          # recorded once


def test_an_outside_edit_is_the_base_a_later_save_merges_against(org):
    base = version(org)
    file = org.parent / "performance.yaml"
    text = file.read_text(encoding="utf-8")
    file.write_text(text.replace("# --- 1 ---", "# --- one ---"), encoding="utf-8")
    r = collab.save_indicator(org, 2022, ID, value="3,9", source="K", author="anna",
                              base_version=base)
    assert r.merged and "# --- one ---" in file.read_text(encoding="utf-8")
    assert [c.kind for c in collab.history(org)][:2] == ["edit", "external"]


def test_paths_outside_the_organisation_and_its_content_are_refused(org, tmp_path):
    place = Place.of(org)
    assert place.check(org.parent / "performance.yaml")
    assert place.check(place.content / "07_tasa_arvo.md")
    for outside in (tmp_path / "elsewhere.yaml", org.parent / ".." / ".." / "x.md",
                    place.store_dir / "history.sqlite", Path("/etc/passwd")):
        with pytest.raises(InputError) as e:
            place.check(outside)
        assert e.value.code == "collab_path_outside"
    link = place.content / "link.md"
    target = tmp_path / "secret.md"
    target.write_text("x", encoding="utf-8")
    os.symlink(target, link)
    with pytest.raises(InputError):
        place.check(link)                          # a link inside that leads out
    with pytest.raises(InputError) as e:
        collab.chapter_text(org, "../../../x", "fi")
    assert e.value.code == "collab_chapter_unknown"


def test_the_store_is_one_sqlite_file_in_the_organisations_folder(org):
    save(org, "3,6")
    db = org.parent / ".vastuu" / "history.sqlite"
    assert db.is_file()
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("SELECT count(*) FROM changes").fetchone()[0] == 1
    assert (org.parent / ".vastuu" / ".gitignore").read_text(encoding="utf-8").strip().endswith("*")


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.decimals(min_value=0, max_value=5, places=2, allow_nan=False), min_size=2,
                max_size=4, unique=True), st.data())
def test_restoring_a_change_gives_back_that_versions_text(numbers, data):
    with tempfile.TemporaryDirectory() as tmp:
        org = make_copy(Path(tmp)) / "examples" / "migri" / "organisation.yaml"
        file = org.parent / "performance.yaml"
        texts = {}
        for n in numbers:
            r = save(org, str(n).replace(".", ","))
            if r.change:
                texts[r.change.id] = file.read_text(encoding="utf-8")
        pick = data.draw(st.sampled_from(sorted(texts)))
        collab.restore(org, pick, author="x")
        assert file.read_text(encoding="utf-8") == texts[pick]


def test_saves_from_two_threads_at_once_are_both_kept(org):
    """Two contributors saving different indicators of one file at the same moment: one
    transaction waits for the other, the second merges, neither value is lost."""
    import threading
    base = version(org)
    rows = {r.id: r for r in collab.indicator_rows(org, 2022)}
    assert "cost_correspondence" in rows
    errors = []

    def put(indicator: str, value: str) -> None:
        try:
            collab.save_indicator(org, 2022, indicator, value=value, source="S", author=indicator,
                                  base_version=base)
        except Exception as exc:            # noqa: BLE001 - the test reports it below
            errors.append(exc)
    threads = [threading.Thread(target=put, args=a)
               for a in ((ID, "3,3"), ("cost_correspondence", "91"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    now = {r.id: r.value for r in collab.indicator_rows(org, 2022)}
    assert now[ID] == 3.3 and now["cost_correspondence"] == 91
    assert sorted(c.author for c in collab.history(org)) == ["cost_correspondence", ID]


def test_a_file_with_windows_line_endings_keeps_them(org):
    facts = org.parent.parent.parent / "content" / "migri" / "facts.yaml"
    facts.write_bytes(facts.read_bytes().replace(b"\n", b"\r\n"))
    fact = next(f for f in collab.facts(org) if f.id == "customer_equal_service_2022")
    collab.save_fact(org, fact.id, value="3,5", author="anna", base_version=fact.version)
    data = facts.read_bytes()
    assert b"value: 3.5\r\n" in data and data.count(b"\r\n") == data.count(b"\n")


def test_a_store_that_cannot_be_opened_is_one_message(org):
    (org.parent / ".vastuu").write_text("not a folder", encoding="utf-8")
    with pytest.raises(InputError) as e:
        collab.history(org)
    assert e.value.code == "collab_store_unavailable"
