"""``Store.unit``: one transaction for an article and its incident updates (pipeline ingest)."""

from __future__ import annotations


import pytest

import sitrep.pipeline as pipeline
import sitrep.reconcile.service as service
from sitrep.settings import load_settings
from sitrep.store import Store

from test_store import make_extraction


def test_unit_rolls_back_everything_inside(tmp_path) -> None:
    with Store.open(str(tmp_path / "s.db")) as store:
        ex = make_extraction("a1b2c3d4e5f60001")
        with pytest.raises(RuntimeError):
            with store.unit():
                assert store.add_extraction(ex)
                service.reconcile(store, article_ids=[ex.article.id])
                assert store.has_article(ex.article.id)  # visible inside the unit
                assert store.incidents()
                raise RuntimeError("crash after the incidents were written")
        assert store.counts() == dict.fromkeys(store.counts(), 0)
        with store.unit():
            with store.unit():  # nested units join the outer one
                assert store.add_extraction(ex)
            service.reconcile(store, article_ids=[ex.article.id])
        assert store.has_article(ex.article.id) and store.incidents()


def test_crash_mid_batch_leaves_whole_articles(tmp_path, monkeypatch) -> None:
    first = make_extraction("a1b2c3d4e5f60001")
    second = make_extraction("a1b2c3d4e5f60002", published="2019-03-15", tag="x")
    by_id = {e.article.id: e for e in (first, second)}
    monkeypatch.setattr(pipeline, "extract", lambda arts, **_: (by_id[a.id] for a in arts))
    real = service.reconcile

    def failing(store, *, article_ids=None, known=None):
        if second.article.id in article_ids:  # the batch fails, then the article alone
            raise RuntimeError("reconcile crashed")
        return real(store, article_ids=article_ids, known=known)

    monkeypatch.setattr(service, "reconcile", failing)
    with Store.open(str(tmp_path / "s.db")) as store:
        with pytest.raises(RuntimeError):
            pipeline.process_articles([first.article, second.article], store=store, settings=load_settings(), gazetteer=object())
        assert store.has_article(first.article.id)
        assert not store.has_article(second.article.id)  # its records went with the failed reconcile
        assert store.counts()["events"] == len(first.events)
        mentions = {m for inc in store.incidents() for m in inc.mention_ids}
        assert mentions == {e.id for e in first.events if e.status in ("occurred", "claimed")}
        # the store is usable again and the retry stores the second article with its incidents
        monkeypatch.setattr(service, "reconcile", real)
        report = pipeline.process_articles([first.article, second.article], store=store, settings=load_settings(), gazetteer=object())
        assert report.stored == [second.article.id] and report.already == [first.article.id]
        mentions = {m for inc in store.incidents() for m in inc.mention_ids}
        assert {e.id for e in second.events} <= mentions
