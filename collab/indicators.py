"""Indicator values of a year, read for the edit page and saved into the indicator files
(the commitment's `indicators.yaml`, the agreement's `performance.yaml`) as a person would
write them: one `values` entry or the `missing_reason` changed, nothing else."""
from __future__ import annotations

import copy
import dataclasses
import shutil
import tempfile
from pathlib import Path
from typing import Any, Callable

import yaml

from carbon.errors import InputError

from . import values as parse
from .model import IndicatorEntry, SaveResult
from .place import Place
from .saving import item_merge, save as save_file
from .store import Store
from .yamltext import child, compose, drop_key, set_entry, set_key

SETS = (("commitment", "commitment", "indicators"), ("performance", "performance", "file"))


def files(place: Place) -> dict[str, Path]:
    """The indicator file of each set the organisation keeps."""
    out = {}
    for kind, block, key in SETS:
        raw = place.org.raw.get(block)
        if isinstance(raw, dict) and raw.get(key):
            out[kind] = place.org.path(raw[key])
    return out


def load_text(place: Place, kind: str, text: str, file: Path):
    """The indicator set of `kind` read by the project's reader from `text` (a checked copy
    beside the store), errors naming `file`; returns the IndicatorSet."""
    from report.publishing.indicators.data import load_indicators
    place.store_dir.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="check-", dir=place.store_dir))
    copy_file = folder / file.name
    copy_file.write_text(text, encoding="utf-8", newline="")
    raw = copy.deepcopy(place.org.raw)
    block, key = ("commitment", "indicators") if kind == "commitment" else ("performance", "file")
    raw[block][key] = str(copy_file)
    org = dataclasses.replace(place.org, raw=raw)
    try:
        return dataclasses.replace(load_indicators(org, kind), file=file)
    except InputError as exc:
        if Path(exc.file) == copy_file:
            exc.file = str(file)
        raise
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _doc(text: str) -> dict[str, Any]:
    doc = yaml.safe_load(text) or {}
    return doc if isinstance(doc, dict) else {}


def _raw_item(doc: dict[str, Any], indicator_id: str) -> dict[str, Any] | None:
    for item in doc.get("indicators") or []:
        if isinstance(item, dict) and item.get("id") == indicator_id:
            return item
    return None


def _raw_entry(item: dict[str, Any] | None, year: int) -> tuple[int | None, dict | None]:
    for j, v in enumerate((item or {}).get("values") or []):
        if isinstance(v, dict) and v.get("year") == year:
            return j, v
    return None, None


def rows(place: Place, store: Store, year: int, lang: str) -> list[IndicatorEntry]:
    """Each indicator of each set with its `year` value as the edit page shows it."""
    from report.publishing.indicators.data import text as localized
    out = []
    for kind, file in files(place).items():
        text, version = store.observe(file)
        iset = load_text(place, kind, text, file)
        doc = _doc(text)
        for ind in iset.ordered():
            _, entry = _raw_entry(_raw_item(doc, ind.id), year)
            found = next((v for v in ind.values if v.year == year), None)
            out.append(IndicatorEntry(
                id=ind.id, set=kind, code=ind.code, name=localized(ind.name, lang),
                unit=ind.unit, value=found.value if found else None,
                source=found.source if found else "", note=found.note if found else "",
                missing_reason=localized(ind.missing_reason, lang) if ind.missing_reason else "",
                file=place.key(file), version=version,
                editable=not ind.computed and not ind.qualitative, computed=ind.computed,
                qualitative=ind.qualitative,
                value_unit=str((entry or {}).get("unit") or ""), year=year))
    return out


def _find(place: Place, store: Store, indicator_id: str) -> tuple[str, Path, Any]:
    for kind, file in files(place).items():
        text, _ = store.observe(file)
        iset = load_text(place, kind, text, file)
        if any(i.id == indicator_id for i in iset.indicators):
            return kind, file, iset[indicator_id]
    raise InputError(place.org.file, f"no indicator {indicator_id!r} in the indicator files",
                     key=indicator_id, code="collab_indicator_unknown",
                     params={"id": indicator_id})


def save(place: Place, store: Store, year: int, indicator_id: str, *, value: str | None,
         unit: str | None, source: str | None, note: str | None,
         missing_reason: str | dict[str, str] | None, author: str, message: str | None,
         base_version: str, lang: str,
         refuse: Callable[[int], None] = lambda year: None) -> SaveResult:
    """Set or remove the year's value of an indicator and/or its missing reason (see
    app.collab.save_indicator)."""
    kind, file, ind = _find(place, store, indicator_id)
    if not isinstance(year, int) or isinstance(year, bool):
        year = parse.year(year, file, f"{ind.key}.values")
    refuse(year)
    if ind.computed or ind.qualitative:
        raise InputError(file, "this indicator's value is not entered: it is computed by the "
                               "calculator or qualitative", key=ind.key,
                         code="collab_indicator_not_editable", params={"id": indicator_id})
    where = f"{ind.key}.values[{year}]"
    entry: dict[str, Any] | None = None
    if value is not None and str(value).strip():
        number, own = parse.amount(str(value), unit, ind.unit, file, f"{where}.value")
        src = parse.text(source)
        if not src:
            raise InputError(file, "every value needs its source", key=f"{where}.source",
                             code="collab_source_missing")
        entry = {"year": year, "value": number}
        if own:
            entry["unit"] = own
        entry["source"] = src
        if parse.text(note):
            entry["note"] = parse.text(note)
    if missing_reason is not None and kind != "performance" and missing_reason != "":
        raise InputError(file, "only the performance agreement's indicators keep a reason "
                               "for a missing value", key=f"{ind.key}.missing_reason",
                         code="collab_missing_reason_commitment")

    def reason(old: Any) -> Any:
        if missing_reason is None:
            return old
        if isinstance(missing_reason, dict):
            new = {k: parse.text(v) for k, v in missing_reason.items() if parse.text(v)}
        else:
            new = dict(old) if isinstance(old, dict) else {}
            if parse.text(missing_reason):
                new[lang] = parse.text(missing_reason)
            else:
                new = {}
        return new or None

    def expected(doc: dict[str, Any]) -> dict[str, Any]:
        doc = copy.deepcopy(doc)
        item = _raw_item(doc, indicator_id)
        j, _ = _raw_entry(item, year)
        vals = list(item.get("values") or [])
        if entry is None and j is not None:
            vals.pop(j)
        elif entry is not None:
            if j is None:
                vals.append(entry)
            else:
                vals[j] = entry
        if entry is not None or j is not None:
            item["values"] = vals
        new_reason = reason(item.get("missing_reason"))
        if new_reason is None:
            item.pop("missing_reason", None)
        else:
            item["missing_reason"] = new_reason
        return doc

    def edit(text: str) -> str:
        doc = _doc(text)
        if _raw_item(doc, indicator_id) is None:
            raise InputError(file, f"no indicator {indicator_id!r}", key=indicator_id,
                             code="collab_indicator_unknown", params={"id": indicator_id})
        j, _ = _raw_entry(_raw_item(doc, indicator_id), year)
        new = text
        if entry is not None or j is not None:
            new = set_entry(new, _node(new, indicator_id), "values", j, entry)
        old_reason = _raw_item(doc, indicator_id).get("missing_reason")
        new_reason = reason(old_reason)
        if new_reason != old_reason:
            node = _node(new, indicator_id)
            new = drop_key(new, node, "missing_reason") if new_reason is None \
                else set_key(new, node, "missing_reason", new_reason)
        if _doc(new) != expected(doc):
            raise InputError(file, "the file could not be edited in place (an unusual layout); "
                                   "edit it in a text editor", key=ind.key,
                             code="collab_yaml_edit_failed")
        return new

    def item(text: str) -> object:
        raw = _raw_item(_doc(text), indicator_id)
        return (_raw_entry(raw, year)[1], (raw or {}).get("missing_reason"))

    return save_file(place, store, file, base_version=base_version, edit=edit,
                     merge=item_merge(edit, item),
                     validate=lambda text: load_text(place, kind, text, file), author=author,
                     message=message, subject=f"indicator:{indicator_id}", year=year)


def _node(text: str, indicator_id: str) -> Any:
    """The mapping node of the indicator `indicator_id`."""
    root = compose(text)
    found = child(root, "indicators")
    for node in found[1].value if found else []:
        got = child(node, "id")
        if got and got[1].value == indicator_id:
            return node
    raise KeyError(indicator_id)
