"""The templates stage: chapters (Markdown, the carbon chapter through Jinja2), SDG boxes,
figures, tables and the commitment into one HTML document."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import jinja2
from jinja2.exceptions import SecurityError
from markupsafe import Markup

from carbon.errors import InputError
from carbon.numbers import format_number, format_pct
from sdg.goals import Goals, localized

from carbon.calculation.change import technique_text
from report.document.chapters import Chapter
from .nobreak import keep_numbers_together
from .markdown import markdown_parser, render_markdown
from .sandbox import ChapterSandbox, RenderLimit, refuse_other_templates, render_bounded
from report.document.methodology import methodology_items, uncertainty_items
from report.document.text import mid_sentence

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
CONTENT_NAMES = ("org", "report", "facts", "carbon")
#: The block markers the carbon chapter may use, by kind (content/README.md).
BLOCK_NAMES = {"figure": ("trend", "by_source", "change"), "table": ("scopes", "change"),
               "box": ("methodology",)}
_TOKEN = "VASTUUBLOCK{}X"
_NUMERIC = re.compile(r"^[\u2212\-+]?[\d\s\u202f\u00a0.,]+(\s?%)?$")
_CODE_SEPARATOR = re.compile(r"([,;] )")
_CODE_ITEM = re.compile(r"(?:[a-z]{1,3}|\d+)")


def keep_code_items(codes: str) -> str:
    """Disclosure codes with no line break inside an item: 'ESRS E1-6 §44 a, §48 a' keeps
    '§44\u00a0a' together, 'GRI 305-1 d ii' keeps '305-1\u00a0d\u00a0ii', 'E1 AR 39 c'
    keeps 'AR\u00a039\u00a0c'; lines break after a comma or between the standard's words."""
    out = []
    for piece in _CODE_SEPARATOR.split(codes or ""):
        words = piece.split(" ")
        text = words[0]
        for prev, word in zip(words, words[1:]):
            text += ("\u00a0" if _CODE_ITEM.fullmatch(word) or prev == "AR" else " ") + word
        out.append(text)
    return "".join(out)


@dataclass
class Numbering:
    """Running numbers of figures and tables in document order."""

    counts: dict[str, int] = field(default_factory=lambda: {"figure": 0, "table": 0})

    def next(self, kind: str) -> int:
        """The next number of a figure or a table."""
        self.counts[kind] += 1
        return self.counts[kind]


def display_value(value: Any, lang: str) -> str:
    """A table cell: numbers in the language's format ('–' when missing), text as is."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)):
        return format_number(value, 0 if float(value).is_integer() else 1, lang)
    if isinstance(value, dict):
        return localized(value, lang)
    return str(value)


def _defined(value: Any) -> Any:
    """The value itself; an undefined template name raises its UndefinedError (str() of a
    StrictUndefined does) instead of a TypeError deep in a filter."""
    if isinstance(value, jinja2.Undefined):
        str(value)
    return value


def number_filters(lang: str, unit: str) -> dict[str, Callable]:
    """The locale-aware filters both template environments use."""
    return {"tco2e": lambda v: f"{format_number(_defined(v), 1, lang)}\u00a0{unit}",
            "pct": lambda v: format_pct(_defined(v), 1, lang),
            "num": lambda v, d=1: format_number(_defined(v), d, lang),
            "value": lambda v: display_value(_defined(v), lang),
            "localized": lambda v: localized(_defined(v), lang),
            "numeric": lambda v: bool(_NUMERIC.match(str(_defined(v)))),
            "codes": lambda v: keep_code_items(_defined(v))}


def document_env(lang: str, strings: dict[str, Any]) -> jinja2.Environment:
    """The environment of the document templates (HTML, autoescaped, strict)."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
                             autoescape=True, undefined=jinja2.StrictUndefined,
                             trim_blocks=True, lstrip_blocks=True)
    env.filters.update(number_filters(lang, strings["document"]["unit_tco2e"]))
    return env


def _template_line(exc: BaseException, filename: str) -> int | None:
    """The template line an exception was raised at (Jinja rewrites tracebacks to it)."""
    line, tb = None, exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == filename:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def render_template_body(chapter: Chapter, variables: dict[str, Any],
                         functions: dict[str, Callable], filters: dict[str, Callable]) -> str:
    """A chapter's body through Jinja2 with only the contract's names; an unknown name or a
    syntax error raises InputError naming the file and line."""
    filename = str(chapter.file)
    # The sandbox: a chapter reads the facts and figures it is given and calls nothing else
    # (no attributes starting with '_', no methods that change data; issue 11), reads no other
    # template and renders within bounds of time and size (report/render/sandbox.py, issue 26).
    env = ChapterSandbox(
        loader=jinja2.FunctionLoader(
            lambda name: (chapter.body, filename, lambda: True) if name == filename else None),
        undefined=jinja2.StrictUndefined, autoescape=False, keep_trailing_newline=True)
    env.set_filters(filters)
    row = lambda line: chapter.body_line + line - 1 if line else None  # noqa: E731
    try:
        refuse_other_templates(env, chapter.body, filename)
        return render_bounded(env.get_template(filename), filename, {**variables, **functions})
    except RenderLimit as exc:
        line = exc.params.pop("line", None) or _template_line(exc, filename) \
            or exc.fallback_line
        raise InputError(chapter.file, exc.message, row=row(line), code=exc.code,
                         params=exc.params) from None
    except RecursionError as exc:
        raise InputError(chapter.file, "the chapter calls itself too deeply (a macro or a "
                         "recursive loop that does not end)", row=row(_template_line(exc, filename)),
                         code="template_too_deep") from None
    except MemoryError:
        raise InputError(chapter.file, "the chapter builds more than memory holds",
                         code="template_memory") from None
    except SecurityError as exc:
        raise InputError(chapter.file, f"the chapter uses something templates may not use "
                                       f"({exc}); chapters may use only {', '.join(CONTENT_NAMES)}"
                                       " and the names listed in content/README.md",
                         row=row(_template_line(exc, filename)), code="template_unsafe",
                         params={"detail": str(exc), "names": ", ".join(CONTENT_NAMES)}) from None
    except jinja2.TemplateSyntaxError as exc:
        raise InputError(chapter.file, f"template syntax error: {exc.message}",
                         row=row(exc.lineno),
                         code="template_syntax", params={"detail": exc.message}) from None
    except jinja2.UndefinedError as exc:
        raise InputError(chapter.file, f"unknown template variable ({exc.message}); the chapter "
                                       f"may use only {', '.join(CONTENT_NAMES)} and the names "
                                       "listed in content/README.md",
                         row=row(_template_line(exc, filename)),
                         code="template_unknown_name",
                         params={"detail": exc.message,
                                 "names": ", ".join(CONTENT_NAMES)}) from None
    except (TypeError, ValueError, AttributeError, OverflowError, ArithmeticError) as exc:
        raise InputError(chapter.file, f"template error: {exc}",
                         row=row(_template_line(exc, filename)),
                         code="template_error", params={"detail": str(exc)}) from None


class Blocks:
    """The block markers of the carbon chapter (figure, table, box) as placeholders whose HTML
    replaces them after Markdown rendering."""

    def __init__(self, chapter: Chapter, builders: dict[str, dict[str, Callable[[], str]]]):
        self.chapter = chapter
        self.builders = builders
        self.html: dict[str, str] = {}
        self.used: set[tuple[str, str]] = set()

    def marker(self, kind: str) -> Callable[[str], str]:
        """The template function for one kind of block: figure('trend') -> placeholder."""
        def place(name: str) -> str:
            known = self.builders[kind]
            if name not in known:
                raise InputError(self.chapter.file, f"unknown {kind} {name!r} "
                                                    f"(known: {', '.join(sorted(known))})",
                                 code="block_unknown", params={"kind": kind, "name": name,
                                                               "known": ", ".join(sorted(known))})
            if (kind, name) in self.used:
                raise InputError(self.chapter.file, f"{kind} {name!r} is placed twice",
                                 code="block_twice", params={"kind": kind, "name": name})
            self.used.add((kind, name))
            token = _TOKEN.format(len(self.html))
            self.html[token] = known[name]()
            return token
        return place

    def replace(self, html: str) -> str:
        """The rendered body with each placeholder paragraph replaced by its block."""
        for token, block in self.html.items():
            html, n = re.subn(rf"<p>{token}</p>\n?", lambda _: block + "\n", html)
            if n != 1:
                raise InputError(self.chapter.file, "a block marker ({{ figure(...) }}, "
                                 "{{ table(...) }}, {{ box(...) }}) must stand on a line of its "
                                 "own, separated from the text by blank lines",
                                 code="block_not_alone")
        return html


def sdg_view(chapter: Chapter, goals: Goals, lang: str) -> dict[str, Any] | None:
    """The SDG goals and target texts a chapter cites, in the report's language."""
    if not chapter.sdg_goals and not chapter.sdg_targets:
        return None
    gs = [goals.goals[n] for n in chapter.sdg_goals]
    targets = [goals.target(code) for code in chapter.sdg_targets]
    return {
        "goals": [{"number": g.number, "colour": g.colour, "text_colour": g.text_colour,
                   "name": localized(g.name, lang)}
                  for g in gs],
        "targets": [{"code": t.code, "colour": goals.goals[t.goal].colour,
                     "text": localized(t.text, lang)} for t in targets],
    }


def sdg_source(goals: Goals, lang: str) -> dict[str, Any]:
    """The publisher and title of the target texts in the report's language."""
    return goals.source.get(lang) or goals.source.get("fi") or {}


def _group_namer(results) -> Callable[[str], str]:
    """A source group's name as it reads mid-sentence (its id when the inventory has none)."""
    inputs_groups = {r.source_group: r.name for r in results.by_source.itertuples()}
    return lambda gid: mid_sentence(inputs_groups.get(gid) or str(gid), keep_parenthesis=True)


def methodology_sections(context: dict[str, Any]) -> list[dict[str, Any]]:
    """The methodology appendix: boundaries, methods, factors, uncertainty and data quality of
    the report year's inventory, worded in the report's language."""
    results, strings, lang = context["results"], context["strings"], context["lang"]
    return methodology_items(results.methodology | {"uncertainty": uncertainty_items(
        results.uncertainty[results.year], results.trend, strings, lang)},
        strings, lang, _group_namer(results))


def has_methodology(context: dict[str, Any]) -> bool:
    """A report with a carbon chapter has the methodology appendix."""
    return context.get("results") is not None and any(
        ch.kind == "carbon" for ch in context["chapters"])


def methodology_number(context: dict[str, Any]) -> int:
    """The methodology appendix's number: after the performance agreement and the index."""
    return 1 + bool(context.get("performance")) + bool(context.get("disclosure"))


def _carbon_builders(context: dict[str, Any], blocks, numbering: Numbering) -> dict:
    results, strings, lang = context["results"], context["strings"], context["lang"]

    def figure(key: str) -> Callable[[], str]:
        return lambda: str(blocks.figure(numbering.next("figure"), context["charts"][key],
                                         strings))

    def change_table() -> str:
        change = getattr(results, "change", None)
        if change is None:  # the report year is the base year: nothing changed
            return ""
        return str(blocks.change_table(numbering.next("table"), change.decomposition,
                                       results.change_names or {},
                                       technique_text()["why"][lang], strings))

    return {
        # the change's figure and table are empty when the report year is the base year
        "figure": {"change": lambda: ""} | {key: figure(key) for key in context["charts"]},
        "table": {"scopes": lambda: str(blocks.scope_table(
            numbering.next("table"), results.scopes, results.year, results.inventory.basis,
            strings, results.uncertainty[results.year], results.trend)), "change": change_table},
        # the technical detail is in its appendix: the chapter points there
        "box": {"methodology": lambda: str(blocks.methodology_pointer(
            methodology_number(context), strings))},
    }


def _carbon_html(chapter: Chapter, variables: dict[str, Any], builders: dict, lang: str,
                 strings: dict[str, Any]) -> tuple[str, set[tuple[str, str]]]:
    """The carbon chapter's HTML and the block markers it placed."""
    markers = Blocks(chapter, builders)
    text = render_template_body(
        chapter, variables, {kind: markers.marker(kind) for kind in BLOCK_NAMES},
        number_filters(lang, strings["document"]["unit_tco2e"]))
    return markers.replace(render_markdown(text, chapter.file, None, chapter.file.parent)), markers.used


def _theme_html(chapter: Chapter, variables: dict[str, Any], builders: dict, lang: str,
                strings: dict[str, Any]) -> tuple[str, set[tuple[str, str]]]:
    """An ordinary chapter with a performance theme: its own names plus the marker
    {{ table('performance') }}; the HTML and the markers it placed."""
    markers = Blocks(chapter, builders)
    names = {k: v for k, v in variables.items() if k != "carbon"}
    text = render_template_body(chapter, names, {"table": markers.marker("table")},
                                number_filters(lang, strings["document"]["unit_tco2e"]))
    return markers.replace(render_markdown(text, chapter.file, chapter.body_line,
                                           chapter.file.parent, markdown_parser())), markers.used


def check_chapters(chapters: list[Chapter], variables: dict[str, Any], lang: str,
                   strings: dict[str, Any]) -> None:
    """Render every chapter once with placeholder values (see `variables_skeleton`), so that
    unknown template names, misplaced block markers and missing images stop the build before
    anything is calculated."""
    empty = {kind: {name: (lambda: "") for name in names} for kind, names in BLOCK_NAMES.items()}
    for ch in chapters:
        theme = {"performance": lambda: ""} if ch.performance_theme else {}
        if ch.kind == "carbon":
            _carbon_html(ch, variables, empty | {"table": empty["table"] | theme}, lang, strings)
        elif theme:
            _theme_html(ch, variables, {"table": theme}, lang, strings)
        else:
            render_markdown(_chapter_text(ch, variables, lang, strings), ch.file, ch.body_line,
                            ch.file.parent, markdown_parser())


def chapter_preview(chapter: Chapter, variables: dict[str, Any], lang: str,
                    strings: dict[str, Any]) -> str:
    """A chapter's HTML body as the report renders it, the generated blocks (figures, tables,
    boxes) left empty: the workbench's preview of a chapter being edited. Errors as
    check_chapters raises them (InputError naming the file and line)."""
    empty = {kind: {name: (lambda: "") for name in names} for kind, names in BLOCK_NAMES.items()}
    theme = {"performance": lambda: ""} if chapter.performance_theme else {}
    if chapter.kind == "carbon":
        return _carbon_html(chapter, variables, empty | {"table": empty["table"] | theme}, lang,
                            strings)[0]
    if theme:
        return _theme_html(chapter, variables, {"table": theme}, lang, strings)[0]
    return render_markdown(_chapter_text(chapter, variables, lang, strings), chapter.file,
                           chapter.body_line, chapter.file.parent, markdown_parser())


def _chapter_text(chapter: Chapter, variables: dict[str, Any], lang: str,
                  strings: dict[str, Any]) -> str:
    """An ordinary chapter's Markdown with its template names (org, report, facts) filled in;
    the carbon figures and block markers belong to the carbon chapter only."""
    names = {k: v for k, v in variables.items() if k != "carbon"}
    return render_template_body(chapter, names, {},
                                number_filters(lang, strings["document"]["unit_tco2e"]))


def _in_report_language(html: str, chapter: Chapter, context: dict[str, Any]) -> str:
    """A generated block (figure, table, box, commitment) of an original chapter included
    untranslated: it is in the report's language, so it says so."""
    if chapter.lang == context["lang"]:
        return html
    return f'<div lang="{context["lang"]}">\n{html}\n</div>'


def _theme_table(chapter: Chapter, context: dict[str, Any], blocks,
                 numbering: Numbering) -> dict[str, Callable[[], str]]:
    """{"performance": builder of the table of the chapter's performance theme}, or {} when
    the chapter names no theme."""
    view = context.get("performance")
    if not chapter.performance_theme:
        return {}
    if not view:  # a context without the agreement (a template-level test): no table
        return {"performance": lambda: ""}
    theme = view["themes"][chapter.performance_theme]
    # the table is in the report's language, also inside an original included untranslated
    # a table number only when the theme has a table (indicators with a value)
    return {"performance": lambda: f'<div class="performance-block" lang="{context["lang"]}">'
            + str(blocks.performance_table(numbering.next("table") if theme["shown"] else None,
                                           theme, view, context["strings"])) + "</div>\n"}


def chapter_body(chapter: Chapter, context: dict[str, Any], blocks, numbering: Numbering) -> str:
    """The HTML body of one chapter (without its heading and SDG box). An original included
    untranslated renders its prose in its own language (context["languages"])."""
    prose = context if chapter.lang == context["lang"] else context["languages"][chapter.lang]
    lang, strings, variables = prose["lang"], prose["strings"], prose["variables"]
    theme = _theme_table(chapter, context, blocks, numbering)
    placed: set[tuple[str, str]] = set()
    if chapter.kind == "carbon":
        builders = {kind: {name: (lambda build=build: _in_report_language(build(), chapter, context))
                           for name, build in named.items()}
                    for kind, named in _carbon_builders(context, blocks, numbering).items()}
        builders["table"] |= theme
        html, placed = _carbon_html(chapter, variables, builders, lang, strings)
    elif theme:
        html, placed = _theme_html(chapter, variables, {"table": theme}, lang, strings)
    else:
        html = render_markdown(_chapter_text(chapter, variables, lang, strings),
                               chapter.file, chapter.body_line, chapter.file.parent,
                               markdown_parser())
    if theme and ("table", "performance") not in placed:  # no marker: after the text
        html += theme["performance"]()
    if chapter.kind == "commitment" and context.get("commitment"):
        html += _in_report_language(str(blocks.commitment(
            context["commitment"], context.get("indicators"),
            numbering.next("table") if _commitment_table(context) else None,
            context["strings"], context["year"])), chapter, context)
    return html


def _commitment_table(context: dict[str, Any]) -> bool:
    """Whether the commitment chapter has its indicator table: it has indicators and the
    report year is within the commitment's period (before it, one sentence says when the
    follow-up starts)."""
    first = (context.get("commitment") or {}).get("first_year")
    return bool(context.get("indicators")) and not (first and context["year"] < first)


def render_report(context: dict[str, Any], css: str | None = None) -> str:
    """The whole report as one HTML document (the same file feeds the PDF)."""
    lang, strings = context["lang"], context["strings"]
    env = document_env(lang, strings)
    blocks = env.get_template("blocks.html.j2").module
    numbering = Numbering()
    chapters = []
    for number, ch in enumerate(context["chapters"], start=1):
        chapters.append({"number": number, "id": ch.id, "title": ch.title, "kind": ch.kind,
                         "lang": ch.lang if ch.lang != lang else None,
                         "sdg": sdg_view(ch, context["goals"], lang),
                         "body": Markup(chapter_body(ch, context, blocks, numbering))})
    appendices = []
    if context.get("performance"):
        appendices.append({"id": "performance", "title": strings["performance"]["appendix_title"],
                           "table_number": numbering.next("table"), "view": context["performance"]})
    if context.get("disclosure"):
        appendices.append({"id": "disclosure", "title": strings["disclosure"]["title"],
                           "table_number": numbering.next("table"), "rows": context["disclosure"]})
    if has_methodology(context):
        appendices.append({"id": "methodology", "title": strings["carbon"]["methodology"]["title"],
                           "sections": methodology_sections(context)})
    used_goals = sorted({n for ch in context["chapters"] for n in ch.sdg_goals})
    css = css if css is not None else (TEMPLATES_DIR / "report.css").read_text(encoding="utf-8")
    return keep_numbers_together(env.get_template("report.html.j2").render(
        ctx=context, s=strings, chapters=chapters, appendices=appendices, css=Markup(css),
        sdg_source=sdg_source(context["goals"], lang),
        cover_goals=[context["goals"].goals[n] for n in used_goals]))
