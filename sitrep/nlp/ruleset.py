"""The event rule set: trigger, non-event and status rules (data files) compiled into spaCy matchers.

Mechanics only: ``triggers.jsonl``, ``nonevents.jsonl`` and ``status_cues.jsonl`` are data. A rule matches
through ``terms`` (each word matches its lemma or lower-cased form; two PhraseMatchers) and/or ``patterns``
(Matcher token patterns, matched inside one segment: a sentence or line); then its context constraints are checked (``near``/``not_near``/``sent_has``/
``sent_not``/``ents_after``/``pos``/``not_obj``/``obj_in``/``not_head``). :meth:`RuleSet.hits` returns the matches that hold as
:class:`Hit` values; :mod:`sitrep.nlp.events` and :mod:`sitrep.nlp.classify` turn them into records.
"""

from __future__ import annotations

import dataclasses
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Iterable

from ..errors import RuleError
from ..records import EVENT_TYPES
from ..rules import load_rules

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Span

__all__ = ["Hit", "RuleSet", "rule_set", "segments", "segment", "span_text", "SUB_TO_TYPE", "TERRITORY", "GOV", "NSA"]

SUB_TO_TYPE: dict[str, str] = {sub: et for et, subs in EVENT_TYPES.items() for sub in subs}
TERRITORY = "@territory"
GOV, NSA = "Government regains territory", "Non-state actor overtakes territory"


@dataclass(frozen=True)
class Hit:
    """One rule match that passed its constraints: token span [start, end) of the doc."""

    rule_id: str
    label: str
    start: int
    end: int
    weight: float
    generic: bool
    kind: str  # "trigger", "nonevent" or "status"
    default: str | None = None
    scope: str = "near"
    window: int = 6


@dataclass(frozen=True)
class _Rule:
    id: str
    kind: str
    label: str
    weight: float
    generic: bool
    default: str | None
    near: tuple[frozenset[str], tuple[str, ...]]
    not_near: tuple[frozenset[str], tuple[str, ...]]
    sent_has: tuple[frozenset[str], tuple[str, ...]]
    sent_not: tuple[frozenset[str], tuple[str, ...]]
    ents_after: frozenset[str]
    window: int
    scope: str
    classify_only: bool = False
    pos: frozenset[str] = frozenset()
    not_obj: frozenset[str] = frozenset()
    not_head: frozenset[str] = frozenset()
    obj_in: frozenset[str] = frozenset()


def _wordset(values: Iterable[str]) -> tuple[frozenset[str], tuple[str, ...]]:
    single, multi = set(), []
    for v in values:
        v = v.lower().strip()
        (multi.append(f" {v} ") if " " in v else single.add(v))
        if "-" in v.strip("-"):  # the tokenizer splits "sit-in" into "sit - in"
            multi.append(" " + " - ".join(p.strip() for p in v.split("-")) + " ")
    return frozenset(single), tuple(multi)


_EQ_ATTRS = ("LEMMA", "LOWER", "ORTH", "TEXT")
_MAX_EXPANSION = 64


def _expand_patterns(patterns: Iterable[list[dict[str, Any]]]) -> list[list[dict[str, Any]]]:
    """The patterns with an ``{"IN": [...]}`` on a string attribute of their (required) first token split into
    one pattern per value: the same matches (hits are a set), but the Matcher checks a plain attribute in C at
    every token instead of calling a Python set predicate for every token of the document."""
    out: list[list[dict[str, Any]]] = []
    for pattern in patterns:
        pattern = list(pattern)
        first = pattern[0] if pattern else None
        attr = None
        if isinstance(first, dict) and "OP" not in first:
            attr = next(
                (a for a in _EQ_ATTRS if isinstance(first.get(a), dict) and set(first[a]) == {"IN"}
                 and isinstance(first[a]["IN"], list) and 0 < len(first[a]["IN"]) <= _MAX_EXPANSION
                 and all(isinstance(v, str) for v in first[a]["IN"])),
                None,
            )
        if attr is None:
            out.append(pattern)
            continue
        for value in dict.fromkeys(first[attr]["IN"]):
            out.append([{**first, attr: value}] + pattern[1:])
    return out


@lru_cache(maxsize=1)
def _tokenizer() -> Any:
    import spacy

    return spacy.blank("en").tokenizer


class RuleSet:
    """The three rule files compiled into PhraseMatchers and one Matcher per pattern rule, for a vocabulary."""

    FILES = (("triggers.jsonl", "trigger"), ("nonevents.jsonl", "nonevent"), ("status_cues.jsonl", "status"))

    def __init__(self, vocab: Any, *, rules_dir: str = "") -> None:
        from spacy.matcher import Matcher, PhraseMatcher
        from spacy.strings import get_string_id
        from spacy.tokens import Doc

        # Terms go to two PhraseMatchers (hash look-ups: cheap); only explicit patterns use a Matcher:
        # one per rule, run on windows around the words its patterns require (see _windows).
        self.by_lower = PhraseMatcher(vocab, attr="LOWER")
        self.by_lemma = PhraseMatcher(vocab, attr="LEMMA")
        self.rules: dict[str, _Rule] = {}
        # per rule with patterns: its Matcher and (anchor words, tokens before, tokens after, checks) per
        # pattern (None words: the pattern requires no known word; None reach: unbounded, the anchor's
        # segment; checks: see _checks)
        self.matchers: list[tuple[Any, list[tuple[frozenset[str] | None, int | None, int | None, tuple]]]] = []
        self.anchor_words: set[str] = set()
        self._ents_after: dict[str, frozenset[int]] = {}  # rule id → hashes of its ents_after labels
        self._hit_templates: dict[str, dict[str, Any]] = {}  # rule id → the fields of its Hit (start/end 0)
        self._date_time = frozenset(get_string_id(label) for label in ("DATE", "TIME"))
        tok = _tokenizer()
        for name, kind in self.FILES:
            for row in load_rules(name, extra_dir=rules_dir):
                rule = self._rule(row, kind, name)
                terms = [[t.text for t in tok(term.lower())] for term in row.get("terms", ())]
                patterns = row.get("patterns", ())
                if not terms and not patterns:
                    raise RuleError(f"{name}: rule {rule.id!r} has neither terms nor patterns")
                if terms:
                    self.by_lower.add(rule.id, [Doc(vocab, words=w) for w in terms])
                    self.by_lemma.add(rule.id, [Doc(vocab, words=w, lemmas=w) for w in terms])
                if patterns:
                    expanded = _expand_patterns(patterns)
                    matcher = Matcher(vocab)
                    try:
                        matcher.add(rule.id, expanded)
                    except Exception as exc:  # spaCy raises ValueError/MatchPatternError
                        raise RuleError(f"{name}: rule {rule.id!r} has a bad pattern: {exc}") from None
                    reach = [_reach(pattern) + (_checks(pattern),) for pattern in expanded]
                    for words, _, _, _ in reach:
                        self.anchor_words.update(words or ())
                    self.matchers.append((matcher, list(dict.fromkeys(reach))))
                if rule.ents_after:
                    self._ents_after[rule.id] = frozenset(get_string_id(e) for e in rule.ents_after)
                self.rules[rule.id] = rule
                self._hit_templates[rule.id] = dict(
                    vars(Hit(rule.id, rule.label, 0, 0, rule.weight, rule.generic, rule.kind, rule.default, rule.scope, rule.window))
                )

    @staticmethod
    def _rule(row: dict[str, Any], kind: str, name: str) -> _Rule:
        label = row.get("status") if kind == "status" else row.get("label")
        if not label:
            raise RuleError(f"{name}: rule {row.get('id')!r} has no label/status")
        if kind == "trigger" and label != TERRITORY:
            if label not in SUB_TO_TYPE:
                raise RuleError(f"{name}: rule {row['id']!r}: unknown sub-event type {label!r}")
            if row.get("event_type") not in (None, SUB_TO_TYPE[label]):
                raise RuleError(f"{name}: rule {row['id']!r}: {label!r} is not a {row['event_type']!r}")
        if label == TERRITORY and row.get("default") not in (GOV, NSA):
            raise RuleError(f"{name}: rule {row['id']!r}: @territory needs a default sub-event type")
        return _Rule(
            id=row["id"],
            kind=kind,
            label=label,
            weight=float(row.get("weight", 1.0)),
            generic=bool(row.get("generic", False)),
            default=row.get("default"),
            near=_wordset(row.get("near", ())),
            not_near=_wordset(row.get("not_near", ())),
            sent_has=_wordset(row.get("sent_has", ())),
            sent_not=_wordset(row.get("sent_not", ())),
            ents_after=frozenset(row.get("ents_after", ())),
            window=int(row.get("window", 6)),
            scope=row.get("scope", "near"),
            classify_only=bool(row.get("classify_only", False)),
            pos=frozenset(row.get("pos", ())),
            not_obj=frozenset(w.lower() for w in row.get("not_obj", ())),
            not_head=frozenset(w.lower() for w in row.get("not_head", ())),
            obj_in=frozenset(w.lower() for w in row.get("obj_in", ())),
        )

    # --- matching ---------------------------------------------------------------------------------

    def hits(self, doc: "Doc", *, doc_scope: bool = False) -> list[Hit]:
        """Every rule match whose constraints hold; ``doc_scope`` makes sent_has/sent_not doc-wide."""
        views = _views(doc)
        lem, low, seg = views.lem, views.low, views.seg
        strings = doc.vocab.strings
        out: list[Hit] = []
        sent_cache: dict[int, tuple[set[str], str]] = {}
        doc_bag = (set(lem) | set(low), " " + " ".join(low) + " ") if doc_scope else None
        matches: set[tuple[str, int, int]] = set()
        for matcher, a0, b0 in self._windows(views, len(doc)):
            # a pattern matches inside one segment (merged windows may join two)
            matches.update((strings[m], a0 + a, a0 + b) for m, a, b in matcher(doc[a0:b0]) if seg[a0 + a] == seg[a0 + b - 1])
        for m, a, b in self.by_lower(doc):
            matches.add((strings[m], a, b))
        for m, a, b in self.by_lemma(doc):
            matches.add((strings[m], a, b))
        ent, seg_end = views.ent, views.seg_end
        near_cache: dict[tuple[int, int, int], tuple[set[str], str, set[str]]] = {}
        obj_cache: dict[tuple[int, int], set[str]] = {}
        templates = self._hit_templates
        for rid, start, end in sorted(matches, key=lambda x: (x[1], x[2], x[0])):
            rule = self.rules[rid]
            if rule.kind != "status" and not self._date_time.isdisjoint(ent[start:end]):
                continue
            if rule.pos and doc[end - 1].pos_ not in rule.pos:
                continue
            if rule.not_obj or rule.obj_in:
                objects = obj_cache.get((start, end))
                if objects is None:  # several rules often match the same span
                    objects = obj_cache[(start, end)] = _object_lemmas(doc[start:end])
                if rule.not_obj and not objects.isdisjoint(rule.not_obj):
                    continue
                if rule.obj_in and objects.isdisjoint(rule.obj_in):
                    continue
            if rule.not_head and _modified_lemma(doc[start:end]) in rule.not_head:
                continue
            s0 = seg[start]
            s1 = seg_end[s0]
            if doc_bag is not None:
                bag = doc_bag
            else:
                bag = sent_cache.get(s0)
                if bag is None:
                    bag = sent_cache[s0] = (set(lem[s0:s1]) | set(low[s0:s1]), " " + " ".join(low[s0:s1]) + " ")
            if rule.sent_has[0] or rule.sent_has[1]:
                if not _has(bag, rule.sent_has):
                    continue
            if (rule.sent_not[0] or rule.sent_not[1]) and _has(bag, rule.sent_not):
                continue
            if rule.near[0] or rule.near[1] or rule.not_near[0] or rule.not_near[1]:
                key = (start, end, rule.window)
                near = near_cache.get(key)
                if near is None:
                    near = near_cache[key] = _near_bag(views, start, end, s0, s1, rule.window)
                if (rule.near[0] or rule.near[1]) and not _has(near, rule.near):
                    continue
                if (rule.not_near[0] or rule.not_near[1]) and _has(near, rule.not_near, own=True):
                    continue
            if rule.ents_after and self._ents_after[rid].isdisjoint(ent[end : min(s1, end + rule.window)]):
                continue
            # Hit(rule.id, rule.label, start, end, ...) without the frozen __init__ (one __setattr__ per field):
            # the rule's constant fields copied from its template, in field order
            fields = templates[rid].copy()
            fields["start"] = start
            fields["end"] = end
            hit = _new(Hit)
            _setattr(hit, "__dict__", fields)
            out.append(hit)
        return out


    def _windows(self, views: "_Views", n: int) -> list[tuple[Any, int, int]]:
        """(Matcher, start, end): the token windows each rule's Matcher runs on. A pattern match lies
        inside one segment (see ``_segment``; :meth:`hits` drops any other), holds one of the pattern's
        anchor words and reaches at most so many tokens before and after it (see ``_reach``), so the
        Matcher walks only those windows, clipped to the anchor's segment (the Matcher's cost grows with
        the tokens it walks times its patterns); a pattern with an unbounded operator gets the whole
        segment on that side, one without anchor word the whole document. Windows closer than ``_GAP``
        tokens are merged (a call costs as much as a few tokens)."""
        lem, low = views.lem, views.low
        present = self.anchor_words.intersection(lem)
        present.update(self.anchor_words.intersection(low))
        where: dict[str, list[int]] = {}
        if present:
            for i, (a, b) in enumerate(zip(lem, low)):
                if a in present:
                    where.setdefault(a, []).append(i)
                if b != a and b in present:
                    where.setdefault(b, []).append(i)
        seg, seg_end = views.seg, views.seg_end
        columns = {"lem": lem, "low": low, "tag": views.tag, "shape": views.shape}
        out: list[tuple[Any, int, int]] = []
        for matcher, reach in self.matchers:
            spans: list[tuple[int, int]] = []
            for words, before, after, checks in reach:
                if words is None:
                    spans.append((0, n))
                    continue
                for w in words & present if len(words) > 1 else words:
                    for i in where.get(w, ()):
                        s0 = seg[i]
                        s1 = seg_end[s0]
                        if checks and not all(
                            any(s0 <= i + o < s1 and columns[col][i + o] in values for o in offsets)
                            for offsets, col, values in checks
                        ):
                            continue  # a token the pattern needs at a fixed distance from the anchor is not there
                        a = s0 if before is None else max(s0, i - before)
                        b = s1 if after is None else min(s1, i + 1 + after)
                        spans.append((a, b))
            if not spans:
                continue
            spans.sort()
            a, b = spans[0]
            for c, d in spans[1:]:
                if c > b + _GAP:
                    out.append((matcher, a, b))
                    a, b = c, d
                elif d > b:
                    b = d
            out.append((matcher, a, b))
        return out


_GAP = 4
_new = object.__new__
_setattr = object.__setattr__


def _reach(pattern: list[dict[str, Any]]) -> tuple[frozenset[str] | None, int | None, int | None]:
    """(anchor words, most tokens before, most tokens after) of a match of ``pattern``: a match holds
    one of the words (see ``_anchor``) and reaches at most that far from it (None: no bound, an
    operator ``*``, ``+`` or ``{n,}`` on the way); (None, None, None) when the pattern has no anchor."""
    words, k = _anchor(pattern)
    if words is None:
        return None, None, None
    lengths = [_op_range(spec.get("OP")) for spec in pattern]
    extra = lengths[k][1] - 1 if lengths[k][1] is not None else None  # a repeated anchor: any of its tokens
    before: int | None = extra
    after: int | None = extra
    for j, (_, most) in enumerate(lengths):
        if j == k:
            continue
        if j < k:
            before = None if before is None or most is None else before + most
        else:
            after = None if after is None or most is None else after + most
    return frozenset(words), before, after


#: token spec attribute → (views column, values as that column holds them: lower-cased strings or hashes)
_CHECK_COLUMNS = {"LEMMA": "lem", "LOWER": "low", "ORTH": "low", "TEXT": "low", "TAG": "tag", "SHAPE": "shape"}
_MAX_OFFSETS = 8


def _checks(pattern: list[dict[str, Any]]) -> tuple[tuple[frozenset[int], str, frozenset[Any]], ...]:
    """Tests a token at the anchor of ``pattern`` (see ``_anchor``) must pass for a match to hold it there:
    (offsets, views column, values) — some token at one of the offsets from the anchor, inside its segment,
    has one of the values. Made from the required single-token specs (no OP) whose distance from the anchor
    spec takes few values, on the attributes of ``_CHECK_COLUMNS`` with a string or an ``IN`` list (the
    others are not tested: a check is only ever a necessary condition). Lower-cased strings stand for
    LEMMA/LOWER/ORTH/TEXT (the Matcher's exact value implies the lower-cased one), string hashes for TAG/SHAPE.
    None when the anchor spec is repeated ("+")."""
    from spacy.strings import get_string_id

    words, k = _anchor(pattern)
    if words is None or pattern[k].get("OP") is not None:
        return ()
    out: list[tuple[frozenset[int], str, frozenset[Any]]] = []

    def add(spec: dict[str, Any], offsets: set[int]) -> None:
        for attr, col in _CHECK_COLUMNS.items():
            value = spec.get(attr)
            if isinstance(value, str):
                values = [value]
            elif isinstance(value, dict) and set(value) == {"IN"} and all(isinstance(v, str) for v in value["IN"]):
                values = list(value["IN"])
            else:
                continue
            if col in ("tag", "shape"):
                found = frozenset(get_string_id(v) for v in values)
            else:
                found = frozenset(v.lower() for v in values)
            out.append((frozenset(offsets), col, found))

    anchor_attr = _anchor_attr(pattern[k])
    add({a: v for a, v in pattern[k].items() if a != anchor_attr}, {0})
    for step in (1, -1):  # right of the anchor, then left of it
        offsets = {step}  # where the next spec's first (right) or last (left) token may lie
        j = k + step
        while 0 <= j < len(pattern):
            spec = pattern[j]
            if spec.get("OP") is None:
                add(spec, offsets)
            low_, high = _op_range(spec.get("OP"))
            if high is None:
                break
            offsets = {o + step * n for o in offsets for n in range(low_, high + 1)}
            if len(offsets) > _MAX_OFFSETS:
                break
            j += step
    return tuple(out)


def _anchor_attr(spec: dict[str, Any]) -> str | None:
    """The attribute ``_anchor`` reads the anchor words from in ``spec`` (the first string-valued one)."""
    for attr in _EQ_ATTRS:
        value = spec.get(attr)
        if isinstance(value, str) or (isinstance(value, dict) and set(value) == {"IN"} and all(isinstance(v, str) for v in value["IN"])):
            return attr
    return None


def _op_range(op: Any) -> tuple[int, int | None]:
    """(fewest, most) tokens a token spec with operator ``op`` matches (None: no upper bound)."""
    if op in (None, "!"):
        return 1, 1
    if op == "?":
        return 0, 1
    if op == "*":
        return 0, None
    if op == "+":
        return 1, None
    if isinstance(op, str) and op.startswith("{") and op.endswith("}"):
        low_, sep, high = op[1:-1].partition(",")
        if not sep:
            return int(low_), int(low_)
        return int(low_ or 0), (int(high) if high.strip() else None)
    return 0, None  # unknown: assume unbounded


def _anchor(pattern: list[dict[str, Any]]) -> tuple[set[str] | None, int]:
    """Lower-cased words of which a match of ``pattern`` must contain one, and the index of their token
    spec: the values of a token spec that must occur (no optional OP) and tests LEMMA / LOWER / ORTH / TEXT
    equality or membership, the spec with the smallest share of common words ("in", "be") and then fewest
    values; (None, -1) when no token spec is such."""
    from spacy.lang.en.stop_words import STOP_WORDS

    best: tuple[float, int] | None = None
    words: set[str] | None = None
    at = -1
    for k, spec in enumerate(pattern):
        if spec.get("OP") not in (None, "+"):
            continue
        for attr in _EQ_ATTRS:
            value = spec.get(attr)
            if isinstance(value, dict) and set(value) == {"IN"} and all(isinstance(v, str) for v in value["IN"]):
                values = {v.lower() for v in value["IN"]}
            elif isinstance(value, str):
                values = {value.lower()}
            else:
                continue
            rank = (len(values & STOP_WORDS) / len(values), len(values))
            if best is None or rank < best:
                best, words, at = rank, values, k
            break
    return words, at


def _object_lemmas(span: "Span") -> set[str]:
    """Lemmas of the patient of the trigger's verb: its direct object or passive subject, and for a
    quantity or group noun ("dozens of soldiers", "members of the militia") the noun after "of"."""
    head = span.root
    out: set[str] = set()
    for c in head.children:
        if c.dep_ in ("dobj", "nsubjpass"):
            out.add(c.lemma_.lower())
            for prep in c.children:
                if prep.dep_ == "prep" and prep.lower_ == "of":
                    out.update(g.lemma_.lower() for g in prep.children if g.dep_ == "pobj")
    return out


def _modified_lemma(span: "Span") -> str | None:
    """Lemma of the word a participle trigger modifies ("those" in "of those killed"), else None."""
    root = span.root
    if root.dep_ in ("acl", "amod") and root.head is not root:
        return root.head.lemma_.lower()
    return None


def _has(bag: tuple[set[str], str] | tuple[set[str], str, set[str]], words: tuple[frozenset[str], tuple[str, ...]], own: bool = False) -> bool:
    single, multi = words
    tokens = bag[0] if own or len(bag) == 2 else bag[2]  # type: ignore[misc]
    if single and not single.isdisjoint(tokens):
        return True
    return any(m in bag[1] for m in multi)


def _near_bag(views: "_Views", start: int, end: int, s0: int, s1: int, window: int) -> tuple[set[str], str, set[str]]:
    """Words around a match: a token window inside its segment [s0, s1) plus the syntactic neighbours.

    Returns (all words incl. the match, window text, words excluding the match itself)."""
    lem, low = views.lem, views.low
    a, b = max(s0, start - window), min(s1, end + window)
    idx = set(range(a, b))
    heads, kids = views.heads, views.kids
    for i in range(start, end):
        h = heads[i]
        idx.add(h)
        idx.update(kids(i))
        idx.update(kids(h))
    others = {w for i in idx if not start <= i < end for w in (lem[i], low[i])}
    own = {w for i in range(start, end) for w in (lem[i], low[i])}
    return others | own, " " + " ".join(low[a:b]) + " ", others


@dataclass(frozen=True)
class _Views:
    """Per-document token views shared by every matcher pass and caller: lower-cased lemmas, lower-cased
    forms, the segment start of each token and the end of each segment, heads, entity-type hashes."""

    doc: Any
    text: str
    lem: list[str]
    low: list[str]
    seg: list[int]
    seg_end: dict[int, int]
    heads: list[int]
    ent: list[int]  # ENT_TYPE hash of each token (0: none)
    children: dict[int, list[int]]  # token → its dependents; filled on first use (few documents need it)
    cols: Any = None  # the to_array rows: LEMMA, LOWER, ORTH, SPACY, ENT_TYPE, TAG, SHAPE (see column)
    lists: dict[int, list[int]] = dataclasses.field(default_factory=dict)  # row → its list, made on first use

    @property
    def tag(self) -> list[int]:
        """TAG hash of each token."""
        return self.column(5)

    @property
    def shape(self) -> list[int]:
        """SHAPE hash of each token."""
        return self.column(6)

    def column(self, row: int) -> list[int]:
        found = self.lists.get(row)
        if found is None:
            found = self.lists[row] = self.cols[row].tolist() if self.cols is not None else []
        return found

    def kids(self, i: int) -> list[int]:
        if not self.children and self.heads:
            for j, h in enumerate(self.heads):
                if h != j:
                    self.children.setdefault(h, []).append(j)
            self.children.setdefault(-1, [])  # marks the table as built
        return self.children.get(i, _NONE)


_NONE: list[int] = []
_LOWERED: dict[int, str] = {}  # string hash → lower-cased string (hashes are the same in every vocabulary)
_ORTHS: dict[int, str] = {}  # string hash → string
_LAST: list[_Views] = []  # views of the last document seen (held with the doc: identity, never a reused id)
_TEXT: list[tuple[Any, str]] = []  # (doc, the text it was parsed from), see known_text


def known_text(doc: "Doc", text: str) -> None:
    """Tell the views that ``doc`` was parsed from ``text`` (so ``Doc.text == text``): the views then take it
    instead of joining the tokens again. Ignored unless its length and first/last tokens agree with ``doc``."""
    n = len(doc)
    if n and len(text) == doc[-1].idx + len(doc[-1].text_with_ws) and text.startswith(doc[0].text) and text.endswith(doc[-1].text_with_ws):
        _TEXT[:] = [(doc, text)]
    else:
        _TEXT.clear()


def _lowered(strings: Any, hashes: list[int], table: dict[int, str] = _LOWERED, lower: bool = True) -> list[str]:
    out = list(map(table.get, hashes))
    if None in out:  # strings not seen before: add them, then map again
        for h in set(hashes).difference(table):
            table[h] = strings[h].lower() if lower else strings[h]
        out = list(map(table.__getitem__, hashes))
    return out


def _views(doc: "Doc") -> _Views:
    if _LAST and _LAST[0].doc is doc and len(_LAST[0].lem) == len(doc):
        return _LAST[0]
    import numpy
    from spacy.attrs import ENT_TYPE, HEAD, IDX, LEMMA, LOWER, ORTH, SENT_START, SHAPE, SPACY, TAG

    n = len(doc)
    if not n:
        views = _Views(doc, doc.text, [], [], [], {}, [], [], {})
        _LAST[:] = [views]
        return views
    strings = doc.vocab.strings
    words = doc.to_array([LEMMA, LOWER, ORTH, SPACY, ENT_TYPE, TAG, SHAPE]).T
    lem = _lowered(strings, words[0].tolist())
    low = _lowered(strings, words[1].tolist())
    if _TEXT and _TEXT[0][0] is doc:
        text = _TEXT[0][1]  # the text the doc was parsed from (see known_text)
    else:
        orth = _lowered(strings, words[2].tolist(), _ORTHS, False)
        # Doc.text without Token objects: each token's text plus its trailing space
        text = "".join([o + " " if sp else o for o, sp in zip(orth, words[3].tolist())])
    ent = words[4].tolist()
    arr = doc.to_array([IDX, HEAD, SENT_START]).astype("int64").T  # HEAD and SENT_START are signed
    idx = arr[0].tolist()
    heads = (arr[1] + numpy.arange(n)).tolist()
    if "sents" not in doc.user_hooks and doc.has_annotation("SENT_START"):
        starts = set(numpy.flatnonzero(arr[2] == 1).tolist())  # what Doc.sents yields, without Span objects
        starts.add(0)
    else:
        starts = {s.start for s in doc.sents}
    # segments: sentences further cut after each token whose text_with_ws holds a line break (tokens tile
    # the text: token i spans idx[i]..idx[i+1])
    pos = text.find("\n")
    while pos != -1:
        nxt = bisect_right(idx, pos)
        if nxt < n:
            starts.add(nxt)
        pos = text.find("\n", pos + 1)
    order = sorted(starts)
    ends = order[1:] + [n]
    seg: list[int] = []
    for a, b in zip(order, ends):
        seg.extend([a] * (b - a))
    views = _Views(doc, text, lem, low, seg, dict(zip(order, ends)), heads, ent, {}, words)
    _LAST[:] = [views]
    return views


def segments(doc: "Doc") -> list[int]:
    """For each token, the start of its segment: spaCy sentences further cut at line breaks
    (headlines and teasers glued to the next line by the parser are separate segments). Shared per
    document: read it, do not change it."""
    return _views(doc).seg


def span_text(span: "Span | Doc") -> str:
    """``span.text``, sliced from the document text kept in the views (``Span.text`` joins its tokens)."""
    doc = span.doc
    if _LAST and _LAST[0].doc is doc and len(_LAST[0].lem) == len(doc):
        if span is doc:
            return _LAST[0].text
        if span.start < span.end:
            return _LAST[0].text[span.start_char : span.end_char]
    return span.text


def _segment(doc: "Doc", seg: list[int], i: int) -> "Span":
    a = seg[i]
    if _LAST and _LAST[0].seg is seg:
        return doc[a : _LAST[0].seg_end[a]]
    b = a
    while b < len(doc) and seg[b] == a:
        b += 1
    return doc[a:b]


@lru_cache(maxsize=8)
def _cached_rule_set(vocab_id: int, rules_dir: str, vocab_ref: tuple[Any, ...]) -> RuleSet:
    return RuleSet(vocab_ref[0], rules_dir=rules_dir)


def rule_set(vocab: Any, *, rules_dir: str = "") -> RuleSet:
    """The compiled rules for ``vocab`` (cached per vocabulary and rules folder)."""
    return _cached_rule_set(id(vocab), rules_dir, (vocab,))



segment = _segment
