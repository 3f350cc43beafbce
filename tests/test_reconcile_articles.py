"""Reconciliation on the project's own articles, through the real pipeline and a real SQLite file:
three outlets report one shelling (one is wire copy of another, one carries the accused party's
denial) and a second shelling the same day elsewhere in the city stays its own incident."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitrep.pipeline import ingest
from sitrep.reconcile.service import merge_incidents, reconcile, split_incident
from sitrep.settings import load_settings
from sitrep.store import Store

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "incident"
pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("rec") / "rec.db"


@pytest.fixture(scope="module")
def store(db) -> Store:
    s = Store.open(str(db))
    report = ingest([str(FIXTURES)], store=s, settings=load_settings(environ={}), published="2016-12-07")
    assert len(report.stored) == 4 and not report.quarantined
    yield s
    s.close()


def _bustan(store: Store):
    return next(i for i in store.incidents() if len(i.article_ids) >= 3)


def test_three_reports_are_one_contested_incident_with_every_figure_in_the_ledger(store):
    inc = _bustan(store)
    assert inc.sub_event_type == "Shelling/artillery/missile attack"
    assert (inc.time.start, inc.time.precision) == ("2016-12-06", "day")
    assert inc.place.resolved_name == "Aleppo"
    killed = sorted(e.best or e.low for e in inc.ledger if e.metric == "killed")
    assert killed == [14, 14, 20]  # the wire report, its reprint, and the medics' count
    assert inc.fatalities_conservative == 14 and (inc.fatalities_min, inc.fatalities_max) == (14, 20)
    assert inc.grade == "contested" and "army" in inc.grade_reason.lower()
    assert len(inc.merge_reasons) == len(inc.mention_ids)


def test_the_other_shelling_stays_its_own_incident(store):
    others = [i for i in store.incidents() if i.id != _bustan(store).id]
    maqsud = [i for i in others if i.place and "Maqsud" in i.place.name]
    assert len(maqsud) == 1
    assert maqsud[0].fatalities_conservative == 4
    assert not set(maqsud[0].article_ids) & set(_bustan(store).article_ids)
    assert maqsud[0].grade == "discounted"  # only a party to the fighting (a Kurdish official) says so
    assert "combatant" in maqsud[0].grade_reason


def test_reconcile_from_scratch_gives_the_same_incidents(store):
    before = {(i.sub_event_type, tuple(sorted(i.mention_ids))) for i in store.incidents()}
    reconcile(store)
    after = {(i.sub_event_type, tuple(sorted(i.mention_ids))) for i in store.incidents()}
    assert after == before


def test_analyst_corrections_survive_a_full_reconcile(tmp_path):
    s = Store.open(str(tmp_path / "corr.db"))
    try:
        ingest([str(FIXTURES)], store=s, settings=load_settings(environ={}), published="2016-12-07")
        bustan = _bustan(s)
        maqsud = next(i for i in s.incidents() if i.id != bustan.id and i.place and "Maqsud" in i.place.name)
        merged = merge_incidents(s, bustan.id, maqsud.id, note="one barrage")
        assert set(merged.mention_ids) == set(bustan.mention_ids) | set(maqsud.mention_ids)
        reconcile(s)
        assert any(set(i.mention_ids) >= set(maqsud.mention_ids) | set(bustan.mention_ids) for i in s.incidents())
        whole = next(i for i in s.incidents() if len(i.mention_ids) == len(merged.mention_ids))
        parts = split_incident(s, whole.id, list(maqsud.mention_ids), note="two barrages after all")
        assert len(parts) == 2
        reconcile(s)
        assert not any(set(i.mention_ids) & set(maqsud.mention_ids) and set(i.mention_ids) & set(bustan.mention_ids)
                       for i in s.incidents())
        assert [c.op for c in s.corrections()] == ["merge", "split"]
    finally:
        s.close()


def test_incident_exports(store):
    import csv
    import io
    import json

    from sitrep.export import export

    bustan = _bustan(store)
    out = io.StringIO()
    assert export(store, format="acled-csv", out=out) == len(store.incidents())
    row = next(r for r in csv.DictReader(io.StringIO(out.getvalue())) if r["event_id_cnty"] == bustan.id)
    assert row["fatalities"] == "14" and "14-20" in row["tags"] and "contested" in row["notes"]
    assert row["event_date"] == "2016-12-06" and row["country"] == "Syria"
    out = io.StringIO()
    export(store, format="ged-csv", out=out)
    ged = next(r for r in csv.DictReader(io.StringIO(out.getvalue())) if r["id"] == bustan.id)
    assert (ged["low"], ged["high"], ged["date_prec"]) == ("14", "20", "1")
    out = io.StringIO()
    export(store, format="geojson", out=out)
    feature = next(f for f in json.loads(out.getvalue())["features"] if f["id"] == bustan.id)
    lon, lat = feature["geometry"]["coordinates"]
    assert abs(lat - 36.2) < 0.2 and abs(lon - 37.16) < 0.2 and feature["properties"]["grade"] == "contested"
    out = io.StringIO()
    export(store, format="jsonl", out=out, incidents=True)
    assert {json.loads(line)["id"] for line in out.getvalue().splitlines()} == {i.id for i in store.incidents()}
