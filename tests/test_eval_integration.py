"""The acled and throughput tasks and the bench end to end, with the real model, on invented inputs."""

from __future__ import annotations

from pathlib import Path

import pytest
from acled_fixtures import acled_fixture_dir

from sitrep.settings import load_settings

FIX = Path(__file__).parent / "fixtures" / "eval"
ACLED = acled_fixture_dir()

pytestmark = pytest.mark.model


@pytest.fixture()
def settings(tmp_path):
    return load_settings(environ={}).replace(db=str(tmp_path / "unused.db"), n_process=1, batch_size=16)


def test_acled_task_on_invented_rows(settings):
    from sitrep.eval.acled import run

    out = run(ACLED / "acled_old.csv", settings=settings)
    assert out["n"] == 5 and out["taxonomy"] == "pre-2019"
    for key in ("event_type_macro_f1", "event_type9_macro_f1", "actor1_match", "location_coverage"):
        assert 0.0 <= (out[key] or 0.0) <= 1.0
    # the shelling row names its attacker and place plainly: at least something must be recognised
    assert out["main_from_event"] + out["main_from_classify"] > 0
    limited = run(ACLED / "acled_old.csv", settings=settings, limit=2)
    assert limited["n"] == 2


def test_throughput_task_on_invented_folder(settings):
    from sitrep.eval.throughput import run

    out = run(FIX / "articles", settings=settings)
    assert out["n"] == 2 and out["stored"] == 2
    assert out["words_per_s"] > 0 and out["ceiling_words_per_s"] > 0
    assert out["ratio"] == pytest.approx(out["words_per_s"] / out["ceiling_words_per_s"], rel=0.01)


def test_bench_small_sizes(settings):
    from sitrep.bench import run

    out = run(sizes=(5, 20), probe=2, rounds=1, settings=settings)
    assert [r["size"] for r in out["results"]] == [5, 20]
    assert all(r["stored"] == 2 and r["ms_per_article"] > 0 for r in out["results"])
    assert out["ratio"] is not None
