"""What the PDF renderer may load (issue 11): its charts, data: URLs and files under the allowed
folders; any other URL stops the build with an error instead of being read."""
from __future__ import annotations

from pathlib import Path

import pytest

from report.render.fetcher import is_allowed
from report.render.html import TEMPLATES_DIR
from report.render.output import PdfWorker, RefusedURL, render_pdf

ROOTS = [TEMPLATES_DIR]


def page(body: str) -> str:
    return f'<html lang="fi"><head><title>Koe</title></head><body>{body}</body></html>'


@pytest.mark.parametrize("url, allowed", [
    ("vastuu-chart:trend", True),
    ("data:image/png;base64,AAAA", True),
    ((TEMPLATES_DIR / "report.css").as_uri(), True),
    ("file:///etc/hostname", False),
    ((TEMPLATES_DIR / ".." / ".." / "output.py").resolve().as_uri(), False),
    ("file://" + str(TEMPLATES_DIR) + "/..%2F..%2Foutput.py", False),
    ("http://127.0.0.1/x.png", False),
    ("https://example.org/x.png", False),
    ("file://otherhost/etc/hostname", False),
])
def test_is_allowed(url, allowed):
    assert is_allowed(url, ROOTS, "vastuu-chart") is allowed


def test_worker_refuses_a_local_file_outside_the_allowed_folders(tmp_path):
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"\x89PNG\r\n\x1a\n")
    with PdfWorker() as worker:
        with pytest.raises(RefusedURL) as err:
            worker.render(page(f'<img src="{secret.as_uri()}" alt="x">'),
                          allowed_roots=[TEMPLATES_DIR])
    assert err.value.url == secret.as_uri()


def test_render_pdf_in_process_refuses_too(tmp_path):
    from weasyprint.urls import FatalURLFetchingError
    with pytest.raises(FatalURLFetchingError, match="refused URL: file:///etc/hostname"):
        render_pdf(page('<img src="file:///etc/hostname" alt="x">'), base_url=str(tmp_path))


def test_css_url_outside_the_folders_is_refused(tmp_path):
    with PdfWorker() as worker:
        with pytest.raises(RefusedURL):
            worker.render(page('<style>body { background: url("file:///etc/hostname"); }</style>'
                               '<p>x</p>'), allowed_roots=[Path(TEMPLATES_DIR)])
