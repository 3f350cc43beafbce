"""Quotation and line-layout cues of attribution, and the token-range helpers claims share.

Quotations (curly, straight or doubled-apostrophe marks) give content to a cue the parse left without
one ("“...,” X said."); layout cues give the speaker of a line ("NAME: content", "“quote” ― NAME").
Line breaks bound every attribution: headlines and subheadings end with a bare line break.
Used by :mod:`sitrep.nlp.claims`; a match is a :class:`_Raw` (token ranges, not yet a record).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from .cues import _Layout

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Span, Token


_SPEAKER_STOP_DEPS = {"appos", "relcl", "acl", "punct", "advcl", "parataxis", "prep_skip"}


_EDGE_PUNCT = set(",;:-–—―\"'“”‘’«»()[]")


_EDGE_WORDS = {"that", "and", "but", "whether"}


@dataclass
class _Raw:
    cue_id: str
    cue: str
    cue_start: int  # char offsets
    cue_end: int
    stance: str
    speaker: "Span"
    speaker_head: "Token"
    content: tuple[int, int]  # token indices [start, end)
    anaphoric: bool = False
    time: str | None = None
    pronoun: "Token | None" = None  # the relative pronoun standing for the speaker in its clause ("..., who said")


def _speaker_span(head: "Token") -> "Span":
    """The speaker phrase: the subject without appositions, relative clauses and trailing punctuation."""
    end = head.i
    for c in head.rights:
        if c.dep_ in _SPEAKER_STOP_DEPS:
            break
        end = max(end, c.right_edge.i)
    start = head.left_edge.i
    doc = head.doc
    while start < end and (doc[start].is_punct or doc[start].is_space):
        start += 1
    return doc[start : end + 1]


def _trim(doc: "Doc", a: int, b: int) -> tuple[int, int]:
    """Strip edge punctuation, spaces and joining words from token range [a, b)."""
    while a < b and (doc[a].is_space or doc[a].text in _EDGE_PUNCT or doc[a].lower_ in _EDGE_WORDS and doc[a].dep_ in ("mark", "cc")):
        a += 1
    while b > a and (doc[b - 1].is_space or doc[b - 1].text in _EDGE_PUNCT or doc[b - 1].is_punct or doc[b - 1].dep_ == "cc"):
        b -= 1
    return a, b


def _is_break(t: "Token") -> bool:
    return t.is_space and "\n" in t.text


def _same_line(doc: "Doc", a: int, b: int) -> bool:
    """Whether tokens ``a`` and ``b`` are on one line (no line break between them)."""
    lo, hi = min(a, b), max(a, b)
    return not any(_is_break(doc[k]) for k in range(lo, hi))


def _line_cut(doc: "Doc", rng: tuple[int, int], anchor: int) -> tuple[int, int]:
    """Cut content range ``rng`` at line breaks, keeping the piece nearest token ``anchor``.

    Headlines and subheadings end with a bare line break that the sentence splitter may miss;
    an attribution never reaches over one.
    """
    a, b = rng
    pieces: list[tuple[int, int]] = []
    start = a
    for k in range(a, b):
        if _is_break(doc[k]):
            if k > start:
                pieces.append((start, k))
            start = k + 1
    if start < b:
        pieces.append((start, b))
    if len(pieces) <= 1:
        return _trim(doc, *pieces[0]) if pieces else (a, a)

    def dist(p: tuple[int, int]) -> int:
        return 0 if p[0] <= anchor < p[1] else min(abs(anchor - p[0]), abs(anchor - (p[1] - 1)))

    return _trim(doc, *min(pieces, key=dist))


# curly, straight or doubled-apostrophe marks; a line may open with a (mistyped) closing mark
_QUOTE_RE = re.compile(r"“[^“”]{2,}”|(?m:^[ \t]*”[^“”\n]{2,}”)|\"[^\"\n]{2,}\"|''[^\n]{2,}?''")


_GAP_BEFORE = re.compile(r"[\s,.;:—–-]*")


_GAP_AFTER = re.compile(r"[ \t,:]*")


def _quotes(doc: "Doc", text: str) -> list[tuple[int, int]]:
    """Token ranges [start, end) of the quotations in ``doc`` (curly, straight or doubled-apostrophe marks)."""
    out = []
    for m in _QUOTE_RE.finditer(text):
        span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if span is not None and len(span) > 2:
            out.append((span.start, span.end))
    return out


def _adjacent_quote(tok: "Token", subj: "Token", quotes: list[tuple[int, int]], text: str) -> tuple[int, int] | None:
    """A quotation right before the attribution ("“...,” X said." / "“...?” said X.") or right after it
    ("X said, “...”"), when the parse gave the cue no content of its own."""
    if not quotes:
        return None
    doc = tok.doc
    sp = _speaker_span(subj)
    first, last = min(tok.i, sp.start), max(tok.i, sp.end - 1)
    start_char, end_char = doc[first].idx, doc[last].idx + len(doc[last])
    k = bisect.bisect_left(quotes, (first + 1, 0)) - 1
    for j in (k, k + 1):
        if not 0 <= j < len(quotes):
            continue
        qa, qb = quotes[j]
        if qb <= first:
            gap = text[doc[qb - 1].idx + len(doc[qb - 1]) : start_char]
            if _GAP_BEFORE.fullmatch(gap) and "\n" not in gap:
                return _trim(doc, qa, qb)
        elif qa > last:
            gap = text[end_char : doc[qa].idx]
            if _GAP_AFTER.fullmatch(gap):
                return _trim(doc, qa, qb)
    return None


_NAME_WORD = r"[A-Z][\w.'’-]*"


@lru_cache(maxsize=32)
def _layout_re(kind: str, marks: tuple[str, ...], max_words: int) -> re.Pattern[str]:
    name = _NAME_WORD + r"(?:[^\S\n]+" + _NAME_WORD + r"){0,%d}" % (max_words - 1)
    alt = "|".join(re.escape(m) for m in marks)
    if kind == "colon":  # NAME: content (to the end of the line)
        return re.compile(r"(?m)^(?:[^\S\n]|[\"“])*(?P<name>" + name + r")[^\S\n]*(?:" + alt + r")[^\S\n]*(?P<content>\S[^\n]*)$")
    # “quote” ― NAME (to the end of the line)
    return re.compile(r"[”\"][^\S\n]*(?:" + alt + r")[^\S\n]*(?P<name>" + name + r")[^\S\n.]*(?=\n|$)")


def _named(span: "Span") -> bool:
    """A name: an entity of a speaking kind in the span, or a word written in capitals."""
    return any(t.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") or t.pos_ == "PROPN" or t.is_upper and len(t) > 2 and t.is_alpha for t in span)


def _match_layout(doc: "Doc", layout: _Layout, quotes: list[tuple[int, int]], raws: list[_Raw], text: str) -> list[_Raw]:
    """Claims whose speaker is given by the line's layout (interview transcripts, vox-pop quotes, headlines)."""
    out: list[_Raw] = []
    taken = [(r.content[0], r.content[1]) for r in raws]

    def is_taken(a: int, b: int) -> bool:  # another claim already has (nearly) this content
        return any(min(b, y) - max(a, x) >= 0.8 * (b - a) for x, y in taken)

    for m in _layout_re(layout.kind, layout.marks, layout.max_words).finditer(text):
        name_end = m.end("name") - (1 if m.group("name").endswith(".") and layout.kind == "dash" else 0)
        name = doc.char_span(m.start("name"), name_end, alignment_mode="contract")
        if name is None or len(name) == 0 or name.text.lower() in layout.exclude or name.text.split()[0].lower() in layout.exclude:
            continue
        # a headline "Poll: ..." / "Sanders: ...": at the head of the text a capitalised word names the speaker even
        # when the tagger took it for a common noun
        if not _named(name) and not (layout.kind == "colon" and not text[: m.start()].strip() and all(t.is_title or t.is_upper for t in name)):
            continue
        if layout.kind == "colon":
            span = doc.char_span(m.start("content"), m.end("content"), alignment_mode="expand")
            if span is None:
                continue
            content = _trim(doc, span.start, span.end)
            cue_start, cue_end = m.end("name"), m.start("content")
        else:
            end_tok = doc.char_span(m.start(), m.start() + 1, alignment_mode="expand")
            if end_tok is None:
                continue
            q = next((q for q in quotes if q[0] < end_tok.end <= q[1]), None)
            if q is None:
                # a quotation with a quotation inside (“... what he calls “hell” than ...”): from its line's opening mark
                line_start = text.rfind("\n", 0, m.start()) + 1
                opening = len(text) - len(text[line_start:].lstrip())
                first = doc.char_span(opening, opening + 1, alignment_mode="expand") if text[opening : opening + 1] in ("“", '"') else None
                if first is None:
                    continue
                q = (first.start, end_tok.end)
            content = _trim(doc, q[0], q[1])
            cue_start = m.start() + min((k for k in (m.group(0).find(mk) for mk in layout.marks) if k >= 0), default=0)
            cue_end = cue_start + next((len(mk) for mk in layout.marks if text.startswith(mk, cue_start)), 1)
        if content[1] <= content[0] or is_taken(*content):
            continue
        cue_text = text[cue_start:cue_end].strip() or text[cue_start:cue_end]
        out.append(_Raw(layout.id, cue_text, cue_start, cue_end, layout.stance, name, name.root, content, False, None))
    return out


def _after_colon(tok: "Token") -> tuple[int, int] | None:
    doc = tok.doc
    nxt = tok.i + 1
    while nxt < len(doc) and doc[nxt].is_space:
        nxt += 1
    if nxt >= len(doc) or doc[nxt].text != ":":
        return None
    sent = doc[nxt].sent
    if nxt + 1 < sent.end - 1:
        return _trim(doc, nxt + 1, sent.end)
    if sent.end < len(doc):
        nxt_sent = doc[sent.end].sent
        return _trim(doc, nxt_sent.start, nxt_sent.end)
    return None
