"""Toponym recognition and disambiguation on sentences written here, over a small gazetteer."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitrep.resolve.gazetteer import Gazetteer
from sitrep.resolve.geoparse import find_toponyms, resolve_span

from test_gazetteer import SUPPLEMENT, write_geonames

EXTRA = [
    ("2643743", "London", "London", "", "51.50853", "-0.12574", "P", "PPLC", "GB", "", "ENG", "", "", "", "8961989"),
    ("6058560", "London", "London", "", "42.98339", "-81.23304", "P", "PPL", "CA", "", "08", "", "", "", "346765"),
    ("6251999", "Canada", "Canada", "", "60.10867", "-113.64258", "A", "PCLI", "CA", "", "00", "", "", "", "37058856"),
    ("6093943", "Ontario", "Ontario", "", "49.25014", "-84.49983", "A", "ADM1", "CA", "", "08", "", "", "", "12861940"),
    ("3090048", "Police", "Police", "", "53.55214", "14.57182", "P", "PPL", "PL", "", "", "", "", "", "34284"),
    ("4999999", "Henry", "Henry", "", "41.1", "-89.3", "P", "PPL", "US", "", "IL", "", "", "", "2400"),
    ("170017", "Azaz", "Azaz", "A'zaz", "36.58662", "37.04628", "P", "PPL", "SY", "", "09", "", "", "", "31714"),
]


@pytest.fixture(scope="module")
def gaz(tmp_path_factory) -> Gazetteer:
    d = tmp_path_factory.mktemp("geo")
    g = Gazetteer.open(d / "g.sqlite", builtin=False)
    from test_gazetteer import ROWS

    g.import_geonames(write_geonames(d / "rows.txt", ROWS + EXTRA))
    (d / "sup.csv").write_text(SUPPLEMENT, encoding="utf-8")
    g.import_supplement(d / "sup.csv")
    yield g
    g.close()


def names(tops):
    return [(t.name, t.entry.id if t.entry else None, t.geo_precision, t.rule_id) for t in tops]


def test_recognises_places_regardless_of_ner(gaz: Gazetteer) -> None:
    text = "Shelling hit Aleppo on Monday. Residents of Halab said the Syrian army advanced."
    tops = find_toponyms(text, gazetteer=gaz)
    assert [(t.name, t.entry.id, t.start) for t in tops] == [("Aleppo", "170063", 13), ("Halab", "170063", 44)]
    assert all(t.geo_precision == 1 for t in tops)


def test_demonyms_and_stopwords_are_not_places(gaz: Gazetteer) -> None:
    text = "Police said Syrian and Kurdish fighters clashed. Henry Smith, a resident, fled to Azaz."
    assert [t.name for t in find_toponyms(text, gazetteer=gaz)] == ["Azaz"]


def test_precision_patterns(gaz: Gazetteer) -> None:
    text = ("Troops shelled eastern Aleppo. A car bomb exploded near Azaz. "
            "Clashes spread across Aleppo province. Fighting continued on the outskirts of Damascus.")
    got = {(t.name, t.geo_precision, t.rule_id) for t in find_toponyms(text, gazetteer=gaz)}
    assert ("Aleppo", 2, "pp.compass_adj") in got
    assert ("Azaz", 2, "pp.near") in got
    assert ("Damascus", 2, "pp.outskirts") in got
    (prov,) = [t for t in find_toponyms(text, gazetteer=gaz) if t.rule_id == "pp.suffix_province"]
    assert prov.entry.feature_code == "ADM1" and prov.geo_precision == 3


def test_district_in_gazetteer_codes_to_city(gaz: Gazetteer) -> None:
    text = "Kurdish forces hold the Sheikh Maqsud district in northern Aleppo."
    (d, a) = find_toponyms(text, gazetteer=gaz)
    assert d.name == "Sheikh Maqsud" and d.geo_precision == 2
    assert (d.entry.lat, d.entry.lon) == (36.20124, 37.16117)
    assert a.name == "Aleppo" and a.geo_precision == 2


@pytest.mark.parametrize(
    "text, name, rule",
    [
        ("Families sheltered in rebel-held Bab al-Hadid after the strikes on Aleppo.", "Bab al-Hadid", "pp.sub_held"),
        ("Artillery hit Aleppo's Karm Homad on Tuesday.", "Karm Homad", "pp.sub_possessive"),
        ("Clashes raged in the Karm Homad district of eastern Aleppo.", "Karm Homad", "pp.sub_district_of"),
        ("Shells fell on the village of Tell Qarah, north of Aleppo.", "Tell Qarah", "pp.sub_of_name"),
    ],
)
def test_missing_subplace_falls_back_to_city(gaz: Gazetteer, text: str, name: str, rule: str) -> None:
    (sub,) = [t for t in find_toponyms(text, gazetteer=gaz) if t.name == name]
    assert sub.entry.id == "170063" and sub.geo_precision == 2 and sub.rule_id == rule


def test_missing_subplace_uses_article_focus(gaz: Gazetteer) -> None:
    text = "Government forces pressed into Aleppo. Dozens fled to rebel-held Qadi Askar overnight."
    (sub,) = [t for t in find_toponyms(text, gazetteer=gaz) if t.name == "Qadi Askar"]
    assert sub.entry.id == "170063" and sub.geo_precision == 2


def test_country_context_disambiguates(gaz: Gazetteer) -> None:
    assert find_toponyms("Flooding hit London on Sunday.", gazetteer=gaz)[0].entry.country == "GB"
    canada = "Flooding hit London in Ontario, the Canadian authorities said. London's mayor spoke."
    assert {t.entry.country for t in find_toponyms(canada, gazetteer=gaz) if t.name == "London"} == {"CA"}
    assert find_toponyms("A man was arrested in Alexandria, Louisiana.", gazetteer=gaz)[0].entry.country == "US"
    assert find_toponyms("Protests in Alexandria grew.", gazetteer=gaz)[0].entry.country == "EG"
    hinted = find_toponyms("Protests in Alexandria grew.", gazetteer=gaz, country_hint="US")
    assert hinted[0].entry.country == "US"


def test_resolve_span_given_gold(gaz: Gazetteer) -> None:
    text = "Fighting in Aleppo intensified as rebels lost Jubb al-Qubbeh and Azaz."
    s = text.index("Jubb")
    t = resolve_span(text, s, s + len("Jubb al-Qubbeh"), gazetteer=gaz)
    assert t.entry.id == "170063" and t.geo_precision == 2 and t.name == "Jubb al-Qubbeh"
    s = text.index("Azaz")
    assert resolve_span(text, s, s + 4, gazetteer=gaz).entry.id == "170017"


US_ROWS = [
    ("614540", "Georgia", "Georgia", "Sakartvelo", "42.0", "43.5", "A", "PCLI", "GE", "", "00", "", "", "", "3731000"),
    ("4197000", "Georgia", "Georgia", "", "32.75", "-83.5", "A", "ADM1", "US", "", "GA", "", "", "", "10000000"),
    ("4180439", "Atlanta", "Atlanta", "", "33.749", "-84.388", "P", "PPLA", "US", "", "GA", "", "", "", "463878"),
    ("2638664", "Salisbury", "Salisbury", "", "51.06931", "-1.79569", "P", "PPL", "GB", "", "ENG", "", "", "", "44748"),
    ("890299", "Harare", "Harare", "Salisbury", "-17.82772", "31.05337", "P", "PPL", "ZW", "", "10", "", "", "", "100000"),
    ("6254926", "Massachusetts", "Massachusetts", "", "42.36565", "-71.10832", "A", "ADM1", "US", "", "MA", "", "", "", "6433422"),
    ("4951788", "Springfield", "Springfield", "", "42.10148", "-72.58981", "P", "PPL", "US", "", "MA", "", "", "", "153606"),
    ("4409896", "Springfield", "Springfield", "", "37.21533", "-93.29824", "P", "PPL", "US", "", "MO", "", "", "", "166810"),
    ("4826850", "West Virginia", "West Virginia", "", "38.5", "-80.5", "A", "ADM1", "US", "", "WV", "", "", "", "1800000"),
    ("4801859", "Charleston", "Charleston", "", "38.34982", "-81.63262", "P", "PPLA", "US", "", "WV", "", "", "", "46838"),
    ("4574324", "Charleston", "Charleston", "", "32.77657", "-79.93092", "P", "PPL", "US", "", "SC", "", "", "", "132609"),
    ("fips:13139", "Hall County", "Hall County", "", "32.75", "-83.5", "A", "ADM2", "US", "", "GA", "", "", "", "0"),
    ("4407066", "St. Louis", "St. Louis", "Saint Louis", "38.62727", "-90.19789", "P", "PPL", "US", "", "MO", "", "", "", "279695"),
    ("4275000", "Louisville", "Louisville", "Louis", "39.0", "-88.5", "P", "PPL", "US", "", "IL", "", "", "", "1116"),
    ("2260494", "Republic of the Congo", "Republic of the Congo", "", "-1.0", "15.0", "A", "PCLI", "CG", "", "00", "", "", "", "5244363"),
    ("4846960", "Atlantic", "Atlantic", "", "41.40360", "-95.01388", "P", "PPL", "US", "", "IA", "", "", "", "6833"),
    ("fips:13157", "Jackson County", "Jackson County", "", "32.75", "-83.5", "A", "ADM2", "US", "", "GA", "", "", "", "0"),
    ("4196586", "Gainesville", "Gainesville", "", "34.29788", "-83.82407", "P", "PPLA2", "US", "", "GA", "", "", "", "33804"),
]


@pytest.fixture(scope="module")
def us_gaz(tmp_path_factory) -> Gazetteer:
    d = tmp_path_factory.mktemp("geo_us")
    g = Gazetteer.open(d / "g.sqlite", builtin=False)
    g.import_geonames(write_geonames(d / "rows.txt", US_ROWS + EXTRA))
    (d / "sup.csv").write_text("name,alternate_names,lat,lon,kind,parent,country\n"
                               "Massachusetts,Mass.,42.37,-71.8,state,,US\n"
                               "West Virginia,W.Va.,38.5,-80.5,state,,US\n"
                               "Atlantic Ocean,Atlantic,10.0,-25.0,ocean,,\n", encoding="utf-8")
    g.import_supplement(d / "sup.csv")
    yield g
    g.close()


def test_a_name_does_not_vouch_for_itself(us_gaz: Gazetteer) -> None:
    # four mentions of Georgia must not outvote the one Atlanta that says which Georgia is meant
    text = "Rain fell across Georgia on Tuesday. Georgia farmers in Atlanta welcomed it, and Georgia officials said Georgia reservoirs rose."
    tops = find_toponyms(text, gazetteer=us_gaz)
    assert {t.entry.id for t in tops if t.name == "Georgia"} == {"4197000"}
    text2 = "Georgia and Russia fought a short war; Georgia lost control of two regions."
    assert {t.entry.id for t in find_toponyms(text2, gazetteer=us_gaz) if t.name == "Georgia"} == {"614540"}


def test_an_alternate_name_yields_to_an_own_name(us_gaz: Gazetteer) -> None:
    tops = find_toponyms("The attack happened in Salisbury last March.", gazetteer=us_gaz)
    assert names(tops) == [("Salisbury", "2638664", 1, "gaz.match")]


def test_dotted_state_abbreviation_only_after_a_comma(us_gaz: Gazetteer) -> None:
    tops = find_toponyms("Police in Springfield, Mass., said the road was closed.", gazetteer=us_gaz)
    assert [(t.name, t.entry.id) for t in tops] == [("Springfield", "4951788"), ("Mass.", "6254926")]
    assert find_toponyms("Mass. was held at dawn. A Mass. for the dead.", gazetteer=us_gaz) == []


def test_two_part_dotted_abbreviation_after_a_comma(us_gaz: Gazetteer) -> None:
    for text in ("CHARLESTON, W.Va. -- The bridge reopened on Monday.", "A man from Charleston, W. Va., was hurt."):
        tops = find_toponyms(text, gazetteer=us_gaz)
        assert [t.entry.id for t in tops] == ["4801859", "4826850"], text


def test_a_county_is_placed_at_the_articles_town_of_its_state(us_gaz: Gazetteer) -> None:
    text = "Hall County deputies searched a house in Gainesville on Friday. Gainesville police helped."
    county = next(t for t in find_toponyms(text, gazetteer=us_gaz) if t.name == "Hall County")
    assert county.entry.id == "fips:13139" and (county.entry.lat, county.entry.lon) == (34.29788, -83.82407)
    alone = find_toponyms("Hall County deputies searched a house on Friday.", gazetteer=us_gaz)
    assert (alone[0].entry.lat, alone[0].entry.lon) == (32.75, -83.5)


def test_dotted_saint_and_lower_case_connectors_inside_names(us_gaz: Gazetteer) -> None:
    tops = find_toponyms("She moved from St. Louis to the Republic of the Congo.", gazetteer=us_gaz)
    assert [(t.name, t.entry.id) for t in tops] == [("St. Louis", "4407066"), ("Republic of the Congo", "2260494")]


def test_a_place_name_inside_another_feature_name_is_not_that_place(gaz: Gazetteer) -> None:
    assert find_toponyms("They sailed across Lake Ontario and into the Gulf of Canada.", gazetteer=gaz) == []
    assert find_toponyms("Farms in the Henry Valley flooded.", gazetteer=gaz) == []
    assert [t.name for t in find_toponyms("Farms near Henry flooded.", gazetteer=gaz)] == ["Henry"]


def test_a_town_missing_from_the_abbreviated_state_takes_the_state(us_gaz: Gazetteer) -> None:
    tops = find_toponyms("SALISBURY, Mass. -- A barn burned on Friday.", gazetteer=us_gaz)
    assert [(t.name, t.entry.id) for t in tops] == [("SALISBURY", "6254926"), ("Mass.", "6254926")]


def test_an_ocean_outranks_a_small_town_of_its_name(us_gaz: Gazetteer) -> None:
    tops = find_toponyms("Storms over the tropical Atlantic may reach Georgia and Massachusetts.", gazetteer=us_gaz)
    assert tops[0].name == "Atlantic" and tops[0].entry.feature_code == "OCN"


def test_names_listed_before_counties_are_counties(us_gaz: Gazetteer) -> None:
    tops = find_toponyms("Schools in Hall and Jackson counties closed early.", gazetteer=us_gaz)
    assert [(t.name, t.entry.id) for t in tops] == [("Hall", "fips:13139"), ("Jackson", "fips:13157")]


def test_a_weak_name_beside_a_speech_verb_is_a_person(gaz: Gazetteer) -> None:
    assert find_toponyms("The road was closed, Henry said on Monday.", gazetteer=gaz) == []
    assert find_toponyms("The road was closed, said Henry on Monday.", gazetteer=gaz) == []
    assert [t.name for t in find_toponyms("The road to Henry was closed.", gazetteer=gaz)] == ["Henry"]


def test_organisation_names_are_not_places(gaz: Gazetteer) -> None:
    assert find_toponyms("She studied at the University of London before moving.", gazetteer=gaz) == []
    assert find_toponyms("He taught at London Metropolitan University for years.", gazetteer=gaz) == []
    assert [t.name for t in find_toponyms("She flew from London to Canada.", gazetteer=gaz)] == ["London", "Canada"]


DC_ROWS = [
    ("4140963", "Washington", "Washington", "", "38.89511", "-77.03637", "P", "PPLC", "US", "", "DC", "", "", "", "689545"),
    ("5815135", "Washington", "Washington", "", "47.50012", "-120.50147", "A", "ADM1", "US", "", "WA", "", "", "", "6483901"),
    ("4827000", "Washington", "Washington", "", "39.25", "-81.67", "P", "PPL", "US", "", "WV", "", "", "", "1175"),
    ("4826850", "West Virginia", "West Virginia", "", "38.5", "-80.5", "A", "ADM1", "US", "", "WV", "", "", "", "1800000"),
    ("6254928", "Virginia", "Virginia", "", "37.54812", "-77.44675", "A", "ADM1", "US", "", "VA", "", "", "", "8001024"),
    ("5128638", "New York", "New York", "", "43.00035", "-75.4999", "A", "ADM1", "US", "", "NY", "", "", "", "31268968"),
    ("5128581", "New York City", "New York City", "New York", "40.71427", "-74.00597", "P", "PPL", "US", "", "NY", "", "", "", "8804190"),
]


@pytest.fixture(scope="module")
def dc_gaz(tmp_path_factory) -> Gazetteer:
    d = tmp_path_factory.mktemp("geo_dc")
    g = Gazetteer.open(d / "g.sqlite", builtin=False)
    g.import_geonames(write_geonames(d / "rows.txt", DC_ROWS))
    yield g
    g.close()


def test_a_state_listed_between_states_is_not_a_town_of_the_next_one(dc_gaz: Gazetteer) -> None:
    tops = find_toponyms("Cases were found in Virginia, Washington, West Virginia and three other states.", gazetteer=dc_gaz)
    assert [(t.name, t.entry.id) for t in tops] == [("Virginia", "6254928"), ("Washington", "5815135"), ("West Virginia", "4826850")]
    tops = find_toponyms("The mayor of Washington, West Virginia, spoke.", gazetteer=dc_gaz)
    assert tops[0].entry.id == "4827000"  # not in a list: the state after the comma holds the town


def test_a_dateline_names_a_town(dc_gaz: Gazetteer) -> None:
    tops = find_toponyms("NEW YORK (AP) — Officers answered a call on Friday.", gazetteer=dc_gaz)
    assert [(t.name, t.entry.id) for t in tops] == [("NEW YORK", "5128581")]
    tops = find_toponyms("Budget vote delayed. WASHINGTON -- Senators met on Friday.", gazetteer=dc_gaz)
    assert tops[0].entry.id == "4140963"


def test_two_ambiguous_names_that_may_be_neighbours_are(tmp_path) -> None:
    rows = [
        ("9000001", "Dorford", "Dorford", "", "40.0", "-80.0", "P", "PPL", "US", "", "PA", "", "", "", "50000"),
        ("9000002", "Dorford", "Dorford", "", "33.0", "-84.0", "P", "PPL", "US", "", "GA", "", "", "", "20000"),
        ("9000003", "Kelby", "Kelby", "", "45.0", "-100.0", "P", "PPL", "US", "", "SD", "", "", "", "60000"),
        ("9000004", "Kelby", "Kelby", "", "33.2", "-84.1", "P", "PPL", "US", "", "GA", "", "", "", "10000"),
    ]
    g = Gazetteer.open(tmp_path / "g.sqlite", builtin=False)
    g.import_geonames(write_geonames(tmp_path / "rows.txt", rows))
    tops = find_toponyms("A Dorford man was hurt in a crash on the road to Kelby on Friday.", gazetteer=g)
    assert [(t.name, t.entry.id) for t in tops] == [("Dorford", "9000002"), ("Kelby", "9000004")]
    alone = find_toponyms("A Dorford man was hurt in a crash on Friday.", gazetteer=g)
    assert alone[0].entry.id == "9000001"
    g.close()


def test_washington_dc_after_a_list_of_states(tmp_path) -> None:
    g = Gazetteer.open(tmp_path / "g.sqlite", builtin=False)
    dc = ("4138106", "District of Columbia", "District of Columbia", "", "38.9", "-77.0", "A", "ADM1", "US", "", "DC", "", "", "", "689545")
    g.import_geonames(write_geonames(tmp_path / "rows.txt", DC_ROWS + [dc]))
    (tmp_path / "sup.csv").write_text("name,alternate_names,lat,lon,kind,parent,country\n"
                                      "District of Columbia,D.C.,38.905,-77.016,state,,US\n", encoding="utf-8")
    g.import_supplement(tmp_path / "sup.csv")
    tops = find_toponyms("Trips to Virginia, West Virginia and Washington, D.C., took weeks.", gazetteer=g)
    assert [(t.name, t.entry.id) for t in tops] == [("Virginia", "6254928"), ("West Virginia", "4826850"),
                                                    ("Washington", "4140963"), ("D.C.", "4138106")]
    g.close()


def test_a_state_inside_an_organisation_name_still_says_where(tmp_path) -> None:
    rows = [
        ("4781708", "Richmond", "Richmond", "", "37.55376", "-77.46026", "P", "PPLA", "US", "", "VA", "", "", "", "226610"),
        ("4263108", "Richmond", "Richmond", "", "39.82894", "-84.89024", "P", "PPL", "US", "", "IN", "", "", "", "35854"),
        ("4921868", "Indiana", "Indiana", "", "40.00032", "-86.25027", "A", "ADM1", "US", "", "IN", "", "", "", "6732219"),
    ]
    g = Gazetteer.open(tmp_path / "g.sqlite", builtin=False)
    g.import_geonames(write_geonames(tmp_path / "rows.txt", rows))
    tops = find_toponyms("Officers of the Indiana State Police searched a storage unit in Richmond on Friday.", gazetteer=g)
    assert [(t.name, t.entry.id) for t in tops] == [("Richmond", "4263108")]  # the agency is no place, its state is a clue
    assert find_toponyms("A storage unit in Richmond burned on Friday.", gazetteer=g)[0].entry.id == "4781708"
    g.close()


def test_a_name_inside_an_organisation_is_a_clue_to_nearby_towns(tmp_path) -> None:
    rows = [
        ("9000001", "Dorford", "Dorford", "", "40.0", "-80.0", "P", "PPL", "US", "", "PA", "", "", "", "50000"),
        ("9000002", "Dorford", "Dorford", "", "33.0", "-84.0", "P", "PPL", "US", "", "GA", "", "", "", "20000"),
        ("fips:99001", "Kelby County", "Kelby County", "", "33.1", "-84.1", "A", "ADM2", "US", "", "GA", "99001", "", "", "0"),
        ("fips:99002", "Kelby County", "Kelby County", "", "45.0", "-100.0", "A", "ADM2", "US", "", "SD", "99002", "", "", "0"),
    ]
    g = Gazetteer.open(tmp_path / "g.sqlite", builtin=False)
    g.import_geonames(write_geonames(tmp_path / "rows.txt", rows))
    tops = find_toponyms("Deputies of the Kelby County Sheriff's Office arrested a Dorford man on Friday.", gazetteer=g)
    assert [(t.name, t.entry.id) for t in tops] == [("Dorford", "9000002")]  # the office is no place, its county a clue
    assert find_toponyms("Deputies arrested a Dorford man on Friday.", gazetteer=g)[0].entry.id == "9000001"
    g.close()


def test_a_small_town_read_under_an_alternate_name_gives_no_context(tmp_path) -> None:
    rows = [
        ("9100001", "Lilbury", "Lilbury", "Carrick", "33.9", "-84.1", "P", "PPL", "US", "", "GA", "", "", "", "8000"),
        ("9100002", "Marlow", "Marlow", "", "36.3", "-88.3", "P", "PPL", "US", "", "TN", "", "", "", "9000"),
        ("9100003", "Marlow", "Marlow", "", "34.0", "-84.0", "P", "PPL", "US", "", "GA", "", "", "", "7000"),
    ]
    g = Gazetteer.open(tmp_path / "g.sqlite", builtin=False)
    g.import_geonames(write_geonames(tmp_path / "rows.txt", rows))
    # "Carrick" is only an old name of a Georgia town (here a person): it must not pull Marlow to Georgia
    tops = find_toponyms("A Marlow man was arrested on Sunday. Officer Carrick said the case was closed.", gazetteer=g)
    assert [(t.name, t.entry.id) for t in tops if t.name == "Marlow"] == [("Marlow", "9100002")]
    g.close()


def test_a_state_mention_pulls_a_small_namesake_only_weakly(tmp_path) -> None:
    rows = [
        ("4299276", "Louisville", "Louisville", "", "38.25424", "-85.75941", "P", "PPL", "US", "", "KY", "", "", "", "624444"),
        ("5161723", "Louisville", "Louisville", "", "40.83728", "-81.25955", "P", "PPL", "US", "", "OH", "", "", "", "9126"),
        ("5165418", "Ohio", "Ohio", "", "40.25034", "-83.00018", "A", "ADM1", "US", "", "OH", "", "", "", "8201529"),
        ("4338010", "Alexandria", "Alexandria", "", "31.31129", "-92.44514", "P", "PPL", "US", "", "LA", "", "", "", "47889"),
        ("4744091", "Alexandria", "Alexandria", "", "38.80484", "-77.04692", "P", "PPL", "US", "", "VA", "", "", "", "159467"),
        ("4331987", "Louisiana", "Louisiana", "", "31.00047", "-92.00015", "A", "ADM1", "US", "", "LA", "", "", "", "4681666"),
    ]
    g = Gazetteer.open(tmp_path / "g.sqlite", builtin=False)
    g.import_geonames(write_geonames(tmp_path / "rows.txt", rows))
    tops = find_toponyms("The champions from Ohio played against Louisville on Friday.", gazetteer=g)
    assert [(t.name, t.entry.id) for t in tops] == [("Ohio", "5165418"), ("Louisville", "4299276")]
    tops = find_toponyms("Police in Louisiana said an Alexandria woman was arrested.", gazetteer=g)
    assert [(t.name, t.entry.id) for t in tops] == [("Louisiana", "4331987"), ("Alexandria", "4338010")]
    g.close()
