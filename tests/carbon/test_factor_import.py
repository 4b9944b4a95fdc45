"""Planning a coefficient table's import: factor ids, mapping rules added or replaced without
touching other lines, and the ledger's product groups the table leaves uncovered."""
import pandas as pd
import pytest

from carbon.records.factor_import import plan_rules, slug, uncovered_groups

MAPPING = (
    "match,key,factor_id,source_group,note\n"
    "account,4340,spend_ict_services,ict,\n"
    "product_group,Kalusteet,spend_furniture,goods,\n"
    'account,4900,-,other_services,"Jäsenmaksut, eivät ostoja"\n'
    "product_group,Elintarvikkeet,spend_food,food,old note\n"
)


def test_slug_is_ascii_snake_case():
    assert slug("Tulkkaus- ja käännöspalvelut") == "tulkkaus_ja_kaannospalvelut"
    assert slug("ICT-laitteet (ostot)") == "ict_laitteet_ostot"


def test_rules_are_replaced_in_place_added_at_the_end_and_others_kept_verbatim():
    ids = {"Kalusteet": "t_kalusteet", "Uusi": "t_uusi", "Elintarvikkeet": "spend_food",
           "Orpo": "t_orpo"}
    groups = {"Kalusteet": "goods", "Uusi": "other_services", "Elintarvikkeet": "food", "Orpo": ""}
    notes = {g: f"t.csv row {i}" for i, g in enumerate(ids, start=2)}
    text, changes, without = plan_rules(MAPPING, ids, groups, notes)
    old, new = MAPPING.splitlines(), text.splitlines()
    actions = {c.product_group: c.action for c in changes}
    assert actions == {"Kalusteet": "replaced", "Elintarvikkeet": "unchanged", "Uusi": "added"}
    assert without == ["Orpo"]
    # every line but the replaced one is as it was, in its place; the new rule comes last
    assert new[:2] == old[:2] and new[3:5] == old[3:5]
    assert new[2] == "product_group,Kalusteet,t_kalusteet,goods,t.csv row 2"
    assert new[5] == "product_group,Uusi,t_uusi,other_services,t.csv row 3" and len(new) == 6
    replaced = next(c for c in changes if c.action == "replaced")
    assert replaced.old_factor_id == "spend_furniture"
    # importing again changes nothing
    again, changes2, _ = plan_rules(text, ids, groups, notes)
    assert again == text and {c.action for c in changes2} == {"unchanged"}


def test_uncovered_groups_sum_the_spend_the_table_does_not_cover():
    ledger = pd.DataFrame({
        "product_group": ["A", "B", "B", "", "C", "A"],
        "amount_eur": [10.0, 5.0, 7.5, 3.0, 100.0, -2.0],
        "year": [2021, 2021, 2022, 2021, 2021, 2022],
    })
    got = uncovered_groups(ledger, ["C"]).set_index("product_group")
    for group in ("A", "B", ""):
        lines = ledger[ledger["product_group"] == group]
        assert got.loc[group, "eur"] == pytest.approx(lines["amount_eur"].sum())
        assert got.loc[group, "lines"] == len(lines)
    assert "C" not in got.index
    one_year = uncovered_groups(ledger, ["C"], 2021).set_index("product_group")
    assert one_year.loc["B", "eur"] == pytest.approx(5.0)


def test_a_rule_that_excludes_a_product_group_is_kept():
    text = MAPPING + 'product_group,Jäsenmaksut,-,other_services,"Tulonsiirto, ei osto"\n'
    new, changes, _ = plan_rules(text, {"Jäsenmaksut": "t_jasenmaksut"},
                                 {"Jäsenmaksut": "other_services"}, {"Jäsenmaksut": "t.csv row 2"})
    assert new == text
    assert [(c.product_group, c.action) for c in changes] == [("Jäsenmaksut", "kept_excluded")]


def test_a_mapping_field_over_the_csv_limit_names_the_file_and_row():
    """A field over the csv module's 131,072-character limit in mapping.csv is an input error
    with the file and row (it ended in a traceback; issue 26)."""
    import pytest as _pytest
    from carbon.errors import InputError
    from carbon.records.factor_import import plan_rules
    text = ("match,value,factor_id,source_group,note\nproduct_group,1,a,b,ok\n"
            "product_group,2,a,b," + "x" * 200_000 + "\n")
    with _pytest.raises(InputError) as err:
        plan_rules(text, {}, {}, {}, "mapping.csv")
    assert err.value.row == 3 and err.value.code == "csv_unreadable"
