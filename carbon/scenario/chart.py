"""Charts of scenario runs (matplotlib PNG): projection with uncertainty and targets, waterfall,
and several scenarios side by side. Labels come from scenario_vocabulary.yaml."""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
from matplotlib import colormaps  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
import matplotlib.ticker  # noqa: E402,F401

from carbon.numbers import format_number  # noqa: E402
from .run import ScenarioResult, labels  # noqa: E402
from .spec import load_vocabulary  # noqa: E402



def colours() -> dict:
    """Chart colours (vocabulary.yaml)."""
    return load_vocabulary()["colours"]


def _targets(ax, result: ScenarioResult, text: dict[str, str], with_paths: bool = True) -> None:
    years = result.yearly["year"]
    for i, row in result.targets.iterrows():
        targets = colours()["targets"]
        colour = targets[i % len(targets)]
        pct = format_number(row["reduction_pct"], 0)
        ax.scatter([row["target_year"]], [row["allowed_tco2e"]], marker="v", s=60, color=colour,
                   zorder=5, label=text["target"].format(year=row["target_year"], pct=pct))
        col = f"path_{row['target_year']}"
        if with_paths and col in result.yearly:
            ax.plot(years, result.yearly[col], linestyle=":", color=colour, linewidth=1)


def _finish(fig, ax, text: dict[str, str], path: Path) -> Path:
    ax.set_xlabel(text["x_axis"])
    ax.set_ylabel(text["y_axis"])
    ax.set_ylim(bottom=0)
    ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
    ax.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: format_number(v, 0)))
    ax.grid(axis="y", alpha=0.3)
    ax.legend(fontsize=8, loc="lower left")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=120)
    return path


def projection_chart(result: ScenarioResult, history: dict[int, float], path: Path,
                     lang: str = "fi") -> Path:
    """Actual totals, the scenario's projection with its uncertainty band (the run's interval,
    95 % by default), targets and their paths."""
    text = labels(lang)
    fig = Figure(figsize=(9, 5))
    ax = fig.subplots()
    past = sorted(y for y in history if y <= result.scenario.start_year)
    ax.plot(past, [history[y] for y in past], color=colours()["history"], marker="o", label=text["history"])
    y = result.yearly
    if "low" in y:
        ax.fill_between(y["year"], y["low"], y["high"], color=colours()["band"], alpha=0.4,
                        label=text["band"].format(interval=result.interval))
    ax.plot(y["year"], y["tco2e"], color=colours()["projection"], marker=".", label=text["projection"])
    _targets(ax, result, text)
    ax.set_title(text["projection_title"].format(name=result.scenario.name_in(lang)))
    return _finish(fig, ax, text, path)


def waterfall_chart(result: ScenarioResult, year: int, path: Path, lang: str = "fi") -> Path:
    """Bars from the start-year total through each lever's change to the scenario's total."""
    text = labels(lang)
    rows = result.waterfall[result.waterfall["year"] == year].reset_index(drop=True)
    fig = Figure(figsize=(9, 5))
    ax = fig.subplots()
    for i, r in rows.iterrows():
        if r["step"] in ("start", "end"):
            bottom, height, colour = 0.0, r["running_tco2e"], colours()["total"]
        else:
            bottom = r["running_tco2e"] - r["change_tco2e"] if r["change_tco2e"] > 0 else r["running_tco2e"]
            height = abs(r["change_tco2e"])
            colour = colours()["increase"] if r["change_tco2e"] > 0 else colours()["decrease"]
        ax.bar(i, height, bottom=bottom, color=colour)
        if r["step"] not in ("start", "end"):
            ax.annotate(format_number(r["change_tco2e"], 0), (i, bottom + height), ha="center",
                        va="bottom", fontsize=7)
    ax.set_xticks(range(len(rows)), [str(x) for x in rows["label"]], rotation=30, ha="right",
                  fontsize=7)
    ax.set_title(text["waterfall_title"].format(year=year, name=result.scenario.name_in(lang)))
    ax.set_ylabel(text["y_axis"])
    ax.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: format_number(v, 0)))
    ax.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=120)
    return path


def compare_chart(results: Sequence[ScenarioResult], history: dict[int, float], path: Path,
                  lang: str = "fi") -> Path:
    """Several scenarios' projections (with their uncertainty bands when simulated) and the targets."""
    text = labels(lang)
    fig = Figure(figsize=(9, 5))
    ax = fig.subplots()
    start = min(r.scenario.start_year for r in results)
    past = sorted(y for y in history if y <= start)
    ax.plot(past, [history[y] for y in past], color=colours()["history"], marker="o", label=text["history"])
    cmap = colormaps["tab10"]
    for i, r in enumerate(results):
        colour = cmap(i % 10)
        y = r.yearly
        if "low" in y and len(results) <= 5:
            ax.fill_between(y["year"], y["low"], y["high"], color=colour, alpha=0.12)
        ax.plot(y["year"], y["tco2e"], color=colour, label=r.scenario.name_in(lang))
    _targets(ax, results[0], text, with_paths=False)
    ax.set_title(text["compare_title"])
    return _finish(fig, ax, text, path)


def reach_chart(reach, path: Path, lang: str = "fi") -> Path:
    """The planner's reach of each lever at its bound: alone and after the others (tCO2e)."""
    text = labels(lang)
    fig = Figure(figsize=(9, 0.45 * len(reach) + 1.5))
    ax = fig.subplots()
    pos = list(range(len(reach)))
    ax.barh([p - 0.2 for p in pos], reach["alone_tco2e"], height=0.4,
            color=colours()["decrease"], label=text["reach_alone"])
    ax.barh([p + 0.2 for p in pos], reach["after_others_tco2e"], height=0.4,
            color=colours()["projection"], label=text["reach_after"])
    ax.set_yticks(pos, list(reach["label"]))
    ax.invert_yaxis()
    ax.set_xlabel(text["reach_axis"])
    ax.xaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: format_number(v, 0)))
    ax.grid(axis="x", alpha=0.3)
    ax.legend(fontsize=8, loc="lower right")
    ax.set_title(text["reach_title"])
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=120)
    return path


def tornado_chart(sensitivity, path: Path, lang: str = "fi", top: int = 10) -> Path:
    """The planner's sensitivity: the target probability with each factor's draw in its lowest
    and highest decile, and with each planned lever's setting moved (a tornado)."""
    text = labels(lang)
    rows = sensitivity.head(top)
    fig = Figure(figsize=(9, 0.45 * max(len(rows), 1) + 1.5))
    ax = fig.subplots()
    pos = list(range(len(rows)))
    lows = [100 * min(a, b) for a, b in zip(rows["p_low"], rows["p_high"])]
    highs = [100 * max(a, b) for a, b in zip(rows["p_low"], rows["p_high"])]
    ax.barh(pos, [h - lo for lo, h in zip(lows, highs)], left=lows, color=colours()["band"],
            edgecolor=colours()["projection"])
    ax.set_yticks(pos, [f"{n} ({text['lever_kind'] if k == 'lever' else text['factor_kind']})"
                        for n, k in zip(rows["name"], rows["kind"])])
    ax.invert_yaxis()
    span = max(highs, default=0) - min(lows, default=0)
    pad = max(span * 0.1, 0.5)
    ax.set_xlim(max(0.0, min(lows, default=0) - pad), min(100.0, max(highs, default=100) + pad))
    ax.set_xlabel(text["tornado_axis"])
    ax.grid(axis="x", alpha=0.3)
    ax.set_title(text["tornado_title"])
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=120)
    return path
