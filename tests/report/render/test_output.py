"""The PDF worker process: charts drawn and HTML rendered on request, and failures reported as
clear errors instead of hanging or leaving files behind."""
from __future__ import annotations

import pytest

from carbon.errors import VastuuError
from report.render.charts import chart_url
from report.render import output, timing
from report.render.output import PdfWorker, write_atomic

BY_SOURCE = {"kind": "by_source", "data": {
    "lang": "fi", "strings": {"axis": "tCO2e"}, "names": ["Sähkö", "Lennot"],
    "tco2e": [10.0, 5.0], "share_pct": [66.7, 33.3], "scopes": [2, 3],
    "scope_names": {"1": "Luokka 1", "2": "Luokka 2", "3": "Luokka 3"},
    "style": {"font_family": "DejaVu Sans", "font_size": 9, "width_in": 6.3,
              "grid_colour": "#d0d0d0", "by_source": {"bar_height": 0.32, "min_height_in": 2.4,
                                                      "value_label_size": 8,
                                                      "scope_colours": {"1": "#b35806",
                                                                        "2": "#8073ac",
                                                                        "3": "#1f4e79"}}}}}


def page(body: str) -> str:
    return (f'<html lang="fi"><head><title>Koe</title></head><body>{body}</body></html>')


def test_worker_draws_charts_and_renders_html_that_shows_them():
    with PdfWorker() as worker:
        worker.draw_charts({"sources": BY_SOURCE})
        pdf, pages = worker.render(page(f'<p>Kuva</p><img src="{chart_url("sources")}" alt="x">'))
    assert pdf.startswith(b"%PDF") and pages == 1
    assert worker.svgs["sources"].lstrip().startswith(b"<?xml")
    assert b"Lennot" in worker.svgs["sources"]
    # the worker's stage marks come back with the PDF, for the build timeline
    worker_stages = [stage for _, process, stage in timing.marks() if process == "worker"]
    assert worker_stages[-4:] == ["HTML received", "layout", "PDF written", "PDF/UA fixes"]


def test_unknown_chart_kind_is_a_clear_error():
    with PdfWorker() as worker:
        worker.draw_charts({"x": {"kind": "pie", "data": {}}})
        with pytest.raises(VastuuError, match="unknown chart kind 'pie'"):
            worker.render(page("<p>x</p>"))


def test_html_naming_a_chart_that_was_not_drawn_stops_the_render():
    with PdfWorker() as worker:
        with pytest.raises(VastuuError, match="no chart 'missing' was drawn"):
            worker.render(page(f'<img src="{chart_url("missing")}" alt="x">'))


def test_a_worker_that_does_not_answer_in_time_is_stopped_with_an_error(monkeypatch):
    monkeypatch.setattr(output, "ANSWER_TIMEOUT_S", 0.01)  # it is still importing WeasyPrint
    with PdfWorker() as worker:
        with pytest.raises(VastuuError, match="no answer in 0.01 s"):
            worker.render(page("<p>x</p>"))
        assert worker._proc.poll() is not None  # the worker was stopped, not left running


def test_write_atomic_leaves_no_temporary_file(tmp_path):
    target = write_atomic(tmp_path / "out" / "a.pdf", b"%PDF-1.7")
    assert target.read_bytes() == b"%PDF-1.7"
    assert [p.name for p in target.parent.iterdir()] == ["a.pdf"]
