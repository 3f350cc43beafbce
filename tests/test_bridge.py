"""Bridge: link() on hand-built records, and build_extraction end to end on sentences written here."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitrep.nlp.bridge import OUTLET_RULE, link, outlet_claim
from sitrep.records import Article, Claim, EventMention, Figure, Place, Provenance, record_id

# Two sentences; offsets are computed from the text so the records are consistent with it.
S1 = "Rebels seized the Tal Hamra district, a rebel commander said, after an army source said troops had captured it."
S2 = " The Central Monitor said shelling killed 14 civilians, including three children, in Kafr Nabl."
S3 = " Aid trucks reached the camp on Friday and 40 people were injured in a stampede."
TEXT = S1 + S2 + S3
ART = Article(id="art1", title="t", text=TEXT, outlet="Example Wire")


def prov(fragment: str, rule: str = "test", *, sentence: str | None = None) -> Provenance:
    start = TEXT.index(fragment)
    sent = sentence or next(s for s in (S1, S2, S3) if fragment in s)
    s0 = TEXT.index(sent)
    return Provenance(article_id=ART.id, start=start, end=start + len(fragment), sentence=sent, rule_id=rule, sentence_start=s0)


def claim(speaker: str, kind: str, stance: str, content: str, cue: str = "said", contradicts: str | None = None, rule: str = "cue.say") -> Claim:
    c0 = TEXT.index(content)
    p = prov(content, rule)
    return Claim(
        id=record_id(ART.id, speaker, content),
        speaker=speaker,
        speaker_norm=speaker,
        speaker_kind=kind,
        cue=cue,
        stance=stance,
        content=content,
        content_start=c0,
        content_end=c0 + len(content),
        provenance=p,
        contradicts=contradicts,
    )


def event(trigger: str, etype: str, sub: str, *, status: str = "occurred", a1: str | None = None, a2: str | None = None, place: str | None = None) -> EventMention:
    return EventMention(
        id=record_id(ART.id, "ev", trigger),
        event_type=etype,
        sub_event_type=sub,
        trigger=trigger,
        status=status,
        provenance=prov(trigger, "trigger.test"),
        actor1_norm=a1,
        actor2_norm=a2,
        place=Place(name=place) if place else None,
    )


def figure(quantity: str, metric: str, *, subset_of: str | None = None) -> Figure:
    return Figure(id=record_id(ART.id, "fig", quantity), metric=metric, quantity=quantity, provenance=prov(quantity, "fig.test"), subset_of=subset_of)


COMMANDER = claim("a rebel commander", "armed group", "assert", "Rebels seized the Tal Hamra district")
SOURCE = claim("an army source", "military source", "assert", "troops had captured it")
MONITOR = claim("The Central Monitor", "monitor", "assert", "shelling killed 14 civilians, including three children, in Kafr Nabl")


def test_innermost_claim_same_sentence_and_outlet():
    seized = event("seized", "Battles", "Non-state actor overtakes territory", a1="Rebels", place="Tal Hamra")
    captured = event("captured", "Battles", "Government regains territory", a1="Army")
    shelling = event("shelling", "Explosions/Remote violence", "Shelling/artillery/missile attack")
    stampede = event("stampede", "Violence against civilians", "Attack")
    ex = link(ART, claims=[MONITOR, SOURCE, COMMANDER], events=[seized, captured, shelling, stampede], figures=[])
    by_trigger = {e.trigger: e for e in ex.events}
    assert by_trigger["seized"].claim_id == COMMANDER.id
    assert by_trigger["captured"].claim_id == SOURCE.id
    assert by_trigger["shelling"].claim_id == MONITOR.id
    outlet = [c for c in ex.claims if c.provenance.rule_id == OUTLET_RULE]
    assert len(outlet) == 1 and outlet[0].speaker == "Example Wire" and outlet[0].speaker_kind == "media"
    assert by_trigger["stampede"].claim_id == outlet[0].id
    # statuses: a party's battle is claimed; a monitor's shelling and the outlet's event keep theirs
    assert by_trigger["seized"].status == "claimed"
    assert by_trigger["captured"].status == "claimed"
    assert by_trigger["shelling"].status == "occurred"
    assert by_trigger["stampede"].status == "occurred"


def test_same_sentence_fallback_when_outside_every_content():
    # "after" lies in S1 outside both contents: the nearest claim of the sentence takes it
    ev = event("after", "Battles", "Armed clash")
    ex = link(ART, claims=[COMMANDER, SOURCE], events=[ev], figures=[])
    assert ex.events[0].claim_id in {COMMANDER.id, SOURCE.id}
    assert not any(c.provenance.rule_id == OUTLET_RULE for c in ex.claims)


def test_figures_get_claim_and_event_and_subsets_follow_parent():
    shelling = event("shelling", "Explosions/Remote violence", "Shelling/artillery/missile attack")
    stampede = event("stampede", "Violence against civilians", "Attack")
    fourteen = figure("14", "killed")
    three = figure("three", "killed", subset_of=fourteen.id)
    forty = figure("40", "injured")
    ex = link(ART, claims=[MONITOR], events=[shelling, stampede], figures=[fourteen, three, forty])
    figs = {f.quantity: f for f in ex.figures}
    assert figs["14"].claim_id == MONITOR.id and figs["14"].event_id == shelling.id
    assert figs["three"].event_id == shelling.id and figs["three"].claim_id == MONITOR.id
    outlet = outlet_claim(ART)
    assert figs["40"].claim_id == outlet.id and figs["40"].event_id == stampede.id


def test_displacement_figure_needs_no_event():
    shelling = event("shelling", "Explosions/Remote violence", "Shelling/artillery/missile attack")
    f = Figure(id="f1", metric="fled", quantity="14", provenance=prov("14"))
    ex = link(ART, claims=[MONITOR], events=[shelling], figures=[f])
    assert ex.figures[0].event_id is None and ex.figures[0].claim_id == MONITOR.id


def test_denial_sets_denied_status_and_contests_control():
    denial = claim("an army source", "military source", "deny", "troops had captured it", cue="denied", contradicts=COMMANDER.id, rule="cue.deny")
    seized = event("seized", "Battles", "Non-state actor overtakes territory", a1="Rebels", a2="Army", place="Tal Hamra")
    captured = event("captured", "Battles", "Government regains territory", a1="Army")
    ex = link(ART, claims=[COMMANDER, denial], events=[seized, captured], figures=[])
    evs = {e.trigger: e for e in ex.events}
    assert evs["captured"].status == "denied"
    ctrl = {c.claim_id: c for c in ex.control}
    orig = ctrl[COMMANDER.id]
    assert orig.contested and orig.controller_after == "Rebels" and orig.controller_before == "Army"
    assert orig.place.name == "Tal Hamra"
    # the denial's own territorial event becomes its contested control claim (no duplicate)
    assert ctrl[denial.id].contested
    assert sum(1 for c in ex.control if c.claim_id == denial.id) == 1


def test_denial_counter_statement_creates_contested_control_claim():
    counter_text = "troops had captured it"
    denial = claim("Ali Kassem", "armed group", "deny", counter_text, cue="denied", contradicts=COMMANDER.id, rule="cue.deny#counter")
    seized = event("seized", "Battles", "Non-state actor overtakes territory", a1="Rebels", place="Tal Hamra")
    ex = link(ART, claims=[COMMANDER, denial], events=[seized], figures=[])
    assert len(ex.control) == 2
    orig, side = ex.control
    assert orig.contested and side.contested
    assert side.claim_id == denial.id and side.place == orig.place
    assert side.provenance.rule_id == "control.denial"
    assert side.provenance.start == denial.content_start


def test_planned_capture_gives_no_control_claim():
    ev = event("captured", "Battles", "Government regains territory", status="planned", a1="Army", place="Tal Hamra")
    ex = link(ART, claims=[], events=[ev], figures=[])
    assert ex.control == ()
    assert ex.events[0].status == "planned"


def test_call_for_and_plan_change_status_of_occurred_events():
    call = claim("The Central Monitor", "monitor", "call-for", "shelling killed 14 civilians, including three children, in Kafr Nabl")
    shelling = event("shelling", "Explosions/Remote violence", "Shelling/artillery/missile attack")
    ex = link(ART, claims=[call], events=[shelling], figures=[])
    assert ex.events[0].status == "called-for"


# --- end to end ---------------------------------------------------------------------------------

E2E = (
    "Government forces captured the village of Tell Abyad on Monday, a military source said. "
    "Kamal Rashid, a commander of the Liwa al-Fajr rebel group, denied this, saying rebels still had control of the village. "
    "Air strikes killed 11 civilians, including four children, in the market of Bansh, a monitoring group said. "
    "The Syrian Observatory for Human Rights said more than 3,000 people had fled the area."
)


@pytest.fixture(scope="module")
def e2e():
    from sitrep.nlp.bridge import build_extraction
    from sitrep.nlp.pipeline import load_nlp

    article = Article(id="e2e", title="t", text=E2E, outlet="Example Wire", published="2016-11-28")
    return build_extraction(load_nlp()(E2E), article)


def test_every_record_has_provenance_and_a_claim(e2e):
    ids = {c.id for c in e2e.claims}
    for rec in (*e2e.claims, *e2e.events, *e2e.figures, *e2e.control):
        assert rec.provenance.article_id == "e2e"
    for rec in (*e2e.events, *e2e.figures):
        assert rec.claim_id in ids


def test_end_to_end_links(e2e):
    claims = {c.id: c for c in e2e.claims}
    source = next(c for c in e2e.claims if c.speaker == "a military source")
    denial = next(c for c in e2e.claims if c.stance == "deny")
    assert denial.contradicts == source.id
    killed = [f for f in e2e.figures if f.metric == "killed"]
    assert killed and all(claims[f.claim_id].speaker_norm == "Syrian Observatory for Human Rights" for f in killed)
    fled = [f for f in e2e.figures if f.metric in ("fled", "displaced")]
    assert fled and all(claims[f.claim_id].speaker_norm == "Syrian Observatory for Human Rights" for f in fled)
    captures = [e for e in e2e.events if e.sub_event_type == "Government regains territory"]
    assert captures and all(e.status == "claimed" and e.claim_id == source.id for e in captures)
    contested = [c for c in e2e.control if c.claim_id == source.id]
    assert contested and all(c.contested for c in contested)
    assert any(c.claim_id == denial.id and c.contested for c in e2e.control)
