"""Translated chapters: content/<org>/<lang>/NN_slug.md beside the source-language originals.

A translation's front matter names the chapter it translates (`id`), its `title` and the
`source_fingerprint` of the original it was made from; order, SDG codes and kind come from the
original. A translation whose fingerprint is not the original's current one is *stale*."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from carbon.errors import InputError
from carbon.readers.settings import Organisation
from carbon.textfile import read_text
from carbon.yamlfile import parse_yaml, read_mapping

from sdg.goals import Goals

from .chapters import Chapter, split_front_matter

KEYS = ("id", "title", "source_fingerprint")
STATES = ("source", "current", "stale", "missing")


@dataclass(frozen=True)
class Translation:
    """One translated chapter file: whose translation it is, its title and body."""

    file: Path
    id: str
    title: str
    source_fingerprint: str
    body: str
    body_line: int


@dataclass(frozen=True)
class ChapterStatus:
    """One chapter in one language: `source` (the original), `current`, `stale` (the original
    changed after the translation was made) or `missing`."""

    id: str
    source: Path
    lang: str
    state: str
    file: Path | None


class MissingTranslations(InputError):
    """A language build whose content lacks translations; `missing` lists the chapters."""

    def __init__(self, folder: Path, lang: str, missing: list[Chapter]):
        self.missing = missing
        names = "; ".join(f"{c.file.name} ({c.id}: {c.title})" for c in missing)
        super().__init__(folder / lang, f"{len(missing)} chapter(s) have no '{lang}' translation: "
                         f"{names}. Translate them into {folder / lang} (see content/README.md), "
                         "or build with --include-original to include the original marked as "
                         "its language", code="translations_missing",
                         params={"n": len(missing), "lang": lang, "chapters": names,
                                 "folder": str(folder / lang)})


def fingerprint(file: Path) -> str:
    """The fingerprint of an original chapter file: the first 12 hex digits of its SHA-256."""
    return hashlib.sha256(Path(file).read_bytes()).hexdigest()[:12]


def parse_translation(file: Path, text: str) -> Translation:
    """One translation file; a broken or incomplete front matter raises InputError naming it."""
    front, body, body_line = split_front_matter(text, file)
    try:
        meta = parse_yaml(front, file, first_row=2)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        detail = str(getattr(exc, "problem", exc))
        raise InputError(file, f"front matter is not valid YAML: {detail}",
                         row=mark.line + 2 if mark else None, code="front_matter_yaml",
                         params={"detail": detail}) from None
    if not isinstance(meta, dict):
        raise InputError(file, "front matter must be a YAML mapping", row=2,
                         code="front_matter_not_mapping")
    missing = [k for k in KEYS if not meta.get(k)]
    if missing:
        raise InputError(file, f"a translation's front matter needs {', '.join(KEYS)}; it lacks "
                               f"{', '.join(missing)}", key=missing[0],
                         code="translation_front_matter_lacks",
                         params={"keys_needed": ", ".join(KEYS), "keys": ", ".join(missing)})
    unknown = sorted(set(meta) - set(KEYS))
    if unknown:
        raise InputError(file, f"unknown front matter key(s) {', '.join(unknown)} in a "
                               f"translation (allowed: {', '.join(KEYS)}; order, SDG codes and "
                               "kind come from the original)", key=unknown[0],
                         code="translation_front_matter_unknown",
                         params={"keys": ", ".join(unknown), "allowed": ", ".join(KEYS)})
    return Translation(file=file, id=str(meta["id"]), title=str(meta["title"]).strip(),
                       source_fingerprint=str(meta["source_fingerprint"]), body=body,
                       body_line=body_line)


def load_translations(folder: Path, lang: str, chapters: list[Chapter]) -> dict[str, Translation]:
    """The translations in folder/<lang>/ by chapter id; an id no original has, or two files
    for one chapter, raise InputError."""
    ids = {c.id for c in chapters}
    out: dict[str, Translation] = {}
    for file in sorted((Path(folder) / lang).glob("[0-9][0-9]_*.md")):
        tr = parse_translation(file, read_text(file, "chapter"))
        if tr.id not in ids:
            raise InputError(file, f"translates chapter id '{tr.id}', which no original in "
                                   f"{folder} has (ids: {', '.join(sorted(ids))})", key="id",
                             code="translation_unknown_id",
                             params={"id": tr.id, "folder": str(folder),
                                     "ids": ", ".join(sorted(ids))})
        if tr.id in out:
            raise InputError(file, f"chapter '{tr.id}' is also translated by "
                                   f"{out[tr.id].file.name}", key="id", code="translation_twice",
                             params={"id": tr.id, "other": out[tr.id].file.name})
        out[tr.id] = tr
    return out


def in_language(chapters: list[Chapter], folder: Path, lang: str, source_lang: str,
                include_original: bool = False) -> list[Chapter]:
    """The chapters of a `lang` build: each original replaced by its translation. A chapter
    without one raises MissingTranslations listing all of them, unless `include_original`
    keeps the original (its `lang` stays the source language, so the report marks it)."""
    if lang == source_lang:
        return chapters
    translations = load_translations(folder, lang, chapters)
    missing = [c for c in chapters if c.id not in translations]
    if missing and not include_original:
        raise MissingTranslations(Path(folder), lang, missing)
    out = []
    for c in chapters:
        tr = translations.get(c.id)
        out.append(c if tr is None else replace(c, file=tr.file, title=tr.title, body=tr.body,
                                                body_line=tr.body_line, lang=lang))
    return out


def translation_status(chapters: list[Chapter], folder: Path, langs: list[str],
                       source_lang: str) -> list[ChapterStatus]:
    """Every chapter in every language: the original, or its translation current, stale or
    missing."""
    rows = []
    for lang in langs:
        translations = {} if lang == source_lang else load_translations(folder, lang, chapters)
        for c in chapters:
            if lang == source_lang:
                rows.append(ChapterStatus(c.id, c.file, lang, "source", c.file))
                continue
            tr = translations.get(c.id)
            state = "missing" if tr is None else (
                "current" if tr.source_fingerprint == fingerprint(c.file) else "stale")
            rows.append(ChapterStatus(c.id, c.file, lang, state, tr.file if tr else None))
    return rows


def missing_texts(doc: object, lang: str, source_lang: str = "fi", path: str = "") -> list[str]:
    """The key paths of localized texts (mappings with a text under the source language's code,
    {fi: …, sv: …}) in a data document that lack `lang`."""
    if isinstance(doc, dict):
        if isinstance(doc.get(source_lang), str):
            return [] if str(doc.get(lang) or "").strip() else [path or "(top)"]
        return [p for k, v in doc.items()
                for p in missing_texts(v, lang, source_lang, f"{path}.{k}" if path else str(k))]
    if isinstance(doc, list):
        return [p for i, v in enumerate(doc)
                for p in missing_texts(v, lang, source_lang, f"{path}[{i}]")]
    return []


def check_texts(file: Path, doc: object, lang: str, source_lang: str = "fi") -> None:
    """InputError naming the file and listing every localized text without `lang`."""
    if lang == source_lang:
        return
    missing = missing_texts(doc, lang, source_lang)
    if missing:
        shown = ", ".join(missing[:12]) + (f" and {len(missing) - 12} more" if len(missing) > 12
                                           else "")
        raise InputError(file, f"{len(missing)} text(s) have no '{lang}' version: {shown}. Add "
                               f"a '{lang}:' beside each '{source_lang}:' text", key=missing[0],
                         code="texts_missing_lang",
                         params={"n": len(missing), "lang": lang, "keys": shown,
                                 "source": source_lang})


def data_texts(org: Organisation, content_dir: Path) -> list[tuple[Path, Any]]:
    """The data whose localized texts the report shows, as (file, parsed document): the
    settings, source groups, facts, commitment and the indicators' names."""
    docs: list[tuple[Path, Any]] = [(org.file, org.raw)]
    if org.source_groups is not None and Path(org.source_groups).is_file():
        docs.append((org.source_groups, read_mapping(org.source_groups, "source groups file")))
    facts = Path(content_dir) / "facts.yaml"
    if facts.is_file():
        docs.append((facts, read_mapping(facts, "facts file")))
    commitment = org.raw.get("commitment") or {}
    if commitment.get("file"):
        file = org.path(commitment["file"])
        docs.append((file, read_mapping(file, "commitment file")))
    if commitment.get("indicators"):
        file = org.path(commitment["indicators"])
        names = [{"name": i.get("name")} for i in read_mapping(file, "indicators file")
                 .get("indicators") or [] if isinstance(i, dict)]
        docs.append((file, {"indicators": names}))
    return docs


def check_data_languages(lang: str, source_lang: str, documents: list[tuple[Path, object]],
                         goals: Goals, chapters: list[Chapter]) -> None:
    """Stop a `lang` build whose data (settings, source groups, commitment, indicator names,
    facts) lacks texts in `lang`, or whose chapters cite SDG targets without a `lang` text:
    the report would show them in the source language."""
    if lang == source_lang:
        return
    for file, doc in documents:
        check_texts(file, doc, lang, source_lang)
    codes = sorted({code for c in chapters for code in c.sdg_targets})
    missing = [code for code in codes if not goals.target(code).text.get(lang)]
    if missing:
        raise InputError(goals.file, f"SDG target text(s) {', '.join(missing)} have no '{lang}' "
                                     "version", key="goals", code="sdg_texts_missing_lang",
                         params={"codes": ", ".join(missing), "lang": lang})
