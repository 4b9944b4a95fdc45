"""The fault corpus (issue 11): broken copies of the bundled example, made by small edits.

Each case is a row of CASES: a name, the edits that break (or legitimately change) a writable
copy of the example, the command to run, and what must happen. `make_copy` lays out the copy
(examples/migri with its own content folder beside it, the shared factor library linked), and
the edit helpers below change one file each. tests/faults/test_fault_corpus.py runs the table.
"""
from __future__ import annotations

import csv
import gzip
import io
import re
import shutil
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import yaml

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "migri"
LEDGER = "ledger/th_data_2021.csv"
ORG = "organisation.yaml"
Edit = Callable[[Path], None]


@dataclass(frozen=True)
class Case:
    """One corpus case. `edits` run on the copy's folder (examples/migri). For an error case:
    the file the message must name (a path relative to the copy's root, e.g.
    'examples/migri/ledger/th_data_2021.csv', or 'content/migri/01_johdanto.md'), and the row
    (an int, or 'find:<text>' for the line of the file holding the text), column and key it must
    name, or None. `ok` cases must exit 0; `check` gets (copy root, output, the unmodified example's total)
    and asserts the totals."""

    name: str
    edits: tuple[Edit, ...]
    command: tuple[str, ...] = ("footprint", "--year", "2021")
    file: str | None = None
    row: int | str | None = None
    column: str | None = None
    key: str | None = None
    contains: tuple[str, ...] = ()
    ok: bool = False
    check: Callable[[Path, str, float], None] | None = field(default=None, compare=False)


# --- laying out a copy --------------------------------------------------------------------------

def make_copy(tmp: Path) -> Path:
    """A writable copy of the example under tmp (examples/migri, content/migri); the factor
    library is linked (read-only). Returns tmp."""
    shutil.copytree(EXAMPLE, tmp / "examples" / "migri",
                    ignore=shutil.ignore_patterns("generator", "README.md"))
    shutil.copytree(ROOT / "content" / "migri", tmp / "content" / "migri")
    (tmp / "emission_factors").symlink_to(ROOT / "emission_factors")
    return tmp


# --- edits --------------------------------------------------------------------------------------

def _table(path: Path, sep: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8")), delimiter=sep,
                           quoting=csv.QUOTE_NONE))


def _write_table(path: Path, rows: list[list[str]], sep: str) -> None:
    path.write_text("".join(sep.join(r) + "\n" for r in rows), encoding="utf-8")


def _sep(name: str) -> str:
    return "\t" if "ledger/" in name else ","


def set_cell(name: str, row: int, column: str, value: str) -> Edit:
    """Cell (row as a spreadsheet shows it, column by header name) of a CSV/TSV set to value."""
    def edit(base: Path) -> None:
        path, sep = base / name, _sep(name)
        rows = _table(path, sep)
        rows[row - 1][rows[0].index(column)] = value
        _write_table(path, rows, sep)
    return edit


def append_copy(name: str, row: int, **changes: str) -> Edit:
    """A copy of a row appended at the end, with some cells changed."""
    def edit(base: Path) -> None:
        path, sep = base / name, _sep(name)
        rows = _table(path, sep)
        new = list(rows[row - 1])
        for column, value in changes.items():
            new[rows[0].index(column)] = value
        _write_table(path, rows + [new], sep)
    return edit


def drop_column(name: str, column: str) -> Edit:
    def edit(base: Path) -> None:
        path, sep = base / name, _sep(name)
        rows = _table(path, sep)
        i = rows[0].index(column)
        _write_table(path, [r[:i] + r[i + 1:] for r in rows], sep)
    return edit


def add_column(name: str, column: str, value: str) -> Edit:
    def edit(base: Path) -> None:
        path, sep = base / name, _sep(name)
        rows = _table(path, sep)
        _write_table(path, [rows[0] + [column]] + [r + [value] for r in rows[1:]], sep)
    return edit


def edit_line(name: str, row: int, change: Callable[[str], str]) -> Edit:
    """One line of a text file changed by a function (row as the editor shows it)."""
    def edit(base: Path) -> None:
        path = base / name
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        lines[row - 1] = change(lines[row - 1])
        path.write_text("".join(lines), encoding="utf-8")
    return edit


def keep_lines(name: str, count: int) -> Edit:
    """Only the first `count` lines of a file (0: an empty file)."""
    def edit(base: Path) -> None:
        path = base / name
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        path.write_text("".join(lines[:count]), encoding="utf-8")
    return edit


def replace(name: str, old: str, new: str) -> Edit:
    def edit(base: Path) -> None:
        path = base / name
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {path}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return edit


def replace_re(name: str, pattern: str, new: str) -> Edit:
    """The first match of a regular expression replaced (for values the data may change)."""
    def edit(base: Path) -> None:
        path = base / name
        text, n = re.subn(pattern, new, path.read_text(encoding="utf-8"), count=1)
        assert n == 1, f"{pattern!r} not in {path}"
        path.write_text(text, encoding="utf-8")
    return edit


def append_text(name: str, text: str) -> Edit:
    def edit(base: Path) -> None:
        path = base / name
        path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")
    return edit


def encode(name: str, encoding: str, bom: bytes = b"") -> Edit:
    """The file saved in another encoding (as a spreadsheet export may be)."""
    def edit(base: Path) -> None:
        path = base / name
        path.write_bytes(bom + path.read_text(encoding="utf-8").encode(encoding))
    return edit


def bytes_edit(name: str, change: Callable[[bytes], bytes]) -> Edit:
    def edit(base: Path) -> None:
        path = base / name
        path.write_bytes(change(path.read_bytes()))
    return edit


def to_semicolons(name: str) -> Edit:
    """A tab-separated file saved semicolon-separated (as some years of the open data are)."""
    def edit(base: Path) -> None:
        path = base / name
        path.write_bytes(path.read_bytes().replace(b"\t", b";"))
    return edit


def gzipped(name: str) -> Edit:
    """The file replaced by its gzipped copy (name + '.gz'), as the open data is downloaded."""
    def edit(base: Path) -> None:
        path = base / name
        with gzip.open(path.with_name(path.name + ".gz"), "wb") as fh:
            fh.write(path.read_bytes())
        path.unlink()
    return edit


def zipped(name: str, *others: str) -> Edit:
    """The file replaced by a zip archive (name without its suffix + '.zip') holding it, and
    any other files named (relative to the copy's folder) beside it."""
    def edit(base: Path) -> None:
        path = base / name
        with zipfile.ZipFile(path.with_suffix(".zip"), "w", zipfile.ZIP_DEFLATED) as archive:
            for member in (name, *others):
                archive.write(base / member, Path(member).name)
        path.unlink()
    return edit


def remove(name: str) -> Edit:
    def edit(base: Path) -> None:
        (base / name).unlink()
    return edit


def move(name: str, to: str) -> Edit:
    def edit(base: Path) -> None:
        (base / name).rename(base / to)
    return edit


def setting(dotted: str, value: object, name: str = ORG) -> Edit:
    """A key of a YAML file set (dotted path; list items by index), comments dropped."""
    def edit(base: Path) -> None:
        path = base / name
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        *parents, last = dotted.split(".")
        node = doc
        for part in parents:
            node = node[int(part)] if isinstance(node, list) else node[part]
        if isinstance(node, list):
            node[int(last)] = value
        else:
            node[last] = value
        path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False),
                        encoding="utf-8")
    return edit


def content(name: str) -> str:
    """A content file's path relative to the example copy's folder."""
    return f"../../content/migri/{name}"


# --- hand calculations for the legitimate-data cases -------------------------------------------

def supplier_factor(mapping: Path, supplier_id: str) -> str:
    """The factor id of a supplier's rule in mapping.csv (supplier rules come first)."""
    with mapping.open(encoding="utf-8") as fh:
        return next(r["factor_id"] for r in csv.DictReader(fh)
                    if r["match"] == "supplier" and r["key"] == supplier_id)


def ledger_cell(path: Path, row: int, column: str) -> str:
    """A cell of a tab-separated ledger (row as a spreadsheet shows it)."""
    rows = _table(path, "\t")
    return rows[row - 1][rows[0].index(column)]


def hand_kg(amount_eur: float, factor_id: str, year: int) -> float:
    """kgCO2e of a spend line by hand: EUR deflated to the factor's price year (price index
    file) times the factor's value (factor YAML), read here without the calculator."""
    factor = None
    for path in (ROOT / "emission_factors").rglob("*.yaml"):
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for entry in doc.get("factors", []) if isinstance(doc, dict) else []:
            if entry.get("id") == factor_id:
                factor = entry
    assert factor is not None, factor_id
    if "values" in factor:
        value = factor["values"][max(y for y in factor["values"] if int(y) <= year)]
    else:
        value = factor["value"]
    index = {int(r["year"]): float(r["index"]) for r in csv.DictReader(
        (ROOT / "emission_factors" / "price_index.csv").read_text(encoding="utf-8").splitlines())}
    price_year = factor.get("price_year")
    deflator = index[int(price_year)] / index[year] if price_year else 1.0
    assert factor["unit"] == "kgCO2e/EUR", factor["unit"]
    return amount_eur * deflator * float(value)
