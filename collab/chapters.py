"""The chapters for the edit page: the originals (content/<org>/NN_slug.md) and their
translations (content/<org>/<lang>/), their status (source, current = up to date, stale,
missing), their texts, saves merged line by line, and the preview in the report's style."""
from __future__ import annotations

import re
from pathlib import Path

from carbon.errors import InputError

from .merge import has_markers, merge3
from .model import ChapterEntry, LanguageStatus, SaveResult
from .place import Place, read_file
from .saving import save as save_file
from .store import Store, sha

_NAME = re.compile(r"^[0-9][0-9]_[A-Za-z0-9_\-]+$")
_LANG = re.compile(r"^[a-z]{2,3}$")


def _status(place: Place):
    from app.report import content_status
    return content_status(place.org.file)


def _check_name(place: Place, name: str, lang: str) -> None:
    from report.document.i18n import languages
    if not _NAME.match(str(name)) or not _LANG.match(str(lang)) or lang not in languages():
        raise InputError(place.need_content(), f"no chapter {name!r} in {lang!r}", key=str(name),
                         code="collab_chapter_unknown", params={"name": name, "lang": lang})


def _original(place: Place, name: str) -> Path:
    file = place.need_content() / f"{name}.md"
    if not file.is_file():
        raise InputError(place.need_content(), f"no chapter {name!r} in the content folder",
                         key=name, code="collab_chapter_unknown", params={"name": name, "lang": ""})
    return file


def path_of(place: Place, name: str, lang: str) -> Path:
    """The file of chapter `name` in `lang`: the original, or its translation (the file that
    translates it, else <lang>/<name>.md)."""
    _check_name(place, name, lang)
    original = _original(place, name)
    if lang == place.org.language:
        return original
    from report.document.translations import parse_translation
    chapter_id = _chapter_id(original)
    for file in sorted((place.need_content() / lang).glob("[0-9][0-9]_*.md")):
        try:
            if parse_translation(file, read_file(file) or "").id == chapter_id:
                return file
        except InputError:
            continue
    return place.need_content() / lang / f"{name}.md"


def _chapter_id(original: Path) -> str:
    from report.document.chapters import split_front_matter
    from carbon.yamlfile import parse_yaml
    front, _, _ = split_front_matter(read_file(original) or "", original)
    meta = parse_yaml(front, original, first_row=2)
    return str(meta.get("id")) if isinstance(meta, dict) else original.stem


def entries(place: Place, store: Store) -> list[ChapterEntry]:
    """Every chapter in order with each language's status and version."""
    status = _status(place)
    by_id: dict[str, list] = {}
    for row in status.rows:
        by_id.setdefault(row.id, []).append(row)
    out = []
    from report.document.chapters import load_chapters
    from sdg.goals import load_goals
    for ch in load_chapters(status.folder, load_goals(), place.org.language):
        langs = []
        for row in by_id.get(ch.id, []):
            version = store.observe(row.file)[1] if row.file else None
            langs.append(LanguageStatus(row.lang, row.state, version,
                                        place.key(row.file) if row.file else None))
        out.append(ChapterEntry(name=ch.file.stem, id=ch.id, title=ch.title,
                                source_lang=place.org.language,
                                version=store.observe(ch.file)[1], languages=tuple(langs)))
    return out


def starter(place: Place, name: str) -> str:
    """The text of a new translation: the front matter naming the original, then the original's
    body to translate."""
    from report.document.chapters import split_front_matter
    from report.document.translations import fingerprint
    original = _original(place, name)
    _, body, _ = split_front_matter(read_file(original) or "", original)
    title = _title(original)
    return (f"---\nid: {_chapter_id(original)}\ntitle: \"{title}\"\n"
            f"source_fingerprint: {fingerprint(original)}\n---\n{body}")


def _title(original: Path) -> str:
    from report.document.chapters import split_front_matter
    from carbon.yamlfile import parse_yaml
    front, _, _ = split_front_matter(read_file(original) or "", original)
    meta = parse_yaml(front, original, first_row=2)
    return str(meta.get("title", "")).replace('"', "'") if isinstance(meta, dict) else ""


def text(place: Place, store: Store, name: str, lang: str) -> tuple[str, str]:
    """(text, version) of a chapter in a language; a missing translation gives a starter text
    and the version of the empty file (saving it creates the file)."""
    file = path_of(place, name, lang)
    if not file.exists() and lang != place.org.language:
        return starter(place, name), sha("")
    return store.observe(file)


def _refresh_fingerprint(place: Place, name: str, text: str) -> str:
    """A translation's front matter with `source_fingerprint` set to the original's current
    one: the translator saved it beside the original as it is now (so it is up to date)."""
    from report.document.translations import fingerprint
    new = fingerprint(_original(place, name))
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        return text
    for i in range(1, len(lines)):
        if lines[i].strip() == "---":
            break
        if lines[i].startswith("source_fingerprint:"):
            end = "\r\n" if lines[i].endswith("\r\n") else "\n"
            lines[i] = f"source_fingerprint: {new}{end}"
            return "".join(lines)
    return text


def validate(place: Place, file: Path, lang: str, text: str) -> None:
    """The chapter as the report reads it (front matter, SDG codes; a translation's front
    matter and chapter id); conflict markers left in are refused."""
    from report.document.chapters import parse_chapter
    from report.document.translations import parse_translation
    from sdg.goals import load_goals
    if has_markers(text):
        raise InputError(file, "the text still holds conflict markers (<<<<<<<, =======, "
                               ">>>>>>>); keep one version of each marked part",
                         code="collab_conflict_markers")
    if lang == place.org.language:
        parse_chapter(file, text, load_goals())
    else:
        tr = parse_translation(file, text)
        ids = {row.id for row in _status(place).rows}
        if tr.id not in ids:
            raise InputError(file, f"translates chapter id '{tr.id}', which no original has",
                             key="id", code="translation_unknown_id",
                             params={"id": tr.id, "folder": str(place.content),
                                     "ids": ", ".join(sorted(ids))})


def save(place: Place, store: Store, name: str, lang: str, new_text: str, *, author: str,
         message: str | None, base_version: str) -> SaveResult:
    """Save a chapter's text (see app.collab.save_chapter)."""
    file = path_of(place, name, lang)
    translation = lang != place.org.language
    mine = new_text.replace("\r\n", "\n")
    if translation:
        mine = _refresh_fingerprint(place, name, mine)

    def merge(base: str, theirs: str, mine_text: str) -> tuple[str, bool]:
        return merge3(base, theirs, mine_text, theirs_label="theirs", mine_label="mine")

    return save_file(place, store, file, base_version=base_version, edit=lambda _: mine,
                     merge=merge, validate=lambda t: validate(place, file, lang, t),
                     author=author, message=message, subject=f"chapter:{name}/{lang}",
                     year=place.report_year())


def preview(place: Place, name: str, lang: str, text_: str) -> str:
    """The chapter's HTML in the report's style (sandboxed Jinja and Markdown, the facts; the
    carbon figures and generated blocks as placeholders)."""
    from dataclasses import replace
    from report.document.carbon_results import variables_skeleton
    from report.document.chapters import parse_chapter, split_front_matter
    from report.document.facts import load_facts
    from report.document.i18n import load_strings
    from report.document.translations import parse_translation
    from report.render.html import chapter_preview
    from sdg.goals import load_goals
    file = path_of(place, name, lang)
    original = _original(place, name)
    goals = load_goals()
    chapter = parse_chapter(original, read_file(original) or "", goals)
    if lang == place.org.language:
        chapter = parse_chapter(file, text_, goals)
    else:
        tr = parse_translation(file, text_)
        chapter = replace(chapter, file=file, title=tr.title, body=tr.body,
                          body_line=tr.body_line, lang=lang)
    split_front_matter(text_, file)
    org = place.org
    year = place.report_year() or org.base_year + 1
    skeleton = variables_skeleton(org.name_in(lang), year, org.base_year, len(org.targets))
    strings = load_strings(lang)
    html = chapter_preview(chapter, skeleton | {"facts": load_facts(place.need_content(), lang)},
                           lang, strings)
    from html import escape
    return (f'<article class="chapter" lang="{escape(lang)}">\n'
            f"<h1>{escape(chapter.title)}</h1>\n{html}</article>\n")
