"""ACLED/UCDP conventions derived from figures built by hand."""

from sitrep.coding import acled_fatalities, acled_value, ucdp_best_low_high
from sitrep.records import Figure, Provenance

P = Provenance("a", 0, 1, "x", "test")


def fig(n, metric="killed", *, low=None, best=None, high=None, qualifier=None, subgroup=None, subset_of=None):
    return Figure(
        id=str(n), metric=metric, quantity=str(n), provenance=P, low=low, best=best, high=high,
        qualifier=qualifier, subgroup=subgroup, subset_of=subset_of,
    )


def test_vague_values():
    assert acled_value(fig(1, low=24, high=99, qualifier="dozens")) == 12
    assert acled_value(fig(1, low=200, high=999, qualifier="hundreds")) == 100
    assert acled_value(fig(1, low=20000, high=99999, qualifier="tens of thousands")) == 10000
    assert acled_value(fig(1, low=8, best=8, qualifier="at least")) == 8
    assert acled_value(fig(1, best=300, high=300, qualifier="nearly")) == 300


def test_competing_reports_take_the_lowest_and_subsets_are_not_added():
    figs = [
        fig(1, low=21, best=21, high=21, subgroup="civilians"),
        fig(2, low=2, best=2, high=2, subgroup="children", subset_of="1"),
        fig(3, low=25, best=25, high=25, subgroup="civilians"),
        fig(4, low=24, high=99, qualifier="dozens", metric="injured"),
    ]
    assert acled_fatalities(figs) == 21
    assert ucdp_best_low_high(figs) == (21, 21, 25)


def test_subgroups_add_up_and_totals_cover_them():
    figs = [fig(1, low=9, best=9, high=9, subgroup="soldiers"), fig(2, low=12, best=12, high=12, subgroup="civilians")]
    assert acled_fatalities(figs) == 21
    assert acled_fatalities(figs + [fig(3, low=30, best=30, high=30)]) == 30


def test_no_deaths():
    assert acled_fatalities([fig(1, metric="injured", low=5, best=5, high=5)]) == 0
    assert acled_fatalities([], unnumbered_deaths="significant") == 10
    assert ucdp_best_low_high([]) == (0, 0, 0)


def test_ucdp_vague_range():
    best, low, high = ucdp_best_low_high([fig(1, low=24, high=99, qualifier="dozens")])
    assert (low, high) == (24, 99) and low <= best <= high


def _in(sentence, rule="verb.kill", start=0):
    return Provenance("a", 0, 1, sentence, rule, sentence_start=start)


def test_counts_of_one_sentence_add_up_and_an_upper_bound_is_not_added():
    s = "Shelling killed a man and two boys, and at least 3 and possibly as many as 5 others."
    figs = [
        Figure(id="1", metric="killed", quantity="a", provenance=_in(s), low=1, best=1, high=1),
        Figure(id="2", metric="killed", quantity="two", provenance=_in(s), low=2, best=2, high=2, subgroup="children"),
        Figure(id="3", metric="killed", quantity="at least 3", provenance=_in(s), low=3, best=3, qualifier="at least"),
        Figure(id="4", metric="killed", quantity="as many as 5", provenance=_in(s), best=5, high=5, qualifier="as many as"),
    ]
    assert acled_fatalities(figs) == 6


def test_reports_in_different_sentences_compete_and_another_adds():
    a, b, c = "Four people were killed.", "Six people died, a medic said.", "Another man died later."
    figs = [
        Figure(id="1", metric="killed", quantity="Four", provenance=_in(a, start=0), low=4, best=4, high=4),
        Figure(id="2", metric="killed", quantity="Six", provenance=_in(b, "verb.die", start=30), low=6, best=6, high=6),
        Figure(id="3", metric="killed", quantity="Another", provenance=_in(c, "verb.die", start=60), low=1, best=1, high=1, qualifier="another"),
    ]
    assert acled_fatalities(figs) == 5


def test_a_restated_toll_is_its_own_report():
    s = "Shelling killed 12 civilians, bringing the toll to 40."
    figs = [
        Figure(id="1", metric="killed", quantity="12", provenance=_in(s), low=12, best=12, high=12, subgroup="civilians"),
        Figure(id="2", metric="killed", quantity="40", provenance=_in(s, "toll.death"), low=40, best=40, high=40),
    ]
    assert acled_fatalities(figs) == 40


def test_a_note_that_splits_its_fatalities_gives_each_event_its_share():
    from sitrep.coding import split_share

    s = "Shelling killed 9 people in two villages."
    figs = [Figure(id="1", metric="killed", quantity="9", provenance=_in(s), low=9, best=9, high=9)]
    note = s + " Fatalities spread evenly across the 2 locations."
    assert split_share(note) == 2 and split_share(s) is None
    assert acled_fatalities(figs, text=note) == 4
    assert acled_fatalities(figs, text=s) == 9
    assert split_share("The dead were divided between three reported clash events.") == 3


def test_one_person_in_a_sentence_of_its_own_never_competes_with_a_count():
    a, b = "Shelling killed 6 people in the market.", "A child was among the dead."
    figs = [
        Figure(id="1", metric="killed", quantity="6", provenance=_in(a, start=0), low=6, best=6, high=6),
        Figure(id="2", metric="killed", quantity="A", provenance=_in(b, start=40), low=1, best=1, high=1, subgroup="children"),
        Figure(id="3", metric="killed", quantity="a", provenance=_in("A sniper killed a man.", start=70), low=1, best=1, high=1),
    ]
    assert acled_fatalities(figs[:2]) == 6
    assert acled_fatalities([figs[0], figs[2]]) == 6
    c = "Two soldiers were killed at the checkpoint."
    more = Figure(id="4", metric="killed", quantity="Two", provenance=_in(c, start=0), low=2, best=2, high=2, subgroup="soldiers")
    assert acled_fatalities([more, figs[1]]) == 3
