"""Publication dates from datelines: when an input names no date, the first full date near the start
of the body ("BEIRUT, 30 November 2016 —", "Wed 05 Apr 2017 ...", "Published July 21 2015") is
taken as the publication date, so relative expressions ("on Wednesday") can still be resolved.
The patterns are data (``sitrep/data/ingest_datelines.jsonl``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..errors import RuleError
from ..rules import load_rules

__all__ = ["dateline_date"]


@lru_cache(maxsize=8)
def _patterns(extra_dir: str = "") -> tuple[tuple[str, int, re.Pattern[str]], ...]:
    out = []
    for rule in load_rules("ingest_datelines.jsonl", extra_dir=extra_dir, required=("id", "pattern")):
        try:
            rx = re.compile(rule["pattern"], re.I)
        except re.error as exc:
            raise RuleError(f"ingest_datelines.jsonl: rule {rule['id']!r}: bad pattern ({exc})") from None
        if "date" not in rx.groupindex:
            raise RuleError(f"ingest_datelines.jsonl: rule {rule['id']!r} needs a (?P<date>...) group")
        out.append((rule["id"], int(rule.get("within", 160)), rx))
    return tuple(out)


def dateline_date(text: str, *, rules_dir: str = "") -> str | None:
    """The ISO date of the dateline at the start of ``text``, or None (the earliest match wins)."""
    from .article import normalise_published

    found: list[tuple[int, str]] = []
    for _rid, within, rx in _patterns(rules_dir):
        m = rx.match(text[:within])
        if m:
            found.append((m.start(), m.group("date")))
    for _pos, raw in sorted(found):
        day, precision = normalise_published(raw.replace(",", " "))
        if day and precision == "day":
            return day
    return None
