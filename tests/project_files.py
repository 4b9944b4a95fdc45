"""The project's own files, as the architecture and code-scanning tests walk them: what git
tracks when the checkout is a git repository, else the named packages; a virtual environment,
a build folder or anything else in the checkout that is not the project changes nothing."""
from __future__ import annotations

import fnmatch
import subprocess
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: the project's packages and top-level folders of code (pyproject's packages, tests, benchmarks)
FOLDERS = ("app", "carbon", "cli", "report", "sdg", "web", "tests", "benchmarks")


@lru_cache(maxsize=4)
def _tracked(root: Path = ROOT) -> tuple[str, ...] | None:
    """Paths git tracks (and new files it does not ignore), or None outside a git checkout."""
    try:
        out = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"],
                             cwd=root, capture_output=True, text=True, check=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    return tuple(sorted(p for p in out.stdout.splitlines() if (root / p).is_file()))


def _walked(root: Path = ROOT) -> tuple[str, ...]:
    """Without git: every file under the project's own folders, and the top-level files."""
    files = [p for p in root.iterdir() if p.is_file()]
    for folder in FOLDERS:
        files += [p for p in (root / folder).rglob("*") if p.is_file()
                  and "__pycache__" not in p.parts]
    return tuple(sorted(p.relative_to(root).as_posix() for p in files))


def project_files(pattern: str = "*", under: str | None = None, root: Path = ROOT) -> list[Path]:
    """The project's files whose path (relative to the root, '/'-separated) matches the glob
    pattern, optionally only those under one folder."""
    paths = _tracked(root)
    if paths is None:
        paths = _walked(root)
    prefix = f"{under.strip('/')}/" if under else ""
    return [root / p for p in paths if p.startswith(prefix) and fnmatch.fnmatch(p, pattern)]
