"""What counts as a year in a setting or a scenario: an integer in the range of
carbon/readers/checks.yaml (`years:`), so that a typo (-2025, 99999) is refused, not used."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from carbon.errors import InputError
from carbon.yamlfile import read_mapping

SETTINGS = Path(__file__).with_name("checks.yaml")


@lru_cache(maxsize=1)
def year_range() -> tuple[int, int]:
    """The first and the last year any setting may name."""
    years = read_mapping(SETTINGS, "checks settings file")["years"]
    return int(years["first"]), int(years["last"])


def is_year(value: Any) -> bool:
    """An int (not a bool) within year_range()."""
    first, last = year_range()
    return isinstance(value, int) and not isinstance(value, bool) and first <= value <= last


def check_year(value: Any, file: str | Path, key: str, what: str | None = None) -> int:
    """`value` when it is a year of the range; else InputError naming the key and the range."""
    if is_year(value):
        return value
    first, last = year_range()
    what = what or key
    raise InputError(file, f"{what} must be a year between {first} and {last}, not {value!r}",
                     key=key, code="year_out_of_range",
                     params={"what": what, "value": repr(value), "first": first, "last": last})
