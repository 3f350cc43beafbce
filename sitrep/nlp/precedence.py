"""Precedence between event labels found together: which one is the main event.

Data, not code: ``event_precedence.jsonl`` holds rules ``{"id", "first": [labels], "before": [labels],
"where": ["events", "classify", "note"], "min_weight": 0}``. When a label of ``first`` (with evidence of at least
``min_weight``: a rule weight in extract_events, a score in classify_doc) and a label of ``before`` are both found (in one
sentence for :func:`sitrep.nlp.events.extract_events`, in the whole text for
:func:`sitrep.nlp.classify.classify_doc`), the ``first`` one is the main event: extract_events lists it
first in the sentence (both stay records), classify_doc ranks the ``before`` label below it. This encodes
ACLED coding conventions such as "a clash with shelling is a battle" or "a protest whose participants turn
violent is a riot, whatever the police did". Labels are ACLED sub-event types, ``@territory`` (either
territory sub-type) or the upper-case out-of-taxonomy codes of ``nonevents.jsonl``.

``"note"`` rules rank the event mentions of one short report that codes a single event (an ACLED note):
:func:`main_mention` picks the mention such a report is about, with each mention's trigger-rule weight as
its evidence ("troops took the village after clashes" is a territory change, whichever sentence says so).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterable, Sequence

from ..errors import RuleError
from ..rules import load_rules
from .ruleset import GOV, NSA, SUB_TO_TYPE, TERRITORY

__all__ = ["PrecedenceRule", "load_precedence", "order", "demote", "main_mention"]

WHERE = frozenset({"events", "classify", "note"})
_CODE = re.compile(r"^[A-Z_]+$")
MARGIN = 0.01
#: statuses of events that have not happened: a report about what happened is not about them
NOT_YET = frozenset({"planned", "called-for"})


@dataclass(frozen=True)
class PrecedenceRule:
    id: str
    first: frozenset[str]
    before: frozenset[str]
    where: frozenset[str]
    min_weight: float = 0.0


def _labels(row: dict, key: str) -> frozenset[str]:
    values = row.get(key)
    if not values or not isinstance(values, list):
        raise RuleError(f"event_precedence.jsonl: rule {row.get('id')!r} needs a non-empty list {key!r}")
    out = set()
    for v in values:
        if v == TERRITORY:
            out.update((GOV, NSA))
        elif v in SUB_TO_TYPE or _CODE.match(v):
            out.add(v)
        else:
            raise RuleError(f"event_precedence.jsonl: rule {row.get('id')!r}: unknown label {v!r}")
    return frozenset(out)


@lru_cache(maxsize=8)
def load_precedence(*, rules_dir: str = "") -> tuple[PrecedenceRule, ...]:
    """The precedence rules (cached per rules folder)."""
    rules = []
    for row in load_rules("event_precedence.jsonl", extra_dir=rules_dir):
        where = frozenset(row.get("where", sorted(WHERE)))
        if not where <= WHERE:
            raise RuleError(f"event_precedence.jsonl: rule {row['id']!r}: 'where' must be within {sorted(WHERE)}")
        rules.append(
            PrecedenceRule(row["id"], _labels(row, "first"), _labels(row, "before"), where, float(row.get("min_weight", 0.0)))
        )
    return tuple(rules)


def _expand(label: str) -> tuple[str, ...]:
    return (GOV, NSA) if label == TERRITORY else (label,)


def _in(label: str, labels: frozenset[str]) -> bool:
    return any(x in labels for x in _expand(label))


def _members(labels: frozenset[str]) -> frozenset[str]:
    """The labels ``x`` with ``_in(x, labels)``: ``labels`` with @territory when it holds a territory
    sub-type (@territory itself only counts through them)."""
    out = set(labels) - {TERRITORY}
    if GOV in labels or NSA in labels:
        out.add(TERRITORY)
    return frozenset(out)


_COMPILED: dict[tuple[int, str], tuple[Any, list[tuple[frozenset[str], frozenset[str], float]]]] = {}


def _compiled(rules: Iterable[PrecedenceRule], where: str) -> list[tuple[frozenset[str], frozenset[str], float]]:
    """(before members, first members, min_weight) of the rules active ``where``; kept per rules tuple
    (a tuple of frozen rules does not change; it is held here, so its id is not reused)."""
    if isinstance(rules, tuple):
        hit = _COMPILED.get((id(rules), where))
        if hit is not None and hit[0] is rules:
            return hit[1]
    compiled = [(_members(r.before), _members(r.first), r.min_weight) for r in rules if where in r.where]
    if isinstance(rules, tuple):
        if len(_COMPILED) >= 32:
            _COMPILED.clear()
        _COMPILED[(id(rules), where)] = (rules, compiled)
    return compiled


def order(labels: Sequence[tuple[str, float]], rules: Iterable[PrecedenceRule], *, where: str = "events") -> list[int]:
    """Indices of ``labels`` ((label, weight) pairs) with every label demoted behind the labels that take
    precedence over it (a stable sort: a label loses one place in rank per rule that demotes it)."""
    present = list(labels)
    if len(present) < 2:
        return list(range(len(present)))
    active = _compiled(rules, where)

    def demotions(label: str) -> int:
        return sum(
            1
            for before, first, min_weight in active
            if label in before
            and label not in first
            and any(o in first and w >= min_weight for o, w in present)
        )

    return sorted(range(len(present)), key=lambda i: (demotions(present[i][0]), i))


def demote(scores: dict[str, float], rules: Iterable[PrecedenceRule], *, where: str = "classify") -> dict[str, float]:
    """Scores where each ``before`` label ranks below the best ``first`` label found with it."""
    out = dict(scores)
    for r in rules:
        if where not in r.where:
            continue
        tops = [out[lab] for lab in out if lab in r.first and out[lab] >= r.min_weight]
        if not tops:
            continue
        top = max(tops)
        for lab in out:
            if lab in r.before and lab not in r.first and out[lab] >= top:
                out[lab] = top - MARGIN
    return out


@lru_cache(maxsize=8)
def _trigger_weights(rules_dir: str = "") -> dict[str, float]:
    return {row["id"]: float(row.get("weight", 1.0)) for row in load_rules("triggers.jsonl", extra_dir=rules_dir)}


def main_mention(mentions: Sequence[Any], *, rules_dir: str = "") -> Any | None:
    """The mention a single-event report is about: the first one that is not background (and, when the
    report has one, not merely planned or called for), after the ``"note"`` precedence rules (a mention whose label another mention's label takes precedence over moves
    behind it). Mentions need ``sub_event_type``, ``status`` and ``provenance.rule_id``."""
    live = [m for m in mentions if m.status != "background"]
    done = [m for m in live if m.status not in NOT_YET]
    live = done or live
    if len(live) < 2:
        return live[0] if live else None
    rules = [r for r in load_precedence(rules_dir=rules_dir) if "note" in r.where]
    if not rules:
        return live[0]
    weights = _trigger_weights(rules_dir)
    pairs = [(m.sub_event_type, weights.get(m.provenance.rule_id, 0.0)) for m in live]
    return live[order(pairs, rules, where="note")[0]]
