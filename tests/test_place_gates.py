"""Gates of place patterns (``gate``, ``last_word`` in place_patterns.jsonl) only skip scans: a gated
pattern finds what the bare pattern finds."""

from sitrep.resolve.toponyms import _Gated, _ends_with_word, _lexicon

SENTENCES = [
    "Shelling hit the Bab Amr district of Homs on Monday.",
    "Fighters entered the town of Kafr Nabl, a village in northern Idlib.",
    "Clashes broke out in Jobar, east Damascus, after dawn.",
    "They fled Aleppo's rebel-held Sheikh Saeed and reached the Yarmouk camp.",
    "Residents of Aleppo’s Salaheddine quarter said the regime-held Mayadin was quiet.",
    "The army shelled rebel-controlled Douma and the Ghouta neighborhood in eastern Damascus.",
    "An attack near the city of Raqqa, outside Tabqa and north of the town of Manbij.",
    "Troops moved to the outskirts of Deir ez-Zor, in the countryside of Hama, in southeastern Daraa.",
    "Smoke rose over an eastern district of Mosul and parts of north-eastern Syria.",
    "Ein el-Helweh camp, near Sidon; the ŞANLIURFA district; İdlib’s centre; the Neighbourhood of Qabun.",
    "Nothing happened in Paris\nDistrict officials said, IS-held Palmyra was retaken",
]


def test_subplace_gates_find_what_the_patterns_find() -> None:
    lex = _lexicon("")
    gated = [rx for _rid, rx, _g, _w in lex.subplaces if isinstance(rx, _Gated)]
    assert gated, "the built-in sub-place patterns carry gates"
    for rx in gated:
        for s in SENTENCES + [" ".join(SENTENCES)]:
            assert [m.span() for m in rx.finditer(s)] == [m.span() for m in rx.rx.finditer(s)], (rx.pattern, s)


def test_modifier_gates_find_what_the_patterns_find() -> None:
    lex = _lexicon("")
    pats = [rx for _rid, rx, _g, _w, _p in lex.modifiers_before] + [lex.before_any]
    assert any(isinstance(rx, _Gated) for rx in pats)
    for s in SENTENCES:
        for k in range(len(s) + 1):
            before = s[max(0, k - 60):k]
            for rx in pats:
                raw = rx.rx if isinstance(rx, _Gated) else rx
                assert bool(rx.search(before)) == bool(raw.search(before)), (raw.pattern, before)


def test_last_word() -> None:
    words = frozenset({"of", "near"})
    assert _ends_with_word("the outskirts of ", words)
    assert _ends_with_word("fighting NEAR\n", words)
    assert not _ends_with_word("the outskirts of", words)  # no whitespace before the place
    assert not _ends_with_word("a roof ", words)
    assert not _ends_with_word("   ", words)
    assert _ends_with_word("İOF ", frozenset({"x"}))  # non-ASCII: left to the pattern
