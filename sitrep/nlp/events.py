"""spaCy Doc → :class:`EventMention` records (ACLED event and sub-event types).

The rules (triggers, non-event cues, status cues) are data compiled by :mod:`sitrep.nlp.ruleset`; this
module chooses the triggers of each sentence and builds the records. Actors come from the dependency parse (subject, "by" agent, modifiers of the instrument noun) and are
normalised with :class:`sitrep.resolve.actors.ActorDictionary`.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Iterable

from ..records import EventMention, Place, Provenance, record_id
from ..resolve.actors import Actor, ActorDictionary
from .precedence import load_precedence, order
from .ruleset import GOV, NSA, SUB_TO_TYPE, TERRITORY, Hit, RuleSet, _segment, _views, rule_set, segments, span_text

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Span, Token

__all__ = ["extract_events", "RuleSet", "Hit", "rule_set", "SUB_TO_TYPE", "territory_label", "territory_sides", "event_actors"]

STATUS_PRIORITY = ("denied", "background", "called-for", "planned", "hypothetical", "ongoing")
CIVILIAN_WORDS = frozenset(
    "civilian villager resident worshipper student farmer woman child children family passenger people "
    "pupil pilgrim patient shepherd fisherman trader refugee".split()
)
CIVILIAN_PLACES = frozenset("market hospital school mosque church clinic university classroom wedding funeral camp".split())
ACTOR_DEPS = ("nsubj", "nsubjpass", "dobj", "pobj", "agent", "compound", "amod", "poss")


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
    passive = _is_passive(verb)
    for c in verb.children:
        if c.dep_ == "nsubj" and not passive:
            agent = _np_text(c)
        elif c.dep_ == "agent":
            obj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if obj is not None:
                agent = _np_text(obj)
        elif c.dep_ == "nsubjpass" or (c.dep_ == "dobj" and not passive):
            patient = _np_text(c)
    up = verb
    for _ in range(3):  # "managed to advance and impose control": climb xcomp/conj/advcl to a subject
        # ("were able to regain": the xcomp hangs on the adjective 'able', the subject on its copula)
        if agent is not None or up.dep_ not in ("xcomp", "conj", "advcl", "acomp") or up.head.pos_ not in ("VERB", "AUX", "ADJ"):
            break
        up = up.head
        subj = next((c for c in up.children if c.dep_ == "nsubj"), None)
        if subj is not None:
            agent = _np_text(subj)
    if agent is not None and agent.root.lower_ in ("who", "which", "that", "it", "they"):
        agent = None
    return agent, patient


def _is_passive(verb: "Token") -> bool:
    """A passive verb: a passive subject, or a passive auxiliary without an active subject (the small model
    tags "IS" in "IS forces captured" as an auxiliary)."""
    deps = {c.dep_ for c in verb.children}
    return "nsubjpass" in deps or ("auxpass" in deps and "nsubj" not in deps)


def territory_label(hit: Hit, actor: Actor | None, near_words: Iterable[str] = (), *, loser: Actor | None = None) -> str:
    """Government regains / Non-state actor overtakes territory, from actor1's inter code; when actor1 is
    unknown, from the side that lost the place ("from regime forces" → a non-state actor took it; losing to
    an unknown taker says nothing when the loser is itself non-state). A foreign force (inter 8) taking ground
    is not the government of that country regaining it: ACLED codes it as a non-state overtake (Turkish forces
    with allied rebels in Syria)."""
    if actor is not None and actor.inter is not None:
        return GOV if actor.inter == 1 else NSA
    if loser is not None and loser.inter in (1, 8):
        return NSA
    return hit.default or GOV


def territory_sides(
    span: "Span", agent: "Span | None", actor_dict: ActorDictionary, country: str | None
) -> tuple[Actor | None, Actor | None]:
    """(taker, loser) of a territory trigger: the agent (else a known actor opening the sentence just before an
    active trigger, where the parse missed the subject); the loser is the passive subject ("rebels were pushed
    back") or the object of "from" / "at the expense of" on the trigger or its head."""
    taker = actor_dict.normalise(span_text(agent), country=country) if agent is not None else None
    head = span.root
    passive = _is_passive(head)
    sent = span.sent
    weak = taker is None or taker.inter is None or taker.kind == "generic"
    if weak and not passive and 0 < span.start - sent.start <= 5:
        guess = actor_dict.normalise(span_text(span.doc[sent.start : span.start]), country=country)
        if guess is not None and guess.inter is not None and (taker is None or taker.inter is None or guess.kind != "generic"):
            taker = guess
    loser = None
    if passive:
        subj = next((c for c in head.children if c.dep_ == "nsubjpass"), None)
        found = actor_dict.normalise(span_text(_np_text(subj)), country=country) if subj is not None else None
        if found is not None and found.inter is not None:
            loser = found
    for anchor in (head, head.head):
        if loser is not None:
            break
        for prep in anchor.children:
            if prep.dep_ == "prep" and prep.lower_ in ("from", "of"):
                if prep.lower_ == "of" and not (prep.i >= 2 and prep.doc[prep.i - 1].lower_ == "expense"):
                    continue
                obj = next((g for g in prep.children if g.dep_ == "pobj"), None)
                if obj is not None:
                    found = actor_dict.normalise(span_text(_np_text(obj)), country=country)
                    if found is not None and found.inter is not None:
                        loser = found
                        break
    return taker, loser


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
                text = span_text(span.doc[a:b])
                return Place(name=text, rule_id="place.prep." + prep.lower_)
    return None


def _status(hit: Hit, span: "Span", cues: list[Hit], doc: "Doc") -> str:
    if not cues:
        return "occurred"
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


def _is_civilian(span: "Span | None", place: Place | None, sentence: "Span", *, memo: dict[int, bool] | None = None) -> bool:
    lem = _views(sentence.doc).lem  # lemma_.lower() of each token
    if span is not None and not CIVILIAN_WORDS.isdisjoint(lem[span.start : span.end]):
        return True
    if memo is not None and sentence.start in memo:
        return memo[sentence.start]
    doc = sentence.doc
    found = not CIVILIAN_PLACES.isdisjoint(lem[sentence.start : sentence.end]) and any(
        lem[i] in CIVILIAN_PLACES and doc[i].dep_ in ("dobj", "pobj", "nsubjpass") for i in range(sentence.start, sentence.end)
    )
    if memo is not None:
        memo[sentence.start] = found
    return found


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
    civilian_places: dict[int, bool] = {}  # per segment: a civilian place as object/patient
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
        chosen = [chosen[i] for i in order([(h.label, h.weight) for h in chosen], load_precedence(rules_dir=rules_dir))]
        country: str | None = None
        guessed = False  # the country context is guessed on first use (events without actors need none)
        for h in chosen:
            span = doc[h.start : h.end]
            agent, patient = event_actors(span)
            agent = _clip(agent, sent)
            patient = _clip(patient, sent)
            if not guessed and (agent is not None or patient is not None or h.label == TERRITORY):
                guessed = True
                country = actor_dict.guess_country(span_text(sent))
                if country is None:
                    if doc_country is None:
                        doc_country = actor_dict.guess_country(span_text(doc)) or ""
                    country = doc_country or None
            a1 = actor_dict.normalise(span_text(agent), country=country) if agent is not None else None
            a2 = actor_dict.normalise(span_text(patient), country=country) if patient is not None else None
            sub = h.label
            if h.label == TERRITORY:
                taker, loser = territory_sides(span, agent, actor_dict, country)
                sub = territory_label(h, taker, loser=loser)
            place = _place(span)
            civilian = _is_civilian(patient, place, sent, memo=civilian_places) if SUB_TO_TYPE[sub] in (
                "Violence against civilians", "Explosions/Remote violence") else False
            target = None
            if patient is not None and (civilian or (a2 is not None and a2.inter == 7)):
                target = patient.root.text
            status = _status(h, span, groups["status"], doc)
            prov = Provenance(
                article_id=article_id,
                start=span.start_char,
                end=span.end_char,
                sentence=span_text(sent),
                rule_id=h.rule_id,
                sentence_start=sent.start_char,
            )
            out.append(
                EventMention(
                    id=record_id(article_id, "event", span.start_char, span.end_char, sub),
                    event_type=SUB_TO_TYPE[sub],
                    sub_event_type=sub,
                    trigger=span_text(span),
                    status=status,
                    provenance=prov,
                    actor1=span_text(agent) if agent is not None else None,
                    actor1_norm=a1.name if a1 is not None and a1.inter is not None else None,
                    inter1=a1.inter if a1 is not None else None,
                    actor2=span_text(patient) if patient is not None else None,
                    actor2_norm=a2.name if a2 is not None and a2.inter is not None else None,
                    inter2=a2.inter if a2 is not None else None,
                    target=target,
                    civilian_targeting=civilian,
                    place=place,
                )
            )
    return out
