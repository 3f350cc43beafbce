"""Calendar arithmetic for time resolution: month ends, weeks, quarters, seasons, shifts."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from typing import Any

__all__ = [
    "SEASONS",
    "UNIT_PRECISION",
    "month_end",
    "add_months",
    "week_bounds",
    "quarter_bounds",
    "season_bounds",
    "narrow",
    "shift_date",
    "calendar_unit",
    "parse_anchor",
    "NeedAnchor",
    "need_anchor",
    "year_of",
]

SEASONS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}  # month ranges (14 = Feb of next year)
UNIT_PRECISION = {"day": "day", "week": "week", "fortnight": "week", "month": "month", "year": "year", "decade": "year"}


def month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def add_months(d: date, n: int) -> date:
    idx = d.year * 12 + d.month - 1 + n
    y, m = divmod(idx, 12)
    return date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


def week_bounds(d: date) -> tuple[date, date]:
    monday = d - timedelta(days=d.weekday())
    return monday, monday + timedelta(days=6)


def quarter_bounds(y: int, q: int) -> tuple[date, date]:
    return date(y, 3 * q - 2, 1), month_end(y, 3 * q)


def narrow(start: date, end: date, edge: str | None) -> tuple[date, date]:
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



def shift_date(d: date, n: float, unit: str, sign: int) -> date:
    if unit in ("month", "year", "decade") and n == int(n):
        months = int(n) * {"month": 1, "year": 12, "decade": 120}[unit]
        return add_months(d, sign * months)
    days = n * {"day": 1, "week": 7, "fortnight": 14, "month": 30.44, "year": 365.25, "decade": 3652.5}.get(unit, 1)
    return d + timedelta(days=sign * round(days))

def calendar_unit(unit: str, a: date, shift: int) -> tuple[date, date, str]:
    if unit == "week":
        s, e = week_bounds(a + timedelta(days=7 * shift))
        return s, e, "week"
    if unit == "weekend":
        s, _e = week_bounds(a + timedelta(days=7 * shift))
        return s + timedelta(days=5), s + timedelta(days=6), "week"
    if unit == "month":
        m = add_months(a.replace(day=1), shift)
        return m, month_end(m.year, m.month), "month"
    if unit == "quarter":
        q = (a.month - 1) // 3 + shift
        y, q = a.year + q // 4, q % 4 + 1
        s, e = quarter_bounds(y, q)
        return s, e, "quarter"
    y = a.year + shift
    return date(y, 1, 1), date(y, 12, 31), "year"


def season_bounds(year: int, code: str) -> tuple[date, date]:
    m1, m2 = SEASONS[code]
    start = date(year, m1, 1)
    end = month_end(year + (m2 - 1) // 12, (m2 - 1) % 12 + 1)
    return start, end


class NeedAnchor(Exception):
    """Raised inside the resolvers when a relative expression meets a missing anchor."""


def need_anchor(anchor: date | None) -> date:
    if anchor is None:
        raise NeedAnchor
    return anchor


def year_of(v: dict[str, Any]) -> int | None:
    for key in ("year", "year2"):
        if isinstance(v.get(key), int):
            return int(v[key])
    if "yearhi" in v:
        return int(v["yearhi"]) + int(v.get("yeartens", 0)) + int(v.get("yearones", 0))
    return None
