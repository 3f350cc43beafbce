"""Reconciliation against the store: from scratch, or incrementally for newly stored articles.

Incremental reconciliation looks only at incidents whose time spans overlap the new mention's
window (an indexed query), so the cost of adding an article does not grow with the store.
Analyst corrections (merge / split) are stored and re-applied by every reconcile.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING, Sequence

from ..errors import NotFound
from ..records import Correction, Incident
from .incidents import Cluster, apply_corrections, assign, build_incident, cluster, forbidden_pairs, order_key
from .matching import time_window
from .views import MentionView, all_views, views_of

if TYPE_CHECKING:  # pragma: no cover
    from ..store import Store

__all__ = ["ReconcileReport", "reconcile", "merge_incidents", "split_incident"]


@dataclass
class ReconcileReport:
    mentions: int = 0
    incidents: int = 0  # incidents written
    joined: int = 0  # mentions that joined an existing incident
    created: int = 0
    removed: list[str] = field(default_factory=list)


def reconcile(store: "Store", *, article_ids: Sequence[str] | None = None) -> ReconcileReport:
    """Reconcile every stored mention (``article_ids`` None) or only the mentions of ``article_ids``."""
    if article_ids is None:
        return _full(store)
    return _incremental(store, list(article_ids))


def _full(store: "Store") -> ReconcileReport:
    corrections = store.corrections()
    views = [v for ex in store.iter_extractions() for v in views_of(ex)]
    clusters = cluster(views, corrections=corrections)
    incidents = [build_incident(c) for c in clusters]
    store.replace_incidents(incidents)
    return ReconcileReport(mentions=len(views), incidents=len(incidents), created=len(incidents))


def _cluster_of(store: "Store", incident: Incident) -> Cluster:
    wanted = set(incident.mention_ids)
    c = Cluster()
    views = [v for ex in store.extractions(incident.article_ids) for v in views_of(ex) if v.id in wanted]
    reasons = dict(r.split(": ", 1) for r in incident.merge_reasons if ": " in r)
    for v in sorted(views, key=order_key):
        c.add(v, reasons.get(v.id, "kept"))
    return c


def _incremental(store: "Store", article_ids: list[str]) -> ReconcileReport:
    report = ReconcileReport()
    known = store.incident_ids_of_mentions([e.id for ex in store.extractions(article_ids) for e in ex.events])
    forbidden = forbidden_pairs(store.corrections())
    for view in sorted(all_views(store.extractions(article_ids)), key=order_key):
        if view.id in known:
            continue
        report.mentions += 1
        window = time_window(view)
        candidates: list[Incident] = []
        if window is not None:
            candidates = store.incidents_overlapping(
                (window[0] - timedelta(days=1)).isoformat(), (window[1] + timedelta(days=1)).isoformat()
            )
        clusters = [_cluster_of(store, inc) for inc in candidates]
        index, why = assign(view, clusters, forbidden=forbidden)
        if index is None:
            target, old_id = Cluster(), None
            report.created += 1
        else:
            target, old_id = clusters[index], candidates[index].id
            report.joined += 1
        target.add(view, why)
        incident = build_incident(target)
        delete = [old_id] if old_id and old_id != incident.id else []
        store.save_incidents([incident], delete_ids=delete)
        report.removed += delete
        report.incidents += 1
        known[view.id] = incident.id
    return report


def _incident(store: "Store", incident_id: str) -> Incident:
    return store.incident(incident_id)


def merge_incidents(store: "Store", first: str, second: str, *, note: str = "") -> Incident:
    """Merge two incidents (analyst correction, kept for later reconciles)."""
    a, b = _incident(store, first), _incident(store, second)
    if a.id == b.id:
        raise NotFound(f"{first} and {second} are the same incident")
    corr = Correction(op="merge", a=a.mention_ids, b=b.mention_ids, note=note)
    store.add_correction(corr)
    merged = apply_corrections([_cluster_of(store, a), _cluster_of(store, b)], [corr])
    incident = build_incident(merged[0])
    store.save_incidents([incident], delete_ids=[x for x in (a.id, b.id) if x != incident.id])
    return incident


def split_incident(store: "Store", incident_id: str, mention_ids: Sequence[str], *, note: str = "") -> list[Incident]:
    """Move ``mention_ids`` out of an incident into a new one (analyst correction, kept)."""
    inc = _incident(store, incident_id)
    moving = tuple(m for m in inc.mention_ids if any(m.startswith(x) for x in mention_ids))
    if not moving or len(moving) == len(inc.mention_ids):
        raise NotFound(f"split needs some but not all mentions of incident {inc.id}; it has {', '.join(inc.mention_ids)}")
    staying = tuple(m for m in inc.mention_ids if m not in moving)
    corr = Correction(op="split", a=moving, b=staying, note=note)
    store.add_correction(corr)
    parts = apply_corrections([_cluster_of(store, inc)], [corr])
    incidents = [build_incident(c) for c in parts]
    store.save_incidents(incidents, delete_ids=[inc.id] if inc.id not in {i.id for i in incidents} else [])
    return incidents


def incident_views(store: "Store", incident: Incident) -> list[MentionView]:
    return _cluster_of(store, incident).views
