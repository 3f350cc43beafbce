"""Gold readers for the ``acled`` and ``throughput`` eval tasks (standard library only).

- :func:`load_acled` reads any ACLED CSV export: the pre-2019 layout (``event_type`` with the 9 old
  classes, no ``sub_event_type``) and the current one (``event_type`` + ``sub_event_type``), with
  upper- or lower-case headers. Each row becomes an :class:`AcledRow`.
- :func:`load_texts` reads throughput inputs: a CSV with an article text column (FA-KES's
  ``article_content``; the column is detected or named) or a folder of text files.

These rows are eval-internal: they never leave ``sitrep.eval``.
"""

from __future__ import annotations

import csv
import sys
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from ..errors import EvalError

__all__ = [
    "AcledRow",
    "TextDoc",
    "parse_acled_date",
    "parse_us_date",
    "load_acled",
    "load_texts",
    "TEXT_COLUMNS",
    "TEXT_SUFFIXES",
]

# Notes fields in ACLED exports can be long; FA-KES articles exceed the csv default limit.
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))

_ACLED_DATE_FORMATS = ("%d-%b-%y", "%d %B %Y", "%Y-%m-%d", "%d-%B-%Y", "%d/%m/%Y", "%d %b %Y")

#: Column names tried, in order, when a throughput CSV does not name its text column.
TEXT_COLUMNS = ("article_content", "text", "content", "body", "article", "notes", "EventSnippet")
#: File suffixes read from a throughput folder.
TEXT_SUFFIXES = (".txt", ".text", ".md")


@dataclass(frozen=True)
class AcledRow:
    """One gold ACLED event row (only the columns the ``acled`` task scores)."""

    index: int  # 0-based row number in the file
    notes: str
    event_date: str | None  # ISO date, None when unparseable
    event_type: str
    sub_event_type: str | None  # None in the pre-2019 layout
    actor1: str
    actor2: str
    fatalities: int | None
    location: str
    latitude: float | None
    longitude: float | None
    country: str = ""
    geo_precision: int | None = None


@dataclass(frozen=True)
class TextDoc:
    """One throughput input: its text plus whatever metadata the source carried."""

    key: str  # row number or file name
    text: str
    title: str = ""
    published: str | None = None  # ISO date
    outlet: str | None = None


def parse_acled_date(value: str) -> date | None:
    """An ACLED ``event_date`` in any of the layouts exports use (``28-Feb-18``, ``2018-02-28``...)."""
    text = (value or "").strip()
    for fmt in _ACLED_DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def parse_us_date(value: str) -> date | None:
    """A ``M/D/YYYY`` date as FA-KES writes them (or ISO)."""
    text = (value or "").strip()
    for fmt in ("%m/%d/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except ValueError:
        return None


def _int(value: str | None) -> int | None:
    try:
        return int(float(value)) if value not in (None, "") else None
    except ValueError:
        return None


def _open_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    try:
        with path.open(encoding="utf-8", errors="replace", newline="") as fh:
            reader = csv.DictReader(fh)
            rows = list(reader)
            header = list(reader.fieldnames or [])
    except OSError as exc:
        raise EvalError(f"{path}: cannot read ({exc.strerror or exc})") from None
    except csv.Error as exc:
        raise EvalError(f"{path}: not a readable CSV ({exc})") from None
    return header, rows


def load_acled(path: Path, *, limit: int | None = None) -> list[AcledRow]:
    """Rows of an ACLED CSV (old or current columns, any header case); ``limit`` keeps the first N."""
    header, raw = _open_csv(path)
    lower = {h.lower().strip() for h in header if h}
    missing = [c for c in ("notes", "event_type") if c not in lower]
    if missing:
        raise EvalError(f"{path}: not an ACLED CSV (missing column(s) {', '.join(missing)}; has {sorted(lower)})")
    has_sub = "sub_event_type" in lower
    rows: list[AcledRow] = []
    for i, row in enumerate(raw):
        if limit is not None and len(rows) >= limit:
            break
        r = {(k or "").lower().strip(): (v or "").strip() for k, v in row.items() if k is not None}
        d = parse_acled_date(r.get("event_date", ""))
        rows.append(
            AcledRow(
                index=i,
                notes=r.get("notes", ""),
                event_date=d.isoformat() if d else None,
                event_type=r.get("event_type", ""),
                sub_event_type=(r.get("sub_event_type") or None) if has_sub else None,
                actor1=r.get("actor1", ""),
                actor2=r.get("actor2", ""),
                fatalities=_int(r.get("fatalities")),
                location=r.get("location", ""),
                latitude=_float(r.get("latitude")),
                longitude=_float(r.get("longitude")),
                country=r.get("country", ""),
                geo_precision=_int(r.get("geo_precision")),
            )
        )
    return rows


def load_texts(path: Path, *, column: str | None = None, limit: int | None = None) -> list[TextDoc]:
    """Throughput inputs: a CSV with a text column, or a folder of text files (sorted by name)."""
    if path.is_dir():
        docs = _load_folder(path)
    elif path.is_file():
        docs = _load_text_csv(path, column=column)
    else:
        raise EvalError(f"{path}: no such file or folder")
    docs = [d for d in docs if d.text.strip()]
    if not docs:
        raise EvalError(f"{path}: no article text found")
    return docs[:limit] if limit is not None else docs


def _load_text_csv(path: Path, *, column: str | None) -> list[TextDoc]:
    header, raw = _open_csv(path)
    by_lower = {h.lower().strip(): h for h in header if h}
    if column is not None:
        if column.lower() not in by_lower:
            raise EvalError(f"{path}: no column {column!r} (has {header})")
        col = by_lower[column.lower()]
    else:
        col = next((by_lower[c.lower()] for c in TEXT_COLUMNS if c.lower() in by_lower), None)
        if col is None:
            raise EvalError(f"{path}: no article text column (tried {', '.join(TEXT_COLUMNS)}; has {header})")
    title_col = next((by_lower[c] for c in ("article_title", "title") if c in by_lower), None)
    date_col = by_lower.get("date")
    outlet_col = next((by_lower[c] for c in ("source", "outlet") if c in by_lower), None)
    docs = []
    for i, row in enumerate(raw):
        d = parse_us_date(row.get(date_col, "")) if date_col else None
        docs.append(
            TextDoc(
                key=str(i),
                text=row.get(col) or "",
                title=(row.get(title_col) or "").strip() if title_col else "",
                published=d.isoformat() if d else None,
                outlet=(row.get(outlet_col) or "").strip() or None if outlet_col else None,
            )
        )
    return docs


def _load_folder(path: Path) -> list[TextDoc]:
    docs = []
    for f in sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES):
        try:
            text = f.read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            raise EvalError(f"{f}: cannot read ({exc.strerror or exc})") from None
        docs.append(TextDoc(key=str(f.relative_to(path)), text=text))
    return docs
