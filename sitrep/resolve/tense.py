"""The tense governing a time expression, read from the cue words of its clause
(``tense_cue`` rows of ``time_rules.jsonl``)."""

from __future__ import annotations

import re
from typing import Any

from .timex import time_rules

__all__ = ["detect_tense", "CLAUSE_BREAK"]

CLAUSE_BREAK = re.compile(r"[;:\u2014\u2013]|\s-\s|\bbut\b|,\s*(?:while|whereas|although|after|before|when|which|who)\b", re.I)
_TOKEN = re.compile(r"[A-Za-z][A-Za-z'-]*")


def _is_cue(cue: dict[str, Any], tok: str, prev: str) -> bool:
    """``tok`` (after the word ``prev``) is a single-word cue of ``cue``: one of its words or an
    ending such as "-ed", unless the word before it is one of the row's ``not_after`` words (a
    determiner makes "the plan" a noun; "is"/"be" make "is expected"/"be held" a passive)."""
    if prev in cue["_not_after"]:
        return False
    if tok in cue["_words"]:
        return True
    return tok not in cue["_except"] and len(tok) > 4 and any(tok.endswith(x) for x in cue.get("suffixes", ()))


def _cue_tense(tokens: list[str], cues: tuple[dict[str, Any], ...]) -> str | None:
    for i, tok in enumerate(tokens):
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        prev = tokens[i - 1] if i > 0 else ""
        for cue in cues:
            if f"{tok} {nxt}" in cue["_words"] or _is_cue(cue, tok, prev):
                if i < cue["_after"]:
                    return str(cue.get("tense"))
                if cue["_blocks"]:  # beyond its row's reach, a "blocks" cue still ends the scan
                    return None
    return None


def detect_tense(before: str, after: str = "", *, rules_dir: str = "") -> str:
    """The tense governing a time expression: "future", "past" or "unknown".

    The words of the same clause are scanned outwards, backwards from the expression first
    (``before`` is the sentence text before it) and then forwards (``after``); the first cue of the
    ``tense_cue`` rows (words, or a suffix such as "-ed" minus exceptions) decides. Each row reaches
    ``window_before`` / ``window_after`` words; a cue further away is skipped, or, when its row says
    ``blocks``, ends the scan (a far "will" does not jump over a nearer "said"). A row with
    ``starts_after`` decides first when the text after the expression starts with one of those marks
    (a possessive "Wednesday's ruling" names a day and ignores the clause's tense). With no cue the
    tense is "unknown": resolvers then take the date nearest the anchor (weekdays: on or before).
    """
    cues = _prepared_cues(rules_dir)
    if not cues:
        return "unknown"
    if after[:1] in _POSSESSIVE_MARKS:
        for cue in cues:  # "Wednesday's ruling": a possessive date names a day, not the clause's time
            if any(after.startswith(m) for m in cue["_starts_after"]):
                return str(cue.get("tense"))
    nb = max(int(c.get("window_before", 8)) for c in cues)
    na = max(int(c.get("window_after", 5)) for c in cues)
    back = _TOKEN.findall(CLAUSE_BREAK.split(before)[-1].lower())[-nb:]
    back.reverse()
    # a multi-word cue read backwards ("is to") is checked by re-joining pairs in text order
    found = _cue_tense_back(back, cues)
    if found:
        return found
    fwd = _TOKEN.findall(CLAUSE_BREAK.split(after)[0].lower())[:na]
    return _cue_tense(fwd, cues) or "unknown"


def _cue_tense_back(rev: list[str], cues: tuple[dict[str, Any], ...]) -> str | None:
    for i, tok in enumerate(rev):
        prev = rev[i + 1] if i + 1 < len(rev) else ""
        for cue in cues:
            if f"{prev} {tok}" in cue["_words"] or _is_cue(cue, tok, prev):
                if i < cue["_before"]:
                    return str(cue.get("tense"))
                if cue["_blocks"]:
                    return None
    return None


_POSSESSIVE_MARKS = frozenset("'\u2019")
_CUE_CACHE: dict[str, tuple[dict[str, Any], ...]] = {}


def _prepared_cues(rules_dir: str) -> tuple[dict[str, Any], ...]:
    cached = _CUE_CACHE.get(rules_dir)
    if cached is None:
        prepared = []
        for cue in time_rules(rules_dir).tense_cues:
            row = dict(cue)
            row["_words"] = frozenset(w.lower() for w in cue.get("words", ()))
            row["_except"] = frozenset(w.lower() for w in cue.get("except_words", ()))
            row["_not_after"] = frozenset(w.lower() for w in cue.get("not_after", ()))
            row["_before"] = int(cue.get("window_before", 8))
            row["_after"] = int(cue.get("window_after", 5))
            row["_blocks"] = bool(cue.get("blocks"))
            row["_starts_after"] = tuple(cue.get("starts_after", ()))
            prepared.append(row)
        cached = _CUE_CACHE[rules_dir] = tuple(prepared)
    return cached
