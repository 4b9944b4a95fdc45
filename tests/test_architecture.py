"""ARCHITECTURE.md matches the code: every module it names exists, every app function it names
is exported by the application layer."""
from __future__ import annotations

import re
from pathlib import Path

import app

ROOT = Path(__file__).resolve().parent.parent
TEXT = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
PACKAGES = ["carbon", "carbon/scenario", "report", "report/document", "report/render",
            "report/publishing", "app", "cli", "web", "web/views", "."]


def test_every_module_named_exists():
    for name in sorted(set(re.findall(r"[\w/]+\.py", TEXT))):
        if "/" in name:
            assert (ROOT / name).exists(), name
        else:
            assert any((ROOT / pkg / name).exists() for pkg in PACKAGES), name


def test_every_application_function_named_is_exported():
    block = TEXT[TEXT.index("app/  organisation.py"):TEXT.index("cli/  footprint.py")]
    names = re.findall(r"\b([a-z_]+)\b(?=,|\s{2,}|\s*\(|\s*$)", block, flags=re.M)
    functions = {n for n in names if n in app.__all__}
    assert {"load", "footprint", "progress", "trace", "run_scenario", "compare_scenarios",
            "indicators", "sitoumus_export", "disclosure", "build_report"} <= functions
