"""ActorDictionary: one test per actor rule kind, on phrases we wrote."""

from __future__ import annotations

import pytest

from sitrep.errors import RuleError
from sitrep.resolve.actors import ActorDictionary


@pytest.fixture(scope="module")
def actors() -> ActorDictionary:
    return ActorDictionary.load()


@pytest.mark.parametrize(
    ("text", "country", "name", "inter"),
    [
        ("government troops", "SY", "Military Forces of Syria", 1),
        ("regime forces", None, "Military Forces of Syria", 1),
        ("the Syrian army", None, "Military Forces of Syria", 1),
        ("Syrian government artillery", None, "Military Forces of Syria", 1),
        ("pro-government forces", "SY", "Military Forces of Syria", 1),
        ("Syrian troops", None, "Military Forces of Syria", 1),
        ("the army", "SY", "Military Forces of Syria", 1),
        ("QSD forces", "SY", "SDF: Syrian Democratic Forces", 2),
        ("anti-Houthi forces", "YE", "Military Forces of Yemen", 1),
        ("pro-Houthi forces", "YE", "Military Forces of Yemen Supreme Political Council", 1),  # ACLED since the SPC (2016)
        ("Olive Branch factions", "SY", "Opposition Rebels (Syria)", 2),
        ("rebels", "SY", "Opposition Rebels (Syria)", 2),
        ("insurgents", "SY", "Opposition Rebels (Syria)", 2),
        ("opposition forces", "SY", "Opposition Rebels (Syria)", 2),
        ("Rebel groups", "SY", "Opposition Rebels (Syria)", 2),
        ("Daesh", None, "Islamic State (Syria)", 2),
        ("ISIS", "SY", "Islamic State (Syria)", 2),
        ("ISIS", "IQ", "Islamic State (Iraq)", 2),
        ("the Taliban", None, "Taliban", 2),
        ("al-Shabaab militants", None, "Al Shabaab", 2),
        ("Boko Haram", None, "Boko Haram - Jamaatu Ahli is-Sunnah lid-Dawati wal-Jihad", 2),
        ("Houthi rebels", None, "Military Forces of Yemen Supreme Political Council", 1),
        ("police", "IQ", "Police Forces of Iraq", 1),
        ("Afghan police", None, "Police Forces of Afghanistan", 1),
        ("protesters", "UA", "Protesters (Ukraine)", 6),
        ("rioters", "NG", "Rioters (Nigeria)", 5),
        ("civilians", "YE", "Civilians (Yemen)", 7),
        ("unidentified gunmen", "NG", "Unidentified Armed Group (Nigeria)", 3),
        ("the Tatmadaw", None, "Military Forces of Myanmar", 1),
        ("Israeli forces", None, "Military Forces of Israel", 1),
        ("Hamas", None, "Hamas Movement", 2),
        ("Ukrainian troops", None, "Military Forces of Ukraine", 1),
        ("Rapid Support Forces", None, "RSF: Rapid Support Forces", 1),
    ],
)
def test_normalise(actors: ActorDictionary, text: str, country: str | None, name: str, inter: int) -> None:
    actor = actors.normalise(text, country=country)
    assert actor is not None and (actor.name, actor.inter) == (name, inter)


def test_kurdish_forces_by_year(actors: ActorDictionary) -> None:
    assert actors.normalise("Kurdish forces", country="SY", year=2014).name == "YPG: Peoples Protection Units"
    assert actors.normalise("Kurdish forces", country="SY", year=2017).name == "SDF: Syrian Democratic Forces"


def test_rebels_without_country_are_not_syrian(actors: ActorDictionary) -> None:
    actor = actors.normalise("rebels")
    assert actor.inter == 2 and actor.name != "Opposition Rebels (Syria)"


def test_unknown_kept_as_written(actors: ActorDictionary) -> None:
    actor = actors.normalise("Zakaria  Malahifji")
    assert actor.name == "Zakaria Malahifji" and actor.inter is None and actor.kind == "unknown"
    assert actors.normalise("   ") is None


def test_guess_country(actors: ActorDictionary) -> None:
    assert actors.guess_country("Shelling hit two Aleppo suburbs, Syrian state media said.") == "SY"
    assert actors.guess_country("Nothing about any country here.") is None


def test_user_file_merges_by_id(tmp_path) -> None:
    extra = tmp_path / "mine.jsonl"
    extra.write_text('{"id": "user.militia", "kind": "actor", "name": "Blue Hand Militia", "inter": 3, "aliases": ["blue hand"]}\n', encoding="utf-8")
    d = ActorDictionary.load(extra=str(extra))
    assert d.normalise("the Blue Hand").name == "Blue Hand Militia"
    with pytest.raises(RuleError):
        ActorDictionary.load(extra=str(tmp_path / "missing.jsonl"))


def test_houthi_forces_before_the_supreme_political_council_are_the_movement() -> None:
    actors = ActorDictionary.load()
    early = actors.normalise("Houthi rebels", country="YE", year=2015)
    assert early is not None and (early.name, early.inter) == ("Houthi Movement", 2)


def test_acled_composite_and_coalition_actor_names() -> None:
    actors = ActorDictionary.load()
    assert actors.normalise("Syrian or Russian warplanes").name == "Allied Syrian and/or Russian Forces"
    assert actors.normalise("the Saudi-led coalition", country="YE").name == "Operation Restoring Hope"
    assert actors.normalise("Saudi border guards", country="YE").name == "Military Forces of Saudi Arabia"
    assert actors.normalise("an unidentified armed group", country="SY").name == "Unidentified Armed Group (Syria)"


def test_turkish_backed_operations_and_syrian_army_units() -> None:
    actors = ActorDictionary.load()
    ob = actors.normalise("Turkish forces and allied FSA Olive Branch forces", country="SY")
    assert ob is not None and (ob.name, ob.inter) == ("Operation Olive Branch", 2)
    tiger = actors.normalise("Tiger Force fighters", country="SY")
    assert tiger is not None and tiger.name == "Military Forces of Syria"
    hadi = actors.normalise("pro-Hadi fighters", country="YE")
    assert hadi is not None and (hadi.name, hadi.inter) == ("Military Forces of Yemen", 1)
