"""The fast paths give what the plain paths give: cached record (de)serialisation, extractions
reused across incremental reconciles, one incident read per window, targeted orphan sweeps, and
the quantity finder's token gate. Hand-built records, no NLP."""

from __future__ import annotations

import dataclasses
import json

import pytest

from sitrep.nlp.numbers import find_quantities
from sitrep.reconcile.service import ExtractionCache, reconcile
from sitrep.records import (
    Article,
    Claim,
    EventMention,
    Extraction,
    Figure,
    Incident,
    LedgerEntry,
    Place,
    Provenance,
    TimeSpan,
    from_dict,
    to_dict,
)
from sitrep.store import Store, in_store_order

HOMS = dict(resolved_name="Homs", lat=34.7324, lon=36.7137, country="SY", admin1="Homs", geo_precision=1, gazetteer_id="169577")
IDLIB = dict(resolved_name="Idlib", lat=35.9306, lon=36.6339, country="SY", admin1="Idlib", geo_precision=1, gazetteer_id="169388")


def _extraction(aid: str, outlet: str, published: str, shellings: list[tuple[int, str, dict, int]]) -> Extraction:
    """An article with one shelling event (and its death toll) per (start, place, coordinates, killed)."""
    text = " ".join(f"Shelling hit {name} and killed {n} people." for _s, name, _c, n in shellings)
    art = Article(id=aid, title=f"{outlet} wire", text=text, outlet=outlet, published=published)
    events, figures = [], []
    # written out of span order on purpose: the store reads records back in span order
    for k, (start, name, coords, killed) in reversed(list(enumerate(shellings))):
        sentence = f"Shelling hit {name} and killed {killed} people."
        prov = Provenance(article_id=aid, start=start, end=start + 8, sentence=sentence, rule_id="test", sentence_start=start)
        ev = EventMention(
            id=f"{aid}-e{k}", event_type="Explosions/Remote violence", sub_event_type="Shelling/artillery/missile attack",
            trigger="Shelling", status="occurred", provenance=prov, actor1_norm="Military Forces of Syria", inter1=1,
            place=Place(name=name, **coords), time=TimeSpan(expression="on Monday", start="2017-03-06", end="2017-03-06", precision="day"),
        )
        events.append(ev)
        figures.append(Figure(id=f"{aid}-f{k}", metric="killed", quantity=str(killed), provenance=prov, low=killed, best=killed,
                              high=killed, event_id=ev.id))
    return Extraction(article=art, events=tuple(events), figures=tuple(figures))


REPORTS = [
    _extraction("a1", "Wire One", "2017-03-07", [(0, "Homs", HOMS, 4), (50, "Idlib", IDLIB, 9)]),
    _extraction("a2", "Paper Two", "2017-03-07", [(0, "Idlib", IDLIB, 11), (48, "Homs", HOMS, 5)]),
    _extraction("a3", "Radio Three", "2017-03-08", [(0, "Homs", HOMS, 6)]),
]


def _incidents(store: Store) -> list[str]:
    return sorted(json.dumps(to_dict(i), sort_keys=True) for i in store.incidents())


def test_extraction_cache_drops_the_oldest_entries_beyond_its_size():
    cache = ExtractionCache(size=2)
    for ex in REPORTS:
        cache[ex.article.id] = ex
    assert list(cache) == ["a2", "a3"]
    cache.update({"a1": REPORTS[0]})
    assert list(cache) == ["a3", "a1"]


def test_in_store_order_is_what_the_store_reads_back(tmp_path):
    with Store.open(str(tmp_path / "s.db")) as store:
        store.add_extraction(REPORTS[0])
        back = store.extraction("a1")
    assert [e.provenance.start for e in REPORTS[0].events] == [50, 0]
    assert in_store_order(REPORTS[0]) == back


def test_reconcile_with_known_extractions_gives_the_same_incidents_as_reading_them(tmp_path):
    plain, fast = Store.open(str(tmp_path / "plain.db")), Store.open(str(tmp_path / "fast.db"))
    cache = ExtractionCache()
    try:
        for ex in REPORTS:
            plain.add_extraction(ex)
            reconcile(plain, article_ids=[ex.article.id])
            fast.add_extraction(ex)
            cache[ex.article.id] = in_store_order(ex)
            reconcile(fast, article_ids=[ex.article.id], known=cache)
        assert _incidents(plain) == _incidents(fast)
        incidents = fast.incidents()
        assert incidents and sum(len(i.mention_ids) for i in incidents) == 5
        assert any(len(set(i.article_ids)) > 1 for i in incidents)  # reports were reconciled across articles
    finally:
        plain.close()
        fast.close()


def test_a_cached_extraction_is_used_instead_of_the_stored_one(tmp_path):
    """The cache is what reconcile reads: a (deliberately different) cached copy changes the result."""
    with Store.open(str(tmp_path / "s.db")) as store:
        store.add_extraction(REPORTS[2])
        moved = dataclasses.replace(
            REPORTS[2].events[0], place=Place(name="Idlib", **IDLIB)
        )
        cache = ExtractionCache()
        cache["a3"] = dataclasses.replace(REPORTS[2], events=(moved,))
        reconcile(store, article_ids=["a3"], known=cache)
        assert [i.place.resolved_name for i in store.incidents()] == ["Idlib"]


def _incident(iid: str, mentions: tuple[str, ...]) -> Incident:
    return Incident(
        id=iid, event_type="Battles", sub_event_type="Armed clash", mention_ids=mentions, article_ids=("a1",),
        sources=("Wire One",), grade="single-source", grade_reason="one source",
        time=TimeSpan(expression="x", start="2017-03-06", end="2017-03-06"),
    )


def test_save_incidents_deletes_an_incident_whose_mentions_all_moved_and_keeps_the_rest(tmp_path):
    with Store.open(str(tmp_path / "s.db")) as store:
        store.save_incidents([_incident("i1", ("m1", "m2")), _incident("i2", ("m3",)), _incident("i3", ("m4",))])
        store.save_incidents([_incident("i4", ("m1", "m2", "m3"))])  # i1 and i2 lose every mention
        assert [i.id for i in store.incidents()] == ["i3", "i4"]
        store.save_incidents([_incident("i5", ("m4",)), _incident("i6", ())])  # a mentionless incident is not kept
        assert [i.id for i in store.incidents()] == ["i4", "i5"]


def test_overlapping_incidents_read_twice_are_equal_records(tmp_path):
    with Store.open(str(tmp_path / "s.db")) as store:
        store.save_incidents([_incident("i1", ("m1",))])
        first = store.incidents_overlapping("2017-03-05", "2017-03-07")
        again = store.incidents_overlapping("2017-03-06", "2017-03-06")
        assert first == again and [i.id for i in first] == ["i1"]
        store.save_incidents([dataclasses.replace(_incident("i1", ("m1",)), grade="confirmed")])
        assert [i.grade for i in store.incidents_overlapping("2017-03-05", "2017-03-07")] == ["confirmed"]
        assert store.incidents_overlapping("2017-03-08", "2017-03-09") == []


def test_record_round_trip_with_nested_tuples_of_records():
    inc = dataclasses.replace(
        _incident("i1", ("m1", "m2")),
        place=Place(name="Homs", **HOMS),
        ledger=(LedgerEntry(figure_id="f", article_id="a1", source="SOHR", source_group="SOHR", metric="killed",
                            quantity="at least 4", low=4, best=4, high=None, qualifier="at least", reported="2017-03-07",
                            sentence="At least 4 were killed."),),
    )
    data = json.loads(json.dumps(to_dict(inc)))
    assert data["ledger"][0]["quantity"] == "at least 4" and data["mention_ids"] == ["m1", "m2"]
    assert from_dict(Incident, data) == inc
    claim = Claim(id="c", speaker="a", speaker_norm="a", speaker_kind="media", cue="said", stance="assert", content="x",
                  content_start=0, content_end=1, provenance=Provenance(article_id="a", start=0, end=1, sentence="x", rule_id="r"))
    assert from_dict(Claim, to_dict(claim)) == claim
    with pytest.raises(ValueError, match="unknown fields"):
        from_dict(Claim, {**to_dict(claim), "extra": 1})
    with pytest.raises(TypeError):
        to_dict("not a record")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Clashes went on through the night near the old citadel.", []),
        ("Some twenty-one fighters and about 300 civilians left, approx. 40 by bus.", ["Some twenty-one", "about 300", "approx. 40"]),
        ("A dozen homes burned; tens of thousands fled between 5 and 7 March.", ["A dozen", "tens of thousands", "between 5 and 7"]),
    ],
)
def test_quantity_finder_skips_only_tokens_no_quantity_starts_at(text, expected):
    assert [q.text for q in find_quantities(text)] == expected


def test_extraction_cache_drops_the_views_of_a_replaced_or_evicted_extraction(tmp_path):
    cache = ExtractionCache(size=2)
    with Store.open(str(tmp_path / "s.db")) as store:
        for ex in REPORTS[:2]:
            store.add_extraction(ex)
            cache[ex.article.id] = in_store_order(ex)
            reconcile(store, article_ids=[ex.article.id], known=cache)
    assert set(cache.views) == {"a1", "a2"} and len(cache.views["a1"]) == 2
    cache["a1"] = REPORTS[0]
    assert "a1" not in cache.views
    cache.views["a1"] = ()
    cache["a3"] = REPORTS[2]  # evicts a1, the first stored
    assert "a1" not in cache and "a1" not in cache.views and "a2" in cache.views
