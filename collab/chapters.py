"""(being written: see app/collab.py for what it does)"""
from __future__ import annotations

from typing import Any


def __getattr__(name: str) -> Any:
    raise NotImplementedError(f"collab.chapters.{name} is being written")
