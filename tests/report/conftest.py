"""Report fixtures: the example report built once per session through the command line, its
parts (sources, results, HTML) for template-level tests, and a writable copy of the content."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_ORG = ROOT / "examples" / "migri" / "organisation.yaml"
YEAR = 2021


def normalise(text: str) -> str:
    """PDF text with every kind of space (no-break, narrow no-break, line break) as one space."""
    return re.sub(r"\s+", " ", text.replace("\u202f", " ").replace("\u00a0", " "))


def run_cli(*args) -> Result:
    from build import cli
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.fixture(scope="session")
def norm():
    """The text normaliser, for tests that compare strings with PDF text."""
    return normalise


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """The example's 2021 report built once with `build.py report`; (out folder, CLI result)."""
    out = tmp_path_factory.mktemp("out")
    result = run_cli("report", "--year", YEAR, "--out", out)
    assert result.exit_code == 0, result.output
    return out, result


@pytest.fixture(scope="session")
def pdf_path(built) -> Path:
    out, _ = built
    pdfs = sorted(out.glob("*.pdf"))
    assert [p.name for p in pdfs] == [f"vastuullisuusraportti_{YEAR}.pdf"]
    return pdfs[0]


@pytest.fixture(scope="session")
def pdf(pdf_path):
    from pypdf import PdfReader
    return PdfReader(pdf_path)


@pytest.fixture(scope="session")
def pdf_text(pdf) -> str:
    return normalise(" ".join(page.extract_text() for page in pdf.pages))


@pytest.fixture(scope="session")
def parts():
    """(sources, results, charts) of the example's 2021 report, for template-level tests."""
    from report import pipeline
    sources = pipeline.load_sources(EXAMPLE_ORG)
    results = pipeline.stage_calculate(sources, YEAR)
    return sources, results, pipeline.stage_charts(sources, results)


def _absolute(value, base: Path):
    return str((base / value).resolve()) if not Path(str(value)).is_absolute() else value


@pytest.fixture()
def org_copy(tmp_path: Path) -> Path:
    """A settings file in tmp_path whose data paths point at the example's (read-only) data and
    whose content and commitment are writable copies in tmp_path/content; returns the file."""
    base = EXAMPLE_ORG.parent
    doc = yaml.safe_load(EXAMPLE_ORG.read_text(encoding="utf-8"))
    data = doc["data"]
    data["ledger"] = [{**src, "path": _absolute(src["path"], base)} if isinstance(src, dict)
                      else _absolute(src, base) for src in data["ledger"]]
    for key in ("mapping", "activity", "activity_map", "source_groups", "price_index"):
        if key in data:
            data[key] = _absolute(data[key], base)
    factors = data["factors"] if isinstance(data["factors"], list) else [data["factors"]]
    data["factors"] = [_absolute(f, base) for f in factors]
    content = tmp_path / "content"
    shutil.copytree(base / doc["report"]["content"], content)
    doc["report"]["content"] = str(content)
    doc["commitment"]["file"] = str(content / Path(doc["commitment"]["file"]).name)
    if doc["commitment"].get("indicators"):
        doc["commitment"]["indicators"] = _absolute(doc["commitment"]["indicators"], base)
    if doc.get("performance"):
        doc["performance"]["file"] = _absolute(doc["performance"]["file"], base)
    org = tmp_path / "organisation.yaml"
    org.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return org
