"""Resolving time expressions to :class:`~sitrep.records.TimeSpan` anchored on the publication date.

Conventions (news reporting):

* a bare weekday is the latest such day on or before the anchor ("Wednesday" in a report published
  Wednesday is that day); in future tense the next one on or after it; "last Wednesday" is strictly
  before, "next Wednesday" strictly after;
* "on November 15" / "in September" without a year: the latest such date or month on or before the
  anchor (future tense: the first on or after it);
* "in the last four days" is the four days ending on the anchor (anchor-3 .. anchor), precision day;
* "N weeks ago" is anchor-7N-3 .. anchor-7N+3; "just over N weeks ago" anchor-7N-3 .. anchor-7N;
  "nearly N weeks ago" anchor-7N .. anchor-7N+3 (precision week); N months/years ago is that calendar
  month/year;
* "for (more than) N months" (a duration) is anchor-N months .. anchor (the stated bound);
* "since 2012" is 2012-01-01 .. anchor; "in recent days" anchor-7 .. anchor (precision week);
* "now"/"currently" is the anchor; "recently" anchor-30 .. anchor; "the past" ends on the anchor with
  no start; "the future" starts on the anchor with no end;
* precisions are day, week, month, year and, for what those cannot say, quarter, half, season and
  decade (their start/end still give the exact interval);
* without an anchor, relative expressions stay unresolved (start/end None, expression kept);
  absolute ones ("March 2011", "2012", "30 Nov. 2016") still resolve.
"""

from __future__ import annotations

import calendar
import dataclasses
import re
from datetime import date, timedelta
from typing import Any

from ..records import Extraction, TimeSpan
from .timex import TimeRule, find_timexes, match_rule, time_rules

__all__ = [
    "resolve_timex",
    "time_for_span",
    "resolve_times",
    "detect_tense",
    "parse_anchor",
    "DEFAULT_RULE_ID",
    "BACKGROUND_DAYS",
]

DEFAULT_RULE_ID = "time.default.report-week"
BACKGROUND_DAYS = 60
#: a day-and-month date this year at most this many days after the anchor keeps this year even in a
#: past-tense clause (news style omits the year of dates in the current year)
SCHEDULED_DAYS = 60
_SEASONS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}  # month ranges (14 = Feb of next year)
_UNIT_PRECISION = {"day": "day", "week": "week", "fortnight": "week", "month": "month", "year": "year", "decade": "year"}
_CLAUSE_BREAK = re.compile(r"[;:\u2014\u2013]|\s-\s|\bbut\b|,\s*(?:while|whereas|although|after|before|when|which|who)\b", re.I)
_YEAR_IN_TEXT = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


class _NeedAnchor(Exception):
    """Raised inside the resolvers when a relative expression meets a missing anchor."""


# --- date arithmetic ---------------------------------------------------------------------------


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def _add_months(d: date, n: int) -> date:
    idx = d.year * 12 + d.month - 1 + n
    y, m = divmod(idx, 12)
    return date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


def _week_bounds(d: date) -> tuple[date, date]:
    monday = d - timedelta(days=d.weekday())
    return monday, monday + timedelta(days=6)


def _quarter_bounds(y: int, q: int) -> tuple[date, date]:
    return date(y, 3 * q - 2, 1), _month_end(y, 3 * q)


def _narrow(start: date, end: date, edge: str | None) -> tuple[date, date]:
    """The early / mid / late third of an interval."""
    if not edge or edge not in ("early", "mid", "late"):
        return start, end
    days = (end - start).days + 1
    third = max(1, days // 3)
    if edge == "early":
        return start, start + timedelta(days=third - 1)
    if edge == "mid":
        return start + timedelta(days=third), end - timedelta(days=third)
    return end - timedelta(days=third - 1), end


def parse_anchor(value: str | date | None) -> date | None:
    """A date from an ISO date or datetime string (None when missing or unreadable)."""
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        return None


# --- tense ------------------------------------------------------------------------------------

_TOKEN = re.compile(r"[A-Za-z][A-Za-z'-]*")


def _cue_tense(tokens: list[str], cues: tuple[dict[str, Any], ...]) -> str | None:
    for i, tok in enumerate(tokens):
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        for cue in cues:
            words = cue["_words"]
            if tok in words or f"{tok} {nxt}" in words:
                return str(cue.get("tense"))
            if tok not in cue["_except"] and len(tok) > 4 and any(tok.endswith(x) for x in cue.get("suffixes", ())):
                return str(cue.get("tense"))
    return None


def detect_tense(before: str, after: str = "", *, rules_dir: str = "") -> str:
    """The tense governing a time expression: "future", "past" or "unknown".

    The words of the same clause are scanned outwards, backwards from the expression first
    (``before`` is the sentence text before it) and then forwards (``after``); the first cue of the
    ``tense_cue`` rows (words, or a suffix such as "-ed" minus exceptions) decides. With no cue the
    tense is "unknown": resolvers then take the date nearest the anchor (weekdays: on or before).
    """
    cues = _prepared_cues(rules_dir)
    if not cues:
        return "unknown"
    nb = max(int(c.get("window_before", 8)) for c in cues)
    na = max(int(c.get("window_after", 5)) for c in cues)
    back = _TOKEN.findall(_CLAUSE_BREAK.split(before)[-1].lower())[-nb:]
    back.reverse()
    # a multi-word cue read backwards ("is to") is checked by re-joining pairs in text order
    found = _cue_tense_back(back, cues)
    if found:
        return found
    fwd = _TOKEN.findall(_CLAUSE_BREAK.split(after)[0].lower())[:na]
    return _cue_tense(fwd, cues) or "unknown"


def _cue_tense_back(rev: list[str], cues: tuple[dict[str, Any], ...]) -> str | None:
    for i, tok in enumerate(rev):
        prev = rev[i + 1] if i + 1 < len(rev) else ""
        for cue in cues:
            words = cue["_words"]
            if tok in words or f"{prev} {tok}" in words:
                return str(cue.get("tense"))
            if tok not in cue["_except"] and len(tok) > 4 and any(tok.endswith(x) for x in cue.get("suffixes", ())):
                return str(cue.get("tense"))
    return None


_CUE_CACHE: dict[str, tuple[dict[str, Any], ...]] = {}


def _prepared_cues(rules_dir: str) -> tuple[dict[str, Any], ...]:
    cached = _CUE_CACHE.get(rules_dir)
    if cached is None:
        prepared = []
        for cue in time_rules(rules_dir).tense_cues:
            row = dict(cue)
            row["_words"] = frozenset(w.lower() for w in cue.get("words", ()))
            row["_except"] = frozenset(w.lower() for w in cue.get("except_words", ()))
            prepared.append(row)
        cached = _CUE_CACHE[rules_dir] = tuple(prepared)
    return cached


# --- resolvers by kind ------------------------------------------------------------------------


def _need(anchor: date | None) -> date:
    if anchor is None:
        raise _NeedAnchor
    return anchor


def _num(v: dict[str, Any], rule: TimeRule) -> float:
    n = v.get("num", rule.params.get("num", 1))
    return float(n) if isinstance(n, (int, float)) else 1.0


def _unit(v: dict[str, Any], rule: TimeRule) -> str:
    u = v.get("unit", rule.params.get("unit", "day"))
    return u.rstrip("s") if isinstance(u, str) else "day"


def _shift_date(d: date, n: float, unit: str, sign: int) -> date:
    if unit in ("month", "year", "decade") and n == int(n):
        months = int(n) * {"month": 1, "year": 12, "decade": 120}[unit]
        return _add_months(d, sign * months)
    days = n * {"day": 1, "week": 7, "fortnight": 14, "month": 30.44, "year": 365.25, "decade": 3652.5}.get(unit, 1)
    return d + timedelta(days=sign * round(days))


def _weekday(v: dict[str, Any], rule: TimeRule, anchor: date | None, tense: str) -> tuple[date, date, str]:
    a = _need(anchor)
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
    d = _need(anchor) + timedelta(days=int(v.get("relday", rule.params.get("offset", 0))))
    return d, d, "day"


def _year_of(v: dict[str, Any]) -> int | None:
    for key in ("year", "year2"):
        if isinstance(v.get(key), int):
            return int(v[key])
    if "yearhi" in v:
        return int(v["yearhi"]) + int(v.get("yeartens", 0)) + int(v.get("yearones", 0))
    return None


def _month_day(v: dict[str, Any], rule: TimeRule, anchor: date | None, tense: str) -> tuple[date, date, str]:
    month = int(v["month"])
    day = int(v.get("day", v.get("dayword", 1)))
    year = _year_of(v)
    if year is not None:
        d = date(year, month, day)
        return d, d, "day"
    a = _need(anchor)
    candidates = []
    for y in (a.year - 1, a.year, a.year + 1):
        try:
            candidates.append(date(y, month, day))
        except ValueError:
            continue
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
    year = _year_of(v)
    if year is None:
        a = _need(anchor)
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
        else:  # no tense cue: the nearest such month, the earlier one on a tie
            year = min((a.year - 1, a.year, a.year + 1), key=lambda y: (abs((y - a.year) * 12 + month - a.month), y > a.year))
    start, end = _narrow(date(year, month, 1), _month_end(year, month), v.get("edge"))
    return start, end, "month"


def _year(v: dict[str, Any], rule: TimeRule, anchor: date | None, tense: str) -> tuple[date, date, str]:
    year = _year_of(v)
    if year is None:
        year = int(rule.params.get("base", 2000)) + int(v.get("yearones", 0))
    start, end = _narrow(date(year, 1, 1), date(year, 12, 31), v.get("edge"))
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
    start, end = _narrow(date(first, 1, 1), date(first + 9, 12, 31), v.get("edge"))
    return start, end, "decade"


def _since(v: dict[str, Any], rule: TimeRule, anchor: date | None, tense: str) -> tuple[date, date | None, str]:
    if "weekday" in v:
        start, _e, precision = _weekday(v, rule, anchor, "past")
    elif "relday" in v:
        start, _e, precision = _relday(v, rule, anchor, "past")
    elif "unit" in v:
        a = _need(anchor)
        start, _e, precision = _calendar_unit(_unit(v, rule), a, int(rule.params.get("shift", -1)))
    elif "year" in v and "month" not in v:
        start, _e, precision = _year(v, rule, anchor, "past")
    else:
        start, _e, precision = _month(v, rule, anchor, "past")
    return start, anchor, precision


def _calendar_unit(unit: str, a: date, shift: int) -> tuple[date, date, str]:
    if unit == "week":
        s, e = _week_bounds(a + timedelta(days=7 * shift))
        return s, e, "week"
    if unit == "weekend":
        s, _e = _week_bounds(a + timedelta(days=7 * shift))
        return s + timedelta(days=5), s + timedelta(days=6), "week"
    if unit == "month":
        m = _add_months(a.replace(day=1), shift)
        return m, _month_end(m.year, m.month), "month"
    if unit == "quarter":
        q = (a.month - 1) // 3 + shift
        y, q = a.year + q // 4, q % 4 + 1
        s, e = _quarter_bounds(y, q)
        return s, e, "quarter"
    y = a.year + shift
    return date(y, 1, 1), date(y, 12, 31), "year"


def _this_unit(v: dict[str, Any], rule: TimeRule, anchor: date | None, tense: str) -> tuple[date, date, str]:
    a = _need(anchor)
    start, end, precision = _calendar_unit(_unit(v, rule), a, 0)
    edge = v.get("edge", rule.params.get("edge"))
    if edge == "early" and start <= a <= end and "edge" in v:
        end = a
    elif edge == "late" and start <= a <= end and "edge" in v:
        start = a
    elif edge:
        start, end = _narrow(start, end, edge)
    return start, end, precision


def _shift_unit(v: dict[str, Any], rule: TimeRule, anchor: date | None, tense: str) -> tuple[date, date, str]:
    a = _need(anchor)
    shift = -1 if str(v.get("shift", "last")).split()[-1] in ("last", "previous") else 1
    start, end, precision = _calendar_unit(_unit(v, rule), a, shift)
    start, end = _narrow(start, end, v.get("edge"))
    return start, end, precision


def _weekend(v: dict[str, Any], rule: TimeRule, anchor: date | None, tense: str) -> tuple[date, date, str]:
    a = _need(anchor)
    monday, _s = _week_bounds(a)
    sat = monday + timedelta(days=5)
    if tense == "future":
        if a > sat + timedelta(days=1):
            sat += timedelta(days=7)
    elif a < sat:
        sat -= timedelta(days=7)
    return sat, sat + timedelta(days=1), "week"


def _ago(v: dict[str, Any], rule: TimeRule, anchor: date | None, tense: str) -> tuple[date, date, str]:
    a = _need(anchor)
    n, unit = _num(v, rule), _unit(v, rule)
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
        m = _add_months(a.replace(day=1), -int(n))
        return m, _month_end(m.year, m.month), "month"
    if unit in ("year", "decade") and n == int(n):
        y = a.year - int(n) * (10 if unit == "decade" else 1)
        return date(y, 1, 1), date(y, 12, 31), "year"
    d = _shift_date(a, n, unit, -1)
    return d, d, _UNIT_PRECISION.get(unit, "day")


def _window(v: dict[str, Any], rule: TimeRule, anchor: date | None, tense: str) -> tuple[date, date, str]:
    a = _need(anchor)
    n, unit = _num(v, rule), _unit(v, rule)
    precision = _UNIT_PRECISION.get(unit, "day")
    if rule.params.get("direction") == "future":
        return a, _shift_date(a, n, unit, 1) - timedelta(days=1), precision
    return _shift_date(a, n, unit, -1) + timedelta(days=1), a, precision


def _recent(v: dict[str, Any], rule: TimeRule, anchor: date | None, tense: str) -> tuple[date, date, str]:
    a = _need(anchor)
    back = rule.params.get("back", {})
    days = int(back.get(_unit(v, rule), 30)) if isinstance(back, dict) else int(back)
    precision = "week" if days <= 7 else "month" if days <= 92 else "year"
    if rule.params.get("direction") == "future":
        return a, a + timedelta(days=days), precision
    return a - timedelta(days=days), a, precision


def _duration(v: dict[str, Any], rule: TimeRule, anchor: date | None, tense: str) -> tuple[date, date, str]:
    a = _need(anchor)
    n, unit = _num(v, rule), _unit(v, rule)
    precision = _UNIT_PRECISION.get(unit, "day")
    if tense == "future":
        return a, _shift_date(a, n, unit, 1), precision
    return _shift_date(a, n, unit, -1), a, precision


def _quarter(v: dict[str, Any], rule: TimeRule, anchor: date | None, tense: str) -> tuple[date, date, str]:
    year = _year_of(v)
    which = rule.params.get("which")
    if which in ("latest", "year_ago"):
        if year is None:
            m = _YEAR_IN_TEXT.search(v.get("_text", ""))
            year = int(m.group(1)) if m else None
        a = _need(anchor)
        cur = (a.month - 1) // 3  # 0-based current quarter
        y, q = (a.year, cur) if cur > 0 else (a.year - 1, 4)
        if which == "year_ago":
            y -= 1
        if year is not None:
            y = year
        s, e = _quarter_bounds(y, q)
        return s, e, "quarter"
    q = int(v["ordinal"])
    if year is None:
        a = _need(anchor)
        qshift = str(v.get("qshift", ""))
        if "year-earlier" in qshift or "year-ago" in qshift or "year earlier" in qshift or qshift.startswith("last"):
            year = a.year - 1
        elif qshift.startswith("next"):
            year = a.year + 1
        elif qshift.startswith("this"):
            year = a.year
        else:
            s, e = _quarter_bounds(a.year, q)
            year = a.year  # "the third quarter" is this year's unless it has not begun in a past-tense clause
            if tense == "past" and s > a:
                year -= 1
    s, e = _quarter_bounds(year, q)
    return s, e, "quarter"


def _half(v: dict[str, Any], rule: TimeRule, anchor: date | None, tense: str) -> tuple[date, date, str]:
    h = 1 if v.get("ordinal") in (1, "first") else 2
    year = _year_of(v)
    if year is None:
        a = _need(anchor)
        year = a.year if (h == 1 or a.month >= 7 or tense == "future") else a.year - 1
    s = date(year, 1 if h == 1 else 7, 1)
    return s, _month_end(year, 6 if h == 1 else 12), "half"


def _season_bounds(year: int, code: str) -> tuple[date, date]:
    m1, m2 = _SEASONS[code]
    start = date(year, m1, 1)
    end = _month_end(year + (m2 - 1) // 12, (m2 - 1) % 12 + 1)
    return start, end


def _season(v: dict[str, Any], rule: TimeRule, anchor: date | None, tense: str) -> tuple[date, date, str]:
    code = str(v["season"])
    year = _year_of(v)
    if year is None:
        a = _need(anchor)
        shift = re.sub(r"\s+", " ", str(v.get("shift", "")))
        year = a.year
        s, e = _season_bounds(year, code)
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
    s, e = _season_bounds(year, code)
    s, e = _narrow(s, e, v.get("edge") or v.get("edge2"))
    return s, e, "season"


def _holiday(v: dict[str, Any], rule: TimeRule, anchor: date | None, tense: str) -> tuple[date, date, str]:
    a = _need(anchor)
    nth = rule.params.get("nth_weekday")  # [month, weekday, n]: "the fourth Thursday of November"

    def on(year: int) -> date:
        if nth:
            month, wd, n = (int(x) for x in nth)
            first = date(year, month, 1)
            return first + timedelta(days=(wd - first.weekday()) % 7 + 7 * (n - 1))
        month, day = (int(x) for x in v["holiday"])
        return date(year, month, day)

    shift = v.get("shift")
    candidates = [on(y) for y in (a.year - 1, a.year, a.year + 1)]
    if shift == "last":
        d = max(c for c in candidates if c < a)
    elif shift == "next":
        d = min(c for c in candidates if c > a)
    elif shift == "this":
        d = candidates[1]
    elif tense == "future":
        d = min(c for c in candidates if c >= a)
    elif tense == "past":
        d = max(c for c in candidates if c <= a)
    else:
        d = min(candidates, key=lambda c: (abs((c - a).days), c > a))
    return d, d, "day"


def _ref(v: dict[str, Any], rule: TimeRule, anchor: date | None, tense: str) -> tuple[date | None, date | None, str | None]:
    a = _need(anchor)
    ref = rule.params.get("ref")
    if ref == "present":
        return a, a, "day"
    if ref == "future":
        return a, None, None
    back = rule.params.get("back")
    if back:
        return a - timedelta(days=int(back)), a, "month"
    return None, a, None


_RESOLVERS = {
    "weekday": _weekday,
    "relday": _relday,
    "month_day": _month_day,
    "iso": _iso,
    "month": _month,
    "year": _year,
    "decade": _decade,
    "since": _since,
    "this_unit": _this_unit,
    "shift_unit": _shift_unit,
    "weekend": _weekend,
    "ago": _ago,
    "window": _window,
    "recent": _recent,
    "duration": _duration,
    "quarter": _quarter,
    "half": _half,
    "season": _season,
    "ref": _ref,
    "holiday": _holiday,
}


# --- public API -------------------------------------------------------------------------------


def resolve_timex(
    expression: str,
    *,
    anchor: date | None,
    tense: str = "past",
    rule_id: str | None = None,
    rules_dir: str = "",
) -> TimeSpan:
    """Resolve one time expression against ``anchor`` (the publication date).

    ``tense`` is "past" or "future" (which way a bare weekday, month or date points). ``rule_id``
    names the rule that found it (else the longest matching rule is used). An expression no rule
    reads, or a relative one without an anchor, comes back unresolved (start/end None).
    """
    anchor_iso = anchor.isoformat() if anchor else None
    found = match_rule(expression, rule_id=rule_id, rules_dir=rules_dir)
    if found is None:
        return TimeSpan(expression=expression, anchor=anchor_iso, rule_id=rule_id)
    rule, values = found
    resolver = _RESOLVERS.get(rule.kind)
    if resolver is None:
        return TimeSpan(expression=expression, anchor=anchor_iso, rule_id=rule.id)
    try:
        start, end, precision = resolver(values, rule, anchor, tense)
    except _NeedAnchor:
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


def default_span(anchor: date | None) -> TimeSpan:
    """The span of an undated event in a report: the week ending on publication."""
    if anchor is None:
        return TimeSpan(expression="", rule_id=DEFAULT_RULE_ID)
    return TimeSpan(
        expression="",
        start=(anchor - timedelta(days=6)).isoformat(),
        end=anchor.isoformat(),
        precision="week",
        anchor=anchor.isoformat(),
        rule_id=DEFAULT_RULE_ID,
    )


def time_for_span(
    sentence: str,
    *,
    sentence_start: int,
    start: int,
    end: int,
    anchor: date | None,
    tense: str | None = None,
    rules_dir: str = "",
) -> TimeSpan:
    """The time of the record spanning ``start``-``end`` (article offsets) in ``sentence``.

    The governing expression is the nearest one, preferring one after the span in the same clause;
    expressions across a clause break (";", dash, "but", ", while ...") count as further away. No
    expression: the default report week (see :func:`default_span`).
    """
    timexes = find_timexes(sentence, rules_dir=rules_dir)
    if not timexes:
        return default_span(anchor)
    s, e = start - sentence_start, end - sentence_start
    best, best_score = None, float("inf")
    for t in timexes:
        if t.start >= e:
            gap = sentence[e : t.start]
            score = (t.start - e) * 0.5
        elif t.end <= s:
            gap = sentence[t.end : s]
            score = float(s - t.end)
        else:
            gap, score = "", 0.0
        if gap and _CLAUSE_BREAK.search(gap):
            score += 80
        if t.kind == "ref":
            score += 25
        if score < best_score:
            best, best_score = t, score
    assert best is not None
    if tense is None:
        tense = detect_tense(sentence[: best.start], sentence[best.end :], rules_dir=rules_dir)
    return resolve_timex(best.expression, anchor=anchor, tense=tense, rule_id=best.rule_id, rules_dir=rules_dir)


def _time_of(record: Any, anchor: date | None) -> TimeSpan:
    p = record.provenance
    return time_for_span(p.sentence, sentence_start=p.sentence_start, start=p.start, end=p.end, anchor=anchor)


def _keep(existing: TimeSpan | None) -> bool:
    return existing is not None and existing.start is not None and existing.end is not None


def resolve_times(extraction: Extraction) -> Extraction:
    """Set ``.time`` on every event, figure, claim and control claim from its provenance sentence,
    anchored on the article's publication date (times already resolved are kept). An "occurred"
    event whose span ends more than 60 days before publication becomes "background"."""
    anchor = parse_anchor(extraction.article.published)
    cache: dict[tuple[str, int, int, int], TimeSpan] = {}

    def timed(record: Any) -> TimeSpan:
        if _keep(record.time):
            return record.time
        p = record.provenance
        key = (p.sentence, p.sentence_start, p.start, p.end)
        if key not in cache:
            cache[key] = _time_of(record, anchor)
        return cache[key]

    events = []
    for ev in extraction.events:
        span = timed(ev)
        status = ev.status
        if status == "occurred" and anchor is not None and span.end is not None:
            if date.fromisoformat(span.end) < anchor - timedelta(days=BACKGROUND_DAYS):
                status = "background"
        events.append(dataclasses.replace(ev, time=span, status=status))
    return dataclasses.replace(
        extraction,
        events=tuple(events),
        figures=tuple(dataclasses.replace(f, time=timed(f)) for f in extraction.figures),
        claims=tuple(dataclasses.replace(c, time=timed(c)) for c in extraction.claims),
        control=tuple(dataclasses.replace(c, time=timed(c)) for c in extraction.control),
    )
