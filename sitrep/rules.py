"""Rules and lexicons are data: JSONL files, one rule a line, each with a stable ``id``.

Built-in files live in ``sitrep/data/``; a user folder (setting ``rules_dir``) may add files of the
same name whose rules are merged over the built-in ones by id. Blank lines and lines starting with
``//`` are ignored. A malformed line raises :class:`~sitrep.errors.RuleError` naming file and line.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from .errors import RuleError

__all__ = ["DATA_DIR", "load_jsonl", "load_rules"]

DATA_DIR = Path(__file__).resolve().parent / "data"


def load_jsonl(path: Path, *, required: Iterable[str] = ("id",)) -> list[dict[str, Any]]:
    """Read one JSONL rule file; every row must have the ``required`` keys and a unique id."""
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    need = tuple(required)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise RuleError(f"{path}: cannot read ({exc.strerror or exc})") from None
    for n, line in enumerate(lines, 1):
        text = line.strip()
        if not text or text.startswith("//"):
            continue
        try:
            row = json.loads(text)
        except json.JSONDecodeError as exc:
            raise RuleError(f"{path}:{n}: not valid JSON ({exc.msg})") from None
        if not isinstance(row, dict):
            raise RuleError(f"{path}:{n}: a rule must be a JSON object")
        missing = [k for k in need if k not in row]
        if missing:
            raise RuleError(f"{path}:{n}: missing {', '.join(missing)}")
        rid = row.get("id")
        if rid is not None:
            if rid in seen:
                raise RuleError(f"{path}:{n}: duplicate rule id {rid!r}")
            seen.add(rid)
        rows.append(row)
    return rows


@lru_cache(maxsize=64)
def _load_cached(name: str, extra_dir: str, required: tuple[str, ...]) -> tuple[dict[str, Any], ...]:
    base = load_jsonl(DATA_DIR / name, required=required)
    if not extra_dir:
        return tuple(base)
    extra_path = Path(extra_dir) / name
    if not extra_path.is_file():
        return tuple(base)
    merged = {r.get("id", f"_{i}"): r for i, r in enumerate(base)}
    for i, r in enumerate(load_jsonl(extra_path, required=required)):
        merged[r.get("id", f"_user{i}")] = r
    return tuple(merged.values())


def load_rules(name: str, *, extra_dir: str = "", required: Iterable[str] = ("id",)) -> tuple[dict[str, Any], ...]:
    """The rules of data file ``name`` (e.g. ``"triggers.jsonl"``), user overrides merged by id."""
    return _load_cached(name, extra_dir, tuple(required))
