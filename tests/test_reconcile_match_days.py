"""The reconcile candidate read skips stored incidents whose specific mentions' days (the saved
``match_start``/``match_end``) miss a new mention's window, and that changes nothing: the same
incidents come out as when every incident is read (match days unknown, as for incidents saved
before they were kept). Hand-built records, no NLP."""

from __future__ import annotations

import json

from sqlalchemy import select, update

import sitrep.reconcile.service as service
from sitrep.reconcile.service import ExtractionCache, reconcile
from sitrep.records import Article, EventMention, Extraction, Place, Provenance, TimeSpan, to_dict
from sitrep.store import Store, in_store_order
from sitrep.store.schema import incidents as incidents_table

TOWN = dict(resolved_name="Homs", lat=34.7324, lon=36.7137, country="SY", admin1="Homs", geo_precision=1, gazetteer_id="169577")
REGION = dict(resolved_name="Homs Governorate", lat=34.5, lon=37.5, country="SY", admin1="Homs", geo_precision=3, gazetteer_id="169575")
ARMY, REBELS = "Military Forces of Syria", "Opposition Rebels"


def _report(aid: str, published: str, mentions: list[tuple[int, str, str, dict, str | None]]) -> Extraction:
    """An article with one shelling per (start, first day, last day, place, actor 1)."""
    events = []
    for k, (start, first, last, place, actor) in enumerate(mentions):
        sentence = f"Shells fell on the town, report {aid} {k}."
        prov = Provenance(article_id=aid, start=start, end=start + 6, sentence=sentence, rule_id="test", sentence_start=start)
        events.append(
            EventMention(
                id=f"{aid}-e{k}", event_type="Explosions/Remote violence", sub_event_type="Shelling/artillery/missile attack",
                trigger="Shells", status="occurred", provenance=prov, actor1_norm=actor, inter1=1 if actor else None,
                place=Place(name="Homs", **place), time=TimeSpan(expression="then", start=first, end=last, precision="day"),
            )
        )
    art = Article(id=aid, title=f"report {aid}", text="Shells fell on the town.", outlet=f"Outlet {aid}", published=published)
    return Extraction(article=art, events=tuple(events))


# X: a town shelling on the 10th, and the same article's region-level (vague) mention of the 8th,
# which gives X the time span of the 8th while its only matchable day is the 10th.
X = _report("x1", "2017-03-11", [(0, "2017-03-10", "2017-03-10", TOWN, ARMY), (60, "2017-03-08", "2017-03-08", REGION, ARMY)])
# Y: another attacker's shelling of the town on the 9th-10th and 10th (one incident, days 9-10).
Y1 = _report("y1", "2017-03-11", [(0, "2017-03-09", "2017-03-10", TOWN, REBELS)])
Y2 = _report("y2", "2017-03-11", [(0, "2017-03-10", "2017-03-10", TOWN, REBELS)])
# One call: A (the army, 9th-10th) joins X; B (no attacker named, 8th-9th) misses X's saved days
# (the 10th) but meets A's 9th, and then fits X and Y equally well: the tie goes to the incident
# the store lists first, X (its span starts on the 8th, Y's on the 9th).
A = _report("a1", "2017-03-12", [(0, "2017-03-09", "2017-03-10", TOWN, ARMY)])
B = _report("b1", "2017-03-12", [(0, "2017-03-08", "2017-03-09", TOWN, None)])
CALLS = [[X], [Y1], [Y2], [A, B]]


def _run(store: Store, *, forget_days: bool) -> list[str]:
    cache = ExtractionCache()
    for call in CALLS:
        with store.unit():
            for ex in call:
                store.add_extraction(ex)
                cache[ex.article.id] = in_store_order(ex)
            reconcile(store, article_ids=[ex.article.id for ex in call], known=cache)
            if forget_days:  # as written before the match days existed: every incident is read
                with store._tx("test") as conn:
                    conn.execute(update(incidents_table).values(match_start="", match_end="9999-12-31"))
    return sorted(json.dumps(to_dict(i), sort_keys=True) for i in store.incidents())


def _days(store: Store) -> dict[tuple[str, ...], tuple[str | None, str | None]]:
    with store._tx("test") as conn:
        rows = conn.execute(select(incidents_table.c.id, incidents_table.c.match_start, incidents_table.c.match_end)).all()
    by_id = {i.id: i.mention_ids for i in store.incidents()}
    return {by_id[r[0]]: (r[1], r[2]) for r in rows}


def test_match_days_are_the_specific_mentions_window_days(tmp_path):
    with Store.open(str(tmp_path / "s.db")) as store:
        _run(store, forget_days=False)
        days = _days(store)
    assert days == {
        ("x1-e0", "x1-e1", "a1-e0", "b1-e0"): ("2017-03-08", "2017-03-10"),
        ("y1-e0", "y2-e0"): ("2017-03-09", "2017-03-10"),
    }


def test_an_incident_with_only_vague_mentions_has_empty_match_days(tmp_path):
    vague = _report("v1", "2017-03-11", [(0, "2017-03-10", "2017-03-10", REGION, ARMY)])
    with Store.open(str(tmp_path / "s.db")) as store:
        store.add_extraction(vague)
        reconcile(store, article_ids=["v1"])
        assert _days(store) == {("v1-e0",): ("", "")}
        reconcile(store)  # a full reconcile writes them too
        assert _days(store) == {("v1-e0",): ("", "")}


def test_skipping_incidents_by_match_days_changes_no_incident(tmp_path, monkeypatch):
    added: list[str] = []
    grown = service._grown

    def spy(view, span, found, *args):
        out = grown(view, span, found, *args)
        added.extend(f"{view.id}->{i.mention_ids[0]}" for i in out if i not in found)
        return out

    monkeypatch.setattr(service, "_grown", spy)
    with Store.open(str(tmp_path / "filtered.db")) as filtered, Store.open(str(tmp_path / "all.db")) as everything:
        assert _run(filtered, forget_days=False) == _run(everything, forget_days=True)
        # B reached X only through A's day: the filtered read had left X out, and it was put back
        # where the store lists it, before Y
        assert added == ["b1-e0->x1-e0"]
        assert sorted(i.mention_ids for i in filtered.incidents()) == [
            ("x1-e0", "x1-e1", "a1-e0", "b1-e0"),
            ("y1-e0", "y2-e0"),
        ]


def test_incidents_saved_before_match_days_existed_are_always_read(tmp_path):
    from sqlalchemy import create_engine

    from sitrep.store import migrate

    path = tmp_path / "old.db"
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        migrate(conn, "0002_incidents")
        conn.exec_driver_sql(
            "INSERT INTO incidents (id, event_type, sub_event_type, grade, time_start, time_end, data) "
            "VALUES ('old', 'Battles', 'Armed clash', 'fair', '2017-03-06', '2017-03-06', '{}')"
        )
    engine.dispose()
    with Store.open(str(path)) as store:  # migrates to the newest revision
        found = store.incident_keys_overlapping("2017-03-01", "2017-03-31", window=("2017-03-02", "2017-03-02"))
        assert found == [("old", "Battles", None, None)]


def test_merged_and_split_incidents_get_their_match_days(tmp_path):
    from sitrep.reconcile.service import merge_incidents, split_incident

    with Store.open(str(tmp_path / "s.db")) as store:
        _run(store, forget_days=False)
        x = next(i for i in store.incidents() if "x1-e0" in i.mention_ids)
        y = next(i for i in store.incidents() if "y1-e0" in i.mention_ids)
        merged = merge_incidents(store, x.id, y.id)
        assert _days(store) == {merged.mention_ids: ("2017-03-08", "2017-03-10")}
        split_incident(store, merged.id, ["b1-e0"])
        days = _days(store)
        assert days[("b1-e0",)] == ("2017-03-08", "2017-03-09")
        assert len(days) == 2 and set(days.values()) == {("2017-03-08", "2017-03-09"), ("2017-03-09", "2017-03-10")}
