"""Saving chapters and translations: line-based merges of edits made meanwhile, conflicts with
a marked proposal, front matter checked as the report checks it, translation status, preview."""
from __future__ import annotations

import pytest

from app import collab
from carbon.errors import InputError

NAME = "07_tasa_arvo"


def paragraphs(text: str) -> list[str]:
    return text.split("\n\n")


def test_two_edits_of_different_paragraphs_are_merged_with_a_note(org):
    text, base = collab.chapter_text(org, NAME, "fi")
    p = paragraphs(text)
    first = "\n\n".join(p[:1] + ["Annan lisäys."] + p[1:])
    anna = collab.save_chapter(org, NAME, "fi", first, author="anna", base_version=base)
    last = "\n\n".join(p[:-1] + [p[-1].rstrip("\n") + " Bobin lisäys.\n"])
    bob = collab.save_chapter(org, NAME, "fi", last, author="bob", message="loppuun",
                              base_version=base)
    saved, _ = collab.chapter_text(org, NAME, "fi")
    assert "Annan lisäys." in saved and "Bobin lisäys." in saved
    assert bob.merged and str(anna.change.id) in bob.note and bob.change.note == bob.note
    assert collab.history(org, subject=f"chapter:{NAME}")[0].author == "bob"


def test_two_edits_of_the_same_line_are_a_conflict_with_a_marked_proposal(org):
    text, base = collab.chapter_text(org, NAME, "fi")
    line = paragraphs(text)[1]
    collab.save_chapter(org, NAME, "fi", text.replace(line, "Annan versio."), author="anna",
                        base_version=base)
    with pytest.raises(collab.EditConflict) as e:
        collab.save_chapter(org, NAME, "fi", text.replace(line, "Bobin versio."), author="bob",
                            base_version=base)
    c = e.value
    assert c.base == text and "Annan versio." in c.theirs and "Bobin versio." in c.mine
    assert "<<<<<<< theirs\nAnnan versio.\n=======\nBobin versio.\n>>>>>>> mine\n" in c.proposal
    assert not c.clean and c.subject == f"chapter:{NAME}/fi"
    with pytest.raises(InputError) as markers:     # the proposal as it is cannot be saved
        collab.save_chapter(org, NAME, "fi", c.proposal, author="bob", base_version=c.version)
    assert markers.value.code == "collab_conflict_markers"
    resolved = c.proposal.replace("<<<<<<< theirs\nAnnan versio.\n=======\n", "") \
        .replace(">>>>>>> mine\n", "")
    collab.save_chapter(org, NAME, "fi", resolved, author="bob", base_version=c.version)
    assert "Bobin versio." in collab.chapter_text(org, NAME, "fi")[0]


def test_a_broken_front_matter_is_refused_as_the_report_refuses_it(org):
    text, base = collab.chapter_text(org, NAME, "fi")
    with pytest.raises(InputError) as e:
        collab.save_chapter(org, NAME, "fi", text.replace("order: 70\n", ""), author="anna",
                            base_version=base)
    assert e.value.code == "front_matter_lacks"
    assert collab.chapter_text(org, NAME, "fi") == (text, base)


def states(org) -> dict[str, str]:
    entry = next(c for c in collab.chapters(org) if c.name == NAME)
    return {s.lang: s.state for s in entry.languages}


def test_a_translation_goes_stale_when_the_original_changes_and_current_when_saved(org):
    assert states(org) == {"fi": "source", "sv": "current", "en": "current"}
    text, base = collab.chapter_text(org, NAME, "fi")
    collab.save_chapter(org, NAME, "fi", text + "\nUusi kappale.\n", author="anna",
                        base_version=base)
    assert states(org) == {"fi": "source", "sv": "stale", "en": "stale"}
    sv, sv_base = collab.chapter_text(org, NAME, "sv")
    collab.save_chapter(org, NAME, "sv", sv + "\nNytt stycke.\n", author="cecilia",
                        base_version=sv_base)
    assert states(org) == {"fi": "source", "sv": "current", "en": "stale"}


def test_a_missing_translation_starts_from_the_original(org):
    (org.parent.parent.parent / "content" / "migri" / "en" / f"{NAME}.md").unlink()
    assert states(org)["en"] == "missing"
    text, base = collab.chapter_text(org, NAME, "en")
    assert text.startswith("---\nid: theme_equality\n") and "source_fingerprint:" in text
    collab.save_chapter(org, NAME, "en", text, author="dan", base_version=base)
    assert states(org)["en"] == "current"


def test_the_preview_is_the_reports_html_and_refuses_what_the_report_refuses(org):
    text, _ = collab.chapter_text(org, NAME, "fi")
    html = collab.preview_chapter(org, NAME, "fi", text + "\n## Väliotsikko\n\n**lihava**\n")
    assert "<h2>Väliotsikko</h2>" in html and "<strong>lihava</strong>" in html
    assert 'lang="fi"' in html
    with pytest.raises(InputError) as e:
        collab.preview_chapter(org, NAME, "fi", text + "\n{{ org.__class__ }}\n")
    assert e.value.code in ("template_unsafe", "template_unknown_name")
    with pytest.raises(InputError) as e:
        collab.preview_chapter(org, NAME, "fi", text + "\n# Liian iso otsikko\n")
    assert e.value.code == "heading_level"
    facts = collab.preview_chapter(org, NAME, "fi",
                                   text + "\n{{ facts.customer_equal_service_2022 }}\n")
    assert "3,45" in facts
