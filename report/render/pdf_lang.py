"""Languages in the tagged PDF's structure: WeasyPrint (70) writes the document's language as the
catalogue's /Lang but not the `lang` attribute of an element inside it. A chapter included in its
original language (<section lang="fi"> in a Swedish report) must tell assistive technology to
switch language, so its structure elements carry /Lang (PDF 1.7, 14.9.2)."""
from __future__ import annotations

from typing import Any, Iterator

_SKIP = ("html", "body")


def mark_languages() -> None:
    """Wrap WeasyPrint's structure-tree builder once so that the structure element of every box
    whose HTML element has a `lang` attribute gets it as /Lang. Without the builder this
    WeasyPrint version has (a later one may write /Lang itself), nothing changes."""
    import pydyf
    from weasyprint.pdf import tags

    build = getattr(tags, "_build_box_tree", None)
    if build is None or getattr(build, "marks_languages", False):
        return

    def with_lang(box: Any, *args: Any) -> Iterator[Any]:
        element = getattr(box, "element", None)
        lang = None
        if element is not None and getattr(box, "element_tag", None) not in _SKIP:
            lang = element.get("lang")
        for node in build(box, *args):
            if lang and "Lang" not in node:
                node["Lang"] = pydyf.String(lang)
            yield node

    with_lang.marks_languages = True  # type: ignore[attr-defined]
    tags._build_box_tree = with_lang
