"""Resolvers for periods longer than a month: quarters, halves, seasons and holidays.

Each resolver takes the rule's group values ``v``, the rule, the anchor and the tense and returns
(start, end, precision); see :mod:`sitrep.resolve.resolvers`.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from .dates import month_end, narrow, need_anchor, quarter_bounds, season_bounds, year_of
from .timex import TimeRule

__all__ = ["quarter", "half", "season", "holiday", "easter", "YEAR_IN_TEXT"]

YEAR_IN_TEXT = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


def quarter(v: dict[str, Any], rule: TimeRule, anchor: date | None, tense: str) -> tuple[date, date, str]:
    year = year_of(v)
    which = rule.params.get("which")
    if which in ("latest", "year_ago"):
        if year is None:
            m = YEAR_IN_TEXT.search(v.get("_text", ""))
            year = int(m.group(1)) if m else None
        a = need_anchor(anchor)
        cur = (a.month - 1) // 3  # 0-based current quarter
        y, q = (a.year, cur) if cur > 0 else (a.year - 1, 4)
        if which == "year_ago":
            y -= 1
        if year is not None:
            y = year
        s, e = quarter_bounds(y, q)
        return s, e, "quarter"
    q = int(v["ordinal"])
    if year is None:
        a = need_anchor(anchor)
        qshift = str(v.get("qshift", ""))
        if "year-earlier" in qshift or "year-ago" in qshift or "year earlier" in qshift or qshift.startswith("last"):
            year = a.year - 1
        elif qshift.startswith("next"):
            year = a.year + 1
        elif qshift.startswith("this"):
            year = a.year
        else:
            s, e = quarter_bounds(a.year, q)
            year = a.year  # "the third quarter" is this year's unless it has not begun in a past-tense clause
            if tense == "past" and s > a:
                year -= 1
    s, e = quarter_bounds(year, q)
    return s, e, "quarter"


def half(v: dict[str, Any], rule: TimeRule, anchor: date | None, tense: str) -> tuple[date, date, str]:
    h = 1 if v.get("ordinal") in (1, "first") else 2
    year = year_of(v)
    if year is None:
        a = need_anchor(anchor)
        year = a.year if (h == 1 or a.month >= 7 or tense == "future") else a.year - 1
    s = date(year, 1 if h == 1 else 7, 1)
    return s, month_end(year, 6 if h == 1 else 12), "half"


def season(v: dict[str, Any], rule: TimeRule, anchor: date | None, tense: str) -> tuple[date, date, str]:
    code = str(v["season"])
    year = year_of(v)
    if year is None:
        a = need_anchor(anchor)
        shift = re.sub(r"\s+", " ", str(v.get("shift", "")))
        year = a.year
        s, e = season_bounds(year, code)
        if shift in ("last", "the previous", "the past"):
            year -= 1
        elif shift == "this":
            pass
        elif shift == "this past":
            year = year if s <= a else year - 1
        elif shift in ("next", "this coming"):
            year = year if s > a else year + 1
        elif tense == "future":
            year = year if e >= a else year + 1
        elif tense == "past" and s > a:
            year -= 1
    s, e = season_bounds(year, code)
    s, e = narrow(s, e, v.get("edge") or v.get("edge2"))
    return s, e, "season"


def easter(year: int) -> date:
    """Easter Sunday of ``year`` (Gregorian calendar; the anonymous Meeus/Jones/Butcher algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return date(year, month, day + 1)


def holiday(v: dict[str, Any], rule: TimeRule, anchor: date | None, tense: str) -> tuple[date, date, str]:
    """A holiday on a fixed day (the lexicon's [month, day]), the ``nth_weekday`` of a month, or a
    day ``easter`` days from Easter Sunday; with ``days`` > 1 the span runs that many days and ends
    on that day ("Easter week": the week ending on Easter Sunday, precision week)."""
    a = need_anchor(anchor)
    nth = rule.params.get("nth_weekday")  # [month, weekday, n]: "the fourth Thursday of November"
    from_easter = rule.params.get("easter")  # days from Easter Sunday: Good Friday -2, Easter Monday 1

    def on(year: int) -> date:
        if from_easter is not None:
            return easter(year) + timedelta(days=int(from_easter))
        if nth:
            month, wd, n = (int(x) for x in nth)
            first = date(year, month, 1)
            return first + timedelta(days=(wd - first.weekday()) % 7 + 7 * (n - 1))
        month, day = (int(x) for x in v["holiday"])
        return date(year, month, day)

    shift = v.get("shift")
    span = timedelta(days=max(1, int(rule.params.get("days", 1))) - 1)
    # candidate (first day, last day) pairs; a several-day holiday counts as past once begun
    candidates = [(on(y) - span, on(y)) for y in (a.year - 1, a.year, a.year + 1)]
    if shift == "last":
        s, e = max(c for c in candidates if c[1] < a)
    elif shift == "next":
        s, e = min(c for c in candidates if c[0] > a)
    elif shift == "this":
        s, e = candidates[1]
    elif tense == "future":
        s, e = min(c for c in candidates if c[1] >= a)
    elif tense == "past":
        s, e = max(c for c in candidates if c[0] <= a)
    else:
        s, e = min(candidates, key=lambda c: (0 if c[0] <= a <= c[1] else min(abs((c[0] - a).days), abs((c[1] - a).days)), c[0] > a))
    return s, e, "week" if (e - s).days == 6 else "day"


