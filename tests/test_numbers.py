"""The quantity normaliser on expressions written for these tests."""

import pytest

from sitrep.nlp.numbers import Quantity, find_quantities, parse_quantity


@pytest.mark.parametrize(
    "text, low, best, high, qualifier",
    [
        ("more than 50,000", 50000, 50000, None, "more than"),
        ("dozens", 24, None, 99, "dozens"),
        ("tens of thousands", 20000, None, 99999, "tens of thousands"),
        ("26-30", 26, None, 30, None),
        ("between 5 and 7", 5, None, 7, None),
        ("two", 2, 2, 2, None),
        ("twenty-one", 21, 21, 21, None),
        ("a dozen", 12, 12, 12, None),
        ("two dozen", 24, 24, 24, None),
        ("hundreds", 200, None, 999, "hundreds"),
        ("at least eight", 8, 8, None, "at least"),
        ("nearly 300", None, 300, 300, "nearly"),
        ("some 1.2 million", None, 1200000, None, "some"),
        ("3 million", 3000000, 3000000, 3000000, None),
        ("two hundred and fifty", 250, 250, 250, None),
        ("three thousand five hundred", 3500, 3500, 3500, None),
        ("several hundred", 300, None, 999, "several hundred"),
        ("hundreds of thousands", 200000, None, 999999, "hundreds of thousands"),
        ("3 to 4 million", 3000000, None, 4000000, None),
        ("over 9 300", 9300, 9300, None, "over"),
        ("2.14 lakh", 214000, 214000, 214000, None),
        ("40 or more", 40, 40, None, "or more"),
        ("up to 7,800", None, 7800, 7800, "up to"),
        ("an estimated 836", None, 836, None, "an estimated"),
    ],
)
def test_parse_quantity(text, low, best, high, qualifier):
    q = parse_quantity(text)
    assert q is not None
    assert (q.low, q.best, q.high, q.qualifier) == (low, best, high, qualifier)
    assert q.text == text


def test_no_quantity():
    assert parse_quantity("some people left the town") is None
    assert parse_quantity("a third of the city") is None
    assert parse_quantity("the second city") is None
    assert parse_quantity("1.5") is None  # a fraction is not a count


def test_find_quantities_offsets():
    text = "Police said 12 people died and dozens more were hurt; another 3,000 fled."
    found = find_quantities(text)
    assert [q.text for q in found] == ["12", "dozens", "another 3,000"]
    for q in found:
        assert text[q.start : q.end] == q.text
    assert found[2].qualifier == "another" and found[2].best == 3000


def test_tens_needs_a_scale():
    assert find_quantities("tens of thousands") and not find_quantities("the tens digit")


def test_value_property():
    q = parse_quantity("between 10 and 20")
    assert isinstance(q, Quantity) and q.value == 10 and q.vague
    assert parse_quantity("about 40").value == 40


@pytest.mark.parametrize(
    "text, value",
    [
        ("61, 000", 61000),
        ("1,200, 000", 1200000),
        ("36 157", 36157),
        ("1.2 million", 1200000),
    ],
)
def test_number_formats(text, value):
    q = parse_quantity(text)
    assert (q.value if q else None) == value


def test_a_comma_list_is_not_a_thousands_group():
    assert [q.value for q in find_quantities("In 2015, 300 people fled; on day 5, 300 more")] == [2015, 300, 5, 300]


def test_leading_zero_fragments_are_not_counts():
    assert find_quantities("code 000 and 007") == []
