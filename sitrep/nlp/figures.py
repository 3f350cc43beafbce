"""Figures from a parsed Doc: "killed 21 civilians", "more than 50,000 people have fled", "hundreds detained".

Mechanics only; every lexical decision is a rule in ``sitrep/data/figure_rules.jsonl`` (see its header).
The quantity itself comes from :mod:`sitrep.nlp.numbers`. For each quantity in a sentence:

1. find its syntactic node (the number, or the noun it counts: "21 -> civilians", "hundreds (of people)");
2. drop it when it is not a count of people or dwellings (dates, ages, money, "two weeks", unknown nouns);
3. find the metric, first from the governing predicate ("killed 21", "21 were killed", "were left homeless",
   "forced 17,000 to leave their homes", "the death toll rose to 30"), then the counted noun itself ("5 dead",
   "8,000 IDPs"), a partitive ("eight of those killed"), a modifier ("displaced persons"), a conjunct, or an
   absolute "with another 30,000 moving to ...";
4. fill subgroup, unit, IDMC term, stock/flow, origin/destination, and link subsets ("including two children",
   "eight of those killed" -> the latest earlier figure of the same metric).

Split by noun: the rule table in :mod:`sitrep.nlp.figure_rules`, the metric finders in
:mod:`sitrep.nlp.figure_metrics`, subsets/origins/destinations/kind in :mod:`sitrep.nlp.figure_links`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from ..records import Figure, Provenance, record_id
from .figure_links import _direction, _kind, _pronoun_subset, _subgroup, _subset_parent, _unit, _with_absolute
from .figure_metrics import _anchor, _container_count, _modifier, _node_of, _noun_metric, _partitive, _predicate, _strong_noun
from .figure_rules import _Hit, _Rules, _is_dwelling, _is_people, _lemma, _rules, _words
from .numbers import Quantity, find_quantities
from .ruleset import span_text

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Span, Token

__all__ = ["extract_figures", "main_figure", "main_total"]


def _locate(doc: "Doc", sent: "Span", q: Quantity) -> "Span | None":
    return doc.char_span(sent.start_char + q.start, sent.start_char + q.end, alignment_mode="expand")


def _overlaps(a: int, b: int, start: int, end: int) -> bool:
    return start <= a and b <= end or a <= start < b or a < end <= b


_MATCHERS: dict[tuple[int, str], "_Plan"] = {}


class _Plan:
    """The token-pattern Matcher and where it can match: every token of a match satisfies one token spec
    of its pattern, and all the pattern's required specs (no ``OP`` or ``OP`` "+"/"1") are met inside it.
    Each distinct spec is a bit; a lexeme's bits (cached per ORTH) say which specs it satisfies. The
    Matcher then walks only the runs of tokens satisfying some spec whose union holds all required bits
    of some pattern (the matches are the same as over the whole doc). Patterns using other attributes or
    operators are matched over the whole doc."""

    _FLAGS = ("LIKE_NUM", "IS_PUNCT", "IS_DIGIT", "IS_ALPHA", "IS_SPACE")
    _STRINGS = {"LOWER": "lower_", "ORTH": "orth_", "TEXT": "orth_"}

    def __init__(self, matcher: Any, patterns: list[dict[str, Any]]) -> None:
        self.matcher = matcher
        self.by_id = {r["id"]: r for r in patterns}
        self.specs: list[tuple[tuple[str, Any], ...]] = []
        self.required: list[int] = []
        self.bits: dict[int, int] = {}  # ORTH hash -> bits of the specs its lexeme satisfies
        self._complete: dict[int, bool] = {}  # union of a run's bits -> it holds some pattern's required bits
        self.windowed = True
        index: dict[tuple[tuple[str, Any], ...], int] = {}
        for r in patterns:
            need = 0
            for tok in r["pattern"]:
                op = tok.get("OP")
                spec = tuple(sorted((k, self._value(v)) for k, v in tok.items() if k != "OP"))
                if op not in (None, "?", "*", "+", "1") or not spec or not all(self._supported(k, v) for k, v in spec):
                    self.windowed = False
                    return
                bit = index.get(spec)
                if bit is None:
                    bit = index[spec] = len(self.specs)
                    self.specs.append(spec)
                if op in (None, "+", "1"):
                    need |= 1 << bit
            self.required.append(need)
        self.required = sorted(set(self.required))
        if len(self.specs) > 63 or not all(self.required):
            self.windowed = False
        # one-condition specs indexed (string -> bits, flag -> bits); the others tested one by one
        self.by_string: dict[str, dict[str, int]] = {}
        self.by_flag: dict[tuple[str, bool], int] = {}
        self.other: list[int] = []
        for bit, spec in enumerate(self.specs):
            (key, v), = spec if len(spec) == 1 else ((None, None),)
            if key in self._FLAGS:
                self.by_flag[(key, v)] = self.by_flag.get((key, v), 0) | 1 << bit
            elif key in self._STRINGS and (isinstance(v, str) or all(k == "IN" for k, _x in v)):
                index_ = self.by_string.setdefault(self._STRINGS[key], {})
                for word in (v,) if isinstance(v, str) else [w for _k, x in v for w in x]:
                    index_[word] = index_.get(word, 0) | 1 << bit
            else:
                self.other.append(bit)

    @staticmethod
    def _value(v: Any) -> Any:
        if isinstance(v, dict):
            return tuple(sorted((k, frozenset(x) if isinstance(x, list) else x) for k, x in v.items()))
        return v

    @classmethod
    def _supported(cls, key: str, v: Any) -> bool:
        if key in cls._FLAGS:
            return isinstance(v, bool)
        if key in cls._STRINGS:
            if isinstance(v, str):
                return True
            return isinstance(v, tuple) and all(k in ("IN", "NOT_IN") and isinstance(x, frozenset) for k, x in v)
        return False

    def lexeme_bits(self, lex: Any) -> int:
        out = 0
        for attr, index_ in self.by_string.items():
            out |= index_.get(getattr(lex, attr), 0)
        for (key, v), bits in self.by_flag.items():
            if bool(getattr(lex, key.lower())) == v:
                out |= bits
        for bit in self.other:
            spec = self.specs[bit]
            for key, v in spec:
                if key in self._FLAGS:
                    ok = bool(getattr(lex, key.lower())) == v
                else:
                    s = getattr(lex, self._STRINGS[key])
                    ok = s == v if isinstance(v, str) else all((s in x) == (k == "IN") for k, x in v)
                if not ok:
                    break
            else:
                out |= 1 << bit
        return out

    def __call__(self, doc: "Doc") -> list[tuple[int, int, int]]:
        if not self.windowed or not len(doc):
            return [tuple(m) for m in self.matcher(doc)]
        from spacy.attrs import ORTH

        # each token's bits from the per-ORTH cache (one map over the column), then the runs of tokens
        # with some bit: few tokens have any, so plain Python over those beats array set-up per document
        cache = self.bits
        orths = doc.to_array(ORTH).tolist()
        bits = list(map(cache.get, orths))
        if None in bits:  # words not seen before: their bits once, then map again
            vocab = doc.vocab
            for h in set(orths).difference(cache):
                cache[h] = self.lexeme_bits(vocab[h])
            bits = list(map(cache.__getitem__, orths))
        runs: list[tuple[int, int]] = []
        a = b = -1
        union = 0
        ok = self._complete
        for i in [i for i, x in enumerate(bits) if x]:
            if i != b:
                if a >= 0 and (ok[union] if union in ok else self._holds(union)):
                    runs.append((a, b))
                a, union = i, 0
            union |= bits[i]
            b = i + 1
        if a >= 0 and (ok[union] if union in ok else self._holds(union)):
            runs.append((a, b))
        out: list[tuple[int, int, int]] = []
        for a, b in runs:
            out.extend((mid, a + s, a + e) for mid, s, e in self.matcher(doc[a:b]))
        return out

    def _holds(self, union: int) -> bool:
        """Whether a run whose tokens' bits have this union meets all required bits of some pattern (memoised)."""
        found = self._complete[union] = any(union & need == need for need in self.required)
        return found


def _token_matches(doc: "Doc", rules: _Rules, rules_dir: str) -> list[tuple[int, int, dict[str, Any]]]:
    """Matches of the token-pattern rules (spaCy Matcher syntax) over the whole doc."""
    if not rules.token_patterns:
        return []
    key = (id(doc.vocab), rules_dir)
    plan = _MATCHERS.get(key)
    if plan is None:
        from spacy.matcher import Matcher

        from ..errors import RuleError

        matcher = Matcher(doc.vocab)
        for r in rules.token_patterns:
            try:
                matcher.add(r["id"], [r["pattern"]])
            except Exception as exc:  # spaCy raises several types for a bad pattern
                raise RuleError(f"figure_rules.jsonl: rule {r.get('id')}: bad token pattern ({exc})") from None
        plan = _MATCHERS[key] = _Plan(matcher, rules.token_patterns)
    by_id, strings = plan.by_id, doc.vocab.strings
    return [(start, end, by_id[strings[mid]]) for mid, start, end in plan(doc)]


def _singular_matches(doc: "Doc", rules: _Rules) -> list[tuple[int, int, dict[str, Any]]]:
    """Determiners ("a", "the", "another") and object pronouns ("him") that may count one person: one
    vectorised pass over the doc's LOWER/DEP columns (no Python loop over tokens)."""
    if not rules.singular and not rules.singular_pronouns:
        return []
    import numpy

    from spacy.attrs import DEP, LEMMA, LOWER

    metric_hashes, groups = _singular_tables(rules, doc.vocab.strings)
    if metric_hashes is None or not len(doc):
        return []
    cols = doc.to_array([LOWER, DEP, LEMMA])
    lower, dep = cols[:, 0], cols[:, 1]
    # only near a word some metric rule reads ("killed", "wounded", "dead", "bodies", "toll", ...)
    metric_at = numpy.flatnonzero(_member(cols[:, 2], metric_hashes))
    if not len(metric_at):
        return []
    out: list[tuple[int, int, dict[str, Any]]] = []
    for word_hashes, by_hash, dep_hashes in groups:
        mask = _member(lower, word_hashes) & _member(dep, dep_hashes)
        found = numpy.flatnonzero(mask)
        if not len(found):
            continue
        pos = numpy.searchsorted(metric_at, found)
        after = metric_at[numpy.minimum(pos, len(metric_at) - 1)] - found
        before = found - metric_at[numpy.maximum(pos - 1, 0)]
        near = (numpy.abs(after) <= _SINGULAR_WINDOW) | ((before >= 0) & (before <= _SINGULAR_WINDOW))
        for i, h in zip(found[near].tolist(), lower[found[near]].tolist()):
            out.append((i, i + 1, by_hash[h]))
    out.sort(key=lambda m: m[0])
    return out


_SINGULAR_WINDOW = 30  # tokens between a singular determiner and the nearest metric word
_SINGULAR_TABLES: dict[tuple[int, int], Any] = {}


def _member(values: Any, table: Any) -> Any:
    """``numpy.isin(values, table)`` for a sorted, non-empty, duplicate-free ``table`` (one searchsorted)."""
    import numpy

    pos = numpy.minimum(numpy.searchsorted(table, values), len(table) - 1)
    return table[pos] == values


def _singular_tables(rules: _Rules, strings: Any) -> tuple[Any, list[tuple[Any, dict[int, Any], Any]]]:
    """Per rule set and string store: the sorted hashes of the metric words, and for determiners and pronouns
    the sorted word hashes, hash -> rule and the sorted hashes of the dependency labels they may have."""
    key = (id(rules), id(strings))
    found = _SINGULAR_TABLES.get(key)
    if found is None:
        import numpy

        def table(words: Any) -> Any:
            return numpy.array(sorted({strings.add(w) for w in words}), dtype=numpy.uint64)

        words = set(rules.verbs) | set(rules.complements) | set(rules.nouns) | set(rules.event_nouns) | set(rules.toll_nouns)
        groups = []
        for lexicon, deps in ((rules.singular, ("det",)), (rules.singular_pronouns, ("dobj", "nsubjpass"))):
            if lexicon:
                by_hash = {strings.add(w): r for w, r in lexicon.items()}
                groups.append((table(lexicon), by_hash, table(deps)))
        metric = table(words) if words else None
        found = _SINGULAR_TABLES[key] = (metric, groups)
    return found


def extract_figures(doc: "Doc", *, article_id: str, rules_dir: str = "") -> list[Figure]:
    """Every figure (count of people or dwellings affected) in ``doc``, with provenance."""
    rules = _rules(rules_dir)
    figures: list[Figure] = []
    matches = _token_matches(doc, rules, rules_dir)
    singular = _singular_matches(doc, rules)
    # one pass (shared with the event rules when they ran on this doc); a sentence's text is its slice
    doc_text = span_text(doc)
    for sent in doc.sents:
        text = doc_text[sent.start_char : sent.end_char]
        in_sent = [m for m in matches if sent.start <= m[0] < sent.end]
        singles = [m for m in singular if sent.start <= m[0] < sent.end] if singular else []
        hits = _sentence_hits(doc, sent, rules, rules_dir, in_sent, text, singles)
        if hits:
            figures.extend(_to_figures(hits, sent, article_id, rules, figures, text))
    return figures


def _sentence_hits(doc: "Doc", sent: "Span", rules: _Rules, rules_dir: str, matches: list, text: str, singles: list) -> list[_Hit]:
    hits: list[_Hit] = []
    for q in find_quantities(text, rules_dir=rules_dir):
        span = _locate(doc, sent, q)
        if span is None or len(span) == 0:
            continue
        anchor = _anchor(span)
        # inside a token-pattern match ("IDPs total 122 387", "Population evacuated 116129"): a figure even
        # when the parse or the entity recogniser says otherwise
        covered = any(_overlaps(span.start, span.end, m_start, m_end) for m_start, m_end, _r in matches)
        node, noun = _node_of(span, rules)
        counted = noun is not None and noun is not anchor and (_is_people(noun, rules) or _is_dwelling(noun, rules))
        if anchor.ent_type_ in rules.blocked_ents and not (counted or covered):
            continue  # a date, an amount, ... unless it plainly counts people or homes ("1057 people" tagged DATE)
        if anchor.dep_ == "pobj" and _lemma(anchor.head) in ("age", "aged"):
            continue
        if anchor.head.lower_ in ("aged", "age") or any(c.lower_ in ("aged",) for c in anchor.children):
            continue
        unknown = False
        if noun is not None and (
            any(w in rules.blocked for w in _words(noun))
            or noun.ent_type_ in rules.blocked_ents and not counted
        ):
            if not covered:
                continue
            node, noun = anchor, None
        elif noun is not None and not (_is_people(noun, rules) or _is_dwelling(noun, rules) or any(w in rules.nouns for w in _words(noun))):
            if covered:
                node, noun = anchor, None
            elif noun.ent_type_ in ("CARDINAL", "DATE", "TIME") or noun.like_num:
                continue  # "12 June 2016 Dozens of ...": another number or a date, not a counted noun
            else:
                unknown = True  # kept only if a rule that allows unknown nouns governs it ("51 peole were evacuated")
        hit = _Hit(q, sent.start_char + q.start, sent.start_char + q.end, node, noun)
        hit.extra["tokens"] = (span.start, span.end)
        hit.extra["unknown"] = unknown
        hits.append(hit)
    if singles:
        hits = sorted(hits + _singular_hits(doc, sent, rules, singles, hits), key=lambda h: h.start)
    # pass 1: metric from the parse around each hit
    for hit in hits:
        a, b = hit.extra["tokens"]
        label = next((r for m_start, m_end, r in matches if r.get("override") and _overlaps(a, b, m_start, m_end)), None)
        if label is not None and hit.noun is None:  # a table label ("Damaged houses/shelter 91,808"): the parse of a fragment is unreliable
            hit.metric, hit.rule_id = label["metric"], label["id"]
            hit.parent_node = _subset_parent(hit.node, rules)
            continue
        found = _strong_noun(hit.noun, rules) or _predicate(hit.node, hit.noun, rules) or _noun_metric(hit.noun, hit.node, rules)
        if found is None:
            counted = _container_count(hit.node, rules)
            if counted is not None:
                found, hit.noun = counted[:2], counted[2]
        if found is None:
            part = _partitive(hit.node, rules, hit.noun)
            if part is not None:
                found = part
                hit.partitive = True
        if found is None:
            found = _modifier(hit.noun, hit.node, rules)
            absolute = hit.node.dep_ == "pobj" and hit.node.head.lower_ == "with"
            if found is not None and absolute and _lemma(found[1]) in rules.movement:
                found = None  # "with another 30,000 moving to ...": the main verb decides (pass 2)
        if found is not None and hit.extra["unknown"] and not found[0].get("unknown_nouns"):
            found = None
        if found is not None:
            rule, tok = found
            hit.metric, hit.rule_id, hit.verb = rule["metric"], rule["id"], tok
            hit.kind = rule.get("kind")
            if rule.get("camp_term") and rules.camp_words.intersection(_lemma(t) for t in sent):
                hit.term = rule["camp_term"]  # "set up 1,537 relief camps and 2.14 lakh people have been accommodated"
        hit.parent_node = _subset_parent(hit.node, rules)
    # pass 2: what depends on other hits: conjuncts, subsets, absolute "with" clauses
    by_node = {h.node.i: h for h in hits}
    by_verb = {h.verb.i: h for h in hits if h.verb is not None}
    for hit in hits:
        if hit.metric is not None or hit.extra["unknown"]:
            continue
        parent = by_node.get(hit.parent_node.i) if hit.parent_node is not None else None
        if parent is not None and parent.metric is not None:
            hit.metric, hit.rule_id, hit.verb, hit.kind = parent.metric, "subset.including", parent.verb, parent.kind
            continue
        conj_parent = None
        if hit.node.dep_ == "conj":
            # "21 killed and 30 wounded" (conjoined counts) or, with the verb gapped, "709 displaced in A and
            # 363 in B" (the count conjoined to the verb of another figure)
            conj_parent = by_node.get(hit.node.head.i)
            if conj_parent is None and hit.noun is None and not any(
                t.i > hit.node.i and t.pos_ in ("VERB", "AUX") for t in hit.node.head.subtree
            ):
                conj_parent = by_verb.get(hit.node.head.i)
        if conj_parent is not None and conj_parent.metric and _is_dwelling(hit.noun, rules) == _is_dwelling(conj_parent.noun, rules):
            p = conj_parent
            hit.metric, hit.rule_id, hit.verb, hit.kind = p.metric, p.rule_id, p.verb, p.kind
            if hit.parent_node is None and p.parent_node is not None:  # "including 3 children and a woman"
                hit.parent_node = p.parent_node
            continue
        pronoun_parent = _pronoun_subset(hit.node, rules)
        if pronoun_parent:
            prev = next((h for h in reversed(hits[: hits.index(hit)]) if h.metric is not None), None)
            if prev is not None:
                hit.metric, hit.rule_id, hit.verb, hit.kind = prev.metric, "subset.including", prev.verb, prev.kind
                hit.parent_node = prev.node
                continue
        absolute = _with_absolute(hit.node, rules, by_verb)
        if absolute is not None:
            hit.metric, hit.rule_id, hit.verb = absolute[0], "movement.continue", absolute[2]
            continue
        a, b = hit.extra["tokens"]
        for start, end, rule in matches:
            if start <= a and b <= end or (a <= start < b) or (a < end <= b):
                hit.metric, hit.rule_id = rule["metric"], rule["id"]
                break
    out = [h for h in hits if h.metric is not None]
    if rules.singular_pronouns and any(h.noun is None and h.node.pos_ == "PRON" for h in out):
        # "assassinated a lawyer, killing him": a pronoun after a count of the same metric is that count again
        out = [h for k, h in enumerate(out) if not (h.noun is None and h.node.pos_ == "PRON" and any(p.metric == h.metric for p in out[:k]))]
    return out


def _singular_hits(doc: "Doc", sent: "Span", rules: _Rules, singles: list, hits: list[_Hit]) -> list[_Hit]:
    """ "killing a child", "a soldier was wounded", "another civilian died": one person, counted by the
    determiner of a singular noun of people (not families or homes); kept, like every hit, only when a
    metric rule governs the noun."""
    taken = {h.node.i for h in hits} | {h.noun.i for h in hits if h.noun is not None}
    tags = set()
    for _s, _e, rule in singles:
        tags.update(rule.get("tags", ("NN", "NNP")))

    def one(noun: "Token") -> bool:
        return (
            noun.i not in taken
            and noun.tag_ in tags
            and not any(c.dep_ == "nummod" for c in noun.children)
            and _is_people(noun, rules)
            and _unit(noun, rules) == "people"
        )

    extra: list[_Hit] = []
    for start, _end, rule in singles:
        det = doc[start]
        if det.lower_ in rules.singular_pronouns and det.pos_ == "PRON":
            # "opened fire on him, killing him": the pronoun is the person counted
            if det.i not in taken:
                lo = det.idx - sent.start_char
                hit = _Hit(Quantity(1, 1, 1, None, det.text, lo, lo + len(det.text), rule["id"]), det.idx, det.idx + len(det.text), det, None)
                hit.extra["tokens"] = (det.i, det.i + 1)
                hit.extra["unknown"] = False
                extra.append(hit)
            continue
        noun = det.head
        if noun.i <= det.i or not one(noun):
            continue
        # the determiner, then bare conjoined nouns that share it ("a man, woman and child", "a woman and her son")
        words = [(det, noun, det.lower_ if det.lower_ in rule.get("qualifiers", ()) else None)]
        conj = [c for c in noun.children if c.dep_ == "conj"]
        while conj:
            c = conj.pop()
            if c.pos_ == "NOUN" and one(c) and not any(d.dep_ == "det" and d.lower_ in rules.singular for d in c.children):
                words.append((c, c, None))
                conj.extend(d for d in c.children if d.dep_ == "conj")
        for tok, n, qual in words:
            taken.add(n.i)
            lo = tok.idx - sent.start_char
            q = Quantity(1, 1, 1, qual, tok.text, lo, lo + len(tok.text), rule["id"])
            hit = _Hit(q, tok.idx, tok.idx + len(tok.text), n, n)
            hit.extra["tokens"] = (tok.i, tok.i + 1)
            hit.extra["unknown"] = False
            extra.append(hit)
    return extra


def _to_figures(hits: list[_Hit], sent: "Span", article_id: str, rules: _Rules, earlier: list[Figure], text: str) -> list[Figure]:
    out: list[Figure] = []
    ids: dict[int, str] = {}
    for hit in hits:
        metric_rule = rules.metrics.get(hit.metric or "", {})
        start = hit.start
        end = hit.end
        if hit.noun is not None and hit.noun.idx >= hit.start:
            end = max(end, hit.noun.idx + len(hit.noun.text))
        fid = record_id(article_id, "figure", start, end, hit.metric)
        ids[hit.node.i] = fid
        subset_of = None
        if hit.parent_node is not None and hit.parent_node.i in ids:
            subset_of = ids[hit.parent_node.i]
        elif hit.partitive:
            value = hit.q.value or 0
            for prev in reversed(out + earlier):
                pv = prev.best if prev.best is not None else prev.low
                if prev.metric == hit.metric and (pv is None or pv >= value):
                    subset_of = prev.id
                    break
        origin = destination = None
        if hit.metric in ("fled", "displaced", "evacuated", "relocated", "returned", "sheltered"):
            origin, destination = _direction(hit.verb, rules)
        out.append(
            Figure(
                id=fid,
                metric=hit.metric or "",
                quantity=hit.q.text,
                provenance=Provenance(
                    article_id=article_id,
                    start=start,
                    end=end,
                    sentence=text,
                    rule_id=hit.rule_id or "",
                    sentence_start=sent.start_char,
                ),
                low=hit.q.low,
                best=hit.q.best,
                high=hit.q.high,
                qualifier=hit.q.qualifier,
                unit=metric_rule.get("default_unit", "people") if hit.noun is None else _unit(hit.noun, rules),
                term=hit.term or metric_rule.get("term"),
                subgroup=_subgroup(hit, rules),
                subset_of=subset_of,
                kind=_kind(hit, rules),
                origin=origin,
                destination=destination,
            )
        )
    return out


def main_figure(figures: list[Figure], *, rules_dir: str = "") -> Figure | None:
    """The headline displacement figure of an excerpt (what IDMC would code), or None without figures.

    Preference, in order: the metric's ``priority`` in the metric rules (people displaced / evacuated /
    fled / ... before housing destroyed, housing before figures without an IDMC term), a whole rather than
    a subset, a number rather than a vague quantity ("hundreds"), then the first in the text.
    """
    if not figures:
        return None
    rules = _rules(rules_dir)

    def key(item: tuple[int, Figure]) -> tuple[int, int, int, int]:
        pos, f = item
        metric_rule = rules.metrics.get(f.metric, {})
        priority = int(metric_rule.get("priority", 99 if not f.term else 50))
        vague = 1 if f.best is None and f.low != f.high else 0
        return (priority, 1 if f.subset_of else 0, vague, pos)

    return min(enumerate(figures), key=key)[1]


_PLACE_RE = re.compile(r"\b[Ii]n\s+((?:the\s+)?[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)*)")
_PLACE_WINDOW = 40  # characters either side of a figure searched for "in <Place>"


def _named_place(f: Figure) -> str | None:
    """The "in <Place>" written nearest to a figure within its clause window ("In Battambang, 36 houses were
    destroyed", "709,841 people displaced in Jajpur"), or None."""
    p = f.provenance
    if p.sentence_start is None:
        return None
    a, b = p.start - p.sentence_start, p.end - p.sentence_start
    best: tuple[int, str] | None = None
    for m in _PLACE_RE.finditer(p.sentence, max(0, a - _PLACE_WINDOW), min(len(p.sentence), b + _PLACE_WINDOW)):
        gap = a - m.end() if m.end() <= a else m.start() - b if m.start() >= b else 0
        if gap >= 0 and (best is None or gap < best[0]):
            best = (gap, m.group(1).lower())
    return best[1] if best else None


def main_total(figures: list[Figure], *, rules_dir: str = "") -> int | None:
    """The excerpt's headline number as IDMC records it: the main figure's value, or, when the excerpt gives
    the same count (metric and unit) for several named places ("31 houses destroyed in A ... 36 in B"), their
    sum. Figures that are parts of another, that come on top ("another 10,000 might have to be evacuated")
    or that name no place are never added."""
    main = main_figure(figures, rules_dir=rules_dir)
    if main is None:
        return None
    value = main.best if main.best is not None else main.low
    if value is None:
        return None
    place = _named_place(main)
    if place is None:
        return value
    places = {place}
    total = value
    for f in figures:
        if f is main or f.metric != main.metric or f.unit != main.unit or f.subset_of or (f.qualifier or "").lower() == "another":
            continue
        v = f.best if f.best is not None else f.low
        other = _named_place(f)
        if v is None or other is None or other in places:
            continue
        places.add(other)
        total += v
    return total

