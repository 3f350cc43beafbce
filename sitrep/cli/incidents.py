"""Incidents: `reconcile`, `incidents`, `incident show|merge|split`, `control`, `report`."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import click

from ..records import to_dict
from .output import console, print_json, print_object, print_table, safe


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date in YYYY-MM-DD form") from None


INCIDENT_COLUMNS = (
    ("id", lambda i: i.id[:10]),
    ("date", lambda i: i.time.start if i.time else ""),
    ("place", lambda i: (i.place.name if i.place else "")),
    ("sub-event", lambda i: i.sub_event_type),
    ("actor1", lambda i: i.actor1 or ""),
    ("killed cons. (range)", lambda i: "" if i.fatalities_conservative is None else f"{i.fatalities_conservative} ({i.fatalities_min}-{i.fatalities_max})"),
    ("grade", lambda i: i.grade),
    ("reports", lambda i: f"{len(i.mention_ids)} / {len(i.sources)} src"),
)


@click.command("reconcile")
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
@click.pass_obj
def reconcile_cmd(app: Any, as_json: bool) -> None:
    """Rebuild incidents from every stored mention (analyst corrections are re-applied).

    Ingest already reconciles each new article incrementally; run this after changing rules.
    """
    from ..reconcile.service import reconcile

    r = reconcile(app.store())
    counts = {"mentions": r.mentions, "incidents": r.incidents}
    click.echo(json.dumps(counts) if as_json else f"{r.mentions} mentions → {r.incidents} incidents")


@click.command("incidents")
@click.option("--since", callback=_date, metavar="YYYY-MM-DD")
@click.option("--until", callback=_date, metavar="YYYY-MM-DD")
@click.option("--grade", type=click.Choice(["confirmed", "fair", "single-source", "contested", "discounted"]))
@click.option("--limit", type=click.IntRange(min=1))
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array of incidents.")
@click.pass_obj
def incidents_cmd(app: Any, since: str | None, until: str | None, grade: str | None, limit: int | None, as_json: bool) -> None:
    """List reconciled incidents with conservative fatalities, range, grade and sources."""
    items = app.store().incidents(since=since, until=until, grade=grade, limit=limit)
    if as_json:
        print_json(items)
    else:
        print_table(items, INCIDENT_COLUMNS, title="incidents")


@click.group("incident")
def incident_group() -> None:
    """Inspect and correct one incident (corrections survive later reconciles)."""


@incident_group.command("show")
@click.argument("incident_id")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def incident_show(app: Any, incident_id: str, as_json: bool) -> None:
    """Show an incident: its ledger of figures per source, grade, and why each mention joined."""
    inc = app.store().incident(incident_id)
    if as_json:
        print_object(to_dict(inc))
        return
    out = console()
    out.print(safe(f"{inc.id}  {inc.event_type} / {inc.sub_event_type}"), markup=False)
    out.print(safe(f"place: {inc.place.name if inc.place else '?'}  date: {inc.time.start if inc.time else '?'}  actor: {inc.actor1 or '?'}"), markup=False)
    out.print(safe(f"grade: {inc.grade} ({inc.grade_reason})"), markup=False)
    out.print(safe(f"killed: conservative {inc.fatalities_conservative}, best {inc.fatalities_best}, range {inc.fatalities_min}-{inc.fatalities_max}"), markup=False)
    print_table(list(inc.ledger), (
        ("reported", lambda e: e.reported), ("source", lambda e: e.source), ("group", lambda e: e.source_group),
        ("metric", lambda e: e.metric), ("as written", lambda e: e.quantity), ("sentence", lambda e: e.sentence),
    ), title="ledger")
    for reason in inc.merge_reasons:
        out.print(safe("  joined " + reason), markup=False)


@incident_group.command("merge")
@click.argument("first")
@click.argument("second")
@click.option("--note", default="", help="Why (kept with the correction).")
@click.pass_obj
def incident_merge(app: Any, first: str, second: str, note: str) -> None:
    """Merge two incidents into one."""
    from ..reconcile.service import merge_incidents

    inc = merge_incidents(app.store(), first, second, note=note)
    click.echo(f"merged into {inc.id} ({len(inc.mention_ids)} mentions)")


@incident_group.command("split")
@click.argument("incident_id")
@click.argument("mention_ids", nargs=-1, required=True)
@click.option("--note", default="", help="Why (kept with the correction).")
@click.pass_obj
def incident_split(app: Any, incident_id: str, mention_ids: tuple[str, ...], note: str) -> None:
    """Move the given mentions (ids or prefixes) out of an incident into a new one."""
    from ..reconcile.service import split_incident

    for inc in split_incident(app.store(), incident_id, mention_ids, note=note):
        click.echo(f"{inc.id}: {len(inc.mention_ids)} mentions")


@click.command("control")
@click.argument("place")
@click.option("--json", "as_json", is_flag=True, help="Print the timeline as a JSON array.")
@click.pass_obj
def control_cmd(app: Any, place: str, as_json: bool) -> None:
    """The timeline of who held or claimed PLACE, contested periods marked."""
    from dataclasses import asdict

    from ..reconcile.control import timeline

    store = app.store()
    controls = store.control_claims(place=place)
    claims = {c.id: c for c in store.claims_by_ids([c.claim_id for c in controls if c.claim_id])}
    entries = timeline(controls, claims)
    if as_json:
        print_object({"place": place, "timeline": [asdict(e) for e in entries]})  # type: ignore[arg-type]
        return
    print_table(entries, (
        ("date", lambda e: e.date), ("place", lambda e: e.place), ("controller", lambda e: e.controller),
        ("claimed by", lambda e: e.claimed_by), ("stance", lambda e: e.stance),
        ("contested", lambda e: "contested" if e.contested else ""), ("sentence", lambda e: e.sentence),
    ), title=f"control of {place}")


@click.command("report")
@click.option("--since", callback=_date, required=True, metavar="YYYY-MM-DD")
@click.option("--until", callback=_date, required=True, metavar="YYYY-MM-DD")
@click.option("--country", metavar="CC", help="ISO country code, e.g. SY.")
@click.option("--admin1", metavar="NAME", help="First-level region, e.g. Aleppo.")
@click.option("--format", "fmt", type=click.Choice(["md", "html"]), default="md", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), help="Write to a file instead of stdout.")
@click.pass_obj
def report_cmd(app: Any, since: str, until: str, country: str | None, admin1: str | None, fmt: str, output: str | None) -> None:
    """A situation report: headline figures, incidents, displacement, contested claims, control, sources."""
    from ..report.service import situation_report

    text = situation_report(app.store(), since=since, until=until, country=country, admin1=admin1, format=fmt)
    if output:
        with open(output, "w", encoding="utf-8") as fh:
            fh.write(text)
        click.echo(f"wrote {output}", err=True)
    else:
        click.echo(text)


COMMANDS = (reconcile_cmd, incidents_cmd, incident_group, control_cmd, report_cmd)
