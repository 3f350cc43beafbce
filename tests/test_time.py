"""Time expressions: finding, resolving against a publication date, attaching to records."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from sitrep.records import Article, EventMention, Extraction, Figure, Provenance
from sitrep.resolve.time import DEFAULT_RULE_ID, detect_tense, governing_timex, resolve_timex, resolve_times, time_for_span
from sitrep.resolve.timex import find_timexes

WED = date(2016, 11, 30)  # a Wednesday


def span(expr: str, anchor: date | None = WED, tense: str = "past") -> tuple:
    t = resolve_timex(expr, anchor=anchor, tense=tense)
    return t.start, t.end, t.precision


def exprs(text: str) -> list[str]:
    return [t.expression for t in find_timexes(text)]


# --- finding -----------------------------------------------------------------------------------


def test_finds_expressions_with_offsets_and_longest_match():
    text = "Shelling killed nine people early Thursday, and 3,000 fled in the past five days."
    found = find_timexes(text)
    assert [t.expression for t in found] == ["early Thursday", "in the past five days"]
    for t in found:
        assert text[t.start : t.end] == t.expression
    assert found[1].kind == "window"


def test_may_the_verb_and_counts_are_not_dates():
    assert exprs("Troops may withdraw, officials said.") == []
    assert exprs("More than 2000 people fled the town.") == []
    assert exprs("They will march on the capital.") == []
    assert exprs("Elections were held in May 2014.") == ["May 2014"]


def test_dates_with_weekday_colon_shift_and_clock_time():
    assert exprs("The paper said in an editorial on Saturday, November 26: the siege must end.") == ["Saturday, November 26"]
    assert exprs("He was shot last Oct. 23 at his home.") == ["last Oct. 23"]
    assert span("last Oct. 23")[0] == "2016-10-23"
    assert span("last Dec. 3")[0] == "2015-12-03"
    assert span("next Nov. 30")[0] == "2017-11-30"
    assert exprs("The deadline runs until 9 a.m. EST Tuesday.") == ["9 a.m. EST Tuesday"]
    assert span("9 a.m. Tuesday", tense="future")[0] == "2016-12-06"


def test_clock_times_or_so_and_recent_quarters():
    # 18xx is no year (a clock time such as "at 1850 (local time)" is far more common in reports)
    assert exprs("The video was posted at 1850 (local time).") == []
    assert exprs("The curfew starts at 1930 local time.") == []
    assert exprs("The plant will close over the next year or so.") == ["the next year or so"]
    assert span("the next year or so")[0] == "2017-01-01"
    assert exprs("Sales fell over the past several quarters.") == ["over the past several quarters"]


def test_bare_month_without_tense_cue_leans_to_the_past():
    # anchor 30 Nov 2016: up to four months ahead is the coming one, otherwise the latest one
    assert span("in March", tense="unknown")[0] == "2017-03-01"
    assert span("in April", tense="unknown")[0] == "2016-04-01"
    assert span("in June", tense="unknown")[0] == "2016-06-01"
    assert span("in December", tense="unknown")[0] == "2016-12-01"


def test_half_of_a_decade_and_then_current():
    assert exprs("Sales were flat in the last half of the '80s.") == ["the last half of the '80s"]
    assert span("the first half of the 1990s")[2] == "decade"
    found = find_timexes("Holders may buy shares at half the then current price.")
    assert [(t.expression, t.rule_id) for t in found] == [("then current", "time.ref.past")]


def test_prefilter_skips_plain_sentences():
    assert find_timexes("The convoy reached the border crossing.") == []
    assert find_timexes("") == []


# --- resolving: weekdays and days --------------------------------------------------------------


def test_weekdays_follow_news_convention():
    assert span("Wednesday") == ("2016-11-30", "2016-11-30", "day")
    assert span("early Wednesday") == ("2016-11-30", "2016-11-30", "day")
    assert span("Monday night")[0] == "2016-11-28"
    assert span("Friday")[0] == "2016-11-25"
    assert span("Friday", tense="future")[0] == "2016-12-02"
    assert span("last Wednesday")[0] == "2016-11-23"
    assert span("next Monday")[0] == "2016-12-05"


def test_relative_days():
    assert span("last night")[:2] == ("2016-11-29", "2016-11-29")
    assert span("yesterday")[0] == "2016-11-29"
    assert span("late yesterday")[0] == "2016-11-29"
    assert span("tomorrow")[0] == "2016-12-01"
    assert span("this morning")[0] == "2016-11-30"


def test_windows_and_ago():
    assert span("in the last four days") == ("2016-11-27", "2016-11-30", "day")
    assert span("over the past 4 days") == ("2016-11-27", "2016-11-30", "day")
    assert span("just over two weeks ago") == ("2016-11-13", "2016-11-16", "week")
    assert span("three weeks ago") == ("2016-11-06", "2016-11-12", "week")
    assert span("two months ago") == ("2016-09-01", "2016-09-30", "month")
    assert span("five years ago") == ("2011-01-01", "2011-12-31", "year")
    assert span("in recent days") == ("2016-11-23", "2016-11-30", "week")
    assert span("for more than four months") == ("2016-07-30", "2016-11-30", "month")
    assert span("since 2012") == ("2012-01-01", "2016-11-30", "year")


def test_calendar_units():
    assert span("earlier this week") == ("2016-11-28", "2016-11-30", "week")
    assert span("this week") == ("2016-11-28", "2016-12-04", "week")
    assert span("last week") == ("2016-11-21", "2016-11-27", "week")
    assert span("last month") == ("2016-10-01", "2016-10-31", "month")
    assert span("last year") == ("2015-01-01", "2015-12-31", "year")
    assert span("the third quarter") == ("2016-07-01", "2016-09-30", "quarter")
    assert span("last summer") == ("2015-06-01", "2015-08-31", "season")


def test_dates_months_years():
    assert span("on November 15") == ("2016-11-15", "2016-11-15", "day")
    assert span("Nov. 2") == ("2016-11-02", "2016-11-02", "day")
    assert span("15 November") == ("2016-11-15", "2016-11-15", "day")
    assert span("December 20") == ("2016-12-20", "2016-12-20", "day")  # shortly ahead: a schedule
    assert span("June 3")[0] == "2016-06-03"
    assert span("June 3", tense="future")[0] == "2017-06-03"
    assert span("in September") == ("2016-09-01", "2016-09-30", "month")
    assert span("in December") == ("2015-12-01", "2015-12-31", "month")
    assert span("in March 2011") == ("2011-03-01", "2011-03-31", "month")
    assert span("in 2012") == ("2012-01-01", "2012-12-31", "year")
    assert span("30 November 2016") == ("2016-11-30", "2016-11-30", "day")
    assert span("Nov. 30, 2016") == ("2016-11-30", "2016-11-30", "day")
    assert span("2016-11-30") == ("2016-11-30", "2016-11-30", "day")
    assert span("the 1990s") == ("1990-01-01", "1999-12-31", "decade")
    assert span("nineteen ninety-six") == ("1996-01-01", "1996-12-31", "year")
    assert span("March nineteen ninety-six") == ("1996-03-01", "1996-03-31", "month")
    assert span("in June last year") == ("2015-06-01", "2015-06-30", "month")
    assert span("January this year") == ("2016-01-01", "2016-01-31", "month")
    assert exprs("The vote is set for April next year.") == ["April next year"]
    assert span("the week of December 5") == ("2016-12-05", "2016-12-11", "week")
    assert span("the 20th century") == ("1900-01-01", "1999-12-31", "century")
    assert span("the eleventh century")[:2] == ("1000-01-01", "1099-12-31")


def test_no_anchor_keeps_relative_unresolved_and_absolute_resolved():
    rel = resolve_timex("early Wednesday", anchor=None)
    assert (rel.start, rel.end, rel.expression) == (None, None, "early Wednesday")
    assert span("in the last four days", anchor=None)[:2] == (None, None)
    assert span("in March 2011", anchor=None) == ("2011-03-01", "2011-03-31", "month")
    assert span("Nov. 30, 2016", anchor=None)[0] == "2016-11-30"


def test_unknown_expression_is_unresolved():
    t = resolve_timex("at the appointed hour", anchor=WED)
    assert t.start is None and t.rule_id is None


def test_detect_tense():
    assert detect_tense("The minister will visit the city on ") == "future"
    assert detect_tense("The rebels said ", " that they would fight") == "past"
    assert detect_tense("The offer expires ") == "unknown"


def test_detect_tense_skips_nouns_and_passives():
    # a determiner makes the cue word a noun; a present or infinitive "be" makes the participle passive
    assert detect_tense("The ministry published the plan ") == "past"
    assert detect_tense("New rules to be published in ") == "future"
    assert detect_tense("The envoy will be named head of the mission in ") == "future"
    assert detect_tense("The hearing is scheduled in ") == "future"
    assert detect_tense("The convoy was stopped on ") == "past"
    assert detect_tense("The evacuation could begin as soon as ") == "future"
    assert detect_tense("The curfew, effective ") == "future"
    assert detect_tense("A vote could come on ") == "future"
    assert detect_tense("The governor could not be reached for comment on ") == "past"


# --- attaching ---------------------------------------------------------------------------------


def test_time_for_span_picks_nearest_expression_after_trigger():
    s = "Gunmen attacked a village on Monday, a week after clashes in the town on November 20."
    start = s.index("attacked")
    t = time_for_span(s, sentence_start=100, start=100 + start, end=100 + start + 8, anchor=WED)
    assert t.expression == "Monday" and t.start == "2016-11-28"
    c = s.index("clashes")
    t2 = time_for_span(s, sentence_start=100, start=100 + c, end=100 + c + 7, anchor=WED)
    assert t2.start == "2016-11-20"


def test_time_for_span_default_week_and_future():
    s = "Aid trucks entered the town."
    t = time_for_span(s, sentence_start=0, start=4, end=10, anchor=WED)
    assert (t.start, t.end, t.precision, t.rule_id, t.expression) == ("2016-11-24", "2016-11-30", "week", DEFAULT_RULE_ID, "")
    assert time_for_span(s, sentence_start=0, start=4, end=10, anchor=None).start is None
    s2 = "The envoy will hold talks in Geneva on Friday."
    t2 = time_for_span(s2, sentence_start=0, start=15, end=20, anchor=WED)
    assert t2.start == "2016-12-02"


def _prov(article_id: str, sentence: str, trigger: str, offset: int = 0) -> Provenance:
    i = sentence.index(trigger)
    return Provenance(article_id, offset + i, offset + i + len(trigger), sentence, "test", offset)


def test_resolve_times_sets_time_and_background():
    s1 = "Air strikes killed 12 people in the town on Tuesday."
    s2 = "The city fell to the rebels in 2012."
    text = s1 + " " + s2
    art = Article(id="a1", title="t", text=text, published="2016-11-30")
    ev1 = EventMention("e1", "Explosions/Remote violence", "Air/drone strike", "strikes", "occurred", _prov("a1", s1, "strikes"))
    ev2 = EventMention("e2", "Battles", "Non-state actor overtakes territory", "fell", "occurred", _prov("a1", s2, "fell", len(s1) + 1))
    fig = Figure("f1", "killed", "12", _prov("a1", s1, "12"), best=12)
    out = resolve_times(Extraction(article=art, events=(ev1, ev2), figures=(fig,)))
    assert out.events[0].time.start == "2016-11-29" and out.events[0].status == "occurred"
    assert out.events[1].time.precision == "year" and out.events[1].status == "background"
    assert out.figures[0].time.start == "2016-11-29"
    assert out.events[0].time.anchor == "2016-11-30"


SEED = Path("/work/shared/seeds/000_584187090ad2a238.txt")


@pytest.mark.skipif(not SEED.exists(), reason="seed article not available")
def test_seed_article_expressions():
    text = SEED.read_text(encoding="utf-8")
    got = {}
    for t in find_timexes(text):
        got.setdefault(t.expression, resolve_timex(t.expression, anchor=WED, rule_id=t.rule_id))
    assert (got["early Wednesday"].start, got["early Wednesday"].precision) == ("2016-11-30", "day")
    assert (got["in the last four days"].start, got["in the last four days"].end) == ("2016-11-27", "2016-11-30")
    assert got["November 15"].start == "2016-11-15"
    assert (got["March 2011"].start, got["March 2011"].precision) == ("2011-03-01", "month")
    assert got["2012"].precision == "year"
    assert got["for more than four months"].end == "2016-11-30"
    ago = got["just over two weeks ago"]
    assert ago.precision == "week" and ago.start.startswith("2016-11-1")


# --- discourse: reference time and reporting period ---------------------------------------------

from sitrep.resolve.discourse import Discourse  # noqa: E402


def _doc(exprs: list[str], anchor: date = WED) -> list[tuple]:
    d = Discourse(anchor=anchor)
    d.prescan((x, None) for x in exprs)
    out = []
    for x in exprs:
        t = d.resolve(x, rule_id="time.anaphor.days-around" if x == "days" else None)
        out.append((t.start, t.end, t.precision))
    return out


def test_anaphors_follow_the_last_explicit_date():
    got = _doc(["on October 3", "that day", "the same week", "that year"])
    assert got[1] == ("2016-10-03", "2016-10-03", "day")
    assert got[2] == ("2016-10-03", "2016-10-09", "week")
    assert got[3] == ("2016-01-01", "2016-12-31", "year")
    # without an explicit date before them they fall back on the publication date
    assert _doc(["that day"])[0] == ("2016-11-30", "2016-11-30", "day")
    # "in the days after" needs a reference; a day reference widens to its month
    assert _doc(["days"])[0][:2] == (None, None)
    assert _doc(["on October 3", "days"])[1] == ("2016-10-01", "2016-10-31", "month")


def test_following_and_previous_count_from_the_reference():
    got = _doc(["on May 22, 2012", "the following year", "the following month", "the next day", "the previous Friday"])
    assert got[1] == ("2013-01-01", "2013-12-31", "year")
    assert got[2][:2] == ("2013-02-01", "2013-02-28")  # the reference is now 2013
    assert got[3] == ("2013-02-02", "2013-02-02", "day")
    assert got[4][0] == "2013-02-01"  # the Friday before 2 February 2013 (a Saturday)
    # without a reference they count from the publication date; "next year" stays deictic
    assert _doc(["the following week"])[0][:2] == ("2016-12-05", "2016-12-11")
    assert _doc(["on May 22, 2012", "next year"])[1][0] == "2017-01-01"


def test_year_ago_in_a_quarterly_story_is_the_same_quarter_a_year_before():
    got = _doc(["the third quarter", "a year ago", "the latest period", "a year earlier"])
    assert got[0] == ("2016-07-01", "2016-09-30", "quarter")
    assert got[1] == ("2015-07-01", "2015-09-30", "quarter")
    assert got[2] == ("2016-07-01", "2016-09-30", "quarter")
    assert got[3] == got[1]
    # the document-level hint: a quarter mentioned later still sets the period
    assert _doc(["a year earlier", "the second quarter"])[0] == ("2015-04-01", "2015-06-30", "quarter")
    # no quarter in the story: a calendar year
    assert _doc(["a year ago"])[0] == ("2015-01-01", "2015-12-31", "year")
    # an expected quarter that has not ended is not the reporting period
    d = Discourse(anchor=WED)
    d.resolve("the fourth quarter", tense="future")
    assert d.resolve("a year ago").precision == "year"


def test_anaphor_rules_are_found_in_text():
    found = {t.expression: t.rule_id for t in find_timexes("Profit fell from a year ago; in the days after the raid, and that same day.")}
    assert found["a year ago"] == "time.ago.a-year"
    assert found["days"] == "time.anaphor.days-around"
    assert found["that same day"] == "time.anaphor.day"
    assert exprs("They spent days in the desert.") == []


def test_resolve_times_tracks_the_reference_across_sentences():
    s1 = "Rebels stormed the base on October 3."
    s2 = "Two soldiers were killed that day."
    text = s1 + " " + s2
    art = Article(id="a2", title="t", text=text, published="2016-11-30")
    ev = EventMention("e1", "Battles", "Armed clash", "stormed", "occurred", _prov("a2", s1, "stormed"))
    fig = Figure("f1", "killed", "Two", _prov("a2", s2, "killed", len(s1) + 1), best=2)
    out = resolve_times(Extraction(article=art, events=(ev,), figures=(fig,)))
    assert out.events[0].time.start == "2016-10-03"
    assert (out.figures[0].time.start, out.figures[0].time.rule_id) == ("2016-10-03", "time.anaphor.day")


def _doc_ctx(items: list[tuple[str, str]], anchor: date = WED) -> list[tuple]:
    """(sentence text before the expression, expression) pairs resolved in order."""
    d = Discourse(anchor=anchor)
    d.prescan((x, None) for _b, x in items)
    return [(t.start, t.end, t.precision) for t in (d.resolve(x, before=b) for b, x in items)]


def test_year_ago_follows_the_period_the_sentence_talks_about():
    got = _doc_ctx([
        ("Profit rose in ", "the third quarter"),
        ("For the nine months, sales climbed 4% from ", "a year earlier"),
        ("Revenue gained 6% from ", "a year earlier"),  # back to the quarter
        ("Over the first half, margins narrowed from ", "a year earlier"),
        ("For the nine months, profit fell from ", "the year-earlier quarter"),  # names its unit
    ])
    assert got[1] == ("2015-01-01", "2015-12-31", "year")
    assert got[2] == ("2015-07-01", "2015-09-30", "quarter")
    assert got[3] == ("2015-01-01", "2015-06-30", "half")
    assert got[4] == ("2015-07-01", "2015-09-30", "quarter")
    # a year in the expression wins: "the 2016 period" is the reported quarter, not the one before
    assert _doc_ctx([("Profit rose in ", "the third quarter"), ("In ", "the 2016 period")])[1] == ("2016-07-01", "2016-09-30", "quarter")
    assert _doc_ctx([("In the first nine months, net fell from ", "the 2015 period")])[0] == ("2015-01-01", "2015-12-31", "year")


def test_an_indefinite_quarter_is_not_the_reporting_period():
    got = _doc(["the third quarter", "a weak second quarter", "a year ago"])
    assert got[1] == ("2016-04-01", "2016-06-30", "quarter")
    assert got[2] == ("2015-07-01", "2015-09-30", "quarter")


def test_easter_and_the_days_counted_from_it():
    from sitrep.resolve.periods import easter

    assert [easter(y).isoformat() for y in (2016, 2019, 2024)] == ["2016-03-27", "2019-04-21", "2024-03-31"]
    mon = date(2019, 4, 22)  # Easter Monday 2019
    assert span("Easter", anchor=mon) == ("2019-04-21", "2019-04-21", "day")
    assert span("Good Friday", anchor=mon) == ("2019-04-19", "2019-04-19", "day")
    assert span("next Easter", anchor=mon)[0] == "2020-04-12"
    # "Easter week" is the week ending on Easter Sunday; begun by the anchor, it is this one
    assert span("Easter week", anchor=date(2019, 4, 16)) == ("2019-04-15", "2019-04-21", "week")
    assert exprs("Pilgrims gathered on Palm Sunday and again on Easter Monday.") == ["Palm Sunday", "Easter Monday"]


def test_halves_parts_of_a_year_and_the_latest_fiscal_year():
    assert span("the first two quarters of 2017") == ("2017-01-01", "2017-06-30", "half")
    assert exprs("Output fell in the last two quarters.") == []  # a window, not the second half
    assert exprs("The siege lasted for much of 2015.") == ["much of 2015"]
    assert span("a good part of 2015") == ("2015-01-01", "2015-12-31", "year")
    assert span("the latest fiscal year") == ("2015-01-01", "2015-12-31", "year")


def test_detect_tense_far_modals_until_and_plans_ahead():
    # "will" reaches further back than other cues, but not over a nearer one
    assert detect_tense("The agency will more than double its aid flights between the two northern cities by ") == "future"
    assert detect_tense("The agency will say whether the convoy reached the two remote northern hill towns near the border on ") == "unknown"
    # "until" right before the expression points ahead; "up until" / "not until" / a leading "Until" do not
    assert detect_tense("The council postponed the vote until ") == "future"
    assert detect_tense("Up until ", ", they had not named a suspect") == "past"
    assert detect_tense("Until ", ", the road had stayed open") == "past"
    # "plans to" / "will" a little further after the expression
    assert detect_tense("On ", ", the main opposition bloc in the northern province plans to hold a rally") == "future"


def test_detect_tense_possessive_dates_and_schedules():
    # a possessive date names a day; the clause's "would" does not move it ahead
    assert detect_tense("Lawyers said they would appeal against ", "'s verdict by the court") == "unknown"
    assert span("Friday", tense=detect_tense("They would appeal ", "'s verdict")) == ("2016-11-25", "2016-11-25", "day")
    assert detect_tense("The truce talks are supposed to end by ") == "future"
    assert detect_tense("The referendum, set for ") == "future"


def test_a_begun_quarter_told_in_the_past_is_the_reporting_period():
    # a fiscal fourth quarter that ended Sept. 30 carries a calendar label not yet over on Nov. 2
    d = Discourse(anchor=date(2016, 11, 2))
    items = [("a year earlier", "unknown"), ("the fourth quarter", "past")]
    d.prescan((x, None, tense) for x, tense in items)
    got = [d.resolve(x, tense=tense) for x, tense in items]
    assert (got[0].start, got[0].precision) == ("2015-10-01", "quarter")
    # an expected fourth quarter is not
    d = Discourse(anchor=date(2016, 11, 2))
    items = [("a year earlier", "unknown"), ("the fourth quarter", "future")]
    d.prescan((x, None, tense) for x, tense in items)
    assert d.resolve("a year earlier").precision == "year"


def test_one_day_after_a_modal_and_in_a_year_or_two_are_future_refs():
    from sitrep.eval.timeml import timeml_value

    for text, expr, rid in [
        ("The refugees hope they may one day return.", "one day", "time.ref.future"),
        ("Talks could resume in a week or two, he said.", "a week or two", "time.ref.future.or-two"),
    ]:
        found = find_timexes(text)
        assert [(t.expression, t.rule_id) for t in found] == [(expr, rid)]
        assert timeml_value(resolve_timex(expr, anchor=WED, rule_id=found[0].rule_id)) == "FUTURE_REF"
    assert exprs("The convoy was one day late.") == []
    assert exprs("Prices fell in a year or so of turmoil.") == []


def test_at_the_time_a_once_and_until_then():
    from sitrep.eval.timeml import timeml_value

    text = "At the time, the once-prosperous town had 20,000 people."
    found = find_timexes(text)
    assert {t.expression: t.rule_id for t in found} == {"the time": "time.note.past", "once": "time.note.past"}
    assert timeml_value(resolve_timex("once", anchor=WED, rule_id="time.note.past")) == "PAST_REF"
    # they give a TimeML value but never time a record: the record keeps the default report week
    assert governing_timex(found, text, text.index("had"), text.index("had") + 3) is None
    assert exprs("Residents fled at the time of the attack, once the shelling began.") == []
    # "until then" / "by then" are the story's reference time
    assert _doc(["on October 3", "then"])[1] == (None, None, None)  # found alone, "then" is no rule
    d = Discourse(anchor=WED)
    d.resolve("on October 3")
    t = d.resolve("then", rule_id="time.anaphor.then")
    assert (t.start, t.end, t.precision) == ("2016-10-03", "2016-10-03", "day")
    assert [t.rule_id for t in find_timexes("By then, the road was closed; and then it reopened.")] == ["time.anaphor.then"]
    assert exprs("Since then, 300 people have died.") == []


def test_nineteenth_century_years_after_a_preposition():
    text = "The poet fought for independence in 1898."
    found = find_timexes(text)
    assert [(t.expression, t.rule_id) for t in found] == [("1898", "time.year.19th-century")]
    t = time_for_span(text, sentence_start=0, start=9, end=15, anchor=WED)
    assert (t.start, t.end, t.precision) == ("1898-01-01", "1898-12-31", "year")
    # clock times and counters stay out
    assert exprs("Shelling resumed at 1850 (local time).") == []
    assert exprs("The page was updated 1838 and again in 1830 GMT.") == []


def test_vague_years_ago_and_set_as_a_past_cue():
    from sitrep.eval.timeml import timeml_value

    t = resolve_timex("several years ago", anchor=WED)
    assert t.rule_id == "time.ago.vague-years" and timeml_value(t) == "PAST_REF"
    assert t.start is not None  # the span is still the approximate year, for records
    assert resolve_timex("three years ago", anchor=WED).rule_id == "time.ago"
    assert detect_tense("The index closed near the record high set on ") == "past"
    assert detect_tense("The vote, set for ") == "future"
    assert detect_tense("The talks are set to resume on ") == "future"


def test_words_ending_in_ed_that_are_no_past_cue():
    assert detect_tense("The envoy will succeed the outgoing head of the mission on ") == "future"
    assert detect_tense("Holders get the payment on a still unspecified date in ") == "unknown"
    assert detect_tense("Troops advanced on the town on ") == "past"
