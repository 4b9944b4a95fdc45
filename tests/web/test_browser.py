"""The workbench in a real browser: Debian's Chromium driven by Playwright against a server on
127.0.0.1. Each page opens and passes axe-core with no serious or critical violation; a lever
changed on the page gives the engine's numbers; a scenario saved from the page runs the same
from the command line; the report is built with its progress shown and downloaded; the pages
work with the keyboard. Needs `chromium` (apt) and `playwright` (pip): .ci/run installs both;
elsewhere the tests are skipped when either is missing (never under CI=true)."""
from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest
import yaml

import app
from carbon.numbers import format_number

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("VASTUU_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
PAGES = {"overview": "/", "trace": "/trace?group=reception_services&year=2021",
         "scenario": "/scenario?file=ambitious.yaml",
         "compare": "/compare?file=ambitious.yaml&file=business_as_usual.yaml",
         "plan": "/plan?target=2027",
         "report": "/report", "commitment": "/commitment",
         "suppliers": "/suppliers?year=2021"}

try:
    from playwright.sync_api import expect, sync_playwright
    from axe_playwright_python.sync_playwright import Axe
except ImportError:  # pragma: no cover - only without the test extras
    sync_playwright = None

if os.environ.get("CI") != "true" and (sync_playwright is None or not Path(CHROMIUM).exists()):
    pytest.skip("chromium or playwright not installed (.ci/run installs them)", allow_module_level=True)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The workbench over a copy of the example, served on a free port of 127.0.0.1."""
    from werkzeug.serving import make_server
    from web.server import create_app
    from web.workbench import Workbench
    base = tmp_path_factory.mktemp("org")
    dest = base / "examples" / "migri"
    shutil.copytree(ROOT / "examples" / "migri", dest, ignore=shutil.ignore_patterns("generator"))
    for name in ("emission_factors", "content"):
        (base / name).symlink_to(ROOT / name)
    org = dest / "organisation.yaml"
    srv = make_server("127.0.0.1", 0, create_app(Workbench(org, base / "out")), threaded=True)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{srv.server_port}", org, base / "out"
    srv.shutdown()


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-dev-shm-usage"])
        yield b
        b.close()


@pytest.fixture()
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    pg = context.new_page()
    yield pg
    context.close()


def serious(results) -> list[str]:
    return [f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']][:3]}"
            for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_every_page_passes_axe_with_no_serious_violation(server, page, lang):
    url, _, _ = server
    axe = Axe()
    for name, path in PAGES.items():
        page.goto(url + path + ("&" if "?" in path else "?") + f"lang={lang}")
        expect(page.locator("h1")).to_be_visible()
        assert page.locator("html").get_attribute("lang") == lang
        page.locator("details").evaluate_all("els => els.forEach(e => e.open = true)")
        assert serious(axe.run(page)) == [], name


def test_changing_a_lever_recalculates_with_the_engines_numbers(server, page):
    url, org, _ = server
    page.goto(url + "/scenario?file=business_as_usual.yaml&lang=fi")
    page.get_by_role("button", name="Lisää: Etäpuhuttelut").click()     # a full page post
    page.get_by_label("share (%)").fill("30")
    page.get_by_label("Vuodet (esim. 2024-2035)").fill("2023-2035")
    doc = yaml.safe_load((org.parent / "scenarios" / "business_as_usual.yaml").read_text("utf-8"))
    for share in (30, 60):
        page.get_by_label("share (%)").fill(str(share))
        expected = app.run_scenario_doc(app.load(org), dict(doc, levers=[
            {"lever": "remote_work", "share": share, "years": "2023-2035"}]), "x").result
        total = format_number(expected.yearly["tco2e"].iloc[-1], 0, "fi")
        cell = page.locator('#yearly tr[data-year="2035"] td[data-col="tco2e"]')
        expect(cell).to_have_text(total, timeout=10_000)
        p = page.locator('#targets tr[data-target="2035"] td[data-col="probability"]')
        expect(p).to_have_text(f"{format_number(100 * expected.targets['probability_met'].iloc[-1], 1, 'fi')}\u00a0%")
    page.get_by_label("share (%)").fill("140")
    expect(page.locator("#scenario-error")).to_contain_text("ei ole väliltä 0–100")
    expect(page.locator("#lever-0 .lever-error")).to_contain_text("ei ole väliltä 0–100")


def test_a_scenario_saved_from_the_page_runs_the_same_from_the_command_line(server, page):
    url, org, _ = server
    page.goto(url + "/scenario?file=commitment_2023_2027.yaml&lang=en")
    page.get_by_label("File name", exact=False).fill("from_the_browser.yaml")
    page.locator("#save").click()
    expect(page.locator("#saved")).to_contain_text("from_the_browser.yaml")
    shown = page.locator('#yearly tr[data-year="2035"] td[data-col="tco2e"]').text_content()
    saved = org.parent / "scenarios" / "from_the_browser.yaml"
    run = app.run_scenario(app.load(org), saved).result
    assert shown == format_number(run.yearly["tco2e"].iloc[-1], 0, "en")
    page.locator("#save").click()   # again, without ticking "replace"
    expect(page.locator("#save-error")).to_contain_text("from_the_browser.yaml")


def test_the_report_is_built_with_progress_and_downloaded(server, page):
    url, _, out = server
    page.goto(url + "/report?lang=fi")
    page.locator("#build").click()
    expect(page.locator("#build-status [data-state]")).to_be_visible()
    expect(page.locator("#build-done")).to_be_visible(timeout=120_000)
    href = page.locator("#open-pdf").get_attribute("href")
    body = page.request.get(url + href).body()
    assert body.startswith(b"%PDF") and (out / Path(href).name).exists()
    html = page.request.get(url + page.locator("#open-html").get_attribute("href")).text()
    assert "<html" in html


def test_the_pages_work_with_the_keyboard(server, page):
    url, _, _ = server
    page.goto(url + "/?lang=fi")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.goto(url + "/scenario?lang=fi")
    page.locator("#f-id").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "f-name"
