"""Calibrated confidence: how often a finding like this one is right, learned on annotated clusters.

A comparator's own confidence says how sure the rule is of its reading, not how often such findings are real:
before calibration nearly every finding said 0.75. This stage reads a few plain features of each finding (its
kind, how many outlets and values it sets against each other, how long its evidence is, whether it is internal,
hedged, a quote with minor wording ...) and maps them through a logistic model fitted by
``scripts/calibrate.py`` on the development clusters (../shared/devset) and the reference story, with
leave-one-cluster-out cross-validation for the figures in docs/calibration.md. The weights are a small table in
:mod:`factcheck._calibration`; nothing is learned at run time.

Example:
    >>> from factcheck.calibrate import FEATURES
    >>> "kind=number" in FEATURES
    True
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Callable, Mapping, Sequence

from factcheck.models import Claim, Discrepancy, Kind

__all__ = ["FEATURES", "features", "calibrate", "probability"]

# Read by features(); the shipped model uses MODEL_FEATURES only (the others did not help out of cluster, see
# docs/calibration.md), but stay computed so that scripts/calibrate.py can compare sets.
FEATURES: tuple[str, ...] = (
    *(f"kind={k.value}" for k in Kind),
    "internal",
    "log_outlets",
    "log_values",
    "log_max_evidence_chars",
    "share_in_lead",  # evidence within the first 300 characters of its article (headline, dateline, lead)
    "hedged_share",
    "minor_wording",
    "rule_confidence",
    "has_digit",
    "max_cosine",  # the closest pair of claims on two sides: the same statement told two ways?
    "mean_cosine",
    "majority_share",  # share of the evidence that gives the most common value
)


MODEL_FEATURES: tuple[str, ...] = (
    *(f"kind={k.value}" for k in Kind), "log_outlets", "minor_wording", "hedged_share",
)


def features(d: Discrepancy, claims: Mapping[str, Claim],
             similarity: Callable[[str, str], float] | None = None) -> list[float]:
    """The feature vector of one finding, in the order of :data:`FEATURES`.

    ``similarity(claim_id, claim_id)`` is the cosine of two claims' embeddings (0 for every pair when absent). Only
    scripts/calibrate.py passes it, to compare feature sets: the shipped model does not read the cosines.
    """
    ev = d.evidence
    docs = {e.doc_id for e in ev}
    values = {(e.value or "").strip().lower() for e in ev if e.value}
    hedged = [claims[e.claim_id].modality in ("hedged", "conditional") for e in ev
              if e.claim_id and e.claim_id in claims]
    row = [1.0 if d.kind == k else 0.0 for k in Kind]
    row += [
        1.0 if d.internal else 0.0,
        math.log(max(1, len(docs))),
        math.log(max(1, len(values))),
        math.log(max(1, max((e.end - e.start for e in ev), default=1))),
        sum(e.start < 300 for e in ev) / max(1, len(ev)),
        sum(hedged) / len(hedged) if hedged else 0.0,
        1.0 if "minor wording" in d.summary else 0.0,
        d.confidence,
        1.0 if any(ch.isdigit() for v in values for ch in v) else 0.0,
    ]
    ids = [(e.doc_id, e.claim_id) for e in ev if e.claim_id and e.claim_id in claims]
    cos = [similarity(x, y) for (dx, x), (dy, y) in itertools.combinations(ids, 2)
           if x != y and (dx != dy or d.internal)] if similarity is not None else []
    counts = Counter((e.value or "").strip().lower() for e in ev)
    row += [max(cos, default=0.0), sum(cos) / len(cos) if cos else 0.0,
            max(counts.values()) / max(1, sum(counts.values()))]
    return row


def probability(row: Sequence[float], weights: Mapping[str, float], bias: float) -> float:
    z = bias + sum(weights.get(name, 0.0) * x for name, x in zip(FEATURES, row))
    return 1.0 / (1.0 + math.exp(-z))


def calibrate(discrepancies: Sequence[Discrepancy], claims: Mapping[str, Claim], *,
              similarity: Callable[[str, str], float] | None = None,
              weights: Mapping[str, float] | None = None, bias: float | None = None) -> list[Discrepancy]:
    """Each finding with its confidence replaced by the calibrated probability that it is real.

    Args:
        discrepancies: the comparators' findings.
        claims: claim id -> claim, for the features that read the claims behind the evidence.
        similarity: cosine of two claims by id; only needed by a model that reads the cosine features.
        weights, bias: a model to use instead of the shipped one (for the fitting script and tests).
    """
    if weights is None or bias is None:
        from factcheck import _calibration

        weights, bias = _calibration.WEIGHTS, _calibration.BIAS
    # A model's own probability (the optional NLI hook) is kept: the calibration data never saw such findings.
    return [d if d.detector else
            d.model_copy(update={"confidence": round(probability(features(d, claims, similarity), weights, bias), 4)})
            for d in discrepancies]
