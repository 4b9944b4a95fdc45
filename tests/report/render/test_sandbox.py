"""The chapter sandbox's bounds (report/render/sandbox.py), one template at a time: each
refusal is an InputError with its code and the chapter's line; what a chapter needs renders."""
from __future__ import annotations

import time
from pathlib import Path

import pytest

from carbon.errors import InputError
from carbon.numbers import format_number
from report.document.chapters import Chapter
from report.render.html import number_filters, render_template_body
from report.render.sandbox import limits


def render(body: str, body_line: int = 9) -> str:
    chapter = Chapter(file=Path("/content/x/01_x.md"), id="x", title="X", order=1, sdg_goals=(),
                      sdg_targets=(), kind="chapter", body=body, body_line=body_line)
    return render_template_body(chapter, {"facts": {"n": 5}}, {}, number_filters("fi", "tCO2e"))


@pytest.mark.parametrize("body, code, line", [
    ("a\n{% include '01_x.md' %}", "template_include", 2),
    ("{% extends 'x' %}", "template_include", 1),
    ("\n\n{{ 'x'|center(4000000000) }}", "template_width", 3),
    ("{{ 1.5|num(4000000000) }}", "template_width", 1),
    ("{{ [1]|batch(4000000000, 'x')|list }}", "template_width", 1),
    ("{{ '{:>4000000000}'.format(1) }}", "template_width", 1),
    ("{{ '%*d' % (4000000000, 1) }}", "template_width", 1),
    ("x\n{% for a in range(100000) %}{% endfor %}", "template_range", 2),
    ("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(1) }}", "template_too_deep", 1),
    ("{% for x in [[1]] recursive %}{{ loop([x]) }}{% endfor %}", "template_too_deep", 1),
    ("{% macro d(s, n) %}{{ d(s + s, n - 1) if n else s }}{% endmacro %}{{ d('x', 40) }}",
     "template_text_too_long", 1),
    ("{{ ('x' * 10000)|replace('', 'y' * 9000) }}", "template_text_too_long", 1),
    ("{{ [['x' * 10000] * 10000] * 10000 }}", "template_text_too_long", 1),
    ("{{ (['x' * 10000] * 10000)|join }}", "template_text_too_long", 1),
    ("{{ ''.join(['x' * 10000] * 10000) }}", "template_text_too_long", 1),
    ("{{ lipsum(4000000000) }}", "template_unknown_name", 1),
])
def test_a_chapter_past_a_bound_is_refused_with_its_line(body, code, line):
    with pytest.raises(InputError) as err:
        render(body)
    assert err.value.code == code, err.value
    assert err.value.row == 9 + line - 1, err.value
    assert err.value.file == "/content/x/01_x.md"


def test_a_loop_without_end_stops_at_the_time_limit():
    start = time.perf_counter()
    with pytest.raises(InputError) as err:
        render("x\n{% for a in range(10000) %}{% for b in range(10000) %}{% endfor %}{% endfor %}")
    elapsed = time.perf_counter() - start
    assert err.value.code == "template_too_slow" and err.value.row == 10
    assert limits()["max_seconds"] <= elapsed < limits()["max_seconds"] + 2


def test_output_is_bounded():
    with pytest.raises(InputError) as err:
        render("{% for i in range(1000) %}{{ 'x' * 10000 }}{% endfor %}")
    assert err.value.code == "template_output_too_long"
    assert err.value.params["limit"] == limits()["max_output_chars"]


def test_what_a_chapter_needs_still_renders():
    text = render("{% for y in range(2018, 2023) %}{{ y }} {% endfor %}|{{ '%5.1f'|format(2.5) }}|"
                  "{{ 'ab'|center(6) }}|{{ '{:>4}'.format(7) }}|{{ 22193000|num(0) }}|"
                  "{{ facts.n * 3 }}|{{ 'a' ~ 'b' }}|{{ 'x'|replace('x', 'yz') }}|"
                  "{{ [1, 60000]|select('gt', 50000)|join(', ') }}")
    assert text.split("|") == ["2018 2019 2020 2021 2022 ", "  2.5", "  ab  ", "   7",
                               format_number(22193000, 0, "fi"), "15", "ab", "yz", "60000"]
