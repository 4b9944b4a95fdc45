"""The defaults and choices the front ends offer for the application layer's options.

Free of pandas: a command's options are parsed, and its first file can be read ahead, before
the calculation's libraries are imported (see app.organisation.load)."""
from __future__ import annotations

from carbon.calculation.draws import DEFAULT_DRAWS, DEFAULT_INTERVAL, DEFAULT_SEED, INTERVALS

__all__ = ["DEFAULT_DRAWS", "DEFAULT_INTERVAL", "DEFAULT_SEED", "INTERVALS", "ROW_FORMATS"]

#: Forms of the row-level trace files, written on request: Parquet (a million lines in about
#: 0.3 s, which is as long as the rest of the footprint's arithmetic), CSV as well (for a
#: spreadsheet; a few seconds per million lines), or none (the default).
#: (carbon.records.export.ROW_SUFFIXES writes them)
ROW_FORMATS = ("parquet", "csv", "none")
