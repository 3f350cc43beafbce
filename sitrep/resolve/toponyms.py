"""Recognising toponyms in plain text (no spaCy here): the lexicons, the token scan and the
gazetteer-driven matcher, with the filters for common words, person and organisation names.

Capitalised token sequences are looked up, longest first, in the gazetteer's in-memory name index;
a stoplist, the demonym lexicon and person/organisation cues (data files) drop common words that
are also place names. Choosing among a name's entries is :mod:`sitrep.resolve.geoparse`.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from ..errors import RuleError
from ..rules import load_rules
from .gazetteer import GazEntry, fold

__all__ = ["demonym_countries"]


# --- lexicons (data) ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Lexicon:
    stop_always: frozenset[str]
    stop_start: frozenset[str]
    titles: frozenset[str]
    org_tails: frozenset[str]
    org_head: re.Pattern | None
    demonyms: dict[str, str | None]  # folded form -> country code (None for groups)
    modifiers_before: tuple[tuple[str, "re.Pattern | _Gated", int, int, str | None], ...]
    modifiers_after: tuple[tuple[str, re.Pattern, int, int, str | None], ...]
    subplaces: tuple[tuple[str, "re.Pattern | _Gated", int, int], ...]
    speech: frozenset[str] = frozenset()
    feature_tail: frozenset[str] = frozenset()
    feature_head_rx: re.Pattern | None = None
    before_any: "re.Pattern | _Gated | None" = None  # matches where some rule of modifiers_before does (a gate)
    after_any: re.Pattern | None = None  # likewise for modifiers_after


_CAP = r"[A-Z][\w'’]*[\w]"
_PART = r"(?:al|el|an|ar|as|ash|ad|at|az|bin|ibn|abu|de|del|la|le|of)"
_NAME_RX = rf"\b(?:(?:{_PART})-)?{_CAP}(?:(?:\s|-)(?:{_PART}(?:\s|-))?{_CAP}){{0,4}}"


@lru_cache(maxsize=8)
def _lexicon(rules_dir: str = "") -> _Lexicon:
    stop_always, stop_start, titles, tails, heads, speech = set(), set(), set(), set(), [], set()
    ftail, fhead = set(), set()
    for r in load_rules("place_stoplist.jsonl", extra_dir=rules_dir, required=("id", "word")):
        kind = r.get("kind", "stop")
        if kind == "title":
            titles.add(r["word"])
        elif kind == "org_tail":
            tails.add(r["word"])
        elif kind == "org_head":
            heads.append(re.escape(r["word"]))
        elif kind == "speech_verb":
            speech.add(r["word"])
        elif kind == "feature_tail":
            ftail.add(r["word"])
        elif kind == "feature_head":
            fhead.add(r["word"])
        elif r.get("when") == "always":
            stop_always.add(fold(r["word"]))
        else:
            stop_start.add(fold(r["word"]))
    demonyms: dict[str, str | None] = {}
    for r in load_rules("demonyms.jsonl", extra_dir=rules_dir, required=("id", "demonym")):
        for form in (r["demonym"], *r.get("forms", ())):
            demonyms[fold(form)] = r.get("country")
    before, after, subs = [], [], []
    for r in load_rules("place_patterns.jsonl", extra_dir=rules_dir, required=("id", "kind")):
        try:
            gp, wp = int(r.get("geo_precision", 2)), int(r.get("where_prec", 2))
            if r["kind"] == "modifier":
                if "before" in r:
                    before.append((r["id"], _gated(re.compile(r["before"], re.I), r), gp, wp, r.get("prefer")))
                if "after" in r:
                    after.append((r["id"], re.compile(r["after"], re.I), gp, wp, r.get("prefer")))
            elif r["kind"] in ("attribute", "anaphor"):
                continue  # read by sitrep.resolve.places (where a record happened), not by recognition
            elif r["kind"] == "subplace":
                rx = r["regex"].replace("{NAME}", f"(?P<name>{_NAME_RX})").replace("{PLACE}", f"(?P<place>{_NAME_RX})")
                subs.append((r["id"], _gated(re.compile(rx), r), gp, wp))
            else:
                raise RuleError(f"place_patterns.jsonl: rule {r['id']}: unknown kind {r['kind']!r}")
        except re.error as exc:
            raise RuleError(f"place_patterns.jsonl: rule {r['id']}: bad regex ({exc})") from None
    head_rx = re.compile(r"\b(?:" + "|".join(heads) + r")\s+of\s+(?:the\s+)?$") if heads else None
    return _Lexicon(frozenset(stop_always), frozenset(stop_start), frozenset(titles), frozenset(tails), head_rx,
                    demonyms, tuple(before), tuple(after), tuple(subs), frozenset(speech), frozenset(ftail),
                    re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(fhead))) + r") (?:of (?:the )?)?$") if fhead else None,
                    _any_of_before(before), _any_of([rx for _i, rx, _g, _w, _p in after]))


# --- gates: a cheap necessary condition checked before a pattern runs (data, see place_patterns.jsonl)


class _Gated:
    """A compiled pattern behind the gate its rule gives as data, so a text the gate closes costs no
    regex scan. ``words`` (field ``gate``): one of these literals occurs in any text the pattern
    matches (in the lower-cased text when the pattern ignores case). ``last_words`` (field
    ``last_word``, for patterns anchored at the end): the text ends with one of these words (the run
    of word characters before the trailing whitespace, lower-cased) and whitespace. Offers what
    recognition asks of a pattern: ``search``, ``finditer``, ``groupindex``, ``pattern``, ``flags``."""

    __slots__ = ("rx", "words", "last_words", "ignorecase", "groupindex", "pattern", "flags")

    def __init__(self, rx: re.Pattern, words: frozenset[str] | None, last_words: frozenset[str] | None) -> None:
        self.rx, self.words, self.last_words = rx, words, last_words
        self.ignorecase = bool(rx.flags & re.I)
        self.groupindex, self.pattern, self.flags = rx.groupindex, rx.pattern, rx.flags

    def open(self, text: str) -> bool:
        """False only when the pattern cannot match ``text``."""
        if self.last_words is not None and not _ends_with_word(text, self.last_words):
            return False
        if self.words is not None:
            if self.ignorecase:
                if not text.isascii():
                    return True  # a non-ASCII letter may match an ASCII one when case is ignored
                text = text.lower()
            return any(w in text for w in self.words)
        return True

    def search(self, text: str) -> re.Match | None:
        return self.rx.search(text) if self.open(text) else None

    def finditer(self, text: str):
        return self.rx.finditer(text) if self.open(text) else iter(())


_WORD_RUN = re.compile(r"\w+")


def _ends_with_word(text: str, words: frozenset[str]) -> bool:
    """Whether ``text`` ends with one of ``words`` (lower-case ASCII) and whitespace."""
    bare = text.rstrip()  # str whitespace is what \s matches
    if len(bare) == len(text) or not bare:
        return False
    m = _WORD_RUN.match(bare[::-1])
    if m is None:
        return False
    word = m.group()
    if not word.isascii():
        return True  # a non-ASCII letter may match an ASCII one when case is ignored
    return word[::-1].lower() in words


def _gated(rx: re.Pattern, rule: dict) -> "re.Pattern | _Gated":
    words, last = rule.get("gate"), rule.get("last_word")
    if not words and not last:
        return rx
    if (words and not isinstance(words, list)) or (last and not isinstance(last, list)):
        raise RuleError(f"place_patterns.jsonl: rule {rule['id']}: gate and last_word are lists of words")
    low = bool(rx.flags & re.I)
    return _Gated(rx, frozenset(w.lower() if low else w for w in words) if words else None,
                  frozenset(w.lower() for w in last) if last else None)


def _any_of_before(before: list) -> "re.Pattern | _Gated | None":
    """The gate of the modifiers before a place: their joined pattern, behind the union of their
    ``last_word`` gates when every one of them has one."""
    rxs = [rx.rx if isinstance(rx, _Gated) else rx for _i, rx, _g, _w, _p in before]
    joined = _any_of(rxs)
    if joined is None or not all(isinstance(rx, _Gated) and rx.last_words and rx.words is None for _i, rx, _g, _w, _p in before):
        return joined
    return _Gated(joined, None, frozenset().union(*(rx.last_words for _i, rx, _g, _w, _p in before)))


def _any_of(rxs: list[re.Pattern]) -> re.Pattern | None:
    """One pattern that finds a match in a text exactly when one of ``rxs`` does (their alternation),
    so a text none of them matches costs one scan; None when they cannot be joined (back-references,
    clashing group names, other flags)."""
    if not rxs or any(rx.flags != rxs[0].flags or re.search(r"\\\d|\(\?P=|\(\?\(", rx.pattern) for rx in rxs):
        return None
    try:
        return re.compile("|".join(f"(?:{rx.pattern})" for rx in rxs), rxs[0].flags)
    except re.error:
        return None


# --- tokens and sentences ----------------------------------------------------------------------

_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[^\W\d_][\w'’]*")
_CONNECT = frozenset("and al el an ar as ash ad at az bin ibn abu de del la le of the upon on sur du des da di do dos das es au aux en van von y und am im".split())
_DOTTED_PREFIX = frozenset("st ste mt ft".split())  # "St. Louis", "Mt. Vernon", "Ft. Worth"
_SENT_PREFIX = re.compile(r"(?:[.!?:;][\"”’)]?\s+|\n\s*|[\"“‘(]|\s[-–—]\s)$")
# a sentence end: [.!?] with an optional closing quote and whitespace, or newlines; written to open with a
# character class so the scan skips the other characters in C
_SENT_END = re.compile(r"[.!?\n](?:(?<=[.!?])[\"”’)]?\s+|(?<=\n)\n*)")


# the trailing apostrophes of a word, or its possessive "'s" (left out of the token)
_APOS_TAIL = re.compile(r"['’]+s?(?![\w'’])")
_MARK = re.compile(r"[.-]")


@dataclass(slots=True)
class _Tok:
    start: int
    end: int
    text: str
    sent_start: bool


class _Tokens:
    """The words of a text as parallel lists (spans, words), built in C-level comprehensions; the
    sentence-start flag is computed only for the few tokens that need it."""

    __slots__ = ("text", "spans", "words", "active")

    def __init__(self, text: str) -> None:
        self.text = text
        ms = list(_TOKEN.finditer(text))
        self.spans = spans = [m.span() for m in ms]
        self.words = words = [m.group() for m in ms]
        if "'" in text or "’" in text:
            starts = None
            for m in _APOS_TAIL.finditer(text):
                p, q = m.span()
                if starts is None:
                    starts = [a for a, _b in spans]
                i = bisect_right(starts, p) - 1
                if i >= 0 and spans[i][0] < p and spans[i][1] == q:  # "Assad's", "rebels'"
                    spans[i] = (spans[i][0], p)
                    words[i] = text[spans[i][0]:p]
        # the tokens recognition looks at: capitalised ones and those before "." (dotted
        # abbreviations) or "-" ("al-Bab"); the others only extend or border a name
        active = [i for i, w in enumerate(words) if w[0].isupper()]
        before_mark = set()
        for m in _MARK.finditer(text):
            p = m.start()
            i = bisect_left(spans, (p,)) - 1
            if i >= 0 and spans[i][1] == p:
                before_mark.add(i)
        self.active = sorted(before_mark.union(active)) if before_mark else active

    def __len__(self) -> int:
        return len(self.spans)

    def sent_start(self, i: int) -> bool:
        s = self.spans[i][0]
        text = self.text
        return self.words[i][0].isupper() and (s == 0 or _SENT_PREFIX.search(text, max(0, s - 6), s) is not None or (s < 8 and not text[:s].strip()))

    def tok(self, i: int) -> _Tok:
        s, e = self.spans[i]
        return _Tok(s, e, self.words[i], self.sent_start(i))


@lru_cache(maxsize=8)
def _sentences(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for m in _SENT_END.finditer(text):
        if m.start() + 1 > pos:
            spans.append((pos, m.start() + 1))
        pos = m.end()
    if pos < len(text):
        spans.append((pos, len(text)))
    return spans


def _is_cap(t: str) -> bool:
    return t[:1].isupper()


# --- recognition -------------------------------------------------------------------------------


@dataclass
class _Cand:
    start: int
    end: int
    name: str
    key: str
    ids: tuple[str, ...]
    sent_start: bool
    rule: str = "gaz.match"
    entries: list[GazEntry] | None = None
    pick: GazEntry | None = None
    precision: int | None = None
    prefer: str | None = None
    contained: bool = False


def _is_abbrev(surface: str) -> bool:
    bare = surface.replace(".", "")
    return len(bare) <= 4 and bare.isupper()


def _recognise(text: str, toks: _Tokens, index: dict[str, tuple[str, ...]], lex: _Lexicon,
               demonym_hits: list[str | None], abbrev: frozenset[str] = frozenset(),
               dotted: dict[str, tuple[str, ...]] | None = None) -> list[_Cand]:
    out: list[_Cand] = []
    spans, words = toks.spans, toks.words
    n = len(spans)
    after_comma = _AFTER_COMMA.search
    firsts = _first_words(index)
    nxt_i = 0  # tokens before this one belong to a name already found
    for i in toks.active:  # the other tokens cannot start a name
        if i < nxt_i:
            continue
        ts, te = spans[i]
        tt = words[i]
        follows = text[te:te + 1]
        if dotted and follows == "." and len(tt) == 1 and i + 1 < n and after_comma(text, max(0, ts - 3), ts):
            ns, ne = spans[i + 1]
            if ns - te <= 2 and text[ne:ne + 1] == "." and words[i + 1][:1].isupper():
                ids = dotted.get(fold(text[ts:ne + 1]))
                if ids:  # "Charleston, W.Va." / "W. Va.": a two-part dotted abbreviation after a comma
                    out.append(_Cand(ts, ne + 1, text[ts:ne + 1], fold(text[ts:ne + 1]), ids, False, "gaz.abbrev"))
                    nxt_i = i + 2
                    continue
        if dotted and follows == "." and after_comma(text, max(0, ts - 3), ts):
            ids = dotted.get(fold(tt))
            if ids:  # "Springfield, Mass.": a dotted abbreviation right after a comma
                out.append(_Cand(ts, te + 1, text[ts:te + 1], fold(tt), ids, False, "gaz.abbrev"))
                nxt_i = i + 1
                continue
        if not tt[0].isupper() and not (follows == "-" and tt.lower() in ("al", "el") and i + 1 < n
                                        and words[i + 1][:1].isupper()):
            continue
        if tt.isascii() and tt.isalpha() and fold(tt) not in firsts:
            # no name of the index starts with this word (a word of ASCII letters is the first word of
            # the folded key of any name written from it): nothing to extend
            key = fold(tt)
            if key in lex.demonyms:
                demonym_hits.append(lex.demonyms[key])
            continue
        match = None
        # extend over capitalised tokens and connectors joined by one space or hyphen
        j = i
        while j + 1 < n and j - i < 6:
            js, je = spans[j]
            gap = text[je:spans[j + 1][0]]
            if je != js + len(words[j]) or gap not in (" ", "-"):
                if not (gap in (". ", ".") and words[j].lower() in _DOTTED_PREFIX):
                    break
            nxt = words[j + 1]
            if not (nxt[:1].isupper() or nxt.lower() in _CONNECT):
                break
            j += 1
        j_max = j
        for j in range(j_max, i - 1, -1):
            w = words[j]
            if not w[:1].isupper() and not w.isupper():
                continue
            surface = text[ts:spans[j][1]]
            key = fold(surface)
            if key in index and (key in abbrev or not _is_abbrev(surface)):
                match = (j, surface, key)
                break
        if match is None:
            key = fold(tt)
            if key in lex.demonyms:
                demonym_hits.append(lex.demonyms[key])
            continue
        j, surface, key = match
        if key in lex.demonyms:
            demonym_hits.append(lex.demonyms[key])
            nxt_i = j + 1
            continue
        out.append(_Cand(ts, spans[j][1], surface, key, index[key], toks.sent_start(i)))
        nxt_i = j + 1
    return out


_AFTER_COMMA = re.compile(r",\s{1,2}$")

_FIRST_WORDS: dict[int, tuple[dict, frozenset[str]]] = {}  # id(index) -> (the index, its first words)


def _first_words(index: dict[str, tuple[str, ...]]) -> frozenset[str]:
    """The first words of the folded names of ``index`` (made once per index: about 0.15 s for the
    built-in gazetteer's 380k names)."""
    hit = _FIRST_WORDS.get(id(index))
    if hit is None or hit[0] is not index:
        if len(_FIRST_WORDS) >= 4:
            _FIRST_WORDS.clear()
        hit = _FIRST_WORDS[id(index)] = (index, frozenset(k.split(" ", 1)[0] for k in index))
    return hit[1]


def _keep(c: _Cand, text: str, lex: _Lexicon, prev_tok: _Tok | None, next_tok: _Tok | None) -> bool:
    """Drop common words, person names and organisation names that look like places."""
    single = " " not in c.key
    if c.key in lex.stop_always:
        return False
    best = max((e.population for e in c.entries or ()), default=0)
    strong = any(e.feature_code in ("PCLI", "ADM1", "PPLC", "CONT", "RGN", "OCN", "SEA") for e in c.entries or ()) or best >= 100_000
    if single and c.sent_start and (c.key in lex.stop_start or not strong):
        after = text[c.end:c.end + 2]
        if not after.startswith(","):
            return False
    if prev_tok is not None and prev_tok.text.rstrip(".") in lex.titles and text[prev_tok.end:c.start].strip(". ") == "":
        return False
    if lex.org_head is not None and lex.org_head.search(text, max(0, c.start - 40), c.start):
        return False  # "University of Alberta", "Embassy of the Republic of Armenia"
    follows = text[c.end:c.end + 1]
    if next_tok is not None and follows == " " and next_tok.start == c.end + 1 and _is_cap(next_tok.text):
        if next_tok.text in lex.org_tails or _org_run(text, c.end, lex):
            return False
        if not strong and fold(next_tok.text) not in lex.demonyms:
            return False  # "Henry Ford": a person
    if (next_tok is not None and next_tok.text in lex.feature_tail and text[c.end:next_tok.start] == " "
            and not any(e.feature_code == "PCLI" for e in c.entries or ())):
        return False  # "Swat Valley", "Jackson Township": another feature
    if prev_tok is not None and _is_cap(prev_tok.text) and text[prev_tok.end:c.start] == " ":
        if single and c.name in lex.feature_tail:
            return False  # "Niger Delta", "Canaan Valley": not the town called Delta or Valley
    if prev_tok is not None and _is_cap(prev_tok.text) and not prev_tok.sent_start and text[prev_tok.end:c.start] == " ":
        if prev_tok.text.lower() in _COMPASS and not _division_or_city(c):
            return False  # "West Java", "Central Luzon": not the village called Java or Luzon
    if lex.feature_head_rx is not None and lex.feature_head_rx.search(text, max(0, c.start - 24), c.start):
        return False  # "Lake Ontario", "Gulf of Mexico"
    if single and not strong and lex.speech and (
            (next_tok is not None and next_tok.text in lex.speech and text[c.end:next_tok.start] == " ")
            or (prev_tok is not None and prev_tok.text in lex.speech and text[prev_tok.end:c.start] == " ")):
        return False  # "Allen said", "said Tyler": a person
    if prev_tok is not None and text[prev_tok.end:c.start] == " " and _is_cap(prev_tok.text) and not prev_tok.sent_start:
        p = fold(prev_tok.text)
        if not strong and p not in lex.demonyms and p not in _COMPASS:
            return False  # "Raquel Henry": a person
    return True


def _division_or_city(c: _Cand) -> bool:
    return any(e.feature_class in "AL" or e.population >= 50_000 for e in c.entries or ())


_RUN = re.compile(r"(?:\s(?:[A-Z][\w'’&.]*|of|and|the|&)){1,4}")


def _org_run(text: str, pos: int, lex: _Lexicon) -> bool:
    """Whether the capitalised run after a place name ends an organisation or facility name
    ("Florida Atlantic University", "Trent Jones Golf Club")."""
    m = _RUN.match(text, pos)
    if not m:
        return False
    words = [w.rstrip(".,’'") for w in m.group().split()]
    return any(w in lex.org_tails for w in words[1:] if w[:1].isupper())


_COMPASS = frozenset("north south east west northern southern eastern western central northeast northwest southeast southwest upper lower greater new old".split())


def demonym_countries(text: str, *, rules_dir: str = "") -> Counter:
    """Country codes named by demonyms in ``text`` ("Syrian" → SY), with counts."""
    return Counter(dict(_demonym_counts(text, rules_dir)))


@lru_cache(maxsize=8)
def _demonym_counts(text: str, rules_dir: str) -> tuple[tuple[str, int], ...]:
    """The counts of :func:`demonym_countries`, kept for the last texts (resolve_span asks per record)."""
    lex = _lexicon(rules_dir)
    counts: Counter = Counter()
    for m in _TOKEN.finditer(text):
        cc = lex.demonyms.get(fold(m.group().removesuffix("’s").removesuffix("'s")))
        if cc:
            counts[cc] += 1
    return tuple(counts.items())
