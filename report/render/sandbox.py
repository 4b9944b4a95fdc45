"""The sandbox chapters render in: Jinja's immutable sandbox, bounded so that no chapter can
exhaust the machine or hang the build (issue 26). A chapter may not include, import or extend
other templates; rendering one chapter is limited in time, in the size of its output and of
every text it builds, and in the widths, ranges, exponents and repetitions it asks for (limits
in sandbox.yaml). Each refusal is a `RenderLimit` (or Jinja's SecurityError) that
report/render/html.py turns into an InputError naming the chapter and the line."""
from __future__ import annotations

import functools
import re
import sys
import time
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable

from jinja2 import nodes
from jinja2.compiler import CodeGenerator
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import _PassArg

from carbon.yamlfile import read_mapping

LIMITS_FILE = Path(__file__).with_name("sandbox.yaml")
#: Tags that would read another template (each is refused, naming its line).
OTHER_TEMPLATES = {nodes.Include: "include", nodes.Import: "import",
                   nodes.FromImport: "from ... import", nodes.Extends: "extends"}
#: Methods of text whose integer arguments are widths or counts (checked against max_width).
_WIDTH_METHODS = {"center", "ljust", "rjust", "zfill", "expandtabs"}
#: Filters whose parameters are widths, counts or decimals (the built-in ones and the report's
#: number filters); other filters' numbers are data (`select('gt', 50000)`).
_WIDTH_FILTERS = {"center", "indent", "wordwrap", "truncate", "batch", "slice", "round",
                  "filesizeformat", "num", "tco2e", "pct"}
#: The width and precision of a %-format ('%10.2f'; '*' takes them from the values).
_PERCENT_SPEC = re.compile(r"%[-+ #0]*(\*|\d+)?(?:\.(\*|\d+))?")
#: The format spec of a {}-format field ('{:>10}'; a nested field takes it from the values).
_BRACE_SPEC = re.compile(r"\{[^{}]*?:([^{}]*)(\{?)")


@lru_cache(maxsize=None)
def limits() -> dict[str, float]:
    """The bounds of a chapter's rendering (report/render/sandbox.yaml)."""
    return read_mapping(LIMITS_FILE, "sandbox limits file")


class RenderLimit(Exception):
    """A chapter asked for more than a bound allows: `code` and `params` name the message in
    carbon/messages.yaml, `message` is the English text."""

    def __init__(self, message: str, code: str, **params: Any) -> None:
        super().__init__(message)
        self.message, self.code, self.params = message, code, params
        self.fallback_line: int | None = None   # the line last run, when no other is known


def _too_long(length: int) -> RenderLimit:
    limit = int(limits()["max_text_chars"])
    return RenderLimit(f"the chapter builds a text or list of {length} characters or items, "
                       f"more than the {limit} a chapter may", "template_text_too_long",
                       length=length, limit=limit)


def weight(value: Any, limit: int | None = None) -> int:
    """The characters and items a text or (nested) list holds, as its text would show them:
    counted once per distinct object, so that a list of ten thousand references to one long
    text weighs what it prints; counting stops past `limit` (default max_text_chars)."""
    limit = int(limits()["max_text_chars"]) if limit is None else limit
    memo: dict[int, int] = {}

    def count(obj: Any) -> int:
        if isinstance(obj, str):
            return len(obj)
        if not isinstance(obj, (list, tuple)):
            return 1
        if id(obj) in memo:
            return memo[id(obj)]
        total = len(obj)
        for item in obj:
            total += count(item)
            if total > limit:
                break
        memo[id(obj)] = total
        return total
    return count(value)


def _check_size(value: Any) -> Any:
    """The value itself, unless it is a text or list weighing more than max_text_chars."""
    if isinstance(value, (str, list, tuple)) and (size := weight(value)) > limits()["max_text_chars"]:
        raise _too_long(size)
    return value


def _check_join(items: Any, separator: Any) -> list:
    """The items of a join as a list, unless the joined text would pass max_text_chars."""
    items = list(items)
    limit = int(limits()["max_text_chars"])
    if len(items) > limit:
        raise _too_long(len(items))
    size = sum(weight(i, limit) if isinstance(i, (str, list, tuple)) else len(str(i))
               for i in items) + max(len(items) - 1, 0) * len(str(separator))
    if size > limit:
        raise _too_long(size)
    return items


def _check_widths(args: Iterable[Any]) -> None:
    """Integer arguments (widths, counts, decimals) within max_width."""
    limit = int(limits()["max_width"])
    for arg in args:
        if isinstance(arg, int) and not isinstance(arg, bool) and abs(arg) > limit:
            raise RenderLimit(f"the width or count {arg} is larger than the {limit} a chapter may use "
                              "(or taken from the values)",
                              "template_width", value=arg, limit=limit)


def _check_format(text: Any) -> None:
    """A format string's widths and precisions within max_width (one taken from the values,
    '%*d' or '{:{}}', is refused: it could be any size)."""
    if not isinstance(text, str):
        return
    numbers = [g for m in _PERCENT_SPEC.finditer(text) for g in m.groups() if g]
    for m in _BRACE_SPEC.finditer(text):
        numbers += re.findall(r"\d+", m.group(1)) + (["*"] if m.group(2) else [])
    limit = int(limits()["max_width"])
    for number in numbers:
        if number == "*" or len(number) > 12 or int(number) > limit:
            raise RenderLimit(f"the width or count {number} is larger than the {limit} a chapter "
                              "may use (or taken from the values)", "template_width", value=number,
                              limit=limit)


def _check_replace(text: Any, old: Any, new: Any, count: Any = -1) -> None:
    """The text a replacement would give within max_text_chars (checked before it is built)."""
    if isinstance(text, str) and isinstance(old, str) and isinstance(new, str):
        times = len(text) + 1 if old == "" else text.count(old)
        if isinstance(count, int) and count >= 0:
            times = min(times, count)
        length = len(text) + times * (len(new) - len(old))
        if length > limits()["max_text_chars"]:
            raise _too_long(length)


def bounded_range(*args: int) -> range:
    """range() of at most max_range items."""
    rng = range(*args)
    limit = int(limits()["max_range"])
    if len(rng) > limit:
        raise RenderLimit(f"range() of {len(rng)} items, more than the {limit} a chapter may use",
                          "template_range", count=len(rng), limit=limit)
    return rng


def bounded_filter(name: str, function: Callable) -> Callable:
    """A filter whose parameters (not its value) are checked as widths, a format filter's
    string and a replace filter's result checked before the work, and its result's size after."""
    skip = 2 if _PassArg.from_obj(function) is not None else 1

    @functools.wraps(function)
    def bounded(*args: Any, **kwargs: Any) -> Any:
        if name in _WIDTH_FILTERS:
            _check_widths(list(args[skip:]) + list(kwargs.values()))
        if name == "format" and len(args) >= skip:
            _check_format(args[skip - 1])
        if name == "replace" and len(args) >= skip + 2:
            _check_replace(str(args[skip - 1]), *args[skip:skip + 3])
        if name == "join" and len(args) >= skip:
            separator = args[skip] if len(args) > skip else kwargs.get("d", "")
            args = (*args[:skip - 1], _check_join(args[skip - 1], separator), *args[skip:])
        return _check_size(function(*args, **kwargs))
    return bounded


class _BoundedCodeGenerator(CodeGenerator):
    """Jinja's code generator with `~` (concatenation) checked for the size of its result."""

    def visit_Concat(self, node: nodes.Concat, frame: Any) -> None:
        self.write("environment.bounded_concat(")
        super().visit_Concat(node, frame)
        self.write(")")


class ChapterSandbox(ImmutableSandboxedEnvironment):
    """Jinja's sandbox for chapters, with arithmetic, texts and calls that cannot exhaust the
    machine: a power with a large exponent, a text or list repeated or joined beyond the
    limits, a width or count beyond max_width, and a range beyond max_range are refused."""

    code_generator_class = _BoundedCodeGenerator
    intercepted_binops = frozenset(["*", "**", "+", "%"])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.globals["range"] = bounded_range
        self.globals.pop("namespace", None)   # no mutable state across loop steps
        self.globals.pop("lipsum", None)      # placeholder text of any length: no chapter's
        self.filters = {n: bounded_filter(n, f) for n, f in self.filters.items()}

    def bounded_concat(self, text: Any) -> Any:
        """The result of `~`, unless it is longer than max_text_chars."""
        return _check_size(text)

    def set_filters(self, filters: dict[str, Callable]) -> None:
        """Add filters, bounded as the built-in ones."""
        self.filters.update({n: bounded_filter(n, f) for n, f in filters.items()})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        lim = limits()
        if operator == "**" and isinstance(right, (int, float)) and abs(right) > lim["max_exponent"]:
            raise SecurityError(f"the exponent {right} is too large")
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(times, int):
                    if times * max(len(seq), 1) > lim["max_repeat"]:
                        raise SecurityError("the repetition is too long")
                    if times * weight(seq) > lim["max_text_chars"]:
                        raise _too_long(times * weight(seq))
        if operator == "%":
            _check_format(left)
        if operator == "+" and isinstance(left, (str, list, tuple)) \
                and isinstance(right, (str, list, tuple)):
            if weight(left) + weight(right) > lim["max_text_chars"]:
                raise _too_long(weight(left) + weight(right))
        return super().call_binop(context, operator, left, right)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """Jinja's sandboxed str.format, its format string's widths checked first."""
        if getattr(value, "__name__", "") in ("format", "format_map") \
                and isinstance(getattr(value, "__self__", None), str):
            _check_format(value.__self__)
        return super().wrap_str_format(value)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        owner, name = getattr(__obj, "__self__", None), getattr(__obj, "__name__", "")
        if isinstance(owner, str):
            if name in _WIDTH_METHODS:
                _check_widths(list(args) + list(kwargs.values()))
            if name == "replace" and len(args) >= 2:
                _check_replace(owner, *args[:3])
            if name == "join" and args:
                args = (_check_join(args[0], owner), *args[1:])
        return _check_size(super().call(__context, __obj, *args, **kwargs))


def refuse_other_templates(env: ChapterSandbox, source: str, filename: str) -> None:
    """A chapter that includes, imports or extends another template is refused (a template
    reading itself would recurse; any other is not a chapter's to read)."""
    tree = env.parse(source, filename, filename)
    for node in tree.find_all(tuple(OTHER_TEMPLATES)):
        tag = OTHER_TEMPLATES[type(node)]
        raise RenderLimit(f"a chapter may not use {{% {tag} %}}: it reads no other template",
                          "template_include", tag=tag, line=node.lineno)


class _Clock:
    """A deadline for the template's own code: a trace function on the chapter's frames only
    (its loops and macros) that raises RenderLimit once the time is up."""

    def __init__(self, filename: str, seconds: float) -> None:
        self.filename, self.seconds = filename, seconds
        self.deadline = time.perf_counter() + seconds
        self.steps = 0
        self.python_line = 0   # the generated code's line last run (for the message's line)
        self.stopped = False   # rendering over: the frames' own tracers do nothing more

    def check(self) -> None:
        if not self.stopped and time.perf_counter() > self.deadline:
            raise RenderLimit(f"rendering the chapter takes longer than {self.seconds:g} s",
                              "template_too_slow", seconds=f"{self.seconds:g}")

    def trace(self, frame: Any, event: str, arg: Any) -> Callable | None:
        if self.stopped or frame.f_code.co_filename != self.filename:
            return None
        self.check()
        return self.line

    def line(self, frame: Any, event: str, arg: Any) -> Callable | None:
        if self.stopped:
            return None
        self.steps += 1
        self.python_line = frame.f_lineno
        if not self.steps & 1023:
            self.check()
        return self.line


def render_bounded(template: Any, filename: str, variables: dict[str, Any]) -> str:
    """The template rendered within max_seconds and max_output_chars (RenderLimit otherwise,
    with the template line last run when the error has none of its own)."""
    lim = limits()
    clock = _Clock(filename, float(lim["max_seconds"]))
    previous = sys.gettrace()
    output = template.generate(**variables)
    sys.settrace(clock.trace)
    try:
        parts, size = [], 0
        for piece in output:
            size += len(piece)
            if size > lim["max_output_chars"]:
                raise RenderLimit(f"the chapter renders to more than {int(lim['max_output_chars'])}"
                                  " characters", "template_output_too_long",
                                  limit=int(lim["max_output_chars"]))
            clock.check()
            parts.append(piece)
        return "".join(parts)
    except RenderLimit as exc:
        if clock.python_line:
            exc.fallback_line = template.get_corresponding_lineno(clock.python_line)
        raise
    finally:
        clock.stopped = True
        sys.settrace(previous)
        output.close()
