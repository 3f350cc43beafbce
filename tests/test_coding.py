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
