"""The tender comparison (carbon/suppliers/tender.py): bidders' emissions and carbon cost over
the contract years; a bad tender file names the file and key."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from carbon.errors import InputError
from carbon.suppliers.tender import compare_bids, read_tender

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "migri" / "suppliers" / \
    "tender_reception_2025_illustrative.yaml"


def test_each_bid_gives_intensity_times_quantity_over_the_years():
    tender = read_tender(EXAMPLE)
    doc = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    by_year, table = compare_bids(tender)
    years = doc["years"][1] - doc["years"][0] + 1
    for bid in doc["bids"]:
        row = table.set_index("bidder").loc[bid["name"]]
        expected = bid["intensity"] * doc["quantity"] * years / 1000
        assert row["tco2e"] == pytest.approx(expected)
        assert row["carbon_cost_eur"] == pytest.approx(expected * doc["carbon_price_eur_per_tco2e"])
        assert row["price_with_carbon_eur"] == pytest.approx(bid["price_eur"] + row["carbon_cost_eur"])
    assert list(table["tco2e"]) == sorted(table["tco2e"])
    assert len(by_year) == years * len(doc["bids"])


def test_without_a_carbon_price_there_is_no_cost(tmp_path):
    doc = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    doc.pop("carbon_price_eur_per_tco2e")
    path = tmp_path / "t.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    _, table = compare_bids(read_tender(path))
    assert table["carbon_cost_eur"].isna().all()
    _, priced = compare_bids(read_tender(path, carbon_price=50.0))
    assert priced["carbon_cost_eur"].tolist() == pytest.approx((priced["tco2e"] * 50).tolist())


def test_a_bid_in_the_wrong_unit_names_the_file_and_key(tmp_path):
    doc = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    doc["bids"][1]["unit"] = "kgCO2e/kWh"        # the quantity is in nights
    path = tmp_path / "t.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_tender(path)
    assert (info.value.code, info.value.key, Path(info.value.file)) == \
        ("supplier_answer_unit_mismatch", "bids[1].unit", path)
