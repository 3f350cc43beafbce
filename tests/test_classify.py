"""classify(): one sentence of our own per ACLED sub-event type and per out-of-taxonomy label."""

from __future__ import annotations

import pytest

from sitrep.nlp.classify import case_code, classify

CASES = [
    ("Government forces and rebels clashed for hours on the outskirts of the town on Monday.", "Armed clash"),
    ("Iraqi troops recaptured the village of Tal Abta from Islamic State militants on Sunday.", "Government regains territory"),
    ("Taliban fighters captured the district centre of Khan Abad after government troops fled.", "Non-state actor overtakes territory"),
    ("Several people suffered breathing difficulties after a helicopter dropped chlorine gas on the town.", "Chemical weapon"),
    ("Warplanes carried out air strikes on the market, killing twelve people.", "Air/drone strike"),
    ("A suicide bomber blew himself up at a checkpoint in the city, killing four policemen.", "Suicide bomb"),
    ("Mortar shells and rockets fired by the army hit residential areas of the town overnight.", "Shelling/artillery/missile attack"),
    ("A roadside bomb struck a police vehicle on the highway, wounding three officers.", "Remote explosive/landmine/IED"),
    ("Unknown attackers hurled a grenade at a bus stop, injuring seven passengers.", "Grenade"),
    ("Soldiers raped women and girls in the village during the operation, a rights group said.", "Sexual violence"),
    ("Gunmen stormed the village and opened fire on residents, killing nine villagers.", "Attack"),
    ("Armed men kidnapped a priest and two teachers from the school on Tuesday.", "Abduction/forced disappearance"),
    ("Thousands of people marched peacefully through the capital to demand higher wages.", "Peaceful protest"),
    ("Police detained dozens of protesters and dispersed the rally outside parliament.", "Protest with intervention"),
    ("Security forces fired live ammunition at protesters, killing three demonstrators.", "Excessive force against protesters"),
    ("Rioters threw stones at police and set tyres on fire during the demonstration.", "Violent demonstration"),
    ("An angry mob lynched a man accused of stealing a goat.", "Mob violence"),
    ("The two sides signed a ceasefire agreement on Friday to end the fighting.", "Agreement"),
    ("Police arrested the opposition leader at his home on Saturday.", "Arrests"),
    ("About 300 fighters defected to the government side with their weapons.", "Change to group/activity"),
    ("Police seized a cache of rifles and ammunition during a search of the farm.", "Disrupted weapons use"),
    ("The army has set up a new military base near the border town.", "Headquarters or base established"),
    ("Shops were looted and several houses were burned in the market area overnight.", "Looting/property destruction"),
    ("The militia withdrew from the town and handed control to the army.", "Non-violent transfer of territory"),
    ("The country carried out a satellite launch from its space program site.", "Other"),
    ("A strong earthquake struck the coast, killing dozens and destroying homes.", "NATURAL_DISASTER"),
    ("A tanker truck crashed and caught fire on the motorway, killing the driver.", "MAN_MADE_DISASTER"),
    ("The government expelled two diplomats and imposed new sanctions in a diplomatic row.", "DIPLO"),
    ("Police broke up a drug smuggling ring and arrested five traffickers carrying cocaine.", "ORG_CRIME"),
    ("The group claimed responsibility for the bombing in a statement online.", "ATTRIB"),
]


@pytest.mark.parametrize(("text", "label"), CASES, ids=[c[1] for c in CASES])
def test_label(text: str, label: str) -> None:
    result = classify(text)
    assert result.label == label, result
    assert result.rule_id and result.trigger


def test_event_type_and_case_code() -> None:
    result = classify("Israeli warplanes struck targets in Gaza overnight, killing two people.")
    assert result.event_type == "Explosions/Remote violence"
    assert result.sub_event_type == "Air/drone strike"
    assert case_code(result.label) == "AIR_STRIKE"
    assert case_code("DIPLO") == "DIPLO"


def test_no_evidence_is_other() -> None:
    result = classify("The weather was pleasant and the shops opened on time.")
    assert result.label in ("Other", "NATURAL_DISASTER")


def test_planned_status() -> None:
    assert classify("The army will launch air strikes on the town next week.").status == "planned"


def test_user_rule_overrides(tmp_path) -> None:
    (tmp_path / "triggers.jsonl").write_text(
        '{"id": "trg.user.test", "label": "Other", "terms": ["zorblat"], "weight": 20}\n', encoding="utf-8"
    )
    result = classify("The zorblat happened near the river after the clashes.", rules_dir=str(tmp_path))
    assert result.rule_id == "trg.user.test"


def test_no_evidence_has_no_event_type() -> None:
    result = classify("The committee met on Tuesday and the report was published later.")
    assert result.label == "Other" and result.event_type is None and result.sub_event_type is None


@pytest.mark.parametrize(
    ("text", "label"),
    [
        # out-of-taxonomy words inside a protest report do not win over the protest
        ("Thousands of people marched through the capital to protest against corruption and drug gangs.", "Peaceful protest"),
        ("Hundreds of demonstrators braved heavy snow to rally outside parliament against the new law.", "Peaceful protest"),
        # protesters' own violence makes it a riot whatever the police did
        ("Protesters threw stones and petrol bombs at police, who fired tear gas and water cannon to disperse them.", "Violent demonstration"),
        # police intervention on a peaceful protest
        ("Police fired tear gas to disperse a peaceful sit-in outside the ministry.", "Protest with intervention"),
        # activists detained away from any protest are arrests; at a protest, an intervention
        ("Police detained two prominent activists at their homes ahead of the referendum.", "Arrests"),
        ("Police detained ten activists as they tried to hold a protest outside the court.", "Protest with intervention"),
        # territory wins over the fighting that won it
        ("Government troops recaptured the town of Qaryatain after days of heavy fighting and air strikes.", "Government regains territory"),
    ],
)
def test_precedence_and_context(text: str, label: str) -> None:
    assert classify(text).label == label


def test_a_cartel_bomb_is_an_explosive_attack_and_a_sanctions_round_is_diplomacy() -> None:
    from sitrep.nlp.classify import case_code, classify

    text = "A policeman was killed when a home-made explosive device planted by a drug cartel detonated near his car."
    assert case_code(classify(text).label) == "REM_EXPLOS"
    text = "The government retaliated on Friday over a new round of sanctions imposed over the bombing of its soldiers."
    assert case_code(classify(text).label) == "DIPLO"
