"""The disclosure index's codes against the table of valid GRI 305 / ESRS E1-6 / EFRAG codes."""
from __future__ import annotations

import re

import pytest

from report.publishing.disclosure.codes import (datapoint_labels, esrs_codes, format_esrs,
                                                format_gri, gri_codes, invalid_codes)
from report.publishing.disclosure.metrics import METRICS, items_doc

ITEMS = items_doc()["items"]
# GRI 305: Emissions 2016 — the item letters each disclosure has.
GRI_LETTERS = {"305-1": "abcdefg", "305-2": "abcdefg", "305-3": "abcdefg", "305-4": "abcd",
               "305-5": "abcde"}


@pytest.mark.parametrize("item", ITEMS, ids=[i["metric"] for i in ITEMS])
def test_every_row_has_valid_codes(item):
    assert invalid_codes(item) == []
    assert item["metric"] in METRICS


def test_the_validator_rejects_wrong_codes():
    assert invalid_codes({"gri": ["305-1 a + 305-2 + 305-3 a"]})
    assert invalid_codes({"gri": ["305-4 e"]})
    assert invalid_codes({"esrs": ["E1-6 §56"], "datapoints": ["E1-6_07"]})
    assert invalid_codes({"esrs": ["E1-6 §44 a"]}) == ["ESRS codes without an EFRAG datapoint id"]
    assert invalid_codes({"esrs": ["E1-6 §44 a"], "datapoints": ["E1-6_11"]})  # scope 3's id
    assert invalid_codes({"datapoints": ["E1-6_07"]})
    assert invalid_codes({}) == ["no GRI or ESRS code"]
    assert invalid_codes({"esrs": ["E1-6 §44 a", "E1-6 §48 a"], "datapoints": ["E1-6_07"]}) == []


def test_the_code_table_is_consistent():
    for code in gri_codes():
        m = re.fullmatch(r"(305-[1-5]) ([a-g])( (i|ii|iii))?", code)
        assert m and m.group(2) in GRI_LETTERS[m.group(1)], code
        if m.group(3):
            assert m.group(1, 2) in {("305-1", "d"), ("305-2", "d"), ("305-3", "e")}, code
    for code, entry in esrs_codes().items():
        m = re.fullmatch(r"E1-6 §(\d+)( [a-d])?|E1 AR (\d+)( [a-j])?|E1-([4578]) §(\d+)( [a-f])?", code)
        assert m, code
        if m.group(1):
            assert 44 <= int(m.group(1)) <= 55, code
        if m.group(5):  # E1-4 §34, E1-5 §37, E1-7 §56, E1-8 §62: ids not read, none given
            assert (m.group(5), m.group(6)) in {("4", "34"), ("5", "37"), ("7", "56"), ("8", "62")}
            assert entry["datapoints"] == [] and entry["datapoints_read"] is False, code
            continue
        assert entry["datapoints"] and set(entry["datapoints"]) <= set(datapoint_labels()), code
    used = {d for e in esrs_codes().values() for d in e["datapoints"]}
    assert used == set(datapoint_labels())


def _items(metric_prefix):
    return [i for i in ITEMS if i["metric"].startswith(metric_prefix)]


def test_corrections_of_the_findings():
    """Base-year emissions per scope under d ii / e ii; recalculation under d iii / e iii; no
    GRI code on totals; 305-5 a only on the row for initiative reductions; scope 3 total under
    §44 c; §53–§55 with both bases."""
    by = {i["metric"]: i for i in ITEMS}
    assert by["base_year_scope1"]["gri"] == ["305-1 d ii"]
    assert by["base_year_scope2_location"]["gri"] == by["base_year_scope2_market"]["gri"] == ["305-2 d ii"]
    assert by["base_year_scope3"]["gri"] == ["305-3 e ii"]
    assert by["recalculation"]["gri"] == ["305-1 d iii", "305-2 d iii", "305-3 e iii"]
    assert not by["total_location"].get("gri") and not by["total_market"].get("gri")
    assert [i["metric"] for i in ITEMS if "305-5 a" in (i.get("gri") or [])] == ["initiative_reductions"]
    assert by["scope3"]["esrs"] == ["E1-6 §44 c"]
    assert {tuple(by[m]["datapoints"]) for m in ("intensity_revenue_location", "intensity_revenue_market")} \
        == {("E1-6_30",), ("E1-6_31",)}
    assert "E1-6 §55" in by["net_revenue"]["esrs"]
    cited = {c for i in ITEMS for c in i.get("esrs") or []}
    assert {"E1-6 §47", "E1-6 §50 a", "E1-6 §50 b", "E1 AR 43 c", "E1 AR 46 i", "E1 AR 39 a",
            "E1 AR 39 b", "E1 AR 39 c", "E1 AR 39 d"} <= cited
    # the review of 2026-12: §51 is E1-6_11 (E1-6_04 is AR 46 d); AR 46 with its letter;
    # biogenic CO2 of scope 2 and 3; the base year under E1-4 §34 c
    assert esrs_codes()["E1-6 §51"]["datapoints"] == ["E1-6_11"]
    assert esrs_codes()["E1 AR 46 d"]["datapoints"] == ["E1-6_04"]
    assert "E1 AR 46" not in esrs_codes()
    assert {"E1 AR 45 e", "E1 AR 46 j"} <= set(by["biogenic"]["esrs"])
    assert {"E1-6_24", "E1-6_28"} <= set(by["biogenic"]["datapoints"])
    for m in ("base_year", "base_year_scope1", "base_year_scope2_location",
              "base_year_scope2_market", "base_year_scope3"):
        assert by[m]["esrs"] == ["E1-4 §34 c"], m
    for code in ("E1-5 §37", "E1-4 §34 d", "E1 AR 45 d", "E1 AR 46 g", "E1 AR 46 h",
                 "E1-7 §56", "E1-8 §62"):
        assert code in cited, code


def test_units_have_labels():
    labels = items_doc()["unit_labels"]
    for i in ITEMS:
        if i.get("unit"):
            assert i["unit"] in labels and labels[i["unit"]]["en"] is not None, i["metric"]


def test_formatting():
    assert format_gri(["305-4 a", "305-4 b", "305-4 c"]) == "GRI 305-4 a, b, c"
    assert format_gri(["305-1 d ii", "305-2 d ii"]) == "GRI 305-1 d ii, 305-2 d ii"
    assert format_gri([]) == "" and format_esrs([]) == ""
    assert format_esrs(["E1-6 §44 a", "E1-6 §48 a", "E1 AR 39 c"]) == "ESRS E1-6 §44 a, §48 a; E1 AR 39 c"


def _texts(node, path=""):
    if isinstance(node, dict):
        if "fi" in node and "en" in node:
            yield path, node
            return
        for k, v in node.items():
            yield from _texts(v, f"{path}.{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _texts(v, f"{path}[{i}]")


def test_every_text_of_the_index_is_in_finnish_swedish_and_english():
    texts = list(_texts(items_doc()))
    assert len(texts) > 50
    for path, entry in texts:
        assert {"fi", "sv", "en"} <= set(entry), path
        assert all(isinstance(entry[k], str) for k in ("fi", "sv", "en")), path
        placeholders = {k: set(re.findall(r"\{(\w+)\}", entry[k])) for k in ("fi", "sv", "en")}
        assert placeholders["fi"] == placeholders["sv"] == placeholders["en"], path
