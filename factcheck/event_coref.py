"""Event mentions and cross-document event coreference: which mentions in several articles name one real event.

Three steps, each a plain function:

1. **Mentions** (:func:`detect`): the words that name events, read from the spaCy parse: content verbs, event
   nouns (a lexicon learned from the ECB+ train topics, ``factcheck/data/event_nouns.txt``, a small table of
   news events and the endings of nouns made from verbs) and a few adjectives the way ECB+ annotates them
   ("dead", "injured"). Gold mentions can be given instead.
2. **Pair scores** (:func:`pair_scores`): for every two mentions of the story, the probability that they name
   the same event, from a small logistic model (``factcheck/data/event_pairs.npz``, trained by
   ``scripts/train_events.py`` on the ECB+ train topics) over: trigger lemma and synonym match, the cosine
   of the triggers' contextual vectors and of their sentences (all-MiniLM-L6-v2, both from one forward pass),
   the element-wise product of the trigger vectors, shared participants, places, times and figures, and
   whether the two share a document or a sentence.
3. **Clusters** (:func:`cluster`): average-link agglomerative clustering of those scores, merging while two
   clusters' mean score is above the threshold stored with the model (chosen by cross-validation over the
   train topics).

:func:`events` runs all three and returns the mentions with their ``event`` ids; :func:`group` turns them into
:class:`factcheck.models.Event` records (mentions per outlet, the story's main ones marked). In
:func:`factcheck.check` nothing is parsed or embedded twice: :func:`check_units` builds the units (sentences with
their parse and vectors) from the claims' spaCy pass and the one embedding pass, and :func:`cluster_units` runs
the three steps on them. ECB+: Cybulska & Vossen 2014, CC BY 3.0.

Example:
    >>> import factcheck
    >>> ms = factcheck.events(["The quake struck at dawn.", "A strong quake hit the town."])  # doctest: +SKIP
    >>> [(m.text, m.event) for m in ms]  # doctest: +SKIP
"""

from __future__ import annotations

import json
import re
import threading
from collections import Counter, OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from factcheck.errors import ModelMissingError, SchemaError
from factcheck.models import Document, Event, EventMention
from factcheck.slots.events import fold

__all__ = ["events", "read_inputs", "claim_events", "same_event", "detect", "group", "sentences", "pair_scores",
           "cluster", "featurize", "pair_features", "same_head", "EventModel", "load_model", "Unit", "units",
           "check_sentences", "check_units", "story_units", "read_units", "cluster_units", "within_budget",
           "entities", "stem_map", "MAX_MENTIONS"]

DATA = Path(__file__).parent / "data"

# A line longer than this is split at sentence ends ("." "!" "?" then a capital or a quote): ECB+ and most
# scraped text already give one sentence per line.
_SENT_END = re.compile(r"(?<=[.!?])[\"”’']?\s+(?=[\"“‘'(]?[A-Z0-9])")

_WHO = {"PERSON", "ORG", "NORP"}
_WHERE = {"GPE", "LOC", "FAC"}
_WHEN = {"DATE", "TIME"}
_QUANT = {"CARDINAL", "QUANTITY", "MONEY", "PERCENT"}
# Adjectives ECB+ annotates as events ("five people were dead", "the injured"): states that result from one.
_EVENT_ADJ = frozenset({"dead", "injured", "wounded", "missing", "alive", "arrested", "guilty", "killed", "pregnant",
                        "married", "engaged", "unconscious", "ill", "sick", "hurt", "fired", "free"})
# Nouns that name events in news whatever the story (general knowledge, beside the lexicon learned from ECB+).
_NEWS_EVENTS = frozenset({
    "earthquake", "quake", "tremor", "aftershock", "tsunami", "storm", "hurricane", "flood", "fire", "blaze",
    "explosion", "blast", "crash", "collision", "accident", "war", "battle", "fight", "clash", "protest", "riot",
    "strike", "attack", "bombing", "shooting", "murder", "killing", "death", "injury", "arrest", "trial",
    "verdict", "sentence", "conviction", "charge", "election", "vote", "referendum", "summit", "meeting", "talks",
    "visit", "trip", "deal", "merger", "acquisition", "takeover", "sale", "launch", "release", "announcement",
    "speech", "interview", "ceremony", "award", "victory", "win", "defeat", "loss", "game", "match", "race",
    "resignation", "appointment", "nomination", "dismissal", "firing", "escape", "rescue", "evacuation",
    "outbreak", "epidemic", "recall", "raid", "robbery", "theft", "heist", "hijacking", "kidnapping", "invasion",
    "surgery", "operation", "investigation", "inquiry", "lawsuit", "ruling", "hearing", "funeral", "wedding",
    "party", "celebration", "honor", "host", "nominee", "chase", "patrol", "mission", "piracy", "manslaughter",
    "dui", "dwi", "fall", "hit", "run", "injury", "rally", "concert", "show", "festival", "conference", "debut",
    "search", "manhunt", "hunt",
})
# Endings of nouns made from verbs ("acquisition", "settlement", "arrival", "departure", "performance").
_DEVERBAL = re.compile(r"(?:[^aeiou]tion|sion|ment|ance|ence|ival|ure)$")

def sentences(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of ``text``: one per line, long lines cut at sentence ends.

    Example:
        >>> sentences("A strong quake hit the town. Five people died.\\nRescuers came.")
        [(0, 28), (29, 46), (47, 61)]
    """
    out: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        s, e = pos, pos + len(line)
        pos = e + 1
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s >= e:
            continue
        cut = s
        for m in _SENT_END.finditer(text, s, e):
            piece_end = m.start()
            while piece_end > cut and text[piece_end - 1].isspace():
                piece_end -= 1
            if piece_end - cut >= 20:  # "Mr. Smith" and initials do not end a sentence worth parsing alone
                out.append((cut, piece_end))
                cut = m.end()
        out.append((cut, e))
    return out



# ----------------------------------------------------------------------------------------------- features


@dataclass
class Features:
    """What the pair scorer reads of each mention (rows aligned with ``mentions``)."""

    mentions: list[EventMention]
    trig: np.ndarray  # (n, DIM) unit vectors of the trigger's word pieces in context
    ctx: np.ndarray  # (n, DIM) unit vectors of the word pieces around the trigger (a few on each side)
    sent: np.ndarray  # (n, DIM) unit vectors of the mention's sentence
    pos: list[str]
    sets: dict[str, list[frozenset[str]]]  # "who" "where" "when" "num" "arg" "ent": what each mention carries
    tense: list[str]  # "past", "future", "present" or "" (see _tense)


_KINDS = ("who", "where", "when", "num", "arg")
SCALARS = ("same_lemma", "same_fold", "same_prefix", "cos_trigger", "cos_sentence", "same_doc", "same_sentence",
           "same_pos", "lemma_x_cos", *(f"{k}_{w}" for k in _KINDS for w in ("shared", "clash")), "ent_jaccard",
           "spread_min", "lemma_x_spread", "same_text", "both_verbs", "both_nouns", "lemma_x_other_doc",
           "same_stem", "lemma_prior", "pair_prior", "pair_known", "cos_context", "tense_same", "tense_clash",
           "lead_both", "lead_x_stem", "lead_spread_x_stem")

# The opening sentences of an article (headline, dateline, first sentence) name its main event.
LEAD_SENTENCES = 3

# Endings that turn a verb into the noun or form a tagger may leave unlemmatised ("checks", "shooting", "arrested").
_ENDINGS = (("ings", ""), ("ing", ""), ("ing", "e"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("ion", "e"),
            ("ion", ""), ("ment", ""), ("al", ""), ("ure", ""))


def stems(lemmas: Sequence[str]) -> list[str]:
    """One stem per lemma, within a story: a lemma that is another lemma of the story plus a verb or noun ending
    maps to that lemma ("shooting" -> "shoot" when "shoot" occurs); synonyms fold (``slots/events.py``).

    Example:
        >>> stems(["shoot", "shooting", "checks", "check", "arrival"])
        ['shoot', 'shoot', 'check', 'check', 'arrive']
    """
    present = set(lemmas)
    memo: dict[str, str] = {}
    for lem in present:
        base = lem
        for end, add in _ENDINGS:
            if lem.endswith(end) and len(lem) - len(end) >= 3 and lem[: -len(end)] + add in present:
                base = lem[: -len(end)] + add
                break
        memo[lem] = fold(base) or base
    return [memo[lem] for lem in lemmas]


def stem_map(lemmas: Sequence[str]) -> dict[str, str]:
    """``{lemma: stem}`` over one story's lemmas (see :func:`stems`)."""
    lemmas = list(dict.fromkeys(lemmas))
    return dict(zip(lemmas, stems(lemmas)))


def _pair_key(a: str, b: str) -> str:
    return f"{a}|{b}" if a <= b else f"{b}|{a}"


def _head(sdoc, a: int, b: int):
    """The syntactic head of the tokens overlapping sentence characters ``[a, b)`` (a verb or noun if any)."""
    toks = [t for t in sdoc if t.idx < b and t.idx + len(t) > a]
    if not toks:
        return None
    inside = {t.i for t in toks}
    heads = [t for t in toks if t.head.i not in inside or t.head is t] or toks
    for pos in ("VERB", "NOUN", "ADJ", "PROPN", "NUM"):
        for t in heads:
            if t.pos_ == pos:
                return t
    return heads[-1]


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().lower()).removeprefix("the ")


_ENT_KIND = {**{x: "who" for x in _WHO}, **{x: "where" for x in _WHERE}, **{x: "when" for x in _WHEN},
             **{x: "num" for x in _QUANT}}


def _entities(sdoc) -> list[tuple[int, int, str, str]]:
    """``(first token, last token, kind, normalised text)`` of the parse's entities of the kinds above (memoised
    on the Doc: every mention of a sentence reads them)."""
    memo = sdoc.user_data.get("event_coref.entities")
    if memo is None:
        memo = [(e.start, e.end - 1, _ENT_KIND[e.label_], _norm(e.text)) for e in sdoc.ents if e.label_ in _ENT_KIND]
        sdoc.user_data["event_coref.entities"] = memo
    return memo


def _arguments(tok) -> dict[str, set[str]]:
    """Entities, times and figures inside the clause (or noun phrase's clause) the trigger heads, and the lemmas
    of its direct participants."""
    scope = tok if tok.pos_ in ("VERB", "AUX") or tok.head is tok else tok.head
    lo, hi = scope.left_edge.i, scope.right_edge.i
    out: dict[str, set[str]] = {k: set() for k in _KINDS}
    for first, last, kind, text in _entities(tok.doc):
        if first >= lo and last <= hi:
            out[kind].add(text)
    for child in tok.children:
        deps = [child]
        if child.dep_ in ("prep", "agent"):
            deps = [g for g in child.children if g.dep_ == "pobj"]
        for d in deps:
            if d.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "poss", "compound", "attr", "npadvmod") and \
                    d.pos_ in ("NOUN", "PROPN"):
                out["arg"].add(d.lemma_.lower())
    return out


# Word pieces on each side of the trigger that make its context vector.
_WINDOW = 5


def _vectors(us: Sequence[Unit], home: Sequence[int], spans: Sequence[tuple[int, int]]) -> tuple[np.ndarray, np.ndarray]:
    """For each mention (its unit ``home[k]`` and character span ``spans[k]`` in that unit's text): the unit mean
    of the word pieces overlapping the span (the trigger's vector) and of the :data:`_WINDOW` pieces on each side
    (its context's); the sentence's vector where there are none. The pieces of all units are stacked once and
    each mean is a padded gather from the stack."""
    k = len(home)
    dim = us[0].vec.shape[0] if us else 384
    trig = np.array([us[n].vec for n in home], dtype=np.float32).reshape(k, dim)
    ctx = trig.copy()
    if not k:
        return trig, ctx
    used = sorted(set(home))
    first, base = {}, 0
    for n in used:
        first[n] = base
        base += len(us[n].pieces[1])
    if not base:
        return trig, ctx
    # row ``base`` is zeros: the padding of the gathers below
    vecs = np.concatenate([np.asarray(us[n].pieces[0], dtype=np.float32).reshape(-1, dim) for n in used]
                          + [np.zeros((1, dim), dtype=np.float32)])
    lo, hi, top, bottom = (np.zeros(k, dtype=np.int64) for _ in range(4))
    of_unit: dict[int, list[int]] = {}
    for j, n in enumerate(home):
        of_unit.setdefault(n, []).append(j)
    for n in used:
        offs = np.asarray(us[n].pieces[1], dtype=np.int64).reshape(-1, 2)
        rows = np.asarray(of_unit[n], dtype=np.int64)
        a = np.array([spans[j][0] for j in rows], dtype=np.int64)
        b = np.array([spans[j][1] for j in rows], dtype=np.int64)
        lo[rows] = first[n] + np.searchsorted(offs[:, 1], a, side="right")  # first piece ending after a
        hi[rows] = first[n] + np.searchsorted(offs[:, 0], b, side="left")  # first piece starting at or after b
        bottom[rows], top[rows] = first[n], first[n] + len(offs)
    for out, ranges in ((trig, [(lo, hi)]),
                        (ctx, [(np.maximum(lo - _WINDOW, bottom), lo), (hi, np.minimum(hi + _WINDOW, top))])):
        total = np.zeros((k, dim), dtype=np.float64)
        for s, e in ranges:
            width = int(max(1, (e - s).max()))
            idx = s[:, None] + np.arange(width)[None, :]
            idx = np.where(idx < e[:, None], idx, base)
            total += vecs[idx].sum(1, dtype=np.float64)
        norm = np.linalg.norm(total, axis=1)
        ok = (hi > lo) & (norm > 0)
        out[ok] = (total[ok] / norm[ok, None]).astype(np.float32)
    return trig, ctx


_FUTURE = frozenset({"will", "shall", "'ll", "wo"})


def _tense(tok) -> str:
    """When the trigger's clause places the event: "future" (will, going to), "past", "present" or ""."""
    verb = tok if tok.pos_ in ("VERB", "AUX") else tok.head if tok.head.pos_ in ("VERB", "AUX") else None
    if verb is None:
        return ""
    aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(c.lower_ in _FUTURE for c in aux) or any(c.lower_ == "going" and verb.tag_ == "VB" for c in aux):
        return "future"
    if verb.tag_ == "VBD" or any(c.tag_ in ("VBD",) or c.lemma_ == "have" for c in aux):
        return "past"
    if verb.tag_ in ("VBZ", "VBP", "VBG"):
        return "present"
    return ""


def _spans(documents: Sequence[Document], mentions: Sequence[EventMention] | None):
    """Sentence spans to parse: every sentence (detection), or only those holding a given mention."""
    per_doc = {d.id: sentences(d.text) for d in documents}
    if mentions is None:
        return {(d, i): span for d, spans in per_doc.items() for i, span in enumerate(spans)}, None
    wanted: dict[tuple[str, int], tuple[int, int]] = {}
    home: list[tuple[str, int]] = []
    for m in mentions:
        spans = per_doc[m.doc_id]
        i = next((k for k, (s, e) in enumerate(spans) if s <= m.start < e), None)
        if i is None:  # in whitespace between sentences: the next sentence
            i = next((k for k, (s, e) in enumerate(spans) if s >= m.start), len(spans) - 1)
        s, e = spans[i]
        s, e = min(s, m.start), max(e, m.end)  # a mention across a sentence end keeps both parts
        old = wanted.get((m.doc_id, i))
        wanted[(m.doc_id, i)] = (min(s, old[0]), max(e, old[1])) if old else (s, e)
        home.append((m.doc_id, i))
    return wanted, home


@dataclass
class Unit:
    """One parsed and embedded sentence the event stage reads.

    ``to_doc`` maps a character span of ``text`` to the document's text (the check's sentences are of the cleaned
    text, so it goes through :meth:`factcheck.clean.CleanText.to_original`); by default a span moves by ``start``.
    """

    doc_id: str
    index: int  # the sentence's number in its document (0 is the headline or lead)
    start: int  # where ``text`` starts in the document's text
    text: str
    sdoc: Any  # the spaCy Doc of ``text``
    vec: np.ndarray  # the sentence's unit vector
    pieces: tuple  # (word-piece vectors, their character spans in ``text``)
    to_doc: Any = None
    doc_text: str | None = None  # the document's text, when ``to_doc`` maps into it

    def doc_span(self, a: int, b: int) -> tuple[int, int]:
        return self.to_doc(a, b) if self.to_doc is not None else (self.start + a, self.start + b)


def _check_given(documents: Sequence[Document], mentions: Sequence[EventMention] | None) -> None:
    by_id = {d.id: d for d in documents}
    for m in mentions or ():
        d = by_id.get(m.doc_id)
        if d is None:
            raise SchemaError(f"an event mention names the document {m.doc_id!r}, which was not given.")
        if not (0 <= m.start < m.end <= len(d.text)) or d.text[m.start:m.end] != m.text:
            raise SchemaError(f"event mention {m.text!r} at {m.start}-{m.end} of {m.doc_id!r} does not match the "
                              "document's text there: offsets are characters of the document's text.")


def units(documents: Sequence[Document], mentions: Sequence[EventMention] | None = None, *,
          embedder=None, nlp=None) -> tuple[list[Unit], list[int] | None]:
    """Parse and embed the sentences of ``documents`` (every sentence, or only those holding a given mention).

    Returns ``(units, home)``: ``home[k]`` is the unit that holds ``mentions[k]`` (None without mentions). The
    check does not call this: it builds its units from its own parse and embedding pass (:func:`check_units`).
    """
    from factcheck.embed import get_embedder
    from factcheck.nlp import get_nlp, one_blas_thread, parse_lock

    _check_given(documents, mentions)
    by_id = {d.id: d for d in documents}
    wanted, home = _spans(documents, mentions)
    keys = list(wanted)
    texts = [by_id[d].text[s:e] for d, _ in keys for s, e in [wanted[(d, _)]]]
    nlp = nlp or get_nlp()
    with parse_lock, one_blas_thread():
        sdocs = list(nlp.pipe(texts, batch_size=64))
    embedder = embedder or get_embedder()
    sent_vecs, pieces = embedder.encode_tokens(texts) if texts else (np.zeros((0, 384), np.float32), [])
    out = [Unit(doc_id=d, index=i, start=wanted[(d, i)][0], text=t, sdoc=sd, vec=v, pieces=p)
           for (d, i), t, sd, v, p in zip(keys, texts, sdocs, sent_vecs, pieces)]
    where = {k: n for n, k in enumerate(keys)}
    return out, None if home is None else [where[k] for k in home]


def check_sentences(parsed: Sequence[Any]) -> list[str]:
    """The texts the event stage reads of the check's documents, in the order :func:`check_units` reads them:
    each document's headlines (which the cleaner takes out of the claims' text), then its sentences."""
    return [t for d in parsed if d.sentences for t in [*(r.text for r in d.headlines()), *(s.text for s in d.sentences)]]


def check_units(parsed: Sequence[Any], vecs: np.ndarray, pieces: Sequence[tuple]) -> list[Unit]:
    """The check's own sentences as units: its spaCy parse (``claims.ParsedDoc.spacy_docs`` and
    ``headline_docs``), and the sentence and word-piece vectors of :func:`check_sentences` from the check's one
    embedding pass (``MiniLMEmbedder.encode_with_pieces``, cached, so a warm re-check embeds nothing). A
    document's headlines come first: its opening (sentence 0 onwards) is what names its own event."""
    out = []
    k = 0
    for d in parsed:
        if not d.sentences:  # a document the guard emptied (not English) is not read
            continue
        heads = d.headlines()
        for n, (r, sd) in enumerate(zip(heads, d.headline_docs)):
            out.append(Unit(doc_id=d.clean.doc_id, index=n, start=r.start, text=r.text, sdoc=sd, vec=vecs[k],
                            pieces=pieces[k], doc_text=d.clean.original))
            k += 1
        for s, sd in zip(d.sentences, d.spacy_docs):
            def to_doc(a, b, _c=d.clean, _s=s.start):
                return _c.to_original(_s + a, _s + b)

            out.append(Unit(doc_id=d.clean.doc_id, index=len(heads) + s.index, start=s.start, text=s.text, sdoc=sd,
                            vec=vecs[k], pieces=pieces[k], to_doc=to_doc, doc_text=d.clean.original))
            k += 1
    return out


def story_units(documents: Sequence[Document], *, embedder=None) -> list[Unit]:
    """The units the check reads for ``documents``: cleaned, segmented, parsed and embedded as
    :func:`factcheck.check` does (the training scripts use this so that they see what the check sees)."""
    from factcheck.claims import ParsedDoc, parse
    from factcheck.clean import clean
    from factcheck.embed import get_embedder
    from factcheck.segment import segment

    parsed = []
    for d in sorted(documents, key=lambda d: d.id):
        c = clean(d.id, d.text)
        parsed.append(ParsedDoc(clean=c, sentences=segment(c), published=d.published))
    parse(parsed)
    texts = check_sentences(parsed)
    vecs, pieces = (embedder or get_embedder()).encode_with_pieces(texts, texts)
    return check_units(parsed, vecs, pieces)


def featurize(documents: Sequence[Document], mentions: Sequence[EventMention] | None = None, *,
              embedder=None, nlp=None) -> Features:
    """Parse and embed the sentences of ``documents`` and read each mention's features.

    Args:
        documents: the articles.
        mentions: the mentions to describe (e.g. gold ones); None detects them (see :func:`detect`).
        embedder: a :class:`factcheck.embed.MiniLMEmbedder` (the process-wide one by default).
        nlp: a spaCy pipeline (the project's by default).
    """
    us, home = units(documents, mentions, embedder=embedder, nlp=nlp)
    return read_units(us, mentions, home)


def _reading(tok) -> tuple[str, str, str, dict[str, frozenset[str]]]:
    """(lemma, part of speech, tense, arguments) of a mention's head token."""
    return (tok.lemma_.lower(), tok.pos_, _tense(tok), {k: frozenset(v) for k, v in _arguments(tok).items()})


# What detection reads of a sentence depends on its text only (the pipeline and its parse are fixed), so it is
# memoised like the embeddings: a re-check of a story reads nothing twice. Bounded, least recently used out.
_READ_MEMO: OrderedDict[str, tuple] = OrderedDict()
_READ_MEMO_MAX = 50_000
_READ_LOCK = threading.Lock()


def _sentence_reading(u: Unit) -> tuple[list[tuple[int, int, str, tuple]], frozenset[str], tuple]:
    """The triggers of one unit's sentence (start, end, text, :func:`_reading`), its entity names, and its
    entities as ``(label, text)`` pairs."""
    with _READ_LOCK:
        hit = _READ_MEMO.get(u.text)
        if hit is not None:
            _READ_MEMO.move_to_end(u.text)
            return hit
    found = [(t.idx, t.idx + len(t.text), t.text, _reading(t)) for t in u.sdoc if is_trigger(t)]
    ents = tuple((e.label_, e.text) for e in u.sdoc.ents)
    hit = (found, frozenset(_norm(text) for _, text in ents), ents)
    with _READ_LOCK:
        _READ_MEMO[u.text] = hit
        while len(_READ_MEMO) > _READ_MEMO_MAX:
            _READ_MEMO.popitem(last=False)
    return hit


def entities(u: Unit) -> tuple[tuple[str, str], ...]:
    """The named entities of a unit's sentence as ``(label, text)`` pairs (memoised with its reading)."""
    return _sentence_reading(u)[2]


def read_units(us: Sequence[Unit], mentions: Sequence[EventMention] | None = None,
               home: Sequence[int] | None = None) -> Features:
    """The features of ``mentions`` (``home[k]``: the unit holding mention k), or of the mentions detected in
    every unit when ``mentions`` is None."""
    readings: list[tuple | None] = []
    where: list[tuple[int, int]] = []  # start, end in the unit's text, per mention
    if mentions is None:
        mentions, home = [], []
        for n, u in enumerate(us):
            for a, b, text, r in _sentence_reading(u)[0]:
                start, end = u.doc_span(a, b)
                mentions.append(_Found(doc_id=u.doc_id, start=start, end=end,
                                       text=u.doc_text[start:end] if u.doc_text is not None else text))
                home.append(n)
                readings.append(r)
                where.append((a, b))
    else:
        for m, n in zip(mentions, home):
            u = us[n]
            a, b = m.start - u.start, m.end - u.start
            tok = _head(u.sdoc, a, b)
            readings.append(_reading(tok) if tok is not None else None)
            where.append((a, b))
    rows, sent, pos, tense = [], [], [], []
    sets: dict[str, list[frozenset[str]]] = {k: [] for k in (*_KINDS, "ent")}
    trig, ctx = _vectors(us, home, where)
    empty = frozenset()
    for m, n, r in zip(mentions, home, readings):
        u = us[n]
        lemma, p, t, args = r if r is not None else (
            m.text.lower().split()[-1] if m.text.split() else m.text.lower(), "X", "", {k: empty for k in _KINDS})
        tense.append(t)
        sent.append(u.vec)
        pos.append(p)
        for k in _KINDS:
            sets[k].append(args[k])
        sets["ent"].append(_sentence_reading(u)[1])
        # trusted values read from the parse: built without validation (hundreds per story, every check)
        rows.append(EventMention.model_construct(
            doc_id=m.doc_id, start=m.start, end=m.end, text=m.text, event=getattr(m, "event", None),
            trigger=lemma, sentence=u.index, who=tuple(sorted(args["who"])), where=tuple(sorted(args["where"])),
            when=tuple(sorted(args["when"])), quantities=tuple(sorted(args["num"])),
        ))
    dim = us[0].vec.shape[0] if us else 384
    return Features(mentions=rows, trig=trig, ctx=ctx,
                    sent=np.array(sent, dtype=np.float32).reshape(-1, dim), pos=pos, sets=sets, tense=tense)


# ------------------------------------------------------------------------------------------------ detection

_LEXICON: list[frozenset[str]] = []
_LEX_LOCK = threading.Lock()


def event_nouns() -> frozenset[str]:
    """Noun lemmas that name events (learned from the ECB+ train topics by ``scripts/train_events.py``)."""
    with _LEX_LOCK:
        if not _LEXICON:
            f = DATA / "event_nouns.txt"
            words = [w.strip() for w in f.read_text(encoding="utf-8").splitlines()] if f.is_file() else []
            _LEXICON.append(frozenset(w for w in words if w and not w.startswith("#")))
        return _LEXICON[0]


def is_trigger(tok) -> bool:
    """Whether a parsed token names an event: a content verb, an event noun, or a state adjective."""
    lemma = tok.lemma_.lower()
    if tok.pos_ == "VERB":  # ECB+ annotates light verbs too ("goes", "make", "become"); auxiliaries never
        return tok.dep_ not in ("aux", "auxpass")
    if tok.pos_ in ("NOUN", "PROPN") and tok.ent_type_ == "EVENT":  # named events: "the Olympics"
        return tok.dep_ not in ("compound", "amod") or tok.head.ent_type_ != "EVENT"
    if tok.pos_ == "NOUN":
        return lemma in event_nouns() or lemma in _NEWS_EVENTS or bool(_DEVERBAL.search(lemma))
    if tok.pos_ == "ADJ":  # participles name the event or state behind them: "injured", "excited", "disappointing"
        low = tok.text.lower()
        return lemma in _EVENT_ADJ or low in _EVENT_ADJ or (len(low) > 5 and low.endswith(("ed", "ing")))
    return False


@dataclass
class _Found:
    """A detected mention before its features are read (an ``EventMention`` is built once, from the parse)."""

    doc_id: str
    start: int
    end: int
    text: str


def detect(documents: Iterable[Any]) -> list[EventMention]:
    """The event mentions of ``documents`` (one token each), in document and text order."""
    from factcheck.ingest import to_documents

    return featurize(to_documents(documents)).mentions


# ------------------------------------------------------------------------------------------------ pair model


def _overlap(sets: list[frozenset[str]]) -> tuple[np.ndarray, np.ndarray]:
    """(shared count, size) matrices for one kind of argument set."""
    vocab: dict[str, int] = {}
    for s in sets:
        for x in s:
            vocab.setdefault(x, len(vocab))
    a = np.zeros((len(sets), max(1, len(vocab))), dtype=np.float32)
    for i, s in enumerate(sets):
        for x in s:
            a[i, vocab[x]] = 1.0
    return a @ a.T, a.sum(1)


def _scalar_matrices(f: Features, tables: dict | None = None):
    """Yield ``(name, n x n matrix)`` for every scalar pair feature, in the order of :data:`SCALARS`.

    ``tables`` (learned from the ECB+ train topics with the model): ``lemma`` maps a stem to how often two
    mentions with that stem name one event, ``pair`` does the same for two different stems, ``default`` is the
    rate for a stem it has not seen.
    """
    ms = f.mentions
    n = len(ms)

    def eq(values) -> np.ndarray:
        codes = {v: k for k, v in enumerate(dict.fromkeys(values))}
        c = np.array([codes[v] for v in values])
        return (c[:, None] == c[None, :]).astype(np.float32)

    lemma = [m.trigger for m in ms]
    same_lemma = eq(lemma)
    cos_t = (f.trig @ f.trig.T).astype(np.float32)
    yield "same_lemma", same_lemma
    yield "same_fold", eq([fold(x) or "" for x in lemma])
    yield "same_prefix", eq([x[:5] if len(x) >= 5 else f"{x}#{k}" for k, x in enumerate(lemma)])
    yield "cos_trigger", cos_t
    yield "cos_sentence", (f.sent @ f.sent.T).astype(np.float32)
    yield "same_doc", eq([m.doc_id for m in ms])
    yield "same_sentence", eq([(m.doc_id, m.sentence) for m in ms])
    yield "same_pos", eq(f.pos)
    yield "lemma_x_cos", same_lemma * cos_t
    for k in _KINDS:
        shared, size = _overlap(f.sets[k])
        both = (size[:, None] > 0) & (size[None, :] > 0)
        yield f"{k}_shared", (shared > 0).astype(np.float32)
        yield f"{k}_clash", (both & (shared == 0)).astype(np.float32)
    shared, size = _overlap(f.sets["ent"])
    union = size[:, None] + size[None, :] - shared
    yield "ent_jaccard", np.where(union > 0, shared / np.maximum(union, 1), 0.0).astype(np.float32)
    # Spread: the share of the story's documents that use a mention's trigger lemma. The event all outlets report
    # is named in most of them; a background event in one or two.
    docs = {m.doc_id for m in ms}
    used: dict[str, set[str]] = {}
    for m in ms:
        used.setdefault(m.trigger, set()).add(m.doc_id)
    spread = np.array([len(used[m.trigger]) / len(docs) for m in ms], dtype=np.float32)
    spread_min = np.minimum(spread[:, None], spread[None, :])
    yield "spread_min", spread_min
    yield "lemma_x_spread", same_lemma * spread_min
    yield "same_text", eq([m.text.lower() for m in ms])
    verb = np.array([p == "VERB" for p in f.pos], dtype=np.float32)
    noun = np.array([p == "NOUN" for p in f.pos], dtype=np.float32)
    yield "both_verbs", np.outer(verb, verb)
    yield "both_nouns", np.outer(noun, noun)
    yield "lemma_x_other_doc", same_lemma * (1.0 - eq([m.doc_id for m in ms]))
    st = stems(lemma)
    same_stem = eq(st)
    yield "same_stem", same_stem
    tables = tables or {}
    rate = tables.get("lemma", {})
    default = float(tables.get("default", 0.0))
    yield "lemma_prior", same_stem * np.array([rate.get(x, default) for x in st], dtype=np.float32)[:, None]
    pair = tables.get("pair", {})
    prior = np.zeros((n, n), dtype=np.float32)
    known = np.zeros((n, n), dtype=np.float32)
    if pair:
        code = {x: k for k, x in enumerate(dict.fromkeys(st))}
        c = np.array([code[x] for x in st], dtype=np.int64)
        rate_of = np.zeros((len(code), len(code)), dtype=np.float32)
        seen = np.zeros((len(code), len(code)), dtype=np.float32)
        for key, v in pair.items():  # a few hundred learned pairs; look up those whose stems both occur
            a, _, b = key.partition("|")
            if a != b and a in code and b in code:
                rate_of[code[a], code[b]] = rate_of[code[b], code[a]] = v
                seen[code[a], code[b]] = seen[code[b], code[a]] = 1.0
        prior = rate_of[np.ix_(c, c)]
        known = seen[np.ix_(c, c)]
    yield "pair_prior", prior
    yield "pair_known", known
    yield "cos_context", (f.ctx @ f.ctx.T).astype(np.float32)
    t = f.tense
    yield "tense_same", eq([x or f"#{k}" for k, x in enumerate(t)])
    fut = np.array([x == "future" for x in t], dtype=np.float32)
    past = np.array([x == "past" for x in t], dtype=np.float32)
    yield "tense_clash", np.outer(fut, past) + np.outer(past, fut)
    lead = np.array([m.sentence < LEAD_SENTENCES for m in ms], dtype=np.float32)
    lead_both = np.outer(lead, lead)
    yield "lead_both", lead_both
    yield "lead_x_stem", lead_both * same_stem
    # the share of documents whose opening names a mention's stem: the story's main event is in most openings
    opened: dict[str, set[str]] = {}
    for m, x, first in zip(ms, st, lead):
        if first:
            opened.setdefault(x, set()).add(m.doc_id)
    lead_spread = np.array([len(opened.get(x, ())) / len(docs) for x in st], dtype=np.float32)
    yield "lead_spread_x_stem", same_stem * np.minimum(lead_spread[:, None], lead_spread[None, :])
    assert n == same_lemma.shape[0]


def pair_features(f: Features, i: np.ndarray, j: np.ndarray, tables: dict | None = None, *,
                  products: Sequence[str] = ("trig", "ctx")) -> np.ndarray:
    """The feature rows of the pairs ``(i[k], j[k])``: the scalars of :data:`SCALARS`, then the element-wise
    products ``v_i * v_j`` of each vector in ``products`` ("trig": the trigger's, "ctx": its context's).

    The slow, explicit form the training script uses; :func:`pair_scores` computes the same model without
    building it (``tests/test_events.py`` checks they agree).
    """
    cols = [m[i, j] for _, m in _scalar_matrices(f, tables)]
    blocks = [getattr(f, name)[i] * getattr(f, name)[j] for name in products]
    return np.concatenate([np.stack(cols, 1), *blocks], 1).astype(np.float32)


@dataclass(frozen=True)
class EventModel:
    """A logistic model over :func:`pair_features` (standardised inputs) and the clustering threshold."""

    weights: np.ndarray  # (len(SCALARS) + DIM,) for standardised features
    bias: float
    mean: np.ndarray
    scale: np.ndarray
    threshold: float
    tables: dict | None = None  # lemma and lemma-pair coreference rates (see _scalar_matrices)
    products: tuple[str, ...] = ("trig", "ctx")  # vector blocks after the scalars (see pair_features)

    def logits(self, x: np.ndarray) -> np.ndarray:
        return ((x - self.mean) / self.scale) @ self.weights + self.bias

    def save(self, path: Path) -> None:
        np.savez_compressed(path, weights=self.weights.astype(np.float32), bias=np.float32(self.bias),
                            mean=self.mean.astype(np.float32), scale=self.scale.astype(np.float32),
                            threshold=np.float32(self.threshold), scalars=np.array(SCALARS),
                            tables=np.array(json.dumps(self.tables or {}, sort_keys=True)),
                            products=np.array(self.products))


_MODEL: dict[str, EventModel] = {}


def load_model(path: Path | None = None) -> EventModel:
    """The committed pair model (``factcheck/data/event_pairs.npz``), loaded once."""
    path = Path(path or DATA / "event_pairs.npz")
    key = str(path)
    if key not in _MODEL:
        if not path.is_file():
            raise ModelMissingError(f"the event pair model {path} is missing: run `python scripts/train_events.py`.")
        z = np.load(path)
        if tuple(str(x) for x in z["scalars"]) != SCALARS:
            raise ModelMissingError(f"{path} was trained on other features: rerun `python scripts/train_events.py`.")
        _MODEL[key] = EventModel(weights=z["weights"].astype(np.float64), bias=float(z["bias"]),
                                 mean=z["mean"].astype(np.float64), scale=z["scale"].astype(np.float64),
                                 threshold=float(z["threshold"]), tables=json.loads(str(z["tables"])),
                                 products=tuple(str(x) for x in z["products"]))
    return _MODEL[key]


def pair_scores(f: Features, model: EventModel | None = None) -> np.ndarray:
    """``n x n`` probabilities that two mentions name the same event (diagonal 1).

    The logistic model is linear in the features, so each vector-product block is one matrix product
    ``(trig * w / scale) @ trig.T`` instead of ``n^2`` feature rows.
    """
    model = model or load_model()
    n = len(f.mentions)
    if n == 0:
        return np.zeros((0, 0), dtype=np.float32)
    w = model.weights / model.scale
    k = len(SCALARS)
    logit = np.full((n, n), model.bias - float(model.mean @ w), dtype=np.float64)
    for c, (_, m) in enumerate(_scalar_matrices(f, model.tables)):
        logit += w[c] * m
    dim = f.trig.shape[1]
    if k + len(model.products) * dim == len(w):  # vectors of another size (a test double's) leave the products out
        for b, name in enumerate(model.products):
            v = getattr(f, name)
            logit += (v * w[k + b * dim : k + (b + 1) * dim].astype(np.float32)) @ v.T
    p = 1.0 / (1.0 + np.exp(-logit))
    np.fill_diagonal(p, 1.0)
    return p.astype(np.float32)


def cluster(scores: np.ndarray, threshold: float) -> list[int]:
    """Average-link agglomerative clustering: merge the two clusters with the highest mean pair score while it
    is above ``threshold``. Returns a cluster number per row (numbered by first row).

    Example:
        >>> s = np.array([[1, .9, .1], [.9, 1, .2], [.1, .2, 1]])
        >>> cluster(s, 0.5)
        [0, 0, 1]
    """
    n = scores.shape[0]
    if n == 0:
        return []
    # Each step merges the pair with the highest mean score, the first row then the first column among ties (as
    # argmax over the whole matrix would), keeping each row's best column so a step costs O(n), not O(n^2).
    total = scores.astype(np.float64).copy()  # sum of pair scores between clusters
    np.fill_diagonal(total, -np.inf)
    size = np.ones(n)
    alive = np.ones(n, dtype=bool)
    avg = total.copy()
    best_col = np.argmax(avg, axis=1)
    best = avg[np.arange(n), best_col]
    members = {i: [i] for i in range(n)}

    def refresh(r: int) -> None:
        row = np.where(alive, avg[r], -np.inf)
        best_col[r] = int(np.argmax(row))
        best[r] = row[best_col[r]]

    while True:
        a = int(np.argmax(np.where(alive, best, -np.inf)))
        if not alive[a] or not np.isfinite(best[a]) or best[a] <= threshold:
            break
        b = int(best_col[a])
        total[a, :] += total[b, :]
        total[:, a] = total[a, :]
        total[a, a] = -np.inf
        size[a] += size[b]
        alive[b] = False
        members[a].extend(members.pop(b))
        avg[a, :] = total[a, :] / (size[a] * size)
        avg[:, a] = avg[a, :]
        avg[b, :] = -np.inf
        avg[:, b] = -np.inf
        best[b] = -np.inf
        refresh(a)
        stale = np.flatnonzero(alive & ((best_col == a) | (best_col == b)))
        for r in stale:
            if r != a:
                refresh(int(r))
        better = alive & ((avg[:, a] > best) | ((avg[:, a] == best) & (a < best_col)))
        better[a] = False
        best[better] = avg[better, a]
        best_col[better] = a
    label = [0] * n
    for num, rows in enumerate(sorted(members.values(), key=min)):
        for r in rows:
            label[r] = num
    return label


def same_head(mentions: Sequence[EventMention]) -> list[int]:
    """The same-head baseline: mentions whose lowercased last token is the same form one cluster."""
    keys: dict[str, int] = {}
    return [keys.setdefault((m.text.lower().split() or [""])[-1], len(keys)) for m in mentions]


# ------------------------------------------------------------------------------------------------ public


def events(documents: Iterable[Any], *, mentions: Sequence[EventMention | dict] | None = None,
           model: EventModel | None = None, embedder=None) -> list[EventMention]:
    """Find (or take) the event mentions of ``documents`` and cluster them into events across documents.

    Args:
        documents: ``factcheck.Document`` objects, strings, dicts or paths (as :func:`factcheck.check` takes).
        mentions: gold mentions to cluster instead of detecting them: ``EventMention`` objects or dicts with
            ``doc_id``, ``start``, ``end`` and ``text`` (other keys are ignored). Their order is kept.
        model: the pair model (the committed one by default).
        embedder: the MiniLM embedder (the process-wide one by default).

    Returns:
        The mentions, each with ``event`` set to an id such as ``"E3"`` shared by the mentions of one event,
        and with its trigger lemma and arguments filled.

    Raises:
        SchemaError: a mention whose document is not given or whose text does not match the document.
    """
    from factcheck.ingest import to_documents

    docs = to_documents(documents)
    given = None
    if mentions is not None:
        given = []
        for k, m in enumerate(mentions):
            if isinstance(m, EventMention):
                given.append(m)
                continue
            try:
                given.append(EventMention(doc_id=str(m["doc_id"]), start=int(m["start"]), end=int(m["end"]),
                                          text=str(m["text"])))
            except (KeyError, TypeError, ValueError) as exc:
                raise SchemaError(f"event mention {k + 1} needs doc_id, start, end and text ({exc}).") from None
    f = featurize(docs, given, embedder=embedder)
    model = model or load_model()
    labels = cluster(pair_scores(f, model), model.threshold)
    return [m.model_copy(update={"event": f"E{lab + 1}"}) for m, lab in zip(f.mentions, labels)]


# The most mentions one story clusters: the pair scores are an n x n matrix (4,000 mentions: 128 MB in float64,
# about 2 s on 2 cores). A larger story (some 1,000 sentences and more) is read from its articles' openings down,
# sentence by sentence across articles, until the budget is spent; the check says so in the report's warnings.
MAX_MENTIONS = 4_000


def within_budget(us: Sequence[Unit], limit: int | None = None) -> tuple[list[Unit], int]:
    """The units to read when the story's mentions would exceed ``limit`` (:data:`MAX_MENTIONS`): every article's
    sentence 0, then every sentence 1, and so on, while the mentions fit. Returns ``(units, sentences left out)``."""
    limit = MAX_MENTIONS if limit is None else limit
    counts = [len(_sentence_reading(u)[0]) for u in us]
    if sum(counts) <= limit:
        return list(us), 0
    keep, total = set(), 0
    for k in sorted(range(len(us)), key=lambda k: (us[k].index, us[k].doc_id)):
        if total + counts[k] > limit:
            break
        keep.add(k)
        total += counts[k]
    return [u for k, u in enumerate(us) if k in keep], len(us) - len(keep)


def cluster_units(us: Sequence[Unit], model: EventModel | None = None) -> list[EventMention]:
    """The mentions detected in ``us``, clustered into events (``event`` ids "E1", "E2" ...)."""
    f = read_units(us)
    model = model or load_model()
    labels = cluster(pair_scores(f, model), model.threshold)
    return [m.model_copy(update={"event": f"E{lab + 1}"}) for m, lab in zip(f.mentions, labels)]


def claim_events(claims: Sequence[Any], mentions: Sequence[EventMention]) -> dict[str, tuple[str, ...]]:
    """For each claim (anything with ``id``, ``doc_id``, ``start``, ``end``), the events of the clustered
    mentions inside its span, in text order: the lookup a comparator needs to ask whether two claims tell one
    event. Built once per story from :func:`events`; a claim with no event mention maps to ``()``.

    Example:
        >>> from factcheck.models import EventMention as M
        >>> from types import SimpleNamespace as C
        >>> ms = [M(doc_id="a", start=4, end=9, text="quake", event="E1"), M(doc_id="a", start=30, end=34,
        ...       text="vote", event="E2")]
        >>> claim_events([C(id="c1", doc_id="a", start=0, end=20), C(id="c2", doc_id="a", start=21, end=40)], ms)
        {'c1': ('E1',), 'c2': ('E2',)}
    """
    by_doc: dict[str, list[EventMention]] = {}
    for m in sorted(mentions, key=lambda m: (m.doc_id, m.start)):
        by_doc.setdefault(m.doc_id, []).append(m)
    out = {}
    for c in claims:
        inside = [m.event for m in by_doc.get(c.doc_id, ()) if c.start <= m.start and m.end <= c.end and m.event]
        out[c.id] = tuple(dict.fromkeys(inside))
    return out


def same_event(a: Sequence[str], b: Sequence[str]) -> bool | None:
    """Whether two claims' events (from :func:`claim_events`) overlap; None when either claim names no event,
    so a caller can fall back on its own test."""
    if not a or not b:
        return None
    return bool(set(a) & set(b))


# Files of a corpus folder that are annotations, not articles (the ECB+ export's layout).
MENTIONS_FILE = "mentions.jsonl"
_ANNOTATION_FILES = frozenset({MENTIONS_FILE, "sentences.jsonl"})


def read_inputs(paths: Sequence[str | Path], *, mentions: str | Path | None = None):
    """Documents and gold event mentions from the command line's paths.

    A folder gives its article files (as :func:`factcheck.load` reads them) except the annotation files
    ``mentions.jsonl`` and ``sentences.jsonl``; its ``mentions.jsonl``, when present, gives the mentions: the
    lines whose ``type`` is ``event`` (all lines when no line has a ``type``), in file order. ``mentions``
    names such a file explicitly. Returns ``(documents, mention dicts or None)``.

    Raises:
        SchemaError: a mentions file line that is not a JSON object with doc_id, start, end and text.
    """
    import json

    from factcheck.errors import UnreadableInputError
    from factcheck.ingest import json_lines, load

    files: list[Path] = []
    found: Path | None = Path(mentions) if mentions is not None else None
    for p in map(Path, paths):
        if p.is_dir():
            kids = sorted(k for k in p.iterdir() if k.is_file() and not k.name.startswith("."))
            if found is None and (p / MENTIONS_FILE).is_file():
                found = p / MENTIONS_FILE
            files.extend(k for k in kids if k.name not in _ANNOTATION_FILES and k.suffix.lower() in
                         (".txt", ".json", ".jsonl", ".html", ".htm"))
        else:
            files.append(p)
    if not files:
        raise UnreadableInputError(f"no article files in {', '.join(map(str, paths))}.")
    docs = load(files)
    if found is None:
        return docs, None
    try:
        lines = found.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise UnreadableInputError(f"{str(found)!r} cannot be read ({exc}).") from None
    rows = []
    for n, row in json_lines(lines, repr(str(found))):
        if not isinstance(row, dict):
            raise SchemaError(f"{found}:{n}: a mention must be a JSON object.")
        rows.append(row)
    typed = any("type" in r for r in rows)
    return docs, [r for r in rows if not typed or r.get("type") == "event"]


def group(mentions: Sequence[EventMention], *, main_docs: set[str] | None = None) -> list[Event]:
    """The events of clustered mentions, largest first, each with its mentions' count per document.

    An event is marked ``main`` when it is named in the openings (the first :data:`LEAD_SENTENCES` sentences) of
    at least half the documents of ``main_docs`` (the documents that tell the story's event; all by default),
    and of at least two of them.
    """
    by: dict[str, list[EventMention]] = {}
    for m in mentions:
        by.setdefault(m.event or f"_{m.doc_id}_{m.start}", []).append(m)
    docs = main_docs if main_docs is not None else {m.doc_id for m in mentions}
    out = []
    for eid, ms in by.items():
        trig = Counter(m.trigger or m.text.lower() for m in ms).most_common(1)[0][0]
        opened = {m.doc_id for m in ms if m.sentence < LEAD_SENTENCES and m.doc_id in docs}
        main = len(opened) >= 2 and 2 * len(opened) >= len(docs)
        out.append(Event(id=eid, trigger=trig, mentions=tuple(ms), outlets=dict(Counter(m.doc_id for m in ms)),
                         main=main))
    return sorted(out, key=lambda e: (-len(e.mentions), e.id))
