"""`sitrep export`: the store as JSONL or ACLED-layout CSV."""

from __future__ import annotations

import sys
from typing import Any

import click


@click.command("export")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "acled-csv", "ged-csv", "geojson"]), default="jsonl",
              show_default=True,
              help="jsonl: one article's extraction per line (with --incidents: one incident per line); csv: ACLED layout, "
                   "one event mention per row; acled-csv / ged-csv / geojson: reconciled incidents (ACLED layout with "
                   "conservative fatalities; UCDP GED-like best/low/high; GeoJSON points).")
@click.option("--incidents", is_flag=True, help="Export reconciled incidents instead of mentions (implied by acled-csv, ged-csv, geojson).")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), help="Write to this file instead of stdout.")
@click.pass_obj
def command(app: Any, fmt: str, incidents: bool, output: str | None) -> None:
    """Export stored records: mentions, or reconciled incidents."""
    from ..export import export

    store = app.store()
    if incidents and fmt == "csv":
        raise click.UsageError("incidents export as acled-csv, ged-csv, geojson or jsonl")
    if output is None:
        n = export(store, format=fmt, out=sys.stdout, incidents=incidents)
    else:
        with open(output, "w", encoding="utf-8", newline="") as fh:
            n = export(store, format=fmt, out=fh, incidents=incidents)
    click.echo(f"exported {n} rows", err=True)
