"""resolve_places: hints, nearest toponym of the sentence, previous sentence, article focus."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitrep.records import Article, EventMention, Extraction, Figure, Place, Provenance
from sitrep.resolve.gazetteer import Gazetteer
from sitrep.resolve.places import resolve_places

from test_gazetteer import ROWS, SUPPLEMENT, write_geonames
from test_geoparse import EXTRA

TEXT = (
    "Government shelling killed 12 civilians in an eastern district of Aleppo on Tuesday, a monitor said.\n"
    "Most of the dead had sought refuge in rebel-held Karm Homad. Dozens were wounded.\n"
    "Separately, a car bomb exploded near Azaz, killing four people.\n"
    "Aid agencies said thousands were trapped."
)


@pytest.fixture(scope="module")
def gaz(tmp_path_factory) -> Gazetteer:
    d = tmp_path_factory.mktemp("places")
    g = Gazetteer.open(d / "g.sqlite", builtin=False)
    g.import_geonames(write_geonames(d / "rows.txt", ROWS + EXTRA))
    (d / "sup.csv").write_text(SUPPLEMENT, encoding="utf-8")
    g.import_supplement(d / "sup.csv")
    yield g
    g.close()


def _prov(text: str, phrase: str) -> Provenance:
    start = text.index(phrase)
    dot = text.rfind(". ", 0, start)
    s0 = max(text.rfind("\n", 0, start) + 1, dot + 2 if dot >= 0 else 0)
    ends = [i for i in (text.find("\n", start), text.find(". ", start)) if i >= 0]
    s1 = min(ends) + 1 if ends else len(text)
    return Provenance("a1", start, start + len(phrase), text[s0:s1], "test", s0)


def _event(phrase: str, place: Place | None = None) -> EventMention:
    return EventMention(id=phrase, event_type="Explosions/Remote violence", sub_event_type="Shelling/artillery/missile attack",
                        trigger=phrase, status="occurred", provenance=_prov(TEXT, phrase), place=place)


def _extraction(*events: EventMention, figures=()) -> Extraction:
    return Extraction(article=Article(id="a1", title="t", text=TEXT), events=events, figures=tuple(figures))


def test_sentence_place_with_modifier(gaz: Gazetteer) -> None:
    out = resolve_places(_extraction(_event("shelling")), gazetteer=gaz)
    p = out.events[0].place
    assert (p.gazetteer_id, p.name, p.geo_precision, p.country) == ("170063", "Aleppo", 2, "SY")
    assert (p.lat, p.lon) == (36.20124, 37.16117) and p.where_prec == 2


def test_hint_missing_from_gazetteer_falls_back_to_city(gaz: Gazetteer) -> None:
    ev = _event("sought refuge", place=Place(name="Karm Homad"))
    p = resolve_places(_extraction(ev), gazetteer=gaz).events[0].place
    assert p.name == "Karm Homad" and p.gazetteer_id == "170063" and p.geo_precision == 2
    assert p.rule_id.startswith("place.hint")


def test_near_town_and_previous_sentence_and_focus(gaz: Gazetteer) -> None:
    bomb = _event("car bomb")
    wounded = Figure(id="f1", metric="injured", quantity="Dozens", provenance=_prov(TEXT, "Dozens"))
    trapped = Figure(id="f2", metric="besieged", quantity="thousands", provenance=_prov(TEXT, "thousands"))
    out = resolve_places(_extraction(bomb, figures=[wounded, trapped]), gazetteer=gaz)
    p = out.events[0].place
    assert (p.gazetteer_id, p.geo_precision, p.rule_id) == ("170017", 2, "pp.near")
    w = out.figures[0].place  # same paragraph, previous sentence: the refuge in Karm Homad
    assert w.gazetteer_id == "170063" and w.rule_id == "place.previous-sentence"
    t = out.figures[1].place  # a new paragraph with no place: the article focus, precision 3
    assert (t.gazetteer_id, t.geo_precision, t.rule_id) == ("170063", 3, "place.focus")


def test_resolved_place_is_kept_and_records_untouched_otherwise(gaz: Gazetteer) -> None:
    fixed = Place(name="Damascus", gazetteer_id="170654", lat=33.5, lon=36.3, geo_precision=1)
    ev = _event("shelling", place=fixed)
    out = resolve_places(_extraction(ev), gazetteer=gaz)
    assert out.events[0].place == fixed
    assert out.events[0].provenance == ev.provenance
