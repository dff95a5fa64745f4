"""Thread safety (issue 7): check() from 4 threads at once gives the same reports as one at a time.

The real model is used (session-scoped, as in tests/conftest.py): the shared embedder with its cache and lock, and
separate embedders that run the one loaded model concurrently. spaCy parses are serialised by nlp.parse_lock.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import factcheck
from factcheck.embed import MiniLMEmbedder


def _variants(story_docs):
    # four different inputs, so a mix-up between threads would show as a wrong report
    return [story_docs, story_docs[:3], story_docs[1:], story_docs[::-1]]


def test_threads_four_concurrent_checks_match_sequential(story_docs):
    inputs = _variants(story_docs)
    sequential = [factcheck.check(docs).to_json() for docs in inputs]
    with ThreadPoolExecutor(max_workers=4) as pool:
        concurrent = list(pool.map(lambda docs: factcheck.check(docs).to_json(), inputs))
    assert concurrent == sequential


def test_threads_separate_embedders_share_the_model_safely(story_docs):
    # no shared cache: four forward passes on the one loaded model really run at once (pairs keep it quick)
    inputs = [story_docs[i : i + 2] for i in range(4)]
    sequential = [factcheck.check(docs, embedder=MiniLMEmbedder()).to_json() for docs in inputs]
    with ThreadPoolExecutor(max_workers=4) as pool:
        concurrent = list(pool.map(lambda docs: factcheck.check(docs, embedder=MiniLMEmbedder()).to_json(), inputs))
    assert concurrent == sequential


def test_threads_same_input_from_four_threads(story_docs):
    expected = factcheck.check(story_docs).to_json()
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda _: factcheck.check(story_docs).to_json(), range(4)))
    assert results == [expected] * 4
