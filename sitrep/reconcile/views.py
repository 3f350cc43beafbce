"""Mention views: an event mention together with what reconciliation needs to know about it.

A view bundles the mention with its article's metadata, the claim that carries it, the figures
linked to it and the article's other claims (for denials). Views are built from Extractions and
never leave ``sitrep.reconcile``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Iterator

from ..records import Article, Claim, EventMention, Extraction, Figure

__all__ = ["MentionView", "views_of", "ELIGIBLE_STATUSES", "PARTY_KINDS"]

#: Statuses of mentions that report something that happened (others are context, plans or appeals).
ELIGIBLE_STATUSES = frozenset({"occurred", "claimed", "denied", "ongoing"})
#: Speaker kinds that are parties to the fighting.
PARTY_KINDS = frozenset({"state", "military source", "armed group"})


@dataclass(frozen=True)
class MentionView:
    event: EventMention
    article: Article
    claim: Claim | None
    figures: tuple[Figure, ...]  # killed / injured figures linked to the event
    article_claims: tuple[Claim, ...]

    @property
    def id(self) -> str:
        return self.event.id

    @property
    def source(self) -> str:
        """Who reported it: the claim's speaker, or the outlet for unattributed statements."""
        c = self.claim
        if c is None or c.provenance.rule_id.startswith("claim.outlet"):
            return self.article.outlet or "unknown outlet"
        return c.speaker_norm or c.speaker

    @property
    def source_is_outlet(self) -> bool:
        c = self.claim
        return c is None or c.provenance.rule_id.startswith("claim.outlet")

    @property
    def source_kind(self) -> str:
        return "media" if self.claim is None else self.claim.speaker_kind

    def denials(self) -> list[Claim]:
        """Denials in the same article that bear on this mention."""
        carried = self.claim.id if self.claim else None
        trigger = self.event.trigger.lower()
        place = (self.event.place.name.lower() if self.event.place else "") or None
        out = []
        for c in self.article_claims:
            if c.stance != "deny":
                continue
            content = c.content.lower()
            if (carried and c.contradicts == carried) or trigger in content or (place and place in content):
                out.append(c)
        return out


def views_of(extraction: Extraction) -> Iterator[MentionView]:
    """Views of every eligible event mention of one article."""
    claims = {c.id: c for c in extraction.claims}
    by_event: dict[str, list[Figure]] = {}
    for f in extraction.figures:
        if f.event_id and f.metric in ("killed", "injured"):
            by_event.setdefault(f.event_id, []).append(f)
    for e in extraction.events:
        if e.status not in ELIGIBLE_STATUSES:
            continue
        yield MentionView(
            event=e,
            article=extraction.article,
            claim=claims.get(e.claim_id) if e.claim_id else None,
            figures=tuple(by_event.get(e.id, ())),
            article_claims=extraction.claims,
        )


def all_views(extractions: Iterable[Extraction]) -> list[MentionView]:
    return [v for ex in extractions for v in views_of(ex)]
