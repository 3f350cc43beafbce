"""Clustering mention views into incidents, and building Incident records.

Clustering is incremental and order-stable: mentions are taken in report order (publication date,
then article id, then position) and each joins the best-matching open cluster or starts a new one.
Analyst corrections are constraints applied on top: ``merge`` joins two groups of mentions,
``split`` separates mentions from the rest of their incident; both survive later reconciles.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Iterable, Sequence

from ..records import Correction, Incident, Place, TimeSpan, record_id
from .grades import grade
from .independence import source_groups
from .ledger import derive, ledger_entries
from .matching import Profile, is_vague, match, profile_of, time_window
from .views import MentionView

__all__ = ["Cluster", "apply_corrections", "assign", "build_incident", "cluster", "days_of", "forbidden_pairs", "order_key"]


@dataclass
class Cluster:
    views: list[MentionView] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    profile: Profile = field(default_factory=Profile)

    def add(self, view: MentionView, reason: str) -> None:
        self.views.append(view)
        self.reasons.append(f"{view.id}: {reason}")
        self.profile.add(view)

    @property
    def mention_ids(self) -> set[str]:
        return {v.id for v in self.views}


def order_key(view: MentionView) -> tuple[str, str, int]:
    return (view.article.published or "", view.article.id, view.event.provenance.start)


def assign(view: MentionView, clusters: Sequence[Cluster], *, forbidden: dict[str, set[str]] | None = None) -> tuple[int | None, str]:
    """Index of the cluster ``view`` should join (None: a new one) and the reason."""
    best: tuple[float, int, str] | None = None
    banned = (forbidden or {}).get(view.id, set())
    vague = is_vague(view)  # once per view, not per cluster
    for i, c in enumerate(clusters):
        if banned and banned & c.mention_ids:
            continue
        m = match(view, c.profile, vague=vague)
        if m is not None and (best is None or m[0] > best[0]):
            best = (m[0], i, m[1])
    if best is None:
        return None, "new incident: no compatible incident"
    return best[1], best[2]


def cluster(views: Iterable[MentionView], *, corrections: Sequence[Correction] = ()) -> list[Cluster]:
    """Cluster ``views`` from scratch, then apply ``corrections`` in order.

    Candidates are blocked: a mention is compared only with clusters holding a mention of its own
    article or (when it is specific) a specific mention on one of its days.
    """
    forbidden = forbidden_pairs(corrections)
    clusters: list[Cluster] = []
    by_day: dict[date, set[int]] = defaultdict(set)
    by_article: dict[str, set[int]] = defaultdict(set)
    for v in sorted(views, key=order_key):
        window = None if is_vague(v) else time_window(v)
        days = days_of(window) if window else []
        cands = set(by_article[v.article.id])
        for d in days:
            cands |= by_day[d]
        order = sorted(cands)
        i, why = assign(v, [clusters[k] for k in order], forbidden=forbidden)
        if i is None:
            clusters.append(Cluster())
            k = len(clusters) - 1
        else:
            k = order[i]
        clusters[k].add(v, why)
        by_article[v.article.id].add(k)
        for d in days:
            by_day[d].add(k)
    return apply_corrections(clusters, corrections)


def days_of(window: tuple[date, date]) -> list[date]:
    start, end = window
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


def forbidden_pairs(corrections: Sequence[Correction]) -> dict[str, set[str]]:
    """Pairs that a split separated: they may not be clustered together again."""
    out: dict[str, set[str]] = {}
    for c in corrections:
        if c.op == "split":
            for x in c.a:
                out.setdefault(x, set()).update(c.b)
            for y in c.b:
                out.setdefault(y, set()).update(c.a)
    return out


def apply_corrections(clusters: list[Cluster], corrections: Sequence[Correction]) -> list[Cluster]:
    for corr in corrections:
        if corr.op == "merge":
            targets = [c for c in clusters if c.mention_ids & (set(corr.a) | set(corr.b))]
            if len(targets) < 2:
                continue
            keep = targets[0]
            for other in targets[1:]:
                for v in other.views:
                    keep.add(v, f"merged by analyst{': ' + corr.note if corr.note else ''}")
                clusters.remove(other)
        elif corr.op == "split":
            moving = set(corr.a)
            for c in list(clusters):
                if not (c.mention_ids & moving) or c.mention_ids <= moving:
                    continue
                stay = [v for v in c.views if v.id not in moving]
                go = [v for v in c.views if v.id in moving]
                c.views, c.reasons, c.profile = stay, [r for r in c.reasons if r.split(":")[0] not in moving], profile_of(stay)
                new = Cluster()
                for v in go:
                    new.add(v, f"split by analyst{': ' + corr.note if corr.note else ''}")
                clusters.append(new)
        else:
            raise ValueError(f"unknown correction {corr.op!r}")
    return clusters


def _best_place(views: Sequence[MentionView]) -> Place | None:
    places = [v.event.place for v in views if v.event.place is not None]
    resolved = [p for p in places if p.lat is not None]
    pool = resolved or places
    return min(pool, key=lambda p: (p.geo_precision or 9)) if pool else None


def _narrowest_time(views: Sequence[MentionView]) -> TimeSpan | None:
    spans = [v.event.time for v in views if v.event.time and v.event.time.start]
    if not spans:
        return None
    order = {"day": 0, "week": 1, "month": 2, "year": 3}
    return min(spans, key=lambda t: (order.get(t.precision or "", 9), t.start or ""))


def build_incident(c: Cluster) -> Incident:
    views = sorted(c.views, key=order_key)
    groups = source_groups(views)
    ledger = ledger_entries(views, groups)
    killed, injured = derive(ledger, metric="killed"), derive(ledger, metric="injured")
    g, why = grade(views, groups)
    first = views[0].event
    sub_types = [v.event.sub_event_type for v in views]
    # candidates in order of first mention: a tie not settled by the first mention goes to the
    # earliest (a set's order would vary with the string hash seed from run to run)
    sub = max(dict.fromkeys(sub_types), key=lambda s: (sub_types.count(s), s == first.sub_event_type))
    event_type = next(v.event.event_type for v in views if v.event.sub_event_type == sub)
    actors = [v.event.actor1_norm for v in views if v.event.actor1_norm]
    targets = [v.event.actor2_norm for v in views if v.event.actor2_norm]
    history = tuple(
        f"{e.reported or '?'} {e.article_id[:8]}: {e.metric} {e.quantity} ({e.source})" for e in ledger
    )
    return Incident(
        id=record_id("incident", first.id),
        event_type=event_type,
        sub_event_type=sub,
        mention_ids=tuple(v.id for v in views),
        article_ids=tuple(dict.fromkeys(v.article.id for v in views)),
        sources=tuple(sorted(set(groups.values()))),
        grade=g,
        grade_reason=why,
        place=_best_place(views),
        time=_narrowest_time(views),
        actor1=actors[0] if actors else None,
        actor2=targets[0] if targets else None,
        civilian_targeting=any(v.event.civilian_targeting for v in views),
        ledger=tuple(ledger),
        fatalities_conservative=killed["conservative"],
        fatalities_best=killed["best"],
        fatalities_min=killed["min"],
        fatalities_max=killed["max"],
        injured_min=injured["min"],
        injured_max=injured["max"],
        merge_reasons=tuple(c.reasons),
        history=history,
    )
