"""Command `suppliers` and its `request`, `import` and `status`: the emissions by supplier, a
request to the largest for their own figures, their answers into the organisation's factors
and rules, and each request's status."""
from __future__ import annotations

import json
from pathlib import Path

import click

import app
from carbon.numbers import format_number, format_pct

from .common import LANG_OPTION, ORG_OPTION, OUT_OPTION, app_call, print_findings
from .text import cli_text

STATUSES = ("asked", "answered", "accepted", "declined")


def _table(rows: list[dict]) -> str:
    import pandas as pd

    return pd.DataFrame(rows).to_string(index=False)


def print_suppliers(r, lang: str, top: int) -> None:
    """The supplier table as text, with its totals and the caveat."""
    t = cli_text(lang)
    s = t["suppliers"]
    fmt = lambda v, d=1: format_number(v, d, lang)  # noqa: E731
    pct = lambda v: format_pct(v, 1, lang)  # noqa: E731
    click.echo(s["title"].format(org=r.org.name_in(lang), year=r.year))
    if r.org.illustrative_in(lang):
        click.echo(f"  ({r.org.illustrative_in(lang)})")
    click.echo("")
    rows = []
    for rec in r.table.head(top).to_dict("records"):
        rows.append({
            "#": rec["rank"], s["supplier"]: f"{rec['supplier_name']} ({rec['supplier_id']})",
            s["eur"]: fmt(rec["eur"], 0), s["tco2e"]: fmt(rec["tco2e"]),
            s["kg_per_eur"]: fmt(rec["kg_per_eur"], 3), s["share"]: pct(rec["share_pct"]),
            s["scope3_share"]: pct(rec["scope3_share_pct"]),
            s["quality"]: t["footprint"]["qualities"].get(rec["quality"], rec["quality"]),
            s["change"]: pct(rec["change_pct"]) if rec["change_pct"] == rec["change_pct"] else "–",
            s["status"]: s["statuses"].get(rec["status"], "") if rec["status"] else "–",
            s["uncounted"]: fmt(rec["uncounted_eur"], 0) if rec["uncounted_eur"] else "–",
            s["groups"]: rec["source_groups"]})
    if rows:
        click.echo(_table(rows))
    tot = r.totals
    click.echo("")
    if len(r.table) > top:
        click.echo(s["more"].format(n=len(r.table) - top))
    click.echo(s["totals"].format(n=len(r.table), suppliers=fmt(tot.suppliers_tco2e),
                                  without=fmt(tot.without_tco2e), lines=tot.without_lines,
                                  spend=fmt(tot.spend_tco2e), total=fmt(tot.total_tco2e)))
    if r.previous_year is not None:
        click.echo(s["change_from"].format(year=r.previous_year))
    if float(r.table["uncounted_eur"].sum()):
        click.echo(s["uncounted_note"])
    click.echo(s["caveat"])


# Help: cli/help.yaml, "suppliers".
@click.group("suppliers", invoke_without_command=True)
@ORG_OPTION
@click.option("--year", type=int, default=None)
@click.option("--top", type=click.IntRange(1, None), default=20, show_default=True)
@OUT_OPTION
@LANG_OPTION
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
@app_call
def suppliers(ctx: click.Context, org_file: Path, year: int | None, top: int, out_dir: Path,
              lang: str, as_json: bool) -> None:
    if ctx.invoked_subcommand is not None:
        return
    inputs = app.load(org_file)
    r = app.supplier_emissions(inputs, year, lang)
    if as_json:
        click.echo(json.dumps(app.suppliers_json(r), ensure_ascii=False, indent=2))
        return
    print_suppliers(r, lang, top)
    written = app.write_suppliers(r, out_dir)
    click.echo(cli_text(lang)["wrote"].format(files=", ".join(str(p) for p in written)))


# Help: cli/help.yaml, "suppliers request".
@suppliers.command("request")
@ORG_OPTION
@click.option("--year", type=int, default=None)
@click.option("--top", type=int, default=10, show_default=True)
@click.option("--supplier", "supplier_ids", multiple=True)
@click.option("--deadline", default=None)
@OUT_OPTION
@LANG_OPTION
@app_call
def request(org_file: Path, year: int | None, top: int, supplier_ids: tuple[str, ...],
            deadline: str | None, out_dir: Path, lang: str) -> None:
    inputs = app.load(org_file)
    pack = app.request_pack(inputs, year, top, list(supplier_ids) or None, deadline)
    s = cli_text(lang)["suppliers"]
    written = app.write_requests(pack, out_dir)
    click.echo(s["requested"].format(n=len(pack.letters), year=pack.year))
    for lt in pack.letters:
        click.echo(s["request_line"].format(supplier=lt.supplier_name, id=lt.supplier_id,
                                            lang=lt.lang))
    click.echo(s["status_file"].format(file=pack.settings.status_file))
    click.echo(cli_text(lang)["wrote"].format(files=f"{len(written)} → {out_dir / 'suppliers'}"))


# Help: cli/help.yaml, "suppliers import".
@suppliers.command("import")
@click.argument("files", nargs=-1, required=True,
                type=click.Path(dir_okay=False, path_type=Path))
@ORG_OPTION
@click.option("--dry-run", is_flag=True)
@LANG_OPTION
@app_call
def import_answers(files: tuple[Path, ...], org_file: Path, dry_run: bool, lang: str) -> None:
    inputs = app.load(org_file)
    r = app.import_answers(inputs, list(files))
    s = cli_text(lang)["suppliers"]
    fmt = lambda v, d=1: format_number(v, d, lang)  # noqa: E731
    click.echo(s["imported"].format(n=len(r.answers), file=r.factor_file))
    for f in r.factors:
        a = f.answer
        click.echo(s["answer_line"].format(
            supplier=a.supplier_name or a.supplier_id, id=a.supplier_id, year=a.year,
            file=a.file.name, row=a.row, value=fmt(f.value, 4), fallback=f.fallback,
            change=fmt(r.change_tco2e[(a.supplier_id, a.year)]),
            status=s["statuses"][r.statuses[(a.supplier_id, a.year)]]))
    counts = {k: sum(v == k for v in r.rules.values()) for k in ("added", "replaced", "unchanged")}
    click.echo(s["rules"].format(file=r.mapping_file, **counts))
    print_findings(r.notes, lang)
    if dry_run:
        click.echo(cli_text(lang)["factors"]["dry_run"])
        return
    written = app.write_supplier_import(r, org_file)
    click.echo(cli_text(lang)["wrote"].format(files=", ".join(str(p) for p in written)))


# Help: cli/help.yaml, "suppliers status".
@suppliers.command("status")
@click.argument("supplier_id", required=False)
@ORG_OPTION
@click.option("--year", type=int, default=None)
@click.option("--set", "new_status", type=click.Choice(STATUSES), default=None)
@click.option("--note", default="")
@LANG_OPTION
@app_call
def status(supplier_id: str | None, org_file: Path, year: int | None, new_status: str | None,
           note: str, lang: str) -> None:
    inputs = app.load(org_file)
    s = cli_text(lang)["suppliers"]
    if new_status is not None:
        if not supplier_id:
            raise click.UsageError(s["status_needs_id"])
        path = app.set_supplier_status(inputs, supplier_id, year, new_status, note)
        click.echo(s["status_set"].format(id=supplier_id, status=s["statuses"][new_status],
                                          file=path))
        return
    r = app.supplier_emissions(inputs, year, lang)
    rows = [{s["supplier"]: f"{rec['supplier_name']} ({rec['supplier_id']})",
             s["status"]: s["statuses"][rec["status"]], s["lang"]: rec["lang"]}
            for rec in r.table.to_dict("records")
            if rec["status"] and (not supplier_id or rec["supplier_id"] == supplier_id)]
    click.echo(s["status_title"].format(year=r.year, file=r.status_file))
    click.echo(_table(rows) if rows else s["status_none"])


# Help: cli/help.yaml, "suppliers tender".
@suppliers.command("tender")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@ORG_OPTION
@LANG_OPTION
@app_call
def tender(file: Path, org_file: Path, lang: str) -> None:
    inputs = app.load(org_file)
    r = app.tender_comparison(inputs, file, lang)
    s = cli_text(lang)["suppliers"]
    fmt = lambda v, d=1: format_number(v, d, lang) if v is not None else "–"  # noqa: E731
    t = r.tender
    click.echo(s["tender_title"].format(name=t.name, group=r.group_name, first=t.years[0],
                                        last=t.years[-1]))
    click.echo(s["tender_reference"].format(year=r.reference_year, tco2e=fmt(r.reference_tco2e)))
    click.echo("")
    click.echo(_table([{"#": rec["rank"], s["bidder"]: rec["bidder"],
                        s["intensity"]: f"{fmt(rec['intensity'], 3)} {rec['unit']}",
                        s["verified"]: cli_text(lang)["yes"] if rec["verified"] else cli_text(lang)["no"],
                        "tCO2e": fmt(rec["tco2e"]), s["carbon_cost"]: fmt(rec["carbon_cost_eur"], 0),
                        s["bid_price"]: fmt(rec["price_eur"], 0),
                        s["price_with_carbon"]: fmt(rec["price_with_carbon_eur"], 0)}
                       for rec in r.table.to_dict("records")]))
    click.echo("")
    years = r.by_year.pivot(index="bidder", columns="year", values="tco2e")
    click.echo(s["tender_years"])
    click.echo(years.map(lambda v: fmt(v)).to_string())
    click.echo("")
    click.echo(s["tender_price"].format(price=fmt(t.carbon_price, 0)) if t.carbon_price is not None
               else s["tender_no_price"])
