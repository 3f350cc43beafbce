"""`sitrep bench`: synthetic store filling, probe articles, timing machinery and the click command."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import click
import pytest
from click.testing import CliRunner

import sitrep.bench as bench
import sitrep.pipeline as pipeline
from sitrep.records import EventMention, Extraction, Figure
from sitrep.settings import load_settings


def test_synthetic_extractions_are_distinct_and_sourced():
    exs = list(bench.synthetic_extractions(40, start=100))
    assert len({e.article.id for e in exs}) == 40
    more = list(bench.synthetic_extractions(5, start=140))
    assert not {e.article.id for e in more} & {e.article.id for e in exs}
    for e in exs:
        text = e.article.text
        for rec in (*e.claims, *e.events, *e.figures):
            p = rec.provenance
            assert p.article_id == e.article.id
            assert text[p.start : p.end] == p.span_text
            assert text[p.sentence_start : p.sentence_start + len(p.sentence)] == p.sentence
        (fig,) = e.figures
        assert fig.provenance.span_text == str(fig.best)
        (ev,) = e.events
        assert ev.provenance.span_text == "Shelling" and ev.place.lat is not None
        claim = e.claims[0]
        assert text[claim.speaker_start : claim.speaker_end] == claim.speaker


def test_synthetic_extractions_spread_over_places_and_days():
    exs = list(bench.synthetic_extractions(300))
    assert len({e.events[0].place.name for e in exs}) >= 10
    assert len({e.article.published for e in exs}) >= 150


def test_probe_articles_same_shape_across_variants():
    a = bench.probe_articles(6, variant=0)
    b = bench.probe_articles(6, variant=1)
    assert len({x.id for x in a + b}) == 12
    for x, y in zip(a, b):
        assert abs(len(x.text.split()) - len(y.text.split())) <= 1
        assert x.title == y.title


class FakeStore:
    def __init__(self) -> None:
        self.ids: set[str] = set()

    def add_extraction(self, extraction: Extraction) -> bool:
        if extraction.article.id in self.ids:
            return False
        self.ids.add(extraction.article.id)
        return True

    def has_article(self, article_id: str) -> bool:
        return article_id in self.ids

    def close(self) -> None:
        pass


def test_fill_store_tops_up():
    store = FakeStore()
    assert bench.fill_store(store, upto=30, have=0) == 30
    assert bench.fill_store(store, upto=45, have=30) == 15
    assert bench.fill_store(store, upto=45, have=45) == 0
    assert len(store.ids) == 45


@dataclass
class Report:
    stored: list[str] = field(default_factory=list)


def test_run_measures_every_size(monkeypatch):
    """The timing loop with the pipeline replaced: a store-size-dependent cost must show in the ratio."""
    import sitrep.store as store_pkg

    stores: list[FakeStore] = []

    class Opener:
        @staticmethod
        def open(location: str) -> FakeStore:
            stores.append(FakeStore())
            return stores[-1]

    def fake_extract(articles, *, settings, gazetteer=None):
        for a in articles:
            yield Extraction(article=a)

    def fake_process(articles, *, store, settings, gazetteer=None):
        import time

        report = Report()
        for a in articles:
            time.sleep(0.0005 + len(store.ids) * 2e-6)  # slower as the store grows
            store.add_extraction(Extraction(article=a))
            report.stored.append(a.id)
        return report

    monkeypatch.setattr(pipeline, "extract", fake_extract)
    monkeypatch.setattr(pipeline, "process_articles", fake_process)
    monkeypatch.setattr(pipeline, "open_gazetteer", lambda settings: None)
    monkeypatch.setattr(store_pkg, "Store", Opener)
    import sitrep.reconcile.service as service

    reconciled: list[int] = []

    def fake_reconcile(store):
        reconciled.append(len(store.ids))
        return service.ReconcileReport(incidents=len(store.ids))

    monkeypatch.setattr(service, "reconcile", fake_reconcile)
    out = bench.run(sizes=(2000, 100), probe=5, settings=load_settings(environ={}))
    assert out["sizes"] == [100, 2000]
    assert [r["size"] for r in out["results"]] == [100, 2000]
    assert all(r["stored"] == 5 * 3 for r in out["results"])
    assert out["ratio"] > 2  # 0.5 ms + 0.2 ms vs 0.5 ms + 4 ms per article
    assert out["within_1_5x"] is False
    # the store ends with the synthetic fill, the warm-up and both probes
    assert len(stores) == 1 and len(stores[0].ids) == 2000 + bench.WARMUP_ARTICLES + 2 * 3 * 5
    assert len(reconciled) == 2  # the filled store is reconciled at each size before probing


def test_cli_sizes_option(monkeypatch):
    from sitrep.cli.bench import command

    seen = {}

    def fake_run(*, sizes, probe, settings):
        seen.update(sizes=sizes, probe=probe)
        return {"ratio": 1.0, "sizes": list(sizes)}

    monkeypatch.setattr(bench, "run", fake_run)

    class App:
        settings = load_settings(environ={})

    runner = CliRunner()
    res = runner.invoke(command, ["--sizes", "10, 200", "--probe", "3", "--json"], obj=App())
    assert res.exit_code == 0, res.output
    assert json.loads(res.output) == {"ratio": 1.0, "sizes": [10, 200]}
    assert seen == {"sizes": (10, 200), "probe": 3}
    bad = runner.invoke(command, ["--sizes", "ten"], obj=App())
    assert bad.exit_code == 2 and "comma-separated" in bad.output
