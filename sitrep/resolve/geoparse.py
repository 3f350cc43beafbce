"""Finding toponyms in plain text and choosing their gazetteer entries (no spaCy here).

Recognition (:mod:`sitrep.resolve.toponyms`) is gazetteer-driven: capitalised token sequences are
looked up, longest first, in the gazetteer's in-memory name index; a stoplist, the demonym lexicon
and person/organisation cues (data files) drop common words that are also place names. Patterns (``place_patterns.jsonl``) set
the ACLED precision ("eastern X", "near X", "X province") and introduce sub-places missing from
the gazetteer ("rebel-held Y", "the Y district"), coded to their city.

Disambiguation scores each candidate entry by its prior (population, feature), the article's
country context (country names, demonyms, the countries of the other places), "X, Y" containment,
and nearness to the other places of the article.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, replace
from typing import Iterable

from .gazetteer import GazEntry, Gazetteer, fold, prior
from .toponyms import _Cand, _Lexicon, _Tokens, _keep, _lexicon, _recognise, _sentences, demonym_countries

__all__ = ["Toponym", "find_toponyms", "resolve_span", "article_focus", "demonym_countries", "where_prec"]


@dataclass(frozen=True)
class Toponym:
    start: int
    end: int
    name: str
    entry: GazEntry | None
    geo_precision: int | None
    rule_id: str


# --- disambiguation ----------------------------------------------------------------------------


_Anchor = tuple[float, float, float, str]  # lon, latitude in radians, its cosine, entry id


def _anchor_points(anchors: Iterable[GazEntry]) -> tuple[_Anchor, ...]:
    """The distinct anchors of an article, with their trigonometry precomputed for :func:`_near_bonus`."""
    seen: dict[str, _Anchor] = {}
    for a in anchors:
        if a.id not in seen:
            p = math.radians(a.lat)
            seen[a.id] = (a.lon, p, math.cos(p), a.id)
    return tuple(seen.values())


def _near_bonus(e: GazEntry, anchors: tuple[_Anchor, ...]) -> float:
    """W_NEAR for the nearest anchor (great-circle distance in km, haversine); the entry itself
    written under another name ("Mexico City" for "Mexico") is no anchor."""
    p1 = math.radians(e.lat)
    c1 = math.cos(p1)
    lon, sin, asin, sqrt, rad, eid = e.lon, math.sin, math.asin, math.sqrt, math.radians, e.id
    best = 1e9
    for alon, p2, c2, aid in anchors:
        if aid == eid:
            continue
        h = sin((p2 - p1) / 2) ** 2 + c1 * c2 * sin(rad(alon - lon) / 2) ** 2
        d = 2 * 6371.0 * asin(min(1.0, sqrt(h)))
        if d < best:
            best = d
            if d < 50:
                break
    if best < 50:
        return W_NEAR[0]
    if best < 250:
        return W_NEAR[1]
    return 0.0


def _contains(outer: GazEntry, inner: GazEntry) -> bool:
    if outer.id == inner.id or outer.country != inner.country:
        return False
    if outer.feature_code == "PCLI":
        return True
    if outer.feature_code == "ADM1":
        return bool(outer.admin1) and inner.admin1 == outer.admin1
    return inner.parent_id == outer.id


_CONTAINER_GAP = re.compile(r",\s*|\s+in\s+(?:the\s+)?(?:(?:state|province|county|region)\s+of\s+)?")


ALT_NAME_PENALTY = 1.5  # a name that is only an alternate (historic, foreign) name of the entry
W_COUNTRY = 3.0  # times the share of the article's places in the entry's country
W_ADMIN1 = (1.5, 2.5)  # one / several other places of the article in the entry's province or state
W_ADMIN1_SHARE = 1.0  # times the share of the article's places in the entry's province or state
W_NEAR = (1.5, 0.8)  # another town of the article within 50 / 250 km
# a town with a namesake city of 100,000+ in its country, ten times its size, takes a quarter of the
# province/state bonus: "Louisville" beside Ohio teams is still Kentucky's city
BIG_NAMESAKE, BIG_RATIO, BIG_ADMIN1_FACTOR = 100_000, 10.0, 0.25


def _own_name(e: GazEntry, key: str) -> bool:
    return fold(e.name) == key or e.feature_code in ("PCLI", "CONT") or e.id.startswith("sup:")


def _score(e: GazEntry, cand: _Cand, countries: Counter, admin1s: Counter, anchors: "list[GazEntry] | tuple[_Anchor, ...]",
           container: GazEntry | None, same_name_city: dict[str, int], hint: str | None = None, adm_total: int = 0) -> float:
    s = prior(e)
    if not _own_name(e, cand.key):
        s -= ALT_NAME_PENALTY
    if hint and e.country == hint:
        s += 3.5
    total = sum(countries.values())
    if total:
        s += W_COUNTRY * countries.get(e.country, 0) / total
    if e.admin1:  # other places of the article in the same province/state (or inside this one)
        same = admin1s.get((e.country, e.admin1), 0)
        if same > 0:
            f = 1.0
            big = same_name_city.get(e.country, 0)
            if e.feature_class == "P" and big >= BIG_NAMESAKE and big >= BIG_RATIO * max(e.population, 1):
                f = BIG_ADMIN1_FACTOR
            s += f * (W_ADMIN1[0] if same == 1 else W_ADMIN1[1])
            if adm_total:
                s += f * W_ADMIN1_SHARE * same / adm_total
    if container is not None and _contains(container, e):
        s += 6.0
    if cand.prefer and e.feature_code.startswith(cand.prefer[:3]):
        s += W_DATELINE if cand.prefer == "PPL" else 2.0
    if e.feature_code == "ADM1" and same_name_city.get(e.country, 0) >= 500_000:
        s -= 2.0  # "New York": the city, unless told "New York state"
    if anchors and e.feature_class == "P":
        s += _near_bonus(e, anchors if isinstance(anchors, tuple) else _anchor_points(anchors))
    return s


WEAK_ALT_POP = 10_000


def _weak_alternate(e: GazEntry, key: str) -> bool:
    """A small town read under one of its alternate (historic, foreign) names ("McDaniel" for
    Lilburn, Georgia): a poor clue to where the article is, so no context for the other names."""
    return e.feature_class == "P" and e.population < WEAK_ALT_POP and not _own_name(e, key)


def _context(cands: list[_Cand], demonyms: Counter) -> tuple[Counter, Counter, dict[str, Counter], dict[str, Counter]]:
    """Country and province counts of the picks, in all and per name (to leave a name's own out)."""
    ctx_all, adm_all = Counter(demonyms), Counter()
    by_key_ctx: dict[str, Counter] = {}
    by_key_adm: dict[str, Counter] = {}
    for c in cands:
        e = c.pick
        if e is None or not e.country or _weak_alternate(e, c.key):
            continue
        w = 2 if e.feature_code in ("PCLI", "ADM1") else 1
        ctx_all[e.country] += w
        by_key_ctx.setdefault(c.key, Counter())[e.country] += w
        if e.admin1:  # the provinces/states of the article: named ones count twice
            adm_all[(e.country, e.admin1)] += w
            by_key_adm.setdefault(c.key, Counter())[(e.country, e.admin1)] += w
    return ctx_all, adm_all, by_key_ctx, by_key_adm


_NONE: Counter = Counter()  # never changed
_LIST_GAP = re.compile(r",\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+")
W_SIBLING = 2.0  # a name listed beside countries or states is likely one too ("Ohio, Oregon and Utah")


def _siblings(cands: list[_Cand], k: int, text: str) -> tuple[str, ...]:
    """The division feature codes (PCLI, ADM1) of the names listed right beside cands[k] (one per
    side: a name between two states counts twice)."""
    out = []
    c = cands[k]
    for j, a, b in ((k - 1, None, c.start), (k + 1, c.end, None)):
        if 0 <= j < len(cands):
            o = cands[j]
            gap = text[o.end:b] if a is None else text[a:o.start]
            if o.pick is not None and o.pick.feature_code in ("PCLI", "ADM1") and _LIST_GAP.fullmatch(gap):
                out.append(o.pick.feature_code)
    return tuple(sorted(out))


def _listed_division(cands: list[_Cand], k: int, text: str) -> bool:
    """Whether cands[k] may be a division listed after another ("Virginia, Washington, West
    Virginia"): then the name after it is the next item of the list, not its container."""
    if k == 0 or not any(e.feature_code in ("PCLI", "ADM1") for e in cands[k].entries or ()):
        return False
    if k + 1 < len(cands) and (cands[k + 1].rule == "gaz.abbrev" or cands[k + 1].name.replace(".", "").isupper()):
        return False  # "Florida and Washington, D.C.": an abbreviated container is no list item
    prev = cands[k - 1]
    return (prev.pick is not None and prev.pick.feature_code in ("PCLI", "ADM1")
            and _LIST_GAP.fullmatch(text[prev.end:cands[k].start]) is not None)


W_CO = 1.0  # per other name of the article that may be a place within CO_KM (at most CO_MAX of them)
CO_MAX = 2
CO_KM = 40.0
_CELL = 0.5  # degrees: grid cells of the co-location test (neighbouring cells cover CO_KM)


def _co_grid(cands: list[_Cand]) -> dict[tuple[int, int], list[tuple[str, float, float]]]:
    """Every town and county any name of the article may be, by grid cell (for :func:`_co_support`):
    two ambiguous names that may both be places close together likely are ("Albany" and "Leesburg"
    both have a sense in south-west Georgia), even when neither pick says so yet. The names dropped as
    organisations or persons come too: "Rapides Parish Fire District" is no place, but local
    institutions carry local names."""
    grid: dict[tuple[int, int], list[tuple[str, float, float]]] = {}
    seen = set()
    for c in cands:
        for e in c.entries or ():
            if (e.feature_class == "P" and not _weak_alternate(e, c.key) or e.feature_code == "ADM2") and (c.key, e.id) not in seen:
                seen.add((c.key, e.id))
                grid.setdefault((int(e.lat // _CELL), int(e.lon // _CELL)), []).append((c.key, e.lat, e.lon))
    return grid


def _co_support(e: GazEntry, key: str, grid: dict) -> int:
    """How many other names of the article may be a place within CO_KM of ``e``."""
    if e.feature_class != "P":
        return 0
    i, j = int(e.lat // _CELL), int(e.lon // _CELL)
    kx = math.cos(math.radians(e.lat)) * 111.2
    lim = CO_KM * CO_KM
    found = set()
    for di in (-1, 0, 1):
        for dj in (-1, 0, 1):
            for k2, la, lo in grid.get((i + di, j + dj), ()):
                if k2 != key and k2 not in found:
                    dy = (la - e.lat) * 111.2
                    dx = (lo - e.lon) * kx
                    if dx * dx + dy * dy <= lim:
                        found.add(k2)
    return len(found)


def _pass2(cands: list[_Cand], text: str, hint: str | None, countries: Counter, grid: dict | None = None,
           states: Counter | None = None) -> None:
    ctx_all, adm_all, by_key_ctx, by_key_adm = _context(cands, countries)
    if states:
        adm_all.update(states)
    anchors_all = [(c.key, c.pick) for c in cands if c.pick and c.pick.feature_class == "P" and c.pick.population >= 1000
                   and not _weak_alternate(c.pick, c.key)]
    # picks made in this pass do not feed its context, so one name with one container and one
    # preference gets one pick: score it once
    done: dict[tuple, tuple[GazEntry, bool]] = {}
    for k, c in enumerate(cands):
        if not c.entries:
            continue
        container = None
        nxt = cands[k + 1] if k + 1 < len(cands) else None
        if nxt is not None and nxt.pick is not None and _CONTAINER_GAP.fullmatch(text[c.end:nxt.start]) and not _listed_division(cands, k, text):
            if nxt.pick.feature_code in ("PCLI", "ADM1") or nxt.entries and any(e.feature_code in ("PCLI", "ADM1") for e in nxt.entries):
                container = next((e for e in sorted(nxt.entries or [], key=lambda e: -prior(e)) if any(_contains(e, x) for x in c.entries)), nxt.pick)
        if len(c.entries) == 1:  # nothing to choose: the context cannot change the pick
            c.pick = c.entries[0]
            c.contained = container is not None and _contains(container, c.pick)
            continue
        sib = _siblings(cands, k, text)
        memo = (c.key, c.ids, container, c.prefer, sib)
        if memo in done:
            c.pick, c.contained = done[memo]
            continue
        same_name_city = {}
        for e in c.entries:
            if e.feature_class == "P" and fold(e.name) == c.key:
                same_name_city[e.country] = max(same_name_city.get(e.country, 0), e.population)
        anchors = _anchor_points(a for key, a in anchors_all if key != c.key)
        ctx = ctx_all - by_key_ctx.get(c.key, _NONE)
        admin1s = adm_all - by_key_adm.get(c.key, _NONE)
        adm_total = sum(admin1s.values())
        c.pick = max(c.entries, key=lambda e: (_score(e, c, ctx, admin1s, anchors, container, same_name_city, hint, adm_total)
                                               + W_SIBLING * sib.count(e.feature_code)
                                               + (W_CO * min(CO_MAX, _co_support(e, c.key, grid)) if grid else 0.0), e.id))
        c.contained = container is not None and _contains(container, c.pick)
        done[memo] = (c.pick, c.contained)


def _disambiguate(cands: list[_Cand], gaz: Gazetteer, text: str, country_hint: str | None, demonyms: list[str | None],
                  states: Counter | None = None, clues: list[_Cand] | None = None) -> None:
    countries: Counter = Counter()
    for cc in demonyms:
        if cc:
            countries[cc] += 1
    hint = country_hint.upper() if country_hint else None
    # pass 1: priors plus explicit country context
    for c in cands:
        c.pick = max(c.entries, key=lambda e: (prior(e) - (0.0 if _own_name(e, c.key) else ALT_NAME_PENALTY) + (2.0 if countries.get(e.country) else 0.0) + (3.5 if e.country == hint else 0.0), e.id)) if c.entries else None
    # pass 2 (twice): the context of the article's other names; a name never supports itself
    grid = _co_grid(cands + clues if clues else cands) if any(c.entries and len(c.entries) > 1 for c in cands) else None
    for _round in range(2):
        before = [c.pick for c in cands]
        _pass2(cands, text, hint, countries, grid, states)
        if all(c.pick is b for c, b in zip(cands, before)):
            break  # the same picks: another round would read the same context and make them again
    # one sense per article: a name resolved through its container ("London, Ontario") keeps it
    sure = {c.key: c.pick for c in cands if c.contained}
    for c in cands:
        if c.key in sure and not c.contained:
            c.pick = sure[c.key]
    # a container's own pick can be confirmed by what it contains ("Alexandria, Louisiana")
    for k in range(1, len(cands)):
        c, prev = cands[k], cands[k - 1]
        if prev.pick and c.pick and re.fullmatch(r",\s*", text[prev.end:c.start]) and not _contains(c.pick, prev.pick):
            for e in c.entries or ():
                if _contains(e, prev.pick):
                    c.pick = e
                    break
    # "Belgrade, Minn.": a town written with a state's postal abbreviation lies in that state; when
    # the gazetteer has no such town there, the state is the best place known
    for k in range(len(cands) - 1):
        c, nxt = cands[k], cands[k + 1]
        if (nxt.rule == "gaz.abbrev" and c.pick is not None and nxt.pick is not None and c.pick.feature_class == "P"
                and nxt.pick.feature_code == "ADM1" and re.fullmatch(r",\s*", text[c.end:nxt.start]) and not _contains(nxt.pick, c.pick)):
            c.pick = nxt.pick


def where_prec(entry: GazEntry | None, geo_precision: int | None) -> int | None:
    """UCDP where_prec from the entry's feature and the ACLED precision."""
    if entry is None:
        return None
    if entry.feature_code.startswith("PCL") or entry.feature_code in ("CONT", "OCN", "SEA"):
        return 6
    if entry.feature_code == "ADM1":
        return 4
    if entry.feature_code == "ADM2":
        return 3
    if geo_precision == 3:
        return 4
    if geo_precision == 2:
        return 2
    return 1


def _base_precision(e: GazEntry) -> int:
    if e.feature_class in "ALTH":
        return 3
    if e.feature_code == "PPLX":
        return 2
    return 1


# --- the public functions ----------------------------------------------------------------------


def find_toponyms(text: str, *, gazetteer: Gazetteer, country_hint: str | None = None, rules_dir: str = "") -> list[Toponym]:
    """Toponyms of ``text`` in order, each with its chosen entry and ACLED precision."""
    lex = _lexicon(rules_dir)
    index = gazetteer.name_index()
    toks = _Tokens(text)
    dem: list[str | None] = []
    cands = _recognise(text, toks, index, lex, dem, gazetteer.abbreviations(), gazetteer.dotted_abbreviations())
    spans = toks.spans
    kept: list[_Cand] = []
    dropped_states: Counter = Counter()  # states named inside organisation names ("Indiana State Police")
    clues: list[_Cand] = []  # names dropped as organisations or persons: weak co-location clues
    for c in cands:
        c.entries = _top(gazetteer.get_many(c.ids))
        ks = bisect_left(spans, (c.start,))
        ke = bisect_left(spans, (c.end,))
        prev_tok = toks.tok(ks - 1) if ks > 0 else None
        next_tok = toks.tok(ke) if ke < len(spans) else None
        if c.entries and _keep(c, text, lex, prev_tok, next_tok):
            kept.append(c)
        elif c.entries:
            st = _named_state(c)
            if st is not None:
                dropped_states[st] += 1
            elif c.key not in lex.stop_always:
                clues.append(c)  # "Rapides Parish Fire District", "Lakeview Board": no place, but a clue
    if "counties" in text or "parishes" in text:
        kept = _county_lists(text, kept, index, gazetteer)
    _modifiers(kept, text, lex)
    _datelines(kept, text)
    _disambiguate(kept, gazetteer, text, country_hint, dem, dropped_states, clues)
    for c in kept:
        if c.prefer == "ADM1" and c.pick is not None and c.pick.feature_class == "P":
            own = [e for e in c.entries or () if e.feature_code == "ADM1" and fold(e.name) == c.key]
            c.pick = max(own, key=prior) if own else _province_of(c, text, gazetteer) or c.pick
    _place_counties(kept)
    out = [Toponym(c.start, c.end, c.name, c.pick, c.precision or (_base_precision(c.pick) if c.pick else None), c.rule)
           for c in kept]
    out.extend(_subplaces(text, out, lex, gazetteer))
    out.sort(key=lambda t: (t.start, -t.end))
    return out


_CNAME = r"[A-Z][\w'’]*(?:[ -][A-Z][\w'’]*)?"
_COUNTY_LIST = re.compile(rf"((?:{_CNAME},\s+)*{_CNAME},?\s+(?:and|&)\s+{_CNAME})\s+(counties|parishes)\b")
_CNAME_RX = re.compile(_CNAME)


def _county_lists(text: str, cands: list[_Cand], index: dict[str, tuple[str, ...]], gaz: Gazetteer) -> list[_Cand]:
    """Names in "Barrow, Jackson and Madison counties" are the counties of those names (whatever
    else the names may be)."""
    by_span = {(c.start, c.end): c for c in cands}
    added = []
    for m in _COUNTY_LIST.finditer(text):
        noun = "County" if m.group(2) == "counties" else "Parish"
        for n in _CNAME_RX.finditer(text, m.start(1), m.end(1)):
            if n.group() in ("and",):
                continue
            key = fold(f"{n.group()} {noun}")
            ids = index.get(key)
            if not ids:
                continue
            entries = _top(gaz.get_many(ids))
            c = by_span.get(n.span())
            if c is not None:
                c.key, c.ids, c.entries = key, ids, entries
            elif not any(o.start < n.end() and n.start() < o.end for o in cands):
                added.append(_Cand(n.start(), n.end(), n.group(), key, ids, False, "gaz.county-list", entries))
    if not added:
        return cands
    return sorted(cands + added, key=lambda c: c.start)


_DATELINE_BEFORE = re.compile(r"(?:^|\n|[.!?%\"”]\s+)\s*$")
_DATELINE_AFTER = re.compile(r"(?:,\s+[A-Z][A-Za-z.]{1,12}\.?)?\s*(?:\([A-Za-z. ]{1,20}\)\s*)?(?:—|–|--?)\s")
W_DATELINE = 4.0  # a news dateline ("WASHINGTON (AP) -", "ALBANY —") names a town


def _datelines(cands: list[_Cand], text: str) -> None:
    """A capitalised name opening the story and followed by a dash (optionally a state and the
    agency) is a dateline: it names a town, not a state or a country of that name."""
    for c in cands:
        if c.start > 400:
            break
        if (c.prefer is None and c.name.isupper() and len(c.name) > 2 and _DATELINE_AFTER.match(text, c.end)
                and _DATELINE_BEFORE.search(text, max(0, c.start - 4), c.start)):
            c.prefer = "PPL"


def _named_state(c: _Cand) -> tuple[str, str] | None:
    """The (country, admin1) of a name that can only be a province or state among the divisions and
    large cities ("Indiana" in "Indiana State Police"; not "Georgia", "Washington" or "New York")."""
    div = None
    for e in c.entries or ():
        if e.feature_code == "PCLI" or e.feature_class == "P" and e.population >= 100_000:
            return None
        if e.feature_code == "ADM1" and fold(e.name) == c.key:
            if div is not None:
                return None
            div = e
    return (div.country, div.admin1) if div is not None and div.admin1 else None


def _place_counties(cands: list[_Cand]) -> None:
    """A US county without a centre of its own (the gazetteer placed it at a namesake town or its
    state's centre; no ``admin2``) is placed at the article's most mentioned town of its state."""
    towns: Counter = Counter()
    entries: dict[str, GazEntry] = {}
    for c in cands:
        e = c.pick
        if e is not None and e.feature_class == "P" and e.country == "US" and e.admin1:
            towns[e.id] += 1
            entries[e.id] = e
    if not towns:
        return
    for c in cands:
        e = c.pick
        if e is None or e.feature_code != "ADM2" or not e.id.startswith("fips:") or e.admin2:
            continue  # a county with a centre of its own keeps it
        best = max((i for i in towns if entries[i].admin1 == e.admin1), key=lambda i: (towns[i], entries[i].population), default=None)
        if best is not None:
            c.pick = replace(e, lat=entries[best].lat, lon=entries[best].lon)


def _province_of(c: _Cand, text: str, gaz: Gazetteer) -> GazEntry | None:
    """The province meant by "X province" / "province of X" when X resolved to a town: an entry
    named "X province" (or governorate ...), else the ADM1 holding the town."""
    m = re.match(r"\s+(province|governorate|region|state|prefecture|oblast)\b", text[c.end:c.end + 20], re.I)
    for suffix in ([m.group(1)] if m else []) + ["Province", "Governorate"]:
        found = [e for e in gaz.lookup(f"{c.name} {suffix}", country=c.pick.country, limit=3) if e.feature_class == "A"]
        if found:
            return found[0]
    return gaz.admin1_of(c.pick)


def _top(entries: list[GazEntry], k: int = 40) -> list[GazEntry]:
    if len(entries) <= k:
        return entries
    return sorted(entries, key=lambda e: -prior(e))[:k]


def _modifiers(cands: list[_Cand], text: str, lex: _Lexicon) -> None:
    for c in cands:
        before = text[max(0, c.start - 60):c.start]
        after = text[c.end:c.end + 40]
        if lex.before_any is None or lex.before_any.search(before):  # the gate: some rule matches
            for rid, rx, gp, _wp, prefer in lex.modifiers_before:
                if rx.search(before):
                    c.precision, c.rule, c.prefer = gp, rid, prefer
                    break
        if lex.after_any is not None and not lex.after_any.search(after):
            continue
        for rid, rx, gp, _wp, prefer in lex.modifiers_after:
            if rx.search(after):
                c.precision, c.rule, c.prefer = max(gp, c.precision or 0), rid, prefer or c.prefer
                break


def _subplaces(text: str, found: list[Toponym], lex: _Lexicon, gaz: Gazetteer) -> list[Toponym]:
    """Names introduced as parts of a place but missing from the gazetteer, coded to that place."""
    spans = [(t.start, t.end) for t in found]
    by_span = {(t.start, t.end): t for t in found}
    focus: GazEntry | None = None  # the article focus and sentences: computed when first needed
    sentences: list[tuple[int, int]] | None = None
    out: list[Toponym] = []
    taken: set[tuple[int, int]] = set()
    for rid, rx, gp, _wp in lex.subplaces:
        for m in rx.finditer(text):
            s, e = m.span("name")
            name = m.group("name")
            if (s, e) in taken or any(a < e and s < b for a, b in spans):
                continue
            key = fold(name)
            if key in lex.demonyms or key in lex.stop_always or key.split()[0] in lex.demonyms:
                continue
            parent = None
            if "place" in rx.groupindex and m.group("place"):
                t = by_span.get(m.span("place"))
                if t is None or t.entry is None:
                    continue
                parent = t.entry
            if parent is None:
                if sentences is None:
                    focus, sentences = article_focus(found), _sentences(text)
                parent = _nearest_city(s, found, sentences, focus) or focus
            if parent is None:
                continue
            taken.add((s, e))
            out.append(Toponym(s, e, name, parent, max(gp, _base_precision(parent)), rid))
    return out


def _nearest_city(pos: int, found: list[Toponym], sentences: list[tuple[int, int]], focus: GazEntry | None = None) -> GazEntry | None:
    """The town of the sentence at ``pos``: the article focus if named there, else the nearest."""
    sent = next(((a, b) for a, b in sentences if a <= pos < b), None)
    if sent is None:
        return None
    best, dist = None, 1 << 30
    for t in found:
        if t.entry is not None and t.entry.feature_class == "P" and sent[0] <= t.start < sent[1]:
            if focus is not None and t.entry.id == focus.id:
                return focus
            d = abs(t.start - pos)
            if d < dist:
                best, dist = t.entry, d
    return best


def article_focus(toponyms: Iterable[Toponym]) -> GazEntry | None:
    """The place an article is about: its most mentioned town (earlier mentions weigh more),
    else its most mentioned place."""
    score: Counter = Counter()
    entries: dict[str, GazEntry] = {}
    for rank, t in enumerate(toponyms):
        if t.entry is None:
            continue
        e = t.entry
        if e.feature_code == "PPLX" and e.parent_id:
            continue
        entries[e.id] = e
        score[e.id] += (1.0 if e.feature_class == "P" else 0.3) * (1.5 if rank < 3 else 1.0)
    if not score:
        return None
    best = max(score, key=lambda i: (score[i], entries[i].population, i))
    return entries[best]


def resolve_span(text: str, start: int, end: int, *, gazetteer: Gazetteer, context: list[Toponym] | None = None,
                 country_hint: str | None = None, rules_dir: str = "") -> Toponym:
    """Resolve the name at ``text[start:end]`` (a known toponym span, e.g. gold or an NLP hint) in
    the context of the article: a recognised toponym at that span, else the gazetteer candidates
    scored against the article's places; a name the gazetteer lacks falls back to the nearest city
    of its sentence or the article focus with precision 2."""
    lex = _lexicon(rules_dir)
    ctx = context if context is not None else find_toponyms(text, gazetteer=gazetteer, country_hint=country_hint, rules_dir=rules_dir)
    for t in ctx:
        if t.start == start and t.end == end and t.entry is not None:
            return t
    name = text[start:end]
    entries = _top(gazetteer.lookup(name, limit=200)) if name.strip() else []
    if not entries:
        focus = article_focus(ctx)
        parent = _nearest_city(start, ctx, _sentences(text), focus) or focus
        return Toponym(start, end, name, parent, 2 if parent else None, "resolve.fallback")
    c = _Cand(start, end, name, fold(name), tuple(e.id for e in entries), False, "resolve.span", entries)
    _modifiers([c], text, lex)
    countries: Counter = Counter(cc for cc in demonym_countries(text, rules_dir=rules_dir).elements())
    for t in ctx:
        if t.entry is not None:
            countries[t.entry.country] += 2 if t.entry.feature_code in ("PCLI", "ADM1") else 1
    admin1s = Counter((t.entry.country, t.entry.admin1) for t in ctx if t.entry is not None and t.entry.feature_code == "ADM1")
    anchors = _anchor_points(t.entry for t in ctx if t.entry is not None and t.entry.feature_class == "P" and not (t.start <= start < t.end))
    same = {}
    for e in entries:
        if e.feature_class == "P" and fold(e.name) == c.key:
            same[e.country] = max(same.get(e.country, 0), e.population)
    hint = country_hint.upper() if country_hint else None
    adm_total = sum(admin1s.values())
    pick = max(entries, key=lambda e: (_score(e, c, countries, admin1s, anchors, None, same, hint, adm_total), e.id))
    return Toponym(start, end, name, pick, c.precision or _base_precision(pick), c.rule)
