"""Opening a ledger file as it was downloaded: plain, gzipped (`.gz`) or zipped (`.zip` with one
member), and reading its header row and delimiter (tab, else semicolon).

The state's open purchase-invoice data comes as yearly files, some tab-separated and some
semicolon-separated, often compressed; the readers see the text inside whatever the wrapping.
A file that does not decompress, and an archive with other than one member, stop with an
InputError naming the file (and the archive's members).

Bounded whatever the file (limits in carbon/readers/checks.yaml, `files:`): an archive is
checked before it is expanded (its declared size against its own size and a ceiling) and read
with a cap at what it declared; a line longer than `max_line_bytes` is an error naming its row
(never read whole into memory); binary content (a gzip or zip file under a plain name, a
spreadsheet, an image) is described, never printed.
"""
from __future__ import annotations

import csv
import gzip
import hashlib
import io
import zipfile
import zlib
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO, Callable, Iterator

from carbon.errors import InputError
from carbon.yamlfile import read_mapping

#: Delimiters of the open data, looked for in the header row in this order.
DELIMITERS = ("\t", ";")
#: Errors of a broken compressed file.
BROKEN = (gzip.BadGzipFile, zipfile.BadZipFile, zlib.error, EOFError)
CHECKS = Path(__file__).with_name("checks.yaml")
#: What a file's first bytes say it is, when it is not text: the message's code for each.
MAGIC = ((b"\x1f\x8b", "file_is_gzip", "a gzip file"),
         (b"PK\x03\x04", "file_is_zip", "a zip file"), (b"PK\x05\x06", "file_is_zip", "a zip file"))
#: Control characters that text data never holds (tab, newline, carriage return, form feed aside).
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13))


@lru_cache(maxsize=None)
def limits() -> dict[str, int]:
    """The size limits of the files read (carbon/readers/checks.yaml, `files:`)."""
    return {k: int(v) for k, v in read_mapping(CHECKS, "checks settings file")["files"].items()}


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


def _archive_limit(path: Path, declared: int, packed: int, wraps: bool = False,
                   expands: Callable[[int], bool] | None = None) -> int:
    """How many bytes an archive may expand to: what it declares, checked before anything is
    expanded against `max_ratio` times its packed size and `max_bytes` (else InputError).
    `wraps`: the declared size is modulo 2**32 (gzip), so the largest size it may stand for
    within the bounds is allowed. `expands(bound)`: whether the content really expands past
    `bound`, asked before refusing a declared size that is only a hint (a truncated gzip's
    trailer is noise; it is then reported as broken by the decompressor)."""
    lim = limits()
    bound = min(max(packed, 1) * lim["max_ratio"], lim["max_bytes"])
    if declared > bound and (expands is None or expands(bound)):
        ratio = declared / max(packed, 1)
        if declared > lim["max_bytes"]:
            raise InputError(path, f"the archive declares {declared} bytes of content, more than "
                             f"the {lim['max_bytes']} bytes accepted", code="archive_too_large",
                             params={"declared": declared, "limit": lim["max_bytes"]})
        raise InputError(path, f"the archive declares {declared} bytes of content, {ratio:.0f} "
                         f"times its own size (at most {lim['max_ratio']} times is accepted): a "
                         "broken or hostile archive", code="archive_ratio",
                         params={"declared": declared, "ratio": f"{ratio:.0f}",
                                 "max_ratio": lim["max_ratio"]})
    if declared > bound:
        return bound
    if wraps:
        declared += (bound - declared) // (1 << 32) * (1 << 32)
    return declared


def _gzip_expands(path: Path, bound: int) -> bool:
    """Whether a gzip file's content is longer than `bound` bytes (streamed and dropped, at
    most bound + 1 bytes; a broken stream raises the decompressor's error)."""
    done = 0
    with gzip.open(path, "rb") as stream:
        while done <= bound and (chunk := stream.read(min(1 << 20, bound + 1 - done))):
            done += len(chunk)
    return done > bound


def zip_limit(path: Path, member: str) -> int:
    """The bytes a zip member may expand to (`_archive_limit` of its directory entry)."""
    try:
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo(member)
    except BROKEN as exc:
        raise broken(path, exc) from None
    return _archive_limit(path, info.file_size, info.compress_size)


def gzip_limit(path: Path) -> int:
    """The bytes a gzip file may expand to (`_archive_limit` of the size its trailer declares,
    modulo 2**32)."""
    size = path.stat().st_size
    with path.open("rb") as fh:
        if size < 18 or fh.read(2) != b"\x1f\x8b":
            raise broken(path, gzip.BadGzipFile("not a gzipped file"))
        fh.seek(size - 4)
        declared = int.from_bytes(fh.read(4), "little")
    try:
        return _archive_limit(path, declared, size, wraps=True,
                              expands=lambda bound: _gzip_expands(path, bound))
    except BROKEN as exc:
        raise broken(path, exc) from None


class _Capped(io.RawIOBase):
    """A decompressing stream that stops with an InputError past `limit` bytes (an archive
    that expands beyond what it declared)."""

    def __init__(self, inner: BinaryIO, limit: int, path: Path) -> None:
        self.inner, self.left, self.limit, self.path = inner, limit, limit, path

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.inner.read(min(len(buffer), self.left + 1))
        if len(data) > self.left:
            raise InputError(self.path, f"the archive expands beyond the {self.limit} bytes it "
                             "declares: a broken or hostile archive", code="archive_overflow",
                             params={"limit": self.limit})
        self.left -= len(data)
        buffer[:len(data)] = data
        return len(data)


@contextmanager
def open_binary(path: Path) -> Iterator[BinaryIO]:
    """The file's decompressed bytes as a stream; decompression errors become InputError, and
    an archive is read with a cap at what it declares (checked first, `_archive_limit`)."""
    try:
        if compression(path) == "zip":
            member = zip_member(path)
            limit = zip_limit(path, member)
            with zipfile.ZipFile(path) as archive, archive.open(member) as stream:
                yield io.BufferedReader(_Capped(stream, limit, path), 1 << 20)
        elif compression(path) == "gzip":
            limit = gzip_limit(path)
            with gzip.open(path, "rb") as stream:
                yield io.BufferedReader(_Capped(stream, limit, path), 1 << 20)
        else:
            with path.open("rb") as stream:
                yield stream
    except BROKEN as exc:
        raise broken(path, exc) from None


def read_bytes(path: Path) -> bytes | bytearray:
    """The whole decompressed content (an archive at most the size it declares; a zip member
    into one buffer of its declared size, so that memory is the content once)."""
    with open_binary(path) as fh:
        if compression(path) is None:
            return fh.read()
        if compression(path) == "zip":
            buffer = bytearray(fh.raw.limit)
            view, done = memoryview(buffer), 0
            while done < len(buffer) and (n := fh.readinto(view[done:])):
                done += n
            fh.read(1)   # past the declared size: the cap's error
            return buffer[:done] if done < len(buffer) else buffer
        parts = []
        while chunk := fh.read(1 << 24):
            parts.append(chunk)
        return b"".join(parts)


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
        head = fh.peek(4096)[:4096] if hasattr(fh, "peek") else b""
        raw = fh.readline(limits()["max_line_bytes"] + 1)
    refuse_binary(path, head or raw)
    if len(raw) > limits()["max_line_bytes"]:
        raise line_too_long(path, 1, raw, [])
    try:
        first = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        first = raw.decode("cp1252", errors="replace")
    if not first.strip():
        raise InputError(path, "the file is empty (no header row)", row=1, code="empty_file")
    sep = next((s for s in DELIMITERS if s in first), otherwise)
    return [c.strip() for c in next(csv.reader([first.rstrip("\r\n")], delimiter=sep))], sep


def refuse_binary(path: Path, head: bytes) -> None:
    """An InputError describing (not printing) a file whose first bytes are not text: a gzip
    or zip file (under a plain name, or inside an archive), or binary data (naming the row of
    its first NUL or control byte)."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return   # UTF-16 with its byte order mark: text, transcoded by the readers
    for magic, code, kind in MAGIC:
        if head.startswith(magic):
            raise InputError(path, f"the file is {kind}, not delimited text: give a compressed "
                             "file its own ending (.gz, .zip)", code=code)
    sample = head[:4096]
    controls = [i for i, b in enumerate(sample) if b in _CONTROL]
    if b"\x00" in sample or len(controls) > len(sample) // 100 + 1:
        first = controls[0]   # NUL is a control byte too
        raise InputError(path, "the file holds binary data, not delimited text",
                         row=sample.count(b"\n", 0, first) + 1, code="file_is_binary")


def line_too_long(path: Path, row: int, start: bytes, names: list[str], sep: str = "\t"
                  ) -> InputError:
    """The error for a line over `max_line_bytes` (row as a spreadsheet shows it), naming the
    column of its longest field among the bytes read (`start`) when the header is known."""
    limit = limits()["max_line_bytes"]
    fields = start.split(sep.encode())
    longest = max(range(len(fields)), key=lambda i: len(fields[i]))
    column = names[longest] if longest < len(names) else None
    return InputError(path, f"the line is longer than {limit} bytes: a broken file, or a "
                      "field that is no invoice data", row=row, column=column,
                      code="line_too_long", params={"limit": limit})


def lines(path: Path, source: Path | None = None, names: list[str] | None = None,
          sep: str = "\t") -> Iterator[tuple[int, bytes]]:
    """Each line of the decompressed file with its row number (the header is row 1), its line
    ending dropped; a line over `max_line_bytes` is an InputError naming the row (`names`,
    the header, name its longest field's column), never read whole. `source`: where the bytes
    are read from when not from `path` itself; errors name `path`."""
    limit = limits()["max_line_bytes"]
    with open_binary(source or path) as fh:
        row = 0
        while line := fh.readline(limit + 1):
            row += 1
            if len(line) > limit and not line.endswith(b"\n"):
                raise line_too_long(path, row, line, names or [], sep)
            yield row, line.rstrip(b"\r\n")


def first_bad_row(path: Path, sep: str, fields: int) -> int | None:
    """The line number of the first row whose field count differs from the header's (Arrow's
    multi-threaded reader does not tell it); a line too long is an InputError naming it."""
    mark = sep.encode()
    for number, line in lines(path, sep=sep):
        if line.strip() and line.count(mark) + 1 != fields:
            return number
    return None


def check_long_lines(path: Path, names: list[str], sep: str) -> None:
    """Raise the InputError of the first line over `max_line_bytes`, if there is one."""
    for _ in lines(path, names=names, sep=sep):
        pass


def check_unique_columns(path: Path, names: list[str]) -> None:
    """A column named twice in the header is an error naming it (which copy would count?)."""
    twice = next((c for i, c in enumerate(names) if c in names[:i]), None)
    if twice is not None:
        raise InputError(path, "the header names the column twice", row=1, column=twice,
                         code="column_twice")


def declared_size(path: Path) -> int:
    """The size of the file's content as it declares it, read without expanding: a plain
    file's size, a zip member's directory entry, a gzip trailer's (modulo 2**32)."""
    kind = compression(path)
    if kind == "zip":
        try:
            with zipfile.ZipFile(path) as archive:
                return archive.getinfo(zip_member(path)).file_size
        except BROKEN as exc:
            raise broken(path, exc) from None
    if kind == "gzip":
        size = path.stat().st_size
        with path.open("rb") as fh:
            fh.seek(max(size - 4, 0))
            return int.from_bytes(fh.read(4), "little") % (1 << 32)
    return path.stat().st_size


def content_digest(path: Path) -> str:
    """sha256 of the file's decompressed content (streamed)."""
    digest = hashlib.sha256()
    with open_binary(path) as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def check_distinct_files(paths: list[Path]) -> None:
    """The same file given twice, or two files with the same content (the same year as .csv and
    .csv.gz), is an InputError naming both: its lines would count twice. Cheap: only files
    whose declared content sizes agree (plain size mod 2**32 against a gzip trailer's) are read
    and hashed, so distinct files cost a stat and a few bytes each."""
    seen: dict[Path, Path] = {}
    for path in paths:
        key = path.resolve()
        if key in seen:
            raise InputError(path, f"the file is given twice (also as {seen[key]}): its lines "
                             "would count twice", code="file_given_twice",
                             params={"other": str(seen[key])})
        seen[key] = path
    by_size: dict[int, list[Path]] = {}
    for path in paths:
        if path.exists():
            by_size.setdefault(declared_size(path) % (1 << 32), []).append(path)
    for group in (g for g in by_size.values() if len(g) > 1):
        digests: dict[str, Path] = {}
        for path in group:
            digest = content_digest(path)
            if digest in digests:
                raise InputError(path, f"the file has the same content as {digests[digest]}: its "
                                 "lines would count twice; give each file once",
                                 code="file_same_content", params={"other": str(digests[digest])})
            digests[digest] = path
