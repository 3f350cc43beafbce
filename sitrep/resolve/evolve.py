"""A cheaper :func:`dataclasses.replace` for the frozen records the resolvers annotate per record.

``dataclasses.replace`` re-runs the generated ``__init__`` over every field; the resolvers change
one or two fields of thousands of records per batch. :func:`evolve` copies the instance dict and sets
the changed fields, which gives an equal record (same fields, same class). Classes with a
``__post_init__`` or ``__slots__`` go through ``dataclasses.replace`` so their checks still run.
"""

from __future__ import annotations

import dataclasses
from typing import Any, TypeVar

__all__ = ["evolve"]

R = TypeVar("R")

_PLAIN: dict[type, bool] = {}  # per class: whether a dict copy is a faithful replace


def _plain(cls: type) -> bool:
    ok = _PLAIN.get(cls)
    if ok is None:
        ok = _PLAIN[cls] = (dataclasses.is_dataclass(cls) and not hasattr(cls, "__post_init__")
                            and "__slots__" not in cls.__dict__ and not any(f.init is False for f in dataclasses.fields(cls)))
    return ok


def evolve(record: R, **changes: Any) -> R:
    """``dataclasses.replace(record, **changes)`` for records of plain frozen dataclasses."""
    cls = type(record)
    if not _plain(cls):
        return dataclasses.replace(record, **changes)
    new = object.__new__(cls)
    d = new.__dict__
    d.update(record.__dict__)
    for k, v in changes.items():
        if k not in d:
            raise TypeError(f"{cls.__name__} has no field {k!r}")
        d[k] = v
    return new
