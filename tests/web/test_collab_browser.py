"""The working group in a real browser (issue 25's "Done when"): the workbench served in the
shared mode over a copy of the example, with accounts made through app.accounts. A contributor
enters a performance-agreement value with a decimal comma and a source and the published
report's appendix shows it; approval and publication freeze the year and the published year
refuses edits; two contributors edit one chapter and the second is offered the merge; a viewer
cannot save (the page has no save button and the server refuses the POST); restore brings a
value back; `build.py history` lists the changes with their authors; axe-core and 320 px
reflow on the new pages."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

import app.collab as collab
from tests.browser import Axe, chromium, expect, serious, served, skip_without_browser
from tests.faults.corpus import make_copy

skip_without_browser()

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "pitkä-salasana-42"
PEOPLE = {"anna": "contributor", "bertta": "contributor", "vera": "viewer", "aino": "approver"}
ID = "customer_equal_service"        # a performance-agreement indicator of the example (8.x)
YEAR = 2021                          # the example's report.year


@pytest.fixture()
def server(tmp_path):
    """The workbench over a fresh copy in the shared mode, on a free port of 127.0.0.1."""
    from app.accounts import add_user
    from web.access import AccessConfig
    from web.server import create_app
    from web.workbench import Workbench
    org = make_copy(tmp_path) / "examples" / "migri" / "organisation.yaml"
    for name, role in PEOPLE.items():
        add_user(org, name, role, PASSWORD)
    web = create_app(Workbench(org, tmp_path / "out"), access=AccessConfig(shared=True, org_file=org))
    with served(web) as url:
        yield url, org, tmp_path / "out"


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


def person(browser, url: str, name: str, width: int = 1280):
    """A browser context logged in as `name` (through the login form); its page."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(url + "/login?lang=fi")
    page.fill("#f-username", name)
    page.fill("#f-password", PASSWORD)
    page.locator("form.login button[type=submit]").click()
    page.wait_for_load_state()
    assert "/login" not in page.url, page.content()[:2000]
    return page


def test_a_value_with_a_decimal_comma_is_published_and_the_published_year_refuses_edits(server, browser):
    url, org, out = server
    anna = person(browser, url, "anna")
    anna.goto(url + f"/edit/values?year={YEAR}&lang=fi")
    anna.fill(f"#value-{ID}", "3,77")
    anna.fill(f"#source-{ID}", "Asiakaskysely 2021 (selain)")
    anna.click(f"#save-{ID}")
    expect(anna.locator(f"#ind-{ID} .saved")).to_be_visible()
    assert anna.url.endswith(f"#ind-{ID}")                       # back where the user was
    expect(anna.locator(f"#value-{ID}")).to_have_value("3,77")

    aino = person(browser, url, "aino")
    aino.goto(url + f"/approval?year={YEAR}&lang=fi")
    expect(aino.locator("#checklist")).to_be_visible()
    aino.click("#approve")
    expect(aino.locator("#year-state")).to_have_attribute("data-state", "approved")
    aino.click("#publish", timeout=300_000)
    aino.wait_for_url(re.compile("done=published"), timeout=300_000)
    expect(aino.locator("#year-state")).to_have_attribute("data-state", "published")
    html = next(out.glob("*.html")).read_text(encoding="utf-8")
    start = html.find('id="performance-title"')          # the performance agreement's appendix
    assert start > 0 and "3,77" in html[start:]
    assert "arvon lähde: Asiakaskysely 2021 (selain)" in html[start:]   # and its source
    assert (org.parent / "frozen" / f"{YEAR}.yaml").exists()

    anna.goto(url + f"/edit/values?year={YEAR}&lang=fi")
    expect(anna.locator("#read-only")).to_be_visible()
    expect(anna.locator(f"#save-{ID}")).to_have_count(0)
    assert anna.locator(f"#value-{ID}").get_attribute("readonly") is not None
    token = anna.locator("input[name=csrf_token]").first.get_attribute("value")
    version = anna.locator(f"#ind-{ID} input[name=base_version]").get_attribute("value")
    refused = anna.request.post(url + f"/edit/values/{ID}?year={YEAR}", form={
        "value": "1", "source": "x", "base_version": version, "csrf_token": token})
    assert refused.status == 409
    assert next(r for r in collab.indicator_rows(org, YEAR) if r.id == ID).value == 3.77

    shown = subprocess.run([sys.executable, "build.py", "history", "--org", str(org), "--lang", "en"],
                           cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    assert any("anna" in ln and f"indicator:{ID}" in ln for ln in lines), shown.stdout
    assert any("aino" in ln and "publi" in ln.lower() for ln in lines), shown.stdout
    assert any("aino" in ln and "approv" in ln.lower() for ln in lines), shown.stdout


def test_two_contributors_edit_one_chapter_and_the_second_is_offered_the_merge(server, browser):
    url, org, _ = server
    entry = collab.chapters(org)[0]
    address = url + f"/edit/chapters/{entry.name}/{entry.source_lang}?lang=fi"
    anna, bertta = person(browser, url, "anna"), person(browser, url, "bertta")
    anna.goto(address)
    bertta.goto(address)
    text = anna.locator("#text").input_value()
    anna.fill("#text", text.rstrip("\n") + "\n\nAnnan kappale.\n")
    anna.click("#save")
    expect(anna.locator("#saved")).to_be_visible()
    bertta.fill("#text", text.rstrip("\n") + "\n\nBertan kappale.\n")
    bertta.click("#save")
    expect(bertta.locator("#conflict")).to_be_visible()
    expect(bertta.locator("#h-meanwhile + h3")).to_contain_text("anna")
    proposal = bertta.locator("#text").input_value()
    assert "Annan kappale." in proposal and "Bertan kappale." in proposal
    merged = re.sub(r"<<<<<<<[^\n]*\n|=======\n|>>>>>>>[^\n]*\n", "", proposal)
    bertta.fill("#text", merged)
    bertta.click("#save-merge")
    expect(bertta.locator("#saved")).to_be_visible()
    now = collab.chapter_text(org, entry.name, entry.source_lang)[0]
    assert "Annan kappale." in now and "Bertan kappale." in now
    authors = {c.author for c in collab.history(org, subject=f"chapter:{entry.name}/")}
    assert {"anna", "bertta"} <= authors


def test_a_viewer_cannot_save_and_the_server_refuses_the_post(server, browser):
    url, org, _ = server
    vera = person(browser, url, "vera")
    vera.goto(url + f"/edit/values?year={YEAR}&lang=sv")
    expect(vera.locator(f"#value-{ID}")).to_be_visible()
    expect(vera.locator("button[id^=save-]")).to_have_count(0)
    before = (org.parent / "performance.yaml").read_text(encoding="utf-8")
    token = vera.locator("input[name=csrf_token]").first.get_attribute("value")
    version = vera.locator(f"#ind-{ID} input[name=base_version]").get_attribute("value")
    refused = vera.request.post(url + f"/edit/values/{ID}?year={YEAR}&lang=sv", form={
        "value": "2,5", "source": "x", "base_version": version, "csrf_token": token})
    assert refused.status == 403
    assert (org.parent / "performance.yaml").read_text(encoding="utf-8") == before


def test_restore_brings_a_value_back(server, browser):
    url, org, _ = server
    anna = person(browser, url, "anna")
    for value in ("3,61", "3,62"):
        anna.goto(url + f"/edit/values?year={YEAR}&lang=fi")
        anna.fill(f"#value-{ID}", value)
        anna.fill(f"#source-{ID}", "Kysely")
        anna.click(f"#save-{ID}")
        expect(anna.locator(f"#ind-{ID} .saved")).to_be_visible()
    first = collab.history(org, subject=f"indicator:{ID}")[-1]
    anna.goto(url + f"/history?subject=indicator:{ID}&lang=fi")
    expect(anna.locator(f"#change-{first.id} .d-add").first).to_contain_text("3.61")
    anna.click(f"#restore-{first.id}")
    expect(anna.locator("#restored")).to_be_visible()
    anna.goto(url + f"/edit/values?year={YEAR}&lang=fi")
    expect(anna.locator(f"#value-{ID}")).to_have_value("3,61")


def test_the_new_pages_pass_axe_and_reflow_at_320_px(server, browser):
    url, org, _ = server
    entry = collab.chapters(org)[0]
    pages = [f"/edit/values?year={YEAR}", "/edit/facts", "/edit/chapters",
             f"/edit/chapters/{entry.name}/sv", "/history", f"/approval?year={YEAR}"]
    anna = person(browser, url, "aino")
    axe = Axe()
    for lang in ("fi", "sv", "en"):
        for path in pages:
            anna.goto(url + path + ("&" if "?" in path else "?") + f"lang={lang}")
            expect(anna.locator("h1")).to_be_visible()
            assert serious(axe.run(anna)) == [], (path, lang)
    narrow = person(browser, url, "aino", width=320)
    wide = {}
    for path in pages:
        narrow.goto(url + path + ("&" if "?" in path else "?") + "lang=fi")
        width = narrow.evaluate("document.documentElement.scrollWidth")
        if width > 321:
            wide[path] = width
    assert wide == {}
