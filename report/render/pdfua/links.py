"""Link descriptions: internal links' /Contents the heading they lead to, external links' their
words and the site's host (WeasyPrint writes the anchor id or the bare URL)."""
from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from pypdf.generic import DictionaryObject, NameObject, TextStringObject

from .document import Fixer


def link_descriptions(doc: Fixer, titles: dict[str, str]) -> int:
    """Internal links' /Contents: the text of the heading they lead to (not its id); external
    links': their text and the site's host name (not the bare URL)."""
    count = 0
    for page in doc.writer.pages:
        for annot in page.get("/Annots", []):
            annot = annot.get_object()
            if annot.get("/Subtype") != "/Link":
                continue
            dest = annot.get("/Dest")
            action = annot.get("/A")
            if dest is None and isinstance(action, DictionaryObject):
                dest = action.get("/D")
            if isinstance(dest, str) and titles.get(str(dest)):
                annot[NameObject("/Contents")] = TextStringObject(titles[str(dest)])
                count += 1
            elif isinstance(action, DictionaryObject) and action.get("/S") == "/URI":
                uri = str(action.get("/URI", ""))
                text = titles.get(uri)
                host = urlsplit(uri).hostname or ""
                if text and text != uri:
                    described = f"{text} ({host})" if host and host not in text else text
                    annot[NameObject("/Contents")] = TextStringObject(described)
                    count += 1
    return count


def link_titles(root: Any) -> dict[str, str]:
    """Anchor ids of an HTML tree (xml.etree) mapped to the text of the heading each leads to
    (the element named by aria-labelledby, the element itself if a heading, else its first
    heading or caption), and external link addresses to their link text."""
    by_id = {el.get("id"): el for el in root.iter() if el.get("id")}
    headings = {"h1", "h2", "h3", "h4", "h5", "h6"}

    def local(tag: Any) -> str:
        return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""

    def text(el: Any) -> str:
        return " ".join("".join(el.itertext()).split())

    titles = {}
    for el in root.iter():
        href = el.get("href") or ""
        if local(el.tag) == "a" and "://" in href and text(el) and href not in titles:
            titles[href] = text(el)
    for key, el in by_id.items():
        target = by_id.get(el.get("aria-labelledby") or "")
        if target is None:
            if local(el.tag) in headings | {"caption", "figcaption"}:
                target = el
            else:
                target = next((d for d in el.iter() if local(d.tag) in headings
                               | {"caption", "figcaption"}), None)
        if target is not None and text(target):
            titles[key] = text(target)
    return titles
