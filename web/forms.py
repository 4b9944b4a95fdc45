"""The scenario workbench's form and a scenario file's mapping, each made from the other.

The form has the scenario's settings (`id`, `name`, `base_year`, `until`, `basis`) and one group
of fields per lever entry, numbered in order: `lever-N` (its name), `years-N`, `note-N`,
`label-N` (the entry's own label as JSON) and `p-N-<param>` for each parameter. A parameter is
written as a number (`20`, `-3`, `2,5`) or a trajectory (`2024: 20; 2030: 100`); names as a
comma list. What the text means is decided here; whether the value is allowed is decided by the
scenario engine's own checks (`app.run_scenario_doc`), so the page shows the CLI's messages.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, Mapping

import yaml

from carbon.errors import InputError

#: a number as typed: a sign, digits (groups of three apart by a space allowed), a decimal comma or point
_NUM = r"[−+-]?(?:\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?:[.,]\d+)?"
NUMBER = re.compile(rf"^{_NUM}$")
#: one `year: number` pair of a trajectory; pairs are split on ';' first (linear time, no
#: backtracking over the whole value), so "2024: 2,5; 2030: 3" keeps its decimal commas
PAIR = re.compile(rf"\s*(\d{{4}})\s*:\s*({_NUM})\s*")
PAIR_SPLIT = re.compile(r";|,(?=[ ]?\d{4}[ ]?:)")
NUMERIC_KINDS = {"share", "pct_change", "amount", "values", "number"}
MAX_LEVERS = 40
#: the longest text a field may hold (a trajectory of 80 years fits); longer is refused
MAX_FIELD = 2000
#: the longest JSON a hidden label field may hold, and how deep it may nest (a flat mapping)
MAX_JSON = 4000


@dataclass
class Entry:
    """One lever entry of the form: the lever's name, its years, note, own label and the
    parameters as the user typed them."""

    lever: str
    years: str = ""
    note: str = ""
    label: dict[str, str] = field(default_factory=dict)
    params: dict[str, str] = field(default_factory=dict)


@dataclass
class ScenarioForm:
    """The whole form: the scenario's settings and its lever entries in order."""

    id: str = "oma_skenaario"
    name: str = ""
    names: dict[str, str] = field(default_factory=dict)   # the file's names in every language
    base_year: str = ""
    until: str = "2035"
    basis: str = ""
    description: str = ""
    entries: list[Entry] = field(default_factory=list)


def _number(text: str) -> int | float:
    text = re.sub(r"[ \u00a0\u202f]", "", text)
    value = float(text.replace("−", "-").replace(",", "."))
    return int(value) if value.is_integer() and "." not in text and "," not in text else value


def _pairs(text: str) -> dict[int, int | float] | None:
    """A trajectory `2024: 20; 2030: 100` as {year: number}, or None when it is not one."""
    pieces = [p for p in PAIR_SPLIT.split(text) if p.strip()]
    out = {}
    for piece in pieces:
        m = PAIR.fullmatch(piece)
        if not m:
            return None
        out[int(m.group(1))] = _number(m.group(2))
    return out or None


def parse_value(text: str, kind: str) -> Any:
    """A parameter's text as the scenario file would hold it (number, {year: number}, list of
    names or text); text that is none of these is passed on for the engine to refuse."""
    text = text.strip()
    if kind in NUMERIC_KINDS:
        if NUMBER.match(text):
            return _number(text)
        if kind != "number" and ":" in text and (pairs := _pairs(text)) is not None:
            return pairs
        return text
    if kind == "names":
        names = [n.strip() for n in text.split(",") if n.strip()]
        return names[0] if len(names) == 1 else names
    return text


def show_value(value: Any, lang: str = "en") -> str:
    """A scenario file's parameter value as the form shows it in a language (the inverse of
    parse_value): decimal comma and space-grouped thousands (over 9 999) in fi and sv."""
    if isinstance(value, dict):
        return "; ".join(f"{y}: {show_value(v, lang)}" for y, v in value.items())
    if isinstance(value, list):
        return ", ".join(show_value(v, lang) for v in value)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    text = f"{value:.10g}" if isinstance(value, float) else str(value)
    if "e" in text:
        text = f"{value:.10f}".rstrip("0").rstrip(".")
    whole, _, frac = text.lstrip("-").partition(".")
    dec = "," if lang in ("fi", "sv") else "."
    if lang in ("fi", "sv") and len(whole) > 4:    # English fields: no separator (1,500 is ambiguous)
        whole = f"{int(whole):,}".replace(",", " ")
    return ("-" if text.startswith("-") else "") + whole + (dec + frac if frac else "")


def _years_value(text: str) -> Any:
    text = text.strip()
    if re.fullmatch(r"\d{4}", text):
        return int(text)
    return text


def form_from_doc(doc: Mapping[str, Any], lang: str) -> ScenarioForm:
    """The form of a scenario file's mapping (opened from the organisation's folder)."""
    name = doc.get("name") or ""
    if isinstance(name, dict):
        name = name.get(lang) or name.get("fi") or next(iter(name.values()), "")
    entries = []
    for raw in doc.get("levers") or []:
        if not isinstance(raw, dict):
            continue
        label = raw.get("label") or {}
        entries.append(Entry(
            lever=str(raw.get("lever", "")), years=show_value(raw.get("years", ""), "en"),
            note=str(raw.get("note") or ""),
            label={str(k): str(v) for k, v in label.items()} if isinstance(label, dict)
            else {"fi": str(label)},
            params={k: show_value(v, lang) for k, v in raw.items()
                    if k not in ("lever", "years", "note", "label")}))
    names = doc.get("name") if isinstance(doc.get("name"), dict) else {}
    return ScenarioForm(id=str(doc.get("id") or ""), name=str(name),
                        names={str(k): str(v) for k, v in names.items()},
                        base_year=str(doc.get("base_year") or ""), until=str(doc.get("until") or 2035),
                        basis=str(doc.get("basis") or ""),
                        description=str(doc.get("description") or ""), entries=entries)


def _check_lengths(fields: Mapping[str, str], source: str) -> None:
    """Every field within its cap (MAX_FIELD, MAX_JSON for the JSON ones): an InputError
    naming the field, before any pattern or parser sees the text."""
    for key, value in fields.items():
        cap = MAX_JSON if key == "names" or key.startswith("label-") else MAX_FIELD
        if len(value) > cap:
            raise InputError(source, f"field {key} is {len(value)} characters, at most {cap}",
                             key=key, code="web_field_too_long",
                             params={"field": key, "n": len(value), "max": cap})


def _flat_json(text: str, key: str, source: str) -> dict[str, str]:
    """A hidden field's JSON mapping of language -> text; nested or deep JSON is an InputError
    (a RecursionError never reaches the server), text that is not JSON is an empty mapping."""
    try:
        value = json.loads(text or "{}")
    except RecursionError:
        value = [[]]
    except ValueError:
        return {}
    if not isinstance(value, dict):
        if isinstance(value, (list, dict)):
            raise InputError(source, f"field {key} is not a flat mapping", key=key,
                             code="web_field_nested", params={"field": key})
        return {}
    if any(isinstance(v, (list, dict)) for v in value.values()):
        raise InputError(source, f"field {key} is not a flat mapping", key=key,
                         code="web_field_nested", params={"field": key})
    return {str(k): str(v) for k, v in value.items()}


def form_from_fields(fields: Mapping[str, str], kinds: Mapping[str, Mapping[str, str]],
                     source: str = "form") -> ScenarioForm:
    """The form as posted, with the `add` (a lever's name) and `remove` (an entry's number)
    buttons applied; `kinds` gives each lever's parameters and their kinds. A field over its
    length cap or a nested JSON field is an InputError naming `source` and the field."""
    _check_lengths(fields, source)
    names = _flat_json(fields.get("names") or "", "names", source)
    form = ScenarioForm(id=fields.get("id", "").strip(), name=fields.get("name", "").strip(),
                        names=names,
                        base_year=fields.get("base_year", "").strip(),
                        until=fields.get("until", "").strip(), basis=fields.get("basis", "").strip(),
                        description=fields.get("description", "").strip())
    numbers = sorted({int(m.group(1)) for k in fields if (m := re.fullmatch(r"lever-(\d+)", k))})
    for n in numbers[:MAX_LEVERS]:
        lever = fields[f"lever-{n}"]
        label = _flat_json(fields.get(f"label-{n}") or "", f"label-{n}", source)
        params = {p: fields.get(f"p-{n}-{p}", "") for p in kinds.get(lever, {})}
        form.entries.append(Entry(lever=lever, years=fields.get(f"years-{n}", ""),
                                  note=fields.get(f"note-{n}", ""), label=label, params=params))
    remove = fields.get("remove", "")
    if remove.isdigit() and int(remove) < len(form.entries):
        del form.entries[int(remove)]
    add = fields.get("add", "")
    if add in kinds and len(form.entries) < MAX_LEVERS:
        form.entries.append(Entry(lever=add))
    return form


def doc_from_form(form: ScenarioForm, kinds: Mapping[str, Mapping[str, str]]) -> dict[str, Any]:
    """The scenario file's mapping of a form: what is run and what is saved."""
    doc: dict[str, Any] = {"id": form.id or "oma_skenaario"}
    if form.name:   # the file's names in every language, unless the user renamed it
        doc["name"] = dict(form.names) if form.name in form.names.values() else form.name
    if form.description:
        doc["description"] = form.description
    if form.base_year:
        doc["base_year"] = _number(form.base_year) if NUMBER.match(form.base_year) else form.base_year
    if form.until:
        doc["until"] = _number(form.until) if NUMBER.match(form.until) else form.until
    if form.basis:
        doc["basis"] = form.basis
    levers = []
    for e in form.entries:
        raw: dict[str, Any] = {"lever": e.lever}
        if e.label:
            raw["label"] = dict(e.label)
        for p, text in e.params.items():
            if text.strip():
                raw[p] = parse_value(text, kinds.get(e.lever, {}).get(p, "text"))
        if e.years.strip():
            raw["years"] = _years_value(e.years)
        if e.note.strip():
            raw["note"] = e.note.strip()
        levers.append(raw)
    doc["levers"] = levers
    return doc


def scenario_yaml(doc: Mapping[str, Any], header: str = "") -> str:
    """A scenario mapping as the YAML file `build.py scenario run` reads."""
    text = yaml.safe_dump(dict(doc), sort_keys=False, allow_unicode=True, width=100)
    return (f"# {header}\n" if header else "") + text


def form_fields(form: ScenarioForm) -> dict[str, str]:
    """The fields a browser posts for a form (what the page's inputs hold): for scripts, the
    benchmark and tests that drive the server as the page does."""
    fields = {"id": form.id, "name": form.name, "base_year": form.base_year, "until": form.until,
              "basis": form.basis, "description": form.description,
              "names": json.dumps(form.names, ensure_ascii=False)}
    for n, e in enumerate(form.entries):
        fields.update({f"lever-{n}": e.lever, f"years-{n}": e.years, f"note-{n}": e.note,
                       f"label-{n}": json.dumps(e.label, ensure_ascii=False)})
        fields.update({f"p-{n}-{p}": v for p, v in e.params.items()})
    return fields
