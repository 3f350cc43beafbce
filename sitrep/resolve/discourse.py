"""Discourse-level time resolution: the reference time and period of a document.

A news story moves its own reference time: after "on Oct. 23 ...", "that day" and "the week" mean
Oct. 23 and its week, not the publication date; a results story that reports by quarter means the
same quarter a year before by "a year ago". :class:`Discourse` resolves a document's expressions in
text order and keeps

* the **reference**: the last span resolved by a rule whose kind is listed in the ``discourse`` row's
  ``reference_kinds`` (explicit calendar expressions: dates, weekdays, months, years, quarters ...);
* the **period**: the last span whose precision is one of ``period_precisions`` (quarter, half) and,
  with ``period_ended_by_anchor``, that ended before the anchor (a reported, not an expected, period);
  before the first one, the first such span of the whole document (the document-level granularity
  hint, from :meth:`Discourse.prescan`).

Rules opt in with a ``discourse`` parameter (all data, in ``time_rules.jsonl``):

* ``"reference"``: an anaphor ("that day", "the week", "the year", "in the days after"): the
  calendar ``unit`` holding the reference (``"same"`` = the reference itself, with ``coarsen``
  mapping its precision to a coarser one, e.g. day -> month); no reference: the anchor's unit, or
  unresolved when the rule says ``"needs_reference": true``;
* ``"reference_shift"``: "the following year", "the previous Friday", "the next day": the rule's own
  resolution counted from the reference (its first day) instead of the anchor; no reference: from
  the anchor. The result becomes the new reference;
* ``"period"``: "the quarter", "the latest period": the period, else the rule's own resolution;
* ``"period_shift"``: "a year ago", "the year-earlier quarter": the period moved by ``years``
  (default -1) at the period's granularity, else the rule's own resolution.

Two more keys of the ``discourse`` row refine the period:

* ``period_context``: (pattern, precision) rows read in the sentence before a period or period-shift
  expression: a results sentence about "the nine months" or "the year" compares whole years ("For
  the nine months, net rose from a year earlier": the year before, not its quarter), one about "the
  first half" compares halves;
* ``period_skip``: a pattern for expressions that do not set the period even when they resolve to
  one: an indefinite "a flat second quarter" describes a quarter in passing and is not the period
  the story reports on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Iterable

import re

from ..records import TimeSpan
from .dates import add_months, calendar_unit, month_end
from .resolvers import resolve_match
from .timex import TimeRule, match_rule, time_rules

__all__ = ["Discourse"]

_COARSER = {"day": "month", "week": "month", "month": "month", "quarter": "quarter", "half": "half", "season": "season", "year": "year"}


@dataclass
class Discourse:
    """The time state of one document; :meth:`resolve` its expressions in text order."""

    anchor: date | None
    rules_dir: str = ""
    reference: TimeSpan | None = None
    period: TimeSpan | None = None
    hint: TimeSpan | None = None
    _config: dict[str, Any] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._config = time_rules(self.rules_dir).discourse
        self._reference_kinds = frozenset(self._config.get("reference_kinds", ()))
        self._periods = frozenset(self._config.get("period_precisions", ()))
        self._matches: dict[tuple[str, str | None], Any] = {}  # (expression, rule id) -> match_rule's answer
        self._contexts = _compiled_contexts(tuple((str(r["pattern"]), str(r["precision"]), int(r.get("half", 0))) for r in self._config.get("period_context", ())))
        skip = self._config.get("period_skip")
        self._skip = re.compile(str(skip), re.I) if skip else None
        unless = self._config.get("period_context_unless")
        self._unless = re.compile(str(unless), re.I) if unless else None

    def _match(self, expression: str, rule_id: str | None) -> Any:
        """:func:`match_rule` once per expression and rule (prescan and resolve both read it)."""
        key = (expression, rule_id)
        if key not in self._matches:
            self._matches[key] = match_rule(expression, rule_id=rule_id, rules_dir=self.rules_dir)
        return self._matches[key]

    # --- state ---------------------------------------------------------------------------------

    def prescan(self, expressions: Iterable[tuple[Any, ...]]) -> None:
        """Set the document-level period hint from the document's (expression, rule id[, tense])
        tuples: the first one that resolves, on its own, to a reporting period (e.g. a quarter)."""
        for item in expressions:
            expression, rule_id = item[0], item[1]
            tense = item[2] if len(item) > 2 else "unknown"
            found = self._match(expression, rule_id)
            if found is None or found[0].params.get("discourse"):
                continue
            span = resolve_match(expression, found[0], found[1], anchor=self.anchor, tense="past")
            if self._is_period(span, tense):
                self.hint = span
                return

    def _note(self, rule: TimeRule, span: TimeSpan, tense: str = "unknown") -> None:
        if span.start is None or span.end is None:
            return
        mode = rule.params.get("discourse")
        if (rule.kind in self._reference_kinds and mode is None) or mode == "reference_shift":
            self.reference = span
        if mode != "period_shift" and self._is_period(span, tense):
            self.period = span

    def _is_period(self, span: TimeSpan, tense: str = "unknown") -> bool:
        """A reporting period: a span of a period precision that, when the ``discourse`` row says
        ``period_ended_by_anchor``, ended before the anchor (an expected "fourth quarter" is not),
        or, with ``period_begun_in_past``, has begun and is told in a past-tense clause (a fiscal
        "fourth quarter" that ended Sept. 30 has a calendar label not yet over); an expression the
        ``period_skip`` pattern matches ("a flat second quarter") is none."""
        if span.precision not in self._periods or span.start is None or span.end is None:
            return False
        if self._skip is not None and self._skip.match(span.expression):
            return False
        if self._config.get("period_ended_by_anchor") and self.anchor is not None:
            if date.fromisoformat(span.end) < self.anchor:
                return True
            return bool(self._config.get("period_begun_in_past")) and tense == "past" and date.fromisoformat(span.start) <= self.anchor
        return True

    # --- resolving -----------------------------------------------------------------------------

    def resolve(self, expression: str, *, tense: str = "past", rule_id: str | None = None, before: str = "") -> TimeSpan:
        """Resolve ``expression`` (the next one in text order) and update the reference and period.
        ``before`` is the sentence text before it (read for ``period_context`` cues)."""
        found = self._match(expression, rule_id)
        anchor_iso = self.anchor.isoformat() if self.anchor else None
        if found is None:
            return TimeSpan(expression=expression, anchor=anchor_iso, rule_id=rule_id)
        rule, values = found
        mode = rule.params.get("discourse")
        span: TimeSpan | None = None
        if mode == "reference":
            span = self._anaphor(expression, rule)
        elif mode == "reference_shift" and self.reference is not None and self.reference.start:
            base = date.fromisoformat(self.reference.start)
            span = resolve_match(expression, rule, values, anchor=base, tense=tense)  # its anchor: the reference day
        elif mode in ("period", "period_shift"):
            period = self.period or self.hint
            years = int(rule.params.get("years", -1)) if mode == "period_shift" else 0
            context = self._context(before) if before and self._contexts and not (self._unless and self._unless.search(expression)) else None
            if context is not None:
                span = self._context_span(expression, rule, values, context, period, years)
            elif period is not None and period.start:
                named = _YEAR.search(str(values.get("_text", expression)))
                if named:  # "the 1989 period": the period's quarter in that year
                    years = int(named.group(1)) - date.fromisoformat(period.start).year
                span = _shifted(period, years, expression=expression, rule_id=rule.id, anchor=anchor_iso)
        if span is None:
            span = resolve_match(expression, rule, values, anchor=self.anchor, tense=tense)
        self._note(rule, span, tense)
        return span

    def _context(self, before: str) -> tuple[str, int] | None:
        """The (precision, half) of the last ``period_context`` cue in ``before``, if any."""
        best: tuple[int, str, int] | None = None
        for regex, precision, half in self._contexts:
            for m in regex.finditer(before):
                if best is None or m.start() > best[0]:
                    best = (m.start(), precision, half)
        return (best[1], best[2]) if best else None

    def _context_span(self, expression: str, rule: TimeRule, values: dict[str, Any], context: tuple[str, int], period: TimeSpan | None, years: int) -> TimeSpan | None:
        """A period expression read at the granularity the sentence talks about: the year (or half)
        of the period, the hint or the anchor, moved by ``years``; a year in the expression wins."""
        anchor_iso = self.anchor.isoformat() if self.anchor else None
        m = _YEAR.search(str(values.get("_text", expression)))
        if m:
            year = int(m.group(1))
        elif period is not None and period.start:
            year = date.fromisoformat(period.start).year + years
        elif self.anchor is not None:
            year = self.anchor.year + years
        else:
            return None
        precision, half = context
        if precision == "half" and half in (1, 2):
            start, end = date(year, 1 if half == 1 else 7, 1), month_end(year, 6 if half == 1 else 12)
        else:
            start, end, precision = date(year, 1, 1), date(year, 12, 31), "year"
        return TimeSpan(expression, start.isoformat(), end.isoformat(), precision, anchor_iso, rule.id)

    def _anaphor(self, expression: str, rule: TimeRule) -> TimeSpan:
        anchor_iso = self.anchor.isoformat() if self.anchor else None
        ref = self.reference
        unit = str(rule.params.get("unit", "same"))
        if ref is None or ref.start is None:
            if rule.params.get("needs_reference") or self.anchor is None:
                return TimeSpan(expression=expression, anchor=anchor_iso, rule_id=rule.id)
            base = self.anchor
        else:
            base = date.fromisoformat(ref.start)
        if unit == "same":
            if ref is None or ref.start is None:
                return TimeSpan(expression=expression, anchor=anchor_iso, rule_id=rule.id)
            coarsen = rule.params.get("coarsen", {})
            unit = coarsen.get(ref.precision or "", ref.precision or "day") if isinstance(coarsen, dict) else ref.precision or "day"
            if unit == ref.precision:
                return TimeSpan(expression, ref.start, ref.end, ref.precision, anchor_iso, rule.id)
        if unit == "day":
            return TimeSpan(expression, base.isoformat(), base.isoformat(), "day", anchor_iso, rule.id)
        if unit not in ("week", "month", "quarter", "year"):
            unit = _COARSER.get(unit, "year")
            if unit not in ("week", "month", "quarter", "year"):
                return TimeSpan(expression, ref.start if ref else None, ref.end if ref else None, ref.precision if ref else None, anchor_iso, rule.id)
        start, end, precision = calendar_unit(unit, base, 0)
        return TimeSpan(expression, start.isoformat(), end.isoformat(), precision, anchor_iso, rule.id)


_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_CONTEXTS: dict[tuple[tuple[str, str, int], ...], tuple[tuple[re.Pattern[str], str, int], ...]] = {}


def _compiled_contexts(rows: tuple[tuple[str, str, int], ...]) -> tuple[tuple[re.Pattern[str], str, int], ...]:
    found = _CONTEXTS.get(rows)
    if found is None:
        found = _CONTEXTS[rows] = tuple((re.compile(p, re.I), prec, half) for p, prec, half in rows)
    return found


def _shifted(span: TimeSpan, years: int, *, expression: str, rule_id: str, anchor: str | None) -> TimeSpan:
    assert span.start is not None and span.end is not None
    start = add_months(date.fromisoformat(span.start), 12 * years)
    end = add_months(date.fromisoformat(span.end), 12 * years)
    return TimeSpan(expression, start.isoformat(), end.isoformat(), span.precision, anchor, rule_id)
