"""The store: sourced records in a SQLite file (default) or PostgreSQL, migrated with Alembic.

>>> from sitrep.store import Store
>>> with Store.open("sitrep.db") as store:   # or "postgresql+psycopg://user@host/db"
...     store.add_extraction(extraction)

Only records (``sitrep.records``) cross this boundary; database errors surface as
:class:`sitrep.errors.StoreError` (and :class:`sitrep.errors.NotFound`).
"""

from __future__ import annotations

from .rows import in_store_order
from .store import MIGRATIONS_DIR, Store, migrate

__all__ = ["Store", "migrate", "MIGRATIONS_DIR", "in_store_order"]
