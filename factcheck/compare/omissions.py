"""Omissions: a named person or body, or a list item, that one outlet gives and the others leave out."""

from __future__ import annotations

import re
from collections.abc import Sequence

from factcheck.compare._common import Context, _participants, _pred
from factcheck.models import Claim, Group, Mention, Uncorroborated


def _omissions(groups: Sequence[Group], ctx: Context) -> list[Uncorroborated]:
    out = []
    doc_text_lower = {k: v.lower() for k, v in ctx.documents.items()}
    for g in groups:
        if len(g.doc_ids) < 2:
            continue
        members = [ctx.claims[i] for i in g.claim_ids]
        for c in members:
            others = [m for m in members if m.doc_id != c.doc_id]
            other_docs = sorted({m.doc_id for m in others})
            other_ids = {e.entity_id for m in others for e in m.entities}
            # the outlet or agency that reported it is not a detail of the fact (an inner source, such as
            # the official who said it, is)
            sources = [(s.start, s.end) for s in c.attribution.chain[:1]]
            for e in c.entities:
                if e.label not in ("PERSON", "ORG") or e.entity_id in other_ids:
                    continue
                if any(s <= e.start < end for s, end in sources) or re.search(r"\w-[A-Z]", e.text):
                    continue  # who reported it is not a detail of the fact; "X-Y talks" is a compound
                surname = e.canonical.split()[-1].lower() if e.canonical else e.text.lower()
                if any(surname in doc_text_lower[d] for d in other_docs):
                    continue
                out.append(Uncorroborated(
                    reason="omission", claim_id=c.id, doc_id=c.doc_id, start=c.sentence_start, end=c.sentence_end,
                    text=ctx.documents[c.doc_id][c.sentence_start : c.sentence_end], detail=e.canonical or e.text,
                    group_id=g.id, missing_from=tuple(other_docs),
                ))
    return out


def _list_omissions(links: Sequence[tuple[str, str, float]], ctx: Context) -> list[Uncorroborated]:
    """A list item one outlet gives that another outlet's version of the same statement leaves out.

    Only for close versions (cosine >= 0.65, same predicate or participant), and only when the item's head word
    appears nowhere in the other article, so a detail told elsewhere in it is not called missing.
    """
    lower = {k: v.lower() for k, v in ctx.documents.items()}
    missing: dict[tuple[str, int], tuple[Claim, Mention, set[str]]] = {}
    for ida, idb, cos in links:
        a, b = ctx.claims[ida], ctx.claims[idb]
        if a.doc_id == b.doc_id or cos < 0.65 or not (_pred(a) == _pred(b) or _participants(a) & _participants(b)):
            continue
        for x, y in ((a, b), (b, a)):
            if not x.items or not y.items:
                continue  # only lists against lists: a statement without a list is not a shorter list
            for item in x.items:
                head = item.text.split()[-1].lower()
                if not re.search(rf"\b{re.escape(head.rstrip('s'))}", lower[y.doc_id]):
                    missing.setdefault((x.id, item.start), (x, item, set()))[2].add(y.doc_id)
    out = []
    for (cid, _), (c, item, docs) in sorted(missing.items()):
        out.append(Uncorroborated(reason="omission", claim_id=c.id, doc_id=c.doc_id, start=c.sentence_start,
                                  end=c.sentence_end, text=ctx.documents[c.doc_id][c.sentence_start : c.sentence_end],
                                  detail=item.text, missing_from=tuple(sorted(docs))))
    return out
