"""The front end (factcheck/frontend.py) and the embedder's background jobs, with the real models: worker threads
give the model's vectors, a prefetched job is read back once, a failed check leaves no job running, and the
per-document cache on disk gives the same report without parsing or embedding again."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pytest

import factcheck
from factcheck import claims, embed, frontend
from factcheck.embed import MiniLMEmbedder

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "kim_putin_2023"

TEXTS = ["Kim Jong Un arrived in Vladivostok on Tuesday.", "Putin", "", "word " * 300,
         "The Kremlin said the two leaders would discuss “sensitive” subjects.", "Talks began at noon.",
         *(f"Report number {k} said the train stopped {k} times." for k in range(14))] * 2
DISTINCT = len(set(TEXTS))  # 20: with batches of 2, enough for worker threads and a background job


def _docs():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return factcheck.load(sorted(FIXTURE.glob("*.txt")))


def test_workers_give_the_single_pass_vectors_and_pieces():
    model = embed._load_model(None)
    assert len(model.work(TEXTS, batch_size=4).batches) >= embed.MIN_SHARED_BATCHES  # two workers do run
    one_v, one_p = model.work(TEXTS, batch_size=4).run(1)
    two_v, two_p = model.work(TEXTS, batch_size=4).run(2)
    assert np.abs(one_v - two_v).max() < 1e-5  # one torch thread per worker: the same sums up to rounding
    for (a, oa), (b, ob) in zip(one_p, two_p):
        assert oa == ob and a.shape == b.shape and (a.size == 0 or np.abs(a - b).max() < 1e-4)
    only_v, only_p = model.work(TEXTS, batch_size=4, pieces=False).run(2)
    assert np.array_equal(only_v, two_v) and only_p == [None] * len(TEXTS)


def test_prefetch_is_read_back_once_and_equals_a_cold_pass():
    cold = MiniLMEmbedder(batch_size=2)
    want_v, want_p = cold.encode_with_pieces(TEXTS, TEXTS)
    e = MiniLMEmbedder(batch_size=2)
    e.prefetch(TEXTS)
    e.prefetch(TEXTS)  # already queued: no second job
    assert len(e._pending) == 1
    got_v, got_p = e.encode_with_pieces(TEXTS, TEXTS)
    assert e.encoded == DISTINCT and not e._pending
    assert np.abs(got_v - want_v).max() < 1e-5
    assert [o for _, o in got_p] == [o for _, o in want_p]
    e.encode_with_pieces(TEXTS, TEXTS)
    assert e.encoded == DISTINCT  # warm: nothing embedded


def test_prefetched_jobs_not_asked_for_stay_queued_and_cancel_drops_them():
    first, later = TEXTS[:10], [f"A sentence nobody asks for yet, number {k}." for k in range(10)]
    e = MiniLMEmbedder(batch_size=2)
    e.prefetch(first, pieces=False)
    e.prefetch(later)
    assert len(e._pending) == 2
    e.encode(first)  # reads the first job back, leaves the second queued
    assert e.encoded == 10 and len(e._pending) == 1
    e.cancel()
    assert not e._pending and all(w.done() for w in list(embed._LIVE))
    v = e.encode(later[:1])
    assert v.shape == (1, embed.DIM) and abs(float(np.linalg.norm(v)) - 1.0) < 1e-5


def test_a_failed_check_leaves_no_background_job(monkeypatch):
    e = MiniLMEmbedder(batch_size=8)  # the story's sentences make a background job

    def boom(*args, **kwargs):
        raise RuntimeError("the slot readers failed")

    monkeypatch.setattr(claims, "extract_claims", boom)
    with pytest.raises(RuntimeError, match="slot readers"):
        factcheck.check(_docs(), embedder=e)
    assert not e._pending  # the prefetched sentences were cancelled, not left running


def test_front_cache_gives_the_same_report_without_parsing_or_embedding_again(tmp_path, monkeypatch):
    docs = _docs()
    cfg = {"front_cache_dir": str(tmp_path / "front")}
    first = factcheck.check(docs, config=cfg, embedder=MiniLMEmbedder(cache_dir=tmp_path / "emb"))
    files = sorted((tmp_path / "front").glob("*.npz"))
    assert len(files) == len(docs)
    parsed: list[int] = []
    real_parse = claims.parse
    monkeypatch.setattr(claims, "parse", lambda ds, **kw: (parsed.append(len(ds)), real_parse(ds, **kw)))
    fresh = MiniLMEmbedder(cache_dir=tmp_path / "emb")  # a new process: only the files on disk are warm
    again = factcheck.check(docs, config=cfg, embedder=fresh)
    assert parsed == [] and fresh.encoded == 0
    assert again.to_json() == first.to_json()
    # an edited article misses the cache: it alone is parsed again
    edited = [docs[0].model_copy(update={"text": docs[0].text + "\n\nA line added later."}), *docs[1:]]
    factcheck.check(edited, config=cfg, embedder=fresh)
    assert parsed == [1]


def test_front_cache_ignores_a_torn_file(tmp_path):
    docs = _docs()[:2]
    cfg = {"front_cache_dir": str(tmp_path)}
    first = factcheck.check(docs, config=cfg)
    for f in tmp_path.glob("*.npz"):
        f.write_bytes(f.read_bytes()[:100])
    assert factcheck.check(docs, config=cfg).to_json() == first.to_json()


def test_prefetch_of_stories_to_come_queues_their_sentences():
    docs = _docs()
    e = MiniLMEmbedder(batch_size=4)  # each story's sentences make a background job
    frontend.prefetch([docs[:2], docs[2:]], factcheck.Config(), e)
    assert len(e._pending) == 2
    queued = {k for ks, _ in e._pending for k in ks}
    report = factcheck.check(docs, embedder=e)
    assert not e._pending
    assert queued <= set(e.pieces)  # the check read the queued sentences back instead of embedding them again
    assert report.claims
