"""Window checks: a pattern's anchor opens a Matcher window only when the tokens the pattern needs at a fixed
(or few) distance(s) from it are there; a check is a necessary condition, never more."""

from __future__ import annotations

from spacy.strings import get_string_id

from sitrep.nlp.ruleset import _checks


def test_checks_read_required_specs_at_bounded_distances() -> None:
    # anchor "control" (fewest common words); "take" one or two tokens before it, "of"/"over" right after
    pattern = [
        {"LEMMA": "take"},
        {"LOWER": {"IN": ["full", "complete"]}, "OP": "?"},
        {"LOWER": "control"},
        {"LOWER": {"IN": ["of", "over"]}},
    ]
    assert set(_checks(pattern)) == {
        (frozenset({1}), "low", frozenset({"of", "over"})),
        (frozenset({-1, -2}), "lem", frozenset({"take"})),
    }


def test_checks_use_hashes_for_tags_and_stop_at_unbounded_operators() -> None:
    pattern = [{"LEMMA": "be", "TAG": {"IN": ["VBZ", "VBP"]}}, {"TAG": "VBG"}]
    assert set(_checks(pattern)) == {
        (frozenset({0}), "tag", frozenset({get_string_id("VBZ"), get_string_id("VBP")})),
        (frozenset({1}), "tag", frozenset({get_string_id("VBG")})),
    }
    # nothing is known past a "*": only what lies before it is checked
    pattern = [{"LEMMA": "begin"}, {"OP": "*"}, {"LOWER": "in"}]
    assert _checks(pattern) == ()
    # unsupported tests (POS, REGEX, NOT_IN) are left to the Matcher
    pattern = [{"LOWER": "mine", "POS": "NOUN"}, {"TEXT": {"REGEX": "^x"}}, {"DEP": {"NOT_IN": ["amod"]}}]
    assert _checks(pattern) == ()


def test_repeated_anchor_has_no_checks() -> None:
    assert _checks([{"LOWER": "shelling", "OP": "+"}, {"LOWER": "of"}]) == ()
