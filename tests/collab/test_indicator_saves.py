"""Saving indicator values: the file a person would write (one line changed, comments kept),
read back by the command line; values read as the command line reads them; conflicts."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app import collab
from build import cli
from carbon.errors import InputError

ID = "customer_equal_service"      # a performance-agreement indicator with values 2021, 2022


def row(org: Path, year: int, indicator: str = ID) -> collab.IndicatorEntry:
    return next(r for r in collab.indicator_rows(org, year, "fi") if r.id == indicator)


def values(org: Path, indicator: str, file: str = "performance.yaml") -> dict[int, dict]:
    doc = yaml.safe_load((org.parent / file).read_text(encoding="utf-8"))
    item = next(i for i in doc["indicators"] if i["id"] == indicator)
    return {v["year"]: v for v in item.get("values") or []}


def test_a_value_with_a_decimal_comma_is_what_the_command_line_then_shows(org):
    before = (org.parent / "performance.yaml").read_text(encoding="utf-8")
    r = collab.save_indicator(org, 2022, ID, value="3,61", unit=None, source="Kysely 2022",
                              note=None, missing_reason=None, author="anna",
                              message="vuoden 2022 luku", base_version=row(org, 2022).version)
    after = (org.parent / "performance.yaml").read_text(encoding="utf-8")
    assert values(org, ID)[2022]["value"] == 3.61 and values(org, ID)[2022]["source"] == "Kysely 2022"
    changed = [line for line in r.change.diff.splitlines()
               if line.startswith(("+", "-")) and not line.startswith(("+++", "---"))]
    assert len(changed) == 2                       # one line out, one in: nothing else moved
    assert [x for x in before.splitlines() if x.lstrip().startswith("#")] == \
        [x for x in after.splitlines() if x.lstrip().startswith("#")]
    out = CliRunner().invoke(cli, ["indicators", "--org", str(org), "--set", "performance",
                                   "--year", "2022"], prog_name="build.py")
    assert out.exit_code == 0, out.output
    assert "3,61 (2022)" in out.output
    assert row(org, 2022).value == 3.61 and row(org, 2022).version == r.version


def test_a_new_value_with_its_own_unit_is_converted_by_the_reader(org):
    ind = "cost_correspondence"                       # percent, no values yet
    collab.save_indicator(org, 2021, ind, value="0,95", unit="dimensionless", source="Kirjanpito",
                          note="arvio", missing_reason=None, author="anna",
                          base_version=row(org, 2021, ind).version)
    assert values(org, ind)[2021] == {"year": 2021, "value": 0.95, "unit": "dimensionless",
                                      "source": "Kirjanpito", "note": "arvio"}
    assert row(org, 2021, ind).value == pytest.approx(95.0)


@pytest.mark.parametrize("value, unit, code", [
    ("kolme", None, "collab_not_number"),
    ("3,5 kg", None, "collab_wrong_unit"),
    ("12", "tCO2e", "collab_wrong_unit"),
    ("", None, None),                            # removes: not an error
])
def test_bad_values_are_refused_with_a_message_code(org, value, unit, code):
    kwargs = dict(unit=unit, source="x", note=None, missing_reason=None, author="anna",
                  base_version=row(org, 2022).version)
    if code is None:
        collab.save_indicator(org, 2022, ID, value=value, **kwargs)
        assert 2022 not in values(org, ID)
        return
    with pytest.raises(InputError) as e:
        collab.save_indicator(org, 2022, ID, value=value, **kwargs)
    assert e.value.code == code and e.value.file.endswith("performance.yaml")
    assert values(org, ID)[2022]["value"] == 3.45          # nothing written


def test_a_year_outside_the_agreement_is_refused_by_the_agreements_reader(org):
    with pytest.raises(InputError) as e:
        collab.save_indicator(org, 2030, ID, value="3", source="x", author="anna",
                              base_version=row(org, 2022).version)
    assert e.value.code == "ind_year_outside_agreement"
    assert e.value.file.endswith("performance.yaml")


def test_a_value_needs_its_source(org):
    with pytest.raises(InputError) as e:
        collab.save_indicator(org, 2022, ID, value="3", source=" ", author="anna",
                              base_version=row(org, 2022).version)
    assert e.value.code == "collab_source_missing"


def test_a_computed_indicator_is_not_entered(org):
    computed = next(r for r in collab.indicator_rows(org, 2021) if r.computed)
    assert not computed.editable
    with pytest.raises(InputError) as e:
        collab.save_indicator(org, 2021, computed.id, value="1", source="x", author="anna",
                              base_version=computed.version)
    assert e.value.code == "collab_indicator_not_editable"


def test_a_missing_reason_in_one_language_keeps_the_others(org):
    ind = "productivity_decisions_per_person_year"
    with pytest.raises(InputError) as e:       # the agreement's reader wants fi, sv and en
        collab.save_indicator(org, 2021, ind, value=None, missing_reason="Ei julkaistu",
                              author="anna", base_version=row(org, 2021, ind).version)
    assert e.value.code == "text_langs_missing"
    reasons = {"fi": "Ei julkaistu", "sv": "Inte publicerat", "en": "Not published"}
    collab.save_indicator(org, 2021, ind, value=None, missing_reason=reasons, author="anna",
                          base_version=row(org, 2021, ind).version)
    collab.save_indicator(org, 2021, ind, value=None, missing_reason="Ei vielä julkaistu",
                          author="anna", base_version=row(org, 2021, ind).version, lang="fi")
    assert row(org, 2021, ind).missing_reason == "Ei vielä julkaistu"
    assert next(r for r in collab.indicator_rows(org, 2021, "sv") if r.id == ind) \
        .missing_reason == "Inte publicerat"


def test_a_change_meanwhile_to_another_indicator_is_merged(org):
    base = row(org, 2022).version
    first = collab.save_indicator(org, 2022, ID, value="3,7", source="A", author="anna",
                                  base_version=base)
    second = collab.save_indicator(org, 2022, "cost_correspondence", value="90", source="B",
                                   author="bob", base_version=base)
    assert second.merged and str(first.change.id) in second.note
    assert values(org, ID)[2022]["value"] == 3.7
    assert values(org, "cost_correspondence")[2022]["value"] == 90


def test_a_change_meanwhile_to_the_same_indicator_is_a_conflict(org):
    base = row(org, 2022).version
    collab.save_indicator(org, 2022, ID, value="3,7", source="A", author="anna", base_version=base)
    with pytest.raises(collab.EditConflict) as e:
        collab.save_indicator(org, 2022, ID, value="3,9", source="B", author="bob",
                              base_version=base)
    c = e.value
    assert "value: 3.45" in c.base and "value: 3.7" in c.theirs and "value: 3.9" in c.mine
    assert [x.author for x in c.changes] == ["anna"] and c.version == row(org, 2022).version
    assert values(org, ID)[2022]["value"] == 3.7                    # bob's value not written
    again = collab.save_indicator(org, 2022, ID, value="3,9", source="B", author="bob",
                                  base_version=c.version)           # after seeing anna's
    assert again.change and values(org, ID)[2022]["value"] == 3.9


def test_a_commitment_value_goes_into_indicators_yaml(org):
    ind = "waste_sorting_site_coverage"
    r = collab.save_indicator(org, 2024, ind, value="40", unit="%", source="Kartoitus",
                              author="anna", base_version=row(org, 2024, ind).version)
    assert r.file.endswith("indicators.yaml")
    assert values(org, ind, "indicators.yaml")[2024]["value"] == 40


def test_every_editable_indicator_of_the_example_takes_a_value_and_gives_it_back(org):
    """The text edit works on every layout the example's two files use (flow and block
    entries, `values: []`, no values key, anchors); removing the value again leaves the
    indicator as it read before (the key `values: []` at most)."""
    before = {f: yaml.safe_load((org.parent / f).read_text(encoding="utf-8"))
              for f in ("indicators.yaml", "performance.yaml")}
    editable = [r for r in collab.indicator_rows(org, 2023) if r.editable]
    assert len(editable) > 20
    for r in editable:
        saved = collab.save_indicator(org, 2023, r.id, value="1,5", source="S", author="t",
                                      base_version=row(org, 2023, r.id).version)
        assert row(org, 2023, r.id).value is not None
        collab.save_indicator(org, 2023, r.id, value=None, author="t", base_version=saved.version)
    for f, doc in before.items():
        after = yaml.safe_load((org.parent / f).read_text(encoding="utf-8"))
        for a, b in zip(doc["indicators"], after["indicators"]):
            assert {k: v for k, v in b.items() if not (k == "values" and v == [])} == \
                {k: v for k, v in a.items() if not (k == "values" and v == [])}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                HealthCheck.function_scoped_fixture])
@given(st.text(min_size=1, max_size=40))
def test_any_source_text_is_written_so_that_it_reads_back(org, source):
    """Quotes, colons, '#', other scripts, control characters: the source reads back as the
    one-line text the form gave (characters YAML cannot hold left out)."""
    from collab.values import text
    if not text(source):
        return
    collab.save_indicator(org, 2022, ID, value="3", source=source, author="t",
                          base_version=row(org, 2022).version)
    assert values(org, ID)[2022]["source"] == text(source)
    assert row(org, 2022).source == text(source)
