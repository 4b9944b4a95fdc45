"""A child process that imports WeasyPrint and matplotlib at once, then draws charts and turns
HTML into tagged PDF on request.

Started at the beginning of a build (report/render/output.py: PdfWorker), so these slow imports and
the chart drawing run on the second core while the parent reads and calculates.
Protocol (report/render/output.py: _send, _receive): each message is one JSON header line with the
payload's length, then the payload. Requests:
- {"request": "charts"} with JSON {key: {"kind", "data"}}: draws the charts and keeps them for
  the render, where the HTML shows them as `vastuu-chart:<key>` images; no answer.
- {"request": "render", "base_url", "allowed_roots"} with the HTML (report/render/output.py: render_pdf): answers
  {"ok": true, "pages", "pdf_size", "svg_sizes": {key: bytes}} and the PDF followed by the
  SVGs; the process ends.
A failure answers {"ok": false, "error": ...} (traceback on stderr) and ends the process.
"""
from __future__ import annotations

import json
import os
import sys
import traceback
from typing import Any

from carbon.startup import imports_without_gc
from . import timing
from .fetcher import restricted_fetcher
from .output import _receive, _send, render_pdf


def _render(header: dict, payload: bytes, svgs: dict[str, bytes]) -> tuple[dict, bytes]:
    timing.mark("HTML received", "worker")
    from weasyprint.urls import FatalURLFetchingError

    try:
        pdf, pages = render_pdf(payload.decode("utf-8"), header.get("base_url"),
                                restricted_fetcher(svgs, header.get("allowed_roots") or []),
                                process="worker")
    except FatalURLFetchingError as exc:  # a BaseException: answered as an ordinary failure
        raise RuntimeError(str(exc)) from None
    return ({"pages": pages, "pdf_size": len(pdf), "marks": timing.marks(),
             "svg_sizes": {key: len(svg) for key, svg in svgs.items()}},
            pdf + b"".join(svgs.values()))


def main() -> int:
    # The protocol gets its own copy of stdout; anything a library prints goes to stderr.
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    # No warm-up page or figure: the worker is the busier process before the PDF, so work done
    # ahead of time only delays it (measured: the build ~0.1 s faster without them).
    with imports_without_gc():
        import weasyprint  # noqa: F401

        timing.mark("WeasyPrint imported", "worker")
        from .chart_drawing import draw_all  # matplotlib

    timing.mark("matplotlib imported", "worker")
    svgs: dict[str, bytes] = {}
    while (message := _receive(sys.stdin.buffer)) is not None:
        header, payload = message
        try:
            if header["request"] == "charts":
                svgs.update(draw_all(json.loads(payload.decode("utf-8"))))
                timing.mark("charts drawn", "worker")
                continue
            if header["request"] != "render":
                raise ValueError(f"unknown request {header['request']!r}")
            answer, data = _render(header, payload, svgs)
        except Exception as exc:  # reported to the parent, which raises VastuuError
            traceback.print_exc()
            _send(out, {"ok": False, "error": f"{type(exc).__name__}: {exc}"})
            return 1
        _send(out, {"ok": True} | answer, data)
        # The render is the last request: leave without the interpreter's teardown of
        # WeasyPrint's and matplotlib's objects (~0.1-0.2 s the parent would wait for).
        sys.stderr.flush()
        os._exit(0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
