"""Whether a mention may join an incident, and why: compatible event types, overlapping time spans,
places within a distance that follows their precision (or the same admin2), compatible actors.

The thresholds and type pairs are data (``sitrep/data/reconcile_rules.jsonl``). Further rules keep
distinct events apart:
- a *vague* mention (no time expression of its own, or only a region-level place) never links two
  articles: it joins an incident only through a specific mention of its own article ("the shells
  landed on a market" continues the article's shelling, it says nothing that could match another
  report);
- across articles, two sub-city places with different names (two neighbourhoods of one city, both
  coded to the city at precision 2) are different places.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from ..distance import haversine_km
from ..records import Place
from ..rules import load_rules
from .views import MentionView

__all__ = ["Profile", "is_vague", "match", "max_distance_km", "profile_of", "subtypes_compatible", "time_window", "types_compatible"]


@lru_cache(maxsize=1)
def _rules() -> dict[str, Any]:
    rows = load_rules("reconcile_rules.jsonl", required=("id", "kind"))
    compatible: set[frozenset[str]] = set()
    subtypes: set[frozenset[str]] = set()
    distance: dict[int, float] = {}
    slack: dict[str, int] = {}
    max_span, max_ratio = 2, 4.0
    for r in rows:
        if r["kind"] == "types" and r.get("compatible"):
            compatible.add(frozenset(r["compatible"]))
        elif r["kind"] == "subtypes":
            subtypes.add(frozenset(r["compatible"]))
        elif r["kind"] == "distance":
            distance[int(r["geo_precision"])] = float(r["max_km"])
        elif r["kind"] == "time":
            slack[r["precision"]] = int(r["slack_days"])
        elif r["kind"] == "limit":
            max_span = int(r.get("max_span_days", max_span))
            max_ratio = float(r.get("max_fatality_ratio", max_ratio))
    return {"compatible": compatible, "subtypes": subtypes, "distance": distance, "slack": slack,
            "max_span": max_span, "max_ratio": max_ratio}


def _d(s: str | None) -> date | None:
    try:
        return date.fromisoformat(s[:10]) if s else None
    except ValueError:
        return None


def time_window(view: MentionView) -> tuple[date, date] | None:
    """The mention's time span widened by the slack of its precision; None when unresolved or too vague."""
    t = view.event.time
    if t is None:
        return None
    return _window(t.start, t.end, t.precision)


@lru_cache(maxsize=8192)
def _window(start_text: str | None, end_text: str | None, precision: str | None) -> tuple[date, date] | None:
    """:func:`time_window` of a span (made once per span: every match asks again)."""
    start, end = _d(start_text), _d(end_text)
    if start is None or end is None:
        return None
    if (end - start).days > _rules()["max_span"]:
        return None
    slack = timedelta(days=_rules()["slack"].get(precision or "day", 0))
    return start - slack, end + slack


@dataclass
class Profile:
    """What an incident looks like to the matcher: the union of its mentions."""

    event_types: set[str] = field(default_factory=set)
    sub_types: set[str] = field(default_factory=set)
    windows: list[tuple[date, date]] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    actors: set[str] = field(default_factory=set)
    killed: list[int] = field(default_factory=list)  # reported death counts (best or low)
    specific_articles: set[str] = field(default_factory=set)  # articles with a specific mention here
    specific: dict[str, list[tuple[str, Place | None, int, tuple[date, date] | None]]] = field(default_factory=dict)
    # article → [(sub type, place, offset, time window)] of its specific mentions here
    vague: dict[str, list[tuple[str, str, int, tuple[str | None, str | None] | None]]] = field(default_factory=dict)
    # article → [(sub type, place name, offset, (start, end))] of its vague mentions here

    def add(self, view: MentionView) -> None:
        """Add a mention; only specific mentions give the places, dates and tolls other reports must match."""
        e = view.event
        self.event_types.add(e.event_type)
        if is_vague(view):
            t = e.time
            self.vague.setdefault(view.article.id, []).append(
                (e.sub_event_type, _pname(e.place), e.provenance.start, (t.start, t.end) if t else None)
            )
            return
        self.sub_types.add(e.sub_event_type)
        self.specific_articles.add(view.article.id)
        w = time_window(view)
        self.specific.setdefault(view.article.id, []).append((e.sub_event_type, e.place, e.provenance.start, w))
        if w:
            self.windows.append(w)
        if e.place is not None:
            self.places.append(e.place)
        if e.actor1_norm:
            self.actors.add(e.actor1_norm)
        self.killed += _killed(view)


def is_vague(view: MentionView) -> bool:
    """No time expression of its own, a span longer than ``max_span_days``, or no place finer than a region."""
    e = view.event
    t, p = e.time, e.place
    if t is None or t.start is None or (t.rule_id or "").startswith("time.default"):
        return True
    if time_window(view) is None:  # "this week", "in recent days": a summary, not one incident
        return True
    return p is None or p.lat is None or (p.geo_precision or 3) >= 3


def profile_of(views: list[MentionView]) -> Profile:
    p = Profile()
    for v in views:
        p.add(v)
    return p


def _pname(place: Place | None) -> str:
    return (place.name or "").strip().lower() if place else ""


def _killed(view: MentionView) -> list[int]:
    return [n for f in view.figures if f.metric == "killed" and f.subset_of is None
            for n in ((f.best if f.best is not None else f.low),) if n]


def _compatible(a: str, labels: set[str], kind: str) -> bool:
    if a in labels:
        return True
    for b in labels:  # a loop, not any(): most sets hold one label
        if _pair(a, b, kind):
            return True
    return False


def subtypes_compatible(a: str, subs: set[str]) -> bool:
    """Whether sub-event type ``a`` may describe the same incident as one of ``subs`` across articles."""
    return _compatible(a, subs, "subtypes")


@lru_cache(maxsize=4096)
def _pair(a: str, b: str, kind: str) -> bool:
    """Whether the rules of ``kind`` ("types", "subtypes") list {a, b} as compatible (made once per pair)."""
    return frozenset({a, b}) in _rules()["compatible" if kind == "types" else "subtypes"]


@lru_cache(maxsize=1)
def max_distance_km() -> float:
    """The largest merge distance of any precision (a pre-filter bound)."""
    return max(_rules()["distance"].values(), default=100.0)


def types_compatible(a: str, types: set[str]) -> bool:
    """Whether event type ``a`` may describe the same incident as one of ``types``."""
    return _compatible(a, types, "types")


#: how far (characters) a vague mention may stand from its article's specific mention of the incident
CONTINUATION_CHARS = 300


def _continues(view: MentionView, anchors: list[tuple[str, Place | None, int, tuple[date, date] | None]], vague: bool | None = None) -> tuple[float, str] | None:
    """Whether a mention continues its own article's report of this incident.

    A vague mention continues it when a specific mention of a compatible sub-type stands within
    ``CONTINUATION_CHARS`` ("the shells landed on a market"); a specific one only when it names a
    compatible place and its dates overlap (the same article reporting another place or day is
    reporting another event)."""
    e = view.event
    sub = e.sub_event_type
    subs = [a for a in anchors if a[0] == sub or _pair(sub, a[0], "subtypes")]
    if not subs:
        return None
    if is_vague(view) if vague is None else vague:
        near = min(abs(e.provenance.start - a[2]) for a in subs)
        if near <= CONTINUATION_CHARS:
            return 3.0, f"{e.sub_event_type}; continues its article's report ({near} characters on)"
        return None
    w = time_window(view)
    for _sub, place, _pos, window in subs:
        overlap = w is not None and window is not None and window[0] <= w[1] and w[0] <= window[1]
        if overlap and e.place is not None and place is not None and _place_match(e.place, place)[0]:
            return 3.0, f"{e.sub_event_type}; same place and dates in its article's report"
    return None


def _repeats(view: MentionView, anchors: list[tuple[str, str, int, tuple[str | None, str | None] | None]]) -> tuple[float, str] | None:
    """A vague mention repeating another of its article: same sub-type, place as written and dates."""
    e, t = view.event, view.event.time
    key = (e.sub_event_type, _pname(e.place), (t.start, t.end) if t else None)
    for sub, name, pos, span in anchors:
        if (sub, name, span) == key and abs(pos - e.provenance.start) <= 3 * CONTINUATION_CHARS:
            return 2.0, f"{e.sub_event_type}; repeats its article's mention {abs(pos - e.provenance.start)} characters away"
    return None


def _sub_city_name(place: Place | None) -> str:
    """The written name of a part of a city (precision 2, not the city itself), else ""."""
    if place is None or (place.geo_precision or 1) != 2:
        return ""
    name = _pname(place)
    return "" if name == (place.resolved_name or "").strip().lower() else name


def _names_compatible(a: str, b: str) -> bool:
    """Place names as written that may name the same spot (equal, or one inside the other)."""
    return not a or not b or a == b or a in b or b in a


def _place_match(a: Place, b: Place) -> tuple[bool, str]:
    if a.admin2 and b.admin2 and a.admin2 == b.admin2 and a.country == b.country and _pname(a) == _pname(b):
        return True, f"same place {a.name!r} in {a.admin2}"
    if a.lat is None or b.lat is None or a.lon is None or b.lon is None:
        same = _pname(a) == _pname(b) and bool(_pname(a))
        return same, f"same unresolved place name {a.name!r}" if same else "places unresolved and different"
    km = haversine_km(a.lat, a.lon, b.lat, b.lon)
    coarser = max(a.geo_precision or 1, b.geo_precision or 1)
    limit = _rules()["distance"].get(coarser, 25.0)
    if km > limit:
        return False, f"{km:.0f} km apart (limit {limit:.0f} km at precision {coarser})"
    sub_city = (a.geo_precision or 1) == 2 and (b.geo_precision or 1) == 2
    if sub_city and _pname(a) != _pname(b) and not (_pname(a) in _pname(b) or _pname(b) in _pname(a)):
        generic = {(a.resolved_name or "").lower(), (b.resolved_name or "").lower()}
        if _pname(a) not in generic and _pname(b) not in generic:
            return False, f"different parts of {a.resolved_name or a.name}: {a.name!r} vs {b.name!r}"
    return True, f"{a.name!r} ~ {b.name!r} ({km:.0f} km, limit {limit:.0f})"


def match(view: MentionView, profile: Profile, *, vague: bool | None = None) -> tuple[float, str] | None:
    """A score (higher is closer) and the reason when ``view`` may join ``profile``; None otherwise.
    ``vague``: ``is_vague(view)`` when the caller knows it (it matches one view with many profiles)."""
    e = view.event
    if e.event_type not in profile.event_types and not types_compatible(e.event_type, profile.event_types):
        return None
    if vague is None:
        vague = is_vague(view)
    own_article = view.article.id in profile.specific_articles
    if vague and not own_article:
        anchors = profile.vague.get(view.article.id)  # only within its own article
        return _repeats(view, anchors) if anchors else None
    if not profile.specific_articles:
        return None  # nothing specific to match against
    if own_article:
        return _continues(view, profile.specific[view.article.id], vague)
    if not subtypes_compatible(e.sub_event_type, profile.sub_types):
        return None
    w = time_window(view)
    if w is None or not profile.windows:
        return None
    mine = _killed(view)
    if mine and profile.killed:
        lo, hi = min(mine + profile.killed), max(mine + profile.killed)
        if hi > lo * _rules()["max_ratio"]:
            return None  # death counts of a different order: another incident
    overlap = [x for x in profile.windows if x[0] <= w[1] and w[0] <= x[1]]
    if not overlap:
        return None
    if e.place is None or not profile.places:
        return None
    # the mention must sit with most of the incident's places, not just one of them: no chains
    results = [_place_match(e.place, p) for p in profile.places]
    agreeing = [why for ok, why in results if ok]
    if not agreeing or 2 * len(agreeing) < len(results):
        return None
    best = (True, agreeing[0])
    my_part = _sub_city_name(e.place)
    theirs = [n for n in (_sub_city_name(p) for p in profile.places) if n]
    if my_part and theirs and not any(_names_compatible(my_part, n) for n in theirs):
        return None  # a city-level mention does not make two neighbourhoods one place
    if e.actor1_norm and profile.actors and e.actor1_norm not in profile.actors:
        # ACLED: same actors, day and place make one event. Different attackers are another event,
        # unless the reports name the very same spot (then they dispute who did it).
        exact_place = any(_sub_city_name(e.place) and _pname(e.place) == _pname(p) for p in profile.places)
        if not exact_place:
            return None
        actor_note = f"; actor differs ({e.actor1_norm} vs {', '.join(sorted(profile.actors))})"
    else:
        actor_note = ""
    score = 1.0 + (e.sub_event_type in profile.sub_types) + 0.5 * (len(overlap) / len(profile.windows))
    reason = f"{e.sub_event_type}; {best[1]}; dates overlap{actor_note}"
    return score, reason
