"""Precedence rules (event_precedence.jsonl): which of several labels found together is the main event."""

from __future__ import annotations

import pytest

from sitrep.errors import RuleError
from sitrep.nlp.precedence import PrecedenceRule, demote, load_precedence, order

CLASH_FIRST = PrecedenceRule("t.clash", frozenset({"Armed clash"}), frozenset({"Air/drone strike"}), frozenset({"events", "classify"}))
RIOT_FIRST = PrecedenceRule(
    "t.riot", frozenset({"Violent demonstration"}), frozenset({"Protest with intervention"}), frozenset({"classify"}), 5.0
)


def test_order_demotes_only_when_the_winner_is_present() -> None:
    assert order([("Air/drone strike", 6.0), ("Armed clash", 3.0)], [CLASH_FIRST]) == [1, 0]
    assert order([("Air/drone strike", 6.0), ("Arrests", 4.0)], [CLASH_FIRST]) == [0, 1]


def test_order_respects_where() -> None:
    rule = PrecedenceRule("t", CLASH_FIRST.first, CLASH_FIRST.before, frozenset({"classify"}))
    assert order([("Air/drone strike", 6.0), ("Armed clash", 3.0)], [rule], where="events") == [0, 1]


def test_demote_ranks_below_the_winner_and_needs_min_weight() -> None:
    scores = demote({"Violent demonstration": 5.5, "Protest with intervention": 6.6}, [RIOT_FIRST])
    assert scores["Protest with intervention"] < scores["Violent demonstration"]
    weak = demote({"Violent demonstration": 3.5, "Protest with intervention": 6.6}, [RIOT_FIRST])
    assert weak["Protest with intervention"] == 6.6


def test_territory_placeholder_expands() -> None:
    rules = load_precedence()
    assert any("Government regains territory" in r.first and "Non-state actor overtakes territory" in r.first for r in rules)
    assert order([("Armed clash", 3.0), ("@territory", 4.5)], rules) == [1, 0]


def test_unknown_label_is_a_rule_error(tmp_path) -> None:
    (tmp_path / "event_precedence.jsonl").write_text(
        '{"id": "prec.bad", "first": ["Armed clash"], "before": ["Not a label"]}\n', encoding="utf-8"
    )
    with pytest.raises(RuleError):
        load_precedence(rules_dir=str(tmp_path))


def test_main_mention_of_a_note_prefers_the_territory_change() -> None:
    from types import SimpleNamespace as NS

    from sitrep.nlp.precedence import main_mention

    def mention(sub: str, rule: str, status: str = "occurred") -> NS:
        return NS(sub_event_type=sub, status=status, provenance=NS(rule_id=rule))

    clash = mention("Armed clash", "trg.clash.noun")
    taken = mention("Government regains territory", "trg.territory.capture")
    old = mention("Air/drone strike", "trg.air.strike", status="background")
    assert main_mention([clash, taken]) is taken
    assert main_mention([old, clash]) is clash
    assert main_mention([old]) is None
    assert main_mention([]) is None


def test_main_mention_prefers_what_happened_over_what_is_planned() -> None:
    from types import SimpleNamespace as NS

    from sitrep.nlp.precedence import main_mention

    plan = NS(sub_event_type="Headquarters or base established", status="planned", provenance=NS(rule_id="trg.hq"))
    moved = NS(sub_event_type="Change to group/activity", status="occurred", provenance=NS(rule_id="trg.change.strong"))
    assert main_mention([plan, moved]) is moved
    assert main_mention([plan]) is plan


def test_an_air_strike_on_a_weapons_cache_is_the_strike() -> None:
    rules = load_precedence()
    assert order([("Disrupted weapons use", 5.0), ("Air/drone strike", 5.0)], rules) == [1, 0]
    # intercepting a rocket stays a disrupted weapons use
    assert order([("Disrupted weapons use", 5.0), ("Shelling/artillery/missile attack", 4.0)], rules) == [0, 1]
