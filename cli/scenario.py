"""Commands `scenario run`, `scenario compare` and `scenario levers`: options in, the
application layer's results printed in the user's language."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

import click
import pandas as pd

import app
from app.scenarios import DEFAULT_DRAWS, DEFAULT_SEED
from carbon.numbers import format_number, format_pct
from carbon.scenario.run import ScenarioResult

from .common import LANG_OPTION, ORG_OPTION, app_call
from .text import cli_text

OUT = click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
                   default=Path("out") / "scenarios", show_default=True)
SEED = click.option("--seed", type=int, default=DEFAULT_SEED, show_default=True)
DRAWS = click.option("--draws", type=click.IntRange(0, 1_000_000), default=DEFAULT_DRAWS,
                     show_default=True)


def run_options(command: Callable[..., None]) -> Callable[..., None]:
    """What every scenario command that projects takes: --org, --out, --seed, --draws, --lang
    (and OptionErrors of the application layer shown against their option)."""
    for option in (app_call, LANG_OPTION, DRAWS, SEED, OUT, ORG_OPTION):
        command = option(command)
    return command


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
    if "low" in y:
        for p in ("low", "median", "high"):
            table[t["band_" + p].format(interval=r.interval)] = [fmt(v) for v in y[p]]
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


# Help: cli/help.yaml, "scenario".
@click.group("scenario")
def scenario() -> None:
    pass


# Help: cli/help.yaml, "scenario run".
@scenario.command("run")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--year", "years", type=int, multiple=True)
@run_options
def run(file: Path, org_file: Path, out_dir: Path, seed: int, draws: int, years: tuple[int, ...],
        lang: str) -> None:
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


# Help: cli/help.yaml, "scenario compare".
@scenario.command("compare")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@run_options
def compare(files: tuple[Path, ...], org_file: Path, out_dir: Path, seed: int, draws: int,
            lang: str) -> None:
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


# Help: cli/help.yaml, "scenario levers".
@scenario.command("levers")
@LANG_OPTION
@app_call
def levers(lang: str) -> None:
    x = cli_text(lang)["scenario"]
    for lever in app.levers(lang):
        click.echo(f"{lever.name}: {lever.label}")
        click.echo(f"  {lever.help}")
        click.echo(f"  {x['lever_params']}: {', '.join(lever.params)}, {', '.join(lever.common_params)}")
        for key, value in lever.defaults.items():
            click.echo(f"  {x['lever_default']} {key}: {value}")
        click.echo("")


# Help: cli/help.yaml, "scenario plan".
@scenario.command("plan")
@click.option("--target", "target_year", type=int, required=True)
@click.option("--from", "start_file", type=click.Path(dir_okay=False, path_type=Path), default=None)
@click.option("--bounds", "bounds_file", type=click.Path(dir_okay=False, path_type=Path), default=None)
@click.option("--probability", type=click.FloatRange(1, 99), default=80, show_default=True)
@run_options
def plan(target_year: int, start_file: Path | None, bounds_file: Path | None, probability: float,
         org_file: Path, out_dir: Path, seed: int, draws: int, lang: str) -> None:
    r = app.plan_target(app.load(org_file), target_year, start_file=start_file,
                        bounds_file=bounds_file, probability=probability / 100.0, draws=draws,
                        seed=seed, lang=lang)
    x = cli_text(lang)["scenario"]
    fmt = lambda v: format_number(v, 1, lang)  # noqa: E731
    pct = lambda v: format_pct(100 * v, 1, lang)  # noqa: E731
    names = {c.index: c for c in r.candidates}
    click.echo(x["plan_title"].format(pct=format_number(r.reduction_pct, 0, lang), year=r.target_year,
                                      base=r.reference_year, base_total=fmt(r.reference_total),
                                      allowed=fmt(r.allowed_tco2e)))
    prob = lambda o: "" if o.probability is None else x["plan_probability"].format(p=pct(o.probability))  # noqa: E731
    click.echo(x["plan_start"].format(start=start_file or x["plan_no_start"], total=fmt(r.start.total),
                                      year=r.target_year, probability=prob(r.start)))
    click.echo("")
    click.echo(x["reach"].format(year=r.target_year))
    click.echo(pd.DataFrame({
        x["lever"]: r.reach["label"], x["parameter"]: r.reach["param"],
        x["bound"]: [format_number(v, 1, lang) for v in r.reach["bound"]],
        x["alone"]: [fmt(v) for v in r.reach["alone_tco2e"]],
        x["after_others"]: [fmt(v) for v in r.reach["after_others_tco2e"]]}).to_string(index=False))
    for title, p in ((x["plan_deterministic"], r.deterministic),
                     (x["plan_probabilistic"].format(p=pct(r.probability_goal),
                                                     draws=format_number(r.draws, 0, lang), seed=r.seed),
                      r.probabilistic)):
        if p is None:
            continue
        click.echo("")
        click.echo(title)
        if not p.settings and p.met:
            click.echo(x["plan_none"])
        elif p.settings:
            click.echo(pd.DataFrame({
                x["lever"]: [names[i].label for i in p.settings],
                x["parameter"]: [names[i].param for i in p.settings],
                x["setting"]: [format_number(names[i].value(s), 1, lang) for i, s in p.settings.items()],
                x["bound"]: [format_number(names[i].bound, 1, lang) for i in p.settings]}).to_string(index=False))
        if p.met:
            click.echo(x["plan_result"].format(year=r.target_year, total=fmt(p.outcome.total),
                                               allowed=fmt(r.allowed_tco2e), probability=prob(p.outcome)))
        else:
            short = "" if p.goal == "deterministic" else x["plan_short_probability"].format(
                p=pct(p.outcome.probability or 0.0), goal=pct(r.probability_goal))
            click.echo(x["plan_short"].format(tco2e=fmt(p.shortfall_tco2e), probability=short))
            click.echo(x["plan_binding"].format(names="; ".join(names[i].label for i in p.binding)))
    if len(r.sensitivity):
        click.echo("")
        click.echo(x["sensitivity"])
        s = r.sensitivity.head(8)
        click.echo(pd.DataFrame({x["kind"]: s["kind"], x["name"]: s["name"],
                                 x["p_low"]: [pct(v) for v in s["p_low"]],
                                 x["p_high"]: [pct(v) for v in s["p_high"]]}).to_string(index=False))
    written = app.write_plan(r, out_dir, lang)
    click.echo("")
    click.echo(cli_text(lang)["wrote"].format(files=", ".join(str(p) for p in written)))
