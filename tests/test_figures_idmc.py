"""Figure edge cases for displacement reporting (IDMC terms), on sentences written for these tests."""

import pytest

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def nlp():
    from sitrep.nlp.pipeline import load_nlp

    return load_nlp()


@pytest.fixture(scope="module")
def figs(nlp):
    from sitrep.nlp.figures import extract_figures

    def run(text):
        return extract_figures(nlp(text), article_id="t2")

    return run


def value(f):
    return f.best if f.best is not None else f.low


def by_metric(found, metric):
    return [f for f in found if f.metric == metric]


# --- number formats inside sentences -------------------------------------------------------------

def test_thousands_comma_with_a_stray_space(figs):
    found = figs("Officials said 4 people died and 72, 000 people displaced across the delta.")
    (d,) = by_metric(found, "displaced")
    assert value(d) == 72000 and d.quantity == "72, 000"


def test_space_grouped_number_with_homeless_complement(figs):
    found = figs("Two people died and approximately 2 500 were rendered homeless by the cyclone.")
    (h,) = by_metric(found, "homeless")
    assert h.best == 2500 and h.term == "Homeless"


# --- housing terms -------------------------------------------------------------------------------

def test_damaged_housing_is_partially_destroyed(figs):
    found = figs("The hailstorm damaged 340 houses in the district.")
    (f,) = found
    assert f.metric == "damaged housing" and f.term == "Partially destroyed housing"
    assert f.best == 340 and f.unit == "households"


def test_partially_destroyed_versus_destroyed(figs):
    found = figs("In the valley 45 homes were destroyed and 120 homes were partially destroyed.")
    assert [(f.metric, f.best) for f in found] == [("destroyed housing", 45), ("damaged housing", 120)]


def test_uninhabitable_housing(figs):
    (f,) = figs("The earthquake left 75 houses uninhabitable.")
    assert f.metric == "uninhabitable housing" and f.term == "Uninhabitable housing" and f.unit == "households"


def test_destruction_of_houses(figs):
    (f,) = figs("The mudslide caused the destruction of 410 houses, the mayor said.")
    assert f.metric == "destroyed housing" and f.best == 410


def test_lost_their_homes_is_homeless(figs):
    (f,) = figs("About 900 villagers lost their homes in the blaze.")
    assert f.metric == "homeless" and f.best == 900


# --- sheltered / relief camps --------------------------------------------------------------------

def test_forced_into_shelters(figs):
    (f,) = figs("Some 1,400 residents were forced into temporary shelters overnight.")
    assert f.metric == "sheltered" and f.best == 1400


def test_took_shelter_in_camps_is_in_relief_camp(figs):
    (f,) = figs("As many as 6,200 villagers took shelter in four camps near the river.")
    assert f.metric == "sheltered" and f.term == "In relief camp" and f.best == 6200


def test_camp_mentioned_in_the_sentence_sets_relief_camp(figs):
    found = figs("Authorities opened 40 relief camps and 9,000 people have been accommodated there.")
    (f,) = by_metric(found, "sheltered")
    assert f.term == "In relief camp" and f.best == 9000


def test_sheltered_without_camp_stays_sheltered(figs):
    (f,) = figs("The church hosted 300 people during the storm.")
    assert f.term == "Sheltered"


# --- fragments, labels and noun phrases ----------------------------------------------------------

def test_table_label_with_space_grouped_number(figs):
    (f,) = figs("IDPs total 48 210")
    assert f.metric == "displaced" and f.best == 48210


def test_label_overrides_the_parse(figs):
    (f,) = figs("Damaged houses/shelter 7,315")
    assert f.metric == "damaged housing" and f.unit == "households" and f.best == 7315


def test_bare_number_after_evacuated_label_even_if_tagged_as_date(figs):
    (f,) = figs("Population Evacuated 20934")
    assert f.metric == "evacuated" and f.best == 20934


def test_noun_phrase_list_of_houses_destroyed(figs):
    found = figs("The storm killed two people, injured five and left 130 houses destroyed and 60 houses damaged.")
    assert {(f.metric, f.best) for f in found if "housing" in f.metric} == {
        ("destroyed housing", 130),
        ("damaged housing", 60),
    }


def test_families_displaced_fragment(figs):
    (f,) = figs("Update: 5,400 families displaced in the northern districts")
    assert f.metric == "displaced" and f.unit == "families" and f.best == 5400


def test_had_to_evacuate_after_a_list(figs):
    found = figs("The ministry reports two deaths in the north, 300 houses damaged and more than 900 people had to evacuate.")
    assert [value(f) for f in by_metric(found, "killed")] == [2]
    (e,) = by_metric(found, "evacuated")
    assert e.low == 900
    assert [value(f) for f in by_metric(found, "damaged housing")] == [300]


def test_number_of_displaced_families_is(figs):
    (f,) = figs("According to the Red Cross, the number of displaced families is estimated to be 512.")
    assert f.metric == "displaced" and f.best == 512 and f.unit == "families"


def test_remained_displaced_is_a_stock(figs):
    (f,) = figs("An estimated 41,000 civilians remained displaced in the region in June.")
    assert f.metric == "displaced" and f.best == 41000 and f.kind == "stock"


def test_misspelled_noun_under_evacuate(figs):
    (f,) = figs("Police said 64 peopel were evacuated from the building site.")
    assert f.metric == "evacuated" and f.best == 64


def test_unknown_noun_not_counted_by_other_verbs(figs):
    assert figs("The army destroyed 12 checkpoints and captured 3 villages.") == []


def test_people_tagged_as_date_are_still_people(figs):
    (f,) = figs("The floods forced a total of 1984 people to evacuate their homes.")
    assert f.metric == "evacuated" and f.best == 1984


def test_conjoined_clause_with_its_own_subject_is_not_inherited(figs):
    found = figs("A total of 80,000 people were affected, and some 12,500 people were evacuated.")
    assert [(f.metric, f.best) for f in found] == [("evacuated", 12500)]


def test_deaths_are_not_evacuated(figs):
    found = figs("The agency reports four deaths in the hills and 700 people had to evacuate.")
    assert {(f.metric, value(f)) for f in found} == {("killed", 4), ("evacuated", 700)}


# --- subsets -------------------------------------------------------------------------------------

def test_of_whom_subset(figs):
    found = figs("The raid killed 19 people, of whom seven were women.")
    whole, part = sorted(found, key=lambda f: f.provenance.start)
    assert whole.best == 19 and part.best == 7
    assert part.subset_of == whole.id and part.metric == "killed" and part.subgroup == "women"


def test_among_them_subset_of_displaced(figs):
    found = figs("The clashes displaced 2,300 people, among them 900 children.")
    whole, part = sorted(found, key=lambda f: f.provenance.start)
    assert part.subset_of == whole.id and part.subgroup == "children" and part.metric == "displaced"


# --- the headline figure -------------------------------------------------------------------------

def test_main_figure_prefers_people_displaced_over_housing(figs):
    from sitrep.nlp.figures import main_figure

    found = figs("Floods destroyed 1,200 homes, damaged 3,000 others and forced 25,000 people to evacuate.")
    assert main_figure(found).best == 25000


def test_main_figure_prefers_numbers_over_vague_and_wholes_over_parts(figs):
    from sitrep.nlp.figures import main_figure

    found = figs("Hundreds of homes were destroyed. The fire left 2,100 people homeless, including 800 children.")
    f = main_figure(found)
    assert f.metric == "homeless" and f.best == 2100 and f.subset_of is None


def test_main_figure_text_order_breaks_ties_and_empty_is_none(figs):
    from sitrep.nlp.figures import main_figure

    found = figs("About 4,000 people were evacuated on Monday and another 9,000 were evacuated on Tuesday.")
    assert main_figure(found).best == 4000
    assert main_figure([]) is None


# --- headline-style reduced passives, gapped verbs, clauses with their own object --------------------


def test_headline_reduced_passive_read_as_past_tense(figs):
    found = figs("Around 4,500 residents still displaced after the river burst its banks last month.")
    (d,) = by_metric(found, "displaced")
    assert value(d) == 4500


def test_gapped_verb_second_count_inherits_the_metric(figs):
    found = figs("About 12,400 people displaced in the northern district and 8,150 in the coastal plain.")
    assert sorted(value(f) for f in by_metric(found, "displaced")) == [8150, 12400]


def test_conjoined_clause_with_its_own_object_is_not_a_complement(figs):
    found = figs("The storm flattened 40 huts, destroyed 15 others and injured six villagers.")
    assert [value(f) for f in by_metric(found, "injured")] == [6]


def test_main_total_adds_the_same_count_for_other_named_places(figs):
    from sitrep.nlp.figures import main_total

    found = figs("In Northvale, 40 houses were destroyed, while in Southmere, 25 houses were destroyed.")
    assert main_total(found) == 65
    found = figs("About 3,000 people had already been evacuated and another 5,000 might have to be evacuated.")
    assert main_total(found) == 3000
    assert main_total([]) is None


def test_others_count_like_the_noun_before_them(figs):
    found = figs("The cyclone damaged 120 homes, flattened 35 others and injured four fishermen.")
    (d,) = by_metric(found, "destroyed housing")
    assert value(d) == 35 and d.unit == "households"
    found = figs("The blast killed 3 people and wounded 12 others.")
    assert [value(f) for f in by_metric(found, "injured")] == [12]
