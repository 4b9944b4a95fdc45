"""A tender comparison: bidders' stated emission intensities side by side for a source group
over the contract years, the emissions each gives for the quantity bought and, with an internal
carbon price (€/tCO2e), their cost, so that carbon can be weighed in the award.

`read_tender` reads and checks the tender file (units with pint); `compare_bids` is pure."""
from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pint

from carbon.errors import InputError
from carbon.units import Q_, parse_unit
from carbon.yamlfile import read_mapping


@dataclass(frozen=True)
class Bid:
    """One bidder's stated intensity (kgCO2e per unit bought) and, if given, its bid price."""

    name: str
    intensity: float
    unit: str
    price_eur: float | None
    verified: bool
    note: str


@dataclass(frozen=True)
class Tender:
    """The tender: what is bought, over which years, how much a year, and the bids."""

    file: Path
    name: str
    source_group: str
    years: tuple[int, ...]
    quantity: dict[int, float]
    quantity_unit: str
    carbon_price: float | None
    bids: tuple[Bid, ...]


def _fail(file: Path, key: str, english: str, code: str, **params: Any) -> InputError:
    return InputError(file, english, key=key, code=code, params=params)


def _positive(value: Any) -> bool:
    return not isinstance(value, bool) and isinstance(value, (int, float)) \
        and math.isfinite(value) and value >= 0


def read_tender(path: str | Path, carbon_price: float | None = None) -> Tender:
    """The tender file (YAML): name, source_group, years [first, last], quantity (a number a
    year or {year: number}) with quantity_unit, carbon_price_eur_per_tco2e (else the settings'),
    and bids [{name, intensity, unit, price_eur, verified}]; a problem names the file and key."""
    path = Path(path)
    doc = read_mapping(path, "tender file")
    for key in ("source_group", "years", "quantity", "quantity_unit", "bids"):
        if doc.get(key) in (None, "", []):
            raise _fail(path, key, "required setting is missing", "setting_missing")
    years = doc["years"]
    if not (isinstance(years, list) and len(years) == 2 and all(isinstance(y, int) for y in years)
            and years[0] <= years[1]):
        raise _fail(path, "years", "years must be [first, last] contract years",
                    "tender_years_invalid")
    span = tuple(range(years[0], years[1] + 1))
    raw_q = doc["quantity"]
    quantity = {y: raw_q for y in span} if not isinstance(raw_q, dict) else \
        {int(y): v for y, v in raw_q.items()}
    for y in span:
        if not _positive(quantity.get(y)):
            raise _fail(path, f"quantity.{y}", f"the quantity of {y} is {quantity.get(y)!r}, not a "
                        "number", "tender_quantity_invalid", year=y, value=repr(quantity.get(y)))
    q_unit = str(doc["quantity_unit"])
    try:
        parse_unit(q_unit)
    except ValueError:
        raise _fail(path, "quantity_unit", f"unknown unit {q_unit!r}", "supplier_answer_unit_unknown",
                    unit=q_unit) from None
    price = doc.get("carbon_price_eur_per_tco2e", carbon_price)
    if price is not None and not _positive(price):
        raise _fail(path, "carbon_price_eur_per_tco2e", f"{price!r} is not a price in €/tCO2e",
                    "tender_price_invalid", value=repr(price))
    bids = []
    for i, b in enumerate(doc["bids"]):
        key = f"bids[{i}]"
        if not isinstance(b, dict) or not b.get("name") or not _positive(b.get("intensity")) \
                or not b.get("unit"):
            raise _fail(path, key, "a bid needs a name, an intensity (a number) and its unit",
                        "tender_bid_invalid")
        try:
            (Q_(1.0, parse_unit(str(b["unit"]))) * Q_(1.0, q_unit)).to("kgCO2e")
        except ValueError:
            raise _fail(path, f"{key}.unit", f"unknown unit {b['unit']!r}",
                        "supplier_answer_unit_unknown", unit=str(b["unit"])) from None
        except pint.errors.DimensionalityError:
            raise _fail(path, f"{key}.unit", f"{b['unit']} times {q_unit} is not a CO2e mass",
                        "supplier_answer_unit_mismatch", unit=str(b["unit"]),
                        quantity_unit=q_unit) from None
        if b.get("price_eur") is not None and not _positive(b["price_eur"]):
            raise _fail(path, f"{key}.price_eur", f"{b['price_eur']!r} is not a price",
                        "tender_price_invalid", value=repr(b["price_eur"]))
        bids.append(Bid(str(b["name"]), float(b["intensity"]), str(b["unit"]),
                        None if b.get("price_eur") is None else float(b["price_eur"]),
                        bool(b.get("verified", False)), str(b.get("note") or "")))
    return Tender(path, str(doc.get("name") or path.stem), str(doc["source_group"]), span,
                  {y: float(quantity[y]) for y in span}, q_unit,
                  None if price is None else float(price), tuple(bids))


def compare_bids(tender: Tender) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(by year: bidder, year, quantity, tCO2e, carbon cost €; totals: bidder, intensity, tCO2e
    over the contract, carbon cost €, bid price €, price + carbon cost €, rank by tCO2e)."""
    rows = []
    for b in tender.bids:
        kg_per_unit = float((Q_(b.intensity, b.unit) * Q_(1.0, tender.quantity_unit))
                            .to("kgCO2e").magnitude)
        for y in tender.years:
            t = kg_per_unit * tender.quantity[y] / 1000.0
            rows.append({"bidder": b.name, "year": y, "quantity": tender.quantity[y],
                         "tco2e": t, "carbon_cost_eur": None if tender.carbon_price is None
                         else t * tender.carbon_price})
    by_year = pd.DataFrame(rows)
    totals = []
    for b in tender.bids:
        mine = by_year[by_year["bidder"] == b.name]
        t = float(mine["tco2e"].sum())
        cost = None if tender.carbon_price is None else t * tender.carbon_price
        price = None if b.price_eur is None else b.price_eur
        totals.append({"bidder": b.name, "intensity": b.intensity, "unit": b.unit,
                       "verified": b.verified, "tco2e": t, "carbon_cost_eur": cost,
                       "price_eur": price,
                       "price_with_carbon_eur": None if price is None or cost is None
                       else price + cost})
    table = pd.DataFrame(totals).sort_values("tco2e", ignore_index=True)
    table.insert(0, "rank", range(1, len(table) + 1))
    return by_year, table
