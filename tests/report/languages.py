"""Helpers of the language tests: the text of a report outside sections marked as another
language, and the Finnish texts of every catalogue the report prints from."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Iterator

import yaml

ROOT = Path(__file__).resolve().parents[2]
_VOID = {"img", "br", "meta", "link", "input", "hr", "col", "source", "wbr"}
_FIELD = re.compile(r"\{[^{}]*\}")


class _Text(HTMLParser):
    """Collects the text of a document that is in `lang` (inside no element marked otherwise)."""

    def __init__(self, lang: str):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.lang = lang
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        lang = values.get("lang") or (self.stack[-1] if self.stack else self.lang)
        if lang == self.lang:  # what assistive technology reads from attributes
            self.parts += [str(values[k]) for k in ("alt", "aria-label", "title") if values.get(k)]
        if tag in _VOID:
            return
        self.stack.append(lang)
        if tag in ("style", "script", "svg"):
            self.skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID or not self.stack:
            return
        self.stack.pop()
        if tag in ("style", "script", "svg"):
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if not self.skip and (self.stack[-1] if self.stack else self.lang) == self.lang:
            self.parts.append(data)


def text_in(html: str, lang: str) -> str:
    """The document's text in `lang`: everything outside elements whose lang is another one,
    whitespace collapsed (no-break spaces kept as spaces)."""
    parser = _Text(lang)
    parser.feed(html)
    return re.sub(r"\s+", " ", " ".join(parser.parts).replace("\u00a0", " "))


def _pieces(text: str) -> list[str]:
    """The literal parts of a catalogue text (its {fields} removed) worth searching for: at
    least two words or ten letters."""
    out = []
    for piece in _FIELD.split(text):
        piece = re.sub(r"\s+", " ", piece).strip(" .,:;()–-")
        if len(re.findall(r"\w+", piece)) >= 2 or len(piece) >= 10:
            out.append(piece)
    return out


def _localized(doc: Any) -> Iterator[dict]:
    """Every {fi: text, ...} mapping in a parsed YAML document."""
    if isinstance(doc, dict):
        if isinstance(doc.get("fi"), str):
            yield doc
        for v in doc.values():
            yield from _localized(v)
    elif isinstance(doc, list):
        for v in doc:
            yield from _localized(v)


def _parallel(fi: Any, other: Any) -> Iterator[tuple[str, str]]:
    """(Finnish text, the same key's text in another language) of two parallel catalogues."""
    if isinstance(fi, dict):
        for k, v in fi.items():
            yield from _parallel(v, other.get(k) if isinstance(other, dict) else None)
    elif isinstance(fi, str):
        yield fi, other if isinstance(other, str) else ""


def finnish_texts(lang: str, files: list[Path]) -> set[str]:
    """Finnish pieces of the report catalogues (interface strings, commitment labels, SDG texts)
    and of the given data files that differ from their `lang` version."""
    def load(p: Path) -> Any:
        return yaml.safe_load(p.read_text(encoding="utf-8"))

    i18n = ROOT / "report" / "document" / "i18n"
    pairs = list(_parallel(load(i18n / "fi.yaml"), load(i18n / f"{lang}.yaml")))
    for file in [ROOT / "report" / "publishing" / "indicators" / "labels.yaml",
                 ROOT / "sdg" / "goals.yaml", *files]:
        pairs += [(m["fi"], str(m.get(lang) or "")) for m in _localized(load(file))]
    return {piece for fi, other in pairs for piece in _pieces(fi) if piece not in other}
