"""A progress bar on the terminal for long work: shown on standard error when it is a
terminal, and not at all otherwise (a pipe, a file, CI)."""
from __future__ import annotations

import sys
from typing import Callable

import click


class ProgressBar:
    """`bar(done, total)` moves the bar; `close()` ends its line. Created by `terminal_bar`."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.bar = None
        self.done = 0

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            self.bar = click.progressbar(length=total, label=self.label, file=sys.stderr)
            self.bar.__enter__()
        if done > self.done:
            self.bar.update(done - self.done)
            self.done = done

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


def terminal_bar(label: str) -> ProgressBar | None:
    """A progress bar when standard error is a terminal, else None (nothing printed)."""
    return ProgressBar(label) if sys.stderr.isatty() else None


def close(bar: Callable[[int, int], None] | None) -> None:
    """End the bar's line, if there is a bar."""
    if isinstance(bar, ProgressBar):
        bar.close()
