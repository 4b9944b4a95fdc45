"""The chart of the state-wide footprint: the largest emitting procurement units (PNG)."""
from __future__ import annotations

from pathlib import Path

import pandas as pd


def draw_largest(units: pd.DataFrame, path: Path, title: str, xlabel: str,
                 top: int = 20) -> Path:
    """Horizontal bars of the `top` units by tCO2e (largest on top), each bar labelled with
    its unit's name and branch id; `title` and `xlabel` come from the front end's strings."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = units.nlargest(top, "tco2e").iloc[::-1]
    labels = [f"{(n or i)[:40]} ({b})" for n, i, b in
              zip(rows["unit_name"], rows["unit_id"], rows["branch_id"])]
    fig, ax = plt.subplots(figsize=(8, 0.3 * len(rows) + 1.2), dpi=100)
    ax.barh(labels, rows["tco2e"], color="#2e75b6")
    ax.set_xlabel(xlabel)
    ax.set_title(title, loc="left", fontsize=11)
    ax.spines[["top", "right"]].set_visible(False)
    ax.tick_params(axis="y", labelsize=8)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path
