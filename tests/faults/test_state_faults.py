"""Fault corpus, issue 26: state-wide files and ledgers counted once and read whole. The same
file or the same content given twice, a column named twice, a line too long for a reader, an
archive that would expand beyond what it may (a zip or gzip bomb, a lying gzip trailer) and
binary content under a text name each stop `government` (and `footprint` where it reads the
same files) with exit code 2 and one message naming the file, row and column, quickly and
within bounded memory."""
from __future__ import annotations

import gzip
import resource
import struct
import time
import zipfile
from pathlib import Path

import pytest

from tests.faults.corpus import LEDGER, Case, bytes_edit, make_copy, setting
from tests.faults.outcome import assert_refused, run

EX = "examples/migri/"
L = EX + LEDGER
GOV = ("government", "--year", "2021")
#: the ledger pattern widened to compressed files (th_data_2021.csv.gz, th_data_2021.zip)
ANY_LEDGER = setting("data.ledger.0.path", "ledger/th_data_*")
#: Pillow's PNG, the first bytes of any PNG file (binary data under a .csv name)
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
LIMIT = 131072


def with_field(row: int, column: str, size: int, short_row: int | None = None):
    """The ledger with one field of `row` (as a spreadsheet shows it) `size` characters long,
    and optionally another row cut to five fields."""
    def edit(base: Path) -> None:
        path = base / LEDGER
        lines = path.read_text(encoding="utf-8").splitlines()
        i = lines[0].split("\t").index(column)
        fields = lines[row - 1].split("\t")
        fields[i] = "x" * size
        lines[row - 1] = "\t".join(fields)
        if short_row is not None:
            lines[short_row - 1] = "\t".join(lines[short_row - 1].split("\t")[:5])
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return edit


def duplicate_column(column: str):
    """The ledger with `column` a second time, its values doubled (the header names it twice)."""
    def edit(base: Path) -> None:
        path = base / LEDGER
        rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()]
        i = rows[0].index(column)
        out = [rows[0] + [column]]
        for r in rows[1:]:
            out.append(r + [str(float(r[i]) * 2) if column == "tiliointisumma" else r[i] + "9"])
        path.write_text("".join("\t".join(r) + "\n" for r in out), encoding="utf-8")
    return edit


def copy_as(suffix: str, kind: str = "gzip"):
    """A copy of the ledger beside it, named th_data_2021<suffix>: gzipped, or plain."""
    def edit(base: Path) -> None:
        path = base / LEDGER
        data = path.read_bytes()
        target = path.with_name(path.name.replace(".csv", suffix))
        target.write_bytes(gzip.compress(data) if kind == "gzip" else data)
    return edit


def bomb(kind: str, lying: bool = False):
    """The ledger replaced by a 1 MB archive of its header and a few lines followed by 1 GB of
    zeros: a zip member (th_data_2021.zip) or a gzip file (th_data_2021.csv.gz), its trailer
    declaring 1000 bytes when `lying`."""
    def edit(base: Path) -> None:
        path = base / LEDGER
        head = b"".join(path.read_bytes().splitlines(keepends=True)[:3])
        path.unlink()
        if kind == "zip":
            with zipfile.ZipFile(path.with_suffix(".zip"), "w", zipfile.ZIP_DEFLATED) as z:
                with z.open(path.name, "w", force_zip64=True) as m:
                    m.write(head)
                    for _ in range(1024):
                        m.write(bytes(1 << 20))
            return
        target = path.with_name(path.name + ".gz")
        with gzip.open(target, "wb") as m:
            m.write(head)
            for _ in range(1024 if not lying else 256):
                m.write(b"0" * (1 << 20))
        if lying:
            target.write_bytes(target.read_bytes()[:-4] + struct.pack("<I", 1000))
    return edit


def wrapped_as_csv(kind: str):
    """The ledger's bytes replaced by a gzip or zip of it, or by binary data, under its name."""
    def change(data: bytes) -> bytes:
        if kind == "gzip":
            return gzip.compress(data)
        if kind == "zip":
            import io
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
                z.writestr("th_data_2021.csv", data)
            return buffer.getvalue()
        return PNG
    return bytes_edit(LEDGER, change)


GZ = L.replace(".csv", ".csv.gz")
CASES = [
    # --- counted once --------------------------------------------------------------------------
    Case("government: the same file twice", (), command=(*GOV, "@" + LEDGER, "@" + LEDGER),
         file=L, contains=("the file is given twice (also as", "would count twice")),
    Case("government: the same year as .csv and .csv.gz", (copy_as(".csv.gz"),),
         command=(*GOV, "@" + LEDGER, "@ledger/th_data_2021.csv.gz"), file=GZ,
         contains=("the file has the same content as", "th_data_2021.csv:")),
    Case("footprint: the same year as .csv and .csv.gz (one pattern matching both)",
         (copy_as(".csv.gz"), ANY_LEDGER), file=GZ,
         contains=("the file has the same content as", "th_data_2021.csv:")),
    Case("government: the same content under another name", (copy_as("_kopio.csv", "plain"),),
         command=(*GOV, "@ledger/th_data_2021_kopio.csv", "@" + LEDGER), file=L,
         contains=("the same content as", "th_data_2021_kopio.csv")),
    Case("government: the amount column twice", (duplicate_column("tiliointisumma"),),
         command=(*GOV, "@" + LEDGER), file=L, row=1, column="tiliointisumma",
         contains=("the header names the column twice",)),
    Case("government: the unit id column twice", (duplicate_column("hankintayksikko_tunnus"),),
         command=(*GOV, "@" + LEDGER), file=L, row=1, column="hankintayksikko_tunnus",
         contains=("the header names the column twice",)),
    # --- read whole: long lines ---------------------------------------------------------------
    Case("government: a 3 MB supplier name", (with_field(5, "toimittaja_nimi", 3_000_000),),
         command=(*GOV, "@" + LEDGER), file=L, row=5, column="toimittaja_nimi",
         contains=(f"the line is longer than {LIMIT} bytes",)),
    Case("government: a 200 kB field and a short row",
         (with_field(4, "toimittaja_nimi", 200_000, short_row=9),),
         command=(*GOV, "@" + LEDGER), file=L, row=4, column="toimittaja_nimi",
         contains=(f"the line is longer than {LIMIT} bytes",)),
    Case("government: a field just over the limit", (with_field(7, "hankintakategoria", LIMIT),),
         command=(*GOV, "@" + LEDGER), file=L, row=7, column="hankintakategoria"),
    Case("footprint: a 3 MB supplier name", (with_field(5, "toimittaja_nimi", 3_000_000),),
         file=L, row=5, column="toimittaja_nimi",
         contains=(f"the line is longer than {LIMIT} bytes",)),
    Case("footprint: a 200 kB field and a short row",
         (with_field(4, "toimittaja_nimi", 200_000, short_row=9),),
         file=L, row=4, column="toimittaja_nimi"),
    # --- archives checked before they are expanded ---------------------------------------------
    Case("government: a zip bomb", (bomb("zip"),), command=(*GOV, "@ledger/th_data_2021.zip"),
         file=EX + "ledger/th_data_2021.zip",
         contains=("the archive declares", "times its own size (at most 200 times")),
    Case("government: a gzip bomb", (bomb("gzip"),), command=(*GOV, "@ledger/th_data_2021.csv.gz"),
         file=GZ, contains=("the archive declares", "(at most 200 times")),
    Case("government: a gzip whose trailer lies", (bomb("gzip", lying=True),),
         command=(*GOV, "@ledger/th_data_2021.csv.gz"), file=GZ,
         contains=("the archive expands beyond the 1000 bytes it declares",)),
    Case("footprint: a zip bomb", (bomb("zip"), ANY_LEDGER), file=EX + "ledger/th_data_2021.zip",
         contains=("the archive declares",)),
    Case("footprint: a gzip bomb", (bomb("gzip"), ANY_LEDGER), file=GZ,
         contains=("the archive declares",)),
    # --- binary content described, not printed ----------------------------------------------------
    Case("government: a gzip file named .csv", (wrapped_as_csv("gzip"),),
         command=(*GOV, "@" + LEDGER), file=L, contains=("the file is a gzip file",)),
    Case("government: a zip file named .csv", (wrapped_as_csv("zip"),),
         command=(*GOV, "@" + LEDGER), file=L, contains=("the file is a zip file",)),
    Case("government: binary data named .csv", (wrapped_as_csv("binary"),),
         command=(*GOV, "@" + LEDGER), file=L, row=2,   # the row of the first control byte
         contains=("the file holds binary data",)),
    Case("footprint: a gzip file named .csv", (wrapped_as_csv("gzip"),), file=L,
         contains=("the file is a gzip file",)),
]


def test_the_state_corpus_is_large_enough():
    assert len(CASES) >= 15 and len({c.name for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_state_fault(case: Case, tmp_path: Path):
    root = make_copy(tmp_path)
    for edit in case.edits:
        edit(root / "examples" / "migri")
    start = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result = run(case, root, org=case.command[0] != "government")
    seconds = time.perf_counter() - start
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert_refused(case, root, result)
    # refused quickly and within bounded memory (the bombs expand to 1 GB)
    assert seconds < 10, seconds
    assert grown_mb < 300, grown_mb


@pytest.mark.parametrize("name, words", [
    ("government: the same year as .csv and .csv.gz", ("tiedoston sisältö on sama kuin",)),
    ("government: a 3 MB supplier name", ("rivi 5", "sarake 'toimittaja_nimi'", "pidempi kuin")),
    ("government: a gzip file named .csv", ("gzip-pakattu tiedosto",)),
    ("footprint: a zip bomb", ("paketti ilmoittaa sisällökseen",)),
])
def test_state_faults_in_finnish(name, words, tmp_path):
    case = next(c for c in CASES if c.name == name)
    root = make_copy(tmp_path)
    for edit in case.edits:
        edit(root / "examples" / "migri")
    message = assert_refused(case, root, run(case, root, "fi", case.command[0] != "government"),
                             "fi")
    for word in words:
        assert word in message, (word, message)


def test_distinct_files_are_all_counted(tmp_path):
    """Two years of the example (different content) pass the same-content check, and their
    lines are all read."""
    root = make_copy(tmp_path)
    result = run(Case("two years", (), command=(*GOV, f"@{LEDGER}", "@ledger/th_data_2020.csv")),
                 root, org=False)
    assert result.exit_code == 0, result.output
    year_2021 = len((root / L).read_text(encoding="utf-8").splitlines()) - 1
    assert f"{year_2021:,} lines from 2 files" in result.output, result.output
    year_2020 = len((root / EX / "ledger/th_data_2020.csv").read_text(encoding="utf-8")
                    .splitlines()) - 1
    assert f"{year_2020:,} lines dated 2020" in result.output, result.output

