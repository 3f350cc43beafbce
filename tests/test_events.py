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
