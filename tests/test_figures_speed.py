"""The figure extractor's shortcuts give what the plain spaCy machinery gives (sentences written for these tests)."""

import pytest

pytestmark = pytest.mark.model

TEXTS = [
    "Displaced total: 12,500. Some 300 people displaced in the north, 40 houses destroyed and 12 dead.",
    "Officials said 2,000 residents had to evacuate. Evacuees 560\nDamaged houses/shelters: 91 and 7 people injured",
    "The storm left 45 people homeless and 3 killed; 10 families displaced, damaged 88 homes.",
    "Nothing was counted here at all.",
    "",
]


@pytest.fixture(scope="module")
def nlp():
    from sitrep.nlp.pipeline import load_nlp

    return load_nlp()


def test_windowed_matcher_equals_whole_doc(nlp):
    from sitrep.nlp.figures import _MATCHERS, _rules, _token_matches

    rules = _rules("")
    for text in TEXTS:
        doc = nlp(text)
        found = _token_matches(doc, rules, "")
        plan = _MATCHERS[(id(doc.vocab), "")]
        assert plan.windowed
        whole = [(s, e, plan.by_id[doc.vocab.strings[m]]) for m, s, e in plan.matcher(doc)]
        assert found == whole
    assert _token_matches(nlp(TEXTS[0]), rules, "")  # the patterns do match something here


def test_plan_falls_back_for_other_attributes(nlp):
    from spacy.matcher import Matcher

    from sitrep.nlp.figures import _Plan

    patterns = [{"id": "x", "pattern": [{"LIKE_NUM": True}, {"POS": "NOUN"}]}]
    matcher = Matcher(nlp.vocab)
    matcher.add("x", [patterns[0]["pattern"]])
    plan = _Plan(matcher, patterns)
    assert not plan.windowed
    doc = nlp("They saw 12 soldiers.")
    assert plan(doc) == [tuple(m) for m in matcher(doc)]


def test_quantity_shortcut_finds_what_the_full_scan_finds():
    from sitrep.nlp import numbers

    texts = [
        "A few people fled, a couple of families stayed and a dozen homes burned.",
        "Twenty-one were hurt; 9 300 left; between five and seven hundred returned.",
        "Tens of thousands, hundreds more, several dozen, 1000s or SCORES of them.",
        "Nothing to count: at least the roads were open, over the river and under the bridge.",
        "\u0131dozens (a letter outside ASCII before the word) and x_twelve and \u0663 units",
        "",
    ]
    lex = numbers._lexicon()
    assert lex.may_hold is not None
    fast = [numbers.find_quantities(t) for t in texts]
    saved, lex.may_hold = lex.may_hold, None
    try:
        full = [numbers.find_quantities(t) for t in texts]
    finally:
        lex.may_hold = saved
    assert fast == full
    assert fast[3] == [] and all(fast[i] for i in (0, 1, 2, 4))


def test_member_is_isin():
    import numpy

    from sitrep.nlp.figures import _member

    rng = numpy.random.default_rng(7)
    values = rng.integers(0, 50, size=200).astype(numpy.uint64)
    for size in (1, 3, 20):
        table = numpy.unique(rng.integers(0, 50, size=size).astype(numpy.uint64))
        assert (_member(values, table) == numpy.isin(values, table)).all()
