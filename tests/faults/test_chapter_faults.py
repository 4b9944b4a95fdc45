"""Fault corpus, issue 26: chapters render within bounds. A chapter that includes, imports or
extends a template, asks for a huge width, range or text, recurses, renders too long or too
slowly, or shows an image the PDF renderer would drop (an SVG referring outside itself, a PNG
over the image library's pixel limit, a broken image) stops `report` with exit code 2 and one
message naming the chapter and line, in seconds."""
from __future__ import annotations

import io
import time
from pathlib import Path

import pytest

from tests.faults.corpus import Case, append_text, content, make_copy
from tests.faults.outcome import assert_refused, run

REPORT = ("report", "--year", "2021")
CHAPTER = "content/migri/01_johdanto.md"
INTRO = content("01_johdanto.md")
SVG_OUTSIDE = (b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
               b' width="10" height="10"><image xlink:href="file:///etc/hostname" width="10"'
               b' height="10"/></svg>')
SVG_STYLE = (b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><style>'
             b'rect { fill: url(https://example.org/p.svg#x) }</style><rect width="5" '
             b'height="5"/></svg>')
SVG_ENTITIES = (b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">'
                b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
                b'<svg xmlns="http://www.w3.org/2000/svg"><text>&b;</text></svg>')


def image(name: str, data: bytes | None = None, pixels: tuple[int, int] | None = None):
    """An image file in the content folder (bytes, or a one-bit PNG of `pixels`)."""
    def edit(base: Path) -> None:
        path = base / content(name)
        if pixels is not None:
            from PIL import Image
            buffer = io.BytesIO()
            Image.new("1", pixels).save(buffer, "PNG")
            path.write_bytes(buffer.getvalue())
        else:
            path.write_bytes(data or b"")
    return edit


def chapter(text: str) -> Case:
    """Edits appending template text to the introduction chapter."""
    return append_text(INTRO, "\n" + text + "\n")


CASES = [
    # --- no other templates ---------------------------------------------------------------------
    Case("chapter includes itself", (chapter("{% include '01_johdanto.md' %}"),), command=REPORT,
         file=CHAPTER, row="find:{% include", contains=("may not use {% include %}",)),
    Case("chapter imports a template", (chapter("{% import 'report.html.j2' as r %}"),),
         command=REPORT, file=CHAPTER, row="find:{% import",
         contains=("may not use {% import %}",)),
    Case("chapter imports from a template", (chapter("{% from 'x' import y %}"),),
         command=REPORT, file=CHAPTER, row="find:{% from",
         contains=("may not use {% from ... import %}",)),
    Case("chapter extends a template", (chapter("{% extends 'report.html.j2' %}"),),
         command=REPORT, file=CHAPTER, row="find:{% extends",
         contains=("may not use {% extends %}",)),
    # --- bounded in size ------------------------------------------------------------------------
    Case("chapter centres in 4 GB", (chapter("X {{ 'x'|center(4000000000) }}"),),
         command=REPORT, file=CHAPTER, row="find:center(4000000000)",
         contains=("the width or count 4000000000 is larger than the 10000",)),
    Case("chapter pads with a method", (chapter("X {{ 'x'.ljust(4000000000) }}"),),
         command=REPORT, file=CHAPTER, row="find:ljust", contains=("4000000000",)),
    Case("chapter formats a huge width", (chapter("X {{ '%4000000000d' % 1 }}"),),
         command=REPORT, file=CHAPTER, row="find:%4000000000d", contains=("4000000000",)),
    Case("chapter formats a width from the values", (chapter("X {{ '{:{}}'.format(1, 10**9) }}"),),
         command=REPORT, file=CHAPTER, row="find:format(1", contains=("taken from the values",)),
    Case("chapter doubles a text without end",
         (chapter("{% macro d(s, n) %}{{ d(s ~ s, n - 1) if n else s|length }}{% endmacro %}"
                  "X {{ d('x', 60) }}"),),
         command=REPORT, file=CHAPTER, row="find:macro d(",
         contains=("the chapter builds a text or list of",)),
    Case("chapter replaces into a huge text",
         (chapter("X {{ ('x' * 10000)|replace('x', 'x' * 10000) }}"),),
         command=REPORT, file=CHAPTER, row="find:replace(",
         contains=("100000000 characters or items",)),
    Case("chapter renders too much text",
         (chapter("{% for i in range(10000) %}{{ 'x' * 10000 }}{% endfor %}"),),
         command=REPORT, file=CHAPTER, row="find:range(10000)",
         contains=("the chapter renders to more than 2000000 characters",)),
    # --- bounded in time ------------------------------------------------------------------------
    Case("chapter loops twice over range(100000)",
         (chapter("{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}"
                  "{% endfor %}"),),
         command=REPORT, file=CHAPTER, row="find:range(100000)",
         contains=("range() of 100000 items, more than the 10000",)),
    Case("chapter loops too long",
         (chapter("{% for a in range(10000) %}{% for b in range(10000) %}{% endfor %}"
                  "{% endfor %}"),),
         command=REPORT, file=CHAPTER, row="find:range(10000)",
         contains=("rendering the chapter takes longer than 2 s",)),
    Case("chapter macro calls itself",
         (chapter("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}X {{ f(1) }}"),),
         command=REPORT, file=CHAPTER, row="find:macro f(",
         contains=("the chapter calls itself too deeply",)),
    # --- images the renderer would drop ---------------------------------------------------------
    Case("SVG referring to a local file", (image("kuva.svg", SVG_OUTSIDE),
                                            chapter("![Kaavio](kuva.svg)")),
         command=REPORT, file=CHAPTER, row="find:![Kaavio]",
         contains=("image 'kuva.svg' refers to 'file:///etc/hostname' outside itself",)),
    Case("SVG style loading from the web", (image("kuva.svg", SVG_STYLE),
                                             chapter("![Kaavio](kuva.svg)")),
         command=REPORT, file=CHAPTER, row="find:![Kaavio]",
         contains=("refers to 'https://example.org/p.svg#x'",)),
    Case("SVG with entities", (image("kuva.svg", SVG_ENTITIES), chapter("![Kaavio](kuva.svg)")),
         command=REPORT, file=CHAPTER, row="find:![Kaavio]", contains=("<!ENTITY>",)),
    Case("PNG over the pixel limit", (image("iso.png", pixels=(10000, 9000)),
                                       chapter("![Iso kuva](iso.png)")),
         command=REPORT, file=CHAPTER, row="find:![Iso kuva]",
         contains=("image 'iso.png' has 10000 × 9000 pixels, more than the 89478485",)),
    Case("PNG that is no image", (image("rikki.png", b"\x89PNG\r\n\x1a\nei kuva"),
                                   chapter("![Rikki](rikki.png)")),
         command=REPORT, file=CHAPTER, row="find:![Rikki]",
         contains=("image 'rikki.png' cannot be read",)),
]


def test_the_chapter_corpus_is_large_enough():
    assert len(CASES) >= 15 and len({c.name for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_chapter_fault(case: Case, tmp_path: Path):
    root = make_copy(tmp_path)
    for edit in case.edits:
        edit(root / "examples" / "migri")
    start = time.perf_counter()
    result = run(case, root)
    assert_refused(case, root, result)
    assert time.perf_counter() - start < 20   # the time limit is 2 s a chapter


@pytest.mark.parametrize("name, words", [
    ("chapter includes itself", ("luvussa ei saa käyttää tagia {% include %}",)),
    ("chapter loops too long", ("kestää yli 2 s",)),
    ("SVG referring to a local file", ("viittaa itsensä ulkopuolelle",)),
])
def test_chapter_faults_in_finnish(name, words, tmp_path):
    case = next(c for c in CASES if c.name == name)
    root = make_copy(tmp_path)
    for edit in case.edits:
        edit(root / "examples" / "migri")
    message = assert_refused(case, root, run(case, root, "fi"), "fi")
    for word in words:
        assert word in message, (word, message)


def test_a_chapter_within_the_bounds_still_renders(tmp_path):
    """Loops over the years, formatting, a self-contained SVG: the report builds."""
    svg = (b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><defs><linearGradient'
           b' id="g"/></defs><rect width="5" height="5" style="fill: url(#g)"/></svg>')
    root = make_copy(tmp_path)
    base = root / "examples" / "migri"
    for edit in (image("oma.svg", svg), chapter(
            "Vuodet: {% for y in range(2018, 2036) %}{{ y }} {% endfor %}{{ '%5.1f'|format(2.5) }}"
            " {{ 'x'|center(9) }}\n\n![Oma kaavio](oma.svg)")):
        edit(base)
    result = run(Case("ok", (), command=REPORT), root, "fi")   # the chapter's own language
    assert result.exit_code == 0, result.output
    html = next((root / "out").glob("*.html")).read_text(encoding="utf-8")
    assert "2018 2019" in html and "2035" in html and "  2.5" in html
    assert 'alt="Oma kaavio"' in html
