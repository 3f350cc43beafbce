"""The actor dictionary: an actor as written → canonical ACLED-style name and inter code.

Pure Python (no spaCy). The dictionary is data (``sitrep/data/actors.jsonl`` plus an optional user
JSONL file with rows of the same shape, merged by id). Three row kinds:

- ``country``: ISO code, name and demonyms, used to guess the country of a phrase or sentence;
- ``actor``: a named actor with aliases; ``needs_country`` marks aliases that only mean this actor in
  that country's context ("the army" in Syria); ``valid_from``/``valid_to`` bound it in time;
- ``generic``: aliases whose name is a template filled with the country ("Police Forces of {country}").

Unknown actors are kept as written with ``inter`` None.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import RuleError
from ..rules import load_jsonl, load_rules

__all__ = ["Actor", "ActorDictionary", "normalise_key"]

_LEAD = re.compile(r"^(?:the|a|an|some|several|suspected|alleged|heavily armed|armed|unknown number of)\s+")
_POSS = re.compile(r"['’]s\b")
_WORD = re.compile(r"[\w][\w.'’-]*")
_CACHE_SIZE = 4096  # guessed countries kept per dictionary (sentences and phrases recur within an article)


@dataclass(frozen=True)
class Actor:
    """A resolved actor: canonical name, ACLED inter code (None when unknown), kind, ISO country."""

    name: str
    inter: int | None
    kind: str  # "actor" (named), "generic" (templated by country), "unknown" (kept as written)
    country: str | None
    rule_id: str | None = None


def normalise_key(text: str) -> str:
    """Lower-case, collapse spaces, normalise quotes; keeps hyphens and dots."""
    t = text.lower().replace("’", "'").replace("‘", "'")
    return " ".join(t.split())


def _year(value: Any) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(str(value)[:4])
    except ValueError:
        raise RuleError(f"actors: bad valid_from/valid_to {value!r}") from None


@dataclass(frozen=True)
class _Entry:
    id: str
    kind: str
    name: str
    inter: int | None
    country: str | None
    needs_country: bool
    valid_from: int | None
    valid_to: int | None

    def valid(self, year: int | None) -> bool:
        if year is None:
            return True
        if self.valid_from is not None and year < self.valid_from:
            return False
        if self.valid_to is not None and year > self.valid_to:
            return False
        return True


class ActorDictionary:
    """Alias tables built from the actor rows; use :meth:`load`."""

    def __init__(self, rows: list[dict[str, Any]] | tuple[dict[str, Any], ...]) -> None:
        self.countries: dict[str, str] = {}  # ISO → name
        self.demonyms: dict[str, str] = {}  # demonym/place word → ISO
        self._aliases: dict[str, list[_Entry]] = {}
        self._max_words = 1
        for row in rows:
            kind = row.get("kind", "actor")
            if kind == "country":
                iso = row["country"]
                self.countries[iso] = row["name"]
                for d in row.get("demonyms", ()):
                    self.demonyms.setdefault(normalise_key(d), iso)
                continue
            if kind not in ("actor", "generic"):
                raise RuleError(f"actors: row {row.get('id')!r} has unknown kind {kind!r}")
            try:
                entry = _Entry(
                    id=row["id"],
                    kind=kind,
                    name=row["template"] if kind == "generic" else row["name"],
                    inter=row.get("inter"),
                    country=row.get("country"),
                    needs_country=bool(row.get("needs_country", False)),
                    valid_from=_year(row.get("valid_from")),
                    valid_to=_year(row.get("valid_to")),
                )
            except KeyError as exc:
                raise RuleError(f"actors: row {row.get('id')!r} lacks {exc}") from None
            for alias in row.get("aliases", ()):
                key = normalise_key(alias)
                self._aliases.setdefault(key, []).append(entry)
                self._max_words = max(self._max_words, len(key.split()))
        self._demonym_words = max((len(d.split()) for d in self.demonyms), default=1)
        # first words of the demonym keys: a word that opens none of them starts no phrase (prefilter)
        self._demonym_firsts = frozenset(d.split()[0] for d in self.demonyms if d.split())
        # words that may open a demonym phrase: a first word, or a first word with "'s"
        self._phrase_starts = self._demonym_firsts | frozenset(w + "'s" for w in self._demonym_firsts)
        self._country_cache: dict[str, str | None] = {}

    @classmethod
    def load(cls, *, extra: str = "") -> "ActorDictionary":
        """The built-in dictionary plus the rows of the user JSONL file ``extra`` (merged by id)."""
        rows = {r["id"]: r for r in load_rules("actors.jsonl")}
        if extra:
            path = Path(extra)
            if not path.is_file():
                raise RuleError(f"actor dictionary {extra}: no such file")
            for r in load_jsonl(path):
                rows[r["id"]] = r
        return cls(list(rows.values()))

    # --- country context ------------------------------------------------------------------------

    def guess_country(self, text: str) -> str | None:
        """The ISO code of the most mentioned country (demonyms, names, well-known places) in ``text``."""
        cache = self._country_cache
        if text in cache:
            return cache[text]
        if len(cache) >= _CACHE_SIZE:
            cache.clear()
        found = cache[text] = self._guess_country(text)
        return found

    def _guess_country(self, text: str) -> str | None:
        if text.isascii():  # lower-casing ASCII keeps every word boundary: one call for the text
            words = _WORD.findall(text.lower())
        else:
            words = [w.lower().replace("’", "'") for w in _WORD.findall(text)]
        starts = self._phrase_starts
        if starts.isdisjoint(words):
            return None
        counts: dict[str, int] = {}
        first: dict[str, int] = {}
        for i, w in enumerate(words):
            if w not in starts:
                continue  # no demonym phrase starts here
            for n in range(self._demonym_words, 0, -1):
                if i + n > len(words):
                    continue
                phrase = " ".join(words[i : i + n])
                iso = self.demonyms.get(phrase)
                if iso is None and phrase.endswith("'s"):
                    iso = self.demonyms.get(phrase[:-2])
                if iso:
                    counts[iso] = counts.get(iso, 0) + 1
                    first.setdefault(iso, i)
                    break
        if not counts:
            return None
        return max(counts, key=lambda c: (counts[c], -first[c]))

    # --- lookup ----------------------------------------------------------------------------------

    def _pick(self, entries: list[_Entry], country: str | None, year: int | None) -> _Entry | None:
        live = [e for e in entries if e.valid(year)]
        if not live:
            return None
        # Country-specific entries win in their country; context-only entries need the country.
        in_country = [e for e in live if e.country and e.country == country]
        if in_country:
            named = [e for e in in_country if e.kind == "actor"]
            return (named or in_country)[0]
        if country is None:
            plain = [e for e in live if e.kind == "actor" and not e.needs_country]
            if plain:
                return plain[0]
        free = [e for e in live if not e.needs_country and (e.kind == "generic" or e.country is None)]
        if free:
            return free[0]
        named = [e for e in live if e.kind == "actor" and not e.needs_country]
        return named[0] if named else None

    def _build(self, entry: _Entry, country: str | None, written: str) -> Actor:
        if entry.kind == "generic":
            if country and country in self.countries:
                name = entry.name.format(country=self.countries[country])
            else:
                name = written
            return Actor(name=name, inter=entry.inter, kind="generic", country=country, rule_id=entry.id)
        return Actor(name=entry.name, inter=entry.inter, kind="actor", country=entry.country or country, rule_id=entry.id)

    def normalise(self, text: str, *, country: str | None = None, year: int | None = None) -> Actor | None:
        """The actor ``text`` names, or None for empty text.

        The longest alias found as a word sequence inside the phrase wins ("Syrian government artillery
        fire" → "syrian government artillery"); a demonym inside the phrase sets the country when the
        caller gave none. Unknown phrases come back as written with ``inter`` None.
        """
        written = " ".join(text.split())
        if not written:
            return None
        key = _POSS.sub("", normalise_key(written))
        while True:
            stripped = _LEAD.sub("", key)
            if stripped == key:
                break
            key = stripped
        words = key.split()
        local_country = self.guess_country(written)
        ctry = country or local_country
        for n in range(min(self._max_words, len(words)), 0, -1):
            for i in range(0, len(words) - n + 1):
                entries = self._aliases.get(" ".join(words[i : i + n]))
                if not entries:
                    continue
                # a demonym in the phrase itself outranks the caller's context
                entry = None
                if local_country and local_country != country:
                    entry = self._pick(entries, local_country, year)
                    if entry is not None:
                        return self._build(entry, local_country, written)
                entry = self._pick(entries, ctry, year)
                if entry is not None:
                    return self._build(entry, ctry, written)
        return Actor(name=written, inter=None, kind="unknown", country=ctry, rule_id=None)
