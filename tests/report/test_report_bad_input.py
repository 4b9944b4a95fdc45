"""Bad content: each case stops the build with one message naming the file (and the line where
known), exit code 2, and no PDF (or temporary file) left in the output folder."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from build import cli

YEAR = 2021


def build(org: Path, out: Path):
    return CliRunner().invoke(cli, ["report", "--year", str(YEAR), "--org", str(org),
                                    "--out", str(out), "--lang", "en"])


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if needle in line)


def assert_failed_cleanly(result, out: Path, file_name: str, line: int | None = None) -> None:
    assert result.exit_code == 2, result.output
    message = result.output.strip()
    assert message.startswith("error:") and file_name in message, message
    assert "Traceback" not in message
    if line is not None:
        assert f"row {line}" in message, message
    assert not list(out.glob("*.pdf")) and not list(out.glob(".*tmp")), list(out.iterdir())


@pytest.fixture()
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def test_front_matter_without_closing_line(org_copy, out):
    chapter = org_copy.parent / "content" / "01_johdanto.md"
    edit(chapter, "kind: chapter\n---\n", "kind: chapter\n\n")
    assert_failed_cleanly(build(org_copy, out), out, chapter.name, line=1)


#: (file in the content folder, text replaced, replacement, text on the line the error must
#: name or None, texts the message must contain)
CASES = {
    "broken front matter": ("05_elinvoimainen_suomi.md", "sdg_goals: [8, 10]", "sdg_goals: [8, 10",
                            None, ("front matter", "row ")),
    "unknown SDG target": ("07_tasa_arvo.md", 'sdg_targets: ["5.1", "5.3", "5.5"]',
                           'sdg_targets: ["5.1", "5.9", "5.5"]', None, ("5.9", "yhdenvertaisuuden")),
    "target whose goal is not listed": ("05_elinvoimainen_suomi.md", 'sdg_targets: ["8.1", "10.7"]',
                                        'sdg_targets: ["8.1", "10.7", "16.2"]', None, ("16.2",)),
    "unknown carbon variable": ("08_hiilijalanjalki.md", "{{ carbon.year_total | tco2e }}",
                                "{{ carbon.current_total | tco2e }}", "carbon.current_total",
                                ("current_total",)),
    "unknown top-level name": ("08_hiilijalanjalki.md", "{{ report.year }}",
                               "{{ reporting_year }}", "reporting_year", ("reporting_year",)),
    "unknown figure marker": ("08_hiilijalanjalki.md", "{{ figure('by_source') }}",
                              "{{ figure('by_scope') }}", None, ("by_scope",)),
    "carbon figure outside the carbon chapter": (
        "09_prosessi.md", "Vastuullisuusryhmä aloitti",
        "Vastuullisuusryhmä {{ carbon.year_total }} aloitti", "carbon.year_total", ("carbon",)),
    "unknown fact": ("07_tasa_arvo.md", "{{ facts.customer_equal_service_2022 }}",
                     "{{ facts.customer_equal_service_2023 }}", "customer_equal_service_2023",
                     ("customer_equal_service_2023",)),
    "fact without source": ("facts.yaml",
                            '    source: "Maahanmuuttovirasto, Vastuullisuusraportti 2021, luku 7"\n',
                            "", None, ("facts.customer_equal_service_2021.source",)),
}


@pytest.mark.parametrize("case", CASES)
def test_bad_content_names_file_and_line(org_copy, out, case):
    name, old, new, line_text, expected = CASES[case]
    path = org_copy.parent / "content" / name
    edit(path, old, new)
    result = build(org_copy, out)
    assert_failed_cleanly(result, out, name, line=line_of(path, line_text) if line_text else None)
    for text in expected:
        assert text in result.output


def test_missing_image_names_file_and_line(org_copy, out):
    chapter = org_copy.parent / "content" / "02_toimintaymparisto.md"
    edit(chapter, "Yhä useampi yritys", "![Kaavio työvoimapulasta](kuvat/puuttuva.png)\n\nYhä useampi yritys")
    result = build(org_copy, out)
    assert_failed_cleanly(result, out, chapter.name, line=line_of(chapter, "puuttuva.png"))
    assert "puuttuva.png" in result.output


def test_image_without_alt_text(org_copy, out):
    chapter = org_copy.parent / "content" / "02_toimintaymparisto.md"
    (chapter.parent / "kuva.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    edit(chapter, "Yhä useampi yritys", "![](kuva.png)\n\nYhä useampi yritys")
    result = build(org_copy, out)
    assert_failed_cleanly(result, out, chapter.name)
    assert "alt text" in result.output


def test_existing_image_is_embedded(org_copy, out, parts):
    """The positive case of the image checks: a local image is embedded with its alt text."""
    from report import pipeline
    chapter = org_copy.parent / "content" / "02_toimintaymparisto.md"
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>'
    (chapter.parent / "kuva.svg").write_bytes(svg)
    edit(chapter, "Yhä useampi yritys", "![Pieni kuva](kuva.svg)\n\nYhä useampi yritys")
    sources = pipeline.load_sources(org_copy)
    _, results, charts = parts
    _, html = pipeline.stage_templates(sources, results, charts)
    assert 'alt="Pieni kuva"' in html and "data:image/svg+xml;base64," in html


def test_bad_commitment_file(org_copy, out):
    commitment = org_copy.parent / "content" / "commitment.yaml"
    doc = yaml.safe_load(commitment.read_text(encoding="utf-8"))
    doc["commitments"][0]["actions"][0]["status"] = "someday"
    commitment.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    result = build(org_copy, out)
    assert_failed_cleanly(result, out, commitment.name)
    assert "status" in result.output


def test_a_failed_build_keeps_the_previous_pdf_whole(org_copy, out):
    previous = out / f"vastuullisuusraportti_{YEAR}.pdf"
    previous.write_bytes(b"%PDF-1.7 previous build")
    chapter = org_copy.parent / "content" / "08_hiilijalanjalki.md"
    edit(chapter, "{{ report.year }}", "{{ report.yaer }}")
    result = build(org_copy, out)
    assert result.exit_code == 2
    assert previous.read_bytes() == b"%PDF-1.7 previous build"
    assert sorted(p.name for p in out.iterdir()) == [previous.name]
