"""A year's workflow in the store: draft → approved (an approver) → published (the report
built, the year frozen with the approver, publisher and times in its frozen record) → reopened
(an approver, with a reason; recorded in the store and in the frozen record, so the next report
build says so). An edit after approval takes the year back to draft. Also restore."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import yaml

from carbon.errors import InputError, OptionError

from .model import Change, SaveResult, YearPublished, YearStatus
from .place import Place, read_file, write_atomic
from .saving import save as save_file
from .store import Store

STEPS = ("approve", "publish", "reopen")
EDITS = ("edit", "restore", "external")


def _steps(store: Store, year: int) -> list[Change]:
    return list(reversed(store.history(subject=f"year:{year}", kinds=STEPS)))


def status(store: Store, year: int) -> YearStatus:
    """The year's state from its recorded steps (and the edits since the last approval)."""
    state, fields, approve_id = "draft", {}, None
    for step in _steps(store, year):
        if step.kind == "approve":
            state, approve_id = "approved", step.id
            fields |= {"approved_by": step.author, "approved_at": step.time}
        elif step.kind == "publish":
            state = "published"
            fields |= {"published_by": step.author, "published_at": step.time}
        elif step.kind == "reopen":
            state, approve_id = "draft", None
            fields |= {"reopened": True, "reopened_by": step.author, "reopened_at": step.time,
                       "reopen_reason": step.message}
    changed = False
    if approve_id is not None:
        changed = bool(store.history(year=year, after_id=approve_id, kinds=EDITS))
        if changed and state == "approved":
            state = "draft"
    return YearStatus(year=year, state=state, changed_since_approval=changed, **fields)


def refuse_published(store: Store, year: int | None) -> None:
    """YearPublished when `year` is published."""
    if year is None:
        return
    s = status(store, int(year))
    if s.state == "published":
        raise YearPublished(int(year), s.published_by, s.published_at)


def approve(place: Place, store: Store, year: int, *, author: str) -> YearStatus:
    """Record the approval of the year's content as it is now (outside edits recorded first)."""
    store.observe_all(place.tracked_files())
    with store.transaction():
        refuse_published(store, year)
        store.event("approve", year, author=author)
    return status(store, year)


def since_approval(store: Store, year: int) -> list[Change]:
    """The edits after the year's last approval (all edits when never approved), newest first."""
    approvals = [s for s in _steps(store, year) if s.kind == "approve"]
    after = approvals[-1].id if approvals else 0
    return store.history(year=year, after_id=after, kinds=EDITS)


def _record_file(place: Place, year: int) -> Path:
    from carbon.records.freeze import record_path
    return place.check(record_path(place.org.file, year))


def _write_record(place: Place, year: int, change: Callable[[dict[str, Any]], None]) -> None:
    """Change the frozen record of `year` in place (its header comment kept)."""
    from app.freezing import HEADER
    path = _record_file(place, year)
    text = read_file(path)
    if text is None:
        return
    doc = yaml.safe_load(text) or {}
    change(doc)
    body = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=100)
    write_atomic(path, HEADER.format(year=year) + body)


def publish(place: Place, store: Store, year: int, *, author: str, out_dir: str | Path,
            lang: str | None, build: Any = None) -> YearStatus:
    """Build the report of an approved year, freeze it and record the publication."""
    store.observe_all(place.tracked_files())
    s = status(store, year)
    if s.state == "published":
        raise YearPublished(year, s.published_by, s.published_at)
    if s.state != "approved":
        raise OptionError("year", f"{year} is not approved (or changed since its approval): "
                                  "an approver approves it before it is published",
                          code="collab_not_approved", params={"year": year})
    from app.freezing import freeze_year, write_freeze
    from app.organisation import load
    from carbon.records.freeze import record_path
    old = read_file(record_path(place.org.file, year))
    outside = bool(old) and not s.reopened   # frozen with `build.py freeze`, not by the workflow
    if outside:
        _check_frozen_figures(place, year, record_path(place.org.file, year))
    if build is None:
        from app.report import build_report as build
    build(place.org.file, year, out_dir, lang or place.org.language)
    frozen = freeze_year(load(place.org.file), year)
    earlier = ((yaml.safe_load(old) or {}).get("publication") or {}) if old else {}
    with store.transaction():
        step = store.event("publish", year, author=author)
        frozen.record["publication"] = {
            "approved_by": s.approved_by, "approved_at": s.approved_at,
            "published_by": author, "published_at": step.time,
            "reopened": list(earlier.get("reopened") or []),
        }
        if outside:      # with the calculation's figures (checked above): add to that record
            kept = yaml.safe_load(old) or {}
            kept["publication"] = frozen.record["publication"]
            frozen.record = kept
        _record_file(place, year)
        write_freeze(frozen, force=True)
    return status(store, year)


def _check_frozen_figures(place: Place, year: int, path: Path) -> None:
    """Refuse to publish over a freeze record (made outside the workflow) whose figures are no
    longer the calculation's: publishing would put different numbers under the same record."""
    from app.freezing import check_frozen_year
    c = check_frozen_year(place.org.file, year)
    if c is not None and c.differs:
        raise OptionError("year", f"{year} was frozen outside the workbench ({path}) with "
                                  f"{c.total_frozen:.1f} tCO2e, the calculation now gives "
                                  f"{c.total_now:.1f} tCO2e: see why with `build.py footprint --year "
                                  f"{year}` and freeze again (`build.py freeze --year {year} --force`) "
                                  "before publishing",
                          code="collab_frozen_differs",
                          params={"year": year, "path": path, "frozen": round(c.total_frozen),
                                  "now": round(c.total_now)})


def reopen(place: Place, store: Store, year: int, *, author: str, reason: str) -> YearStatus:
    """Reopen a published year with a reason (recorded in the store and the frozen record)."""
    reason = " ".join(str(reason or "").split())
    if not reason:
        raise OptionError("reason", "reopening a published year needs its reason",
                          code="collab_reason_missing")
    with store.transaction():
        s = status(store, year)
        if s.state != "published":
            raise OptionError("year", f"{year} is not published; only a published year is "
                                      "reopened", code="collab_not_published",
                              params={"year": year})
        step = store.event("reopen", year, author=author, message=reason)

        def add(doc: dict[str, Any]) -> None:
            pub = doc.setdefault("publication", {})
            pub.setdefault("reopened", []).append({"by": author, "at": step.time,
                                                   "reason": reason})
        _write_record(place, year, add)
    return status(store, year)


def validator(place: Place, key: str, subject: str) -> Callable[[str], None]:
    """How a restored text of file `key` is checked: as the reader of that file reads it."""
    from . import chapters, facts, indicators
    path = place.file(key)
    for kind, file in indicators.files(place).items():
        if place.key(file) == key:
            return lambda t: indicators.load_text(place, kind, t, file) and None
    if place.content and path == facts.file_of(place):
        return lambda t: facts.check(place, t) and None
    if path.suffix == ".md" and place.content:
        lang = place.org.language if path.parent == place.content else path.parent.name
        return lambda t: chapters.validate(place, path, lang, t)
    raise InputError(path, "this file is not one the workbench edits", key=subject,
                     code="collab_restore_not_file", params={"id": subject})


def restore(place: Place, store: Store, change_id: int, *, author: str,
            message: str | None, base_version: str | None = None) -> SaveResult:
    """The file as it was after change `change_id`, saved as a new change (kind restore).
    With `base_version` (the file's version when the person chose to restore): refused as an
    EditConflict, with the changes made meanwhile, when the file has changed since."""
    change = store.change(change_id)
    if not change.file or change.version is None:
        raise InputError(place.store_dir, f"change {change_id} is a step of the year's "
                                          "workflow, not a version of a file",
                         key=str(change_id), code="collab_restore_not_file",
                         params={"id": change_id})
    refuse_published(store, change.year)
    text = store.text(change.version)
    path = place.file(change.file)
    _, current = store.observe(path)
    subject = change.subject
    return save_file(place, store, path, base_version=base_version or current, edit=lambda _: text,
                     merge=lambda b, t, m: (m, False),
                     validate=validator(place, change.file, subject), author=author,
                     message=message or f"restored the version of change {change_id}",
                     subject=subject, year=change.year, kind="restore")
