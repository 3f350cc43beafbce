"""Claims recall rules on sentences written here: quotations split from their cue, and further rule classes."""

from __future__ import annotations

import pytest

from sitrep.nlp.claims import extract_claims
from sitrep.nlp.pipeline import load_nlp
from sitrep.records import Article, record_id


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def claims_of(nlp, text: str):
    article = Article(id=record_id(text), title="t", text=text, outlet="Test Wire")
    return extract_claims(nlp(text), article=article)


def spans(text: str, c):
    return text[c.speaker_start : c.speaker_end], text[c.content_start : c.content_end]


def test_question_quote_split_from_its_cue(nlp):
    # the sentence splitter cuts after the question mark: "Fatima Ali said." has no content of its own
    text = "“Why would anyone leave their home in winter?” Fatima Ali said. “We had no choice.”"
    claims = claims_of(nlp, text)
    assert [spans(text, c) for c in claims] == [("Fatima Ali", "Why would anyone leave their home in winter")]
    assert claims[0].provenance.rule_id == "cue.say"


def test_multi_sentence_quote_before_cue(nlp):
    text = "“Are the roads open? Not yet,” the mayor said."
    claims = claims_of(nlp, text)
    assert [spans(text, c) for c in claims] == [("the mayor", "Are the roads open? Not yet")]


def test_quote_not_adjacent_is_not_taken(nlp):
    # a quotation with no cue next to it is nobody's claim
    text = "Nobody expected the siege to end. “It will not end soon.” The weather was cold."
    assert claims_of(nlp, text) == []


def test_naming_verb_takes_object_and_predicate(nlp):
    text = "The ministry called the report a fabrication by hostile media."
    (c,) = claims_of(nlp, text)
    assert spans(text, c) == ("The ministry", "the report a fabrication by hostile media")
    assert c.provenance.rule_id == "cue.naming" and c.stance == "assert"


def test_call_with_a_date_is_neither_naming_nor_call_on(nlp):
    assert claims_of(nlp, "The rebels called the hospital on Monday.") == []


def test_mention_verbs_take_a_nominal_object(nlp):
    text = "The governor noted the sharp drop in attacks since the truce."
    (c,) = claims_of(nlp, text)
    assert spans(text, c) == ("The governor", "the sharp drop in attacks since the truce")
    assert c.provenance.rule_id == "cue.mention"
    text = "The envoy cited the blockade as the main cause of the famine."
    (c,) = claims_of(nlp, text)
    assert spans(text, c)[1] == "the blockade as the main cause of the famine"


def test_vox_pop_dash_lines(nlp):
    text = (
        "Voices from the camp\n"
        "“We left everything behind in Aleppo.” ― Huda Karim\n"
        "“Nobody told us where the buses were going.” \u2015\u00a0 Samir Haddad.\n"
    )
    claims = claims_of(nlp, text)
    assert [spans(text, c) for c in claims] == [
        ("Huda Karim", "We left everything behind in Aleppo"),
        ("Samir Haddad", "Nobody told us where the buses were going"),
    ]
    assert {c.provenance.rule_id for c in claims} == {"cue.line_dash"} and claims[0].cue == "―"


def test_transcript_and_headline_colon_lines(nlp):
    text = "Transcript:\nHOST: What happened at the crossing?\nLOPEZ: The guards opened fire on the crowd.\n"
    claims = claims_of(nlp, text)
    assert [spans(text, c) for c in claims] == [("HOST", "What happened at the crossing"), ("LOPEZ", "The guards opened fire on the crowd")]
    text = "Minister: Aid Convoys Will Reach Madaya This Week\n\nThe minister spoke in Damascus."
    assert [spans(text, c) for c in claims_of(nlp, text)] == [("Minister", "Aid Convoys Will Reach Madaya This Week")]


def test_label_lines_are_not_speakers(nlp):
    assert claims_of(nlp, "Update: the road to the border is closed.\nPhoto: Reuters\n") == []


def test_relative_clause_speaker_offsets_are_the_pronoun(nlp):
    text = "Residents spoke to a nurse who said the clinic had run out of insulin."
    (c,) = claims_of(nlp, text)
    # the speaker is named by the antecedent but written as the pronoun in the attribution clause
    assert c.speaker == "a nurse"
    assert spans(text, c) == ("who", "the clinic had run out of insulin")


def test_two_subjects_the_nearest_speaks(nlp):
    # a run-in label parsed as a second subject of the cue
    text = "THE CROSSING Back when the war began, the governor said that the curfew would last a week."
    (c,) = claims_of(nlp, text)
    assert spans(text, c) == ("the governor", "the curfew would last a week")


def test_reporting_noun_with_owner_and_finite_clause(nlp):
    text = "The ministry's report that 40 people died was disputed."
    (c,) = claims_of(nlp, text)
    assert spans(text, c) == ("The ministry", "40 people died")
    assert c.provenance.rule_id == "noun.assert" and c.speaker_kind == "state"
    text = "The army dismissed the governor's claim that the dam had been mined."
    noun = [c for c in claims_of(nlp, text) if c.provenance.rule_id == "noun.assert"]
    assert [spans(text, c) for c in noun] == [("the governor", "the dam had been mined")]


def test_reporting_noun_with_infinitive_is_no_claim(nlp):
    # an intention ("decision to ...") is not a statement
    text = "The minister announced his decision to resign."
    assert [c.provenance.rule_id for c in claims_of(nlp, text)] == ["cue.announce"]


def test_expressing_and_mocking_verbs(nlp):
    text = "The court ruled that the detentions were unlawful."
    (c,) = claims_of(nlp, text)
    assert spans(text, c) == ("The court", "the detentions were unlawful") and c.provenance.rule_id == "cue.express"
    text = "The opposition leader mocked the government's new budget."
    (c,) = claims_of(nlp, text)
    assert c.stance == "accuse" and spans(text, c)[1] == "the government's new budget"
    # action verbs are no cues
    assert claims_of(nlp, "The governor raised taxes on fuel.") == []


def test_infinitive_and_gerund_cues_take_the_controlling_subject(nlp):
    text = "The envoy ended the meeting by saying that the talks would continue."
    (c,) = claims_of(nlp, text)
    assert spans(text, c) == ("The envoy", "the talks would continue")
    text = "The commander wanted to warn that the town would fall."
    (c,) = claims_of(nlp, text)
    assert spans(text, c) == ("The commander", "the town would fall")


def test_withholding_verbs_state_nothing(nlp):
    assert claims_of(nlp, "The commander refused to confirm that the town had fallen.") == []


def test_topic_prepositions_give_the_content(nlp):
    text = "The mayor spoke of the hunger in the besieged districts."
    (c,) = claims_of(nlp, text)
    assert spans(text, c) == ("The mayor", "the hunger in the besieged districts") and c.cue == "spoke of"
    text = "The general pointed to the shortages of fuel."
    (c,) = claims_of(nlp, text)
    assert spans(text, c)[1] == "the shortages of fuel"
    # a listener or a date is no topic
    assert claims_of(nlp, "The families spoke to the mayor on Monday.") == []


def test_passive_with_agent_speaker(nlp):
    text = "It was reported by state television that the bridge had been destroyed."
    (c,) = claims_of(nlp, text)
    assert spans(text, c) == ("state television", "the bridge had been destroyed")
    assert c.provenance.rule_id == "cue.announce#passive"
    text = "The commander was called a traitor by the rebels."
    (c,) = claims_of(nlp, text)
    assert spans(text, c)[0] == "the rebels" and "a traitor" in c.content
    # a physical attack is no accusation
    assert claims_of(nlp, "The minister was attacked by gunmen.") == []


def test_of_several_complements_the_nearest_on_the_cue_line(nlp):
    # the parse hangs the clause before the colon / the previous paragraph's quote on the cue too
    text = "The fighting stopped at dawn: residents said they were increasingly afraid the army would return."
    (c,) = claims_of(nlp, text)
    assert spans(text, c) == ("residents", "they were increasingly afraid the army would return")
    text = "“It is something they never expected to see.”\n\n“These are the hardest days of the war,” she said."
    (c,) = claims_of(nlp, text)
    assert spans(text, c) == ("she", "These are the hardest days of the war")


def test_parenthetical_cue_whose_comma_hangs_on_it(nlp):
    text = "The blockade has severely hurt the farmers in the valley, Haddad said, since most of them cannot reach the markets."
    (c,) = claims_of(nlp, text)
    assert spans(text, c) == ("Haddad", "The blockade has severely hurt the farmers in the valley")


def test_infinitive_adverbial_cue_takes_the_head_subject(nlp):
    text = "The commander went on to warn that the town would fall."
    (c,) = claims_of(nlp, text)
    assert spans(text, c) == ("The commander", "the town would fall")


def test_according_to_when_the_content_is_parsed_as_an_apposition(nlp):
    text = "According to local radio host Sami Nasser, the curfew reeks of panic."
    (c,) = claims_of(nlp, text)
    assert spans(text, c) == ("local radio host Sami Nasser", "the curfew reeks of panic")


def test_quote_only_cues(nlp):
    text = "“We buried eleven people this week,” the imam continued."
    (c,) = claims_of(nlp, text)
    assert spans(text, c) == ("the imam", "We buried eleven people this week") and c.provenance.rule_id == "cue.quote_only"
    text = "The doctor continued: “There is no anaesthetic left.”"
    (c,) = claims_of(nlp, text)
    assert spans(text, c) == ("The doctor", "There is no anaesthetic left")
    # without a quotation or a colon the verb is no cue
    assert claims_of(nlp, "The siege continued for months.") == []
    assert claims_of(nlp, "The shelling continued to kill civilians.") == []


def test_say_takes_an_object_only_in_finite_forms(nlp):
    text = "The spokesman said the same thing on Tuesday."
    (c,) = claims_of(nlp, text)
    assert spans(text, c)[0] == "The spokesman" and c.content.startswith("the same thing")
    assert claims_of(nlp, "The refugees had come to say goodbye to their relatives.") == []


def test_tell_never_takes_the_listener_as_content(nlp):
    text = "The nurse told reporters that the clinic was closed."
    (c,) = claims_of(nlp, text)
    assert spans(text, c) == ("The nurse", "the clinic was closed") and c.provenance.rule_id == "cue.tell"
    assert claims_of(nlp, "The nurse told reporters.") == []


def test_a_cue_under_a_modal_states_nothing(nlp):
    text = "The envoy said the council members should agree on new measures to protect civilians."
    claims = claims_of(nlp, text)
    assert [spans(text, c)[0] for c in claims] == ["The envoy"]
    assert claims_of(nlp, "The mayor could warn of further shelling.") == []
