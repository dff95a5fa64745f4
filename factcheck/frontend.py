"""The front end: documents -> cleaned text, sentences, spaCy parses, sentence and word-piece vectors.

Everything here depends on one document alone (not on the story it is checked in), so it can run ahead of the
check and be kept:

* :func:`prepare` cleans, segments and guards one story's documents, starts embedding their sentences in the
  background (``MiniLMEmbedder.prefetch``: one core) and parses them with spaCy on the other core;
* :func:`prefetch` queues the sentences of stories still to come, so that ``factcheck stream`` embeds the next
  story while the back end (``factcheck.pipeline``: claims, events, alignment, comparison) reads this one;
* :class:`FrontCache` keeps each document's parse and word-piece vectors on disk (``factcheck stream`` keeps one
  under ``out/cache/front``), so a changed story is re-checked without parsing or embedding its unchanged
  articles again; sentence vectors stay in the embedder's own cache (``Config.cache_dir``).
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from factcheck.config import Config
from factcheck.models import Document
from factcheck.pipeline import _Timer  # the check's stage timer; _Timer(None) times nothing

__all__ = ["Prepared", "prepare", "prefetch", "sentence_texts", "FrontCache", "MAX_SENTENCES"]


@dataclass
class Prepared:
    """One story's documents through the front end, in id order (the processing order of the check)."""

    ordered: list[Document]
    cleaned: list[Any]  # factcheck.clean.CleanText
    parsed: list[Any]  # factcheck.claims.ParsedDoc: sentences and their spaCy parses
    notes: list[str] = field(default_factory=list)  # report warnings: not English, over-long sentences cut


# --- guards on hostile input: language and size --------------------------------------------------------------

# The most sentences one check reads. Reading costs ~5 ms a sentence (spaCy and the slot readers) and embedding
# ~6 ms (all-MiniLM-L6-v2, 2 CPU cores, November 2026), so 20,000 sentences (~300 long articles, more than the
# 200-article benchmark story holds) take a few minutes; comparison cost grows with the square of the number of
# near-identical sentences (1,000 copies of one sentence: ~11 s), so a story past this bound is refused up front
# instead of running for hours.
MAX_SENTENCES = 20_000


def _guard(cleaned: list, sentences: list[list]) -> list[str]:
    """Refuse a story too large to check; return report warnings; empty the sentences of non-English documents.

    A document that does not look English keeps its place in the report (text, removed pieces) but gives no
    claims: the English models would read it as nonsense. Each such decision is a warning in the report.
    """
    from factcheck.errors import InputTooLargeError
    from factcheck.language import guess_english
    from factcheck.segment import MAX_SENTENCE_CHARS

    total = sum(len(s) for s in sentences)
    if total > MAX_SENTENCES:
        raise InputTooLargeError(
            f"the documents hold {total:,} sentences, over the limit of {MAX_SENTENCES:,} for one check "
            "(factcheck.frontend.MAX_SENTENCES): check fewer or shorter articles at a time."
        )
    notes: list[str] = []
    for k, (c, sents) in enumerate(zip(cleaned, sentences)):
        guess = guess_english(c.text)
        if guess.english is False:
            notes.append(
                f"document {c.doc_id!r} does not look like English ({guess.describe()}); factcheck's models read "
                "English only, so no claims were taken from it. Translate it to compare it."
            )
            sentences[k] = []
            continue
        cut = sum(1 for s in sents if s.split)
        if cut:
            notes.append(
                f"document {c.doc_id!r}: over-long sentences (more than {MAX_SENTENCE_CHARS:,} characters with no "
                f"sentence end) were cut at spaces into {cut} pieces; claims in them may be split."
            )
    return notes


def _segmented(docs: Sequence[Document], timer=None) -> tuple[list[Document], list, list[list], list[str]]:
    from factcheck.clean import clean
    from factcheck.segment import segment

    timer = timer or _Timer(None)
    ordered = sorted(docs, key=lambda d: d.id)  # processing order never depends on input order
    with timer("clean"):
        cleaned = [clean(d.id, d.text) for d in ordered]
    with timer("segment"):
        sentences = [segment(c) for c in cleaned]
    notes = _guard(cleaned, sentences)
    return ordered, cleaned, sentences, notes


def sentence_texts(parsed: Sequence[Any]) -> list[str]:
    """The texts the event stage embeds with their word pieces (``event_coref.check_sentences``)."""
    from factcheck.event_coref import check_sentences

    return check_sentences(parsed)


def prepare(docs: Sequence[Document], cfg: Config, *, embedder=None, timer=None) -> Prepared:
    """Clean, segment, guard and parse one story's documents; with ``cfg.events`` and an embedder that can
    prefetch, their sentences are embedded in the background meanwhile (read back by the check's embedding
    pass). ``timer`` is the check's stage timer (``clean``, ``segment``; the parse counts as ``extract``)."""
    from factcheck.claims import ParsedDoc

    timer = timer or _Timer(None)
    ordered, cleaned, sentences, notes = _segmented(docs, timer)
    parsed = [ParsedDoc(clean=c, sentences=s, published=d.published) for c, s, d in zip(cleaned, sentences, ordered)]
    cache = FrontCache(cfg.front_cache_dir) if cfg.front_cache_dir else None
    with timer("extract"):
        loaded = cache.load(parsed, cfg, embedder) if cache else set()
        if cfg.events and hasattr(embedder, "prefetch"):
            # Known before the parse: embedded on one core while spaCy (one BLAS thread) parses on the other.
            embedder.prefetch(sentence_texts([d for k, d in enumerate(parsed) if k not in loaded]))
        _parse([d for k, d in enumerate(parsed) if k not in loaded], cfg)
    return Prepared(ordered=ordered, cleaned=cleaned, parsed=parsed, notes=notes)


def _parse(parsed: Sequence[Any], cfg: Config) -> None:
    from factcheck.claims import parse

    if parsed:
        parse(parsed, processes=cfg.parse_processes, headlines=cfg.events)


def prefetch(stories: Sequence[Sequence[Document]], cfg: Config, embedder) -> None:
    """Queue the embedding of these stories' sentences (in order, one background core) for checks to come."""
    if not cfg.events or not hasattr(embedder, "prefetch"):
        return
    from factcheck.claims import ParsedDoc

    cache = FrontCache(cfg.front_cache_dir) if cfg.front_cache_dir else None
    for docs in stories:
        _, cleaned, sentences, _ = _segmented(docs)
        parsed = [ParsedDoc(clean=c, sentences=s, published=None) for c, s in zip(cleaned, sentences)]
        embedder.prefetch(sentence_texts([d for d in parsed if cache is None or not cache.has(d, cfg)]))


# --- the per-document cache on disk ------------------------------------------------------------------------------


class FrontCache:
    """Each document's spaCy parse (a ``DocBin``) and word-piece vectors (float16), one file per document.

    A file is keyed by a hash of what the front end read: the document's sentences and headlines and whether
    the headlines were parsed (``Config.events``), so an edited article or another setting finds no file.
    A file that cannot be read counts as missing (the document is parsed again and the file rewritten).
    """

    VERSION = "1"

    def __init__(self, folder: str | os.PathLike) -> None:
        self.dir = Path(folder)
        self.dir.mkdir(parents=True, exist_ok=True)

    def _key(self, d: Any, cfg: Config) -> str:
        import spacy

        h = hashlib.blake2b(digest_size=16)
        h.update(f"{self.VERSION}\0{spacy.__version__}\0{cfg.events}\0".encode())
        for t in self._texts(d, cfg):
            h.update(t.encode("utf-8") + b"\0")
        return h.hexdigest()

    @staticmethod
    def _texts(d: Any, cfg: Config) -> list[str]:
        heads = [r.text for r in d.headlines()] if cfg.events else []
        return [*heads, *(s.text for s in d.sentences)]

    def has(self, d: Any, cfg: Config) -> bool:
        """Whether a file for this document (a ``claims.ParsedDoc``) is on disk."""
        return (self.dir / f"{self._key(d, cfg)}.npz").is_file()

    def load(self, parsed: Sequence[Any], cfg: Config, embedder=None) -> set[int]:
        """Fill the parses of the documents found on disk (and hand their word pieces to ``embedder``); return
        their positions in ``parsed``."""
        from spacy.tokens import DocBin

        from factcheck.nlp import get_nlp

        hit: set[int] = set()
        for k, d in enumerate(parsed):
            if not d.sentences:
                continue
            f = self.dir / f"{self._key(d, cfg)}.npz"
            if not f.is_file():
                continue
            try:
                with np.load(f) as z:
                    docs = list(DocBin().from_bytes(z["parse"].tobytes()).get_docs(get_nlp().vocab))
                    rows, offsets, counts = z["rows"], z["offsets"], z["counts"]
            except Exception:  # a torn or foreign file: parse again
                continue
            texts = self._texts(d, cfg)
            if len(docs) != len(texts) or any(x.text != t for x, t in zip(docs, texts)):
                continue
            heads = len(texts) - len(d.sentences)
            d.headline_docs, d.spacy_docs = docs[:heads], docs[heads:]
            if embedder is not None and hasattr(embedder, "keep_pieces") and len(counts) == len(texts):
                ends = np.cumsum(counts)
                embedder.keep_pieces({t: (rows[e - n:e], [tuple(o) for o in offsets[e - n:e]])
                                      for t, n, e in zip(texts, counts, ends)})
            hit.add(k)
        return hit

    def save(self, parsed: Sequence[Any], cfg: Config, pieces: dict[str, tuple[np.ndarray, list]]) -> None:
        """Write the parse and word pieces of each document not yet on disk (atomically: a crash leaves no
        torn file). ``pieces`` maps a sentence text to its ``(rows, offsets)``; without them a file still
        saves the parse."""
        from spacy.tokens import DocBin

        for d in parsed:
            if not d.sentences or (cfg.events and len(d.headline_docs) != len(d.headlines())):
                continue
            f = self.dir / f"{self._key(d, cfg)}.npz"
            if f.is_file():
                continue
            texts = self._texts(d, cfg)
            bin_ = DocBin(store_user_data=False)
            for x in [*d.headline_docs, *d.spacy_docs]:
                bin_.add(x)
            got = [pieces.get(t) for t in texts]
            if all(g is not None for g in got):
                rows = np.concatenate([g[0] for g in got]).astype(np.float16)
                offsets = np.array([o for g in got for o in g[1]], dtype=np.int32).reshape(-1, 2)
                counts = np.array([len(g[1]) for g in got], dtype=np.int32)
            else:
                rows, offsets, counts = np.zeros((0, 0), np.float16), np.zeros((0, 2), np.int32), np.zeros(0, np.int32)
            tmp = self.dir / f".{f.stem}.{os.getpid()}.{threading.get_ident()}.npz"
            with open(tmp, "wb") as fh:
                np.savez(fh, parse=np.frombuffer(bin_.to_bytes(), dtype=np.uint8), rows=rows, offsets=offsets,
                         counts=counts)
            os.replace(tmp, f)
