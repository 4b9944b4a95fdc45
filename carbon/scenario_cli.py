"""Commands `scenario run` and `scenario compare` (printing and file writing live here)."""
from __future__ import annotations

from pathlib import Path

import click
import pandas as pd

from .cli import ORG_OPTION
from .inputs import load_inputs
from .numbers import format_number, format_pct
from .scenario_chart import compare_chart, projection_chart, waterfall_chart
from .scenario_project import ScenarioContext
from .scenario_run import DEFAULT_DRAWS, DEFAULT_SEED, ScenarioResult, comparison, run_scenario
from .scenario_spec import load_scenario

OUT = click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
                   default=Path("out") / "scenarios", show_default=True,
                   help="Folder for the CSV files and charts.")
SEED = click.option("--seed", type=int, default=DEFAULT_SEED, show_default=True,
                    help="Seed of the Monte Carlo draws (same seed, same result).")
DRAWS = click.option("--draws", type=click.IntRange(0, 1_000_000), default=DEFAULT_DRAWS,
                     show_default=True, help="Monte Carlo draws (0: no uncertainty analysis).")
LANG = click.option("--lang", type=click.Choice(["fi", "sv", "en"]), default="fi", show_default=True)


def _context(org_file: Path) -> ScenarioContext:
    return ScenarioContext(load_inputs(org_file))


def _yes_no(value) -> str:
    return "–" if value is None else "yes" if value else "no"


def _header(r: ScenarioResult, lang: str) -> list[str]:
    fmt = lambda v: format_number(v, 1, lang)  # noqa: E731
    s = r.scenario
    lines = [f"Scenario: {s.name_in(lang)} ({s.file})",
             f"  start {s.start_year}: {fmt(r.yearly['tco2e'].iloc[0])} tCO2e; base year "
             f"{r.reference_year}: {fmt(r.reference_total)} tCO2e; scope 2 {r.plan.basis}-based"]
    if s.description:
        lines.append(f"  {s.description}")
    return lines


def _yearly_table(r: ScenarioResult, lang: str) -> pd.DataFrame:
    fmt = lambda v: format_number(v, 0, lang)  # noqa: E731
    y = r.yearly
    table = pd.DataFrame({
        "year": y["year"], "tCO2e": [fmt(v) for v in y["tco2e"]],
        "location": [fmt(v) for v in y["tco2e_location"]],
        "market": [fmt(v) for v in y["tco2e_market"]],
        f"vs {r.reference_year}": [format_pct(v, 1, lang) for v in y["vs_reference_pct"]]})
    if "p5" in y:
        for p in ("p5", "p50", "p95"):
            table[p.upper()] = [fmt(v) for v in y[p]]
    return table


def _targets_table(r: ScenarioResult, lang: str) -> pd.DataFrame:
    t = r.targets
    return pd.DataFrame({
        "target": [f"−{format_number(p, 0, lang)} % by {y}"
                   for p, y in zip(t["reduction_pct"], t["target_year"])],
        "allowed tCO2e": [format_number(v, 0, lang) for v in t["allowed_tco2e"]],
        "projected": [format_number(v, 0, lang) for v in t["projected_tco2e"]],
        "met": [_yes_no(v) for v in t["met"]],
        "first year met": ["–" if pd.isna(v) else str(int(v)) for v in t["first_year_met"]],
        "probability": [format_pct(100 * v, 1, lang) for v in t["probability_met"]]})


def _write(frame: pd.DataFrame, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(path, index=False)
    return path


def _check_years(years: tuple[int, ...], start: int, until: int) -> list[int] | None:
    bad = [y for y in years if not start < y <= until]
    if bad:
        raise click.BadParameter(f"{bad[0]} is not in the projection {start + 1}–{until}",
                                 param_hint="--year")
    return list(years) or None


@click.group("scenario")
def scenario() -> None:
    """What-if scenarios: levers, projections to 2035, targets, lever contributions, uncertainty."""


@scenario.command("run")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@ORG_OPTION
@OUT
@SEED
@DRAWS
@click.option("--year", "years", type=int, multiple=True,
              help="Year(s) of the lever contributions (default: the target years).")
@LANG
def run(file: Path, org_file: Path, out_dir: Path, seed: int, draws: int, years: tuple[int, ...],
        lang: str) -> None:
    """Project one scenario file: yearly table, targets, lever contributions; CSV and charts."""
    ctx = _context(org_file)
    spec = load_scenario(file, ctx.inputs.years)
    result = run_scenario(ctx, spec, draws=draws, seed=seed, lang=lang,
                          waterfall_years=_check_years(years, spec.start_year, spec.until))
    for line in _header(result, lang):
        click.echo(line)
    click.echo("")
    click.echo(_yearly_table(result, lang).to_string(index=False))
    click.echo("")
    click.echo(f"Targets (probability from {draws} Monte Carlo draws, seed {seed}):" if draws
               else "Targets:")
    click.echo(_targets_table(result, lang).to_string(index=False))
    for year, rows in result.waterfall.groupby("year", sort=True):
        click.echo("")
        click.echo(f"Lever contributions {year} (tCO2e):")
        click.echo(pd.DataFrame({
            "step": rows["label"], "change": [format_number(v, 1, lang) for v in rows["change_tco2e"]],
            "total": [format_number(v, 1, lang) for v in rows["running_tco2e"]]}).to_string(index=False))
    for note in result.notes:
        click.echo(f"  - {note}")
    sid = spec.id
    written = [
        _write(result.yearly, out_dir / f"{sid}_yearly.csv"),
        _write(result.targets, out_dir / f"{sid}_targets.csv"),
        _write(result.waterfall, out_dir / f"{sid}_levers.csv"),
        _write(result.by_group, out_dir / f"{sid}_by_source_group.csv"),
        projection_chart(result, ctx.history(result.plan.basis), out_dir / f"{sid}.png", lang),
    ]
    for year in sorted(result.waterfall["year"].unique()):
        written.append(waterfall_chart(result, int(year), out_dir / f"{sid}_levers_{year}.png", lang))
    click.echo("")
    click.echo("Wrote " + ", ".join(str(p) for p in written))


@scenario.command("compare")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@ORG_OPTION
@OUT
@SEED
@DRAWS
@LANG
def compare(files: tuple[Path, ...], org_file: Path, out_dir: Path, seed: int, draws: int,
            lang: str) -> None:
    """Several scenario files side by side: a table and one chart."""
    ctx = _context(org_file)
    results = [run_scenario(ctx, load_scenario(f, ctx.inputs.years), draws=draws, seed=seed,
                            lang=lang) for f in files]
    yearly, targets = comparison(results, lang)
    bases = sorted({r.plan.basis for r in results})
    target_years = [t.year for t in ctx.org.targets]
    rows = []
    for r in results:
        row = {"scenario": r.scenario.name_in(lang), "basis": r.plan.basis}
        totals = dict(zip(r.yearly["year"], r.yearly["tco2e"]))
        for t in r.targets.itertuples():
            label = f"{t.target_year} (−{format_number(t.reduction_pct, 0, lang)} %)"
            row[label] = format_number(totals.get(t.target_year), 0, lang)
            row[f"met {t.target_year}"] = _yes_no(t.met)
            if draws:
                row[f"P {t.target_year}"] = format_pct(100 * t.probability_met, 0, lang)
        rows.append(row)
    click.echo(f"{len(results)} scenarios, targets {', '.join(map(str, target_years))} "
               f"against base year {results[0].reference_year}")
    click.echo(pd.DataFrame(rows).to_string(index=False))
    if len(bases) > 1:
        click.echo("  - note: the scenarios use different scope 2 bases "
                   f"({', '.join(bases)}); their totals are not directly comparable")
    written = [_write(yearly, out_dir / "compare_yearly.csv"),
               _write(targets, out_dir / "compare_targets.csv"),
               compare_chart(results, ctx.history(results[0].plan.basis), out_dir / "compare.png", lang)]
    click.echo("")
    click.echo("Wrote " + ", ".join(str(p) for p in written))
