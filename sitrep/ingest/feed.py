"""RSS and Atom feeds via feedparser: each entry with text becomes an Article.

The entry's link is the article URL and its published (or updated) date the publication date.
An entry without text is quarantined as ``<feed>#<n>``; the rest of the feed goes on.
"""

from __future__ import annotations

import time
from typing import Iterator
from urllib.parse import urlsplit

from ..errors import InputError, NoArticleText, UnknownFormat
from ..records import Article, Quarantined
from .article import make_article, quarantine
from .decode import decode_bytes
from .html import fragment_text
from .text import clean_body

__all__ = ["is_feed", "parse_feed"]


def _parse(data: bytes, charset: str | None):  # -> feedparser.FeedParserDict
    import feedparser  # lazy

    headers = {"content-type": f"application/xml; charset={charset}"} if charset else {}
    # bytes, never str: feedparser treats a str that looks like a path or URL as one and opens it
    return feedparser.parse(bytes(data), response_headers=headers, sanitize_html=True, resolve_relative_uris=False)


def is_feed(data: bytes) -> bool:
    """Whether feedparser recognises ``data`` as RSS or Atom."""
    parsed = _parse(data, None)
    return bool(parsed.get("version"))


def _entry_date(entry) -> str | None:  # noqa: ANN001 (feedparser dict)
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if isinstance(value, time.struct_time):
            return time.strftime("%Y-%m-%d", value)
    return None


def _entry_markup(entry) -> str:  # noqa: ANN001
    contents = entry.get("content") or []
    best = max((c.get("value") or "" for c in contents), key=len, default="")
    summary = entry.get("summary") or ""
    return best if len(best) >= len(summary) else summary


def _entry_article(entry, *, source: str, outlet: str | None, rules_dir: str) -> Article:  # noqa: ANN001
    body = clean_body(fragment_text(_entry_markup(entry)).split("\n"), extra_dir=rules_dir)
    if not body.text:
        raise NoArticleText(source, "the entry has no content or summary text")
    title = " ".join(fragment_text(entry.get("title") or "").split())
    link = entry.get("link") or None
    published = _entry_date(entry)
    name = outlet or (urlsplit(link).hostname if link else None)
    return make_article(
        title=title or body.text.split("\n", 1)[0][:200],
        text=body.text,
        source=source,
        url=link,
        outlet=name,
        published=published,
        published_precision="day" if published else None,
        credits=body.credits,
    )


def parse_feed(
    data: bytes, *, source: str, charset: str | None = None, rules_dir: str = ""
) -> Iterator[Article | Quarantined]:
    """Articles of an RSS/Atom document; raises :class:`UnknownFormat` when it is not a feed."""
    decode_bytes(data, source=source, kind="feed", charset=charset)  # empty / binary / undecodable checks
    parsed = _parse(data, charset)
    if not parsed.get("version"):
        why = parsed.get("bozo_exception")
        raise UnknownFormat(source, "not an RSS/Atom feed" + (f" ({why})" if why else ""))
    entries = parsed.get("entries") or []
    if not entries:
        raise NoArticleText(source, "the feed has no entries")
    outlet = " ".join((parsed.get("feed", {}).get("title") or "").split()) or None
    for n, entry in enumerate(entries, 1):
        try:
            yield _entry_article(entry, source=source, outlet=outlet, rules_dir=rules_dir)
        except InputError as err:
            yield quarantine(err, input=f"{source}#{n}")
