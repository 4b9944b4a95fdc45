"""Commands `scenario run`, `scenario compare` and `scenario levers`: options in, the
application layer's results printed in the user's language."""
from __future__ import annotations

from pathlib import Path

import click
import pandas as pd

import app
from app.scenarios import DEFAULT_DRAWS, DEFAULT_SEED
from carbon.numbers import format_number, format_pct
from carbon.scenario.run import ScenarioResult

from .common import LANG_OPTION, ORG_OPTION, app_call
from .text import cli_text

OUT = click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
                   default=Path("out") / "scenarios", show_default=True,
                   help="Folder for the CSV files and charts.")
SEED = click.option("--seed", type=int, default=DEFAULT_SEED, show_default=True,
                    help="Seed of the Monte Carlo draws (same seed, same result).")
DRAWS = click.option("--draws", type=click.IntRange(0, 1_000_000), default=DEFAULT_DRAWS,
                     show_default=True, help="Monte Carlo draws (0: no uncertainty analysis).")


def _yes_no(value, lang: str) -> str:
    t = cli_text(lang)
    return "–" if value is None else t["yes"] if value else t["no"]


def _header(r: ScenarioResult, lang: str) -> list[str]:
    fmt = lambda v: format_number(v, 1, lang)  # noqa: E731
    s = r.scenario
    t = cli_text(lang)
    lines = [t["scenario"]["title"].format(name=s.name_in(lang), file=s.file),
             t["scenario"]["start"].format(start=s.start_year, start_total=fmt(r.yearly["tco2e"].iloc[0]),
                                           base=r.reference_year, base_total=fmt(r.reference_total),
                                           basis=t["basis"][r.plan.basis])]
    if s.description:
        lines.append(f"  {s.description}")
    return lines


def _yearly_table(r: ScenarioResult, lang: str) -> pd.DataFrame:
    fmt = lambda v: format_number(v, 0, lang)  # noqa: E731
    y = r.yearly
    t = cli_text(lang)["scenario"]
    table = pd.DataFrame({
        t["year"]: y["year"], t["tco2e"]: [fmt(v) for v in y["tco2e"]],
        t["location"]: [fmt(v) for v in y["tco2e_location"]],
        t["market"]: [fmt(v) for v in y["tco2e_market"]],
        t["vs_base"].format(year=r.reference_year): [format_pct(v, 1, lang)
                                                     for v in y["vs_reference_pct"]]})
    if "p5" in y:
        for p in ("p5", "p50", "p95"):
            table[p.upper()] = [fmt(v) for v in y[p]]
    return table


def _targets_table(r: ScenarioResult, lang: str) -> pd.DataFrame:
    t = r.targets
    x = cli_text(lang)["scenario"]
    return pd.DataFrame({
        x["target"]: [x["target_label"].format(pct=format_number(p, 0, lang), year=y)
                      for p, y in zip(t["reduction_pct"], t["target_year"])],
        x["allowed"]: [format_number(v, 0, lang) for v in t["allowed_tco2e"]],
        x["projected"]: [format_number(v, 0, lang) for v in t["projected_tco2e"]],
        x["met"]: [_yes_no(v, lang) for v in t["met"]],
        x["first_met"]: ["–" if pd.isna(v) else str(int(v)) for v in t["first_year_met"]],
        x["probability"]: [format_pct(100 * v, 1, lang) for v in t["probability_met"]]})


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
@LANG_OPTION
@app_call
def run(file: Path, org_file: Path, out_dir: Path, seed: int, draws: int, years: tuple[int, ...],
        lang: str) -> None:
    """Project one scenario file: yearly table, targets, lever contributions; CSV and charts."""
    outcome = app.run_scenario(app.load(org_file), file, draws=draws, seed=seed, years=years, lang=lang)
    result = outcome.result
    x = cli_text(lang)["scenario"]
    for line in _header(result, lang):
        click.echo(line)
    click.echo("")
    click.echo(_yearly_table(result, lang).to_string(index=False))
    click.echo("")
    click.echo(x["targets_mc"].format(draws=draws, seed=seed) if draws else x["targets"])
    click.echo(_targets_table(result, lang).to_string(index=False))
    for year, rows in result.waterfall.groupby("year", sort=True):
        click.echo("")
        click.echo(x["levers"].format(year=year))
        click.echo(pd.DataFrame({
            x["step"]: rows["label"],
            x["change"]: [format_number(v, 1, lang) for v in rows["change_tco2e"]],
            x["running"]: [format_number(v, 1, lang) for v in rows["running_tco2e"]],
        }).to_string(index=False))
    for note in result.notes:
        click.echo(f"  - {note}")
    written = app.write_scenario(outcome, out_dir, lang)
    click.echo("")
    click.echo(cli_text(lang)["wrote"].format(files=", ".join(str(p) for p in written)))


@scenario.command("compare")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@ORG_OPTION
@OUT
@SEED
@DRAWS
@LANG_OPTION
@app_call
def compare(files: tuple[Path, ...], org_file: Path, out_dir: Path, seed: int, draws: int,
            lang: str) -> None:
    """Several scenario files side by side: a table and one chart."""
    cmp = app.compare_scenarios(app.load(org_file), files, draws=draws, seed=seed, lang=lang)
    results, bases, target_years = cmp.results, cmp.bases, cmp.target_years
    x = cli_text(lang)["scenario"]
    rows = []
    for r in results:
        row = {x["scenario"]: r.scenario.name_in(lang), x["basis"]: cli_text(lang)["basis"][r.plan.basis]}
        totals = dict(zip(r.yearly["year"], r.yearly["tco2e"]))
        for t in r.targets.itertuples():
            label = f"{t.target_year} (−{format_number(t.reduction_pct, 0, lang)} %)"
            row[label] = format_number(totals.get(t.target_year), 0, lang)
            row[x["met_year"].format(year=t.target_year)] = _yes_no(t.met, lang)
            if draws:
                row[x["probability_year"].format(year=t.target_year)] = \
                    format_pct(100 * t.probability_met, 0, lang)
        rows.append(row)
    click.echo(x["compare_title"].format(n=len(results), years=", ".join(map(str, target_years)),
                                         base=results[0].reference_year))
    click.echo(pd.DataFrame(rows).to_string(index=False))
    if len(bases) > 1:
        click.echo(x["mixed_bases"].format(bases=", ".join(bases)))
    written = app.write_comparison(cmp, out_dir, lang)
    click.echo("")
    click.echo(cli_text(lang)["wrote"].format(files=", ".join(str(p) for p in written)))


@scenario.command("levers")
@LANG_OPTION
@app_call
def levers(lang: str) -> None:
    """List the levers a scenario file can use, with their parameters and defaults."""
    x = cli_text(lang)["scenario"]
    for lever in app.levers(lang):
        click.echo(f"{lever.name}: {lever.label}")
        click.echo(f"  {lever.help}")
        click.echo(f"  {x['lever_params']}: {', '.join(lever.params)}, {', '.join(lever.common_params)}")
        for key, value in lever.defaults.items():
            click.echo(f"  {x['lever_default']} {key}: {value}")
        click.echo("")
