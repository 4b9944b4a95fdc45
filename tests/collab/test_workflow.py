"""The year's workflow: draft → approved → published (report built, year frozen with the
approver and publisher) → reopened with a reason, which the next report build says."""
from __future__ import annotations

import pytest
import yaml

from app import collab
from carbon.errors import OptionError
from report.document.colophon import reopened_notes
from report.document.i18n import load_strings
from carbon.readers.settings import load_organisation

YEAR = 2021
ID = "customer_equal_service"


def version(org, year=YEAR):
    return next(r for r in collab.indicator_rows(org, year) if r.id == ID).version


def published(org, builds):
    collab.approve(org, YEAR, author="aino")
    return collab.publish(org, YEAR, author="pekka", out_dir=org.parent / "out",
                          build=lambda *args: builds.append(args))


def test_a_year_moves_from_draft_to_approved_and_back_to_draft_on_an_edit(org):
    assert collab.status(org, YEAR).state == "draft" and collab.editable(org, YEAR)
    s = collab.approve(org, YEAR, author="aino")
    assert (s.state, s.approved_by) == ("approved", "aino") and s.approved_at
    collab.save_indicator(org, YEAR, ID, value="3,9", source="K", author="anna",
                          base_version=version(org))
    s = collab.status(org, YEAR)
    assert s.state == "draft" and s.changed_since_approval and s.approved_by == "aino"
    assert [c.author for c in collab.diff_since_approval(org, YEAR)] == ["anna"]
    with pytest.raises(OptionError) as e:
        collab.publish(org, YEAR, author="pekka", out_dir=org.parent / "out",
                       build=lambda *a: None)
    assert e.value.code == "collab_not_approved"


def test_publishing_builds_the_report_freezes_the_year_and_refuses_edits(org):
    builds = []
    s = published(org, builds)
    assert s.state == "published" and s.published_by == "pekka" and not collab.editable(org, YEAR)
    assert builds == [(org.resolve(), YEAR, org.parent / "out", "fi")]
    record = yaml.safe_load((org.parent / "frozen" / f"{YEAR}.yaml").read_text(encoding="utf-8"))
    assert record["publication"]["approved_by"] == "aino"
    assert record["publication"]["published_by"] == "pekka"
    assert record["publication"]["published_at"] == s.published_at
    assert record["total_tco2e"] > 0
    with pytest.raises(collab.YearPublished):
        collab.save_indicator(org, YEAR, ID, value="1", source="K", author="anna",
                              base_version=version(org))
    with pytest.raises(collab.YearPublished):
        text, base = collab.chapter_text(org, "07_tasa_arvo", "fi")   # report.year is 2021
        collab.save_chapter(org, "07_tasa_arvo", "fi", text + "x\n", author="anna",
                            base_version=base)
    facts = {f.id: f for f in collab.facts(org)}
    with pytest.raises(collab.YearPublished):
        collab.save_fact(org, "customer_equal_service_2021", value="4", author="anna",
                         base_version=facts["customer_equal_service_2021"].version)
    collab.save_indicator(org, 2022, ID, value="3,5", source="K", author="anna",
                          base_version=version(org, 2022))           # another year is open
    with pytest.raises(collab.YearPublished):
        collab.approve(org, YEAR, author="aino")


def test_a_change_of_a_published_year_is_not_restored(org):
    change = collab.save_indicator(org, YEAR, ID, value="3,9", source="K", author="anna",
                                   base_version=version(org)).change
    published(org, [])
    with pytest.raises(collab.YearPublished):
        collab.restore(org, change.id, author="x")


def test_reopening_is_recorded_and_the_next_build_says_so(org):
    published(org, [])
    with pytest.raises(OptionError) as e:
        collab.reopen(org, YEAR, author="aino", reason="  ")
    assert e.value.code == "collab_reason_missing"
    s = collab.reopen(org, YEAR, author="aino", reason="Väärä luku taulukossa 3")
    assert s.state == "draft" and s.reopened and s.reopen_reason == "Väärä luku taulukossa 3"
    assert collab.history(org)[0].kind == "reopen"
    collab.save_indicator(org, YEAR, ID, value="3,9", source="K", author="anna",
                          base_version=version(org))
    org_settings = load_organisation(org)
    for lang in ("fi", "sv", "en"):
        notes = reopened_notes(org_settings, YEAR, load_strings(lang), lang)
        assert len(notes) == 1 and "Väärä luku taulukossa 3" in notes[0] and "aino" in notes[0]
    assert reopened_notes(org_settings, 2022, load_strings("fi"), "fi") == []
    with pytest.raises(OptionError) as e:
        collab.reopen(org, YEAR, author="aino", reason="again")
    assert e.value.code == "collab_not_published"
    collab.approve(org, YEAR, author="aino")                       # published again
    s = collab.publish(org, YEAR, author="pekka", out_dir=org.parent / "out",
                       build=lambda *a: None)
    record = yaml.safe_load((org.parent / "frozen" / f"{YEAR}.yaml").read_text(encoding="utf-8"))
    assert [r["reason"] for r in record["publication"]["reopened"]] == ["Väärä luku taulukossa 3"]
    assert s.state == "published"


def _freeze_outside_the_workflow(org):
    from app.freezing import freeze_year, write_freeze
    from app.organisation import load
    return write_freeze(freeze_year(load(org), YEAR))


def test_a_year_frozen_with_the_command_line_is_published_into_that_record(org):
    path = _freeze_outside_the_workflow(org)
    frozen_at = yaml.safe_load(path.read_text(encoding="utf-8"))["frozen_at"]
    s = published(org, [])
    record = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert s.state == "published" and record["frozen_at"] == frozen_at      # the same freeze
    assert record["publication"]["published_by"] == "pekka"
    assert record["publication"]["approved_by"] == "aino"


def test_a_year_frozen_with_other_figures_is_not_published_over_them(org):
    path = _freeze_outside_the_workflow(org)
    text = path.read_text(encoding="utf-8")
    record = yaml.safe_load(text)
    record["total_tco2e"] = round(record["total_tco2e"] + 1000.0, 3)     # frozen before a recalculation
    record["by_scope"][3] = round(record["by_scope"][3] + 1000.0, 3)
    path.write_text(yaml.safe_dump(record, allow_unicode=True, sort_keys=False), encoding="utf-8")
    before = path.read_text(encoding="utf-8")
    builds = []
    with pytest.raises(OptionError) as e:
        published(org, builds)
    assert builds == []                                  # refused before the report is built
    assert e.value.code == "collab_frozen_differs" and e.value.params["year"] == YEAR
    assert path.read_text(encoding="utf-8") == before and collab.status(org, YEAR).state == "approved"
    from carbon.messages import message_text
    fi = message_text(e.value.code, e.value.params, e.value.message, "fi")
    assert "build.py freeze --year 2021 --force" in fi and "jäädytetty" in fi
