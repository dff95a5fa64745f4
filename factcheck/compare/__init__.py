"""Stage 6: claim groups -> discrepancies (and omissions), by comparing slots inside each group.

Every comparator is a plain function ``(members, ctx) -> list[_Finding]`` over the claims of one group; a group
member is compared with members of *other* documents (a cross-outlet discrepancy) and with members of its own
document (an internal contradiction, reported with ``internal=True``). Quotes are compared across the whole
story by speaker, since two versions of one remark need not sit in sentences that align as a whole.

What is *not* a conflict is as important as what is: a city inside its region or country, "Sunday" vs "Sunday
afternoon", "more than four years" vs "4.4 years", spelling variants of one name (canonical entity ids make them
equal before any comparison runs), a shorter excerpt of the same quote.

Layout: one module per kind of comparison, and this module runs them all (:func:`compare`).

- ``_common``: :class:`Context`, the ``_Finding`` a comparator returns, evidence and hedging helpers, and the
  participant/place guards every comparator uses.
- ``pairs``: the registry of pairwise comparators (``PAIRWISE``: kind, base severity, function, description) and
  ``_pair_findings``, which runs each on every linked pair. One module per pairwise kind: ``location``,
  ``timing``, ``number``, ``negation``, ``modality``, ``attribution``. A new pairwise comparator is a function
  ``(a, b, cos, ctx) -> None | (value_a, value_b, focus_a, focus_b)`` in its own module, listed in ``PAIRWISE``.
- ``rows``: the fact-table detector (``Config(detector="facts")``): one finding per disputed row of
  ``Report.facts`` (factcheck/facts/); ``number``, ``timing`` and ``location`` each give it their ``RULE``
  (severity from the question), listed in ``ROW_RULES``, and their pairwise comparators are then skipped.
- Story-wide and single-claim comparisons: ``quotes``, ``garbled``, ``descriptors``, ``transfers``.
- ``omissions`` (uncorroborated details) and ``nli`` (the optional cross-encoder hook).
"""

from __future__ import annotations

from collections.abc import Sequence

from factcheck.compare._common import Context, _Finding
from factcheck.compare.descriptors import _descriptors
from factcheck.compare.garbled import _garbled
from factcheck.compare.nli import _nli_findings
from factcheck.compare.omissions import _list_omissions, _omissions
from factcheck.compare.pairs import _pair_findings
from factcheck.compare import location, number, timing
from factcheck.compare.quotes import _quotes
from factcheck.compare.rows import disputes
from factcheck.compare.transfers import _mutual_transfers, _transfers
from factcheck.models import Discrepancy, Group, Uncorroborated

__all__ = ["compare", "Context", "ROW_RULES"]

# Kinds read off the fact table: a figure, a time or a place is only ever compared inside one row of it.
ROW_RULES = {r.kind: r for r in (number.RULE, timing.RULE, location.RULE)}


def compare(
    groups: Sequence[Group], links: Sequence[tuple[str, str, float]], ctx: Context, *, emb_of, nli=None
) -> tuple[list[Discrepancy], list[Uncorroborated]]:
    """Turn linked claim pairs into discrepancies (with stable ids), and groups into omissions.

    ``nli`` is the optional cross-encoder (:class:`factcheck.nli.NLIScorer`); it scores linked pairs that the
    comparators left unflagged.
    """
    group_of = {cid: g.id for g in groups for cid in g.claim_ids}
    if ctx.config.detector == "facts":  # figures, times and places only inside one row of the fact table
        findings: list[_Finding] = _pair_findings(links, ctx, group_of, skip=frozenset(ROW_RULES))
        findings.extend(disputes(ctx.facts, ctx, ROW_RULES))
    else:
        findings = _pair_findings(links, ctx, group_of)
    for c in ctx.claims.values():
        for f in _garbled(c, ctx):
            f.group_id = group_of.get(c.id)
            findings.append(f)
    findings.extend(_quotes(list(ctx.claims.values()), ctx, emb_of, links))
    findings.extend(_descriptors(ctx))
    findings.extend(_transfers(ctx))
    findings.extend(_mutual_transfers(ctx))
    if nli is not None:
        flagged = {frozenset((x.claim_id, y.claim_id)) for f in findings for x in f.evidence for y in f.evidence}
        findings.extend(_nli_findings(links, ctx, nli, flagged, group_of))
    if not ctx.config.calibrate:  # otherwise the pipeline filters on the calibrated confidence
        findings = [f for f in findings if f.confidence >= ctx.config.min_confidence]

    def order(f: _Finding):
        first = f.evidence[0]
        return (first.doc_id, first.start, f.kind.value, f.summary)

    findings.sort(key=order)
    out = []
    for k, f in enumerate(findings, 1):
        out.append(Discrepancy(
            id=f"d{k}", kind=f.kind, severity=f.severity, confidence=f.confidence, summary=f.summary,
            group_id=f.group_id, evidence=tuple(f.evidence), explanation=f.explanation,
            internal=f.internal or len({e.doc_id for e in f.evidence}) == 1, diff=f.diff, detector=f.detector,
        ))
    return out, _omissions(groups, ctx) + _list_omissions(links, ctx)
