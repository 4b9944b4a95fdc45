"""Fingerprints of files: the sha256 of their bytes, and the list of every file an
organisation's calculation reads (settings, ledger, mapping, activity data, factors, price
index, source groups)."""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

from carbon.readers.settings import ROOT, Organisation

#: how a file takes part in the calculation (the keys of `input_files`)
ROLES = ("settings", "ledger", "mapping", "activity", "activity_map", "factors", "price_index",
         "source_groups")


def sha256(path: str | Path) -> str:
    """The hex sha256 of a file's bytes."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def input_files(org: Organisation) -> dict[str, list[Path]]:
    """Every file the calculation of the organisation reads, by role, paths resolved."""
    files: dict[str, list[Path]] = {
        "settings": [org.file],
        "ledger": [Path(src["path"]).resolve() for src in org.ledger],
        "mapping": [org.mapping],
        "activity": sorted(Path(org.activity_dir).glob("*.csv")) if org.activity_dir else [],
        "activity_map": [org.activity_map],
        "factors": [f for d in org.factors_dirs for f in sorted(Path(d).glob("*.yaml"))],
        "price_index": [org.price_index],
        "source_groups": [org.source_groups] if org.source_groups else [],
    }
    return {role: [Path(p) for p in paths] for role, paths in files.items()}


def relative(path: str | Path, folder: str | Path) -> str:
    """How a record names a file: relative to the organisation's folder when inside it, as
    `<vastuu>/...` when in vastuu's own tree (the shared factor library), else relative with
    `..`; with forward slashes, so that a record stays valid when the folder is copied or moved."""
    p = Path(os.path.abspath(path))
    for base, prefix in ((Path(os.path.abspath(folder)), ""), (ROOT, "<vastuu>/")):
        if p.is_relative_to(base):
            return prefix + p.relative_to(base).as_posix()
    return Path(os.path.relpath(p, os.path.abspath(folder))).as_posix()
