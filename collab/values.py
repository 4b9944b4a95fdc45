"""Values typed into a form, read as the command line reads them: a decimal comma, spaces as
thousands separators and a minus sign (U+2212) accepted; a unit beside the number or in its own
field must convert to the indicator's; years within range. Bad input is InputError."""
from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

from carbon.errors import InputError

_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def clean_number(text: str) -> str:
    """The text with a decimal comma as a point, thousands spaces and U+2212 undone."""
    return (text.strip().replace("\u2212", "-").replace("\u00a0", "").replace("\u202f", "")
            .replace(" ", "").replace(",", "."))


def number(raw: str | float | int, file: Path | str, key: str) -> float:
    """A plain number (no unit) from a form field; InputError naming the field."""
    if isinstance(raw, bool):
        raise InputError(file, f"not a number: {raw!r}", key=key, code="collab_not_number",
                         params={"value": str(raw)})
    if isinstance(raw, (int, float)):
        value = float(raw)
    else:
        text = clean_number(str(raw))
        if not _NUMBER.match(text):
            raise InputError(file, f"not a number: {raw!r} (a decimal comma is fine: 3,45)",
                             key=key, code="collab_not_number", params={"value": str(raw)})
        value = float(text)
    if not math.isfinite(value):
        raise InputError(file, f"not a number: {raw!r}", key=key, code="collab_not_number",
                         params={"value": str(raw)})
    return value


def plain(value: float) -> int | float:
    """A whole number as an int (written 35, not 35.0)."""
    return int(value) if value.is_integer() and abs(value) < 1e15 else value


def amount(raw: str, unit: str | None, to_unit: str, file: Path | str,
           key: str) -> tuple[int | float, str | None]:
    """An indicator value as (number, its unit when not the indicator's): "3,45", "35 %",
    "12,5" with unit "%"; the unit must convert to `to_unit` (InputError collab_wrong_unit)."""
    from report.publishing.indicators.data import convert_value
    text = str(raw).strip()
    if not text:
        raise InputError(file, "the value is empty", key=key, code="collab_value_empty")
    cleaned = clean_number(text)
    if _NUMBER.match(cleaned):
        value, own = float(cleaned), (unit or "").strip() or None
    else:
        m = re.match(r"^\s*([+\-\u2212]?[\d\s\u00a0\u202f]*[.,]?\d+(?:[eE][+-]?\d+)?)\s*(.+)$", text)
        if not m:
            raise InputError(file, f"not a number: {raw!r} (a decimal comma is fine: 3,45)",
                             key=key, code="collab_not_number", params={"value": text})
        value, own = float(clean_number(m.group(1))), m.group(2).strip()
        if unit and unit.strip() and unit.strip() != own:
            raise InputError(file, f"two units: {own!r} in the value and {unit!r}", key=key,
                             code="collab_two_units", params={"value": own, "unit": unit})
    if own == to_unit or (own and _same_unit(own, to_unit)):
        own = None
    try:
        convert_value(value, own or to_unit, to_unit)
    except ValueError as exc:
        raise InputError(file, f"wrong unit: {exc}", key=key, code="collab_wrong_unit",
                         params={"detail": str(exc), "unit": to_unit}) from None
    if not math.isfinite(value):
        raise InputError(file, f"not a number: {raw!r}", key=key, code="collab_not_number",
                         params={"value": text})
    return plain(value), own


def _same_unit(a: str, b: str) -> bool:
    """True when two spellings name one unit ("%" and "percent")."""
    from carbon.units import parse_unit
    try:
        return parse_unit(a) == parse_unit(b)
    except ValueError:
        return False


def year(raw: Any, file: Path | str, key: str, first: int = 1900, last: int = 2100) -> int:
    """A year from a form field within [first, last]."""
    try:
        y = int(str(raw).strip())
    except ValueError:
        raise InputError(file, f"not a year: {raw!r}", key=key, code="collab_year_invalid",
                         params={"value": str(raw), "first": first, "last": last}) from None
    if not first <= y <= last:
        raise InputError(file, f"year {y} is outside {first}–{last}", key=key,
                         code="collab_year_invalid",
                         params={"value": str(raw), "first": first, "last": last})
    return y


#: characters a YAML file may not hold (PyYAML's reader refuses them)
_NOT_YAML = re.compile("[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD"
                       "\U00010000-\U0010FFFF]")


def text(raw: Any, limit: int = 2000) -> str:
    """A one-line text from a form field, stripped (line breaks become spaces, characters a
    YAML file cannot hold left out)."""
    return " ".join(_NOT_YAML.sub("", str(raw or "")).split())[:limit]
