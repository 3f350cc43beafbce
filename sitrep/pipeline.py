"""The main job: inputs → articles → extraction (nlp) → resolution (time, place) → store → reconcile.

Each article is written together with its incident updates in one transaction (``Store.unit``),
so a crash mid-batch leaves every article either fully stored with its incidents, or absent. Articles already in the store are skipped before parsing (re-ingest is
idempotent and cheap). Bad inputs end in the quarantine table with their reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, BinaryIO, Callable, Iterable, Iterator

from .records import Article, Extraction, Quarantined
from .settings import Settings

if TYPE_CHECKING:  # pragma: no cover
    from .resolve.gazetteer import Gazetteer
    from .store import Store

__all__ = ["IngestReport", "extract", "ingest", "process_articles", "open_gazetteer"]

#: Called once per input outcome: ("stored" | "already" | "quarantined", article or quarantine record).
OnItem = Callable[[str, Any], None]


@dataclass
class IngestReport:
    stored: list[str] = field(default_factory=list)  # article ids newly stored
    already: list[str] = field(default_factory=list)  # article ids that were already in the store
    quarantined: list[Quarantined] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return 1 if self.quarantined else 0


def open_gazetteer(settings: Settings) -> "Gazetteer":
    from .resolve.gazetteer import Gazetteer

    return Gazetteer.open(settings.gazetteer_db or None)


def extract(
    articles: Iterable[Article], *, settings: Settings, gazetteer: "Gazetteer | None" = None
) -> Iterator[Extraction]:
    """Annotate and resolve ``articles`` (no store). Yields one Extraction per article, in order."""
    from .nlp.pipeline import annotate
    from .resolve.places import resolve_places
    from .resolve.time import resolve_times

    gaz = gazetteer if gazetteer is not None else open_gazetteer(settings)
    for extraction in annotate(
        articles,
        model=settings.model,
        n_process=settings.n_process,
        batch_size=settings.batch_size,
        rules_dir=settings.rules_dir,
        actors=settings.actors,
    ):
        yield resolve_places(resolve_times(extraction), gazetteer=gaz)


def _new_articles(
    articles: Iterable[Article], store: "Store", report: IngestReport, on_item: OnItem | None
) -> Iterator[Article]:
    seen: set[str] = set()
    for article in articles:
        if article.id in seen or store.has_article(article.id):
            report.already.append(article.id)
            if on_item:
                on_item("already", article)
            continue
        seen.add(article.id)
        yield article


def process_articles(
    articles: Iterable[Article],
    *,
    store: "Store",
    settings: Settings,
    gazetteer: "Gazetteer | None" = None,
    on_item: OnItem | None = None,
    report: IngestReport | None = None,
) -> IngestReport:
    """Extract and store every article not yet in ``store`` and reconcile its mentions into
    incidents incrementally. Articles are written with their incident updates in transactions of
    ``settings.write_batch`` articles (one reconcile each); an article is never split across two."""
    from .reconcile.service import ExtractionCache

    report = report if report is not None else IngestReport()
    fresh = _new_articles(articles, store, report, on_item)
    known = ExtractionCache()  # stored extractions never change: each is read at most once per run
    size = max(1, settings.write_batch)
    batch: list[Extraction] = []
    for extraction in extract(fresh, settings=settings, gazetteer=gazetteer):
        batch.append(extraction)
        if len(batch) >= size:
            _write_batch(batch, store=store, known=known, report=report, on_item=on_item)
            batch = []
    if batch:
        _write_batch(batch, store=store, known=known, report=report, on_item=on_item)
    return report


def _write_batch(
    batch: list[Extraction], *, store: "Store", known: Any, report: IngestReport, on_item: OnItem | None
) -> None:
    """One transaction for ``batch``; if it fails, one per article, so the articles before a bad
    one are kept and the bad one's error surfaces (its own transaction rolled back)."""
    try:
        added = _write_unit(batch, store=store, known=known)
    except Exception:
        if len(batch) == 1:
            raise
        for extraction in batch:
            _report([extraction], _write_unit([extraction], store=store, known=known), report, on_item)
        return
    _report(batch, added, report, on_item)


def _write_unit(batch: list[Extraction], *, store: "Store", known: Any) -> set[str]:
    """Store ``batch`` and reconcile its new articles, all in one transaction; the ids stored."""
    from .reconcile.service import reconcile
    from .store import in_store_order

    added: list[str] = []
    try:
        with store.unit():
            for extraction in batch:
                if store.add_extraction(extraction):  # False: stored by another process since the check
                    known[extraction.article.id] = in_store_order(extraction)
                    added.append(extraction.article.id)
            if added:
                reconcile(store, article_ids=added, known=known)
    except BaseException:
        for aid in added:  # rolled back with the transaction
            if aid in known:
                del known[aid]
        raise
    return set(added)


def _report(batch: list[Extraction], added: set[str], report: IngestReport, on_item: OnItem | None) -> None:
    for extraction in batch:
        outcome = "stored" if extraction.article.id in added else "already"
        getattr(report, outcome).append(extraction.article.id)
        if on_item:
            on_item(outcome, extraction.article)


def ingest(
    specs: Iterable[str],
    *,
    store: "Store",
    settings: Settings,
    published: str | None = None,
    outlet: str | None = None,
    stdin: BinaryIO | None = None,
    gazetteer: "Gazetteer | None" = None,
    on_item: OnItem | None = None,
) -> IngestReport:
    """Read ``specs`` (paths, folders, ``-``, URLs), quarantine bad inputs, process the articles."""
    from .ingest import read_inputs

    report = IngestReport()

    def articles() -> Iterator[Article]:
        for item in read_inputs(specs, settings=settings, published=published, outlet=outlet, stdin=stdin):
            if isinstance(item, Quarantined):
                store.add_quarantine(item)
                report.quarantined.append(item)
                if on_item:
                    on_item("quarantined", item)
            else:
                yield item

    return process_articles(
        articles(), store=store, settings=settings, gazetteer=gazetteer, on_item=on_item, report=report
    )
