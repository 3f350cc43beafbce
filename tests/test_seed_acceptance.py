"""The seed article (../shared, present in developer checkouts and CI) through the whole pipeline.

What DESIGN.md says a user expects from it, each record with its sentence. Skipped when the seed
is absent (a plain clone without ../shared); the project's own examples cover the same ground in
test_cli.py and test_reconcile_articles.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

SEED = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds" / "000_584187090ad2a238.txt"
pytestmark = [
    pytest.mark.model,
    pytest.mark.skipif(not SEED.exists(), reason="the seed article lives in ../shared"),
]


@pytest.fixture(scope="module")
def seed():
    from sitrep.ingest import parse_text
    from sitrep.pipeline import extract
    from sitrep.settings import load_settings

    article = parse_text(SEED.read_text(encoding="utf-8"), source=str(SEED))
    article = type(article)(**{**article.__dict__, "published": "2016-11-30"})
    (ex,) = list(extract([article], settings=load_settings(environ={})))
    return ex


def _claims(ex):
    return {c.id: c for c in ex.claims}


def test_capture_of_sheikh_saeed_is_claimed_and_its_denial_is_linked(seed):
    claims = _claims(seed)
    capture = [e for e in seed.events if e.sub_event_type == "Government regains territory" and e.status == "claimed"
               and "military source" in e.provenance.sentence]
    assert capture, [(e.sub_event_type, e.status) for e in seed.events]
    carrier = claims[capture[0].claim_id]
    assert carrier.speaker_kind == "military source"
    assert capture[0].actor1_norm == "Military Forces of Syria"
    denial = next(c for c in seed.claims if c.stance == "deny")
    assert denial.contradicts == carrier.id
    assert "Malahifji" in denial.speaker_norm and "Fastaqim" in denial.speaker_norm


def test_jubb_al_qubbeh_shelling(seed):
    claims = _claims(seed)
    shelling = next(e for e in seed.events if e.sub_event_type == "Shelling/artillery/missile attack")
    assert shelling.event_type == "Explosions/Remote violence"
    assert shelling.actor1_norm == "Military Forces of Syria"
    assert shelling.civilian_targeting and shelling.status == "occurred"
    assert claims[shelling.claim_id].speaker_norm == "Syrian Observatory for Human Rights"
    killed = [f for f in seed.figures if f.event_id == shelling.id and f.metric == "killed"]
    assert {(f.best, f.subgroup) for f in killed} >= {(21, "civilians"), (2, "children")}
    injured = [f for f in seed.figures if f.metric == "injured"]
    assert injured and injured[0].qualifier == "dozens"
    # place: Aleppo's coordinates at precision 2, the name as written kept; the day of publication
    p = shelling.place
    assert p is not None and p.resolved_name == "Aleppo" and p.geo_precision == 2
    assert abs(p.lat - 36.2) < 0.1 and abs(p.lon - 37.16) < 0.1
    assert (shelling.time.start, shelling.time.end, shelling.time.precision) == ("2016-11-30", "2016-11-30", "day")
    eight = next(f for f in seed.figures if f.metric == "killed" and f.best == 8)
    assert eight.subset_of == next(f.id for f in killed if f.best == 21)
    assert eight.place.name == "Jubb al-Qubbeh" and eight.place.resolved_name == "Aleppo" and eight.place.geo_precision == 2


def test_displacement_flow_over_the_last_four_days(seed):
    fled = next(f for f in seed.figures if f.metric == "fled" and f.low == 50000)
    assert fled.kind == "flow" and fled.qualifier == "more than"
    assert (fled.time.start, fled.time.end) == ("2016-11-27", "2016-11-30")


def test_detention_of_hundreds_is_an_arrest_with_a_range(seed):
    arrests = [e for e in seed.events if e.sub_event_type == "Arrests"]
    assert arrests and arrests[0].event_type == "Strategic developments"
    detained = next(f for f in seed.figures if f.metric == "detained")
    assert detained.best is None and detained.qualifier == "hundreds"


def test_appeals_are_call_for_claims_and_russia_plans(seed):
    calls = [c for c in seed.claims if c.stance == "call-for"]
    assert any("safe corridor" in c.content for c in calls)
    assert any(c.speaker_norm == "Russia" and c.stance == "plan" for c in seed.claims)
    violent = {"Battles", "Explosions/Remote violence", "Violence against civilians"}
    assert not [e for e in seed.events if "corridor" in e.provenance.sentence and e.event_type in violent]


def test_background_sentences(seed):
    def status_in(fragment):
        return {e.status for e in seed.events if fragment in e.provenance.sentence}

    assert status_in("March 2011") == {"background"}
    assert status_in("in 2012") == {"background"}
    nov15 = [e for e in seed.events if "November 15" in e.provenance.sentence]
    assert any(e.time and e.time.start == "2016-11-15" for e in nov15)
    march = next(e for e in seed.events if "March 2011" in e.provenance.sentence)
    assert march.time.precision == "month"


def test_contested_control_claim_over_sheikh_saeed(seed):
    sheikh = [c for c in seed.control if c.place.name == "Sheikh Saeed"]
    assert {c.controller_after for c in sheikh} >= {"Military Forces of Syria", "Opposition Rebels (Syria)"}
    assert all(c.contested for c in sheikh)


def test_every_record_traces_back_to_its_sentence(seed):
    text = seed.article.text
    for r in (*seed.events, *seed.figures, *seed.claims, *seed.control):
        p = r.provenance
        if p.rule_id == "claim.outlet":  # the outlet's own voice: the whole article, no one sentence
            assert p.article_id == seed.article.id and p.sentence == ""
            continue
        assert text[p.sentence_start : p.sentence_start + len(p.sentence)] == p.sentence
        assert p.sentence_start <= p.start < p.end <= p.sentence_start + len(p.sentence)
        assert p.rule_id and p.article_id == seed.article.id
