"""Store methods for reconciliation and reports: incidents, analyst corrections, and records
looked up by id or by time window. A mixin of :class:`~sitrep.store.store.Store` (same engine,
same transaction helper); only records cross this boundary.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Callable, Iterable, Mapping, Sequence

from sqlalchemy import Connection, bindparam, delete, exists, func, select

from ..records import Article, Claim, ControlClaim, Correction, EventMention, Extraction, Figure, Incident
from . import rows
from .schema import articles, claims, control_claims, corrections, events, figures, incident_mentions, incidents

__all__ = ["IncidentStore"]

_CHUNK = 500  # ids per IN (...) query

# Statements built once (SQLAlchemy compiles and caches them; building them per call cost more
# than running them). ``ids``: an expanding IN list.
_IDS = bindparam("ids", expanding=True)
_INCIDENTS_OF_MENTIONS = select(incident_mentions.c.incident_id).where(incident_mentions.c.mention_id.in_(_IDS))
_MENTION_PAIRS = select(incident_mentions.c.mention_id, incident_mentions.c.incident_id).where(
    incident_mentions.c.mention_id.in_(_IDS)
)
_DEL_MENTION_ROWS = delete(incident_mentions).where(
    incident_mentions.c.mention_id.in_(bindparam("mentions", expanding=True))
    | incident_mentions.c.incident_id.in_(bindparam("incidents", expanding=True))
)
_DEL_EMPTY_INCIDENTS = delete(incidents).where(
    incidents.c.id.in_(_IDS),
    ~exists().where(incident_mentions.c.incident_id == incidents.c.id),
)
_OVERLAPPING = (
    select(incidents.c.id, incidents.c.event_type, incidents.c.lat, incidents.c.lon)
    .where(incidents.c.time_end >= bindparam("since"), incidents.c.time_start <= bindparam("until"))
    .order_by(func.coalesce(incidents.c.time_start, ""), incidents.c.id)
)
#: the overlapping incidents a mention with time window [w_start, w_end] may join: some specific
#: mention's window within [match_start, match_end] must meet it (an unknown range, "" to
#: "9999-12-31", meets every window; none, "" to "", meets none)
_MATCHABLE = _OVERLAPPING.where(incidents.c.match_end >= bindparam("w_start"), incidents.c.match_start <= bindparam("w_end"))
#: the match days of an incident saved without them: every window may meet them
UNKNOWN_MATCH = ("", "9999-12-31")
_DATA_OF = select(incidents.c.id, incidents.c.data).where(incidents.c.id.in_(_IDS))

#: ``keep(event_type, lat, lon)``: a cheap test on an incident's indexed columns
Keep = Callable[[str, "float | None", "float | None"], bool]
#: incident id -> (first, last) day of its specific mentions' time windows, ("", "") when none
Match = Mapping[str, "tuple[str, str]"]


def _chunks(ids: Sequence[str]) -> Iterable[Sequence[str]]:
    for i in range(0, len(ids), _CHUNK):
        yield ids[i : i + _CHUNK]


def _incident_row(inc: Incident, match: Match | None = None) -> dict[str, Any]:
    p, t = inc.place, inc.time
    days = (match.get(inc.id) if match else None) or UNKNOWN_MATCH
    return {
        "id": inc.id,
        "event_type": inc.event_type,
        "sub_event_type": inc.sub_event_type,
        "grade": inc.grade,
        "time_start": t.start if t else None,
        "time_end": (t.end or t.start) if t else None,
        "country": p.country if p else None,
        "admin1": rows.clean(p.admin1) if p else None,
        "lat": p.lat if p else None,
        "lon": p.lon if p else None,
        "data": rows.dump(inc, kind="incident"),
        "match_start": days[0],
        "match_end": days[1],
    }


#: stored incident text -> record: the same text always gives the same (frozen) record, and
#: incremental reconciles read the same incidents again and again
_PARSED: dict[str, Incident] = {}
_PARSED_MAX = 4096


def _load_incident(data: str) -> Incident:
    found = _PARSED.get(data)
    if found is None:
        found = rows.load(Incident, data)
        if len(_PARSED) >= _PARSED_MAX:
            del _PARSED[next(iter(_PARSED))]
        _PARSED[data] = found
    return found


class IncidentStore:
    """Incident, correction and lookup methods (mixed into Store)."""

    _tx: Any
    _extractions: Any
    _insert_many: Any

    # --- incidents -----------------------------------------------------------------------------

    def save_incidents(
        self, items: Sequence[Incident], *, delete_ids: Sequence[str] = (), match: Match | None = None
    ) -> None:
        """Write (insert or replace) incidents and their mentions and delete ``delete_ids``, in one
        transaction. An incident left without mentions (all moved to ``items``, or none given) is gone.
        ``match``: the matching day range of (some of) ``items`` (see :meth:`incident_keys_overlapping`)."""
        items = [i for i in items if i.mention_ids]
        ids = [i.id for i in items]
        mention_ids = [m for i in items for m in i.mention_ids]
        with self._tx("saving incidents") as conn:
            # the incidents losing mentions to ``items``: only these can be left empty
            emptied = set(ids) | set(delete_ids)
            for chunk in _chunks(mention_ids):
                emptied.update(conn.scalars(_INCIDENTS_OF_MENTIONS, {"ids": list(chunk)}))
            gone = sorted(set(ids) | set(delete_ids))
            for i in range(0, max(len(mention_ids), len(gone)), _CHUNK):
                part = {"mentions": mention_ids[i : i + _CHUNK], "incidents": gone[i : i + _CHUNK]}
                conn.execute(_DEL_MENTION_ROWS, part)
            for chunk in _chunks(sorted(emptied)):
                conn.execute(_DEL_EMPTY_INCIDENTS, {"ids": list(chunk)})
            self._insert_incidents(conn, items, match)

    def replace_incidents(self, items: Sequence[Incident], *, match: Match | None = None) -> None:
        """Replace every incident with ``items`` (a full reconcile), in one transaction."""
        with self._tx("replacing incidents") as conn:
            conn.execute(delete(incident_mentions))
            conn.execute(delete(incidents))
            self._insert_incidents(conn, [i for i in items if i.mention_ids], match)

    def _insert_incidents(self, conn: Connection, items: Sequence[Incident], match: Match | None = None) -> None:
        if items:
            self._insert_many(conn, incidents, [_incident_row(i, match) for i in items])
            self._insert_many(
                conn, incident_mentions, [{"mention_id": m, "incident_id": i.id} for i in items for m in i.mention_ids]
            )

    def incidents(
        self,
        *,
        since: str | None = None,
        until: str | None = None,
        grade: str | None = None,
        limit: int | None = None,
    ) -> list[Incident]:
        """Incidents whose time span overlaps [since, until] (inclusive, YYYY-MM-DD), oldest first."""
        q = select(incidents.c.data).order_by(func.coalesce(incidents.c.time_start, ""), incidents.c.id)
        if since:
            q = q.where(incidents.c.time_end >= since)
        if until:
            q = q.where(incidents.c.time_start <= until)
        if grade:
            q = q.where(incidents.c.grade == grade)
        if limit:
            q = q.limit(limit)
        with self._tx("listing incidents") as conn:
            return [_load_incident(d) for d in conn.scalars(q)]

    def incidents_overlapping(self, start: str, end: str, *, keep: Keep | None = None) -> list[Incident]:
        """Incidents whose time span overlaps [start, end] (the reconcile candidates; indexed),
        oldest first. ``keep``: a test on (event type, lat, lon); only the incidents it keeps are
        read whole (most candidates of a busy day fail on type or distance)."""
        if not start or not end:
            found = self.incidents(since=start, until=end)
            return [i for i in found if keep is None or keep(i.event_type, i.place and i.place.lat, i.place and i.place.lon)]
        with self._tx("listing incidents") as conn:
            # .all(): one driver fetch for all rows (iterating a result fetches row by row)
            ids = [i for i, t, lat, lon in conn.execute(_OVERLAPPING, {"since": start, "until": end}).all()
                   if keep is None or keep(t, lat, lon)]
            data: dict[str, str] = {}
            for chunk in _chunks(ids):
                data.update((i, d) for i, d in conn.execute(_DATA_OF, {"ids": list(chunk)}).all())
        return [_load_incident(data[i]) for i in ids if i in data]

    def incident_keys_overlapping(
        self, start: str, end: str, *, window: tuple[str, str] | None = None
    ) -> list[tuple[str, str, float | None, float | None]]:
        """(id, event type, lat, lon) of the incidents whose time span overlaps [start, end]
        (indexed), oldest first: what a reconcile filters its candidates on before reading any
        whole (:meth:`incidents_by_ids`). ``window`` (first, last day): only incidents with a
        specific mention whose window may meet it (their saved match days overlap it, or are
        not known)."""
        with self._tx("listing incidents") as conn:
            # .all(): one driver fetch for all rows (iterating a result fetches row by row)
            if window is None:
                found = conn.execute(_OVERLAPPING, {"since": start, "until": end}).all()
            else:
                params = {"since": start, "until": end, "w_start": window[0], "w_end": window[1]}
                found = conn.execute(_MATCHABLE, params).all()
            return [tuple(r) for r in found]  # type: ignore[misc]

    def incidents_by_ids(self, ids: Sequence[str]) -> dict[str, Incident]:
        """The stored incidents with these ids, by id (unknown ids are left out)."""
        data: dict[str, str] = {}
        with self._tx("reading incidents") as conn:
            for chunk in _chunks(list(ids)):
                data.update((i, d) for i, d in conn.execute(_DATA_OF, {"ids": list(chunk)}).all())
        return {i: _load_incident(d) for i, d in data.items()}

    def incident(self, incident_id: str) -> Incident:
        """The incident with this id or unique id prefix (at least 4 characters)."""
        with self._tx("reading an incident") as conn:
            iid = rows.resolve_id(conn, incidents, incident_id, what="incident")
            return rows.load(Incident, conn.scalar(select(incidents.c.data).where(incidents.c.id == iid)))

    def incident_ids_of_mentions(self, mention_ids: Sequence[str]) -> dict[str, str]:
        """mention id → incident id, for the mentions already in an incident."""
        out: dict[str, str] = {}
        with self._tx("reading incident mentions") as conn:
            for chunk in _chunks(list(mention_ids)):
                out.update({m: i for m, i in conn.execute(_MENTION_PAIRS, {"ids": list(chunk)})})
        return out

    # --- corrections ---------------------------------------------------------------------------

    def add_correction(self, correction: Correction) -> Correction:
        stamped = correction if correction.at else Correction(
            op=correction.op, a=correction.a, b=correction.b, note=correction.note,
            at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        )
        with self._tx("saving a correction") as conn:
            conn.execute(corrections.insert(), [{"op": stamped.op, "at": stamped.at, "data": rows.dump(stamped, kind="correction")}])
        return stamped

    def corrections(self) -> list[Correction]:
        """Analyst corrections in the order they were made."""
        with self._tx("reading corrections") as conn:
            return [rows.load(Correction, d) for d in conn.scalars(select(corrections.c.data).order_by(corrections.c.seq))]

    # --- lookups by id and window --------------------------------------------------------------

    def _by_ids(self, table: Any, cls: type, ids: Iterable[str | None], action: str) -> list[Any]:
        wanted = sorted({i for i in ids if i})
        out: list[Any] = []
        with self._tx(action) as conn:
            for chunk in _chunks(wanted):
                out += [rows.load(cls, d) for d in conn.scalars(select(table.c.data).where(table.c.id.in_(chunk)))]
        return out

    def articles_by_ids(self, ids: Iterable[str]) -> list[Article]:
        return self._by_ids(articles, Article, ids, "reading articles")

    def events_by_ids(self, ids: Iterable[str]) -> list[EventMention]:
        return self._by_ids(events, EventMention, ids, "reading events")

    def claims_by_ids(self, ids: Iterable[str | None]) -> list[Claim]:
        return self._by_ids(claims, Claim, ids, "reading claims")

    def extractions(self, article_ids: Iterable[str]) -> list[Extraction]:
        """The extractions of these articles (unknown ids are skipped), in the order given."""
        order = list(dict.fromkeys(article_ids))
        arts = {a.id: a for a in self.articles_by_ids(order)}
        with self._tx("reading extractions") as conn:
            return self._extractions(conn, [arts[i] for i in order if i in arts])

    def _window(self, table: Any, cls: type, since: str | None, until: str | None, where: list[Any], action: str) -> list[Any]:
        q = select(table.c.data).where(*where).order_by(table.c.time_start, table.c.id)
        if since:
            q = q.where(table.c.time_end >= since)
        if until:
            q = q.where(table.c.time_start <= until)
        with self._tx(action) as conn:
            return [rows.load(cls, d) for d in conn.scalars(q)]

    def figures_in(self, *, since: str | None = None, until: str | None = None, metrics: Sequence[str] = ()) -> list[Figure]:
        """Figures whose time span (else publication date) overlaps [since, until]."""
        where = [figures.c.metric.in_(list(metrics))] if metrics else []
        return self._window(figures, Figure, since, until, where, "listing figures")

    def claims_in(self, *, since: str | None = None, until: str | None = None, stance: str | None = None) -> list[Claim]:
        where = [claims.c.stance == stance] if stance else []
        return self._window(claims, Claim, since, until, where, "listing claims")

    def control_claims_in(self, *, since: str | None = None, until: str | None = None) -> list[ControlClaim]:
        return self._window(control_claims, ControlClaim, since, until, [], "listing control claims")
