"""Reconciliation: incidents, their mentions, analyst corrections.

Revision ID: 0002_incidents
Revises: 0001_initial
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_incidents"
down_revision = "0001_initial"
branch_labels = None
depends_on = None

ID = sa.String(64)


def upgrade() -> None:
    op.create_table(
        "incidents",
        sa.Column("id", ID, primary_key=True),
        sa.Column("event_type", sa.Text, nullable=False),
        sa.Column("sub_event_type", sa.Text, nullable=False),
        sa.Column("grade", sa.String(32), nullable=False),
        sa.Column("time_start", sa.String(40)),
        sa.Column("time_end", sa.String(40)),
        sa.Column("country", sa.String(8)),
        sa.Column("admin1", sa.Text),
        sa.Column("lat", sa.Float),
        sa.Column("lon", sa.Float),
        sa.Column("data", sa.Text, nullable=False),
    )
    op.create_index("ix_incidents_time", "incidents", ["time_start", "time_end"])
    op.create_index("ix_incidents_grade", "incidents", ["grade"])
    op.create_table(
        "incident_mentions",
        sa.Column("mention_id", ID, primary_key=True),
        sa.Column("incident_id", ID, sa.ForeignKey("incidents.id", ondelete="CASCADE"), nullable=False),
    )
    op.create_index("ix_incident_mentions_incident", "incident_mentions", ["incident_id"])
    op.create_table(
        "corrections",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("op", sa.String(16), nullable=False),
        sa.Column("at", sa.String(40)),
        sa.Column("data", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("corrections")
    op.drop_index("ix_incident_mentions_incident", table_name="incident_mentions")
    op.drop_table("incident_mentions")
    op.drop_index("ix_incidents_grade", table_name="incidents")
    op.drop_index("ix_incidents_time", table_name="incidents")
    op.drop_table("incidents")
