"""The PDF stage and the file edge: HTML to tagged PDF (PDF/UA-1) and atomic writes to out/."""
from __future__ import annotations

import json
import logging
import os
import select
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import IO, Any

from carbon.errors import VastuuError

from . import timing
from .fetcher import FAILED, FAILED_PREFIXES, REFUSED

PDF_VARIANT = "pdf/ua-1"
#: seconds to wait for the worker's PDF before giving up (a report takes seconds; a hung
#: layout would otherwise hang the command)
ANSWER_TIMEOUT_S = 300.0
ROOT = Path(__file__).resolve().parents[2]


class FailedResource(VastuuError):
    """The renderer could not load a resource of the HTML (an image, an SVG, a style sheet)
    and would have left it out: `detail` is its log line (its text starts with FAILED, which
    the parent recognises in the worker's answer)."""

    def __init__(self, detail: str) -> None:
        self.detail = detail
        super().__init__(FAILED + detail)


class _FailedResources(logging.Handler):
    """WeasyPrint's log lines about a resource it could not load: it drops the resource and
    carries on, so the build stops instead (README: a refused resource stops the build)."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.failed: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if message.startswith(FAILED_PREFIXES):
            url = str(record.args[0]) if isinstance(record.args, tuple) and record.args else ""
            if url:
                message = message.replace(repr(url), shown_url(url)).replace(url, shown_url(url))
            self.failed.append(message[:1000])


def shown_url(url: str) -> str:
    """A URL as a message shows it: an embedded image (data:) by its type and a fingerprint
    (report/pipeline.py finds its chapter by it), not its bytes."""
    if not url.startswith("data:"):
        return url
    kind = url[5:].split(";", 1)[0].split(",", 1)[0]
    return f"data:{kind} (embedded image {url_fingerprint(url)})"


def url_fingerprint(url: str) -> str:
    """A short fingerprint of a URL (the first 12 hex digits of its sha256)."""
    import hashlib

    return hashlib.sha256(url.encode("utf-8")).hexdigest()[:12]


def render_pdf(html: str, base_url: str | None = None, url_fetcher: Any = None,
               process: str = "main", allowed_roots: list[str] | None = None) -> tuple[bytes, int]:
    """The HTML laid out and written as tagged PDF/UA-1 (language, title, structure tree,
    bookmarks from headings, alt text of images), with the fixes of report/render/pdfua/
    that make the claim hold; returns the PDF and its page count.
    Without a `url_fetcher`, the renderer may load only data: URLs and files under
    `allowed_roots` (report/render/fetcher.py). `process` names where it runs, for the build
    timeline."""
    from weasyprint import HTML  # imported here: WeasyPrint is slow to import

    from .hyphenation import register_finnish
    from .pdf_lang import mark_languages
    from .pdfua import link_titles, make_accessible

    register_finnish()
    mark_languages()
    if url_fetcher is None:
        from .fetcher import restricted_fetcher
        url_fetcher = restricted_fetcher({}, allowed_roots or [])
    failures = _FailedResources()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(failures)
    try:
        source = HTML(string=html, base_url=base_url, url_fetcher=url_fetcher)
        document = source.render(pdf_variant=PDF_VARIANT)
        timing.mark("layout", process)
        pdf = document.write_pdf(pdf_variant=PDF_VARIANT)
        timing.mark("PDF written", process)
    finally:
        logger.removeHandler(failures)
    if failures.failed:
        raise FailedResource(failures.failed[0])
    pdf, _ = make_accessible(pdf, link_titles(source.etree_element))
    timing.mark("PDF/UA fixes", process)
    return pdf, len(document.pages)


def _send(stream: IO[bytes], header: dict[str, Any], payload: bytes = b"") -> None:
    """One message of the worker protocol: a JSON header line (with the payload's length)
    and the payload."""
    stream.write(json.dumps(header | {"length": len(payload)}).encode("utf-8") + b"\n" + payload)
    stream.flush()


def _receive(stream: IO[bytes]) -> tuple[dict[str, Any], bytes] | None:
    """The next message, or None at the end of the stream."""
    line = stream.readline()
    if not line:
        return None
    header = json.loads(line.decode("utf-8"))
    payload = stream.read(header["length"])
    if len(payload) != header["length"]:
        return None
    return header, payload


class RefusedURL(VastuuError):
    """The HTML asked the renderer for a URL it may not load (report/render/fetcher.py)."""

    def __init__(self, url: str) -> None:
        self.url = url
        super().__init__(f"the report may not load {url}")


class PdfWorker:
    """WeasyPrint (and matplotlib) in a child process started at the beginning of a build, so
    that their imports and the chart drawing run on the second core while this process reads
    and calculates. Requests: `draw_charts`, then `render` (the HTML as tagged PDF/UA-1, the
    same result as render_pdf, and the charts' SVGs)."""

    def __init__(self) -> None:
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(
            p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p))
        self._stderr = tempfile.TemporaryFile()  # a file, not a pipe: warnings never block it
        self._proc = subprocess.Popen([sys.executable, "-m", "report.render.pdf_worker"],
                                      stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                      stderr=self._stderr, env=env)
        self.svgs: dict[str, bytes] = {}
        timing.mark("worker started")

    def _failed(self, what: str) -> VastuuError:
        self._proc.kill()
        self._proc.wait()
        self._stderr.seek(0)
        err = self._stderr.read().decode("utf-8", "replace")
        return VastuuError(f"{what} failed in the PDF worker: {err[-3000:]}")

    def _answer(self, what: str) -> tuple[dict[str, Any], bytes]:
        ready, _, _ = select.select([self._proc.stdout], [], [], ANSWER_TIMEOUT_S)
        if not ready:
            raise self._failed(f"{what} (no answer in {ANSWER_TIMEOUT_S:g} s)")
        message = _receive(self._proc.stdout)
        if message is None:
            raise self._failed(what)
        header, payload = message
        if not header.get("ok"):
            error = str(header.get("error", "?"))
            if REFUSED in error:
                self.close()
                raise RefusedURL(error.split(REFUSED, 1)[1].strip())
            if FAILED in error:
                self.close()
                raise FailedResource(error.split(FAILED, 1)[1].strip())
            raise self._failed(f"{what} ({error})")
        return header, payload

    def draw_charts(self, requests: dict[str, dict[str, Any]]) -> None:
        """Have charts drawn ({key: {"kind", "data"}}, see report/render/charts.py); the HTML given
        to `render` then shows them by their `vastuu-chart:<key>` URLs. Not answered: the
        drawings come back with the PDF (`svgs`)."""
        try:
            _send(self._proc.stdin, {"request": "charts"}, json.dumps(requests).encode("utf-8"))
        except BrokenPipeError:
            raise self._failed("drawing the charts") from None

    def render(self, html: str, base_url: str | None = None,
               allowed_roots: list[str | Path] | None = None) -> tuple[bytes, int]:
        """The HTML as tagged PDF/UA-1 and its page count, rendered by the child process; the
        charts it drew are in `svgs` afterwards. Besides its charts and data: URLs the renderer
        may load only files under `allowed_roots` (anything else raises RefusedURL)."""
        try:
            _send(self._proc.stdin, {"request": "render", "base_url": base_url,
                                     "allowed_roots": [str(r) for r in allowed_roots or []]},
                  html.encode("utf-8"))
            self._proc.stdin.close()
        except BrokenPipeError:
            raise self._failed("PDF rendering") from None
        header, payload = self._answer("PDF rendering")
        timing.add(header.get("marks", []))
        pdf = payload[:header["pdf_size"]]
        at = header["pdf_size"]
        for key, size in header["svg_sizes"].items():
            self.svgs[key] = payload[at:at + size]
            at += size
        return pdf, int(header["pages"])

    def close(self) -> None:
        """Stop the child if it is still running (the build failed before the PDF stage)."""
        if self._proc.poll() is None:
            self._proc.kill()
            self._proc.wait()
        for stream in (self._proc.stdin, self._proc.stdout, self._stderr):
            if stream and not stream.closed:
                stream.close()

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
