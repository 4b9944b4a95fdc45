"""PDF/UA-1 fixes of WeasyPrint's (70) tagged PDF, made on the written bytes: the running heads and
page numbers become pagination artifacts, a table split across pages is one /Table element again
(its repeated header rows artifacts), every element /ID is in an /IDTree, figure boxes are in PDF
points, internal links are described by their target's heading, a word hyphenated at a line end
reads and copies as the whole word, lists hold only items and a link annotation's parent is its
Link (ISO 32000-1 14.8.2.2, 14.9.4, 14.7.2, 14.8.4; ISO 14289-1 7.1, 7.5, 7.6, 7.18.5).

The content streams WeasyPrint writes are regular (`/Span\\n<</MCID n>>\\nBDC ... EMC`, text as
`[<glyph>kern<glyph>...] TJ` of Identity-H fonts with a ToUnicode map), so they are edited by
pattern rather than parsed operator by operator: a page costs a few milliseconds."""
from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from typing import Any, Iterator
from urllib.parse import urlsplit

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (ArrayObject, DictionaryObject, FloatObject, IndirectObject,
                           NameObject, NullObject, StreamObject, TextStringObject)

#: CSS px per PDF point: WeasyPrint lays out in px and scales the page by 0.75
PT_PER_PX = 0.75
#: the character WeasyPrint draws at a line-end hyphenation (CSS hyphenate-character: auto)
LAYOUT_HYPHEN = "\u2010"

_MARKED = re.compile(rb"/(\w+)\n<</MCID (\d+)>>\nBDC\n")
_TJ = re.compile(rb"\[([^\]]*)\] TJ")
_TJ_ITEM = re.compile(rb"<([0-9a-fA-F]*)>|(-?[\d.]+)")
_TM_Y = re.compile(rb"1 0 0 -1 [-\d.]+ ([-\d.]+) Tm")
_TF = re.compile(rb"/(\S+) [\d.]+ Tf")
_BFCHAR = re.compile(rb"beginbfchar\s*(.*?)\s*endbfchar", re.S)
_BFRANGE = re.compile(rb"beginbfrange\s*(.*?)\s*endbfrange", re.S)
_HEX = re.compile(rb"<([0-9a-fA-F]+)>")


@dataclass
class Marked:
    """One marked-content sequence with an MCID: where its BDC header and body are in the page's
    decoded content, the fonts of its page, and the vertical position of its first line (CSS px).
    Its text is decoded when asked for (most never are)."""
    tag: str
    header: tuple[int, int]
    body: tuple[int, int]
    source: bytes
    fonts: dict[str, dict[bytes, str]]
    y: float | None
    _text: str | None = None

    @property
    def font(self) -> str | None:
        """The resource name of the first font the sequence selects."""
        first = _TF.search(self.source)
        return first.group(1).decode("latin-1") if first else None

    @property
    def text(self) -> str:
        """The text its TJ operators show."""
        if self._text is None:
            self._text = _decode(self.source, self.fonts) if self.tag != "Figure" else ""
        return self._text

    def may_end_in_hyphen(self) -> bool:
        """Whether a glyph of a layout hyphen occurs in it at all (a cheap test first)."""
        codes = {code for table in self.fonts.values() for code, text in table.items()
                 if text == LAYOUT_HYPHEN}
        source = self.source.lower()
        return any(b"<" + code + b">" in source for code in codes)


@dataclass
class Page:
    """A page's content stream (decoded), its marked contents by MCID and the edits to make."""
    index: int
    obj: Any
    stream: Any
    data: bytes
    height: float
    marked: dict[int, Marked] = field(default_factory=dict)
    edits: dict[tuple[int, int], bytes] = field(default_factory=dict)


def _unicode(hexstr: bytes) -> str:
    """The text of a ToUnicode destination (UTF-16BE in hex)."""
    return bytes.fromhex(hexstr.decode("ascii")).decode("utf-16-be", "replace")


def _to_unicode(font: Any) -> dict[bytes, str]:
    """A font's glyph codes (hex, lower case) mapped to their text, from its ToUnicode CMap."""
    if "/ToUnicode" not in font:
        return {}
    cmap = font["/ToUnicode"].get_object().get_data()
    table: dict[bytes, str] = {}
    for block in _BFCHAR.findall(cmap):
        codes = _HEX.findall(block)
        for src, dst in zip(codes[::2], codes[1::2]):
            table[src.lower()] = _unicode(dst)
    for block in _BFRANGE.findall(cmap):
        for line in block.splitlines():
            codes = _HEX.findall(line)
            if len(codes) != 3:
                continue  # an array destination: not written by WeasyPrint
            lo, hi, dst = (int(c, 16) for c in codes)
            width = len(codes[0])
            for offset in range(hi - lo + 1):
                key = f"{lo + offset:0{width}x}".encode("ascii")
                table[key] = chr(dst + offset)
    return table


def _glyphs(hexrun: bytes) -> list[bytes]:
    """The 2-byte (Identity-H) glyph codes of a hex string, lower case."""
    hexrun = hexrun.lower()
    return [hexrun[i:i + 4] for i in range(0, len(hexrun), 4)]


class Fonts:
    """ToUnicode maps of the fonts, read once per font object."""

    def __init__(self) -> None:
        self._maps: dict[int, dict[bytes, str]] = {}

    def for_page(self, page: Any) -> dict[str, dict[bytes, str]]:
        """The page's font resource names mapped to their glyph tables."""
        fonts = page.get("/Resources", {}).get("/Font", {})
        result = {}
        for name, ref in fonts.items():
            key = ref.idnum if isinstance(ref, IndirectObject) else id(ref)
            if key not in self._maps:
                self._maps[key] = _to_unicode(ref.get_object())
            result[name[1:]] = self._maps[key]
        return result


def _decode(body: bytes, fonts: dict[str, dict[bytes, str]]) -> str:
    """The text shown by the TJ operators of a marked-content body."""
    text = []
    font_name = None
    for match in re.finditer(rb"/(\S+) [\d.]+ Tf|\[([^\]]*)\] TJ", body):
        if match.group(1) is not None:
            font_name = match.group(1).decode("latin-1")
            continue
        table = fonts.get(font_name or "", {})
        for hexrun, _ in _TJ_ITEM.findall(match.group(2)):
            text.extend(table.get(g, "") for g in _glyphs(hexrun))
    return "".join(text)


def _read_page(index: int, page: Any, fonts: Fonts) -> Page:
    """A page's decoded content stream and its marked-content sequences."""
    contents = page["/Contents"]
    stream = contents.get_object()
    if isinstance(stream, ArrayObject):  # WeasyPrint writes one stream; join others into one
        data = b"\n".join(s.get_object().get_data() for s in stream)
        stream = None
    else:
        data = stream.get_data()
    height = float(page.mediabox.height)
    result = Page(index, page, stream, data, height)
    table = fonts.for_page(page)
    for match in _MARKED.finditer(data):
        end = data.find(b"\nEMC", match.end())
        if end < 0:
            continue
        body = data[match.end():end]
        y = _TM_Y.search(body)
        result.marked[int(match.group(2))] = Marked(
            match.group(1).decode("ascii"), (match.start(), match.end()), (match.end(), end),
            body, table, float(y.group(1)) if y else None)
    return result


def _hex_text(text: str) -> bytes:
    """A PDF text string (UTF-16BE with its byte-order mark) written as hex."""
    if not text:
        return b"()"
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode("ascii") + b">"


class Tree:
    """The structure tree as read: elements in reading order, their parents, and the MCIDs of
    each element by page."""

    def __init__(self, root: Any, page_index: dict[int, int]) -> None:
        self.root = root
        self.page_index = page_index
        self.parent: dict[int, Any] = {}
        self.order: list[Any] = []
        self.reachable: set[int] = set()
        for kid in root.get("/K", []):
            self._walk(kid, None)

    def _walk(self, ref: Any, parent: Any) -> None:
        if not isinstance(ref, IndirectObject):
            return
        element = ref.get_object()
        if not isinstance(element, DictionaryObject) or "/S" not in element:
            return
        if ref.idnum in self.reachable:
            return
        self.reachable.add(ref.idnum)
        self.parent[ref.idnum] = parent
        self.order.append(ref)
        for kid in element.get("/K", []):
            self._walk(kid, ref)

    def page_of(self, element: Any) -> int | None:
        """The page index of an element's /Pg."""
        pg = element.get("/Pg")
        return self.page_index.get(pg.idnum) if isinstance(pg, IndirectObject) else None

    def mcids(self, ref: Any) -> Iterator[tuple[int, int]]:
        """The (page, MCID) of the marked content under an element, in reading order."""
        element = ref.get_object()
        page = self.page_of(element)
        for kid in element.get("/K", []):
            if isinstance(kid, int) and not isinstance(kid, IndirectObject):
                if page is not None:
                    yield page, int(kid)
            elif isinstance(kid, IndirectObject):
                obj = kid.get_object()
                if isinstance(obj, DictionaryObject) and "/S" in obj:
                    yield from self.mcids(kid)
            elif isinstance(kid, DictionaryObject) and kid.get("/Type") == "/MCR":
                pg = kid.get("/Pg", element.get("/Pg"))
                if isinstance(pg, IndirectObject) and pg.idnum in self.page_index:
                    yield self.page_index[pg.idnum], int(kid["/MCID"])

    def kids(self, ref: Any, tag: str | None = None) -> list[Any]:
        """An element's child elements (of one structure type, if given)."""
        out = []
        for kid in ref.get_object().get("/K", []):
            if isinstance(kid, IndirectObject):
                obj = kid.get_object()
                if isinstance(obj, DictionaryObject) and "/S" in obj:
                    if tag is None or obj["/S"] == tag:
                        out.append(kid)
        return out

    def descendants(self, ref: Any) -> Iterator[Any]:
        """An element and all elements under it, in reading order."""
        yield ref
        for kid in self.kids(ref):
            yield from self.descendants(kid)


class Fixer:
    """The PDF being fixed: pages, structure tree and the parent tree's page arrays."""

    def __init__(self, pdf: bytes) -> None:
        self.writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
        self.catalog = self.writer._root_object
        self.fonts = Fonts()
        self.pages = [_read_page(i, p, self.fonts) for i, p in enumerate(self.writer.pages)]
        page_index = {p.indirect_reference.idnum: i for i, p in enumerate(self.writer.pages)}
        self.struct_root = self.catalog["/StructTreeRoot"].get_object()
        self.tree = Tree(self.struct_root, page_index)
        nums = self.struct_root["/ParentTree"].get_object()["/Nums"]
        self.parent_arrays: dict[int, Any] = {
            int(nums[i]): nums[i + 1].get_object() for i in range(0, len(nums), 2)
            if isinstance(nums[i + 1].get_object(), ArrayObject)}

    def text(self, ref: Any) -> str:
        """The text of an element's marked content (lines joined by spaces)."""
        parts = []
        for page, mcid in self.tree.mcids(ref):
            marked = self.pages[page].marked.get(mcid)
            if marked is not None:
                parts.append(marked.text)
        return " ".join(p for p in parts if p)

    def artifact(self, page: int, mcid: int, subtype: str | None = None,
                 kind: str = "Pagination") -> None:
        """Turn a marked-content sequence into an artifact (pagination unless told), out of the
        parent tree."""
        record = self.pages[page].marked.get(mcid)
        if record is None:
            return
        props = f"<</Type /{kind}".encode() + (f" /Subtype /{subtype}".encode() if subtype
                                                else b"")
        self.pages[page].edits[record.header] = b"/Artifact\n" + props + b">>\nBDC\n"
        array = self.parent_arrays.get(page)
        if array is not None and mcid < len(array):
            array[mcid] = NullObject()

    # 1. running heads and page numbers --------------------------------------------------
    def margin_artifacts(self) -> int:
        """Marked content whose element is not in the structure tree (WeasyPrint's @page margin
        boxes: running heads, page numbers) becomes Pagination artifacts (Header or Footer by
        position). Returns how many."""
        count = 0
        for page, array in self.parent_arrays.items():
            for mcid, ref in enumerate(list(array)):
                if isinstance(ref, IndirectObject) and ref.idnum not in self.tree.reachable:
                    record = self.pages[page].marked.get(mcid)
                    top = record is not None and record.y is not None and \
                        record.y * PT_PER_PX < self.pages[page].height / 2
                    self.artifact(page, mcid, "Header" if top else "Footer")
                    count += 1
        return count

    # 2. one Table per logical table -----------------------------------------------------
    def _last_page(self, ref: Any) -> int:
        pages = [self.tree.page_of(e.get_object()) for e in self.tree.descendants(ref)]
        return max(p for p in pages if p is not None)

    def _remove(self, ref: Any) -> None:
        """Take an element out of its parent; a parent left empty goes too (not the root's kids)."""
        parent = self.tree.parent.get(ref.idnum)
        if parent is None:
            return
        kids = parent.get_object()["/K"]
        for i, kid in enumerate(kids):
            if isinstance(kid, IndirectObject) and kid.idnum == ref.idnum:
                del kids[i]
                break
        for element in self.tree.descendants(ref):
            self.tree.reachable.discard(element.idnum)
        if not kids and self.tree.parent.get(parent.idnum) is not None:
            self._remove(parent)

    def _adopt(self, new_parent: Any, refs: list[Any], before: Any = None) -> None:
        """Move elements under another parent (before one of its kids, or at the end)."""
        kids = new_parent.get_object()["/K"]
        at = len(kids)
        if before is not None:
            at = next(i for i, k in enumerate(kids)
                      if isinstance(k, IndirectObject) and k.idnum == before.idnum)
        for ref in refs:
            ref.get_object()[NameObject("/P")] = new_parent
            self.tree.parent[ref.idnum] = new_parent
        kids[at:at] = refs

    def merge_tables(self) -> int:
        """A /Table without a caption that starts on the page after the previous table ends and
        repeats its header rows (or follows a caption left alone at the foot of the page) is
        that table's continuation: its row groups move into the first part,
        its repeated header (and a footer the earlier part repeated) become artifacts, and its
        cells' /Headers point to the first part's header cells. Returns the tables merged."""
        merged = 0
        previous = None
        for ref in [r for r in self.tree.order if r.get_object()["/S"] == "/Table"]:
            if ref.idnum not in self.tree.reachable:
                continue
            if previous is not None and self._is_continuation(previous, ref):
                self._merge(previous, ref)
                merged += 1
                continue
            previous = ref
        return merged

    def _is_continuation(self, first: Any, part: Any) -> bool:
        if self.tree.kids(part, "/Caption"):
            return False
        start = self.tree.page_of(part.get_object())
        if start is None or start != self._last_page(first) + 1:
            return False
        if not any(self.tree.kids(first, tag) for tag in ("/THead", "/TBody", "/TR")):
            return True  # the caption was left alone at the foot of the page before
        heads = self.tree.kids(first, "/THead"), self.tree.kids(part, "/THead")
        if len(heads[0]) != 1 or len(heads[1]) != 1:
            return False
        return self.text(heads[0][0]) == self.text(heads[1][0]) and \
            len(self._ths(heads[0][0])) == len(self._ths(heads[1][0]))

    def _ths(self, ref: Any) -> list[Any]:
        return [e for e in self.tree.descendants(ref) if e.get_object()["/S"] == "/TH"]

    def _drop(self, ref: Any, kind: str = "Pagination") -> None:
        """Make an element's marked content artifacts and take the element out of the tree."""
        for page, mcid in list(self.tree.mcids(ref)):
            self.artifact(page, mcid, kind=kind)
        self._remove(ref)

    def _merge(self, first: Any, part: Any) -> None:
        ids = {}
        first_head = self.tree.kids(first, "/THead")
        if first_head:  # the part repeats the header: artifacts, cells point to the first's
            head = self.tree.kids(part, "/THead")[0]
            for mine, theirs in zip(self._ths(first_head[0]), self._ths(head)):
                if "/ID" in theirs.get_object() and "/ID" in mine.get_object():
                    ids[str(theirs.get_object()["/ID"])] = mine.get_object()["/ID"]
            self._drop(head)
        first_foot = self.tree.kids(first, "/TFoot")
        part_foot = self.tree.kids(part, "/TFoot")
        if first_foot and part_foot:
            self._drop(first_foot[0])  # a footer repeated at the foot of the earlier page
            first_foot = []
        for kid in self.tree.kids(part):
            for element in self.tree.descendants(kid):
                cell = element.get_object()
                headers = cell.get("/A", {}).get("/Headers") if isinstance(
                    cell.get("/A"), DictionaryObject) else None
                if headers is not None:
                    cell["/A"][NameObject("/Headers")] = ArrayObject(
                        ids.get(str(h), h) for h in headers)
            # a row group split by the page stays two TBody elements (a table may have several)
            self._adopt(first, [kid], before=first_foot[0] if first_foot else None)
        part.get_object()[NameObject("/K")] = ArrayObject()
        self._remove(part)

    # 3. IDTree ----------------------------------------------------------------------------
    def id_tree(self) -> int:
        """An /IDTree (a name tree of one node) of every element /ID left in the tree."""
        entries = {}
        for ref in self.tree.order:
            if ref.idnum in self.tree.reachable and "/ID" in ref.get_object():
                entries[str(ref.get_object()["/ID"])] = ref
        names = ArrayObject()
        for key in sorted(entries, key=lambda k: k.encode("utf-8")):
            names.extend([TextStringObject(key), entries[key]])
        node = DictionaryObject({NameObject("/Names"): names})
        self.struct_root[NameObject("/IDTree")] = self.writer._add_object(node)
        return len(entries)

    # 4. figure boxes ------------------------------------------------------------------------
    def figure_boxes(self) -> int:
        """Figure /BBox from CSS px (top-down) to PDF points in the page's user space."""
        count = 0
        for ref in self.tree.order:
            element = ref.get_object()
            attrs = element.get("/A")
            if element["/S"] != "/Figure" or not isinstance(attrs, DictionaryObject) \
                    or "/BBox" not in attrs:
                continue
            page = self.tree.page_of(element)
            height = self.pages[page].height if page is not None else 0.0
            x1, y1, x2, y2 = (float(v) for v in attrs["/BBox"])
            attrs[NameObject("/BBox")] = ArrayObject(
                FloatObject(round(v, 3)) for v in (
                    x1 * PT_PER_PX, height - y2 * PT_PER_PX,
                    x2 * PT_PER_PX, height - y1 * PT_PER_PX))
            count += 1
        return count

    # 5. link descriptions -----------------------------------------------------------------
    def link_descriptions(self, titles: dict[str, str]) -> int:
        """Internal links' /Contents: the text of the heading they lead to (not its id); external
        links': their text and the site's host name (not the bare URL)."""
        count = 0
        for page in self.writer.pages:
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

    # 6. layout hyphens ----------------------------------------------------------------------
    def hyphens(self) -> int:
        """A word the layout hyphenated at line ends: the fragment before the first break (with
        the hyphen) carries the whole word as /ActualText, the fragments after it an empty one,
        so that the word reads and copies whole (ISO 32000-1 14.9.4). Returns the words."""
        sequence: list[tuple[int, Marked]] = []
        for ref in self.tree.order:
            if ref.idnum not in self.tree.reachable:
                continue
            page = self.tree.page_of(ref.get_object())
            for kid in ref.get_object().get("/K", []):
                if isinstance(kid, int) and not isinstance(kid, IndirectObject) \
                        and page is not None:
                    record = self.pages[page].marked.get(int(kid))
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
            self._wrap(wrap["page"], wrap["record"], wrap.get("first"), wrap.get("last"))
        return count

    def _wrap(self, page: int, record: Marked, first: str | None, last: str | None) -> None:
        """Wrap the glyphs of the first and/or last word of a marked content's text in Spans
        with /ActualText, splitting its TJ arrays at the words' spaces."""
        data = self.pages[page].data
        start, end = record.body
        arrays = list(_TJ.finditer(data, start, end))
        if not arrays:
            return
        jobs = {}
        if first is not None:
            jobs.setdefault(0, {})["first"] = first
        if last is not None:
            jobs.setdefault(len(arrays) - 1, {})["last"] = last
        for index, job in jobs.items():
            array = arrays[index]
            names = _TF.findall(data[start:array.start()])
            name = names[-1].decode("latin-1") if names else record.font
            fonts = self.fonts.for_page(self.pages[page].obj).get(name or "", {})
            self.pages[page].edits[(array.start(), array.end())] = _split_array(
                array.group(1), fonts, job.get("first"), job.get("last"))


    # 7. lists and link annotations (ISO 32000-1 14.8.4.3.3, 14.8.4.4.2) ---------------------
    def lists(self) -> int:
        """L holds only LI (and L, Caption), LI only Lbl and LBody: a Div grouping items (a
        <div> in a <dl>) gives its items to the list, an empty Span between items goes, and an
        LI's other kids (a <p> in an <li>) are wrapped in one LBody. Returns the changes."""
        changes = 0
        for ref in list(self.tree.order):
            element = ref.get_object()
            if ref.idnum not in self.tree.reachable or element["/S"] not in ("/L", "/LI"):
                continue
            kids = element["/K"]
            if element["/S"] == "/L":
                for kid in self.tree.kids(ref):
                    kind = kid.get_object()["/S"]
                    if kind in ("/Div", "/NonStruct") and self.tree.kids(kid) and all(
                            k.get_object()["/S"] in ("/LI", "/L") for k in self.tree.kids(kid)):
                        items = self.tree.kids(kid)
                        lang = kid.get_object().get("/Lang")
                        for item in items:
                            if lang is not None and "/Lang" not in item.get_object():
                                item.get_object()[NameObject("/Lang")] = lang
                        kid.get_object()[NameObject("/K")] = ArrayObject()
                        self._adopt(ref, items, before=kid)
                        self._remove(kid)
                        changes += 1
                    elif kind == "/Span" and not self.text(kid).strip():
                        self._drop(kid, kind="Layout")  # white space between items
                        changes += 1
            else:
                others = [k for k in self.tree.kids(ref)
                          if k.get_object()["/S"] not in ("/Lbl", "/LBody")]
                if not others:
                    continue
                body = DictionaryObject({
                    NameObject("/Type"): NameObject("/StructElem"),
                    NameObject("/S"): NameObject("/LBody"),
                    NameObject("/P"): ref, NameObject("/K"): ArrayObject()})
                if "/Pg" in element:
                    body[NameObject("/Pg")] = element.raw_get("/Pg")
                body_ref = self.writer._add_object(body)
                self.tree.reachable.add(body_ref.idnum)
                self.tree.parent[body_ref.idnum] = ref
                at = next(i for i, k in enumerate(kids)
                          if isinstance(k, IndirectObject) and k.idnum == others[0].idnum)
                for other in others:
                    self._remove_kid(ref, other)
                kids.insert(min(at, len(kids)), body_ref)
                self._adopt(body_ref, others)
                changes += 1
        return changes

    def _remove_kid(self, parent: Any, ref: Any) -> None:
        """Take one kid out of its parent's /K (and nothing else)."""
        kids = parent.get_object()["/K"]
        for i, kid in enumerate(kids):
            if isinstance(kid, IndirectObject) and kid.idnum == ref.idnum:
                del kids[i]
                return

    def link_parents(self) -> int:
        """A link annotation's structure parent is the Link element: WeasyPrint makes it a Span
        inside the Link when the link's text has its own element. Returns the fixes."""
        nums = self.struct_root["/ParentTree"].get_object()["/Nums"]
        at = {int(nums[i]): i + 1 for i in range(0, len(nums), 2)}
        fixes = 0
        for page in self.writer.pages:
            for annot_ref in page.get("/Annots", []):
                annot = annot_ref.get_object()
                key = annot.get("/StructParent")
                if annot.get("/Subtype") != "/Link" or key is None or int(key) not in at:
                    continue
                owner = nums[at[int(key)]]
                if not isinstance(owner, IndirectObject) or owner.get_object()["/S"] == "/Link":
                    continue
                link = self.tree.parent.get(owner.idnum)
                while link is not None and link.get_object()["/S"] != "/Link":
                    link = self.tree.parent.get(link.idnum)
                if link is None:
                    continue
                kids = owner.get_object()["/K"]
                for i, kid in enumerate(kids):
                    obj = kid.get_object() if isinstance(kid, IndirectObject) else kid
                    if isinstance(obj, DictionaryObject) and obj.get("/Type") == "/OBJR" and \
                            obj.raw_get("/Obj").idnum == annot_ref.idnum:
                        del kids[i]
                        link.get_object()["/K"].append(kid)
                        break
                nums[at[int(key)]] = link
                fixes += 1
        return fixes

    # writing ------------------------------------------------------------------------------
    def write(self) -> bytes:
        """The edited content streams written back and the whole PDF as bytes."""
        for page in self.pages:
            if not page.edits:
                continue
            out, at = [], 0
            for (start, end), replacement in sorted(page.edits.items()):
                out.extend([page.data[at:start], replacement])
                at = end
            out.append(page.data[at:])
            data = b"".join(out)
            if page.stream is None:
                stream = StreamObject()
                stream.set_data(data)
                page.obj[NameObject("/Contents")] = self.writer._add_object(stream.flate_encode())
            else:
                page.stream.set_data(data)
        buffer = io.BytesIO()
        self.writer.write(buffer)
        return buffer.getvalue()


def _hyphenated(text: str) -> bool:
    """Whether a line's text ends in a layout hyphen after a letter (not a lone dash)."""
    return len(text) > 1 and text.endswith(LAYOUT_HYPHEN) and not text[-2].isspace()


def _split_array(source: bytes, fonts: dict[bytes, str], first: str | None,
                 last: str | None) -> bytes:
    """A TJ array's operators with its first word (if `first` is given) and its last word (if
    `last` is) wrapped in Spans carrying those /ActualText; a single word gets one Span."""
    tokens: list[tuple[bytes, str]] = []  # (array item source, its text)
    for hexrun, number in _TJ_ITEM.findall(source):
        if hexrun:
            tokens.extend((b"<" + g + b">", fonts.get(g, "")) for g in _glyphs(hexrun))
        else:
            tokens.append((number, ""))
    spaces = [i for i, (_, t) in enumerate(tokens) if t.isspace()]

    def tj(part: list[tuple[bytes, str]]) -> bytes:
        return b"[" + b"".join(src for src, _ in part) + b"] TJ"

    def span(part: list[tuple[bytes, str]], actual: str) -> bytes:
        return b"/Span <</ActualText " + _hex_text(actual) + b">> BDC\n" + tj(part) + b"\nEMC"

    if not spaces:
        return span(tokens, (first or "") + (last or ""))
    head_end, tail_start = spaces[0], spaces[-1] + 1
    pieces = []
    if first is not None:
        pieces.append(span(tokens[:head_end], first))
    middle = tokens[head_end if first is not None else 0:tail_start if last is not None
                    else len(tokens)]
    if middle:
        pieces.append(tj(middle))
    if last is not None:
        pieces.append(span(tokens[tail_start:], last))
    return b"\n".join(pieces)

def make_accessible(pdf: bytes, link_titles: dict[str, str]) -> tuple[bytes, dict[str, int]]:
    """The PDF with the PDF/UA fixes above, and how many of each were made (for the timeline
    and the tests). `link_titles` maps an anchor id to its heading's text."""
    fixer = Fixer(pdf)
    counts = {
        "artifacts": fixer.margin_artifacts(),
        "tables_merged": fixer.merge_tables(),
        "figures": fixer.figure_boxes(),
        "links": fixer.link_descriptions(link_titles),
        "hyphens": fixer.hyphens(),
        "lists": fixer.lists(),
        "link_parents": fixer.link_parents(),
    }
    counts["ids"] = fixer.id_tree()
    return fixer.write(), counts


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
