"""The rule set runs each pattern rule's Matcher only on windows around the words its patterns require:
the matches must be those of one Matcher over the whole document that lie inside one segment."""

from __future__ import annotations

from spacy.matcher import Matcher

from sitrep.nlp.pipeline import load_pipeline
from sitrep.nlp.ruleset import _expand_patterns, _op_range, _reach, _views, rule_set, segments
from sitrep.rules import load_rules

TEXT = (
    "Army Pulls Back From Hill\n"
    "Government troops withdrew on Monday from two hilltop positions after the rebels exchanged heavy artillery "
    "fire with them. The fighting started in late March 2019 and is continuing.\n"
    "Residents said they used the road to evacuate the wounded. From there convoys left.\n"
    "Militants planted a roadside bomb near the checkpoint, and soldiers later set up a new observation post. "
    "Police took five suspects into custody, while the rebels are advancing into the valley."
)


def test_op_range_and_reach() -> None:
    assert _op_range(None) == (1, 1) and _op_range("?") == (0, 1) and _op_range("!") == (1, 1)
    assert _op_range("*") == (0, None) and _op_range("+") == (1, None)
    assert _op_range("{2}") == (2, 2) and _op_range("{0,3}") == (0, 3) and _op_range("{1,}") == (1, None)
    assert _op_range("{,4}") == (0, 4)
    words, before, after = _reach([{"LEMMA": "plant"}, {"OP": "{0,4}"}, {"LOWER": {"IN": ["bomb", "mine"]}}])
    assert words == {"plant"} and (before, after) == (0, 5)
    words, before, after = _reach([{"LOWER": "in"}, {"ENT_TYPE": "DATE", "OP": "*"}, {"LEMMA": "bombing"}])
    assert words == {"bombing"} and before is None and after == 0
    assert _reach([{"POS": "VERB"}, {"TAG": "VBG"}]) == (None, None, None)


def test_windowed_matches_equal_whole_document_matches_within_segments() -> None:
    nlp = load_pipeline()
    doc = nlp(TEXT)
    rules = rule_set(doc.vocab)
    full = Matcher(doc.vocab)
    for name, _ in rules.FILES:
        for row in load_rules(name):
            if row.get("patterns"):
                full.add(row["id"], _expand_patterns(row["patterns"]))
    seg = segments(doc)
    strings = doc.vocab.strings
    expected = {(strings[m], a, b) for m, a, b in full(doc) if seg[a] == seg[b - 1]}
    found = set()
    for matcher, a0, b0 in rules._windows(_views(doc), len(doc)):
        found.update((strings[m], a0 + a, a0 + b) for m, a, b in matcher(doc[a0:b0]) if seg[a0 + a] == seg[a0 + b - 1])
    assert found == expected and len(expected) >= 4
    # every pattern hit of the rule set lies inside one segment
    pattern_rules = {strings[m] for m, _, _ in full(doc)}
    for h in rules.hits(doc):
        if h.rule_id in pattern_rules:
            assert seg[h.start] == seg[h.end - 1]


def test_a_pattern_match_does_not_run_into_the_next_sentence() -> None:
    doc = load_pipeline()("They had to evacuate the wounded. From the town came more news.")
    rules = rule_set(doc.vocab)
    seg = segments(doc)
    full = Matcher(doc.vocab)
    row = next(r for r in load_rules("triggers.jsonl") if r["id"] == "trg.transfer.withdraw_from")
    full.add(row["id"], row["patterns"])
    assert any(seg[a] != seg[b - 1] for _, a, b in full(doc))  # the whole-document Matcher runs on
    assert all(seg[h.start] == seg[h.end - 1] for h in rules.hits(doc))
    assert not any(h.rule_id == "trg.transfer.withdraw_from" for h in rules.hits(doc))
