"""The event a slot belongs to: the verb that a place, time or figure hangs from in the parse.

A sentence often tells several events ("the train passed Y when the minister confirmed she would visit X"); a
place or time is only comparable with another outlet's place or time for the *same* event. ``anchor(doc, start)``
walks from the slot's first token up the dependency tree to the nearest verb (or event noun such as "visit",
"meeting") and returns its lemma, folded through ``EVENT_SYNONYMS`` so that "departed" and "left" compare equal.
"""

from __future__ import annotations

__all__ = ["EVENT_SYNONYMS", "EVENT_NOUNS", "anchor", "fold"]

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
