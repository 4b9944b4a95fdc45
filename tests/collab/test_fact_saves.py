"""Saving the measured facts (content/<org>/facts.yaml): one key changed, a new fact added,
merges and conflicts by fact, checked by the report's facts reader."""
from __future__ import annotations

import pytest
import yaml

from app import collab
from carbon.errors import InputError

FACT = "customer_equal_service_2022"


def facts(org):
    return {f.id: f for f in collab.facts(org)}


def doc(org):
    path = org.parent.parent.parent / "content" / "migri" / "facts.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))["facts"]


def test_a_value_with_a_decimal_comma_changes_one_line(org):
    r = collab.save_fact(org, FACT, value="3,51", author="anna", base_version=facts(org)[FACT].version)
    assert doc(org)[FACT]["value"] == 3.51 and facts(org)[FACT].value == 3.51
    assert sum(1 for x in r.change.diff.splitlines() if x.startswith("+") and not x.startswith("+++")) == 1


def test_a_new_fact_needs_source_and_year(org):
    base = facts(org)[FACT].version
    with pytest.raises(InputError) as e:
        collab.save_fact(org, "staff_2022", value="812", author="anna", base_version=base)
    assert e.value.code == "collab_fact_needs"
    collab.save_fact(org, "staff_2022", value="812", year="2022", unit="htv",
                     source="Henkilöstötilinpäätös 2022", author="anna", base_version=base)
    assert doc(org)["staff_2022"] == {"value": 812, "unit": "htv", "year": 2022,
                                      "source": "Henkilöstötilinpäätös 2022"}
    with pytest.raises(InputError) as e:
        collab.save_fact(org, "Bad-Id", value="1", year="2022", source="x", author="anna",
                         base_version=facts(org)[FACT].version)
    assert e.value.code == "collab_fact_id_invalid"


def test_facts_merge_by_fact(org):
    base = facts(org)[FACT].version
    collab.save_fact(org, FACT, value="3,6", author="anna", base_version=base)
    merged = collab.save_fact(org, "customer_equal_service_2021", value="3,9", author="bob",
                              base_version=base)
    assert merged.merged
    assert doc(org)[FACT]["value"] == 3.6 and doc(org)["customer_equal_service_2021"]["value"] == 3.9
    with pytest.raises(collab.EditConflict):
        collab.save_fact(org, FACT, value="3,7", author="bob", base_version=base)
