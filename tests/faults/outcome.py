"""Running a fault-corpus case and asserting its exact outcome (issue 26's cases): exit code 2,
one `error:` line (`virhe:` in Finnish) naming the file, the row and column when the case gives
them, the expected words, no traceback and no file written."""
from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from tests.faults.corpus import ORG, Case

START = {"en": "error: ", "fi": "virhe: ", "sv": "fel: "}


def expected_row(case: Case, root: Path) -> int | None:
    """The row the message must name: an int, or 'find:<text>' (the line holding the text)."""
    if not isinstance(case.row, str):
        return case.row
    lines = (root / case.file).read_text(encoding="utf-8", errors="replace").splitlines()
    return next(i for i, line in enumerate(lines, 1) if case.row.partition(":")[2] in line)


def run(case: Case, root: Path, lang: str = "en", org: bool = True):
    """The case's command on the copy under `root`: '@x' arguments are paths in the copy's
    example folder; `org`: the command takes the copy's organisation (government does not)."""
    from build import cli

    base = root / "examples" / "migri"
    args = [str(base) + "/" + a[1:] if a.startswith("@") else a for a in case.command]
    extra = ["--org", str(base / ORG)] if org else []
    return CliRunner().invoke(cli, [*args, *extra, "--out", str(root / "out"), "--lang", lang])


def assert_refused(case: Case, root: Path, result, lang: str = "en") -> str:
    """The exact outcome of an error case; returns the message."""
    output = result.output
    assert "Traceback" not in output, output
    assert result.exit_code == 2, (result.exit_code, output, result.exception)
    assert isinstance(result.exception, SystemExit), result.exception
    lines = output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(START[lang]), output
    message = lines[0]
    assert str(root / case.file) in message or str((root / case.file).resolve()) in message, \
        (case.file, message)
    row = expected_row(case, root)
    if row is not None:
        assert f", {'rivi' if lang == 'fi' else 'row'} {row}" in message, (row, message)
    else:
        assert ", row " not in message and ", rivi " not in message, message
    if case.column is not None:
        word = "sarake" if lang == "fi" else "column"
        assert f"{word} '{case.column}'" in message, message
    for text in case.contains if lang == "en" else ():   # the case's words are English
        assert text in message, (text, message)
    assert message.isprintable() and len(message) < 600, message   # no binary, no dump
    out = root / "out"
    left = [p for p in out.rglob("*") if p.is_file()] if out.exists() else []
    assert not left, left
    return message
