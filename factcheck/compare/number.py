"""Number: two linked claims give incompatible figures for the same thing (units converted first).

Two ways to find one: pairwise over linked claims (``_number``, the default detector) or over the rows
of the fact table (``RULE``, with ``Config(detector="facts")``): one question about a figure, incompatible answers.
"""

from __future__ import annotations

from factcheck.compare._common import Context
from factcheck.compare.rows import RowRule
from factcheck.models import Claim, Fact, Kind, Severity
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


# ------------------------------------------------------------------ the fact-table detector (Config.detector)
# What is counted when a figure is the toll of the event.
_TOLL = frozenset({"person", "people", "death", "victim", "body", "casualty", "fatality", "dead", "life", "child",
                   "man", "woman", "injury", "wounded", "hostage", "passenger"})
_TOLL_VERBS = frozenset({"kill", "injure", "rescue", "arrest", "evacuate", "missing"})


def severity(f: Fact) -> Severity:
    """The toll of the main event is high; its other figures medium; background figures low."""
    if f.event != "main" or f.role.startswith("total:"):
        return Severity.low
    if f.role.startswith("count:"):
        counted, verb = f.role[6:], f.subject.partition("|")[0]
        if counted in _TOLL and verb in _TOLL_VERBS:
            return Severity.high
    return Severity.medium


RULE = RowRule(kind=Kind.number, severity=severity, noun="figures")
