"""The version store: one SQLite file, `<org folder>/.vastuu/history.sqlite`.

Every version of a file is kept as its full text, addressed by its sha256 (`blobs`), so a diff
or a restore gives back exactly what was there. `changes` records each change (who, when,
file, subject, message, kind, the versions before and after); `files` holds the version the
store last saw of each file, so a file changed outside the workbench is recorded as an
"external" change the next time the store reads it. A save runs in one transaction
(BEGIN IMMEDIATE: one writer at a time, readers go on in WAL mode)."""
from __future__ import annotations

import datetime
import difflib
import hashlib
import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from carbon.errors import InputError, OptionError

from .model import Change
from .place import Place, read_file

FILE = "history.sqlite"
EXTERNAL = "(external)"
SCHEMA = """
CREATE TABLE IF NOT EXISTS blobs (sha TEXT PRIMARY KEY, text TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, sha TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS changes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    time TEXT NOT NULL,
    author TEXT NOT NULL,
    file TEXT NOT NULL,
    subject TEXT NOT NULL,
    message TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL,
    previous TEXT,
    version TEXT,
    year INTEGER,
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS changes_file ON changes (file);
CREATE INDEX IF NOT EXISTS changes_subject ON changes (subject);
"""


def sha(text: str) -> str:
    """The version of a text: the sha256 of its UTF-8 bytes."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def now() -> str:
    """The current time, UTC, ISO 8601 to the microsecond (sortable as text)."""
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="microseconds")


def unified(before: str, after: str, file: str) -> str:
    """The unified diff (difflib) of two texts of `file`."""
    a, b = before.splitlines(keepends=True), after.splitlines(keepends=True)
    lines = difflib.unified_diff(a, b, fromfile=f"a/{file}", tofile=f"b/{file}")
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"
                   for line in lines)


def since_text(since: object) -> str | None:
    """A --since value as a sortable ISO time: a date (midnight UTC), a datetime or its text."""
    if since is None or since == "":
        return None
    if isinstance(since, datetime.datetime):
        moment = since if since.tzinfo else since.replace(tzinfo=datetime.timezone.utc)
        return moment.astimezone(datetime.timezone.utc).isoformat(timespec="microseconds")
    if isinstance(since, datetime.date):
        return since_text(datetime.datetime(since.year, since.month, since.day))
    text = str(since).strip()
    try:
        return since_text(datetime.datetime.fromisoformat(text))
    except ValueError:
        pass
    try:
        d, m, y = (int(x) for x in text.split("."))   # 1.4.2027, as Finnish dates are written
        return since_text(datetime.date(y, m, d))
    except ValueError:
        raise OptionError("since", f"not a date: {text!r} (give YYYY-MM-DD or D.M.YYYY)",
                          code="collab_since_invalid", params={"value": text}) from None


class Store:
    """The store of one organisation (an open connection; see open_store)."""

    def __init__(self, place: Place, conn: sqlite3.Connection) -> None:
        self.place = place
        self.conn = conn
        self._depth = 0

    # ------------------------------------------------------------------ transactions

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction (nested calls join the outer one)."""
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self.conn.execute("BEGIN IMMEDIATE")
        self._depth = 1
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")
        finally:
            self._depth = 0

    # ------------------------------------------------------------------ versions

    def put(self, text: str) -> str:
        """Keep a text; returns its version."""
        version = sha(text)
        self.conn.execute("INSERT OR IGNORE INTO blobs (sha, text) VALUES (?, ?)", (version, text))
        return version

    def text(self, version: str | None) -> str | None:
        """The text of a version, None when the store does not have it."""
        if not version:
            return None
        row = self.conn.execute("SELECT text FROM blobs WHERE sha = ?", (version,)).fetchone()
        return row[0] if row else None

    def known(self, key: str) -> str | None:
        """The version of the file the store last saw."""
        row = self.conn.execute("SELECT sha FROM files WHERE path = ?", (key,)).fetchone()
        return row[0] if row else None

    def versions(self) -> dict[str, str]:
        """The version the store last saw of every file ({file: version})."""
        return dict(self.conn.execute("SELECT path, sha FROM files").fetchall())

    def observe(self, path: Path, text: str | None = None) -> tuple[str, str]:
        """Read a file (or take its text as just read), record it as an "external" change when
        it differs from the version the store last saw; returns (text, version). A file that
        does not exist reads as the empty text."""
        key = self.place.key(path)
        with self.transaction():          # read inside: no save can write between read and record
            if text is None:
                text = read_file(path)
                text = "" if text is None else text
            version = sha(text)
            before = self.known(key)
            self.put(text)
            if before is None:
                if text:
                    self.conn.execute("INSERT INTO files (path, sha) VALUES (?, ?)", (key, version))
            elif before != version:
                self._insert(key, f"file:{key}", EXTERNAL, "", "external", before, version,
                             None, "changed outside the workbench")
                self.conn.execute("UPDATE files SET sha = ? WHERE path = ?", (version, key))
        return text, version

    def observe_all(self, paths: list[Path]) -> None:
        """Observe every file of `paths` (the history shows outside edits before it answers)."""
        with self.transaction():
            for p in paths:
                self.observe(p)

    # ------------------------------------------------------------------ changes

    def _insert(self, key: str, subject: str, author: str, message: str, kind: str,
                previous: str | None, version: str | None, year: int | None, note: str) -> int:
        cur = self.conn.execute(
            "INSERT INTO changes (time, author, file, subject, message, kind, previous, version,"
            " year, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (now(), author, key, subject, message or "", kind, previous, version, year, note))
        return int(cur.lastrowid)

    def record(self, key: str, before: str, after: str, *, author: str, subject: str,
               message: str | None, kind: str = "edit", year: int | None = None,
               note: str = "") -> Change:
        """Record a change of file `key` from text `before` to `after` (the file written)."""
        with self.transaction():
            previous, version = self.put(before), self.put(after)
            change_id = self._insert(key, subject, author, message or "", kind, previous,
                                     version, year, note)
            self.conn.execute("INSERT INTO files (path, sha) VALUES (?, ?) ON CONFLICT(path) "
                              "DO UPDATE SET sha = excluded.sha", (key, version))
        return self.change(change_id)

    def event(self, kind: str, year: int, *, author: str, message: str = "",
              note: str = "") -> Change:
        """Record a step of the year's workflow (approve, publish, reopen)."""
        with self.transaction():
            change_id = self._insert("", f"year:{year}", author, message, kind, None, None,
                                     year, note)
        return self.change(change_id)

    def _change(self, row: tuple) -> Change:
        (cid, time, author, file, subject, message, kind, previous, version, year, note) = row
        diff = ""
        if version is not None:
            diff = unified(self.text(previous) or "", self.text(version) or "", file)
        return Change(id=cid, time=time, author=author, file=file, subject=subject,
                      message=message, kind=kind, diff=diff, year=year, version=version,
                      previous=previous, note=note)

    _COLUMNS = "id, time, author, file, subject, message, kind, previous, version, year, note"

    def change(self, change_id: int) -> Change:
        """One change by its id; InputError when there is none."""
        row = self.conn.execute(f"SELECT {self._COLUMNS} FROM changes WHERE id = ?",
                                (int(change_id),)).fetchone()
        if row is None:
            raise InputError(self.place.store_dir / FILE, f"no change {change_id} in the history",
                             key=str(change_id), code="collab_change_unknown",
                             params={"id": change_id})
        return self._change(row)

    def history(self, *, path: str | None = None, subject: str | None = None,
                since: object = None, year: int | None = None, after_id: int = 0,
                kinds: tuple[str, ...] | None = None) -> list[Change]:
        """Changes, newest first: of a file, a subject (exact, or a prefix ending in ":" or
        "/"), since a time, of a year (workflow steps and year-bound edits), after an id."""
        where, args = ["id > ?"], [after_id]
        if path is not None:
            where.append("file = ?")
            args.append(path)
        if subject:
            if subject.endswith((":", "/")):
                where.append("substr(subject, 1, ?) = ?")
                args += [len(subject), subject]
            else:
                where.append("(subject = ? OR substr(subject, 1, ?) = ?)")
                args += [subject, len(subject) + 1, subject + "/"]
        moment = since_text(since)
        if moment:
            where.append("time >= ?")
            args.append(moment)
        if year is not None:
            where.append("(year = ? OR year IS NULL)")
            args.append(year)
        if kinds:
            where.append(f"kind IN ({', '.join('?' for _ in kinds)})")
            args += list(kinds)
        rows = self.conn.execute(f"SELECT {self._COLUMNS} FROM changes WHERE "
                                 f"{' AND '.join(where)} ORDER BY id DESC", args).fetchall()
        return [self._change(r) for r in rows]

    def meanwhile(self, key: str, base: str) -> list[Change]:
        """The changes of file `key` after the last one that left it at version `base`."""
        row = self.conn.execute("SELECT max(id) FROM changes WHERE file = ? AND version = ?",
                                (key, base)).fetchone()
        return list(reversed(self.history(path=key, after_id=row[0] or 0)))


@contextmanager
def open_store(place: Place) -> Iterator[Store]:
    """The organisation's store, created on first use (WAL mode; waits up to 30 s for a lock)."""
    folder = place.store_dir
    try:
        folder.mkdir(parents=True, exist_ok=True)
        ignore = folder / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# the version store of the workbench (see README: backup)\n*\n",
                              encoding="utf-8")
        conn = sqlite3.connect(folder / FILE, timeout=30, isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA busy_timeout=30000")
        conn.executescript(SCHEMA)
    except (OSError, sqlite3.Error) as exc:
        raise unavailable(folder / FILE, exc) from None
    try:
        yield Store(place, conn)
    except sqlite3.Error as exc:
        raise unavailable(folder / FILE, exc) from None
    finally:
        conn.close()


def unavailable(path: Path, exc: BaseException) -> InputError:
    """The store cannot be opened or written (a read-only folder, a full disk, a lock held
    longer than 30 s): one message naming it."""
    return InputError(path, f"the version store cannot be used: {exc}",
                      code="collab_store_unavailable", params={"detail": str(exc)})
