"""Negation: one claim rules out what a linked claim affirms (the same place, or the same statement)."""

from __future__ import annotations

import re

from factcheck.compare._common import Context, _anchors, _event_places, _pred
from factcheck.models import Claim


def _negation(a: Claim, b: Claim, cos: float, ctx: Context):
    if a.negated == b.negated or "denied" in (a.modality, b.modality) or cos < 0.4:
        return None
    neg, pos = (a, b) if a.negated else (b, a)
    # Only when both speak of the same place for the same event, or state the same predicate of the same
    # subject: a negation about something else is another fact.
    shared = {p.entity_id for p in neg.places for q in _event_places(pos)
              if p.entity_id == q.entity_id and _anchors(neg, p) & _anchors(pos, q)}
    if not shared:
        # "has not left since 2019" bounds the negation in time: it does not deny "left on Sunday"
        bounded = re.search(r"\b(since|until|till|before|after|yet)\b", neg.text, re.IGNORECASE)
        same_statement = (cos >= 0.6 and _pred(neg) == _pred(pos) and _pred(neg) not in ("be", "have", None)
                          and neg.subject is not None and neg.subject == pos.subject and not bounded)
        if not same_statement:
            return None
        cue = neg.negation_cue.text if neg.negation_cue else "not"
        out = (f"not ({cue}) {neg.predicate}", f"{pos.modality}: {pos.predicate}", neg.negation_cue, None)
        return out if neg is a else (out[1], out[0], out[3], out[2])
    place = next(p for p in neg.places if p.entity_id in shared)
    cue = neg.negation_cue.text if neg.negation_cue else "not"
    vals = (f"not ({cue}) {place.canonical}", f"{pos.modality}: {place.canonical}")
    out = (vals[0], vals[1], neg.negation_cue, next(p for p in pos.places if p.entity_id in shared))
    return out if neg is a else (out[1], out[0], out[3], out[2])
