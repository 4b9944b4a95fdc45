"""Many users at once (issue 24, point 4): the overview's parts made once per load, language
and year and forgotten on reload; the Python-heavy requests answered by worker processes
with the same answer as the server's own, the rest kept in the server's process."""
from __future__ import annotations

from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool

import pytest
from werkzeug.test import Client

import app
from web import pool
from web.server import create_app
from web.workbench import Workbench

from tests.web.conftest import EXAMPLE_ORG


@pytest.fixture()
def workbench(tmp_path) -> Workbench:
    """A fresh workbench over the bundled example."""
    return Workbench(EXAMPLE_ORG, tmp_path / "out")


def test_overview_parts_made_once_per_load_language_and_year(workbench, monkeypatch):
    calls: list[tuple] = []
    real = app.footprint

    def counted(inputs, year=None, lang="fi", **kw):
        calls.append((year, lang))
        return real(inputs, year, lang, **kw)

    monkeypatch.setattr(app, "footprint", counted)
    client = create_app(workbench).test_client()
    first = client.get("/?lang=fi")
    again = client.get("/?lang=fi")
    assert first.status_code == again.status_code == 200
    assert first.data == again.data and len(calls) == 1
    client.get("/?lang=sv")
    year = min(y for y in workbench.inputs.years if y > workbench.inputs.org.base_year)
    client.get(f"/?lang=fi&year={year}")
    assert len(calls) == 3
    assert client.post("/reload", headers={"Origin": "http://localhost"}).status_code == 303
    assert client.get("/?lang=fi").status_code == 200 and len(calls) == 4


def test_reload_counts_generations(workbench):
    before = workbench.generation
    workbench.reload()
    assert workbench.generation == before + 1


@pytest.mark.parametrize("route, pooled", [
    ("GET /", True), ("POST /scenario/results", True), ("POST /scenario", True),
    ("GET /scenario", True), ("POST /scenario/download/yearly", True),
    ("POST /scenario/save", False), ("POST /reload", False), ("GET /report", False),
    ("POST /report/build", False), ("GET /static/workbench.css", False), ("GET /trace", False),
    ("POST /scenario/download/../x", False)])
def test_pooled_routes_only_read(route, pooled):
    assert bool(pool.POOLED.match(route)) is pooled


def same_page(html: bytes) -> bytes:
    """A page without its session's CSRF token (new for each session)."""
    import re
    masked, n = re.subn(rb'name="csrf_token" value="[0-9a-f]+"', b'name="csrf_token" value=""', html)
    assert n, "the page has a form with its CSRF token"
    return masked


def test_worker_answers_as_the_server_does(workbench):
    web = create_app(workbench)
    pooled = pool.PooledApp(web, workbench, 1)
    try:
        here = web.test_client().get("/?lang=sv")
        there = Client(pooled).get("/?lang=sv")
        assert there.status_code == here.status_code == 200
        assert same_page(there.data) == same_page(here.data)
        assert there.headers["Content-Security-Policy"] == here.headers["Content-Security-Policy"]
        workbench.reload()                 # the worker reads the data again, same answer
        assert same_page(Client(pooled).get("/?lang=sv").data) == same_page(here.data)
    finally:
        pooled.close()


class _Broken:
    """A pool whose worker died."""

    def submit(self, *args, **kwargs) -> Future:
        future: Future = Future()
        future.set_exception(BrokenProcessPool("a worker died"))
        return future


def test_a_dead_worker_loses_no_request(workbench):
    web = create_app(workbench)
    pooled = pool.PooledApp(web, workbench, 0)
    pooled.workers, pooled._pool = 1, _Broken()
    answer = Client(pooled).get("/?lang=fi")
    assert answer.status_code == 200 and b"<h1" in answer.data
    assert pooled._pool is None            # a new pool is made for the next request


def test_one_core_no_workers(monkeypatch):
    monkeypatch.setattr(pool.os, "cpu_count", lambda: 1)
    assert pool.worker_count() == 0
    monkeypatch.setattr(pool.os, "cpu_count", lambda: 4)
    assert pool.worker_count() == 4


def session_of(conn, path: str) -> tuple[str, str]:
    """The session cookie and CSRF token a page's form carries."""
    import re
    conn.request("GET", path)
    response = conn.getresponse()
    html = response.read().decode("utf-8")
    cookie = "; ".join(v.split(";", 1)[0] for k, v in response.getheaders() if k == "Set-Cookie")
    return cookie, re.search(r'name="csrf_token" value="([0-9a-f]+)"', html).group(1)


def test_the_real_server_sends_pages_to_its_workers_and_stops_them(tmp_path, monkeypatch):
    import http.client
    import threading
    import urllib.parse

    import yaml

    from web.forms import form_fields, form_from_doc
    from web.server import make_workbench_server
    monkeypatch.setattr(pool, "worker_count", lambda: 2)
    server = make_workbench_server(EXAMPLE_ORG, tmp_path / "out", "127.0.0.1", 0, None)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        assert isinstance(server.server.application, pool.PooledApp)
        conn = http.client.HTTPConnection("127.0.0.1", server.server_port, timeout=60)
        conn.request("GET", "/?lang=en")
        page = conn.getresponse()
        assert page.status == 200 and b"<h1" in page.read()
        # the form's session and CSRF token come from one process, the post may reach another:
        # they share the server's key, so the token holds wherever the request goes
        cookie, token = session_of(conn, "/scenario?lang=fi")
        scenario = EXAMPLE_ORG.parent / "scenarios" / "ambitious.yaml"
        fields = form_fields(form_from_doc(yaml.safe_load(scenario.read_text("utf-8")), "fi"))
        for _ in range(4):   # two workers: several posts reach both
            conn.request("POST", "/scenario/results?lang=fi",
                         urllib.parse.urlencode({**fields, "csrf_token": token}),
                         {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie})
            results = conn.getresponse()
            body = results.read()
            assert results.status == 200 and b'id="summary"' in body, body[-1500:]
        conn.request("POST", "/reload", urllib.parse.urlencode({"csrf_token": token}),
                     {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie})
        reloaded = conn.getresponse()                         # not pooled: the server's own
        reloaded.read()
        assert reloaded.status in (200, 302, 303)
        conn.request("GET", "/static/workbench.css")
        assert conn.getresponse().status == 200
        conn.close()
        workers = list(server.pooled._pool._processes.values())
        assert len(workers) == 2 and all(p.is_alive() for p in workers)
    finally:
        server.server_close()
    for process in workers:         # stopped by server_close (at most 5 s each)
        process.join(timeout=10)
    assert not any(p.is_alive() for p in workers)
