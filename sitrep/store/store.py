"""The Store: one interface over a SQLite file (default) or PostgreSQL.

Only records cross this boundary. ``Store.open`` migrates the database to the newest Alembic
revision. Every write of one article is one transaction: it all lands or none of it does.
SQLAlchemy and DB-API exceptions are mapped to :class:`~sitrep.errors.StoreError` here.
"""

from __future__ import annotations

import re
import threading
from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator, Sequence

from alembic import command
from alembic.config import Config
from alembic.util import CommandError
from sqlalchemy import Connection, Engine, and_, bindparam, create_engine, delete, event, exists, func, or_, select
from sqlalchemy.dialects import postgresql as pg_dialect
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, IntegrityError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.pool import StaticPool

from ..errors import ConfigError, StoreError
from ..records import Article, Claim, ControlClaim, EventMention, Extraction, Figure, Quarantined
from . import rows
from .incidents import IncidentStore
from .schema import articles, claims, control_claims, events, figures, incidents, places, quarantine

__all__ = ["Store", "MIGRATIONS_DIR", "migrate"]

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_MIGRATE_LOCK = threading.Lock()
#: whether an article id is stored (built once: building the statement per call cost more than running it)
_HAS_ARTICLE = select(exists().where(articles.c.id == bindparam("aid")))
#: per (table name, row keys, insert-or-ignore): the SQLite insert statement and its parameter
#: order (made once)
_INSERTS: dict[tuple[str, tuple[str, ...], bool], tuple[str, tuple[str, ...]]] = {}
#: per (dialect, table name): the insert-or-ignore statement (building it per call cost more than running it)
_IGNORES: dict[tuple[str, str], Any] = {}


def _url(location: str) -> URL:
    """A SQLAlchemy URL from a file path or URL; checks a SQLite file's directory exists."""
    if not location or not location.strip():
        raise StoreError("no store location given (a SQLite file path or a SQLAlchemy URL)")
    try:
        url = make_url(location) if "://" in location else URL.create("sqlite", database=location)
    except ArgumentError as exc:
        raise StoreError(f"not a store location: {location!r}: {exc}") from exc
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")  # psycopg 3 is the installed driver
    if url.drivername.startswith("sqlite") and url.database not in (None, "", ":memory:"):
        path = Path(url.database).expanduser()
        if path.is_dir():
            raise StoreError(f"cannot open store {path}: it is a directory, not a database file")
        if not path.parent.is_dir():
            raise StoreError(f"cannot open store {path}: directory {path.parent} does not exist")
        url = url.set(database=str(path))
    return url


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    try:
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
    finally:
        cur.close()


def migrate(connection: Connection, revision: str = "head") -> None:
    """Upgrade the database behind ``connection`` to ``revision`` with Alembic (no alembic.ini)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["connection"] = connection
    with _MIGRATE_LOCK:  # alembic's ``context`` proxy is process-global: one migration at a time
        command.upgrade(cfg, revision)


def _limit(limit: int | None) -> int | None:
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 0):
        raise ConfigError(f"limit must be a non-negative integer or None, not {limit!r}")
    return limit


def _date(name: str, value: str | None) -> str | None:
    if value is not None and not _DATE.match(value):
        raise ConfigError(f"{name} must be a date YYYY, YYYY-MM or YYYY-MM-DD, not {value!r}")
    return value


class Store(IncidentStore):
    """Sourced records in a SQLite file or a PostgreSQL database. Use :meth:`open`."""

    def __init__(self, engine: Engine, *, where: str) -> None:
        self._engine = engine
        self._where = where
        self._dialect = engine.dialect.name
        self._local = threading.local()  # .conn: the open unit of work of this thread, if any

    # --- lifecycle -----------------------------------------------------------------------------

    @classmethod
    def open(cls, location: str) -> "Store":
        """Open (creating and migrating as needed) the store at a file path or SQLAlchemy URL."""
        url = _url(location)
        where = url.render_as_string(hide_password=True)
        if url.drivername.startswith("sqlite") and url.database:
            where = url.database
        try:
            if url.drivername.startswith("sqlite"):
                kwargs: dict[str, Any] = {"connect_args": {"timeout": 30, "check_same_thread": False}}
                if url.database in (None, "", ":memory:"):
                    kwargs["poolclass"] = StaticPool
                engine = create_engine(url, **kwargs)
                event.listen(engine, "connect", _sqlite_pragmas)
            else:
                engine = create_engine(url, pool_pre_ping=True)
        except (ArgumentError, NoSuchModuleError, ImportError) as exc:
            raise StoreError(f"cannot open store {where}: {exc}") from exc
        try:
            with engine.connect() as conn:
                if url.drivername.startswith("sqlite"):
                    # Take the write lock first: processes opening a new file at once migrate one
                    # after the other (the others wait, then find it at head).
                    conn.exec_driver_sql("BEGIN IMMEDIATE")
                migrate(conn)
                conn.commit()
        except (SQLAlchemyError, CommandError, OSError) as exc:
            engine.dispose()
            raise StoreError(f"cannot open store {where}: {_reason(exc)}") from exc
        return cls(engine, where=where)

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self._where!r})"

    @contextmanager
    def unit(self) -> Iterator[None]:
        """One transaction for every store call made inside (in this thread): all of it lands or
        none of it does. Nested units join the outer one."""
        if getattr(self._local, "conn", None) is not None:
            yield
            return
        with self._tx("writing a unit of work") as conn:
            self._local.conn = conn
            try:
                yield
            finally:
                self._local.conn = None

    @contextmanager
    def _tx(self, action: str) -> Iterator[Connection]:
        """A connection in one transaction (the open :meth:`unit`'s, if any); database errors
        become :class:`StoreError`."""
        joined = getattr(self._local, "conn", None)
        try:
            if joined is not None:
                yield joined
                return
            with self._engine.begin() as conn:
                yield conn
        except StoreError:
            raise
        except IntegrityError as exc:
            raise StoreError(f"{action} in {self._where}: conflicting record ({_reason(exc)})") from exc
        except SQLAlchemyError as exc:
            raise StoreError(f"{action} in {self._where}: {_reason(exc)}") from exc

    # --- writes --------------------------------------------------------------------------------

    def has_article(self, article_id: str) -> bool:
        with self._tx("checking an article") as conn:
            return bool(conn.scalar(_HAS_ARTICLE, {"aid": article_id}))

    def add_extraction(self, extraction: Extraction) -> bool:
        """Store an article and its records in one transaction; False (no write) if already stored."""
        aid = extraction.article.id
        try:
            with self._tx(f"storing article {aid}") as conn:
                if conn.scalar(_HAS_ARTICLE, {"aid": aid}):
                    return False
                self._insert_many(conn, articles, [rows.article_row(extraction.article)])
                self._insert_records(conn, extraction)
                return True
        except StoreError as exc:
            if getattr(self._local, "conn", None) is not None:
                raise  # inside a unit of work the transaction is spoilt: the caller decides
            if isinstance(exc.__cause__, IntegrityError) and self.has_article(aid):
                return False  # another writer stored the same article meanwhile
            raise

    def replace_extraction(self, extraction: Extraction) -> None:
        """Replace an article's records (and the article row) with ``extraction``, in one transaction."""
        aid = extraction.article.id
        with self._tx(f"replacing article {aid}") as conn:
            for table in (control_claims, figures, events, claims):
                conn.execute(delete(table).where(table.c.article_id == aid))
            row = rows.article_row(extraction.article)
            if conn.scalar(_HAS_ARTICLE, {"aid": aid}):
                conn.execute(articles.update().where(articles.c.id == aid).values(**row))
            else:
                conn.execute(articles.insert(), [row])
            self._insert_records(conn, extraction)

    def _insert_records(self, conn: Connection, ex: Extraction) -> None:
        art = ex.article
        # Table by table, serialising as we go: a failure halfway rolls back what went before.
        place_rows = {}
        for rec in (*ex.events, *ex.figures, *(c for c in ex.control)):
            key = rows.place_key(rec.place)
            if key is not None and key not in place_rows:
                place_rows[key] = rows.place_row(rec.place)  # type: ignore[arg-type]
        if place_rows:
            self._insert_many(conn, places, list(place_rows.values()), ignore=True)
        for table, recs, build in (
            (claims, ex.claims, rows.claim_row),
            (events, ex.events, rows.event_row),
            (figures, ex.figures, rows.figure_row),
            (control_claims, ex.control, rows.control_row),
        ):
            if recs:
                self._insert_many(conn, table, [build(r, art) for r in recs])  # type: ignore[operator]

    def _insert_many(self, conn: Connection, table: Any, batch: list[dict[str, Any]], *, ignore: bool = False) -> None:
        """``conn.execute(table.insert(), batch)`` (``ignore``: rows whose id is stored already are
        skipped); on SQLite one driver-level executemany of a statement compiled once (rows of one
        builder share their keys), without SQLAlchemy's per-row parameter processing (none of
        these columns has a bind processor that changes what SQLite stores: a bool is stored as
        the integer either way)."""
        if self._dialect != "sqlite":
            conn.execute(self._insert_ignore(table) if ignore else table.insert(), batch)
            return
        keys = tuple(batch[0])
        plan = _INSERTS.get((table.name, keys, ignore))
        if plan is None:
            stmt = self._insert_ignore(table) if ignore else table.insert()
            compiled = stmt.compile(dialect=conn.dialect, column_keys=list(keys))
            order = compiled.positiontup or ()
            if sorted(order) != sorted(keys):  # pragma: no cover  (not a plain insert of these keys)
                conn.execute(stmt, batch)
                return
            plan = _INSERTS[(table.name, keys, ignore)] = (str(compiled), tuple(order))
        sql, order = plan
        conn.exec_driver_sql(sql, [tuple([row[k] for k in order]) for row in batch])

    def _insert_ignore(self, table: Any) -> Any:
        """``INSERT ... ON CONFLICT (id) DO NOTHING`` into ``table`` (made once per dialect and table)."""
        if self._dialect not in ("postgresql", "sqlite"):
            raise StoreError(f"unsupported database dialect {self._dialect!r} (use SQLite or PostgreSQL)")
        stmt = _IGNORES.get((self._dialect, table.name))
        if stmt is None:
            mod = pg_dialect if self._dialect == "postgresql" else sqlite_dialect
            stmt = _IGNORES[(self._dialect, table.name)] = mod.insert(table).on_conflict_do_nothing(index_elements=["id"])
        return stmt

    def add_quarantine(self, item: Quarantined) -> bool:
        """Record an input that could not become an article; False if its id is already there."""
        with self._tx(f"quarantining {item.input!r}") as conn:
            stmt = self._insert_ignore(quarantine).returning(quarantine.c.id)
            return conn.execute(stmt, rows.quarantine_row(item)).first() is not None

    # --- reads ---------------------------------------------------------------------------------

    def _resolve(self, conn: Connection, article_id: str) -> str:
        return rows.resolve_id(conn, articles, article_id, what="article")

    def article(self, article_id: str) -> Article:
        """The article with this id or unique id prefix (at least 4 characters)."""
        with self._tx("reading an article") as conn:
            aid = self._resolve(conn, article_id)
            return rows.load(Article, conn.scalar(select(articles.c.data).where(articles.c.id == aid)))

    def articles(self, *, limit: int | None = None, outlet: str | None = None) -> list[Article]:
        """Articles ordered by publication date (undated first), then id."""
        q = select(articles.c.data).order_by(articles.c.sort_key, articles.c.id).limit(_limit(limit))
        if outlet is not None:
            q = q.where(articles.c.outlet == rows.clean(outlet))
        with self._tx("listing articles") as conn:
            return [rows.load(Article, d) for d in conn.scalars(q)]

    def extraction(self, article_id: str) -> Extraction:
        """The article (id or unique prefix) with all its records, each in span order."""
        with self._tx("reading an extraction") as conn:
            aid = self._resolve(conn, article_id)
            data = conn.scalar(select(articles.c.data).where(articles.c.id == aid))
            return self._extractions(conn, [rows.load(Article, data)])[0]

    def iter_extractions(self, *, batch: int = 200) -> Iterator[Extraction]:
        """Every extraction, in article order, read ``batch`` articles at a time."""
        if isinstance(batch, bool) or not isinstance(batch, int) or batch < 1:
            raise ConfigError(f"batch must be a positive integer, not {batch!r}")
        last: tuple[str, str] | None = None
        while True:
            q = select(articles.c.sort_key, articles.c.id, articles.c.data)
            if last is not None:
                q = q.where(
                    or_(
                        articles.c.sort_key > last[0],
                        and_(articles.c.sort_key == last[0], articles.c.id > last[1]),
                    )
                )
            q = q.order_by(articles.c.sort_key, articles.c.id).limit(batch)
            with self._tx("reading extractions") as conn:
                page = conn.execute(q).all()
                if not page:
                    return
                done = self._extractions(conn, [rows.load(Article, r.data) for r in page])
            last = (page[-1].sort_key, page[-1].id)
            yield from done
            if len(page) < batch:
                return

    def _extractions(self, conn: Connection, arts: Sequence[Article]) -> list[Extraction]:
        ids = [a.id for a in arts]
        found: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
        for name, table, cls in (
            ("claims", claims, Claim),
            ("events", events, EventMention),
            ("figures", figures, Figure),
            ("control", control_claims, ControlClaim),
        ):
            q = (
                select(table.c.article_id, table.c.data)
                .where(table.c.article_id.in_(ids))
                .order_by(table.c.article_id, table.c.span_start, table.c.id)
            )
            for aid, data in conn.execute(q):
                found[aid][name].append(rows.load(cls, data))
        return [
            Extraction(
                article=a,
                claims=tuple(found[a.id]["claims"]),
                events=tuple(found[a.id]["events"]),
                figures=tuple(found[a.id]["figures"]),
                control=tuple(found[a.id]["control"]),
            )
            for a in arts
        ]

    def _records(self, table: Any, cls: type, where: list[Any], limit: int | None, action: str) -> list[Any]:
        q = (
            select(table.c.data)
            .join(articles, articles.c.id == table.c.article_id)
            .where(*where)
            .order_by(articles.c.sort_key, articles.c.id, table.c.span_start, table.c.id)
            .limit(_limit(limit))
        )
        with self._tx(action) as conn:
            return [rows.load(cls, d) for d in conn.scalars(q)]

    def events(
        self,
        *,
        article_id: str | None = None,
        event_type: str | None = None,
        status: str | None = None,
        since: str | None = None,
        until: str | None = None,
        limit: int | None = None,
    ) -> list[EventMention]:
        """Event mentions, filtered; ``since``/``until`` (YYYY[-MM[-DD]], inclusive) select events
        whose interval (else their article's publication date) overlaps that range."""
        where: list[Any] = []
        if article_id is not None:
            where.append(events.c.article_id == article_id)
        if event_type is not None:
            where.append(events.c.event_type == rows.clean(event_type))
        if status is not None:
            where.append(events.c.status == rows.clean(status))
        if _date("since", since) is not None:
            where.append(events.c.time_end >= since)
        if _date("until", until) is not None:
            where.append(func.substr(events.c.time_start, 1, len(until)) <= until)
        return self._records(events, EventMention, where, limit, "listing events")

    def figures(
        self, *, article_id: str | None = None, metric: str | None = None, limit: int | None = None
    ) -> list[Figure]:
        where: list[Any] = []
        if article_id is not None:
            where.append(figures.c.article_id == article_id)
        if metric is not None:
            where.append(figures.c.metric == rows.clean(metric))
        return self._records(figures, Figure, where, limit, "listing figures")

    def claims(
        self, *, article_id: str | None = None, stance: str | None = None, limit: int | None = None
    ) -> list[Claim]:
        where: list[Any] = []
        if article_id is not None:
            where.append(claims.c.article_id == article_id)
        if stance is not None:
            where.append(claims.c.stance == rows.clean(stance))
        return self._records(claims, Claim, where, limit, "listing claims")

    def control_claims(self, *, place: str | None = None) -> list[ControlClaim]:
        """Control claims; ``place`` matches the name as written or resolved, ignoring case."""
        where: list[Any] = []
        if place is not None:
            p = (rows.clean(place) or "").strip().lower()
            where.append(
                or_(func.lower(control_claims.c.place_name) == p, func.lower(control_claims.c.place_resolved) == p)
            )
        return self._records(control_claims, ControlClaim, where, None, "listing control claims")

    def quarantine(self, *, limit: int | None = None) -> list[Quarantined]:
        """Quarantined inputs, oldest first (undated first)."""
        q = (
            select(quarantine.c.data)
            .order_by(func.coalesce(quarantine.c.at, ""), quarantine.c.id)
            .limit(_limit(limit))
        )
        with self._tx("listing quarantine") as conn:
            return [rows.load(Quarantined, d) for d in conn.scalars(q)]

    def counts(self) -> dict[str, int]:
        """Rows per table: articles, claims, events, figures, control_claims, places, quarantine, incidents."""
        tables = (articles, claims, events, figures, control_claims, places, quarantine, incidents)
        with self._tx("counting records") as conn:
            return {t.name: int(conn.scalar(select(func.count()).select_from(t)) or 0) for t in tables}


def _reason(exc: BaseException) -> str:
    """The driver's message without SQLAlchemy's SQL echo and background link."""
    orig = getattr(exc, "orig", None)
    text = str(orig if orig is not None else exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
