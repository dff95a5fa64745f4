"""Who a sentence credits its claim to: "according to X", "X said", "X told Y", "reported by X", "citing X".

:func:`extract_attribution` reads one parsed sentence and returns the chain of sources, outermost first: in "a
source told Reuters that ..." Reuters carries the story and the source is inside it, so the chain is (Reuters,
source). Nesting comes from explicit cues only:

- the recipient of "tell" / "confirm to" when it is a news organisation (not "reporters") is outer;
- "according to X" attached to a speech verb is outer ("According to AP, the spokesman said ...");
- a speech verb inside another's reported clause is inner ("X reported that Y said ...");
- "citing X" is inner to the source that cites.

Two sources side by side with no nesting cue ("..., according to AP, spokesman X said") are *doubled*: both
are returned, the "according to" one first, and :func:`is_doubled` says so. Sources that credit only part of
the sentence (inside a relative clause or a prepositional phrase) come after the main ones.

Offsets of every :class:`~factcheck.models.Source` are relative to the text of the doc the sentence belongs to
(``doc.text[s.start:s.end] == s.text``).

``eval_items`` key format: one item per chain element, ``(source words, "source=<source words lower-cased>|
depth=<n>")`` where ``n`` is the 1-based position in the chain (1 = outermost).
"""

from __future__ import annotations

from dataclasses import dataclass

from factcheck.models import Attribution, Mention, Source
from factcheck.slots import cues
from factcheck.slots.quotes import _inside, _np_bounds, _scan, _speaker_span, _subject_of
from factcheck.nlp import get_nlp

__all__ = ["SentenceAttribution", "extract_attribution", "is_doubled", "eval_items"]

# Dependency labels through which a speech verb still governs the whole sentence's claim.
_MAIN_DEPS = frozenset({"ROOT", "ccomp", "conj", "parataxis", "xcomp", "advcl"})
_PARTIAL_DEPTH = 100.0
_GENERIC_AUDIENCE = frozenset({"reporter", "journalist", "press", "audience", "crowd", "lawmaker", "parliament"})
_PLACEHOLDER_SUBJECTS = frozenset({"it", "there", "this", "that", "which", "who", "what"})
# How many tokens may separate two sources for them to read as one garbled, doubled attribution.
_DOUBLED_GAP = 2


class SentenceAttribution(Attribution):
    """An :class:`~factcheck.models.Attribution` that also records whether it is doubled (garbled)."""

    doubled: bool = False


@dataclass
class _Found:
    head: object  # spaCy token at the head of the source phrase
    span: object  # spaCy span of the source words
    cue: object  # spaCy span or token of the cue
    depth: float


def _tok_span(tok):
    return tok.doc[tok.i : tok.i + 1]


def _is_main(tok, sent_root) -> bool:
    """Whether ``tok`` governs the sentence's claim: every link up to the root is a clause link."""
    t = tok
    while t.i != sent_root.i and t.head.i != t.i:
        if t.dep_ not in _MAIN_DEPS:
            return False
        t = t.head
    return True


def _is_newsy(tok) -> bool:
    """A news organisation or outlet as the recipient of "told": "Reuters", "local media", "the newspaper"."""
    lemma = tok.lemma_.lower()
    if tok.lower_ in cues.NEWS_AGENCIES or lemma in cues.MEDIA_NOUNS or tok.lower_ in cues.MEDIA_NOUNS:
        return True
    return tok.ent_type_ == "ORG" and lemma not in _GENERIC_AUDIENCE


def _extend_left(span):
    """Join a title the parser split off: "news agency Nova Press" where "agency" hangs elsewhere."""
    doc = span.doc
    left = span.start
    if left > 0:
        prev = doc[left - 1]
        if prev.pos_ in ("NOUN", "PROPN") and (
            prev.lemma_.lower() in cues.MEDIA_NOUNS or cues.is_role_word(prev.lower_)
        ) and prev.head.i != span.root.i:
            start = prev.i
            while start > 0 and doc[start - 1].dep_ in ("compound", "amod", "npadvmod", "punct", "nmod") \
                    and doc[start - 1].text not in ",;:()" and doc[start - 1].head.i <= prev.i:
                start -= 1
            while start < prev.i and doc[start].lower_ in ("the", "a", "an"):
                start += 1
            return doc[start : span.end]
    return span


def _merge_split_subject(verb, subj, span):
    """Join a subject the parser split in two ("the business / daily Vedomosti" as two nsubj)."""
    doc = span.doc
    start = span.start
    for c in verb.children:
        if c.dep_ == "nsubj" and c.i != subj.i and c.i < start:
            s, e = _np_bounds(c)
            if e == start:
                start = s
    return doc[start : span.end]


def _depth_of(verb, speech_ids: set[int]) -> int:
    """How many speech verbs enclose ``verb``."""
    n = 0
    t = verb
    while t.head.i != t.i:
        t = t.head
        if t.i in speech_ids:
            n += 1
    return n


def _speech_verbs(sent, regions):
    out = []
    for t in sent:
        if t.pos_ not in ("VERB", "AUX") or _inside(t.idx, regions):
            continue
        if any(c.dep_ == "neg" for c in t.children):
            continue  # "the mayor did not say whether ..." credits nothing to the mayor
        if t.i >= 2 and t.doc[t.i - 1].lower_ == "to" and t.doc[t.i - 2].lower_ == "yet":
            continue  # "has yet to respond": nothing was said
        lemma = t.lemma_.lower()
        if cues.is_reporting_verb(lemma) and lemma != "cite":
            out.append(t)
        elif lemma in cues.OPINION_VERBS:
            subj = _subject_of(t)
            if subj is not None and subj.lemma_.lower() in cues.OPINION_HOLDERS:
                out.append(t)  # "Observers believe that ..." credits the claim to the observers
    return out


def _collect(sent) -> tuple[list[_Found], bool]:
    doc = sent.doc
    root = sent.root
    regions = [(s + sent.start_char, e + sent.start_char) for s, e, _a, _b in _scan(sent.text)]
    verbs = _speech_verbs(sent, regions)
    speech_ids = {v.i for v in verbs}
    found: list[_Found] = []
    doubled = False
    for v in verbs:
        main = _is_main(v, root)
        depth = float(_depth_of(v, speech_ids)) if main else _PARTIAL_DEPTH + v.i
        subj = _subject_of(v)
        if subj is not None and (subj.is_punct or subj.lower_ in _PLACEHOLDER_SUBJECTS or subj.dep_ == "expl"):
            subj = None
        if subj is not None and subj.dep_ == "nsubjpass":
            subj = None  # "the visit was announced": the subject is the content, not the source
        if subj is None:
            subj = _agent_or_inverted(v)
        if subj is None:
            continue
        found.append(_Found(subj, _merge_split_subject(v, subj, _extend_left(_speaker_span(subj))), _tok_span(v),
                            depth))
        for r in _recipients(v):
            found.append(_Found(r, _extend_left(_speaker_span(r)), _tok_span(v), depth - 0.5))
        for c in v.subtree:
            if c.lemma_.lower() == "cite" and c.pos_ == "VERB" and c.head.i in ({v.i} | {x.i for x in v.children}):
                for obj in c.children:
                    if obj.dep_ == "dobj":
                        found.append(_Found(obj, _speaker_span(obj), _tok_span(c), depth + 0.5))
    for t in sent:
        if t.lower_ != "according" or t.i + 1 >= len(doc) or doc[t.i + 1].lower_ != "to":
            continue
        to = doc[t.i + 1]
        obj = next((c for c in to.children if c.dep_ in ("pobj", "pcomp")), None)
        if obj is None:
            continue
        if obj.dep_ == "pcomp" or obj.pos_ == "VERB":  # "according to what the agency reported"
            obj = _subject_of(obj) or obj
        cue = doc[t.i : t.i + 2]
        head = t.head
        if head.i in speech_ids:
            depth = _depth_of(head, speech_ids) - 0.5
        elif _is_main(head, root):
            encl = [v for v in verbs if v.i != head.i and _encloses(v, head)]
            depth = float(len([1 for x in head.ancestors if x.i in speech_ids])) if encl else 0.0
            partner = _adjacent_speaker(t, obj, verbs, found, head)
            if partner is not None:
                doubled = True
                depth = partner.depth - 0.5
        else:
            depth = _PARTIAL_DEPTH + t.i
        found.append(_Found(obj, _speaker_span(obj), cue, depth))
    # Keep one entry per source head (the outermost reading).
    seen: dict[int, _Found] = {}
    for f in found:
        if f.head.i not in seen or f.depth < seen[f.head.i].depth:
            seen[f.head.i] = f
    out = sorted(seen.values(), key=lambda f: (f.depth, f.span.start))
    return out, doubled


def _encloses(verb, tok) -> bool:
    return any(a.i == verb.i for a in tok.ancestors)


def _adjacent_speaker(according, obj, verbs, found, head):
    """The speech-verb source standing right next to an "according to" phrase that governs the same claim."""
    end = obj.right_edge.i
    start = according.i
    for f in found:
        if f.depth >= _PARTIAL_DEPTH:
            continue
        gap_after = f.span.start - end - 1
        gap_before = start - f.span.end
        close = 0 <= gap_after <= _DOUBLED_GAP or 0 <= gap_before <= _DOUBLED_GAP
        if not close:
            continue
        doc = head.doc
        between = doc[min(end + 1, f.span.end) : max(f.span.start, start)]
        if all(t.is_punct or t.pos_ == "CCONJ" for t in between):
            return f
    return None


def _agent_or_inverted(verb):
    """Source of a passive ("reported by X") or inverted ("..., reports the agency X") speech verb."""
    for c in verb.children:
        if c.dep_ == "agent":
            for p in c.children:
                if p.dep_ == "pobj":
                    return p
    comp_before = any(c.dep_ == "ccomp" and c.i < verb.i for c in verb.children)
    if comp_before:
        for c in verb.children:
            if c.dep_ in ("dobj", "nsubj", "attr") and c.i > verb.i and c.pos_ in ("NOUN", "PROPN"):
                return c
    return None


def _recipients(verb):
    """News organisations that were told: "told Reuters", "confirmed to local media"."""
    out = []
    lemma = verb.lemma_.lower()
    for c in verb.children:
        if lemma == "tell" and c.dep_ in ("dobj", "dative") and _is_newsy(c):
            out.append(c)
        elif c.dep_ in ("prep", "dative") and c.lower_ == "to":
            out.extend(p for p in c.children if p.dep_ == "pobj" and _is_newsy(p))
    return out


def _source(span, base: int) -> Source:
    text = span.text
    return Source(start=span.start_char - base, end=span.end_char - base, text=text, canonical=text)


def _mention(cue, base: int) -> Mention:
    return Mention(start=cue.start_char - base, end=cue.end_char - base, text=cue.text)


def extract_attribution(sent) -> SentenceAttribution:
    """Sources a sentence credits, outermost first.

    Args:
        sent: a spaCy ``Span`` (one sentence of a parsed doc) or a ``Doc`` of one sentence.

    Returns:
        A :class:`SentenceAttribution`; ``chain`` is empty for an unattributed sentence, ``cue`` is the cue of
        the outermost source. Offsets are relative to the text of ``sent``'s doc.
    """
    span = sent[:] if not hasattr(sent, "doc") or sent.doc is sent else sent
    # read once per sentence: the claims stage and classify_modality both ask (the result is frozen)
    key = ("factcheck.attribution", span.start, span.end)
    cached = span.doc.user_data.get(key)
    if cached is None:
        cached = span.doc.user_data[key] = _extract_attribution(span)
    return cached


def _extract_attribution(span) -> SentenceAttribution:
    found, doubled = _collect(span)
    if not found:
        return SentenceAttribution()
    chain = tuple(_source(f.span, 0) for f in found)
    cue = _mention(found[0].cue, 0)
    return SentenceAttribution(chain=chain, cue=cue, doubled=doubled)


def is_doubled(attr: Attribution) -> bool:
    """Whether an attribution names two sources side by side with no nesting cue (garbled phrasing)."""
    return bool(getattr(attr, "doubled", False))




def eval_items(text: str, published=None) -> list[tuple[str, str]]:
    """``(source words, "source=<lower-cased source>|depth=<n>")`` for each source of each sentence."""
    del published
    out: list[tuple[str, str]] = []
    for sent in get_nlp()(text).sents:
        attr = extract_attribution(sent)
        for n, s in enumerate(attr.chain, 1):
            out.append((s.text, f"source={s.text.lower()}|depth={n}"))
    return out
