"""A lever's parameters as the user sees them: labels, units, hints, defaults and help in the
page's language (web/text.yaml `ux`), never the scenario file's keys or Python literals."""
from __future__ import annotations

import re
from typing import Any, Callable, Mapping

from carbon.numbers import format_number

BACKTICKED = re.compile(r"`([A-Za-z_][A-Za-z0-9_]{0,40})`")
BRACED = re.compile(r"\{[^{}]{1,30}\}")
PERCENT_KINDS = {"share", "pct_change"}


def param_label(param: str, t: Mapping[str, Any]) -> str:
    """A parameter's name in the language (its key with spaces when text.yaml has none)."""
    return t["ux"]["lever_params"].get(param, param.replace("_", " "))


def param_unit(param: str, spec: Mapping[str, Any]) -> str:
    """The unit the field is written in: % for shares, changes and *_pct numbers."""
    if spec.get("kind") in PERCENT_KINDS or param.endswith("_pct"):
        return "%"
    return str(spec.get("unit") or "")


def word(name: str, t: Mapping[str, Any], group_name: Callable[[str], str]) -> str:
    """A name from a list (a source group, an energy item, a choice) as the user reads it."""
    words = t["ux"]["words"]
    if name in words:
        return words[name]
    shown = group_name(name)
    return shown if shown and shown != name else name


def default_text(value: Any, t: Mapping[str, Any], lang: str,
                 group_name: Callable[[str], str]) -> str:
    """A default value in words: names joined, numbers the language's way, pairs as 'a: b'."""
    if isinstance(value, (list, tuple)):
        return ", ".join(default_text(v, t, lang, group_name) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{word(str(k), t, group_name)} {default_text(v, t, lang, group_name)}"
                         for k, v in value.items())
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)):
        return format_number(value, 0 if float(value).is_integer() else 2, lang)
    if value == "":
        return "–"
    return word(str(value), t, group_name)


def help_text(text: str, t: Mapping[str, Any]) -> str:
    """A lever's help with parameter keys in backticks named as their fields are, and a
    `{year: value}` placeholder as the field's own hint."""
    text = BACKTICKED.sub(lambda m: "”" + param_label(m.group(1), t) + "”", text)
    return BRACED.sub("(" + t["scenario"]["value_hint"] + ")", text)
