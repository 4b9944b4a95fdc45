"""What the pages share: the workbench object, numbers in the user's language, the year asked
for, and tables as CSV downloads."""
from __future__ import annotations

import io
from urllib.parse import quote
from typing import Any

import pandas as pd
from flask import Response, current_app, g, request

import app
from carbon.numbers import format_number, format_pct
from ..workbench import Workbench


def workbench() -> Workbench:
    """The application object the server was made with."""
    return current_app.config["WORKBENCH"]


def num(value: float | None, decimals: int = 1) -> str:
    """A number as the user's language writes it (1 234,5 in Finnish and Swedish)."""
    return format_number(value, decimals, g.lang)


def pct(value: float | None, decimals: int = 1) -> str:
    """A percentage as the user's language writes it."""
    return format_pct(value, decimals, g.lang)


def year_arg(name: str = "year") -> int | None:
    """The year asked for (checked against the data by the application layer); text that is
    not a year is the same OptionError the command line gives."""
    raw = request.values.get(name, "").strip()
    if not raw:
        return None
    if not raw.isdigit():
        from carbon.errors import OptionError
        raise OptionError("year", f"{raw!r} is not a year", code="web_not_year",
                          params={"value": repr(raw)})
    return app.pick_year(workbench().inputs, int(raw))


def attachment(name: str) -> str:
    """A Content-Disposition header naming a download (RFC 6266): an ASCII fallback with
    anything else as _, and the name itself as UTF-8 in filename* (ä, ö, CO₂, € kept)."""
    plain = "".join(c if c.isascii() and (c.isalnum() or c in "._-") else "_" for c in name)
    return f"attachment; filename=\"{plain or 'download'}\"; filename*=UTF-8''{quote(name, safe='')}"


#: how each language's spreadsheet reads a CSV: field separator and decimal mark
CSV_DIALECT = {"fi": (";", ","), "sv": (";", ","), "en": (",", ".")}


def csv_response(frame: pd.DataFrame, name: str) -> Response:
    """A table as a CSV download the user's spreadsheet opens in columns: fi/sv semicolons and
    decimal commas, en commas and points; headers in the language; UTF-8 with a byte order
    mark, so that Excel reads ä and ö."""
    sep, decimal = CSV_DIALECT.get(g.lang, CSV_DIALECT["en"])
    columns = g.t["ux"]["columns"]
    shown = frame.rename(columns={c: columns.get(str(c), str(c)) for c in frame.columns})
    buf = io.StringIO()
    shown.to_csv(buf, index=False, sep=sep, decimal=decimal)
    return Response("\ufeff" + buf.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": attachment(name)})


def context(**extra: Any) -> dict[str, Any]:
    """Template context every page gets: the number formatters and the organisation's name."""
    inputs = workbench().inputs
    return {"num": num, "pct": pct, "org_name": inputs.org.name_in(g.lang), "years": inputs.years,
            "scenario_files": workbench().scenario_files(), **extra}
