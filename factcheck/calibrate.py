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

import math
from collections.abc import Mapping, Sequence

from factcheck.models import Claim, Discrepancy, Kind

__all__ = ["FEATURES", "features", "calibrate", "probability"]

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
)


def features(d: Discrepancy, claims: Mapping[str, Claim]) -> list[float]:
    """The feature vector of one finding, in the order of :data:`FEATURES`."""
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
    return row


def probability(row: Sequence[float], weights: Mapping[str, float], bias: float) -> float:
    z = bias + sum(weights.get(name, 0.0) * x for name, x in zip(FEATURES, row))
    return 1.0 / (1.0 + math.exp(-z))


def calibrate(discrepancies: Sequence[Discrepancy], claims: Mapping[str, Claim], *,
              weights: Mapping[str, float] | None = None, bias: float | None = None) -> list[Discrepancy]:
    """Each finding with its confidence replaced by the calibrated probability that it is real.

    Args:
        discrepancies: the comparators' findings.
        claims: claim id -> claim, for the features that read the claims behind the evidence.
        weights, bias: a model to use instead of the shipped one (for the fitting script and tests).
    """
    if weights is None or bias is None:
        from factcheck import _calibration

        weights, bias = _calibration.WEIGHTS, _calibration.BIAS
    # A model's own probability (the optional NLI hook) is kept: the calibration data never saw such findings.
    return [d if d.detector else
            d.model_copy(update={"confidence": round(probability(features(d, claims), weights, bias), 4)})
            for d in discrepancies]
