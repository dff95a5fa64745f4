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
:class:`factcheck.models.Event` records (mentions per outlet). ECB+: Cybulska & Vossen 2014, CC BY 3.0.

Example:
    >>> import factcheck
    >>> ms = factcheck.events(["The quake struck at dawn.", "A strong quake hit the town."])  # doctest: +SKIP
    >>> [(m.text, m.event) for m in ms]  # doctest: +SKIP
"""

from __future__ import annotations

import json
import re
import threading
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from factcheck.errors import ModelMissingError, SchemaError
from factcheck.models import Document, Event, EventMention
from factcheck.slots.events import fold

__all__ = ["events", "read_inputs", "claim_events", "same_event", "detect", "group", "sentences", "pair_scores", "cluster", "featurize", "pair_features",
           "same_head", "EventModel", "load_model"]

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
           "same_stem", "lemma_prior", "pair_prior", "pair_known", "cos_context", "tense_same", "tense_clash")

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
    out = []
    for lem in lemmas:
        base = lem
        for end, add in _ENDINGS:
            if lem.endswith(end) and len(lem) - len(end) >= 3 and lem[: -len(end)] + add in present:
                base = lem[: -len(end)] + add
                break
        out.append(fold(base) or base)
    return out


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


def _arguments(tok) -> dict[str, set[str]]:
    """Entities, times and figures inside the clause (or noun phrase's clause) the trigger heads, and the lemmas
    of its direct participants."""
    scope = tok if tok.pos_ in ("VERB", "AUX") or tok.head is tok else tok.head
    lo, hi = scope.left_edge.i, scope.right_edge.i
    out: dict[str, set[str]] = {k: set() for k in _KINDS}
    for ent in tok.doc.ents:
        if ent.start >= lo and ent.end - 1 <= hi:
            for kind, labels in (("who", _WHO), ("where", _WHERE), ("when", _WHEN), ("num", _QUANT)):
                if ent.label_ in labels:
                    out[kind].add(_norm(ent.text))
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


def _vector(pieces, a: int, b: int, fallback: np.ndarray, *, context: bool = False) -> np.ndarray:
    """Unit mean of the word pieces inside ``[a, b)`` (or, with ``context``, of the pieces around them)."""
    vecs, offs = pieces
    rows = [k for k, (s, e) in enumerate(offs) if s < b and e > a]
    if rows and context:
        lo, hi = rows[0], rows[-1]
        rows = [k for k in range(max(0, lo - _WINDOW), min(len(offs), hi + _WINDOW + 1)) if k < lo or k > hi]
    if not rows:
        return fallback
    v = vecs[rows].mean(0)
    n = float(np.linalg.norm(v))
    return v / n if n else fallback


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


def featurize(documents: Sequence[Document], mentions: Sequence[EventMention] | None = None, *,
              embedder=None, nlp=None) -> Features:
    """Parse and embed the sentences of ``documents`` and read each mention's features.

    Args:
        documents: the articles.
        mentions: the mentions to describe (e.g. gold ones); None detects them (see :func:`detect`).
        embedder: a :class:`factcheck.embed.MiniLMEmbedder` (the process-wide one by default).
        nlp: a spaCy pipeline (the project's by default).
    """
    from factcheck.embed import get_embedder
    from factcheck.nlp import get_nlp, one_blas_thread, parse_lock

    by_id = {d.id: d for d in documents}
    for m in mentions or ():
        d = by_id.get(m.doc_id)
        if d is None:
            raise SchemaError(f"an event mention names the document {m.doc_id!r}, which was not given.")
        if not (0 <= m.start < m.end <= len(d.text)) or d.text[m.start:m.end] != m.text:
            raise SchemaError(f"event mention {m.text!r} at {m.start}-{m.end} of {m.doc_id!r} does not match the "
                              "document's text there: offsets are characters of the document's text.")
    wanted, home = _spans(documents, mentions)
    keys = list(wanted)
    texts = [by_id[d].text[s:e] for d, _ in keys for s, e in [wanted[(d, _)]]]
    nlp = nlp or get_nlp()
    with parse_lock, one_blas_thread():
        sdocs = list(nlp.pipe(texts, batch_size=64))
    embedder = embedder or get_embedder()
    sent_vecs, pieces = embedder.encode_tokens(texts) if texts else (np.zeros((0, 384), np.float32), [])
    where = {k: n for n, k in enumerate(keys)}
    if mentions is None:
        mentions = _detect_in(keys, wanted, sdocs)
        home = [(m.doc_id, m.sentence) for m in mentions]
    rows, trig, ctx, sent, pos, tense = [], [], [], [], [], []
    sets: dict[str, list[frozenset[str]]] = {k: [] for k in (*_KINDS, "ent")}
    per_sentence = {}
    for m, key in zip(mentions, home):
        n = where[key]
        (doc_id, sidx), (s0, _) = keys[n], wanted[keys[n]]
        sdoc = sdocs[n]
        a, b = m.start - s0, m.end - s0
        tok = _head(sdoc, a, b)
        args = _arguments(tok) if tok is not None else {k: set() for k in _KINDS}
        if n not in per_sentence:
            per_sentence[n] = frozenset(_norm(e.text) for e in sdoc.ents)
        trig.append(_vector(pieces[n], a, b, sent_vecs[n]))
        ctx.append(_vector(pieces[n], a, b, sent_vecs[n], context=True))
        tense.append(_tense(tok) if tok is not None else "")
        sent.append(sent_vecs[n])
        pos.append(tok.pos_ if tok is not None else "X")
        for k in _KINDS:
            sets[k].append(frozenset(args[k]))
        sets["ent"].append(per_sentence[n])
        rows.append(m.model_copy(update={
            "trigger": (tok.lemma_.lower() if tok is not None else m.text.lower().split()[-1] if m.text.split()
                        else m.text.lower()),
            "sentence": sidx, "who": tuple(sorted(args["who"])), "where": tuple(sorted(args["where"])),
            "when": tuple(sorted(args["when"])), "quantities": tuple(sorted(args["num"])),
        }))
    dim = sent_vecs.shape[1] if len(texts) else 384
    return Features(mentions=rows, trig=np.array(trig, dtype=np.float32).reshape(-1, dim),
                    ctx=np.array(ctx, dtype=np.float32).reshape(-1, dim),
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


def _detect_in(keys, wanted, sdocs) -> list[EventMention]:
    out = []
    for (doc_id, sidx), sdoc in zip(keys, sdocs):
        s0 = wanted[(doc_id, sidx)][0]
        for tok in sdoc:
            if is_trigger(tok):
                start = s0 + tok.idx
                out.append(EventMention(doc_id=doc_id, start=start, end=start + len(tok.text), text=tok.text,
                                        sentence=sidx))
    return out


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
        codes = {x: k for k, x in enumerate(dict.fromkeys(st))}
        for a, ka in codes.items():
            for b, kb in codes.items():
                v = pair.get(_pair_key(a, b)) if a != b else None
                if v is not None:
                    ia = np.array([x == a for x in st])
                    ib = np.array([x == b for x in st])
                    prior[np.ix_(ia, ib)] = v
                    known[np.ix_(ia, ib)] = 1.0
    yield "pair_prior", prior
    yield "pair_known", known
    yield "cos_context", (f.ctx @ f.ctx.T).astype(np.float32)
    t = f.tense
    yield "tense_same", eq([x or f"#{k}" for k, x in enumerate(t)])
    fut = np.array([x == "future" for x in t], dtype=np.float32)
    past = np.array([x == "past" for x in t], dtype=np.float32)
    yield "tense_clash", np.outer(fut, past) + np.outer(past, fut)
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
    total = scores.astype(np.float64).copy()  # sum of pair scores between clusters
    np.fill_diagonal(total, -np.inf)
    size = np.ones(n)
    alive = np.ones(n, dtype=bool)
    members = {i: [i] for i in range(n)}
    while True:
        avg = total / np.outer(size, size)
        avg[~alive, :] = -np.inf
        avg[:, ~alive] = -np.inf
        flat = int(np.argmax(avg))
        a, b = divmod(flat, n)
        if not np.isfinite(avg[a, b]) or avg[a, b] <= threshold:
            break
        total[a, :] += total[b, :]
        total[:, a] += total[:, b]
        total[a, a] = -np.inf
        size[a] += size[b]
        alive[b] = False
        members[a].extend(members.pop(b))
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


def group(mentions: Sequence[EventMention]) -> list[Event]:
    """The events of clustered mentions, largest first, each with its mentions' count per document."""
    by: dict[str, list[EventMention]] = {}
    for m in mentions:
        by.setdefault(m.event or f"_{m.doc_id}_{m.start}", []).append(m)
    out = []
    for eid, ms in by.items():
        trig = Counter(m.trigger or m.text.lower() for m in ms).most_common(1)[0][0]
        out.append(Event(id=eid, trigger=trig, mentions=tuple(ms), outlets=dict(Counter(m.doc_id for m in ms))))
    return sorted(out, key=lambda e: (-len(e.mentions), e.id))
