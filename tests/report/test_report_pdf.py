"""The built example report, opened as a reader and a checker would: chapters, carbon figures,
figures with alt text, and the PDF/UA essentials (language, title, structure tree, bookmarks)."""
from __future__ import annotations

import pytest

from carbon.readers.inputs import load_inputs
from carbon.numbers import format_number, format_pct
from carbon.calculation.progress import target_total
from report.document.chapters import load_chapters
from report.document.facts import load_facts
from sdg.goals import load_goals

from pathlib import Path

EXAMPLE_ORG = Path(__file__).resolve().parents[2] / "examples" / "migri" / "organisation.yaml"
YEAR = 2021  # the year the session fixture `built` builds


@pytest.fixture(scope="module")
def expected():
    """The calculator's own results for the base year and the report year."""
    inputs = load_inputs(EXAMPLE_ORG)
    base = inputs.inventory(inputs.org.base_year)
    year = inputs.inventory(YEAR)
    return inputs, base, year


def tco2e(value: float) -> str:
    return f"{format_number(value, 1)} tCO2e".replace("\u202f", " ")


def pct(value: float) -> str:
    return format_pct(value, 1).replace("\u202f", " ").replace("\u00a0", " ")


def structure(node, depth=0):
    """(tag, alt) of every element of the structure tree."""
    node = node.get_object()
    kids = node.get("/K")
    if node.get("/S"):
        yield str(node["/S"]), node.get("/Alt")
    if kids is None or depth > 50:
        return
    for kid in kids if isinstance(kids, list) else [kids]:
        kid = kid.get_object()
        if hasattr(kid, "get"):
            yield from structure(kid, depth + 1)


def test_every_chapter_title_is_in_the_pdf(pdf_text, norm):
    chapters = load_chapters(EXAMPLE_ORG.parent / "../../content/migri", load_goals())
    assert len(chapters) >= 10
    for ch in chapters:
        assert norm(ch.title) in pdf_text, ch.title


def test_carbon_figures_in_text_equal_the_calculator(pdf_text, expected):
    inputs, base, year = expected
    reduction = base.total - year.total
    figures = [base.total, year.total, reduction]
    figures += [float(year.scope_totals().loc[s, "tco2e"]) for s in (1, 2, 3)]
    figures += [target_total(base.total, t) for t in inputs.org.targets]
    for value in figures:
        assert tco2e(value) in pdf_text, tco2e(value)
    assert pct(100.0 * reduction / base.total) in pdf_text
    groups = year.by("source_group")
    assert tco2e(groups.iloc[0]) in pdf_text
    assert pct(100.0 * groups.iloc[0] / year.total) in pdf_text


def test_scope_table_shows_location_and_market_based_scope_2(pdf_text, expected):
    _, _, year = expected
    scopes = year.scope_totals()
    location = format_number(scopes.loc[2, "tco2e_location"], 1).replace("\u202f", " ")
    market = format_number(scopes.loc[2, "tco2e_market"], 1).replace("\u202f", " ")
    assert "Sijaintiperusteinen" in pdf_text and "Markkinaperusteinen" in pdf_text
    assert f"{location} {market}" in pdf_text


def test_methodology_appendix_is_generated_from_the_data(pdf_text, expected):
    inputs, _, year = expected
    assert "Laskentamenetelmä ja tietojen laatu" in pdf_text
    for exclusion in inputs.org.exclusions:
        assert exclusion["fi"] in pdf_text
    unclassified = year.coverage.set_index("status").loc["unclassified", "share_pct"]
    assert format_pct(unclassified, 2).replace("\u00a0", " ") in pdf_text
    from report.document.source_titles import in_language
    publishers = {in_language(str(inputs.factors[f].source["publisher"]), "publishers", "fi").split()[0]
                  for f in year.table["factor_id"].unique()}
    for publisher in publishers:
        assert publisher in pdf_text


def test_methodology_appendix_has_the_data_quality_table(pdf_text, expected):
    from carbon.calculation.quality import quality_shares, tier_shares
    _, _, year = expected
    assert "Päästöjen ja hankintamenojen osuudet tietojen laadun mukaan" in pdf_text
    q = quality_shares(year.spend_rows, year.activity_rows).set_index("quality")
    proxy = q.loc["spend-based-proxy"]
    assert f"Menoperusteinen, lähin julkaistu vastine {pct(proxy['tco2e_share_pct'])} " \
        f"{pct(proxy['eur_share_pct'])}" in pdf_text
    estimate = tier_shares(year.spend_rows, year.activity_rows).set_index("tier").loc["estimate"]
    assert f"{pct(estimate['share_pct'])} arvioiduilla kertoimilla" in pdf_text


def test_figures_exist_with_alt_text(pdf, expected):
    inputs, _, year = expected
    figures = [alt for tag, alt in structure(pdf.trailer["/Root"]["/StructTreeRoot"])
               if tag == "/Figure"]
    assert len(figures) >= 2
    assert all(alt and len(str(alt)) > 40 for alt in figures)
    trend = next(str(a) for a in figures if str(YEAR) in str(a) and "Pylväskaavio" in str(a))
    assert format_number(year.total, 1) in trend
    by_source = next(str(a) for a in figures if "lähderyhmittäin" in str(a))
    assert inputs.group_name(year.by("source_group").index[0]) in by_source


def test_figures_and_tables_are_numbered_with_captions(pdf_text):
    for caption in ("Kuva 1.", "Kuva 2.", "Taulukko 1."):
        assert caption in pdf_text


def test_pdf_has_language_title_structure_and_bookmarks(pdf):
    root = pdf.trailer["/Root"]
    assert root["/Lang"] == "fi"
    assert "/StructTreeRoot" in root and "/MarkInfo" in root and "/Outlines" in root
    assert root["/MarkInfo"]["/Marked"]
    assert f"Vastuullisuusraportti {YEAR}" in pdf.metadata.title
    outline = [item.title for item in pdf.outline if not isinstance(item, list)]
    assert "Sisällys" in outline
    assert any("Hiilijalanjäljen vähentäminen" in t for t in outline)


def test_toc_has_page_numbers_and_pages_are_numbered(pdf, norm):
    toc = norm(pdf.pages[1].extract_text())
    assert "Sisällys" in toc
    assert "Hiilijalanjäljen vähentäminen" in toc
    last = norm(pdf.pages[-1].extract_text()).strip()
    assert last.endswith(str(len(pdf.pages)))


def test_html_version_is_written_with_alt_text(built):
    out, result = built
    html = (out / f"vastuullisuusraportti_{YEAR}.html").read_text(encoding="utf-8")
    assert '<html lang="fi">' in html
    assert html.count("<img ") == html.count(' alt="') >= 2
    # the charts drawn in the PDF worker are embedded in the HTML file, not left as its URLs
    assert "vastuu-chart:" not in html
    assert html.count('src="data:image/svg+xml;base64,') >= 2
    assert "Hiilijalanjäljen vähentäminen" in html
    assert sorted(p.name for p in out.iterdir()) == [f"vastuullisuusraportti_{YEAR}.html",
                                                      f"vastuullisuusraportti_{YEAR}.pdf"]
    assert "sivua" in result.output


def test_pdf_has_live_links(pdf):
    uris = [a.get_object()["/A"].get("/URI") for page in pdf.pages
            for a in page.get("/Annots") or [] if "/A" in a.get_object()]
    assert any(u and str(u).startswith("https://sitoumus2050.fi") for u in uris)


def test_facts_cited_in_chapters_come_from_the_facts_file(pdf_text):
    facts = load_facts(EXAMPLE_ORG.parent / "../../content/migri")
    assert facts, "the example cites measured figures through facts.yaml"
    for fact in facts.values():
        assert str(fact) in pdf_text, fact.id
