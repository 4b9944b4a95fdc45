"""Layout hyphens that read and copy as whole words: the fragment before a line-end break carries
the whole word as /ActualText, the fragments after it an empty one (ISO 32000-1 14.9.4)."""
from __future__ import annotations

from pypdf.generic import IndirectObject

from .content import LAYOUT_HYPHEN, TF, TJ, Marked, split_array
from .document import Fixer


def hyphens(doc: Fixer) -> int:
    """A word the layout hyphenated at line ends: the fragment before the first break (with
    the hyphen) carries the whole word as /ActualText, the fragments after it an empty one,
    so that the word reads and copies whole (ISO 32000-1 14.9.4). Returns the words."""
    sequence: list[tuple[int, Marked]] = []
    for ref in doc.tree.order:
        if ref.idnum not in doc.tree.reachable:
            continue
        page = doc.tree.page_of(ref.get_object())
        for kid in ref.get_object().get("/K", []):
            if isinstance(kid, int) and not isinstance(kid, IndirectObject) \
                    and page is not None:
                record = doc.pages[page].marked.get(int(kid))
                if record is not None and record.tag != "Figure":
                    sequence.append((page, record))
    wraps: dict[tuple[int, int], dict[str, str]] = {}
    count, i = 0, 0
    while i < len(sequence) - 1:
        page, start = sequence[i]
        if not (start.may_end_in_hyphen() and _hyphenated(start.text)):
            i += 1
            continue
        word = start.text[:-1].rsplit(" ", 1)[-1]
        j = i + 1
        middle = []
        while j < len(sequence) - 1 and " " not in sequence[j][1].text.strip() \
                and _hyphenated(sequence[j][1].text):
            word += sequence[j][1].text[:-1]
            middle.append(sequence[j])
            j += 1
        end_page, end = sequence[j]
        tail = end.text.split(" ", 1)[0]
        if not word or not tail:
            i = j
            continue
        wraps.setdefault((page, id(start)), {"record": start, "page": page})["last"] = \
            word + tail
        for mid_page, mid in middle:
            wraps.setdefault((mid_page, id(mid)), {"record": mid, "page": mid_page}) \
                .update(first="", last="")
        wraps.setdefault((end_page, id(end)), {"record": end, "page": end_page})["first"] = ""
        count += 1
        i = j
    for wrap in wraps.values():
        _wrap(doc, wrap["page"], wrap["record"], wrap.get("first"), wrap.get("last"))
    return count


def _wrap(doc: Fixer, page: int, record: Marked, first: str | None, last: str | None) -> None:
    """Wrap the glyphs of the first and/or last word of a marked content's text in Spans
    with /ActualText, splitting its TJ arrays at the words' spaces."""
    data = doc.pages[page].data
    start, end = record.body
    arrays = list(TJ.finditer(data, start, end))
    if not arrays:
        return
    jobs = {}
    if first is not None:
        jobs.setdefault(0, {})["first"] = first
    if last is not None:
        jobs.setdefault(len(arrays) - 1, {})["last"] = last
    for index, job in jobs.items():
        array = arrays[index]
        names = TF.findall(data[start:array.start()])
        name = names[-1].decode("latin-1") if names else record.font
        fonts = doc.fonts.for_page(doc.pages[page].obj).get(name or "", {})
        doc.pages[page].edits[(array.start(), array.end())] = split_array(
            array.group(1), fonts, job.get("first"), job.get("last"))


def _hyphenated(text: str) -> bool:
    """Whether a line's text ends in a layout hyphen after a letter (not a lone dash)."""
    return len(text) > 1 and text.endswith(LAYOUT_HYPHEN) and not text[-2].isspace()
