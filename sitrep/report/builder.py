"""Situation reports: what happened in a window, how sure we are, who disputes it — every line cited.

:func:`build_report` gathers records (incidents, displacement figures, contested claims, control
claims) into a :class:`SituationReport`; ``render`` turns it into Markdown or self-contained HTML.
Citations are numbered; each points to an article and the exact sentence a statement rests on.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Sequence

from ..records import Article, Claim, ControlClaim, EventMention, Figure, Incident
from ..reconcile.control import ControlEntry, timeline

__all__ = ["Citation", "SituationReport", "build_report", "DISPLACEMENT_METRICS"]

DISPLACEMENT_METRICS = frozenset({"displaced", "fled", "evacuated", "relocated", "sheltered", "homeless", "returned"})


@dataclass(frozen=True)
class Citation:
    n: int
    article_id: str
    outlet: str
    title: str
    url: str | None
    published: str | None
    sentence: str


@dataclass
class SituationReport:
    since: str
    until: str
    scope: str
    incidents: list[Incident]
    flows: list[tuple[Figure, list[int]]]
    contested: list[tuple[Claim, Claim | None, list[int]]]
    control: list[tuple[ControlEntry, list[int]]]
    citations: list[Citation] = field(default_factory=list)
    incident_cites: dict[str, list[int]] = field(default_factory=dict)
    imprecise: int = 0  # incidents in the window without a day-level date or coordinates (not listed)

    # headline figures -------------------------------------------------------------------------
    @property
    def killed_conservative(self) -> int:
        return sum(i.fatalities_conservative or 0 for i in self.incidents)

    @property
    def killed_range(self) -> tuple[int, int]:
        return (sum(i.fatalities_min or 0 for i in self.incidents), sum(i.fatalities_max or 0 for i in self.incidents))

    @property
    def displaced_total(self) -> int:
        """People reported moving in the period: flows only (stocks such as "6 million displaced" are listed, not added)."""
        return sum((f.best or f.low or 0) for f, _ in self.flows if f.subset_of is None and f.kind == "flow")

    @property
    def grades(self) -> dict[str, int]:
        out: dict[str, int] = defaultdict(int)
        for i in self.incidents:
            out[i.grade] += 1
        return dict(out)

    def per_day(self, what: str) -> list[tuple[str, int]]:
        """(day, value) for the charts: conservative fatalities or displacement per day."""
        days: dict[str, int] = defaultdict(int)
        if what == "killed":
            for i in self.incidents:
                if i.time and i.time.start:
                    days[i.time.start[:10]] += i.fatalities_conservative or 0
        else:
            for f, _ in self.flows:
                if f.time and f.time.end and f.subset_of is None and f.kind == "flow":
                    days[f.time.end[:10]] += f.best or f.low or 0
        return sorted(days.items())


class _Citer:
    def __init__(self, articles: dict[str, Article]) -> None:
        self.articles = articles
        self.by_key: dict[tuple[str, str], int] = {}
        self.items: list[Citation] = []

    def cite(self, article_id: str, sentence: str) -> int:
        key = (article_id, sentence.strip())
        if key not in self.by_key:
            a = self.articles.get(article_id)
            self.items.append(Citation(
                n=len(self.items) + 1, article_id=article_id, outlet=(a.outlet if a else None) or "unknown outlet",
                title=a.title if a else "", url=a.url if a else None, published=a.published if a else None,
                sentence=sentence.strip(),
            ))
            self.by_key[key] = len(self.items)
        return self.by_key[key]


def _precise(incident: Incident) -> bool:
    """Codable as an event: a day-level date and a place with coordinates (ACLED's minimum)."""
    t, p = incident.time, incident.place
    return bool(t and t.precision == "day" and p and p.lat is not None)


def _in_window(day: str | None, since: str, until: str) -> bool:
    return bool(day) and since <= day[:10] <= until


def build_report(
    *,
    since: str,
    until: str,
    scope: str,
    incidents: Sequence[Incident],
    figures: Iterable[Figure],
    claims: Sequence[Claim],
    controls: Sequence[ControlClaim],
    articles: dict[str, Article],
    events: dict[str, EventMention],
) -> SituationReport:
    """Assemble a report over ``[since, until]`` from records already filtered to the scope."""
    citer = _Citer(articles)
    in_window = [i for i in incidents if i.time and _in_window(i.time.start, since, until)]
    chosen = sorted(
        (i for i in in_window if _precise(i)),
        key=lambda i: (i.time.start if i.time else "", -(i.fatalities_conservative or 0)),
    )
    incident_cites = {}
    for i in chosen:
        cites = [citer.cite(events[m].provenance.article_id, events[m].provenance.sentence) for m in i.mention_ids if m in events]
        cites += [citer.cite(e.article_id, e.sentence) for e in i.ledger]
        incident_cites[i.id] = list(dict.fromkeys(cites))
    flows = [
        (f, [citer.cite(f.provenance.article_id, f.provenance.sentence)])
        for f in figures
        if f.metric in DISPLACEMENT_METRICS and f.time and _in_window(f.time.end, since, until)
    ]
    by_id = {c.id: c for c in claims}
    contested = []
    for c in claims:
        published = articles[c.provenance.article_id].published if c.provenance.article_id in articles else None
        if c.stance == "deny" and c.contradicts and _in_window((c.time.end if c.time else None) or published, since, until):
            target = by_id.get(c.contradicts)
            cites = [citer.cite(c.provenance.article_id, c.provenance.sentence)]
            if target:
                cites.insert(0, citer.cite(target.provenance.article_id, target.provenance.sentence))
            contested.append((c, target, cites))
    entries = [e for e in timeline(controls, by_id) if _in_window(e.date, since, until)]
    control = [(e, [citer.cite(e.article_id, e.sentence)]) for e in entries]
    report = SituationReport(since=since, until=until, scope=scope, incidents=chosen, flows=flows,
                             contested=contested, control=control, incident_cites=incident_cites,
                             imprecise=len(in_window) - len(chosen))
    report.citations = citer.items
    return report
