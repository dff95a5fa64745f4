"""Ranking descriptions of a named entity: "Lagos, Nigeria's second-largest city", "X, the easternmost port".

An appositive description that ranks its entity (a superlative, optionally with an ordinal) is a checkable
claim of its own: two outlets that rank the same place or person differently disagree on a fact, even when the
main clauses agree. Descriptions without a ranking word ("Lagos, a port city") are not returned: they rarely
state anything two outlets could contradict.

Offsets are relative to the parsed text, like every slot extractor.
"""

from __future__ import annotations

from factcheck.models import Mention

__all__ = ["ranked_appositions", "rank_words", "ORDINALS"]

ORDINALS = frozenset({"second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
                      "2nd", "3rd", "4th", "5th", "6th", "7th", "8th", "9th", "10th"})
# Words ending in "-most" that rank nothing.
_NOT_RANKS = frozenset({"almost", "most", "utmost"})
_STOP = {",", ";", ".", "(", ")", "—", "–", ":", "!", "?", "who", "which", "whose", "where"}


def rank_words(tokens) -> tuple[str, ...]:
    """Superlatives among ``tokens`` with the ordinal or "most"/"least" that goes with them, lower-cased.

    Example: "the second-largest and most populous city" -> ("second-largest", "most populous").
    """
    toks = list(tokens)
    out = []
    for k, t in enumerate(toks):
        low = t.lower_
        word = None
        if t.tag_ in ("JJS", "RBS") and low not in ("most", "least"):
            word = low
        elif low.endswith("most") and len(low) > 5 and low not in _NOT_RANKS:
            word = low  # "easternmost", "northernmost", "foremost" (often tagged JJ)
        elif low in ("most", "least") and k + 1 < len(toks) and toks[k + 1].pos_ == "ADJ":
            word = f"{low} {toks[k + 1].lower_}"
        if word is None:
            continue
        if k >= 2 and toks[k - 1].text == "-" and toks[k - 2].lower_ in ORDINALS:
            word = f"{toks[k - 2].lower_}-{word}"
        elif k >= 1 and toks[k - 1].lower_ in ORDINALS:
            word = f"{toks[k - 1].lower_}-{word}"
        out.append(word)
    return tuple(dict.fromkeys(out))


def ranked_appositions(sdoc) -> list[tuple[Mention, Mention, tuple[str, ...]]]:
    """``(name, description, ranks)`` for each appositive description of a proper name that ranks it."""
    out = []
    for tok in sdoc:
        if tok.dep_ != "appos" or tok.head.pos_ != "PROPN":
            continue
        head = tok.head
        name_start = head.i
        while name_start > 0 and sdoc[name_start - 1].dep_ == "compound" and sdoc[name_start - 1].pos_ == "PROPN":
            name_start -= 1
        comma = head.i + 1
        if comma >= len(sdoc) or sdoc[comma].text != "," or tok.i <= comma:
            continue  # only "Name, description"
        end = comma + 1
        while end < len(sdoc) and sdoc[end].lower_ not in _STOP:
            end += 1
        span = sdoc[comma + 1 : end]
        if not len(span):
            continue
        ranks = rank_words(span)
        if not ranks:
            continue
        first, last = span[0], span[-1]
        name = Mention(start=sdoc[name_start].idx, end=head.idx + len(head.text),
                       text=sdoc.text[sdoc[name_start].idx : head.idx + len(head.text)])
        desc = Mention(start=first.idx, end=last.idx + len(last.text),
                       text=sdoc.text[first.idx : last.idx + len(last.text)])
        out.append((name, desc, ranks))
    return out
