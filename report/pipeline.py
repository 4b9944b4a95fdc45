"""The report pipeline as separate stages (load, calculate, charts, templates, PDF) so that
the benchmark can time each; `build_report` runs them all."""
from __future__ import annotations

import re

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from carbon.errors import InputError
from carbon.readers.inputs import Inputs, load_inputs
from carbon.readers.settings import DEFAULT_ORG, Organisation, load_organisation
from sdg.goals import Goals, load_goals

from report.document.carbon_results import CarbonResults, calculate, variables_skeleton
from report.document.chapters import Chapter, load_chapters
from report.document.translations import check_data_languages, data_texts, in_language
from report.render.charts import Chart, chart_specs, drawn, embed_charts, make_charts, requests
from report.publishing.indicators.commitment import commitment_view, read_commitment
from report.document.context import add_integrations, add_languages, build_context
from report.publishing.disclosure.index import disclosure_records
from report.document.facts import Fact, load_facts
from report.document.i18n import load_strings
from report.document.key_figures import key_figures
from report.publishing.indicators.resolve import indicator_records
from report.publishing.indicators.performance import check_chapter_themes, performance_view
from report.render.output import (FailedResource, PdfWorker, RefusedURL, render_pdf,
                                  url_fingerprint, write_atomic)
from report.render.html import TEMPLATES_DIR, check_chapters, render_report
from report.render.timing import mark


@dataclass
class Sources:
    """The report's inputs, read and validated: calculator inputs, content, SDG data, strings."""

    org: Organisation
    inputs: Inputs
    goals: Goals
    chapters: list[Chapter]
    commitment: dict[str, Any] | None
    strings: dict[str, Any]
    content_dir: Path
    lang: str
    facts: dict[str, Fact]


@dataclass
class BuildResult:
    """What a build wrote."""

    html: Path
    pdf: Path
    pages: int
    year: int
    #: what the command should tell about the report year's input (carbon/readers/checks.py)
    findings: list = field(default_factory=list)


def _setting(org: Organisation, section: str, key: str) -> Any:
    value = (org.raw.get(section) or {}).get(key)
    if value in (None, ""):
        raise InputError(org.file, "required setting is missing", key=f"{section}.{key}",
                         code="setting_missing")
    return value


def load_sources(org_file: str | Path = DEFAULT_ORG, lang: str = "fi",
                 accept_missing_spend: bool = False, include_original: bool = False) -> Sources:
    """Read everything the report needs (the I/O edge); the first bad input raises InputError.
    A build in another language than the content's original takes each chapter's translation
    (content/<org>/<lang>/); a missing one stops the build listing them all, unless
    `include_original` includes the original, marked as its language."""
    strings = load_strings(lang)
    org = load_organisation(org_file)
    goals = load_goals()
    content_dir = org.path(_setting(org, "report", "content"))
    originals = load_chapters(content_dir, goals, org.language)
    chapters = in_language(originals, content_dir, lang, org.language, include_original)
    facts = load_facts(content_dir, lang)
    year = (org.raw.get("report") or {}).get("year")
    skeleton = variables_skeleton(org.name_in(lang), year if isinstance(year, int)
                                  else org.base_year + 1, org.base_year, len(org.targets))
    check_chapters(chapters, skeleton | {"facts": facts}, lang, strings)
    if lang != org.language:  # the originals are the source: a broken one stops every build
        check_chapters(originals, skeleton | {"facts": load_facts(content_dir, org.language)},
                       org.language, load_strings(org.language))
    check_chapter_themes(chapters, org)
    commitment = None
    file = (org.raw.get("commitment") or {}).get("file")
    if file:
        path = org.path(file)
        commitment = commitment_view(read_commitment(path), path, lang)
    inputs = load_inputs(org, accept_missing_spend)
    check_data_languages(lang, org.language, data_texts(org, content_dir), goals, chapters)
    return Sources(org=org, inputs=inputs, goals=goals, chapters=chapters, commitment=commitment,
                   strings=strings, content_dir=content_dir, lang=lang, facts=facts)


def default_year(sources: Sources) -> int:
    """The organisation's `report.year` setting, else the latest year with data."""
    year = (sources.org.raw.get("report") or {}).get("year")
    if year is None:
        return max(sources.inputs.years)
    if isinstance(year, bool) or not isinstance(year, int):
        raise InputError(sources.org.file, f"report.year must be a year, not {year!r}",
                         key="report.year",
                         code="report_year_invalid", params={"value": repr(year)})
    return year


def stage_calculate(sources: Sources, year: int) -> CarbonResults:
    """Calculate stage: inventories from the base year to the report year."""
    return calculate(sources.inputs, year, sources.lang)


def stage_charts(sources: Sources, results: CarbonResults) -> dict[str, Chart]:
    """Charts stage: the carbon chapter's figures as SVG with captions and alt text."""
    return make_charts(results, sources.strings, sources.lang)


def stage_integrations(sources: Sources, year: int) -> tuple[list | None, list]:
    """Commitment indicators (when the organisation keeps them) and the disclosure index rows."""
    indicators = None
    if (sources.org.raw.get("commitment") or {}).get("indicators"):
        indicators = indicator_records(sources.inputs, sources.org, year, sources.lang)
    return indicators, disclosure_records(sources.inputs, year, sources.lang)


def stage_templates(sources: Sources, results: CarbonResults, charts: dict[str, Chart],
                    indicators: Any = None, disclosure: Any = None) -> tuple[dict[str, Any], str]:
    """Templates stage: the context and the whole report as HTML (with the performance
    agreement's theme tables and appendix when the organisation keeps one)."""
    context = build_context(org=sources.org, year=results.year, lang=sources.lang,
                            strings=sources.strings, results=results, charts=charts,
                            chapters=sources.chapters, goals=sources.goals,
                            commitment=sources.commitment, content_dir=sources.content_dir,
                            facts=sources.facts)
    context = add_integrations(context, indicators=indicators, disclosure=disclosure,
                               performance=performance_view(sources.inputs, sources.org,
                                                            results.year, sources.lang))
    context = add_languages(context, results, sources.inputs.source_groups)
    context["key_figures"] = key_figures(
        results, _judged_records(sources, results.year, context.get("indicators")),
        [sources.goals.goals[n] for n in sorted({n for ch in sources.chapters
                                                  for n in ch.sdg_goals})],
        sources.strings, sources.lang)
    return context, render_report(context)


def _judged_records(sources: Sources, year: int, commitment: list | None) -> list[dict]:
    """The indicator records the key figures count: the commitment's (as the report shows
    them) and the performance agreement's, when the organisation keeps one."""
    records = list(commitment or [])
    if (sources.org.raw.get("performance") or {}).get("file"):
        records += indicator_records(sources.inputs, sources.org, year, sources.lang,
                                     "performance")
    return records


def allowed_roots(sources: Sources) -> list[Path]:
    """The folders the PDF renderer may read: the organisation's content and the templates."""
    return [sources.content_dir, TEMPLATES_DIR]


def refused(exc: RefusedURL, chapters: list[Chapter]) -> InputError:
    """A URL the renderer refused, as an input error naming the chapter and line that holds
    it (else the URL alone: it came from a template or a data file)."""
    for ch in chapters:
        for number, line in enumerate(ch.body.splitlines(), start=ch.body_line):
            if exc.url in line:
                return InputError(ch.file, f"the report may not load {exc.url}: only the "
                                  "organisation's content folder, the templates and the report's "
                                  "own charts", row=number, code="url_refused",
                                  params={"url": exc.url})
    return InputError("report", f"the report may not load {exc.url}: only the organisation's "
                      "content folder, the templates and the report's own charts",
                      code="url_refused", params={"url": exc.url})


def failed(exc: FailedResource, chapters: list[Chapter], html: str) -> InputError:
    """A resource the renderer could not load (and would have dropped), as an input error
    naming the chapter and line of the image when it is a chapter's embedded image (found by
    its fingerprint and alt text), else the resource alone."""
    detail = exc.detail
    mark = re.search(r"embedded image ([0-9a-f]{12})", detail)
    alt = None
    if mark:
        for tag in re.finditer(r'<img [^>]*src="(data:[^"]+)"[^>]*>', html):
            if url_fingerprint(tag.group(1).replace("&amp;", "&")) == mark.group(1):
                found = re.search(r'alt="([^"]*)"', tag.group(0))
                alt = found.group(1) if found else None
                break
    for ch in chapters if alt else []:
        for number, line in enumerate(ch.body.splitlines(), start=ch.body_line):
            image = re.search(r"!\[" + re.escape(alt) + r"\]\(([^)]*)\)", line)
            if image:
                return InputError(ch.file, f"the renderer cannot show image {image.group(1)!r}, "
                                  f"and would leave it out: {detail}", row=number,
                                  code="resource_failed",
                                  params={"resource": image.group(1), "detail": detail})
    return InputError("report", f"the renderer cannot load a resource, and would leave it out: "
                      f"{detail}", code="resource_failed_other", params={"detail": detail})


def stage_pdf(html: str, out_dir: Path, stem: str, year: int,
              renderer: Callable[..., tuple[bytes, int]] = render_pdf,
              roots: list[Path] | None = None) -> BuildResult:
    """PDF stage: tagged PDF/UA-1 and the HTML version written to out_dir (atomically)."""
    pdf, pages = renderer(html, base_url=str(Path(out_dir).resolve()),
                          allowed_roots=[str(r) for r in roots or [TEMPLATES_DIR]])
    return write_report(Path(out_dir), stem, year, html, pdf, pages)


def write_report(out_dir: Path, stem: str, year: int, html: str, pdf: bytes,
                 pages: int) -> BuildResult:
    """The HTML and the PDF into out_dir, each through a temporary file and a rename."""
    html_path = write_atomic(out_dir / f"{stem}.html", html.encode("utf-8"))
    pdf_path = write_atomic(out_dir / f"{stem}.pdf", pdf)
    return BuildResult(html=html_path, pdf=pdf_path, pages=pages, year=year)


def build_report(org_file: str | Path = DEFAULT_ORG, year: int | None = None,
                 out_dir: str | Path = "out", lang: str = "fi", indicators: Any = None,
                 disclosure: Any = None, worker: PdfWorker | None = None,
                 accept_missing_spend: bool = False,
                 include_original: bool = False) -> BuildResult:
    """Data to PDF: the report of one organisation and year into out_dir (HTML and PDF), with the
    commitment indicators (when the organisation keeps them) and the disclosure index appendix.

    The charts are drawn and the PDF rendered in a worker process (give one started early, as
    the `report` command does, so that its imports overlap this process's); the worker draws
    while this process fills the templates, which show the charts by URL until the HTML file
    gets the drawings. `include_original`: see load_sources."""
    if worker is None:
        with PdfWorker() as own:
            return build_report(org_file, year, out_dir, lang, indicators, disclosure, own,
                                accept_missing_spend, include_original)
    sources = load_sources(org_file, lang, accept_missing_spend, include_original)
    mark("load")
    year = default_year(sources) if year is None else year
    results = stage_calculate(sources, year)
    specs = chart_specs(results, sources.strings, sources.lang)
    worker.draw_charts(requests(specs))
    mark("calculate (charts sent)")
    if indicators is None and disclosure is None:
        indicators, disclosure = stage_integrations(sources, year)
        mark("indicators and disclosure index")
    context, html = stage_templates(sources, results, drawn(specs, None), indicators, disclosure)
    mark("templates (HTML sent)")
    out_dir = Path(out_dir)
    try:
        pdf, pages = worker.render(html, base_url=str(out_dir.resolve()),
                                   allowed_roots=allowed_roots(sources))
    except RefusedURL as exc:
        raise refused(exc, sources.chapters) from None
    except FailedResource as exc:
        raise failed(exc, sources.chapters, html) from None
    mark("PDF received")
    result = write_report(out_dir, context["file_stem"], year, embed_charts(html, worker.svgs),
                          pdf, pages)
    result.findings = sources.inputs.findings(year)
    mark("written")
    return result
