"""The architecture rule of tests/app/test_app.py, for the web front end: web/ calls the
application layer and presentation helpers only; the workbench object (and the strings module)
are the only ones that read a file, and through the project's YAML reader."""
from __future__ import annotations

import ast
from pathlib import Path

from tests.project_files import project_files

ROOT = Path(__file__).resolve().parents[2]
STDLIB = {"__future__", "urllib.parse", "contextlib", "collections.abc", "dataclasses", "functools", "hmac", "io", "ipaddress",
          "json", "logging", "math", "pathlib", "re", "secrets", "threading", "time", "typing",
          "collections", "datetime", "getpass"}
#: the worker processes of web/pool.py
STDLIB |= {"concurrent.futures", "concurrent.futures.process", "multiprocessing",
           "multiprocessing.connection", "os", "sys"}
#: what web modules may import besides the standard library and web's own modules
WEB_IMPORTS = {"app", "app.scenarios", "app.collab", "flask", "werkzeug.exceptions", "werkzeug.serving", "waitress",
               "markupsafe", "pandas", "yaml", "carbon.numbers", "carbon.errors", "carbon.messages",
               "cli.text", "flask.sessions", "werkzeug.middleware.proxy_fix"}
#: the modules that read files: the application object and the strings
READERS = {"workbench.py": {"carbon.yamlfile"}, "text.py": {"carbon.yamlfile"}}


def test_web_modules_only_call_the_application_layer():
    for path in sorted(project_files("*.py", "web")):
        allowed = WEB_IMPORTS | STDLIB | READERS.get(path.name, set())
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level == 0:
                assert node.module in allowed or node.module.startswith("web."), \
                    f"{path.name} imports {node.module}"
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    assert alias.name in allowed, f"{path.name} imports {alias.name}"
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                    and path.name not in READERS:
                assert not node.func.attr.startswith(("read_", "load_")), \
                    f"{path.relative_to(ROOT)}:{node.lineno} reads data itself ({node.func.attr})"


def test_nothing_is_executed_from_data():
    for path in sorted(project_files("*.py", "web")):
        text = path.read_text(encoding="utf-8")
        for word in ("eval(", "exec(", "yaml.load(", "pickle", "subprocess", "os.system"):
            assert word not in text, f"{path.name}: {word}"
