"""The PDF stage and the file edge: HTML to tagged PDF (PDF/UA-1) and atomic writes to out/."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from carbon.errors import VastuuError

PDF_VARIANT = "pdf/ua-1"
ROOT = Path(__file__).resolve().parent.parent


def render_pdf(html: str, base_url: str | None = None) -> tuple[bytes, int]:
    """The HTML laid out and written as tagged PDF/UA-1 (language, title, structure tree,
    bookmarks from headings, alt text of images); returns the PDF and its page count."""
    from weasyprint import HTML  # imported here: WeasyPrint is slow to import

    document = HTML(string=html, base_url=base_url).render(pdf_variant=PDF_VARIANT)
    return document.write_pdf(pdf_variant=PDF_VARIANT), len(document.pages)


class PdfWorker:
    """WeasyPrint in a child process started early, so that its import (about a second) overlaps
    the calculation instead of adding to it; `render` gives the same result as render_pdf."""

    def __init__(self) -> None:
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(
            p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p))
        self._proc = subprocess.Popen([sys.executable, "-m", "report.pdf_worker"],
                                      stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                      stderr=subprocess.PIPE, env=env)

    def render(self, html: str, base_url: str | None = None) -> tuple[bytes, int]:
        """The HTML as tagged PDF/UA-1 and its page count, rendered by the child process."""
        header = json.dumps({"base_url": base_url, "variant": PDF_VARIANT}).encode() + b"\n"
        out, err = self._proc.communicate(header + html.encode("utf-8"))
        if self._proc.returncode != 0:
            raise VastuuError("PDF rendering failed: " + err.decode("utf-8", "replace")[-3000:])
        pages, _, pdf = out.partition(b"\n")
        return pdf, int(pages)

    def close(self) -> None:
        """Stop the child if it is still waiting (the build failed before the PDF stage)."""
        if self._proc.poll() is None:
            self._proc.kill()
            self._proc.communicate()

    def __enter__(self) -> PdfWorker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def write_atomic(path: Path, data: bytes) -> Path:
    """Write a file through a temporary file in the same folder and a rename, so that a failed
    build never leaves a half-written file behind."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=path.suffix + ".tmp",
                               dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp's 0600 would hide the report from others
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
