"""Claim records from matched attributions: speakers resolved, offsets, sentences, denial links.

Part of :mod:`sitrep.nlp.claims` (see its docstring): :func:`_build` turns the raw matches of one
article into :class:`~sitrep.records.Claim` records; :func:`_link_denials` sets ``contradicts``.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from typing import TYPE_CHECKING

from ..records import Article, Claim, Provenance, TimeSpan, record_id
from .cues import CueLexicon
from .quotes import _Raw
from .speakers import SpeakerMention, resolve_speakers, written_form

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Span, Token


_CONTENT_STOP = {"the", "a", "an", "of", "to", "in", "on", "and", "or", "that", "this", "with", "for", "had", "have", "has", "was", "were", "said"}


def _mention(span: "Span", head: "Token", ents: "tuple[Span, ...] | None" = None) -> SpeakerMention:
    """``ents``: ``span.doc.ents`` when the caller has them (Doc.ents builds every Span each time)."""
    doc = span.doc
    context = ""
    org = ""
    appos = next((c for c in head.children if c.dep_ == "appos"), None)
    if appos is not None:
        sub = doc[appos.left_edge.i : appos.right_edge.i + 1]
        context = sub.text
        org = _org_name(sub)
    name = ""
    ent_label = head.ent_type_
    if ent_label == "PERSON":
        ent = next((e for e in (doc.ents if ents is None else ents) if e.start <= head.i < e.end), None)
        if ent is not None:
            name = ent.text
            if ent.start > span.start:
                context = " ".join(x for x in (doc[span.start : ent.start].text, context) if x)
    return SpeakerMention(
        text=span.text,
        start=span.start_char,
        end=span.end_char,
        head_pos=head.pos_,
        ent_label=ent_label,
        context=context,
        org=org,
        name=name,
    )


def _org_name(sub: "Span") -> str:
    """The proper name compounding a common noun in an apposition ("... Fastaqim rebel group")."""
    for t in sub:
        if t.pos_ == "NOUN" and t.dep_ != "compound":
            props = [c for c in t.lefts if c.pos_ == "PROPN" and c.dep_ in ("compound", "nmod", "amod")]
            if props:
                return " ".join(p.text for p in props)
    return ""


def _person_names(doc: "Doc", ents: "tuple[Span, ...] | None" = None) -> list[tuple[str, str]]:
    names = []
    for ent in doc.ents if ents is None else ents:
        if ent.label_ != "PERSON":
            continue
        left = ent.root.left_edge.i
        title = doc[left : ent.start].text if left < ent.start else ""
        names.append((ent.text, title))
    return names


def _build(doc: "Doc", article: Article, raws: list[_Raw], lex: CueLexicon, rules_dir: str) -> list[Claim]:
    ents = doc.ents if raws else ()  # built once (no claims: no speakers, no names needed)
    mentions = [_mention(r.speaker, r.speaker_head, ents) for r in raws]
    order = sorted(range(len(raws)), key=lambda i: mentions[i].start)
    resolved_sorted = resolve_speakers([mentions[i] for i in order], names=_person_names(doc, ents), rules_dir=rules_dir)
    resolved = [None] * len(raws)
    for pos, i in enumerate(order):
        resolved[i] = resolved_sorted[pos]
    # a first-person speaker inside quoted content is the quote's speaker ("“We ask ...,” said X")
    for i, r in enumerate(raws):
        if r.speaker_head.pos_ != "PRON":
            continue
        hosts = [j for j, h in enumerate(raws) if j != i and h.content[0] <= r.speaker_head.i < h.content[1]]
        if hosts:
            j = min(hosts, key=lambda j: raws[j].content[1] - raws[j].content[0])
            resolved[i] = resolved[j]
    claims: list[Claim] = []
    seen: set[str] = set()
    text = article.text
    sents = _sentence_chars(doc) if raws else []
    for raw, res in zip(raws, resolved):
        assert res is not None
        c0, c1 = doc[raw.content[0]].idx, doc[raw.content[1] - 1].idx + len(doc[raw.content[1] - 1])
        sp = raw.speaker
        # in a relative clause the speaker is written as the pronoun; its antecedent names it
        sp_start, sp_end = (raw.pronoun.idx, raw.pronoun.idx + len(raw.pronoun)) if raw.pronoun is not None else (sp.start_char, sp.end_char)
        start = min(c0, sp.start_char, raw.cue_start)
        end = max(c1, sp.end_char, raw.cue_end)
        sent_start, sent_end = _sentence_bounds(sents, text, start, end)
        cid = record_id(article.id, "claim", start, end, raw.cue_start)
        if cid in seen:
            continue
        seen.add(cid)
        prov = Provenance(
            article_id=article.id,
            start=start,
            end=end,
            sentence=text[sent_start:sent_end],
            rule_id=raw.cue_id,
            sentence_start=sent_start,
        )
        claims.append(
            Claim(
                id=cid,
                speaker=written_form(sp.text),
                speaker_norm=res.norm,
                speaker_kind=res.kind,
                cue=raw.cue,
                stance=raw.stance,
                content=text[c0:c1],
                content_start=c0,
                content_end=c1,
                provenance=prov,
                speaker_start=sp_start,
                speaker_end=sp_end,
                time=TimeSpan(expression=raw.time, rule_id="claim.time") if raw.time else None,
            )
        )
    anaphoric = {record_id(article.id, "claim", *_bounds(doc, r), r.cue_start) for r in raws if r.anaphoric}
    return _link_denials(claims, anaphoric)


def _sentence_chars(doc: "Doc") -> list[tuple[int, int]]:
    """``[(s.start_char, s.end_char) for s in doc.sents]`` from one array read (no Span objects)."""
    if "sents" in doc.user_hooks or not len(doc):
        return [(s.start_char, s.end_char) for s in doc.sents]
    from spacy.attrs import IDX, LENGTH, SENT_START

    arr = doc.to_array([SENT_START, IDX, LENGTH])
    starts = [0] + [i for i in (arr[:, 0] == 1).nonzero()[0].tolist() if i > 0]
    idx, length = arr[:, 1].tolist(), arr[:, 2].tolist()
    ends = [*starts[1:], len(doc)]
    return [(idx[a], idx[b - 1] + length[b - 1]) for a, b in zip(starts, ends)]


def _sentence_bounds(sents: list[tuple[int, int]], text: str, start: int, end: int) -> tuple[int, int]:
    """Character bounds of the sentence holding the attribution's start, clipped to its line."""
    k = bisect.bisect_right(sents, (start, len(text) + 1)) - 1
    if k < 0:
        return start, end
    a, b = sents[k]
    nl = text.rfind("\n", a, start)
    if nl != -1:
        a = nl + 1
    nl = text.find("\n", max(start, end - 1) if end > start else start, b)
    if nl != -1 and nl >= end:
        b = nl
    b = max(b, end)
    return a, b


def _bounds(doc: "Doc", raw: _Raw) -> tuple[int, int]:
    c0, c1 = doc[raw.content[0]].idx, doc[raw.content[1] - 1].idx + len(doc[raw.content[1] - 1])
    return min(c0, raw.speaker.start_char, raw.cue_start), max(c1, raw.speaker.end_char, raw.cue_end)


_WORD = re.compile(r"[A-Za-z][A-Za-z'-]{3,}")


def _words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text)} - _CONTENT_STOP


def _link_denials(claims: list[Claim], anaphoric: set[str]) -> list[Claim]:
    """Set ``contradicts`` on deny claims (see the module docstring)."""
    out = list(claims)
    for k, c in enumerate(out):
        if c.stance != "deny":
            continue
        earlier = [p for p in out if p.stance != "deny" and p.speaker_norm != c.speaker_norm and p.content_start < c.provenance.start]
        if not earlier:
            continue
        target: Claim | None = None
        if c.id in anaphoric:
            target = max(earlier, key=lambda p: (p.content_start, p.provenance.start))
        else:
            mine = _words(c.content)
            scored = [(len(mine & _words(p.content)), p.content_start, p) for p in earlier]
            best = max(scored, key=lambda x: (x[0], x[1]))
            if best[0] >= 2:
                target = best[2]
        if target is not None:
            out[k] = dataclasses.replace(c, contradicts=target.id)
    return out
