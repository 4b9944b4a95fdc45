"""Writing an organisation's files so that a write the organisation then fails to load with is
undone: the files are as they were, and the error reaches the user."""
from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from pathlib import Path


@contextlib.contextmanager
def undone_on_failure(paths: Iterable[Path]) -> Iterator[None]:
    """Run the block; if it raises, put each path back as it was (one that was absent removed)."""
    before = {p: (p.read_bytes() if p.exists() else None) for p in paths}
    try:
        yield
    except BaseException:
        for path, content in before.items():
            if content is None:
                path.unlink(missing_ok=True)
            else:
                path.write_bytes(content)
        raise
