"""The workbench's strings in the user's language (web/text.yaml), beside the command line's."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

TEXT_FILE = Path(__file__).with_name("text.yaml")
LANGUAGES = ("fi", "sv", "en")
#: the settings the workbench keeps as data: the unclassified share the report page flags
SETTINGS = {"unclassified_limit_pct": 1.0, "page_rows": 50, "max_compare": 4}


@lru_cache(maxsize=None)
def web_text(lang: str = "fi") -> dict[str, Any]:
    """The workbench strings of one language (fi, sv or en)."""
    with open(TEXT_FILE, encoding="utf-8") as fh:
        return yaml.safe_load(fh)[lang]
