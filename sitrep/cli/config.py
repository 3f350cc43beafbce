"""`sitrep config`: the effective settings and where each comes from (the settings table)."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

import click

from ..settings import SETTINGS


@click.command("config")
@click.option("--json", "as_json", is_flag=True, help="Print the effective settings as JSON.")
@click.pass_obj
def command(app: Any, as_json: bool) -> None:
    """Show the effective settings (defaults < sitrep.toml / SITREP_CONFIG < SITREP_* environment < options)."""
    values = asdict(app.settings)
    if as_json:
        click.echo(json.dumps(values, indent=2))
        return
    for s in SETTINGS:
        click.echo(f"{s.name} = {values[s.name]!r}    # {s.env}: {s.help}")
