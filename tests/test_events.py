"""Event coreference without models: the scores (hand-computed), clustering, the pair model's fast path."""

from __future__ import annotations

import numpy as np
import pytest

from factcheck.event_coref import (
    SCALARS,
    EventModel,
    Features,
    cluster,
    group,
    pair_features,
    pair_scores,
    same_head,
    sentences,
)
from factcheck.eventscore import b_cubed, ceaf_e, conll, muc
from factcheck.models import EventMention

# --- scores, each computed by hand -------------------------------------------------------------------------------


def test_eventscore_perfect_response_scores_one():
    key = {"a": 1, "b": 1, "c": 2, "d": 3, "e": 3}
    resp = {"a": "x", "b": "x", "c": "y", "d": "z", "e": "z"}  # same partition, other labels
    for f in (muc, b_cubed, ceaf_e, conll):
        assert f(key, resp) == pytest.approx((1.0, 1.0, 1.0))


def test_eventscore_split_cluster_matches_hand_computation():
    # key {a,b,c,d}; response {a,b} {c,d}
    key = dict.fromkeys("abcd", 1)
    resp = {"a": 1, "b": 1, "c": 2, "d": 2}
    # MUC recall (4 - 2) / 3, precision (1 + 1) / (1 + 1)
    assert muc(key, resp) == pytest.approx((2 / 3, 1.0, 0.8))
    # B-cubed: every mention's key cluster has 4, its response cluster 2 of them
    assert b_cubed(key, resp) == pytest.approx((0.5, 1.0, 2 / 3))
    # CEAF-e: phi4({abcd},{ab}) = 2*2/6; one key cluster, two response clusters
    r, p = 2 / 3, 1 / 3
    assert ceaf_e(key, resp) == pytest.approx((r, p, 2 * r * p / (r + p)))


def test_eventscore_singletons_give_zero_muc_and_the_docstring_conll():
    key = {"a": 1, "b": 1, "c": 2}
    resp = {"a": 1, "b": 2, "c": 3}
    assert muc(key, resp) == (0.0, 0.0, 0.0)
    assert b_cubed(key, resp) == pytest.approx((2 / 3, 1.0, 0.8))
    assert ceaf_e(key, resp) == pytest.approx((5 / 6, 5 / 9, 2 / 3))
    assert conll(key, resp)[2] == pytest.approx((0 + 0.8 + 2 / 3) / 3)


def test_eventscore_a_mention_missing_from_the_response_costs_recall():
    key = {"a": 1, "b": 1, "c": 1}
    resp = {"a": 1, "b": 1}  # c never found: a singleton of its own
    assert muc(key, resp) == pytest.approx((1 / 2, 1.0, 2 / 3))
    r, p, _ = b_cubed(key, resp)
    assert r == pytest.approx((2 / 3 + 2 / 3 + 1 / 3) / 3) and p == pytest.approx(1.0)


# --- clustering ------------------------------------------------------------------------------------------------


def test_cluster_average_link_refuses_a_chain_that_single_link_would_join():
    # a-b and b-c are close, a-c far: after {a,b} forms, c's mean score to it is (0.1 + 0.8) / 2 = 0.45
    s = np.array([[1, 0.9, 0.1], [0.9, 1, 0.8], [0.1, 0.8, 1]])
    assert cluster(s, 0.5) == [0, 0, 1]
    assert cluster(s, 0.4) == [0, 0, 0]


def test_cluster_threshold_one_keeps_singletons_and_empty_input_is_empty():
    s = np.full((4, 4), 0.99)
    assert cluster(s, 1.0) == [0, 1, 2, 3]
    assert cluster(np.zeros((0, 0)), 0.5) == []


def test_same_head_baseline_uses_the_lowercased_last_token():
    ms = [EventMention(doc_id="a", start=0, end=5, text=t) for t in ("Quake", "the earthquake", "quake", "Strike")]
    assert same_head(ms) == [0, 1, 0, 2]


# --- features: the explicit rows and the matrix fast path agree --------------------------------------------------


def _features(n: int, seed: int = 0) -> Features:
    rng = np.random.default_rng(seed)
    trig = rng.normal(size=(n, 8)).astype(np.float32)
    trig /= np.linalg.norm(trig, axis=1, keepdims=True)
    sent = rng.normal(size=(n, 8)).astype(np.float32)
    sent /= np.linalg.norm(sent, axis=1, keepdims=True)
    lemmas = ["strike", "hit", "strike", "quake", "earthquake", "kill"]
    ms = [EventMention(doc_id=f"d{k % 3}", start=k, end=k + 1, text="x", trigger=lemmas[k % len(lemmas)],
                       sentence=k % 2) for k in range(n)]
    pool = ["paris", "monday", "5", "police", ""]
    sets = {k: [frozenset(x for x in (pool[(i + j) % 5], pool[(i * j) % 5]) if x) for i in range(n)]
            for j, k in enumerate(("who", "where", "when", "num", "arg", "ent"))}
    ctx = rng.normal(size=(n, 8)).astype(np.float32)
    ctx /= np.linalg.norm(ctx, axis=1, keepdims=True)
    return Features(mentions=ms, trig=trig, ctx=ctx, sent=sent, pos=["VERB" if k % 2 else "NOUN" for k in range(n)],
                    sets=sets, tense=["past", "future", "", "present", "past", "future", "past"][:n])


def test_pair_scores_equal_the_logistic_model_on_explicit_feature_rows():
    f = _features(7)
    rng = np.random.default_rng(1)
    width = len(SCALARS) + 16  # trigger and context products
    model = EventModel(weights=rng.normal(size=width), bias=-0.3, mean=rng.normal(size=width) * 0.1,
                       scale=rng.uniform(0.5, 2.0, size=width), threshold=0.5)
    i, j = np.triu_indices(7, 1)
    slow = 1 / (1 + np.exp(-model.logits(pair_features(f, i, j))))
    fast = pair_scores(f, model)
    assert fast[i, j] == pytest.approx(slow, abs=1e-5)
    assert fast == pytest.approx(fast.T, abs=1e-6)


def test_pair_features_read_lemma_document_and_argument_agreement():
    f = _features(6)
    x = pair_features(f, np.array([0, 0]), np.array([2, 1]))
    col = {name: k for k, name in enumerate(SCALARS)}
    assert x[0, col["same_lemma"]] == 1 and x[1, col["same_lemma"]] == 0  # strike/strike, strike/hit
    assert x[1, col["same_fold"]] == 1  # strike and hit are one event word in slots/events.py
    assert x[0, col["same_doc"]] == 0  # d0 and d2
    assert x[0, col["cos_trigger"]] == pytest.approx(float(f.trig[0] @ f.trig[2]))


# --- sentences and grouping --------------------------------------------------------------------------------------


def test_sentences_split_lines_and_sentence_ends_with_offsets():
    text = "A strong quake hit the town on Monday. Five people died there.\n\n  Rescuers came from Lima.  "
    spans = sentences(text)
    assert [text[s:e] for s, e in spans] == ["A strong quake hit the town on Monday.", "Five people died there.",
                                             "Rescuers came from Lima."]


def test_group_counts_mentions_per_document_largest_event_first():
    ms = [EventMention(doc_id=d, start=0, end=1, text="x", trigger=t, event=e)
          for d, t, e in (("a", "quake", "E1"), ("b", "quake", "E1"), ("b", "tremor", "E1"), ("a", "vote", "E2"))]
    ev = group(ms)
    assert [e.id for e in ev] == ["E1", "E2"]
    assert ev[0].outlets == {"a": 1, "b": 2} and ev[0].trigger == "quake"


def test_claim_events_and_same_event_answer_for_claims_sharing_an_event():
    from types import SimpleNamespace

    from factcheck.event_coref import claim_events, same_event

    ms = [EventMention(doc_id=d, start=s, end=s + 3, text="xyz", event=e)
          for d, s, e in (("a", 0, "E1"), ("a", 10, "E2"), ("b", 5, "E1"), ("b", 40, "E3"))]
    claims = [SimpleNamespace(id=i, doc_id=d, start=s, end=e)
              for i, d, s, e in (("a1", "a", 0, 20), ("b1", "b", 0, 20), ("b2", "b", 30, 50), ("b3", "b", 60, 70))]
    ev = claim_events(claims, ms)
    assert ev == {"a1": ("E1", "E2"), "b1": ("E1",), "b2": ("E3",), "b3": ()}
    assert same_event(ev["a1"], ev["b1"]) is True
    assert same_event(ev["a1"], ev["b2"]) is False
    assert same_event(ev["a1"], ev["b3"]) is None
