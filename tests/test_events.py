"""extract_events(): records, actors, civilian targeting, places, statuses, on sentences we wrote."""

from __future__ import annotations

import pytest

from sitrep.nlp.events import extract_events
from sitrep.nlp.pipeline import load_nlp


def events(text: str):
    return extract_events(load_nlp()(text), article_id="t1")


def only(text: str, sub: str):
    found = [e for e in events(text) if e.sub_event_type == sub]
    assert found, [(e.sub_event_type, e.trigger) for e in events(text)]
    return found[0]


def test_shelling_actor_target_place() -> None:
    text = "On Monday, Syrian government artillery fire killed 14 civilians in the village of Kafr Nabl, a monitor said."
    ev = only(text, "Shelling/artillery/missile attack")
    assert ev.event_type == "Explosions/Remote violence"
    assert ev.actor1_norm == "Military Forces of Syria" and ev.inter1 == 1
    assert ev.target == "civilians" and ev.civilian_targeting is True
    assert ev.place is not None and "Kafr Nabl" in ev.place.name
    assert ev.status == "occurred"
    assert ev.provenance.span_text == ev.trigger
    assert ev.provenance.rule_id.startswith("trg.")
    assert text[ev.provenance.start : ev.provenance.end] == ev.trigger


def test_capture_by_state_forces_is_government_regains() -> None:
    ev = only("Syrian troops captured the district of Bab al-Nairab from rebels on Tuesday.", "Government regains territory")
    assert ev.event_type == "Battles" and ev.inter1 == 1


def test_capture_by_non_state_actor() -> None:
    ev = only("Islamic State fighters captured the town of Palmyra after a week of battles.", "Non-state actor overtakes territory")
    assert ev.actor1_norm == "Islamic State (Syria)" and ev.inter1 == 2


def test_arrests() -> None:
    ev = only("The government detained hundreds of men at checkpoints in the city of Homs.", "Arrests")
    assert ev.event_type == "Strategic developments"


def test_ids_are_stable_and_distinct() -> None:
    text = "Rebels clashed with the army in Daraa. Warplanes bombed a hospital in Idlib."
    a, b = events(text), events(text)
    assert [e.id for e in a] == [e.id for e in b]
    assert len({e.id for e in a}) == len(a) >= 2


def test_air_strike_on_hospital_is_civilian_targeting() -> None:
    ev = only("Russian warplanes bombed a hospital in Idlib province on Sunday.", "Air/drone strike")
    assert ev.civilian_targeting is True


def test_safe_corridor_appeal_is_no_event() -> None:
    assert events("The mayor urged both sides to set up a safe corridor so that civilians can leave the city.") == []


def test_generic_trigger_yields_to_specific_one() -> None:
    subs = [e.sub_event_type for e in events("A roadside bomb explosion killed two soldiers near the base.")]
    assert subs == ["Remote explosive/landmine/IED"]


def test_natural_disaster_sentence_has_no_violence_event() -> None:
    assert events("The earthquake killed forty people in the mountain villages.") == []


@pytest.mark.parametrize(
    ("text", "sub", "status"),
    [
        ("Aleppo has been ravaged by the conflict that began with anti-government protests in March 2011.", "Peaceful protest", "background"),
        ("The army announced a bid to retake the city from the rebels.", "Government regains territory", "planned"),
        ("The president urged the rebels to sign a ceasefire agreement.", "Agreement", "called-for"),
        ("Any air strike on the dam would be a disaster, the minister said.", "Air/drone strike", "hypothetical"),
        ("There were ongoing clashes in the southern districts, the official said.", "Armed clash", "ongoing"),
        ("Police did not arrest anyone at the scene.", "Arrests", "denied"),
        ("Police arrested six men at the scene on Friday.", "Arrests", "occurred"),
    ],
    ids=["background", "planned", "called-for", "hypothetical", "ongoing", "denied", "occurred"],
)
def test_status(text: str, sub: str, status: str) -> None:
    assert only(text, sub).status == status


def test_seed_like_report() -> None:
    text = (
        "Rebel groups fully repelled the Syrian army from the Sheikh Saeed district, a rebel official said, "
        "after a military source said government troops had captured the district.\n"
        "The rebel-held east, which fell from government control in 2012, has been savaged by the conflict."
    )
    evs = events(text)
    subs = {e.sub_event_type: e for e in evs}
    assert "Armed clash" in subs and subs["Armed clash"].actor1_norm == "Opposition Rebels (Syria)"
    assert subs["Government regains territory"].actor1_norm == "Military Forces of Syria"
    assert subs["Non-state actor overtakes territory"].status == "background"


# --- rule classes added for accuracy (own sentences) ---------------------------------------------


def subs(text: str) -> list[str]:
    return [e.sub_event_type for e in events(text)]


def test_back_reference_to_the_dead_is_not_a_new_attack() -> None:
    text = (
        "Government shelling killed 21 civilians in the district on Wednesday. "
        "The monitor said at least eight of those killed were children who had fled from the east."
    )
    found = events(text)
    assert [e.sub_event_type for e in found] == ["Shelling/artillery/missile attack"], [(e.sub_event_type, e.trigger) for e in found]


def test_surrendering_as_a_modifier_is_not_an_agreement() -> None:
    assert "Agreement" not in subs("Passages are open for civilians or surrendering rebels to cross into the west of the city.")
    assert "Agreement" in subs("The last rebels in the town surrendered to the army on Friday.")


def test_clash_with_shelling_lists_the_battle_first() -> None:
    found = subs("Government forces shelled the town as clashes raged with rebel fighters on its outskirts.")
    assert found[0] == "Armed clash" and "Shelling/artillery/missile attack" in found


def test_territory_before_the_fighting_that_won_it() -> None:
    found = subs("Army troops took control of the village of Tal Hamid after fierce clashes with rebel fighters.")
    assert found[0] == "Government regains territory"


def test_violence_before_the_damage_it_caused() -> None:
    found = subs("Warplanes bombed the village of Kafr Zita, destroying several houses and a school.")
    assert found[0] == "Air/drone strike"


def test_killing_combatants_is_a_battle_killing_civilians_an_attack() -> None:
    assert subs("Gunmen shot and killed two militia fighters near the town of Ariha.")[0] == "Armed clash"
    assert subs("Gunmen shot dead a teacher in the market of the town on Monday.")[0] == "Attack"


def test_control_verb_is_territory() -> None:
    assert subs("The Syrian army controlled the village of Kafr Nuran after clashes with rebels.")[0] == (
        "Government regains territory"
    )


def test_loser_decides_territory_side_when_the_taker_is_unknown() -> None:
    # "from government forces": whoever took it is not the state
    assert subs("The fighters captured the villages of Tal Sheer and Abu Hamra from government forces.")[0] == (
        "Non-state actor overtakes territory"
    )
    # the passive subject lost the place
    assert subs("Islamic State militants were driven out of the town of Hajin on Sunday.")[0] == (
        "Government regains territory"
    )


def test_withdrawal_far_from_the_place_word_is_a_transfer() -> None:
    assert subs("The militia fighters withdrew, under unknown circumstances, from the old army base near the town.")[0] == (
        "Non-violent transfer of territory"
    )


def test_civilian_victims_of_a_shooting_are_an_attack() -> None:
    assert subs("A sniper shot and wounded a young man in the town of Rastan.")[0] == "Attack"
    assert subs("Unknown gunmen assassinated a member of the local council in the city.")[0] == "Attack"


def test_killing_by_a_remote_weapon_is_not_a_battle() -> None:
    assert subs("Rebels fired rockets at an army base near the city, killing 12 soldiers.")[0] == (
        "Shelling/artillery/missile attack"
    )


def test_actor_found_up_a_chain_of_verbs() -> None:
    ev = only(
        "Ahrar al-Sham fighters managed to advance and impose their control over the village of Has.",
        "Non-state actor overtakes territory",
    )
    assert ev.inter1 == 2


def test_attack_on_combatants_is_a_battle() -> None:
    assert subs("Unknown gunmen opened fire at an army checkpoint on the main road, wounding two soldiers.")[0] == "Armed clash"
    assert subs("Militants assassinated two police officers near the market town.")[0] == "Armed clash"
    # the same verbs against civilians stay an attack on civilians
    assert subs("Militants assassinated two shepherds near the market town.")[0] == "Attack"


def test_gunfire_at_a_village_with_nobody_hurt_is_a_strategic_development() -> None:
    found = events("The army opened heavy machine gun fire on a village in the north of the province.")
    assert [e.sub_event_type for e in found] == ["Other"]
    assert found[0].event_type == "Strategic developments"
    # with casualties it is no longer mere harassing fire
    assert "Other" not in subs("The army opened heavy machine gun fire on a village, killing two farmers.")


def test_opening_fire_at_a_checkpoint_establishes_no_base() -> None:
    assert "Headquarters or base established" not in subs("Gunmen opened fire at a checkpoint of the border guards.")
    assert "Headquarters or base established" in subs("The troops established a new military base near the airport.")


def test_anti_tank_missiles_and_explosive_charges_are_remote_violence() -> None:
    assert subs("Rebels hit an army tank with an ATGM near the front line.")[0] == "Shelling/artillery/missile attack"
    assert subs("An explosive charge went off near a bus station in the capital.")[0] == "Remote explosive/landmine/IED"


def test_exchanged_shelling_is_a_battle() -> None:
    assert subs("Government troops and rebel fighters exchanged artillery fire around the hilltop village.")[0] == "Armed clash"
    assert subs("Two rival militias attacked the town amid mutual shelling on Sunday.")[0] == "Armed clash"
    assert "Armed clash" not in subs("The two governments exchanged prisoners at the border crossing.")


def test_withdrawal_from_an_area_is_a_non_violent_transfer() -> None:
    assert subs("The militants withdrew, under unclear circumstances, from the remaining parts of their enclave.")[0] == (
        "Non-violent transfer of territory"
    )
    assert "Non-violent transfer of territory" not in subs("The party withdrew from the coalition government on Monday.")
    assert subs("Army units advanced into the village after the rebels left; nobody was hurt.")[0] == (
        "Non-violent transfer of territory"
    )


def test_handover_under_a_deal_is_a_transfer_before_the_agreement() -> None:
    found = subs("The fighters handed over the town to the army as part of an agreement with the government.")
    assert found[0] == "Non-violent transfer of territory"


def test_a_planted_mine_that_went_off_is_an_explosive_attack() -> None:
    text = "A mine, which had been planted near the road by the insurgents, went off as a patrol passed this morning."
    assert subs(text)[0] == "Remote explosive/landmine/IED"
    assert subs("A land mine exploded in the village and wounded two farmers.")[0] == "Remote explosive/landmine/IED"


def test_gunmen_storming_a_campus_are_no_riot() -> None:
    assert subs("Gunmen stormed the university, killing students in their classrooms.")[0] == "Attack"


def test_soldiers_taking_people_in_raids_is_an_arrest() -> None:
    assert subs("Soldiers have taken dozens of people in a series of night raids across the district.")[0] == "Arrests"


def test_an_offensive_against_troops_is_a_battle_and_a_named_weapon_decides_the_note() -> None:
    assert subs("The rebels launched an offensive against army troops in the hills, killing and wounding dozens.")[0] == "Armed clash"
    from sitrep.nlp.precedence import main_mention

    text = "A military truck was destroyed near the border, killing those aboard. A roadside bomb was used."
    assert main_mention(events(text)).sub_event_type == "Remote explosive/landmine/IED"


def test_halting_an_advance_and_advancing_against_fighters_are_battles() -> None:
    assert subs("Government troops said they halted an attempted advance by the rebels on the hill.")[0] == "Armed clash"
    assert subs("Army units advanced against militia fighters near the farms on Monday.")[0] == "Armed clash"


def test_clashes_with_youths_under_tear_gas_are_a_riot() -> None:
    text = "Several youths were injured by rubber bullets during clashes with police troops at the camp entrance."
    assert subs(text)[0] == "Violent demonstration"
    assert "Disrupted weapons use" not in subs("A man was shot and injured with live ammunition by soldiers near the village.")


def test_militants_killing_a_local_official_is_an_attack_on_civilians() -> None:
    assert subs("Militants assassinated the village chief near the market town.")[0] == "Attack"
    assert subs("A young man was shot and killed by border guards as he tried to cross.")[0] == "Attack"


def test_a_body_found_shot_is_an_attack_on_civilians() -> None:
    assert subs("The body of a young man was found on the outskirts of the village with gunshot wounds.")[0] == "Attack"
    assert "Attack" not in subs("Workers found a mass grave with the bodies of dozens of fighters near the town.")


def test_restored_control_new_posts_and_choppers() -> None:
    assert subs("Government forces recovered control of two villages from the rebels on Sunday.")[0] == "Government regains territory"
    assert "Headquarters or base established" in subs("A new military post was established by the troops near the ridge.")
    assert subs("Militants attacked army positions using anti-aircraft guns and mortars.")[0] != "Air/drone strike"
    assert subs("The militants suffered heavy losses in raids by army choppers in the province.")[0] == "Air/drone strike"


def test_accidental_fires_leaks_and_container_blasts_are_no_attacks() -> None:
    assert "Looting/property destruction" not in subs("Six warehouses burned in a fire that broke out near the port; firefighters put it out.")
    assert "Chemical weapon" not in subs("Dozens were affected by a chlorine gas leakage at a water plant.")
    assert "Remote explosive/landmine/IED" not in subs("A cold storage container exploded near the church this morning.")
