"""What the shared editing passes around: a year's status, the rows of the edit pages, a save's
result, a recorded change, and the two refusals (a conflicting edit, a published year)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from carbon.errors import VastuuError

STATES = ("draft", "approved", "published")
KINDS = ("edit", "restore", "external", "approve", "publish", "reopen")


@dataclass(frozen=True)
class YearStatus:
    """A year's place in the workflow: draft, approved or published, who took each step and
    when (ISO times, UTC), and whether a published year was reopened (by whom, why)."""

    year: int
    state: str
    approved_by: str | None = None
    approved_at: str | None = None
    published_by: str | None = None
    published_at: str | None = None
    reopened: bool = False
    reopened_by: str | None = None
    reopened_at: str | None = None
    reopen_reason: str | None = None
    #: files changed since the last approval (an approved year goes back to draft on an edit)
    changed_since_approval: bool = False


@dataclass(frozen=True)
class IndicatorEntry:
    """One indicator as its edit form shows it: the year's value in the indicator's unit (None
    when there is none; `value_unit` is the unit the file writes it in, when not the
    indicator's) with its source and note, or the reason it is missing (in the language
    asked); `version` is the sha256 of the file text it was read from (send it back as
    base_version)."""

    id: str
    set: str                      # "commitment" | "performance"
    code: str                     # the agreement's number ("8.1"), "" for the commitment
    name: str
    unit: str
    value: float | None
    source: str
    note: str
    missing_reason: str
    file: str                     # the file's name relative to the store ("indicators.yaml")
    version: str
    #: False for computed indicators (the calculator gives them) and qualitative ones
    editable: bool = True
    computed: str | None = None
    qualitative: bool = False
    value_unit: str = ""          # the unit the value was written in, when not the indicator's
    year: int = 0


@dataclass(frozen=True)
class FactEntry:
    """One measured fact of content/<org>/facts.yaml as its edit form shows it."""

    id: str
    name: str
    value: float | None
    decimals: int
    unit: str
    year: int | None
    source: str
    file: str
    version: str


@dataclass(frozen=True)
class LanguageStatus:
    """A chapter in one language: `source` (the original), `current` (up to date), `stale`
    (the original changed after the translation was made) or `missing`."""

    lang: str
    state: str
    version: str | None           # sha256 of the file's text, None when missing
    file: str | None


@dataclass(frozen=True)
class ChapterEntry:
    """A chapter: its file name without .md (`07_tasa_arvo`), id, title, the original's
    language and version, and every language with its translation status."""

    name: str
    id: str
    title: str
    source_lang: str
    version: str
    languages: tuple[LanguageStatus, ...]


@dataclass(frozen=True)
class Change:
    """One recorded change: who, when (ISO, UTC), which file (relative to the store's root) and
    subject ("indicator:ghg_total", "chapter:07_tasa_arvo/sv", "fact:x", "year:2021"), the
    message, its kind (edit, restore, external, approve, publish, reopen) and the unified diff
    against the file's previous version."""

    id: int
    time: str
    author: str
    file: str
    subject: str
    message: str
    kind: str
    diff: str
    year: int | None = None
    version: str | None = None      # sha256 of the file text after the change
    previous: str | None = None     # sha256 of the text before (None: the file's first record)
    note: str = ""                  # e.g. "merged with change 12"


@dataclass(frozen=True)
class SaveResult:
    """A save: the change recorded (None when the text was already that), the file's new
    version, and whether it was merged with a change made meanwhile (`note` says with which)."""

    change: Change | None
    version: str
    merged: bool = False
    note: str = ""
    file: str = ""


class EditConflict(VastuuError):
    """The file changed after the editor read it and the same item (or overlapping lines) was
    changed: nothing is saved. Carries the base (what the editor read), theirs (the file now),
    mine (what the save would have written) and a proposal (the merge, with conflict markers
    where the two disagree), plus the changes made meanwhile."""

    def __init__(self, file: str, subject: str, *, base: str, theirs: str, mine: str,
                 proposal: str, version: str, changes: list[Change] | None = None,
                 clean: bool = False) -> None:
        self.file = file
        self.subject = subject
        self.base = base
        self.theirs = theirs
        self.mine = mine
        self.proposal = proposal
        self.version = version          # the current version: the base of a retried save
        self.changes = list(changes or [])
        self.clean = clean              # True when the proposal has no conflict markers
        self.code = "collab_edit_conflict"
        self.params: dict[str, Any] = {"file": file, "subject": subject}
        super().__init__(f"{file}: {subject} was changed meanwhile; merge and save again")


class YearPublished(VastuuError):
    """A published year is read-only until an approver reopens it."""

    def __init__(self, year: int, published_by: str | None = None,
                 published_at: str | None = None) -> None:
        self.year = year
        self.published_by = published_by
        self.published_at = published_at
        self.code = "collab_year_published"
        self.params: dict[str, Any] = {"year": year}
        super().__init__(f"{year} is published and read-only; an approver can reopen it")

