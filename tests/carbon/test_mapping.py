import pandas as pd
import pytest

from carbon.errors import InputError
from carbon.readers.factors import DEFAULT_DIR, load_factors
from carbon.readers.mapping import classify, load_mapping


@pytest.fixture(scope="module")
def factors():
    return load_factors(DEFAULT_DIR)


def rules(tmp_path, text):
    path = tmp_path / "mapping.csv"
    path.write_text("match,key,factor_id,source_group,note\n" + text, encoding="utf-8")
    return path


def ledger(rows):
    frame = pd.DataFrame(rows, columns=["supplier_id", "account", "category", "product_group"])
    for c in frame.columns:
        frame[c] = frame[c].astype("category")
    return frame


def test_first_match_wins_in_precedence_order(tmp_path, factors):
    m = load_mapping(rules(tmp_path, "account,4340,spend_ict_services,ict,\n"
                                     "supplier,1234567-1,spend_telecom,ict,\n"
                                     "category,ICT,spend_other_services,other,\n"
                                     "product_group,Kalusteet,spend_furniture,goods,\n"
                                     "account,4900,-,,jäsenmaksut\n"), factors)
    out = classify(ledger([["1234567-1", "4340", "ICT", ""], ["", "4340", "ICT", ""],
                           ["", "4999", "ICT", ""], ["", "4999", "", "Kalusteet"],
                           ["", "4999", "", ""], ["", "4900", "", ""]]), m)
    assert out["factor_id"].astype(object).tolist()[:4] == [
        "spend_telecom", "spend_ict_services", "spend_other_services", "spend_furniture"]
    assert out["status"].tolist() == ["classified"] * 4 + ["unclassified", "excluded"]
    assert out["rule_row"].tolist() == [3, 2, 4, 5, 0, 6]
    assert len(out) == 6  # nothing dropped


def test_unknown_factor_id_names_file_row_column(tmp_path, factors):
    with pytest.raises(InputError) as err:
        load_mapping(rules(tmp_path, "account,4340,spend_ict,ict,\n"), factors)
    assert "mapping.csv" in str(err.value) and "row 2" in str(err.value) and "'factor_id'" in str(err.value)


def test_activity_factor_in_spend_mapping_is_rejected(tmp_path, factors):
    with pytest.raises(InputError, match="per euro"):
        load_mapping(rules(tmp_path, "account,4410,electricity_fi_location,energy,\n"), factors)


def test_exclusion_needs_a_reason(tmp_path, factors):
    with pytest.raises(InputError, match="reason"):
        load_mapping(rules(tmp_path, "account,4900,-,,\n"), factors)


def test_same_key_twice_is_an_error(tmp_path, factors):
    with pytest.raises(InputError, match="row 2 already"):
        load_mapping(rules(tmp_path, "account,4340,spend_ict_services,ict,\n"
                                     "account,4340,spend_telecom,ict,\n"), factors)


def test_unclassified_summary_lists_the_largest_unmapped_spend(tmp_path, factors):
    from carbon.readers.mapping import unclassified_summary
    m = load_mapping(rules(tmp_path, "account,4340,spend_ict_services,ict,\n"), factors)
    lines = ledger([["A", "4340", "", ""], ["B", "4999", "", ""], ["B", "4999", "", ""],
                    ["C", "4888", "", ""]])
    lines["supplier_name"] = lines["supplier_id"]
    lines["amount_eur"] = [100.0, 10.0, 15.0, -40.0]
    top = unclassified_summary(classify(lines, m))
    assert top["account"].astype(str).tolist() == ["4888", "4999"]  # by size, credit notes too
    assert top["eur"].tolist() == [-40.0, 25.0] and top["lines"].tolist() == [1, 2]
