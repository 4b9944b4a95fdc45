"""The three-way line merge: the laws it keeps and its conflict markers."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from collab.merge import has_markers, merge3

LINES = st.lists(st.sampled_from(["a\n", "b\n", "c\n", "d\n", "\n", "# x\n"]), max_size=12)


@given(LINES, LINES)
def test_a_side_that_changed_nothing_gives_the_other_side(base, other):
    b, o = "".join(base), "".join(other)
    assert merge3(b, b, o) == (o, True)
    assert merge3(b, o, b) == (o, True)


@given(LINES)
def test_the_same_change_on_both_sides_is_taken_once(lines):
    b = "".join(lines)
    changed = b + "new\n"
    assert merge3(b, changed, changed) == (changed, True)


@settings(max_examples=200)
@given(st.lists(st.text("xyz", min_size=1, max_size=3), min_size=4, max_size=20, unique=True),
       st.data())
def test_edits_of_different_lines_are_both_kept(words, data):
    """Changing line i on one side and line j (not i, not next to i) on the other: the
    merge is clean and holds both new lines and every untouched one."""
    base = [w + "\n" for w in words]
    i = data.draw(st.integers(0, len(base) - 1))
    j = data.draw(st.integers(0, len(base) - 1).filter(lambda j: abs(j - i) > 1))
    theirs, mine = list(base), list(base)
    theirs[i], mine[j] = "THEIRS\n", "MINE\n"
    merged, clean = merge3("".join(base), "".join(theirs), "".join(mine))
    assert clean
    lines = merged.splitlines(keepends=True)
    assert "THEIRS\n" in lines and "MINE\n" in lines
    assert [x for x in lines if x not in ("THEIRS\n", "MINE\n")] == \
        [x for k, x in enumerate(base) if k not in (i, j)]


def test_the_same_line_changed_differently_is_marked():
    merged, clean = merge3("a\nb\nc\n", "a\nB1\nc\n", "a\nB2\nc\n")
    assert not clean
    assert merged == "a\n<<<<<<< theirs\nB1\n=======\nB2\n>>>>>>> mine\nc\n"
    assert has_markers(merged) and not has_markers("a\n== not a marker ==\n")


def test_insertions_at_the_same_place_conflict_unless_equal():
    assert not merge3("a\n", "a\nx\n", "a\ny\n")[1]
    assert merge3("a\n", "a\nx\n", "a\nx\n") == ("a\nx\n", True)
