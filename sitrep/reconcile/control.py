"""Territorial control timelines: who held or claimed a place, when, and whether it was disputed.

Built from ControlClaim records (captured / seized / recaptured / took control / withdrew /
repelled / lost, asserted or denied). Claims about one place within ``window_days`` of each other
that name different controllers make a contested period; nothing is dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Sequence

from ..records import Claim, ControlClaim

__all__ = ["ControlEntry", "timeline"]


@dataclass(frozen=True)
class ControlEntry:
    date: str | None
    place: str
    controller: str | None
    previous: str | None
    claimed_by: str
    stance: str
    contested: bool
    sentence: str
    article_id: str
    control_id: str


def _day(c: ControlClaim) -> str | None:
    t = c.time
    return (t.end or t.start) if t else None


def timeline(controls: Sequence[ControlClaim], claims: dict[str, Claim], *, window_days: int = 3) -> list[ControlEntry]:
    """The control timeline of the given claims (usually all about one place), oldest first."""
    rows = sorted(controls, key=lambda c: (_day(c) or "", c.provenance.article_id, c.provenance.start))
    entries: list[ControlEntry] = []
    for i, c in enumerate(rows):
        claim = claims.get(c.claim_id or "")
        day = _day(c)
        disputed = c.contested or any(
            other.controller_after != c.controller_after and _near(day, _day(other), window_days)
            for other in rows if other is not c and other.controller_after
        )
        entries.append(ControlEntry(
            date=day,
            place=c.place.resolved_name and c.place.name != c.place.resolved_name and f"{c.place.name} ({c.place.resolved_name})" or c.place.name,
            controller=c.controller_after,
            previous=c.controller_before,
            claimed_by=(claim.speaker_norm if claim else "unattributed"),
            stance=(claim.stance if claim else "assert"),
            contested=disputed,
            sentence=c.provenance.sentence.strip(),
            article_id=c.provenance.article_id,
            control_id=c.id,
        ))
    return entries


def _near(a: str | None, b: str | None, days: int) -> bool:
    if not a or not b:
        return a == b
    try:
        return abs(date.fromisoformat(a[:10]) - date.fromisoformat(b[:10])) <= timedelta(days=days)
    except ValueError:
        return False
