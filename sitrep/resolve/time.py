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

from datetime import date, timedelta
from typing import Any

from .evolve import evolve
from ..records import Extraction, TimeSpan
from .dates import parse_anchor
from .resolvers import resolve_match
from .tense import CLAUSE_BREAK, detect_tense
from .discourse import Discourse
from .timex import Timex, find_timexes, match_rule

__all__ = [
    "resolve_timex",
    "default_span",
    "time_for_span",
    "governing_timex",
    "resolve_times",
    "detect_tense",
    "parse_anchor",
    "DEFAULT_RULE_ID",
    "BACKGROUND_DAYS",
]

DEFAULT_RULE_ID = "time.default.report-week"
BACKGROUND_DAYS = 60


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
    found = match_rule(expression, rule_id=rule_id, rules_dir=rules_dir)
    if found is None:
        return TimeSpan(expression=expression, anchor=anchor.isoformat() if anchor else None, rule_id=rule_id)
    return resolve_match(expression, found[0], found[1], anchor=anchor, tense=tense)


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
    best = governing_timex(timexes, sentence, start - sentence_start, end - sentence_start)
    if best is None:
        return default_span(anchor)
    if tense is None:
        tense = detect_tense(sentence[: best.start], sentence[best.end :], rules_dir=rules_dir)
    return resolve_timex(best.expression, anchor=anchor, tense=tense, rule_id=best.rule_id, rules_dir=rules_dir)


def governing_timex(timexes: list[Timex], sentence: str, s: int, e: int) -> Timex | None:
    """Of the expressions found in ``sentence``, the one governing the span ``s``-``e`` (sentence
    offsets): the nearest, preferring one after the span in the same clause (see :func:`time_for_span`).
    Expressions of rules of kind ``note`` never govern (they are read for their TimeML value only)."""
    best, best_score = None, float("inf")
    for t in timexes:
        if t.kind == "note":  # "a once-bustling hub", "at the time": says nothing of when the record happened
            continue
        if t.start >= e:
            gap = sentence[e : t.start]
            score = (t.start - e) * 0.5
        elif t.end <= s:
            gap = sentence[t.end : s]
            score = float(s - t.end)
        else:
            gap, score = "", 0.0
        if gap and CLAUSE_BREAK.search(gap):
            score += 80
        if t.kind == "ref":
            score += 25
        if score < best_score:
            best, best_score = t, score
    return best


def _keep(existing: TimeSpan | None) -> bool:
    return existing is not None and existing.start is not None and existing.end is not None


class _SentenceTimes:
    """The expressions of an article's record sentences, found once per sentence and resolved in
    text order through one :class:`~sitrep.resolve.discourse.Discourse`."""

    def __init__(self, records: list[Any], *, anchor: date | None, rules_dir: str = "") -> None:
        self.anchor = anchor
        self.default = default_span(anchor)  # one shared (frozen) span for the undated records
        sentences = sorted({(r.provenance.sentence_start, r.provenance.sentence) for r in records})
        self.found: dict[tuple[int, str], list[tuple[Timex, TimeSpan]]] = {}
        scanned = [(key, find_timexes(key[1], rules_dir=rules_dir)) for key in sentences]
        tenses = [[detect_tense(s[: t.start], s[t.end :], rules_dir=rules_dir) for t in ts] for (_st, s), ts in scanned]
        discourse = Discourse(anchor=anchor, rules_dir=rules_dir)
        discourse.prescan((t.expression, t.rule_id, tense) for (_k, ts), tt in zip(scanned, tenses) for t, tense in zip(ts, tt))
        for ((start, sentence), timexes), tt in zip(scanned, tenses):
            self.found[(start, sentence)] = [
                (t, discourse.resolve(t.expression, tense=tense, rule_id=t.rule_id, before=sentence[: t.start])) for t, tense in zip(timexes, tt)
            ]

    def time_of(self, record: Any) -> TimeSpan:
        p = record.provenance
        row = self.found.get((p.sentence_start, p.sentence), [])
        best = governing_timex([t for t, _s in row], p.sentence, p.start - p.sentence_start, p.end - p.sentence_start)
        if best is None:
            return self.default
        return next(span for t, span in row if t is best)


def resolve_times(extraction: Extraction, *, rules_dir: str = "") -> Extraction:
    """Set ``.time`` on every event, figure, claim and control claim from its provenance sentence,
    anchored on the article's publication date (times already resolved are kept). An "occurred"
    event whose span ends more than 60 days before publication becomes "background".

    Each record sentence is scanned once; its expressions are resolved in text order through a
    :class:`~sitrep.resolve.discourse.Discourse`, so "that day" follows the last explicit date."""
    anchor = parse_anchor(extraction.article.published)
    records = [r for group in (extraction.events, extraction.figures, extraction.claims, extraction.control) for r in group]
    times = _SentenceTimes([r for r in records if not _keep(r.time)], anchor=anchor, rules_dir=rules_dir)

    def timed(record: Any) -> TimeSpan:
        return record.time if _keep(record.time) else times.time_of(record)

    events = []
    for ev in extraction.events:
        span = timed(ev)
        status = ev.status
        if status == "occurred" and anchor is not None and span.end is not None:
            if date.fromisoformat(span.end) < anchor - timedelta(days=BACKGROUND_DAYS):
                status = "background"
        events.append(evolve(ev, time=span, status=status))
    return evolve(
        extraction,
        events=tuple(events),
        figures=tuple(evolve(f, time=timed(f)) for f in extraction.figures),
        claims=tuple(evolve(c, time=timed(c)) for c in extraction.claims),
        control=tuple(evolve(c, time=timed(c)) for c in extraction.control),
    )
