"""Events in the check: the fast clustering and word-piece means against plain versions, the embedder's one
pass, the off-event decision, and a story with an article about another event (real models)."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import factcheck
from factcheck import event_coref, story_event
from factcheck.event_coref import Unit, cluster

# --- clustering: the O(n) step equals the plain average-link loop ----------------------------------------------


def _plain_average_link(scores: np.ndarray, threshold: float) -> list[int]:
    """Average link the plain way: keep the sums between groups, recompute every mean each step, merge the first
    maximum (row, then column). The fast version must make the same merges with the same arithmetic; ties between
    equal means are broken the same way only when the sums are the same floats, so they are summed alike."""
    n = scores.shape[0]
    total = scores.astype(np.float64).copy()
    np.fill_diagonal(total, -np.inf)
    size = np.ones(n)
    alive = np.ones(n, dtype=bool)
    groups = {i: [i] for i in range(n)}
    while True:
        avg = total / np.outer(size, size)
        avg[~alive, :] = -np.inf
        avg[:, ~alive] = -np.inf
        a, b = divmod(int(np.argmax(avg)), n)
        if not np.isfinite(avg[a, b]) or avg[a, b] <= threshold:
            break
        total[a, :] += total[b, :]
        total[:, a] = total[a, :]
        total[a, a] = -np.inf
        size[a] += size[b]
        alive[b] = False
        groups[a].extend(groups.pop(b))
    label = [0] * n
    for num, g in enumerate(sorted(groups.values(), key=min)):
        for r in g:
            label[r] = num
    return label


def test_cluster_is_average_link_on_a_hand_made_matrix():
    # a and b close, c close to b only: average link joins a-b, then (ab)-c only if the mean (0.2 + 0.9) / 2 passes
    s = np.array([[1, .95, .2], [.95, 1, .9], [.2, .9, 1]])
    assert cluster(s, 0.5) == [0, 0, 0]
    assert cluster(s, 0.6) == [0, 0, 1]


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 14), st.integers(0, 10_000), st.sampled_from([0.2, 0.35, 0.5]), st.booleans())
def test_cluster_equals_plain_average_link(n, seed, threshold, coarse):
    rng = np.random.default_rng(seed)
    x = rng.random((n, n))
    if coarse:  # many ties
        x = np.round(x, 1)
    s = (x + x.T) / 2
    np.fill_diagonal(s, 1.0)
    assert _partition(cluster(s, threshold)) == _partition(_plain_average_link(s, threshold))


def _partition(labels: list[int]) -> set[frozenset[int]]:
    out: dict[int, set[int]] = {}
    for i, lab in enumerate(labels):
        out.setdefault(lab, set()).add(i)
    return {frozenset(v) for v in out.values()}


# --- word-piece means ---------------------------------------------------------------------------------------------


def test_vectors_average_the_pieces_of_the_trigger_and_its_window():
    dim = 4
    vecs = np.eye(12, dim, dtype=np.float32)[:12] + np.arange(12, dtype=np.float32)[:, None] * 0.01
    offs = [(2 * k, 2 * k + 1) for k in range(12)]  # one-character pieces at even offsets
    fallback = np.ones(dim, dtype=np.float32) / 2.0
    u = Unit(doc_id="a", index=0, start=0, text="x" * 24, sdoc=None, vec=fallback, pieces=(vecs, offs))
    trig, ctx = event_coref._vectors([u], [0, 0], [(14, 17), (23, 24)])
    want = vecs[7:9].mean(0)
    assert np.allclose(trig[0], want / np.linalg.norm(want), atol=1e-6)
    around = np.concatenate([vecs[2:7], vecs[9:12]]).mean(0)  # five before, three left after
    assert np.allclose(ctx[0], around / np.linalg.norm(around), atol=1e-6)
    assert np.allclose(trig[1], fallback) and np.allclose(ctx[1], fallback)  # no piece there


# --- the embedder: claims, sentences and word pieces in one pass ---------------------------------------------------


def test_encode_with_pieces_encodes_each_text_once_and_caches_pieces(monkeypatch):
    from factcheck import embed

    e = embed.MiniLMEmbedder()
    claims = ["Kim arrived in Russia.", "The train crossed the border."]
    sentences = ["The train crossed the border.", "Putin met Kim at the cosmodrome."]
    vecs, pieces = e.encode_with_pieces(claims, sentences)
    assert e.encoded == 3  # the shared text went through the model once
    assert vecs.shape == (2, embed.DIM) and len(pieces) == 2
    assert np.allclose(vecs[1], e.encode([sentences[0]])[0])
    rows, offs = pieces[1]
    assert rows.shape == (len(offs), embed.DIM) and sentences[1][offs[0][0]:offs[0][1]].lower() == "putin"
    again = e.encode_with_pieces(claims, sentences)
    assert e.encoded == 3  # warm: nothing encoded
    assert np.array_equal(again[1][1][0], rows)  # the cached pieces are the ones returned cold
    monkeypatch.setattr(embed, "PIECE_CACHE_ROWS", 1)
    small = embed.MiniLMEmbedder()
    _, got = small.encode_with_pieces([], sentences)  # evicted at once, yet returned
    assert [len(o) for _, o in got] == [len(o) for _, o in pieces] and len(small.pieces) == 1


# --- the decision ---------------------------------------------------------------------------------------------------


def test_decide_names_the_small_group_and_never_half_the_story():
    p = np.full((6, 6), 0.9)
    p[4:, :4] = p[:4, 4:] = 0.05  # documents 4 and 5 tell another event
    np.fill_diagonal(p, 1.0)
    off, to_main = story_event.decide(p, link=0.35, gate=0.4)
    assert off.tolist() == [False] * 4 + [True] * 2
    assert to_main[4] == pytest.approx(0.05) and to_main[0] == pytest.approx(0.9)
    even = np.full((4, 4), 0.05)
    even[:2, :2] = even[2:, 2:] = 0.9
    np.fill_diagonal(even, 1.0)
    off, _ = story_event.decide(even, link=0.35, gate=0.4)
    assert off.sum() == 1  # two against two: at most (4 - 1) // 2 named


def test_off_event_needs_three_documents():
    p = story_event.Profile(doc_id="a", lead_vec=np.ones(2) / 2 ** 0.5, doc_vec=np.ones(2) / 2 ** 0.5,
                            sets={k: frozenset() for k in story_event.SETS})
    assert story_event.off_event([p, p]) == []


# --- end to end: a story with one article about another event -----------------------------------------------------

FIRE = [
    "Fire destroys Waitrose store in Wellington\nA large fire broke out at the Waitrose supermarket in Wellington "
    "town centre on Sunday morning, July 21, 2013. Eight fire crews from Devon and Somerset fought the blaze on "
    "the High Street. Nobody was hurt, police said.",
    "Blaze guts Wellington Waitrose\nFirefighters tackled a blaze at the Waitrose supermarket in Wellington on "
    "Sunday. Crews from Devon and Somerset Fire and Rescue Service were called at 6.30am and the High Street was "
    "closed. No one was injured.",
    "Waitrose supermarket in Wellington hit by fire\nThe Waitrose store in Wellington, Somerset, was badly damaged "
    "by a fire on Sunday, July 21, 2013. Ten fire engines attended and the High Street stayed shut all day. The "
    "cause is being investigated.",
    "Wellington Waitrose fire: store closed\nA fire that broke out early on Sunday has badly damaged the Waitrose "
    "supermarket in Wellington's High Street. Devon and Somerset Fire and Rescue said eight crews were sent and "
    "nobody was hurt.",
]
OTHER = ("Chargers tackle Jamal Williams arrested on suspicion of drunk driving\nSan Diego Chargers defensive "
         "tackle Jamal Williams was arrested on suspicion of drunken driving early on Sunday, February 1, 2009, "
         "after police stopped his car on state Route 94, the team said. He was released on bail.")


@pytest.fixture(scope="module")
def mixed_report():
    docs = [factcheck.Document(id=f"fire{k}", text=t) for k, t in enumerate(FIRE)]
    docs.append(factcheck.Document(id="arrest", text=OTHER))
    return factcheck.check(docs)


def test_check_names_the_article_about_another_event_and_keeps_its_text(mixed_report):
    r = mixed_report
    assert [o.doc_id for o in r.off_event] == ["arrest"]
    o = r.off_event[0]
    assert "another event" in o.reason and 0.0 <= o.score < 0.4
    assert any(c.doc_id == "arrest" for c in r.claims)  # nothing lost: its claims stay in the report
    assert not any(e.doc_id == "arrest" for d in r.discrepancies for e in d.evidence)  # but are not compared
    assert not any(v.doc_id == "arrest" for f in r.facts for v in f.values)
    assert not any(u.doc_id == "arrest" for u in r.uncorroborated)
    assert json.loads(r.to_json())["off_event"][0]["doc_id"] == "arrest"
    main = [e for e in r.events if e.main]
    assert main and all("arrest" not in e.outlets or len(e.outlets) > 1 for e in main)


def test_every_view_names_the_article_about_another_event(mixed_report):
    r = mixed_report
    assert "about another event" in r.to_text() and "arrest" in r.to_text()
    assert "about another event" in r.to_markdown()
    from factcheck import render

    assert "about another event" in render.html(r)
    assert "about another event" in render.terminal(r)
    assert "about another event" in repr(r)
    pd = pytest.importorskip("pandas")
    frame = r.to_frame("documents")
    assert isinstance(frame, pd.DataFrame)
    by_id = frame.set_index("id")
    assert "another event" in by_id.loc["arrest", "off_event"] and pd.isna(by_id.loc["fire0", "off_event"])


def test_off_event_can_be_turned_off():
    docs = [factcheck.Document(id=f"fire{k}", text=t) for k, t in enumerate(FIRE)]
    docs.append(factcheck.Document(id="arrest", text=OTHER))
    assert factcheck.check(docs, config={"off_event": False}).off_event == ()


def test_a_story_over_the_mention_budget_is_read_from_the_openings_down(monkeypatch):
    monkeypatch.setattr(event_coref, "MAX_MENTIONS", 12)
    docs = [factcheck.Document(id=f"fire{k}", text=t) for k, t in enumerate(FIRE)]
    r = factcheck.check(docs)
    mentions = [m for e in r.events for m in e.mentions]
    assert 0 < len(mentions) <= 12
    assert any("MAX_MENTIONS" in w and "openings" in w for w in r.warnings)
    first_only = max(m.sentence for m in mentions)
    assert first_only <= 2  # openings first: no article's later sentence before every article's earlier one
