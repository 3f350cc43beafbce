"""Exports of reconciled incidents: ACLED layout, UCDP GED-like best/low/high, GeoJSON, JSONL.

- ``acled-csv``: ACLED's columns; fatalities are the conservative figure (ACLED coding), the
  disputes and the range go into ``notes`` and ``tags`` instead of being lost.
- ``ged-csv``: UCDP GED-like columns: date_start/date_end as earliest and latest possible dates,
  date_prec and where_prec codes, best/low/high deaths, number of sources.
- ``geojson``: one Point feature per incident with coordinates, properties = the incident's fields.
- ``jsonl``: one incident record a line (field names as keys).
"""

from __future__ import annotations

import csv
import json
from typing import IO, Any, Callable, Iterable

from .export import ACLED_COLUMNS, DISORDER, TIME_PRECISION, country_info, place_columns
from .records import Incident, to_dict

__all__ = ["GED_COLUMNS", "INCIDENT_FORMATS", "acled_incident_row", "ged_row", "write_incidents"]

_DATE_PREC = {"day": 1, "week": 3, "month": 4, "year": 5}  # UCDP: 2 = a 2-6 day range (set below)
GED_COLUMNS = (
    "id", "year", "event_type", "sub_event_type", "side_a", "side_b", "date_start", "date_end", "date_prec",
    "where_prec", "where_coordinates", "latitude", "longitude", "country", "adm_1", "adm_2",
    "best", "low", "high", "number_of_sources", "grade", "grade_reason", "source_article",
)


def _sources_note(inc: Incident) -> str:
    parts = [f"{e.source}: {e.quantity} {e.metric}" for e in inc.ledger]
    return "; ".join(dict.fromkeys(parts))


def acled_incident_row(inc: Incident) -> dict[str, Any]:
    t, p = inc.time, inc.place
    day = t.start if t and t.start else ""
    notes = f"{inc.sub_event_type} reported by {len(inc.sources)} independent source(s); grade {inc.grade} ({inc.grade_reason})."
    if inc.ledger:
        notes += f" Figures: {_sources_note(inc)}."
    return {
        "event_id_cnty": inc.id,
        "event_date": day,
        "year": day[:4],
        "time_precision": TIME_PRECISION.get(t.precision or "", "") if t else "",
        "disorder_type": DISORDER.get(inc.event_type, ""),
        "event_type": inc.event_type,
        "sub_event_type": inc.sub_event_type,
        "actor1": inc.actor1 or "",
        "actor2": inc.actor2 or "",
        "civilian_targeting": "Civilian targeting" if inc.civilian_targeting else "",
        **place_columns(p),
        "source": "; ".join(inc.sources),
        "notes": notes,
        "fatalities": inc.fatalities_conservative or 0,
        "tags": f"grade: {inc.grade}"
        + (f"; fatalities range {inc.fatalities_min}-{inc.fatalities_max}" if inc.fatalities_max is not None else ""),
    }


def ged_row(inc: Incident) -> dict[str, Any]:
    t, p = inc.time, inc.place
    start = t.start if t and t.start else ""
    end = (t.end or t.start) if t and t.start else ""
    prec = _DATE_PREC.get(t.precision or "", "") if t else ""
    if prec == 1 and start != end:
        prec = 2
    return {
        "id": inc.id,
        "year": start[:4],
        "event_type": inc.event_type,
        "sub_event_type": inc.sub_event_type,
        "side_a": inc.actor1 or "",
        "side_b": inc.actor2 or "",
        "date_start": start,
        "date_end": end,
        "date_prec": prec,
        "where_prec": p.where_prec if p and p.where_prec is not None else "",
        "where_coordinates": (p.resolved_name or p.name) if p else "",
        "latitude": p.lat if p and p.lat is not None else "",
        "longitude": p.lon if p and p.lon is not None else "",
        "country": country_info(p.country if p else None).get("name", ""),
        "adm_1": (p.admin1 or "") if p else "",
        "adm_2": (p.admin2 or "") if p else "",
        "best": inc.fatalities_best if inc.fatalities_best is not None else 0,
        "low": inc.fatalities_min if inc.fatalities_min is not None else 0,
        "high": inc.fatalities_max if inc.fatalities_max is not None else 0,
        "number_of_sources": len(inc.sources),
        "grade": inc.grade,
        "grade_reason": inc.grade_reason,
        "source_article": "; ".join(inc.article_ids),
    }


def _csv(columns: tuple[str, ...], build: Callable[[Incident], dict[str, Any]]) -> Callable[[Iterable[Incident], IO[str]], int]:
    def write(incidents: Iterable[Incident], out: IO[str]) -> int:
        writer = csv.DictWriter(out, fieldnames=columns, extrasaction="raise", restval="")
        writer.writeheader()
        n = 0
        for inc in incidents:
            writer.writerow(build(inc))
            n += 1
        return n

    return write


def _geojson(incidents: Iterable[Incident], out: IO[str]) -> int:
    features = []
    for inc in incidents:
        p = inc.place
        geometry = {"type": "Point", "coordinates": [p.lon, p.lat]} if p and p.lat is not None and p.lon is not None else None
        props = {k: v for k, v in to_dict(inc).items() if k not in ("ledger", "merge_reasons", "history")}
        props["ledger_size"] = len(inc.ledger)
        features.append({"type": "Feature", "id": inc.id, "geometry": geometry, "properties": props})
    json.dump({"type": "FeatureCollection", "features": features}, out, ensure_ascii=False)
    out.write("\n")
    return len(features)


def _jsonl(incidents: Iterable[Incident], out: IO[str]) -> int:
    n = 0
    for inc in incidents:
        out.write(json.dumps(to_dict(inc), ensure_ascii=False) + "\n")
        n += 1
    return n


INCIDENT_FORMATS: dict[str, Callable[[Iterable[Incident], IO[str]], int]] = {
    "acled-csv": _csv(ACLED_COLUMNS, acled_incident_row),
    "ged-csv": _csv(GED_COLUMNS, ged_row),
    "geojson": _geojson,
    "jsonl": _jsonl,
}


def write_incidents(incidents: Iterable[Incident], *, format: str, out: IO[str]) -> int:
    """Write incidents in ``format`` (acled-csv, ged-csv, geojson, jsonl); returns the count."""
    return INCIDENT_FORMATS[format](incidents, out)
