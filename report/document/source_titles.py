"""Emission factor sources as the report writes them: publisher and title in the report's
language with the original in parentheses (report/document/source_titles.yaml), so that a
Finnish report reads no English titles and no English decimal points."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from carbon.yamlfile import read_mapping

TITLES_FILE = Path(__file__).resolve().parent / "source_titles.yaml"


@lru_cache(maxsize=1)
def _titles() -> dict[str, Any]:
    return read_mapping(TITLES_FILE)


def in_language(text: str, kind: str, lang: str) -> str:
    """A publisher or title (`kind`: publishers or titles) in `lang`, the original in
    parentheses after a translation; text the data file does not know, unchanged."""
    entry = (_titles().get(kind) or {}).get(text)
    if not entry:
        return text
    own = entry.get(lang)
    original = entry.get("original", text)
    if entry.get("lang") == lang or not own or not original or original in own:
        return own or text
    return f"{own} ({original})"


def source_line(source: dict[str, Any], lang: str) -> str:
    """Publisher, title and year of a factor's source in one line, in the report's language."""
    publisher = in_language(str(source.get("publisher", "")).strip(), "publishers", lang)
    title = in_language(str(source.get("title", "")).strip(), "titles", lang)
    text = ": ".join(p for p in (publisher, title) if p)
    return text + (f" ({source['year']})" if source.get("year") else "")
