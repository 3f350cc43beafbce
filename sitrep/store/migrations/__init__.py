"""Alembic environment and revisions for the store (run programmatically by ``Store.open``)."""
