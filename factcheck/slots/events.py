"""The event a slot belongs to: the verb that a place, time or figure hangs from in the parse.

A sentence often tells several events ("the train passed Y when the minister confirmed she would visit X"); a
place or time is only comparable with another outlet's place or time for the *same* event. ``anchor(doc, start)``
walks from the slot's first token up the dependency tree to the nearest verb (or event noun such as "visit",
"meeting") and returns its lemma, folded through ``EVENT_SYNONYMS`` so that "departed" and "left" compare equal.
"""

from __future__ import annotations

from factcheck.slots.units import lookup as unit_lookup

__all__ = ["EVENT_SYNONYMS", "EVENT_NOUNS", "anchor", "fold", "owner"]

# Verbs (and event nouns) that tell the same event in other words, mapped to one representative.
EVENT_SYNONYMS: dict[str, str] = {
    **{w: "leave" for w in ("leave", "depart", "exit", "quit", "set off", "departure")},
    **{w: "arrive" for w in ("arrive", "reach", "land", "come", "arrival", "enter", "cross")},
    **{w: "meet" for w in ("meet", "talk", "hold", "meeting", "summit", "talks", "discuss", "encounter")},
    **{w: "visit" for w in ("visit", "tour", "stop", "trip")},
    **{w: "travel" for w in ("travel", "go", "head", "journey", "move", "continue", "proceed")},
    **{w: "kill" for w in ("kill", "die", "dead", "death", "perish")},
    **{w: "injure" for w in ("injure", "wound", "hurt")},
    **{w: "announce" for w in ("announce", "say", "state", "declare", "report", "tell", "confirm")},
    **{w: "attack" for w in ("attack", "strike", "hit", "bomb", "shell")},
}
# Nouns that name an event and can anchor a slot of their own ("the meeting in X", "his visit on Tuesday").
# Venues that are also events ("forum", "conference") are left out: a meeting on a forum's sidelines takes
# place where the forum does, so a place hanging from the forum noun belongs to the verb above it.
EVENT_NOUNS = frozenset({"meeting", "summit", "talks", "talk", "visit", "trip", "arrival", "departure", "attack",
                         "election", "vote", "death", "strike"})


def fold(lemma: str | None) -> str | None:
    """One representative lemma for an event word."""
    if lemma is None:
        return None
    return EVENT_SYNONYMS.get(lemma.lower(), lemma.lower())


def anchor(doc, start: int) -> str | None:
    """Folded lemma of the event that the slot starting at character ``start`` of ``doc`` belongs to."""
    span = doc.char_span(start, start + 1, alignment_mode="expand") if 0 <= start < len(doc.text) else None
    if span is None or not len(span):
        return None
    tok = span[0]
    for _ in range(12):
        if tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() != "be":
            return fold(tok.lemma_)
        if tok.pos_ == "NOUN" and tok.lemma_.lower() in EVENT_NOUNS and tok.idx != start:
            return fold(tok.lemma_)
        if tok.head is tok:
            break
        tok = tok.head
    return fold(tok.lemma_) if tok is not None else None


# Dependency labels by which a figure hangs from the noun it describes ("an 86-yard run", "six rifles").
_MODIFIER_DEPS = frozenset({"amod", "nummod", "compound", "npadvmod", "quantmod", "nmod", "appos"})
_SUBJECT_DEPS = ("nsubj", "nsubjpass", "agent")
_PRONOUNS = frozenset({"he", "she", "it", "they", "who", "which", "that", "i", "we", "you", "this", "there"})


# Clauses whose subject is the one of the verb above ("after falling", "trying to reach").
_CONTROLLED = frozenset({"advcl", "xcomp", "conj", "pcomp"})


def _is_unit(tok) -> bool:
    return unit_lookup(tok.lower_) is not None or unit_lookup(tok.lemma_.lower()) is not None


def _named(tok):
    """The proper-noun token of a noun phrase: the token itself, its possessor, apposition or compound name."""
    if tok.pos_ == "PROPN":
        while tok.dep_ in ("compound", "flat") and tok.head.pos_ == "PROPN" and tok.head is not tok:
            tok = tok.head  # "Englishman Robert Buckley": the name's head
        return tok
    for c in tok.children:
        if c.dep_ == "poss" and c.pos_ == "PROPN":
            return c
    for c in tok.children:
        if c.dep_ in ("appos", "compound") and c.pos_ == "PROPN":
            return c
    return None


def owner(doc, start: int, end: int):
    """What a figure describes and whose it is: ``(of, owner_token)`` for the slot at ``[start, end)`` of ``doc``.

    ``of`` is the lemma of the noun the figure modifies ("run" in "an 86-yard run", "structure" in "the
    86-year-old structure"), or None when the figure is an argument of a verb. ``owner_token`` is the token naming
    whose figure it is: a name the figure stands next to ("Buckley, 32"), the possessor or name of the noun it
    modifies ("Charles's 86-yard run"), else the subject of the verb it hangs from ("Luck threw for 226 yards",
    "Buckley fell 600 m"); None for a pronoun or when nothing says.
    """
    span = doc.char_span(start, end, alignment_mode="expand") if 0 <= start < end <= len(doc.text) else None
    if span is None or not len(span):
        return None, None
    root = span.root
    head = root.head if root.head is not root else None
    if head is None:
        return None, None
    of = None
    if head.pos_ in ("NOUN", "PROPN") and root.dep_ in _MODIFIER_DEPS and _is_unit(head):
        head, root = (head.head, head) if head.head is not head else (None, head)  # "60 m (200 feet)": a conversion
        if head is None:
            return None, None
    if head.pos_ in ("NOUN", "PROPN") and root.dep_ in _MODIFIER_DEPS:
        if head.pos_ == "NOUN" and head.dep_ in ("compound", "amod", "appos") and head.head.pos_ == "PROPN":
            return head.lemma_.lower(), head.head  # "32-year-old Englishman Robert Buckley"
        named = _named(head)
        if named is not None:
            return (head.lemma_.lower() if head.pos_ == "NOUN" else None), named
        of = head.lemma_.lower()
        tok = head
    else:
        tok = root
    # up to the verb the figure (or its noun) belongs to, then its subject, unless the figure is that subject
    for _ in range(6):
        if tok.dep_ in _SUBJECT_DEPS:
            return of, None
        if tok.head is tok:
            break
        tok = tok.head
        if tok.pos_ in ("VERB", "AUX"):
            subj = next((c for c in tok.children if c.dep_ in _SUBJECT_DEPS), None)
            if subj is None and tok.dep_ in _CONTROLLED:
                continue  # "X died after slipping and falling 60 m": the subject of the verb above
            if subj is None or subj.lower_ in _PRONOUNS:
                return of, None
            return of, (_named(subj) or subj)
    return of, None
