"""Shared fixtures: the bundled example's inputs (loaded once) and a writable copy of it."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "migri"


@pytest.fixture(scope="session")
def example_inputs():
    """The bundled example, loaded and validated once per test session."""
    from carbon.readers.inputs import load_inputs
    return load_inputs(EXAMPLE / "organisation.yaml")


@pytest.fixture()
def example_copy(tmp_path: Path) -> Path:
    """A writable copy of the example organisation folder; returns its organisation.yaml."""
    dest = tmp_path / "examples" / "migri"
    shutil.copytree(EXAMPLE, dest, ignore=shutil.ignore_patterns("generator"))
    # Relative links to the shared library and content must still resolve from the copy.
    for name in ("emission_factors", "content"):
        (tmp_path / name).symlink_to(ROOT / name)
    return dest / "organisation.yaml"
