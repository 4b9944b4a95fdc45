"""A write the organisation then fails to load with is undone: files written are as they were,
a file that was not there is gone again, and the error still reaches the caller."""
from __future__ import annotations

import pytest

from app.writes import undone_on_failure


def test_a_failed_block_puts_every_file_back(tmp_path):
    kept, made = tmp_path / "mapping.csv", tmp_path / "factors.yaml"
    kept.write_bytes(b"before\n")
    with pytest.raises(ValueError, match="check failed"):
        with undone_on_failure((kept, made)):
            kept.write_text("after\n")
            made.write_text("new\n")
            raise ValueError("check failed")
    assert kept.read_bytes() == b"before\n"
    assert not made.exists()


def test_a_block_that_succeeds_keeps_what_it_wrote(tmp_path):
    kept, made = tmp_path / "mapping.csv", tmp_path / "factors.yaml"
    kept.write_bytes(b"before\n")
    with undone_on_failure((kept, made)):
        kept.write_text("after\n")
        made.write_text("new\n")
    assert kept.read_text() == "after\n" and made.read_text() == "new\n"
