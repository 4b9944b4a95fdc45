"""When each stage of a report build ended, in both processes, for the benchmark.

With VASTUU_TIMINGS=1 in the environment, `build.py report` prints a timeline to stderr:
seconds since the command started, the process (main or worker) and the stage. Marks are wall
clock times, so the worker's marks (sent with its answer) line up with the main process's.
"""
from __future__ import annotations

import os
import time

ENV = "VASTUU_TIMINGS"


def _process_start() -> float:
    """Wall-clock time this process started: now minus its age, both read from the boot clock
    of Linux /proc (10 ms steps); elsewhere, now."""
    try:
        with open("/proc/self/stat", encoding="ascii") as fh:
            started = int(fh.read().rsplit(")", 1)[1].split()[19]) / os.sysconf("SC_CLK_TCK")
        with open("/proc/uptime", encoding="ascii") as fh:
            uptime = float(fh.read().split()[0])
        return time.time() - max(0.0, uptime - started)
    except (OSError, ValueError, IndexError):
        return time.time()


START = _process_start()
_marks: list[tuple[float, str, str]] = []


def enabled() -> bool:
    """Whether the timeline is asked for."""
    return bool(os.environ.get(ENV))


def mark(stage: str, process: str = "main") -> None:
    """Note that a stage ended now."""
    _marks.append((time.time(), process, stage))


def marks() -> list[tuple[float, str, str]]:
    """The marks so far (the worker sends these with its answer)."""
    return list(_marks)


def add(more: list) -> None:
    """Marks of the other process."""
    _marks.extend((float(t), str(p), str(s)) for t, p, s in more)


def timeline() -> str:
    """The marks in time order, one line each: seconds since the start, process, stage."""
    return "\n".join(f"{t - START:6.2f}  {p:<6}  {s}" for t, p, s in sorted(_marks))
