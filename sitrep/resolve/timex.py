"""Finding time expressions in plain text with rules from ``sitrep/data/time_rules.jsonl``.

Pure Python (no spaCy). Each pattern rule is a case-insensitive regular expression matched on
whole words; ``%(NAME)`` in a pattern expands to the words of the lexicon row whose ``macro`` is
``NAME`` (longest first; the lexicon's ``cased`` words match with their case, so "May" the month is
not "may" the verb). A named group whose name (without trailing digits) is a lexicon macro, e.g.
``(?P<weekday>%(WEEKDAY))``, is read back through that lexicon by :func:`match_rule`.

Overlapping matches are settled longest first, then by the rule's ``priority``. Optional rule keys
``reject_before`` / ``reject_after`` list words that veto a match when they come right before or
after it ("more than 2000 people" is not a year). ``requires`` gates a rule: it runs only on texts
holding one of those words (``%(MACRO)`` = the lexicon's words, ``#digit`` = any number, ``#year`` = a number 1800-2099, ``#year18`` = one 1800-1899,
``#decade`` = "1990s" / "80s"), which keeps
the cost per sentence low. Rules are compiled once per rules folder.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..errors import RuleError
from ..rules import load_rules

__all__ = ["Timex", "TimeRule", "TimeRules", "find_timexes", "match_rule", "time_rules", "RULES_FILE"]

RULES_FILE = "time_rules.jsonl"
_MACRO = re.compile(r"%\(([A-Z_]+)\)")
_WORD_BEFORE = re.compile(r"(\S+)\s*$")
_WORD_AFTER = re.compile(r"^\s*(\S+)")


@dataclass(frozen=True)
class Timex:
    """A time expression found in a text; ``start``/``end`` are offsets in that text."""

    start: int
    end: int
    expression: str
    rule_id: str
    kind: str


@dataclass(frozen=True)
class TimeRule:
    """One compiled pattern rule: its id, kind (the resolver), regex and parameters."""

    id: str
    kind: str
    regex: re.Pattern[str]
    priority: int
    params: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    reject_before: frozenset[str] = frozenset()
    reject_after: frozenset[str] = frozenset()
    requires: frozenset[str] = frozenset()  # gate words ("#digit": any number); empty = always run


@dataclass(frozen=True)
class TimeRules:
    """All time rules of one rules folder: pattern rules, lexicons and tense cues."""

    patterns: tuple[TimeRule, ...]
    lexicons: dict[str, dict[str, Any]]  # macro name -> lowercased word -> value
    by_id: dict[str, TimeRule]
    tense_cues: tuple[dict[str, Any], ...]
    discourse: dict[str, Any] = field(default_factory=dict)  # the ``kind: discourse`` row (see resolve.discourse)


def _alternation(words: dict[str, Any], cased: dict[str, Any]) -> str:
    items = [(w, False) for w in words] + [(w, True) for w in cased]
    items.sort(key=lambda item: -len(item[0]))
    parts = []
    for word, is_cased in items:
        pat = re.escape(word).replace(r"\ ", r"\s+")
        parts.append(f"(?-i:{pat})" if is_cased else pat)
    return "(?:" + "|".join(parts) + ")"


@lru_cache(maxsize=8)
def time_rules(rules_dir: str = "") -> TimeRules:
    """Load and compile the time rules (built-in, merged with ``rules_dir`` overrides by id)."""
    rows = load_rules(RULES_FILE, extra_dir=rules_dir, required=("id", "kind"))
    lexicons: dict[str, dict[str, Any]] = {}
    macros: dict[str, str] = {}
    cues: list[dict[str, Any]] = []
    discourse: dict[str, Any] = {}
    for row in rows:
        if row["kind"] == "lexicon":
            words = dict(row.get("words", {}))
            cased = dict(row.get("cased", {}))
            name = row.get("macro")
            if not name or not (words or cased):
                raise RuleError(f"{RULES_FILE}: lexicon {row['id']} needs 'macro' and 'words'")
            alt = _alternation(words, cased)
            if row.get("digits"):
                alt = r"(?:\d+|" + alt[3:]
            macros[name] = alt
            table = {k.lower(): v for k, v in words.items()}
            table.update({k.lower(): v for k, v in cased.items()})
            lexicons[name] = table
        elif row["kind"] == "tense_cue":
            cues.append(row)
        elif row["kind"] == "discourse":
            discourse.update(row)
    patterns: list[TimeRule] = []
    for row in rows:
        if row["kind"] in ("lexicon", "tense_cue", "discourse"):
            continue
        source = row.get("pattern")
        if not isinstance(source, str) or not source:
            raise RuleError(f"{RULES_FILE}: rule {row['id']} has no pattern")

        def expand(m: re.Match[str], rid: str = row["id"]) -> str:
            try:
                return macros[m.group(1)]
            except KeyError:
                raise RuleError(f"{RULES_FILE}: rule {rid} uses unknown macro %({m.group(1)})") from None

        expanded = _MACRO.sub(expand, source)
        try:
            regex = re.compile(r"(?<![\w'])(?:" + expanded + r")(?![\w])", re.IGNORECASE)
        except re.error as exc:
            raise RuleError(f"{RULES_FILE}: rule {row['id']}: bad pattern ({exc})") from None
        params = {k: v for k, v in row.items() if k not in ("id", "kind", "pattern", "priority", "reject_before", "reject_after", "requires")}
        requires: set[str] = set()
        for word in row.get("requires", ()):
            m = _MACRO.fullmatch(word)
            if m:
                if m.group(1) not in lexicons:
                    raise RuleError(f"{RULES_FILE}: rule {row['id']} requires unknown macro {word}")
                for w in lexicons[m.group(1)]:
                    requires.update(_gate_tokens(str(w)))
            else:
                requires.add(word.lower())
        patterns.append(
            TimeRule(
                id=row["id"],
                kind=row["kind"],
                regex=regex,
                priority=int(row.get("priority", 0)),
                params=params,
                reject_before=frozenset(w.lower() for w in row.get("reject_before", ())),
                reject_after=frozenset(w.lower() for w in row.get("reject_after", ())),
                requires=frozenset(requires),
            )
        )
    return TimeRules(tuple(patterns), lexicons, {r.id: r for r in patterns}, tuple(cues), discourse)


_GATE_TOKEN = re.compile(r"[a-z0-9][a-z0-9'-]*")


def _gate_tokens(text: str) -> set[str]:
    """Lowercased tokens of ``text`` for rule gates: whole hyphenated words and their parts,
    trailing dots dropped; any token with a digit also yields "#digit" (and "#year" / "#decade")."""
    low = text.lower()
    out = set(_GATE_TOKEN.findall(low))
    for tok in [w for w in out if "'" in w or "-" in w]:
        if tok.endswith("'s") or tok.endswith("'"):
            out.add(tok.rstrip("s").rstrip("'"))
        if "-" in tok:
            out.update(p for p in tok.split("-") if p)
    if _DIGIT.search(low):
        out.add("#digit")
        for m in _GATE_YEAR.finditer(low):  # digit runs are never split by tokens: same as per token
            out.add("#decade" if m.group(2) else "#year")
            if not m.group(2) and m.group(1).startswith("18"):
                out.add("#year18")
    return out


_DIGIT = re.compile(r"\d")
_SPACES = re.compile(r"\s+")
_GATE_YEAR = re.compile(r"(?<!\d)((?:1[89]|20)\d{2}|\d0)(s)?(?!\d)")


def _word_before(text: str, pos: int) -> str:
    m = _WORD_BEFORE.search(text, max(0, pos - 40), pos)
    return m.group(1).lower() if m else ""


def _word_after(text: str, pos: int) -> str:
    m = _WORD_AFTER.match(text[pos : pos + 40])
    return m.group(1).lower().rstrip(",;:.") if m else ""


def _vetoed(rule: TimeRule, text: str, start: int, end: int) -> bool:
    if rule.reject_before:
        before = _word_before(text, start)
        if before in rule.reject_before or (before and before[-1] == "$") or text[max(0, start - 1) : start] == "$":
            return True
    if rule.reject_after and _word_after(text, end) in rule.reject_after:
        return True
    return False


#: per loaded TimeRules (by identity): positions of the ungated rules, and gate word -> positions
_GATES: dict[int, tuple[TimeRules, frozenset[int], dict[str, tuple[int, ...]]]] = {}


def _gate_index(rules: TimeRules) -> tuple[frozenset[int], dict[str, tuple[int, ...]]]:
    found = _GATES.get(id(rules))
    if found is None or found[0] is not rules:
        always = frozenset(i for i, r in enumerate(rules.patterns) if not r.requires)
        by_word: dict[str, list[int]] = {}
        for i, r in enumerate(rules.patterns):
            for w in r.requires:
                by_word.setdefault(w, []).append(i)
        found = _GATES[id(rules)] = (rules, always, {w: tuple(ix) for w, ix in by_word.items()})
    return found[1], found[2]


def find_timexes(text: str, *, rules_dir: str = "") -> list[Timex]:
    """The time expressions in ``text``, in order, without overlaps (longest match wins)."""
    rules = time_rules(rules_dir)
    if not text:
        return []
    tokens = _gate_tokens(text)
    always, by_word = _gate_index(rules)
    # the rules whose gate a token opens (or that have none), in rule order
    run = set(always)
    for tok in tokens & by_word.keys():
        run.update(by_word[tok])
    found: list[tuple[int, int, int, TimeRule]] = []
    for i in sorted(run):
        rule = rules.patterns[i]
        for m in rule.regex.finditer(text):
            s, e = m.span()
            if e > s and not _vetoed(rule, text, s, e):
                found.append((s, e, rule.priority, rule))
    if not found:
        return []
    found.sort(key=lambda f: (-(f[1] - f[0]), -f[2], f[0]))
    taken: list[tuple[int, int, TimeRule]] = []
    for s, e, _p, rule in found:
        if all(e <= ts or s >= te for ts, te, _r in taken):
            taken.append((s, e, rule))
    taken.sort(key=lambda t: t[0])
    return [Timex(s, e, text[s:e], r.id, r.kind) for s, e, r in taken]


def match_rule(expression: str, *, rule_id: str | None = None, rules_dir: str = "") -> tuple[TimeRule, dict[str, Any]] | None:
    """The rule matching ``expression`` (the given one, else the longest match) and its group values.

    Group values are read through the lexicon named by the group (``weekday`` -> 0..6, ``month`` ->
    1..12, ``num`` -> a number, ...); groups without a lexicon keep their text. None when no rule matches.
    """
    rules = time_rules(rules_dir)
    rule: TimeRule | None = rules.by_id.get(rule_id) if rule_id else None
    m = None
    if rule is not None:
        m = rule.regex.fullmatch(expression.strip()) or rule.regex.search(expression)
        if m is None and not rule.regex.groupindex:
            # found in context by this rule (its lookarounds need the sentence): nothing to read back
            return rule, {"_text": expression}
    if m is None:
        hits = find_timexes(expression, rules_dir=rules_dir)
        if not hits:
            return None
        best = max(hits, key=lambda t: (t.end - t.start, rules.by_id[t.rule_id].priority))
        rule = rules.by_id[best.rule_id]
        m = rule.regex.match(expression, best.start)
        if m is None:  # pragma: no cover - find_timexes just matched it
            return None
    assert rule is not None
    values: dict[str, Any] = {}
    for name, raw in m.groupdict().items():
        if raw is None:
            continue
        macro = name.rstrip("0123456789").upper()
        table = rules.lexicons.get(macro)
        key = _SPACES.sub(" ", raw.lower())
        if table is not None and key in table:
            values[name] = table[key]
        elif raw.isdigit():
            values[name] = int(raw)
        else:
            values[name] = key
    values["_text"] = m.group(0)
    return rule, values
