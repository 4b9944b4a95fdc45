"""The report's HTML version as a reader's browser shows it (issue 22, point 5): at 320 CSS px
(200 % zoom of a small window) it reflows with no sideways scrolling, in every language, and
axe-core finds no serious violation (the SDG chips' contrast among them)."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.report.conftest import run_cli

CHROMIUM = os.environ.get("VASTUU_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
try:
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - only without the test extras
    sync_playwright = None
if os.environ.get("CI") != "true" and (sync_playwright is None or not Path(CHROMIUM).exists()):
    pytest.skip("chromium or playwright not installed (.ci/run installs them)", allow_module_level=True)


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-dev-shm-usage"])
        yield b
        b.close()


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_the_report_reflows_at_320_px_and_passes_axe(browser, tmp_path, lang):
    result = run_cli("report", "--year", 2021, "--lang", lang, "--out", tmp_path)
    assert result.exit_code == 0, result.output
    html = next(tmp_path.glob("*.html"))
    page = browser.new_page(viewport={"width": 320, "height": 800})
    page.goto(html.as_uri())
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    wide = page.evaluate("Array.from(document.querySelectorAll('body *'))"
                         ".filter(e => e.getBoundingClientRect().right > 321).map(e => e.tagName)")
    assert wide == []
    violations = [v["id"] for v in Axe().run(page).response["violations"]
                  if v["impact"] in ("serious", "critical")]
    assert violations == []
    page.close()
