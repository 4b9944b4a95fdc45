"""The report's HTML version as a reader's browser shows it (issue 22, point 5): at 320 CSS px
(200 % zoom of a small window) it reflows with no sideways scrolling, in every language, and
axe-core finds no serious violation (the SDG chips' contrast among them)."""
from __future__ import annotations

import pytest

from tests.browser import Axe, chromium, serious, skip_without_browser
from tests.report.conftest import run_cli

skip_without_browser()


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


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
    assert serious(Axe().run(page)) == []
    page.close()
