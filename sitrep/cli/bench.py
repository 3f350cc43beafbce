"""`sitrep bench`: per-article ingest time at growing store sizes (one JSON object on stdout)."""

from __future__ import annotations

import json
from typing import Any

import click

from ..bench import DEFAULT_SIZES


def _sizes(ctx: click.Context, param: click.Parameter, value: str) -> tuple[int, ...]:
    try:
        sizes = tuple(int(v) for v in value.replace(" ", "").split(",") if v)
    except ValueError:
        raise click.BadParameter("a comma-separated list of store sizes, e.g. 1000,10000") from None
    if not sizes or any(s < 0 for s in sizes):
        raise click.BadParameter("give at least one non-negative store size")
    return sizes


@click.command("bench")
@click.option(
    "--sizes",
    default=",".join(str(s) for s in DEFAULT_SIZES),
    show_default=True,
    callback=_sizes,
    help="Store sizes (synthetic articles) at which to time ingest, comma-separated.",
)
@click.option("--probe", type=click.IntRange(min=1), default=50, show_default=True, help="Fresh articles ingested at each size.")
@click.option("--json", "as_json", is_flag=True, help="Print one compact JSON object (default: indented).")
@click.pass_obj
def command(app: Any, sizes: tuple[int, ...], probe: int, as_json: bool) -> None:
    """Time per-article ingest at each store size in a scratch store; report the largest/smallest ratio.

    The store named by --db is not touched: the benchmark fills a temporary SQLite store.
    """
    from ..bench import run

    result = run(sizes=sizes, probe=probe, settings=app.settings)
    click.echo(json.dumps(result, sort_keys=True) if as_json else json.dumps(result, indent=2, sort_keys=True))
