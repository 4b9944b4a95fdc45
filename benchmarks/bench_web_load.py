"""Load benchmark of the browser workbench: many users at once against the real server
(`build.py serve`, waitress, in its own process) on loopback.

Two endpoints: the overview (`GET /?lang=fi`) and a scenario recalculation (`POST
/scenario/results` with the whole ambitious form, a share moved on every request, 10,000
draws). At 1, 8 and 32 concurrent clients (threads, one keep-alive connection each) every
client sends a bounded number of requests; printed: requests/s, its ratio to one client's,
p50/p95/p99 latency, errors (anything but a 200 with the expected content) and the RSS of the
server with its worker processes before and after. The reference is the machine's ceiling: a
trivial request through the same server and checks (`GET /static/workbench.css`), printed
first with its own ratio, and the load average at the start and the end.
Targets from issue 24: 8 clients at least 1.5x the throughput of one, p99 at 32 clients under
1 s; a second after the bursts the RSS is back near its level after the warm-up. The client
shares the machine's cores with the server, so the figures are indicative.

    python benchmarks/bench_web_load.py [--requests 64]
"""
from __future__ import annotations

import argparse
import http.client
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from web.forms import form_fields, form_from_doc  # noqa: E402

SCENARIO = ROOT / "examples" / "migri" / "scenarios" / "ambitious.yaml"
CLIENTS = (1, 8, 32)


def free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid: int) -> float:
    """The resident memory of a process and its children in MB (Linux; 0 elsewhere)."""
    total = 0.0
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1]) / 1024
        for task in Path(f"/proc/{pid}/task").iterdir():
            for child in (task / "children").read_text().split():
                total += rss_mb(int(child))
    except OSError:
        pass
    return total


def load() -> str:
    """The machine's load average over 1, 5 and 15 minutes (Linux; '' elsewhere)."""
    try:
        return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return ""


def session_of(conn: http.client.HTTPConnection) -> tuple[str, str]:
    """The session cookie and CSRF token of the scenario page's form."""
    conn.request("GET", "/scenario?lang=fi")
    response = conn.getresponse()
    html = response.read().decode("utf-8")
    cookie = "; ".join(v.split(";", 1)[0] for k, v in response.getheaders() if k == "Set-Cookie")
    return cookie, re.search(r'name="csrf_token" value="([0-9a-f]+)"', html).group(1)


def client(port: int, endpoint: str, count: int, offset: int, fields: dict,
           times: list[float], errors: list[int]) -> None:
    """One user: `count` requests on one keep-alive connection, each timed (a recalculation
    posts the session's CSRF token, as the page does; fetching it is not timed)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    cookie, token = session_of(conn) if endpoint == "recalculation" else ("", "")
    for i in range(count):
        started = time.perf_counter()
        try:
            if endpoint == "overview":
                conn.request("GET", "/?lang=fi")
                want = b"<h1"
            elif endpoint == "reference":
                conn.request("GET", "/static/workbench.css")
                want = b"{"
            else:
                body = dict(fields, **{"p-4-share": f"2023: {10 + (offset + i) % 50}; 2027: 60",
                                       "csrf_token": token})
                conn.request("POST", "/scenario/results?lang=fi", urllib.parse.urlencode(body),
                             {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie})
                want = b'id="summary"'
            response = conn.getresponse()
            payload = response.read()
            ok = response.status == 200 and want in payload
        except (OSError, http.client.HTTPException):
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            ok = False
        times.append((time.perf_counter() - started) * 1000.0)
        if not ok:
            errors.append(1)
    conn.close()


def pct(sorted_ms: list[float], q: float) -> float:
    """The q-quantile of sorted figures (nearest rank)."""
    return sorted_ms[min(len(sorted_ms) - 1, int(round(q * (len(sorted_ms) - 1))))]


def row(port: int, pid: int, endpoint: str, clients: int, total: int, fields: dict,
        one: float | None = None) -> float:
    """One line of the table: `clients` users sending `total` requests between them; the
    requests/s (`one`: one client's, for the ratio)."""
    per = max(2, total // clients)
    times: list[float] = []
    errors: list[int] = []
    before = rss_mb(pid)
    threads = [threading.Thread(target=client, args=(port, endpoint, per, k * per, fields,
                                                     times, errors)) for k in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    times.sort()
    rate = len(times) / wall
    ratio = f"{rate / one:.2f}x" if one else ""
    print(f"{endpoint:<16}{clients:>4}{len(times):>6}{rate:>9.1f}{ratio:>7}"
          f"{pct(times, .5):>9.0f}{pct(times, .95):>9.0f}{pct(times, .99):>9.0f}{len(errors):>7}"
          f"   {before:.0f} → {rss_mb(pid):.0f} MB", flush=True)
    return rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=64, help="requests per row (bounded)")
    args = parser.parse_args()
    port = free_port()
    print(load())
    server = subprocess.Popen([sys.executable, "build.py", "serve", "--port", str(port),
                               "--no-token", "--out", str(ROOT / "out")], cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        print(server.stdout.readline().strip())
        for _ in range(300):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
                break
            except OSError:
                time.sleep(0.1)
        fields = form_fields(form_from_doc(yaml.safe_load(SCENARIO.read_text("utf-8")), "fi"))
        print("warm-up (not a result):")
        for endpoint in ("reference", "overview", "recalculation"):
            row(port, server.pid, endpoint, 8, 16, fields)
        print(load())
        level = rss_mb(server.pid)
        print(f"{'endpoint':<16}{'cl':>4}{'n':>6}{'req/s':>9}{'ratio':>7}{'p50 ms':>9}"
              f"{'p95 ms':>9}{'p99 ms':>9}{'errors':>7}   server RSS")
        for endpoint in ("reference", "overview", "recalculation"):
            one = None
            for clients in CLIENTS:
                requests = args.requests * (8 if endpoint == "reference" else 1)
                rate = row(port, server.pid, endpoint, clients, requests, fields, one)
                one = one or rate
        time.sleep(1.0)
        print(f"RSS after the warm-up {level:.0f} MB, a second after the bursts "
              f"{rss_mb(server.pid):.0f} MB; {load()}")
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
