"""Datelines supply a missing publication date; dates inside prose never do."""

import pytest

from sitrep.ingest import parse_text
from sitrep.ingest.dateline import dateline_date


@pytest.mark.parametrize(
    ("opening", "expected"),
    [
        ("KHARTOUM, Sudan, May 2, 2023 — Fighting resumed", "2023-05-02"),
        ("Tue 14 Feb 2023 Rescue teams pulled", "2023-02-14"),
        ("Published March 3 2022 Shelling hit", "2022-03-03"),
        ("Date of publication 9 October 2019 Turkish troops", "2019-10-09"),
        ("2021-08-15 Kabul airport", "2021-08-15"),
        ("MOSUL, Iraq (Reuters) - Troops advanced", None),  # no date in the dateline
        ("The town, besieged since 4 March 2012, fell on Friday", None),  # a date in prose
    ],
)
def test_dateline_dates(opening, expected):
    assert dateline_date(opening) == expected


def test_article_without_published_takes_its_dateline_and_an_explicit_date_wins():
    raw = "Aid convoy reaches Madaya\n\nDAMASCUS, Jan 11, 2016 — An aid convoy reached Madaya on Monday.\n"
    assert parse_text(raw, source="t.txt").published == "2016-01-11"
    from sitrep.ingest.article import make_article

    a = make_article(title="t", text="DAMASCUS, Jan 11, 2016 — An aid convoy reached Madaya on Monday.", source="t")
    assert (a.published, a.published_precision) == ("2016-01-11", "day")
    b = make_article(title="t", text="DAMASCUS, Jan 11, 2016 — x", source="t", published="2016-01-12", published_precision="day")
    assert b.published == "2016-01-12"
