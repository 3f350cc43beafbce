"""`sitrep export`: the store as JSONL or ACLED-layout CSV."""

from __future__ import annotations

import sys
from typing import Any

import click


@click.command("export")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl", show_default=True,
              help="jsonl: one article's extraction per line; csv: ACLED column layout, one event mention per row.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), help="Write to this file instead of stdout.")
@click.pass_obj
def command(app: Any, fmt: str, output: str | None) -> None:
    """Export stored records."""
    from ..export import export

    store = app.store()
    if output is None:
        n = export(store, format=fmt, out=sys.stdout)
    else:
        with open(output, "w", encoding="utf-8", newline="") as fh:
            n = export(store, format=fmt, out=fh)
    click.echo(f"exported {n} rows", err=True)
