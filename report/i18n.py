"""Interface strings of the report by language (report/i18n/<lang>.yaml)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from carbon.errors import InputError

I18N_DIR = Path(__file__).resolve().parent / "i18n"


def languages() -> list[str]:
    """Language codes that have a strings file."""
    return sorted(p.stem for p in I18N_DIR.glob("*.yaml"))


def load_strings(lang: str, folder: Path = I18N_DIR) -> dict[str, Any]:
    """The interface strings of one language as nested dicts."""
    file = folder / f"{lang}.yaml"
    if not file.exists():
        raise InputError(file, f"no interface strings for language {lang!r} "
                               f"(available: {', '.join(languages())})")
    try:
        doc = yaml.safe_load(file.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputError(file, f"not valid YAML: {getattr(exc, 'problem', exc)}",
                         row=mark.line + 1 if mark else None) from None
    if not isinstance(doc, dict):
        raise InputError(file, "expected a mapping of strings")
    return doc


def key_paths(doc: dict[str, Any], prefix: str = "") -> set[str]:
    """Every key path ("carbon.trend.caption") of a nested strings mapping."""
    paths = set()
    for key, value in doc.items():
        path = f"{prefix}{key}"
        paths |= key_paths(value, path + ".") if isinstance(value, dict) else {path}
    return paths
