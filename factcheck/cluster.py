"""Stream -> stories: group articles into one story per real event, online.

An article joins the *live* story that scores highest when the score reaches ``Config.story_threshold``, or
starts a new story; a story that has just grown merges with another story scoring ``Config.story_merge_threshold``
against it (early articles of one event often start two small stories). Two events of the same kind (two
earthquakes, two launches by one company) share their topic words, so topic similarity alone merges them; what
tells them apart is who, where, how many and when. The score is therefore the weighted mean of four cosines,
each over TF-IDF vectors of one kind of feature, minus date penalties:

* content words (lower-cased, function words left out),
* names: capitalised words that do not open a sentence, and the runs of them ("Betty Ford Center"),
* numbers and years written in the text,
* the words and names of the headline and lead (the first :data:`LEAD_CHARS` characters),

minus a penalty when the article's date (``published``, else a dateline in its opening) lies too far outside
the story's date span, and a smaller one when its year is far from every year of the story's articles. IDF
comes from the articles seen so far, so nothing outside the stream is needed; a story is compared through the
sum of its members' (unit-length) term-frequency vectors, weighted by the IDF of the moment.

Everything is deterministic and processed one article at a time in the order given, so feeding a stream in
batches gives the same stories as feeding it at once, and :class:`ClusterState` saves to and loads from one JSON
file to resume a stream exactly.

Example:
    >>> stories = cluster(documents)  # doctest: +SKIP
    >>> stories[0].doc_ids  # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import os
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from factcheck.config import Config
from factcheck.errors import InputError
from factcheck.models import Document

__all__ = ["Story", "ClusterState", "cluster", "features", "dateline", "STOP_WORDS"]

# English function words: they say nothing about which event an article reports. A small, general table
# (pronouns, determiners, auxiliaries, prepositions, conjunctions, common adverbs); content words are kept.
STOP_WORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before being below
    between both but by can could did do does doing down during each few for from further had has have having he
    her here hers herself him himself his how i if in into is it its itself just me more most my myself no nor
    not now of off on once only or other our ours ourselves out over own same she should so some such than that
    the their theirs them themselves then there these they this those through to too under until up very was we
    were what when where which while who whom why will with would you your yours yourself yourselves said says
    say told according one two three new also may might must shall us it's he's she's i'm don't didn't won't
    can't isn't wasn't weren't hasn't haven't hadn't mr mrs ms dr yet still even ever many much another every
    via per since though although however""".split()
)
_KINDS = ("words", "names", "numbers", "lead")
# The headline and first sentence say what happened ("fired" or "hired", which player, which town); their words
# get a cosine of their own. 300 characters: best of 200/300/500 characters for average-link clustering of the
# ECB+ articles with these features (an analysis beside scripts/benchmark_stories.py, 2026-12-01).
LEAD_CHARS = 300

_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]*[A-Za-z]")
# A capitalised word or an acronym; runs of them (with "of"/"de" inside) make one name.
_CAP = r"(?:[A-Z][a-z]+(?:['\-][A-Za-z]+)*|[A-Z]{2,}|[A-Z]\.(?:[A-Z]\.)+)"
_NAME = re.compile(rf"{_CAP}(?:\s+(?:(?:of|de|del|la|von|van|bin|al)\s+)?{_CAP})*")
_NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)*(?![\w])")
_SENTENCE_START = re.compile(r"(?:^|[\n.!?:;\"“”]\s*|^\s*)$")


def _sentence_initial(text: str, start: int) -> bool:
    """True when the word at ``start`` opens a sentence or a line (its capital says nothing)."""
    before = text[max(0, start - 3) : start]
    return start == 0 or bool(_SENTENCE_START.search(before))


def features(text: str, *, lead: bool = True) -> dict[str, Counter]:
    """The bags an article is compared by: content ``words``, capitalised ``names``, ``numbers``, and the
    words and names of its opening (``lead``, the first :data:`LEAD_CHARS` characters).

    Example:
        >>> f = features("Officials said. A quake hit Northern California on 3 May 2013.")
        >>> sorted(f["names"]), sorted(f["numbers"])
        (['california', 'northern', 'northern california'], ['2013', '3'])
    """
    words = Counter(
        w for w in (m.group().lower() for m in _WORD.finditer(text)) if len(w) > 2 and w not in STOP_WORDS
    )
    names: Counter = Counter()
    for m in _NAME.finditer(text):
        parts = m.group().split()
        if _sentence_initial(text, m.start()):
            parts = parts[1:]  # a capital at a sentence start is grammar, not a name
        parts = [p.lower().removesuffix("'s").removesuffix("’s") for p in parts]
        kept = [p for p in parts if p not in STOP_WORDS]
        if not kept:
            continue
        names.update(kept)
        if len(parts) > 1:
            names[" ".join(parts)] += 1
    numbers = Counter(m.group().replace(",", "") for m in _NUMBER.finditer(text))
    out = {"words": words, "names": names, "numbers": numbers}
    if lead:
        opening = features(text[:LEAD_CHARS], lead=False)
        out["lead"] = opening["words"] + opening["names"]
    return out


_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")
_MON = r"(?P<mon>jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DATELINE = re.compile(
    rf"(?i)\b(?:{_MON}\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y1>(?:19|20)\d\d)"
    rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MON.replace('mon', 'mon2')},?\s+(?P<y2>(?:19|20)\d\d))\b"
)
_DATELINE_CHARS = 400  # a dateline sits under the headline: look only at the article's opening


def dateline(text: str) -> dt.date | None:
    """The first full date ("May 24, 2005", "05 January 2011") in an article's opening, if any.

    Many articles carry their date under the headline even when the input gives no ``published`` field.

    Example:
        >>> dateline("Cheeks returns\nPosted: May 24, 2005 | 3:23 PM")
        datetime.date(2005, 5, 24)
    """
    m = _DATELINE.search(text[:_DATELINE_CHARS])
    if not m:
        return None
    mon = (m.group("mon") or m.group("mon2")).lower()[:3]
    month = next(i for i, name in enumerate(_MONTHS, 1) if name.startswith(mon))
    try:
        return dt.date(int(m.group("y1") or m.group("y2")), month, int(m.group("d1") or m.group("d2")))
    except ValueError:
        return None


def _unit(bag: Counter) -> dict[str, float]:
    """Sublinear term frequencies (1 + log tf), scaled to unit length before IDF."""
    tf = {t: 1.0 + math.log(n) for t, n in bag.items()}
    norm = math.sqrt(sum(v * v for v in tf.values())) or 1.0
    return {t: v / norm for t, v in tf.items()}


def _years(numbers: Counter) -> set[int]:
    return {int(t) for t in numbers if len(t) == 4 and t.isdigit() and 1900 <= int(t) <= 2100}


class Story(BaseModel):
    """One story (one real event) found in a stream of articles.

    ``id`` is stable: it is derived from the first article that started the story, so it survives new
    articles, re-runs and resumed runs.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    doc_ids: tuple[str, ...] = Field(description="member articles, in the order they arrived")
    outlets: tuple[str, ...] = Field(description="distinct outlets, sorted (documents without one are left out)")
    first_date: dt.date | None = None
    last_date: dt.date | None = None
    label: str = Field("", description="the story's most distinctive names and words, for people to read")


class _StoryState:
    __slots__ = ("id", "doc_ids", "outlets", "sums", "first", "last", "years", "seq", "norms", "norms_at")

    def __init__(self, sid: str, seq: int) -> None:
        self.id = sid
        self.doc_ids: list[str] = []
        self.outlets: set[str] = set()
        self.sums: dict[str, dict[str, float]] = {k: {} for k in _KINDS}
        self.first: dt.date | None = None
        self.last: dt.date | None = None
        self.years: Counter = Counter()
        self.seq = seq  # arrival number of its latest article: stories idle for long stop being live
        self.norms: dict[str, float] = {}
        self.norms_at: tuple[int, int] | None = None  # (articles, stream size) when the norms were computed

    def add(self, doc_id: str, outlet: str | None, vecs: dict[str, dict[str, float]], date: dt.date | None,
            year: int | None, seq: int) -> None:
        self.doc_ids.append(doc_id)
        if outlet:
            self.outlets.add(outlet)
        for k in _KINDS:
            s = self.sums[k]
            for t, v in vecs[k].items():
                s[t] = s.get(t, 0.0) + v
        if date is not None:
            self.first = date if self.first is None else min(self.first, date)
            self.last = date if self.last is None else max(self.last, date)
        if year is not None:
            self.years[year] += 1
        self.seq = seq

    def absorb(self, other: _StoryState) -> None:
        self.doc_ids.extend(other.doc_ids)
        self.outlets |= other.outlets
        for k in _KINDS:
            s = self.sums[k]
            for t, v in other.sums[k].items():
                s[t] = s.get(t, 0.0) + v
        for d in (other.first, other.last):
            if d is not None:
                self.first = d if self.first is None else min(self.first, d)
                self.last = d if self.last is None else max(self.last, d)
        self.years.update(other.years)
        self.seq = max(self.seq, other.seq)
        self.norms_at = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "doc_ids": self.doc_ids, "outlets": sorted(self.outlets), "sums": self.sums,
            "first": self.first.isoformat() if self.first else None,
            "last": self.last.isoformat() if self.last else None,
            "years": {str(y): n for y, n in sorted(self.years.items())}, "seq": self.seq,
            "norms": self.norms, "norms_at": list(self.norms_at) if self.norms_at else None,
        }

    @classmethod
    def from_json(cls, obj: dict[str, Any]) -> _StoryState:
        s = cls(obj["id"], obj["seq"])
        s.doc_ids = list(obj["doc_ids"])
        s.outlets = set(obj["outlets"])
        s.sums = {k: dict(obj["sums"][k]) for k in _KINDS}
        s.first = dt.date.fromisoformat(obj["first"]) if obj["first"] else None
        s.last = dt.date.fromisoformat(obj["last"]) if obj["last"] else None
        s.years = Counter({int(y): n for y, n in obj["years"].items()})
        s.norms = dict(obj["norms"])
        s.norms_at = tuple(obj["norms_at"]) if obj["norms_at"] else None
        return s


class ClusterState:
    """Everything the online clustering remembers: document frequencies and the stories so far.

    Save it with :meth:`save` and load it with :meth:`load`; clustering more articles from a loaded state gives
    exactly what one uninterrupted run gives.
    """

    VERSION = 1

    def __init__(self) -> None:
        self.n_docs = 0
        self.df: dict[str, Counter] = {k: Counter() for k in _KINDS}
        self.stories: list[_StoryState] = []
        self.seen: dict[str, str] = {}  # doc id -> story id

    # --- persistence ------------------------------------------------------------------------------------------
    def to_json(self) -> str:
        return json.dumps({
            "version": self.VERSION, "n_docs": self.n_docs,
            "df": {k: dict(self.df[k]) for k in _KINDS},
            "stories": [s.to_json() for s in self.stories],
        }, separators=(",", ":"))  # insertion order kept: float sums then add up in the same order on resume

    @classmethod
    def from_json(cls, text: str) -> ClusterState:
        obj = json.loads(text)
        if obj.get("version") != cls.VERSION:
            raise InputError(f"the clustering state has version {obj.get('version')!r}, not {cls.VERSION}: "
                             "delete it to start the stream afresh.")
        st = cls()
        st.n_docs = obj["n_docs"]
        st.df = {k: Counter(obj["df"][k]) for k in _KINDS}
        st.stories = [_StoryState.from_json(s) for s in obj["stories"]]
        st.seen = {d: s.id for s in st.stories for d in s.doc_ids}
        return st

    def save(self, path: str | os.PathLike) -> None:
        """Write the state to ``path`` atomically (a crash leaves the previous file whole)."""
        path = Path(path)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_text(self.to_json(), encoding="utf-8")
        os.replace(tmp, path)

    @classmethod
    def load(cls, path: str | os.PathLike) -> ClusterState:
        try:
            return cls.from_json(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise InputError(f"cannot read the clustering state {str(path)!r} ({exc}): delete it to start "
                             "afresh.") from None

    # --- clustering -------------------------------------------------------------------------------------------
    def _idf(self, kind: str, term: str) -> float:
        return math.log((1 + self.n_docs) / (1 + self.df[kind].get(term, 0))) + 1.0

    def _norm(self, kind: str, vec: dict[str, float]) -> float:
        return math.sqrt(sum((v * self._idf(kind, t)) ** 2 for t, v in vec.items()))

    def _story_norms(self, story: _StoryState) -> dict[str, float]:
        # IDF drifts slowly as articles arrive; a story's norms are refreshed when it changes or the stream has
        # grown by 5% since (a deterministic schedule, so batches and resumed runs compute the same numbers).
        if story.norms_at is None or story.norms_at[0] != len(story.doc_ids) or self.n_docs > story.norms_at[1] * 1.05:
            story.norms = {k: self._norm(k, story.sums[k]) for k in _KINDS}
            story.norms_at = (len(story.doc_ids), self.n_docs)
        return story.norms

    def cosines(self, vecs: dict[str, dict[str, float]], norms: dict[str, float], story: _StoryState,
                idf: dict[str, dict[str, float]] | None = None) -> tuple[float, ...]:
        """The IDF-weighted cosines (words, names, numbers, lead) between a bag of vectors and a story's sums."""
        snorms = self._story_norms(story)
        out = []
        for k in _KINDS:
            if not norms[k] or not snorms[k]:
                out.append(0.0)
                continue
            a, b = vecs[k], story.sums[k]
            dot = 0.0
            if idf is not None:  # one article against a story: its terms' IDF computed once per article
                ik = idf[k]
                for t, v in a.items():
                    w = b.get(t)
                    if w is not None:
                        dot += v * w * ik[t] * ik[t]
            else:
                if len(a) > len(b):
                    a, b = b, a
                for t, v in a.items():
                    w = b.get(t)
                    if w is not None:
                        dot += v * w * self._idf(k, t) ** 2
            out.append(dot / (norms[k] * snorms[k]))
        return tuple(out)

    @staticmethod
    def date_signals(date: dt.date | None, year: int | None, story: _StoryState, cfg: Config) -> tuple[float, float]:
        """(dates too far apart, years never meet): each 1.0 when the article's time argues against the story.

        The article's year is its date's, else the latest year it names (articles name past years, rarely
        future ones); it is compared with the years of the story's articles.
        """
        far = 0.0
        if date is not None and story.first is not None:
            gap = max((story.first - date).days, (date - story.last).days, 0)
            far = float(gap > cfg.story_max_gap_days)
        off = float(year is not None and bool(story.years) and min(abs(year - y) for y in story.years) > 1)
        return far, off

    @staticmethod
    def score(cos: tuple[float, ...], dates: tuple[float, float], cfg: Config) -> float:
        """The evidence that an article (or story) belongs to a story: the weighted mean of the cosines, minus
        the date penalties."""
        weights = (cfg.story_word_weight, cfg.story_name_weight, cfg.story_number_weight, cfg.story_lead_weight)
        mean = sum(w * c for w, c in zip(weights, cos)) / (sum(weights) or 1.0)
        return mean - cfg.story_date_penalty * dates[0] - cfg.story_year_penalty * dates[1]

    def _prepare(self, doc: Document) -> tuple[dict, dict, dict, dt.date | None, int | None]:
        """Count the article into the document frequencies; return its vectors, IDF, norms, date and year."""
        text = doc.text if not doc.title or doc.text.startswith(doc.title) else f"{doc.title}\n{doc.text}"
        feats = features(text)
        self.n_docs += 1
        for k in _KINDS:
            self.df[k].update(feats[k].keys())
        vecs = {k: _unit(feats[k]) for k in _KINDS}
        idf = {k: {t: self._idf(k, t) for t in vecs[k]} for k in _KINDS}
        norms = {k: math.sqrt(sum((v * idf[k][t]) ** 2 for t, v in vecs[k].items())) for k in _KINDS}
        named = _years(feats["numbers"])
        date = doc.published or dateline(text)
        year = date.year if date else (max(named) if named else None)
        return vecs, idf, norms, date, year

    def add(self, doc: Document, cfg: Config) -> str:
        """Assign one article; return its story id. An id seen before keeps its story (idempotent)."""
        if doc.id in self.seen:
            return self.seen[doc.id]
        vecs, idf, norms, date, year = self._prepare(doc)
        best, best_sim = None, cfg.story_threshold
        for story in self._live(cfg):
            sim = self.score(self.cosines(vecs, norms, story, idf), self.date_signals(date, year, story, cfg), cfg)
            if sim >= best_sim:
                best, best_sim = story, sim
        if best is None:
            best = _StoryState(_story_id(doc.id), self.n_docs)
            self.stories.append(best)
        best.add(doc.id, doc.outlet, vecs, date, year, self.n_docs)
        self.seen[doc.id] = best.id
        if cfg.story_merge_threshold < 1.0:
            self._merge_into(best, cfg)
        return self.seen[doc.id]

    def _live(self, cfg: Config) -> list[_StoryState]:
        return [s for s in self.stories if self.n_docs - s.seq <= cfg.story_live_docs]

    def _merge_into(self, story: _StoryState, cfg: Config) -> None:
        """Merge the live story most similar to ``story`` (centroid to centroid) when it clears the threshold.

        Early articles of an event often start several small stories before the event's vocabulary settles;
        this joins them as soon as their centroids agree. The older story keeps its id.
        """
        norms = self._story_norms(story)
        best, best_sim = None, cfg.story_merge_threshold
        for other in self._live(cfg):
            if other is story:
                continue
            years = story.years
            year = max(years, key=lambda y: (years[y], y)) if years else None
            date = story.first
            sim = self.score(self.cosines(story.sums, norms, other), self.date_signals(date, year, other, cfg), cfg)
            if sim >= best_sim:
                best, best_sim = other, sim
        if best is None:
            return
        keep, gone = (best, story) if self.stories.index(best) < self.stories.index(story) else (story, best)
        keep.absorb(gone)
        self.stories.remove(gone)
        for d in gone.doc_ids:
            self.seen[d] = keep.id

    def stories_out(self) -> list[Story]:
        return [self._story(s) for s in self.stories]

    def _story(self, s: _StoryState) -> Story:
        scored = sorted(
            ((v * self._idf("names", t), t) for t, v in s.sums["names"].items() if " " in t),
            key=lambda p: (-p[0], p[1]),
        )
        label = ", ".join(t for _, t in scored[:3]) or ", ".join(
            t for _, t in sorted(((-v * self._idf("words", t), t) for t, v in s.sums["words"].items()))[:3]
        )
        return Story(id=s.id, doc_ids=tuple(s.doc_ids), outlets=tuple(sorted(s.outlets)), first_date=s.first,
                     last_date=s.last, label=label)


def _story_id(first_doc_id: str) -> str:
    return "s-" + hashlib.blake2b(first_doc_id.encode("utf-8"), digest_size=6).hexdigest()


def cluster(
    documents: Iterable[Any],
    *,
    state: ClusterState | None = None,
    config: Config | dict | None = None,
) -> list[Story]:
    """Group articles into stories, one per real event, in the order given (a stream's arrival order).

    Args:
        documents: ``factcheck.Document`` objects, article strings, dicts or paths (as :func:`factcheck.check`).
        state: a :class:`ClusterState` to continue (it is updated in place); a fresh one when None.
        config: a :class:`factcheck.Config` or a dict of its fields (the ``story_*`` settings).

    Returns:
        Every story in ``state`` (the earlier ones too), in the order they started.

    Example:
        >>> state = ClusterState()
        >>> _ = cluster(first_batch, state=state)  # doctest: +SKIP
        >>> stories = cluster(second_batch, state=state)  # doctest: +SKIP
    """
    from factcheck.ingest import to_documents

    cfg = config if isinstance(config, Config) else Config.from_mapping(config)
    st = state if state is not None else ClusterState()
    for doc in to_documents(documents):
        st.add(doc, cfg)
    return st.stories_out()
