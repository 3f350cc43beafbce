"""Initial schema: articles, places, claims, events, figures, control_claims, quarantine.

Revision ID: 0001_initial
Revises:
Create Date: 2026-05-20
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_initial"
down_revision = None
branch_labels = None
depends_on = None

ID = sa.String(64)


def _article_id() -> sa.Column:
    return sa.Column("article_id", ID, sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False)


def _span() -> list[sa.Column]:
    return [
        sa.Column("span_start", sa.Integer, nullable=False),
        sa.Column("span_end", sa.Integer, nullable=False),
        sa.Column("rule_id", sa.Text),
    ]


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("id", ID, primary_key=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("url", sa.Text),
        sa.Column("outlet", sa.Text),
        sa.Column("published", sa.String(40)),
        sa.Column("published_precision", sa.String(16)),
        sa.Column("language", sa.String(16)),
        sa.Column("retrieved", sa.String(40)),
        sa.Column("source", sa.Text),
        sa.Column("sort_key", sa.String(40), nullable=False),
        sa.Column("data", sa.Text, nullable=False),
    )
    op.create_index("ix_articles_sort", "articles", ["sort_key", "id"])
    op.create_index("ix_articles_outlet", "articles", ["outlet"])
    op.create_index("ix_articles_published", "articles", ["published"])

    op.create_table(
        "places",
        sa.Column("id", ID, primary_key=True),
        sa.Column("gazetteer_id", sa.String(64)),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("lat", sa.Float),
        sa.Column("lon", sa.Float),
        sa.Column("feature_class", sa.String(32)),
        sa.Column("admin1", sa.Text),
        sa.Column("admin2", sa.Text),
        sa.Column("country", sa.String(8)),
        sa.Column("geo_precision", sa.Integer),
    )
    op.create_index("ix_places_name", "places", ["name"])
    op.create_index("ix_places_country", "places", ["country"])

    op.create_table(
        "claims",
        sa.Column("id", ID, primary_key=True),
        _article_id(),
        sa.Column("speaker", sa.Text),
        sa.Column("speaker_norm", sa.Text),
        sa.Column("speaker_kind", sa.String(32)),
        sa.Column("cue", sa.Text),
        sa.Column("stance", sa.String(16)),
        sa.Column("contradicts", ID),
        sa.Column("time_start", sa.String(40)),
        sa.Column("time_end", sa.String(40)),
        *_span(),
        sa.Column("data", sa.Text, nullable=False),
    )
    op.create_index("ix_claims_article", "claims", ["article_id", "span_start"])
    op.create_index("ix_claims_stance", "claims", ["stance"])
    op.create_index("ix_claims_speaker_norm", "claims", ["speaker_norm"])
    op.create_index("ix_claims_contradicts", "claims", ["contradicts"])

    op.create_table(
        "events",
        sa.Column("id", ID, primary_key=True),
        _article_id(),
        sa.Column("event_type", sa.String(64), nullable=False),
        sa.Column("sub_event_type", sa.String(64), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("trigger", sa.Text),
        sa.Column("actor1_norm", sa.Text),
        sa.Column("inter1", sa.Integer),
        sa.Column("actor2_norm", sa.Text),
        sa.Column("inter2", sa.Integer),
        sa.Column("civilian_targeting", sa.Boolean, nullable=False),
        sa.Column("place_id", ID, sa.ForeignKey("places.id")),
        sa.Column("place_name", sa.Text),
        sa.Column("lat", sa.Float),
        sa.Column("lon", sa.Float),
        sa.Column("time_start", sa.String(40)),
        sa.Column("time_end", sa.String(40)),
        sa.Column("claim_id", ID),
        *_span(),
        sa.Column("data", sa.Text, nullable=False),
    )
    op.create_index("ix_events_article", "events", ["article_id", "span_start"])
    op.create_index("ix_events_type", "events", ["event_type", "sub_event_type"])
    op.create_index("ix_events_status", "events", ["status"])
    op.create_index("ix_events_time", "events", ["time_start", "time_end"])
    op.create_index("ix_events_place", "events", ["place_id"])
    op.create_index("ix_events_claim", "events", ["claim_id"])

    op.create_table(
        "figures",
        sa.Column("id", ID, primary_key=True),
        _article_id(),
        sa.Column("metric", sa.String(32), nullable=False),
        sa.Column("low", sa.Integer),
        sa.Column("best", sa.Integer),
        sa.Column("high", sa.Integer),
        sa.Column("qualifier", sa.Text),
        sa.Column("unit", sa.String(32)),
        sa.Column("kind", sa.String(16)),
        sa.Column("subgroup", sa.Text),
        sa.Column("subset_of", ID),
        sa.Column("place_id", ID, sa.ForeignKey("places.id")),
        sa.Column("place_name", sa.Text),
        sa.Column("lat", sa.Float),
        sa.Column("lon", sa.Float),
        sa.Column("time_start", sa.String(40)),
        sa.Column("time_end", sa.String(40)),
        sa.Column("claim_id", ID),
        sa.Column("event_id", ID),
        *_span(),
        sa.Column("data", sa.Text, nullable=False),
    )
    op.create_index("ix_figures_article", "figures", ["article_id", "span_start"])
    op.create_index("ix_figures_metric", "figures", ["metric"])
    op.create_index("ix_figures_place", "figures", ["place_id"])
    op.create_index("ix_figures_claim", "figures", ["claim_id"])
    op.create_index("ix_figures_event", "figures", ["event_id"])
    op.create_index("ix_figures_time", "figures", ["time_start", "time_end"])

    op.create_table(
        "control_claims",
        sa.Column("id", ID, primary_key=True),
        _article_id(),
        sa.Column("place_id", ID, sa.ForeignKey("places.id")),
        sa.Column("place_name", sa.Text, nullable=False),
        sa.Column("place_resolved", sa.Text),
        sa.Column("controller_before", sa.Text),
        sa.Column("controller_after", sa.Text),
        sa.Column("claim_id", ID),
        sa.Column("contested", sa.Boolean, nullable=False),
        sa.Column("time_start", sa.String(40)),
        sa.Column("time_end", sa.String(40)),
        *_span(),
        sa.Column("data", sa.Text, nullable=False),
    )
    op.create_index("ix_control_claims_article", "control_claims", ["article_id", "span_start"])
    op.create_index("ix_control_claims_place_name", "control_claims", ["place_name"])
    op.create_index("ix_control_claims_place_resolved", "control_claims", ["place_resolved"])
    op.create_index("ix_control_claims_place", "control_claims", ["place_id"])
    op.create_index("ix_control_claims_claim", "control_claims", ["claim_id"])

    op.create_table(
        "quarantine",
        sa.Column("id", ID, primary_key=True),
        sa.Column("input", sa.Text, nullable=False),
        sa.Column("reason", sa.String(64), nullable=False),
        sa.Column("at", sa.String(40)),
        sa.Column("data", sa.Text, nullable=False),
    )
    op.create_index("ix_quarantine_reason", "quarantine", ["reason"])
    op.create_index("ix_quarantine_at", "quarantine", ["at"])


def downgrade() -> None:
    for table in ("quarantine", "control_claims", "figures", "events", "claims", "places", "articles"):
        op.drop_table(table)
