"""The working group's edit pages through the HTTP client: a value with a decimal comma saved
and shown back, a bad value's message at its field in the page's language, two edits of one
chapter (the second offered the merge), a viewer refused by the server, restore, and the
year's approval, publication (read-only) and reopening."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

import app.collab as collab
from tests.faults.corpus import make_copy


@pytest.fixture()
def org(tmp_path: Path) -> Path:
    """A writable copy of the example with its own content folder (saves write files)."""
    return make_copy(tmp_path) / "examples" / "migri" / "organisation.yaml"


def client_of(org: Path, *, shared: bool = False):
    """A test client of the workbench over `org` (the shared mode with accounts if asked)."""
    from web.server import create_app
    from web.workbench import Workbench
    access = None
    if shared:
        from web.access import AccessConfig
        access = AccessConfig(shared=True, org_file=org)
    return create_app(Workbench(org, org.parent / "out"), access=access).test_client()


def csrf(client, url: str = "/edit/values") -> str:
    """The session's CSRF token from a page's form."""
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(url).text).group(1)


def login(client, name: str, password: str) -> None:
    """Log in through the login form."""
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text).group(1)
    r = client.post("/login", data={"username": name, "password": password, "csrf_token": token})
    assert r.status_code == 303, r.text


def performance_row(org: Path, year: int = 2021) -> collab.IndicatorEntry:
    """The first enterable performance-agreement indicator of the year."""
    return next(r for r in collab.indicator_rows(org, year, "fi")
                if r.set == "performance" and r.editable and not r.qualitative)


def test_a_value_with_a_decimal_comma_is_saved_and_shown_back(org):
    c = client_of(org)
    row = performance_row(org)
    r = c.post(f"/edit/values/{row.id}?year=2021&lang=fi", data={
        "value": "12,5", "source": "HR-järjestelmä", "base_version": row.version,
        "csrf_token": csrf(c)})
    assert r.status_code == 303 and f"saved={row.id}" in r.headers["Location"]
    again = next(x for x in collab.indicator_rows(org, 2021, "fi") if x.id == row.id)
    assert again.value == 12.5 and again.source == "HR-järjestelmä"
    page = c.get("/edit/values?year=2021&lang=fi").text
    field = re.search(rf'<input id="value-{row.id}"[^>]*>', page).group(0)
    assert 'value="12,5"' in field
    assert "12.5" in (org.parent / again.file.split("/")[-1]).read_text(encoding="utf-8")


def test_a_bad_value_is_refused_at_its_field_in_the_pages_language(org):
    c = client_of(org)
    row = performance_row(org)
    before = (org.parent / "performance.yaml").read_text(encoding="utf-8")
    r = c.post(f"/edit/values/{row.id}?year=2021&lang=sv", data={
        "value": "tolv", "source": "x", "base_version": row.version, "csrf_token": csrf(c)})
    assert r.status_code == 400
    field = re.search(rf'<input id="value-{row.id}"[^>]*>', r.text).group(0)
    assert 'aria-invalid="true"' in field and f'aria-describedby="value-{row.id}-error"' in field
    error = re.search(rf'id="value-{row.id}-error"[^>]*>([^<]*)<', r.text).group(1)
    assert "tolv" in error and "inte ett tal" in error          # the Swedish message
    assert 'value="tolv"' in field                               # what was typed is kept
    assert (org.parent / "performance.yaml").read_text(encoding="utf-8") == before


def _chapter(org: Path):
    entry = collab.chapters(org)[0]
    text, version = collab.chapter_text(org, entry.name, entry.source_lang)
    return entry, text, version


def test_two_edits_of_one_chapter_the_second_is_offered_the_merge(org):
    c = client_of(org)
    entry, text, version = _chapter(org)
    url = f"/edit/chapters/{entry.name}/{entry.source_lang}?lang=fi"
    token = csrf(c, url)
    last = text.rstrip("\n").rsplit("\n", 1)[-1]
    first = c.post(url, data={"text": text.replace(last, last + " Ensimmäinen."), "base_version": version,
                              "csrf_token": token})
    assert first.status_code == 303
    second = c.post(url, data={"text": text.replace(last, last + " Toinen."), "base_version": version,
                               "csrf_token": token})
    assert second.status_code == 409
    assert 'id="merge-form"' in second.text and "Ensimmäinen." in second.text
    proposal = re.search(r'<textarea id="text" name="text"[^>]*>(.*?)</textarea>', second.text, re.S).group(1)
    base = re.search(r'name="base_version" value="([^"]+)"', second.text).group(1)
    merged = proposal.replace("&lt;", "<").replace("&gt;", ">").replace("&#34;", '"').replace("&#39;", "'").replace("&amp;", "&")
    merged = re.sub(r"<<<<<<<[^\n]*\n|=======\n|>>>>>>>[^\n]*\n", "", merged)
    saved = c.post(url, data={"text": merged, "base_version": base, "csrf_token": token})
    assert saved.status_code == 303
    now = collab.chapter_text(org, entry.name, entry.source_lang)[0]
    assert "Ensimmäinen." in now and "Toinen." in now


def test_the_chapter_preview_is_the_reports_html_and_saves_nothing(org):
    c = client_of(org)
    entry, text, version = _chapter(org)
    url = f"/edit/chapters/{entry.name}/{entry.source_lang}"
    r = c.post(url + "/preview?lang=fi", data={"text": text + "\nUusi **kappale**.\n",
                                               "base_version": version, "csrf_token": csrf(c, url)})
    assert r.status_code == 200
    assert "<strong>kappale</strong>" in r.text.split('id="preview"', 1)[1]
    assert collab.chapter_text(org, entry.name, entry.source_lang)[0] == text


def test_a_viewer_cannot_save_the_server_refuses(org):
    from app.accounts import add_user
    add_user(org, "vera", "viewer", "salasana-pitkä-1")
    c = client_of(org, shared=True)
    login(c, "vera", "salasana-pitkä-1")
    row = performance_row(org)
    page = c.get("/edit/values?year=2021").text
    assert f'id="save-{row.id}"' not in page
    before = (org.parent / "performance.yaml").read_text(encoding="utf-8")
    r = c.post(f"/edit/values/{row.id}?year=2021", data={
        "value": "3", "source": "x", "base_version": row.version, "csrf_token": csrf(c)})
    assert r.status_code == 403
    entry, text, version = _chapter(org)
    r = c.post(f"/edit/chapters/{entry.name}/{entry.source_lang}",
               data={"text": text + "x", "base_version": version, "csrf_token": csrf(c)})
    assert r.status_code == 403
    assert c.post("/approval/approve?year=2021", data={"csrf_token": csrf(c)}).status_code == 403
    assert (org.parent / "performance.yaml").read_text(encoding="utf-8") == before


def test_restore_brings_a_value_back(org):
    c = client_of(org)
    row = performance_row(org)
    token = csrf(c)
    c.post(f"/edit/values/{row.id}?year=2021", data={"value": "7", "source": "eka",
                                                     "base_version": row.version, "csrf_token": token})
    second = next(x for x in collab.indicator_rows(org, 2021, "fi") if x.id == row.id)
    c.post(f"/edit/values/{row.id}?year=2021", data={"value": "8", "source": "toka",
                                                     "base_version": second.version, "csrf_token": token})
    changes = collab.history(org, subject=f"indicator:{row.id}")
    first = changes[-1]
    page = c.get(f"/history?subject=indicator:{row.id}").text
    assert f'id="restore-{first.id}"' in page and 'class="d-add"' in page
    r = c.post(f"/history/{first.id}/restore", data={"csrf_token": token, "subject": f"indicator:{row.id}"})
    assert r.status_code == 303
    back = next(x for x in collab.indicator_rows(org, 2021, "fi") if x.id == row.id)
    assert back.value == 7 and back.source == "eka"
    assert collab.history(org, subject=f"indicator:{row.id}")[0].kind == "restore"


def test_a_restore_after_someone_else_changed_the_file_is_refused_not_applied(org):
    """The history page posts the file's version it showed: if another person saved meanwhile,
    the restore is refused (409) naming the change, and their value stays."""
    c = client_of(org)
    row = performance_row(org)
    token = csrf(c)
    c.post(f"/edit/values/{row.id}?year=2021", data={"value": "7", "source": "eka",
                                                     "base_version": row.version, "csrf_token": token})
    first = collab.history(org, subject=f"indicator:{row.id}")[0]
    page = c.get(f"/history?subject=indicator:{row.id}&lang=fi").text
    shown = re.search(rf'id="change-{first.id}".*?name="base_version" value="([0-9a-f]+)"', page, re.S)
    assert shown, "the restore form carries the version the page showed"
    now = next(x for x in collab.indicator_rows(org, 2021, "fi") if x.id == row.id)
    c.post(f"/edit/values/{row.id}?year=2021", data={"value": "9", "source": "toinen",  # someone else
                                                     "base_version": now.version, "csrf_token": token})
    latest = collab.history(org, subject=f"indicator:{row.id}")[0]
    r = c.post(f"/history/{first.id}/restore", data={"csrf_token": token, "base_version": shown.group(1),
                                                     "subject": f"indicator:{row.id}"})
    assert r.status_code == 409
    assert f"muutos {latest.id}" in r.text and "Mitään ei palautettu" in r.text
    assert next(x for x in collab.indicator_rows(org, 2021, "fi") if x.id == row.id).value == 9


def test_approval_publication_read_only_and_reopening(org, monkeypatch):
    import app.report
    built = []
    monkeypatch.setattr(app.report, "build_report", lambda *a, **k: built.append(a))
    c = client_of(org)
    year = 2021
    token = csrf(c)
    page = c.get(f"/approval?year={year}").text
    assert 'id="checklist"' in page and 'id="approve"' in page
    assert c.post(f"/approval/approve?year={year}", data={"csrf_token": token}).status_code == 303
    assert collab.status(org, year).state == "approved"
    assert c.post(f"/approval/publish?year={year}", data={"csrf_token": token}).status_code == 303
    assert collab.status(org, year).state == "published" and built
    row = performance_row(org, year)
    page = c.get(f"/edit/values?year={year}").text
    assert 'id="read-only"' in page and f'id="save-{row.id}"' not in page
    field = re.search(rf'<input id="value-{row.id}"[^>]*>', page).group(0)
    assert "readonly" in field
    r = c.post(f"/edit/values/{row.id}?year={year}", data={"value": "5", "source": "x",
                                                           "base_version": row.version, "csrf_token": token})
    assert r.status_code == 409
    assert c.post(f"/approval/reopen?year={year}", data={"csrf_token": token, "reason": ""}).status_code == 400
    assert c.post(f"/approval/reopen?year={year}",
                  data={"csrf_token": token, "reason": "korjaus"}).status_code == 303
    s = collab.status(org, year)
    assert s.state != "published" and s.reopened and s.reopen_reason == "korjaus"


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_every_new_page_opens_in_every_language(org, lang):
    c = client_of(org)
    entry = collab.chapters(org)[0]
    for url in ["/edit/values?year=2021", "/edit/facts", "/edit/chapters",
                f"/edit/chapters/{entry.name}/sv", "/history", "/approval?year=2021"]:
        r = c.get(url + ("&" if "?" in url else "?") + f"lang={lang}")
        assert r.status_code == 200, url
        assert f'<html lang="{lang}">' in r.text
