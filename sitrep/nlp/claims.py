"""Attribution: spaCy Doc → :class:`~sitrep.records.Claim` records (who said what, with what stance).

Cues are data (``sitrep/data/cues.jsonl``): verbs with a stance ("said" assert, "denied" deny,
"accused" accuse, "urged"/"called for"/"called on" call-for, "vowed"/"plans" plan), the preposition
cue "according to", content modifiers ("should" → call-for; "it is ready to" / "will" said of the
speaker itself → plan) and the words by which a denial points back ("denied this/the report").

Patterns, all read off the dependency parse of one sentence:

- ``X said (that) CONTENT`` / ``CONTENT, X said`` / ``CONTENT, said X`` / quotes: cue verb, its
  subject is the speaker, its clausal complement (ccomp/xcomp) the content; when the parser hangs
  the cue under the content clause instead (parataxis), the content is the head clause minus the cue;
  ``X said:`` takes the text after the colon (or the next sentence);
- ``X told Reuters CONTENT``, ``X said in a statement CONTENT``: the listener/statement is skipped;
- ``X urged/called on Y to CONTENT``: content from Y to the end of the infinitive;
- ``X called for N`` / ``X announced N`` / ``X accused Y of N``: nominal content;
- ``X denied this, saying CONTENT``: one deny claim whose content is the ``saying`` clause (the
  denier's counter-statement; its rule id ends with ``#counter``);
- ``according to X, CONTENT`` / ``CONTENT, according to X``: the clause minus the phrase;
- a cue without its own subject takes it from the verb it is coordinated with or, for a participle
  ("saying") from its head; a relative clause ("Ayrault, who has called for ...") from its antecedent;
- nested cues give nested claims ("..., a rebel official said after a military source said ...");
- a cue the parse gave no content takes the quotation right before or after it ("“...?” X said.",
  "X said, “...”"); of several clausal complements the nearest on the cue's line is the content;
- ``X called Y Z`` (naming), ``X spoke of Y`` / ``X pointed to Y`` (topic prepositions), ``it was
  reported by X that ...`` / ``Y was called Z by X`` (passive with a ``by`` agent: statements only);
- reporting nouns with an owner and a finite clause ("X's claim that ...", "the report by X that ...");
- infinitive and gerund cues take the controlling subject ("X went on to warn", "X ended by saying"),
  except under withholding verbs ("X refused to confirm ...": no claim);
- layout cues: "NAME: content" lines (transcripts, headlines) and "“quote” ― NAME" (vox pops);
- in a relative clause the speaker offsets are the relative pronoun ("..., who said ..."), the speaker
  text and normalised name stay the antecedent's.

Speakers are resolved per article by :mod:`sitrep.nlp.speakers`. A deny claim ``contradicts`` the
nearest preceding claim of another speaker when it points back ("this", "the claim"), otherwise the
preceding claim of another speaker sharing the most content words with it.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Iterable

from ..errors import RuleError
from ..records import STANCES, Article, Claim, Provenance, TimeSpan, record_id
from ..rules import load_rules
from .speakers import SpeakerMention, is_not_speaker, resolve_speakers, written_form

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Span, Token

__all__ = ["extract_claims", "CueLexicon", "load_cues", "COUNTER_SUFFIX"]

#: suffix of the rule id of a deny claim whose content is the denier's counter-statement
#: ("denied this, saying CONTENT"): the content is asserted by the denier, not denied
COUNTER_SUFFIX = "#counter"

_SUBJ = ("nsubj", "csubj")
_REL_PRON = {"who", "which", "that", "whom"}
_UNREALISED = {"should", "must", "ought", "could", "might", "may", "can", "would"}  # modal auxiliaries of a cue
_INNER_PRONOUNS = {"i", "we", "you"}  # inside a quote these are the quoted speaker talking: no new claim
_SPEAKER_STOP_DEPS = {"appos", "relcl", "acl", "punct", "advcl", "parataxis", "prep_skip"}
_EDGE_PUNCT = set(",;:-–—―\"'“”‘’«»()[]")
_EDGE_WORDS = {"that", "and", "but", "whether"}
_CONTENT_STOP = {"the", "a", "an", "of", "to", "in", "on", "and", "or", "that", "this", "with", "for", "had", "have", "has", "was", "were", "said"}


# --- the cue lexicon ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _VerbCue:
    id: str
    stance: str
    particle: str | None
    needs: frozenset[str]
    object_tags: frozenset[str] | None = None  # object content only for these verb forms (finite "said X", not "to say X")


@dataclass(frozen=True)
class _Modifier:
    id: str
    stance: str
    from_stances: frozenset[str]
    aux: frozenset[str]
    adjectives: frozenset[str]
    lemmas: frozenset[str]
    self_only: bool


@dataclass(frozen=True)
class _Layout:
    """A speaker given by the layout of a line: "NAME: content" or "“quote” ― NAME"."""

    id: str
    kind: str  # "colon" | "dash"
    stance: str
    marks: tuple[str, ...]
    max_words: int
    exclude: frozenset[str]


@dataclass
class CueLexicon:
    """Cue rows of ``cues.jsonl`` indexed for the matcher."""

    verbs: dict[str, list[_VerbCue]] = field(default_factory=dict)
    preps: list[tuple[str, tuple[str, ...], str]] = field(default_factory=list)  # (id, words, stance)
    modifiers: list[_Modifier] = field(default_factory=list)
    layouts: list[_Layout] = field(default_factory=list)
    nouns: dict[str, tuple[str, str, frozenset[str]]] = field(default_factory=dict)  # lemma -> (id, stance, preps)
    anaphors: frozenset[str] = frozenset()
    withholding: frozenset[str] = frozenset()  # "refused to say": the cue under them states nothing
    topics: dict[str, frozenset[str]] = field(default_factory=dict)  # lemma -> prepositions whose object is the content

    @classmethod
    def from_rows(cls, rows: Iterable[dict]) -> "CueLexicon":
        lex = cls()
        anaphors: set[str] = set()
        for row in rows:
            rtype = row.get("type", "verb")
            stance = row.get("stance")
            if rtype in ("verb", "prep", "modifier", "layout", "noun") and stance not in STANCES:
                raise RuleError(f"cues.jsonl: rule {row['id']!r} has unknown stance {stance!r}")
            if rtype == "verb":
                tags = row.get("object_tags")
                cue = _VerbCue(row["id"], stance, row.get("particle"), frozenset(row.get("needs", ("clause", "object"))), frozenset(tags) if tags is not None else None)
                for lemma in row.get("lemmas", []):
                    lex.verbs.setdefault(lemma.lower(), []).append(cue)
            elif rtype == "prep":
                lex.preps.append((row["id"], tuple(w.lower() for w in row["words"]), stance))
            elif rtype == "modifier":
                lex.modifiers.append(
                    _Modifier(
                        row["id"],
                        stance,
                        frozenset(row.get("from", ("assert",))),
                        frozenset(w.lower() for w in row.get("aux", [])),
                        frozenset(w.lower() for w in row.get("adjectives", [])),
                        frozenset(w.lower() for w in row.get("lemmas", [])),
                        bool(row.get("self", False)),
                    )
                )
            elif rtype == "layout":
                if row.get("layout") not in ("colon", "dash"):
                    raise RuleError(f"cues.jsonl: rule {row['id']!r} has unknown layout {row.get('layout')!r}")
                lex.layouts.append(
                    _Layout(row["id"], row["layout"], stance, tuple(row.get("marks", (":",))), int(row.get("max_words", 4)), frozenset(w.lower() for w in row.get("exclude", ())))
                )
            elif rtype == "noun":
                for lemma in row.get("lemmas", []):
                    lex.nouns[lemma.lower()] = (row["id"], stance, frozenset(w.lower() for w in row.get("preps", ())))
            elif rtype == "anaphor":
                anaphors.update(w.lower() for w in row.get("words", []))
            elif rtype == "topic":
                for lemma in row.get("lemmas", []):
                    lex.topics[lemma.lower()] = lex.topics.get(lemma.lower(), frozenset()) | frozenset(w.lower() for w in row.get("preps", []))
            elif rtype == "withholding":
                lex.withholding = lex.withholding | frozenset(w.lower() for w in row.get("lemmas", []))
            else:
                raise RuleError(f"cues.jsonl: rule {row.get('id')!r} has unknown type {rtype!r}")
        # a row with a particle is more specific than one without: try it first
        for cues in lex.verbs.values():
            cues.sort(key=lambda c: c.particle is None)
        lex.anaphors = frozenset(anaphors)
        return lex


@lru_cache(maxsize=16)
def load_cues(rules_dir: str = "") -> CueLexicon:
    return CueLexicon.from_rows(load_rules("cues.jsonl", extra_dir=rules_dir))


# --- matching ----------------------------------------------------------------------------------


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


def extract_claims(doc: "Doc", *, article: Article, rules_dir: str = "") -> list[Claim]:
    """The attributed statements of ``doc`` (parsed from ``article.text``), in text order."""
    lex = load_cues(rules_dir)
    raws: list[_Raw] = []
    consumed: set[int] = set()
    text = doc.text  # built once: Doc.text joins every token each time
    quotes = _quotes(doc, text)
    prep_starts = {words[0] for _pid, words, _stance in lex.preps}
    for tok in doc:
        pos = tok.pos_
        if pos in ("VERB", "AUX") and tok.lemma_.lower() in lex.verbs and tok.i not in consumed:
            raw = _match_verb(tok, lex, consumed, rules_dir, quotes=quotes, text=text)
            if raw is not None:
                raws.append(raw)
        elif pos == "NOUN" and tok.lemma_.lower() in lex.nouns:
            raw = _match_noun(tok, lex, rules_dir)
            if raw is not None:
                raws.append(raw)
        elif prep_starts and tok.lower_ in prep_starts:
            low = tok.lower_
            for pid, words, stance in lex.preps:
                if low == words[0] and _follows(tok, words):
                    raw = _match_prep(tok, pid, words, stance, rules_dir)
                    if raw is not None:
                        raws.append(raw)
    for layout in lex.layouts:
        raws.extend(_match_layout(doc, layout, quotes, raws, text))
    raws = [r for r in raws if r.content[1] > r.content[0]]
    raws = [r for r in raws if not (r.speaker_head.lower_ in _INNER_PRONOUNS and any(h is not r and h.content[0] <= r.speaker_head.i < h.content[1] for h in raws))]
    raws.sort(key=lambda r: (r.content[0], r.cue_start))
    return _build(doc, article, raws, lex, rules_dir)


def _follows(tok: "Token", words: tuple[str, ...]) -> bool:
    doc = tok.doc
    if tok.i + len(words) > len(doc):
        return False
    return all(doc[tok.i + k].lower_ == w for k, w in enumerate(words))


def _choose_cue(tok: "Token", lex: CueLexicon) -> tuple[_VerbCue, "Token | None"] | None:
    preps: dict[str, "Token"] | None = None  # built only when a cue with a particle is tried
    for cue in lex.verbs[tok.lemma_.lower()]:
        if cue.particle is None:
            return cue, None
        if preps is None:
            preps = {c.lower_: c for c in tok.children if c.dep_ in ("prep", "prt", "dative") and not any(g.ent_type_ in ("DATE", "TIME") for g in c.children)}
        if cue.particle in preps:
            return cue, preps[cue.particle]
    return None


def _subject(tok: "Token", lex: CueLexicon) -> "Token | None":
    # with two subjects (a misparsed dateline or label before the clause) the one nearest the cue speaks
    for c in sorted(tok.children, key=lambda c: abs(c.i - tok.i) if c.dep_ in _SUBJ else len(tok.doc)):
        if c.dep_ in _SUBJ:
            if c.lower_ in _REL_PRON and tok.dep_ == "relcl":
                return tok.head
            return c
        if c.dep_ == "expl":
            return None
    if tok.dep_ == "relcl" and tok.head.pos_ in ("PROPN", "NOUN"):
        return tok.head
    if tok.dep_ == "acl" and tok.tag_ == "VBD" and tok.head.dep_ == "ROOT" and tok.head.pos_ in ("PROPN", "NOUN"):
        return tok.head  # "The charity called on ..." misparsed as a reduced relative clause
    if tok.dep_ == "xcomp" and tok.head.pos_ in ("VERB", "AUX") and tok.head.lemma_.lower() not in lex.withholding:
        # "X refused to say", "X went on to say": the controller is the head's subject
        subj = next((c for c in tok.head.children if c.dep_ in _SUBJ), None)
        if subj is not None:
            return tok.head.head if subj.lower_ in _REL_PRON and tok.head.dep_ == "relcl" else subj
        return _subject(tok.head, lex) if tok.head.dep_ in ("conj", "xcomp", "relcl") else None
    if tok.dep_ == "pcomp" and tok.tag_ == "VBG" and tok.head.dep_ == "prep" and tok.head.head.pos_ in ("VERB", "AUX"):
        # "X ended by saying ...", "X was right in saying ..."
        verb = tok.head.head
        return next((c for c in verb.children if c.dep_ in _SUBJ), None)
    infinitive = tok.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)
    if tok.dep_ in ("conj", "advcl") and (tok.dep_ != "advcl" or tok.tag_ == "VBG" or infinitive):
        # a coordinated cue or a participle takes its subject from the nearest cue above it,
        # else from the verb it hangs on
        head = tok.head
        fallback = None
        for _ in range(6):
            subj = next((c for c in head.children if c.dep_ in _SUBJ), None)
            if subj is not None:
                if head.lemma_.lower() in lex.verbs:
                    return subj
                if fallback is None:
                    fallback = subj
            if head.head is head:
                break
            head = head.head
        return fallback
    return None


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


def _clause_range(root: "Token", *, exclude: Iterable["Token"] = ()) -> tuple[int, int]:
    """Token range of ``root``'s subtree, cut before any excluded subtree at its right or left end."""
    a, b = root.left_edge.i, root.right_edge.i + 1
    for ex in exclude:
        ea, eb = ex.left_edge.i, ex.right_edge.i + 1
        if ea <= a < eb:
            a = eb
        elif a < ea < b:
            b = min(b, ea)
    return _trim(root.doc, a, b)


def _nested_cues(root: "Token", lex: CueLexicon) -> list["Token"]:
    """Cue verbs coordinated with ``root`` that take their own claim (e.g. "... and accuses ...")."""
    return [c for c in root.children if c.dep_ == "conj" and c.lemma_.lower() in lex.verbs and not any(x.dep_ in _SUBJ for x in c.children)]


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


def _match_verb(tok: "Token", lex: CueLexicon, consumed: set[int], rules_dir: str = "", *, quotes: list[tuple[int, int]] = (), text: str = "") -> _Raw | None:
    chosen = _choose_cue(tok, lex)
    if chosen is None:
        return None
    cue, particle = chosen
    if any(c.dep_ == "aux" and c.lower_ in _UNREALISED for c in tok.children):
        return None  # "members should agree on ...", "he could say": no statement was made
    if particle is None:
        passive = _passive(tok, cue, rules_dir)
        if passive is not None:
            return passive
    subj = _subject(tok, lex)
    if subj is None or subj.pos_ not in ("NOUN", "PROPN", "PRON", "NUM", "X") or subj.dep_ == "expl":
        return None
    if subj.i == tok.i or tok in subj.ancestors and subj.dep_ not in _SUBJ and tok.dep_ != "relcl":
        return None
    if not _same_line(tok.doc, subj.i, tok.i) or is_not_speaker(subj.lemma_, rules_dir=rules_dir):
        return None
    doc = tok.doc
    children = list(tok.children)
    # of several clausal complements (the parse may reach over a line break or a colon) the nearest on the cue's line
    clauses = [c for c in children if c.dep_ in ("ccomp", "xcomp") and c.i != subj.i]
    clause = min(clauses, key=lambda c: (not _same_line(doc, c.i, tok.i), abs(c.i - tok.i))) if len(clauses) > 1 else (clauses[0] if clauses else None)
    obj = next((c for c in children if c.dep_ in ("dobj", "attr") and c.i != subj.i), None)
    content: tuple[int, int] | None = None
    anaphoric = False
    counter = False
    cue_end_tok = tok
    if particle is not None:
        cue_end_tok = particle
        pobj = next((c for c in particle.children if c.dep_ in ("pobj", "pcomp")), None)
        if pobj is not None:
            end_root = clause if clause is not None and clause.i > pobj.i else pobj
            content = _trim(doc, pobj.left_edge.i, end_root.right_edge.i + 1)
    elif cue.stance == "deny" and obj is not None and _is_anaphor(obj, lex):
        anaphoric = True
        saying = next((c for c in children if c.dep_ in ("advcl", "conj") and c.lemma_.lower() in lex.verbs and c.tag_ == "VBG"), None)
        inner = None
        if saying is not None:
            inner = next((c for c in saying.children if c.dep_ in ("ccomp", "xcomp")), None)
        if inner is not None:
            consumed.add(saying.i)
            content = _clause_range(inner)
            counter = True
        else:
            content = _trim(doc, obj.left_edge.i, obj.right_edge.i + 1)
    elif "naming" in cue.needs and obj is not None and (oprd := next((c for c in children if c.dep_ == "oprd" and c.i > obj.i), None)) is not None:
        content = _trim(doc, obj.left_edge.i, oprd.right_edge.i + 1)  # X called Y a Z
    elif clause is not None and "clause" in cue.needs:
        if obj is not None and obj.i < clause.i and cue.stance in ("call-for", "accuse") and tok.lemma_ != "tell":
            content = _trim(doc, obj.left_edge.i, clause.right_edge.i + 1)  # urged Y to CONTENT
        else:
            content = _clause_range(clause, exclude=_nested_cues(clause, lex))
    elif obj is not None and "object" in cue.needs and obj.pos_ not in ("PRON",) and (cue.object_tags is None or tok.tag_ in cue.object_tags):
        end = obj.right_edge.i + 1
        of = next((c for c in children if c.dep_ == "prep" and c.lower_ in ("of", "for", "over") and c.i > obj.i), None)
        if of is not None and cue.stance == "accuse":
            end = of.right_edge.i + 1
        content = _trim(doc, obj.left_edge.i, end)
    elif tok.dep_ == "parataxis" and tok.head.i > tok.i and "clause" in cue.needs and tok.head.pos_ in ("VERB", "AUX"):
        # "CONTENT, X said, CONTENT": the cue interrupts the content clause; content is the whole clause
        a, b = _trim(doc, tok.head.left_edge.i, tok.head.right_edge.i + 1)
        return _parenthetical(tok, cue, subj, (a, b))
    elif (
        tok.dep_ in ("parataxis", "ccomp", "advcl")
        and tok.head.i < tok.i
        and "clause" in cue.needs
        and tok.tag_ != "VBG"
        and min(tok.left_edge.i, subj.left_edge.i) > 0
        and (doc[min(tok.left_edge.i, subj.left_edge.i)].text in _EDGE_PUNCT or doc[min(tok.left_edge.i, subj.left_edge.i) - 1].text in _EDGE_PUNCT)
    ):
        # "CONTENT, X said" parsed with the cue under the content clause
        content = _trim(doc, tok.head.left_edge.i, min(tok.left_edge.i, subj.left_edge.i))
    if content is None and particle is None and tok.lemma_.lower() in lex.topics:
        # "X spoke of/about Y", "X pointed to Y": the object of the preposition is what was said
        topic = next((c for c in children if c.dep_ in ("prep", "prt") and c.lower_ in lex.topics[tok.lemma_.lower()] and not any(g.ent_type_ in ("DATE", "TIME") for g in c.children)), None)
        pobj = next((g for g in topic.children if g.dep_ in ("pobj", "pcomp")), None) if topic is not None else None
        if pobj is not None:
            content = _trim(doc, pobj.left_edge.i, pobj.right_edge.i + 1)
            cue_end_tok = topic
    if content is not None:
        content = _line_cut(doc, content, tok.i)
    elif "clause" in cue.needs or "quote" in cue.needs:
        content = _after_colon(tok) or _adjacent_quote(tok, subj, quotes, text or doc.text)
    if content is None or content[1] <= content[0]:
        return None
    # the speaker cannot be inside the content
    if content[0] <= subj.i < content[1]:
        return None
    speaker = _speaker_span(subj)
    stance = _modified_stance(cue.stance, doc, content, speaker, clause, lex)
    cue_text = doc[tok.i : cue_end_tok.i + 1].text if cue_end_tok.i > tok.i else tok.text
    rule = cue.id + COUNTER_SUFFIX if counter else cue.id
    clause_verb = tok.head if tok.dep_ == "xcomp" else tok  # "..., who refused to say ..."
    pronoun = next((c for c in clause_verb.children if c.dep_ in _SUBJ and c.lower_ in _REL_PRON), None) if clause_verb.dep_ == "relcl" else None
    return _Raw(rule, cue_text, tok.idx, cue_end_tok.idx + len(cue_end_tok), stance, speaker, subj, content, anaphoric, _time_of(tok), pronoun)


def _passive(tok: "Token", cue: _VerbCue, rules_dir: str) -> _Raw | None:
    """"Y was called Z by X", "it was reported by X that ...": the agent speaks."""
    kids = list(tok.children)
    if not any(c.dep_ == "auxpass" for c in kids):
        return None
    agent = next((c for c in kids if c.dep_ == "agent"), None)
    pobj = next((g for g in agent.children if g.dep_ == "pobj"), None) if agent is not None else None
    if pobj is None or pobj.pos_ not in ("NOUN", "PROPN", "PRON") or is_not_speaker(pobj.lemma_, rules_dir=rules_dir):
        return None
    doc = tok.doc
    clause = next((c for c in kids if c.dep_ in ("ccomp",)), None)
    patient = next((c for c in kids if c.dep_ == "nsubjpass"), None)
    if clause is not None and "clause" in cue.needs:
        content = _clause_range(clause)
    elif patient is not None and patient.pos_ != "PRON" and cue.stance == "assert" and ("object" in cue.needs or "naming" in cue.needs):
        # only statements: "the minister was attacked by gunmen" is no accusation
        oprd = next((c for c in kids if c.dep_ == "oprd"), None)
        content = _trim(doc, patient.left_edge.i, (oprd.right_edge.i if oprd is not None else patient.right_edge.i) + 1)
    else:
        return None
    if content[1] <= content[0] or content[0] <= pobj.i < content[1]:
        return None
    return _Raw(cue.id + "#passive", tok.text, tok.idx, tok.idx + len(tok), cue.stance, _speaker_span(pobj), pobj, content, False, _time_of(tok))


def _parenthetical(tok: "Token", cue: _VerbCue, subj: "Token", content: tuple[int, int]) -> _Raw | None:
    if content[1] <= content[0]:
        return None
    speaker = _speaker_span(subj)
    return _Raw(cue.id, tok.text, tok.idx, tok.idx + len(tok), cue.stance, speaker, subj, content, False, _time_of(tok))


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
        if name is None or len(name) == 0 or not _named(name) or name.text.lower() in layout.exclude or name.text.split()[0].lower() in layout.exclude:
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
                continue
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


def _is_anaphor(obj: "Token", lex: CueLexicon) -> bool:
    return obj.lower_ in lex.anaphors and (obj.pos_ in ("PRON", "DET") or any(c.lower_ in ("the", "this", "that", "these", "such") for c in obj.children))


def _match_noun(tok: "Token", lex: CueLexicon, rules_dir: str = "") -> _Raw | None:
    """A reporting noun whose owner speaks: "X's claim that ...", "the warning by X that ...", "his plan to ..."."""
    rid, stance, preps = lex.nouns[tok.lemma_.lower()]
    kids = list(tok.children)
    owner = next((c for c in kids if c.dep_ == "poss"), None)
    if owner is None:
        by = next((c for c in kids if c.dep_ == "prep" and c.lower_ in ("by", "from")), None)
        owner = next((g for g in by.children if g.dep_ == "pobj"), None) if by is not None else None
    if owner is None or owner.pos_ not in ("PROPN", "PRON", "NOUN") or is_not_speaker(owner.lemma_, rules_dir=rules_dir):
        return None
    # a finite clause ("claim that ..."), not an infinitive ("decision to ..."): an intention is no statement
    clause = next(
        (c for c in kids if c.dep_ in ("acl", "ccomp", "appos") and c.pos_ in ("VERB", "AUX") and c.i > tok.i and not any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children)),
        None,
    )
    content = None
    if clause is not None:
        content = _trim(tok.doc, clause.left_edge.i, clause.right_edge.i + 1)
    elif preps:
        prep = next((c for c in kids if c.dep_ == "prep" and c.lower_ in preps and c.i > tok.i), None)
        pobj = next((g for g in prep.children if g.dep_ in ("pobj", "pcomp")), None) if prep is not None else None
        if pobj is not None:
            content = _trim(tok.doc, pobj.left_edge.i, pobj.right_edge.i + 1)
    if content is None or content[1] <= content[0] or content[0] <= owner.i < content[1]:
        return None
    speaker = _speaker_span(owner)
    if owner.dep_ == "poss":  # "Trump's": the name without the possessive ending
        end = owner.i + 1
        speaker = tok.doc[owner.left_edge.i : end]
    return _Raw(rid, tok.text, tok.idx, tok.idx + len(tok), stance, speaker, owner, content, False, None)


def _match_prep(tok: "Token", pid: str, words: tuple[str, ...], stance: str, rules_dir: str = "") -> _Raw | None:
    doc = tok.doc
    last = doc[tok.i + len(words) - 1]
    pobj = next((c for c in last.children if c.dep_ == "pobj"), None)
    if pobj is None:
        return None
    # the phrase ends with the speaker (a misparse may hang the content on it as an apposition)
    phrase = (tok.i, max(_speaker_span(pobj).end - 1, last.i) + 1)
    sent = tok.sent
    head = tok.head
    if head.pos_ in ("VERB", "AUX") and head.i != tok.i:
        a, b = head.left_edge.i, head.right_edge.i + 1
    else:
        a, b = sent.start, sent.end
    if phrase[0] - a >= b - phrase[1]:
        content = _line_cut(doc, (a, phrase[0]), tok.i)
    else:
        content = _line_cut(doc, (phrase[1], b), tok.i)
    if is_not_speaker(pobj.lemma_, rules_dir=rules_dir):
        return None
    speaker = _speaker_span(pobj)
    cue_text = doc[tok.i : last.i + 1].text
    return _Raw(pid, cue_text, tok.idx, last.idx + len(last), stance, speaker, pobj, content, False, None)


def _modified_stance(stance: str, doc: "Doc", content: tuple[int, int], speaker: "Span", clause: "Token | None", lex: CueLexicon) -> str:
    if clause is None or not (content[0] <= clause.i < content[1]):
        return stance
    kids = list(clause.children)
    aux = {c.lower_ for c in kids if c.dep_ in ("aux", "auxpass")}
    adjs = {c.lower_ for c in kids if c.dep_ in ("acomp",) and any(g.dep_ == "xcomp" for g in c.children)}
    has_x = any(c.dep_ == "xcomp" for c in kids)
    subj = next((c for c in kids if c.dep_ in _SUBJ), None)
    is_self = subj is not None and (
        subj.lower_ in ("it", "we", "i", "they", "he", "she") or subj.text.lower() == speaker.text.lower() or subj.text.lower() in speaker.text.lower().split()
    )
    for mod in lex.modifiers:
        if stance not in mod.from_stances or (mod.self_only and not is_self):
            continue
        if aux & mod.aux or adjs & mod.adjectives or (has_x and clause.lemma_.lower() in mod.lemmas):
            return mod.stance
    return stance


def _time_of(tok: "Token") -> str | None:
    for c in tok.children:
        if c.ent_type_ in ("DATE", "TIME") and c.dep_ in ("npadvmod", "tmod"):
            return c.text
        if c.dep_ == "prep" and c.lower_ in ("on", "in"):
            pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if pobj is not None and pobj.ent_type_ in ("DATE", "TIME"):
                return tok.doc[pobj.left_edge.i : pobj.right_edge.i + 1].text
    return None


# --- records -----------------------------------------------------------------------------------


def _mention(span: "Span", head: "Token") -> SpeakerMention:
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
        ent = next((e for e in doc.ents if e.start <= head.i < e.end), None)
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


def _person_names(doc: "Doc") -> list[tuple[str, str]]:
    names = []
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        left = ent.root.left_edge.i
        title = doc[left : ent.start].text if left < ent.start else ""
        names.append((ent.text, title))
    return names


def _build(doc: "Doc", article: Article, raws: list[_Raw], lex: CueLexicon, rules_dir: str) -> list[Claim]:
    mentions = [_mention(r.speaker, r.speaker_head) for r in raws]
    order = sorted(range(len(raws)), key=lambda i: mentions[i].start)
    resolved_sorted = resolve_speakers([mentions[i] for i in order], names=_person_names(doc), rules_dir=rules_dir)
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
    sents = [(s.start_char, s.end_char) for s in doc.sents] if raws else []
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
