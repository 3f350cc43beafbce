"""The store's tables (SQLAlchemy Core), shared by SQLite and PostgreSQL.

Every record table keeps a few queryable columns (ids, filters, span offsets for ordering) and a
``data`` column holding ``json.dumps(to_dict(record))``; records are rebuilt from ``data`` with
``from_dict``, so they round-trip exactly. The queryable columns are derived copies.

The Alembic revisions in ``migrations/versions`` create these tables; a test checks that the
migrated database and this metadata agree, so change both together (add a new revision).
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

__all__ = [
    "metadata",
    "articles",
    "places",
    "claims",
    "events",
    "figures",
    "control_claims",
    "quarantine",
    "incidents",
    "incident_mentions",
    "corrections",
    "RECORD_TABLES",
]

ID = String(64)

metadata = MetaData()


articles = Table(
    "articles",
    metadata,
    Column("id", ID, primary_key=True),
    Column("title", Text, nullable=False),
    Column("url", Text),
    Column("outlet", Text),
    Column("published", String(40)),
    Column("published_precision", String(16)),
    Column("language", String(16)),
    Column("retrieved", String(40)),
    Column("source", Text),
    # coalesce(published, ''): the ordering/paging key (articles with no date sort first)
    Column("sort_key", String(40), nullable=False),
    Column("data", Text, nullable=False),
    Index("ix_articles_sort", "sort_key", "id"),
    Index("ix_articles_outlet", "outlet"),
    Index("ix_articles_published", "published"),
)

# Resolved places (a gazetteer id or coordinates), shared by every record that names them.
places = Table(
    "places",
    metadata,
    Column("id", ID, primary_key=True),  # "gn:<gazetteer id>" or a hash of name/lat/lon/country
    Column("gazetteer_id", String(64)),
    Column("name", Text, nullable=False),  # resolved name, else the name as written
    Column("lat", Float),
    Column("lon", Float),
    Column("feature_class", String(32)),
    Column("admin1", Text),
    Column("admin2", Text),
    Column("country", String(8)),
    Column("geo_precision", Integer),
    Index("ix_places_name", "name"),
    Index("ix_places_country", "country"),
)


def _place_fk() -> Column:
    return Column("place_id", ID, ForeignKey("places.id"), nullable=True)


def _span_columns() -> list[Column]:
    return [
        Column("span_start", Integer, nullable=False),
        Column("span_end", Integer, nullable=False),
        Column("rule_id", Text),
    ]


claims = Table(
    "claims",
    metadata,
    Column("id", ID, primary_key=True),
    Column("article_id", ID, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("speaker", Text),
    Column("speaker_norm", Text),
    Column("speaker_kind", String(32)),
    Column("cue", Text),
    Column("stance", String(16)),
    Column("contradicts", ID),
    Column("time_start", String(40)),
    Column("time_end", String(40)),
    *_span_columns(),
    Column("data", Text, nullable=False),
    Index("ix_claims_article", "article_id", "span_start"),
    Index("ix_claims_stance", "stance"),
    Index("ix_claims_speaker_norm", "speaker_norm"),
    Index("ix_claims_contradicts", "contradicts"),
)

events = Table(
    "events",
    metadata,
    Column("id", ID, primary_key=True),
    Column("article_id", ID, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("event_type", String(64), nullable=False),
    Column("sub_event_type", String(64), nullable=False),
    Column("status", String(16), nullable=False),
    Column("trigger", Text),
    Column("actor1_norm", Text),
    Column("inter1", Integer),
    Column("actor2_norm", Text),
    Column("inter2", Integer),
    Column("civilian_targeting", Boolean, nullable=False),
    _place_fk(),
    Column("place_name", Text),  # as written
    Column("lat", Float),
    Column("lon", Float),
    # the event's TimeSpan, else the article's publication date (what since/until filter on)
    Column("time_start", String(40)),
    Column("time_end", String(40)),
    Column("claim_id", ID),
    *_span_columns(),
    Column("data", Text, nullable=False),
    Index("ix_events_article", "article_id", "span_start"),
    Index("ix_events_type", "event_type", "sub_event_type"),
    Index("ix_events_status", "status"),
    Index("ix_events_time", "time_start", "time_end"),
    Index("ix_events_place", "place_id"),
    Index("ix_events_claim", "claim_id"),
)

figures = Table(
    "figures",
    metadata,
    Column("id", ID, primary_key=True),
    Column("article_id", ID, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("metric", String(32), nullable=False),
    Column("low", Integer),
    Column("best", Integer),
    Column("high", Integer),
    Column("qualifier", Text),
    Column("unit", String(32)),
    Column("kind", String(16)),
    Column("subgroup", Text),
    Column("subset_of", ID),
    _place_fk(),
    Column("place_name", Text),
    Column("lat", Float),
    Column("lon", Float),
    Column("time_start", String(40)),
    Column("time_end", String(40)),
    Column("claim_id", ID),
    Column("event_id", ID),
    *_span_columns(),
    Column("data", Text, nullable=False),
    Index("ix_figures_article", "article_id", "span_start"),
    Index("ix_figures_metric", "metric"),
    Index("ix_figures_place", "place_id"),
    Index("ix_figures_claim", "claim_id"),
    Index("ix_figures_event", "event_id"),
    Index("ix_figures_time", "time_start", "time_end"),
)

control_claims = Table(
    "control_claims",
    metadata,
    Column("id", ID, primary_key=True),
    Column("article_id", ID, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    _place_fk(),
    Column("place_name", Text, nullable=False),  # as written
    Column("place_resolved", Text),  # resolved name, when the place is resolved
    Column("controller_before", Text),
    Column("controller_after", Text),
    Column("claim_id", ID),
    Column("contested", Boolean, nullable=False),
    Column("time_start", String(40)),
    Column("time_end", String(40)),
    *_span_columns(),
    Column("data", Text, nullable=False),
    Index("ix_control_claims_article", "article_id", "span_start"),
    Index("ix_control_claims_place_name", "place_name"),
    Index("ix_control_claims_place_resolved", "place_resolved"),
    Index("ix_control_claims_place", "place_id"),
    Index("ix_control_claims_claim", "claim_id"),
)

quarantine = Table(
    "quarantine",
    metadata,
    Column("id", ID, primary_key=True),  # item.id, or a hash of input/reason/detail when empty
    Column("input", Text, nullable=False),
    Column("reason", String(64), nullable=False),
    Column("at", String(40)),
    Column("data", Text, nullable=False),
    Index("ix_quarantine_reason", "reason"),
    Index("ix_quarantine_at", "at"),
)

#: Per-article record tables, in insertion order.
RECORD_TABLES = (claims, events, figures, control_claims)


# --- reconciliation (revision 0002) ------------------------------------------------------------

incidents = Table(
    "incidents",
    metadata,
    Column("id", ID, primary_key=True),
    Column("event_type", Text, nullable=False),
    Column("sub_event_type", Text, nullable=False),
    Column("grade", String(32), nullable=False),
    Column("time_start", String(40)),
    Column("time_end", String(40)),
    Column("country", String(8)),
    Column("admin1", Text),
    Column("lat", Float),
    Column("lon", Float),
    Column("data", Text, nullable=False),
    # revision 0003: first and last day of the specific mentions' time windows ("", "" when none;
    # "", "9999-12-31" when unknown): a reconcile reads only incidents a new mention's window may meet
    Column("match_start", String(10), nullable=False, server_default=""),
    Column("match_end", String(10), nullable=False, server_default="9999-12-31"),
    Index("ix_incidents_time", "time_start", "time_end"),
    Index("ix_incidents_match", "match_end", "match_start"),
    Index("ix_incidents_grade", "grade"),
)

incident_mentions = Table(
    "incident_mentions",
    metadata,
    Column("mention_id", ID, primary_key=True),  # an event mention belongs to one incident
    Column("incident_id", ID, ForeignKey("incidents.id", ondelete="CASCADE"), nullable=False),
    Index("ix_incident_mentions_incident", "incident_id"),
)

corrections = Table(
    "corrections",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("op", String(16), nullable=False),
    Column("at", String(40)),
    Column("data", Text, nullable=False),
)
