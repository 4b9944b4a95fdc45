"""Build the ILLUSTRATIVE Migri example dataset (ledger, activity data, mapping, per-night factor).

Run from the repository root:  python examples/migri/generator/make_example.py
The purchase types (generator/purchase_types.csv) give each kind of purchase its account,
procurement category, product group, factor and 2018 volume; yearly trends and activity levels
are below. The reception operators' spend of 2018 and 2021 is then scaled so that the totals the
calculator computes equal the published ones (38,269.5 and 22,193.38 tCO2e). Suppliers, amounts
and activity figures are made up; only the published totals and the method are real.
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

HERE = Path(__file__).resolve().parent
EXAMPLE = HERE.parent
ROOT = EXAMPLE.parent.parent
sys.path.insert(0, str(ROOT))

from carbon.readers.inputs import load_inputs  # noqa: E402

YEARS = [2018, 2019, 2020, 2021, 2022]
PUBLISHED = {2018: 38269.5, 2021: 22193.38}
TRENDS = {
    "reception": [1.0, 0.82, 0.70, 0.62, 1.55],
    "reception_half": [1.0, 0.9, 0.85, 0.8, 1.3],
    "flat": [1.0, 1.02, 1.0, 1.03, 1.08],
    "growing": [1.0, 1.1, 1.25, 1.35, 1.45],
    "shrinking": [1.0, 0.92, 0.8, 0.72, 0.68],
    "covid": [1.0, 1.05, 0.35, 0.3, 0.8],
    "energy": [1.0, 0.98, 0.95, 1.0, 1.4],
}
NIGHTS = {2018: 3_650_000, 2019: 3_010_000, 2020: 2_540_000, 2021: 2_260_000, 2022: 5_840_000}
CENTRES = [  # (name, share of nights, state-run: own energy contracts)
    ("Helsingin vastaanottokeskus", 0.11, True), ("Oulun vastaanottokeskus", 0.08, True),
    ("Joutsenon vastaanottokeskus", 0.07, True), ("Vastaanottokeskus Espoo", 0.10, False),
    ("Vastaanottokeskus Vantaa", 0.09, False), ("Vastaanottokeskus Turku", 0.09, False),
    ("Vastaanottokeskus Tampere", 0.09, False), ("Vastaanottokeskus Lahti", 0.07, False),
    ("Vastaanottokeskus Kuopio", 0.07, False), ("Vastaanottokeskus Vaasa", 0.06, False),
    ("Vastaanottokeskus Jyväskylä", 0.09, False), ("Vastaanottokeskus Rovaniemi", 0.08, False),
]
ORG_COLUMNS = {"hankintayksikko_tunnus": "26050", "hankintayksikko": "Maahanmuuttovirasto",
               "ylaorganisaatio_tunnus": "26", "ylaorganisaatio": "Sisäministeriön hallinnonala",
               "sektori": "valtio"}
COLUMNS = ["lasku_id", "tili", "tiliointisumma", "tositepvm", "toimittaja_y_tunnus",
           "toimittaja_nimi", "hankintayksikko_tunnus", "hankintayksikko",
           "ylaorganisaatio_tunnus", "ylaorganisaatio", "sektori", "tuote_palveluryhma",
           "hankintakategoria"]


def business_id(n: int) -> str:
    """A well-formed (check digit) but fictitious Finnish business id from a number."""
    digits = f"{n:07d}"
    r = sum(int(d) * w for d, w in zip(digits, (7, 9, 10, 5, 8, 4, 2))) % 11
    if r == 1:
        return business_id(n + 1)
    return f"{digits}-{0 if r == 0 else 11 - r}"


def suppliers_for(types: pd.DataFrame) -> dict[str, list[tuple[str, str]]]:
    """Fictitious suppliers per purchase type (id, name)."""
    out, n = {}, 2990000
    for t in types.itertuples():
        names = []
        for i in range(int(t.suppliers)):
            n += 37
            label = t.product_group if t.product_group else "Muut hankinnat"
            names.append((business_id(n), f"Esimerkki {label} {i + 1} Oy"))
        out[t.type] = names
    return out


def ledger_lines(types: pd.DataFrame, year: int, rng: np.random.Generator,
                 suppliers: dict, reception_scale: float) -> pd.DataFrame:
    """All posting lines of one year; reception operators' lines are monthly per supplier."""
    rows = []
    yi = YEARS.index(year)
    inv = year * 100000
    for t in types.itertuples():
        total = float(t.eur_2018) * TRENDS[t.trend][yi]
        sups = suppliers[t.type]
        if t.type == "reception":
            total *= reception_scale
            weights = rng.dirichlet(np.ones(len(sups)) * 3)
            for s, w in zip(sups, weights):
                monthly = rng.dirichlet(np.ones(12) * 20) * total * w
                for m, amount in enumerate(monthly, start=1):
                    inv += 1
                    rows.append((f"{inv}", t.account, round(amount, 2),
                                 f"{year}-{m:02d}-{int(rng.integers(1, 28)):02d}", s[0], s[1],
                                 t.product_group, t.category))
            continue
        n = int(t.lines)
        amounts = rng.dirichlet(np.ones(n) * 0.8) * total
        days = pd.Timestamp(f"{year}-01-01") + pd.to_timedelta(rng.integers(0, 365, n), unit="D")
        who = rng.integers(0, len(sups), n)
        for a, d, k in zip(amounts, days, who):
            inv += 1
            sup_id, sup_name = sups[k]
            if t.rule == "none" and k % 3 == 0:
                sup_id, sup_name = "", ""  # anonymised supplier (allowed by law)
            rows.append((f"{inv}", t.account, round(a, 2), d.strftime("%Y-%m-%d"), sup_id,
                         sup_name, t.product_group, t.category))
            if rng.random() < 0.02:  # a credit note for part of the invoice
                inv += 1
                rows.append((f"{inv}", t.account, -round(a * rng.uniform(0.05, 0.5), 2),
                             (d + pd.Timedelta(days=14)).strftime("%Y-%m-%d"), sup_id, sup_name,
                             t.product_group, t.category))
    frame = pd.DataFrame(rows, columns=["lasku_id", "tili", "tiliointisumma", "tositepvm",
                                        "toimittaja_y_tunnus", "toimittaja_nimi",
                                        "tuote_palveluryhma", "hankintakategoria"])
    for k, v in ORG_COLUMNS.items():
        frame[k] = v
    frame = frame[COLUMNS].sort_values(["tositepvm", "lasku_id"], kind="stable")
    # Dates slip into the next year for invoices near the new year: keep them in their year.
    frame["tositepvm"] = frame["tositepvm"].where(frame["tositepvm"].str[:4] == str(year),
                                                  f"{year}-12-31")
    return frame


def mapping_rules(types: pd.DataFrame, suppliers: dict) -> pd.DataFrame:
    """Mapping rules from the purchase types: supplier rules for reception operators, account,
    category or product group rules for the rest; the 'none' type is left unmapped on purpose."""
    rules = []
    for t in types.itertuples():
        factor = t.factor_id
        note = "Jäsenmaksut ovat tulonsiirtoja, eivät tavaroiden tai palvelujen ostoja" \
            if factor == "-" else ""
        group = t.source_group if isinstance(t.source_group, str) and t.source_group else "other_services"
        if t.rule == "supplier":
            for sid, name in suppliers[t.type]:
                rules.append(("supplier", sid, factor, group, name))
        elif t.rule == "account":
            rules.append(("account", t.account, factor, group, note))
        elif t.rule == "category":
            rules.append(("product_group", t.product_group, factor, group, note))
        elif t.rule == "category_pg":
            rules.append(("product_group", t.product_group, factor, group, note))
        elif t.rule == "product_group":
            rules.append(("product_group", t.product_group, factor, group, note))
    # A broad category rule catches travel lines whose product group is not listed.
    rules.append(("category", "Matkustus", "spend_travel_services", "other_travel",
                  "Matkustus ilman tarkempaa tuoteryhmää"))
    return pd.DataFrame(rules, columns=["match", "key", "factor_id", "source_group", "note"])


def activity_files(rng: np.random.Generator) -> dict[str, pd.DataFrame]:
    """Illustrative activity data: nights per centre, energy of state-run centres, fleet fuels,
    flights and hotel nights."""
    nights, energy, fuels, flights, hotels = [], [], [], [], []
    for yi, year in enumerate(YEARS):
        for name, share, state_run in CENTRES:
            nights.append((year, name, "", int(round(NIGHTS[year] * share, -2)), "night", "", ""))
            if state_run:
                scale = NIGHTS[year] / NIGHTS[2018]
                el = round(900_000 * share / 0.11 * (0.6 + 0.4 * scale), -3)
                heat = round(1_600_000 * share / 0.11 * (0.7 + 0.3 * scale), -3)
                renewable = name.startswith("Helsingin") and year >= 2021
                energy.append((year, name, "electricity", el, "kWh",
                               "renewable" if renewable else "", "own"))
                energy.append((year, name, "district_heat", heat, "kWh", "", "own"))
        covid = TRENDS["covid"][yi]
        fuels += [(year, "Oma autokanta", "diesel", round(14_000 * (1 - 0.05 * yi), -1), "l", "", ""),
                  (year, "Oma autokanta", "petrol", round(9_000 * (1 - 0.08 * yi), -1), "l", "", "")]
        flights += [(year, "Matkanhallinta", "domestic", round(650_000 * covid, -3), "pkm", "", ""),
                     (year, "Matkanhallinta", "short_haul", round(1_400_000 * covid, -3), "pkm", "", ""),
                     (year, "Matkanhallinta", "long_haul", round(1_900_000 * covid, -3), "pkm", "", "")]
        hotels += [(year, "Matkanhallinta", "FI", int(2_400 * covid), "room_night", "", ""),
                   (year, "Matkanhallinta", "abroad", int(900 * covid), "room_night", "", "")]
    cols = ["year", "site", "item", "quantity", "unit", "contract", "control"]
    return {k: pd.DataFrame(v, columns=cols) for k, v in
            {"accommodation_nights": nights, "energy": energy, "fuels": fuels,
             "flights": flights, "hotel_nights": hotels}.items()}


def write_night_factor(value: float, derivation: str, period: tuple[int, int]) -> None:
    doc = {"factors": [{
        "id": "migri_reception_night",
        "name": {"fi": "Vastaanottokeskuksen majoitusvuorokausi (Migri, johdettu)",
                 "en": "Reception centre accommodation night (Migri, derived)"},
        "scope": 3, "category": 1, "method": "activity-based", "unit": "kgCO2e/night",
        "value": round(float(value), 6), "years": [2018, 2035],
        "source": {"publisher": "Maahanmuuttovirasto (havainnollistava esimerkkiaineisto)",
                   "title": f"Johdettu perusvuoden {period[0]} vastaanottopalvelujen "
                            "menoperusteisista päästöistä ja majoitusvuorokausista",
                   "year": period[1]},
        "provenance": {"tier": "estimate"}, "derivation": derivation,
        # what it is derived from: the base year itself, so that the base year is judged by
        # its own intensity (progress --json shows the restated base under other periods)
        "derived_from": {"source_group": "reception_services", "activity": "accommodation_nights",
                         "years": list(period)},
        # at least the gsd of the spend-based factors it is derived from (2.0)
        "uncertainty": {"gsd": 2.0},
        # the source value it is derived from (the social and health services' EXIOBASE line):
        # drawn together with those spend factors in the Monte Carlo, so that a year counted
        # per night and a year counted by spend share the multiplier's error (issue 21)
        "source_row": "Open Emission Factors Database 677c3be, line 2359",
        "note": "Written by examples/migri/generator/make_example.py; illustrative.",
    }]}
    (EXAMPLE / "factors").mkdir(exist_ok=True)
    (EXAMPLE / "factors" / "reception_night.yaml").write_text(
        "# Per-night factor derived from the example's own base-year data (see its derivation).\n"
        + yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")


def main() -> None:
    rng = np.random.default_rng(2021)
    types = pd.read_csv(HERE / "purchase_types.csv", dtype=str, keep_default_na=False)
    types["eur_2018"] = types["eur_2018"].astype(float)
    suppliers = suppliers_for(types)
    mapping_rules(types, suppliers).to_csv(EXAMPLE / "mapping.csv", index=False)
    (EXAMPLE / "activity").mkdir(exist_ok=True)
    for kind, frame in activity_files(rng).items():
        frame.to_csv(EXAMPLE / "activity" / f"{kind}.csv", index=False)
    write_night_factor(4.0, "provisional", (2018, 2018))
    (EXAMPLE / "ledger").mkdir(exist_ok=True)
    seeds = {y: int(rng.integers(0, 2**31)) for y in YEARS}
    scale = {y: 1.0 for y in YEARS}

    def write_year(year: int) -> None:
        lines = ledger_lines(types, year, np.random.default_rng(seeds[year]), suppliers, scale[year])
        lines.to_csv(EXAMPLE / "ledger" / f"th_data_{year}.csv", sep="\t", index=False)

    for y in YEARS:
        write_year(y)
    # Calibrate the reception operators' spend so the computed totals equal the published ones.
    for _ in range(6):
        inputs = load_inputs(EXAMPLE / "organisation.yaml")
        worst = 0.0
        for year, published in PUBLISHED.items():
            inv = inputs.inventory(year)
            rec = inv.spend_rows
            rec_t = rec.loc[(rec["rule_note"] != "") & (rec["source_group"] == "reception_services")
                            & (rec["account"] == "4390"), "kgco2e"].sum() / 1000.0
            diff = published - inv.total
            worst = max(worst, abs(diff))
            scale[year] *= 1.0 + diff / rec_t
            write_year(year)
        if worst < 0.005:
            break
    inputs = load_inputs(EXAMPLE / "organisation.yaml")
    base = inputs.inventory(2018)  # the base year: judged by its own intensity
    rec_t = base.by("source_group")["reception_services"]
    nights = inputs.activity.query("kind == 'accommodation_nights' and year == 2018")["quantity"].sum()
    rec_t, nights = float(rec_t), float(nights)
    value = rec_t * 1000.0 / nights
    write_night_factor(value, f"Perusvuoden 2018 vastaanottojärjestelmän ostopalvelujen "
                              f"menoperusteiset päästöt {rec_t:.1f} tCO2e jaettuna vuoden 2018 "
                              f"majoitusvuorokausilla {nights:.0f} = {value:.4f} kgCO2e/vrk "
                              f"(lasketaan make_example.py:ssä esimerkkiaineistosta). Johdettu "
                              f"perusvuodesta, jotta perusvuotta ei arvioida toisen vuoden "
                              f"intensiteetillä.", (2018, 2018))
    inputs = load_inputs(EXAMPLE / "organisation.yaml")
    for y in YEARS:
        print(y, round(inputs.inventory(y).total, 3))


if __name__ == "__main__":
    main()
