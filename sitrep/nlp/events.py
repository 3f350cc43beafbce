"""spaCy Doc → :class:`EventMention` records (ACLED event and sub-event types).

Mechanics only: triggers (``triggers.jsonl``), non-event cues (``nonevents.jsonl``) and status cues
(``status_cues.jsonl``) are data, compiled into one spaCy ``Matcher``. A rule matches through ``terms``
(each word matches its lemma or lower-cased form) and/or ``patterns`` (Matcher token patterns), then its
context constraints are checked (``near``/``not_near``/``sent_has``/``sent_not``/``ents_after``).
Actors come from the dependency parse (subject, "by" agent, modifiers of the instrument noun) and are
normalised with :class:`sitrep.resolve.actors.ActorDictionary`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Iterable

from ..errors import RuleError
from ..records import EVENT_TYPES, EventMention, Place, Provenance, record_id
from ..resolve.actors import Actor, ActorDictionary
from ..rules import load_rules

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Span, Token

__all__ = ["extract_events", "RuleSet", "Hit", "rule_set", "SUB_TO_TYPE", "territory_label", "event_actors"]

SUB_TO_TYPE: dict[str, str] = {sub: et for et, subs in EVENT_TYPES.items() for sub in subs}
TERRITORY = "@territory"
GOV, NSA = "Government regains territory", "Non-state actor overtakes territory"
STATUS_PRIORITY = ("denied", "background", "called-for", "planned", "hypothetical", "ongoing")
CIVILIAN_WORDS = frozenset(
    "civilian villager resident worshipper student farmer woman child children family passenger people "
    "pupil pilgrim patient shepherd fisherman trader refugee".split()
)
CIVILIAN_PLACES = frozenset("market hospital school mosque church clinic university classroom wedding funeral camp".split())
ACTOR_DEPS = ("nsubj", "nsubjpass", "dobj", "pobj", "agent", "compound", "amod", "poss")


@dataclass(frozen=True)
class Hit:
    """One rule match that passed its constraints: token span [start, end) of the doc."""

    rule_id: str
    label: str
    start: int
    end: int
    weight: float
    generic: bool
    kind: str  # "trigger", "nonevent" or "status"
    default: str | None = None
    scope: str = "near"
    window: int = 6


@dataclass(frozen=True)
class _Rule:
    id: str
    kind: str
    label: str
    weight: float
    generic: bool
    default: str | None
    near: tuple[frozenset[str], tuple[str, ...]]
    not_near: tuple[frozenset[str], tuple[str, ...]]
    sent_has: tuple[frozenset[str], tuple[str, ...]]
    sent_not: tuple[frozenset[str], tuple[str, ...]]
    ents_after: frozenset[str]
    window: int
    scope: str
    classify_only: bool = False
    pos: frozenset[str] = frozenset()
    not_obj: frozenset[str] = frozenset()


def _wordset(values: Iterable[str]) -> tuple[frozenset[str], tuple[str, ...]]:
    single, multi = set(), []
    for v in values:
        v = v.lower().strip()
        (multi.append(f" {v} ") if " " in v else single.add(v))
    return frozenset(single), tuple(multi)


@lru_cache(maxsize=1)
def _tokenizer() -> Any:
    import spacy

    return spacy.blank("en").tokenizer


class RuleSet:
    """The three rule files compiled into one Matcher for a vocabulary."""

    FILES = (("triggers.jsonl", "trigger"), ("nonevents.jsonl", "nonevent"), ("status_cues.jsonl", "status"))

    def __init__(self, vocab: Any, *, rules_dir: str = "") -> None:
        from spacy.matcher import Matcher, PhraseMatcher
        from spacy.tokens import Doc

        # Terms go to two PhraseMatchers (hash look-ups: cheap); only explicit patterns use the Matcher.
        self.matcher = Matcher(vocab)
        self.by_lower = PhraseMatcher(vocab, attr="LOWER")
        self.by_lemma = PhraseMatcher(vocab, attr="LEMMA")
        self.rules: dict[str, _Rule] = {}
        tok = _tokenizer()
        for name, kind in self.FILES:
            for row in load_rules(name, extra_dir=rules_dir):
                rule = self._rule(row, kind, name)
                terms = [[t.text for t in tok(term.lower())] for term in row.get("terms", ())]
                patterns = row.get("patterns", ())
                if not terms and not patterns:
                    raise RuleError(f"{name}: rule {rule.id!r} has neither terms nor patterns")
                if terms:
                    self.by_lower.add(rule.id, [Doc(vocab, words=w) for w in terms])
                    self.by_lemma.add(rule.id, [Doc(vocab, words=w, lemmas=w) for w in terms])
                if patterns:
                    try:
                        self.matcher.add(rule.id, list(patterns))
                    except Exception as exc:  # spaCy raises ValueError/MatchPatternError
                        raise RuleError(f"{name}: rule {rule.id!r} has a bad pattern: {exc}") from None
                self.rules[rule.id] = rule

    @staticmethod
    def _rule(row: dict[str, Any], kind: str, name: str) -> _Rule:
        label = row.get("status") if kind == "status" else row.get("label")
        if not label:
            raise RuleError(f"{name}: rule {row.get('id')!r} has no label/status")
        if kind == "trigger" and label != TERRITORY:
            if label not in SUB_TO_TYPE:
                raise RuleError(f"{name}: rule {row['id']!r}: unknown sub-event type {label!r}")
            if row.get("event_type") not in (None, SUB_TO_TYPE[label]):
                raise RuleError(f"{name}: rule {row['id']!r}: {label!r} is not a {row['event_type']!r}")
        if label == TERRITORY and row.get("default") not in (GOV, NSA):
            raise RuleError(f"{name}: rule {row['id']!r}: @territory needs a default sub-event type")
        return _Rule(
            id=row["id"],
            kind=kind,
            label=label,
            weight=float(row.get("weight", 1.0)),
            generic=bool(row.get("generic", False)),
            default=row.get("default"),
            near=_wordset(row.get("near", ())),
            not_near=_wordset(row.get("not_near", ())),
            sent_has=_wordset(row.get("sent_has", ())),
            sent_not=_wordset(row.get("sent_not", ())),
            ents_after=frozenset(row.get("ents_after", ())),
            window=int(row.get("window", 6)),
            scope=row.get("scope", "near"),
            classify_only=bool(row.get("classify_only", False)),
            pos=frozenset(row.get("pos", ())),
            not_obj=frozenset(w.lower() for w in row.get("not_obj", ())),
        )

    # --- matching ---------------------------------------------------------------------------------

    def hits(self, doc: "Doc", *, doc_scope: bool = False) -> list[Hit]:
        """Every rule match whose constraints hold; ``doc_scope`` makes sent_has/sent_not doc-wide."""
        lem = [t.lemma_.lower() for t in doc]
        low = [t.lower_ for t in doc]
        strings = doc.vocab.strings
        out: list[Hit] = []
        sent_cache: dict[int, tuple[set[str], str]] = {}
        doc_bag = (set(lem) | set(low), " " + " ".join(low) + " ") if doc_scope else None
        seg = segments(doc)
        matches = {(strings[m], a, b) for m, a, b in self.matcher(doc)}
        for m, a, b in self.by_lower(doc):
            matches.add((strings[m], a, b))
        for m, a, b in self.by_lemma(doc):
            matches.add((strings[m], a, b))
        for rid, start, end in sorted(matches, key=lambda x: (x[1], x[2], x[0])):
            rule = self.rules[rid]
            if rule.kind != "status" and any(doc[i].ent_type_ in ("DATE", "TIME") for i in range(start, end)):
                continue
            if rule.pos and doc[end - 1].pos_ not in rule.pos:
                continue
            if rule.not_obj and _object_lemma(doc[start:end]) in rule.not_obj:
                continue
            sent = _segment(doc, seg, start)
            if doc_bag is not None:
                bag = doc_bag
            else:
                bag = sent_cache.get(sent.start)
                if bag is None:
                    bag = sent_cache[sent.start] = (
                        set(lem[sent.start : sent.end]) | set(low[sent.start : sent.end]),
                        " " + " ".join(low[sent.start : sent.end]) + " ",
                    )
            if rule.sent_has[0] or rule.sent_has[1]:
                if not _has(bag, rule.sent_has):
                    continue
            if (rule.sent_not[0] or rule.sent_not[1]) and _has(bag, rule.sent_not):
                continue
            if rule.near[0] or rule.near[1] or rule.not_near[0] or rule.not_near[1]:
                near = _near_bag(doc, lem, low, start, end, sent, rule.window)
                if (rule.near[0] or rule.near[1]) and not _has(near, rule.near):
                    continue
                if (rule.not_near[0] or rule.not_near[1]) and _has(near, rule.not_near, own=True):
                    continue
            if rule.ents_after and not any(
                t.ent_type_ in rule.ents_after for t in doc[end : min(sent.end, end + rule.window)]
            ):
                continue
            out.append(
                Hit(rule.id, rule.label, start, end, rule.weight, rule.generic, rule.kind, rule.default, rule.scope, rule.window)
            )
        return out


def _object_lemma(span: "Span") -> str | None:
    """Lemma of the direct object (or passive subject) of the trigger's verb."""
    head = span.root
    for c in head.children:
        if c.dep_ in ("dobj", "nsubjpass"):
            return c.lemma_.lower()
    return None


def _has(bag: tuple[set[str], str] | tuple[set[str], str, set[str]], words: tuple[frozenset[str], tuple[str, ...]], own: bool = False) -> bool:
    single, multi = words
    tokens = bag[0] if own or len(bag) == 2 else bag[2]  # type: ignore[misc]
    if single and not single.isdisjoint(tokens):
        return True
    return any(m in bag[1] for m in multi)


def _near_bag(doc: "Doc", lem: list[str], low: list[str], start: int, end: int, sent: "Span", window: int) -> tuple[set[str], str, set[str]]:
    """Words around a match: a token window inside the sentence plus the syntactic neighbours.

    Returns (all words incl. the match, window text, words excluding the match itself)."""
    a, b = max(sent.start, start - window), min(sent.end, end + window)
    idx = set(range(a, b))
    for t in doc[start:end]:
        idx.add(t.head.i)
        idx.update(c.i for c in t.children)
        idx.update(c.i for c in t.head.children)
    others = {w for i in idx if not start <= i < end for w in (lem[i], low[i])}
    own = {w for i in range(start, end) for w in (lem[i], low[i])}
    return others | own, " " + " ".join(low[a:b]) + " ", others


def segments(doc: "Doc") -> list[int]:
    """For each token, the start of its segment: spaCy sentences further cut at line breaks
    (headlines and teasers glued to the next line by the parser are separate segments)."""
    seg = [0] * len(doc)
    for sent in doc.sents:
        cur = sent.start
        for t in sent:
            seg[t.i] = cur
            if "\n" in t.text_with_ws and t.i + 1 < sent.end:
                cur = t.i + 1
    return seg


def _segment(doc: "Doc", seg: list[int], i: int) -> "Span":
    a = seg[i]
    b = a
    while b < len(doc) and seg[b] == a:
        b += 1
    return doc[a:b]


@lru_cache(maxsize=8)
def _cached_rule_set(vocab_id: int, rules_dir: str, vocab_ref: tuple[Any, ...]) -> RuleSet:
    return RuleSet(vocab_ref[0], rules_dir=rules_dir)


def rule_set(vocab: Any, *, rules_dir: str = "") -> RuleSet:
    """The compiled rules for ``vocab`` (cached per vocabulary and rules folder)."""
    return _cached_rule_set(id(vocab), rules_dir, (vocab,))


@lru_cache(maxsize=4)
def _actors(extra: str) -> ActorDictionary:
    return ActorDictionary.load(extra=extra)


# --- parse helpers -------------------------------------------------------------------------------


def _head(span: "Span") -> "Token":
    return span.root


def _np_text(tok: "Token") -> "Span":
    """The noun phrase headed by ``tok`` without trailing clauses (left modifiers + the head)."""
    doc = tok.doc
    left = tok.left_edge.i
    right = tok.i
    for c in tok.rights:
        if c.dep_ in ("compound", "nummod", "amod", "flat") or (c.dep_ == "prep" and c.lower_ == "of" and False):
            right = max(right, c.right_edge.i)
    while left < tok.i and doc[left].is_punct:
        left += 1
    return doc[left : right + 1]


def event_actors(span: "Span") -> tuple["Span | None", "Span | None"]:
    """(agent, patient) noun phrases for a trigger span, from the dependency parse."""
    head = _head(span)
    agent = patient = None
    verb = head if head.pos_ in ("VERB", "AUX") else None
    if verb is None:
        mods = [c for c in head.lefts if c.dep_ in ("compound", "amod", "poss", "nmod") and c.i < span.start]
        actor_mod = next((c for c in mods if c.ent_type_ in ("NORP", "ORG", "GPE") or c.pos_ == "PROPN" or c.lower_ in ("government", "regime", "army", "rebel", "militant", "police")), None)
        if actor_mod is not None:
            agent = span.doc[head.left_edge.i : span.start] if head.left_edge.i < span.start else None
            if agent is not None and agent[0].dep_ == "det":
                agent = agent[1:] if len(agent) > 1 else None
        for c in head.rights:
            if c.dep_ == "prep" and c.lower_ == "by":
                obj = next((g for g in c.children if g.dep_ == "pobj"), None)
                if obj is not None:
                    agent = _np_text(obj)
        if head.dep_ in ("nsubj", "nsubjpass") and head.head.pos_ == "VERB":
            v = head.head
            obj = next((c for c in v.children if c.dep_ in ("dobj", "nsubjpass") and c is not head), None)
            if obj is not None:
                patient = _np_text(obj)
        elif head.dep_ in ("dobj", "pobj", "attr") and agent is None:
            v = head.head if head.dep_ != "pobj" else head.head.head
            subj = next((c for c in v.children if c.dep_ == "nsubj"), None)
            if subj is not None and subj.lower_ not in ("it", "this", "that", "which"):
                agent = _np_text(subj)
        return agent, patient
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
    for c in verb.children:
        if c.dep_ == "nsubj" and not passive:
            agent = _np_text(c)
        elif c.dep_ == "agent":
            obj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if obj is not None:
                agent = _np_text(obj)
        elif c.dep_ == "nsubjpass" or (c.dep_ == "dobj" and not passive):
            patient = _np_text(c)
    if agent is None and verb.dep_ in ("xcomp", "conj", "advcl") and verb.head.pos_ == "VERB":
        subj = next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
        if subj is not None:
            agent = _np_text(subj)
    if agent is not None and agent.root.lower_ in ("who", "which", "that", "it", "they"):
        agent = None
    return agent, patient


def territory_label(hit: Hit, actor: Actor | None, near_words: Iterable[str] = ()) -> str:
    """Government regains / Non-state actor overtakes territory, from actor1's inter code."""
    if actor is not None and actor.inter is not None:
        return GOV if actor.inter in (1, 8) else NSA
    return hit.default or GOV


def _place(span: "Span") -> Place | None:
    """A place phrase attached to the trigger or its verb: prep in/at/near/of + proper-noun phrase."""
    head = _head(span)
    candidates = [head] + ([head.head] if head.head is not head else [])
    for anchor in candidates:
        for prep in anchor.children:
            if prep.dep_ != "prep" or prep.lower_ not in ("in", "at", "near", "of", "outside", "around", "across"):
                continue
            obj = next((g for g in prep.children if g.dep_ == "pobj"), None)
            if obj is None or obj.ent_type_ in ("DATE", "TIME", "CARDINAL"):
                continue
            sub = list(obj.subtree)
            if any(t.pos_ == "PROPN" or t.ent_type_ in ("GPE", "LOC", "FAC", "NORP") for t in sub) or obj.lemma_ in (
                "district", "village", "town", "city", "province", "area", "neighbourhood", "neighborhood", "region"
            ):
                a, b = sub[0].i, sub[-1].i + 1
                while b > a and span.doc[b - 1].is_punct:
                    b -= 1
                text = span.doc[a:b].text
                return Place(name=text, rule_id="place.prep." + prep.lower_)
    return None


def _status(hit: Hit, span: "Span", cues: list[Hit], doc: "Doc") -> str:
    found: set[str] = set()
    head = _head(span)
    ancestors = {t.i for t in head.ancestors}
    attached = {c.i for c in head.children} | {head.head.i} | {c.i for c in head.head.children}
    for cue in cues:
        cspan = doc[cue.start : cue.end]
        idx = {t.i for t in cspan}
        if cue.scope == "sentence":
            ok = True
        elif cue.scope == "ancestor":
            ok = bool(idx & ancestors)
        elif cue.label == "denied":
            ok = bool(idx & ({c.i for c in head.children} | {g.i for c in head.children if c.dep_ in ("nsubj", "nsubjpass", "dobj") for g in c.children}))
        else:
            dist = min(abs(cue.start - span.end), abs(span.start - cue.end), abs(cue.start - span.start))
            ok = dist <= cue.window or bool(idx & attached)
        if ok:
            found.add(cue.label)
    for status in STATUS_PRIORITY:
        if status in found:
            return status
    return "occurred"


def _select(hits: list[Hit]) -> list[Hit]:
    """Non-overlapping trigger hits of one sentence, best first; generic ones only when alone."""
    hits = sorted(hits, key=lambda h: (-h.weight, -(h.end - h.start), h.start))
    chosen: list[Hit] = []
    taken: set[int] = set()
    for h in hits:
        span = set(range(h.start, h.end))
        if span & taken:
            continue
        chosen.append(h)
        taken |= span
    specific = [h for h in chosen if not h.generic]
    return specific if specific else chosen[:1]


def _is_civilian(span: "Span | None", place: Place | None, sentence: "Span") -> bool:
    if span is not None and any(t.lemma_.lower() in CIVILIAN_WORDS for t in span):
        return True
    return any(t.lemma_.lower() in CIVILIAN_PLACES and t.dep_ in ("dobj", "pobj", "nsubjpass") for t in sentence)


def _clip(span: "Span | None", sent: "Span") -> "Span | None":
    if span is None:
        return None
    a, b = max(span.start, sent.start), min(span.end, sent.end)
    return span.doc[a:b] if a < b else None


def extract_events(doc: "Doc", *, article_id: str, rules_dir: str = "", actors: str = "") -> list[EventMention]:
    """The event mentions of ``doc``; provenance span = the trigger, status from local cues."""
    rules = rule_set(doc.vocab, rules_dir=rules_dir)
    actor_dict = _actors(actors)
    hits = rules.hits(doc)
    seg = segments(doc)
    by_sent: dict[int, dict[str, list[Hit]]] = {}
    for h in hits:
        s = seg[h.start]
        if h.kind == "trigger" and rules.rules[h.rule_id].classify_only:
            continue
        by_sent.setdefault(s, {"trigger": [], "nonevent": [], "status": []})[h.kind].append(h)
    doc_country: str | None = None
    out: list[EventMention] = []
    for s_start in sorted(by_sent):
        groups = by_sent[s_start]
        if not groups["trigger"]:
            continue
        sent = _segment(doc, seg, s_start)
        best_trigger = max(h.weight for h in groups["trigger"])
        best_nonevent = max((h.weight for h in groups["nonevent"]), default=0.0)
        chosen = _select(groups["trigger"])
        if best_nonevent > best_trigger:
            chosen = [h for h in chosen if not h.generic and h.weight >= best_nonevent - 1.0]
        country = actor_dict.guess_country(sent.text)
        if country is None:
            if doc_country is None:
                doc_country = actor_dict.guess_country(doc.text) or ""
            country = doc_country or None
        for h in chosen:
            span = doc[h.start : h.end]
            agent, patient = event_actors(span)
            agent = _clip(agent, sent)
            patient = _clip(patient, sent)
            a1 = actor_dict.normalise(agent.text, country=country) if agent is not None else None
            a2 = actor_dict.normalise(patient.text, country=country) if patient is not None else None
            sub = territory_label(h, a1) if h.label == TERRITORY else h.label
            place = _place(span)
            civilian = _is_civilian(patient, place, sent) if SUB_TO_TYPE[sub] in (
                "Violence against civilians", "Explosions/Remote violence") else False
            target = None
            if patient is not None and (civilian or (a2 is not None and a2.inter == 7)):
                target = patient.root.text
            status = _status(h, span, groups["status"], doc)
            prov = Provenance(
                article_id=article_id,
                start=span.start_char,
                end=span.end_char,
                sentence=sent.text,
                rule_id=h.rule_id,
                sentence_start=sent.start_char,
            )
            out.append(
                EventMention(
                    id=record_id(article_id, "event", span.start_char, span.end_char, sub),
                    event_type=SUB_TO_TYPE[sub],
                    sub_event_type=sub,
                    trigger=span.text,
                    status=status,
                    provenance=prov,
                    actor1=agent.text if agent is not None else None,
                    actor1_norm=a1.name if a1 is not None and a1.inter is not None else None,
                    inter1=a1.inter if a1 is not None else None,
                    actor2=patient.text if patient is not None else None,
                    actor2_norm=a2.name if a2 is not None and a2.inter is not None else None,
                    inter2=a2.inter if a2 is not None else None,
                    target=target,
                    civilian_targeting=civilian,
                    place=place,
                )
            )
    return out
