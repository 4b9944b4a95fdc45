"""The chapters: the list with each translation's status (up to date, stale, missing), and one
chapter's Markdown editor with a preview in the report's own style beside the original."""
from __future__ import annotations

from flask import Blueprint, abort, g, redirect, render_template, request, url_for

import app.collab as collab
from carbon.errors import InputError
from ...text import user_message
from .._access import author, require_role
from ..base import context, workbench
from .common import chapter_year, conflict_page, published_message

bp = Blueprint("edit_chapters", __name__)
#: the longest chapter text a form may send (characters)
MAX_TEXT = 200_000


def _entry(name: str) -> collab.ChapterEntry:
    """The chapter called `name`, or 404."""
    for entry in collab.chapters(workbench().org_file):
        if entry.name == name:
            return entry
    abort(404)


@bp.get("/edit/chapters")
def chapters():
    """Every chapter with its languages and their translation status."""
    wb = workbench()
    entries = collab.chapters(wb.org_file)
    year = chapter_year()
    return render_template("edit_chapters.html", **context(
        entries=entries, editable=collab.editable(wb.org_file, year) if year else True))


def _editor(name: str, lang: str, *, text: str | None = None, version: str | None = None,
            error: str = "", preview: str = "", saved: str = "", status: int = 200):
    """The editor of chapter `name` in `lang`: its text (or what was posted), the original
    beside a translation, and the preview."""
    wb = workbench()
    entry = _entry(name)
    langs = {s.lang: s for s in entry.languages}
    if lang not in langs:
        abort(404)
    stored, stored_version = collab.chapter_text(wb.org_file, name, lang)
    original = collab.chapter_text(wb.org_file, name, entry.source_lang)[0] \
        if lang != entry.source_lang else ""
    year = chapter_year()
    return render_template("edit_chapter.html", **context(
        entry=entry, chapter_lang=lang, langstate=langs[lang], original=original,
        text=stored if text is None else text, version=version or stored_version,
        error=error, preview=preview, saved=saved,
        editable=collab.editable(wb.org_file, year) if year else True)), status


@bp.get("/edit/chapters/<name>/<chapter_lang>")
def chapter(name: str, chapter_lang: str):
    """One chapter's editor (?saved=1 after a save)."""
    return _editor(name, chapter_lang, saved=request.args.get("saved", ""))


def _posted_text() -> str:
    """The posted Markdown (line endings as the file keeps them), bounded."""
    text = request.form.get("text", "")
    if len(text) > MAX_TEXT:
        abort(413)
    return text.replace("\r\n", "\n")


@bp.post("/edit/chapters/<name>/<chapter_lang>/preview")
@require_role("contributor")
def preview(name: str, chapter_lang: str):
    """The posted text rendered as the report renders it (nothing saved)."""
    text = _posted_text()
    try:
        html = collab.preview_chapter(workbench().org_file, name, chapter_lang, text)
    except InputError as exc:
        return _editor(name, chapter_lang, text=text, version=request.form.get("base_version"),
                       error=user_message(exc, g.lang), status=400)
    return _editor(name, chapter_lang, text=text, version=request.form.get("base_version"),
                   preview=html)


@bp.post("/edit/chapters/<name>/<chapter_lang>")
@require_role("contributor")
def save(name: str, chapter_lang: str):
    """Save the chapter; a change made meanwhile is merged or offered on the conflict page."""
    wb = workbench()
    _entry(name)
    text = _posted_text()
    try:
        collab.save_chapter(wb.org_file, name, chapter_lang, text, author=author(),
                            message=request.form.get("message") or None,
                            base_version=request.form.get("base_version", ""))
    except collab.EditConflict as exc:
        return conflict_page(exc, kind="chapter",
                             action=url_for("edit_chapters.save", name=name, chapter_lang=chapter_lang),
                             back=url_for("edit_chapters.chapter", name=name, chapter_lang=chapter_lang),
                             hidden={})
    except collab.YearPublished as exc:
        return _editor(name, chapter_lang, text=text, version=request.form.get("base_version"),
                       error=published_message(exc), status=409)
    except InputError as exc:
        return _editor(name, chapter_lang, text=text, version=request.form.get("base_version"),
                       error=user_message(exc, g.lang), status=400)
    wb.reload()
    return redirect(url_for("edit_chapters.chapter", name=name, chapter_lang=chapter_lang, saved=1),
                    code=303)
