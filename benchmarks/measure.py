"""Timing whole commands as a user runs them: a fresh process each time, its wall time and its
peak resident memory (from the kernel's accounting of that child), median of several runs."""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: Where generated ledgers go (big files stay out of the repository).
DATA = Path(os.environ.get("VASTUU_BENCH_DATA", Path(tempfile.gettempdir()) / "vastuu_bench"))


#: The libraries every vastuu command is built on: the benchmarks' *floor* is the DuckDB
#: reference run after importing them (`reference_duckdb.py --import`).
STACK = "pandas,pint,click,yaml"


@dataclass
class Run:
    """One process: wall seconds, peak memory in MB and what it printed."""

    seconds: float
    peak_mb: float
    stdout: str


def run(argv: list[str], cwd: Path = ROOT) -> Run:
    """Run a command to its end; raise with its error output when it fails."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=cwd, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0), err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} exited {proc.returncode}:\n{stderr}")
    return Run(seconds=seconds, peak_mb=usage.ru_maxrss / 1024, stdout=stdout)


def side_by_side(commands: dict[str, list[str]], runs: int) -> dict[str, list[Run]]:
    """Each command `runs` times, taking turns (so a slow minute of the machine hits both)."""
    results: dict[str, list[Run]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, argv in commands.items():
            results[name].append(run(argv))
    return results


def median(runs: list[Run]) -> tuple[float, float]:
    """Median seconds and the largest peak memory (MB) of the runs."""
    return statistics.median(r.seconds for r in runs), max(r.peak_mb for r in runs)


def python() -> str:
    """The interpreter that runs this benchmark (the same for the command and the reference)."""
    return sys.executable
