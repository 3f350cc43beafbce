"""Store errors and SQLite specifics: bad locations, argument checks, WAL, foreign keys, odd text."""

from __future__ import annotations

import sqlite3
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from sitrep.errors import ConfigError, StoreError
from sitrep.records import Article, Extraction
from sitrep.store import Store


def test_missing_directory_is_a_store_error(tmp_path) -> None:
    where = tmp_path / "no" / "such" / "dir" / "x.db"
    with pytest.raises(StoreError, match="directory .* does not exist"):
        Store.open(str(where))
    assert not (tmp_path / "no").exists()


def test_a_directory_is_not_a_database(tmp_path) -> None:
    with pytest.raises(StoreError, match="is a directory"):
        Store.open(str(tmp_path))


def test_file_that_is_not_a_database(tmp_path) -> None:
    junk = tmp_path / "notes.db"
    junk.write_bytes(b"These are my notes, not a database. " * 200)
    with pytest.raises(StoreError, match="not a database") as info:
        Store.open(str(junk))
    assert str(junk) in str(info.value)
    assert "[SQL:" not in str(info.value)  # a clear message, not SQLAlchemy's echo


def test_bad_urls_are_store_errors() -> None:
    with pytest.raises(StoreError, match="no store location"):
        Store.open("  ")
    with pytest.raises(StoreError, match="cannot open store"):
        Store.open("nosuchdialect://host/db")
    # a PostgreSQL URL with nothing listening: mapped, and the password is not shown
    with pytest.raises(StoreError) as info:
        Store.open("postgresql://u:s3cret@127.0.0.1:1/none?connect_timeout=2")
    assert "s3cret" not in str(info.value) and "127.0.0.1" in str(info.value)


def test_wal_and_foreign_keys(tmp_path) -> None:
    path = tmp_path / "s.db"
    with Store.open(str(path)) as store:
        with store._engine.connect() as conn:  # the store's own connections
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    raw = sqlite3.connect(path)
    try:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"  # persisted in the file
        tables = {r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    finally:
        raw.close()
    assert {"articles", "claims", "events", "figures", "places", "quarantine", "control_claims",
            "alembic_version"} <= tables


def test_argument_checks(tmp_path) -> None:
    with Store.open(str(tmp_path / "s.db")) as store:
        with pytest.raises(ConfigError, match="limit"):
            store.articles(limit=-1)
        with pytest.raises(ConfigError, match="limit"):
            store.figures(limit=True)  # type: ignore[arg-type]
        with pytest.raises(ConfigError, match="since"):
            store.events(since="last week")
        with pytest.raises(ConfigError, match="until"):
            store.events(until="2019-3-1")
        with pytest.raises(ConfigError, match="batch"):
            next(store.iter_extractions(batch=0))
        assert store.articles(limit=0) == []


def test_memory_store() -> None:
    with Store.open(":memory:") as store:
        art = Article("9999aaaabbbbcccc", "Memory", "Nothing happened.")
        assert store.add_extraction(Extraction(art))
        assert store.article("9999") == art


_texts = st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF, blacklist_categories=("Cs",)), max_size=60)


@settings(max_examples=40, deadline=None)
@given(
    aid=st.text(alphabet=string.hexdigits.lower(), min_size=4, max_size=16),
    title=_texts,
    body=_texts,
    outlet=st.one_of(st.none(), _texts),
    credits=st.lists(_texts, max_size=3).map(tuple),
)
def test_any_text_round_trips(aid: str, title: str, body: str, outlet, credits) -> None:
    """NUL bytes, astral characters and odd whitespace survive exactly (the data column is JSON)."""
    with Store.open(":memory:") as store:
        art = Article(aid, title, body, outlet=outlet, credits=credits, published="2019-03-14")
        assert store.add_extraction(Extraction(art))
        assert store.article(aid) == art
        assert store.articles(outlet=outlet) == [art]  # filters see the stored (NUL-free) value too
