"""The ACLED gold loader, label mapping and scoring (no model needed)."""

from __future__ import annotations


import pytest
from acled_fixtures import acled_fixture_dir

from sitrep.errors import EvalError
from sitrep.eval.acled import (
    MERGED_PROTEST_RIOT,
    Prediction,
    actor_key,
    main_event,
    predict,
    row_article,
    score,
    to_old_class,
)
from sitrep.eval.loaders import load_acled, parse_acled_date
from sitrep.records import Article, EventMention, Extraction, Figure, Place, Provenance

ACLED = acled_fixture_dir()


def test_old_layout_rows():
    rows = load_acled(ACLED / "acled_old.csv")
    assert len(rows) == 5
    first = rows[0]
    assert first.event_date == "2018-01-03"
    assert first.event_type == "Remote violence"
    assert first.sub_event_type is None
    assert first.fatalities == 4
    assert first.latitude == pytest.approx(36.2021)
    assert first.actor2 == "Civilians (Syria)"
    assert rows[3].fatalities is None  # empty cell
    assert rows[4].actor2 == ""


def test_new_layout_rows_and_limit():
    rows = load_acled(ACLED / "acled_new.csv")
    assert [r.sub_event_type for r in rows] == ["Air/drone strike", "Peaceful protest"]
    assert rows[0].event_date == "2023-03-14"
    assert len(load_acled(ACLED / "acled_old.csv", limit=2)) == 2


def test_not_acled(tmp_path):
    bad = tmp_path / "x.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(EvalError, match="not an ACLED CSV"):
        load_acled(bad)
    with pytest.raises(EvalError):
        load_acled(tmp_path / "missing.csv")


@pytest.mark.parametrize(
    "text,iso",
    [("28-Feb-18", "2018-02-28"), ("2023-03-14", "2023-03-14"), ("14 March 2023", "2023-03-14"), ("soon", None)],
)
def test_dates(text, iso):
    d = parse_acled_date(text)
    assert (d.isoformat() if d else None) == iso


def test_old_class_mapping():
    assert to_old_class("Battles", "Government regains territory") == "Battle-Government regains territory"
    assert to_old_class("Battles", "Non-state actor overtakes territory") == "Battle-Non-state actor overtakes territory"
    assert to_old_class("Battles", "Armed clash") == "Battle-No change of territory"
    assert to_old_class("Explosions/Remote violence", "Grenade") == "Remote violence"
    assert to_old_class("Riots", "Mob violence") == "Riots/Protests"
    assert to_old_class("Protests", "Peaceful protest") == "Riots/Protests"
    assert to_old_class("Strategic developments", "Non-violent transfer of territory") == "Non-violent transfer of territory"
    assert to_old_class("Strategic developments", "Headquarters or base established") == "Headquarters or base established"
    assert to_old_class("Strategic developments", "Arrests") == "Strategic development"
    assert to_old_class("Violence against civilians", "Attack") == "Violence against civilians"
    assert to_old_class(None, None) == "(none)"


def test_actor_key():
    assert actor_key("Military Forces of Syria (2000-)") == "military forces of syria"
    assert actor_key("Civilians (Syria)") == "civilians"
    assert actor_key("  Islamic  State ") == "islamic state"
    assert actor_key(None) == ""
    canon = {"syrian army": "Military Forces of Syria"}.get
    assert actor_key("Syrian army", normalise=lambda t: canon(t.lower())) == "military forces of syria"


def _perfect(rows):
    new = {
        "Remote violence": ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
        "Battle-No change of territory": ("Battles", "Armed clash"),
        "Riots/Protests": ("Riots", "Violent demonstration"),
        "Battle-Government regains territory": ("Battles", "Government regains territory"),
        "Strategic development": ("Strategic developments", "Arrests"),
    }
    return [
        Prediction(*new[r.event_type], actor1=r.actor1, actor2=r.actor2 or None, fatalities=r.fatalities or 0,
                   lat=r.latitude, lon=r.longitude)
        for r in rows
    ]


def test_score_old_gold_perfect_with_riot_counted_for_protest():
    rows = load_acled(ACLED / "acled_old.csv")
    m = score(rows, _perfect(rows))
    assert m["n"] == 5 and m["taxonomy"] == "pre-2019"
    assert m["event_type_macro_f1"] == 1.0  # "Riots" predicted for "Riots/Protests" counts as right
    assert m["event_type9_macro_f1"] == 1.0
    assert m["fatalities_exact"] == 1.0
    assert m["actor1_match"] == 1.0 and m["actor2_match"] == 1.0
    assert m["location_within_25km"] == 1.0 and m["location_coverage"] == 1.0
    assert "sub_event_type_macro_f1" not in m


def test_score_old_gold_errors():
    rows = load_acled(ACLED / "acled_old.csv")
    preds = _perfect(rows)
    # Row 0 predicted as a battle, 60 km off, one death short, wrong actor; row 2 has no coordinates.
    preds[0] = Prediction("Battles", "Armed clash", actor1="Islamic State", fatalities=3, lat=36.2021, lon=37.8)
    preds[2] = Prediction("Protests", "Peaceful protest", actor1="Protesters (Iraq)", fatalities=0)
    m = score(rows, preds)
    assert m["event_type_macro_f1"] < 1.0
    assert m["fatalities_exact"] == pytest.approx(3 / 4)  # 4 rows carry a gold number
    assert m["fatalities_within1"] == 1.0
    assert m["actor1_match"] == pytest.approx(4 / 5)
    assert m["location_coverage"] == pytest.approx(4 / 5)
    assert m["location_within_25km"] == pytest.approx(3 / 4)


def test_score_new_gold_sub_types():
    rows = load_acled(ACLED / "acled_new.csv")
    preds = [
        Prediction("Explosions/Remote violence", "Air/drone strike", fatalities=7),
        Prediction("Riots", "Violent demonstration", fatalities=0),
    ]
    m = score(rows, preds, has_location=lambda name: name == "Idleb")
    assert m["taxonomy"] == "current"
    assert m["event_type_macro_f1"] == pytest.approx(0.5)  # Riots is not Protests in the current taxonomy
    assert m["sub_event_type_macro_f1"] == pytest.approx(0.5)
    assert m["sub_event_type_weighted_f1"] == pytest.approx(0.5)
    assert m["gazetteer_has_location"] == pytest.approx(0.5)
    assert "event_type9_macro_f1" not in m
    assert MERGED_PROTEST_RIOT not in str(m)


def _prov(aid):
    return Provenance(aid, 0, 5, "x", "test")


def test_main_event_and_predict():
    rows = load_acled(ACLED / "acled_old.csv")
    art = row_article(rows[0])
    assert art.published == "2018-01-03" and art.text == rows[0].notes
    bg = EventMention("e0", "Battles", "Armed clash", "fought", "background", _prov(art.id))
    ev = EventMention("e1", "Explosions/Remote violence", "Shelling/artillery/missile attack", "shelled", "occurred",
                      _prov(art.id), actor1="Government artillery", actor1_norm="Military Forces of Syria",
                      place=Place("Aleppo", lat=36.2, lon=37.16))
    fig = Figure("f1", "killed", "four", _prov(art.id), low=4, best=4, high=4)
    ext = Extraction(art, events=(bg, ev), figures=(fig,))
    assert main_event(ext) is ev
    p = predict(ext, fatalities=lambda figs: sum(f.low for f in figs), classify=None)
    assert (p.event_type, p.actor1, p.fatalities, p.source) == ("Explosions/Remote violence", "Military Forces of Syria", 4, "event")
    assert p.lat == pytest.approx(36.2)


def test_predict_falls_back_to_classify():
    art = Article(id="a", title="", text="Men were arrested.")

    class C:
        event_type = "Strategic developments"
        sub_event_type = "Arrests"

    p = predict(Extraction(art), fatalities=None, classify=lambda text: C())
    assert (p.event_type, p.sub_event_type, p.source) == ("Strategic developments", "Arrests", "classify")
    none = predict(Extraction(art), fatalities=None, classify=None)
    assert none.event_type is None and none.source == "none"


def test_a_note_about_a_planned_event_is_a_strategic_development() -> None:
    from sitrep.eval.acled import predict
    from sitrep.records import Article, EventMention, Extraction, Provenance

    art = Article(id="a1", title="", text="The army plans to set up a new base near the airport.", published="2018-01-05")
    prov = Provenance(article_id="a1", start=22, end=28, sentence=art.text, rule_id="trg.hq")
    ev = EventMention(
        id="e1",
        event_type="Strategic developments",
        sub_event_type="Headquarters or base established",
        trigger="set up",
        status="planned",
        provenance=prov,
    )
    pred = predict(Extraction(article=art, events=(ev,)), fatalities=None, classify=None)
    assert (pred.event_type, pred.sub_event_type) == ("Strategic developments", "Other")
