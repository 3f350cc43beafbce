"""The throughput task: article building, words, and the timing/ratio machinery."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

import sitrep.nlp.pipeline as nlp_pipeline
import sitrep.pipeline as pipeline
from sitrep.eval import throughput
from sitrep.eval.loaders import load_texts
from sitrep.settings import load_settings

FIX = Path(__file__).parent / "fixtures" / "eval"


def test_count_words():
    assert throughput.count_words(["two words", "  three  more words\n"]) == 5


def test_build_articles_from_csv_and_folder():
    settings = load_settings(environ={})
    csv_docs = load_texts(FIX / "fakes_like.csv")
    arts = throughput.build_articles(csv_docs, settings=settings)
    assert [a.title for a in arts] == ["Shelling hits town", "Talks resume"]
    assert arts[0].published == "2017-04-05" and arts[0].published_precision == "day"
    assert arts[0].text.startswith("Shelling hit the town")
    assert arts[0].id != arts[1].id
    folder = throughput.build_articles(load_texts(FIX / "articles"), settings=settings)
    assert folder[0].title == "Clashes in the north"  # headline split off the body
    assert folder[0].text.startswith("Fighters clashed")


@dataclass
class Report:
    stored: list[str] = field(default_factory=list)


class FakeStore:
    opened: list[str] = []

    @classmethod
    def open(cls, location: str) -> "FakeStore":
        cls.opened.append(location)
        return cls()

    def close(self) -> None:
        pass


def test_run_reports_ratio_against_ceiling(monkeypatch):
    """Pipeline replaced by fakes: full costs 2x the parse per word, so the ratio is about 0.5."""
    import sitrep.store as store_pkg

    per_word = 2e-4

    def fake_parse_only(texts, *, model, n_process, batch_size):
        texts = list(texts)
        time.sleep(per_word * throughput.count_words(texts))
        return throughput.count_words(texts)

    def fake_process(articles, *, store, settings, gazetteer=None):
        articles = list(articles)
        time.sleep(2 * per_word * sum(len(a.text.split()) for a in articles))
        return Report(stored=[a.id for a in articles])

    FakeStore.opened = []
    monkeypatch.setattr(nlp_pipeline, "parse_only", fake_parse_only)
    monkeypatch.setattr(nlp_pipeline, "load_nlp", lambda model: None)
    monkeypatch.setattr(pipeline, "process_articles", fake_process)
    monkeypatch.setattr(pipeline, "open_gazetteer", lambda settings: None)
    monkeypatch.setattr(store_pkg, "Store", FakeStore)
    settings = load_settings(environ={}).replace(n_process=1)
    out = throughput.run(FIX / "fakes_like.csv", settings=settings, repeat=2)
    assert out["n"] == 2 and out["stored"] == 2 and out["n_process"] == 1
    assert out["words"] == throughput.count_words([d.text for d in load_texts(FIX / "fakes_like.csv")])
    assert 0.3 < out["ratio"] < 0.6
    assert out["articles_per_s"] > 0 and out["ceiling_words_per_s"] > out["words_per_s"]
    # warm-up store plus a fresh store per repeat, all in the scratch folder
    assert len(FakeStore.opened) == 3 and len(set(FakeStore.opened)) == 3


def test_repeated_texts_are_timed_once(monkeypatch, tmp_path):
    import sitrep.store as store_pkg

    seen: list[int] = []

    def fake_parse_only(texts, *, model, n_process, batch_size):
        texts = list(texts)
        seen.append(len(texts))
        return throughput.count_words(texts)

    def fake_process(articles, *, store, settings, gazetteer=None):
        return Report(stored=[a.id for a in articles])

    f = tmp_path / "dups.csv"
    f.write_text('title,text\nA,"Same words here."\nB,"Same words here."\nC,"Other words."\n', encoding="utf-8")
    monkeypatch.setattr(nlp_pipeline, "parse_only", fake_parse_only)
    monkeypatch.setattr(nlp_pipeline, "load_nlp", lambda model: None)
    monkeypatch.setattr(pipeline, "process_articles", fake_process)
    monkeypatch.setattr(pipeline, "open_gazetteer", lambda settings: None)
    monkeypatch.setattr(store_pkg, "Store", FakeStore)
    out = throughput.run(f, settings=load_settings(environ={}))
    assert out["n"] == 2 and out["stored"] == 2 and out["words"] == 5
    assert seen[-1] == 2
