"""``sitrep bench``: does per-article ingest time stay flat as the store grows?

The issue it measures: "reconcile stays incremental: per-article ingest time at a store of 10,000
articles is within 1.5x of the time at 1,000". For each size (ascending) the scratch store is filled
up to that many articles with synthetic :class:`~sitrep.records.Extraction` records written through
``Store.add_extraction`` (no NLP, so filling is quick), then :func:`sitrep.pipeline.process_articles`
ingests ``probe`` fresh, realistic articles and the time per article is recorded. Whatever
``process_articles`` does (extract, resolve, store, and later reconcile) is what gets timed.

The probe articles at every size are the same texts up to a few numbers and names (so parsing cost
is the same). Each size runs ``rounds`` rounds, each ingesting ``probe`` fresh articles, and keeps the
best round (the least disturbed by other load on the machine). Same-shaped articles are also timed
through ``extract`` alone, so ``store_ms`` (ingest minus extract) isolates the part that could grow
with the store.
"""

from __future__ import annotations

import random
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Iterator, Sequence

from .records import (
    Article,
    Claim,
    EventMention,
    Extraction,
    Figure,
    Place,
    Provenance,
    TimeSpan,
    record_id,
)
from .settings import Settings

__all__ = ["run", "synthetic_extractions", "probe_articles", "fill_store", "DEFAULT_SIZES"]

DEFAULT_SIZES = (1000, 10000)
WARMUP_ARTICLES = 3

# Places and actors are public facts; sentences are the project's own.
_PLACES = (
    ("Aleppo", 36.2021, 37.1343, "SY"),
    ("Idlib", 35.9306, 36.6339, "SY"),
    ("Homs", 34.7308, 36.7094, "SY"),
    ("Hama", 35.1318, 36.7578, "SY"),
    ("Deir ez-Zor", 35.3359, 40.1408, "SY"),
    ("Raqqa", 35.9528, 39.0079, "SY"),
    ("Douma", 33.5711, 36.4028, "SY"),
    ("Daraa", 32.6189, 36.1021, "SY"),
    ("Mosul", 36.335, 43.1189, "IQ"),
    ("Ramadi", 33.4258, 43.2992, "IQ"),
    ("Taiz", 13.5795, 44.0209, "YE"),
    ("Hodeidah", 14.7978, 42.9545, "YE"),
    ("Sanaa", 15.3547, 44.2066, "YE"),
    ("Benghazi", 32.1167, 20.0667, "LY"),
    ("Sirte", 31.2089, 16.5887, "LY"),
)
_ATTACKERS = (
    ("government forces", "Military Forces of Syria", 1),
    ("rebel fighters", "Opposition Rebels", 2),
    ("Islamic State militants", "Islamic State", 2),
    ("coalition aircraft", "Coalition Forces", 8),
    ("Houthi fighters", "Ansar Allah", 2),
)
_MONITORS = ("a monitoring group", "local medics", "a rescue service", "a military spokesman", "the health ministry")
_SUBJECTS = ("civilians", "people", "fighters", "soldiers", "residents")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_NUMBER_WORDS = ("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve")

_SYNTH = "bench-synthetic"
_DAY0 = date(2017, 1, 1)


def _prov(article_id: str, text: str, phrase: str, sentence: str, sentence_start: int, after: int = 0) -> Provenance:
    start = text.index(phrase, max(sentence_start, after))
    return Provenance(article_id, start, start + len(phrase), sentence, _SYNTH, sentence_start)


def synthetic_extractions(count: int, *, start: int = 0, seed: int = 7) -> Iterator[Extraction]:
    """``count`` distinct, plausible extractions (article + claim + event + figure), no NLP involved.

    Numbered from ``start`` so that successive calls add new articles; places and days are spread
    over 15 towns and two years, so incidents are as dense as in a real feed.
    """
    rng = random.Random(seed * 1_000_003 + start)
    for i in range(start, start + count):
        name, lat, lon, cc = _PLACES[rng.randrange(len(_PLACES))]
        actor, actor_norm, inter = _ATTACKERS[rng.randrange(len(_ATTACKERS))]
        monitor = _MONITORS[rng.randrange(len(_MONITORS))]
        subject = _SUBJECTS[rng.randrange(len(_SUBJECTS))]
        killed = rng.randint(1, 60)
        day = _DAY0 + timedelta(days=rng.randrange(730))
        s1 = f"Shelling by {actor} killed {killed} {subject} in {name} on {_WEEKDAYS[day.weekday()]}, {monitor} said."
        s2 = f"Report {i} of the synthetic benchmark corpus describes damage to several buildings."
        text = f"{s1}\n{s2}"
        aid = record_id(_SYNTH, i)
        article = Article(
            id=aid,
            title=f"Shelling in {name}",
            text=text,
            published=day.isoformat(),
            published_precision="day",
            outlet=f"Synthetic Wire {i % 7}",
            source=f"bench:{i}",
        )
        place = Place(name, gazetteer_id=f"bench:{name}", resolved_name=name, lat=lat, lon=lon,
                      feature_class="P.PPL", country=cc, geo_precision=1, rule_id=_SYNTH)
        when = TimeSpan(_WEEKDAYS[day.weekday()], day.isoformat(), day.isoformat(), "day", day.isoformat(), _SYNTH)
        said = f"{monitor} said"
        claim = Claim(
            id=record_id(aid, "claim"),
            speaker=monitor,
            speaker_norm=monitor,
            speaker_kind="monitor",
            cue="said",
            stance="assert",
            content=s1[: s1.index(said)].rstrip(", "),
            content_start=0,
            content_end=len(s1[: s1.index(said)].rstrip(", ")),
            provenance=_prov(aid, text, said, s1, 0),
            speaker_start=text.index(monitor),
            speaker_end=text.index(monitor) + len(monitor),
        )
        event = EventMention(
            id=record_id(aid, "event"),
            event_type="Explosions/Remote violence",
            sub_event_type="Shelling/artillery/missile attack",
            trigger="Shelling",
            status="claimed",
            provenance=_prov(aid, text, "Shelling", s1, 0),
            actor1=actor,
            actor1_norm=actor_norm,
            inter1=inter,
            target=subject,
            civilian_targeting=subject in ("civilians", "people", "residents"),
            place=place,
            time=when,
            claim_id=claim.id,
        )
        figure = Figure(
            id=record_id(aid, "figure"),
            metric="killed",
            quantity=str(killed),
            provenance=_prov(aid, text, str(killed), s1, 0, after=text.index(" killed ")),
            low=killed,
            best=killed,
            high=killed,
            subgroup=subject,
            place=place,
            time=when,
            claim_id=claim.id,
            event_id=event.id,
        )
        yield Extraction(article=article, claims=(claim,), events=(event,), figures=(figure,))


_PROBE_TEMPLATE = (
    "{actor} shelled residential districts of {place} early on {weekday}, killing at least {killed} civilians "
    "including {children} children, {monitor} said.\n"
    "Dozens more were wounded and rescue workers were still searching the rubble of collapsed buildings.\n"
    "More than {fled},000 people have fled the area in the past week, most of them to camps near the border, "
    "according to aid agencies.\n"
    "A military source said troops had captured two villages south of {place}, but a rebel commander denied "
    "the claim and said fighting was continuing.\n"
    "The government detained {detained} men at a checkpoint on the main road, the monitor added.\n"
    "The city has been under siege for more than three months."
)


def probe_articles(count: int, *, variant: int) -> list[Article]:
    """``count`` realistic articles; the same texts for every ``variant`` up to numbers and weekday."""
    from .ingest.article import article_id

    articles = []
    for i in range(count):
        name = _PLACES[i % len(_PLACES)][0]
        actor = _ATTACKERS[i % len(_ATTACKERS)][0]
        day = _DAY0 + timedelta(days=(i * 11 + variant * 3) % 700)
        text = _PROBE_TEMPLATE.format(
            actor=actor[0].upper() + actor[1:],
            place=name,
            weekday=_WEEKDAYS[day.weekday()],
            killed=5 + (i + variant) % 40,
            children=_NUMBER_WORDS[(i + variant) % len(_NUMBER_WORDS)],
            monitor=_MONITORS[i % len(_MONITORS)],
            fled=10 + (i * 7 + variant) % 80,
            detained=20 + (i * 3 + variant * 13) % 400,
        )
        articles.append(
            Article(
                id=article_id(text),
                title=f"Deadly shelling in {name}",
                text=text,
                published=day.isoformat(),
                published_precision="day",
                outlet="Bench Wire",
                source=f"bench-probe:{variant}:{i}",
            )
        )
    return articles


def fill_store(store: Any, *, upto: int, have: int, seed: int = 7) -> int:
    """Add synthetic extractions until the store holds ``upto`` of them; returns how many were added."""
    added = 0
    for extraction in synthetic_extractions(max(0, upto - have), start=have, seed=seed):
        if store.add_extraction(extraction):
            added += 1
    return added


def _time(fn: Any) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def run(
    *,
    sizes: Sequence[int] = DEFAULT_SIZES,
    probe: int = 50,
    settings: Settings,
    rounds: int = 3,
    workdir: Path | None = None,
) -> dict[str, Any]:
    """Per-article ingest time at each store size (see module doc). Returns one flat-ish JSON object."""
    from .pipeline import extract, open_gazetteer, process_articles
    from .reconcile.service import reconcile
    from .store import Store

    order = sorted({int(s) for s in sizes})
    if not order or order[0] < 0 or probe < 1:
        raise ValueError("sizes must be non-negative and probe at least 1")
    # One process: spawning workers for 50 short articles would time process start-up, not ingest.
    settings = settings.replace(n_process=1)
    gazetteer = open_gazetteer(settings)
    with tempfile.TemporaryDirectory(prefix="sitrep-bench-", dir=workdir) as tmp:
        store = Store.open(str(Path(tmp) / "bench.db"))
        try:
            warm = probe_articles(WARMUP_ARTICLES, variant=10_000)
            process_articles(warm, store=store, settings=settings, gazetteer=gazetteer)
            synthetic = 0
            per_size: list[dict[str, Any]] = []
            variant = 0
            for size in order:
                t0 = time.perf_counter()
                synthetic += fill_store(store, upto=size, have=synthetic)
                fill_s = time.perf_counter() - t0
                t0 = time.perf_counter()
                incidents = reconcile(store).incidents  # the filled store holds incidents to match against
                reconcile_s = time.perf_counter() - t0
                best_ingest = best_extract = float("inf")
                stored = 0
                for _ in range(max(1, rounds)):
                    variant += 1
                    articles = probe_articles(probe, variant=variant)
                    best_extract = min(best_extract, _time(lambda: list(extract(articles, settings=settings, gazetteer=gazetteer))))
                    variant += 1
                    fresh = probe_articles(probe, variant=variant)
                    t0 = time.perf_counter()
                    report = process_articles(fresh, store=store, settings=settings, gazetteer=gazetteer)
                    best_ingest = min(best_ingest, time.perf_counter() - t0)
                    stored += len(report.stored)
                per_size.append(
                    {
                        "size": size,
                        "fill_seconds": round(fill_s, 2),
                        "incidents": incidents,
                        "full_reconcile_seconds": round(reconcile_s, 2),
                        "stored": stored,
                        "ms_per_article": round(1000 * best_ingest / probe, 2),
                        "extract_ms_per_article": round(1000 * best_extract / probe, 2),
                        "store_ms_per_article": round(1000 * (best_ingest - best_extract) / probe, 2),
                    }
                )
        finally:
            close = getattr(store, "close", None)
            if close is not None:
                close()
    first, last = per_size[0], per_size[-1]
    ratio = last["ms_per_article"] / first["ms_per_article"] if first["ms_per_article"] else None
    return {
        "sizes": order,
        "probe": probe,
        "rounds": max(1, rounds),
        "n_process": settings.n_process,
        "results": per_size,
        "ratio": round(ratio, 3) if ratio is not None else None,
        "within_1_5x": ratio is not None and ratio <= 1.5,
    }
