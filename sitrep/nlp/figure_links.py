"""What a figure says beyond its metric: subsets ("including two children", "among them"), the
"with another 30,000 moving" continuation, origin and destination of a movement, stock or flow,
subgroup and unit. Part of :mod:`sitrep.nlp.figures`; the lexical decisions are rules in
``sitrep/data/figure_rules.jsonl``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .figure_rules import _Hit, _Rules, _antecedent, _lemma, _words

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token


def _with_absolute(node: "Token", rules: _Rules, hits_by_verb: dict[int, "_Hit"]) -> tuple[str, str, "Token"] | None:
    """ "(fled to X,) with another 30,000 moving to Y": a separate figure with the main verb's metric."""
    mover = main = None
    if node.dep_ == "pobj" and node.head.lower_ == "with":
        main = node.head.head
        mover = next((c for c in node.children if c.dep_ in ("acl", "relcl") and _lemma(c) in rules.movement), None)
    elif node.dep_ == "nsubj" and node.head.dep_ == "pcomp" and node.head.head.lower_ == "with":
        if _lemma(node.head) in rules.movement:
            mover, main = node.head, node.head.head.head
    if mover is None or main is None:
        return None
    parent = hits_by_verb.get(main.i)
    if parent is not None and parent.metric is not None:
        return parent.metric, parent.rule_id or "", mover
    return None


def _direction(verb: "Token | None", rules: _Rules) -> tuple[str | None, str | None]:
    """Origin and destination of a movement: "fled rebel-held east Aleppo", "to western neighborhoods"."""
    if verb is None:
        return None, None
    origin = destination = None
    for c in verb.children:
        if c.dep_ in ("dobj",) and _lemma(verb) in ("flee", "leave", "abandon", "escape"):
            origin = origin or _phrase(c)
        if c.dep_ in ("prep", "advmod", "prt"):
            role = rules.directions.get(c.lower_)
            pobj = next((d for d in c.children if d.dep_ == "pobj"), None)
            if pobj is None:  # "out of X": prep under prep
                inner = next((d for d in c.children if d.dep_ == "prep"), None)
                if inner is not None:
                    pobj = next((d for d in inner.children if d.dep_ == "pobj"), None)
            if role is None or pobj is None:
                continue
            if role == "origin" and origin is None:
                origin = _phrase(pobj)
            elif role == "destination" and destination is None:
                destination = _phrase(pobj)
    return origin, destination


def _phrase(tok: "Token") -> str:
    toks = list(tok.subtree)
    doc = tok.doc
    # cut at a trailing comma / a relative clause introduced after a comma
    end = toks[-1].i + 1
    for t in toks:
        if t.i > tok.i and t.text == ",":
            end = t.i
            break
    start = toks[0].i
    while start < end and doc[start].pos_ == "DET" and doc[start].lower_ in ("the", "a", "an"):
        start += 1
    return doc[start:end].text


def _kind(hit: _Hit, rules: _Rules) -> str:
    metric_rule = rules.metrics.get(hit.metric or "", {})
    kind = hit.kind or metric_rule.get("kind", "stock")
    verb = hit.verb
    if verb is not None and hit.metric in ("displaced", "fled", "evacuated", "relocated", "besieged", "sheltered", "homeless", "missing"):
        around = [verb, *verb.children, verb.head] if verb.dep_ in ("acomp", "xcomp", "oprd") else [verb, *verb.children]
        for t in around:
            lem = _lemma(t)
            if lem == "be":
                if t.tag_ in ("VBP", "VBZ"):
                    return "stock"
            elif lem in rules.stock_markers:
                return "stock"
    return kind


def _subgroup(hit: _Hit, rules: _Rules) -> str | None:
    for tok in (hit.noun,):
        if tok is None:
            continue
        for w in _words(tok):
            sub = rules.counted.get(w, {}).get("subgroup")
            if sub:
                return sub
    # "eight of those killed were civilians"
    head = hit.node.head
    if hit.node.dep_ == "nsubj" and _lemma(head) == "be":
        for c in head.children:
            if c.dep_ == "attr":
                for w in _words(c):
                    sub = rules.counted.get(w, {}).get("subgroup")
                    if sub:
                        return sub
    return None


def _unit(noun: "Token | None", rules: _Rules) -> str:
    if noun is None:
        return "people"
    ante = _antecedent(noun, rules)
    for w in _words(ante if ante is not None else noun):
        unit = rules.counted.get(w, {}).get("unit")
        if unit:
            return unit
    return "people"


def _subset_parent(node: "Token", rules: _Rules) -> "Token | None":
    """ "21 civilians, including two children" -> civilians; "among them three women" -> them's antecedent."""
    head = node.head
    if node.dep_ in ("nsubj", "nsubjpass") and head.dep_ == "relcl":
        # "killed 12 people, of whom seven were women" / "among whom two children"
        for c in head.children:
            if c.dep_ == "prep" and (c.lower_ == "of" or _lemma(c) in rules.subset or c.lower_ in rules.subset):
                if any(d.dep_ == "pobj" and d.lower_ in ("whom", "which") for d in c.children):
                    return head.head
    if node.dep_ == "pobj" and _lemma(head) in rules.subset | {"including"} | {head.lower_} and (
        _lemma(head) in rules.subset or head.lower_ in rules.subset
    ):
        return head.head
    return None


def _pronoun_subset(node: "Token", rules: _Rules) -> bool:
    """ "among them three commanders" / "including two of them": a part of the figure before it."""
    head = node.head
    if node.dep_ == "pobj" and (_lemma(head) in rules.subset or head.lower_ in rules.subset):
        if any(d.dep_ == "pobj" and d.pos_ == "PRON" and d.i < node.i for d in head.children):
            return True  # "among them 900 children" parsed with both as objects of "among"
    for c in node.children:
        if c.dep_ == "prep" and (_lemma(c) in rules.subset or c.lower_ in rules.subset):
            if any(d.dep_ == "pobj" and d.pos_ == "PRON" for d in c.children):
                return True
    return False
