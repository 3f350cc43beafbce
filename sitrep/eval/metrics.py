"""Plain metric functions shared by the eval tasks (no third-party dependency)."""

from __future__ import annotations

from collections import Counter
from typing import Hashable, Sequence

from ..distance import haversine_km

__all__ = ["per_label_f1", "macro_f1", "weighted_f1", "accuracy", "prf", "haversine_km"]


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall, F1 from counts (0.0 where undefined)."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def per_label_f1(gold: Sequence[Hashable], pred: Sequence[Hashable]) -> dict[Hashable, float]:
    """F1 of each label that occurs in the gold labels."""
    if len(gold) != len(pred):
        raise ValueError("gold and pred differ in length")
    tp: Counter = Counter()
    fp: Counter = Counter()
    fn: Counter = Counter()
    for g, p in zip(gold, pred):
        if g == p:
            tp[g] += 1
        else:
            fp[p] += 1
            fn[g] += 1
    return {label: prf(tp[label], fp[label], fn[label])[2] for label in set(gold)}


def macro_f1(gold: Sequence[Hashable], pred: Sequence[Hashable]) -> float:
    """Unweighted mean of per-label F1 over the labels present in the gold."""
    scores = per_label_f1(gold, pred)
    return sum(scores.values()) / len(scores) if scores else 0.0


def weighted_f1(gold: Sequence[Hashable], pred: Sequence[Hashable]) -> float:
    """Per-label F1 weighted by gold support (scikit-learn's ``average='weighted'``)."""
    scores = per_label_f1(gold, pred)
    support = Counter(gold)
    total = sum(support.values())
    return sum(scores[label] * support[label] for label in scores) / total if total else 0.0


def accuracy(gold: Sequence[Hashable], pred: Sequence[Hashable]) -> float:
    if len(gold) != len(pred):
        raise ValueError("gold and pred differ in length")
    return sum(g == p for g, p in zip(gold, pred)) / len(gold) if gold else 0.0
