"""The report context's row shaping: repeated disclosure rows merged into one."""
from __future__ import annotations

from report.document.context import merge_repeated


def row(value, note, label="Päästökertoimien lähde"):
    return {"code": "GRI 305-1 e", "esrs": None, "label": label, "value": value, "unit": "",
            "note": note}


def test_rows_of_one_item_become_one_row_with_every_value_in_order():
    rows = [row("LIPASTO", "Kertoimet: a"), row("DESNZ", "Kertoimet: b, c"),
            row(2018, "Vertailuvuosi", label="Perusvuosi")]
    merged = merge_repeated(rows)
    assert [r["label"] for r in merged] == ["Päästökertoimien lähde", "Perusvuosi"]
    assert merged[0]["value"] == ["LIPASTO", "DESNZ"]
    assert merged[0]["note"] is None          # per-source identifiers: left to the CSV
    assert merged[1] == rows[2]               # a single row is untouched
    assert rows[0]["value"] == "LIPASTO"      # the input rows are not changed


def test_a_note_the_merged_rows_share_is_kept():
    merged = merge_repeated([row("A", "Sama huomautus"), row("B", "Sama huomautus"), row("C", None)])
    assert merged[0]["value"] == ["A", "B", "C"] and merged[0]["note"] == "Sama huomautus"
