"""Where an organisation's shared files are: its folder and its content folder (the only places
a save may write), the store's root that names files in the history, and the atomic write."""
from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from carbon.errors import InputError
from carbon.readers.settings import Organisation, load_organisation

STORE_DIR = ".vastuu"


@dataclass(frozen=True)
class Place:
    """An organisation's settings, folder, content folder and the root its files are named from
    (the nearest folder holding both)."""

    org: Organisation
    folder: Path
    content: Path | None
    root: Path

    @classmethod
    def of(cls, org_file: str | Path) -> "Place":
        """The place of the settings file `org_file`."""
        org = load_organisation(org_file)
        folder = org.file.parent
        setting = (org.raw.get("report") or {}).get("content")
        content = org.path(setting) if setting else None
        root = Path(os.path.commonpath([folder, content])) if content else folder
        return cls(org, folder, content, root)

    @property
    def store_dir(self) -> Path:
        """`<org folder>/.vastuu`: the version store (ignored by git)."""
        return self.folder / STORE_DIR

    def need_content(self) -> Path:
        """The content folder, or InputError naming the missing setting."""
        if self.content is None:
            raise InputError(self.org.file, "required setting is missing", key="report.content",
                             code="setting_missing")
        return self.content

    def report_year(self) -> int | None:
        """The year the chapters are written for: the settings' `report.year`."""
        year = (self.org.raw.get("report") or {}).get("year")
        return year if isinstance(year, int) and not isinstance(year, bool) else None

    def inside(self, path: Path) -> bool:
        """True when `path` is within the organisation's folder or its content folder (and
        not in the store's own folder)."""
        p = Path(os.path.abspath(path))
        allowed = [self.folder] + ([self.content] if self.content else [])
        if self.store_dir == p or self.store_dir in p.parents:
            return False
        return any(p == a or a in p.parents for a in allowed)

    def check(self, path: str | Path) -> Path:
        """The absolute path of a file a save may write; InputError when it is outside the
        organisation's folder and its content folder."""
        p = Path(path)
        p = Path(os.path.abspath(p if p.is_absolute() else self.root / p))
        real = Path(os.path.realpath(p))
        if not (self.inside(p) and self.inside_real(real)):
            raise InputError(p, "the workbench writes only inside the organisation's folder "
                                f"{self.folder} and its content folder {self.content}",
                             code="collab_path_outside",
                             params={"path": str(p), "folder": str(self.folder),
                                     "content": str(self.content or "")})
        return p

    def inside_real(self, real: Path) -> bool:
        """The same check after symbolic links are followed (a link must not lead out)."""
        allowed = [Path(os.path.realpath(self.folder))]
        if self.content:
            allowed.append(Path(os.path.realpath(self.content)))
        return any(real == a or a in real.parents for a in allowed)

    def key(self, path: str | Path) -> str:
        """The name of a file in the history: its path from the root, with forward slashes
        (a path given relative to the working folder or to the root, or absolute)."""
        p = Path(path)
        if not p.is_absolute():
            here = Path(os.path.abspath(p))
            p = here if here.exists() else Path(os.path.abspath(self.root / p))
        try:
            return Path(os.path.relpath(p, self.root)).as_posix()
        except ValueError:      # another drive on Windows
            return p.as_posix()

    def file(self, key: str) -> Path:
        """The absolute path of a file named `key` in the history (checked to be writable)."""
        return self.check(self.root / key)

    def tracked_files(self) -> list[Path]:
        """The files the workbench edits: the indicator files, the facts and the chapters with
        their translations (those that exist)."""
        out = []
        for setting in (("commitment", "indicators"), ("performance", "file")):
            block = self.org.raw.get(setting[0])
            if isinstance(block, dict) and block.get(setting[1]):
                out.append(self.org.path(block[setting[1]]))
        if self.content and self.content.is_dir():
            out.append(self.content / "facts.yaml")
            out += sorted(self.content.glob("[0-9][0-9]_*.md"))
            out += sorted(self.content.glob("*/[0-9][0-9]_*.md"))
        return [p for p in out if p.is_file() and self.inside(p)]


def read_file(path: Path) -> str | None:
    """A file's text exactly as stored (UTF-8, line endings kept), None when it does not exist."""
    try:
        with open(path, encoding="utf-8", newline="") as f:
            return f.read()
    except FileNotFoundError:
        return None
    except UnicodeDecodeError as exc:
        raise InputError(path, f"not UTF-8 text: {exc}", code="collab_not_utf8",
                         params={"detail": str(exc)}) from None


def write_atomic(path: Path, text: str) -> None:
    """Replace a file's text in one step: a temporary file beside it, flushed, then os.replace,
    so that a reader sees the old text or the new, never half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
