"""The build timeline: marks of both processes in time order, relative to the process start."""
from __future__ import annotations

import time

from report.render import timing


def test_timeline_merges_marks_of_both_processes_in_time_order(monkeypatch):
    monkeypatch.setattr(timing, "_marks", [])
    now = time.time()
    timing.add([(now + 0.2, "worker", "layout")])
    timing.mark("load")
    timing.add([(now - 0.1, "worker", "WeasyPrint imported")])
    lines = timing.timeline().splitlines()
    assert [line.split(None, 2)[2] for line in lines] == ["WeasyPrint imported", "load", "layout"]
    assert [line.split()[1] for line in lines] == ["worker", "main", "worker"]
    seconds = [float(line.split()[0]) for line in lines]
    assert seconds == sorted(seconds) and seconds[0] >= 0  # since this process started


def test_timeline_is_printed_only_when_asked(monkeypatch):
    monkeypatch.delenv(timing.ENV, raising=False)
    assert not timing.enabled()
    monkeypatch.setenv(timing.ENV, "1")
    assert timing.enabled()
