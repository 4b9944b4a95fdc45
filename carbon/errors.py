"""Errors about bad input: each names the file and, where known, the row, column or key."""
from __future__ import annotations

from pathlib import Path
from typing import Any


class VastuuError(Exception):
    """Base of every error the command line reports as a message instead of a traceback."""


class UnitMismatch(ValueError):
    """A factor was applied to a quantity of the wrong dimension (kept here, beside the other
    errors, so that the command line can report it without importing pint). `units` names the
    factor's unit, the quantity's and their product, for a message in the user's language."""

    def __init__(self, message: str, **units: str) -> None:
        self.units = units
        super().__init__(message)


class OptionError(VastuuError):
    """A value given to a command that the data does not allow (a year without data, a year
    outside the projection); `option` names the parameter ("year"), so that a front end can
    show the message beside the option or form field it came from. `message` is the English
    text; `code` and `params` name it in the catalogue (carbon/messages.yaml), as InputError's."""

    def __init__(self, option: str, message: str, *, code: str | None = None,
                 params: dict[str, Any] | None = None) -> None:
        self.option = option
        self.message = message
        self.code = code
        self.params = dict(params or {})
        super().__init__(f"{option}: {message}")


class InputError(VastuuError):
    """Bad input data: names the file, the row (as a spreadsheet shows it) and the column.

    `message` is the English text; `code` and `params` name the message in the catalogue
    (carbon/messages.yaml), which gives it in the user's language (`carbon.messages`)."""

    def __init__(self, file: str | Path, message: str, *, row: int | None = None,
                 column: str | None = None, key: str | None = None, code: str | None = None,
                 params: dict[str, Any] | None = None) -> None:
        self.file = str(file)
        self.row = row
        self.column = column
        self.key = key
        self.message = message
        self.code = code
        self.params = dict(params or {})
        super().__init__(str(self))

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        if self.key is not None:
            where.append(f"key '{self.key}'")
        return ", ".join(where) + ": " + self.message
