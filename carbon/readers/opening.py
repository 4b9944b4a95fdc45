"""Opening a ledger file as it was downloaded: plain, gzipped (`.gz`) or zipped (`.zip` with one
member), and reading its header row and delimiter (tab, else semicolon).

The state's open purchase-invoice data comes as yearly files, some tab-separated and some
semicolon-separated, often compressed; the readers see the text inside whatever the wrapping.
A file that does not decompress, and an archive with other than one member, stop with an
InputError naming the file (and the archive's members).
"""
from __future__ import annotations

import csv
import gzip
import zipfile
import zlib
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, Iterator

from carbon.errors import InputError

#: Delimiters of the open data, looked for in the header row in this order.
DELIMITERS = ("\t", ";")
#: Errors of a broken compressed file.
BROKEN = (gzip.BadGzipFile, zipfile.BadZipFile, zlib.error, EOFError)


def compression(path: Path) -> str | None:
    """'gzip' or 'zip' by the file name's ending, None for a plain file."""
    return {".gz": "gzip", ".zip": "zip"}.get(path.suffix.lower())


def zip_member(path: Path) -> str:
    """The one file inside a zip archive (folders and macOS resource forks aside); an archive
    with none or several is an InputError naming its members."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = [i.filename for i in archive.infolist()
                     if not i.is_dir() and not i.filename.startswith("__MACOSX/")]
    except BROKEN as exc:
        raise broken(path, exc) from None
    if len(names) != 1:
        listed = ", ".join(names) or "-"
        raise InputError(path, f"the zip archive must hold one ledger file, it holds "
                         f"{len(names)}: {listed}", code="zip_members",
                         params={"count": len(names), "members": listed})
    return names[0]


def broken(path: Path, exc: BaseException) -> InputError:
    """The error for a compressed file that does not decompress."""
    kind = compression(path) or "plain"
    return InputError(path, f"cannot decompress the file ({kind}): {exc}",
                      code="decompress_failed", params={"kind": kind, "detail": str(exc)})


@contextmanager
def open_binary(path: Path) -> Iterator[BinaryIO]:
    """The file's decompressed bytes as a stream; decompression errors become InputError."""
    try:
        if compression(path) == "zip":
            member = zip_member(path)
            with zipfile.ZipFile(path) as archive, archive.open(member) as stream:
                yield stream
        elif compression(path) == "gzip":
            with gzip.open(path, "rb") as stream:
                yield stream
        else:
            with path.open("rb") as stream:
                yield stream
    except BROKEN as exc:
        raise broken(path, exc) from None


def read_bytes(path: Path) -> bytes:
    """The whole decompressed content."""
    with open_binary(path) as fh:
        return fh.read()


def arrow_source(path: Path) -> object:
    """What pyarrow.csv.read_csv reads: the path of a plain file, a native gzip stream, or the
    bytes of a zip member (a zip member streams only through Python, slower than whole)."""
    import pyarrow as pa

    kind = compression(path)
    if kind == "gzip":
        return pa.input_stream(str(path), compression="gzip")
    if kind == "zip":
        return pa.py_buffer(read_bytes(path))
    return str(path)


def header(path: Path, source: Path | None = None,
           otherwise: str = DELIMITERS[0]) -> tuple[list[str], str]:
    """The header row's column names (UTF-8, else Windows-1252) and the delimiter: tab, else
    semicolon, else `otherwise` (a file with one column is reported by the readers by name).
    `source`: where the text is read from when not from `path` itself (a UTF-8 copy); errors
    name `path`."""
    with open_binary(source or path) as fh:
        raw = fh.readline()
    try:
        first = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        first = raw.decode("cp1252", errors="replace")
    if not first.strip():
        raise InputError(path, "the file is empty (no header row)", row=1, code="empty_file")
    sep = next((s for s in DELIMITERS if s in first), otherwise)
    return [c.strip() for c in next(csv.reader([first.rstrip("\r\n")], delimiter=sep))], sep


def first_bad_row(path: Path, sep: str, fields: int) -> int | None:
    """The line number of the first row whose field count differs from the header's (Arrow's
    multi-threaded reader does not tell it)."""
    mark = sep.encode()
    with open_binary(path) as fh:
        for number, line in enumerate(fh, start=1):
            if line.strip() and line.rstrip(b"\r\n").count(mark) + 1 != fields:
                return number
    return None
