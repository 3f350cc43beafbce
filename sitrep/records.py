"""The record types: frozen dataclasses, the only types that cross layers.

Every extracted record carries a :class:`Provenance` (article, character span, sentence, rule id).
Each record serialises to a JSON-ready dict whose keys are its field names (:func:`to_dict`) and
is rebuilt from one by :func:`from_dict`.
"""

from __future__ import annotations

import dataclasses
import hashlib
import types
import typing
from dataclasses import dataclass
from typing import Any, Literal, TypeVar, get_args, get_origin, get_type_hints

__all__ = [
    "Article",
    "Claim",
    "ControlClaim",
    "Correction",
    "EventMention",
    "Extraction",
    "Figure",
    "Incident",
    "LedgerEntry",
    "Place",
    "Provenance",
    "Quarantined",
    "TimeSpan",
    "from_dict",
    "record_id",
    "to_dict",
    "RECORD_TYPES",
    "EVENT_TYPES",
    "SPEAKER_KINDS",
    "STANCES",
    "STATUSES",
    "METRICS",
]

# --- controlled vocabularies -------------------------------------------------------------------

#: ACLED event types and their sub-event types (the current taxonomy, 6 types / 25 sub-types).
EVENT_TYPES: dict[str, tuple[str, ...]] = {
    "Battles": (
        "Armed clash",
        "Government regains territory",
        "Non-state actor overtakes territory",
    ),
    "Explosions/Remote violence": (
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    ),
    "Violence against civilians": (
        "Sexual violence",
        "Attack",
        "Abduction/forced disappearance",
    ),
    "Protests": (
        "Peaceful protest",
        "Protest with intervention",
        "Excessive force against protesters",
    ),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": (
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    ),
}

STATUSES = (
    "occurred",
    "claimed",
    "denied",
    "ongoing",
    "planned",
    "called-for",
    "hypothetical",
    "background",
)
STANCES = ("assert", "deny", "accuse", "call-for", "plan")
SPEAKER_KINDS = (
    "state",
    "military source",
    "armed group",
    "monitor",
    "ngo",
    "media",
    "international body",
    "unknown",
)
METRICS = (
    "killed",
    "injured",
    "displaced",
    "fled",
    "evacuated",
    "sheltered",
    "relocated",
    "homeless",
    "destroyed housing",
    "returned",
    "detained",
    "missing",
    "besieged",
    "abducted",
)

Stance = Literal["assert", "deny", "accuse", "call-for", "plan"]


def record_id(*parts: object) -> str:
    """A short stable id from the parts that identify a record (article id, kind, span, ...)."""
    h = hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return h[:16]


# --- records -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Provenance:
    """Where a record came from: article, character span in ``Article.text``, sentence, rule."""

    article_id: str
    start: int
    end: int
    sentence: str
    rule_id: str
    sentence_start: int = 0  # offset of ``sentence`` in the article text

    @property
    def span_text(self) -> str:
        a, b = self.start - self.sentence_start, self.end - self.sentence_start
        return self.sentence[a:b]


@dataclass(frozen=True)
class Article:
    """One news article. ``id`` is the hash of the normalised text (see ``sitrep.ingest``)."""

    id: str
    title: str
    text: str
    url: str | None = None
    outlet: str | None = None
    standfirst: str | None = None
    published: str | None = None  # ISO date (YYYY-MM-DD) or datetime
    published_precision: str | None = None  # day / month / year / None when unknown
    language: str = "en"
    credits: tuple[str, ...] = ()  # "(With Reuters, AFP)" -> ("Reuters", "AFP")
    retrieved: str | None = None  # ISO datetime of ingest
    source: str | None = None  # the path or URL it was read from


@dataclass(frozen=True)
class Quarantined:
    """An input that could not become an article, with the reason (an error code) and detail."""

    input: str
    reason: str
    detail: str
    at: str | None = None
    id: str = ""


@dataclass(frozen=True)
class TimeSpan:
    """A date interval. ``start``/``end`` are ISO dates; both None when unresolved."""

    expression: str
    start: str | None = None
    end: str | None = None
    precision: str | None = None  # day / week / month / year
    anchor: str | None = None  # the date the expression was resolved against
    rule_id: str | None = None


@dataclass(frozen=True)
class Place:
    """A place as written and, when resolved, its gazetteer entry and ACLED precision."""

    name: str  # as written in the text
    gazetteer_id: str | None = None
    resolved_name: str | None = None
    lat: float | None = None
    lon: float | None = None
    feature_class: str | None = None  # GeoNames feature class/code, e.g. "P.PPLA"
    admin1: str | None = None
    admin2: str | None = None
    country: str | None = None  # ISO 3166-1 alpha-2
    geo_precision: int | None = None  # ACLED 1-3
    where_prec: int | None = None  # UCDP 1-7
    rule_id: str | None = None


@dataclass(frozen=True)
class Claim:
    """Who said what, with what stance. Unattributed statements belong to the outlet."""

    id: str
    speaker: str  # as written ("a monitoring group")
    speaker_norm: str  # resolved ("Syrian Observatory for Human Rights")
    speaker_kind: str  # one of SPEAKER_KINDS
    cue: str  # the cue verb or phrase ("said", "according to", "denied")
    stance: str  # one of STANCES
    content: str  # the content span text
    content_start: int
    content_end: int
    provenance: Provenance
    contradicts: str | None = None  # id of the claim this one denies
    speaker_start: int | None = None  # offsets of the speaker as written in Article.text
    speaker_end: int | None = None
    time: TimeSpan | None = None


@dataclass(frozen=True)
class EventMention:
    """One mention of an event, typed in ACLED's taxonomy."""

    id: str
    event_type: str
    sub_event_type: str
    trigger: str
    status: str  # one of STATUSES
    provenance: Provenance
    actor1: str | None = None  # as written
    actor1_norm: str | None = None  # canonical (actor dictionary)
    inter1: int | None = None  # ACLED inter code
    actor2: str | None = None
    actor2_norm: str | None = None
    inter2: int | None = None
    target: str | None = None  # victims as written ("civilians")
    civilian_targeting: bool = False
    place: Place | None = None
    time: TimeSpan | None = None
    claim_id: str | None = None

    @property
    def interaction(self) -> int | None:
        if self.inter1 is None:
            return None
        codes = sorted(c for c in (self.inter1, self.inter2) if c is not None)
        return int("".join(str(c) for c in codes))


@dataclass(frozen=True)
class Figure:
    """A reported number: low/best/high plus the surface qualifier, what it counts, who said it."""

    id: str
    metric: str  # one of METRICS
    quantity: str  # the quantity as written ("more than 50,000", "dozens")
    provenance: Provenance
    low: int | None = None
    best: int | None = None
    high: int | None = None
    qualifier: str | None = None  # "at least", "more than", "about", "dozens", ...
    unit: str = "people"  # people / households / families
    term: str | None = None  # IDMC term (displaced, forced to flee, evacuated, ...)
    subgroup: str | None = None  # "children", "civilians", "fighters"
    subset_of: str | None = None  # id of the figure this one is part of
    kind: str = "stock"  # stock / flow
    origin: str | None = None
    destination: str | None = None
    place: Place | None = None
    time: TimeSpan | None = None
    claim_id: str | None = None
    event_id: str | None = None


@dataclass(frozen=True)
class ControlClaim:
    """Who holds a place, as claimed by someone."""

    id: str
    place: Place
    controller_before: str | None
    controller_after: str | None
    claim_id: str | None
    contested: bool
    provenance: Provenance
    time: TimeSpan | None = None


@dataclass(frozen=True)
class LedgerEntry:
    """One source's figure for an incident, as reported (never rounded or replaced)."""

    figure_id: str
    article_id: str
    source: str  # who gave the figure (claim speaker, or the outlet for unattributed figures)
    source_group: str  # independence group: wire copy and syndication share a group
    metric: str
    quantity: str
    low: int | None
    best: int | None
    high: int | None
    qualifier: str | None
    reported: str | None  # publication date of the report
    sentence: str


@dataclass(frozen=True)
class Incident:
    """A reconciled event: mentions from one or more articles, with a per-source fatality ledger."""

    id: str
    event_type: str
    sub_event_type: str
    mention_ids: tuple[str, ...]
    article_ids: tuple[str, ...]
    sources: tuple[str, ...]  # independent source groups
    grade: str  # confirmed / fair / single-source / contested / discounted
    grade_reason: str
    place: Place | None = None
    time: TimeSpan | None = None
    actor1: str | None = None
    actor2: str | None = None
    civilian_targeting: bool = False
    ledger: tuple[LedgerEntry, ...] = ()
    fatalities_conservative: int | None = None  # ACLED coding: lowest credible figure
    fatalities_best: int | None = None
    fatalities_min: int | None = None
    fatalities_max: int | None = None
    injured_min: int | None = None
    injured_max: int | None = None
    merge_reasons: tuple[str, ...] = ()  # why each mention joined
    history: tuple[str, ...] = ()  # "2016-11-30 article abc: killed 21 (SOHR)" as reports arrived


@dataclass(frozen=True)
class Correction:
    """An analyst's correction of reconciliation, kept and re-applied by every later reconcile.

    ``merge``: the mentions in ``a`` and ``b`` belong to one incident.
    ``split``: the mentions in ``a`` leave their incident (and may not rejoin the mentions in ``b``).
    """

    op: str
    a: tuple[str, ...]
    b: tuple[str, ...] = ()
    note: str = ""
    at: str | None = None


@dataclass(frozen=True)
class Extraction:
    """Everything extracted from one article."""

    article: Article
    claims: tuple[Claim, ...] = ()
    events: tuple[EventMention, ...] = ()
    figures: tuple[Figure, ...] = ()
    control: tuple[ControlClaim, ...] = ()


# --- serialisation -----------------------------------------------------------------------------

R = TypeVar("R")


def to_dict(record: Any) -> dict[str, Any]:
    """A JSON-ready dict of a record, field names as keys (nested records become dicts)."""
    build = _TO_DICT.get(type(record))
    if build is None:
        if not dataclasses.is_dataclass(record) or isinstance(record, type):
            raise TypeError(f"not a record: {record!r}")
        build = _to_dict_of(type(record))
    return build(record)


#: per dataclass: its field names, in order (made once)
_FIELDS: dict[type, tuple[str, ...]] = {}
#: per dataclass: a function building its dict (made once, see :func:`_to_dict_of`)
_TO_DICT: dict[type, Any] = {}
_SCALARS = frozenset({str, int, float, bool, type(None)})


def _to_dict_of(cls: type) -> Any:
    """A function doing what ``{n: _plain(getattr(record, n)) for n in fields}`` does, with the
    fields read as attributes and scalar values kept without a call (made once per class)."""
    names = _FIELDS[cls] = tuple(f.name for f in dataclasses.fields(cls))
    items = ", ".join(f"{n!r}: (v{i} if type(v{i} := r.{n}) in S else P(v{i}))" for i, n in enumerate(names))
    scope: dict[str, Any] = {"S": _SCALARS, "P": _plain}
    exec(f"def build(r):\n    return {{{items}}}\n", scope)  # noqa: S102  (field names of a dataclass)
    build = _TO_DICT[cls] = scope["build"]
    return build


def _plain(value: Any) -> Any:
    kind = type(value)
    if kind in _SCALARS:
        return value
    build = _TO_DICT.get(kind)
    if build is not None:
        return build(value)
    if kind is tuple or kind is list:  # (not a dataclass) scalar items kept without a call
        return [v if type(v) in _SCALARS else _plain(v) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return to_dict(value)
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    return value


def from_dict(cls: type[R], data: dict[str, Any]) -> R:
    """Rebuild a record of type ``cls`` from :func:`to_dict` output (unknown keys are an error)."""
    plan = _PLANS.get(cls)
    if plan is None:
        plan = _plan(cls)
    if not plan.keys() >= set(data):
        unknown = set(data) - plan.keys()
        raise ValueError(f"{cls.__name__}: unknown fields {sorted(unknown)}")
    kwargs = {k: (v if v is None or (conv := plan[k]) is None else conv(v)) for k, v in data.items()}
    return cls(**kwargs)


#: per record class: field name -> converter of a non-None JSON value (None: the value as is)
_PLANS: dict[type, dict[str, Any]] = {}


def _plan(cls: type) -> dict[str, Any]:
    """The build plan of ``cls``, made once from its type hints (what :func:`_build` would do)."""
    hints = _hints(cls)
    plan = {f.name: _converter(hints[f.name]) for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    _PLANS[cls] = plan
    return plan


def _converter(tp: Any) -> Any:
    origin = get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        for arg in get_args(tp):
            if arg is not type(None):
                return _converter(arg)
        return None
    if origin is tuple:
        inner = _converter(get_args(tp)[0])
        if inner is None:
            return tuple
        return lambda value: tuple(None if v is None else inner(v) for v in value)
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return lambda value: from_dict(tp, value)
    return None


def _hints(cls: type) -> dict[str, Any]:
    cached = _HINTS.get(cls)
    if cached is None:
        cached = _HINTS[cls] = get_type_hints(cls)
    return cached


_HINTS: dict[type, dict[str, Any]] = {}


RECORD_TYPES: tuple[type, ...] = (
    Article,
    Provenance,
    Claim,
    EventMention,
    Figure,
    Place,
    TimeSpan,
    ControlClaim,
    Quarantined,
    Extraction,
    LedgerEntry,
    Incident,
    Correction,
)
