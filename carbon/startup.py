"""Start-up of a command: heavy imports (pandas, pint, WeasyPrint, matplotlib) with the garbage
collector paused. Imports make hundreds of thousands of long-lived objects and the collector
walks them again and again (about 13 % of the import time); afterwards they are frozen out
of its sight, so that the collections of the work itself stay short."""
from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def imports_without_gc() -> Iterator[None]:
    """Pause the collector for the imports inside the block; then freeze what exists and
    collect less often (a command's garbage is small next to what the imports keep)."""
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.set_threshold(50_000, 20, 100)
        gc.enable()
