"""The workbench's strings in the user's language (web/text.yaml), beside the command line's."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from carbon.yamlfile import read_mapping

TEXT_FILE = Path(__file__).with_name("text.yaml")
LANGUAGES = ("fi", "sv", "en")
#: the settings the workbench keeps as data: the unclassified share the report page flags
SETTINGS = {"unclassified_limit_pct": 1.0, "page_rows": 50, "max_compare": 4}


def user_message(exc: BaseException, lang: str) -> str:
    """An error the user can correct, in the page's language (carbon/messages.yaml): an input
    error with its file, row, column or key; an option's message (the form field is on the
    page); anything else (a unit mismatch) as the engine gives it."""
    from carbon.errors import InputError, OptionError
    from carbon.messages import message_text, option_text, where
    if isinstance(exc, InputError):
        body = message_text(exc.code, exc.params, exc.message, lang)
        return f"{where(exc.file, exc.row, exc.column, exc.key, lang)}: {body}"
    if isinstance(exc, OptionError):
        return option_text(exc, lang)
    return str(exc)


@lru_cache(maxsize=None)
def web_text(lang: str = "fi") -> dict[str, Any]:
    """The workbench strings of one language (fi, sv or en)."""
    return read_mapping(TEXT_FILE, "workbench strings file")[lang]
