"""The content streams WeasyPrint (70) writes, read and edited by pattern: marked-content
sequences (`/Span\n<</MCID n>>\nBDC ... EMC`), text as `[<glyph>kern<glyph>...] TJ` of
Identity-H fonts with a ToUnicode map. A page costs a few milliseconds this way; a parser of
every operator would cost a large part of the build."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pypdf.generic import ArrayObject, IndirectObject


#: CSS px per PDF point: WeasyPrint lays out in px and scales the page by 0.75
PT_PER_PX = 0.75
#: the character WeasyPrint draws at a line-end hyphenation (CSS hyphenate-character: auto)
LAYOUT_HYPHEN = "\u2010"

_MARKED = re.compile(rb"/(\w+)\n<</MCID (\d+)>>\nBDC\n")
TJ = re.compile(rb"\[([^\]]*)\] TJ")
_TJ_ITEM = re.compile(rb"<([0-9a-fA-F]*)>|(-?[\d.]+)")
_TM_Y = re.compile(rb"1 0 0 -1 [-\d.]+ ([-\d.]+) Tm")
TF = re.compile(rb"/(\S+) [\d.]+ Tf")
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
        first = TF.search(self.source)
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


def read_page(index: int, page: Any, fonts: Fonts) -> Page:
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



def split_array(source: bytes, fonts: dict[bytes, str], first: str | None,
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
