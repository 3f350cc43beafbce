"""The cue lexicon of attribution (``sitrep/data/cues.jsonl``) indexed for :mod:`sitrep.nlp.claims`.

Rows are data: verb cues with a stance, preposition cues ("according to"), content modifiers, line
layouts ("NAME: content", "“quote” ― NAME"), reporting nouns, anaphors, withholding verbs and topic
prepositions. See :mod:`sitrep.nlp.claims` for how each kind is matched.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable

from ..errors import RuleError
from ..records import STANCES
from ..rules import load_rules

__all__ = ["CueLexicon", "load_cues"]

#: precision guards a verb row may ask for ("guards"): "finite" the cue is an active finite verb (no "thinking", "to
#: believe", "is believed to"); "ccomp" the content is a clausal complement, not an infinitive nor a wh-clause ("X believes Y
#: is ...", not "X believed to be ..." nor "X knows where ..."); "top" the claim is not inside another claim's content or a quotation ("X said he believes ...": X's claim is the one reported). A guarded verb lends
#: no subject to a participle and takes no claim when its clause is a cue of its own ("wanted to warn that ...").
_GUARDS = frozenset({"finite", "ccomp", "top"})


@dataclass(frozen=True)
class _VerbCue:
    id: str
    stance: str
    particle: str | None
    needs: frozenset[str]
    object_tags: frozenset[str] | None = None  # object content only for these verb forms (finite "said X", not "to say X")
    guards: frozenset[str] = frozenset()  # precision guards of weak cues (belief verbs): see cues.jsonl


@dataclass(frozen=True)
class _Modifier:
    id: str
    stance: str
    from_stances: frozenset[str]
    aux: frozenset[str]
    adjectives: frozenset[str]
    lemmas: frozenset[str]
    self_only: bool


@dataclass(frozen=True)
class _Layout:
    """A speaker given by the layout of a line: "NAME: content" or "“quote” ― NAME"."""

    id: str
    kind: str  # "colon" | "dash"
    stance: str
    marks: tuple[str, ...]
    max_words: int
    exclude: frozenset[str]


@dataclass
class CueLexicon:
    """Cue rows of ``cues.jsonl`` indexed for the matcher."""

    verbs: dict[str, list[_VerbCue]] = field(default_factory=dict)
    preps: list[tuple[str, tuple[str, ...], str]] = field(default_factory=list)  # (id, words, stance)
    modifiers: list[_Modifier] = field(default_factory=list)
    layouts: list[_Layout] = field(default_factory=list)
    nouns: dict[str, tuple[str, str, frozenset[str]]] = field(default_factory=dict)  # lemma -> (id, stance, preps)
    anaphors: frozenset[str] = frozenset()
    withholding: frozenset[str] = frozenset()  # "refused to say": the cue under them states nothing
    topics: dict[str, frozenset[str]] = field(default_factory=dict)  # lemma -> prepositions whose object is the content
    top_only: set[str] = field(default_factory=set)  # ids of verb cues with the "top" guard (no claim inside another claim)
    strong: frozenset[str] = frozenset()  # verb lemmas with a cue without guards: these lend their subject to participles
    adjectives: dict[str, tuple[str, str, frozenset[str]]] = field(default_factory=dict)  # word -> (id, stance, topic preps)

    @classmethod
    def from_rows(cls, rows: Iterable[dict]) -> "CueLexicon":
        lex = cls()
        anaphors: set[str] = set()
        for row in rows:
            rtype = row.get("type", "verb")
            stance = row.get("stance")
            if rtype in ("verb", "prep", "modifier", "layout", "noun") and stance not in STANCES:
                raise RuleError(f"cues.jsonl: rule {row['id']!r} has unknown stance {stance!r}")
            if rtype == "verb":
                tags = row.get("object_tags")
                cue = _VerbCue(
                    row["id"], stance, row.get("particle"), frozenset(row.get("needs", ("clause", "object"))), frozenset(tags) if tags is not None else None,
                    frozenset(row.get("guards", ())),
                )
                unknown = cue.guards - _GUARDS
                if unknown:
                    raise RuleError(f"cues.jsonl: rule {row['id']!r} has unknown guards {sorted(unknown)}")
                if "top" in cue.guards:
                    lex.top_only.add(cue.id)
                for lemma in row.get("lemmas", []):
                    lex.verbs.setdefault(lemma.lower(), []).append(cue)
            elif rtype == "prep":
                lex.preps.append((row["id"], tuple(w.lower() for w in row["words"]), stance))
            elif rtype == "modifier":
                lex.modifiers.append(
                    _Modifier(
                        row["id"],
                        stance,
                        frozenset(row.get("from", ("assert",))),
                        frozenset(w.lower() for w in row.get("aux", [])),
                        frozenset(w.lower() for w in row.get("adjectives", [])),
                        frozenset(w.lower() for w in row.get("lemmas", [])),
                        bool(row.get("self", False)),
                    )
                )
            elif rtype == "layout":
                if row.get("layout") not in ("colon", "dash"):
                    raise RuleError(f"cues.jsonl: rule {row['id']!r} has unknown layout {row.get('layout')!r}")
                lex.layouts.append(
                    _Layout(row["id"], row["layout"], stance, tuple(row.get("marks", (":",))), int(row.get("max_words", 4)), frozenset(w.lower() for w in row.get("exclude", ())))
                )
            elif rtype == "noun":
                for lemma in row.get("lemmas", []):
                    lex.nouns[lemma.lower()] = (row["id"], stance, frozenset(w.lower() for w in row.get("preps", ())))
            elif rtype == "adjective":
                if stance not in STANCES:
                    raise RuleError(f"cues.jsonl: rule {row['id']!r} has unknown stance {stance!r}")
                for word in row.get("words", []):
                    lex.adjectives[word.lower()] = (row["id"], stance, frozenset(w.lower() for w in row.get("preps", ())))
                if "top" in row.get("guards", ()):
                    lex.top_only.add(row["id"])
            elif rtype == "anaphor":
                anaphors.update(w.lower() for w in row.get("words", []))
            elif rtype == "topic":
                for lemma in row.get("lemmas", []):
                    lex.topics[lemma.lower()] = lex.topics.get(lemma.lower(), frozenset()) | frozenset(w.lower() for w in row.get("preps", []))
            elif rtype == "withholding":
                lex.withholding = lex.withholding | frozenset(w.lower() for w in row.get("lemmas", []))
            else:
                raise RuleError(f"cues.jsonl: rule {row.get('id')!r} has unknown type {rtype!r}")
        # a row with a particle is more specific than one without: try it first
        for cues in lex.verbs.values():
            cues.sort(key=lambda c: c.particle is None)
        lex.strong = frozenset(lemma for lemma, cues in lex.verbs.items() if any(not c.guards for c in cues))
        lex.anaphors = frozenset(anaphors)
        return lex


@lru_cache(maxsize=16)
def load_cues(rules_dir: str = "") -> CueLexicon:
    return CueLexicon.from_rows(load_rules("cues.jsonl", extra_dir=rules_dir))
