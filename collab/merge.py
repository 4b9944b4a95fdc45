"""A three-way merge of lines (as diff3 does it): the changes from the base to theirs and from
the base to mine are both applied where they touch different lines; where they change the same
lines differently, both are kept between conflict markers."""
from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

OURS = "<<<<<<< "
SEP = "=======\n"
THEIRS = ">>>>>>> "


@dataclass(frozen=True)
class Hunk:
    """Base lines [start, end) replaced by `lines`, on one side (0: theirs, 1: mine)."""

    start: int
    end: int
    lines: tuple[str, ...]
    side: int


def _hunks(base: list[str], other: list[str], side: int) -> list[Hunk]:
    matcher = SequenceMatcher(None, base, other, autojunk=False)
    return [Hunk(i1, i2, tuple(other[j1:j2]), side)
            for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"]


def _touches(h: Hunk, lo: int, hi: int) -> bool:
    """True when hunk `h` conflicts with a cluster over base lines [lo, hi)."""
    if h.start == h.end:                              # an insertion
        return lo < h.start < hi or (lo == hi == h.start)
    if lo == hi:                                      # the cluster is an insertion
        return h.start < lo < h.end
    return h.start < hi and lo < h.end


def _apply(base: list[str], lo: int, hi: int, hunks: list[Hunk]) -> list[str]:
    out, at = [], lo
    for h in sorted(hunks, key=lambda h: (h.start, h.end)):
        out += base[at:h.start]
        out += h.lines
        at = h.end
    return out + base[at:hi]


def _ended(lines: list[str]) -> list[str]:
    return [line if line.endswith("\n") else line + "\n" for line in lines]


def merge3(base: str, theirs: str, mine: str, *, theirs_label: str = "theirs",
           mine_label: str = "mine") -> tuple[str, bool]:
    """(merged text, clean): both sides' changes applied; overlapping different changes kept
    between `<<<<<<< theirs` / `=======` / `>>>>>>> mine` lines (then clean is False)."""
    b = base.splitlines(keepends=True)
    hunks = sorted(_hunks(b, theirs.splitlines(keepends=True), 0)
                   + _hunks(b, mine.splitlines(keepends=True), 1),
                   key=lambda h: (h.start, h.end, h.side))
    clusters: list[tuple[int, int, list[Hunk]]] = []
    for h in hunks:
        if clusters and _touches(h, clusters[-1][0], clusters[-1][1]):
            lo, hi, group = clusters[-1]
            clusters[-1] = (min(lo, h.start), max(hi, h.end), group + [h])
        else:
            clusters.append((h.start, h.end, [h]))
    out: list[str] = []
    clean = True
    at = 0
    for lo, hi, group in clusters:
        out += b[at:lo]
        sides = {h.side for h in group}
        if len(sides) == 1:
            out += _apply(b, lo, hi, group)
        else:
            left = _apply(b, lo, hi, [h for h in group if h.side == 0])
            right = _apply(b, lo, hi, [h for h in group if h.side == 1])
            if left == right:
                out += left
            else:
                clean = False
                if out and not out[-1].endswith("\n"):
                    out[-1] += "\n"
                out += [f"{OURS}{theirs_label}\n", *_ended(left), SEP, *_ended(right),
                        f"{THEIRS}{mine_label}\n"]
        at = hi
    out += b[at:]
    return "".join(out), clean


def has_markers(text: str) -> bool:
    """True when a text still holds conflict markers (a save with them is refused)."""
    return any(line.startswith((OURS, THEIRS)) or line == SEP.rstrip("\n")
               for line in text.splitlines())
