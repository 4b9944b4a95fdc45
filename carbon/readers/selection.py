"""Selecting an organisation's lines from a state-wide open-data file: a ledger source's
`select:` setting in organisation.yaml names the procurement units (`hankintayksikko_tunnus`)
and/or branches (`ylaorganisaatio_tunnus`) whose lines are the organisation's. A line is kept
when every column named holds one of its ids (ids compared trimmed); the others are counted and
reported, never dropped silently, and a file from which nothing is selected is an error naming
the setting."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from carbon.errors import InputError

#: The open-data columns a selection may name.
SELECT_COLUMNS = ("hankintayksikko_tunnus", "ylaorganisaatio_tunnus")

if TYPE_CHECKING:   # settings import this module; numpy and pyarrow only when reading
    import numpy as np
    import pyarrow as pa


@dataclass(frozen=True)
class Selection:
    """A `select:` setting: open-data column -> the ids kept, and where it was set."""

    ids: dict[str, tuple[str, ...]]
    file: str           # the settings file
    key: str            # e.g. data.ledger[0].select

    def describe(self) -> str:
        """'hankintayksikko_tunnus 26050, 26051; ylaorganisaatio_tunnus 26' (no words: any language)."""
        return "; ".join(f"{col} {', '.join(ids)}" for col, ids in self.ids.items())


@dataclass(frozen=True)
class Selected:
    """What a selection kept of one file: lines kept and left out, the years they count in."""

    file: str
    kept: int
    left_out: int
    selection: Selection
    years: tuple[int, ...] = ()


def parse_select(value: Any, file: str | Path, key: str) -> Selection:
    """A `select:` setting validated: a mapping of SELECT_COLUMNS to an id or a list of ids."""
    def bad(english: str) -> InputError:
        return InputError(file, english, key=key, code="select_invalid",
                          params={"detail": english, "columns": ", ".join(SELECT_COLUMNS)})

    if not isinstance(value, dict) or not value:
        raise bad(f"select must map {' and/or '.join(SELECT_COLUMNS)} to the ids of the "
                  "organisation's lines")
    ids: dict[str, tuple[str, ...]] = {}
    for column, given in value.items():
        if column not in SELECT_COLUMNS:
            raise bad(f"select names {column!r}; lines can be selected by "
                      f"{' and/or '.join(SELECT_COLUMNS)}")
        items = given if isinstance(given, list) else [given]
        if not items or any(isinstance(i, (bool, dict, list)) or i is None
                            or not str(i).strip() for i in items):
            raise bad(f"select: {column} must be an id or a list of ids, not {given!r}")
        ids[column] = tuple(str(i).strip() for i in items)
    return Selection(ids=ids, file=str(file), key=key)


def selected(table: "pa.Table", selection: Selection, path: Path) -> "np.ndarray":
    """The positions (0-based, in file order) of the table's lines the selection keeps; a
    column it names that the file lacks is an InputError naming the file and column, a file
    from which it keeps nothing one naming the setting."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    keep = np.ones(table.num_rows, dtype=bool)
    for column, ids in selection.ids.items():
        if column not in table.column_names:
            raise InputError(path, f"the column that select: names is missing (the file has: "
                             f"{', '.join(table.column_names)})", row=1, column=column,
                             code="select_column_missing",
                             params={"header": ", ".join(table.column_names),
                                     "setting": selection.key})
        wanted = pa.array(ids, pa.string())
        parts = []
        for chunk in table.column(column).chunks:
            if pa.types.is_dictionary(chunk.type):   # the few distinct values, then each line
                hit = pc.is_in(pc.utf8_trim_whitespace(chunk.dictionary), value_set=wanted)
                parts.append(pc.take(hit, chunk.indices).to_numpy(zero_copy_only=False))
            else:
                parts.append(pc.is_in(pc.utf8_trim_whitespace(chunk), value_set=wanted)
                             .to_numpy(zero_copy_only=False))
        keep &= np.concatenate(parts) if parts else np.zeros(0, dtype=bool)
    rows = np.flatnonzero(keep)
    if not len(rows):
        raise InputError(selection.file, f"no line of {path} has {selection.describe()} "
                         f"({table.num_rows} lines read)", key=selection.key,
                         code="select_nothing",
                         params={"ledger": str(path), "select": selection.describe(),
                                 "lines": table.num_rows})
    return rows
