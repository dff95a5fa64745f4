"""Attribution: one outlet credits a claim to unnamed experts or observers, another to someone else."""

from __future__ import annotations

import re

from factcheck.compare._common import Context, _pred
from factcheck.models import Claim


def _opinion(src) -> bool:
    from factcheck.slots.cues import OPINION_HOLDERS

    words = re.findall(r"[a-z]+", src.text.lower())
    return bool(words) and (words[-1].rstrip("s") in OPINION_HOLDERS or words[-1] in OPINION_HOLDERS)


def _attribution(a: Claim, b: Claim, cos: float, ctx: Context):
    """One outlet credits a claim to unnamed experts or observers, another to someone else.

    Only this contrast is reported: different named sources for one fact are common and usually compatible
    (two agencies, a ministry and its spokesman), while "experts say" against a named source changes what
    the reader takes the claim to be.
    """
    if a.doc_id == b.doc_id or cos < 0.65 or _pred(a) != _pred(b) or not a.attribution.chain or not b.attribution.chain:
        return None
    sa, sb = a.attribution.chain[0], b.attribution.chain[0]
    if (sa.entity_id and sa.entity_id == sb.entity_id) or sa.text.lower() == sb.text.lower():
        return None
    if not (_opinion(sa) or _opinion(sb)):
        return None
    return sa.text, sb.text, sa, sb
