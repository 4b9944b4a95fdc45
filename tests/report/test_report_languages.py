"""The report in Swedish and English (issue 16): whole documents in the build's language, a
missing translation stops the build with the list, the original included on request is marked
as Finnish in the HTML and the PDF structure, and a stale translation is reported."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from tests.report.languages import finnish_texts, text_in

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_ORG = ROOT / "examples" / "migri" / "organisation.yaml"
YEAR = 2021


def run_cli(*args):
    from click.testing import CliRunner

    from build import cli
    return CliRunner().invoke(cli, [str(a) for a in args])

CONTENT = ROOT / "content" / "migri"
DATA_FILES = [EXAMPLE_ORG, EXAMPLE_ORG.parent / "source_groups.yaml",
              EXAMPLE_ORG.parent / "indicators.yaml", EXAMPLE_ORG.parent / "performance.yaml",
              CONTENT / "commitment.yaml",
              CONTENT / "facts.yaml", ROOT / "report" / "publishing" / "disclosure" / "items.yaml"]
STEMS = {"sv": "ansvarsrapport", "en": "responsibility_report"}


def _build(out: Path, lang: str, org: Path = EXAMPLE_ORG, *extra: str):
    return run_cli("report", "--org", org, "--year", YEAR, "--out", out, "--lang", lang, *extra)


@pytest.fixture(scope="module", params=["sv", "en"])
def translated(request, tmp_path_factory):
    """(lang, HTML, PDF path) of the example's report built in Swedish and in English."""
    lang = request.param
    out = tmp_path_factory.mktemp(f"out_{lang}")
    result = _build(out, lang)
    assert result.exit_code == 0, result.output
    return lang, (out / f"{STEMS[lang]}_{YEAR}.html").read_text(encoding="utf-8"), \
        out / f"{STEMS[lang]}_{YEAR}.pdf"


def _finnish_sentences() -> set[str]:
    """Sentences of the Finnish chapters (the originals), without template expressions."""
    out = set()
    for file in CONTENT.glob("[0-9][0-9]_*.md"):
        body = re.sub(r"\{[{%].*?[%}]\}", " ", file.read_text(encoding="utf-8").split("---", 2)[2])
        body = re.sub(r"\]\([^)]*\)|[*>#\[\]]", " ", body)
        out |= {s.strip() for s in re.split(r"[.:!?]\s|\n", body)
                if len(s.split()) >= 5}
    return {re.sub(r"\s+", " ", s) for s in out}


def test_the_language_catalogues_are_found_in_a_finnish_build(built):
    """The check below can fail: the Finnish build's text holds many of the pieces."""
    out, _ = built
    html = next(out.glob("*.html")).read_text(encoding="utf-8")
    text = text_in(html, "fi")
    assert len([p for p in finnish_texts("sv", DATA_FILES) if p in text]) > 50
    assert len([s for s in _finnish_sentences() if s in text]) > 50


def test_no_finnish_in_a_swedish_or_english_build(translated):
    lang, html, _ = translated
    assert f'<html lang="{lang}">' in html
    assert not re.search(r'\slang="(?!%s")' % lang, html), "no section in another language"
    text = text_in(html, lang)
    assert sorted(p for p in finnish_texts(lang, DATA_FILES) if p in text) == []
    assert sorted(s for s in _finnish_sentences() if s in text) == []


def test_translated_chapters_and_figures_are_in_the_build(translated, norm):
    from pypdf import PdfReader
    lang, html, pdf_path = translated
    titles = [yaml.safe_load(f.read_text(encoding="utf-8").split("---")[1])["title"]
              for f in sorted((CONTENT / lang).glob("*.md"))]
    assert len(titles) == len(list(CONTENT.glob("[0-9][0-9]_*.md")))
    pdf = PdfReader(pdf_path)
    assert pdf.trailer["/Root"]["/Lang"] == lang
    marked = _sections(pdf.trailer["/Root"]["/StructTreeRoot"], [])
    assert {code for _, code in marked} <= {lang}, "no structure element in another language"
    pdf_text = norm(" ".join(page.extract_text() for page in pdf.pages))
    for title in titles:
        assert norm(title) in pdf_text
    figure = {"sv": "(figur 1)", "en": "(figure 1)"}[lang]
    assert figure in text_in(html, lang)


@pytest.fixture()
def two_missing(org_copy):
    """The copy of the example without the Swedish translations of two chapters."""
    content = org_copy.parent / "content"
    for name in ("05_elinvoimainen_suomi.md", "07_tasa_arvo.md"):
        (content / "sv" / name).unlink()
    return org_copy


def test_a_missing_translation_stops_the_build_with_the_list(two_missing, tmp_path):
    result = _build(tmp_path / "out", "sv", two_missing)
    assert result.exit_code == 2, result.output
    assert "2 kapitel saknar översättning till 'sv'" in result.output  # in the --lang
    assert "05_elinvoimainen_suomi.md (theme_vital_finland" in result.output
    assert "07_tasa_arvo.md (theme_equality" in result.output
    assert "--include-original" in result.output
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").glob("*.pdf"))


def _sections(node, out, lang=None):
    """(structure type, /Lang) of every element of a PDF structure tree that has a /Lang."""
    node = node.get_object()
    if "/Lang" in node:
        out.append((str(node.get("/S")), str(node["/Lang"])))
    kids = node.get("/K")
    kids = kids if isinstance(kids, list) else [kids] if kids is not None else []
    for kid in kids:
        kid = kid.get_object() if hasattr(kid, "get_object") else kid
        if isinstance(kid, dict) and "/S" in kid:
            _sections(kid, out)
    return out


def test_include_original_marks_the_finnish_chapters(two_missing, tmp_path, norm):
    from pypdf import PdfReader
    out = tmp_path / "out"
    result = _build(out, "sv", two_missing, "--include-original")
    assert result.exit_code == 0, result.output
    html = (out / f"ansvarsrapport_{YEAR}.html").read_text(encoding="utf-8")
    for cid in ("theme_vital_finland", "theme_equality"):
        assert re.search(rf'<section [^>]*id="{cid}"[^>]*lang="fi"', html)
    assert len(re.findall(r'<section [^>]*lang="fi"', html)) == 2
    cover = html.split('<nav class="toc"')[0]
    assert "Kapitel utan översättning" in cover
    assert '<span lang="fi">Vastuullisuusteema: elinvoimainen Suomi</span>' in cover
    # everything outside the two sections is Swedish; inside them, the Finnish original
    text = text_in(html, "sv")
    assert sorted(p for p in finnish_texts("sv", DATA_FILES) if p in text) == []
    assert "elinvoimainen Suomi" in text_in(html, "fi")
    pdf = PdfReader(out / f"ansvarsrapport_{YEAR}.pdf")
    assert pdf.trailer["/Root"]["/Lang"] == "sv"
    marked = _sections(pdf.trailer["/Root"]["/StructTreeRoot"], [])
    assert ("/Sect", "fi") in marked
    assert {lang for _, lang in marked} <= {"fi", "sv"}


def test_a_stale_translation_is_reported(org_copy):
    import app
    from cli.text import cli_text
    original = org_copy.parent / "content" / "06_turvallinen_yhteiskunta.md"
    original.write_text(original.read_text(encoding="utf-8") + "\nUusi kappale.\n",
                        encoding="utf-8")
    (org_copy.parent / "content" / "en" / "09_prosessi.md").unlink()
    commitment = org_copy.parent / "content" / "commitment.yaml"
    doc = yaml.safe_load(commitment.read_text(encoding="utf-8"))
    del doc["commitments"][0]["title"]["en"]
    commitment.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False),
                          encoding="utf-8")
    status = app.content_status(org_copy)
    assert status.texts[(str(commitment), "en")] == ["commitments[0].title"]
    assert status.texts[(str(commitment), "sv")] == []
    assert status.languages == ["fi", "sv", "en"]
    assert status.state("theme_safe_society", "fi") == "source"
    assert status.state("theme_safe_society", "sv") == "stale"
    assert status.state("theme_safe_society", "en") == "stale"
    assert status.state("process", "en") == "missing"
    assert status.state("introduction", "sv") == "current"
    result = run_cli("content", "status", "--org", org_copy, "--lang", "en")
    assert result.exit_code == 0, result.output
    line = next(l for l in result.output.splitlines() if l.startswith("theme_safe_society"))
    states = cli_text("en")["content"]["states"]
    assert line.split()[1:4] == [states["source"], states["stale"], states["stale"]]
    assert "Translations to update or write: 3" in result.output
    assert f"{commitment}: 1 text(s) without en: commitments[0].title" in result.output


def test_a_stale_translation_still_builds(org_copy, tmp_path):
    original = org_copy.parent / "content" / "02_toimintaymparisto.md"
    original.write_text(original.read_text(encoding="utf-8") + "\nUusi kappale.\n",
                        encoding="utf-8")
    assert _build(tmp_path / "out", "en", org_copy).exit_code == 0


def test_a_translation_of_an_unknown_chapter_is_bad_input(org_copy, tmp_path):
    file = org_copy.parent / "content" / "sv" / "11_extra.md"
    file.write_text("---\nid: no_such_chapter\ntitle: Extra\nsource_fingerprint: abc\n---\n\nText.\n",
                    encoding="utf-8")
    result = _build(tmp_path / "out", "sv", org_copy)
    assert result.exit_code == 2
    assert "11_extra.md" in result.output and "no_such_chapter" in result.output


def test_a_translation_without_fingerprint_is_bad_input(org_copy, tmp_path):
    file = org_copy.parent / "content" / "en" / "01_johdanto.md"
    file.write_text(re.sub(r"source_fingerprint: \w+\n", "", file.read_text(encoding="utf-8")),
                    encoding="utf-8")
    result = _build(tmp_path / "out", "en", org_copy)
    assert result.exit_code == 2
    assert "01_johdanto.md" in result.output and "source_fingerprint" in result.output


def test_commitment_text_missing_in_the_language_stops_the_build(org_copy, tmp_path):
    file = org_copy.parent / "content" / "commitment.yaml"
    doc = yaml.safe_load(file.read_text(encoding="utf-8"))
    del doc["commitments"][2]["actions"][1]["text"]["sv"]
    file.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = _build(tmp_path / "out", "sv", org_copy)
    assert result.exit_code == 2
    assert "commitment.yaml" in result.output
    assert "commitments[2].actions[1].text" in result.output
    assert _build(tmp_path / "out_en", "en", org_copy).exit_code == 0


def test_illustrative_note_per_language(org_copy, tmp_path):
    from carbon.readers.settings import load_organisation
    org = load_organisation(EXAMPLE_ORG)
    assert org.illustrative == org.illustrative_in("fi")
    assert org.illustrative_in("fi").startswith("Esimerkkiaineisto on havainnollistava")
    assert org.illustrative_in("sv").startswith("Exempelmaterialet är illustrativt")
    assert org.illustrative_in("en").startswith("The example data is illustrative")
    doc = yaml.safe_load(org_copy.read_text(encoding="utf-8"))
    doc["illustrative"] = ["not", "a text"]
    org_copy.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    result = _build(tmp_path / "out", "fi", org_copy)
    assert result.exit_code == 2 and "illustrative" in result.output
