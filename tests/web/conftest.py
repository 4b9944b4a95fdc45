"""The workbench over the bundled example (read-only pages) and over a writable copy (saving)."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_ORG = ROOT / "examples" / "migri" / "organisation.yaml"


@pytest.fixture(scope="session")
def client(tmp_path_factory):
    """An in-process HTTP client of the workbench over the bundled example."""
    from web.server import create_app
    from web.workbench import Workbench
    wb = Workbench(EXAMPLE_ORG, tmp_path_factory.mktemp("out"))
    return create_app(wb).test_client()


@pytest.fixture()
def copy_client(example_copy, tmp_path):
    """A client of a workbench over a writable copy of the example; (client, org file)."""
    from web.server import create_app
    from web.workbench import Workbench
    wb = Workbench(example_copy, tmp_path / "out")
    return create_app(wb).test_client(), example_copy
