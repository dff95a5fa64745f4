"""Number: two linked claims give incompatible figures for the same thing (units converted first)."""

from __future__ import annotations

from factcheck.compare._common import Context
from factcheck.models import Claim
from factcheck.slots import quantities as quantity_slot


def _number(a: Claim, b: Claim, cos: float, ctx: Context):
    if cos < 0.5:
        return None
    for x in a.quantities:
        for y in b.quantities:
            if x.ordinal or y.ordinal:
                continue
            # When a story gives many different figures in one unit (a game's yards, a budget's dollars), the
            # unit no longer says which question a figure answers: only near-identical statements about the same
            # event are compared then.
            if ctx.distinct_values(x) >= ctx.config.number_ambiguous_values and cos < ctx.config.number_ambiguous_cosine:
                continue
            if quantity_slot.compatible(x, y, rel_tol=ctx.config.number_rel_tol) is False:
                return x.text, y.text, x, y
    return None
