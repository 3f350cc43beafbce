"""Coding conventions DERIVED from figures: ACLED fatalities, UCDP best/low/high.

Figures keep what the source said (low/best/high plus the surface qualifier). The conventions of the
human-coded datasets are computed from them on demand and never stored in their place:

* ACLED counts the most conservative credible figure; vague quantities take fixed values
  ("tens" = 10, "dozens" = 12, "scores" = 20, "hundreds" = 100); casualties without deaths are 0;
  deaths reported with no number are 10 for a significant attack and 3 otherwise.
* UCDP GED keeps deaths as best / low / high.

Combining several figures of one event: figures that are part of another (``subset_of``) are never
added. Figures with the same subgroup (or none) are competing reports of one count: ACLED takes the
lowest, UCDP the lowest low, the median best and the highest high. Different subgroups ("9 soldiers",
"12 civilians") are added up; a total without subgroup counts as at least the sum of the subgroups.

For ACLED, the counts of ONE sentence are parts of one report, not competing reports, and add up first
("killing a man and a child", "297 IS fighters and 172 HTS fighters were killed"); an upper bound next to
a lower one in the same sentence ("at least 2 and possibly as many as 4") is the same count and is not
added; tolls and restatements ("the death toll rose to 30", "three fatalities") stay reports of their own. A count introduced by
"another" ("another civilian died") is an addition wherever it stands.
"""

from __future__ import annotations

import re
from functools import lru_cache
from statistics import median_low
from typing import Iterable

from .records import Figure, LedgerEntry

__all__ = ["ACLED_VAGUE", "acled_value", "acled_fatalities", "split_share", "ucdp_range", "ucdp_best_low_high"]

#: ACLED's conservative values for vague quantities (applied to the first word of the qualifier;
#: "tens of thousands" = 10 x 1,000, "several hundred" = 100 x the lowest count of "several").
ACLED_VAGUE: dict[str, int] = {
    "tens": 10,
    "dozens": 12,
    "scores": 20,
    "hundreds": 100,
    "100s": 100,
    "thousands": 1000,
    "1000s": 1000,
    "millions": 1000000,
}
_SCALES = {"hundred": 100, "thousand": 1000, "thousands": 1000, "million": 1000000, "millions": 1000000, "dozen": 12}
UNNUMBERED_DEATHS = {"significant": 10, "other": 3}


def acled_value(figure: "Figure | LedgerEntry") -> int | None:
    """ACLED's conservative number for one figure: the vague-word value, else the lowest bound."""
    words = (figure.qualifier or "").lower().split()
    if words and figure.best is None and words[0] in ACLED_VAGUE:
        value = ACLED_VAGUE[words[0]]
        if len(words) >= 3 and words[1] == "of" and words[2] in _SCALES:
            value *= _SCALES[words[2]]
        return value
    for v in (figure.low, figure.best, figure.high):
        if v is not None:
            return v
    return None


def _top_level_killed(figures: Iterable[Figure]) -> list[Figure]:
    return [f for f in figures if f.metric == "killed" and f.subset_of is None and f.unit == "people"]


def _combine(groups: dict[str | None, list[int]], pick) -> int:
    parts = sum(pick(v) for k, v in groups.items() if k is not None)
    total = pick(groups[None]) if groups.get(None) else 0
    return max(total, parts)


#: rule ids of figures that are parts of a clause's count ("killed a man and a child"); the others (tolls,
#: "N fatalities", "the death of N") restate a count and stay reports of their own
_CLAUSE_RULES = ("verb.", "comp.", "subset.", "singular.", "movement.")
#: rule ids of tolls and totals: at least the counts they sum up
_TOTAL_RULES = ("toll.",)
#: qualifiers of a count that comes on top of the others
_ADDITIVE = frozenset({"another", "other", "more", "a further", "further"})


def _upper_only(f: Figure) -> bool:
    return f.low is None and f.best is not None and f.best == f.high


def _sentence_reports(figures: list[Figure]) -> tuple[list[tuple[str | None, int]], list[int], int]:
    """(subgroup, value) reports, one per sentence (its counts added up) or restatement, the values of tolls
    and totals, and the sum of "another" counts."""
    by_sentence: dict[tuple[str, int | None, str], list[Figure]] = {}
    reports: list[tuple[str | None, int]] = []
    tolls: list[int] = []
    extra = 0
    for f in figures:
        v = acled_value(f)
        if v is None:
            continue
        if (f.qualifier or "").lower() in _ADDITIVE:
            extra += v
        elif f.provenance.rule_id.startswith(_TOTAL_RULES):
            tolls.append(v)
        elif not f.provenance.rule_id.startswith(_CLAUSE_RULES):
            reports.append((f.subgroup, v))
        else:
            p = f.provenance
            by_sentence.setdefault((p.article_id, p.sentence_start, p.sentence), []).append(f)
    for k, parts in enumerate(by_sentence.values()):
        if any(not _upper_only(f) for f in parts):
            parts = [f for f in parts if not _upper_only(f)]
        subgroups = {f.subgroup for f in parts}
        total = sum(acled_value(f) or 0 for f in parts)
        if len(by_sentence) > 1 and all(f.low == f.high == 1 for f in parts):
            # one person per count ("a man", "one civilian", "killing him") in a sentence of their own never
            # restate another sentence's count: a part of a total written elsewhere, or more deaths next to it
            reports.append((f"one person #{k}", total))
        else:
            reports.append((subgroups.pop() if len(subgroups) == 1 else None, total))
    return reports, tolls, extra


@lru_cache(maxsize=4)
def _split_cue(rules_dir: str = "") -> "re.Pattern[str] | None":
    from .rules import load_rules

    rows = [r for r in load_rules("figure_rules.jsonl", extra_dir=rules_dir) if r.get("type") == "split_cue"]
    if not rows:
        return None
    alt = lambda key: "|".join(sorted({re.escape(str(w)) for r in rows for w in r.get(key, ())}, key=len, reverse=True))  # noqa: E731
    return re.compile(
        rf"\b(?:{alt('verbs')})\s+(?:(?:{alt('adverbs')})\s+)?(?:{alt('preps')})\s+(?:the\s+)?(\w+)\s+(?:[\w-]+\s+){{0,2}}(?:{alt('nouns')})\b",
        re.IGNORECASE,
    )


def split_share(text: str | None, *, rules_dir: str = "") -> int | None:
    """Across how many events a text says its fatalities are split ("Fatalities spread across two
    locations", "split between the 3 locations"); None when it says nothing of the kind."""
    if not text:
        return None
    cue = _split_cue(rules_dir)
    m = cue.search(text) if cue is not None else None
    if m is None:
        return None
    from .nlp.numbers import parse_quantity

    q = parse_quantity(m.group(1), rules_dir=rules_dir)
    n = q.value if q is not None else None
    return n if n is not None and n > 1 else None


def acled_fatalities(figures: Iterable[Figure], *, unnumbered_deaths: str | None = None, text: str | None = None) -> int:
    """ACLED ``fatalities`` for the figures of one event (0 when there are no deaths).

    ``unnumbered_deaths`` ("significant" or "other") applies when deaths are reported without a number.
    ``text``: the event's own text (an ACLED note); when it says the fatalities are split across N events
    (:func:`split_share`), this event gets its share, rounded down.
    """
    total = _acled_total(figures, unnumbered_deaths)
    n = split_share(text) if total else None
    return total // n if n else total


def _acled_total(figures: Iterable[Figure], unnumbered_deaths: str | None) -> int:
    reports, tolls, extra = _sentence_reports(_top_level_killed(figures))
    groups: dict[str | None, list[int]] = {}
    for subgroup, v in reports:
        groups.setdefault(subgroup, []).append(v)
    if not groups and not extra and not tolls:
        return UNNUMBERED_DEATHS.get(unnumbered_deaths or "", 0)
    counted = (_combine(groups, min) if groups else 0) + extra
    # a toll or total ("the toll rose to 40", "fatalities coded as 10") covers the counts it sums up
    return max(counted, min(tolls)) if tolls else counted


def ucdp_range(figure: Figure) -> tuple[int, int, int] | None:
    """(best, low, high) of one figure; a vague figure's best is its ACLED-style conservative value."""
    known = [v for v in (figure.low, figure.best, figure.high) if v is not None]
    if not known:
        return None
    low = figure.low if figure.low is not None else min(known)
    high = figure.high if figure.high is not None else max(known)
    best = figure.best if figure.best is not None else max(low, min(acled_value(figure) or low, high))
    return best, low, high


def ucdp_best_low_high(figures: Iterable[Figure]) -> tuple[int, int, int]:
    """UCDP GED deaths (best, low, high) for the figures of one event; (0, 0, 0) without deaths."""
    groups: dict[str | None, list[tuple[int, int, int]]] = {}
    for f in _top_level_killed(figures):
        r = ucdp_range(f)
        if r is not None:
            groups.setdefault(f.subgroup, []).append(r)
    if not groups:
        return 0, 0, 0
    best = _combine({k: [r[0] for r in v] for k, v in groups.items()}, median_low)
    low = _combine({k: [r[1] for r in v] for k, v in groups.items()}, min)
    high = _combine({k: [r[2] for r in v] for k, v in groups.items()}, max)
    return best, min(low, best), max(high, best)
