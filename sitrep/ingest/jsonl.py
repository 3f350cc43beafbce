"""JSONL dumps: one article a line (``title``, ``text``; optional ``url``, ``published``, ``outlet``).

A bad line becomes a Quarantined record named ``<file>:<line>`` and the rest of the file goes on.
The size cap applies to each line (each article), so a large dump streams through.
"""

from __future__ import annotations

import codecs
import json
from typing import BinaryIO, Iterable, Iterator

from ..errors import BinaryInput, EmptyInput, InputError, NoArticleText, UndecodableInput
from ..records import Article, Quarantined
from .article import make_article, normalise_published, quarantine
from .decode import check_size, looks_binary
from .text import clean_body

__all__ = ["REQUIRED", "OPTIONAL", "iter_jsonl", "parse_jsonl_line"]

REQUIRED = ("title", "text")
OPTIONAL = ("url", "published", "outlet", "standfirst", "language")


def parse_jsonl_line(line: bytes, *, source: str, cap: int, rules_dir: str = "", origin: str | None = None) -> Article:
    """One JSONL line → Article; raises an :class:`InputError` naming what is wrong.

    ``source`` names the line (``<file>:<n>``) in errors; ``origin`` (the file) becomes ``Article.source``.
    """
    check_size(len(line), source=source, cap=cap)
    if looks_binary(line):
        raise BinaryInput(source, "the line holds NUL or control bytes, not JSON text")
    try:
        raw = line.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UndecodableInput(source, f"the line is not valid UTF-8 ({exc.reason} at byte {exc.start})") from None
    try:
        row = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise InputError(source, f"not valid JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(row, dict):
        raise InputError(source, f"a line must be a JSON object, not {type(row).__name__}")
    missing = [k for k in REQUIRED if k not in row]
    if missing:
        raise InputError(source, f"missing required field(s) {', '.join(missing)}")
    for key in REQUIRED + OPTIONAL:
        if key in row and row[key] is not None and not isinstance(row[key], str):
            raise InputError(source, f"field {key!r} must be a string, not {type(row[key]).__name__}")
    body = clean_body([ln.strip() for ln in (row["text"] or "").splitlines() if ln.strip()], extra_dir=rules_dir)
    if not body.text:
        raise NoArticleText(source, "field 'text' is empty")
    published, precision = normalise_published(row.get("published"))
    return make_article(
        title=" ".join((row["title"] or "").split()),
        text=body.text,
        source=origin or source,
        url=row.get("url") or None,
        outlet=row.get("outlet") or None,
        standfirst=row.get("standfirst") or None,
        published=published,
        published_precision=precision,
        credits=body.credits,
        language=row.get("language"),
    )


def _lines(stream: BinaryIO | Iterable[bytes], *, cap: int) -> Iterator[bytes]:
    """Lines of a binary stream; a line longer than ``cap`` is cut at cap+1 bytes (then flagged)."""
    if hasattr(stream, "readline"):
        while True:
            line = stream.readline(cap + 2)  # type: ignore[union-attr]
            if not line:
                return
            if not line.endswith(b"\n") and len(line) > cap:
                while True:  # skip the rest of the overlong line
                    more = stream.readline(1 << 16)  # type: ignore[union-attr]
                    if not more or more.endswith(b"\n"):
                        break
            yield line
    else:
        yield from stream  # type: ignore[misc]


def iter_jsonl(
    stream: BinaryIO | Iterable[bytes], *, source: str, cap: int, rules_dir: str = ""
) -> Iterator[Article | Quarantined]:
    """Articles (and quarantined lines) of a JSONL stream, lazily."""
    seen_any = False
    for n, line in enumerate(_lines(stream, cap=cap), 1):
        if n == 1 and line.startswith(codecs.BOM_UTF8):
            line = line[len(codecs.BOM_UTF8):]
        if not line.strip():
            continue
        seen_any = True
        name = f"{source}:{n}"
        try:
            yield parse_jsonl_line(line.rstrip(b"\r\n"), source=name, cap=cap, rules_dir=rules_dir, origin=source)
        except InputError as err:
            yield quarantine(err, input=name)
    if not seen_any:
        yield quarantine(EmptyInput(source, "the JSONL file holds no lines"))
