"""Quoted words and who said them.

:func:`find_quotes` works on plain text (a paragraph or a sentence) and needs no model. :func:`attribute_speakers`
takes a spaCy ``Doc`` of the same kind of text and links each quote to its speaker through the dependency tree
("..., he said"; "X told Y: ..."; a scare quote inside "X said that ... 'sensitive' subjects"), falling back on
the nearest speech verb next to the quote. Pronoun and role speakers ("he", "the spokesman") are flagged and
resolved by :func:`resolve_speaker` against the people named earlier.

Offsets are relative to the text given (``text[q.start:q.end] == q.text``).

``eval_items`` key format: ``(quoted words, "speaker=<speaker>|direct=1")`` where ``<speaker>`` is the resolved
person name, or else the raw speaker words without a leading article, lower-cased, or ``none``.

Example:
    >>> [q.text for q in find_quotes('He said the talks were "productive," and left.')]
    ['productive']
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from factcheck.models import Mention, Quote
from factcheck.slots import cues
from factcheck.nlp import get_nlp

__all__ = [
    "SpeakerLink",
    "find_quotes",
    "attribute_speakers",
    "find_paraphrases",
    "resolve_speaker",
    "split_title",
    "eval_items",
]

# Scare quotes in single marks are short; longer single-quoted runs are usually apostrophes gone astray.
_MAX_SINGLE_QUOTE_WORDS = 8
_MAX_SINGLE_QUOTE_CHARS = 80
# How far (in tokens) a speech verb may sit from a quote when the parse does not connect them.
_MAX_VERB_GAP_AFTER = 8
_MAX_VERB_GAP_BEFORE = 10

_DOUBLE_OPEN = "“«„"
_DOUBLE_CLOSE = "”»"
_SINGLE_OPEN = "‘‹"
_SINGLE_CLOSE = "’›"
_OPENER_CONTEXT = " \t\n\r([{—–-/"  # what may precede an opening mark
_PRONOUNS = frozenset({"he", "she", "him", "her", "they", "them", "we", "i", "it"})
_SINGULAR_PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
_ARTICLES = frozenset({"the", "a", "an"})
_ABBREV_END = re.compile(r"(?:\b[A-Za-z]\.){2,}\Z")


@dataclass(frozen=True)
class SpeakerLink:
    """A quote with the words naming its speaker.

    Attributes:
        quote: the quote; ``quote.speaker`` is the resolved or named speaker, ``None`` when unknown.
        speaker: the speaker words as written ("he", "the spokesman", "Interior Ministry spokesman Ana Ruiz").
        needs_resolving: the speaker words are a pronoun or a role, not a name.
        verb: the speech verb or cue ("said", "according to"), when one was found.
    """

    quote: Quote
    speaker: Mention | None = None
    needs_resolving: bool = False
    verb: Mention | None = None


# --------------------------------------------------------------------------------------------------- finding


def _scan(text: str) -> list[tuple[int, int, int, int]]:
    """Quote regions as ``(outer_start, outer_end, inner_start, inner_end)``; outer includes the marks."""
    out: list[tuple[int, int, int, int]] = []
    n = len(text)
    open_at = -1  # index of the open double mark
    open_kind = ""
    i = 0
    while i < n:
        c = text[i]
        if open_at < 0:
            if c in _DOUBLE_OPEN or c == '"' or (c == "”" and _looks_like_opener(text, i)):
                open_at, open_kind = i, c
            elif c in _SINGLE_OPEN or (c == "'" and _looks_like_opener(text, i)):
                end = _find_single_close(text, i)
                if end > 0:
                    out.append((i, end + 1, i + 1, end))
                    i = end + 1
                    continue
        else:
            closes = c == '"' if open_kind == '"' else c in _DOUBLE_CLOSE or c == '"'
            if closes:
                out.append((open_at, i + 1, open_at + 1, i))
                open_at = -1
            elif c in _DOUBLE_OPEN and open_kind != '"':
                # A new opening mark while one is open: news style leaves a quote open at a paragraph break.
                out.append((open_at, i, open_at + 1, i))
                open_at, open_kind = i, c
        i += 1
    if open_at >= 0:
        # An unclosed quote runs to the end of the text (the convention for a quote continued next paragraph).
        out.append((open_at, n, open_at + 1, n))
    return out


def _looks_like_opener(text: str, i: int) -> bool:
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    return prev in _OPENER_CONTEXT and (nxt.isalnum() or nxt in "….")


def _find_single_close(text: str, i: int) -> int:
    """Index of the mark closing a single quote opened at ``i``, or -1 (then it was an apostrophe)."""
    limit = min(len(text), i + 1 + _MAX_SINGLE_QUOTE_CHARS)
    nxt = text[i + 1] if i + 1 < len(text) else " "
    if not (nxt.isalnum() or nxt in "…"):
        return -1
    for j in range(i + 1, limit):
        c = text[j]
        if c in "\n\"“”":
            return -1
        if c in _SINGLE_CLOSE or c == "'":
            after = text[j + 1] if j + 1 < len(text) else " "
            if after.isalnum():
                continue  # an apostrophe inside a word: France’s, hasn’t
            if text[j - 1].isspace():
                return -1
            if len(text[i + 1 : j].split()) > _MAX_SINGLE_QUOTE_WORDS:
                return -1
            return j
    return -1


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``[start, end)`` past spaces and the trailing comma or full stop that belong to the sentence."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start and text[end - 1] in ",;:":
        end -= 1
    elif end > start and text[end - 1] == "." and not text[start:end].endswith("..."):
        if not _ABBREV_END.search(text[max(start, end - 16) : end]):  # bounded: no quadratic search
            end -= 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def find_quotes(text: str) -> list[Quote]:
    """Find quoted words in ``text``.

    Handles straight and curly double quotes, short single-quoted scare quotes (not apostrophes), quotes that
    run over several sentences, and an unclosed quote (taken to the end of the text).

    Args:
        text: a paragraph or a sentence.

    Returns:
        Quotes in text order, each covering the words inside the marks, without the trailing comma or full
        stop; ``speaker`` is not set.

    Example:
        >>> [q.text for q in find_quotes("Officials called it 'sensitive' but France’s view differs.")]
        ['sensitive']
    """
    quotes: list[Quote] = []
    for _os, _oe, s, e in _scan(text):
        s, e = _trim(text, s, e)
        if e > s and any(ch.isalnum() for ch in text[s:e]):
            quotes.append(Quote(start=s, end=e, text=text[s:e]))
    return quotes


# --------------------------------------------------------------------------------------------------- speakers


def split_title(person: str) -> tuple[list[str], str]:
    """Split "Interior Ministry spokesman Ana Ruiz" into title words and the name.

    The name is the trailing run of capitalised words that are not role words.

    Example:
        >>> split_title("Finance Minister Julia Ortiz")
        (['finance', 'minister'], 'Julia Ortiz')
    """
    words = person.split()
    k = len(words)
    while k > 0:
        w = words[k - 1].strip(".,")
        if not w or not w[0].isupper() or cues.is_role_word(w):
            break
        k -= 1
    if k == len(words):  # no name at all ("the spokesman"): all title
        return [w.lower().strip(".,") for w in words], ""
    return [w.lower().strip(".,") for w in words[:k]], " ".join(words[k:])


def resolve_speaker(mention_text: str, previous_people: Sequence[str]) -> str | None:
    """Resolve a pronoun, role or surname speaker to the most recent compatible person named earlier.

    Args:
        mention_text: the speaker words ("he", "the spokesman", "the finance minister", "Ruiz").
        previous_people: people named earlier, oldest first, each with the title words that preceded the name
            ("Interior Ministry spokesman Ana Ruiz").

    Returns:
        The person's name without titles, or ``None`` when nothing compatible was named ("they" never
        resolves: it is plural).

    Example:
        >>> resolve_speaker("the spokesman", ["Interior Ministry spokesman Ana Ruiz", "President Tom Hale"])
        'Ana Ruiz'
    """
    words = [w.strip(".,").lower() for w in mention_text.split()]
    words = [w for w in words if w and w not in _ARTICLES]
    if not words:
        return None
    people = [split_title(p) for p in previous_people]
    people = [(t, n) for t, n in people if n]
    if len(words) == 1 and words[0] in _PRONOUNS:
        if words[0] in _SINGULAR_PERSON_PRONOUNS and people:
            return people[-1][1]
        return None
    roles = {cues.role_key(w) for w in words if cues.is_role_word(w)}
    if roles and _role_only(mention_text):
        for titles, name in reversed(people):
            if roles <= {cues.role_key(t) for t in titles}:
                return name
        return None
    # A bare surname or a shorter form of a name given earlier.
    tail = mention_text.strip()
    matches = [name for _titles, name in people if name == tail or name.endswith(" " + tail)]
    # The fullest form named earlier wins: "Ruiz" after "Ana Ruiz" is Ana Ruiz.
    return max(reversed(matches), key=len) if matches else None


def _role_only(mention_text: str) -> bool:
    """True for "the ministry spokesman": role words with lower-case or organisation qualifiers, no name."""
    _titles, name = split_title(mention_text.strip())
    return not name


def _np_bounds(tok) -> tuple[int, int]:
    """Token bounds ``[start, end)`` of the noun phrase headed by ``tok``, without clauses or prepositions."""
    left = tok.i
    for child in tok.lefts:
        if child.dep_ in ("det", "compound", "amod", "poss", "nummod", "nmod", "quantmod", "punct", "case",
                          "advmod", "predet"):
            left = min(left, child.left_edge.i)
    right = tok.i
    doc = tok.doc
    for child in tok.rights:
        # Contiguous proper-noun appositions and name parts: "the agency Nova", "Anna Maria Berg".
        if child.i == right + 1 and (
            child.dep_ in ("compound", "flat", "appos") and child.pos_ == "PROPN" or child.dep_ == "case"
        ):
            right = child.i
        # "The official news agency, Nova Press, ...": a name set off by commas.
        elif child.dep_ == "appos" and child.pos_ == "PROPN" and child.left_edge.i == right + 2 \
                and doc[right + 1].text == "," and tok.pos_ == "NOUN":
            right = child.right_edge.i
        elif child.dep_ == "punct" and child.text == "," and child.i == right + 1:
            continue  # look past the comma for an appositive name
        # "people familiar with the matter", "officials close to the talks".
        elif child.dep_ == "amod" and child.i == right + 1 and child.pos_ == "ADJ":
            right = child.right_edge.i
        else:
            break
    # Keep a parenthesised acronym: "the Central News Agency (CNA)".
    if right + 3 < len(doc) and doc[right + 1].text == "(" and doc[right + 3].text == ")" \
            and doc[right + 2].text.isupper():
        right += 3
    # "the Minister of Natural Resources", "the head of the agency": the "of" phrase names the role.
    elif (tok.pos_ == "PROPN" or cues.is_role_word(tok.lower_)) and right + 1 < len(doc):
        nxt = doc[right + 1]
        if nxt.lower_ == "of" and nxt.head.i == tok.i:
            right = nxt.right_edge.i
    while left < tok.i and (doc[left].lower_ in _ARTICLES or doc[left].is_punct):
        left += 1
    return left, right + 1


def _subject_of(verb):
    """The subject token of ``verb``, inherited from the head verb for a shared-subject conjunct."""
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and not c.is_punct]
    if subjects:
        return subjects[-1]  # when the parser splits one subject in two, the last part holds the head noun
    # A shared subject: "he said ... and added", "X said, adding that ...".
    if verb.dep_ in ("conj", "xcomp", "advcl") and verb.head.i != verb.i:
        for child in verb.head.children:
            if child.dep_ in ("nsubj", "nsubjpass") and not child.is_punct:
                return child
    return None


def _speaker_span(subj):
    """Char span covering the subject noun phrase, extended over coordinated subjects."""
    start, end = _np_bounds(subj)
    for child in subj.rights:
        if child.dep_ == "conj":
            _s, e = _np_bounds(child)
            end = max(end, e)
    doc = subj.doc
    return doc[start:end]


def _person_mentions(doc, before_char: int) -> list[str]:
    """PERSON names before ``before_char``, each with the title words in front ("ministry spokesman X")."""
    out: list[str] = []
    lo = doc.start if hasattr(doc, "start") else 0
    for ent in doc.ents:
        if ent.label_ != "PERSON" or ent.start_char >= before_char:
            continue
        start = ent.start
        while start > lo:
            prev = ent.doc[start - 1]
            if prev.dep_ in ("compound", "amod") and ent.start <= prev.head.i < ent.end or (
                prev.head.i >= start and prev.head.i < ent.end and prev.dep_ in ("compound", "amod")
            ):
                start -= 1
            else:
                break
        out.append(ent.doc[start : ent.end].text)
    return out


def _candidates(doc, span, previous_people: Sequence[str]) -> tuple[list[str], str | None]:
    """People named before ``span``, oldest first, with earlier speakers moved last (most recent).

    News copy says "he said" about the last person quoted, not the last person named, so people who were the
    subject of a speech verb outrank people merely mentioned.
    """
    people = list(previous_people) + _person_mentions(doc, span.start_char)
    last_speaker: str | None = None
    spoken = []
    for t in doc:
        if t.idx >= span.start_char:
            break
        if t.pos_ in ("VERB", "AUX") and cues.is_reporting_verb(t.lemma_):
            subj = _subject_of(t)
            if subj is not None and subj.ent_type_ == "PERSON":
                s = _speaker_span(subj)
                name = _name_in(s) or s.text
                full = next((p for p in reversed(people) if p.endswith(name)), s.text)
                spoken.append(full)
    for full in spoken:
        if full in people:
            people.remove(full)
        people.append(full)
        last_speaker = full
    return people, last_speaker


def _name_in(span) -> str | None:
    for ent in span.ents:
        if ent.label_ == "PERSON":
            return ent.text
    return None


def _needs_resolving(span) -> bool:
    words = [t for t in span if not t.is_punct and t.lower_ not in _ARTICLES]
    if not words:
        return False
    if len(words) == 1 and words[0].pos_ == "PRON":
        return True
    if _name_in(span):
        return False
    return cues.is_role_word(words[-1].lemma_.lower(), standalone=True) or cues.is_role_word(
        words[-1].lower_, standalone=True
    )


def _inside(idx: int, regions: Iterable[tuple[int, int]]) -> bool:
    return any(s <= idx < e for s, e in regions)


def _speech_verbs(doc, regions, table: frozenset[str] = cues.REPORTING_VERBS) -> list:
    return [
        t for t in doc
        if t.pos_ in ("VERB", "AUX") and t.lemma_.lower() in table and not _inside(t.idx, regions)
    ]


def _according_to(doc, start_tok: int, end_tok: int):
    """``(cue span, object token)`` for "according to X" between two token indexes, else ``None``."""
    for t in doc[start_tok:end_tok]:
        if t.lower_ == "according" and t.i + 1 < len(doc) and doc[t.i + 1].lower_ == "to":
            to = doc[t.i + 1]
            objs = [c for c in to.children if c.dep_ in ("pobj", "pcomp")]
            if objs:
                return doc[t.i : t.i + 2], objs[0]
    return None


def _as_span(doc):
    """A ``Span`` view of a ``Doc`` or ``Span``, so token indexes and char offsets are the doc's."""
    return doc if hasattr(doc, "doc") and doc.doc is not doc else doc[:]


def attribute_speakers(doc, *, previous_people: Sequence[str] = ()) -> list[SpeakerLink]:
    """Find the quotes in a parsed paragraph and link each to its speaker.

    Args:
        doc: a spaCy ``Doc`` (or ``Span``) of one paragraph or sentence.
        previous_people: people named before this text, oldest first, with titles (see
            :func:`resolve_speaker`); people named in ``doc`` before the speaker are added to them.

    Returns:
        One :class:`SpeakerLink` per quote, in text order; offsets are relative to ``doc.text``.
    """
    sp = _as_span(doc)
    base = sp.start_char
    scanned = _scan(sp.text)
    regions = [(os_ + base, oe + base) for os_, oe, _s, _e in scanned]
    verbs = _speech_verbs(sp, regions, cues.QUOTE_VERBS)
    verb_ids = {v.i for v in verbs}
    links: list[SpeakerLink] = []
    for quote in find_quotes(sp.text):
        qs, qe = quote.start + base, quote.end + base
        region = next(((s, e) for s, e in regions if s <= qs and qe <= e), (qs, qe))
        inner = [t for t in sp if qs <= t.idx < qe]
        if not inner:
            links.append(SpeakerLink(quote=quote))
            continue
        verb = _verb_by_tree(inner, verb_ids) or _verb_nearby(sp, inner, region, verb_ids, regions)
        subj = _subject_of(verb) if verb is not None else None
        cue = verb
        if subj is not None and _inside(subj.idx, regions):
            subj = None
        if subj is None:
            lo = max(inner[0].sent.start, sp.start)
            hi = min(inner[-1].sent.end, sp.end)
            acc = _according_to(sp.doc, lo, hi)
            if acc is not None:
                cue, subj = acc
                if subj.dep_ == "pcomp" or subj.pos_ == "VERB":  # "according to what X reported"
                    subj = _subject_of(subj) or subj
        if subj is None and links and links[-1].speaker is not None and _stands_alone(sp, region):
            # A quote that is a sentence of its own continues the previous speaker ("... ," she said. "...").
            prev = links[-1]
            update = {"speaker": prev.quote.speaker, "speaker_span": prev.quote.speaker_span}
            links.append(SpeakerLink(quote=quote.model_copy(update=update), speaker=prev.speaker,
                                     needs_resolving=prev.needs_resolving, verb=None))
            continue
        links.append(_link(quote, subj, cue, sp, previous_people))
    return links


def _stands_alone(sp, region: tuple[int, int]) -> bool:
    """Whether the quote region is a whole sentence: only punctuation around it in its sentence."""
    toks = [t for t in sp if region[0] <= t.idx < region[1]]
    if not toks:
        return False
    sents = {toks[0].sent.start, toks[-1].sent.start}
    around = [t for t in sp if t.sent.start in sents and not (region[0] <= t.idx < region[1])]
    return all(t.is_punct for t in around)


def _link(quote: Quote, subj, cue, sp, previous_people: Sequence[str]) -> SpeakerLink:
    if subj is None:
        return SpeakerLink(quote=quote)
    base = sp.start_char
    span = _speaker_span(subj)
    mention = Mention(start=span.start_char - base, end=span.end_char - base, text=span.text)
    verb_mention = Mention(start=cue.start_char - base if hasattr(cue, "start_char") else cue.idx - base,
                           end=(cue.end_char if hasattr(cue, "end_char") else cue.idx + len(cue.text)) - base,
                           text=cue.text)
    needs = _needs_resolving(span)
    people, last_speaker = _candidates(sp, span, previous_people)
    speaker: str | None
    if needs:
        speaker = resolve_speaker(span.text, people)
        if speaker is None and last_speaker is not None and span[-1].pos_ != "PRON":
            # "Ruiz told the AP ... The spokesman continued": a bare role right after a named speaker
            # refers to that speaker unless the speaker's own titles say otherwise.
            titles, name = split_title(last_speaker)
            if name and not titles:
                speaker = name
        if speaker is not None and " " not in speaker:
            speaker = resolve_speaker(speaker, people) or speaker  # "Ruiz" -> "Ana Ruiz"
    else:
        speaker = _name_in(span) or span.text
        if len(span) == 1 and span[0].pos_ == "PROPN":
            speaker = resolve_speaker(span.text, people) or speaker  # "Ruiz" -> "Ana Ruiz"
    q = quote.model_copy(update={"speaker": speaker, "speaker_span": mention})
    return SpeakerLink(quote=q, speaker=mention, needs_resolving=needs, verb=verb_mention)


def _verb_by_tree(inner, verb_ids: set[int]):
    """The speech verb the quote hangs from in the parse, nearest the quote."""
    found = []
    in_quote = {t.i for t in inner}
    for t in inner:
        if t.head.i in in_quote and t.head.i != t.i:
            continue
        h = t if t.head.i == t.i else t.head
        seen = 0
        while seen < 40:
            if h.i in verb_ids and h.i not in in_quote:
                found.append(h)
                break
            if h.head.i == h.i:
                break
            h = h.head
            seen += 1
    if not found:
        return None
    mid = (inner[0].i + inner[-1].i) / 2
    return min(found, key=lambda v: abs(v.i - mid))


def _verb_nearby(sp, inner, region, verb_ids: set[int], regions):
    """A speech verb just after the quote ("..., he said") or just before it ("He added: ...")."""
    doc = sp.doc
    last = inner[-1].i
    first = inner[0].i
    for j in range(last + 1, min(sp.end, last + 1 + _MAX_VERB_GAP_AFTER)):
        t = doc[j]
        if t.idx >= region[1] and _inside(t.idx, regions):
            break
        if t.i in verb_ids and t.idx >= region[1]:
            return t
        if t.text in ".!?" and t.idx >= region[1]:
            break
    for j in range(first - 1, max(sp.start - 1, first - 1 - _MAX_VERB_GAP_BEFORE), -1):
        t = doc[j]
        if t.idx < region[0] and _inside(t.idx, regions):
            break
        if t.i in verb_ids:
            return t
        if t.text in ".!?" and t.idx < region[0]:
            break
    return None


# --------------------------------------------------------------------------------------------------- paraphrase


def find_paraphrases(doc) -> list[SpeakerLink]:
    """Reported speech without quote marks ("X said that ..."), as quotes with ``direct=False``.

    The quote covers the reported clause (after "that"); clauses that contain quote marks are left to
    :func:`attribute_speakers`.
    """
    sp = _as_span(doc)
    base = sp.start_char
    regions = [(os_ + base, oe + base) for os_, oe, _s, _e in _scan(sp.text)]
    out: list[SpeakerLink] = []
    for verb in _speech_verbs(sp, regions):
        if any(c.dep_ == "neg" for c in verb.children):
            continue
        comp = next((c for c in verb.children if c.dep_ == "ccomp" and c.i > verb.i), None)
        subj = _subject_of(verb)
        if comp is None or subj is None:
            continue
        toks = [t for t in comp.subtree if not (t.dep_ == "mark" and t.head.i == comp.i and t.i == comp.left_edge.i)]
        if not toks:
            continue
        s, e = toks[0].idx, toks[-1].idx + len(toks[-1].text)
        if _inside(s, regions) or any(rs >= s and re_ <= e for rs, re_ in regions):
            continue
        s, e = _trim(sp.text, s - base, e - base)
        if e <= s:
            continue
        q = Quote(start=s, end=e, text=sp.text[s:e], direct=False)
        out.append(_link(q, subj, verb, sp, ()))
    return out


# --------------------------------------------------------------------------------------------------- eval



def speaker_key(link: SpeakerLink) -> str:
    """The speaker as compared in evaluation: resolved name, else raw words, lower-cased; "none" if absent."""
    if link.quote.speaker:
        return link.quote.speaker.lower()
    if link.speaker is not None:
        words = link.speaker.text.split()
        while words and words[0].lower() in _ARTICLES:
            words = words[1:]
        return " ".join(words).lower() or "none"
    return "none"


def eval_items(text: str, published=None) -> list[tuple[str, str]]:
    """``(quoted words, "speaker=<speaker>|direct=1")`` for each direct quote in ``text``."""
    del published  # quotes do not depend on the date
    return [(link.quote.text, f"speaker={speaker_key(link)}|direct=1") for link in attribute_speakers(get_nlp()(text))]
