"""Paste-ready texts for the Sitoumus 2050 web form, per operation, in the export's language.

Entry on the platform is through its web form; `paste_texts(doc)` gives one block for the
commitment and one per operation (title, description, meters, then the report of the year:
progress, current levels, text), each ready to copy field by field. A text the content does
not have in the language is shown as missing, never replaced by another language.
"""
from __future__ import annotations

from typing import Any

from .model import label, locale


def _field(record: dict[str, Any], name: str, lang: str) -> str:
    value = record.get(f"{name}_{locale(lang)}")
    return value if value else label("paste.not_in_content", lang,
                                      language=label(f"language_names.{lang}", lang))


def _level(value: str | None, lang: str) -> str:
    return value if value else label("paste.no_level", lang)


def _meter_line(m: dict[str, Any], lang: str) -> str:
    """A meter as the form asks for it: a yes/no meter, or levels and the chart type."""
    name = _field(m, "meterType", lang)
    if m["meterValueType"] == "REALIZED":
        return label("paste.realized", lang, name=name)
    line = label("paste.meter", lang, name=name, start=_level(m["startingLevel"], lang),
                 target=_level(m["targetLevel"], lang))
    return f"{line}, {label('paste.chart', lang, chart=m.get('meterChartType') or '–')}"


def _current(m: dict[str, Any], lang: str) -> str:
    """A report meter's current level (a yes/no meter's in words)."""
    level = m["currentLevel"]
    if m["meterValueType"] == "REALIZED" and level:
        return label(f"paste.realized_levels.{level}", lang)
    return _level(level, lang)


def _commitment_block(rec: dict[str, Any], lang: str) -> str:
    p = lambda key: label(f"paste.{key}", lang)  # noqa: E731
    lines = [f"{p('title')}:", _field(rec, "title", lang), "",
             f"{p('short_description')}:", _field(rec, "shortDescription", lang), "",
             f"{p('background')}:", _field(rec, "backgroundInformation", lang), "",
             f"{p('innovation')}:", _field(rec, "innovation", lang), "",
             f"{p('dates')}: {rec['startDate']} – {rec['endDate']}"]
    return "\n".join(lines)


def _operation_block(op: dict[str, Any], lang: str) -> str:
    p = lambda key, **f: label(f"paste.{key}", lang, **f)  # noqa: E731
    lines = [f"{p('title')}:", _field(op, "operationTitle", lang), "",
             f"{p('description')}:", _field(op, "operationDescription", lang)]
    if op["meters"]:
        lines += ["", f"{p('meters')}:"]
        lines += ["- " + _meter_line(m, lang) for m in op["meters"]]
    for rep in op["reports"]:
        progress = label("progress_labels." + rep["progress"], lang)
        lines += ["", p("report", start=rep["reportStartDate"], end=rep["reportEndDate"]),
                  f"{p('title')}: {_field(rep, 'reportTitle', lang)}",
                  f"{p('progress')}: {progress} ({rep['progress']})"]
        lines += ["- " + p("current", name=_field(m, "meterType", lang),
                           current=_current(m, lang)) for m in rep["reportMeters"]]
        lines += [f"{p('report_text')}:", _field(rep, "reportText", lang)]
    return "\n".join(lines)


def paste_texts(doc: dict[str, Any]) -> list[dict[str, str]]:
    """[{id, heading, text}]: the commitment, then each operation, in the export's language."""
    lang, rec = doc["language"], doc["commitment"]
    ops = rec["operations"]
    out = [{"id": rec["id"] or "", "heading": label("paste.commitment", lang),
            "text": _commitment_block(rec, lang)}]
    for n, op in enumerate(ops, 1):
        out.append({"id": op["operationId"],
                    "heading": label("paste.operation", lang, n=n, total=len(ops)),
                    "text": _operation_block(op, lang)})
    return out


def export_text(doc: dict[str, Any]) -> str:
    """All paste texts as one plain-text file, with the missing data listed at the end."""
    lang = doc["language"]
    out = [label("paste.header", lang, language=label(f"language_names.{lang}", lang)), ""]
    if doc.get("illustrative"):
        out += [label("paste.illustrative", lang, text=doc["illustrative"]), ""]
    for block in paste_texts(doc):
        heading = f"{block['heading']} ({block['id']})" if block["id"] else block["heading"]
        out += ["=" * 72, heading, "=" * 72, block["text"], ""]
    if doc["missing"]:
        out += [label("paste.missing", lang), ""]
        for m in doc["missing"]:
            langs = f" [{', '.join(m['languages'])}]" if m["languages"] else ""
            out.append(f"- {m['id']} {m['field']}{langs}: {m['reason']}")
        out.append("")
    return "\n".join(out)
