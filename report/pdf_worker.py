"""A child process that imports WeasyPrint and matplotlib at once, then draws charts and turns
HTML into tagged PDF on request.

Started at the beginning of a build (report/output.py: PdfWorker), so these slow imports and
the chart drawing run on the second core while the parent reads and calculates.
Protocol (report/output.py: _send, _receive): each message is one JSON header line with the
payload's length, then the payload. Requests: {"request": "charts"} with JSON
{key: {"kind", "data"}} -> {"ok": true, "sizes": {key: bytes}} and the SVGs one after another;
{"request": "render", "base_url", "variant"} with the HTML -> {"ok": true, "pages": n} and the
PDF. A failure answers {"ok": false, "error": ...} with the traceback on stderr.
"""
from __future__ import annotations

import json
import os
import sys
import traceback

from report.output import _receive, _send, settle_imports

#: A page laid out while the parent is still calculating: loads the fonts and text shaping.
WARM_UP = ('<html lang="fi"><head><title>-</title><style>html{font-family:"DejaVu Sans"}</style>'
           '</head><body><h1>Ää</h1><p>Teksti <b>lihava</b> 1\u202f234,5 %</p></body></html>')


def _charts(payload: bytes) -> tuple[dict, bytes]:
    from report.chart_drawing import draw_all

    svgs = draw_all(json.loads(payload.decode("utf-8")))
    return {"sizes": {key: len(svg) for key, svg in svgs.items()}}, b"".join(svgs.values())


def _render(header: dict, payload: bytes) -> tuple[dict, bytes]:
    from weasyprint import HTML

    document = HTML(string=payload.decode("utf-8"), base_url=header.get("base_url")).render(
        pdf_variant=header["variant"])
    pdf = document.write_pdf(pdf_variant=header["variant"])
    return {"pages": len(document.pages)}, pdf


def main() -> int:
    # The protocol gets its own copy of stdout; anything a library prints goes to stderr.
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    from weasyprint import HTML

    HTML(string=WARM_UP).render()
    import report.chart_drawing  # noqa: F401  (matplotlib: imported while the parent calculates)

    settle_imports()

    while (message := _receive(sys.stdin.buffer)) is not None:
        header, payload = message
        try:
            if header["request"] == "charts":
                answer, data = _charts(payload)
            elif header["request"] == "render":
                answer, data = _render(header, payload)
            else:
                raise ValueError(f"unknown request {header['request']!r}")
        except Exception as exc:  # reported to the parent, which raises VastuuError
            traceback.print_exc()
            _send(out, {"ok": False, "error": f"{type(exc).__name__}: {exc}"})
            return 1
        _send(out, {"ok": True} | answer, data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
