"""Speed paths of the event stage give what the plain definitions give: precedence order with compiled
rules, the country guess, the civilian check and status cues read from the shared views."""

from __future__ import annotations

import itertools
import random

from sitrep.nlp.precedence import GOV, NSA, TERRITORY, _in, load_precedence, order
from sitrep.nlp.ruleset import SUB_TO_TYPE


def _reference_order(labels, rules, where="events"):
    active = [r for r in rules if where in r.where]
    present = list(labels)

    def demotions(label):
        return sum(
            1
            for r in active
            if _in(label, r.before) and not _in(label, r.first) and any(_in(o, r.first) and w >= r.min_weight for o, w in present)
        )

    return sorted(range(len(present)), key=lambda i: (demotions(present[i][0]), i))


def test_order_equals_the_reference_definition() -> None:
    rules = load_precedence()
    labels = sorted(SUB_TO_TYPE) + [TERRITORY, GOV, NSA, "DIPLO"]
    rng = random.Random(7)
    for where in ("events", "classify", "note"):
        for _ in range(400):
            k = rng.randint(0, 4)
            pairs = [(rng.choice(labels), rng.choice((0.5, 1.0, 3.0, 4.5, 6.0))) for _ in range(k)]
            assert order(pairs, rules, where=where) == _reference_order(pairs, rules, where)
            assert order(pairs, list(rules), where=where) == _reference_order(pairs, rules, where)
    for a, b in itertools.product(labels, repeat=2):
        pairs = [(a, 4.0), (b, 4.0)]
        assert order(pairs, rules) == _reference_order(pairs, rules)


def _reference_guess(d, text):
    import re

    words = [w.lower().replace("’", "'") for w in re.findall(r"[\w][\w.'’-]*", text)]
    counts, first = {}, {}
    for i in range(len(words)):
        w = words[i]
        if w not in d._demonym_firsts and not (w.endswith("'s") and w[:-2] in d._demonym_firsts):
            continue
        for n in range(d._demonym_words, 0, -1):
            if i + n > len(words):
                continue
            phrase = " ".join(words[i : i + n])
            iso = d.demonyms.get(phrase)
            if iso is None and phrase.endswith("'s"):
                iso = d.demonyms.get(phrase[:-2])
            if iso:
                counts[iso] = counts.get(iso, 0) + 1
                first.setdefault(iso, i)
                break
    return max(counts, key=lambda c: (counts[c], -first[c])) if counts else None


def test_guess_country_equals_the_reference_definition() -> None:
    from sitrep.resolve.actors import ActorDictionary

    d = ActorDictionary.load()
    texts = [
        "Turkish troops shelled Kurdish positions near the Syrian border on Monday.",
        "SYRIA'S army and Iraq's militias met Russian officers; Iranian advisers and Syrians watched.",
        "Syria’s foreign ministry and Turkey’s envoy spoke in Ankara and in Damascus.",
        "İSTANBUL — Turkish and Syrian delegations met in Moscow with Russian mediators.",
        "Nothing here names a country at all.",
        "U.S.-backed fighters and the Lebanese Hezbollah clashed near al-Qusayr, Lebanon.",
        "",
    ]
    for t in texts:
        assert d._guess_country(t) == _reference_guess(d, t), t
