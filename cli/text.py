"""What the command line prints, in the user's language (strings in text.yaml), and its --help
texts (help.yaml; used by help_text.py)."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from carbon.yamlfile import read_mapping

TEXT_FILE = Path(__file__).with_name("text.yaml")
HELP_FILE = Path(__file__).with_name("help.yaml")
LANGUAGES = ("fi", "sv", "en")


@lru_cache(maxsize=None)
def cli_text(lang: str = "fi") -> dict[str, Any]:
    """The command-line strings of one language (fi, sv or en)."""
    return read_mapping(TEXT_FILE, "command-line strings file")[lang]


@lru_cache(maxsize=None)
def help_texts(lang: str = "fi") -> dict[str, Any]:
    """The --help texts of one language (fi, sv or en): `frame`, `common`, `commands`."""
    return read_mapping(HELP_FILE, "command-line help file")[lang]
