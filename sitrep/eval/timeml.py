"""`sitrep eval timeml GOLD`: value accuracy of DATE time expressions in TimeML files.

For every TIMEX3 of type DATE in the ``<TEXT>`` of each ``.tml`` file under GOLD (the document
creation time itself excluded), the gold expression text is resolved with
:class:`sitrep.resolve.discourse.Discourse` of its document (in text order, so anaphors such as
"that day" and "a year ago" in a quarterly report follow the document's reference time and period),
anchored on the document creation time, with the tense read from the words around it in its sentence
(a gold text no rule reads on its own, such as "a year" before a signal "earlier" that TimeML leaves
outside the TIMEX3, is read as the expression the pipeline finds around it in its sentence). The resulting :class:`TimeSpan` is turned into a
TimeML value (day -> ``YYYY-MM-DD``, week -> ``YYYY-Www``, weekend -> ``YYYY-Www-WE``, month ->
``YYYY-MM``, quarter -> ``YYYY-Qn``, half -> ``YYYY-Hn``, season -> ``YYYY-SU``, year -> ``YYYY``,
decade -> ``YYY``, century -> ``YY``; rules with a ``timeml`` parameter give ``PRESENT_REF`` / ``PAST_REF`` /
``FUTURE_REF``) and compared with the gold value. A TimeSpan has no time of day, so a time-of-day
suffix of the gold value ("2000-04-05TNI") is dropped before comparing, week numbers are
compared without zero padding ("W08" = "W8"), and a decade or century written with placeholder
digits is the same value as TimeML's short form ("198X" = "198", "19XX" = "19"; both spellings occur
in the gold files for the same granularity; TimeML 1.2 itself reads "198X" as some year of the 1980s and the
official TempEval-3 scorer compares strings, so ``date_value_accuracy_strict`` reports the score without this
equivalence).

Metrics: ``date_value_accuracy`` over all, ``relative_value_accuracy`` over expressions whose text
has no four-digit number, ``n``, ``n_relative``; per subfolder ``timebank_*`` / ``aquaint_*`` when the
gold folder holds both; and ``err_*`` counts of the error classes.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from ..errors import EvalError
from ..records import TimeSpan
from ..resolve.discourse import Discourse
from ..resolve.time import detect_tense, parse_anchor
from ..resolve.timex import find_timexes, match_rule, time_rules

__all__ = ["run", "GoldTimex", "load_tml", "timeml_value", "normalise_value"]

_SENT_END = re.compile(r"(?<!\b[A-Z])(?<!\b(?:Mr|Ms|Dr|St|Co|Jr|Sr|vs|No|Lt|Mt|Ft))(?<!\b(?:Mrs|Gen|Sen|Rep|Gov|Col|Sgt|Inc|Ltd|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec|a\.m|p\.m|U\.S))(?<!\b(?:Capt|Corp|Sept|Cmdr|Prof))[.!?]\s|\n\s*\n")
_HAS_YEAR = re.compile(r"\d{4}")
_SEASON_CODES = {3: "SP", 6: "SU", 9: "FA", 12: "WI"}


@dataclass(frozen=True)
class GoldTimex:
    doc: str
    subset: str
    dct: str
    text: str
    value: str
    before: str  # the sentence text before the expression
    after: str  # the sentence text after it


def _sentence_context(text: str, start: int, end: int) -> tuple[str, str]:
    left = text[max(0, start - 300) : start]
    cut = [m.end() for m in _SENT_END.finditer(left)]
    before = left[cut[-1] :] if cut else left
    right = text[end : end + 300]
    m = _SENT_END.search(right)
    after = right[: m.start() + 1] if m else right
    return before, after


def load_tml(path: Path, *, subset: str = "") -> list[GoldTimex]:
    """The DATE timexes of one TimeML file (tags stripped from the text; DCT excluded)."""
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError) as exc:
        raise EvalError(f"timeml: cannot read {path}: {exc}") from None
    dct_el = root.find("DCT/TIMEX3")
    text_el = root.find("TEXT")
    if dct_el is None or text_el is None:
        raise EvalError(f"timeml: {path} has no DCT/TIMEX3 or TEXT element")
    dct = dct_el.get("value") or ""
    dct_tid = dct_el.get("tid")
    buf: list[str] = []
    found: list[tuple[int, int, ET.Element]] = []

    def walk(el: ET.Element) -> None:
        if el.text:
            buf.append(el.text)
        for child in el:
            start = sum(map(len, buf))
            walk(child)
            if child.tag == "TIMEX3":
                found.append((start, sum(map(len, buf)), child))
            if child.tail:
                buf.append(child.tail)

    walk(text_el)
    text = "".join(buf)
    out = []
    for start, end, el in found:
        if el.get("type") != "DATE" or el.get("functionInDocument") == "CREATION_TIME" or (dct_tid and el.get("tid") == dct_tid):
            continue
        before, after = _sentence_context(text, start, end)
        out.append(GoldTimex(path.stem, subset, dct, text[start:end], el.get("value") or "", before, after))
    return out


def normalise_value(value: str, *, placeholders: bool = True) -> str:
    """Gold or predicted value without time of day and week-number padding; with ``placeholders``
    a decade or century with placeholder digits is written in TimeML's short form."""
    v = value.strip()
    v = re.sub(r"^(\d{4}-\d{2}-\d{2})T.*$", r"\1", v)
    v = re.sub(r"^(\d{4}-W)0(\d)", r"\1\2", v)
    if placeholders:
        v = re.sub(r"^(\d{2,3})X+$", r"\1", v)  # "198X" = "198" (the 1980s), "19XX" = "19" (the 20th century)
    return v


def timeml_value(span: TimeSpan, *, rules_dir: str = "") -> str | None:
    """The TimeML value of a resolved span (None when unresolved)."""
    rule = time_rules(rules_dir).by_id.get(span.rule_id or "")
    if rule is not None and rule.params.get("timeml"):
        return str(rule.params["timeml"])
    if span.start is None or span.end is None:
        return None
    s, e = date.fromisoformat(span.start), date.fromisoformat(span.end)
    mid = s + timedelta(days=(e - s).days // 2)
    p = span.precision
    if p == "day":
        return s.isoformat()
    if p == "week":
        if rule is not None and rule.kind == "weekend":
            y, w, _ = s.isocalendar()
            return f"{y}-W{w:02d}-WE"
        y, w, _ = mid.isocalendar()
        return f"{y}-W{w:02d}"
    if p == "month":
        return f"{mid.year:04d}-{mid.month:02d}"
    if p == "quarter":
        return f"{s.year:04d}-Q{(s.month - 1) // 3 + 1}"
    if p == "half":
        return f"{s.year:04d}-H{1 if s.month <= 6 else 2}"
    if p == "season":
        first = s.replace(day=1)
        code = _SEASON_CODES.get(first.month)
        if code is None:  # narrowed ("late summer"): the season of its start
            code = _SEASON_CODES[max(m for m in _SEASON_CODES if m <= first.month) if first.month >= 3 else 12]
        year = s.year - 1 if code == "WI" and s.month <= 2 else s.year
        return f"{year:04d}-{code}"
    if p == "year":
        return f"{mid.year:04d}"
    if p == "decade":
        return f"{s.year // 10:03d}"
    if p == "century":
        return f"{s.year // 100:02d}"
    return None


def _error_class(gold: str, pred: str | None, matched: bool) -> str:
    if not matched:
        return "no_rule"
    if pred is None:
        return "unresolved"
    if "X" in gold or gold.startswith("P"):
        return "gold_underspecified"
    if gold.endswith("_REF") != pred.endswith("_REF"):
        return "ref_vs_date"
    gk, pk = re.sub(r"\d", "9", gold), re.sub(r"\d", "9", pred)
    if gk != pk:
        return "granularity"
    return "wrong_value"


def _files(gold: Path) -> list[tuple[str, Path]]:
    if gold.is_file():
        return [(gold.parent.name, gold)]
    files = sorted(gold.rglob("*.tml"))
    if not files:
        raise EvalError(f"timeml: no .tml files under {gold}")
    return [(f.parent.name if f.parent != gold else "", f) for f in files]


def _in_context(t: GoldTimex, rules_dir: str) -> tuple[str, str | None]:
    """The gold text with no rule, or, when no rule reads the gold text on its own, the expression
    the pipeline finds around it: TimeML may leave a signal word outside the TIMEX3 ("a year"
    followed by "earlier"), the pipeline's rules take it in."""
    if match_rule(t.text, rules_dir=rules_dir) is not None:
        return t.text, None
    start, end = len(t.before), len(t.before) + len(t.text)
    for x in find_timexes(t.before + t.text + t.after, rules_dir=rules_dir):
        if x.start <= start and x.end >= end:
            return x.expression, x.rule_id
    return t.text, None


def _predictions(path: Path, *, subset: str, rules_dir: str) -> list[tuple[GoldTimex, TimeSpan, str | None]]:
    """Each gold timex of one file with its resolved span and TimeML value, resolved in text order
    through one :class:`~sitrep.resolve.discourse.Discourse` (reference time and period hint)."""
    items = load_tml(path, subset=subset)
    if not items:
        return []
    discourse = Discourse(anchor=parse_anchor(items[0].dct), rules_dir=rules_dir)
    found = [_in_context(t, rules_dir) for t in items]
    tenses = [detect_tense(t.before, t.after, rules_dir=rules_dir) for t in items]
    discourse.prescan((x, rid, tense) for (x, rid), tense in zip(found, tenses))
    out = []
    for t, (expression, rid), tense in zip(items, found, tenses):
        span = discourse.resolve(expression, tense=tense, rule_id=rid, before=t.before)
        out.append((t, span, timeml_value(span, rules_dir=rules_dir)))
    return out


def run(gold: Path, *, settings: Any, limit: int | None = None) -> dict[str, Any]:
    """Resolve every gold DATE timex and score the normalised values (see the module doc)."""
    rules_dir = getattr(settings, "rules_dir", "") or ""
    files = _files(gold)
    if limit is not None:
        files = files[:limit]
    rows: list[tuple[GoldTimex, bool, bool]] = []  # (timex, correct, relative)
    strict = 0  # correct without the placeholder equivalence
    errors: Counter[str] = Counter()
    for subset, path in files:
        for t, span, pred in _predictions(path, subset=subset, rules_dir=rules_dir):
            gold_v = normalise_value(t.value)
            ok = pred is not None and normalise_value(pred) == gold_v
            strict += pred is not None and normalise_value(pred, placeholders=False) == normalise_value(t.value, placeholders=False)
            if not ok:
                errors[_error_class(gold_v, pred, span.rule_id is not None)] += 1
            rows.append((t, ok, not _HAS_YEAR.search(t.text)))

    def acc(items: list[tuple[GoldTimex, bool, bool]]) -> float:
        return round(sum(ok for _t, ok, _r in items) / len(items), 4) if items else 0.0

    relative = [r for r in rows if r[2]]
    metrics: dict[str, Any] = {
        "n": len(rows),
        "n_relative": len(relative),
        "date_value_accuracy": acc(rows),
        "date_value_accuracy_strict": round(strict / len(rows), 4) if rows else 0.0,
        "relative_value_accuracy": acc(relative),
        "n_files": len(files),
    }
    subsets = {t.subset.lower() for t, _ok, _r in rows}
    for name in ("timebank", "aquaint"):
        if name in subsets and len(subsets) > 1:
            part = [r for r in rows if r[0].subset.lower() == name]
            metrics[f"{name}_accuracy"] = acc(part)
            metrics[f"{name}_n"] = len(part)
            metrics[f"{name}_relative_accuracy"] = acc([r for r in part if r[2]])
    for cls, count in sorted(errors.items()):
        metrics[f"err_{cls}"] = count
    return metrics


def mistakes(gold: Path, *, rules_dir: str = "") -> list[tuple[str, str, str, str | None, str | None]]:
    """(doc, text, gold value, predicted value, rule id) of each wrong item: for error analysis."""
    out = []
    for subset, path in _files(gold):
        for t, span, pred in _predictions(path, subset=subset, rules_dir=rules_dir):
            if pred is None or normalise_value(pred) != normalise_value(t.value):
                out.append((f"{t.doc}@{t.dct[:10]}", t.text, t.value, pred, span.rule_id))
    return out
