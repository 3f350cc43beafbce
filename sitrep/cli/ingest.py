"""`sitrep ingest`: read inputs, extract, store; bad inputs are quarantined with their reason."""

from __future__ import annotations

import re
import sys
from datetime import date
from typing import Any

import click

from .output import err_console, safe

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _check_date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        if not _DATE.match(value):
            raise ValueError
        date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date in YYYY-MM-DD form") from None
    return value


@click.command("ingest")
@click.argument("inputs", nargs=-1, required=True, metavar="PATH_OR_URL...")
@click.option("--published", callback=_check_date, metavar="YYYY-MM-DD", help="Publication date for every input (overrides what the input says).")
@click.option("--outlet", metavar="NAME", help="Outlet name for every input (overrides what the input says).")
@click.option("--allow-private", is_flag=True, default=None, help="Allow URLs on private/loopback addresses.")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
@click.pass_obj
def command(app: Any, inputs: tuple[str, ...], published: str | None, outlet: str | None, allow_private: bool | None, quiet: bool) -> None:
    """Ingest articles: .txt, .html, .jsonl, RSS/Atom feeds, folders (recursive), - for stdin, http(s) URLs.

    Exit status: 0 when every input was stored or already there, 1 when any was quarantined.
    """
    from ..pipeline import ingest

    settings = app.settings.replace(allow_private=allow_private)
    store = app.store()
    err = err_console()
    show_progress = sys.stdout.isatty() and not quiet
    counts = {"stored": 0, "already": 0, "quarantined": 0}

    def note(kind: str, item: Any) -> None:
        counts[kind] += 1
        if kind == "quarantined":
            err.print(f"sitrep: quarantined {safe(item.input)}: {safe(item.detail)} [{item.reason}]", markup=False)
        elif kind == "already" and not quiet and not show_progress:
            click.echo(f"already stored: {item.id} {safe(item.title)}")
        elif kind == "stored" and not quiet and not show_progress:
            click.echo(f"stored: {item.id} {safe(item.title)}")
        if progress is not None:
            progress.update(task, advance=1, description=_describe(counts))

    progress = task = None
    if show_progress:
        from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(), transient=False)
        task = progress.add_task(_describe(counts), total=None)
        progress.start()
    try:
        report = ingest(inputs, store=store, settings=settings, published=published, outlet=outlet, stdin=sys.stdin.buffer, on_item=note)
    finally:
        if progress is not None:
            progress.stop()
    if not quiet:
        click.echo(_describe(counts))
    sys.exit(report.exit_code)


def _describe(counts: dict[str, int]) -> str:
    return f"{counts['stored']} stored, {counts['already']} already stored, {counts['quarantined']} quarantined"
