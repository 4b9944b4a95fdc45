"""One /Table per logical table: WeasyPrint writes a table that runs over pages as one /Table
per page, the later ones without a caption and with the header rows repeated as content."""
from __future__ import annotations

from typing import Any

from pypdf.generic import ArrayObject, DictionaryObject, NameObject

from .document import Fixer


def merge_tables(doc: Fixer) -> int:
    """A /Table without a caption that starts on the page after the previous table ends and
    repeats its header rows (or follows a caption left alone at the foot of the page) is
    that table's continuation: its row groups move into the first part,
    its repeated header (and a footer the earlier part repeated) become artifacts, and its
    cells' /Headers point to the first part's header cells. Returns the tables merged."""
    merged = 0
    previous = None
    for ref in [r for r in doc.tree.order if r.get_object()["/S"] == "/Table"]:
        if ref.idnum not in doc.tree.reachable:
            continue
        if previous is not None and _is_continuation(doc, previous, ref):
            _merge(doc, previous, ref)
            merged += 1
            continue
        previous = ref
    return merged


def _is_continuation(doc: Fixer, first: Any, part: Any) -> bool:
    """Whether `part` continues the table `first` on the next page."""
    if doc.tree.kids(part, "/Caption"):
        return False
    start = doc.tree.page_of(part.get_object())
    if start is None or start != doc.last_page(first) + 1:
        return False
    if not any(doc.tree.kids(first, tag) for tag in ("/THead", "/TBody", "/TR")):
        return True  # the caption was left alone at the foot of the page before
    heads = doc.tree.kids(first, "/THead"), doc.tree.kids(part, "/THead")
    if len(heads[0]) != 1 or len(heads[1]) != 1:
        return False
    return doc.text(heads[0][0]) == doc.text(heads[1][0]) and \
        len(_ths(doc, heads[0][0])) == len(_ths(doc, heads[1][0]))


def _ths(doc: Fixer, ref: Any) -> list[Any]:
    """The header cells under an element, in reading order."""
    return [e for e in doc.tree.descendants(ref) if e.get_object()["/S"] == "/TH"]


def _merge(doc: Fixer, first: Any, part: Any) -> None:
    """Move a continuation part into the first part of its table."""
    ids = {}
    first_head = doc.tree.kids(first, "/THead")
    if first_head:  # the part repeats the header: artifacts, cells point to the first's
        head = doc.tree.kids(part, "/THead")[0]
        for mine, theirs in zip(_ths(doc, first_head[0]), _ths(doc, head)):
            if "/ID" in theirs.get_object() and "/ID" in mine.get_object():
                ids[str(theirs.get_object()["/ID"])] = mine.get_object()["/ID"]
        doc.drop(head)
    first_foot = doc.tree.kids(first, "/TFoot")
    part_foot = doc.tree.kids(part, "/TFoot")
    if first_foot and part_foot:
        doc.drop(first_foot[0])  # a footer repeated at the foot of the earlier page
        first_foot = []
    for kid in doc.tree.kids(part):
        for element in doc.tree.descendants(kid):
            cell = element.get_object()
            headers = cell.get("/A", {}).get("/Headers") if isinstance(
                cell.get("/A"), DictionaryObject) else None
            if headers is not None:
                cell["/A"][NameObject("/Headers")] = ArrayObject(
                    ids.get(str(h), h) for h in headers)
        # a row group split by the page stays two TBody elements (a table may have several)
        doc.adopt(first, [kid], before=first_foot[0] if first_foot else None)
    part.get_object()[NameObject("/K")] = ArrayObject()
    doc.remove(part)
