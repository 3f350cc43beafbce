"""The `timeml` eval task on a small TimeML folder written for this test."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitrep.errors import EvalError
from sitrep.eval.timeml import load_tml, normalise_value, run
from sitrep.records import TimeSpan
from sitrep.eval.timeml import timeml_value
from sitrep.settings import load_settings

DOC = """<?xml version="1.0" ?>
<TimeML>
<DOCID>{docid}</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2016-11-30" temporalFunction="false" functionInDocument="CREATION_TIME">2016-11-30</TIMEX3></DCT>
<TEXT>
Rebels shelled the market <TIMEX3 tid="t1" type="DATE" value="2016-11-29">yesterday</TIMEX3>. The town fell in
<TIMEX3 tid="t2" type="DATE" value="2012">2012</TIMEX3>. Talks will resume <TIMEX3 tid="t3" type="DATE" value="2016-12-02">Friday</TIMEX3>.
Aid arrived <TIMEX3 tid="t4" type="DATE" value="2016-W47">last week</TIMEX3> after a siege of <TIMEX3 tid="t5" type="DURATION" value="P4M">four months</TIMEX3>.
Fighting continues <TIMEX3 tid="t6" type="DATE" value="PRESENT_REF">now</TIMEX3>, and a truce began <TIMEX3 tid="t7" type="DATE" value="2016-11-13">on Nov. 12</TIMEX3>.
</TEXT>
</TimeML>
"""


@pytest.fixture()
def gold(tmp_path: Path) -> Path:
    for sub in ("TimeBank", "AQUAINT"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / f"{sub}1.tml").write_text(DOC.format(docid=sub), encoding="utf-8")
    return tmp_path


def test_loader_keeps_dates_only(gold: Path):
    items = load_tml(gold / "TimeBank" / "TimeBank1.tml", subset="TimeBank")
    assert [t.text for t in items] == ["yesterday", "2012", "Friday", "last week", "now", "on Nov. 12"]
    assert items[2].before.endswith("Talks will resume ")


def test_run_scores_values_and_subsets(gold: Path):
    m = run(gold, settings=load_settings(environ={}))
    assert m["n"] == 12 and m["n_relative"] == 10
    # 5 of 6 right per file: the deliberately wrong gold day for "on Nov. 12" is the miss
    assert m["date_value_accuracy"] == pytest.approx(10 / 12, abs=1e-4)
    assert m["relative_value_accuracy"] == pytest.approx(8 / 10, abs=1e-4)
    assert m["timebank_accuracy"] == m["aquaint_accuracy"] == pytest.approx(5 / 6, abs=1e-4)
    assert m["err_wrong_value"] == 2


def test_value_conversion():
    assert timeml_value(TimeSpan("x", "2016-11-21", "2016-11-27", "week")) == "2016-W47"
    assert timeml_value(TimeSpan("x", "2016-07-01", "2016-09-30", "quarter")) == "2016-Q3"
    assert timeml_value(TimeSpan("x", "2015-12-01", "2016-02-29", "season")) == "2015-WI"
    assert timeml_value(TimeSpan("x", "1900-01-01", "1999-12-31", "century")) == "19"
    assert timeml_value(TimeSpan("x")) is None
    assert normalise_value("2000-04-05TNI") == "2000-04-05"
    assert normalise_value("1998-W04") == "1998-W4"
    assert normalise_value("198X") == normalise_value("198") == "198"
    assert normalise_value("19XX") == "19" and normalise_value("1998-XX") == "1998-XX"


def test_missing_gold_is_an_eval_error(tmp_path: Path):
    with pytest.raises(EvalError):
        run(tmp_path, settings=load_settings(environ={}))


SIGNAL_DOC = """<?xml version="1.0" ?>
<TimeML>
<DOCID>sig</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2016-11-30" functionInDocument="CREATION_TIME">2016-11-30</TIMEX3></DCT>
<TEXT>
Grain stocks stood at 40 tonnes, against 55 tonnes <TIMEX3 tid="t1" type="DATE" value="2015">a year</TIMEX3> earlier.
Prices rose <TIMEX3 tid="t2" type="DATE" value="2016-11-29">yesterday</TIMEX3>.
</TEXT>
</TimeML>
"""


def test_a_signal_left_outside_the_timex_is_read_with_it(tmp_path: Path):
    (tmp_path / "sig.tml").write_text(SIGNAL_DOC, encoding="utf-8")
    m = run(tmp_path, settings=load_settings(environ={}))
    assert m["n"] == 2 and m["date_value_accuracy"] == 1.0


def test_sentence_context_does_not_stop_at_abbreviations(tmp_path: Path):
    doc = DOC.replace("Rebels shelled the market", "Mr. Smith said Gen. Tal's rebels shelled the market")
    (tmp_path / "abbr.tml").write_text(doc, encoding="utf-8")
    items = load_tml(tmp_path / "abbr.tml")
    assert items[0].before.strip().startswith("Mr. Smith said Gen. Tal's rebels")


DECADE_DOC = """<?xml version="1.0" ?>
<TimeML>
<DOCID>dec</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="1998-03-02" functionInDocument="CREATION_TIME">1998-03-02</TIMEX3></DCT>
<TEXT>
Output grew fast in <TIMEX3 tid="t1" type="DATE" value="198X">the 1980s</TIMEX3>.
Prices fell <TIMEX3 tid="t2" type="DATE" value="1998-03-01">yesterday</TIMEX3>.
</TEXT>
</TimeML>
"""


def test_strict_score_leaves_out_the_placeholder_decade(tmp_path: Path):
    (tmp_path / "dec.tml").write_text(DECADE_DOC, encoding="utf-8")
    m = run(tmp_path, settings=load_settings(environ={}))
    assert m["n"] == 2
    assert m["date_value_accuracy"] == 1.0  # "198X" read as TimeML's decade "198"
    assert m["date_value_accuracy_strict"] == 0.5  # string comparison, as the TempEval-3 scorer
    assert normalise_value("198X", placeholders=False) == "198X"
