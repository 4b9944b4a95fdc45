"""ARCHITECTURE.md matches the code: every module it names exists, every app function it names
is exported by the application layer."""
from __future__ import annotations

import re
from pathlib import Path

import app
from tests.project_files import project_files

ROOT = Path(__file__).resolve().parent.parent
TEXT = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
PACKAGES = [str(p.parent.relative_to(ROOT)) for p in project_files("*/__init__.py")
            if "tests" not in p.parts] + ["."]


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


def test_no_flat_family_of_prefixed_modules():
    """Three or more modules of one folder sharing a prefix (scenario_*) or a suffix (*_cli)
    belong in a subpackage of their own."""
    from collections import Counter
    for folder in {p.parent for p in project_files("*/*.py") if "tests" not in p.parts
                   and "benchmarks" not in p.parts}:
        stems = [p.stem for p in project_files("*.py", folder.relative_to(ROOT).as_posix())
                 if p.parent == folder and p.stem != "__init__"]
        joined = [s for s in stems if "_" in s]
        for counts in (Counter(s.split("_")[0] for s in stems), Counter(s.split("_")[-1] for s in joined)):
            family = [k for k, n in counts.items() if n >= 3]
            assert not family, f"{folder.relative_to(ROOT)}: modules named {family[0]}_* / *_{family[0]}"
