"""The optional cross-encoder hook: linked pairs that no comparator flagged, scored for contradiction by the
scorer the caller passes in (:class:`factcheck.nli.NLIScorer`; this module is not that one).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from factcheck.compare._common import Context, _evidence, _Finding
from factcheck.models import Kind, Severity


def _nli_findings(links: Sequence[tuple[str, str, float]], ctx: Context, nli, flagged: set[frozenset[str]],
                  group_of: dict[str, str]) -> list[_Finding]:
    """Linked pairs of two outlets that no comparator flagged, scored by the optional cross-encoder."""
    pairs = []
    for ida, idb, cos in links:
        a, b = ctx.claims[ida], ctx.claims[idb]
        if a.doc_id != b.doc_id and cos >= ctx.config.nli_min_cosine and frozenset((ida, idb)) not in flagged:
            pairs.append((a, b))
    if not pairs:
        return []
    forward = nli.contradiction_probability([(a.text, b.text) for a, b in pairs])
    backward = nli.contradiction_probability([(b.text, a.text) for a, b in pairs])
    out = []
    for (a, b), p in zip(pairs, np.maximum(forward, backward)):
        if p < ctx.config.nli_threshold:
            continue
        out.append(_Finding(
            kind=Kind.negation, severity=Severity.medium, confidence=round(float(p), 3),
            summary=f"Contradiction: {a.doc_id} and {b.doc_id} (natural-language-inference model)",
            evidence=[_evidence(a, ctx, a.text), _evidence(b, ctx, b.text)],
            group_id=group_of.get(a.id) or group_of.get(b.id),
            explanation=f"The cross-encoder {getattr(nli, 'name', 'model')!r} gives P(contradiction) = {p:.2f} "
                        "for these two claims; no slot comparator typed the conflict.",
            detector="nli",
        ))
    return out
