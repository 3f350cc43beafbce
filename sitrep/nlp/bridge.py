"""The single bridge from a parsed Doc to records: extract claims, events and figures, then link them.

:func:`build_extraction` runs the three extractors on one Doc; :func:`link` is pure record logic
(no spaCy) and applies these rules:

1. **Claim of a record.** Every event and figure gets the ``claim_id`` of the claim whose content
   span contains the record's span (the innermost one when claims nest); failing that, of the claim
   whose content contains the record's start; failing that, of the nearest claim made in the same
   sentence; failing that, of the *outlet claim* — unattributed statements belong to the outlet.
   The outlet claim (speaker ``article.outlet`` or "the outlet", kind media, stance assert, rule id
   ``claim.outlet``, empty content) is created once per article, and only when needed.
2. **Event of a figure.** A killed/injured figure without an event gets the ``event_id`` of the
   violence event (Battles, Explosions/Remote violence, Violence against civilians, Riots, excessive
   force against protesters) of the same sentence whose trigger is nearest; a figure that is a subset
   of another figure ("including two children") takes its parent's event first. Detained figures go to an
   Arrests event and abducted ones to an Abduction event the same way; displacement figures need none.
3. **Event status from its claim.** Stance deny → ``denied``, except for the counter-statement of
   a denial ("denied this, saying the insurgents had control", rule id ending ``#counter``), which
   the denier asserts; a battle (Battles event type, which
   includes territorial change) asserted by a party to the fighting (state, military source, armed
   group) → ``claimed``; stance call-for → ``called-for`` and plan → ``planned`` for an event coded as
   having occurred; claims of monitors, NGOs, media, international bodies or the outlet keep the
   event's own status (occurred / background / planned ...).
4. **Control claims.** Each "Government regains territory" / "Non-state actor overtakes territory"
   event that occurred, is claimed, denied or ongoing (not planned, called for or background) and
   has a place (its own, else the object written after the trigger: "captured the district") gives a :class:`ControlClaim` (place as written, ``controller_before`` = actor2,
   ``controller_after`` = actor1, the event's claim). When a deny claim ``contradicts`` the claim
   behind a control claim, that control claim becomes ``contested`` and the denial adds its own,
   also contested, control claim over the same place (or, when the counter-statement is itself a
   territorial event, that event's control claim becomes contested): the controller is the holder named in the
   denial ("the insurgents had control of the area" → the rebels, via the actor dictionary), else
   the side the place was said to be taken from (actor2), else None.
"""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING, Iterable, Sequence

from ..records import Article, Claim, ControlClaim, EventMention, Extraction, Figure, Place, Provenance, record_id
from .claims import COUNTER_SUFFIX, extract_claims

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

__all__ = ["build_extraction", "link", "outlet_claim", "OUTLET_RULE"]

OUTLET_RULE = "claim.outlet"
PARTY_KINDS = frozenset({"state", "military source", "armed group"})
TERRITORY_SUBTYPES = frozenset({"Government regains territory", "Non-state actor overtakes territory"})
#: statuses of a territorial event that make a control claim (not planned, called-for, background ...)
CONTROL_STATUSES = frozenset({"occurred", "claimed", "denied", "ongoing"})
VIOLENCE_TYPES = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians", "Riots"})
#: metric → (event type, sub-event type or None for any) accepted as the figure's event
_FIGURE_EVENTS: dict[str, tuple[tuple[str, str | None], ...]] = {
    "killed": tuple((t, None) for t in sorted(VIOLENCE_TYPES)) + (("Protests", "Excessive force against protesters"),),
    "injured": tuple((t, None) for t in sorted(VIOLENCE_TYPES)) + (("Protests", "Excessive force against protesters"),),
    "detained": (("Strategic developments", "Arrests"),),
    "abducted": (("Violence against civilians", "Abduction/forced disappearance"),),
}

_CONTROL = re.compile(
    r"(?P<who>(?:the\s+)?[\w'’-]+(?:\s+[\w'’-]+){0,3}?)\s+(?:still\s+|remain(?:ed)?\s+)?"
    r"(?:(?:had|has|have|held|hold|holds|kept|keep|keeps|retained|retain|retains|maintained|maintain|were\s+in|are\s+in|was\s+in|is\s+in|remained\s+in|remains\s+in)\s+"
    r"(?:full\s+|firm\s+|complete\s+)?control\b"
    r"|(?:held|hold|holds|controlled|control|controls|kept|keep|keeps)\s+the\s+(?:town|district|neighbou?rhood|area|city|village|hill|base|airport|quarter)\b)",
    re.IGNORECASE,
)
_PLACE_NOUN = r"(?:district|neighbou?rhood|town|village|city|area|province|region|base|airport|hill|quarter)"
_PLACE_AFTER = re.compile(
    # "the hilltop town of Tal Sultan" → the name; else "the Sheikh Saeed district", "the district", "Raqqa"
    r"^\s*(?:control\s+of\s+)?(?:the\s+(?:[a-z][\w-]*\s+){0,2}" + _PLACE_NOUN + r"\s+of\s+"
    r"(?P<named>[A-Z][\w'’-]*(?:[\s-]+(?:al-|el-|ad-|as-|an-|ar-)?[A-Z][\w'’-]*){0,3})"
    r"|(?P<place>(?:the\s+)?(?:[A-Z][\w'’-]*\s+){0,4}(?:" + _PLACE_NOUN + r"\b|[A-Z][\w'’-]*)))"
)


def build_extraction(doc: "Doc", article: Article, *, rules_dir: str = "", actors: str = "") -> Extraction:
    """Claims, events and figures of one parsed article, linked (see the module docstring)."""
    from .events import extract_events
    from .figures import extract_figures
    from .ruleset import known_text

    known_text(doc, article.text)  # the token views take the article text instead of joining the tokens
    claims = extract_claims(doc, article=article, rules_dir=rules_dir)
    events = extract_events(doc, article_id=article.id, rules_dir=rules_dir, actors=actors)
    figures = extract_figures(doc, article_id=article.id, rules_dir=rules_dir)
    return link(article, claims=claims, events=events, figures=figures, actors=actors)


def outlet_claim(article: Article) -> Claim:
    """The implicit claim of the outlet that carries every unattributed statement of ``article``."""
    speaker = article.outlet or "the outlet"
    return Claim(
        id=record_id(article.id, OUTLET_RULE),
        speaker=speaker,
        speaker_norm=speaker,
        speaker_kind="media",
        cue="",
        stance="assert",
        content="",
        content_start=0,
        content_end=0,
        provenance=Provenance(article_id=article.id, start=0, end=0, sentence="", rule_id=OUTLET_RULE, sentence_start=0),
    )


def link(
    article: Article,
    *,
    claims: list[Claim],
    events: list[EventMention],
    figures: list[Figure],
    actors: str = "",
) -> Extraction:
    """Attach claims to events and figures, figures to events, set statuses, derive control claims."""
    claims = sorted(claims, key=lambda c: (c.provenance.start, c.content_start))
    by_id = {c.id: c for c in claims}
    outlet: list[Claim] = []

    def claim_for(prov: Provenance) -> Claim:
        found = _claim_of(prov, claims)
        if found is not None:
            return found
        if not outlet:
            outlet.append(outlet_claim(article))
        return outlet[0]

    linked_events: list[EventMention] = []
    for ev in events:
        claim = by_id.get(ev.claim_id) if ev.claim_id else None
        if claim is None:
            claim = claim_for(ev.provenance)
        linked_events.append(_replace(ev, claim_id=claim.id, status=_status(ev, claim)))

    linked_figures = _link_figures(figures, linked_events, claim_for, by_id)
    all_claims = tuple(claims) + tuple(outlet)
    control = _control_claims(article, all_claims, linked_events, actors=actors)
    return Extraction(
        article=article,
        claims=all_claims,
        events=tuple(linked_events),
        figures=tuple(linked_figures),
        control=tuple(control),
    )


def _replace(record, **changes):
    """``dataclasses.replace`` for the frozen records linked here (no ``__post_init__``, no slots, no
    init-only fields): a copy of the instance dict with ``changes`` over it, without re-running the
    generated ``__init__`` (one ``object.__setattr__`` per field)."""
    fields = _FIELDS.get(type(record))
    if fields is None:
        fields = _FIELDS[type(record)] = frozenset(f.name for f in dataclasses.fields(record))
    if not fields.issuperset(changes):
        raise TypeError(f"{type(record).__name__} has no field {sorted(set(changes) - fields)}")
    new = object.__new__(type(record))
    new.__dict__.update(record.__dict__)
    new.__dict__.update(changes)
    return new


_FIELDS: dict[type, frozenset[str]] = {}


# --- claims of records -------------------------------------------------------------------------


def _sentence_end(prov: Provenance) -> int:
    return prov.sentence_start + len(prov.sentence)


def _claim_of(prov: Provenance, claims: Sequence[Claim]) -> Claim | None:
    inside = [c for c in claims if c.content_start <= prov.start and prov.end <= c.content_end and c.content_end > c.content_start]
    if not inside:
        inside = [c for c in claims if c.content_start <= prov.start < c.content_end]
    if inside:
        return min(inside, key=lambda c: (c.content_end - c.content_start, -c.content_start))
    s0, s1 = prov.sentence_start, _sentence_end(prov)
    same = [
        c
        for c in claims
        if c.provenance.sentence_start == s0 or (s0 <= c.provenance.start < s1) or (c.provenance.sentence_start <= prov.start < _sentence_end(c.provenance))
    ]
    if same:
        return min(same, key=lambda c: _distance(c, prov))
    return None


def _distance(c: Claim, prov: Provenance) -> int:
    a, b = c.provenance.start, c.provenance.end
    if a <= prov.start < b:
        return 0
    return min(abs(prov.start - b), abs(a - prov.end))


def _status(ev: EventMention, claim: Claim) -> str:
    if claim.provenance.rule_id == OUTLET_RULE:
        return ev.status
    if claim.stance == "deny" and not claim.provenance.rule_id.endswith(COUNTER_SUFFIX):
        return "denied"
    if ev.status not in ("occurred", "ongoing"):
        return ev.status
    if (claim.stance in ("assert", "accuse") or claim.stance == "deny") and claim.speaker_kind in PARTY_KINDS and ev.event_type == "Battles":
        return "claimed"
    if claim.stance == "call-for" and ev.status == "occurred":
        return "called-for"
    if claim.stance == "plan" and ev.status == "occurred":
        return "planned"
    return ev.status


# --- figures -----------------------------------------------------------------------------------


def _same_sentence(a: Provenance, b: Provenance) -> bool:
    return a.sentence_start == b.sentence_start or a.sentence_start <= b.start < _sentence_end(a)


def _event_for(fig: Figure, events: Sequence[EventMention]) -> EventMention | None:
    accepted = _FIGURE_EVENTS.get(fig.metric)
    if not accepted:
        return None
    cands = [
        ev
        for ev in events
        if _same_sentence(fig.provenance, ev.provenance)
        and any(ev.event_type == t and (s is None or ev.sub_event_type == s) for t, s in accepted)
    ]
    if not cands:
        return None
    return min(cands, key=lambda ev: (abs(ev.provenance.start - fig.provenance.start), ev.provenance.start))


def _link_figures(figures: Iterable[Figure], events: Sequence[EventMention], claim_for, by_id: dict[str, Claim]) -> list[Figure]:
    out: list[Figure] = []
    for fig in figures:
        claim = by_id.get(fig.claim_id) if fig.claim_id else None
        if claim is None:
            claim = claim_for(fig.provenance)
        event_id = fig.event_id
        if event_id is None and not fig.subset_of:
            ev = _event_for(fig, events)
            event_id = ev.id if ev is not None else None
        out.append(_replace(fig, claim_id=claim.id, event_id=event_id))
    # subsets take their parent's event ("21 killed, including two children")
    index = {f.id: f for f in out}
    for k, fig in enumerate(out):
        if fig.event_id is None and fig.subset_of and fig.metric in _FIGURE_EVENTS:
            parent = index.get(fig.subset_of)
            seen = {fig.id}
            while parent is not None and parent.event_id is None and parent.subset_of and parent.id not in seen:
                seen.add(parent.id)
                parent = index.get(parent.subset_of)
            if parent is not None and parent.event_id is not None:
                out[k] = _replace(fig, event_id=parent.event_id)
            else:
                ev = _event_for(fig, events)
                out[k] = _replace(fig, event_id=ev.id if ev is not None else None)
            index[fig.id] = out[k]
    return out


# --- control claims ----------------------------------------------------------------------------


def _place_of(ev: EventMention) -> Place | None:
    if ev.place is not None:
        return ev.place
    sent = ev.provenance.sentence
    pos = ev.provenance.start - ev.provenance.sentence_start
    trig = sent.find(ev.trigger, max(pos - len(ev.trigger), 0)) if ev.trigger else -1
    if trig != -1:
        m = _PLACE_AFTER.match(sent[trig + len(ev.trigger) :])
        if m:
            return Place(name=(m.group("named") or m.group("place")).strip(), rule_id="control.place-after-trigger")
    return None


def _holder(text: str, *, actors: str, context: str) -> str | None:
    m = _CONTROL.search(text)
    if not m:
        return None
    who = m.group("who").strip()
    try:
        from ..resolve.actors import ActorDictionary

        dictionary = ActorDictionary.load(extra=actors)
        actor = dictionary.normalise(who, country=dictionary.guess_country(context))
    except ImportError:  # pragma: no cover - the actor dictionary ships with sitrep
        actor = None
    return actor.name if actor is not None else who


def _control_claims(article: Article, claims: Sequence[Claim], events: Sequence[EventMention], *, actors: str) -> list[ControlClaim]:
    out: list[ControlClaim] = []
    source: dict[str, EventMention] = {}
    for ev in events:
        if ev.sub_event_type not in TERRITORY_SUBTYPES or ev.status not in CONTROL_STATUSES:
            continue
        place = _place_of(ev)
        if place is None:
            continue
        cc = ControlClaim(
            id=record_id(article.id, "control", ev.id),
            place=place,
            controller_before=ev.actor2_norm,
            controller_after=ev.actor1_norm,
            claim_id=ev.claim_id,
            contested=False,
            provenance=dataclasses.replace(ev.provenance, rule_id="control." + ev.provenance.rule_id),
            time=ev.time,
        )
        out.append(cc)
        source[cc.id] = ev
    by_id = {c.id: c for c in claims}
    for denial in claims:
        if denial.stance != "deny" or not denial.contradicts:
            continue
        # the denial bears on everything its target's speaker said in that sentence
        # ("troops captured the town …, the source said, saying troops had driven out insurgents")
        hit = by_id.get(denial.contradicts)
        denied = {denial.contradicts} | {
            c.id for c in claims
            if hit is not None and c.speaker_norm == hit.speaker_norm
            and c.provenance.sentence_start == hit.provenance.sentence_start
        }
        targets = [k for k, cc in enumerate(out) if cc.claim_id in denied]
        if not targets:
            continue
        for k in targets:
            out[k] = dataclasses.replace(out[k], contested=True)
        own = [k for k, cc in enumerate(out) if cc.claim_id == denial.id]
        if own:  # the denial's counter-statement already names who holds the place
            for k in own:
                out[k] = dataclasses.replace(out[k], contested=True)
            continue
        original = out[targets[0]]
        holder = _holder(denial.content, actors=actors, context=denial.provenance.sentence + " " + original.provenance.sentence)
        if holder is None:
            holder = source[original.id].actor2_norm
        out.append(
            ControlClaim(
                id=record_id(article.id, "control", denial.id, original.id),
                place=original.place,
                controller_before=None,
                controller_after=holder,
                claim_id=denial.id,
                contested=True,
                provenance=Provenance(
                    article_id=article.id,
                    start=denial.content_start,
                    end=denial.content_end,
                    sentence=denial.provenance.sentence,
                    rule_id="control.denial",
                    sentence_start=denial.provenance.sentence_start,
                ),
                time=denial.time or original.time,
            )
        )
    return out
