"""The figure rule table (``sitrep/data/figure_rules.jsonl``) indexed for :mod:`sitrep.nlp.figures`,
the word tests every figure step shares (people? dwellings?), and :class:`_Hit`, a quantity with the
metric found for it before it becomes a :class:`~sitrep.records.Figure`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ..rules import load_rules
from .numbers import Quantity

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token


class _Rules:
    def __init__(self, rows: tuple[dict[str, Any], ...]) -> None:
        self.metrics: dict[str, dict[str, Any]] = {}
        self.verbs: dict[str, list[dict[str, Any]]] = {}
        self.complements: dict[str, dict[str, Any]] = {}
        self.nouns: dict[str, dict[str, Any]] = {}
        self.event_nouns: dict[str, dict[str, Any]] = {}
        self.toll_nouns: dict[str, dict[str, Any]] = {}
        self.control: set[str] = set()
        self.containers: set[str] = set()
        self.token_patterns: list[dict[str, Any]] = []
        self.movement: set[str] = set()
        self.counted: dict[str, dict[str, Any]] = {}
        self.blocked: set[str] = set()
        self.blocked_ents: set[str] = set()
        self.directions: dict[str, str] = {}
        self.subset: set[str] = set()
        self.partitive: set[str] = set()
        self.stock_markers: set[str] = set()
        self.camp_words: set[str] = set()
        self.singular: dict[str, dict[str, Any]] = {}  # determiner -> rule ("a man", "another civilian")
        self.singular_pronouns: dict[str, dict[str, Any]] = {}  # object pronoun -> rule ("killing him")
        self.anaphoric: set[str] = set()  # "others", "more": counted like the noun before them
        self.irrealis: set[str] = set()  # "attempted to kill": the metric verb did not happen
        self.ids: dict[str, str] = {}
        for r in rows:
            kind = r.get("type")
            lemmas = [str(x).lower() for x in r.get("lemmas", ())]
            if kind == "metric":
                self.metrics[r["metric"]] = r
            elif kind == "verb":
                for lem in lemmas:
                    self.verbs.setdefault(lem, []).append(r)
            elif kind in ("complement", "noun", "event_noun", "toll_noun", "counted"):
                target = {
                    "complement": self.complements,
                    "noun": self.nouns,
                    "event_noun": self.event_nouns,
                    "toll_noun": self.toll_nouns,
                    "counted": self.counted,
                }[kind]
                for lem in lemmas:
                    target.setdefault(lem, r)
            elif kind == "control":
                self.control.update(lemmas)
            elif kind == "container":
                self.containers.update(lemmas)
            elif kind == "token_pattern":
                self.token_patterns.append(r)
            elif kind == "movement":
                self.movement.update(lemmas)
            elif kind == "blocked":
                self.blocked.update(lemmas)
            elif kind == "blocked_ent":
                self.blocked_ents.update(r.get("labels", ()))
            elif kind == "direction":
                for p in r.get("preps", ()):
                    self.directions[p] = r["role"]
            elif kind == "subset":
                self.subset.update(lemmas)
            elif kind == "partitive":
                self.partitive.update(lemmas)
                self.ids["partitive"] = r["id"]
            elif kind == "singular":
                for det in r.get("determiners", ()):
                    self.singular[str(det).lower()] = r
                for pron in r.get("pronouns", ()):
                    self.singular_pronouns[str(pron).lower()] = r
            elif kind == "irrealis":
                self.irrealis.update(lemmas)
            elif kind == "anaphoric":
                self.anaphoric.update(lemmas)
            elif kind == "camp_word":
                self.camp_words.update(lemmas)
            elif kind == "stock_marker":
                self.stock_markers.update(lemmas)
                self.ids["stock"] = r["id"]


@lru_cache(maxsize=8)
def _rules(rules_dir: str) -> _Rules:
    return _Rules(load_rules("figure_rules.jsonl", extra_dir=rules_dir))


@dataclass
class _Hit:
    """A quantity with the metric found for it (before it becomes a Figure)."""

    q: Quantity
    start: int  # char offsets in the doc
    end: int
    node: "Token"
    noun: "Token | None"
    metric: str | None = None
    rule_id: str | None = None
    verb: "Token | None" = None
    kind: str | None = None
    term: str | None = None
    subgroup: str | None = None
    unit: str = "people"
    parent_node: "Token | None" = None  # "including": the node of the figure this is part of
    partitive: bool = False
    origin: str | None = None
    destination: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def _lemma(tok: "Token") -> str:
    return tok.lemma_.lower() if tok.lemma_ else tok.lower_


def _words(tok: "Token") -> tuple[str, ...]:
    """The lemma, then the lower-cased form when it differs: in this order, so that the first rule found
    does not depend on set ordering (string hashing changes between processes)."""
    lemma, lower = _lemma(tok), tok.lower_
    return (lemma,) if lemma == lower else (lemma, lower)


def _antecedent(tok: "Token", rules: _Rules) -> "Token | None":
    """For an anaphoric counted noun ("others", "more": rule type "anaphoric"), the nearest counted noun
    before it in the sentence ("damaged 80 houses, destroyed 20 others" -> houses); None otherwise."""
    if not rules.anaphoric or _lemma(tok) not in rules.anaphoric:
        return None
    start = tok.sent.start
    for i in range(tok.i - 1, start - 1, -1):
        prev = tok.doc[i]
        if prev.pos_ in ("NOUN", "PROPN") and _lemma(prev) not in rules.anaphoric and any(x in rules.counted for x in _words(prev)):
            return prev
    return None


def _is_people(tok: "Token | None", rules: _Rules) -> bool:
    if tok is None:
        return True  # a bare number ("30,000 moving", "dozens were wounded") stands for people
    ante = _antecedent(tok, rules)
    if ante is not None:
        return _is_people(ante, rules)
    w = _words(tok)
    if any(x in rules.counted and not rules.counted[x].get("dwelling") for x in w):
        return True
    return tok.ent_type_ == "NORP"


def _is_dwelling(tok: "Token | None", rules: _Rules) -> bool:
    if tok is None:
        return False
    ante = _antecedent(tok, rules)
    return any(rules.counted.get(x, {}).get("dwelling") for x in _words(ante if ante is not None else tok))
