"""Cues that are not a verb: a reporting noun ("X's claim that ...", "a statement by X that ..."), an adjective
("X is sure that ...", "X was critical of Y") and a prepositional phrase ("according to X"); with the clause helpers
that every cue matcher of :mod:`sitrep.nlp.claims` uses (the verb form a cue heads, a clause's token range, the time
phrase of a cue). Each matcher reads one cue token off the dependency parse and returns a raw claim or None.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from .cues import CueLexicon
from .quotes import _Raw, _line_cut, _same_line, _speaker_span, _trim
from .speakers import is_not_speaker

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

_REL_PRON = {"who", "which", "that", "whom"}
_UNREALISED = {"should", "must", "ought", "could", "might", "may", "can", "would"}  # modal auxiliaries of a cue
_NOT_SUBJECT_FORMS = {"him", "them", "me", "us", "whom", "'s", "’s"}  # object pronouns, a stray possessive ending
_DEMONSTRATIVES = {"that", "this", "these", "those"}
_OWNER_ENTS = {"ORG", "PERSON", "GPE", "NORP"}  # a name before a reporting noun that owns it ("a Pentagon statement")
_LIGHT_VERBS = {"make", "issue", "give", "offer", "sound", "deliver", "release", "voice", "lodge", "express"}  # "made a claim"
_LIGHT_PREPS = frozenset({"of", "for", "about", "on", "against"})  # "made a condemnation of Y"
_CHANNELS = {"speech", "website", "statement", "letter", "tweet", "post", "remarks", "interview", "transcript", "filing", "memo", "email", "testimony", "account", "blog", "book"}  # "according to X's website"
_FINITE = {"VBD", "VBZ", "VBP"}


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


def _form(tok: "Token") -> str:
    """The tag of the verb form ``tok`` heads: a participle or bare verb with a finite auxiliary takes the auxiliary's
    ("is stressing", "has promised", "did not want" are finite; "to say", "saying" are not)."""
    if tok.tag_ in _FINITE:
        return tok.tag_
    for c in tok.children:
        if c.dep_ in ("aux", "auxpass") and c.tag_ in _FINITE:
            # a perfect is a past form ("has found" like "found"): "VBD"
            return "VBD" if tok.tag_ == "VBN" and c.dep_ == "aux" and c.lemma_ == "have" else c.tag_
    return tok.tag_


def _match_noun(tok: "Token", lex: CueLexicon, rules_dir: str = "") -> _Raw | None:
    """A reporting noun whose owner speaks: "X's claim that ...", "the warning by X that ...", "his plan to ..."."""
    rid, stance, preps = lex.nouns[tok.lemma_.lower()]
    kids = list(tok.children)
    owner = next((c for c in kids if c.dep_ == "poss"), None)
    light = False
    if owner is None:
        by = next((c for c in kids if c.dep_ == "prep" and c.lower_ in ("by", "from")), None)
        owner = next((g for g in by.children if g.dep_ == "pobj"), None) if by is not None else None
    if owner is None:
        # "a New York Times report that ...": a name written before the noun owns it
        owner = next((c for c in reversed(kids) if c.dep_ == "compound" and c.i < tok.i and c.ent_type_ in _OWNER_ENTS), None)
    if owner is None and tok.dep_ == "dobj" and tok.head.lemma_.lower() in _LIGHT_VERBS:
        # "X made a strong condemnation of Y", "X issued a statement that ...": the light verb's subject speaks
        owner = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
        light = True
    if owner is None or owner.pos_ not in ("PROPN", "PRON", "NOUN") or is_not_speaker(owner.lemma_, rules_dir=rules_dir):
        return None
    if light and (owner.lower_ in _REL_PRON or owner.lower_ in _NOT_SUBJECT_FORMS or owner.lower_ in _DEMONSTRATIVES):
        return None
    # a finite clause ("claim that ..."), not an infinitive ("decision to ..."): an intention is no statement
    clause = next(
        (
            c for c in kids
            if c.dep_ in ("acl", "ccomp", "appos") and c.pos_ in ("VERB", "AUX") and c.i > tok.i and not any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children)
            # with its own subject or "that": not a participle ("the report released last year", "a statement calling ...")
            and any(g.dep_ in ("nsubj", "nsubjpass", "expl", "mark") for g in c.children)
        ),
        None,
    )
    content = None
    if clause is not None:
        content = _trim(tok.doc, clause.left_edge.i, clause.right_edge.i + 1)
    elif light or preps:
        prep = next((c for c in kids if c.dep_ == "prep" and c.lower_ in (preps or _LIGHT_PREPS) and c.i > tok.i), None)
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


def _match_adjective(tok: "Token", lex: CueLexicon, rules_dir: str = "") -> _Raw | None:
    """A view stated with an adjective: "X is sure/afraid/frustrated that CONTENT", "X was critical of Y"."""
    rid, stance, preps = lex.adjectives[tok.lower_]
    if tok.dep_ == "acomp" and tok.head.pos_ in ("AUX", "VERB"):
        verb = tok.head
    elif tok.tag_ == "VBN" and any(c.dep_ == "auxpass" for c in tok.children):
        verb = tok  # "X was frustrated that ...": a passive participle
    else:
        return None
    if _form(verb) not in _FINITE or any(c.dep_ == "aux" and c.lower_ in _UNREALISED for c in verb.children):
        return None
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None or subj.pos_ not in ("NOUN", "PROPN", "PRON") or subj.lower_ in _NOT_SUBJECT_FORMS or subj.lower_ in ("it", "this", "that"):
        return None
    pronoun = None
    if subj.lower_ in _REL_PRON:
        if verb.dep_ != "relcl":
            return None
        subj, pronoun = verb.head, subj
    doc = tok.doc
    if not _same_line(doc, subj.i, tok.i) or is_not_speaker(subj.lemma_, rules_dir=rules_dir):
        return None
    clause = next((c for c in tok.children if c.dep_ == "ccomp"), None) or next((c for c in verb.children if c.dep_ == "ccomp" and c.i > tok.i), None)
    content = None
    if clause is not None and (clause.pos_ in ("VERB", "AUX") or any(c.dep_ in ("nsubj", "nsubjpass") for c in clause.children)) and not any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children):
        content = _clause_range(clause)
    elif preps:
        prep = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ in preps), None)
        pobj = next((g for g in prep.children if g.dep_ in ("pobj", "pcomp")), None) if prep is not None else None
        if pobj is not None:
            content = _trim(doc, pobj.left_edge.i, pobj.right_edge.i + 1)
    if content is None or content[1] <= content[0] or content[0] <= subj.i < content[1]:
        return None
    content = _line_cut(doc, content, tok.i)
    return _Raw(rid, tok.text, tok.idx, tok.idx + len(tok), stance, _speaker_span(subj), subj, content, False, _time_of(verb), pronoun)


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
    if head.pos_ in ("VERB", "AUX") and head.i != tok.i and (head.i < phrase[0]) != (head.i >= phrase[1]):
        before = head.i < phrase[0]  # the side of the verb the phrase hangs on ("CONTENT, according to X, more than ...")
    else:
        before = phrase[0] - a >= b - phrase[1]
    if before:
        content = _line_cut(doc, (a, phrase[0]), tok.i)
    else:
        content = _line_cut(doc, (phrase[1], b), tok.i)
    if pobj.lemma_.lower() in _CHANNELS:
        # "according to a speech by X" / "according to X's website": the owner of the channel speaks
        by = next((c for c in pobj.children if c.dep_ == "prep" and c.lower_ in ("by", "from", "of")), None)
        owner = next((c for c in pobj.children if c.dep_ == "poss"), None) or (next((g for g in by.children if g.dep_ == "pobj"), None) if by is not None else None)
        if owner is None:  # "according to a speech X delivered in July"
            rel = next((c for c in pobj.rights if c.dep_ == "relcl"), None)
            owner = next((g for g in rel.children if g.dep_ == "nsubj" and g.lower_ not in _REL_PRON), None) if rel is not None else None
        if owner is not None and owner.pos_ in ("PROPN", "NOUN", "PRON"):
            pobj = owner
    if is_not_speaker(pobj.lemma_, rules_dir=rules_dir):
        return None
    speaker = tok.doc[pobj.left_edge.i : pobj.i + 1] if pobj.dep_ == "poss" else _speaker_span(pobj)
    cue_text = doc[tok.i : last.i + 1].text
    return _Raw(pid, cue_text, tok.idx, last.idx + len(last), stance, speaker, pobj, content, False, None)


def _time_of(tok: "Token") -> str | None:
    for c in tok.children:
        if c.ent_type_ in ("DATE", "TIME") and c.dep_ in ("npadvmod", "tmod"):
            return c.text
        if c.dep_ == "prep" and c.lower_ in ("on", "in"):
            pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if pobj is not None and pobj.ent_type_ in ("DATE", "TIME"):
                return tok.doc[pobj.left_edge.i : pobj.right_edge.i + 1].text
    return None
