"""Reconciliation against the store: from scratch, or incrementally for newly stored articles.

Incremental reconciliation looks only at incidents whose time spans overlap the new mention's
window (an indexed query), so the cost of adding an article does not grow with the store.
Analyst corrections (merge / split) are stored and re-applied by every reconcile.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Iterable, MutableMapping, Sequence

from ..errors import NotFound
from ..distance import EARTH_RADIUS_KM, haversine_km
from ..records import Correction, Extraction, Incident
from .incidents import Cluster, days_of, apply_corrections, assign, build_incident, cluster, forbidden_pairs, order_key
from .matching import is_vague, max_distance_km, time_window, types_compatible
from .views import MentionView, views_of

if TYPE_CHECKING:  # pragma: no cover
    from ..store import Store

__all__ = ["ExtractionCache", "ReconcileReport", "reconcile", "merge_incidents", "split_incident"]


@dataclass
class ReconcileReport:
    mentions: int = 0
    incidents: int = 0  # incidents written
    joined: int = 0  # mentions that joined an existing incident
    created: int = 0
    removed: list[str] = field(default_factory=list)


class ExtractionCache(dict):
    """Stored extractions by article id, shared by the incremental reconciles of one ingest run.

    A stored extraction never changes (``add_extraction`` only adds), so what was read once, or
    just written, need not be read again. Holds at most ``size`` extractions (oldest dropped first)
    and the mention views made from each (``views``), dropped with their extraction.
    """

    def __init__(self, *, size: int = 5000) -> None:
        super().__init__()
        self.size = size
        self.views: dict[str, tuple[MentionView, ...]] = {}

    def __setitem__(self, key: str, value: Extraction) -> None:
        if key not in self and len(self) >= self.size:
            del self[next(iter(self))]
        self.views.pop(key, None)
        super().__setitem__(key, value)

    def __delitem__(self, key: str) -> None:
        self.views.pop(key, None)
        super().__delitem__(key)

    def update(self, *args: object, **kwargs: object) -> None:  # type: ignore[override]
        for k, v in dict(*args, **kwargs).items():  # type: ignore[arg-type]
            self[k] = v


def reconcile(
    store: "Store",
    *,
    article_ids: Sequence[str] | None = None,
    known: MutableMapping[str, Extraction] | None = None,
) -> ReconcileReport:
    """Reconcile every stored mention (``article_ids`` None) or only the mentions of ``article_ids``.

    ``known``: extractions already read from (or just written to) ``store``, by article id, in the
    store's record order (:func:`sitrep.store.in_store_order`); used instead of reading them again
    and filled with what is read (an :class:`ExtractionCache` shared across incremental calls).
    """
    if article_ids is None:
        return _full(store)
    return _incremental(store, list(article_ids), extractions=known)


def _full(store: "Store") -> ReconcileReport:
    corrections = store.corrections()
    views = [v for ex in store.iter_extractions() for v in views_of(ex)]
    clusters = cluster(views, corrections=corrections)
    incidents = [build_incident(c) for c in clusters]
    store.replace_incidents(incidents, match=_match_days(zip(clusters, incidents)))
    return ReconcileReport(mentions=len(views), incidents=len(incidents), created=len(incidents))


class _Loader:
    """Extractions and clusters read once per reconcile call (views are rebuilt from records)."""

    def __init__(self, store: "Store", known: MutableMapping[str, Extraction] | None = None) -> None:
        self.store = store
        self.extractions: MutableMapping[str, Extraction] = known if known is not None else {}
        self._views: dict[str, tuple[MentionView, ...]] = known.views if isinstance(known, ExtractionCache) else {}

    def read(self, article_ids: Iterable[str]) -> None:
        """Read the extractions of ``article_ids`` not known yet, all in one store call."""
        missing = [a for a in dict.fromkeys(article_ids) if a not in self.extractions]
        if missing:
            self.extractions.update({ex.article.id: ex for ex in self.store.extractions(missing)})

    def views(self, article_ids: Sequence[str]) -> list[MentionView]:
        self.read(article_ids)
        out: list[MentionView] = []
        for a in article_ids:
            if a in self.extractions:
                made = self._views.get(a)
                if made is None:
                    made = self._views[a] = tuple(views_of(self.extractions[a]))
                out.extend(made)
        return out

    def cluster(self, incident: Incident) -> Cluster:
        wanted = set(incident.mention_ids)
        reasons = dict(r.split(": ", 1) for r in incident.merge_reasons if ": " in r)
        c = Cluster()
        for v in sorted((v for v in self.views(incident.article_ids) if v.id in wanted), key=order_key):
            c.add(v, reasons.get(v.id, "kept"))
        return c


def _match_days(built: Iterable[tuple[Cluster, Incident]]) -> dict[str, tuple[str, str]]:
    """Incident id → the first and last day of its specific mentions' time windows ("", "" when
    it has none): only a mention whose window meets that range may join it (``match``)."""
    out: dict[str, tuple[str, str]] = {}
    for c, inc in built:
        windows = c.profile.windows
        out[inc.id] = (
            (min(w[0] for w in windows).isoformat(), max(w[1] for w in windows).isoformat()) if windows else ("", "")
        )
    return out


def _cluster_of(store: "Store", incident: Incident) -> Cluster:
    return _Loader(store).cluster(incident)


def _plausible(view: MentionView, event_type: str, lat: float | None, lon: float | None,
               compatible: dict[tuple[str, str], bool]) -> bool:
    """A cheap pre-filter on a stored incident's indexed columns: compatible type and not too far
    away. ``compatible``: memo of the type test by (mention type, incident type), for one call."""
    types = (view.event.event_type, event_type)
    ok = compatible.get(types)
    if ok is None:
        ok = compatible[types] = types_compatible(types[0], {types[1]})
    if not ok:
        return False
    a = view.event.place
    if a is None or a.lat is None or a.lon is None or lat is None or lon is None:
        return True
    limit = max_distance_km()
    if abs(a.lat - lat) * _KM_PER_DEGREE > limit * 1.001 + 0.01:
        return False  # the latitude difference alone is farther (a lower bound of the distance)
    return haversine_km(a.lat, a.lon, lat, lon) <= limit


#: kilometres per degree of latitude (the great-circle distance is never shorter)
_KM_PER_DEGREE = EARTH_RADIUS_KM * math.pi / 180


def _span(view: MentionView) -> tuple[str, str] | None:
    """The stored-incident window a specific mention is compared with (None: a vague mention)."""
    window = time_window(view)
    if is_vague(view) or window is None:
        return None
    return (window[0] - timedelta(days=1)).isoformat(), (window[1] + timedelta(days=1)).isoformat()


def _candidates(
    store: "Store",
    views: Sequence[MentionView],
    compatible: dict[tuple[str, str], bool],
    spans: dict[str, tuple[str, str] | None],
) -> dict[str, list[Incident]]:
    """Each specific view's id with the stored incidents overlapping its window that pass its type
    and distance filter, oldest first. One indexed read of (id, type, lat, lon) per window; the
    filter runs once per (type, lat, lon) and window (incidents of one town share coordinates);
    only incidents some view may join are read whole, each once per call (the store does not
    change during the call). Incidents whose saved matching days miss the views' time window are
    left out: no specific mention of theirs can meet it, so as stored they match none of the views
    (:func:`_grown` adds back those that joined a mention of this call on one of its days).
    ``spans``: :func:`_span` of each view, by id."""
    by_span: dict[tuple[str, str], list[MentionView]] = {}
    for view in views:
        span = spans[view.id]
        if span is not None:
            by_span.setdefault(span, []).append(view)
    passing: list[tuple[list[MentionView], list[tuple[str, tuple[int, ...]]]]] = []
    wanted: dict[str, None] = {}
    for span, group in by_span.items():
        memo: dict[tuple[str, float | None, float | None], tuple[int, ...]] = {}
        found: list[tuple[str, tuple[int, ...]]] = []
        window = time_window(group[0])  # the same for every view of the span
        assert window is not None
        days = (window[0].isoformat(), window[1].isoformat())
        for iid, event_type, lat, lon in store.incident_keys_overlapping(*span, window=days):
            key = (event_type, lat, lon)
            ok = memo.get(key)
            if ok is None:
                ok = memo[key] = tuple(k for k, v in enumerate(group) if _plausible(v, event_type, lat, lon, compatible))
            if ok:
                found.append((iid, ok))
                wanted[iid] = None
        passing.append((group, found))
    loaded = store.incidents_by_ids(list(wanted)) if wanted else {}
    out: dict[str, list[Incident]] = {}
    for group, found in passing:
        lists: list[list[Incident]] = [[] for _ in group]
        for iid, ok in found:
            inc = loaded.get(iid)
            if inc is not None:
                for k in ok:
                    lists[k].append(inc)
        for v, found_v in zip(group, lists):
            out[v.id] = found_v
    return out


def _incremental(
    store: "Store", article_ids: list[str], *, extractions: MutableMapping[str, Extraction] | None = None
) -> ReconcileReport:
    """Each new mention joins the best compatible incident or starts one; one write per call.

    A vague mention is only compared with the incidents its own article already joined; a specific
    one with the stored incidents overlapping its time window that pass a type and distance filter.
    """
    report = ReconcileReport()
    loader = _Loader(store, extractions)
    views = loader.views(article_ids)
    known = store.incident_ids_of_mentions([v.id for v in views])
    new_views = sorted((v for v in views if v.id not in known), key=order_key)
    compatible: dict[tuple[str, str], bool] = {}
    spans = {v.id: _span(v) for v in new_views}  # made once per view
    candidates = _candidates(store, new_views, compatible, spans)
    # every candidate is read as a cluster below: its articles' extractions in one store call
    loader.read(a for found in candidates.values() for inc in found for a in inc.article_ids)
    stored: dict[str, Incident] = {}  # stored incidents read in this call, by id
    forbidden = forbidden_pairs(store.corrections())
    touched: dict[str, tuple[Cluster, str | None]] = {}  # working key → (cluster, stored incident id)
    by_article: dict[str, list[str]] = {}  # article → working keys of the clusters it joined
    by_day: dict[date, list[str]] = {}  # day → working keys of clusters given a specific mention on it here
    for view in new_views:
        report.mentions += 1
        keys = list(by_article.get(view.article.id, []))
        span = spans[view.id]
        days = days_of(time_window(view)) if span is not None else []
        found = candidates.get(view.id, [])
        if span is not None and stored:
            found = _grown(view, span, found, days, by_day, stored, compatible)
        for inc in found:
            if inc.id not in touched:
                touched[inc.id] = (loader.cluster(inc), inc.id)
                stored[inc.id] = inc
            if inc.id not in keys:
                keys.append(inc.id)
        for day in days:  # clusters that other new articles of this call started or joined
            keys += [k for k in by_day.get(day, ()) if k not in keys]
        clusters = [touched[k][0] for k in keys]
        index, why = assign(view, clusters, forbidden=forbidden)
        if index is None:
            key = f"new:{view.id}"
            touched[key] = (Cluster(), None)
            report.created += 1
        else:
            key = keys[index]
            report.joined += 1
        touched[key][0].add(view, why)
        by_article.setdefault(view.article.id, [])
        if key not in by_article[view.article.id]:
            by_article[view.article.id].append(key)
        for day in days:
            if key not in by_day.setdefault(day, []):
                by_day[day].append(key)
    new_articles = set(article_ids)
    changed = [(c, old) for c, old in touched.values() if any(v.article.id in new_articles for v in c.views)]
    incidents = [build_incident(c) for c, _ in changed]
    new_ids = {i.id for i in incidents}
    delete = [old for _, old in changed if old and old not in new_ids]
    if incidents:
        match = _match_days(zip((c for c, _ in changed), incidents))
        store.save_incidents(incidents, delete_ids=delete, match=match)
    report.incidents, report.removed = len(incidents), delete
    return report


def _grown(
    view: MentionView,
    span: tuple[str, str],
    found: list[Incident],
    days: list[date],
    by_day: dict[date, list[str]],
    stored: dict[str, Incident],
    compatible: dict[tuple[str, str], bool],
) -> list[Incident]:
    """``found`` (the view's stored candidates) with the stored incidents that joined a mention of
    this call on one of the view's days and are candidates of the view as stored (time span and
    type/distance filter) but were left out on their saved matching days: the mention they took
    may make them match now. Kept in the store's order, where the unfiltered read had them."""
    extra: list[Incident] = []
    have: set[str] | None = None
    for day in days:
        for key in by_day.get(day, ()):
            inc = stored.get(key)
            if inc is None:
                continue
            if have is None:
                have = {i.id for i in found}
            if key not in have and _overlaps_as_stored(view, span, inc, compatible):
                have.add(key)
                extra.append(inc)
    return sorted([*found, *extra], key=_store_order) if extra else found


def _overlaps_as_stored(
    view: MentionView, span: tuple[str, str], inc: Incident, compatible: dict[tuple[str, str], bool]
) -> bool:
    """Whether the unfiltered candidate read of ``view`` (window ``span``) returns ``inc`` (its
    stored time columns overlap the span, and it passes the type and distance filter)."""
    t, p = inc.time, inc.place
    start, end = (t.start, t.end or t.start) if t is not None else (None, None)
    if start is None or end is None or not (end >= span[0] and start <= span[1]):
        return False
    return _plausible(view, inc.event_type, p.lat if p else None, p.lon if p else None, compatible)


def _store_order(inc: Incident) -> tuple[str, str]:
    """The order of the store's candidate read: time start ("" when none), then id."""
    return ((inc.time.start if inc.time is not None else None) or "", inc.id)


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
    store.save_incidents(
        [incident], delete_ids=[x for x in (a.id, b.id) if x != incident.id], match=_match_days([(merged[0], incident)])
    )
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
    store.save_incidents(
        incidents,
        delete_ids=[inc.id] if inc.id not in {i.id for i in incidents} else [],
        match=_match_days(zip(parts, incidents)),
    )
    return incidents
