"""`sitrep eval idmc GOLD`: displacement figures against the IDMC IDETECT labelled excerpts.

GOLD is one CSV (or a folder of CSVs) with the IDETECT columns ``Excerpt``, ``Displacement figure``
(older releases: ``Quantity``), ``Reporting term``, ``Reporting unit`` and ``Specific location``; rows
without an excerpt (the URL-only training list) are skipped.

Each excerpt goes through the spaCy pipeline and :func:`sitrep.nlp.figures.extract_figures`. Metrics:

* ``quantity_exact``: the excerpt's headline number (:func:`sitrep.nlp.figures.main_total`: the value, best
  else low, of the *primary* figure, :func:`sitrep.nlp.figures.main_figure`: displacement of people before
  housing, wholes before subsets, numbers before vague quantities, then text order; summed with the same
  count for other named places, as IDMC records one total) equals the gold quantity;
* ``quantity_any``: some figure of the excerpt has the gold value (excerpts often hold several figures);
* ``term_accuracy`` / ``unit_accuracy``: on the figure whose value equals the gold (else the primary
  figure), the IDMC term / unit equals the gold (case-insensitive; unit "families" counts as
  "Households", as IDMC does); a row without any figure counts as wrong;
* ``location_accuracy``: over rows with a gold location, one of its parts (split on commas and "and")
  occurs, case-insensitively, in the matched figure's origin, destination or, failing those, its sentence.
  (Place resolution belongs to another component; this measures whether the right sentence was used.)

``errors`` counts the failure classes; a row that failed and whose excerpt does not read as English
(few English function words) is counted as ``non-English excerpt`` instead of its usual class: the
pipeline is English-only, and ``n_non_english`` says how many excerpts that concerns overall.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path
from typing import Any

from ..errors import EvalError
from ..records import Figure

__all__ = ["run", "load_gold", "score", "is_english"]


def _num(text: str) -> float | None:
    text = (text or "").strip().replace(",", "")
    try:
        return float(text)
    except ValueError:
        return None


def load_gold(gold: Path) -> list[dict[str, Any]]:
    """Rows with an excerpt: {excerpt, quantity, term, unit, location}."""
    paths = sorted(gold.glob("*.csv")) if gold.is_dir() else [gold]
    rows: list[dict[str, Any]] = []
    for path in paths:
        try:
            with open(path, encoding="utf-8", errors="replace", newline="") as fh:
                reader = csv.DictReader(fh)
                fields = reader.fieldnames or []
                if "Excerpt" not in fields:
                    continue
                qcol = "Displacement figure" if "Displacement figure" in fields else "Quantity"
                for r in reader:
                    excerpt = (r.get("Excerpt") or "").strip()
                    if not excerpt:
                        continue
                    rows.append(
                        {
                            "excerpt": excerpt,
                            "quantity": _num(r.get(qcol, "")),
                            "term": (r.get("Reporting term") or "").strip(),
                            "unit": (r.get("Reporting unit") or "").strip(),
                            "location": (r.get("Specific location") or "").strip(),
                        }
                    )
        except OSError as exc:
            raise EvalError(f"idmc: cannot read {path}: {exc}") from None
        except csv.Error as exc:
            raise EvalError(f"idmc: {path} is not a readable CSV: {exc}") from None
    if not rows:
        raise EvalError(f"idmc: no rows with an Excerpt column in {gold}")
    return rows


def _value(f: Figure) -> int | None:
    return f.best if f.best is not None else f.low


def _headline(figs: list[Figure], rules_dir: str = "") -> int | None:
    from ..nlp.figures import main_total

    return main_total(figs, rules_dir=rules_dir)


def _primary(figs: list[Figure], rules_dir: str = "") -> Figure | None:
    from ..nlp.figures import main_figure

    return main_figure(figs, rules_dir=rules_dir)


_ENGLISH = frozenset(
    "the of and to in a is was were are have has had been by for with from on at that people their "
    "they as which after this homes houses families".split()
)


def is_english(text: str) -> bool:
    """A rough check: at least one word in twelve is a common English function word. Fragments of fewer
    than six words ("IDPs total 122 387") cannot be told apart and count as English."""
    words = re.findall(r"[a-z]+", text.lower())
    return len(words) < 6 or sum(w in _ENGLISH for w in words) * 12 >= len(words)


def _unit(f: Figure) -> str:
    return "households" if f.unit in ("households", "families") else f.unit


def _location_parts(loc: str) -> list[str]:
    parts = re.split(r",|;|\band\b|&", loc)
    return [p.strip().lower() for p in parts if len(p.strip()) > 2]


def score(rows: list[dict[str, Any]], predictions: list[list[Figure]], *, rules_dir: str = "") -> dict[str, Any]:
    """Metrics for gold ``rows`` and the figures predicted for each excerpt (same order)."""
    n = len(rows)
    exact = anyhit = term_ok = unit_ok = loc_ok = loc_n = n_foreign = 0
    errors: Counter = Counter()
    for row, figs in zip(rows, predictions):
        gold_q = row["quantity"]
        prim = _primary(figs, rules_dir)
        headline = _headline(figs, rules_dir)
        match = next((f for f in figs if gold_q is not None and _value(f) == gold_q), None)
        chosen = match or prim
        english = is_english(row["excerpt"])
        n_foreign += not english
        if headline is not None and gold_q is not None and headline == gold_q:
            exact += 1
        elif not english:
            errors["non-English excerpt"] += 1
        elif not figs:
            errors["no figure"] += 1
        elif match is not None:
            errors["gold figure found but not primary"] += 1
        else:
            errors["gold value not extracted"] += 1
        if match is not None:
            anyhit += 1
        if chosen is not None and (chosen.term or "").lower() == row["term"].lower():
            term_ok += 1
        elif chosen is not None:
            errors[f"term {row['term']} -> {chosen.term}"] += 1
        if chosen is not None and _unit(chosen) == row["unit"].lower():
            unit_ok += 1
        if row["location"]:
            loc_n += 1
            if chosen is not None:
                hay = " ".join(x for x in (chosen.origin, chosen.destination) if x) or chosen.provenance.sentence
                if any(p in hay.lower() for p in _location_parts(row["location"])):
                    loc_ok += 1
    return {
        "n": n,
        "quantity_exact": round(exact / n, 4) if n else 0.0,
        "quantity_any": round(anyhit / n, 4) if n else 0.0,
        "term_accuracy": round(term_ok / n, 4) if n else 0.0,
        "unit_accuracy": round(unit_ok / n, 4) if n else 0.0,
        "location_accuracy": round(loc_ok / loc_n, 4) if loc_n else 0.0,
        "n_location": loc_n,
        "n_non_english": n_foreign,
        "errors": dict(errors.most_common(12)),
    }


def run(gold: Path, *, settings: Any) -> dict[str, Any]:
    """Extract figures from every gold excerpt and score them."""
    from ..nlp.figures import extract_figures
    from ..nlp.pipeline import load_nlp

    rows = load_gold(Path(gold))
    nlp = load_nlp(settings.model)
    rules_dir = getattr(settings, "rules_dir", "") or ""
    predictions = [
        extract_figures(doc, article_id=f"idmc-{i}", rules_dir=rules_dir)
        for i, doc in enumerate(nlp.pipe((r["excerpt"] for r in rows), batch_size=getattr(settings, "batch_size", 64)))
    ]
    return score(rows, predictions, rules_dir=rules_dir)
