"""A reader of a tagged PDF for the PDF/UA tests, written on pypdf independently of
report/render/pdfua/: the structure tree in reading order, the parent tree, and every
text-showing operator of the pages with the marked content it sits in (tag, MCID, /Type,
/ActualText), decoded through the fonts' ToUnicode maps."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

_TOKEN = re.compile(rb"<<|>>|<[0-9A-Fa-f\s]*>|\((?:\\.|[^\\)])*\)|\[|\]|/[^\s/<>\[\]()]*"
                    rb"|[^\s/<>\[\]()]+")
_TEXT_OPS = {b"Tj", b"TJ", b"'", b'"'}


@dataclass
class Shown:
    """One text-showing operator: its page, its text, and the marked contents around it
    (outermost first), each as a dict of 'tag' and its properties."""
    page: int
    text: str
    marks: list[dict[str, Any]]


def _utf16(hexstr: bytes) -> str:
    return bytes.fromhex(hexstr.decode("ascii")).decode("utf-16-be", "replace")


def _cmap(font: Any) -> dict[str, str]:
    """Glyph code (hex) to text, from a font's ToUnicode (bfchar and bfrange)."""
    if "/ToUnicode" not in font:
        return {}
    data = font["/ToUnicode"].get_object().get_data()
    table = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        codes = re.findall(rb"<([0-9A-Fa-f]+)>", block)
        for src, dst in zip(codes[::2], codes[1::2]):
            table[src.decode().lower()] = _utf16(dst)
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for line in block.splitlines():
            codes = re.findall(rb"<([0-9A-Fa-f]+)>", line)
            if len(codes) == 3:
                lo, hi, dst = (int(c, 16) for c in codes)
                for k in range(hi - lo + 1):
                    table[f"{lo + k:0{len(codes[0])}x}"] = chr(dst + k)
    return table


def _text_string(token: bytes) -> str:
    """A PDF text string token (hex with a UTF-16 BOM, or literal) as text."""
    if token.startswith(b"<"):
        raw = bytes.fromhex(token[1:-1].decode("ascii"))
    else:
        raw = token[1:-1]
    if raw.startswith(b"\xfe\xff"):
        return raw[2:].decode("utf-16-be")
    return raw.decode("latin-1")


class TaggedPdf:
    """A tagged PDF read for its structure and its text operators."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.reader = PdfReader(path)
        self.pages = self.reader.pages
        self.page_of = {p.indirect_reference.idnum: i for i, p in enumerate(self.pages)}
        self.root = self.reader.trailer["/Root"]["/StructTreeRoot"].get_object()
        self.elements: list[Any] = []  # (indirect reference, dict) in reading order
        self._walk(self.root.get("/K", []))
        self.reachable = {ref.idnum for ref, _ in self.elements}
        self._serial = 0
        self.shown = [s for i in range(len(self.pages)) for s in self._scan(i)]
        self._by_mcid: dict[tuple[int, int], list[Shown]] | None = None

    def _walk(self, kids: Any) -> None:
        if isinstance(kids, (IndirectObject, DictionaryObject)):
            kids = [kids]
        for kid in kids:
            if isinstance(kid, IndirectObject):
                obj = kid.get_object()
                if isinstance(obj, DictionaryObject) and "/S" in obj:
                    self.elements.append((kid, obj))
                    self._walk(obj.get("/K", []))

    def of_type(self, tag: str) -> list[Any]:
        """The structure elements of one type, in reading order."""
        return [obj for _, obj in self.elements if obj["/S"] == tag]

    def kids(self, element: Any) -> list[Any]:
        """An element's child elements."""
        return [k.get_object() for k in element.get("/K", [])
                if isinstance(k, IndirectObject) and "/S" in k.get_object()]

    def parent_tree(self) -> dict[tuple[int, int], Any]:
        """(page, MCID) -> the element the parent tree names for it (null entries left out)."""
        nums = self.root["/ParentTree"].get_object()["/Nums"]
        out = {}
        for i in range(0, len(nums), 2):
            value = nums[i + 1].get_object()
            if isinstance(value, ArrayObject):
                for mcid, ref in enumerate(value):
                    if isinstance(ref, IndirectObject):
                        out[(int(nums[i]), mcid)] = ref
        return out

    def _scan(self, index: int) -> Iterator[Shown]:
        page = self.pages[index]
        fonts = {name[1:]: _cmap(ref.get_object())
                 for name, ref in page.get("/Resources", {}).get("/Font", {}).items()}
        data = page.get_contents().get_data()
        stack: list[dict[str, Any]] = []
        operands: list[bytes] = []
        font: dict[str, str] = {}
        for token in _TOKEN.findall(data):
            if token in (b"BDC", b"BMC"):
                self._serial += 1
                mark: dict[str, Any] = {"tag": operands[0].decode() if operands else "?",
                                        "serial": self._serial}
                if token == b"BDC":
                    tokens = operands[1:]
                    for key, value in zip(tokens, tokens[1:]):
                        if key == b"/MCID":
                            mark["MCID"] = int(value)
                        elif key == b"/Type":
                            mark["Type"] = value.decode()
                        elif key == b"/ActualText":
                            mark["ActualText"] = _text_string(value)
                stack.append(mark)
                operands = []
            elif token == b"EMC":
                stack.pop()
                operands = []
            elif token == b"Tf":
                font = fonts.get(operands[0][1:].decode(), {}) if operands else {}
                operands = []
            elif token in _TEXT_OPS:
                text = "".join(font.get(h[i:i + 4], "") for o in operands if o.startswith(b"<")
                               and not o.startswith(b"<<")
                               for h in [o[1:-1].decode().lower()]
                               for i in range(0, len(h), 4))
                yield Shown(index, text, list(stack))
                operands = []
            elif re.fullmatch(rb"[A-Za-z*]+", token) and token not in (b"true", b"false",
                                                                        b"null"):
                operands = []
            else:
                operands.append(token)

    def mcid_text(self, page: int, mcid: int) -> str:
        """The text of a marked-content sequence as read aloud or copied: a nested /ActualText
        replaces the glyphs it wraps."""
        if self._by_mcid is None:
            self._by_mcid = {}
            for shown in self.shown:
                for mark in shown.marks:
                    if "MCID" in mark:
                        self._by_mcid.setdefault((shown.page, mark["MCID"]), []).append(shown)
        parts: list[str] = []
        done: set[int] = set()
        for shown in self._by_mcid.get((page, mcid), []):
            actual = next((m for m in shown.marks if "ActualText" in m), None)
            if actual is None:
                parts.append(shown.text)
            elif actual["serial"] not in done:
                done.add(actual["serial"])
                parts.append(actual["ActualText"])
        return "".join(parts)

    def text_of(self, element: Any) -> str:
        """An element's text in reading order (its /ActualText if it has one; the marked
        contents of its kids joined by spaces, as a reader separates lines)."""
        if "/ActualText" in element:
            return str(element["/ActualText"])
        page = self.page_of.get(element.raw_get("/Pg").idnum) if "/Pg" in element else None
        parts = []
        for kid in element.get("/K", []):
            if isinstance(kid, int) and not isinstance(kid, IndirectObject) and page is not None:
                parts.append(self.mcid_text(page, int(kid)))
            elif isinstance(kid, IndirectObject) and "/S" in kid.get_object():
                parts.append(self.text_of(kid.get_object()))
        return " ".join(p for p in parts if p)
