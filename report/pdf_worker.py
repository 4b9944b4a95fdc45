"""A child process that imports WeasyPrint at once and then turns HTML into tagged PDF.

Started at the beginning of a build (report/output.py: PdfWorker), so WeasyPrint's slow import
runs on the second core while the parent calculates, draws the charts and fills the templates.
Protocol: stdin = one JSON line {"base_url": ..., "variant": ...} then the HTML (UTF-8);
stdout = the page count on one line, then the PDF bytes.
"""
from __future__ import annotations

import json
import sys

from weasyprint import HTML


#: A page laid out while the parent is still calculating: loads the fonts and text shaping.
WARM_UP = ('<html lang="fi"><head><title>-</title><style>html{font-family:"DejaVu Sans"}</style>'
           '</head><body><h1>Ää</h1><p>Teksti <b>lihava</b> 1\u202f234,5 %</p></body></html>')


def main() -> int:
    HTML(string=WARM_UP).render()
    header = json.loads(sys.stdin.buffer.readline().decode("utf-8"))
    html = sys.stdin.buffer.read().decode("utf-8")
    document = HTML(string=html, base_url=header.get("base_url")).render(
        pdf_variant=header["variant"])
    pdf = document.write_pdf(pdf_variant=header["variant"])
    sys.stdout.buffer.write(f"{len(document.pages)}\n".encode() + pdf)
    sys.stdout.buffer.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
