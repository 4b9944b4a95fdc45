"""Write a synthetic ledger in the open-data format (tab-separated) for the speed benchmarks."""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

ACCOUNTS = ["4300", "4310", "4320", "4350", "4400", "4410", "4490", "4500", "4510", "4600",
            "4700", "4800", "4900", "4110", "4150", "4200", "4210", "4220", "4440", "4450"]


def write(path: Path, rows: int, year: int = 2021, seed: int = 1) -> Path:
    """Write `rows` posting lines of plausible shape; about 2,000 suppliers and 20 accounts."""
    rng = np.random.default_rng(seed)
    suppliers = np.array([f"{1000000 + i:07d}-{i % 10}" for i in range(2000)])
    sup = rng.integers(0, len(suppliers), rows)
    acc = np.array(ACCOUNTS)[rng.integers(0, len(ACCOUNTS), rows)]
    amount = np.round(rng.lognormal(6, 1.5, rows) * np.where(rng.random(rows) < 0.02, -1, 1), 2)
    day = pd.Timestamp(f"{year}-01-01") + pd.to_timedelta(rng.integers(0, 365, rows), unit="D")
    frame = pd.DataFrame({
        "lasku_id": np.arange(rows) // 2 + 10_000_000,
        "tili": acc,
        "tiliointisumma": amount,
        "tositepvm": day.strftime("%Y-%m-%d"),
        "toimittaja_y_tunnus": suppliers[sup],
        "toimittaja_nimi": np.char.add("Toimittaja ", sup.astype(str)),
        "hankintayksikko_tunnus": "26050",
        "hankintayksikko": "Maahanmuuttovirasto",
        "ylaorganisaatio_tunnus": "26",
        "ylaorganisaatio": "Sisäministeriön hallinnonala",
        "sektori": "valtio",
        "tuote_palveluryhma": np.char.add("Ryhmä ", (sup % 40).astype(str)),
        "hankintakategoria": np.char.add("Kategoria ", (sup % 12).astype(str)),
    })
    frame["lasku_id"] = frame["lasku_id"].astype(str) + "-" + (np.arange(rows) % 2).astype(str)
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(path, sep="\t", index=False)
    return path


if __name__ == "__main__":
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("benchmarks/_data/th_data_synthetic.csv")
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
    print(write(out, n))
