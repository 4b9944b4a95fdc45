"""The code-scanning tests walk the project's own files: a virtual environment inside the
checkout (README's first step makes one) is not part of the project; CI runs README's command."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

from tests.project_files import ROOT, project_files


def _venv_inside(root: Path) -> None:
    for name in (".venv", "venv"):
        pkg = root / name / "lib" / "python3.11" / "site-packages" / "markdown_it"
        pkg.mkdir(parents=True)
        (pkg / "__init__.py").write_text("")
        for stem in ("parser_block", "parser_core", "parser_inline"):
            (pkg / f"{stem}.py").write_text("")


def _project(root: Path) -> None:
    (root / "carbon").mkdir(parents=True)
    (root / "carbon" / "__init__.py").write_text("")
    (root / "carbon" / "units.py").write_text("")
    (root / "build.py").write_text("")
    (root / ".gitignore").write_text((ROOT / ".gitignore").read_text(encoding="utf-8"))


def test_a_venv_in_a_git_checkout_is_not_walked(tmp_path):
    _project(tmp_path)
    _venv_inside(tmp_path)
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    found = {p.relative_to(tmp_path).as_posix() for p in project_files("*.py", root=tmp_path)}
    assert found == {"build.py", "carbon/__init__.py", "carbon/units.py"}


def test_a_venv_outside_git_is_not_walked(tmp_path):
    _project(tmp_path)
    _venv_inside(tmp_path)
    found = {p.relative_to(tmp_path).as_posix() for p in project_files("*.py", root=tmp_path)}
    assert found == {"build.py", "carbon/__init__.py", "carbon/units.py"}


def test_only_under_the_named_folder():
    found = project_files("*.py", "web")
    assert found and all(p.relative_to(ROOT).parts[0] == "web" for p in found)
    assert ROOT / "web" / "server.py" in found


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme[readme.index("## Two commands"):readme.index("## Commands")]
    commands = re.findall(r"^(python3 .+)$", block, flags=re.M)
    assert len(commands) == 2, commands
    assert "python3 -m venv .venv" in commands[1]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert commands[1] in ci.splitlines()
