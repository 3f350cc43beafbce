"""Resolvers by rule kind: each maps a matched rule's group values to (start, end, precision).

``RESOLVERS[kind](values, rule, anchor, tense)``; a relative expression without an anchor raises
:class:`~sitrep.resolve.dates.NeedAnchor`. Periods longer than a month live in :mod:`sitrep.resolve.periods`.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from . import periods
from .dates import (
    NeedAnchor,
    UNIT_PRECISION,
    add_months,
    calendar_unit,
    month_end,
    narrow,
    need_anchor,
    shift_date,
    week_bounds,
    year_of,
)
from ..records import TimeSpan
from .timex import TimeRule

__all__ = ["RESOLVERS", "resolve_match", "num_of", "unit_of", "SCHEDULED_DAYS"]

#: a day-and-month date this year at most this many days after the anchor keeps this year even in a
#: past-tense clause (news style omits the year of dates in the current year)
SCHEDULED_DAYS = 60

#: a bare month name without a tense cue is the next such month when that is at most this many
#: months ahead, else the latest one (news reports the past more often than it announces)
AHEAD_MONTHS = 4


def num_of(v: dict[str, Any], rule: TimeRule) -> float:
    n = v.get("num", rule.params.get("num", 1))
    return float(n) if isinstance(n, (int, float)) else 1.0


def unit_of(v: dict[str, Any], rule: TimeRule) -> str:
    u = v.get("unit", rule.params.get("unit", "day"))
    return u.rstrip("s") if isinstance(u, str) else "day"


def _weekday(v: dict[str, Any], rule: TimeRule, anchor: date | None, tense: str) -> tuple[date, date, str]:
    a = need_anchor(anchor)
    wd = int(v["weekday"])
    shift = rule.params.get("shift")
    back = (a.weekday() - wd) % 7
    if shift == "last":
        d = a - timedelta(days=back or 7)
    elif shift == "next":
        d = a + timedelta(days=((wd - a.weekday()) % 7) or 7)
    elif tense == "future":
        d = a + timedelta(days=(wd - a.weekday()) % 7)
    else:
        d = a - timedelta(days=back)
    d += timedelta(days=int(rule.params.get("offset", 0)))
    return d, d, "day"


def _relday(v: dict[str, Any], rule: TimeRule, anchor: date | None, tense: str) -> tuple[date, date, str]:
    d = need_anchor(anchor) + timedelta(days=int(v.get("relday", rule.params.get("offset", 0))))
    return d, d, "day"


def _month_day(v: dict[str, Any], rule: TimeRule, anchor: date | None, tense: str) -> tuple[date, date, str]:
    month = int(v["month"])
    day = int(v.get("day", v.get("dayword", 1)))
    year = year_of(v)
    if year is not None:
        d = date(year, month, day)
        return d, d, "day"
    a = need_anchor(anchor)
    candidates = []
    for y in (a.year - 1, a.year, a.year + 1):
        try:
            candidates.append(date(y, month, day))
        except ValueError:
            continue
    shift = re.sub(r"\s+", " ", str(v.get("shift", "")))
    if shift in ("last", "this past"):  # "last Oct. 23": the latest one strictly before the anchor
        d = max(c for c in candidates if c < a)
        return d, d, "day"
    if shift in ("next", "this coming"):
        d = min(c for c in candidates if c > a)
        return d, d, "day"
    if "weekday" in v:
        fitting = [c for c in candidates if c.weekday() == int(v["weekday"])]
        if fitting:
            d = min(fitting, key=lambda c: abs((c - a).days))
            return d, d, "day"
    if tense == "future":
        d = min((c for c in candidates if c >= a), default=candidates[-1])
    elif tense == "past":
        d = max((c for c in candidates if c <= a), default=candidates[0])
        ahead = next((c for c in candidates if c.year == a.year), d)
        if a < ahead <= a + timedelta(days=SCHEDULED_DAYS):
            d = ahead  # "declared a dividend payable Dec. 15": a date this year, shortly ahead, is a schedule
    else:  # no tense cue: the nearest such date, the earlier one on a tie
        d = min(candidates, key=lambda c: (abs((c - a).days), c > a))
    return d, d, "day"


def _iso(v: dict[str, Any], rule: TimeRule, anchor: date | None, tense: str) -> tuple[date, date, str]:
    d = date(int(v["year"]), int(v["mm"]), int(v["day"]))
    return d, d, "day"


def _month(v: dict[str, Any], rule: TimeRule, anchor: date | None, tense: str) -> tuple[date, date, str]:
    month = int(v["month"])
    year = year_of(v)
    if year is None and "yshift" in v:  # "June last year", "January this year"
        year = need_anchor(anchor).year + {"last": -1, "next": 1}.get(str(v["yshift"]), 0)
    if year is None:
        a = need_anchor(anchor)
        shift = str(v.get("shift", "")).replace("  ", " ")
        if shift in ("last", "previous", "the previous", "this past"):
            year = a.year if month < a.month else a.year - 1
        elif shift in ("next", "this coming", "coming", "the following"):
            year = a.year if month > a.month else a.year + 1
        elif shift == "this":
            year = a.year
        elif tense == "future":
            year = a.year if month >= a.month else a.year + 1
        elif tense == "past":
            year = a.year if month <= a.month else a.year - 1
        else:  # no tense cue: the latest such month, unless the next one is at most AHEAD_MONTHS ahead
            year = a.year if month <= a.month + AHEAD_MONTHS else a.year - 1
            if month + 12 <= a.month + AHEAD_MONTHS:
                year = a.year + 1
    start, end = narrow(date(year, month, 1), month_end(year, month), v.get("edge"))
    return start, end, "month"


def _year(v: dict[str, Any], rule: TimeRule, anchor: date | None, tense: str) -> tuple[date, date, str]:
    year = year_of(v)
    if year is None and str(v.get("_text", "")).strip().isdigit():  # a rule without groups (its lookbehind read the context)
        year = int(str(v["_text"]).strip())
    if year is None:
        year = int(rule.params.get("base", 2000)) + int(v.get("yearones", 0))
    start, end = narrow(date(year, 1, 1), date(year, 12, 31), v.get("edge"))
    return start, end, "year"


def _decade(v: dict[str, Any], rule: TimeRule, anchor: date | None, tense: str) -> tuple[date, date, str]:
    if "decade" in v:
        first = int(v["decade"])
    elif "decadeword" in v:
        first = int(v["decadeword"]) * 10
    else:
        two = int(v["decade2"])
        century = (anchor.year // 100 * 100) if anchor else 1900
        first = century + two
        if anchor and first > anchor.year:
            first -= 100
    start, end = narrow(date(first, 1, 1), date(first + 9, 12, 31), v.get("edge"))
    return start, end, "decade"


def _century(v: dict[str, Any], rule: TimeRule, anchor: date | None, tense: str) -> tuple[date, date, str]:
    """"the 20th century": 1900-1999 (the popular reading; TimeML's value "19")."""
    n = int(v.get("century") or v["dayword"])
    start, end = narrow(date(100 * (n - 1) or 1, 1, 1), date(100 * n - 1, 12, 31), v.get("edge"))
    return start, end, "century"


def _week_of(v: dict[str, Any], rule: TimeRule, anchor: date | None, tense: str) -> tuple[date, date, str]:
    """"the week of March 6": the calendar week holding that date."""
    d, _e, _p = _month_day(v, rule, anchor, tense)
    start, end = week_bounds(d)
    return start, end, "week"


def _since(v: dict[str, Any], rule: TimeRule, anchor: date | None, tense: str) -> tuple[date, date | None, str]:
    if "weekday" in v:
        start, _e, precision = _weekday(v, rule, anchor, "past")
    elif "relday" in v:
        start, _e, precision = _relday(v, rule, anchor, "past")
    elif "unit" in v:
        a = need_anchor(anchor)
        start, _e, precision = calendar_unit(unit_of(v, rule), a, int(rule.params.get("shift", -1)))
    elif "year" in v and "month" not in v:
        start, _e, precision = _year(v, rule, anchor, "past")
    else:
        start, _e, precision = _month(v, rule, anchor, "past")
    return start, anchor, precision


def _this_unit(v: dict[str, Any], rule: TimeRule, anchor: date | None, tense: str) -> tuple[date, date, str]:
    a = need_anchor(anchor)
    start, end, precision = calendar_unit(unit_of(v, rule), a, 0)
    edge = v.get("edge", rule.params.get("edge"))
    if edge == "early" and start <= a <= end and "edge" in v:
        end = a
    elif edge == "late" and start <= a <= end and "edge" in v:
        start = a
    elif edge:
        start, end = narrow(start, end, edge)
    return start, end, precision


def _shift_unit(v: dict[str, Any], rule: TimeRule, anchor: date | None, tense: str) -> tuple[date, date, str]:
    a = need_anchor(anchor)
    shift = -1 if str(v.get("shift", "last")).split()[-1] in ("last", "previous") else 1
    start, end, precision = calendar_unit(unit_of(v, rule), a, shift)
    start, end = narrow(start, end, v.get("edge"))
    return start, end, precision


def _weekend(v: dict[str, Any], rule: TimeRule, anchor: date | None, tense: str) -> tuple[date, date, str]:
    a = need_anchor(anchor)
    monday, _s = week_bounds(a)
    sat = monday + timedelta(days=5)
    if tense == "future":
        if a > sat + timedelta(days=1):
            sat += timedelta(days=7)
    elif a < sat:
        sat -= timedelta(days=7)
    return sat, sat + timedelta(days=1), "week"


def _ago(v: dict[str, Any], rule: TimeRule, anchor: date | None, tense: str) -> tuple[date, date, str]:
    a = need_anchor(anchor)
    n, unit = num_of(v, rule), unit_of(v, rule)
    qual = v.get("qual")
    if unit in ("week", "fortnight"):
        c = a - timedelta(days=round(n * (14 if unit == "fortnight" else 7)))
        start, end = c - timedelta(days=3), c + timedelta(days=3)
        if qual == "over":
            end = c
        elif qual == "under":
            start = c
        return start, end, "week"
    if unit == "day":
        d = a - timedelta(days=round(n))
        if qual == "over":
            return d - timedelta(days=max(1, round(n / 4))), d, "day"
        return d, d, "day"
    if unit == "month" and n == int(n):
        m = add_months(a.replace(day=1), -int(n))
        return m, month_end(m.year, m.month), "month"
    if unit in ("year", "decade") and n == int(n):
        y = a.year - int(n) * (10 if unit == "decade" else 1)
        return date(y, 1, 1), date(y, 12, 31), "year"
    d = shift_date(a, n, unit, -1)
    return d, d, UNIT_PRECISION.get(unit, "day")


def _window(v: dict[str, Any], rule: TimeRule, anchor: date | None, tense: str) -> tuple[date, date, str]:
    a = need_anchor(anchor)
    n, unit = num_of(v, rule), unit_of(v, rule)
    precision = UNIT_PRECISION.get(unit, "day")
    if rule.params.get("direction") == "future":
        return a, shift_date(a, n, unit, 1) - timedelta(days=1), precision
    return shift_date(a, n, unit, -1) + timedelta(days=1), a, precision


def _recent(v: dict[str, Any], rule: TimeRule, anchor: date | None, tense: str) -> tuple[date, date, str]:
    a = need_anchor(anchor)
    back = rule.params.get("back", {})
    days = int(back.get(unit_of(v, rule), 30)) if isinstance(back, dict) else int(back)
    precision = "week" if days <= 7 else "month" if days <= 92 else "year"
    if rule.params.get("direction") == "future":
        return a, a + timedelta(days=days), precision
    return a - timedelta(days=days), a, precision


def _duration(v: dict[str, Any], rule: TimeRule, anchor: date | None, tense: str) -> tuple[date, date, str]:
    a = need_anchor(anchor)
    n, unit = num_of(v, rule), unit_of(v, rule)
    precision = UNIT_PRECISION.get(unit, "day")
    if tense == "future":
        return a, shift_date(a, n, unit, 1), precision
    return shift_date(a, n, unit, -1), a, precision

def _ref(v: dict[str, Any], rule: TimeRule, anchor: date | None, tense: str) -> tuple[date | None, date | None, str | None]:
    a = need_anchor(anchor)
    ref = rule.params.get("ref")
    if ref == "present":
        return a, a, "day"
    if ref == "future":
        return a, None, None
    back = rule.params.get("back")
    if back:
        return a - timedelta(days=int(back)), a, "month"
    return None, a, None


RESOLVERS = {
    "weekday": _weekday,
    "relday": _relday,
    "month_day": _month_day,
    "iso": _iso,
    "month": _month,
    "year": _year,
    "decade": _decade,
    "century": _century,
    "week_of": _week_of,
    "since": _since,
    "this_unit": _this_unit,
    "shift_unit": _shift_unit,
    "weekend": _weekend,
    "ago": _ago,
    "window": _window,
    "recent": _recent,
    "duration": _duration,
    "quarter": periods.quarter,
    "half": periods.half,
    "season": periods.season,
    "ref": _ref,
    "note": _ref,  # a ref that never times a record (see sitrep.resolve.time.governing_timex)
    "holiday": periods.holiday,
}


def resolve_match(expression: str, rule: TimeRule, values: dict[str, Any], *, anchor: date | None, tense: str) -> TimeSpan:
    """The span of ``expression`` matched by ``rule`` with group ``values`` (see
    :func:`sitrep.resolve.timex.match_rule`); unresolved (start/end None) when the kind has no
    resolver, the expression is relative and there is no anchor, or the date is impossible."""
    anchor_iso = anchor.isoformat() if anchor else None
    resolver = RESOLVERS.get(rule.kind)
    if resolver is None:
        return TimeSpan(expression=expression, anchor=anchor_iso, rule_id=rule.id)
    try:
        start, end, precision = resolver(values, rule, anchor, tense)
    except NeedAnchor:
        return TimeSpan(expression=expression, anchor=None, rule_id=rule.id)
    except (ValueError, OverflowError):  # an impossible date such as "February 31"
        return TimeSpan(expression=expression, anchor=anchor_iso, rule_id=rule.id)
    return TimeSpan(
        expression=expression,
        start=start.isoformat() if start else None,
        end=end.isoformat() if end else None,
        precision=precision,
        anchor=anchor_iso,
        rule_id=rule.id,
    )
