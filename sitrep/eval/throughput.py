"""``sitrep eval throughput GOLD``: the full pipeline's speed against the bare-parse ceiling.

GOLD is a CSV with an article text column (FA-KES's ``article_content``) or a folder of text files.
In one process, on the same texts and with the same ``settings.n_process``:

- *ceiling*: :func:`sitrep.nlp.pipeline.parse_only` (the spaCy model alone);
- *full*: article building + :func:`sitrep.pipeline.process_articles` (extract, resolve, store
  writes) into a scratch SQLite store in a temporary folder (a fresh store for every repeat).

The model, rules, gazetteer and store schema are loaded before the clock starts (a warm-up run on a
few texts). Inputs that become the same article (same content hash) are kept once, since the
store would skip the repeats before parsing. Both are timed with ``time.perf_counter``; with ``repeat`` > 1 they alternate and the
best time of each counts. Words are whitespace-separated words of the article text, the same count
for both, so ``ratio = words_per_s / ceiling_words_per_s``.

:func:`profile` runs the full pipeline once under cProfile (single process) and returns the costliest
functions by cumulative and own time, so the other layers know where to cut.
"""

from __future__ import annotations

import cProfile
import io
import pstats
import tempfile
import time
from pathlib import Path
from typing import Any, Sequence

from ..records import Article
from ..settings import Settings
from .loaders import TextDoc, load_texts

__all__ = ["run", "profile", "build_articles", "count_words"]

WARMUP_TEXTS = 4


def count_words(texts: Sequence[str]) -> int:
    return sum(len(t.split()) for t in texts)


def build_articles(docs: Sequence[TextDoc], *, settings: Settings) -> list[Article]:
    """Articles from throughput inputs, through the same text path as ``sitrep ingest``.

    A CSV row (it has a title column) is body text: furniture and credits lines are cleaned out.
    A file from a folder is seed-shaped plain text: headline, standfirst and body are split.
    """
    from ..ingest.article import make_article
    from ..ingest.text import clean_body, split_article

    articles = []
    for d in docs:
        source = f"throughput:{d.key}"
        if d.title:
            title, standfirst = d.title, None
            body = clean_body([line.strip() for line in d.text.splitlines() if line.strip()], extra_dir=settings.rules_dir)
        else:
            title, standfirst, body = split_article(d.text, source=source, extra_dir=settings.rules_dir)
        articles.append(
            make_article(
                title=title,
                text=body.text,
                source=source,
                outlet=d.outlet,
                standfirst=standfirst,
                published=d.published,
                published_precision="day" if d.published else None,
                credits=body.credits,
            )
        )
    return articles


def _unique(docs: Sequence[TextDoc], *, settings: Settings) -> list[TextDoc]:
    """Drop inputs that become an article already seen (the store would skip them before parsing,
    so keeping them would time the pipeline on fewer texts than the ceiling)."""
    seen: set[str] = set()
    kept = []
    for doc, article in zip(docs, build_articles(docs, settings=settings)):
        if article.id not in seen:
            seen.add(article.id)
            kept.append(doc)
    return kept


def _time_ceiling(texts: Sequence[str], *, settings: Settings) -> tuple[float, int]:
    from ..nlp.pipeline import parse_only

    t0 = time.perf_counter()
    tokens = parse_only(texts, model=settings.model, n_process=settings.n_process, batch_size=settings.batch_size)
    return time.perf_counter() - t0, tokens


def _time_full(docs: Sequence[TextDoc], *, settings: Settings, gazetteer: Any, workdir: Path, tag: str) -> tuple[float, int]:
    from ..pipeline import process_articles
    from ..store import Store

    store = Store.open(str(workdir / f"throughput-{tag}.db"))
    try:
        t0 = time.perf_counter()
        articles = build_articles(docs, settings=settings)
        report = process_articles(articles, store=store, settings=settings, gazetteer=gazetteer)
        elapsed = time.perf_counter() - t0
    finally:
        close = getattr(store, "close", None)
        if close is not None:
            close()
    return elapsed, len(report.stored)


def _gazetteer(settings: Settings) -> Any:
    from ..pipeline import open_gazetteer

    return open_gazetteer(settings)


def run(
    gold: Path,
    *,
    settings: Settings,
    limit: int | None = None,
    repeat: int = 1,
    column: str | None = None,
) -> dict[str, Any]:
    """Measure full-pipeline and parse-only speed on the texts in ``gold`` (see module doc)."""
    from ..nlp.pipeline import load_nlp

    docs = _unique(load_texts(Path(gold), column=column, limit=limit), settings=settings)
    texts = [d.text for d in docs]
    words = count_words(texts)
    load_nlp(settings.model)
    gazetteer = _gazetteer(settings)
    best_ceiling = best_full = float("inf")
    tokens = stored = 0
    with tempfile.TemporaryDirectory(prefix="sitrep-throughput-") as tmp:
        work = Path(tmp)
        warm = docs[:WARMUP_TEXTS]
        _time_ceiling([d.text for d in warm], settings=settings)
        _time_full(warm, settings=settings, gazetteer=gazetteer, workdir=work, tag="warmup")
        for i in range(max(1, repeat)):
            elapsed, tokens = _time_ceiling(texts, settings=settings)
            best_ceiling = min(best_ceiling, elapsed)
            elapsed, stored = _time_full(docs, settings=settings, gazetteer=gazetteer, workdir=work, tag=str(i))
            best_full = min(best_full, elapsed)
    words_per_s = words / best_full
    ceiling_words_per_s = words / best_ceiling
    return {
        "n": len(docs),
        "words": words,
        "tokens": tokens,
        "stored": stored,
        "n_process": settings.n_process,
        "batch_size": settings.batch_size,
        "repeat": max(1, repeat),
        "seconds": round(best_full, 3),
        "ceiling_seconds": round(best_ceiling, 3),
        "articles_per_s": round(len(docs) / best_full, 2),
        "words_per_s": round(words_per_s, 1),
        "ceiling_words_per_s": round(ceiling_words_per_s, 1),
        "ratio": round(words_per_s / ceiling_words_per_s, 3),
    }


def profile(
    gold: Path,
    *,
    settings: Settings,
    limit: int | None = None,
    out: Path | None = None,
    top: int = 25,
) -> dict[str, Any]:
    """Profile one full-pipeline run (n_process forced to 1 so cProfile sees the work).

    Writes the raw stats to ``out`` (default: a file in the temp folder) and returns the ``top``
    functions by cumulative and by own time as ``[seconds, "file:line(function)"]`` pairs.
    """
    from ..nlp.pipeline import load_nlp

    single = settings.replace(n_process=1)
    docs = _unique(load_texts(Path(gold), limit=limit), settings=single)
    load_nlp(single.model)
    gazetteer = _gazetteer(single)
    target = Path(out) if out is not None else Path(tempfile.gettempdir()) / "sitrep-throughput.prof"
    with tempfile.TemporaryDirectory(prefix="sitrep-profile-") as tmp:
        _time_full(docs[:WARMUP_TEXTS], settings=single, gazetteer=gazetteer, workdir=Path(tmp), tag="warmup")
        prof = cProfile.Profile()
        prof.enable()
        elapsed, _ = _time_full(docs, settings=single, gazetteer=gazetteer, workdir=Path(tmp), tag="profile")
        prof.disable()
    prof.dump_stats(str(target))
    stats = pstats.Stats(prof, stream=io.StringIO())

    def ranked(key: int) -> list[list[Any]]:
        rows = sorted(stats.stats.items(), key=lambda kv: kv[1][key], reverse=True)[:top]  # type: ignore[attr-defined]
        return [[round(v[key], 3), f"{Path(f).name}:{line}({fn})"] for (f, line, fn), v in rows]

    return {"n": len(docs), "seconds": round(elapsed, 3), "stats": str(target), "cumulative": ranked(3), "own": ranked(2)}
