"""Which documents tell the story's main event, and which are about another one.

A story gathered by a feed or a search often holds an article about a different event of the same kind: an
earlier arrest of another player of the same team, the coach's hiring instead of his firing, the indictment that
followed a fire. Comparing its facts with the story's would report disagreements that are not there. This module
names such documents (``Report.off_event``) so that the check leaves their facts out.

1. **Profiles** (:func:`profiles`): what each document says about its own main event, read from the check's parse
   and vectors: the vectors of its opening sentences and of the whole article, the people, places,
   organisations, years, figures and event words it names (the opening's apart).
2. **Pairs** (:func:`pair_features`, :func:`same_event_matrix`): for every two documents, the probability that
   they tell the same event, from a small logistic model (``factcheck/data/doc_pairs.npz``, trained by
   ``scripts/train_story_event.py`` on the ECB+ train topics, whose two halves are two events of one kind).
3. **Decision** (:func:`off_event`): the documents are clustered by those probabilities (average link, merging
   while two groups' mean is above the model's ``link`` threshold); the largest group tells the story's event. A
   document outside it whose mean probability against that group is under the model's ``gate`` tells another
   event; the reason names what its opening says and what most openings say.

ECB+: Cybulska & Vossen 2014, CC BY 3.0.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
import threading
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from factcheck.errors import ModelMissingError

__all__ = ["Profile", "profiles", "pair_features", "tfidf", "same_event_matrix", "decide", "off_event", "DocModel",
           "load_doc_model", "FEATURES", "LEAD"]

DATA = Path(__file__).parent / "data"

# The opening: the headline, a dateline or byline, and the first sentence or two name an article's own event.
LEAD = 3

# Verbs of saying and being name no event of their own in an opening.
_LIGHT = frozenset({"say", "be", "have", "do", "tell", "report", "add", "according", "accord", "make", "get",
                    "go", "come", "take", "give", "know", "see", "include", "post", "update"})
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_DIGITS = re.compile(r"\d[\d,.]*")


@dataclass
class Profile:
    """What one document names: sets of normalised strings, two unit vectors, the word bags story clustering
    compares (``factcheck.cluster.features``: words, names, numbers, opening) and its date when known."""

    doc_id: str
    lead_vec: np.ndarray
    doc_vec: np.ndarray
    sets: dict[str, frozenset[str]] = field(default_factory=dict)
    bags: dict[str, Counter] = field(default_factory=dict)
    date: dt.date | None = None


# The sets a profile holds ("lead_" ones from the opening only).
SETS = ("lead_person", "person", "place", "org", "year", "figure", "lead_event", "event")


def _norm(text: str) -> str:
    """The event stage's normal form of a name (``event_coref._norm``), without possessives and end dots."""
    from factcheck.event_coref import _norm as base

    return base(text).replace("’s", "").replace("'s", "").strip(" .,")


@functools.lru_cache(maxsize=4096)
def _bags(text: str) -> dict[str, Counter]:
    """``factcheck.cluster.features`` of an article, memoised on its text (a re-check reads nothing twice).
    Callers only read the bags."""
    from factcheck.cluster import features

    return features(text)


def _unit(v: np.ndarray) -> np.ndarray:
    n = float(np.linalg.norm(v))
    return v / n if n else v


def profiles(units: Sequence[Any], mentions: Sequence[Any], stems: dict[str, str] | None = None, *,
             texts: dict[str, str] | None = None, dates: dict[str, dt.date | None] | None = None) -> list[Profile]:
    """One profile per document of ``units`` (``event_coref.Unit``: parse and vectors per sentence), with the
    detected event ``mentions`` (``EventMention`` with ``trigger`` and ``sentence``), in first-seen order.

    ``stems`` maps a trigger lemma to the stem it shares with the story's other lemmas ("shooting" -> "shoot");
    lemmas are used as they are when it is not given. ``texts`` (doc id -> text; the units' sentences joined by
    default) gives the word bags; ``dates`` the publication dates (a dateline in the text otherwise).
    """
    from factcheck.cluster import dateline
    from factcheck.event_coref import entities

    stems = stems or {}
    by_doc: dict[str, list[Any]] = {}
    for u in units:
        by_doc.setdefault(u.doc_id, []).append(u)
    events: dict[str, list[tuple[int, str]]] = {}
    for m in mentions:
        events.setdefault(m.doc_id, []).append((m.sentence, stems.get(m.trigger, m.trigger)))
    out = []
    for doc_id, us in by_doc.items():
        us = sorted(us, key=lambda u: u.index)
        lead = us[:LEAD]
        sets: dict[str, set[str]] = {k: set() for k in SETS}
        for k, u in enumerate(us):
            for label, raw in entities(u):
                text = _norm(raw)
                if not text:
                    continue
                if label == "PERSON":
                    last = text.split()[-1]
                    sets["person"].add(last)
                    if k < LEAD:
                        sets["lead_person"].add(last)
                elif label in ("GPE", "LOC", "FAC"):
                    sets["place"].add(text)
                elif label in ("ORG", "NORP"):
                    sets["org"].add(text)
                elif label in ("DATE", "TIME"):
                    sets["year"].update(_YEAR.findall(raw))
                elif label in ("CARDINAL", "QUANTITY", "MONEY", "PERCENT"):
                    sets["figure"].update(x.strip(".,") for x in _DIGITS.findall(raw))
        lead_index = {u.index for u in lead}
        for sentence, stem in events.get(doc_id, ()):
            if stem in _LIGHT or not stem.isalpha():
                continue
            sets["event"].add(stem)
            if sentence in lead_index:
                sets["lead_event"].add(stem)
        text = (texts or {}).get(doc_id) or "\n".join(u.text for u in us)
        date = (dates or {}).get(doc_id) or dateline(text)
        out.append(Profile(doc_id=doc_id, lead_vec=_unit(np.mean([u.vec for u in lead], 0)),
                           doc_vec=_unit(np.mean([u.vec for u in us], 0)),
                           sets={k: frozenset(v) for k, v in sets.items()}, bags=_bags(text), date=date))
    return out


BAGS = ("words", "names", "numbers", "lead")
FEATURES = ("cos_lead", "cos_doc", "cos_lead_doc",
            *(f"{k}_{w}" for k in SETS for w in ("jaccard", "shared", "clash")),
            *(f"tfidf_{k}" for k in BAGS), "days_apart")


def _weighted(bag: Counter, idf: dict[str, float]) -> dict[str, float]:
    """Sublinear term frequencies times the story's IDF, unit length."""
    v = {t: (1.0 + math.log(n)) * idf.get(t, 0.0) for t, n in bag.items()}
    norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
    return {t: x / norm for t, x in v.items()}


def tfidf(ps: Sequence[Profile]) -> list[dict[str, dict[str, float]]]:
    """Each profile's bags as unit TF-IDF vectors, with IDF over the story's own documents: words every article
    uses weigh nothing, the names and numbers only some articles share weigh most."""
    n = len(ps)
    out: list[dict[str, dict[str, float]]] = [{} for _ in ps]
    for kind in BAGS:
        df = Counter(t for p in ps for t in p.bags.get(kind, ()))
        idf = {t: math.log((1 + n) / (1 + c)) for t, c in df.items()}
        for k, p in enumerate(ps):
            out[k][kind] = _weighted(p.bags.get(kind, Counter()), idf)
    return out


def _cos(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(x * b.get(t, 0.0) for t, x in a.items())


def _set_features(a: frozenset[str], b: frozenset[str]) -> tuple[float, float, float]:
    shared = len(a & b)
    union = len(a | b)
    return (shared / union if union else 0.0, float(shared > 0), float(bool(a) and bool(b) and not shared))


def pair_features(a: Profile, b: Profile, va: dict | None = None, vb: dict | None = None) -> np.ndarray:
    """The features of one pair of documents, in the order of :data:`FEATURES`; ``va``/``vb`` are their TF-IDF
    vectors within the story (:func:`tfidf`)."""
    row = [float(a.lead_vec @ b.lead_vec), float(a.doc_vec @ b.doc_vec),
           0.5 * float(a.lead_vec @ b.doc_vec + b.lead_vec @ a.doc_vec)]
    for k in SETS:
        row.extend(_set_features(a.sets[k], b.sets[k]))
    row.extend(_cos(va[k], vb[k]) if va is not None and vb is not None else 0.0 for k in BAGS)
    # days between the two dates, 0 when either is unknown (whether a date is known says nothing of the event)
    known = a.date is not None and b.date is not None
    row.append(math.log1p(abs((a.date - b.date).days)) if known else 0.0)
    return np.array(row, dtype=np.float64)


@dataclass(frozen=True)
class DocModel:
    """A logistic model over standardised :func:`pair_features`, and the two thresholds of the decision: ``link``
    for clustering the documents, ``gate`` on a document's mean probability against the largest group."""

    weights: np.ndarray
    bias: float
    mean: np.ndarray
    scale: np.ndarray
    link: float = 0.35
    gate: float = 0.4

    def prob(self, x: np.ndarray) -> np.ndarray:
        z = ((x - self.mean) / self.scale) @ self.weights + self.bias
        return 1.0 / (1.0 + np.exp(-z))

    def save(self, path: Path) -> None:
        np.savez_compressed(path, weights=self.weights, bias=np.float64(self.bias), mean=self.mean,
                            scale=self.scale, link=np.float64(self.link), gate=np.float64(self.gate),
                            features=np.array(FEATURES))


_MODEL: dict[str, DocModel] = {}
_LOCK = threading.Lock()


def load_doc_model(path: Path | None = None) -> DocModel:
    """The committed document-pair model (``factcheck/data/doc_pairs.npz``), loaded once."""
    path = Path(path or DATA / "doc_pairs.npz")
    with _LOCK:
        if str(path) not in _MODEL:
            if not path.is_file():
                raise ModelMissingError(f"the document-pair model {path} is missing: run "
                                        "`python scripts/train_story_event.py`.")
            z = np.load(path)
            if tuple(str(x) for x in z["features"]) != FEATURES:
                raise ModelMissingError(f"{path} was trained on other features: rerun "
                                        "`python scripts/train_story_event.py`.")
            _MODEL[str(path)] = DocModel(weights=z["weights"], bias=float(z["bias"]), mean=z["mean"],
                                         scale=z["scale"], link=float(z["link"]), gate=float(z["gate"]))
        return _MODEL[str(path)]


def same_event_matrix(ps: Sequence[Profile], model: DocModel | None = None) -> np.ndarray:
    """``n x n`` probabilities that two documents tell the same event (diagonal 1)."""
    model = model or load_doc_model()
    n = len(ps)
    p = np.ones((n, n))
    if n < 2:
        return p
    i, j = np.triu_indices(n, 1)
    vs = tfidf(ps)
    x = np.stack([pair_features(ps[a], ps[b], vs[a], vs[b]) for a, b in zip(i, j)])
    p[i, j] = p[j, i] = model.prob(x)
    return p


def decide(p: np.ndarray, link: float, gate: float) -> tuple[np.ndarray, np.ndarray]:
    """``(off, mean_to_main)``: which documents tell another event, and each one's mean probability against the
    main group (the largest average-link group of ``p``; the group of the earliest document among equals).

    At most half the documents (rounded down, less one) are named, lowest mean first: the story's event is the
    one most documents tell.
    """
    from factcheck.event_coref import cluster

    n = p.shape[0]
    labels = np.array(cluster(p, link))
    main = labels == int(np.bincount(labels).argmax())
    to_main = np.array([p[k, main & (np.arange(n) != k)].mean() if (main & (np.arange(n) != k)).any() else 1.0
                        for k in range(n)])
    candidates = [k for k in np.argsort(to_main, kind="stable") if not main[k] and to_main[k] < gate]
    off = np.zeros(n, dtype=bool)
    off[candidates[: max(0, (n - 1) // 2)]] = True
    return off, to_main


def _names(s: frozenset[str], limit: int = 3) -> str:
    return ", ".join(sorted(s)[:limit])


def off_event(ps: Sequence[Profile], model: DocModel | None = None, *, min_documents: int = 3) -> list[dict]:
    """The documents that tell another event than most of the story's: ``[{"doc_id", "reason", "score"}]``
    (:func:`decide`). A story of fewer than ``min_documents`` documents has no majority to judge by, and names
    none."""
    model = model or load_doc_model()
    n = len(ps)
    if n < min_documents:
        return []
    p = same_event_matrix(ps, model)
    off, s = decide(p, model.link, model.gate)
    named = list(np.flatnonzero(off))
    if not named:
        return []
    keep = [k for k in range(n) if k not in set(named)]
    common: dict[str, Counter] = {k: Counter() for k in ("lead_person", "lead_event", "place")}
    for k in keep:
        for key in common:
            common[key].update(ps[k].sets[key])
    out = []
    for k in sorted(named, key=lambda k: ps[k].doc_id):
        own = ps[k].sets
        parts = []
        for key, what in (("lead_event", "events"), ("lead_person", "people"), ("place", "places")):
            story = frozenset(x for x, c in common[key].items() if c * 2 >= len(keep))
            if own[key] - story:
                theirs = f"; most of the others name {_names(story)}" if story else ""
                parts.append(f"its opening names {what} {_names(own[key] - story)}{theirs}")
        why = "; ".join(parts[:2]) or "it shares few names, figures and events with the other articles"
        out.append({"doc_id": ps[k].doc_id, "score": round(float(s[k]), 3),
                    "reason": f"tells another event than the story's (mean same-event probability "
                              f"{s[k]:.2f} against the articles that tell it): {why}."})
    return out
