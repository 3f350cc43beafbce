"""`sitrep eval TASK GOLD`: measure the pipeline on gold data written by others.

Each task is a module of this package exposing ``run(gold: Path, *, settings: Settings) -> dict``
that returns one flat JSON-ready object of metrics (always including ``n``).
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

from ..errors import EvalError
from ..settings import Settings

__all__ = ["TASKS", "run_task"]

#: task name → (module, one-line description)
TASKS: dict[str, tuple[str, str]] = {
    "acled": ("sitrep.eval.acled", "ACLED CSV: event type, sub-event type, actors, fatalities, location"),
    "case2021": ("sitrep.eval.case2021", "CASE 2021 Task 2 TSV: 30-label event classification"),
    "idmc": ("sitrep.eval.idmc", "IDMC/IDETECT CSV: displacement quantity, term, unit, location"),
    "polnear": ("sitrep.eval.polnear", "PolNeAR BRAT folder: attribution sources"),
    "geoparse": ("sitrep.eval.geoparse", "Gritta-format XML: toponym resolution (acc@161km, AUC)"),
    "timeml": ("sitrep.eval.timeml", "TimeML folder: DATE timex value accuracy"),
    "throughput": ("sitrep.eval.throughput", "Articles/s and words/s against the parse-only ceiling"),
}


def run_task(task: str, gold: Path, *, settings: Settings) -> dict[str, Any]:
    """Run evaluation ``task`` on ``gold`` and return its metrics."""
    try:
        module_name, _ = TASKS[task]
    except KeyError:
        raise EvalError(f"unknown eval task {task!r}; known: {', '.join(sorted(TASKS))}") from None
    if not gold.exists():
        raise EvalError(f"{task}: gold path {gold} does not exist")
    module = importlib.import_module(module_name)
    return module.run(gold, settings=settings)
