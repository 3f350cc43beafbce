"""The fatality ledger of an incident: every source's figures, and what is derived from them.

Nothing is replaced: each reported figure stays as a :class:`LedgerEntry`. Derived values:
- conservative: ACLED's coding — the lowest credible figure ("dozens" = 12, "hundreds" = 100, ...,
  via ``sitrep.coding``), taken over the latest report of each independent source group;
- best: the median of the groups' best estimates (the midpoint of a range when only a range is given);
- min / max: the lowest low and the highest high over all reports.
Subset figures ("including two children") are kept in the ledger but never added to totals.
Figures from denials do not count as credible.
"""

from __future__ import annotations

import statistics
from typing import Iterable, Sequence

from ..records import LedgerEntry
from .views import MentionView

__all__ = ["ledger_entries", "derive", "Derived"]

Derived = dict[str, int | None]


def ledger_entries(views: Sequence[MentionView], groups: dict[str, str]) -> list[LedgerEntry]:
    entries: list[LedgerEntry] = []
    seen: set[str] = set()
    for v in views:
        for f in v.figures:
            if f.id in seen:
                continue
            seen.add(f.id)
            if f.subset_of is not None:
                continue
            claim_source = v.source
            entries.append(
                LedgerEntry(
                    figure_id=f.id,
                    article_id=v.article.id,
                    source=claim_source,
                    source_group=groups[v.id],
                    metric=f.metric,
                    quantity=f.quantity,
                    low=f.low,
                    best=f.best,
                    high=f.high,
                    qualifier=f.qualifier,
                    reported=(v.article.published or "")[:10] or None,
                    sentence=f.provenance.sentence.strip(),
                )
            )
    entries.sort(key=lambda e: (e.reported or "", e.article_id, e.figure_id))
    return entries


def _acled_value(entry: LedgerEntry) -> int | None:
    from ..coding import acled_value

    return acled_value(entry)


def _central(entry: LedgerEntry) -> float | None:
    if entry.best is not None:
        return float(entry.best)
    if entry.low is not None and entry.high is not None:
        return (entry.low + entry.high) / 2
    return float(entry.low) if entry.low is not None else None


def _latest_per_group(entries: Iterable[LedgerEntry]) -> list[LedgerEntry]:
    latest: dict[str, LedgerEntry] = {}
    for e in entries:  # entries are sorted by report date
        latest[e.source_group] = e
    return list(latest.values())


def derive(entries: Sequence[LedgerEntry], *, metric: str = "killed") -> Derived:
    """Derived conservative / best / min / max for ``metric`` (None when nothing was reported)."""
    rows = [e for e in entries if e.metric == metric]
    if not rows:
        return {"conservative": None, "best": None, "min": None, "max": None}
    current = _latest_per_group(rows)
    coded = [v for v in (_acled_value(e) for e in current) if v is not None]
    centrals = [c for c in (_central(e) for e in current) if c is not None]
    lows = [e.low if e.low is not None else e.best for e in rows]
    highs = [e.high if e.high is not None else e.best for e in rows]
    lows_n = [x for x in lows if x is not None]
    highs_n = [x for x in highs if x is not None]
    return {
        "conservative": min(coded) if coded else None,
        "best": int(round(statistics.median(centrals))) if centrals else None,
        "min": min(lows_n) if lows_n else None,
        "max": max(highs_n) if highs_n else None,
    }
