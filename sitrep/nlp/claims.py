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

The module is split by noun: the cue lexicon in :mod:`sitrep.nlp.cues`, quotation and line-layout
cues in :mod:`sitrep.nlp.quotes`, reporting-noun, adjective and preposition cues (and the clause helpers all
cue matchers share) in :mod:`sitrep.nlp.cue_phrases`, records and denial links in :mod:`sitrep.nlp.claim_records`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..records import Article, Claim
from .claim_records import _build
from .cue_phrases import (
    _CHANNELS,
    _DEMONSTRATIVES,
    _FINITE,
    _NOT_SUBJECT_FORMS,
    _REL_PRON,
    _UNREALISED,
    _clause_range,
    _form,
    _match_adjective,
    _match_noun,
    _match_prep,
    _time_of,
)
from .cues import CueLexicon, _VerbCue, load_cues
from .quotes import _EDGE_PUNCT, _Raw, _adjacent_quote, _after_colon, _line_cut, _match_layout, _quotes, _same_line, _speaker_span, _trim
from .speakers import is_not_speaker

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Span, Token

__all__ = ["extract_claims", "CueLexicon", "load_cues", "COUNTER_SUFFIX"]

#: suffix of the rule id of a deny claim whose content is the denier's counter-statement
#: ("denied this, saying CONTENT"): the content is asserted by the denier, not denied
COUNTER_SUFFIX = "#counter"

_SUBJ = ("nsubj", "csubj")
_INNER_PRONOUNS = {"i", "we", "you"}  # inside a quote these are the quoted speaker talking: no new claim
_ANYONE = {"anyone", "anybody", "whoever"}  # "no matter what anyone says": no one in particular speaks
_GENERIC = {"people", "those", "anyone", "anybody", "someone", "somebody", "everyone", "everybody", "one"}  # "those who ..." in a claim: a hypothetical
_SPEECH_EVENTS = {"interview", "statement", "speech", "letter", "post", "tweet", "message", "remark", "conference", "briefing", "hearing", "debate", "rally", "op-ed", "email", "video"}
_ABLE = {"able", "quick", "eager", "careful", "keen", "happy", "glad", "ready", "willing", "first", "last"}  # "X was quick to say"
_LIKEN = {"liken", "compare"}  # "X likened Y to Z": the object with its "to" phrase
_WH = frozenset({"what", "when", "where", "who", "whom", "which", "why", "how", "whether", "if"})
_AS_NEEDS = frozenset({"clause", "object", "as", "naming"})  # cues that may take "Y as Z" ("described Y as Z")
_AS_CLAUSE_DEPS = {"mark", "nsubj", "aux", "neg", "advmod", "npadvmod", "prt", "punct"}  # "as X has (already) said (before)"


# --- matching ----------------------------------------------------------------------------------


def extract_claims(doc: "Doc", *, article: Article, rules_dir: str = "") -> list[Claim]:
    """The attributed statements of ``doc`` (parsed from ``article.text``), in text order."""
    lex = load_cues(rules_dir)
    raws: list[_Raw] = []
    consumed: set[int] = set()
    text = _doc_text(doc, article)  # built once: Doc.text joins every token each time
    quotes = _quotes(doc, text)
    prep_starts = {words[0] for _pid, words, _stance in lex.preps}
    import numpy
    from spacy.attrs import LEMMA, LOWER, POS  # here, so that importing the module stays light
    from spacy.symbols import AUX, NOUN, VERB

    # one array read instead of a Token object per word; a Token is made only where a cue may start
    strings = doc.vocab.strings
    lemmas: dict[int, str] = {}
    prep_ids = {strings[w] for w in prep_starts}  # the hashes of the words (StringStore maps str -> hash)
    adj_ids = {strings[w] for w in lex.adjectives}
    # only verbs, nouns and the first words of prepositional cues can start a claim: the other
    # rows are dropped in numpy before the Python loop
    arr = doc.to_array([POS, LEMMA, LOWER]).reshape(-1, 3)
    mask = (arr[:, 0] == VERB) | (arr[:, 0] == AUX) | (arr[:, 0] == NOUN)
    if prep_ids or adj_ids:
        # membership by binary search: numpy.isin compares the column once per word (slow for tens of words)
        ids = numpy.array(sorted(prep_ids | adj_ids), dtype=arr.dtype)
        lower = arr[:, 2]
        mask |= ids[numpy.minimum(numpy.searchsorted(ids, lower), len(ids) - 1)] == lower
    rows = mask.nonzero()[0]
    for i, (pos, lemma_id, lower_id) in zip(rows.tolist(), arr[rows].tolist()):
        if pos == VERB or pos == AUX or pos == NOUN:
            lemma = lemmas.get(lemma_id)
            if lemma is None:
                lemma = lemmas[lemma_id] = strings[lemma_id].lower()
        if (pos == VERB or pos == AUX) and lemma in lex.verbs and i not in consumed:
            raw = _match_verb(doc[i], lex, consumed, rules_dir, quotes=quotes, text=text)
            if raw is not None:
                raws.append(raw)
        elif pos == NOUN and lemma in lex.nouns:
            raw = _match_noun(doc[i], lex, rules_dir)
            if raw is not None:
                raws.append(raw)
        elif lower_id in adj_ids:
            raw = _match_adjective(doc[i], lex, rules_dir)
            if raw is not None:
                raws.append(raw)
        elif lower_id in prep_ids:
            tok = doc[i]
            low = tok.lower_
            for pid, words, stance in lex.preps:
                if low == words[0] and _follows(tok, words):
                    raw = _match_prep(tok, pid, words, stance, rules_dir)
                    if raw is not None:
                        raws.append(raw)
    for layout in lex.layouts:
        raws.extend(_match_layout(doc, layout, quotes, raws, text))
    raws = [r for r in raws if r.content[1] > r.content[0]]
    raws = [
        r for r in raws
        if not (
            (r.speaker_head.lower_ in _INNER_PRONOUNS or r.pronoun is not None and r.speaker_head.lower_ in _GENERIC)
            and (any(h is not r and h.content[0] <= r.speaker_head.i < h.content[1] for h in raws) or any(a < r.speaker_head.i < b - 1 for a, b in quotes))
        )
    ]
    if lex.top_only:
        # a weak cue inside another claim or a quotation ("X said he believes ..."): the outer claim is the one reported
        raws = [
            r for r in raws
            if r.cue_id not in lex.top_only
            or not (any(h is not r and h.content[0] <= r.speaker_head.i < h.content[1] for h in raws) or any(a <= r.speaker_head.i < b for a, b in quotes))
        ]
    raws.sort(key=lambda r: (r.content[0], r.cue_start))
    return _build(doc, article, raws, lex, rules_dir)


def _doc_text(doc: "Doc", article: Article) -> str:
    """``doc.text``: the article's text when the doc was parsed from it (spaCy keeps the text
    verbatim, so the last token ends where the text ends), else joined from the tokens."""
    text = article.text
    if len(doc) and isinstance(text, str):
        last = doc[-1]
        if last.idx + len(last.text_with_ws) == len(text) and doc[0].idx == 0 and text.startswith(doc[0].text):
            return text
    return doc.text


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
        # "After saying ..., she was taken to hospital", "X was quoted as saying ...": the passive subject controls too
        return next((c for c in verb.children if c.dep_ in _SUBJ), None) or next((c for c in verb.children if c.dep_ == "nsubjpass" and (tok.head.i < verb.i or tok.head.lower_ == "as")), None)
    if tok.dep_ == "xcomp" and tok.head.pos_ == "ADJ" and tok.head.dep_ == "acomp" and tok.head.lower_ in _ABLE:
        # "X was able to tout ...", "X won't be able to brag about ...": the copula's subject
        return next((c for c in tok.head.head.children if c.dep_ in _SUBJ), None)
    infinitive = tok.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)
    if tok.dep_ in ("conj", "advcl") and (tok.dep_ != "advcl" or tok.tag_ == "VBG" or infinitive):
        # a coordinated cue or a participle takes its subject from the nearest cue above it,
        # else from the verb it hangs on
        head = tok.head
        if tok.dep_ == "conj" and tok.tag_ in ("VBD", "VBZ", "VBP"):
            # "X said that Y would declare ... and suggested ...": a finite verb is not coordinated with a bare
            # infinitive under a modal; it goes with the verb that clause hangs on
            while head.tag_ == "VB" and head.dep_ in ("ccomp", "xcomp") and head.head is not head:
                head = head.head
        fallback = None
        for _ in range(6):
            subj = next((c for c in head.children if c.dep_ in _SUBJ), None)
            if subj is not None:
                if head.lemma_.lower() in lex.strong:  # a belief verb ("she believes ..., saying") is no such cue
                    return subj
                if fallback is None:
                    fallback = subj
            if head.head is head:
                break
            head = head.head
        return fallback
    return None


def _nested_cues(root: "Token", lex: CueLexicon) -> list["Token"]:
    """Cue verbs coordinated with ``root`` that take their own claim (e.g. "... and accuses ...")."""
    return [c for c in root.children if c.dep_ == "conj" and c.lemma_.lower() in lex.strong and not any(x.dep_ in _SUBJ for x in c.children)]


def _match_verb(tok: "Token", lex: CueLexicon, consumed: set[int], rules_dir: str = "", *, quotes: list[tuple[int, int]] = (), text: str = "") -> _Raw | None:
    chosen = _choose_cue(tok, lex)
    if chosen is None:
        return None
    cue, particle = chosen
    if any(c.dep_ == "aux" and c.lower_ in _UNREALISED for c in tok.children) or tok.dep_ == "pcomp" and tok.head.lower_ == "without":
        return None  # "members should agree on ...", "he could say", "it goes without saying", "left without saying": no statement
    if tok.head.pos_ == "ADJ" and tok.head.lower_ not in _ABLE and tok.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
        return None  # "it is fair / too early to say", "it was smart for X to say": a judgement on saying, no statement
    tag = _form(tok)
    if "finite" in cue.guards and (tag not in _FINITE or any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children)):
        return None  # a guarded weak cue: active and finite (no "knowing that ...", "to think that ...", "X is believed to ...")
    if particle is None:
        passive = _passive(tok, cue, rules_dir)
        if passive is not None:
            return passive
    subj = _subject(tok, lex)
    if subj is None or subj.dep_ == "expl":
        return None
    if subj.pos_ not in ("NOUN", "PROPN", "PRON", "NUM", "X") and not (subj.pos_ in ("DET", "ADJ") and any(c.dep_ in ("prep", "amod", "relcl", "acl") for c in subj.children)):
        return None  # "many of whom say", "those close to him say": a determiner or quantifier with its phrase speaks
    if subj.i == tok.i or tok in subj.ancestors and subj.dep_ not in _SUBJ and tok.dep_ != "relcl":
        return None
    if subj.is_upper and subj.ent_type_ in ("GPE", "LOC") and (appos := next((c for c in subj.rights if c.dep_ == "appos"), None)) is not None:
        subj = appos  # a dateline parsed as the subject: "WASHINGTON -- President Obama, ..., said ..." 
    if not _same_line(tok.doc, subj.i, tok.i) or is_not_speaker(subj.lemma_, rules_dir=rules_dir):
        return None
    if subj.lower_ in _ANYONE or subj.lower_ in _NOT_SUBJECT_FORMS or subj.lower_ == "her" and subj.dep_ != "poss" or subj.lower_ in _DEMONSTRATIVES and subj.dep_ in _SUBJ and subj.n_lefts + subj.n_rights == 0:
        return None  # an object pronoun or a bare "that"/"this" as subject: a misparse or a thing, not a speaker
    doc = tok.doc
    quote_end = None
    if subj.i > tok.i and quotes:
        # "“...,” NAME, a title, said Thursday on “Show Name.”": a subject inside a quotation after the cue is
        # a misparse; the speaker is the name between the quotation that ends with a comma and the cue
        found = _speaker_after_quote(tok, subj, quotes)
        if found is None:
            pass
        elif found is False:
            return None
        else:
            subj, quote_end = found
            if is_not_speaker(subj.lemma_, rules_dir=rules_dir):
                return None
    children = list(tok.children)
    # of several clausal complements (the parse may reach over a line break or a colon) the nearest on the cue's line
    clauses = [c for c in children if c.dep_ in ("ccomp", "xcomp") and c.i != subj.i]
    if not clauses:
        clauses = _stray_that_clause(tok)
    # (a that-clause after the cue first, then at equal distance the one after it: "Writing for X that agreed Y won,
    # Z noted that ...")
    clause = (
        min(clauses, key=lambda c: (not _same_line(doc, c.i, tok.i), not (c.i > tok.i and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)), abs(c.i - tok.i), c.i < tok.i))
        if len(clauses) > 1
        else (clauses[0] if clauses else None)
    )
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
    elif (
        tok.dep_ == "relcl" and clause is None and subj.i != tok.head.i and cue.needs & {"object", "as", "naming"}
        and (obj is not None and obj.lower_ in _REL_PRON or tok.lemma_.lower() in lex.topics and any(c.dep_ == "prep" and c.lower_ in lex.topics[tok.lemma_.lower()] and any(g.dep_ == "pobj" and g.lower_ in _REL_PRON for g in c.children) for c in children))
        and (as_ := next((c for c in children if c.dep_ == "prep" and c.lower_ == "as" and c.i > tok.i and any(g.dep_ == "pobj" for g in c.children)), None)) is not None
    ):
        # an object relative with an "as" phrase: "a blast that X described as an attack", "the levy, which X pointed to as
        # proof of neglect": the "as" phrase is what X said of it
        content = _trim(doc, as_.i + 1, as_.right_edge.i + 1)
    elif obj is not None and obj.dep_ == "dobj" and cue.needs & _AS_NEEDS and (as_ := next((c for c in (*children, *obj.rights) if c.dep_ == "prep" and (c.lower_ == "as" or c.lower_ == "to" and tok.lemma_.lower() in _LIKEN) and c.i > obj.i and any(g.dep_ == "pobj" for g in c.children)), None)) is not None:
        content = _trim(doc, obj.left_edge.i, as_.right_edge.i + 1)  # X described/cited/saw Y as Z, X likened Y to Z
    elif clause is not None and "clause" in cue.needs:
        if obj is not None and obj.i < clause.i and cue.stance in ("call-for", "accuse") and tok.lemma_ != "tell":
            content = _trim(doc, obj.left_edge.i, clause.right_edge.i + 1)  # urged Y to CONTENT
        else:
            content = _clause_range(clause, exclude=_nested_cues(clause, lex))
    elif (
        obj is not None and "object" in cue.needs and obj.pos_ not in ("PRON",) and (cue.object_tags is None or tag in cue.object_tags)
        # "X asked Clinton about Y": a person asked or told is no content when a topic preposition follows; "X pointed
        # to Y ..., a Z": an object after the topic preposition is a misparsed apposition
        and not (
            tok.lemma_.lower() in lex.topics
            and any(c.dep_ == "prep" and c.lower_ in lex.topics[tok.lemma_.lower()] and (c.i > obj.i and (obj.ent_type_ == "PERSON" or obj.pos_ == "PROPN") or c.i < obj.i) for c in children)
        )
    ):
        end = obj.right_edge.i + 1
        of = next((c for c in children if c.dep_ == "prep" and c.lower_ in ("of", "for", "over") and c.i > obj.i), None)
        if of is not None and cue.stance == "accuse":
            end = of.right_edge.i + 1
        content = _trim(doc, obj.left_edge.i, end)
    elif (
        tok.dep_ == "advcl" and tok.head.i > tok.i and tok.head.pos_ in ("VERB", "AUX") and any(c.dep_ == "mark" and c.lower_ == "as" for c in children)
        # "As X put it (in a letter), CONTENT": any phrase may follow the "it"
        and ("clause" in cue.needs and all(c.dep_ in _AS_CLAUSE_DEPS or _channel_phrase(c) for c in children) or "as_it" in cue.needs and any(c.dep_ == "dobj" and c.lower_ == "it" for c in children))
        and (comma := _comma_after(tok)) is not None
    ):
        # "As X said (last week), CONTENT": the clause the as-clause hangs on, after it; an as-clause with an object or
        # a preposition is one of time ("as X welcomed the guests", "as X talked about Y")
        content = _trim(doc, comma + 1, tok.head.right_edge.i + 1)
    elif "clause" in cue.needs and (much := next((c for c in children if c.dep_ == "advmod" and (c.lower_ == "so" and c.i == tok.i + 1 or c.lower_ == "much" and c.i == tok.i + 2 and doc[tok.i + 1].lower_ == "as")), None)) is not None:
        # "X said so", "X said as much": the anaphoric adverb is what was said
        content = (much.i - (much.lower_ == "much"), much.i + 1)
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
    elif ("clause" in cue.needs or "quote" in cue.needs) and not cue.guards:  # a weak cue takes no quotation next to it
        content = _after_colon(tok) or _adjacent_quote(tok, subj, quotes, text or doc.text)
    if content is not None and quote_end is not None and content[0] < quote_end < content[1]:
        content = _trim(doc, content[0], quote_end)
    if content is not None and quotes and content[0] < tok.i:
        # "“S1. S2,” X said": the content is the whole quotation, not only its last sentence
        q = next(((a, b) for a, b in quotes if a < content[0] < b and content[1] <= b <= tok.i and _same_line(doc, a, tok.i)), None)
        if q is not None:
            a = q[0]
            while a < content[0] and (doc[a].is_punct or doc[a].is_quote or doc[a].is_space):
                a += 1  # the opening mark ("“", "''")
            content = _trim(doc, a, content[1])
    if content is not None and clause is not None and clause.i > tok.i and content[0] <= subj.i < content[1] and content[0] < tok.i:
        content = _trim(doc, tok.i + 1, content[1])  # "what X says Y would do": the clause from after the cue
    if content is None or content[1] <= content[0]:
        return None
    if cue.guards and clause is not None and clause.lemma_.lower() in lex.strong:
        return None  # a weak cue over a cue ("X wanted to warn that ..."): the warning is the claim
    if doc[content[0]].lower_ in _WH and clause is not None and content[0] <= clause.i < content[1] and any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children):
        return None  # "told them how to vote", "explained what to do": an instruction or a topic, no statement
    if "ccomp" in cue.guards and (
        (clause is None or clause.dep_ != "ccomp" or not content[0] <= clause.i < content[1]) and doc[content[0]].lower_ not in ("so", "as")
        or doc[content[0]].lower_ in _WH
    ):
        return None  # "X believes (that) Y ...", not "X believed to be Y" (a reduced passive) nor "X knows where Y ..."
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


def _channel_phrase(prep: "Token") -> bool:
    """A phrase naming where or when something was said ("in a statement", "on Monday", "in his memoir")."""
    if prep.dep_ != "prep" or prep.lower_ not in ("in", "on", "at", "during"):
        return False
    pobj = next((g for g in prep.children if g.dep_ == "pobj"), None)
    return pobj is not None and (pobj.lemma_.lower() in _SPEECH_EVENTS or pobj.lemma_.lower() in _CHANNELS or pobj.ent_type_ in ("DATE", "TIME"))


def _stray_that_clause(tok: "Token") -> list["Token"]:
    """"X said in an interview / on Tuesday that ...": the that-clause the parser hung on the noun of a phrase after the
    cue as a relative clause, though it has its own subject ("that" a conjunction, not the relative pronoun). On the
    noun of a phrase inside the object or after it ("told a meeting of officials that ...", "told Y on a regular basis
    that ...") only a "that" the parser itself marked as a conjunction counts."""
    out = []
    for c in tok.rights:
        nouns = [g for g in c.children if g.dep_ == "pobj"] if c.dep_ == "prep" else [c] if c.dep_ in ("npadvmod", "dobj") else []
        for n in nouns:
            loose = n.ent_type_ in ("DATE", "TIME") or n.lemma_.lower() in _SPEECH_EVENTS
            # the nouns of the phrases that hang on this one ("a meeting of officials", "on a basis")
            for m in (n, *(g for p in n.children if p.dep_ == "prep" for g in p.children if g.dep_ == "pobj")):
                if m is n and n.dep_ == "dobj":
                    continue  # the object itself: "X cited reports that ..." is a noun with its clause
                for cl in m.rights:
                    kids = list(cl.children) if cl.dep_ in ("relcl", "acl") else ()
                    marks = ("mark", "advmod") if loose and m is n else ("mark",)
                    if any(g.lower_ == "that" and g.dep_ in marks and g.i < cl.i for g in kids) and any(g.dep_ in ("nsubj", "nsubjpass") and g.lower_ != "that" for g in kids):
                        out.append(cl)
    return out[:1]


def _comma_after(tok: "Token") -> int | None:
    """The comma that closes ``tok``'s clause, a date or time phrase aside ("as X said last week, ..."), or None."""
    doc = tok.doc
    k = tok.right_edge.i + 1
    while k < len(doc) and doc[k].ent_type_ in ("DATE", "TIME"):
        k += 1
    return k if k < len(doc) and doc[k].text == "," else None


def _speaker_after_quote(tok: "Token", subj: "Token", quotes: list[tuple[int, int]]) -> "tuple[Token, int] | bool | None":
    """For a subject after the cue: None when it is not inside a quotation that leaves the cue out; False when it
    is and no name stands between the quotation before the cue and the cue; else (the name's head, quotation end)."""
    inner = next(((a, b) for a, b in quotes if a <= subj.i < b), None)
    if inner is None or inner[0] <= tok.i < inner[1]:
        return None
    doc = tok.doc
    before = [(a, b) for a, b in quotes if b <= tok.i]
    if not before:
        return False
    qa, qb = max(before)
    if tok.i - qb > 16 or not any(doc[k].text == "," for k in range(max(qa, qb - 3), qb)):
        return False
    for k in range(qb, tok.i):
        t = doc[k]
        if t.pos_ in ("PROPN", "NOUN", "PRON") and not t.is_punct:
            while t.dep_ in ("compound", "flat") and qb <= t.head.i < tok.i:
                t = t.head
            return t, qb
    return False


def _passive(tok: "Token", cue: _VerbCue, rules_dir: str) -> _Raw | None:
    """"Y was called Z by X", "it was reported by X that ...": the agent speaks."""
    kids = list(tok.children)
    if not any(c.dep_ == "auxpass" for c in kids):
        return None
    agent = next((c for c in kids if c.dep_ == "agent"), None)
    pobj = next((g for g in agent.children if g.dep_ == "pobj"), None) if agent is not None else None
    if pobj is None or pobj.pos_ not in ("NOUN", "PROPN", "PRON") or is_not_speaker(pobj.lemma_, rules_dir=rules_dir):
        return None
    if any(c.dep_ == "prep" and c.lower_ == "as" and any(g.dep_ == "pcomp" and g.tag_ == "VBG" for g in c.children) for c in kids):
        return None  # "X was quoted by Y as saying ...": X speaks, in the participle's claim
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


def _is_anaphor(obj: "Token", lex: CueLexicon) -> bool:
    return obj.lower_ in lex.anaphors and (obj.pos_ in ("PRON", "DET") or any(c.lower_ in ("the", "this", "that", "these", "such") for c in obj.children))


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

