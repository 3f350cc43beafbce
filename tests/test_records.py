import json

import pytest

from sitrep.records import (
    RECORD_TYPES,
    Article,
    Claim,
    EventMention,
    Extraction,
    Figure,
    Place,
    Provenance,
    TimeSpan,
    from_dict,
    record_id,
    to_dict,
)


def _prov(start=10, end=20):
    return Provenance(article_id="a1", start=start, end=end, sentence="Shelling killed 4 people.", rule_id="r.1")


def test_every_record_is_frozen():
    for cls in RECORD_TYPES:
        assert cls.__dataclass_params__.frozen, cls


def test_round_trip_through_json_keeps_nested_records():
    fig = Figure(
        id="f1", metric="killed", quantity="at least 4", provenance=_prov(), low=4, best=4, qualifier="at least",
        place=Place(name="eastern Aleppo", lat=36.2, lon=37.16, geo_precision=2),
        time=TimeSpan(expression="on Wednesday", start="2016-11-30", end="2016-11-30", precision="day"),
    )
    ex = Extraction(
        article=Article(id="a1", title="T", text="x", credits=("Reuters", "AFP")),
        figures=(fig,),
        events=(EventMention(id="e1", event_type="Battles", sub_event_type="Armed clash", trigger="clashes",
                             status="ongoing", provenance=_prov()),),
        claims=(Claim(id="c1", speaker="a monitor", speaker_norm="SOHR", speaker_kind="monitor", cue="said",
                      stance="assert", content="x", content_start=0, content_end=1, provenance=_prov()),),
    )
    data = json.loads(json.dumps(to_dict(ex)))
    assert data["figures"][0]["place"]["name"] == "eastern Aleppo"
    assert data["article"]["credits"] == ["Reuters", "AFP"]
    back = from_dict(Extraction, data)
    assert back == ex
    assert isinstance(back.figures[0].time, TimeSpan)
    assert back.article.credits == ("Reuters", "AFP")


def test_from_dict_rejects_unknown_fields():
    with pytest.raises(ValueError, match="unknown fields"):
        from_dict(Place, {"name": "X", "bogus": 1})


def test_provenance_span_text_is_relative_to_sentence():
    p = Provenance(article_id="a", start=105, end=113, sentence="Shelling killed 4 people.", rule_id="r",
                   sentence_start=100)
    assert p.span_text == "ing kill"


def test_record_id_is_stable_and_distinguishes_parts():
    assert record_id("a", 1, 2) == record_id("a", 1, 2)
    assert record_id("a", 1, 2) != record_id("a", 12)
    assert len(record_id("x")) == 16


def test_interaction_code_orders_inter_codes():
    e = EventMention(id="e", event_type="Battles", sub_event_type="Armed clash", trigger="t", status="occurred",
                     provenance=_prov(), inter1=2, inter2=1)
    assert e.interaction == 12
