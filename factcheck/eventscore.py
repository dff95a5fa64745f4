"""Coreference scores: MUC, B-cubed, CEAF-e and their mean, the CoNLL F1 (the measures of event coreference).

A clustering is a mapping ``mention -> cluster label``. Key (gold) and response (system) may hold different
mentions: a mention that only one side has counts as a singleton on the other side, so a missed gold mention
costs recall and an invented one costs precision. Each function returns ``(recall, precision, f1)``; an empty
side gives 0, and so does MUC on a side with no links (0/0), as the reference CoNLL scorer does.

References for the definitions: Vilain et al. 1995 (MUC), Bagga & Baldwin 1998 (B-cubed), Luo 2005 (CEAF,
entity-based similarity phi4), Pradhan et al. 2014 (the CoNLL average).

Example:
    >>> key = {"a": 1, "b": 1, "c": 2}
    >>> round(conll(key, {"a": 1, "b": 2, "c": 3})[2], 3)  # MUC 0, B-cubed 0.8, CEAF-e 2/3
    0.489
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Mapping

import numpy as np

__all__ = ["muc", "b_cubed", "ceaf_e", "conll", "Score"]

Score = tuple[float, float, float]


def _clusters(labels: Mapping[Hashable, Hashable]) -> list[set]:
    out: dict[Hashable, set] = defaultdict(set)
    for m, c in labels.items():
        out[c].add(m)
    return list(out.values())


def _f(r: float, p: float) -> float:
    return 2 * r * p / (r + p) if r + p else 0.0


def _complete(a: Mapping, b: Mapping) -> dict:
    """``a`` with every mention of ``b`` it lacks added as its own singleton."""
    out = dict(a)
    for m in b:
        if m not in out:
            out[m] = ("__singleton__", m)
    return out


def _muc_recall(key: list[set], resp: Mapping) -> tuple[float, float]:
    num = den = 0.0
    for k in key:
        parts = {resp.get(m, ("__missing__", m)) for m in k}
        num += len(k) - len(parts)
        den += len(k) - 1
    return num, den


def muc(key: Mapping, response: Mapping) -> Score:
    """MUC: links kept. Recall = sum(|K| - parts of K in the response) / sum(|K| - 1); precision the reverse."""
    rn, rd = _muc_recall(_clusters(key), response)
    pn, pd = _muc_recall(_clusters(response), key)
    r = rn / rd if rd else 0.0
    p = pn / pd if pd else 0.0
    return r, p, _f(r, p)


def b_cubed(key: Mapping, response: Mapping) -> Score:
    """B-cubed: per mention, the overlap of its key and response clusters, averaged over mentions."""
    key_c, resp_c = _complete(key, response), _complete(response, key)
    kcl = {c: s for s in _clusters(key_c) for c in [key_c[next(iter(s))]]}
    rcl = {c: s for s in _clusters(resp_c) for c in [resp_c[next(iter(s))]]}
    if not key or not response:
        return 0.0, 0.0, 0.0

    def avg(over: Mapping, own: dict, other_l: Mapping, other: dict) -> float:
        tot = 0.0
        for m in over:
            k, r = own[over[m]], other[other_l[m]]
            tot += len(k & r) / len(k)
        return tot / len(over)

    r = avg(key, kcl, resp_c, rcl)
    p = avg(response, rcl, key_c, kcl)
    return r, p, _f(r, p)


def ceaf_e(key: Mapping, response: Mapping) -> Score:
    """CEAF-e: the best one-to-one alignment of key and response clusters under phi4 = 2|K&R| / (|K| + |R|)."""
    kc, rc = _clusters(key), _clusters(response)
    if not kc or not rc:
        return 0.0, 0.0, 0.0
    from scipy.optimize import linear_sum_assignment

    sim = np.array([[2 * len(k & r) / (len(k) + len(r)) for r in rc] for k in kc])
    rows, cols = linear_sum_assignment(-sim)
    total = float(sim[rows, cols].sum())
    r, p = total / len(kc), total / len(rc)
    return r, p, _f(r, p)


def conll(key: Mapping, response: Mapping) -> Score:
    """The CoNLL score: the unweighted mean of MUC, B-cubed and CEAF-e (recall, precision and F1 each)."""
    scores = [muc(key, response), b_cubed(key, response), ceaf_e(key, response)]
    return tuple(sum(s[i] for s in scores) / 3 for i in range(3))  # type: ignore[return-value]
