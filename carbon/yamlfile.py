"""Reading a YAML data file with errors that name the file and the line."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .errors import InputError
from .textfile import detect_encoding

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C parser when present


def parse_yaml(text: str) -> Any:
    """YAML text parsed with the C parser when present (several times faster than pure Python);
    raises yaml.YAMLError as yaml.safe_load does."""
    return yaml.load(text, Loader=_LOADER)


def read_yaml(path: str | Path, what: str = "file") -> Any:
    """The parsed document; a missing file or broken YAML raises InputError (file, line)."""
    path = Path(path)
    if not path.is_file():
        raise InputError(path, f"{what} not found", code="not_found")
    data = path.read_bytes()
    text = data.decode(detect_encoding(data, path))
    try:
        return parse_yaml(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        detail = getattr(exc, "problem", None) or str(exc)
        context, start = getattr(exc, "context", None), getattr(exc, "context_mark", None)
        if context and start is not None and mark is not None and start.line != mark.line:
            detail += f" ({context} that starts at row {start.line + 1})"
        raise InputError(path, f"not valid YAML: {detail}", row=mark.line + 1 if mark else None,
                         code="yaml_invalid", params={"detail": detail}) from None



def read_mapping(path: str | Path, what: str = "file") -> dict[str, Any]:
    """Like read_yaml, for files whose top level must be a mapping (an empty file gives {})."""
    doc = read_yaml(path, what)
    if doc is None:
        return {}
    if not isinstance(doc, dict):
        raise InputError(path, f"the {what} must be a mapping of keys to values",
                         code="yaml_not_mapping")
    return doc
