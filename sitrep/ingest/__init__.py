"""Ingest: inputs (files, directories, stdin, http(s) URLs) → Article or Quarantined records.

``read_inputs`` yields lazily, one item per article; a bad input becomes a :class:`Quarantined`
record (reason = the error's code) and never stops the batch. ``Article.text`` is the body: one
paragraph a line, credits and related-article teasers removed; the headline and standfirst are in
``title`` and ``standfirst``.
"""

from __future__ import annotations

import dataclasses
import io
import os
import sys
from typing import BinaryIO, Iterable, Iterator

from ..errors import BinaryInput, EmptyInput, InputError, InputTooLarge, MissingInput
from ..records import Article, Quarantined
from ..settings import Settings
from .article import article_id, make_article, normalise_published, quarantine
from .decode import check_size, decode_bytes, describe_cap, looks_binary
from .feed import parse_feed
from .fetch import fetch as fetch_url
from .html import extract_html
from .jsonl import iter_jsonl
from .sources import Source, expand, kind_for_media_type, kind_for_path, sniff
from .text import split_article

__all__ = ["article_id", "parse_html", "parse_text", "read_inputs"]

STDIN_NAME = "<stdin>"
_HEAD = 64 * 1024


def parse_text(raw: str, *, source: str, rules_dir: str = "") -> Article:
    """A seed-shaped plain-text article: headline, optional standfirst, body, credits, teasers dropped."""
    title, standfirst, body = split_article(raw, source=source, extra_dir=rules_dir)
    return make_article(title=title, text=body.text, source=source, standfirst=standfirst, credits=body.credits)


def parse_html(
    data: bytes, *, source: str, url: str | None = None, charset: str | None = None, rules_dir: str = ""
) -> Article:
    """An HTML page through trafilatura: title, published date, outlet, body without furniture."""
    html = decode_bytes(data, source=source, kind="html", charset=charset)
    parts = extract_html(html, source=source, url=url, rules_dir=rules_dir)
    return make_article(
        title=parts.title,
        text=parts.text,
        source=source,
        url=parts.url,
        outlet=parts.outlet,
        standfirst=parts.standfirst,
        published=parts.published,
        published_precision="day" if parts.published else None,
        credits=parts.credits,
        language=parts.language,
    )


def read_inputs(
    specs: Iterable[str],
    *,
    settings: Settings,
    published: str | None = None,
    outlet: str | None = None,
    stdin: BinaryIO | None = None,
) -> Iterator[Article | Quarantined]:
    """Articles and quarantined inputs from ``specs``, lazily, in order.

    ``published`` ("YYYY-MM-DD") and ``outlet`` override what the inputs say; an unreadable
    ``published`` raises :class:`~sitrep.errors.ConfigError` at once (a usage error).
    """
    pub, precision = normalise_published(published, strict=True) if published else (None, None)
    return _read_all(specs, settings=settings, published=pub, precision=precision, outlet=outlet, stdin=stdin)


def _read_all(
    specs: Iterable[str],
    *,
    settings: Settings,
    published: str | None,
    precision: str | None,
    outlet: str | None,
    stdin: BinaryIO | None,
) -> Iterator[Article | Quarantined]:
    for source in expand(specs):
        for item in _read_source(source, settings=settings, stdin=stdin):
            if isinstance(item, Article) and (published or outlet):
                changes: dict[str, object] = {}
                if published:
                    changes.update(published=published, published_precision=precision)
                if outlet:
                    changes["outlet"] = outlet
                item = dataclasses.replace(item, **changes)
            yield item


def _read_source(source: Source, *, settings: Settings, stdin: BinaryIO | None) -> Iterator[Article | Quarantined]:
    name = STDIN_NAME if source.kind == "stdin" else source.spec
    try:
        if source.kind == "missing":
            yield _missing(source.spec)
        elif source.kind == "stdin":
            yield from _read_stdin(stdin if stdin is not None else sys.stdin.buffer, settings=settings)
        elif source.kind == "url":
            yield from _read_url(source.spec, settings=settings)
        else:
            yield from _read_path(source.spec, settings=settings)
    except InputError as err:
        yield quarantine(err, input=name)
    except OSError as exc:
        yield quarantine(InputError(name, f"cannot read ({exc.strerror or exc})"), input=name)


def _missing(spec: str) -> Quarantined:
    scheme = spec.split("://", 1)[0] if "://" in spec else None
    if scheme:
        detail = f"no such file, and {scheme}:// is not a supported scheme (only http and https URLs are fetched)"
    else:
        detail = "no such file or directory, and not an http(s) URL or '-'"
    return quarantine(MissingInput(spec, detail))


def _parse_bytes(
    data: bytes, kind: str, *, source: str, settings: Settings, url: str | None = None, charset: str | None = None
) -> Iterator[Article | Quarantined]:
    rules_dir = settings.rules_dir
    if kind == "html":
        yield parse_html(data, source=source, url=url, charset=charset, rules_dir=rules_dir)
    elif kind == "feed":
        yield from parse_feed(data, source=source, charset=charset, rules_dir=rules_dir)
    elif kind == "jsonl":
        decode_bytes(data, source=source, kind="jsonl", charset=charset)
        yield from iter_jsonl(io.BytesIO(data), source=source, cap=settings.max_bytes, rules_dir=rules_dir)
    else:
        article = parse_text(decode_bytes(data, source=source, kind="text", charset=charset), source=source, rules_dir=rules_dir)
        yield dataclasses.replace(article, url=url) if url else article


def _read_path(path: str, *, settings: Settings) -> Iterator[Article | Quarantined]:
    kind = kind_for_path(path)
    if kind == "jsonl":
        with open(path, "rb") as fh:
            head = fh.read(8192)
            if not head.strip():
                raise EmptyInput(path, "the file is empty" if not head else "the file holds only whitespace")
            if looks_binary(head):
                raise BinaryInput(path, "looks like a binary file (NUL or control bytes), not JSONL text")
            fh.seek(0)
            yield from iter_jsonl(fh, source=path, cap=settings.max_bytes, rules_dir=settings.rules_dir)
        return
    size = os.path.getsize(path)
    check_size(size, source=path, cap=settings.max_bytes)
    with open(path, "rb") as fh:
        data = fh.read(settings.max_bytes + 1)
    check_size(len(data), source=path, cap=settings.max_bytes)
    yield from _parse_bytes(data, kind or sniff(data[:_HEAD]), source=path, settings=settings)


class _Rejoined:
    """A readline()-able stream: the bytes already read (``head``), then the rest of ``stream``."""

    def __init__(self, head: bytes, stream: BinaryIO) -> None:
        self._head = io.BytesIO(head)
        self._stream = stream

    def readline(self, limit: int = -1) -> bytes:
        line = self._head.readline(limit)
        if line.endswith(b"\n") or (limit > 0 and len(line) >= limit):
            return line
        return line + self._stream.readline(limit - len(line) if limit > 0 else -1)


def _read_stdin(stream: BinaryIO, *, settings: Settings) -> Iterator[Article | Quarantined]:
    cap = settings.max_bytes
    head = stream.read(_HEAD)
    if not head:
        raise EmptyInput(STDIN_NAME, "standard input is empty")
    kind = sniff(head)
    if kind == "jsonl":
        if looks_binary(head):
            raise BinaryInput(STDIN_NAME, "looks like binary data (NUL or control bytes), not JSONL text")
        yield from iter_jsonl(_Rejoined(head, stream), source=STDIN_NAME, cap=cap, rules_dir=settings.rules_dir)  # type: ignore[arg-type]
        return
    data = head + (stream.read(cap + 1 - len(head)) if len(head) <= cap else b"")
    if len(data) > cap:
        raise InputTooLarge(STDIN_NAME, f"standard input is over the {describe_cap(cap)} cap; stopped reading at {len(data):,} bytes")
    yield from _parse_bytes(data, kind, source=STDIN_NAME, settings=settings)


def _read_url(url: str, *, settings: Settings) -> Iterator[Article | Quarantined]:
    got = fetch_url(url, timeout=settings.fetch_timeout, max_bytes=settings.max_bytes, allow_private=settings.allow_private)
    kind = kind_for_media_type(got.media_type, source=url) or sniff(got.data[:_HEAD])
    if kind == "feed" and got.media_type in ("application/xml", "text/xml") and sniff(got.data[:_HEAD]) == "html":
        kind = "html"  # XHTML served as XML
    yield from _parse_bytes(got.data, kind, source=url, settings=settings, url=got.url, charset=got.charset)
