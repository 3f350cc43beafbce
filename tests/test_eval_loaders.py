"""Throughput input loaders: a CSV with a text column, or a folder of articles."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitrep.errors import EvalError
from sitrep.eval.loaders import load_texts

FIX = Path(__file__).parent / "fixtures" / "eval"


def test_csv_text_column_detected_and_empty_rows_dropped():
    docs = load_texts(FIX / "fakes_like.csv")
    assert len(docs) == 2
    assert docs[0].title == "Shelling hits town"
    assert docs[0].published == "2017-04-05"
    assert docs[1].published == "2016-12-31"
    assert docs[0].text.startswith("Shelling hit the town")
    assert docs[0].outlet == "invented"


def test_csv_named_column_and_limit():
    docs = load_texts(FIX / "fakes_like.csv", column="article_title", limit=1)
    assert [d.text for d in docs] == ["Shelling hits town"]
    with pytest.raises(EvalError, match="no column"):
        load_texts(FIX / "fakes_like.csv", column="nope")


def test_csv_without_text_column(tmp_path):
    f = tmp_path / "t.csv"
    f.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(EvalError, match="no article text column"):
        load_texts(f)


def test_folder_reads_text_files_only():
    docs = load_texts(FIX / "articles")
    assert [d.key for d in docs] == ["a.txt", "b.txt"]
    assert "five people were wounded" in docs[0].text


def test_missing_path(tmp_path):
    with pytest.raises(EvalError):
        load_texts(tmp_path / "none")
    (tmp_path / "empty").mkdir()
    with pytest.raises(EvalError, match="no article text"):
        load_texts(tmp_path / "empty")
