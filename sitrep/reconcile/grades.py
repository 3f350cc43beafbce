"""Airwars-style grades of an incident, each with its reason.

In order of precedence:
- contested: a denial bears on a mention (status denied, or a denial in the same article naming the
  event or contradicting its claim), or the reports disagree on who is responsible (different actor 1);
- confirmed: a party accepts responsibility (the actor's own side asserts it), or two or more
  independent source groups in two or more reports say it and nobody denies it;
- discounted: every source is a party to the fighting and none is the accused side (combatants only);
- fair: several reports, one independent source group, and that source is a monitor, NGO,
  international body or media;
- single-source: everything else.
"""

from __future__ import annotations

from typing import Sequence

from .views import PARTY_KINDS, MentionView

__all__ = ["grade", "GRADES"]

GRADES = ("confirmed", "fair", "single-source", "contested", "discounted")


def _side(name: str | None) -> str | None:
    """A crude side key of an actor or speaker name: the country's forces vs everyone else."""
    if not name:
        return None
    low = name.lower()
    if low.startswith("military forces of") or low.startswith("police forces of") or "government" in low or "army" in low or "military" in low:
        return "state"
    return low


def grade(views: Sequence[MentionView], groups: dict[str, str]) -> tuple[str, str]:
    """The grade of an incident made of ``views`` and the reason for it."""
    denials = [d for v in views for d in v.denials()]
    if any(v.event.status == "denied" for v in views) or denials:
        who = sorted({d.speaker_norm for d in denials}) or ["a report"]
        return "contested", f"denied by {', '.join(who)}"
    actors = {v.event.actor1_norm for v in views if v.event.actor1_norm}
    if len(actors) > 1:
        return "contested", f"conflicting claims of responsibility: {', '.join(sorted(actors))}"
    actor_side = _side(next(iter(actors))) if actors else None
    for v in views:
        if v.claim and v.source_kind in PARTY_KINDS and actor_side and _side(v.claim.speaker_norm) == actor_side:
            return "confirmed", f"{v.claim.speaker_norm} (a party) accepts it"
    independent = sorted(set(groups[v.id] for v in views))
    articles = {v.article.id for v in views}
    if len(independent) >= 2 and len(articles) >= 2:
        return "confirmed", f"{len(independent)} independent sources in {len(articles)} reports, no denial"
    kinds = {v.source_kind for v in views}
    if kinds and kinds <= PARTY_KINDS:
        return "discounted", "only combatant sources, none of them the accused side"
    if len(articles) >= 2:
        return "fair", f"{len(articles)} reports from one source ({independent[0]})"
    return "single-source", f"one report ({independent[0]})"
