"""Speaker resolution within one article: who is speaking, under one normalised name, and of what kind.

Input is plain data (:class:`SpeakerMention`, built by :mod:`sitrep.nlp.claims` from the parse);
the lexicon is ``sitrep/data/speakers.jsonl``:

- ``type: speaker`` rows name known speakers with aliases and a kind ("the Observatory",
  "The Britain-based monitor" → Syrian Observatory for Human Rights, monitor);
- ``type: descriptor`` rows give the kind of a speaker phrase from its words ("a Syrian military
  source" → military source, "a rebel official" → armed group). A *binding* descriptor ("a
  monitoring group") is resolved to the nearest named speaker of the same kind in the article.

Resolution, in order, for each mention:

1. an alias of a known speaker in the phrase → that speaker;
2. a person's name → the name, with the organisation named in its apposition kept in brackets
   ("Zakaria Malahifji, head of ... the Fastaqim rebel group" → "Zakaria Malahifji (Fastaqim)");
   a bare surname takes the full name and title of a person named elsewhere in the article
   ("Ayrault" → "Jean-Marc Ayrault", state, from "French Foreign Minister Jean-Marc Ayrault");
3. a named state (a GPE entity: "Russia said") → kind state;
4. a descriptor → its kind; a binding descriptor takes the nearest named speaker of that kind;
5. a pronoun → the nearest preceding resolved speaker;
6. otherwise the phrase as written (whitespace collapsed, leading determiner lower-cased), kind unknown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Sequence

from ..errors import RuleError
from ..records import SPEAKER_KINDS
from ..rules import load_rules

__all__ = [
    "SpeakerMention",
    "ResolvedSpeaker",
    "SpeakerLexicon",
    "load_lexicon",
    "resolve_speakers",
    "written_form",
    "is_not_speaker",
]

_DETERMINERS = ("the", "a", "an", "this", "that", "these", "those", "its", "their")
_PRONOUNS = {"he", "she", "it", "they", "we", "i", "you", "him", "her", "them", "us", "me", "who"}


@dataclass(frozen=True)
class SpeakerMention:
    """A speaker phrase as found in the text, with what the parse says about it."""

    text: str  # the speaker as written ("a rebel official", "Zakaria Malahifji")
    start: int
    end: int
    head_pos: str = "NOUN"  # PROPN / NOUN / PRON of the phrase's head
    ent_label: str = ""  # named-entity label of the head (PERSON, GPE, ORG, NORP) or ""
    context: str = ""  # apposition or title describing the speaker ("head of ... Fastaqim rebel group")
    org: str = ""  # proper name of the organisation in the context ("Fastaqim")
    name: str = ""  # the person's name inside the phrase, without title ("Jean-Marc Ayrault")


@dataclass(frozen=True)
class ResolvedSpeaker:
    norm: str
    kind: str
    rule_id: str


@dataclass(frozen=True)
class _Known:
    id: str
    name: str
    kind: str
    patterns: tuple[re.Pattern[str], ...]


@dataclass(frozen=True)
class _Descriptor:
    id: str
    kind: str
    priority: int
    bind: bool
    patterns: tuple[tuple[re.Pattern[str], int], ...]  # (pattern, number of words)


def _alias_pattern(alias: str) -> re.Pattern[str]:
    words = alias.split()
    case_sensitive = len(words) == 1 and alias[:1].isupper() or alias.isupper()
    body = r"\s+".join(re.escape(w) for w in words)
    return re.compile(r"(?<![\w-])" + body + r"(?![\w-])", 0 if case_sensitive else re.IGNORECASE)


class SpeakerLexicon:
    """Known speakers and descriptors, compiled from ``speakers.jsonl`` rows."""

    def __init__(self, rows: Iterable[dict]) -> None:
        known: list[_Known] = []
        descs: list[_Descriptor] = []
        not_speakers: set[str] = set()
        for row in rows:
            if row.get("type") == "not_speaker":
                not_speakers.update(t.lower() for t in row.get("terms", []))
                continue
            kind = row.get("kind", "unknown")
            if kind not in SPEAKER_KINDS:
                raise RuleError(f"speakers.jsonl: rule {row.get('id')!r} has unknown kind {kind!r}")
            rtype = row.get("type", "speaker")
            if rtype == "speaker":
                aliases = [row["name"], *row.get("aliases", [])]
                # longest alias first so that "Syrian Observatory" beats "Observatory"
                pats = tuple(_alias_pattern(a) for a in sorted(set(aliases), key=len, reverse=True))
                known.append(_Known(row["id"], row["name"], kind, pats))
            elif rtype == "descriptor":
                pats = tuple((_alias_pattern(t), len(t.split())) for t in row.get("terms", []))
                descs.append(_Descriptor(row["id"], kind, int(row.get("priority", 0)), bool(row.get("bind", False)), pats))
            else:
                raise RuleError(f"speakers.jsonl: rule {row.get('id')!r} has unknown type {rtype!r}")
        self.known = tuple(known)
        self.not_speakers = frozenset(not_speakers)
        self.descriptors = tuple(sorted(descs, key=lambda d: -d.priority))
        # memos of the two look-ups (pure functions of the text; the lexicon never changes once built)
        self._known_memo: dict[str, _Known | None] = {}
        self._descriptor_memo: dict[str, _Descriptor | None] = {}

    def known_speaker(self, text: str) -> _Known | None:
        """The known speaker whose longest alias occurs in ``text`` (earliest, then longest, wins)."""
        memo = self._known_memo
        if text in memo:
            return memo[text]
        if len(memo) > _MEMO_SIZE:
            memo.clear()
        found = memo[text] = self._known_speaker(text)
        return found

    def _known_speaker(self, text: str) -> _Known | None:
        best: tuple[int, int, _Known] | None = None
        for k in self.known:
            for pat in k.patterns:
                m = pat.search(text)
                if m:
                    key = (m.start(), -(m.end() - m.start()))
                    if best is None or key < best[:2]:
                        best = (key[0], key[1], k)
                    break
        return best[2] if best else None

    def descriptor(self, text: str) -> _Descriptor | None:
        """The descriptor matching ``text`` with the highest priority, then the longest term."""
        memo = self._descriptor_memo
        if text in memo:
            return memo[text]
        if len(memo) > _MEMO_SIZE:
            memo.clear()
        found = memo[text] = self._descriptor(text)
        return found

    def _descriptor(self, text: str) -> _Descriptor | None:
        best: tuple[int, int, _Descriptor] | None = None
        for d in self.descriptors:
            for pat, nwords in d.patterns:
                if pat.search(text):
                    key = (d.priority, nwords)
                    if best is None or key > best[:2]:
                        best = (d.priority, nwords, d)
        return best[2] if best else None


_MEMO_SIZE = 8192  # texts remembered per look-up before the memo starts afresh


@lru_cache(maxsize=16)
def load_lexicon(rules_dir: str = "") -> SpeakerLexicon:
    return SpeakerLexicon(load_rules("speakers.jsonl", extra_dir=rules_dir))


def is_not_speaker(head_lemma: str, *, rules_dir: str = "") -> bool:
    """Whether a phrase headed by ``head_lemma`` can never be a speaker ("an attack threatens to ...")."""
    return head_lemma.lower() in load_lexicon(rules_dir).not_speakers


def written_form(text: str) -> str:
    """The speaker as written, whitespace collapsed and a leading determiner lower-cased."""
    words = text.split()
    if words and words[0].lower() in _DETERMINERS:
        words[0] = words[0].lower()
    return " ".join(words).strip(" ,;:\"'“”‘’")


def _strip_det(text: str) -> str:
    words = text.split()
    while words and words[0].lower() in _DETERMINERS:
        words = words[1:]
    return " ".join(words)


def resolve_speakers(
    mentions: Sequence[SpeakerMention],
    *,
    names: Sequence[tuple[str, str]] = (),
    rules_dir: str = "",
) -> list[ResolvedSpeaker]:
    """Resolve each mention (in text order) to a normalised speaker and kind within one article.

    ``names`` are the person names found anywhere in the article with their title or apposition
    text (``("Jean-Marc Ayrault", "French Foreign Minister")``), used to expand bare surnames.
    """
    lex = load_lexicon(rules_dir)
    first: list[ResolvedSpeaker | None] = []
    pending_bind: list[int] = []
    pending_pron: list[int] = []
    named: list[tuple[int, ResolvedSpeaker]] = []  # (mention index, resolved) of named speakers
    for i, m in enumerate(mentions):
        r, state = _resolve_one(m, lex, names)
        first.append(r)
        if state == "named" and r is not None:
            named.append((i, r))
        elif state == "bind":
            pending_bind.append(i)
        elif state == "pronoun":
            pending_pron.append(i)
    for i in pending_bind:
        r = first[i]
        assert r is not None
        target = _nearest_named(i, r.kind, named)
        if target is not None:
            first[i] = ResolvedSpeaker(target.norm, target.kind, r.rule_id + "+bind")
    for i in pending_pron:
        prev = next((first[j] for j in range(i - 1, -1, -1) if first[j] is not None), None)
        if prev is not None:
            first[i] = ResolvedSpeaker(prev.norm, prev.kind, "speaker.pronoun")
        else:
            first[i] = ResolvedSpeaker(written_form(mentions[i].text), "unknown", "speaker.pronoun")
    return [r if r is not None else ResolvedSpeaker(written_form(m.text), "unknown", "speaker.written") for r, m in zip(first, mentions)]


def _nearest_named(i: int, kind: str, named: list[tuple[int, ResolvedSpeaker]]) -> ResolvedSpeaker | None:
    same = [(j, r) for j, r in named if r.kind == kind]
    if not same:
        return None
    before = [(i - j, r) for j, r in same if j < i]
    after = [(j - i, r) for j, r in same if j > i]
    if before:
        return min(before, key=lambda x: x[0])[1]
    return min(after, key=lambda x: x[0])[1]


def _resolve_one(
    m: SpeakerMention, lex: SpeakerLexicon, names: Sequence[tuple[str, str]]
) -> tuple[ResolvedSpeaker | None, str]:
    text = " ".join(m.text.split())
    bare = _strip_det(text)
    if m.head_pos == "PRON" and bare.lower() in _PRONOUNS:
        return None, "pronoun"
    known = lex.known_speaker(text)
    if known is not None:
        return ResolvedSpeaker(known.name, known.kind, known.id), "named"
    person = m.ent_label == "PERSON" or (m.head_pos == "PROPN" and m.ent_label not in ("GPE", "ORG", "NORP"))
    if not person and m.head_pos == "PROPN" and len(bare.split()) == 1:
        person = any(full.split()[-1] == bare and len(full.split()) > 1 for full, _ in names)
    if person:
        full, title = _expand_surname(m.name or bare, names)
        context = " ".join(x for x in (title, m.context) if x)
        org_known = lex.known_speaker(m.org) if m.org else None
        if org_known is None and context:
            org_known = lex.known_speaker(context)
        org = org_known.name if org_known is not None else m.org
        desc = lex.descriptor(" ".join((context, text)))
        kind = org_known.kind if org_known is not None else (desc.kind if desc else "unknown")
        norm = f"{full} ({org})" if org else full
        return ResolvedSpeaker(norm, kind, "speaker.person"), "named"
    if m.ent_label == "GPE" and m.head_pos == "PROPN":
        return ResolvedSpeaker(bare, "state", "speaker.state"), "named"
    desc = lex.descriptor(" ".join(x for x in (m.context, text) if x))
    if desc is not None:
        r = ResolvedSpeaker(written_form(text), desc.kind, desc.id)
        if m.head_pos == "PROPN" or m.ent_label == "ORG":
            return ResolvedSpeaker(bare, desc.kind, desc.id), "named"
        return r, ("bind" if desc.bind else "descriptor")
    if m.head_pos == "PROPN" or m.ent_label:
        kind = "state" if m.ent_label == "GPE" else "unknown"
        return ResolvedSpeaker(bare, kind, "speaker.named"), "named"
    return None, "written"


def _expand_surname(name: str, names: Sequence[tuple[str, str]]) -> tuple[str, str]:
    """A bare surname → (full name, title) of a person named elsewhere in the article."""
    title = ""
    for full, t in names:
        if full == name:
            title = title or t
    if len(name.split()) == 1:
        for full, t in names:
            parts = full.replace("-", " ").split()
            if len(parts) > 1 and full.split()[-1] == name:
                return full, t
    return name, title
