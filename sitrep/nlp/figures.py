"""Figures from a parsed Doc: "killed 21 civilians", "more than 50,000 people have fled", "hundreds detained".

Mechanics only; every lexical decision is a rule in ``sitrep/data/figure_rules.jsonl`` (see its header).
The quantity itself comes from :mod:`sitrep.nlp.numbers`. For each quantity in a sentence:

1. find its syntactic node (the number, or the noun it counts: "21 -> civilians", "hundreds (of people)");
2. drop it when it is not a count of people or dwellings (dates, ages, money, "two weeks", unknown nouns);
3. find the metric, first from the governing predicate ("killed 21", "21 were killed", "were left homeless",
   "forced 17,000 to leave their homes", "the death toll rose to 30"), then the counted noun itself ("5 dead",
   "8,000 IDPs"), a partitive ("eight of those killed"), a modifier ("displaced persons"), a conjunct, or an
   absolute "with another 30,000 moving to ...";
4. fill subgroup, unit, IDMC term, stock/flow, origin/destination, and link subsets ("including two children",
   "eight of those killed" -> the latest earlier figure of the same metric).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ..records import Figure, Provenance, record_id
from ..rules import load_rules
from .numbers import Quantity, find_quantities

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Span, Token

__all__ = ["extract_figures", "main_figure"]

_OBJECT_DEPS = ("dobj", "nsubjpass", "obj", "attr_obj")
_SUBJECT_DEPS = ("nsubj",)
_COMPLEMENT_DEPS = ("acomp", "oprd", "xcomp", "ccomp", "attr", "advcl", "conj", "dobj")
_MODIFIER_DEPS = ("amod", "acl", "relcl", "compound")


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


def _words(tok: "Token") -> set[str]:
    return {_lemma(tok), tok.lower_}


def _is_people(tok: "Token | None", rules: _Rules) -> bool:
    if tok is None:
        return True  # a bare number ("30,000 moving", "dozens were wounded") stands for people
    w = _words(tok)
    if any(x in rules.counted and not rules.counted[x].get("dwelling") for x in w):
        return True
    return tok.ent_type_ == "NORP"


def _is_dwelling(tok: "Token | None", rules: _Rules) -> bool:
    return tok is not None and any(rules.counted.get(x, {}).get("dwelling") for x in _words(tok))


def _locate(doc: "Doc", sent: "Span", q: Quantity) -> "Span | None":
    return doc.char_span(sent.start_char + q.start, sent.start_char + q.end, alignment_mode="expand")


def _anchor(span: "Span") -> "Token":
    """The number token of a quantity span ("An estimated 120,000": 120,000, not "An")."""
    root = span.root
    nums = [t for t in span if t.like_num or t.pos_ == "NUM"]
    if root in nums or not nums:
        return root
    outside = [t for t in nums if not (span.start <= t.head.i < span.end)]
    return (outside or nums)[-1]


def _node_of(span: "Span", rules: _Rules) -> tuple["Token", "Token | None"]:
    """The token standing for the count in the parse, and the noun it counts (if any)."""
    anchor = _anchor(span)
    head = anchor.head
    if anchor.dep_ in ("nummod", "quantmod", "amod", "nmod", "compound") and head.i not in range(span.start, span.end) and head.pos_ in ("NOUN", "PROPN", "ADJ", "VERB"):
        return head, head
    for child in anchor.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for pobj in child.children:
                if pobj.dep_ == "pobj" and (pobj.pos_ in ("NOUN", "PROPN") or pobj.ent_type_ == "NORP"):
                    if _is_people(pobj, rules) or _is_dwelling(pobj, rules) or any(x in rules.nouns for x in _words(pobj)):
                        return anchor, pobj
    return anchor, None


def _verb_rule(verb: "Token", role: str, node: "Token", noun: "Token | None", rules: _Rules) -> dict[str, Any] | None:
    for rule in rules.verbs.get(_lemma(verb), ()):
        if role not in rule.get("roles", ()):
            continue
        if rule.get("needs_dwelling") and not _is_dwelling(noun, rules):
            continue
        if rule.get("needs_people") and not _is_people(noun, rules):
            continue
        if not rule.get("needs_dwelling") and _is_dwelling(noun, rules):
            continue
        adverbs = {_lemma(c) for c in verb.children if c.dep_ in ("advmod", "npadvmod")}
        if rule.get("needs_advmod") and not adverbs.intersection(rule["needs_advmod"]):
            continue
        if adverbs.intersection(rule.get("unless_advmod", ())):
            continue
        need_obj = rule.get("needs_object")
        if need_obj and not any(c.dep_ in ("dobj", "obj") and _lemma(c) in need_obj for c in verb.children):
            continue
        need_prep = rule.get("needs_prep_obj")
        if need_prep and not _prep_objects(verb).intersection(need_prep):
            continue
        return rule
    return None


def _prep_objects(verb: "Token") -> set[str]:
    out: set[str] = set()
    for c in verb.children:
        if c.dep_ in ("prep", "advmod", "prt"):
            for d in c.subtree:
                if d.dep_ == "pobj" or d.pos_ == "NOUN":
                    out.add(_lemma(d))
    return out


def _complement(verb: "Token", noun: "Token | None", rules: _Rules, *, depth: int = 0) -> tuple[dict[str, Any], "Token"] | None:
    """A metric carried by a complement of ``verb``: "left homeless", "are missing", "reported killed"."""
    for c in verb.children:
        if c.dep_ not in _COMPLEMENT_DEPS or c.i < verb.i and c.dep_ != "attr":
            continue
        if c.dep_ == "conj" and any(d.dep_ in ("nsubj", "nsubjpass") for d in c.children):
            continue  # "124,600 were affected, and 58,980 were evacuated": another clause, another count
        for w in _words(c):
            if w in rules.complements and _fits(rules.complements[w], noun, rules):
                return rules.complements[w], c
        if c.dep_ == "oprd":  # "left homeless following the rain" parsed as an adjective on the noun
            for d in c.children:
                if d.dep_ == "amod" and d.i < c.i and any(w in rules.complements for w in _words(d)):
                    return rules.complements.get(_lemma(d)) or rules.complements[d.lower_], d
        if c.pos_ in ("VERB", "ADJ") and c.dep_ in ("oprd", "xcomp", "ccomp", "acomp"):
            rule = _verb_rule(c, "object", c, noun, rules) or _verb_rule(c, "subject", c, noun, rules)
            if rule is not None:
                return rule, c
    return None


def _fits(rule: dict[str, Any], noun: "Token | None", rules: _Rules) -> bool:
    """A complement about dwellings ("uninhabitable") needs a dwelling; one about people needs none."""
    return bool(rule.get("dwelling")) == _is_dwelling(noun, rules)


def _predicate(node: "Token", noun: "Token | None", rules: _Rules, *, depth: int = 0) -> tuple[dict[str, Any], "Token"] | None:
    """The metric from the predicate governing ``node``."""
    dep, head = node.dep_, node.head
    if head is node or depth > 3:
        return None
    if dep in _SUBJECT_DEPS and head.pos_ == "AUX" and head.dep_ in ("aux", "auxpass") and head.head is not head:
        # "300,000 civilians remained displaced" parsed with the auxiliary as the subject's head
        dep, head = ("nsubjpass" if head.dep_ == "auxpass" else dep), head.head
    # "a total of 1,964 households were displaced": the container noun carries the role
    if dep == "pobj" and head.lower_ == "of" and _lemma(head.head) in rules.containers:
        return _predicate(head.head, noun, rules, depth=depth + 1)
    role = "object" if dep in _OBJECT_DEPS else "subject" if dep in _SUBJECT_DEPS else None
    if role is not None:
        rule = _verb_rule(head, role, node, noun, rules)
        if rule is None and role == "subject" and head.tag_ == "VBN" and (
            not any(c.dep_ in ("aux", "auxpass") for c in head.children) or any(c.dep_ == "auxpass" for c in head.children)
        ):
            # "and 2,536 relocated": an elliptical passive; "300,000 remained displaced": a passive the parser
            # labelled with a subject
            rule = _verb_rule(head, "object", node, noun, rules)
        if rule is not None:
            return rule, head
        if role == "subject" and head.pos_ == "ADJ":
            # "nine people dead", "1,000 homeless": the predicate adjective itself
            for w in _words(head):
                if w in rules.complements and _fits(rules.complements[w], noun, rules):
                    return rules.complements[w], head
        comp = _complement(head, noun, rules)
        if comp is not None:
            return comp
        if _lemma(head) in rules.control:
            for c in head.children:
                if c.dep_ in ("xcomp", "ccomp", "advcl") and c.pos_ in ("VERB", "AUX"):
                    rule = _verb_rule(c, "subject", node, noun, rules) or _verb_rule(c, "object", node, noun, rules)
                    if rule is not None:
                        return rule, c
                    comp = _complement(c, noun, rules)
                    if comp is not None:
                        return comp
        # "the death toll rose to 30" (the number hangs under "to"), handled below
    if dep == "pobj" and head.dep_ == "prep":
        verb = head.head
        # "the evacuation of 2,000 residents"
        if head.lower_ == "of" and verb.pos_ in ("NOUN", "PROPN"):
            for w in _words(verb):
                if w in rules.event_nouns:
                    return rules.event_nouns[w], verb
        # "the death toll rose to 30" / "stands at 30"
        if head.lower_ in ("to", "at") and verb.pos_ in ("VERB", "AUX"):
            for c in verb.children:
                if c.dep_ in ("nsubj", "nsubjpass") and any(w in rules.toll_nouns for w in _words(c)):
                    return rules.toll_nouns[_lemma(c)] if _lemma(c) in rules.toll_nouns else rules.toll_nouns[c.lower_], c
    if dep == "appos" or (dep == "attr" and head.lemma_ == "be"):
        # "the toll is 30" / "casualties: 30"
        for c in head.children:
            if c.dep_ in ("nsubj",) and any(w in rules.toll_nouns for w in _words(c)):
                return rules.toll_nouns.get(_lemma(c)) or rules.toll_nouns[c.lower_], c
    return None


def _noun_metric(noun: "Token | None", node: "Token", rules: _Rules) -> tuple[dict[str, Any], "Token"] | None:
    for tok in (noun, node):
        if tok is None:
            continue
        for w in _words(tok):
            rule = rules.nouns.get(w)
            if rule is None:
                continue
            need = rule.get("needs_verb")
            if need:
                head = tok.head
                if not (tok.dep_ in _OBJECT_DEPS and _lemma(head) in need) and not any(
                    c.dep_ in ("acl", "relcl", "amod") and _lemma(c) in need for c in tok.children
                ):
                    continue
            return rule, tok
    return None


def _modifier(noun: "Token | None", node: "Token", rules: _Rules) -> tuple[dict[str, Any], "Token"] | None:
    """A participle or adjective on the counted noun: "displaced persons", "people forced to flee"."""
    for tok in (noun, node):
        if tok is None:
            continue
        for c in tok.children:
            if c.dep_ not in _MODIFIER_DEPS:
                continue
            rule = _verb_rule(c, "modifier", node, noun, rules)
            if rule is not None:
                return rule, c
            for w in _words(c):
                if w in rules.complements and _fits(rules.complements[w], noun, rules):
                    return rules.complements[w], c
            if c.dep_ in ("acl", "relcl") and c.pos_ == "VERB":
                comp = _complement(c, noun, rules)  # "1,000 rendered homeless", "families left homeless"
                if comp is not None:
                    return comp
            if _lemma(c) in rules.control:
                for d in c.children:
                    if d.dep_ in ("xcomp", "ccomp"):
                        rule = _verb_rule(d, "subject", node, noun, rules) or _verb_rule(d, "object", node, noun, rules)
                        if rule is not None:
                            return rule, d
            # "8,400 IDPs were still living in displacement": not a modifier; "people in need of shelter" below
    return None


def _partitive(node: "Token", rules: _Rules, noun: "Token | None") -> tuple[dict[str, Any], "Token"] | None:
    """ "eight of those killed", "three of the wounded", "16 civilians were among those killed"."""
    preps = [(c, "of") for c in node.children if c.dep_ == "prep" and c.lower_ == "of"]
    if node.dep_ == "nsubj" and _lemma(node.head) == "be":
        preps += [(c, "among") for c in node.head.children if c.dep_ == "prep" and _lemma(c) in rules.subset]
    for c, _kind_ in preps:
        if True:
            for pobj in c.children:
                if pobj.dep_ != "pobj":
                    continue
                found = _noun_metric(pobj, pobj, rules) or _modifier(pobj, pobj, rules)
                if found is not None and (_lemma(pobj) in rules.partitive or pobj.lower_ in rules.partitive or found[1] is pobj or any(d.lower_ == "the" for d in pobj.children)):
                    return found
    return None


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
    for w in _words(noun):
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


def _overlaps(a: int, b: int, start: int, end: int) -> bool:
    return start <= a and b <= end or a <= start < b or a < end <= b


def _strong_noun(noun: "Token | None", rules: _Rules) -> tuple[dict[str, Any], "Token"] | None:
    """A counted noun that decides the metric whatever the parse attaches it to ("three deaths")."""
    if noun is None:
        return None
    for w in _words(noun):
        rule = rules.nouns.get(w)
        if rule is not None and rule.get("strong"):
            return rule, noun
    return None


def _container_count(node: "Token", rules: _Rules) -> tuple[dict[str, Any], "Token", "Token"] | None:
    """ "the number of displaced families is (estimated to be) 349", "the total of evacuees rose to 5,000":
    the metric and the counted noun from the container noun that the number is predicated of."""
    head = node.head
    subject = None
    if node.dep_ == "attr" and _lemma(head) == "be":
        clause = head
        subject = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is None and clause.dep_ in ("xcomp", "ccomp"):
            subject = next((c for c in clause.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    elif node.dep_ == "pobj" and head.lower_ in ("to", "at") and head.head.pos_ in ("VERB", "AUX"):
        subject = next((c for c in head.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or _lemma(subject) not in rules.containers:
        return None
    for prep in subject.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for pobj in prep.children:
                if pobj.dep_ != "pobj":
                    continue
                found = _noun_metric(pobj, pobj, rules) or _modifier(pobj, pobj, rules)
                if found is not None:
                    return found[0], found[1], pobj
    return None


_MATCHERS: dict[tuple[int, str], Any] = {}


def _token_matches(doc: "Doc", rules: _Rules, rules_dir: str) -> list[tuple[int, int, dict[str, Any]]]:
    """Matches of the token-pattern rules (spaCy Matcher syntax) over the whole doc."""
    if not rules.token_patterns:
        return []
    key = (id(doc.vocab), rules_dir)
    matcher = _MATCHERS.get(key)
    if matcher is None:
        from spacy.matcher import Matcher

        from ..errors import RuleError

        matcher = Matcher(doc.vocab)
        for r in rules.token_patterns:
            try:
                matcher.add(r["id"], [r["pattern"]])
            except Exception as exc:  # spaCy raises several types for a bad pattern
                raise RuleError(f"figure_rules.jsonl: rule {r.get('id')}: bad token pattern ({exc})") from None
        _MATCHERS[key] = matcher
    by_id = {r["id"]: r for r in rules.token_patterns}
    return [(start, end, by_id[doc.vocab.strings[mid]]) for mid, start, end in matcher(doc)]


def extract_figures(doc: "Doc", *, article_id: str, rules_dir: str = "") -> list[Figure]:
    """Every figure (count of people or dwellings affected) in ``doc``, with provenance."""
    rules = _rules(rules_dir)
    figures: list[Figure] = []
    matches = _token_matches(doc, rules, rules_dir)
    for sent in doc.sents:
        hits = _sentence_hits(doc, sent, rules, rules_dir, [m for m in matches if sent.start <= m[0] < sent.end])
        figures.extend(_to_figures(hits, sent, article_id, rules, figures))
    return figures


def _sentence_hits(doc: "Doc", sent: "Span", rules: _Rules, rules_dir: str, matches: list) -> list[_Hit]:
    hits: list[_Hit] = []
    text = sent.text
    for q in find_quantities(text, rules_dir=rules_dir):
        span = _locate(doc, sent, q)
        if span is None or len(span) == 0:
            continue
        anchor = _anchor(span)
        # inside a token-pattern match ("IDPs total 122 387", "Population evacuated 116129"): a figure even
        # when the parse or the entity recogniser says otherwise
        covered = any(_overlaps(span.start, span.end, m_start, m_end) for m_start, m_end, _r in matches)
        node, noun = _node_of(span, rules)
        counted = noun is not None and noun is not anchor and (_is_people(noun, rules) or _is_dwelling(noun, rules))
        if anchor.ent_type_ in rules.blocked_ents and not (counted or covered):
            continue  # a date, an amount, ... unless it plainly counts people or homes ("1057 people" tagged DATE)
        if anchor.dep_ == "pobj" and _lemma(anchor.head) in ("age", "aged"):
            continue
        if anchor.head.lower_ in ("aged", "age") or any(c.lower_ in ("aged",) for c in anchor.children):
            continue
        unknown = False
        if noun is not None and (
            any(w in rules.blocked for w in _words(noun))
            or noun.ent_type_ in rules.blocked_ents and not counted
        ):
            if not covered:
                continue
            node, noun = anchor, None
        elif noun is not None and not (_is_people(noun, rules) or _is_dwelling(noun, rules) or any(w in rules.nouns for w in _words(noun))):
            if covered:
                node, noun = anchor, None
            else:
                unknown = True  # kept only if a rule that allows unknown nouns governs it ("51 peole were evacuated")
        hit = _Hit(q, sent.start_char + q.start, sent.start_char + q.end, node, noun)
        hit.extra["tokens"] = (span.start, span.end)
        hit.extra["unknown"] = unknown
        hits.append(hit)
    # pass 1: metric from the parse around each hit
    for hit in hits:
        a, b = hit.extra["tokens"]
        label = next((r for m_start, m_end, r in matches if r.get("override") and _overlaps(a, b, m_start, m_end)), None)
        if label is not None and hit.noun is None:  # a table label ("Damaged houses/shelter 91,808"): the parse of a fragment is unreliable
            hit.metric, hit.rule_id = label["metric"], label["id"]
            hit.parent_node = _subset_parent(hit.node, rules)
            continue
        found = _strong_noun(hit.noun, rules) or _predicate(hit.node, hit.noun, rules) or _noun_metric(hit.noun, hit.node, rules)
        if found is None:
            counted = _container_count(hit.node, rules)
            if counted is not None:
                found, hit.noun = counted[:2], counted[2]
        if found is None:
            part = _partitive(hit.node, rules, hit.noun)
            if part is not None:
                found = part
                hit.partitive = True
        if found is None:
            found = _modifier(hit.noun, hit.node, rules)
            absolute = hit.node.dep_ == "pobj" and hit.node.head.lower_ == "with"
            if found is not None and absolute and _lemma(found[1]) in rules.movement:
                found = None  # "with another 30,000 moving to ...": the main verb decides (pass 2)
        if found is not None and hit.extra["unknown"] and not found[0].get("unknown_nouns"):
            found = None
        if found is not None:
            rule, tok = found
            hit.metric, hit.rule_id, hit.verb = rule["metric"], rule["id"], tok
            hit.kind = rule.get("kind")
            if rule.get("camp_term") and rules.camp_words.intersection(_lemma(t) for t in sent):
                hit.term = rule["camp_term"]  # "set up 1,537 relief camps and 2.14 lakh people have been accommodated"
        hit.parent_node = _subset_parent(hit.node, rules)
    # pass 2: what depends on other hits: conjuncts, subsets, absolute "with" clauses
    by_node = {h.node.i: h for h in hits}
    by_verb = {h.verb.i: h for h in hits if h.verb is not None}
    for hit in hits:
        if hit.metric is not None or hit.extra["unknown"]:
            continue
        parent = by_node.get(hit.parent_node.i) if hit.parent_node is not None else None
        if parent is not None and parent.metric is not None:
            hit.metric, hit.rule_id, hit.verb, hit.kind = parent.metric, "subset.including", parent.verb, parent.kind
            continue
        conj_parent = by_node.get(hit.node.head.i) if hit.node.dep_ == "conj" else None
        if conj_parent is not None and conj_parent.metric and _is_dwelling(hit.noun, rules) == _is_dwelling(conj_parent.noun, rules):
            p = conj_parent
            hit.metric, hit.rule_id, hit.verb, hit.kind = p.metric, p.rule_id, p.verb, p.kind
            continue
        pronoun_parent = _pronoun_subset(hit.node, rules)
        if pronoun_parent:
            prev = next((h for h in reversed(hits[: hits.index(hit)]) if h.metric is not None), None)
            if prev is not None:
                hit.metric, hit.rule_id, hit.verb, hit.kind = prev.metric, "subset.including", prev.verb, prev.kind
                hit.parent_node = prev.node
                continue
        absolute = _with_absolute(hit.node, rules, by_verb)
        if absolute is not None:
            hit.metric, hit.rule_id, hit.verb = absolute[0], "movement.continue", absolute[2]
            continue
        a, b = hit.extra["tokens"]
        for start, end, rule in matches:
            if start <= a and b <= end or (a <= start < b) or (a < end <= b):
                hit.metric, hit.rule_id = rule["metric"], rule["id"]
                break
    return [h for h in hits if h.metric is not None]


def _to_figures(hits: list[_Hit], sent: "Span", article_id: str, rules: _Rules, earlier: list[Figure]) -> list[Figure]:
    out: list[Figure] = []
    ids: dict[int, str] = {}
    for hit in hits:
        metric_rule = rules.metrics.get(hit.metric or "", {})
        start = hit.start
        end = hit.end
        if hit.noun is not None and hit.noun.idx >= hit.start:
            end = max(end, hit.noun.idx + len(hit.noun.text))
        fid = record_id(article_id, "figure", start, end, hit.metric)
        ids[hit.node.i] = fid
        subset_of = None
        if hit.parent_node is not None and hit.parent_node.i in ids:
            subset_of = ids[hit.parent_node.i]
        elif hit.partitive:
            value = hit.q.value or 0
            for prev in reversed(out + earlier):
                pv = prev.best if prev.best is not None else prev.low
                if prev.metric == hit.metric and (pv is None or pv >= value):
                    subset_of = prev.id
                    break
        origin = destination = None
        if hit.metric in ("fled", "displaced", "evacuated", "relocated", "returned", "sheltered"):
            origin, destination = _direction(hit.verb, rules)
        out.append(
            Figure(
                id=fid,
                metric=hit.metric or "",
                quantity=hit.q.text,
                provenance=Provenance(
                    article_id=article_id,
                    start=start,
                    end=end,
                    sentence=sent.text,
                    rule_id=hit.rule_id or "",
                    sentence_start=sent.start_char,
                ),
                low=hit.q.low,
                best=hit.q.best,
                high=hit.q.high,
                qualifier=hit.q.qualifier,
                unit=metric_rule.get("default_unit", "people") if hit.noun is None else _unit(hit.noun, rules),
                term=hit.term or metric_rule.get("term"),
                subgroup=_subgroup(hit, rules),
                subset_of=subset_of,
                kind=_kind(hit, rules),
                origin=origin,
                destination=destination,
            )
        )
    return out


def main_figure(figures: list[Figure], *, rules_dir: str = "") -> Figure | None:
    """The headline displacement figure of an excerpt (what IDMC would code), or None without figures.

    Preference, in order: the metric's ``priority`` in the metric rules (people displaced / evacuated /
    fled / ... before housing destroyed, housing before figures without an IDMC term), a whole rather than
    a subset, a number rather than a vague quantity ("hundreds"), then the first in the text.
    """
    if not figures:
        return None
    rules = _rules(rules_dir)

    def key(item: tuple[int, Figure]) -> tuple[int, int, int, int]:
        pos, f = item
        metric_rule = rules.metrics.get(f.metric, {})
        priority = int(metric_rule.get("priority", 99 if not f.term else 50))
        vague = 1 if f.best is None and f.low != f.high else 0
        return (priority, 1 if f.subset_of else 0, vague, pos)

    return min(enumerate(figures), key=key)[1]
