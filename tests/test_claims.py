"""Claims: attribution patterns, stance, speaker resolution and denial linking on sentences written here."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitrep.errors import RuleError
from sitrep.nlp.claims import COUNTER_SUFFIX, CueLexicon, extract_claims
from sitrep.nlp.pipeline import load_nlp
from sitrep.nlp.speakers import SpeakerMention, resolve_speakers, written_form
from sitrep.records import Article, record_id

SEED = Path("/work/shared/seeds/000_584187090ad2a238.txt")


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def claims_of(nlp, text: str):
    article = Article(id=record_id(text), title="t", text=text, outlet="Test Wire")
    return article, extract_claims(nlp(text), article=article)


def by_speaker(claims, speaker: str):
    found = [c for c in claims if c.speaker == written_form(speaker)]
    assert found, f"no claim by {speaker!r} in {[c.speaker for c in claims]}"
    return found[0]


def test_x_said_that_content(nlp):
    text = "The health ministry said that four nurses were wounded when a clinic in Marib was hit."
    article, claims = claims_of(nlp, text)
    c = by_speaker(claims, "the health ministry")
    assert c.cue == "said" and c.stance == "assert"
    assert c.content == "four nurses were wounded when a clinic in Marib was hit"
    assert text[c.content_start : c.content_end] == c.content
    assert c.speaker_kind == "state"
    assert c.provenance.article_id == article.id
    assert c.provenance.rule_id == "cue.say"
    assert c.provenance.sentence == text
    assert c.provenance.span_text.startswith("The health ministry said")
    assert text[c.speaker_start : c.speaker_end] == "The health ministry"


def test_content_first_then_speaker_both_orders(nlp):
    text = (
        "Two bridges over the river were destroyed overnight, a police spokesman said. "
        "Fighting resumed near the airport at dawn, said a resident of the town."
    )
    _, claims = claims_of(nlp, text)
    a = by_speaker(claims, "a police spokesman")
    assert a.content == "Two bridges over the river were destroyed overnight"
    b = by_speaker(claims, "a resident of the town")
    assert b.content == "Fighting resumed near the airport at dawn"
    assert b.speaker_kind == "unknown"


def test_according_to_both_sides(nlp):
    text = (
        "According to the Red Crescent, 300 families reached the camp on Monday. "
        "Six fishermen are missing, according to a coastguard official."
    )
    _, claims = claims_of(nlp, text)
    a = by_speaker(claims, "the Red Crescent")
    assert a.cue == "According to" and a.speaker_kind == "international body"
    assert a.content == "300 families reached the camp on Monday"
    b = by_speaker(claims, "a coastguard official")
    assert b.content == "Six fishermen are missing"


def test_quote_with_inverted_speaker_and_relative_clause(nlp):
    text = "“We have no water left in the district,” said Amina Yusuf, who runs a clinic in the old town."
    _, claims = claims_of(nlp, text)
    c = by_speaker(claims, "Amina Yusuf")
    assert c.content == "We have no water left in the district"
    assert c.speaker_norm == "Amina Yusuf"
    # the first person inside the quote is the quoted speaker, not a new claim
    assert [x.speaker for x in claims] == ["Amina Yusuf"]


def test_nested_claims_and_anaphoric_denial(nlp):
    text = (
        "Militia fighters pushed the army out of the Qasr district, a militia commander said on Friday "
        "after an army source said soldiers had taken the district. "
        "Omar Haddad, a spokesman for the Jaish al-Nasr rebel group, denied this, saying the fighters still had "
        "control of the area."
    )
    _, claims = claims_of(nlp, text)
    commander = by_speaker(claims, "a militia commander")
    assert commander.content == "Militia fighters pushed the army out of the Qasr district"
    assert commander.speaker_kind == "armed group"
    assert commander.time is not None and commander.time.expression == "Friday"
    source = by_speaker(claims, "an army source")
    assert source.content == "soldiers had taken the district"
    assert source.speaker_kind == "military source"
    denial = by_speaker(claims, "Omar Haddad")
    assert denial.stance == "deny" and denial.cue == "denied"
    assert denial.content == "the fighters still had control of the area"
    assert denial.contradicts == source.id
    assert denial.provenance.rule_id == "cue.deny" + COUNTER_SUFFIX
    assert denial.speaker_kind == "armed group"
    assert denial.speaker_norm.startswith("Omar Haddad (") and "Nasr" in denial.speaker_norm
    # "saying" is part of the denial, not a claim of its own
    assert sum(1 for c in claims if c.speaker == "Omar Haddad") == 1


def test_denial_of_a_clause_links_by_shared_words(nlp):
    text = (
        "State television said the rebels had shelled the power station in Dara. "
        "The rebel council denied that its fighters shelled the power station."
    )
    _, claims = claims_of(nlp, text)
    tv = by_speaker(claims, "State television")
    den = by_speaker(claims, "The rebel council")
    assert den.stance == "deny"
    assert den.contradicts == tv.id


def test_accuse_urge_call_on_call_for(nlp):
    text = (
        "The interior minister accused smugglers of selling weapons to the militants. "
        "The mayor urged residents and traders to leave the market before dark. "
        "The charity called on both sides to open the northern road. "
        "Local elders called for an inquiry into the raid."
    )
    _, claims = claims_of(nlp, text)
    acc = by_speaker(claims, "The interior minister")
    assert acc.stance == "accuse" and acc.content == "smugglers of selling weapons to the militants"
    urge = by_speaker(claims, "The mayor")
    assert urge.stance == "call-for"
    assert urge.content == "residents and traders to leave the market before dark"
    on = by_speaker(claims, "The charity")
    assert on.stance == "call-for" and on.cue == "called on"
    assert on.content.startswith("both sides") and on.content.endswith("open the northern road")
    cf = by_speaker(claims, "Local elders")
    assert cf.stance == "call-for" and cf.cue == "called for"
    assert cf.content == "an inquiry into the raid"


def test_plan_and_should(nlp):
    text = (
        "Turkey said on Tuesday that it is ready to open two crossings for aid trucks. "
        "The envoy said the council should meet again next week. "
        "The governor said the storm will reach the coast by Sunday."
    )
    _, claims = claims_of(nlp, text)
    tr = by_speaker(claims, "Turkey")
    assert tr.stance == "plan" and tr.speaker_kind == "state"
    assert tr.content == "it is ready to open two crossings for aid trucks"
    assert by_speaker(claims, "The envoy").stance == "call-for"
    # "will" said of something other than the speaker is not the speaker's plan
    assert by_speaker(claims, "The governor").stance == "assert"


def test_told_reuters_and_announced(nlp):
    text = (
        "A hospital director told Reuters that 12 patients had been evacuated. "
        "The army announced the capture of the hill on Sunday."
    )
    _, claims = claims_of(nlp, text)
    c = by_speaker(claims, "A hospital director")
    assert c.cue == "told" and c.content == "12 patients had been evacuated"
    assert c.speaker_kind == "ngo"
    a = by_speaker(claims, "The army")
    assert a.cue == "announced" and a.content == "the capture of the hill"


def test_coordinated_cue_shares_subject(nlp):
    text = "The ministry has said the border is open, and accuses the militia of blocking the road."
    _, claims = claims_of(nlp, text)
    said = [c for c in claims if c.cue == "said"][0]
    acc = [c for c in claims if c.cue == "accuses"][0]
    assert said.content == "the border is open"
    assert acc.speaker == "the ministry" and acc.stance == "accuse"


def test_monitor_coreference_and_surnames(nlp):
    text = (
        "Shelling killed nine people in the village, a monitoring group said. "
        "The Syrian Observatory for Human Rights said the dead included three women. "
        "The Britain-based monitor said aid had not arrived. "
        "Italian Foreign Minister Carla Bruni met the envoy in Rome. "
        "Bruni said the talks should resume."
    )
    _, claims = claims_of(nlp, text)
    norms = {c.speaker: c.speaker_norm for c in claims}
    assert norms["a monitoring group"] == "Syrian Observatory for Human Rights"
    assert norms["the Britain-based monitor"] == "Syrian Observatory for Human Rights"
    assert all(c.speaker_kind == "monitor" for c in claims if c.speaker_norm.startswith("Syrian Observatory"))
    bruni = by_speaker(claims, "Bruni")
    assert bruni.speaker_norm == "Carla Bruni" and bruni.speaker_kind == "state"


def test_unbound_descriptor_stays_as_written(nlp):
    text = "Heavy clashes continued near the dam, a monitoring group said."
    _, claims = claims_of(nlp, text)
    (c,) = claims
    assert c.speaker_norm == "a monitoring group" and c.speaker_kind == "monitor"


def test_headline_line_breaks_bound_content(nlp):
    text = "Army pulls back\nRebels took the ridge on Monday, an activist said."
    _, claims = claims_of(nlp, text)
    (c,) = claims
    assert c.content == "Rebels took the ridge on Monday"
    assert "\n" not in c.provenance.sentence


def test_no_claim_without_cue(nlp):
    _, claims = claims_of(nlp, "The convoy crossed the bridge at noon and reached the camp.")
    assert claims == []


def test_resolve_speakers_plain_data():
    ms = [
        SpeakerMention(text="a war monitor", start=0, end=13),
        SpeakerMention(text="SOHR", start=50, end=54, head_pos="PROPN", ent_label="ORG"),
        SpeakerMention(text="it", start=80, end=82, head_pos="PRON"),
        SpeakerMention(text="Russia", start=90, end=96, head_pos="PROPN", ent_label="GPE"),
    ]
    rs = resolve_speakers(ms)
    assert [r.norm for r in rs] == ["Syrian Observatory for Human Rights"] * 3 + ["Russia"]
    assert rs[3].kind == "state"
    assert written_form("The   Rebel  official") == "the Rebel official"


def test_user_rules_override_and_bad_rules(tmp_path):
    lex = CueLexicon.from_rows([{"id": "cue.x", "type": "verb", "lemmas": ["mutter"], "stance": "assert"}])
    assert "mutter" in lex.verbs
    with pytest.raises(RuleError):
        CueLexicon.from_rows([{"id": "cue.bad", "type": "verb", "lemmas": ["say"], "stance": "shout"}])


def test_user_cue_file_adds_a_cue(nlp, tmp_path):
    (tmp_path / "cues.jsonl").write_text('{"id": "cue.mutter", "type": "verb", "lemmas": ["mutter"], "stance": "assert"}\n')
    text = "The guard muttered that the gate was locked."
    article = Article(id="m", title="t", text=text)
    doc = nlp(text)
    assert extract_claims(doc, article=article) == []
    (c,) = extract_claims(doc, article=article, rules_dir=str(tmp_path))
    assert c.content == "the gate was locked" and c.provenance.rule_id == "cue.mutter"


@pytest.mark.skipif(not SEED.is_file(), reason="seed article not present")
def test_seed_article(nlp):
    text = SEED.read_text(encoding="utf-8")
    _, claims = claims_of(nlp, text)
    src = next(c for c in claims if c.speaker == "a Syrian military source")
    assert "captured the district" in src.content
    off = next(c for c in claims if c.speaker == "a rebel official")
    assert off.content.startswith("Rebel groups fully repelled")
    den = next(c for c in claims if c.speaker == "Zakaria Malahifji")
    assert den.stance == "deny" and den.contradicts == src.id and den.speaker_kind == "armed group"
    sohr = {c.speaker for c in claims if c.speaker_norm == "Syrian Observatory for Human Rights"}
    assert {"a monitoring group", "the Syrian Observatory for Human Rights", "the Britain-based monitor", "the Observatory"} <= sohr
    assert any(c.stance == "call-for" and "local council" in c.speaker for c in claims)
    assert any(c.speaker == "Brita Hagi Hasan" for c in claims)
    gov = [c for c in claims if c.speaker == "the government"]
    assert {c.stance for c in gov} == {"assert", "accuse"}
    ay = [c for c in claims if c.speaker_norm == "Jean-Marc Ayrault" and "should agree" in c.content]
    assert ay and ay[0].stance == "call-for"
    ru = next(c for c in claims if c.speaker == "Russia")
    assert ru.stance == "plan" and ru.speaker_kind == "state"
