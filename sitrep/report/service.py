"""Situation reports from the store: select the window and scope, build, render."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..records import Incident, Place
from .builder import DISPLACEMENT_METRICS, build_report
from .render import render

if TYPE_CHECKING:  # pragma: no cover
    from ..store import Store

__all__ = ["situation_report"]


def _in_scope(place: Place | None, *, country: str | None, admin1: str | None) -> bool:
    if country and (place is None or (place.country or "").upper() != country.upper()):
        return False
    if admin1 and (place is None or (place.admin1 or "").lower() != admin1.lower()):
        return False
    return True


def situation_report(
    store: "Store", *, since: str, until: str, country: str | None = None, admin1: str | None = None, format: str = "md"
) -> str:
    """Render the situation report for ``[since, until]`` (optionally one country / admin1)."""
    incidents: list[Incident] = [
        i for i in store.incidents(since=since, until=until) if _in_scope(i.place, country=country, admin1=admin1)
    ]
    figures = [
        f for f in store.figures_in(since=since, until=until, metrics=sorted(DISPLACEMENT_METRICS))
        if _in_scope(f.place, country=country, admin1=admin1)
    ]
    denials = store.claims_in(stance="deny", since=since, until=until)
    if country or admin1:  # claims carry no place: keep those from articles with in-scope records
        in_scope = {a for i in incidents for a in i.article_ids} | {f.provenance.article_id for f in figures}
        denials = [c for c in denials if c.provenance.article_id in in_scope]
    targets = store.claims_by_ids([c.contradicts for c in denials if c.contradicts])
    controls = [c for c in store.control_claims_in(since=since, until=until) if _in_scope(c.place, country=country, admin1=admin1)]
    mention_ids = [m for i in incidents for m in i.mention_ids]
    events = {e.id: e for e in store.events_by_ids(mention_ids)}
    article_ids = {e.provenance.article_id for e in events.values()}
    article_ids |= {f.provenance.article_id for f in figures} | {c.provenance.article_id for c in denials + targets}
    article_ids |= {c.provenance.article_id for c in controls}
    articles = {a.id: a for a in store.articles_by_ids(sorted(article_ids))}
    scope = ", ".join(x for x in (admin1, country) if x) or "all areas"
    report = build_report(
        since=since, until=until, scope=scope, incidents=incidents, figures=figures, claims=denials + targets,
        controls=controls, articles=articles, events=events,
    )
    return render(report, format=format)
