"""The shared pint unit registry: CO2e mass, euros and activity units, dimension-checked."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pint

from .errors import UnitMismatch  # noqa: F401  (raised here; defined beside the other errors)

DEFINITIONS = Path(__file__).with_name("units.txt")


@lru_cache(maxsize=1)
def registry() -> pint.UnitRegistry:
    """The one registry every quantity in vastuu is made with (definitions in units.txt)."""
    try:  # parsed definitions cached on disk: a fifth of the start-up time
        ureg = pint.UnitRegistry(cache_folder=":auto:")
        ureg.load_definitions(str(DEFINITIONS))
    except OSError:  # no writable cache folder: parse every time
        ureg = pint.UnitRegistry(cache_folder=None)
        ureg.load_definitions(str(DEFINITIONS))
    ureg.formatter.default_format = "~"
    return ureg


ureg = registry()
Q_ = ureg.Quantity
CO2E = ureg.kgCO2e


def parse_unit(text: str) -> pint.Unit:
    """Parse a unit string ('kgCO2e/EUR', 'kWh', 'l'); raises ValueError for unknown units."""
    return _parse_unit(str(text).strip())


@lru_cache(maxsize=4096)
def _parse_unit(text: str) -> pint.Unit:
    """parse_unit, remembered: every row of a file names one of a few units."""
    try:
        return ureg.Unit(text)
    except (pint.errors.UndefinedUnitError, pint.errors.DefinitionSyntaxError, AttributeError,
            TypeError, ValueError, AssertionError) as exc:
        raise ValueError(f"unknown unit {text!r}") from exc


@lru_cache(maxsize=4096)
def emission_scale(quantity_unit: str | pint.Unit, factor_unit: str | pint.Unit) -> float:
    """How many kgCO2e one unit of quantity gives per one unit of factor value.

    Raises UnitMismatch naming both units when quantity x factor is not a CO2e mass, so a
    kgCO2e/kWh factor applied to euros is an error, not a number. Remembered per pair of
    units: the same few pairs recur on every line and in every year, and pint is slow.
    """
    q_unit = parse_unit(quantity_unit) if isinstance(quantity_unit, str) else quantity_unit
    f_unit = parse_unit(factor_unit) if isinstance(factor_unit, str) else factor_unit
    product = Q_(1.0, q_unit) * Q_(1.0, f_unit)
    try:
        return float(product.to(CO2E).magnitude)
    except pint.errors.DimensionalityError as exc:
        raise UnitMismatch(
            f"cannot apply a factor in {f_unit:~} to a quantity in {q_unit:~}: "
            f"the product is {product.units:~}, not a CO2e mass",
            factor_unit=f"{f_unit:~}", quantity_unit=f"{q_unit:~}", product=f"{product.units:~}",
        ) from exc


def apply_factor(quantity: pint.Quantity, factor: pint.Quantity) -> pint.Quantity:
    """Emissions of one quantity under one factor, in kgCO2e (dimension-checked)."""
    scale = emission_scale(quantity.units, factor.units)
    return Q_(float(quantity.magnitude) * float(factor.magnitude) * scale, CO2E)
