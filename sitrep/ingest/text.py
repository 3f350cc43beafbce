"""Seed-shaped plain text: headline, optional standfirst, body, credits, trailing teasers.

The layout rules (credits lines, teaser-block starts, furniture lines) are data in
``sitrep/data/ingest_furniture.jsonl``; the mechanics are here. ``Article.text`` is the body only:
one paragraph a line, subheadings kept as their own lines, credits and teasers removed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..errors import NoArticleText, RuleError
from ..rules import load_rules

__all__ = ["Body", "Layout", "clean_body", "is_subheading", "split_article", "split_credit_names"]

_TERMINAL = re.compile(r"""[.!?…]["'”’)\]]*$""")
_INNER_SENTENCE = re.compile(r"""[.!?]["'”’]?\s+["'“‘]?[A-Z0-9]""")
_WS = re.compile(r"[ \t\u00a0\u2009\u202f]+")
_NAME_SPLIT = re.compile(r"\s*(?:,|;|/|&|\band\b)\s*", re.I)

#: A subheading has at most this many words and no final punctuation.
SUBHEADING_MAX_WORDS = 8
#: A standfirst has at least this many words (shorter second lines are kickers or subheadings).
STANDFIRST_MIN_WORDS = 6
STANDFIRST_MAX_WORDS = 60


@dataclass(frozen=True)
class Layout:
    credits: tuple[tuple[str, re.Pattern[str]], ...]
    teaser_start: tuple[tuple[str, re.Pattern[str]], ...]
    drop_line: tuple[tuple[str, re.Pattern[str]], ...]


@dataclass(frozen=True)
class Body:
    text: str
    credits: tuple[str, ...]


@lru_cache(maxsize=8)
def _layout(extra_dir: str = "") -> Layout:
    groups: dict[str, list[tuple[str, re.Pattern[str]]]] = {"credits": [], "teaser_start": [], "drop_line": []}
    for rule in load_rules("ingest_furniture.jsonl", extra_dir=extra_dir, required=("id", "kind", "pattern")):
        kind = rule["kind"]
        if kind not in groups:
            raise RuleError(f"ingest_furniture.jsonl: rule {rule['id']!r} has unknown kind {kind!r}")
        try:
            pattern = re.compile(rule["pattern"], re.I)
        except re.error as exc:
            raise RuleError(f"ingest_furniture.jsonl: rule {rule['id']!r}: bad pattern ({exc})") from None
        if kind == "credits" and "names" not in pattern.groupindex:
            raise RuleError(f"ingest_furniture.jsonl: credits rule {rule['id']!r} needs a (?P<names>...) group")
        groups[kind].append((rule["id"], pattern))
    return Layout(**{k: tuple(v) for k, v in groups.items()})


def _norm_line(line: str) -> str:
    return _WS.sub(" ", line).strip()


def _words(line: str) -> int:
    return len(line.split())


def is_subheading(line: str) -> bool:
    """A short line without final punctuation inside the body ("50,000 flee")."""
    return 0 < _words(line) <= SUBHEADING_MAX_WORDS and not _TERMINAL.search(line) and not line.endswith((":", ","))


def split_credit_names(names: str) -> tuple[str, ...]:
    """ "Reuters, AFP and AP" → ("Reuters", "AFP", "AP")."""
    return tuple(n.strip(" .") for n in _NAME_SPLIT.split(names) if n.strip(" ."))


def _match(rules: tuple[tuple[str, re.Pattern[str]], ...], line: str) -> re.Match[str] | None:
    for _rid, pattern in rules:
        m = pattern.search(line)
        if m:
            return m
    return None


def clean_body(paragraphs: list[str], *, extra_dir: str = "") -> Body:
    """Drop the trailing teaser block and furniture lines; take credits lines out into ``credits``."""
    layout = _layout(extra_dir)
    kept: list[str] = []
    credits: list[str] = []
    for line in paragraphs:
        if kept and _match(layout.teaser_start, line):
            break  # everything from here on is related-article teasers
        m = _match(layout.credits, line)
        if m:
            for name in split_credit_names(m.group("names")):
                if name not in credits:
                    credits.append(name)
            continue
        if _match(layout.drop_line, line):
            continue
        kept.append(line)
    while kept and is_subheading(kept[-1]):  # a dangling heading with nothing under it
        kept.pop()
    return Body(text="\n".join(kept), credits=tuple(credits))


def _is_standfirst(line: str, following: list[str]) -> bool:
    """A second line reads as a standfirst: one sentence, no final full stop, body after it."""
    if not following or any(True for _ in _INNER_SENTENCE.finditer(line)):
        return False
    n = _words(line)
    if not STANDFIRST_MIN_WORDS <= n <= STANDFIRST_MAX_WORDS:
        return False
    return not _TERMINAL.search(line)


def split_article(raw: str, *, source: str, extra_dir: str = "") -> tuple[str, str | None, Body]:
    """Headline, standfirst (or None) and cleaned body of a seed-shaped plain-text article."""
    lines = [_norm_line(line) for line in raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    paragraphs = [line for line in lines if line]
    if not paragraphs:
        raise NoArticleText(source, "no text lines")
    title = paragraphs[0]
    rest = paragraphs[1:]
    standfirst: str | None = None
    if rest and _is_standfirst(rest[0], rest[1:]):
        standfirst, rest = rest[0], rest[1:]
    body = clean_body(rest, extra_dir=extra_dir)
    if not body.text:
        if standfirst is None and not rest:
            # a one-line article: the headline is all the text there is
            return title, None, Body(text=title, credits=body.credits)
        raise NoArticleText(source, "no body text after the headline (only credits, teasers or furniture)")
    return title, standfirst, body
