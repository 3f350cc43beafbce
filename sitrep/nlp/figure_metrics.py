"""The metric of a quantity, read off the parse around it (steps 1 and 3 of :mod:`sitrep.nlp.figures`).

The count's node ("21 -> civilians"), then the governing predicate ("killed 21", "were left homeless",
"the death toll rose to 30"), the counted noun ("5 dead"), a container ("the number of displaced
families is 349"), a partitive ("eight of those killed") or a modifier ("displaced persons").
Every lexical decision is a rule in ``sitrep/data/figure_rules.jsonl``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .figure_rules import _Rules, _is_dwelling, _is_people, _lemma, _words

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Span, Token


_OBJECT_DEPS = ("dobj", "nsubjpass", "obj", "attr_obj")


_SUBJECT_DEPS = ("nsubj",)


#: words opening a quantity that the parser may read as a preposition ("killing between 18 and 19 civilians")
_QUANTITY_PREPS = frozenset({"between", "over", "about", "around", "approximately", "nearly", "almost", "some"})


_COMPLEMENT_DEPS = ("acomp", "oprd", "xcomp", "ccomp", "attr", "advcl", "conj", "dobj")


_MODIFIER_DEPS = ("amod", "acl", "relcl", "compound")


def _anchor(span: "Span") -> "Token":
    """The number token of a quantity span ("An estimated 120,000": 120,000, not "An")."""
    root = span.root
    nums = [t for t in span if t.like_num or t.pos_ == "NUM"]
    if root in nums or not nums:
        return root
    outside = [t for t in nums if not (span.start <= t.head.i < span.end)]
    return (outside or nums)[-1]


def _node_of(span: "Span", rules: _Rules) -> tuple["Token", "Token | None"]:
    """The token standing for the count in the parse, and the noun it counts (if any)."""
    anchor = _anchor(span)
    head = anchor.head
    if anchor.dep_ in ("nummod", "quantmod", "amod", "nmod", "compound") and head.i not in range(span.start, span.end) and head.pos_ in ("NOUN", "PROPN", "ADJ", "VERB"):
        return head, head
    for child in anchor.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for pobj in child.children:
                if pobj.dep_ == "pobj" and (pobj.pos_ in ("NOUN", "PROPN") or pobj.ent_type_ == "NORP"):
                    if _is_people(pobj, rules) or _is_dwelling(pobj, rules) or any(x in rules.nouns for x in _words(pobj)):
                        return anchor, pobj
    return anchor, None


def _verb_rule(verb: "Token", role: str, node: "Token", noun: "Token | None", rules: _Rules) -> dict[str, Any] | None:
    candidates = rules.verbs.get(_lemma(verb), ())
    if candidates and verb.dep_ in ("xcomp", "acl") and _lemma(verb.head) in rules.irrealis:
        return None  # "attempted to kill a policeman", "an attempt to assassinate": it did not happen
    for rule in candidates:
        if role not in rule.get("roles", ()):
            continue
        if rule.get("needs_dwelling") and not _is_dwelling(noun, rules):
            continue
        if rule.get("needs_people") and not _is_people(noun, rules):
            continue
        if not rule.get("needs_dwelling") and _is_dwelling(noun, rules):
            continue
        adverbs = {_lemma(c) for c in verb.children if c.dep_ in ("advmod", "npadvmod")}
        if rule.get("needs_advmod") and not adverbs.intersection(rule["needs_advmod"]):
            continue
        if adverbs.intersection(rule.get("unless_advmod", ())):
            continue
        need_obj = rule.get("needs_object")
        if need_obj and not any(c.dep_ in ("dobj", "obj") and _lemma(c) in need_obj for c in verb.children):
            continue
        need_prep = rule.get("needs_prep_obj")
        if need_prep and not _prep_objects(verb).intersection(need_prep):
            continue
        return rule
    return None


def _prep_objects(verb: "Token") -> set[str]:
    out: set[str] = set()
    for c in verb.children:
        if c.dep_ in ("prep", "advmod", "prt"):
            for d in c.subtree:
                if d.dep_ == "pobj" or d.pos_ == "NOUN":
                    out.add(_lemma(d))
    return out


def _complement(verb: "Token", noun: "Token | None", rules: _Rules, *, depth: int = 0) -> tuple[dict[str, Any], "Token"] | None:
    """A metric carried by a complement of ``verb``: "left homeless", "are missing", "reported killed"."""
    for c in verb.children:
        if c.dep_ not in _COMPLEMENT_DEPS or c.i < verb.i and c.dep_ != "attr":
            continue
        if c.dep_ in ("conj", "ccomp") and any(d.dep_ in ("nsubj", "nsubjpass", "dobj", "obj") for d in c.children):
            continue  # "124,600 were affected, and 58,980 were evacuated", "destroyed 20 and injured nine people": another clause, another count
        for w in _words(c):
            if w in rules.complements and _fits(rules.complements[w], noun, rules):
                return rules.complements[w], c
        if c.dep_ == "oprd":  # "left homeless following the rain" parsed as an adjective on the noun
            for d in c.children:
                if d.dep_ == "amod" and d.i < c.i and any(w in rules.complements for w in _words(d)):
                    return rules.complements.get(_lemma(d)) or rules.complements[d.lower_], d
        if c.pos_ in ("VERB", "ADJ") and c.dep_ in ("oprd", "xcomp", "ccomp", "acomp"):
            rule = _verb_rule(c, "object", c, noun, rules) or _verb_rule(c, "subject", c, noun, rules)
            if rule is not None:
                return rule, c
    return None


def _fits(rule: dict[str, Any], noun: "Token | None", rules: _Rules) -> bool:
    """A complement about dwellings ("uninhabitable") needs a dwelling; one about people needs none."""
    return bool(rule.get("dwelling")) == _is_dwelling(noun, rules)


def _predicate(node: "Token", noun: "Token | None", rules: _Rules, *, depth: int = 0) -> tuple[dict[str, Any], "Token"] | None:
    """The metric from the predicate governing ``node``."""
    dep, head = node.dep_, node.head
    if head is node or depth > 3:
        return None
    if dep in _SUBJECT_DEPS and head.pos_ == "AUX" and head.dep_ in ("aux", "auxpass") and head.head is not head:
        # "300,000 civilians remained displaced" parsed with the auxiliary as the subject's head
        dep, head = ("nsubjpass" if head.dep_ == "auxpass" else dep), head.head
    if dep == "pobj" and head.dep_ == "prep" and head.lower_ in _QUANTITY_PREPS and head.head.pos_ == "VERB" and head.i < node.i:
        # "killing between 18 and 19 civilians" parsed with "between" as a preposition: the verb's object
        dep, head = "dobj", head.head
    # "a total of 1,964 households were displaced": the container noun carries the role
    if dep == "pobj" and head.lower_ == "of" and _lemma(head.head) in rules.containers:
        return _predicate(head.head, noun, rules, depth=depth + 1)
    if dep == "pobj" and head.lower_ == "of" and head.head.pos_ == "NOUN":
        # "the bodies of 5 people were found": the metric noun (with its own conditions) counts them
        found = _noun_metric(head.head, head.head, rules)
        if found is not None and not found[0].get("strong"):
            return found
    role = "object" if dep in _OBJECT_DEPS else "subject" if dep in _SUBJECT_DEPS else None
    if role is not None:
        rule = _verb_rule(head, role, node, noun, rules)
        if rule is None and role == "subject" and (
            head.tag_ == "VBN"
            and (not any(c.dep_ in ("aux", "auxpass") for c in head.children) or any(c.dep_ == "auxpass" for c in head.children))
            or head.tag_ == "VBD" and not any(c.dep_ in ("aux", "auxpass", "dobj", "obj", "ccomp", "xcomp") for c in head.children)
        ):
            # "and 2,536 relocated": an elliptical passive; "300,000 remained displaced": a passive the parser
            # labelled with a subject; "100 people still displaced", "5 civilians killed in ...": a headline-style
            # reduced passive the parser read as a past tense without an object
            rule = _verb_rule(head, "object", node, noun, rules)
        if rule is not None:
            return rule, head
        if role == "subject" and head.pos_ == "ADJ":
            # "nine people dead", "1,000 homeless": the predicate adjective itself
            for w in _words(head):
                if w in rules.complements and _fits(rules.complements[w], noun, rules):
                    return rules.complements[w], head
        comp = _complement(head, noun, rules)
        if comp is not None:
            return comp
        # "were shot and killed", "was hit and wounded": a conjoined verb without its own arguments shares them
        for c in head.children:
            if (
                c.dep_ == "conj"
                and c.pos_ == "VERB"
                and c.i - head.i <= 3  # "shot and killed", "hit and fatally wounded": adjacent verbs, one clause
                and not any(d.dep_ in ("nsubj", "nsubjpass", "dobj", "obj", "npadvmod", "auxpass", "aux") for d in c.children)
            ):
                shared = _verb_rule(c, "object" if dep in _OBJECT_DEPS or head.tag_ == "VBN" and c.tag_ == "VBN" else role, node, noun, rules)
                if shared is not None:
                    return shared, c
        if _lemma(head) in rules.control:
            for c in head.children:
                if c.dep_ in ("xcomp", "ccomp", "advcl") and c.pos_ in ("VERB", "AUX"):
                    rule = _verb_rule(c, "subject", node, noun, rules) or _verb_rule(c, "object", node, noun, rules)
                    if rule is not None:
                        return rule, c
                    comp = _complement(c, noun, rules)
                    if comp is not None:
                        return comp
        # "the death toll rose to 30" (the number hangs under "to"), handled below
    if dep == "pobj" and head.dep_ == "prep":
        verb = head.head
        # "the evacuation of 2,000 residents"
        if head.lower_ == "of" and verb.pos_ in ("NOUN", "PROPN"):
            for w in _words(verb):
                if w in rules.event_nouns:
                    return rules.event_nouns[w], verb
        # "the death toll rose to 30" / "stands at 30" / "fatalities coded as 10"
        if head.lower_ in ("to", "at", "as") and verb.pos_ in ("VERB", "AUX"):
            for c in verb.children:
                if c.dep_ in ("nsubj", "nsubjpass") and any(w in rules.toll_nouns for w in _words(c)):
                    return rules.toll_nouns[_lemma(c)] if _lemma(c) in rules.toll_nouns else rules.toll_nouns[c.lower_], c
    if dep == "appos" or (dep == "attr" and head.lemma_ == "be"):
        # "the toll is 30" / "casualties: 30"
        for c in head.children:
            if c.dep_ in ("nsubj",) and any(w in rules.toll_nouns for w in _words(c)):
                return rules.toll_nouns.get(_lemma(c)) or rules.toll_nouns[c.lower_], c
    return None


def _noun_metric(noun: "Token | None", node: "Token", rules: _Rules) -> tuple[dict[str, Any], "Token"] | None:
    for tok in (noun, node):
        if tok is None:
            continue
        for w in _words(tok):
            rule = rules.nouns.get(w)
            if rule is None:
                continue
            need = rule.get("needs_verb")
            if need:
                head = tok.head
                if not (tok.dep_ in _OBJECT_DEPS and _lemma(head) in need) and not any(
                    c.dep_ in ("acl", "relcl", "amod") and _lemma(c) in need for c in tok.children
                ):
                    continue
            return rule, tok
    return None


def _modifier(noun: "Token | None", node: "Token", rules: _Rules) -> tuple[dict[str, Any], "Token"] | None:
    """A participle or adjective on the counted noun: "displaced persons", "people forced to flee"."""
    for tok in (noun, node):
        if tok is None:
            continue
        for c in tok.children:
            if c.dep_ not in _MODIFIER_DEPS:
                continue
            rule = _verb_rule(c, "modifier", node, noun, rules)
            if rule is not None:
                return rule, c
            for w in _words(c):
                if w in rules.complements and _fits(rules.complements[w], noun, rules):
                    return rules.complements[w], c
            if c.dep_ in ("acl", "relcl") and c.pos_ == "VERB":
                comp = _complement(c, noun, rules)  # "1,000 rendered homeless", "families left homeless"
                if comp is not None:
                    return comp
            if _lemma(c) in rules.control:
                for d in c.children:
                    if d.dep_ in ("xcomp", "ccomp"):
                        rule = _verb_rule(d, "subject", node, noun, rules) or _verb_rule(d, "object", node, noun, rules)
                        if rule is not None:
                            return rule, d
            # "8,400 IDPs were still living in displacement": not a modifier; "people in need of shelter" below
    return None


def _partitive(node: "Token", rules: _Rules, noun: "Token | None") -> tuple[dict[str, Any], "Token"] | None:
    """ "eight of those killed", "three of the wounded", "16 civilians were among those killed"."""
    preps = [(c, "of") for c in node.children if c.dep_ == "prep" and c.lower_ == "of"]
    if node.dep_ == "nsubj" and _lemma(node.head) == "be":
        preps += [(c, "among") for c in node.head.children if c.dep_ == "prep" and _lemma(c) in rules.subset]
    for c, _kind_ in preps:
        if True:
            for pobj in c.children:
                if pobj.dep_ != "pobj":
                    continue
                found = _noun_metric(pobj, pobj, rules) or _modifier(pobj, pobj, rules)
                if found is not None and (_lemma(pobj) in rules.partitive or pobj.lower_ in rules.partitive or found[1] is pobj or any(d.lower_ == "the" for d in pobj.children)):
                    return found
    return None


def _strong_noun(noun: "Token | None", rules: _Rules) -> tuple[dict[str, Any], "Token"] | None:
    """A counted noun that decides the metric whatever the parse attaches it to ("three deaths")."""
    if noun is None:
        return None
    for w in _words(noun):
        rule = rules.nouns.get(w)
        if rule is not None and rule.get("strong"):
            return rule, noun
    return None


def _container_count(node: "Token", rules: _Rules) -> tuple[dict[str, Any], "Token", "Token"] | None:
    """ "the number of displaced families is (estimated to be) 349", "the total of evacuees rose to 5,000":
    the metric and the counted noun from the container noun that the number is predicated of."""
    head = node.head
    subject = None
    if node.dep_ == "attr" and _lemma(head) == "be":
        clause = head
        subject = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is None and clause.dep_ in ("xcomp", "ccomp"):
            subject = next((c for c in clause.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    elif node.dep_ == "pobj" and head.lower_ in ("to", "at", "as") and head.head.pos_ in ("VERB", "AUX"):
        subject = next((c for c in head.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or _lemma(subject) not in rules.containers:
        return None
    of = False
    for prep in subject.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            of = True
            for pobj in prep.children:
                if pobj.dep_ != "pobj":
                    continue
                found = _noun_metric(pobj, pobj, rules) or _modifier(pobj, pobj, rules)
                if found is not None:
                    return found[0], found[1], pobj
    if not of:
        # "fatalities were reported, with the number put at 10": the bare container stands for the count
        # that a strong noun of the same sentence names
        for tok in node.sent:
            if tok is not subject and tok.pos_ == "NOUN":
                found = _strong_noun(tok, rules)
                if found is not None:
                    return found[0], found[1], tok
    return None
