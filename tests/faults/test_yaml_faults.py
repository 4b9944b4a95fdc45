"""Fault corpus of issue 26, YAML and years: a key given twice, alias bombs, nesting, years out of
range, a repeated mapping_order kind and the bounds file's own errors each stop the command with
exit 2 and one message naming the file, row and key; unclassified spend over its limit is a note."""
from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from tests.faults.corpus import ORG, Case, make_copy, replace, setting
from tests.faults.test_fault_corpus import _expected_row, _run

EX = "examples/migri/"
FACTOR = "factors/reception_night.yaml"
SCENARIO = "scenarios/ambitious.yaml"
RUN = ("scenario", "run", "@" + SCENARIO, "--draws", "0")
PLAN = ("scenario", "plan", "--target", "2027", "--bounds", "@planner_bounds.yaml", "--draws", "0")
#: nine levels of nine aliases: 387 million strings when written out
BOMB = "a: &a [" + ", ".join(['"lol"'] * 9) + "]\n" + "".join(
    f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi"))


def prepend(name: str, text: str):
    def edit(base: Path) -> None:
        path = base / name
        path.write_text(text + path.read_text(encoding="utf-8"), encoding="utf-8")
    return edit


def bomb_note(name: str = SCENARIO):
    """The alias bomb's anchors inside the first lever's note (the review's case)."""
    anchors = "".join("      " + line + "\n" for line in BOMB.splitlines())
    return replace(name, '    note: "Kilpailutuksen', "    note:\n" + anchors
                   + '      all: *i\n    label_note: "Kilpailutuksen')


CASES = [
    Case("factor value twice", (replace(FACTOR, "  value: 6.696012\n",
                                        "  value: 6.696012\n  value: 66.96\n"),),
         file=EX + FACTOR, row="find:value: 66.96", key="value",
         contains=("the key 'value' is given twice in the same mapping (first on row 11)",)),
    Case("base_year twice", (replace(ORG, "base_year: 2018\n", "base_year: 2018\nbase_year: 2019\n"),),
         file=EX + ORG, row="find:base_year: 2019", key="base_year",
         contains=("given twice", "first on row 22")),
    Case("lever share twice", (replace(SCENARIO, "    share: {2024: 20, 2027: 70, 2030: 100}\n",
                                       "    share: {2024: 20, 2027: 70, 2030: 100}\n    share: 100\n"),),
         command=RUN, file=EX + SCENARIO, row="find:share: 100", key="share",
         contains=("the key 'share' is given twice",)),
    Case("year path key twice", (replace(SCENARIO, "{2024: 20, 2027: 70, 2030: 100}",
                                         "{2024: 20, 2027: 70, 2024: 100}"),),
         command=RUN, file=EX + SCENARIO, row="find:2024: 100", key="2024",
         contains=("the key '2024' is given twice",)),
    Case("year path year as int and text", (replace(SCENARIO, "{2024: 20, 2027: 70, 2030: 100}",
                                                    "{2024: 20, '2024': 70, 2030: 100}"),),
         command=RUN, file=EX + SCENARIO, key="levers[0] (supplier_factor)",
         contains=("share: the year 2024 is given twice",)),
    Case("alias bomb in a lever note", (bomb_note(),), command=RUN, file=EX + SCENARIO,
         row="find:f: &f", key="f", contains=("aliases (*name) would expand", "alias bomb")),
    Case("alias bomb in the settings", (prepend(ORG, BOMB + "bomb: *i\n"),), file=EX + ORG,
         row="find:f: &f", key="f", contains=("would expand the document beyond",)),
    Case("alias bomb in a factor file", (prepend(FACTOR, "x-" + BOMB.replace("\n", "\nx-", 8)),),
         file=EX + FACTOR, row="find:x-f: &f", key="x-f", contains=("alias bomb",)),
    Case("alias refers to itself", (replace(SCENARIO, 'note: "Kilpailutuksen', 'note: &n [*n]\n'
                                            '    label_note: "Kilpailutuksen'),),
         command=RUN, file=EX + SCENARIO, row="find:&n [*n]", key="note",
         contains=("an alias refers to the value that holds it",)),
    Case("nesting too deep", (replace(SCENARIO, 'note: "Kilpailutuksen',
                                      "note: " + "[" * 5000 + "]" * 5000
                                      + '\n    label_note: "Kilpailutuksen'),),
         command=RUN, file=EX + SCENARIO, row="find:note: [[[",
         contains=("nests lists and mappings more than 100 deep",)),
    Case("negative year in a year path", (replace(SCENARIO, "share: {2023: 50, 2025: 100}",
                                                  "share: {-2025: 50, 2025: 100}"),),
         command=RUN, file=EX + SCENARIO, key="levers[1] (renewable_contract)",
         contains=("share: -2025 is not a year between 1990 and 2100",)),
    Case("year path far in the future", (replace(SCENARIO, "share: {2023: 50, 2025: 100}",
                                                 "share: {2023: 50, 99999: 100}"),),
         command=RUN, file=EX + SCENARIO, key="levers[1] (renewable_contract)",
         contains=("share: 99999 is not a year between 1990 and 2100",)),
    Case("until far in the future", (setting("until", 99999, SCENARIO),), command=RUN,
         file=EX + SCENARIO, key="until",
         contains=("until 99999 is after 2100, the last year a projection reaches",)),
    Case("years range of a billion years", (setting("levers.1.years", "2023-999999999", SCENARIO),),
         command=RUN, file=EX + SCENARIO, key="levers[1] (renewable_contract)",
         contains=("years: '2023-999999999' is not a year or a range of years between 1990 "
                   "and 2100",)),
    Case("mapping_order kind twice", (setting("data.mapping_order", ["supplier", "supplier"]),),
         file=EX + ORG, key="data.mapping_order",
         contains=("the match kind 'supplier' is given twice; give each once",)),
    Case("mapping_order unknown kind", (setting("data.mapping_order", ["supplier", "vendor"]),),
         file=EX + ORG, key="data.mapping_order", contains=("unknown match kind 'vendor'",)),
    Case("base year out of range", (setting("base_year", 20180),), file=EX + ORG, key="base_year",
         contains=("base_year must be a year between 1990 and 2100, not 20180",)),
    Case("target year out of range", (setting("targets.0.year", 20270),), file=EX + ORG,
         key="targets[0].year", contains=("between 1990 and 2100, not 20270",)),
    Case("accepted year out of range", (setting("accept_missing_spend", [-2021]),),
         file=EX + ORG, key="accept_missing_spend", contains=("not -2021",)),
    Case("ledger year out of range", (setting("data.ledger.0.year", 20210),), file=EX + ORG,
         key="data.ledger[0].year", contains=("a year between 1990 and 2100 or date",)),
    Case("bounds file lever with an unknown parameter",
         (replace("planner_bounds.yaml", "  - lever: renewable_contract\n",
                  "  - lever: renewable_contract\n    bogus: 1\n"),),
         command=PLAN, file=EX + "planner_bounds.yaml", key="levers[0] (renewable_contract)",
         contains=("unknown parameter 'bogus'",)),
]


def test_enough_cases_with_unique_names():
    assert len(CASES) >= 15 and len({c.name for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_yaml_fault(case: Case, tmp_path: Path):
    root = make_copy(tmp_path)
    for edit in case.edits:
        edit(root / "examples" / "migri")
    started = time.monotonic()
    result = _run(case, root)
    assert time.monotonic() - started < 30
    output = result.output
    assert "Traceback" not in output
    assert result.exit_code == 2, (result.exit_code, output, result.exception)
    lines = output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), output
    message = lines[0]
    assert str((root / case.file).resolve()) in message or str(root / case.file) in message, message
    row = _expected_row(case, root)
    if row is not None:
        assert f", row {row}" in message, (row, message)
    if case.key is not None:
        assert f"key '{case.key}'" in message, message
    for text in case.contains:
        assert text in message, (text, message)


@pytest.mark.parametrize("name, lang, words", [
    ("factor value twice", "fi", ("virhe: ", "rivi 12", "avain 'value'", "annettu kahdesti",
                                  "ensimmäisen kerran rivillä 11")),
    ("factor value twice", "sv", ("fel: ", "rad 12", "nyckel 'value'", "anges två gånger")),
    ("alias bomb in a lever note", "fi", ("virhe: ", "aliaspommi", "tiedostoa ei lueta")),
    ("until far in the future", "fi", ("virhe: ", "avain 'until'", "until 99999 on myöhemmin "
                                       "kuin 2100")),
    ("negative year in a year path", "fi", ("-2025 ei ole vuosi väliltä 1990–2100",)),
    ("mapping_order kind twice", "fi", ("avain 'data.mapping_order'",
                                        "täsmäystapa 'supplier' on annettu kahdesti")),
])
def test_yaml_fault_in_language(name, lang, words, tmp_path):
    case = next(c for c in CASES if c.name == name)
    root = make_copy(tmp_path)
    for edit in case.edits:
        edit(root / "examples" / "migri")
    result = _run(case, root, lang)
    assert result.exit_code == 2
    for word in words:
        assert word in result.output, (word, result.output)


def _coverage_share(output: str) -> float:
    """The unclassified share of spend as the footprint's coverage table prints it."""
    line = next(x for x in output.splitlines() if x.strip().startswith("UNCLASSIFIED"))
    return float(re.findall(r"([0-9.]+) ?%", line)[-1])


def test_unclassified_share_over_the_limit_is_a_note(tmp_path):
    root = make_copy(tmp_path)
    setting("data.mapping_order", ["supplier"])(root / "examples" / "migri")
    result = _run(Case("x", (), ("footprint", "--year", "2021", "--draws", "0")), root)
    assert result.exit_code == 0, result.output
    notes = [x for x in result.output.splitlines() if "is unclassified" in x]
    assert len(notes) == 1 and notes[0].startswith("note: ") and "mapping.csv: " in notes[0]
    share = float(re.search(r"([0-9.]+) % of the 2021 spend", notes[0]).group(1))
    assert share == pytest.approx(_coverage_share(result.output), abs=0.05) and share > 5
    assert "(limit 5 %" in notes[0] and notes[0].count(" EUR)") == 3


def test_the_limit_is_a_setting_and_the_example_passes_it(tmp_path):
    root = make_copy(tmp_path)
    base = root / "examples" / "migri"
    plain = _run(Case("x", (), ("footprint", "--year", "2021", "--draws", "0")), root)
    assert plain.exit_code == 0 and "is unclassified" not in plain.output
    assert 0 < _coverage_share(plain.output) < 5
    setting("checks", {"unclassified_share_pct": 0.01})(base)
    strict = _run(Case("x", (), ("footprint", "--year", "2021", "--draws", "0")), root)
    assert strict.exit_code == 0 and "(limit 0.01 %" in strict.output

