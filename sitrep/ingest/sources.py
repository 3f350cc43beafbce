"""Expanding input specs (files, directories, ``-`` for stdin, http(s) URLs) and telling formats apart.

Formats: ``text`` (seed-shaped plain text), ``html``, ``jsonl``, ``feed`` (RSS/Atom). A file's
format comes from its extension (no extension: sniffed); stdin is sniffed; a URL's from its
Content-Type (sniffed when missing or generic).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from ..errors import UnknownFormat
from .decode import BOMS
from .fetch import is_url

__all__ = ["EXTENSIONS", "MEDIA_TYPES", "Source", "expand", "kind_for_media_type", "kind_for_path", "sniff"]

EXTENSIONS: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
}

MEDIA_TYPES: dict[str, str] = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/plain": "text",
    "application/rss+xml": "feed",
    "application/atom+xml": "feed",
    "application/rdf+xml": "feed",
    "application/xml": "feed",
    "text/xml": "feed",
    "application/x-ndjson": "jsonl",
    "application/jsonl": "jsonl",
    "application/jsonlines": "jsonl",
    "application/json-lines": "jsonl",
}
#: Media types that say nothing about the format: sniff the content instead.
GENERIC_MEDIA_TYPES = ("application/octet-stream", "binary/octet-stream", "application/unknown")


@dataclass(frozen=True)
class Source:
    kind: str  # "path", "stdin", "url" or "missing"
    spec: str  # the path, "-", the URL, or the spec as given


def expand(specs: Iterable[str]) -> Iterator[Source]:
    """Sources in order; directories expand to their files (recursive, sorted, hidden names skipped)."""
    for spec in specs:
        if spec == "-":
            yield Source("stdin", spec)
        elif is_url(spec):
            yield Source("url", spec)
        else:
            path = Path(spec)
            if path.is_dir():
                yield from (Source("path", str(p)) for p in _walk(path))
            elif path.exists():
                yield Source("path", spec)
            else:
                yield Source("missing", spec)


def _walk(root: Path) -> Iterator[Path]:
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.startswith("."):
                yield Path(dirpath) / name


def kind_for_path(path: str) -> str | None:
    """The format named by a file's extension; None when it has none (sniff it)."""
    suffix = Path(path).suffix.lower()
    if not suffix:
        return None
    try:
        return EXTENSIONS[suffix]
    except KeyError:
        known = ", ".join(sorted(EXTENSIONS))
        raise UnknownFormat(path, f"unknown extension {suffix!r} (known: {known})") from None


def kind_for_media_type(media_type: str | None, *, source: str) -> str | None:
    """The format named by a Content-Type; None when missing or generic (sniff it)."""
    if not media_type or media_type in GENERIC_MEDIA_TYPES:
        return None
    if media_type in MEDIA_TYPES:
        return MEDIA_TYPES[media_type]
    if media_type.endswith("+xml"):
        return "feed"
    raise UnknownFormat(source, f"unsupported Content-Type {media_type!r}")


def sniff(head: bytes) -> str:
    """Guess the format from the first bytes: feed, html, jsonl or text."""
    for mark, name in BOMS:
        if head.startswith(mark):
            head = head[len(mark):].decode(name, errors="ignore").encode("utf-8")
            break
    text = head[:4096].decode("utf-8", errors="ignore").lstrip().lower()
    if text.startswith("<?xml") or text.startswith(("<rss", "<feed", "<rdf:rdf")):
        if "<html" in text and not any(t in text for t in ("<rss", "<feed", "<rdf:rdf")):
            return "html"
        return "feed"
    if text.startswith(("<!doctype html", "<html", "<head", "<body", "<!--")) or "<html" in text[:1024]:
        return "html"
    if text.startswith("{"):
        first = text.split("\n", 1)[0].strip()
        try:
            if isinstance(json.loads(first), dict):
                return "jsonl"
        except json.JSONDecodeError:
            if "\n" not in text:  # a first line longer than the sample
                return "jsonl"
    return "text"

