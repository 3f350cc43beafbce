"""Formatting for the CLI: tables for people, JSON arrays for machines.

Article text is untrusted: everything shown in a terminal goes through :func:`safe` (control
characters and escape sequences are made visible, never interpreted) and is rendered as plain
``rich.text.Text`` (no markup parsing).
"""

from __future__ import annotations

import json
import re
import sys
from typing import Any, Callable, Iterable, Sequence

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..records import to_dict

__all__ = ["Column", "console", "err_console", "print_json", "print_table", "safe"]

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def safe(value: Any) -> str:
    """A string safe to print in a terminal: control characters shown as ``\\xNN``/``\\uNNNN``."""
    text = "" if value is None else str(value)
    return _CONTROL.sub(lambda m: m.group(0).encode("unicode_escape").decode("ascii"), text)


def console() -> Console:
    """stdout; piped output gets a wide fixed width (a terminal's own width otherwise)."""
    return Console(soft_wrap=False, highlight=False, width=None if sys.stdout.isatty() else 180)


def err_console() -> Console:
    return Console(stderr=True, highlight=False)


Column = tuple[str, Callable[[Any], Any]]


def print_table(records: Sequence[Any], columns: Sequence[Column], *, title: str | None = None) -> None:
    """Print ``records`` as a table with the given (header, getter) columns."""
    out = console()
    if not records:
        out.print(Text(f"(no {title or 'records'})", style="dim"))
        return
    table = Table(title=title, show_lines=False, expand=False)
    for header, _ in columns:
        table.add_column(header, overflow="fold")
    for record in records:
        table.add_row(*(Text(safe(_cell(get(record)))) for _, get in columns))
    out.print(table)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def print_json(records: Iterable[Any]) -> None:
    """Print a JSON array of records (field names as keys)."""
    json.dump([to_dict(r) for r in records], sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def print_object(obj: dict[str, Any]) -> None:
    json.dump(obj, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
