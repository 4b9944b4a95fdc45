"""The row-level trace files: Parquet (default) or CSV, whatever the columns hold."""
import pandas as pd

from carbon.records.export import write_rows


def test_row_traces_with_mixed_text_and_numbers_are_written(tmp_path):
    frame = pd.DataFrame({"site": [1, "Helsinki", None], "kgco2e": [1.0, 2.0, 3.0],
                          "date": pd.to_datetime(["2021-01-02", "2021-03-04", "2021-12-31"])})
    back = pd.read_parquet(write_rows(frame, tmp_path / "rows.parquet"))
    assert back["site"].iloc[:2].tolist() == ["1", "Helsinki"] and back["site"].isna().iloc[2]
    assert back["kgco2e"].sum() == 6.0
    csv = pd.read_csv(write_rows(frame, tmp_path / "rows.csv"))
    assert csv["date"].tolist() == ["2021-01-02", "2021-03-04", "2021-12-31"]
