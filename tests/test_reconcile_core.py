"""Reconciliation logic on hand-built records (no NLP): clustering, independence, ledger, grades."""

from __future__ import annotations

from sitrep.records import (
    Article,
    Claim,
    Correction,
    EventMention,
    Extraction,
    Figure,
    Place,
    Provenance,
    TimeSpan,
)
from sitrep.reconcile.incidents import build_incident, cluster
from sitrep.reconcile.independence import source_groups
from sitrep.reconcile.views import all_views

ALEPPO = dict(resolved_name="Aleppo", lat=36.2021, lon=37.1343, country="SY", admin1="Aleppo", geo_precision=2)
DAY = TimeSpan(expression="on Tuesday", start="2016-11-29", end="2016-11-29", precision="day")


def _article(aid: str, outlet: str, *, credits: tuple[str, ...] = (), published: str = "2016-11-30") -> Article:
    return Article(id=aid, title=f"{outlet} report", text="(text)", outlet=outlet, published=published, credits=credits)


def _prov(aid: str, sentence: str, rule: str = "test") -> Provenance:
    return Provenance(article_id=aid, start=0, end=8, sentence=sentence, rule_id=rule)


def report(
    aid: str,
    outlet: str,
    sentence: str,
    *,
    killed: tuple[int | None, int | None, int | None, str | None] | None,
    speaker: str | None = "Syrian Observatory for Human Rights",
    kind: str = "monitor",
    place: str = "Bustan al-Qasr",
    sub: str = "Shelling/artillery/missile attack",
    etype: str = "Explosions/Remote violence",
    actor1: str | None = "Military Forces of Syria",
    credits: tuple[str, ...] = (),
    extra_claims: tuple[Claim, ...] = (),
    time: TimeSpan = DAY,
) -> Extraction:
    art = _article(aid, outlet, credits=credits)
    if speaker is None:
        claim = Claim(id=f"{aid}-c", speaker=outlet, speaker_norm=outlet, speaker_kind="media", cue="", stance="assert",
                      content=sentence, content_start=0, content_end=len(sentence), provenance=_prov(aid, sentence, "claim.outlet"))
    else:
        claim = Claim(id=f"{aid}-c", speaker=speaker, speaker_norm=speaker, speaker_kind=kind, cue="said", stance="assert",
                      content=sentence, content_start=0, content_end=len(sentence), provenance=_prov(aid, sentence))
    event = EventMention(
        id=f"{aid}-e", event_type=etype, sub_event_type=sub, trigger="shelling", status="occurred",
        provenance=_prov(aid, sentence), actor1="government forces", actor1_norm=actor1, inter1=1, target="civilians",
        civilian_targeting=True, place=Place(name=place, **ALEPPO), time=time, claim_id=claim.id,
    )
    figures = ()
    if killed is not None:
        low, best, high, qual = killed
        figures = (Figure(id=f"{aid}-f", metric="killed", quantity=str(best or qual), provenance=_prov(aid, sentence),
                          low=low, best=best, high=high, qualifier=qual, subgroup="civilians", claim_id=claim.id,
                          event_id=event.id),)
    return Extraction(article=art, claims=(claim,) + extra_claims, events=(event,), figures=figures)


WIRE = "Government shelling killed 14 civilians in the Bustan al-Qasr district of Aleppo on Tuesday, the monitor said."


def three_outlets() -> list[Extraction]:
    wire = report("a1", "Levant Wire", WIRE, killed=(14, 14, 14, None), speaker=None, credits=("AFP",))
    reprint = report("a2", "Daily Courier", WIRE.replace("Government", "Syrian government"), killed=(14, 14, 14, None),
                     speaker=None, credits=("AFP",))
    denial = Claim(id="a3-d", speaker="the Syrian army", speaker_norm="Military Forces of Syria", speaker_kind="state",
                   cue="denied", stance="deny", content="shelling residential areas of Bustan al-Qasr", content_start=0,
                   content_end=10, provenance=_prov("a3", "The army denied shelling residential areas of Bustan al-Qasr."))
    third = report("a3", "Frontline News", "At least 20 people were killed when shells hit Bustan al-Qasr on Tuesday, medics said.",
                   killed=(20, 20, None, "at least"), speaker="medics", kind="unknown", extra_claims=(denial,))
    return [wire, reprint, third]


def test_three_reports_of_one_shelling_are_one_contested_incident_with_a_ledger():
    clusters = cluster(all_views(three_outlets()))
    assert len(clusters) == 1
    inc = build_incident(clusters[0])
    assert set(inc.article_ids) == {"a1", "a2", "a3"}
    assert len(inc.ledger) == 3  # every report's figure is kept
    assert sorted(e.best for e in inc.ledger) == [14, 14, 20]
    assert inc.fatalities_conservative == 14  # the lowest credible figure
    assert (inc.fatalities_min, inc.fatalities_max) == (14, 20)
    assert inc.grade == "contested" and "Military Forces of Syria" in inc.grade_reason
    assert len(inc.sources) == 2  # the reprint of the AFP copy is not an independent source
    assert len(inc.merge_reasons) == 3


def test_wire_copy_counts_once():
    views = all_views(three_outlets()[:2])
    groups = source_groups(views)
    assert len(set(groups.values())) == 1


def test_two_shellings_same_day_same_city_stay_two_incidents():
    a = report("b1", "Levant Wire", "Shelling killed 5 in Salaheddine on Tuesday.", killed=(5, 5, 5, None), place="Salaheddine")
    b = report("b2", "Daily Courier", "Shelling killed 9 in Sheikh Maqsud on Tuesday.", killed=(9, 9, 9, None), place="Sheikh Maqsud")
    clusters = cluster(all_views([a, b]))
    assert len(clusters) == 2
    assert any("different parts of Aleppo" in r for c in clusters for r in c.reasons) or all(len(c.views) == 1 for c in clusters)


def test_independent_sources_without_denial_confirm():
    a = report("c1", "Levant Wire", "Shelling killed 6 in Bustan al-Qasr on Tuesday, the Observatory said.", killed=(6, 6, 6, None))
    b = report("c2", "Daily Courier", "Six people died when shells struck Bustan al-Qasr on Tuesday, a rescue worker said.",
               killed=(6, 6, 6, None), speaker="Syria Civil Defence", kind="ngo")
    inc = build_incident(cluster(all_views([a, b]))[0])
    assert inc.grade == "confirmed", inc.grade_reason
    single = build_incident(cluster(all_views([a]))[0])
    assert single.grade == "single-source"


def test_dozens_is_coded_twelve_but_kept_as_written():
    a = report("d1", "Levant Wire", "Dozens were killed in shelling of Bustan al-Qasr on Tuesday.", killed=(24, None, 99, "dozens"))
    inc = build_incident(cluster(all_views([a]))[0])
    assert inc.fatalities_conservative == 12
    assert inc.ledger[0].qualifier == "dozens" and inc.ledger[0].best is None


def test_different_days_do_not_merge_and_corrections_survive():
    a = report("e1", "Levant Wire", "Shelling killed 3 in Bustan al-Qasr on Tuesday.", killed=(3, 3, 3, None))
    later = TimeSpan(expression="on Friday", start="2016-12-02", end="2016-12-02", precision="day")
    b = report("e2", "Daily Courier", "Shelling killed 4 in Bustan al-Qasr on Friday.", killed=(4, 4, 4, None), time=later)
    c = report("e3", "Frontline News", "Shells killed 3 in Bustan al-Qasr on Tuesday, medics said.", killed=(3, 3, 3, None), speaker="medics", kind="unknown")
    views = all_views([a, b, c])
    base = cluster(views)
    assert sorted(len(x.views) for x in base) == [1, 2]
    merged = cluster(views, corrections=[Correction(op="merge", a=("e1-e",), b=("e2-e",), note="same strike, misdated")])
    assert len(merged) == 1
    split = cluster(views, corrections=[Correction(op="split", a=("e3-e",), b=("e1-e",))])
    assert sorted(len(x.views) for x in split) == [1, 1, 1]


def test_one_article_reporting_two_cities_gives_two_incidents():
    homs = dict(resolved_name="Homs", lat=34.7308, lon=36.7094, country="SY", admin1="Homs", geo_precision=1)
    ex = report("h1", "Levant Wire", "Shelling killed 3 in Homs on Tuesday.", killed=(3, 3, 3, None), place="Homs")
    other = report("h1", "Levant Wire", "Shelling killed 5 in Idlib on Tuesday.", killed=(5, 5, 5, None), place="Idlib")
    idlib_event = other.events[0]
    idlib_event = type(idlib_event)(**{**idlib_event.__dict__, "id": "h1-e2",
                                       "place": Place(name="Idlib", resolved_name="Idlib", lat=35.9306, lon=36.6339,
                                                      country="SY", geo_precision=1)})
    homs_event = type(ex.events[0])(**{**ex.events[0].__dict__, "place": Place(name="Homs", **homs)})
    both = Extraction(article=ex.article, claims=ex.claims, events=(homs_event, idlib_event))
    clusters = cluster(all_views([both]))
    assert len(clusters) == 2
