"""Reading the first open-data ledger file ahead, in a second thread, while the program is
still importing its calculation libraries.

A command spends about 0.4 s importing pandas and pint before it can read anything, and a
million-line ledger takes about 0.2 s for Arrow to read; Arrow works without the interpreter
lock, so on two cores the read and the imports overlap. The file is read by the same function
the ledger reader would call (`carbon.readers.open_data.read_table`), and what it raises is
raised where the ledger reader asks for the table, so messages and their order do not change.
Only the first file is read ahead: the imports overlap the first read only, and reading more
ahead would hold several files' tables at once.
"""
from __future__ import annotations

import threading
from concurrent.futures import Future
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

_lock = threading.Lock()
_ahead: dict[str, Future] = {}


def _key(path: str | Path) -> str:
    return str(Path(path).resolve())


def _read(path: Path, future: Future) -> None:
    """Read one file's table into `future` (its header and delimiter with it), or its error."""
    try:
        from .open_data import read_table   # imports Arrow here, in this thread
        from .opening import header

        names, sep = header(path)
        future.set_result((names, sep, read_table(path, names, sep)))
    except BaseException as exc:   # handed over to the reader, which raises it
        future.set_exception(exc)


@contextmanager
def reading_ahead(sources: list[dict]) -> Iterator[None]:
    """While the block runs, the first open-data file of the ledger `sources` (the settings'
    `data.ledger`: {path, format, ...}) is read in a second thread; `table()` hands it over.
    What was not asked for is dropped when the block ends."""
    first = next((Path(s["path"]) for s in sources
                  if s.get("format", "open-data") == "open-data"), None)
    key = None
    if first is not None and first.is_file():
        key, future = _key(first), Future()
        with _lock:
            _ahead[key] = future
        threading.Thread(target=_read, args=(first, future), daemon=True,
                         name="vastuu-read-ahead").start()
    try:
        yield
    finally:
        if key is not None:
            with _lock:
                _ahead.pop(key, None)


def table(path: Path, names: list[str], sep: str):
    """The file's known columns as an Arrow table: the one read ahead (raising what that read
    raised), or read now when the file was not read ahead or its header has changed since."""
    with _lock:
        future = _ahead.pop(_key(path), None)
    if future is not None:
        ahead_names, ahead_sep, read = future.result()
        if ahead_names == names and ahead_sep == sep:
            return read
    from .open_data import read_table

    return read_table(path, names, sep)
