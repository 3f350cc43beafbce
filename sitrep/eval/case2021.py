"""`sitrep eval case2021 GOLD`: CASE 2021 Task 2 fine-grained event classification (30 labels).

The gold file is the task's TSV (columns ``id``, ``EventSnippet``, ``SubType``), read with
``csv.QUOTE_NONE`` (snippets contain unbalanced quotes). Every snippet is classified by
:func:`sitrep.nlp.classify.classify_doc`, docs batched through ``nlp.pipe``.
"""

from __future__ import annotations

import csv
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from ..errors import EvalError
from .metrics import accuracy, macro_f1, per_label_f1, weighted_f1

__all__ = ["load", "run"]


def load(gold: Path) -> list[tuple[str, str, str]]:
    """(id, snippet, label) rows of a CASE 2021 Task 2 TSV."""
    csv.field_size_limit(sys.maxsize)
    try:
        with open(gold, encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
            need = {"id", "EventSnippet", "SubType"}
            if not reader.fieldnames or not need <= set(reader.fieldnames):
                raise EvalError(f"case2021: {gold} lacks the columns {sorted(need)}")
            return [(r["id"], r["EventSnippet"] or "", (r["SubType"] or "").strip()) for r in reader]
    except OSError as exc:
        raise EvalError(f"case2021: cannot read {gold}: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise EvalError(f"case2021: {gold} is not UTF-8 ({exc.reason})") from None


def predict(texts: list[str], *, settings: Any) -> list[str]:
    from ..nlp.classify import case_code, classify_doc
    from ..nlp.pipeline import load_nlp

    nlp = load_nlp(settings.model)
    return [
        case_code(classify_doc(doc, rules_dir=settings.rules_dir, actors=settings.actors).label)
        for doc in nlp.pipe(texts, batch_size=settings.batch_size)
    ]


def run(gold: Path, *, settings: Any, limit: int | None = None) -> dict[str, Any]:
    rows = load(gold)[:limit] if limit else load(gold)
    if not rows:
        raise EvalError(f"case2021: {gold} has no rows")
    labels = [r[2] for r in rows]
    preds = predict([r[1] for r in rows], settings=settings)
    per = per_label_f1(labels, preds)
    confusions = Counter((g, p) for g, p in zip(labels, preds) if g != p)
    return {
        "n": len(rows),
        "weighted_f1": round(weighted_f1(labels, preds), 4),
        "macro_f1": round(macro_f1(labels, preds), 4),
        "accuracy": round(accuracy(labels, preds), 4),
        "per_label_f1": {k: round(v, 3) for k, v in sorted(per.items())},
        "top_confusions": [f"{g} -> {p}: {n}" for (g, p), n in confusions.most_common(15)],
    }
