import re

from sitrep.resolve.toponyms import _any_of, _Tokens


def test_tokens_trim_possessives_and_trailing_apostrophes():
    toks = _Tokens("The rebels' base in Idlib's south, near the U.S.'s post; O'Brien’s men left.")
    words = toks.words
    assert "rebels" in words and "Idlib" in words and "O'Brien" in words and "U.S." in words
    assert all(toks.text[s:e] == w for (s, e), w in zip(toks.spans, words))
    assert toks.sent_start(0) and not toks.sent_start(words.index("Idlib"))
    # capitalised tokens and those before "." or "-" are the ones recognition visits
    assert {words[i] for i in toks.active} >= {"The", "Idlib", "O'Brien", "left"}
    assert "base" not in {words[i] for i in toks.active}


def test_any_of_matches_exactly_when_one_rule_does():
    rxs = [re.compile(r"\bnear\s+$", re.I), re.compile(r"\bnorth\s+of\s+$", re.I)]
    gate = _any_of(rxs)
    for text in ("fighting near ", "the North of ", "in the town ", "nearly "):
        assert bool(gate.search(text)) == any(rx.search(text) for rx in rxs)


def test_any_of_declines_back_references_and_mixed_flags():
    assert _any_of([re.compile(r"(a)\1")]) is None
    assert _any_of([re.compile("a", re.I), re.compile("b")]) is None
    assert _any_of([]) is None
