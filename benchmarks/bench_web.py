"""Benchmark of the browser workbench: a lever change on the scenario page, timed end to end
against the real server (`build.py serve` in its own process), as the page's script sends it.

Target from issue 13: under 300 ms per change on the example, including the 10,000-draw Monte
Carlo. Each change posts the whole form of the ambitious scenario (eight levers) with one share
moved, and waits for the results fragment (projection, target checks with probabilities,
the uncertainty band, waterfalls, charts). The first request (reading the data, building the scenario
context, now done when the server starts) is timed apart.

    python benchmarks/bench_web.py [--changes 40]
"""
from __future__ import annotations

import argparse
import http.client
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from web.forms import form_fields, form_from_doc  # noqa: E402

SCENARIO = ROOT / "examples" / "migri" / "scenarios" / "ambitious.yaml"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(port: int, method: str, path: str, body: dict | None = None) -> tuple[int, bytes, float]:
    data = urllib.parse.urlencode(body or {}).encode()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    started = time.perf_counter()
    headers = {"Content-Type": "application/x-www-form-urlencoded"} if body is not None else {}
    conn.request(method, path, body=data if body is not None else None, headers=headers)
    response = conn.getresponse()
    payload = response.read()
    conn.close()
    return response.status, payload, (time.perf_counter() - started) * 1000.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=40)
    args = parser.parse_args()
    port = free_port()
    server = subprocess.Popen([sys.executable, "build.py", "serve", "--port", str(port), "--no-token",
                               "--out", str(ROOT / "out")], cwd=ROOT, stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, text=True)
    try:
        print(server.stdout.readline().strip())
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
                break
            except OSError:
                time.sleep(0.1)
        status, _, first = request(port, "GET", "/scenario?file=ambitious.yaml")
        assert status == 200, status
        print(f"first scenario page (the data was read at start): {first:.0f} ms")
        fields = form_fields(form_from_doc(yaml.safe_load(SCENARIO.read_text("utf-8")), "fi"))
        share = "p-4-share"   # remote_work: the share moves on every change
        times = []
        for i in range(args.changes):
            fields[share] = f"2023: {10 + i}; 2027: {40 + i}"
            status, body, ms = request(port, "POST", "/scenario/results", fields)
            assert status == 200 and b'id="yearly"' in body, body[:300]
            times.append(ms)
        times.sort()
        p90 = times[int(0.9 * (len(times) - 1))]
        print(f"lever change, results fragment ({args.changes} changes, 10,000 draws): "
              f"median {statistics.median(times):.0f} ms, p90 {p90:.0f} ms, max {times[-1]:.0f} ms "
              f"(target < 300 ms)")
        page = []
        for i in range(10):
            fields[share] = f"2023: {20 + i}; 2027: {50 + i}"
            page.append(request(port, "POST", "/scenario", fields)[2])
        print(f"lever change without the script (whole page, 10 changes): "
              f"median {statistics.median(page):.0f} ms")
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
