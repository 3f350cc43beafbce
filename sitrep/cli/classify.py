"""`sitrep classify "TEXT" [--json]`: the event classification of a text with its evidence."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import click


@click.command("classify")
@click.argument("text")
@click.option("--json", "as_json", is_flag=True, help="Print the classification as one JSON object.")
@click.pass_obj
def command(app: Any, text: str, as_json: bool) -> None:
    """Classify TEXT: ACLED event type, sub-event type (or an out-of-taxonomy label), status, evidence."""
    from ..errors import SitrepError
    from ..nlp.classify import case_code, classify
    from ..settings import load_settings

    settings = getattr(app, "settings", None) or load_settings()
    try:
        result = classify(text, model=settings.model, rules_dir=settings.rules_dir)
    except SitrepError as exc:
        raise click.ClickException(str(exc)) from None
    data = dataclasses.asdict(result) | {"case_code": case_code(result.label)}
    if as_json:
        click.echo(json.dumps(data, sort_keys=True))
        return
    click.echo(f"type:      {result.event_type or '-'}")
    click.echo(f"sub-type:  {result.sub_event_type or '-'}")
    click.echo(f"label:     {result.label} ({data['case_code']})")
    click.echo(f"status:    {result.status}")
    click.echo(f"evidence:  {result.trigger!r} (rule {result.rule_id}, score {result.score})")
