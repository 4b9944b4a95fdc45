"""The report's chapters: Markdown files with YAML front matter (content/<org>/NN_slug.md)."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from carbon.errors import InputError
from carbon.textfile import read_text
from carbon.yamlfile import parse_yaml
from sdg.goals import Goals

KINDS = ("chapter", "carbon", "commitment")
KEYS = ("id", "title", "order", "sdg_goals", "sdg_targets", "kind")
#: optional keys: the performance agreement's theme whose indicators the chapter shows
OPTIONAL_KEYS = ("performance_theme",)
_ID = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Chapter:
    """One chapter: its front matter, its body and the file line where the body starts."""

    file: Path
    id: str
    title: str
    order: int
    sdg_goals: tuple[int, ...]
    sdg_targets: tuple[str, ...]
    kind: str
    body: str
    body_line: int  # 1-based line number in `file` of the body's first line
    performance_theme: str | None = None
    lang: str = "fi"  # the language of title and body (a translation's, or the original's)


def split_front_matter(text: str, file: Path) -> tuple[str, str, int]:
    """(front matter YAML, body, body's first line number) of a chapter file."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        raise InputError(file, "front matter missing: the file must start with a '---' line",
                         row=1, code="front_matter_missing")
    for i in range(1, len(lines)):
        if lines[i].strip() == "---":
            return "".join(lines[1:i]), "".join(lines[i + 1:]), i + 2
    raise InputError(file, "front matter is not closed with a '---' line", row=1,
                     code="front_matter_open")


def _check_front_matter(meta: object, file: Path) -> dict:
    if not isinstance(meta, dict):
        raise InputError(file, "front matter must be a YAML mapping", row=2,
                         code="front_matter_not_mapping")
    missing = [k for k in KEYS if k not in meta]
    if missing:
        raise InputError(file, f"front matter lacks {', '.join(missing)}", key=missing[0],
                         code="front_matter_lacks", params={"keys": ", ".join(missing)})
    allowed = KEYS + OPTIONAL_KEYS
    unknown = sorted(set(meta) - set(allowed))
    if unknown:
        raise InputError(file, f"unknown front matter key(s) {', '.join(unknown)} "
                               f"(allowed: {', '.join(allowed)})", key=unknown[0],
                               code="front_matter_unknown",
                               params={"keys": ", ".join(unknown), "allowed": ", ".join(allowed)})
    theme = meta.get("performance_theme")
    if theme is not None and (not isinstance(theme, str) or not _ID.match(theme)):
        raise InputError(file, f"performance_theme must be a theme id, not {theme!r}",
                         key="performance_theme", code="chapter_theme_invalid",
                         params={"value": repr(theme)})
    if not isinstance(meta["id"], str) or not _ID.match(meta["id"]):
        raise InputError(file, f"id must be an English snake_case slug, not {meta['id']!r}",
                         key="id",
                         code="chapter_id_invalid", params={"value": repr(meta["id"])})
    if not isinstance(meta["title"], str) or not meta["title"].strip():
        raise InputError(file, "title must be a non-empty string", key="title",
                         code="chapter_title_empty")
    if isinstance(meta["order"], bool) or not isinstance(meta["order"], int):
        raise InputError(file, f"order must be an integer, not {meta['order']!r}", key="order",
                         code="chapter_order_invalid", params={"value": repr(meta["order"])})
    if meta["kind"] not in KINDS:
        raise InputError(file, f"kind must be one of {', '.join(KINDS)}, not {meta['kind']!r}",
                         key="kind",
                         code="chapter_kind_invalid",
                         params={"value": repr(meta["kind"]), "known": ", ".join(KINDS)})
    goals, targets = meta["sdg_goals"], meta["sdg_targets"]
    if not isinstance(goals, list) or not all(isinstance(g, int) and not isinstance(g, bool)
                                              for g in goals):
        raise InputError(file, f"sdg_goals must be a list of goal numbers, not {goals!r}",
                         key="sdg_goals", code="sdg_goals_invalid", params={"value": repr(goals)})
    if not isinstance(targets, list) or not all(isinstance(t, str) for t in targets):
        raise InputError(file, "sdg_targets must be a list of quoted codes such as \"5.1\", "
                               f"not {targets!r}", key="sdg_targets",
                               code="sdg_targets_invalid", params={"value": repr(targets)})
    return meta


def parse_chapter(file: Path, text: str, goals: Goals) -> Chapter:
    """One chapter from its text; broken front matter, bad keys or unknown SDG codes raise
    InputError naming the file (and line where known)."""
    front, body, body_line = split_front_matter(text, file)
    try:
        meta = parse_yaml(front, file, first_row=2)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputError(file, f"front matter is not valid YAML: {getattr(exc, 'problem', exc)}",
                         row=mark.line + 2 if mark else None,
                         code="front_matter_yaml",
                         params={"detail": str(getattr(exc, "problem", exc))}) from None
    meta = _check_front_matter(meta, file)
    problems = goals.problems(meta["sdg_goals"], meta["sdg_targets"])
    if problems:
        raise InputError(file, f"chapter '{meta['title']}': " + "; ".join(problems),
                         key="sdg_targets" if "target" in problems[0] else "sdg_goals",
                         code="chapter_sdg", params={"title": meta["title"],
                                                     "detail": "; ".join(problems)})
    return Chapter(file=file, id=meta["id"], title=meta["title"].strip(), order=meta["order"],
                   sdg_goals=tuple(meta["sdg_goals"]), sdg_targets=tuple(meta["sdg_targets"]),
                   kind=meta["kind"], body=body, body_line=body_line,
                   performance_theme=meta.get("performance_theme"))


def load_chapters(folder: Path, goals: Goals, lang: str = "fi") -> list[Chapter]:
    """Every NN_slug.md chapter of a content folder (the originals, written in `lang`), sorted
    by `order`; ids and orders unique, at most one carbon and one commitment chapter.
    Translations live in the folder's language subfolders (report/document/translations.py)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(folder, "content folder not found", code="content_folder_not_found")
    files = sorted(folder.glob("[0-9][0-9]_*.md"))
    if not files:
        raise InputError(folder, "no chapter files (NN_slug.md) in the content folder",
                         code="no_chapters")
    chapters = [replace(parse_chapter(f, read_text(f, "chapter"), goals), lang=lang)
                for f in files]
    seen_ids: dict[str, Path] = {}
    seen_orders: dict[int, Path] = {}
    for ch in chapters:
        if ch.id in seen_ids:
            raise InputError(ch.file, f"id '{ch.id}' is also used by {seen_ids[ch.id].name}",
                             key="id", code="chapter_id_twice",
                             params={"id": ch.id, "other": seen_ids[ch.id].name})
        if ch.order in seen_orders:
            raise InputError(ch.file, f"order {ch.order} is also used by "
                                      f"{seen_orders[ch.order].name}", key="order",
                             code="chapter_order_twice",
                             params={"order": ch.order, "other": seen_orders[ch.order].name})
        seen_ids[ch.id] = seen_orders[ch.order] = ch.file
    for kind in ("carbon", "commitment"):
        files_of_kind = [c.file.name for c in chapters if c.kind == kind]
        if len(files_of_kind) > 1:
            raise InputError(folder, f"more than one chapter of kind '{kind}': "
                                     f"{', '.join(files_of_kind)}",
                                     code="chapter_kind_twice",
                                     params={"kind": kind, "files": ", ".join(files_of_kind)})
    return sorted(chapters, key=lambda c: c.order)
