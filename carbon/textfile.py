"""Text encodings of input files: UTF-8 (with or without a byte order mark) and the Windows-1252
(Latin-1) that spreadsheet exports are often saved in. Anything else stops with a message
naming the file (and the row of the first byte that does not fit)."""
from __future__ import annotations

import codecs
import re
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from .errors import InputError

if TYPE_CHECKING:
    import pandas as pd

#: Encodings tried in order after the byte order marks; the first that decodes the whole file wins.
FALLBACK = "cp1252"
EXPECTED = "UTF-8 or Windows-1252 (Latin-1)"
#: A letter beyond ASCII in text decoded from UTF-8 with the errors replaced.
_UTF8_LETTER = re.compile("[^\x00-\x7f\ufffd]")


def _line_of(data: bytes, position: int) -> int:
    """The 1-based line number of a byte offset."""
    return data.count(b"\n", 0, position) + 1


def detect_encoding(data: bytes, file: str | Path) -> str:
    """The Python codec that reads `data`: 'utf-8-sig' for UTF-8 (a BOM is dropped), 'utf-16'
    with its byte order mark, else Windows-1252. A UTF-8 file with a stray non-UTF-8 byte (its
    other letters are UTF-8) and binary data raise InputError naming the file and row."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad = exc.start
        # Valid multi-byte UTF-8 letters elsewhere: a UTF-8 file with a broken byte, not Latin-1.
        mixed = data.decode("utf-8", errors="replace")
        if any(ord(ch) > 127 and ch != "\ufffd" for ch in mixed):
            raise InputError(file, f"byte 0x{data[bad]:02x} is not UTF-8 although the rest of "
                             f"the file is UTF-8: save the file as {EXPECTED}",
                             row=_line_of(data, bad), code="encoding_mixed",
                             params={"byte": f"0x{data[bad]:02x}", "expected": EXPECTED}) from None
        try:
            data.decode(FALLBACK)
        except UnicodeDecodeError as exc2:
            raise InputError(file, f"the file is not text in {EXPECTED}",
                             row=_line_of(data, exc2.start), code="encoding_unknown",
                             params={"expected": EXPECTED}) from None
        encoding = FALLBACK
    else:
        encoding = "utf-8-sig"
    if b"\x00" in data:
        raise InputError(file, f"the file is not text in {EXPECTED} (it contains NUL bytes)",
                         row=_line_of(data, data.index(b"\x00")), code="encoding_unknown",
                         params={"expected": EXPECTED})
    return encoding


def _unknown(file: str | Path, row: int | None) -> InputError:
    return InputError(file, f"the file is not text in {EXPECTED}", row=row,
                      code="encoding_unknown", params={"expected": EXPECTED})


def transcode(src: BinaryIO, dst: BinaryIO, file: str | Path, chunk: int = 1 << 20,
              max_line: int = 1 << 20) -> str:
    """Copy a text stream of any length into `dst` as UTF-8 (no byte order mark), read as
    `detect_encoding` reads a whole file (UTF-8, UTF-16 with its mark, else Windows-1252; a
    stray byte in UTF-8 text, undefined bytes and NUL bytes are InputErrors naming the file and
    row) but a chunk at a time, so that memory stays bounded by the chunk and `max_line` (a
    line longer is an InputError naming its row). Returns the encoding it was read in."""
    data = src.read(max(chunk, 4))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        decoder = codecs.getincrementaldecoder("utf-16")()
        try:
            while data:
                dst.write(decoder.decode(data).encode("utf-8"))
                data = src.read(chunk)
            dst.write(decoder.decode(b"", final=True).encode("utf-8"))
        except UnicodeDecodeError:
            raise _unknown(file, None) from None
        return "utf-16"
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):] or src.read(chunk)
    encoding, lines = "utf-8-sig", 0      # lines: newlines before the chunk
    bad: tuple[int, int] | None = None    # the first byte that is not UTF-8: its row and value
    letters = False                       # a UTF-8 letter beyond ASCII seen
    while data:
        if not data.endswith(b"\n"):      # whole lines: no character split between chunks
            data += src.readline(max_line + 1)
            tail = len(data) - data.rfind(b"\n") - 1
            if tail > max_line and not data.endswith(b"\n"):
                raise InputError(file, f"the line is longer than {max_line} bytes: a broken "
                                 "file, or a field that is no invoice data",
                                 row=lines + data.count(b"\n") + 1, code="line_too_long",
                                 params={"limit": max_line})
        if b"\x00" in data:
            raise _unknown(file, lines + data.count(b"\n", 0, data.index(b"\x00")) + 1)
        try:
            data.decode("utf-8")
            letters = letters or not data.isascii()
            text = None
        except UnicodeDecodeError as exc:
            if bad is None:
                bad = (lines + data.count(b"\n", 0, exc.start) + 1, data[exc.start])
            letters = letters or bool(_UTF8_LETTER.search(data.decode("utf-8", "replace")))
            try:
                text = data.decode(FALLBACK)
            except UnicodeDecodeError as exc2:
                raise _unknown(file, lines + data.count(b"\n", 0, exc2.start) + 1) from None
            encoding = FALLBACK
        if bad is not None and letters:
            # (what was written before the stray byte is ASCII, the same in either encoding)
            row, byte = bad
            raise InputError(file, f"byte 0x{byte:02x} is not UTF-8 although the rest of the "
                             f"file is UTF-8: save the file as {EXPECTED}", row=row,
                             code="encoding_mixed",
                             params={"byte": f"0x{byte:02x}", "expected": EXPECTED})
        dst.write(data if text is None else text.encode("utf-8"))
        lines += data.count(b"\n")
        data = src.read(chunk)
    return encoding


def read_text(path: str | Path, what: str = "file") -> str:
    """A small text file's content in whichever of the accepted encodings it is saved in."""
    path = Path(path)
    if not path.is_file():
        raise InputError(path, f"{what} not found", code="not_found", params={"what": what})
    data = path.read_bytes()
    return data.decode(detect_encoding(data, path))


def read_csv_text(path: str | Path, what: str = "file", sep: str | None = ",") -> "pd.DataFrame":
    """A small CSV file as a frame of text cells (no NA guessing), whatever accepted encoding it
    is saved in; a file pandas cannot split into rows raises InputError naming the file."""
    import io

    import pandas as pd

    text = read_text(path, what)
    try:
        return pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False,
                           na_filter=False, engine="python" if sep is None else "c")
    except pd.errors.EmptyDataError:
        raise InputError(path, "the file is empty (no header row)", row=1,
                         code="empty_file") from None
    except pd.errors.ParserError as exc:
        raise InputError(path, f"cannot split the file into rows and columns: {exc}",
                         code="csv_unreadable", params={"detail": str(exc)}) from None


def read_table(path: str | Path, what: str = "file") -> "pd.DataFrame":
    """A spreadsheet (.xlsx) or a delimited text file (comma, semicolon or tab, detected; any
    accepted encoding) as a frame of text cells with trimmed column names."""
    import csv
    import io

    import pandas as pd

    path = Path(path)
    if path.suffix.lower() in (".xlsx", ".xlsm", ".xls"):
        try:
            raw = pd.read_excel(path, dtype=str, keep_default_na=False, na_filter=False)
        except Exception as exc:  # noqa: BLE001 - openpyxl and zipfile raise many kinds
            raise InputError(path, f"cannot read the file as a spreadsheet ({type(exc).__name__}: "
                             f"{exc})", code="spreadsheet_unreadable",
                             params={"detail": f"{type(exc).__name__}: {exc}"}) from None
    else:
        text = read_text(path, what)
        if not text.strip():
            raise InputError(path, "the file is empty (no header row)", row=1, code="empty_file")
        try:
            sep = csv.Sniffer().sniff(text[:4096], delimiters=",;\t").delimiter
        except csv.Error:
            sep = ","
        try:
            raw = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False,
                              na_filter=False)
        except pd.errors.ParserError as exc:
            raise InputError(path, f"cannot split the file into rows and columns: {exc}",
                             code="csv_unreadable", params={"detail": str(exc)}) from None
    raw.columns = [str(c).strip() for c in raw.columns]
    return raw


def read_rule_table(path: str | Path, what: str, required: tuple[str, ...],
                    optional: tuple[str, ...] = ()) -> "pd.DataFrame":
    """A small CSV of rules (mapping, activity map) as trimmed text cells: each required column
    present (else InputError naming it), each optional one added empty when absent."""
    frame = read_csv_text(path, what)
    for col in required:
        if col not in frame.columns:
            raise InputError(path, "required column is missing", row=1, column=col,
                             code="column_required")
    for col in optional:
        if col not in frame.columns:
            frame[col] = ""
    return frame.apply(lambda s: s.str.strip())
