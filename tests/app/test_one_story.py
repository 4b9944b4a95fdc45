"""One story of the numbers (issue 21): for the report years 2021 and 2022 of the example,
`footprint`, `progress`, `indicators`, `sitoumus export`, `disclosure` and the report give the
same base year figure and the same reduction, every series has one method, and the published
base year 38,269.5 tCO2e is shown in each."""
from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from carbon.numbers import format_number

PUBLISHED = 38269.5


def run(*args) -> str:
    from build import cli
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result.output


def _num(text: str) -> float:
    return float(text.replace("\u202f", "").replace("\u00a0", "").replace(" ", "")
                 .replace("\u2212", "-").replace(",", "."))


@pytest.fixture(scope="module", params=[2021, 2022])
def year(request):
    return request.param


@pytest.fixture(scope="module")
def story(year, tmp_path_factory):
    """What each output says of the year: base year figure, reduction %, method of each year
    in its series, and its text (for the published figure)."""
    out = tmp_path_factory.mktemp(f"story{year}")
    said = {}
    prog = json.loads(run("progress", "--year", year, "--json", "--out", out))
    said["progress"] = {"base": prog["base_tco2e_used"],
                        "reduction": next(y["reduction_pct"] for y in prog["years"]
                                          if y["year"] == year),
                        "methods": {tuple(y["method"]) for y in prog["years"]},
                        "published": prog["base_tco2e_published"],
                        "trend": prog["trend_uncertainty"]["reduction_pct"],
                        "text": run("progress", "--year", year, "--out", out, "--lang", "en")}
    fp = json.loads(run("footprint", "--year", year, "--json", "--draws", 0, "--out", out))
    said["footprint"] = {"base": fp["base_year"]["base_tco2e_used"],
                         "reduction": fp["base_year"]["reduction_pct"],
                         "published": fp["base_year"]["published_tco2e"],
                         "text": run("footprint", "--year", year, "--draws", 0, "--out", out,
                                     "--lang", "en")}
    run("indicators", "--year", year, "--out", out, "--lang", "en")
    rows = {r["id"]: r for r in csv.DictReader(open(out / f"indicators_{year}.csv", encoding="utf-8"))}
    said["indicators"] = {"base": float(rows["carbon_footprint_total"]["baseline"]),
                          "reduction": float(rows["carbon_reduction_vs_base"]["latest_value"]),
                          "latest": float(rows["carbon_footprint_total"]["latest_value"])}
    # the commitment runs 2023–2027: its first export (2023) is the view of 2022, the latest
    # year with data; the 2021 view has no export
    levels = None
    if year == 2022:
        run("sitoumus", "export", "--year", 2023, "--out", out, "--lang", "en")
        doc = json.loads((out / "sitoumus2050_2023.json").read_text(encoding="utf-8"))
        # the carbon indicators are the organisation's proposals, not in the published
        # commitment: exported as plain-number meters only once adopted, else listed
        levels = [float(m["startingLevel"]) for op in doc["commitment"]["operations"]
                  for m in op.get("meters", []) if m["meterId"] == "carbon_footprint_total"]
        if not levels:
            assert "carbon_footprint_total" in {n["id"] for n in doc["not_exported"]}
            levels = None
    said["sitoumus"] = {"levels": levels}
    run("disclosure", "--year", year, "--out", out, "--lang", "en")
    index = list(csv.DictReader(open(out / f"disclosure_{year}.csv", encoding="utf-8")))
    said["disclosure"] = {
        "reduction": float(next(r["value"] for r in index
                                if r["label"] == "Change of total emissions since the base year, %")),
        "notes": " ".join(r["note"] for r in index)}
    run("report", "--year", year, "--out", out, "--lang", "en")
    html = next(out.glob("*.html")).read_text(encoding="utf-8")
    said["report"] = {"text": re.sub(r"<[^>]+>", " ", html)}
    return said


def test_the_base_year_and_the_reduction_agree_everywhere(story, year):
    base, reduction = story["progress"]["base"], story["progress"]["reduction"]
    assert story["progress"]["trend"] == pytest.approx(reduction)  # the interval's centre
    assert story["footprint"]["base"] == pytest.approx(base)
    assert story["footprint"]["reduction"] == pytest.approx(reduction)
    assert story["indicators"]["base"] == pytest.approx(base)
    assert story["indicators"]["reduction"] == pytest.approx(reduction)
    assert story["disclosure"]["reduction"] == pytest.approx(reduction, abs=0.05)
    if story["sitoumus"]["levels"] is not None:
        assert story["sitoumus"]["levels"] == [pytest.approx(base, abs=0.05)]
    # the report's chapter: the base year and the year's change, as the chapter words them
    text = story["report"]["text"]
    assert format_number(base, 1, "en") in text
    assert format_number(abs(reduction), 1, "en") in text


def test_every_series_has_one_method(story, year):
    assert len(story["progress"]["methods"]) == 1


def test_the_published_base_year_is_shown_in_each(story, year):
    shown = format_number(PUBLISHED, 1, "en")
    assert story["progress"]["published"] == PUBLISHED
    assert story["footprint"]["published"] == PUBLISHED
    assert f"published {shown}" in story["progress"]["text"]
    assert f"published {shown}" in story["footprint"]["text"]
    assert f"published {shown}" in story["disclosure"]["notes"]
    assert f"published {shown}" in story["report"]["text"]


def test_the_2021_report_keeps_its_published_reduction_and_2022_restates_it(tmp_path):
    """2021 stays −42.0 % against 38,269.5 in its own view; the 2022 view restates 2021 on the
    per-night method and shows the published figure beside it."""
    p21 = json.loads(run("progress", "--year", 2021, "--json", "--out", tmp_path))
    p22 = json.loads(run("progress", "--year", 2022, "--json", "--out", tmp_path))
    y21 = next(y for y in p21["years"] if y["year"] == 2021)
    assert y21["reduction_pct"] == pytest.approx(100 * (1 - 22193.38 / PUBLISHED), abs=0.01)
    assert not y21["restated"]
    r21 = next(r for r in p22["restatements"] if r["year"] == 2021)
    assert r21["original_tco2e"] == pytest.approx(22193.38) and r21["original_source"] == "published"
    restated = next(y for y in p22["years"] if y["year"] == 2021)
    assert restated["restated"] and restated["tco2e"] == pytest.approx(r21["restated_tco2e"])
    assert r21["difference_tco2e"] == pytest.approx(r21["restated_tco2e"] - 22193.38)
