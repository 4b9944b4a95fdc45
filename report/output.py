"""The PDF stage and the file edge: HTML to tagged PDF (PDF/UA-1) and atomic writes to out/."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

PDF_VARIANT = "pdf/ua-1"


def render_pdf(html: str, base_url: str | None = None) -> tuple[bytes, int]:
    """The HTML laid out and written as tagged PDF/UA-1 (language, title, structure tree,
    bookmarks from headings, alt text of images); returns the PDF and its page count."""
    from weasyprint import HTML  # imported here: WeasyPrint is slow to import

    document = HTML(string=html, base_url=base_url).render(pdf_variant=PDF_VARIANT)
    return document.write_pdf(pdf_variant=PDF_VARIANT), len(document.pages)


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
