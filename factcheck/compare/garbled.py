"""Single claims: garbled sentences (a duplicated conjunct, two recipients of one transfer, a doubled source),
each shown with what other outlets say (:func:`_consensus`).
"""

from __future__ import annotations

import re

import numpy as np

from factcheck.compare._common import Context, _evidence, _Finding
from factcheck.models import Claim, Evidence, Kind, Severity


def _consensus(claim: Claim, ctx: Context, *, word: str | None = None, k: int = 2) -> list[Evidence]:
    """What other outlets say where ``claim`` is odd: their most similar claims (or those using ``word``)."""
    if ctx.claim_emb is None:
        return []
    by_row = ctx.__dict__.get("_by_row")
    if by_row is None:  # claims in embedding-row order, built once per comparison
        by_row = [None] * len(ctx.claim_emb)
        for c in ctx.claims.values():
            by_row[ctx.index[c.id]] = c
        ctx.__dict__["_by_row"] = by_row
    sims = ctx.claim_emb @ ctx.claim_emb[ctx.index[claim.id]]  # one product, not a Python loop over claims
    scored = []
    for row in np.nonzero(sims >= 0.45)[0].tolist():
        other = by_row[row]
        if other is None or other.doc_id == claim.doc_id:
            continue
        if word is not None:
            if not re.search(rf"\b{re.escape(word)}\b", other.text, re.IGNORECASE):
                continue
            if not re.search(rf"\b(and|or)\b[^,.;]{{0,40}}\b{re.escape(word)}\b", other.text, re.IGNORECASE):
                continue
        scored.append((float(sims[row]), other))
    scored.sort(key=lambda x: (-x[0], x[1].id))
    best_per_doc: dict[str, Claim] = {}
    for _, other in scored:
        best_per_doc.setdefault(other.doc_id, other)
    return [_evidence(o, ctx, "consensus") for o in list(best_per_doc.values())[:k]]


def _garbled(claim: Claim, ctx: Context) -> list[_Finding]:
    out = []
    for odd in claim.oddities:
        if odd.reason == "duplicated conjunct":
            summary = f"Garbled: duplicated conjunct {odd.text!r} in {claim.doc_id}"
            why = "The same words stand on both sides of a coordination, which usually means a word was lost."
            consensus = _consensus(claim, ctx, word=odd.key)
        else:
            summary = f"Garbled: {odd.key!r} has two different recipients in {claim.doc_id} ({odd.text!r})"
            why = "One transfer is given two recipients, so who supplies whom is scrambled."
            consensus = _consensus(claim, ctx)
        out.append(_Finding(kind=Kind.garbled, severity=Severity.medium, confidence=0.8, summary=summary,
                            evidence=[_evidence(claim, ctx, odd.text, odd), *consensus], explanation=why))
    if claim.attribution.doubled:
        sources = " / ".join(s.text for s in claim.attribution.chain)
        out.append(_Finding(
            kind=Kind.attribution, severity=Severity.medium, confidence=0.7,
            summary=f"Attribution: doubled source in {claim.doc_id} ({sources})",
            evidence=[_evidence(claim, ctx, sources, claim.attribution.cue), *_consensus(claim, ctx)],
            explanation="Two sources are credited side by side with no nesting, so it is unclear who said it.",
        ))
    return out
