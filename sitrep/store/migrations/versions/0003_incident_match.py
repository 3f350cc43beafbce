"""Incidents: the day range their specific mentions can be matched on (reconcile pre-filter).

``match_start`` / ``match_end``: the earliest and latest day (YYYY-MM-DD) of the time windows of
the incident's specific mentions; both "" when it has none (no other report can join it); "" and
"9999-12-31" when not known (incidents written before this revision): such incidents are always
read. Indexed by ``match_end`` first: new reports are mostly about recent days, and few incidents
end after them.

Revision ID: 0003_incident_match
Revises: 0002_incidents
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_incident_match"
down_revision = "0002_incidents"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("incidents", sa.Column("match_start", sa.String(10), nullable=False, server_default=""))
    op.add_column("incidents", sa.Column("match_end", sa.String(10), nullable=False, server_default="9999-12-31"))
    op.create_index("ix_incidents_match", "incidents", ["match_end", "match_start"])


def downgrade() -> None:
    op.drop_index("ix_incidents_match", table_name="incidents")
    with op.batch_alter_table("incidents") as batch:
        batch.drop_column("match_end")
        batch.drop_column("match_start")
