"""A writable copy of the example (settings, indicator files and the content folder) for the
shared-editing tests: every save writes files, so none may touch the project's own."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.faults.corpus import make_copy


@pytest.fixture()
def org(tmp_path: Path) -> Path:
    """The copy's organisation.yaml."""
    return make_copy(tmp_path) / "examples" / "migri" / "organisation.yaml"
