"""Interface strings of the report by language (report/document/i18n/<lang>.yaml)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from carbon.errors import InputError
from carbon.yamlfile import read_mapping

I18N_DIR = Path(__file__).resolve().parent / "i18n"


def languages() -> list[str]:
    """Language codes that have a strings file."""
    return sorted(p.stem for p in I18N_DIR.glob("*.yaml"))


def load_strings(lang: str, folder: Path = I18N_DIR) -> dict[str, Any]:
    """The interface strings of one language as nested dicts."""
    file = folder / f"{lang}.yaml"
    if not file.exists():
        raise InputError(file, f"no interface strings for language {lang!r} "
                               f"(available: {', '.join(languages())})",
                               code="lang_unknown",
                               params={"lang": repr(lang), "known": ", ".join(languages())})
    return read_mapping(file, "strings file")


def key_paths(doc: dict[str, Any], prefix: str = "") -> set[str]:
    """Every key path ("carbon.trend.caption") of a nested strings mapping."""
    paths = set()
    for key, value in doc.items():
        path = f"{prefix}{key}"
        paths |= key_paths(value, path + ".") if isinstance(value, dict) else {path}
    return paths
