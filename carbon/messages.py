"""The message catalogue (carbon/messages.yaml): input errors and findings in the user's
language, always with the file and, where known, the row, column or key."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from .errors import InputError, OptionError
from .yamlfile import read_mapping

CATALOGUE = Path(__file__).with_name("messages.yaml")


@lru_cache(maxsize=None)
def catalogue() -> dict[str, Any]:
    """The catalogue: {lang: {frame: {...}, messages: {code: text}}}."""
    return read_mapping(CATALOGUE, "message catalogue")


def _lang(lang: str | None) -> dict[str, Any]:
    doc = catalogue()
    return doc.get(lang or "en") or doc["en"]


def message_text(code: str | None, params: dict[str, Any], english: str, lang: str | None) -> str:
    """The message of `code` in the language, filled from params; the English text when the
    catalogue has no such code (or a parameter is missing)."""
    template = _lang(lang)["messages"].get(code) if code else None
    if template is None:
        return english
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        return english


def where(file: str, row: int | None, column: str | None, key: str | None,
          lang: str | None) -> str:
    """'file, row 3, column 'x'' in the language."""
    frame = _lang(lang)["frame"]
    parts = [str(file)]
    if row is not None:
        parts.append(frame["row"].format(row=row))
    if column is not None:
        parts.append(frame["column"].format(column=column))
    if key is not None:
        parts.append(frame["key"].format(key=key))
    return ", ".join(parts)


def error_text(exc: BaseException, lang: str | None) -> str:
    """One line 'error: file, row, column: message' in the language."""
    label = _lang(lang)["frame"]["error"]
    if isinstance(exc, InputError):
        body = message_text(exc.code, exc.params, exc.message, lang)
        return f"{label}: {where(exc.file, exc.row, exc.column, exc.key, lang)}: {body}"
    if isinstance(exc, OptionError):
        return f"{label}: {exc.option}: {option_text(exc, lang)}"
    return f"{label}: {exc}"


def option_text(exc: OptionError, lang: str | None) -> str:
    """An OptionError's message in the language (its English text when it has no code)."""
    return message_text(exc.code, exc.params, exc.message, lang)


def warning_label(lang: str | None) -> str:
    """The word that starts a finding ('huomio', 'note')."""
    return _lang(lang)["frame"]["warning"]


def finding_text(finding: Any, lang: str | None) -> str:
    """One line 'note: file, row: message' in the language, of a carbon.checks.Finding (code,
    file, english, row, column, key, params)."""
    body = message_text(finding.code, finding.params, finding.english, lang)
    return f"{warning_label(lang)}: " \
           f"{where(finding.file, finding.row, finding.column, finding.key, lang)}: {body}"
