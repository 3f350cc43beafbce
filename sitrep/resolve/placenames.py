"""Gazetteer entries and their names: the record of one place, the folded lookup keys of its names
(case, diacritics, hyphens and apostrophes removed, so Halab, Alep and حلب all find Aleppo), the
looser transliteration skeleton, the name rows stored for an entry and its context-free prior.
Also the SQLite schema these rows live in (:mod:`sitrep.resolve.gazetteer`).
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

__all__ = ["GazEntry", "fold", "skeleton", "prior"]

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


_FEATURE_BONUS = {"CONT": 3.0, "OCN": 6.0, "SEA": 4.0, "PCLI": 3.0, "ADM1": 0.5, "PPLC": 1.5, "PPLA": 0.8, "RGN": 0.5, "ADM2": 0.3, "PPLX": -0.5}


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
