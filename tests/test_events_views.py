"""The shared per-document views of the rule set give what the spaCy objects give (speed work must not
change behaviour): lemmas, lower-cased forms, segments, heads/children, span texts, split patterns."""

from __future__ import annotations

from spacy.matcher import Matcher

from sitrep.nlp.pipeline import load_pipeline
from sitrep.nlp.ruleset import _expand_patterns, _segment, _views, segments, span_text
from sitrep.resolve.actors import ActorDictionary

TEXT = (
    "Rebels Seized Two Villages Near Aleppo\n"
    "Syrian rebels took control of two villages on Tuesday, a monitor said. Government forces shelled the area.\n"
    "Earlier, the army had set up new checkpoints   near the road.\n\nResidents are fleeing."
)


def _naive_segments(doc) -> list[int]:
    seg = [0] * len(doc)
    for sent in doc.sents:
        cur = sent.start
        for t in sent:
            seg[t.i] = cur
            if "\n" in t.text_with_ws and t.i + 1 < sent.end:
                cur = t.i + 1
    return seg


def test_views_match_token_attributes() -> None:
    doc = load_pipeline()(TEXT)
    v = _views(doc)
    assert v.lem == [t.lemma_.lower() for t in doc]
    assert v.low == [t.lower_ for t in doc]
    assert v.heads == [t.head.i for t in doc]
    assert [sorted(v.kids(i)) for i in range(len(doc))] == [sorted(c.i for c in t.children) for t in doc]
    assert segments(doc) == _naive_segments(doc)
    assert "\n" in TEXT and len(set(segments(doc))) > len(list(doc.sents)) - 1


def test_segment_and_span_text_match_spacy() -> None:
    doc = load_pipeline()(TEXT)
    seg = segments(doc)
    for i in range(len(doc)):
        span = _segment(doc, seg, i)
        a = seg[i]
        b = a
        while b < len(doc) and seg[b] == a:
            b += 1
        assert (span.start, span.end) == (a, b)
        assert span_text(span) == span.text
    for a in range(0, len(doc), 3):
        for b in range(a + 1, min(len(doc), a + 9)):
            assert span_text(doc[a:b]) == doc[a:b].text
    assert span_text(doc) == TEXT


def test_views_follow_the_document() -> None:
    nlp = load_pipeline()
    one, two = nlp("Troops shelled Idlib."), nlp("Protesters marched in Homs on Friday.")
    assert _views(one).low[0] == "troops"
    assert _views(two).low[0] == "protesters"
    assert _views(one).low[0] == "troops"


def test_split_patterns_find_the_same_matches() -> None:
    nlp = load_pipeline()
    doc = nlp("Fighters seized full control of the town and took its control over the base. Militants planted a bomb.")
    patterns = [
        [{"LEMMA": {"IN": ["take", "seize"]}}, {"LOWER": {"IN": ["full", "its"]}, "OP": "?"}, {"LOWER": "control"}],
        [{"LEMMA": {"IN": ["plant", "detonate"]}}, {"OP": "{0,2}"}, {"LEMMA": "bomb"}],
        [{"LOWER": {"IN": ["the", "a"]}, "OP": "?"}, {"LEMMA": "base"}],
    ]
    split = _expand_patterns(patterns)
    assert len(split) == 2 + 2 + 1  # the optional first token is left alone
    old, new = Matcher(doc.vocab), Matcher(doc.vocab)
    old.add("r", patterns)
    new.add("r", split)
    assert set(old(doc)) == set(new(doc)) and len(set(old(doc))) >= 3


def test_guess_country_cache_gives_the_uncached_answer() -> None:
    d = ActorDictionary.load()
    text = "Syrian troops and Turkish-backed rebels fought near Syria's border with Turkey."
    first = d.guess_country(text)
    assert first == d._guess_country(text) == d.guess_country(text)
    assert d.guess_country("Nothing here names a country.") is None
