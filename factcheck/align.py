"""Stage 5: claims + embeddings -> claim groups (the same fact as told by different outlets).

Two claims are candidates when their embeddings are close (cosine of unit vectors). A candidate pair is kept when
the claims also describe the same event: compatible subjects and a shared entity, predicate or quantity. The
embedding alone groups by topic ("the minister arrived on Tuesday" and "the president arrived in Lyon" are close); the slot
check is what makes a group one fact. Groups are built greedily from the strongest pairs, and two groups merge
only when every cross pair is at least ``align_threshold - 0.1`` similar (a bounded complete linkage), so chains of
loosely similar claims do not snowball into one topic group.

Claims repeated inside one article are linked too, so an article that contradicts itself is caught.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from factcheck.config import Config
from factcheck.models import Claim, Group

__all__ = ["candidate_pairs", "compatible", "align", "cosine_matrix"]

# Pronouns and generic heads that can stand for any entity: they never make subjects incompatible.
_OPEN_SUBJECTS = {"he", "she", "it", "they", "who", "which", "that", "this", "leader", "official", "pair", "two",
                  "side", "both", "train", "visit", "meeting", "talk", "summit", "country", "spokesman"}
_LIGHT_VERBS = {"be", "have", "say", "do", "make", "take", "get", "go", "report", "tell", "add", "show"}


def cosine_matrix(emb: np.ndarray) -> np.ndarray:
    return emb @ emb.T


def candidate_pairs(claims: Sequence[Claim], emb: np.ndarray, threshold: float, *, block: int = 512):
    """Yield ``(i, j, cosine)`` for i < j with cosine >= threshold, in order of i then j.

    A dense product of the unit vectors, one block of rows at a time, so memory stays at ``block x n`` floats.
    This is quadratic in flops but they run in BLAS: at 200 articles (about 7,000 claims) it is under a second
    on 2 cores, well below the embedding model's cost (docs/performance.md). Blocking by shared entity ids
    would not help: in a story about one event the main participants appear in most claims. What must stay
    out of Python is the scan of the n x n matrix, so the threshold and the same-sentence test are applied to a
    whole block at once and only the surviving pairs are yielded.
    """
    n = len(claims)
    if n == 0:
        return
    emb = np.asarray(emb, dtype=np.float32)
    doc_of: dict[str, int] = {}
    docs = np.array([doc_of.setdefault(c.doc_id, len(doc_of)) for c in claims], dtype=np.int64)
    sents = np.array([c.sentence_index for c in claims], dtype=np.int64)
    for s in range(0, n, block):
        e = min(n, s + block)
        # only columns j > i are needed: the block's rows against columns from s on
        sims = emb[s:e] @ emb[s:].T
        keep = sims >= threshold
        rows = np.arange(s, e)[:, None]
        cols = np.arange(s, n)[None, :]
        keep &= cols > rows
        bi, bj = np.nonzero(keep)
        if not len(bi):
            continue
        i, j = bi + s, bj + s
        other = (docs[i] != docs[j]) | (sents[i] != sents[j])
        i, j, cos = i[other], j[other], sims[bi[other], bj[other]]
        yield from zip(i.tolist(), j.tolist(), cos.astype(np.float64).tolist())


def _ids(c: Claim) -> set[str]:
    ids = {e.entity_id for e in c.entities if e.entity_id}
    ids |= {p.entity_id for p in c.places if p.entity_id}
    return ids


def compatible(a: Claim, b: Claim, cos: float, config: Config, ids: tuple[set[str], set[str]] | None = None) -> bool:
    """Do two similar claims describe the same event (not just the same topic)?

    ``ids`` may hold the two claims' entity ids when the caller has them already.
    """
    if a.subject and b.subject and a.subject != b.subject:
        if a.subject not in _OPEN_SUBJECTS and b.subject not in _OPEN_SUBJECTS:
            # Different named subjects: only a near-paraphrase overrides it.
            if cos < config.align_strong_threshold:
                return False
    if cos >= config.align_strong_threshold:
        return True
    ids_a, ids_b = ids if ids is not None else (_ids(a), _ids(b))
    shared = ids_a & ids_b
    same_pred = a.predicate and a.predicate == b.predicate and a.predicate not in _LIGHT_VERBS
    same_speaker = {q.speaker_id for q in a.quotes if q.speaker_id} & {q.speaker_id for q in b.quotes if q.speaker_id}
    return bool(shared and (same_pred or len(shared) >= 2)) or bool(same_speaker)


def align(claims: Sequence[Claim], emb: np.ndarray, *, config: Config) -> list[Group]:
    """Group claims that state the same fact.

    Returns only groups of two or more claims; ids are ``g1``, ``g2`` ... in order of their first claim.
    """
    ids = [_ids(c) for c in claims]
    pairs = [
        (cos, i, j)
        for i, j, cos in candidate_pairs(claims, emb, config.align_threshold)
        if compatible(claims[i], claims[j], cos, config, (ids[i], ids[j]))
    ]
    pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
    parent = list(range(len(claims)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(claims))}

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    floor = config.align_threshold - 0.1
    refused: dict[tuple[int, int], tuple[int, int]] = {}  # (root, root) -> sizes when the merge was refused
    for cos, i, j in pairs:
        ri, rj = find(i), find(j)
        if ri == rj:
            continue
        a, b = members[ri], members[rj]
        if refused.get((ri, rj)) == (len(a), len(b)):
            continue  # same two groups as before: the answer cannot have changed
        if len(a) * len(b) > 1:
            block = emb[a] @ emb[b].T
            if float(block.min()) < floor:
                refused[(ri, rj)] = (len(a), len(b))
                continue
        if len(a) < len(b):
            ri, rj, a, b = rj, ri, b, a
        parent[rj] = ri
        a.extend(b)
        del members[rj]

    groups = []
    order = sorted((sorted(m) for m in members.values() if len(m) > 1), key=lambda m: m[0])
    for k, m in enumerate(order, 1):
        ids = tuple(claims[i].id for i in m)
        docs = tuple(sorted({claims[i].doc_id for i in m}))
        groups.append(Group(id=f"g{k}", claim_ids=ids, doc_ids=docs, independent_sources=len(docs)))
    return groups


def links(claims: Sequence[Claim], emb: np.ndarray, *, config: Config) -> list[tuple[str, str, float]]:
    """Pairs of claims close enough to be compared slot by slot: ``(claim id, claim id, cosine)``.

    Looser than grouping: the comparators carry their own guards (a shared participant, the same predicate),
    and two outlets that give different places for one meeting must still meet here.
    """
    ids = [_ids(c) for c in claims]  # once per claim, not once per candidate pair
    speakers = [{q.speaker_id for q in c.quotes} - {""} for c in claims]
    strong = config.align_strong_threshold - 0.1
    out = []
    for i, j, cos in candidate_pairs(claims, emb, config.link_threshold):
        if cos >= strong or not ids[i].isdisjoint(ids[j]) or not speakers[i].isdisjoint(speakers[j]):
            out.append((claims[i].id, claims[j].id, cos))
    return out


def mark_wire_copies(groups: Sequence[Group], claims: dict[str, Claim], *, config: Config) -> list[Group]:
    """Note near-verbatim copies inside each group; copies count as one source when corroboration is counted.

    Two claims from different outlets whose words match at ``wire_copy_ratio`` (rapidfuzz token ratio, 0-100) or
    more are taken to come from one wire story.
    """
    from rapidfuzz import fuzz

    out = []
    for g in groups:
        members = [claims[i] for i in g.claim_ids]
        parent = {c.doc_id: c.doc_id for c in members}

        def find(x: str) -> str:
            while parent[x] != x:
                x = parent[x]
            return x

        copies = []
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                if a.doc_id == b.doc_id:
                    continue
                if fuzz.token_sort_ratio(a.text, b.text) >= config.wire_copy_ratio:
                    copies.append((a.id, b.id))
                    parent[find(b.doc_id)] = find(a.doc_id)
        independent = len({find(d) for d in g.doc_ids})
        out.append(g.model_copy(update={"wire_copies": tuple(copies), "independent_sources": independent}))
    return out
