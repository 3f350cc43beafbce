"""Attaching resolved Places to the records of an extraction.

The place of an event, figure or control claim is, in order:

1. the NLP layer's hint (``record.place`` with only ``name`` set), resolved in the article's context
   (a sub-place missing from the gazetteer falls back to its city with precision 2; a hint not written in
   the record's sentence is resolved where the article last wrote it before); an anaphoric hint
   ("the district", rules of kind ``anaphor``) takes the nearest named place before the record;
2. the toponym of the record's sentence nearest its span, preferring one governed by a place
   preposition (in, at, near, of, ...);
3. the place of the previous sentence of the same paragraph (the scene continues);
4. the article focus with precision 3.

A place written as an actor's attribute ("a Britain-based monitor": rules of kind ``attribute``) is
never chosen as where a record happened.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache
from typing import Iterable

from .evolve import evolve
from ..records import ControlClaim, EventMention, Extraction, Figure, Place, Provenance
from .gazetteer import GazEntry, Gazetteer
from ..rules import load_rules
from .geoparse import Toponym, article_focus, find_toponyms, resolve_span, where_prec

__all__ = ["resolve_places", "place_of"]

_GOVERNED = re.compile(r"\b(?:in|at|near|of|outside|inside|around|into|across|from|on|to|toward|towards|within|throughout)\s+(?:the\s+)?(?:[\w-]+\s+){0,3}$", re.I)


def place_of(t: Toponym, *, rule_id: str | None = None, geo_precision: int | None = None) -> Place:
    """The :class:`Place` record of a resolved toponym (name kept as written)."""
    e: GazEntry | None = t.entry
    gp = geo_precision if geo_precision is not None else t.geo_precision
    if e is None:
        return Place(name=t.name, rule_id=rule_id or t.rule_id)
    return Place(
        name=t.name,
        gazetteer_id=e.id,
        resolved_name=e.name,
        lat=e.lat,
        lon=e.lon,
        feature_class=f"{e.feature_class}.{e.feature_code}",
        admin1=e.admin1,
        admin2=e.admin2,
        country=e.country or None,
        geo_precision=gp,
        where_prec=where_prec(e, gp),
        rule_id=rule_id or t.rule_id,
    )


@lru_cache(maxsize=8)
def _place_rules(rules_dir: str = "") -> tuple[tuple[re.Pattern, ...], tuple[re.Pattern, ...]]:
    attributes, anaphors = [], []
    for r in load_rules("place_patterns.jsonl", extra_dir=rules_dir, required=("id", "kind")):
        if r["kind"] == "attribute":
            attributes.append(re.compile(r["regex"], re.I))
        elif r["kind"] == "anaphor":
            anaphors.append(re.compile(r["regex"], re.I))
    return tuple(attributes), tuple(anaphors)


_ADMIN_SUFFIX = re.compile(r"\s+(?:Governorate|Province|Region|Oblast|State|Division|Prefecture)$")
_SUBPLACE_NOUN = re.compile(r"\b(?:district|neighbou?rhood|quarter|suburb|camp|enclave|pocket)$", re.I)


def _is_attribute(t: Toponym, text: str) -> bool:
    following = text[t.end : t.end + 24]
    return any(rx.match(following) for rx in _place_rules()[0])


def resolve_places(extraction: Extraction, *, gazetteer: Gazetteer) -> Extraction:
    """A copy of ``extraction`` whose events, figures and control claims carry resolved places."""
    text = extraction.article.text
    tops = [
        t for t in find_toponyms(text, gazetteer=gazetteer) if t.entry is not None and not _is_attribute(t, text)
    ]
    ctx = _Context(text, tops, gazetteer)
    events = tuple(_with_place(r, ctx) for r in extraction.events)
    figures = tuple(_with_place(r, ctx) for r in extraction.figures)
    control = tuple(_with_place(r, ctx) for r in extraction.control)
    return evolve(extraction, events=events, figures=figures, control=control)


class _Context:
    """One article's toponyms and what records of the article share: the Place made of a toponym, the
    toponyms of a sentence, the scene before a sentence, the resolution of a hint's span (each made
    once per article; Places are frozen, so records may share one)."""

    def __init__(self, text: str, tops: list[Toponym], gaz: Gazetteer) -> None:
        self.text = text
        self.tops = tops
        self.starts = [t.start for t in tops]
        self.ordered = all(a <= b for a, b in zip(self.starts, self.starts[1:]))  # find_toponyms sorts by start
        self.gaz = gaz
        self.focus = article_focus(tops)
        self._admin1: dict[tuple[str, str], str | None] = {}
        self._governed: dict[int, bool] = {}
        self._places: dict[tuple, tuple[GazEntry | None, Place]] = {}
        self._ranges: dict[tuple[int, int], list[Toponym]] = {}
        self._scenes: dict[int, Toponym | None] = {}
        self.spans: dict[tuple[int, int], Toponym] = {}  # resolve_span of a hint's span
        self.lookups: dict[str, list[GazEntry]] = {}  # gazetteer lookup of a hint written nowhere

    def place(self, t: Toponym, rule_id: str | None = None) -> Place:
        """``named_admin1(place_of(t, rule_id=rule_id))``, made once per article for equal inputs."""
        e = t.entry
        key = (t.name, id(e), t.geo_precision, rule_id or t.rule_id)
        hit = self._places.get(key)
        if hit is None:  # the entry is kept with the Place, so its id() stays its own
            hit = self._places[key] = (e, self.named_admin1(place_of(t, rule_id=rule_id)))
        return hit[1]

    def governed(self, t: Toponym) -> bool:
        """Whether a place preposition governs the toponym ("in", "near", ...)."""
        g = self._governed.get(t.start)
        if g is None:
            g = self._governed[t.start] = bool(_GOVERNED.search(self.text, max(0, t.start - 40), t.start))
        return g

    def named_admin1(self, place: Place) -> Place:
        """The place with its admin1 code ("09") replaced by the division's name ("Aleppo")."""
        if not place.admin1 or not place.country or not place.gazetteer_id:
            return place
        key = (place.country, place.admin1)
        if key not in self._admin1:
            entry = self.gaz.get(place.gazetteer_id)
            division = self.gaz.admin1_of(entry) if entry is not None else None
            self._admin1[key] = _ADMIN_SUFFIX.sub("", division.name) if division is not None else None
        name = self._admin1[key]
        return evolve(place, admin1=name) if name else place

    def in_range(self, a: int, b: int) -> list[Toponym]:
        """The toponyms within ``[a, b)`` (a toponym starting after b cannot end by b)."""
        got = self._ranges.get((a, b))
        if got is None:
            tops = self.tops[bisect_left(self.starts, a):bisect_right(self.starts, b)] if self.ordered else self.tops
            got = self._ranges[(a, b)] = [t for t in tops if a <= t.start and t.end <= b]
        return got

    def previous_scene(self, s0: int) -> Toponym | None:
        if s0 not in self._scenes:
            self._scenes[s0] = _previous_scene(self, s0)
        return self._scenes[s0]


def _with_place(record: EventMention | Figure | ControlClaim, ctx: _Context):
    current = record.place
    if current is not None and current.gazetteer_id is not None:
        return record
    place = _find(record.provenance, current.name if current is not None and current.name else None, ctx)
    if place is None:
        return record
    return evolve(record, place=place)


def _find(prov: Provenance, hint: str | None, ctx: _Context) -> Place | None:
    """The place of a record (admin1 named), per the order in the module docstring."""
    text = ctx.text
    s0 = prov.sentence_start
    s1 = s0 + len(prov.sentence)
    if hint and any(rx.match(hint.strip()) for rx in _place_rules()[1]):
        before = [t for t in ctx.tops if t.end <= prov.start]
        if _SUBPLACE_NOUN.search(hint):  # "the district": the last named part of a city, if any
            before = [t for t in before if t.entry is not None and t.entry.feature_code == "PPLX"] or before
        if before:
            t = before[-1]
            return ctx.place(t, rule_id=f"place.anaphor:{t.rule_id}")
        hint = None
    if hint:
        pos = _locate(text, hint, s0, s1, prov.start)
        if pos is None:  # written earlier in the article ("denied it": the place named by the claim it denies)
            earlier = text.rfind(hint, 0, s0)
            pos = earlier if earlier >= 0 else None
        if pos is not None:
            t = ctx.spans.get((pos, pos + len(hint)))
            if t is None:
                t = ctx.spans[(pos, pos + len(hint))] = resolve_span(text, pos, pos + len(hint), gazetteer=ctx.gaz, context=ctx.tops)
            if t.entry is not None:
                return ctx.place(t, rule_id=f"place.hint:{t.rule_id}")
        else:
            found = ctx.lookups.get(hint)
            if found is None:
                found = ctx.lookups[hint] = ctx.gaz.lookup(hint, limit=1)
            if found:
                t = Toponym(prov.start, prov.end, hint, found[0], 1 if found[0].feature_class == "P" else 3, "place.hint-lookup")
                return ctx.place(t)
    in_sentence = ctx.in_range(s0, s1)
    if in_sentence:
        return ctx.place(_nearest(in_sentence, prov, ctx))
    prev = ctx.previous_scene(s0)
    if prev is not None:
        return ctx.place(prev, rule_id="place.previous-sentence")
    if ctx.focus is not None:
        t = Toponym(prov.start, prov.start, ctx.focus.name, ctx.focus, 3, "place.focus")
        return ctx.place(t)
    return None


def _locate(text: str, hint: str, s0: int, s1: int, near: int) -> int | None:
    """The offset of ``hint`` in the sentence ``text[s0:s1]`` nearest ``near``, if written there."""
    sentence, hits, k = text[s0:s1], [], 0
    while (k := sentence.find(hint, k)) >= 0:  # non-overlapping, like re.finditer
        hits.append(k)
        k += len(hint)
    if not hits:
        return None
    return s0 + min(hits, key=lambda h: abs(s0 + h - near))


def _nearest(cands: Iterable[Toponym], prov: Provenance, ctx: _Context) -> Toponym:
    def key(t: Toponym) -> tuple[int, int, int]:
        governed = ctx.governed(t)
        dist = 0 if prov.start <= t.start < prov.end else min(abs(t.start - prov.end), abs(prov.start - t.end))
        country_level = t.entry is not None and t.entry.feature_code.startswith("PCL")
        return (0 if governed else 1, int(country_level), dist)

    return min(cands, key=key)


def _previous_scene(ctx: _Context, s0: int) -> Toponym | None:
    """The last place of the previous sentence when no paragraph break lies between."""
    text = ctx.text
    para = text.rfind("\n", 0, s0)
    if para >= 0 and text[para:s0].strip() == "":
        return None  # the record's sentence opens a paragraph
    prev_start = max(text.rfind(". ", 0, max(0, s0 - 2)), para, 0)
    before = [t for t in ctx.tops if prev_start <= t.start < s0]
    return before[-1] if before else None
