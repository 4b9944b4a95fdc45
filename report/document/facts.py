"""Measured figures the chapters cite (content/<org>/facts.yaml), printed in the report's format."""
from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from carbon.errors import InputError
from carbon.numbers import format_number
from carbon.yamlfile import read_mapping

FACTS_FILE = "facts.yaml"


@dataclass(frozen=True)
class Fact:
    """One cited figure; in a template it prints as its formatted value ('3,45')."""

    id: str
    value: float
    decimals: int
    unit: str
    year: int | None
    source: str
    lang: str

    def __str__(self) -> str:
        number = format_number(self.value, self.decimals, self.lang)
        return f"{number}\u00a0{self.unit}" if self.unit else number


def load_facts(content_dir: Path, lang: str = "fi") -> dict[str, Fact]:
    """The content folder's facts (none when it has no facts.yaml); each needs a numeric value
    and a source, or InputError names the file and key."""
    file = Path(content_dir) / FACTS_FILE
    if not file.exists():
        return {}
    doc = read_mapping(file, "facts file")
    facts = {}
    for key, entry in (doc.get("facts") or {}).items():
        where = f"facts.{key}"
        if not isinstance(entry, dict):
            raise InputError(file, "a fact must be a mapping with value and source", key=where,
                             code="fact_not_mapping")
        value = entry.get("value")
        if isinstance(value, bool) or not isinstance(value, (int, float)) \
                or not math.isfinite(value):
            raise InputError(file, f"value must be a number, not {value!r}", key=f"{where}.value",
                             code="fact_value_invalid", params={"value": repr(value)})
        if not entry.get("source"):
            raise InputError(file, "a fact must say where it comes from", key=f"{where}.source",
                             code="fact_without_source")
        decimals = entry.get("decimals", 0)
        if isinstance(decimals, bool) or not isinstance(decimals, int) or decimals < 0:
            raise InputError(file, f"decimals must be a whole number, not {decimals!r}",
                             key=f"{where}.decimals",
                             code="fact_decimals_invalid", params={"value": repr(decimals)})
        facts[str(key)] = Fact(str(key), float(value), decimals, str(entry.get("unit") or ""),
                               entry.get("year"), str(entry["source"]), lang)
    return facts
