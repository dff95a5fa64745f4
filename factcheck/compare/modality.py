"""Modality: one claim states as fact what a linked claim hedges or makes conditional."""

from __future__ import annotations

from factcheck.compare._common import Context, _event_places, _participants, _pred
from factcheck.models import Claim


def _when(t) -> tuple:
    return t.start_date, t.end_date, t.part_of_day, t.time_of_day


def _modality(a: Claim, b: Claim, cos: float, ctx: Context):
    """Stated as fact (plainly, or as a source's report) by one, hedged or made conditional by the other."""
    if cos < (0.6 if a.doc_id != b.doc_id else 0.7) or a.negated or b.negated:
        return None
    fact = {"asserted", "reported"}
    if not ((a.modality in fact and b.modality in ("hedged", "conditional"))
            or (b.modality in fact and a.modality in ("hedged", "conditional"))):
        return None
    same_pred = _pred(a) == _pred(b)
    if not (_participants(a) & _participants(b)) and not same_pred:
        return None
    if not same_pred and cos < 0.7:
        return None
    # "X could meet Y at the spaceport" against "X will meet Y this week": the hedge may be about the detail
    # only the hedged side gives (where, when), not about the event both tell.
    firm, loose = (a, b) if a.modality in fact else (b, a)
    if ({p.entity_id for p in _event_places(loose)} - {p.entity_id for p in _event_places(firm)}
            or {_when(t) for t in loose.times} - {_when(t) for t in firm.times}):
        return None

    def show(c: Claim) -> str:
        if c.modality in fact:
            return "stated as fact"
        return f"{c.modality} ({c.modality_cue.text})" if c.modality_cue else c.modality

    return show(a), show(b), a.modality_cue, b.modality_cue
