"""The workbench's application object: the organisation, its loaded data and scenario context,
the folders the server may read and write, and the report builds running in the background.

Every page asks this object; it calls only the application layer (`app`) and keeps what is slow
to make (the loaded inputs, the scenario context with its Monte Carlo multipliers) so that a
lever change costs only the projection.
"""
from __future__ import annotations

import contextlib
import re
import secrets
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import app
from carbon.errors import InputError, VastuuError
from carbon.yamlfile import read_mapping

from .text import user_message

#: a scenario file name the workbench writes or opens: letters, digits, - and _, then .yaml
FILE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,79}\.ya?ml$")


@dataclass
class ReportBuild:
    """One background report build: its state (running, done, failed), when it started and
    ended, what it wrote and the message of a failure."""

    lang: str
    year: int | None
    expected: float = 5.0      # seconds the build is expected to take (the last one's, else 5)
    state: str = "running"
    started: float = field(default_factory=time.monotonic)
    ended: float | None = None
    files: dict[str, str] = field(default_factory=dict)   # kind (pdf, html) -> name under out/
    pages: int = 0
    error: str = ""

    @property
    def elapsed(self) -> float:
        """Seconds since the build started (until it ended)."""
        return (self.ended or time.monotonic()) - self.started

    @property
    def progress(self) -> float:
        """How far the build is, 0–1, from the time the last build took (at most 0.95 until
        it has ended)."""
        return 1.0 if self.state != "running" else min(self.elapsed / self.expected, 0.95)


class Workbench:
    """One organisation served: its settings file, the output folder and the cached data."""

    def __init__(self, org_file: str | Path, out_dir: str | Path = "out", *,
                 token: str | None = None, secret_key: bytes | None = None) -> None:
        self.org_file = Path(org_file).resolve()
        self.out_dir = Path(out_dir).resolve()
        self.token = token
        # signs the session cookie (and so the CSRF token): one key for the server and its worker
        # processes, new each time the server starts
        self.secret_key = secret_key or secrets.token_bytes(32)
        # the data is read and the context made once, under this lock; afterwards requests only
        # read them, so pages and scenario runs go on in parallel (no global lock)
        self._load_lock = threading.RLock()
        self.lock = contextlib.nullcontext()   # kept for the views: reading needs no lock
        self._inputs = None
        self._context = None
        self._memo: dict[tuple, Any] = {}   # pages' computed parts for this load (see `memo`)
        self.generation = 0                 # how many times the data was reloaded (web.pool)
        self.build: ReportBuild | None = None

    # -- data --------------------------------------------------------------------------------
    @property
    def inputs(self):
        """The organisation's inputs, read and validated once (app.load)."""
        if self._inputs is None:
            with self._load_lock:
                if self._inputs is None:
                    self._inputs = app.load(self.org_file)
        return self._inputs

    @property
    def context(self):
        """The scenario context shared by every scenario run (app.scenario_context)."""
        context = self._context
        if context is None:
            with self._load_lock:
                if self._context is None:
                    self._context = app.scenario_context(self.inputs)
                context = self._context
        return context

    def memo(self, key: tuple, make: Callable[[], Any]) -> Any:
        """What `make` computes from the loaded data, once per load (forgotten on `reload`):
        a page's parts that depend only on the inputs, the language and the year. Bounded by
        the keys the pages use (checked years x languages); made under the load lock so that
        a burst of first requests computes it once."""
        try:
            return self._memo[key]
        except KeyError:
            pass
        with self._load_lock:
            if key not in self._memo:
                self._memo[key] = make()
            return self._memo[key]

    @property
    def org_dir(self) -> Path:
        """The organisation's folder (the settings file's folder)."""
        return self.org_file.parent

    @property
    def scenario_dir(self) -> Path:
        """Where the organisation's scenario files are: `scenarios/` beside its settings."""
        return self.org_dir / "scenarios"

    def scenario_files(self) -> list[str]:
        """The names of the organisation's scenario files, sorted."""
        if not self.scenario_dir.is_dir():
            return []
        return sorted(p.name for p in self.scenario_dir.iterdir()
                      if p.is_file() and FILE_NAME.match(p.name))

    def scenario_path(self, name: str) -> Path:
        """The path of one of the organisation's scenario files, by name; a name that is not a
        plain file name in the folder is an InputError (nothing outside the folder is read)."""
        if not FILE_NAME.match(name or ""):
            raise InputError(str(self.scenario_dir), f"{name!r} is not a scenario file name "
                             "(letters, digits, - and _, ending in .yaml)", key="file",
                             code="scenario_file_name", params={"value": repr(name)})
        path = self.scenario_dir / name
        if path.resolve().parent != self.scenario_dir.resolve():
            raise InputError(str(self.scenario_dir), f"{name!r} is outside the scenario folder",
                             key="file", code="scenario_file_outside", params={"value": repr(name)})
        return path

    def open_scenario(self, name: str) -> dict[str, Any]:
        """The mapping one of the organisation's scenario files holds (YAML safe loader; a
        file that is not there or not a mapping is an InputError naming it)."""
        path = self.scenario_path(name)
        if not path.is_file():
            raise InputError(str(path), "no such scenario file", key="file",
                             code="scenario_file_not_found")
        return read_mapping(path, "scenario file")

    def reload(self) -> None:
        """Forget the loaded data (after the organisation's files were edited); the next page
        reads them again, with the same checks."""
        with self._load_lock:
            self._inputs = self._context = None
            self._memo = {}
            self.generation += 1

    # -- scenarios ---------------------------------------------------------------------------
    def run_doc(self, doc: dict[str, Any], name: str, lang: str):
        """A scenario mapping projected with the shared context (app.run_scenario_doc)."""
        return app.run_scenario_doc(self.context, doc, name, lang=lang)

    def run_file(self, name: str, lang: str):
        """One of the organisation's scenario files projected (app.run_scenario)."""
        path = self.scenario_path(name)
        return app.run_scenario(self.context, path, lang=lang)

    def save_scenario(self, name: str, text: str, overwrite: bool) -> Path:
        """Write a scenario file into the organisation's scenario folder; an existing file is
        replaced only when `overwrite` is given (else FileExistsError)."""
        path = self.scenario_path(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        mode = "w" if overwrite else "x"
        with open(path, mode, encoding="utf-8") as fh:
            fh.write(text)
        return path

    # -- report ------------------------------------------------------------------------------
    def start_report(self, lang: str, year: int | None = None) -> ReportBuild:
        """Start building the report in a background thread (one at a time); returns the build."""
        with self._load_lock:
            last = self.build
            if last is not None and last.state == "running":
                return last
            expected = last.elapsed if last is not None and last.state == "done" else 5.0
            self.build = build = ReportBuild(lang=lang, year=year, expected=expected)
        threading.Thread(target=self._build_report, args=(build,), daemon=True).start()
        return build

    def _build_report(self, build: ReportBuild) -> None:
        try:
            result = app.build_report(self.org_file, build.year, self.out_dir, build.lang)
            build.files = {"pdf": result.pdf.name, "html": result.html.name}
            build.pages, build.year, build.state = result.pages, result.year, "done"
        except VastuuError as exc:
            build.error, build.state = user_message(exc, build.lang), "failed"
        except Exception as exc:  # noqa: BLE001 - a failed build is shown, never lost in a thread
            build.error, build.state = f"{type(exc).__name__}: {exc}", "failed"
        finally:
            build.ended = time.monotonic()

    def export_dir(self) -> Path:
        """The folder under out/ the workbench writes its downloads into."""
        path = self.out_dir / "workbench"
        path.mkdir(parents=True, exist_ok=True)
        return path
