"""What every browser test shares: Debian's Chromium driven by Playwright, skipped where either is
missing (never under CI=true, where .ci/run installs both), and axe-core's serious findings."""
from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("VASTUU_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"

try:
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import expect, sync_playwright
except ImportError:  # pragma: no cover - only without the test extras
    Axe = expect = sync_playwright = None


def skip_without_browser() -> None:
    """Skip the calling test module when Chromium or Playwright is missing, except under CI."""
    if os.environ.get("CI") != "true" and (sync_playwright is None or not Path(CHROMIUM).exists()):
        pytest.skip("chromium or playwright not installed (.ci/run installs them)",
                    allow_module_level=True)


@contextlib.contextmanager
def chromium() -> Iterator:
    """A headless Chromium for the length of the block."""
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-dev-shm-usage"])
        try:
            yield b
        finally:
            b.close()


@contextlib.contextmanager
def served(application) -> Iterator[str]:
    """`application` served on a free port of 127.0.0.1 in a thread; its address."""
    import threading
    from werkzeug.serving import make_server
    srv = make_server("127.0.0.1", 0, application, threaded=True)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{srv.server_port}"
    finally:
        srv.shutdown()


def serious(results) -> list[str]:
    """axe-core's serious and critical violations, each with its rule, help and first targets."""
    return [f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']][:3]}"
            for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
