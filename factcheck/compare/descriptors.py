"""Descriptors: two outlets rank the same named entity differently ("the largest city" / "the second-largest")."""

from __future__ import annotations

from factcheck.compare._common import Context, _evidence, _Finding
from factcheck.models import Claim, Kind, Severity


def _descriptors(ctx: Context) -> list[_Finding]:
    """Two outlets rank the same named entity differently in a description ("the largest city" / "the
    second-largest city"; "the easternmost city" / "the city closest to the border").

    Story-wide rather than per link: a description is a fact about the entity, whatever clause it sits in.
    One finding per pair of outlets; a place's description is a location finding, anything else an entity one.
    """
    by_entity: dict[str, dict[str, dict[int, tuple[Claim, object]]]] = {}
    for c in ctx.claims.values():
        for d in c.descriptors:
            if d.entity_id:
                by_entity.setdefault(d.entity_id, {}).setdefault(c.doc_id, {}).setdefault(d.start, (c, d))
    out = []
    for eid, per_doc in sorted(by_entity.items()):
        variants: dict[frozenset[str], list[tuple[str, Claim, object]]] = {}
        for doc, told in sorted(per_doc.items()):
            first_claim, first = next(iter(told.values()))
            ranks = frozenset(r for _, d in told.values() for r in d.ranks)
            variants.setdefault(ranks, []).append((doc, first_claim, first))
        if len(variants) < 2:
            continue
        ordered = sorted(variants.items(), key=lambda kv: (-len(kv[1]), sorted(kv[0])))
        consensus_ranks, consensus = ordered[0]
        for ranks, told in ordered[1:]:
            doc, c, d = told[0]
            place = any(p.entity_id == eid for x in (c, consensus[0][1]) for p in x.places)
            only_a, only_b = sorted(ranks - consensus_ranks), sorted(consensus_ranks - ranks)
            _, cc, cd = consensus[0]
            out.append(_Finding(
                kind=Kind.location if place else Kind.entity, severity=Severity.low, confidence=0.6,
                summary=f"Description: {', '.join(t[0] for t in told)} call{'s' if len(told) == 1 else ''} "
                        f"{d.name.text} \"{d.text}\"; {len(consensus)} other outlet(s) \"{cd.text}\"",
                evidence=[_evidence(x, ctx, y.text, y) for _, x, y in told + consensus],
                explanation="The outlets rank the same " + ("place" if place else "entity") + " differently: "
                            + "; ".join(f"only {who} say {', '.join(w)}" for who, w in
                                        ((", ".join(t[0] for t in told), only_a), ("the others", only_b)) if w)
                            + ".",
            ))
    return out
