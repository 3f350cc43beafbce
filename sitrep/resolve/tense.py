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
    return tok not in cue["_except"] and len(tok) > 4 and tok.endswith(cue["_suffixes"]) if cue["_suffixes"] else False


def _scan(tokens: list[str], cues: "_Cues", *, backwards: bool) -> str | None:
    """The tense of the first cue among ``tokens`` (read outwards from the expression): for each
    token, the rows it can match (by word, word pair or suffix, from one index lookup) are tried in
    row order; a row matches as :func:`_is_cue` says, or by the word pair ("is to" read backwards is
    the previous token and this one; forwards, this token and the next)."""
    rows, index, suffix_rows, suffixes = cues.rows, cues.index, cues.suffix_rows, cues.suffixes
    window = "_before" if backwards else "_after"
    n = len(tokens)
    for i, tok in enumerate(tokens):
        if backwards:
            prev = tokens[i + 1] if i + 1 < n else ""
            pair = f"{prev} {tok}"
        else:
            prev = tokens[i - 1] if i > 0 else ""
            pair = f"{tok} {tokens[i + 1] if i + 1 < n else ''}"
        by_word = index.get(tok, ())
        by_pair = index.get(pair, ())
        by_suffix = suffix_rows if (suffixes and len(tok) > 4 and tok.endswith(suffixes)) else ()
        if not (by_word or by_pair or by_suffix):
            continue
        for r in sorted({*by_word, *by_pair, *by_suffix}):
            cue = rows[r]
            if r in by_pair or _is_cue(cue, tok, prev):
                if i < cue[window]:
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
    if not cues.rows:
        return "unknown"
    if after[:1] in _POSSESSIVE_MARKS:
        for cue in cues.rows:  # "Wednesday's ruling": a possessive date names a day, not the clause's time
            if any(after.startswith(m) for m in cue["_starts_after"]):
                return str(cue.get("tense"))
    back = _TOKEN.findall(CLAUSE_BREAK.split(before)[-1].lower())[-cues.nb :] if before else []
    back.reverse()
    found = _scan(back, cues, backwards=True) if back else None
    if found:
        return found
    if not after or cues.na == 0:
        return "unknown"
    fwd = _TOKEN.findall(CLAUSE_BREAK.split(after)[0].lower())[: cues.na]
    return _scan(fwd, cues, backwards=False) or "unknown"


_POSSESSIVE_MARKS = frozenset("'\u2019")
class _Cues:
    """The prepared ``tense_cue`` rows of one rules folder and an index word (or word pair) -> rows."""

    def __init__(self, rows: tuple[dict[str, Any], ...]) -> None:
        self.rows = rows
        index: dict[str, list[int]] = {}
        for r, row in enumerate(rows):
            for w in row["_words"]:
                index.setdefault(w, []).append(r)
        self.index = {w: tuple(rs) for w, rs in index.items()}
        self.suffix_rows = tuple(r for r, row in enumerate(rows) if row["_suffixes"])
        self.suffixes = tuple(sorted({x for row in rows for x in row["_suffixes"]}))
        self.nb = max((row["_before"] for row in rows), default=0)
        self.na = max((row["_after"] for row in rows), default=0)


_CUE_CACHE: dict[str, _Cues] = {}


def _prepared_cues(rules_dir: str) -> _Cues:
    cached = _CUE_CACHE.get(rules_dir)
    if cached is None:
        prepared = []
        for cue in time_rules(rules_dir).tense_cues:
            row = dict(cue)
            row["_words"] = frozenset(w.lower() for w in cue.get("words", ()))
            row["_except"] = frozenset(w.lower() for w in cue.get("except_words", ()))
            row["_not_after"] = frozenset(w.lower() for w in cue.get("not_after", ()))
            row["_suffixes"] = tuple(cue.get("suffixes", ()))
            row["_before"] = int(cue.get("window_before", 8))
            row["_after"] = int(cue.get("window_after", 5))
            row["_blocks"] = bool(cue.get("blocks"))
            row["_starts_after"] = tuple(cue.get("starts_after", ()))
            prepared.append(row)
        cached = _CUE_CACHE[rules_dir] = _Cues(tuple(prepared))
    return cached
