"""Speed-related behaviour: the embedding cache, the plain-torch embedder, and candidate generation at scale.

The benchmark itself (``benchmarks/speed.py``) is too slow for the suite; these checks protect what it relies
on: re-checking a story after one article is added embeds only that article, the embedder returns the vectors
sentence-transformers would, and candidate pairs are the exact above-threshold pairs at a cost that stays small.
"""

from __future__ import annotations

import time
import warnings
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

import factcheck
from factcheck import embed
from factcheck.align import candidate_pairs
from factcheck.claims import resolved_text
from factcheck.embed import HashingEmbedder, MiniLMEmbedder

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "kim_putin_2023"


class _RecordingModel:
    """Stands in for the network: records every text sent to it, returns bag-of-words vectors."""

    def __init__(self) -> None:
        self.sent: list[str] = []
        self._h = HashingEmbedder(dim=embed.DIM)

    def encode(self, texts, *, batch_size: int = 64) -> np.ndarray:
        self.sent.extend(texts)
        return self._h.encode(texts)

    def encode_tokens(self, texts, *, batch_size: int = 64):
        self.sent.extend(texts)
        return self._h.encode_with_pieces(texts, texts)

    def work(self, texts, *, batch_size: int = 64, pieces: bool = True):
        """A finished job, as ``_MiniLM.work`` returns one: the embedder's prefetch and encode both use it."""
        self.sent.extend(texts)
        vecs, pcs = self._h.encode_with_pieces(texts, texts if pieces else ())
        return _Done(vecs, pcs if pieces else [None] * len(texts), pieces)


class _Done:
    def __init__(self, vecs, pieces, want_pieces: bool) -> None:
        self.result, self.want_pieces = (vecs, pieces), want_pieces

    def run(self, workers: int = 1):
        return self.result

    def start(self, workers: int = 1, *, after=None):
        return self

    def finish(self):
        return self.result

    def done(self) -> bool:
        return True

    def cancel(self) -> None:
        pass


@pytest.fixture
def recording(monkeypatch) -> _RecordingModel:
    model = _RecordingModel()
    monkeypatch.setattr(embed, "_load_model", lambda threads: model)
    return model


def test_embed_cache_sends_each_text_once(recording, tmp_path):
    e = MiniLMEmbedder(cache_dir=tmp_path)
    first = e.encode(["Kim arrived.", "Putin waited.", "Kim arrived."])
    assert recording.sent == ["Kim arrived.", "Putin waited."]  # a repeat inside one call is embedded once
    assert np.array_equal(first[0], first[2])
    again = e.encode(["Putin waited.", "Talks began.", "Kim arrived."])
    assert recording.sent[2:] == ["Talks began."]
    assert np.array_equal(again[2], first[0])
    # a new process (a new embedder) with the same cache folder embeds nothing it has seen
    other = MiniLMEmbedder(cache_dir=tmp_path)
    other.encode(["Kim arrived.", "Talks began."])
    assert recording.sent[3:] == [] and other.encoded == 0


def test_embed_recheck_after_adding_an_article_embeds_only_that_article(recording):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        docs = factcheck.load(sorted(FIXTURE.glob("*.txt")))
    e = MiniLMEmbedder()
    factcheck.check(docs[:4], embedder=e)
    before = set(recording.sent)
    assert before
    recording.sent.clear()
    report = factcheck.check(docs, embedder=e)
    sent = set(recording.sent)
    new_id = docs[4].id
    new_texts = {resolved_text(c) for c in report.claims if c.doc_id == new_id}
    new_texts |= {q.text for c in report.claims if c.doc_id == new_id for q in c.quotes}
    # the event stage reads the new article's sentences and headline in the same embedding pass
    from factcheck.claims import HEADLINE_REASONS
    from factcheck.clean import clean
    from factcheck.segment import segment

    cleaned = clean(new_id, docs[4].text)
    new_texts |= {s.text for s in segment(cleaned)}
    new_texts |= {r.text for r in cleaned.removed if r.reason in HEADLINE_REASONS}
    assert sent, "the added article's claims must be embedded"
    assert not sent & before, "nothing embedded in the first check is embedded again"
    assert sent <= new_texts, f"texts embedded that the added article does not contain: {sorted(sent - new_texts)}"


def _model_installed() -> bool:
    try:
        embed.model_path()
    except factcheck.ModelError:
        return False
    return True


@pytest.mark.skipif(not _model_installed(), reason="the bundled all-MiniLM-L6-v2 is not installed")
def test_embed_matches_sentence_transformers():
    st = pytest.importorskip("sentence_transformers")
    texts = ["Kim Jong Un arrived in Vladivostok on Tuesday.", "", "Putin", "word " * 400,
             "The Kremlin said the two leaders would discuss “sensitive” subjects."]
    ours = MiniLMEmbedder(batch_size=2).encode(texts)
    ref = st.SentenceTransformer(str(embed.model_path()), device="cpu").encode(
        texts, batch_size=2, normalize_embeddings=True, convert_to_numpy=True)
    assert np.abs(ours - ref).max() < 1e-5


def _unit(n: int, dim: int, seed: int) -> np.ndarray:
    v = np.random.default_rng(seed).normal(size=(n, dim)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


@pytest.mark.parametrize("n,block", [(0, 4), (1, 4), (9, 4), (60, 7), (300, 1024)])
def test_align_candidate_pairs_are_exactly_the_pairs_above_threshold(n, block):
    emb = _unit(n, 8, n)
    claims = [SimpleNamespace(doc_id=f"d{i % 3}", sentence_index=i // 6) for i in range(n)]
    got = list(candidate_pairs(claims, emb, 0.3, block=block))
    want = [(i, j) for i in range(n) for j in range(i + 1, n)
            if float(emb[i] @ emb[j]) >= 0.3
            and not (claims[i].doc_id == claims[j].doc_id and claims[i].sentence_index == claims[j].sentence_index)]
    assert [(i, j) for i, j, _ in got] == want
    assert all(abs(c - float(emb[i] @ emb[j])) < 1e-5 for i, j, c in got)


def test_align_candidate_pairs_cost_stays_small_at_scale():
    # 6,000 claims is about a 170-article story; the dense product and scan must not run row by row in Python.
    n = 6000
    emb = _unit(n, 384, 1)
    claims = [SimpleNamespace(doc_id=f"d{i // 35}", sentence_index=i % 35) for i in range(n)]
    t = time.perf_counter()
    pairs = sum(1 for _ in candidate_pairs(claims, emb, 0.2))
    elapsed = time.perf_counter() - t
    assert pairs > 0
    assert elapsed < 10.0, f"candidate_pairs took {elapsed:.1f} s for {n} claims"
