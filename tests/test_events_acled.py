"""ACLED event-typing conventions (issue 3), on sentences written for these tests."""

from __future__ import annotations

from sitrep.nlp.events import extract_events, territory_label
from sitrep.nlp.pipeline import load_nlp
from sitrep.nlp.precedence import main_mention
from sitrep.nlp.ruleset import GOV, NSA
from sitrep.resolve.actors import Actor


def events(text: str):
    return extract_events(load_nlp()(text), article_id="t-acled")


def main_sub(text: str) -> str | None:
    ev = main_mention(events(text))
    return ev.sub_event_type if ev is not None else None


class _Hit:
    default = GOV


def test_foreign_force_taking_ground_is_a_non_state_overtake() -> None:
    foreign = Actor(name="Military Forces of Freedonia", inter=8, kind="actor", country="XX", rule_id="x")
    state = Actor(name="Military Forces of Sylvania", inter=1, kind="actor", country="XX", rule_id="y")
    assert territory_label(_Hit(), foreign) == NSA
    assert territory_label(_Hit(), state) == GOV
    # a foreign force that lost the place: someone non-state took it
    assert territory_label(_Hit(), None, loser=foreign) == NSA


def test_safely_detonated_device_is_disrupted_weapons_use() -> None:
    assert main_sub("Army engineers safely detonated a roadside bomb found near the market in Tikrit on Sunday.") == "Disrupted weapons use"
    assert main_sub("Police detonated explosive devices belonging to the rebels in the hills outside the town.") == "Disrupted weapons use"
    # a bomb that went off is still an explosion
    assert main_sub("A roadside bomb planted by militants exploded near a checkpoint, wounding two soldiers.") == "Remote explosive/landmine/IED"


def test_removed_device_is_disrupted_weapons_use() -> None:
    assert main_sub("A bomb disposal team removed an explosive device from a parked car in the city centre.") == "Disrupted weapons use"


def test_grenade_without_casualties_is_a_strategic_development() -> None:
    assert main_sub("Unknown men threw a hand grenade at the shop of a local trader without causing any casualties.") == "Looting/property destruction"
    assert main_sub("Unknown men threw a hand grenade at a police patrol, wounding three officers.") == "Grenade"


def test_sound_grenade_is_no_grenade_attack() -> None:
    assert main_sub("A sound grenade went off in the camp at night.") != "Grenade"


def test_closure_by_forces_is_a_strategic_development() -> None:
    assert main_sub("Soldiers sealed the main entrance to the village on Tuesday and declared the area a closed military zone.") == "Other"
    # a closure during a protest stays a protest
    assert main_sub("Protesters blocked the main road and closed shops in the town.") != "Other"


def test_incursion_without_violence_is_a_troop_movement() -> None:
    assert main_sub("Army bulldozers made an incursion into farmland east of the border town early Monday.") == "Change to group/activity"


def test_clashes_with_a_crowd_are_a_riot() -> None:
    assert main_sub("Several villagers were injured by rubber bullets during clashes with soldiers near the checkpoint.") in (
        "Violent demonstration", "Protest with intervention")
    assert main_sub("Clashes erupted between rebel fighters and army troops near the checkpoint.") == "Armed clash"


def test_tear_gas_at_residents_is_a_protest_event() -> None:
    assert main_sub("Dozens of residents suffered suffocation after soldiers fired tear gas in the village square.") in (
        "Violent demonstration", "Protest with intervention")


def test_mass_grave_discovery_is_a_strategic_development() -> None:
    assert main_sub("Police discovered a mass grave containing the bodies of 30 villagers killed by the militants.") == "Other"


def test_people_who_demonstrated_are_a_protest() -> None:
    assert main_sub("Hundreds of teachers demonstrated outside the ministry on Sunday to demand unpaid wages.") == "Peaceful protest"
    assert main_sub("The exercise demonstrated the ability of the new air defence system.") != "Peaceful protest"


def test_a_column_heading_elsewhere_is_no_transfer_of_territory() -> None:
    assert main_sub("Rebel fighters withdrew from the town on Monday under an evacuation deal.") == "Non-violent transfer of territory"
    assert main_sub("A long military convoy entered the border district on Monday, heading to the south.") != "Non-violent transfer of territory"


def test_clearing_mines_is_disrupted_weapons_use_not_a_territory_gain() -> None:
    assert main_sub("Army engineers began mine clearance in the area around the village.") == "Disrupted weapons use"
    assert main_sub("Troops cleared the village of militants after a week of fighting.") in (
        "Government regains territory", "Non-state actor overtakes territory")


def test_death_under_torture_is_violence_against_civilians() -> None:
    assert main_sub("A teacher died under torture in a prison run by the security services, his family said.") == "Attack"


def test_subject_then_controlled_place_is_a_territory_change() -> None:
    # the small parser reads 'controlled Hawa village' as an adjective phrase; the subject still makes it a verb
    assert main_sub("The Syrian army controlled Tal Hamra village after clashes with the opposition factions.") in (
        "Government regains territory", "Non-state actor overtakes territory")


def test_protest_with_arrests_is_a_protest() -> None:
    assert main_sub("New demonstrations broke out in the provincial capital, where at least 20 people were arrested.") in (
        "Peaceful protest", "Protest with intervention")


def test_killing_among_armed_men_is_no_violence_against_civilians() -> None:
    assert main_sub("A commander of the tribal militia was shot and wounded by unknown gunmen near the market.") != "Attack"
    assert main_sub("Rebel forces claimed to have destroyed two army pickups, killing the fighters riding in them.") != "Attack"
    assert main_sub("Unknown gunmen shot dead a shopkeeper in the old market on Sunday.") == "Attack"


def test_subject_of_were_able_to_regain_is_the_taker() -> None:
    evs = [e for e in events("After a counterattack on army positions, the rebel factions were able to regain control of the town of Kafr Dam.")
           if e.sub_event_type in ("Government regains territory", "Non-state actor overtakes territory")]
    assert evs and evs[0].sub_event_type == "Non-state actor overtakes territory"


def test_demolition_by_bulldozers_is_property_destruction() -> None:
    assert main_sub("Army bulldozers demolished two houses and a farm shed in the village on Monday.") == "Looting/property destruction"


def test_foiled_smuggling_is_no_battle() -> None:
    assert main_sub("Customs officers foiled an attempt to smuggle rifles across the border crossing.") != "Armed clash"
    assert main_sub("Troops foiled an attempt by militants to storm the base.") == "Armed clash"


def test_group_changes_are_strategic_developments() -> None:
    assert main_sub("Three local brigades announced their integration with the Northern Front on Sunday.") == "Change to group/activity"
    assert main_sub("The governor was removed from his post after the scandal, officials said.") == "Change to group/activity"


def test_people_demanding_something_are_a_protest() -> None:
    assert main_sub("Farmers gathered outside parliament for a week, demanding that the government cancel the new tax.") == "Peaceful protest"
    assert main_sub("Residents of the town demonstrated, demanding that the armed factions stop their fighting.") == "Peaceful protest"
