"""Building Article and Quarantined records: content-hash ids, timestamps, published dates."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import date, datetime, timezone

from ..errors import ConfigError, InputError
from ..records import Article, Quarantined, record_id

__all__ = ["article_id", "make_article", "normalise_published", "now_iso", "quarantine"]

_WS = re.compile(r"\s+")
_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$")
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_ISO_YEAR = re.compile(r"^(\d{4})$")


def article_id(text: str) -> str:
    """The article id: sha256 of the text normalised (NFC, whitespace collapsed, stripped), 16 hex chars."""
    norm = _WS.sub(" ", unicodedata.normalize("NFC", text)).strip()
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:16]


def now_iso() -> str:
    """The current time, ISO 8601 in UTC to the second (``2016-11-30T12:00:00+00:00``)."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _valid(y: int, m: int, d: int) -> bool:
    try:
        date(y, m, d)
    except ValueError:
        return False
    return True


def normalise_published(value: object, *, strict: bool = False) -> tuple[str | None, str | None]:
    """A published date as (ISO date, precision): "2016-11-30" → ("2016-11-30", "day").

    Accepts ISO dates and datetimes, "YYYY-MM" (month), "YYYY" (year) and, unless ``strict``, other
    absolute dates that ``dateparser`` reads with day, month and year ("30 November 2016").
    Unreadable values give (None, None), or :class:`ConfigError` when ``strict``.
    """
    if value is None or value == "":
        return None, None
    if isinstance(value, datetime):
        return value.date().isoformat(), "day"
    if isinstance(value, date):
        return value.isoformat(), "day"
    text = str(value).strip()
    m = _ISO_DAY.match(text)
    if m and _valid(int(m[1]), int(m[2]), int(m[3])):
        return f"{m[1]}-{m[2]}-{m[3]}", "day"
    m = _ISO_MONTH.match(text)
    if m and 1 <= int(m[2]) <= 12:
        return text, "month"
    if _ISO_YEAR.match(text):
        return text, "year"
    if strict:
        raise ConfigError(f"published date {text!r} is not YYYY-MM-DD (or YYYY-MM, YYYY)")
    import dateparser  # lazy: slow to import

    parsed = dateparser.parse(
        text, languages=["en"], settings={"STRICT_PARSING": True, "RETURN_AS_TIMEZONE_AWARE": False}
    )
    if parsed is None:
        return None, None
    return parsed.date().isoformat(), "day"


def make_article(
    *,
    title: str,
    text: str,
    source: str,
    url: str | None = None,
    outlet: str | None = None,
    standfirst: str | None = None,
    published: str | None = None,
    published_precision: str | None = None,
    credits: tuple[str, ...] = (),
    language: str | None = None,
) -> Article:
    """An Article with its content-hash id and the retrieval time stamped now. With no publication
    date given, a dateline at the start of the text supplies it (:mod:`sitrep.ingest.dateline`)."""
    if not published:
        from .dateline import dateline_date

        published = dateline_date(text)
        published_precision = "day" if published else None
    return Article(
        id=article_id(text),
        title=title,
        text=text,
        url=url,
        outlet=outlet,
        standfirst=standfirst,
        published=published,
        published_precision=published_precision if published else None,
        language=language or "en",
        credits=tuple(credits),
        retrieved=now_iso(),
        source=source,
    )


def quarantine(err: InputError, *, input: str | None = None) -> Quarantined:
    """The quarantine record of an input error (``input`` defaults to the error's source)."""
    name = err.source if input is None else input
    return Quarantined(input=name, reason=err.reason, detail=err.detail, at=now_iso(), id=record_id(name, err.reason))
