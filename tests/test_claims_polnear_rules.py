"""Attribution rules added for PolNeAR-style news, on sentences and parses written here."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc
from spacy.vocab import Vocab

from sitrep.nlp.claims import _speaker_after_quote


def _doc(rows):
    words = [w for w, _p, _d, _h in rows]
    return Doc(Vocab(), words=words, pos=[p for _w, p, _d, _h in rows], deps=[d for _w, _p, d, _h in rows], heads=[h for _w, _p, _d, h in rows])


def test_subject_inside_a_show_title_gives_way_to_the_name_after_the_quote():
    # “We are ready ,” Haddad , an official , said on “ Morning and News . ”  -- parsed with the title as subject
    rows = [
        ("“", "PUNCT", "punct", 3), ("We", "PRON", "nsubj", 2), ("are", "AUX", "ccomp", 10), ("ready", "ADJ", "acomp", 2),
        (",", "PUNCT", "punct", 2), ("”", "PUNCT", "punct", 2), ("Haddad", "PROPN", "appos", 3), (",", "PUNCT", "punct", 6),
        ("an", "DET", "det", 9), ("official", "NOUN", "appos", 6), ("said", "VERB", "ROOT", 10), ("on", "ADP", "prep", 10),
        ("“", "PUNCT", "punct", 10), ("Morning", "PROPN", "nsubj", 10), ("and", "CCONJ", "cc", 13), ("News", "PROPN", "conj", 13),
        (".", "PUNCT", "punct", 10), ("”", "PUNCT", "punct", 10),
    ]
    doc = _doc(rows)
    quotes = [(0, 6), (12, 18)]
    said, subj = doc[10], doc[13]
    head, end = _speaker_after_quote(said, subj, quotes)
    assert head.text == "Haddad" and end == 6


def test_subject_outside_quotes_is_kept():
    rows = [("Haddad", "PROPN", "nsubj", 1), ("said", "VERB", "ROOT", 1), ("it", "PRON", "nsubj", 3), ("rained", "VERB", "ccomp", 1)]
    doc = _doc(rows)
    assert _speaker_after_quote(doc[1], doc[0], [(2, 4)]) is None


@pytest.fixture(scope="module")
def nlp():
    from sitrep.nlp.pipeline import load_nlp

    return load_nlp()


def _claims(nlp, text):
    from sitrep.nlp.claims import extract_claims
    from sitrep.records import Article, record_id

    return extract_claims(nlp(text), article=Article(id=record_id(text), title="t", text=text, outlet="Test Wire"))


def _spans(text, c):
    return text[c.speaker_start : c.speaker_end], text[c.content_start : c.content_end]


@pytest.mark.parametrize(
    "text",
    [
        "Survey: Farmers Expect A Poor Harvest In The North.\n\nThe harvest is late this year.",
        "Mendoza: Ceasefire talks will resume next week in Geneva.\n\nThe talks stalled in May.",
    ],
)
def test_headline_name_and_colon_gives_the_speaker(nlp, text):
    name = text.split(":")[0]
    claims = [c for c in _claims(nlp, text) if c.provenance.rule_id == "cue.line_colon"]
    assert [_spans(text, c)[0] for c in claims] == [name]


def test_present_tense_show_takes_a_nominal_object(nlp):
    text = "A new survey by the council shows broad support for the ceasefire."
    claims = _claims(nlp, text)
    assert [(_spans(text, c), c.provenance.rule_id) for c in claims] == [(("A new survey by the council", "broad support for the ceasefire"), "cue.show")]


def test_first_person_cue_inside_a_quotation_is_no_new_claim(nlp):
    text = "“We told them the water was rising, but nobody listened,” said Ana Ruiz, a farmer in the valley."
    claims = _claims(nlp, text)
    assert all(_spans(text, c)[0] not in ("We", "I", "you") for c in claims)
    assert any(_spans(text, c)[0] == "Ana Ruiz" for c in claims)


@pytest.mark.parametrize(
    "text",
    [
        "That worries farmers in the valley.",
        "The council dared him to say the road was closed.",
    ],
)
def test_demonstrative_or_object_pronoun_is_no_speaker(nlp, text):
    assert all(_spans(text, c)[0].lower() not in ("that", "him") for c in _claims(nlp, text))


def test_of_two_clauses_at_equal_distance_the_one_after_the_cue(nlp):
    text = "Reporting for a radio show whose guests all agreed the council lost the vote, Lina Park observed that the way the mayor handled the crowd was key to her win."
    got = {_spans(text, c) for c in _claims(nlp, text)}
    assert ("Lina Park", "the way the mayor handled the crowd was key to her win") in got


def test_finite_cue_after_a_modal_clause_takes_the_subject_of_the_higher_verb(nlp):
    text = "The president announced on Monday that the government would formally end its role in the coalition by the spring and hinted that it would pull out of the trade pact."
    got = {_spans(text, c) for c in _claims(nlp, text)}
    assert ("The president", "it would pull out of the trade pact") in got


@pytest.mark.parametrize(
    "text, expected",
    [
        ("As the minister said last week, the border remains closed.", ("the minister", "the border remains closed")),
        ("The mayor said so on Friday.", ("The mayor", "so")),
        ("The envoy said as much on Monday.", ("The envoy", "as much")),
    ],
)
def test_as_clause_and_anaphoric_content(nlp, text, expected):
    assert expected in {_spans(text, c) for c in _claims(nlp, text)}


def test_as_clause_of_time_is_no_attribution(nlp):
    text = "As the minister welcomed the guests, the border remained closed."
    assert all(_spans(text, c)[1] != "the border remained closed" for c in _claims(nlp, text))


def test_reporting_noun_owned_by_a_name_before_it_or_by_a_light_verb_subject(nlp):
    text = "Officials disputed a Pentagon report that the bridge had been destroyed."
    assert ("Pentagon", "the bridge had been destroyed") in {_spans(text, c) for c in _claims(nlp, text)}
    text = "The bishops made a strong condemnation of the raids."
    got = [(_spans(text, c), c.stance) for c in _claims(nlp, text)]
    assert (("The bishops", "the raids"), "accuse") in got


def test_reporting_noun_with_a_participle_has_no_content(nlp):
    text = "A Pentagon report released last year was cited."
    assert not [c for c in _claims(nlp, text) if c.provenance.rule_id.startswith("noun.")]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The ministry described the strike as a grave violation.", ("The ministry", "the strike as a grave violation")),
        ("Many residents see the curfew as a punishment.", ("Many residents", "the curfew as a punishment")),
    ],
)
def test_object_with_as_phrase(nlp, text, expected):
    assert expected in {_spans(text, c) for c in _claims(nlp, text)}


def test_regard_verb_without_as_phrase_is_no_cue(nlp):
    assert not _claims(nlp, "The council sees a sharp rise in prices.")


def test_that_clause_hung_on_a_time_noun_is_the_content(nlp):
    text = "The governor posted in the late evening hours that the storm was over."
    assert ("The governor", "that the storm was over") in {_spans(text, c) for c in _claims(nlp, text)}


def test_true_relative_clause_after_the_cue_is_no_content(nlp):
    assert not _claims(nlp, "He responded the same way that we must respond now.")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Farmers met the envoy, many of whom say the dam has ruined the valley.", ("many of whom", "the dam has ruined the valley")),
        ("People close to the commander say that, besides the two colonels, he would have to promote a general.", ("People close to the commander", "besides the two colonels, he would have to promote a general")),
        ("Nobody knows what the mayor says his budget would fund next year.", ("the mayor", "his budget would fund next year")),
    ],
)
def test_quantifier_subjects_and_free_relatives(nlp, text, expected):
    assert expected in {_spans(text, c) for c in _claims(nlp, text)}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The high court ruled against the land seizure.", ("The high court", "the land seizure")),
        ("Several officials weighed in on the new curfew.", ("Several officials", "the new curfew")),
    ],
)
def test_topic_prepositions_against_and_weigh_in(nlp, text, expected):
    assert expected in {_spans(text, c) for c in _claims(nlp, text)}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("After saying the talks had failed, the envoy was recalled to the capital.", ("the envoy", "the talks had failed")),
        ("The governor was quick to say the strike had failed.", ("The governor", "the strike had failed")),
        ("The mayor was able to tout the new bridge at every stop.", ("The mayor", "the new bridge")),
    ],
)
def test_controllers_of_participles_and_adjective_infinitives(nlp, text, expected):
    assert expected in {_spans(text, c) for c in _claims(nlp, text)}


def test_dateline_parsed_as_subject_gives_way_to_its_apposition(nlp):
    text = "KABUL -- The governor, visiting the flooded district, said the dams would be repaired."
    assert ("The governor", "the dams would be repaired") in {_spans(text, c) for c in _claims(nlp, text)}


def test_military_response_is_no_claim(nlp):
    assert not _claims(nlp, "The army responded with artillery fire.")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The moderator asked Ruiz about the new tax.", ("The moderator", "the new tax")),
        ("Critics likened the curfew to a siege.", ("Critics", "the curfew to a siege")),
    ],
)
def test_topic_after_a_person_object_and_liken_to(nlp, text, expected):
    assert expected in {_spans(text, c) for c in _claims(nlp, text)}


def test_saying_much_is_not_anaphoric(nlp):
    text = "The mayor isn't saying much about the plan."
    assert all(_spans(text, c)[1] != "saying much" for c in _claims(nlp, text))


@pytest.mark.parametrize(
    "text, expected",
    [
        ("According to a statement by the interior ministry, the curfew was lifted.", ("the interior ministry", "the curfew was lifted")),
        ("The dam was closed last year, according to the governor's website.", ("the governor", "The dam was closed last year")),
        ("The curfew was lifted, according to a speech the governor gave at the harbour.", ("the governor", "The curfew was lifted")),
    ],
)
def test_according_to_a_channel_names_its_owner(nlp, text, expected):
    assert expected in {_spans(text, c) for c in _claims(nlp, text)}


def test_dash_layout_quote_with_a_quote_inside(nlp):
    text = "Intro line.\n“The river took our fields, and what they call “help” came far too late.” ― Ana Ruiz\n“Next one.” ― Omar Haddad"
    got = {_spans(text, c) for c in _claims(nlp, text)}
    assert ("Ana Ruiz", "The river took our fields, and what they call “help” came far too late") in got
    assert ("Omar Haddad", "Next one") in got


def test_generic_relative_speaker_inside_a_claim_is_hypothetical(nlp):
    text = "The colonel said that anyone who denies the order will be arrested."
    claims = _claims(nlp, text)
    assert [_spans(text, c)[0] for c in claims] == ["The colonel"]


def test_topic_preposition_before_a_stray_object(nlp):
    text = "The agency pointed to the port closure in March as a sign of growing unrest that threatens local trade and fishing, a key source of income for the region for decades."
    (claim,) = _claims(nlp, text)
    assert _spans(text, claim)[1].startswith("the port closure")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The harbour master believes the storm surge will reach the old pier by midnight.", ("The harbour master", "the storm surge will reach the old pier by midnight")),
        ("Local farmers expect that the river will flood the lower fields again.", ("Local farmers", "the river will flood the lower fields again")),
        ("The mayor wants to rebuild the bridge before the winter.", ("The mayor", "to rebuild the bridge before the winter")),
    ],
)
def test_belief_and_desire_verbs_attribute_a_view(nlp, text, expected):
    assert expected in {_spans(text, c) for c in _claims(nlp, text)}


@pytest.mark.parametrize(
    "text, speakers",
    [
        # inside another claim: the outer speaker's claim only
        ("The governor said she believes the dam will hold.", ["The governor"]),
        # a participle: no claim of its own ("knowing that ...")
        ("Knowing that the road was closed, the drivers waited in the village.", []),
        # passive and reduced passive: the subject holds no view
        ("The gunmen are believed to have crossed the river at night.", []),
        ("Jets thought to belong to the air force struck the market.", []),
        # knowing a wh-clause states nothing
        ("The villagers know where the shelters are.", []),
        # material support is no view
        ("The jets supported the ground offensive near the dam.", []),
    ],
)
def test_belief_verbs_are_guarded(nlp, text, speakers):
    assert [_spans(text, c)[0] for c in _claims(nlp, text)] == speakers


def test_belief_verb_lends_no_subject_to_a_participle(nlp):
    text = "The minister told the assembly that she thinks the levy is fair, saying that the ports need the money."
    got = {_spans(text, c)[0] for c in _claims(nlp, text)}
    assert "she" not in got and "The minister" in got


def test_unknown_cue_guard_is_a_rule_error():
    from sitrep.errors import RuleError
    from sitrep.nlp.cues import CueLexicon

    with pytest.raises(RuleError):
        CueLexicon.from_rows([{"id": "cue.x", "type": "verb", "lemmas": ["muse"], "stance": "assert", "guards": ["sometimes"]}])


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Many farmers favor the new water levy.", ("Many farmers", "the new water levy")),
        ("The fishing unions have opposed the harbour plan.", ("The fishing unions", "the harbour plan")),
    ],
)
def test_stance_toward_a_thing(nlp, text, expected):
    assert expected in {_spans(text, c) for c in _claims(nlp, text)}


@pytest.mark.parametrize(
    "text, expected",
    [
        # a participle with a finite auxiliary is a finite form: its object is content ("is stressing Y", "has promised Y")
        ("The governor is stressing the need for new levees along the coast.", ("The governor", "the need for new levees along the coast")),
        ("The ministry has declared a state of emergency in the province.", ("The ministry", "a state of emergency in the province")),
        ("The mayor is hoping that the bridge will reopen in May.", ("The mayor", "the bridge will reopen in May")),
    ],
)
def test_finite_auxiliary_makes_a_finite_form(nlp, text, expected):
    assert expected in {_spans(text, c) for c in _claims(nlp, text)}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("He is confident the bridge will hold.", ("He", "the bridge will hold")),
        ("The mayor has been critical of the port authority since the spring.", ("The mayor", "the port authority")),
        ("The fishermen were frustrated that the council closed the harbour without notice.", ("The fishermen", "the council closed the harbour without notice")),
    ],
)
def test_adjective_cues_state_a_view(nlp, text, expected):
    assert expected in {_spans(text, c) for c in _claims(nlp, text)}


@pytest.mark.parametrize(
    "text",
    [
        "It is certain that the bridge will hold.",  # no speaker
        "The engineers would be happy if the bridge held.",  # no clause, no topic
        "The clerk said the farmers are worried that the river will rise.",  # inside another claim
    ],
)
def test_adjective_cues_need_a_speaker_and_content(nlp, text):
    assert not any(c.provenance.rule_id == "cue.adjective" for c in _claims(nlp, text))


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Nine people were hurt by a blast that the governor described as a deliberate attack.", ("the governor", "a deliberate attack")),
        ("The levy, which the farmers pointed to as proof of neglect, was dropped.", ("the farmers", "proof of neglect")),
    ],
)
def test_object_relative_with_an_as_phrase(nlp, text, expected):
    assert expected in {_spans(text, c) for c in _claims(nlp, text)}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("As one farmer put it, the river gives and the river takes.", [("one farmer", "the river gives and the river takes")]),
        ("He put it on the table.", []),
        ("The engineer was putting his name on the line as the rival crews struggled.", []),
    ],
)
def test_as_x_put_it(nlp, text, expected):
    assert [_spans(text, c) for c in _claims(nlp, text)] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The mayor told residents at a packed meeting on Tuesday that the bridge would reopen.", ("The mayor", "the bridge would reopen")),
        ("He also told one of his young assistants on a regular basis that patience is the answer.", ("He", "patience is the answer")),
        ("The monitor says in a report issued on Monday that it counted forty shells.", ("The monitor", "it counted forty shells")),
    ],
)
def test_that_clause_hung_on_a_phrase_after_the_cue(nlp, text, expected):
    assert expected in {_spans(text, c) for c in _claims(nlp, text)}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The council voted to close the northern crossing.", [("The council", "to close the northern crossing", "plan")]),
        ("The agency decided to suspend all convoys until Friday.", [("The agency", "to suspend all convoys until Friday", "plan")]),
        ("The brigades sought to tighten the siege of the old town.", []),
    ],
)
def test_decisions_are_plans(nlp, text, expected):
    assert [(*_spans(text, c), c.stance) for c in _claims(nlp, text)] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The envoy made the case that the talks should resume.", ("The envoy", "the talks should resume")),
        ("The envoy made the case for new talks.", ("The envoy", "new talks")),
    ],
)
def test_made_the_case(nlp, text, expected):
    assert expected in {_spans(text, c) for c in _claims(nlp, text)}


@pytest.mark.parametrize(
    "text",
    [
        "It goes without saying that the harbour needs repairs.",
        "The envoy left the room without saying that the talks had failed.",
    ],
)
def test_without_saying_is_no_statement(nlp, text):
    assert _claims(nlp, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "No matter what anyone says, the bridge is safe.",
        "The engineers found it difficult to repeat the tests on the bridge.",
    ],
)
def test_no_one_in_particular_speaks(nlp, text):
    assert not any(c.cue in ("says", "repeat") for c in _claims(nlp, text))


@pytest.mark.parametrize(
    "text, expected",
    [
        ("As the minister said in a statement on Monday, the border will stay closed.", [("the minister", "the border will stay closed")]),
        ("As the envoy spoke with the leaders, the shelling resumed.", []),
    ],
)
def test_as_x_said_in_a_statement(nlp, text, expected):
    assert [_spans(text, c) for c in _claims(nlp, text)] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The governor was quoted as saying that the dam would hold.", [("The governor", "the dam would hold")]),
        ("The governor was quoted by local media as saying the dam would hold.", [("The governor", "the dam would hold")]),
    ],
)
def test_quoted_as_saying(nlp, text, expected):
    assert [_spans(text, c) for c in _claims(nlp, text)] == expected


def test_multi_sentence_quotation_is_one_content(nlp):
    text = "“The river is rising. We have moved the families to the school,” the mayor said."
    assert [_spans(text, c) for c in _claims(nlp, text)] == [("the mayor", "The river is rising. We have moved the families to the school")]


def test_wh_infinitive_is_no_statement(nlp):
    text = "The officers told the drivers how to leave the city."
    assert _claims(nlp, text) == []
