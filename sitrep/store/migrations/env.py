"""Alembic environment, run programmatically by :func:`sitrep.store.store.migrate`.

The caller passes an open SQLAlchemy connection in ``config.attributes["connection"]``; no
alembic.ini and no logging configuration are needed.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import text

from sitrep.store.schema import metadata

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reachable from the alembic CLI
    raise RuntimeError("sitrep migrations run through sitrep.store (Store.open), not the alembic CLI")

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite ALTER TABLE needs batch mode
    compare_type=True,
)

with context.begin_transaction():
    if connection.dialect.name == "postgresql":
        # Serialise concurrent upgrades of the same database (two processes opening it at once).
        connection.execute(text("SELECT pg_advisory_xact_lock(7400175170)"))
    context.run_migrations()
