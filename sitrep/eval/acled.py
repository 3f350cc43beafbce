"""``sitrep eval acled GOLD.csv``: event type, sub-event type, actors, fatalities and location on ACLED rows.

One Article is built per row from ``notes`` (published = ``event_date``, so relative dates anchor on
the event day), the rows go through :func:`sitrep.pipeline.extract` in nlp.pipe batches, and each
row's *main event* is the first event mention whose status is not ``background``, after the note-level
precedence rules of ``event_precedence.jsonl`` (``"where": "note"``); a main event that is only
``planned`` is coded as a strategic development (sub-event type Other: the note reports an intention); when there is
none, :func:`sitrep.nlp.classify.classify` of the notes supplies the type (no actors, no place).

Scoring conventions (also in the returned keys):

- ``event_type_macro_f1`` is over the current six types. Pre-2019 gold is mapped per the eval
  README; its ``Riots/Protests`` cannot tell protests from riots, so for pre-2019 gold the labels
  ``Protests`` and ``Riots`` are merged into one label ``Protests/Riots`` on BOTH sides: a prediction
  of either counts as correct for that gold label (five labels are averaged instead of six).
- ``event_type9_macro_f1`` (pre-2019 gold only) maps our sub-event type back to the nine old classes.
- ``sub_event_type_macro_f1``/``_weighted_f1`` only when the gold has a ``sub_event_type`` column.
- ``fatalities_exact``/``_within1``: :func:`sitrep.coding.acled_fatalities` over the row's figures vs
  gold ``fatalities`` (rows with a gold number).
- ``actor1_match``/``actor2_match``: over rows whose gold actor is non-empty, the main event's
  actor (canonical name, else as written) equals the gold actor after :func:`actor_key`: lower-case,
  parenthesised suffixes ("(Syria)", "(2000-)") and bare years removed, whitespace collapsed, and
  both sides passed through the actor dictionary when it knows them (canonical names compared).
- ``location_within_25km``: main event place (falling back to the first event mention with
  coordinates) vs gold latitude/longitude, over rows where we produced coordinates;
  ``location_coverage`` is the share of rows with coordinates; ``gazetteer_has_location`` the share
  of gold ``location`` names that ``Gazetteer.lookup`` finds at all.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from ..records import Article, EventMention, Extraction, record_id
from ..settings import Settings
from .loaders import AcledRow, load_acled
from .metrics import haversine_km, macro_f1, weighted_f1

__all__ = [
    "run",
    "score",
    "Prediction",
    "OLD_TO_NEW",
    "MERGED_PROTEST_RIOT",
    "gold_event_type",
    "pred_event_type",
    "to_old_class",
    "actor_key",
    "main_event",
    "row_article",
]

MERGED_PROTEST_RIOT = "Protests/Riots"

#: Pre-2019 ACLED event types → current event types (README of the eval folder).
OLD_TO_NEW: dict[str, str] = {
    "Remote violence": "Explosions/Remote violence",
    "Battle-No change of territory": "Battles",
    "Battle-Government regains territory": "Battles",
    "Battle-Non-state actor overtakes territory": "Battles",
    "Riots/Protests": MERGED_PROTEST_RIOT,
    "Violence against civilians": "Violence against civilians",
    "Strategic development": "Strategic developments",
    "Non-violent transfer of territory": "Strategic developments",
    "Headquarters or base established": "Strategic developments",
}

NONE_LABEL = "(none)"
#: a note whose main event is only planned reports an intention, which ACLED codes as a strategic development
NOT_YET_CODED = frozenset({"planned"})
WITHIN_KM = 25.0


@dataclass(frozen=True)
class Prediction:
    """What the pipeline said about one row (eval-internal)."""

    event_type: str | None
    sub_event_type: str | None
    actor1: str | None = None
    actor2: str | None = None
    fatalities: int | None = None
    lat: float | None = None
    lon: float | None = None
    source: str = "event"  # "event" (a mention), "classify" (fallback) or "none"


# --- label mapping -------------------------------------------------------------------------------


def is_old_taxonomy(rows: Sequence[AcledRow]) -> bool:
    """True when the gold is the pre-2019 layout (no sub-event types, old class names)."""
    if any(r.sub_event_type for r in rows):
        return False
    return any(r.event_type in OLD_TO_NEW for r in rows)


def gold_event_type(row: AcledRow, *, old: bool) -> str:
    if old:
        return OLD_TO_NEW.get(row.event_type, row.event_type)
    return row.event_type


def pred_event_type(event_type: str | None, *, old: bool) -> str:
    if not event_type:
        return NONE_LABEL
    if old and event_type in ("Protests", "Riots"):
        return MERGED_PROTEST_RIOT
    return event_type


def to_old_class(event_type: str | None, sub_event_type: str | None) -> str:
    """Our (type, sub-type) → the nine pre-2019 ACLED classes."""
    if not event_type:
        return NONE_LABEL
    if event_type == "Battles":
        if sub_event_type == "Government regains territory":
            return "Battle-Government regains territory"
        if sub_event_type == "Non-state actor overtakes territory":
            return "Battle-Non-state actor overtakes territory"
        return "Battle-No change of territory"
    if event_type == "Explosions/Remote violence":
        return "Remote violence"
    if event_type in ("Protests", "Riots"):
        return "Riots/Protests"
    if event_type == "Violence against civilians":
        return "Violence against civilians"
    if event_type == "Strategic developments":
        if sub_event_type == "Non-violent transfer of territory":
            return "Non-violent transfer of territory"
        if sub_event_type == "Headquarters or base established":
            return "Headquarters or base established"
        return "Strategic development"
    return event_type


# --- actors --------------------------------------------------------------------------------------

_PARENS = re.compile(r"\s*\([^)]*\)")
_YEARS = re.compile(r"\b(1[89]|20)\d{2}\b\s*-?\s*((1[89]|20)\d{2})?")
_SPACES = re.compile(r"\s+")


def actor_key(name: str | None, *, normalise: Callable[[str], str | None] | None = None) -> str:
    """A comparison key for an actor name (see module doc); ``normalise`` maps to a canonical name."""
    if not name:
        return ""
    text = name.strip()
    if normalise is not None:
        canon = normalise(text) or normalise(_PARENS.sub("", text).strip())
        if canon:
            text = canon
    text = _PARENS.sub("", text)
    text = _YEARS.sub("", text)
    return _SPACES.sub(" ", text).strip(" -,;").lower()


def _actor_normaliser(settings: Settings) -> Callable[[str], str | None] | None:
    try:
        from ..resolve.actors import ActorDictionary
    except ImportError:
        return None
    dictionary = ActorDictionary.load(extra=settings.actors)
    cache: dict[str, str | None] = {}

    def normalise(text: str) -> str | None:
        if text not in cache:
            actor = dictionary.normalise(text)
            cache[text] = getattr(actor, "name", None) if actor is not None else None
        return cache[text]

    return normalise


# --- per-row prediction --------------------------------------------------------------------------


def row_article(row: AcledRow) -> Article:
    """The Article for one gold row: its notes, published on the event date."""
    return Article(
        id=record_id("acled-eval", row.index, row.notes),
        title="",
        text=row.notes,
        published=row.event_date,
        published_precision="day" if row.event_date else None,
        outlet="ACLED notes",
    )


def main_event(extraction: Extraction) -> EventMention | None:
    """The mention the note is about: the first one that is not background, after the note-level
    precedence rules (:func:`sitrep.nlp.precedence.main_mention`), or None."""
    from ..nlp.precedence import main_mention

    return main_mention(extraction.events)


def _coords(extraction: Extraction, event: EventMention | None) -> tuple[float | None, float | None]:
    candidates = ([event] if event is not None else []) + list(extraction.events)
    for e in candidates:
        if e.place is not None and e.place.lat is not None and e.place.lon is not None:
            return e.place.lat, e.place.lon
    return None, None


def predict(
    extraction: Extraction,
    *,
    fatalities: Callable[[Iterable[Any]], int] | None,
    classify: Callable[[str], Any] | None,
) -> Prediction:
    event = main_event(extraction)
    deaths = fatalities(extraction.figures) if fatalities is not None else None
    lat, lon = _coords(extraction, event)
    if event is not None:
        planned = event.status in NOT_YET_CODED
        return Prediction(
            event_type="Strategic developments" if planned else event.event_type,
            sub_event_type="Other" if planned else event.sub_event_type,
            actor1=event.actor1_norm or event.actor1,
            actor2=event.actor2_norm or event.actor2,
            fatalities=deaths,
            lat=lat,
            lon=lon,
        )
    if classify is not None:
        c = classify(extraction.article.text)
        if c is not None and getattr(c, "event_type", None):
            return Prediction(c.event_type, c.sub_event_type, fatalities=deaths, lat=lat, lon=lon, source="classify")
    return Prediction(None, None, fatalities=deaths, lat=lat, lon=lon, source="none")


# --- scoring -------------------------------------------------------------------------------------


def _share(hits: int, total: int) -> float | None:
    return round(hits / total, 4) if total else None


def score(
    rows: Sequence[AcledRow],
    preds: Sequence[Prediction],
    *,
    normalise: Callable[[str], str | None] | None = None,
    has_location: Callable[[str], bool] | None = None,
) -> dict[str, Any]:
    """The metrics of ``preds`` against ``rows`` (same order)."""
    if len(rows) != len(preds):
        raise ValueError("rows and predictions differ in length")
    old = is_old_taxonomy(rows)
    out: dict[str, Any] = {"n": len(rows), "taxonomy": "pre-2019" if old else "current"}
    if not rows:
        return out
    gold_t = [gold_event_type(r, old=old) for r in rows]
    pred_t = [pred_event_type(p.event_type, old=old) for p in preds]
    out["event_type_macro_f1"] = round(macro_f1(gold_t, pred_t), 4)
    out["event_type_accuracy"] = round(sum(g == p for g, p in zip(gold_t, pred_t)) / len(rows), 4)
    if old:
        gold9 = [r.event_type for r in rows]
        pred9 = [to_old_class(p.event_type, p.sub_event_type) for p in preds]
        out["event_type9_macro_f1"] = round(macro_f1(gold9, pred9), 4)
    else:
        idx = [i for i, r in enumerate(rows) if r.sub_event_type]
        gold_s = [rows[i].sub_event_type for i in idx]
        pred_s = [preds[i].sub_event_type or NONE_LABEL for i in idx]
        out["sub_event_type_macro_f1"] = round(macro_f1(gold_s, pred_s), 4)
        out["sub_event_type_weighted_f1"] = round(weighted_f1(gold_s, pred_s), 4)

    fat = [(r.fatalities, p.fatalities) for r, p in zip(rows, preds) if r.fatalities is not None]
    if preds and any(p.fatalities is not None for p in preds):
        out["fatalities_exact"] = _share(sum(g == (p or 0) for g, p in fat), len(fat))
        out["fatalities_within1"] = _share(sum(abs(g - (p or 0)) <= 1 for g, p in fat), len(fat))
        nonzero = [(g, p) for g, p in fat if g > 0]
        out["fatalities_exact_nonzero"] = _share(sum(g == (p or 0) for g, p in nonzero), len(nonzero))

    for side in ("actor1", "actor2"):
        pairs = [(getattr(r, side), getattr(p, side)) for r, p in zip(rows, preds) if getattr(r, side)]
        hits = sum(
            bool(pk) and actor_key(g, normalise=normalise) == pk
            for g, pk in ((g, actor_key(p, normalise=normalise)) for g, p in pairs)
        )
        out[f"{side}_match"] = _share(hits, len(pairs))

    located = [(r, p) for r, p in zip(rows, preds) if p.lat is not None and p.lon is not None]
    scored = [(r, p) for r, p in located if r.latitude is not None and r.longitude is not None]
    near = sum(haversine_km(r.latitude, r.longitude, p.lat, p.lon) <= WITHIN_KM for r, p in scored)  # type: ignore[arg-type]
    out["location_within_25km"] = _share(near, len(scored))
    out["location_coverage"] = _share(len(located), len(rows))
    if has_location is not None:
        names = [r.location for r in rows if r.location]
        out["gazetteer_has_location"] = _share(sum(has_location(n) for n in names), len(names))

    sources = Counter(p.source for p in preds)
    out["main_from_event"] = _share(sources["event"], len(preds))
    out["main_from_classify"] = _share(sources["classify"], len(preds))
    return out


# --- the task ------------------------------------------------------------------------------------


def _optional(module: str, name: str) -> Any:
    import importlib

    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return None


def _location_checker(gazetteer: Any) -> Callable[[str], bool] | None:
    lookup = getattr(gazetteer, "lookup", None)
    if lookup is None:
        return None
    cache: dict[str, bool] = {}

    def has(name: str) -> bool:
        if name not in cache:
            try:
                cache[name] = bool(lookup(name))
            except Exception:  # a lookup failure is a miss for this metric
                cache[name] = False
        return cache[name]

    return has


def predict_rows(rows: Sequence[AcledRow], *, settings: Settings, gazetteer: Any = None) -> list[Prediction]:
    """Run the pipeline over the rows (identical notes+date parsed once) and predict each row."""
    from ..pipeline import extract

    fatalities = _optional("sitrep.coding", "acled_fatalities")
    classify = _optional("sitrep.nlp.classify", "classify")
    first: dict[tuple[str, str | None], AcledRow] = {}
    for r in rows:
        first.setdefault((r.notes, r.event_date), r)
    unique = list(first.values())
    by_key: dict[tuple[str, str | None], Prediction] = {}
    extractions = extract((row_article(r) for r in unique), settings=settings, gazetteer=gazetteer)
    for row, extraction in zip(unique, extractions):
        # the note itself may say how its fatalities are split across events (sitrep.coding.split_share)
        deaths = partial(fatalities, text=extraction.article.text) if fatalities is not None else None
        by_key[(row.notes, row.event_date)] = predict(extraction, fatalities=deaths, classify=classify)
    return [by_key[(r.notes, r.event_date)] for r in rows]


def run(gold: Path, *, settings: Settings, limit: int | None = None) -> dict[str, Any]:
    """Score the pipeline on an ACLED CSV (see module doc); ``limit`` keeps the first N rows."""
    rows = load_acled(Path(gold), limit=limit)
    gazetteer = None
    open_gazetteer = _optional("sitrep.pipeline", "open_gazetteer")
    if open_gazetteer is not None:
        try:
            gazetteer = open_gazetteer(settings)
        except ImportError:
            gazetteer = None
    preds = predict_rows(rows, settings=settings, gazetteer=gazetteer)
    return score(
        rows,
        preds,
        normalise=_actor_normaliser(settings),
        has_location=_location_checker(gazetteer) if gazetteer is not None else None,
    )
