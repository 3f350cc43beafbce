"""Records to table rows and back. Rows never leave ``sitrep.store``; records do.

Each row holds derived, queryable columns plus ``data``: ``json.dumps(to_dict(record))``.
Reading rebuilds the record from ``data`` alone, so what comes out is what went in.
"""

from __future__ import annotations

import json
from typing import Any, TypeVar

from sqlalchemy import Connection, exists, select

from ..errors import NotFound, StoreError
from ..records import (
    Article,
    Claim,
    Extraction,
    ControlClaim,
    EventMention,
    Figure,
    Place,
    Quarantined,
    TimeSpan,
    from_dict,
    record_id,
    to_dict,
)

__all__ = [
    "clean",
    "article_row",
    "claim_row",
    "event_row",
    "figure_row",
    "control_row",
    "place_row",
    "place_key",
    "quarantine_row",
    "quarantine_key",
    "load",
    "in_store_order",
]

R = TypeVar("R")
#: what ``json.dumps(obj, ensure_ascii=False)`` builds on every call, made once
_ENCODER = json.JSONEncoder(ensure_ascii=False)


def dump(record: Any, *, kind: str, article_id: str | None = None) -> str:
    """``to_dict`` as JSON text; a record that cannot be serialised is a :class:`StoreError`."""
    try:
        return _ENCODER.encode(to_dict(record))
    except (TypeError, ValueError) as exc:
        rid = getattr(record, "id", "?")
        where = f" of article {article_id}" if article_id else ""
        raise StoreError(f"cannot serialise {kind} {rid!s}{where}: {exc}") from exc


def load(cls: type[R], data: str) -> R:
    """Rebuild a record from its ``data`` column."""
    try:
        return from_dict(cls, json.loads(data))
    except (TypeError, ValueError, KeyError) as exc:
        raise StoreError(f"stored {cls.__name__} is corrupt or from an incompatible version: {exc}") from exc


def in_store_order(extraction: Extraction) -> Extraction:
    """``extraction`` with each kind of record in the order the store reads them back (span
    start, then id): what reading the stored extraction again would give, without reading it."""

    def ordered(recs: tuple[Any, ...]) -> tuple[Any, ...]:
        return tuple(sorted(recs, key=lambda r: (r.provenance.start, r.id)))

    ex = extraction
    return Extraction(
        article=ex.article,
        claims=ordered(ex.claims),
        events=ordered(ex.events),
        figures=ordered(ex.figures),
        control=ordered(ex.control),
    )


def clean(value: str | None) -> str | None:
    """A text value safe for every backend (PostgreSQL text cannot hold NUL)."""
    return value.replace("\x00", "") if isinstance(value, str) else value


def _day(published: str | None) -> str | None:
    return published[:10] if published else None


def _times(time: TimeSpan | None, published: str | None) -> dict[str, str | None]:
    """The record's own interval when resolved, else the article's publication date."""
    if time is not None and (time.start or time.end):
        start = time.start or time.end
        return {"time_start": start, "time_end": time.end or start}
    day = _day(published)
    return {"time_start": day, "time_end": day}


def article_row(article: Article) -> dict[str, Any]:
    return {
        "id": article.id,
        "title": clean(article.title) or "",
        "url": clean(article.url),
        "outlet": clean(article.outlet),
        "published": clean(article.published),
        "published_precision": clean(article.published_precision),
        "language": clean(article.language),
        "retrieved": clean(article.retrieved),
        "source": clean(article.source),
        "sort_key": clean(article.published) or "",
        "data": dump(article, kind="article"),
    }


def place_key(place: Place | None) -> str | None:
    """The places-table id of a resolved place; None when the place is not resolved."""
    if place is None or (place.gazetteer_id is None and place.lat is None):
        return None
    if place.gazetteer_id:
        return "gn:" + str(place.gazetteer_id)
    return record_id("place", place.resolved_name or place.name, place.lat, place.lon, place.country)


def place_row(place: Place) -> dict[str, Any]:
    return {
        "id": place_key(place),
        "gazetteer_id": clean(place.gazetteer_id),
        "name": clean(place.resolved_name or place.name) or "",
        "lat": place.lat,
        "lon": place.lon,
        "feature_class": clean(place.feature_class),
        "admin1": clean(place.admin1),
        "admin2": clean(place.admin2),
        "country": clean(place.country),
        "geo_precision": place.geo_precision,
    }


def _span(record: Claim | EventMention | Figure | ControlClaim) -> dict[str, Any]:
    p = record.provenance
    return {"span_start": p.start, "span_end": p.end, "rule_id": clean(p.rule_id)}


def _place_cols(place: Place | None) -> dict[str, Any]:
    return {
        "place_id": place_key(place),
        "place_name": clean(place.name) if place else None,
        "lat": place.lat if place else None,
        "lon": place.lon if place else None,
    }


def claim_row(claim: Claim, article: Article) -> dict[str, Any]:
    return {
        "id": claim.id,
        "article_id": article.id,
        "speaker": clean(claim.speaker),
        "speaker_norm": clean(claim.speaker_norm),
        "speaker_kind": clean(claim.speaker_kind),
        "cue": clean(claim.cue),
        "stance": clean(claim.stance),
        "contradicts": claim.contradicts,
        **_times(claim.time, article.published),
        **_span(claim),
        "data": dump(claim, kind="claim", article_id=article.id),
    }


def event_row(event: EventMention, article: Article) -> dict[str, Any]:
    return {
        "id": event.id,
        "article_id": article.id,
        "event_type": clean(event.event_type),
        "sub_event_type": clean(event.sub_event_type),
        "status": clean(event.status),
        "trigger": clean(event.trigger),
        "actor1_norm": clean(event.actor1_norm),
        "inter1": event.inter1,
        "actor2_norm": clean(event.actor2_norm),
        "inter2": event.inter2,
        "civilian_targeting": bool(event.civilian_targeting),
        **_place_cols(event.place),
        **_times(event.time, article.published),
        "claim_id": event.claim_id,
        **_span(event),
        "data": dump(event, kind="event", article_id=article.id),
    }


def figure_row(figure: Figure, article: Article) -> dict[str, Any]:
    return {
        "id": figure.id,
        "article_id": article.id,
        "metric": clean(figure.metric),
        "low": figure.low,
        "best": figure.best,
        "high": figure.high,
        "qualifier": clean(figure.qualifier),
        "unit": clean(figure.unit),
        "kind": clean(figure.kind),
        "subgroup": clean(figure.subgroup),
        "subset_of": figure.subset_of,
        **_place_cols(figure.place),
        **_times(figure.time, article.published),
        "claim_id": figure.claim_id,
        "event_id": figure.event_id,
        **_span(figure),
        "data": dump(figure, kind="figure", article_id=article.id),
    }


def control_row(control: ControlClaim, article: Article) -> dict[str, Any]:
    return {
        "id": control.id,
        "article_id": article.id,
        "place_id": place_key(control.place),
        "place_name": clean(control.place.name) or "",
        "place_resolved": clean(control.place.resolved_name),
        "controller_before": clean(control.controller_before),
        "controller_after": clean(control.controller_after),
        "claim_id": control.claim_id,
        "contested": bool(control.contested),
        **_times(control.time, article.published),
        **_span(control),
        "data": dump(control, kind="control claim", article_id=article.id),
    }


def quarantine_key(item: Quarantined) -> str:
    """``item.id``, or a stable hash of input/reason/detail when the item has no id."""
    return item.id or record_id("quarantine", item.input, item.reason, item.detail)


def quarantine_row(item: Quarantined) -> dict[str, Any]:
    return {
        "id": quarantine_key(item),
        "input": clean(item.input) or "",
        "reason": clean(item.reason) or "",
        "at": clean(item.at),
        "data": dump(item, kind="quarantined input"),
    }


#: the shortest id prefix accepted where an id is expected
MIN_PREFIX = 4


def resolve_id(conn: Connection, table: Any, given: str, *, what: str) -> str:
    """The id in ``table`` equal to ``given`` or uniquely starting with it (at least 4 characters)."""
    if conn.scalar(select(exists().where(table.c.id == given))):
        return given
    if len(given) < MIN_PREFIX:
        raise NotFound(f"no {what} {given!r} (an id prefix needs at least {MIN_PREFIX} characters)")
    found = conn.scalars(select(table.c.id).where(table.c.id.startswith(given, autoescape=True)).limit(2)).all()
    if not found:
        raise NotFound(f"no {what} with id or id prefix {given!r}")
    if len(found) > 1:
        raise NotFound(f"{what} id prefix {given!r} is ambiguous: {found[0]}, {found[1]}, ...; give more characters")
    return found[0]
