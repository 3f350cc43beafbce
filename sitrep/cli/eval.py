"""`sitrep eval TASK GOLD`: metrics on gold data, one JSON object on stdout."""

from __future__ import annotations

import inspect
import json
from pathlib import Path
from typing import Any

import click

from ..eval import TASKS


@click.command("eval")
@click.argument("task", type=click.Choice(sorted(TASKS)))
@click.argument("gold", type=click.Path(exists=True, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the metrics as one JSON object (the default output is the same object, indented).")
@click.option("--limit", type=click.IntRange(min=1), help="Use only the first N gold items (where the task supports it).")
@click.option("--processes", type=click.IntRange(min=1), help="Processes for the NLP pipeline (default: setting n_process).")
@click.option(
    "--repeat",
    type=click.IntRange(min=1),
    help="Timed runs, alternating, the best of each counts (where the task supports it: throughput).",
)
@click.pass_obj
def command(
    app: Any, task: str, gold: Path, as_json: bool, limit: int | None, processes: int | None, repeat: int | None
) -> None:
    """Measure the pipeline on gold data (TASK: acled, case2021, geoparse, idmc, polnear, throughput, timeml)."""
    import importlib

    settings = app.settings.replace(n_process=processes)
    module = importlib.import_module(TASKS[task][0])
    kwargs: dict[str, Any] = {"settings": settings}
    for name, value in (("limit", limit), ("repeat", repeat)):
        if value is not None:
            if name not in inspect.signature(module.run).parameters:
                raise click.UsageError(f"eval task {task} does not support --{name}")
            kwargs[name] = value
    metrics = module.run(gold, **kwargs)
    click.echo(json.dumps(metrics, sort_keys=True) if as_json else json.dumps(metrics, indent=2, sort_keys=True))
