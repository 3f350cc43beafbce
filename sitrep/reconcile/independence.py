"""Independence of sources: wire copy and syndication count once.

Each report of a mention gets a *source group*:
- a figure attributed to a named speaker (a monitor, a ministry) belongs to that speaker, whichever
  outlet printed it: ten outlets quoting the Observatory are one source;
- an unattributed statement belongs to its outlet, or to the wire agencies its credits name
  ("(With Reuters, AFP)") — the copy is theirs;
- reports whose sentences are near-identical across articles (word 3-gram Jaccard at or above
  ``NEAR_DUPLICATE``) are syndicated copies and share a group.
Groups are merged with union-find, so copying is transitive.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Sequence

from .views import MentionView

__all__ = ["NEAR_DUPLICATE", "shingles", "similarity", "source_groups"]

NEAR_DUPLICATE = 0.6
_WORD = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, n: int = 3) -> frozenset[tuple[str, ...]]:
    words = _WORD.findall(text.lower())
    if len(words) < n:
        return frozenset({tuple(words)}) if words else frozenset()
    return frozenset(tuple(words[i : i + n]) for i in range(len(words) - n + 1))


@lru_cache(maxsize=50_000)
def _sentence_shingles(text: str) -> frozenset[str]:
    """``shingles(text)`` with each shingle's words joined by a space (words hold none, so two
    sets share exactly the shingles they would share as tuples), made once per sentence: incidents
    are rebuilt again and again, and strings are not tracked by the garbage collector."""
    return frozenset(" ".join(s) for s in shingles(text))


def similarity(a: str, b: str) -> float:
    sa, sb = shingles(a), shingles(b)
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / len(sa | sb)


def _base_key(view: MentionView) -> str:
    if not view.source_is_outlet:
        return "speaker:" + view.source.lower()
    credits = sorted(c.strip().lower() for c in view.article.credits if c.strip())
    if credits:
        return "wire:" + "+".join(credits)
    return "outlet:" + (view.article.outlet or view.article.id).lower()


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def source_groups(views: Sequence[MentionView], *, threshold: float = NEAR_DUPLICATE) -> dict[str, str]:
    """Map each view id to the name of its independence group."""
    uf = _UnionFind()
    keys = {v.id: _base_key(v) for v in views}
    for key in keys.values():
        uf.find(key)
    # a sentence's shingles are made only when a pair needs them: most incidents hold one report
    for i, a in enumerate(views):
        sa: frozenset[str] | None = None
        for b in views[i + 1 :]:
            if a.article.id == b.article.id:
                continue
            if uf.find(keys[a.id]) == uf.find(keys[b.id]):
                continue  # already one group: the union would change nothing
            if sa is None:
                sa = _sentence_shingles(a.event.provenance.sentence)
            if not sa:
                break  # no shingles: a joins no group by its sentence
            sb = _sentence_shingles(b.event.provenance.sentence)
            if sb and len(sa & sb) / len(sa | sb) >= threshold:
                uf.union(keys[a.id], keys[b.id])
    return {vid: uf.find(key) for vid, key in keys.items()}
