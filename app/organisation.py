"""Loading an organisation and choosing its year: the first step of every command."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable

from carbon.errors import OptionError
from carbon.readers.ahead import reading_ahead
from carbon.readers.settings import DEFAULT_ORG, load_organisation

if TYPE_CHECKING:
    from carbon.readers.inputs import Inputs


def load(org_file: str | Path = DEFAULT_ORG, accept_missing_spend: bool = False,
         progress: Callable[[int, int], None] | None = None) -> Inputs:
    """The organisation's settings, factors, mapping, ledger and activity data, read and
    validated (InputError names the file, row and column of the first problem).
    `accept_missing_spend`: calculate a year whose spend is missing or far below the other
    years (else its inventory raises InputError; carbon/readers/checks.py). `progress(done, total)`
    after each ledger file and after classifying its lines.

    The settings are read first and the first ledger file is read ahead while the
    calculation's libraries are imported (`carbon.readers.ahead`)."""
    org = load_organisation(org_file)
    with reading_ahead(org.ledger):
        from carbon.readers.inputs import load_inputs

        return load_inputs(org, accept_missing_spend, progress)


def pick_year(inputs: Inputs, year: int | None) -> int:
    """The requested year, or the latest with data; a year without data is an OptionError."""
    if year is None:
        return max(inputs.years)
    if year not in inputs.years:
        years = ", ".join(map(str, inputs.years))
        raise OptionError("year", f"no data for {year}; the data covers {years}",
                          code="option_year_no_data", params={"year": year, "years": years})
    return year
