"""The measured facts (content/<org>/facts.yaml) for the edit page, and their saves: one key of
one fact changed, or a new fact added at the end, the rest of the file as written."""
from __future__ import annotations

import copy
import shutil
import tempfile
from pathlib import Path
from typing import Any, Callable

import yaml

from carbon.errors import InputError

from . import values as parse
from .model import FactEntry, SaveResult
from .place import Place
from .saving import item_merge, save as save_file
from .store import Store
from .yamltext import add_entry, child, compose, set_key


def file_of(place: Place) -> Path:
    """content/<org>/facts.yaml."""
    from report.document.facts import FACTS_FILE
    return place.need_content() / FACTS_FILE


def check(place: Place, text: str, lang: str = "fi") -> dict[str, Any]:
    """The facts read by the report's reader from `text` (a copy beside the store), errors
    naming the real file."""
    from report.document.facts import FACTS_FILE, load_facts
    place.store_dir.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="check-", dir=place.store_dir))
    try:
        (folder / FACTS_FILE).write_text(text, encoding="utf-8", newline="")
        return load_facts(folder, lang)
    except InputError as exc:
        if Path(exc.file).parent == folder:
            exc.file = str(file_of(place))
        raise
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _doc(text: str) -> dict[str, Any]:
    doc = yaml.safe_load(text) if text.strip() else {}
    return doc if isinstance(doc, dict) else {}


def rows(place: Place, store: Store, lang: str) -> list[FactEntry]:
    """Every fact with its value, unit, year, source and name in `lang`."""
    from report.publishing.indicators.data import text as localized
    file = file_of(place)
    text, version = store.observe(file)
    facts = check(place, text, lang) if text else {}
    raw = _doc(text).get("facts") or {}
    return [FactEntry(id=f.id, name=localized((raw.get(f.id) or {}).get("name"), lang),
                      value=f.value, decimals=f.decimals, unit=f.unit, year=f.year,
                      source=f.source, file=place.key(file), version=version)
            for f in facts.values()]


def save(place: Place, store: Store, fact_id: str, *, value: str, decimals: Any, unit: Any,
         year: Any, source: Any, author: str, message: str | None, base_version: str, lang: str,
         refuse: Callable[[int | None], None]) -> SaveResult:
    """Set one fact's fields, or add a new fact (see app.collab.save_fact)."""
    file = file_of(place)
    where = f"facts.{fact_id}"
    if not isinstance(fact_id, str) or not fact_id.replace("_", "").isalnum() \
            or not fact_id[:1].isalpha():
        raise InputError(file, f"a fact's id is a snake_case name, not {fact_id!r}", key=where,
                         code="collab_fact_id_invalid", params={"value": str(fact_id)})
    current_text = store.observe(file)[0]
    if current_text.strip():
        check(place, current_text, lang)          # a broken file: the reader's message
    current = _doc(current_text).get("facts") or {}
    old = current.get(fact_id) if isinstance(current.get(fact_id), dict) else None
    fields: dict[str, Any] = {"value": parse.plain(parse.number(value, file, f"{where}.value"))}
    if decimals not in (None, ""):
        d = parse.number(decimals, file, f"{where}.decimals")
        if not d.is_integer() or not 0 <= d <= 6:
            raise InputError(file, f"decimals must be a whole number 0–6, not {decimals!r}",
                             key=f"{where}.decimals", code="collab_decimals_invalid",
                             params={"value": str(decimals)})
        fields["decimals"] = int(d)
    if unit is not None:
        fields["unit"] = parse.text(unit)
    if year not in (None, ""):
        fields["year"] = parse.year(year, file, f"{where}.year")
    if source is not None and parse.text(source):
        fields["source"] = parse.text(source)
    if old is None:
        for need in ("source", "year"):
            if need not in fields:
                raise InputError(file, f"a new fact needs its {need}", key=f"{where}.{need}",
                                 code="collab_fact_needs", params={"name": need})
    refuse(fields.get("year", (old or {}).get("year")))
    if old is not None and old.get("year") != fields.get("year", old.get("year")):
        refuse(old.get("year"))

    def expected(doc: dict[str, Any]) -> dict[str, Any]:
        doc = copy.deepcopy(doc)
        facts = doc.setdefault("facts", {})
        facts[fact_id] = {**(facts.get(fact_id) or {}), **fields}
        return doc

    def edit(text: str) -> str:
        doc = _doc(text)
        if not text.strip():
            text = "facts:\n"
        root = compose(text)
        found = child(root, "facts") if root is not None else None
        if found is None or not hasattr(found[1], "value") or not isinstance(found[1].value, list):
            new = text.rstrip("\n") + "\n" if text.strip() else ""
            new = (new if "facts:" in new else new + "facts:\n")
            new += f"  {fact_id}:\n" + "".join(f"    {k}: {_scalar(v)}\n" for k, v in fields.items())
        elif child(found[1], fact_id) is None:
            new = add_entry(text, found[1], fact_id, fields)
        else:
            new = text
            for key, v in fields.items():
                node = child(compose(new), "facts")[1]
                new = set_key(new, child(node, fact_id)[1], key, v)
        if _doc(new) != expected(doc):
            raise InputError(file, "the file could not be edited in place (an unusual layout); "
                                   "edit it in a text editor", key=where,
                             code="collab_yaml_edit_failed")
        return new

    def item(text: str) -> object:
        return (_doc(text).get("facts") or {}).get(fact_id)

    return save_file(place, store, file, base_version=base_version, edit=edit,
                     merge=item_merge(edit, item), validate=lambda t: check(place, t, lang) and None,
                     author=author, message=message, subject=f"fact:{fact_id}",
                     year=fields.get("year", (old or {}).get("year")))


def _scalar(value: Any) -> str:
    from .yamltext import scalar
    return scalar(value)
