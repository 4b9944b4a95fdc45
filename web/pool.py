"""Worker processes for the pages whose work is Python: the overview and the scenario
recalculation (pandas, the Monte Carlo summary, Jinja). Python runs one thread at a time
per process (the GIL), so threads alone keep a busy workbench on one core; these requests
are answered instead by a pool of processes, one per core, each with the same application
over its own copy of the organisation's data. Everything else (report builds and their
progress, saving, the other pages) stays in the server's process, where the state is.

The pool spawns its processes (the same start method on Linux and Windows, no fork of a
threaded server); a worker reads the data again when the server's was reloaded (the load
generation travels with each request). A worker that dies is replaced and its request
answered in the server's own process, so nothing is lost.
"""
from __future__ import annotations

import io
import multiprocessing
import os
import re
import sys
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.connection import wait
from typing import Any, Callable, Iterable

#: (method, path) of the requests the workers answer: the overview, the scenario page and
#: its recalculation and downloads (they only read the organisation's files)
POOLED = re.compile(r"^(GET /|GET /scenario|POST /scenario|POST /scenario/results|"
                    r"POST /scenario/download/[A-Za-z0-9_]+)$")

#: numerical libraries' own threads in a worker: one (the pool already uses every core)
ONE_THREAD = {name: "1" for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS",
                                     "MKL_NUM_THREADS")}

_worker: dict[str, Any] = {}   # in a worker process: its workbench, application and generation


def worker_count() -> int:
    """Worker processes for this machine: one per core (none on a single core)."""
    cores = os.cpu_count() or 1
    return cores if cores > 1 else 0


def _start(org_file: str, out_dir: str, token: str | None, generation: int,
           secret_key: bytes | None = None, access: dict[str, Any] | None = None) -> None:
    """A worker's start: the application over its own workbench, the data read now, with the
    server's session key and access settings (so its sessions and CSRF tokens hold here too)."""
    from .access import AccessConfig
    from .server import create_app
    from .workbench import Workbench
    threading.Thread(target=_follow_server, daemon=True).start()
    workbench = Workbench(org_file, out_dir, token=token, secret_key=secret_key)
    try:
        workbench.context  # noqa: B018 - read the data and make the scenario context now
    except Exception:      # noqa: BLE001 - bad data: each request shows its message
        workbench.reload()
    config = AccessConfig(**access) if access is not None else None
    _worker.update(workbench=workbench, app=create_app(workbench, config), generation=generation)


def _follow_server() -> None:
    """End this worker when the server's process ends, however it ended (killed too)."""
    parent = multiprocessing.parent_process()
    if parent is not None:
        wait([parent.sentinel])
        os._exit(0)


def _ready() -> bool:
    """Nothing: lets the pool start its processes before the first user's request."""
    return True


def _answer(generation: int, environ: dict[str, Any], body: bytes) -> tuple[str, list, bytes]:
    """One request answered in a worker: status, headers and body."""
    if generation != _worker["generation"]:
        _worker["workbench"].reload()
        _worker["generation"] = generation
    return _call(_worker["app"], environ, body)


def _call(app: Callable, environ: dict[str, Any], body: bytes) -> tuple[str, list, bytes]:
    """A WSGI application called with a body already read; its whole answer."""
    environ = dict(environ, **{"wsgi.input": io.BytesIO(body), "wsgi.errors": sys.stderr})
    answer: dict[str, Any] = {}

    def start_response(status: str, headers: list, exc_info: Any = None) -> Callable:
        answer.update(status=status, headers=list(headers))
        return lambda data: None

    chunks = app(environ, start_response)
    try:
        data = b"".join(chunks)
    finally:
        getattr(chunks, "close", lambda: None)()
    return answer["status"], answer["headers"], data


def _plain(environ: dict[str, Any]) -> dict[str, Any]:
    """The request's WSGI environment without the server's objects (they stay here)."""
    return {k: v for k, v in environ.items()
            if isinstance(v, (str, int, float, bool)) or k == "wsgi.version"}


class PooledApp:
    """The workbench's WSGI application with its Python-heavy requests sent to the pool."""

    def __init__(self, app: Callable, workbench: Any, workers: int, access: Any = None) -> None:
        self.app, self.workbench, self.workers = app, workbench, workers
        self.access = access.portable() if access is not None else None
        self._lock = threading.Lock()
        self._pool: ProcessPoolExecutor | None = None
        if workers:
            pool = self.pool()
            for _ in range(workers):
                pool.submit(_ready)

    def pool(self) -> ProcessPoolExecutor:
        """The pool (made again after a worker died)."""
        with self._lock:
            if self._pool is None:
                os.environ.update(ONE_THREAD)    # inherited by the spawned workers
                wb = self.workbench
                self._pool = ProcessPoolExecutor(
                    self.workers, mp_context=multiprocessing.get_context("spawn"),
                    initializer=_start,
                    initargs=(str(wb.org_file), str(wb.out_dir), wb.token, wb.generation,
                              wb.secret_key, self.access))
            return self._pool

    def __call__(self, environ: dict[str, Any], start_response: Callable) -> Iterable[bytes]:
        route = f"{environ.get('REQUEST_METHOD', '')} {environ.get('PATH_INFO', '')}"
        if not self.workers or not POOLED.match(route):
            return self.app(environ, start_response)
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        body = environ["wsgi.input"].read(length) if length > 0 else b""
        plain = _plain(environ)
        pool = self.pool()
        try:
            status, headers, data = pool.submit(
                _answer, self.workbench.generation, plain, body).result()
        except BrokenProcessPool:       # a worker died: a new pool; this request answered here
            with self._lock:
                if self._pool is pool:
                    self._pool = None
            status, headers, data = _call(self.app, plain, body)
        start_response(status, headers)
        return [data]

    def close(self) -> None:
        """Stop the workers (the server is closing)."""
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is None:
            return
        workers = list((getattr(pool, "_processes", None) or {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for process in workers:     # they only read: one still starting or busy is stopped
            process.join(timeout=5)
            if process.is_alive():
                process.terminate()
                process.join(timeout=5)
            if process.is_alive():  # SIGTERM not acted on (seen once on a loaded machine)
                process.kill()
                process.join(timeout=5)

