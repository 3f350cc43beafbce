"""Quantity expressions in plain text: "more than 50,000", "dozens", "tens of thousands", "26-30".

Pure Python (no spaCy). The lexicon (number words, scales, vague quantifiers, qualifiers, range words)
is data: ``sitrep/data/quantities.jsonl``. Semantics, documented there as well:

* an exact number ``n`` without qualifier: ``low = best = high = n``;
* a lower-bound qualifier ("at least", "more than", "over"): ``low = best = n``, ``high`` None;
* an upper-bound qualifier ("nearly", "up to", "fewer than"): ``best = high = n``, ``low`` None;
* an estimate ("about", "some", "an estimated"): ``best = n``, ``low``/``high`` None;
* a range ("26-30", "between 5 and 7"): ``low``/``high`` the ends, ``best`` None;
* a vague quantifier ("dozens", "hundreds", "tens of thousands"): the range from the lexicon, ``best`` None.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

from ..rules import load_rules

__all__ = ["Quantity", "parse_quantity", "find_quantities"]


@dataclass(frozen=True)
class Quantity:
    """A quantity expression; ``start``/``end`` are offsets within the string it was found in."""

    low: int | None
    best: int | None
    high: int | None
    qualifier: str | None
    text: str
    start: int
    end: int
    rule_id: str | None = None  # the lexicon rule that made it vague or qualified, when any

    @property
    def value(self) -> int | None:
        """One number for comparisons: best, else low, else high."""
        for v in (self.best, self.low, self.high):
            if v is not None:
                return v
        return None

    @property
    def vague(self) -> bool:
        return self.best is None and self.low is not None and self.high is not None and self.low != self.high


_TOKEN_RE = re.compile(r"\d+(?:[.,]\d+)*(?:s\b)?|[A-Za-z]+(?:-[A-Za-z]+)*\.?|\S")
_DIGITS_RE = re.compile(r"\d+(?:[.,]\d+)*")


class _Tok(NamedTuple):
    low: str  # lower-cased text
    start: int
    end: int


def _tokens(text: str) -> list[_Tok]:
    out: list[_Tok] = []
    append = out.append
    dotted = _lexicon().dotted
    for m in _TOKEN_RE.finditer(text):
        word = m.group()
        s, e = m.span()
        # a trailing full stop belongs to the word only for abbreviations in the lexicon ("approx.")
        if word[-1] == "." and len(word) > 1 and word.lower() not in dotted:
            append(_Tok(word[:-1].lower(), s, e - 1))
            append(_Tok(".", e - 1, e))
        else:
            append(_Tok(word.lower(), s, e))
    return out


class _Lexicon:
    def __init__(self, rows: tuple[dict[str, Any], ...]) -> None:
        self.units: dict[str, int] = {}
        self.scales: dict[str, int] = {}
        self.scale_plurals: dict[str, int] = {}
        self.vague: list[tuple[tuple[str, ...], dict[str, Any]]] = []
        self.qualifiers: list[tuple[tuple[str, ...], dict[str, Any]]] = []
        self.suffixes: list[tuple[tuple[str, ...], dict[str, Any]]] = []
        self.range_words: dict[str, dict[str, Any]] = {}
        self.range_open: dict[str, dict[str, Any]] = {}
        self.dotted: set[str] = set()
        for r in rows:
            kind, text = r.get("type"), str(r.get("text", "")).lower()
            if text.endswith("."):
                self.dotted.add(text)
            if kind == "unit":
                self.units[text] = int(r["value"])
            elif kind == "scale":
                self.scales[text] = int(r["value"])
            elif kind == "scale_plural":
                self.scale_plurals[text] = int(r["value"])
            elif kind in ("vague", "qualifier", "suffix"):
                key = tuple(t.low for t in _split(text))
                target = {"vague": self.vague, "qualifier": self.qualifiers, "suffix": self.suffixes}[kind]
                target.append((key, r))
            elif kind == "range":
                self.range_words[text] = r
            elif kind == "range_open":
                self.range_open[text] = r
        # longest phrases first (indexed by first word in _lexicon_index)
        for seq in (self.vague, self.qualifiers, self.suffixes):
            seq.sort(key=lambda kv: -len(kv[0]))
        self._word_values: dict[str, int | None] = {}  # memo of word_value
        self._may_start: dict[str, bool] = {}  # memo of may_start (the lexicon never changes once built)
        #: words that can begin a quantity besides digits and number words (see :meth:`may_start`)
        self.starters = frozenset(
            {key[0] for key, _ in self.vague + self.qualifiers if key}
            | set(self.range_open)
            | {"a", "an"}
        )
        # every quantity holds a core (see _core): digits, a number word, a vague quantifier or "a"/"an" and
        # a scale word ("a dozen"); so a text with none of them (one word of each vague phrase stands for
        # it) holds no quantity. Tokens are runs of ASCII letters: the pattern matches whole runs only.
        words = set(self.units) | set(self.scales) | {max(key, key=len) for key, _ in self.vague if key}
        words = {w for w in words if not re.search(r"\d", w)}  # "100s": digits, found anyway
        self.may_hold: Any = None  # None: no shortcut (a core word the pattern cannot stand for)
        if all(re.fullmatch(r"[a-z]+", w) for w in words):
            alternatives = "|".join(sorted(words, key=lambda w: (-len(w), w)))
            # ASCII-only case folding inside the group: the tokens' letters are [A-Za-z] (not the Kelvin sign)
            search = re.compile(rf"\d|(?ai:(?<![A-Za-z])(?:{alternatives})(?![A-Za-z]))").search
            # the same test on a lower-cased ASCII text: the words as a trie (shared prefixes tried once), no
            # case folding (lower-casing ASCII changes only A-Z, keeps every length and offset)
            lowered = re.compile(rf"\d|(?<![a-z]){_trie(words)}(?![a-z])").search

            def may_hold(text: str) -> Any:
                return lowered(text.lower()) if text.isascii() else search(text)

            self.may_hold = may_hold

    def word_value(self, low: str) -> int | None:
        """The value of a number word or hyphenated number words ("twenty-one"), else None (memoised)."""
        if low in self._word_values:
            return self._word_values[low]
        parts = low.split("-")
        value = sum(self.units[p] for p in parts) if all(p in self.units for p in parts) else None
        self._word_values[low] = value
        return value

    def may_start(self, low: str) -> bool:
        """False when no quantity can begin at a token ``low``: not a qualifier, range opener,
        vague quantifier, digits, number word or "a"/"an" (what :func:`_build` would try first)."""
        known = self._may_start.get(low)
        if known is None:
            known = self._may_start[low] = low in self.starters or low[:1].isdigit() or all(p in self.units for p in low.split("-"))
        return known



def _trie(words: set[str]) -> str:
    """A regular expression matching exactly ``words`` (plain lower-case letters), prefixes shared."""
    root: dict[str, dict] = {}
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        branches = [ch + emit(node[ch]) for ch in sorted(k for k in node if k)]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return "(?:" + emit(root) + ")"


def _split(text: str) -> list[_Tok]:
    return [_Tok(m.group().lower(), m.start(), m.end()) for m in _TOKEN_RE.finditer(text)]


@lru_cache(maxsize=8)
def _lexicon_for(rules_dir: str) -> _Lexicon:
    return _Lexicon(load_rules("quantities.jsonl", extra_dir=rules_dir))


_INDEX: dict[int, tuple[list, dict[str, list]]] = {}  # id -> (the list, kept alive so the id stays unique; index)


def _lexicon_index(phrases: list) -> dict[str, list]:
    entry = _INDEX.get(id(phrases))
    if entry is None:
        found: dict[str, list] = {}
        for key, rule in phrases:
            found.setdefault(key[0], []).append((key, rule))
        entry = _INDEX[id(phrases)] = (phrases, found)
    return entry[1]


def _lexicon() -> _Lexicon:
    return _lexicon_for("")


def _match_phrase(toks: list[_Tok], i: int, phrases: list[tuple[tuple[str, ...], dict[str, Any]]]):
    if i >= len(toks):
        return None, i
    candidates = _lexicon_index(phrases).get(toks[i].low, ())
    for key, rule in candidates:
        n = len(key)
        if tuple(t.low for t in toks[i : i + n]) == key:
            return rule, i + n
    return None, i


def _adjacent(text: str, a: _Tok, b: _Tok, *, max_gap: int = 1) -> bool:
    gap = text[a.end : b.start]
    return len(gap) <= max_gap and gap.strip() == ""


class _Core:
    __slots__ = ("low", "high", "exact", "vague_rule", "end", "had_scale")

    def __init__(self, low: int, high: int, exact: bool, end: int, vague_rule: dict | None = None, had_scale: bool = False):
        self.low, self.high, self.exact, self.end, self.vague_rule, self.had_scale = low, high, exact, end, vague_rule, had_scale


def _digits_value(word: str) -> float | None:
    if not _DIGITS_RE.fullmatch(word):
        return None
    parts = re.split(r"[.,]", word)
    if len(parts) == 1:
        return float(word)
    if all(len(p) == 3 for p in parts[1:]):  # 50,000 / 2.000 / 1,216,000: thousands separators
        return float("".join(parts))
    if len(parts) == 2:  # 1.2 (million) / 9.96
        return float(parts[0] + "." + parts[1])
    return None


def _core(text: str, toks: list[_Tok], i: int, lex: _Lexicon) -> _Core | None:
    """A number at token ``i``: digits, number words, or a vague quantifier."""
    if i >= len(toks):
        return None
    t = toks[i]
    # vague quantifiers: "dozens", "tens of thousands", "several hundred", "a few dozen"
    rule, j = _match_phrase(toks, i, lex.vague)
    if rule is not None:
        low, high = int(rule["low"]), int(rule["high"])
        if rule.get("needs_scale"):
            if j < len(toks) and toks[j].low in lex.scales:
                mult = lex.scales[toks[j].low]
                return _Core(low * mult, (high + 1) * mult - 1, False, j + 1, rule, True)
            return None
        if j + 1 < len(toks) and toks[j].low == "of" and toks[j + 1].low in lex.scale_plurals:
            mult = lex.scale_plurals[toks[j + 1].low]
            return _Core(low * mult, (high + 1) * mult - 1, False, j + 2, rule, True)
        if rule.get("needs_of_scale"):
            return None
        return _Core(low, high, False, j, rule)
    # digits, optionally grouped by single spaces ("9 300") and followed by a scale word ("1.2 million")
    value = _digits_value(t.low)
    if value is not None and len(t.low) > 1 and t.low[0] == "0" and t.low[1].isdigit():
        return None  # "000", "007": a fragment or a code, not a count
    if value is not None:
        j = i + 1
        if re.fullmatch(r"\d{1,3}", t.low):
            while (
                j < len(toks)
                and re.fullmatch(r"\d{3}", toks[j].low)
                and _adjacent(text, toks[j - 1], toks[j])
                and not (j + 1 < len(toks) and re.fullmatch(r"\d+", toks[j + 1].low) and _adjacent(text, toks[j], toks[j + 1]))
            ):
                value = value * 1000 + float(toks[j].low)
                j += 1
        # a thousands comma followed by a stray space: "61, 000" (only the group "000": "5, 300" is a list)
        if re.fullmatch(r"\d{1,3}(?:,\d{3})*", t.low) and j == i + 1:
            while (
                j + 1 < len(toks)
                and toks[j].low == ","
                and toks[j + 1].low == "000"
                and toks[j].start == toks[j - 1].end
                and text[toks[j].end : toks[j + 1].start] == " "
            ):
                value = value * 1000
                j += 2
        had_scale = False
        if j < len(toks) and toks[j].low in lex.scales:
            value *= lex.scales[toks[j].low]
            j += 1
            had_scale = True
        if value != int(value):
            return None  # a fraction is not a count
        return _Core(int(value), int(value), True, j, None, had_scale)
    # number words: "twenty-one", "two hundred", "a dozen", "three thousand five hundred"
    total = current = 0
    seen = False
    had_scale = False
    j = i
    while j < len(toks):
        w = toks[j].low
        word_value = lex.word_value(w)
        if word_value is not None:
            current += word_value
            seen = True
        elif w in lex.scales and seen:
            scale = lex.scales[w]
            if scale <= 100:
                current = max(current, 1) * scale
            else:
                total += max(current, 1) * scale
                current = 0
            had_scale = True
        elif w in ("a", "an") and not seen and j + 1 < len(toks) and toks[j + 1].low in lex.scales:
            current, seen = 1, True
        elif w == "and" and had_scale and j + 1 < len(toks) and toks[j + 1].low.split("-")[0] in lex.units:
            pass
        else:
            break
        j += 1
    if not seen:
        return None
    value = total + current
    return _Core(value, value, True, j, None, had_scale)


def _build(text: str, toks: list[_Tok], i: int, lex: _Lexicon) -> tuple[Quantity, int] | None:
    start_i = i
    qual, j = _match_phrase(toks, i, lex.qualifiers)
    opener = None
    if j < len(toks) and toks[j].low in lex.range_open:
        opener = lex.range_open[toks[j].low]
        j_open = j + 1
    else:
        j_open = j
    core = _core(text, toks, j_open, lex)
    if core is None:
        return None
    end = core.end
    low, high, exact = core.low, core.high, core.exact
    is_range = False
    # ranges: "26-30", "5 to 7", "between 5 and 7", "two or three"
    if core.exact and end < len(toks):
        w = toks[end].low
        rng = lex.range_words.get(w)
        if rng is not None and (not rng.get("needs_between") or opener is not None):
            second = _core(text, toks, end + 1, lex)
            if second is not None and second.exact:
                a, b = core.low, second.low
                if second.had_scale and not core.had_scale and a < b:
                    # "3 to 4 million": the scale applies to both ends
                    scale = _trailing_scale(toks, second.end - 1, lex)
                    if scale and a * scale <= b:
                        a *= scale
                if a < b:
                    low, high, exact, is_range = a, b, False, True
                    end = second.end
    if opener is not None and not is_range:
        if qual is None:
            start_i = j_open  # "from 300 people" / "between" without a second number: drop the opener
        else:
            return None
    suffix, end2 = _match_phrase(toks, end, lex.suffixes) if end < len(toks) else (None, end)
    if suffix is not None and toks[end].low.startswith("-") is False and not _adjacent(text, toks[end - 1], toks[end], max_gap=2):
        suffix = None
    rule_id = None
    bound = None
    qualifier_text: str | None = None
    if qual is not None:
        bound = qual["bound"]
        rule_id = qual["id"]
        qualifier_text = text[toks[start_i].start : toks[j - 1].end].lower()
    if suffix is not None:
        bound = bound or suffix["bound"]
        rule_id = rule_id or suffix["id"]
        qualifier_text = qualifier_text or text[toks[end].start : toks[end2 - 1].end].lower().lstrip("-")
        end = end2
    if core.vague_rule is not None and not is_range:
        rule_id = rule_id or core.vague_rule["id"]
        if qualifier_text is None:
            qualifier_text = text[toks[j_open].start : toks[core.end - 1].end].lower()
        q_low, q_best, q_high = low, None, high
        if bound == "low":
            q_high = None
        elif bound == "high":
            q_low = None
    elif is_range:
        q_low, q_best, q_high = low, None, high
    else:
        n = low
        if bound == "low":
            q_low, q_best, q_high = n, n, None
        elif bound == "high":
            q_low, q_best, q_high = None, n, n
        elif bound == "approx":
            q_low, q_best, q_high = None, n, None
        else:
            q_low, q_best, q_high = n, n, n
    s, e = toks[start_i].start, toks[end - 1].end
    return Quantity(q_low, q_best, q_high, qualifier_text, text[s:e], s, e, rule_id), end


def _trailing_scale(toks: list[_Tok], k: int, lex: _Lexicon) -> int | None:
    return lex.scales.get(toks[k].low) if 0 <= k < len(toks) else None


def find_quantities(text: str, *, rules_dir: str = "") -> list[Quantity]:
    """All quantity expressions in ``text``, left to right, non-overlapping, with offsets."""
    lex = _lexicon_for(rules_dir)
    if lex.may_hold is not None and lex.may_hold(text) is None:
        return []
    toks = _tokens(text)
    out: list[Quantity] = []
    i = 0
    n = len(toks)
    may_start = lex.may_start
    while i < n:
        if not may_start(toks[i][0]):
            i += 1
            continue
        built = _build(text, toks, i, lex)
        if built is None:
            i += 1
            continue
        q, i = built
        out.append(q)
    return out


def parse_quantity(text: str, *, rules_dir: str = "") -> Quantity | None:
    """The first quantity expression in ``text`` (None when there is none)."""
    found = find_quantities(text, rules_dir=rules_dir)
    return found[0] if found else None
