"""A save of one file through the store: the version the editor read is its base; a change made
meanwhile is merged (the caller's `merge` says how and whether cleanly) or refused as an
EditConflict; the result is checked (`validate`), written atomically and recorded, in one
transaction."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from carbon.errors import InputError

from .model import EditConflict, SaveResult
from .place import Place, write_atomic
from .store import Store

Edit = Callable[[str], str]
Merge = Callable[[str, str, str], tuple[str, bool]]


def save(place: Place, store: Store, path: Path, *, base_version: str, edit: Edit,
         merge: Merge, validate: Callable[[str], None], author: str, message: str | None,
         subject: str, year: int | None = None, kind: str = "edit") -> SaveResult:
    """Apply `edit` to the text the editor read (the store's version `base_version`) and save
    it; when the file changed meanwhile, `merge(base, theirs, mine)` gives the text to save and
    whether the merge is clean (else EditConflict with it as the proposal)."""
    path = place.check(path)
    key = place.key(path)
    store.observe(path)                       # an outside edit is recorded even if this fails
    with store.transaction():
        theirs, current = store.observe(path)
        note, merged = "", False
        if base_version == current:
            new = edit(theirs)
        else:
            base = store.text(base_version)
            base = "" if base is None and not theirs else base
            meanwhile = store.meanwhile(key, base_version)
            if base is None:
                mine = edit(theirs)
                raise EditConflict(key, subject, base="", theirs=theirs, mine=mine,
                                   proposal=mine, version=current, changes=meanwhile)
            mine = edit(base)
            proposal, clean = merge(base, theirs, mine)
            if not clean:
                raise EditConflict(key, subject, base=base, theirs=theirs, mine=mine,
                                   proposal=proposal, version=current, changes=meanwhile)
            new, merged = proposal, True
            ids = ", ".join(str(c.id) for c in meanwhile)
            note = f"merged with change {ids}" if ids else "merged with a change made meanwhile"
        validate(new)
        if new == theirs:
            return SaveResult(change=None, version=current, merged=merged, note=note, file=key)
        try:
            write_atomic(path, new)
        except OSError as exc:
            raise InputError(path, f"the file cannot be written: {exc}",
                             code="collab_write_failed", params={"detail": str(exc)}) from None
        change = store.record(key, theirs, new, author=author, subject=subject, message=message,
                              kind=kind, year=year, note=note)
        return SaveResult(change=change, version=change.version or "", merged=merged, note=note,
                          file=key)


def item_merge(edit: Edit, item: Callable[[str], object]) -> Merge:
    """The merge of a structured file: clean when the edited item is the same in the base and
    in the file now (the edit is applied to the file now); else the same, marked not clean."""
    def merge(base: str, theirs: str, mine: str) -> tuple[str, bool]:
        try:
            proposal = edit(theirs)
        except Exception:         # the item is gone or broken in theirs: offer mine as it was
            return mine, False
        return proposal, item(base) == item(theirs)
    return merge
