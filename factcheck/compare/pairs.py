"""Pairwise comparison of linked claims: the registry of pairwise comparators (:data:`PAIRWISE`, one per kind)
and :func:`_pair_findings`, which runs them on every link and merges hits of one kind that share a claim.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from factcheck.compare._common import Context, _downgrade, _evidence, _Finding, _hedged
from factcheck.compare.attribution import _attribution
from factcheck.compare.location import _location
from factcheck.compare.modality import _modality
from factcheck.compare.negation import _negation
from factcheck.compare.number import _number
from factcheck.compare.timing import _time
from factcheck.models import Claim, Evidence, Kind, Severity


# ------------------------------------------------------------------------------------------------- registry
# Each pairwise comparator takes two linked claims and their cosine, and returns None or
# (value_a, value_b, focus_a, focus_b). One entry per kind: (kind, base severity, comparator, what it finds);
# _pair_findings runs them in this order.
PAIRWISE: tuple[tuple[Kind, Severity, Callable, str], ...] = (
    (Kind.location, Severity.high, _location, "different place for the same event"),
    (Kind.time, Severity.medium, _time, "different time for the same event"),
    (Kind.number, Severity.medium, _number, "different figures for the same thing"),
    (Kind.negation, Severity.medium, _negation, "one outlet affirms what another rules out"),
    (Kind.modality, Severity.medium, _modality, "stated as fact by one outlet, as speculation by another"),
    (Kind.attribution, Severity.low, _attribution, "credited to unnamed experts by one outlet, to others by another"),
)
# Kinds whose pairwise hits are shown as one discrepancy per connected set of claims rather than per value pair.
_MERGE_BY_CLAIMS = {Kind.modality, Kind.attribution}


def _pair_findings(links: Sequence[tuple[str, str, float]], ctx: Context, group_of: dict[str, str],
                   skip: frozenset[Kind] = frozenset()) -> list[_Finding]:
    """Run every pairwise comparator (but those of the kinds in ``skip``) on every linked pair; merge hits of one
    kind that share a claim."""
    hits: dict[tuple[Kind, bool], list[tuple[Claim, Claim, tuple]]] = {}
    for ida, idb, cos in links:
        a, b = ctx.claims[ida], ctx.claims[idb]
        if a.doc_id == b.doc_id and a.sentence_index == b.sentence_index:
            continue
        for kind, _, fn, _ in PAIRWISE:
            if kind in skip:
                continue
            r = fn(a, b, cos, ctx)
            if r is not None:
                hits.setdefault((kind, a.doc_id == b.doc_id), []).append((a, b, r))
    findings = []
    for (kind, internal), items in sorted(hits.items(), key=lambda kv: (kv[0][0].value, kv[0][1])):
        base, what = next((sev, w) for k, sev, _, w in PAIRWISE if k == kind)
        # connected sets of pairs (through shared claims) become one discrepancy each
        parent: dict[str, str] = {}

        def find(x: str) -> str:
            parent.setdefault(x, x)
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        # one discrepancy per pair of conflicting values, collecting every claim that states either value
        def vkey(item) -> tuple:
            if kind in _MERGE_BY_CLAIMS:
                return (kind,)
            return (kind, tuple(sorted((item[2][0].lower(), item[2][1].lower()))))

        for item in items:
            if kind in _MERGE_BY_CLAIMS:
                parent[find(item[0].id)] = find(item[1].id)
            else:
                parent[find(f"{item[0].id}|{vkey(item)}")] = find(f"{item[1].id}|{vkey(item)}")
                parent[find(f"{item[0].id}|{vkey(item)}")] = find(str(vkey(item)))
        clusters: dict[str, list] = {}
        for item in items:
            root = find(item[0].id) if kind in _MERGE_BY_CLAIMS else find(str(vkey(item)))
            clusters.setdefault(root, []).append(item)
        for members in clusters.values():
            seen: dict[str, Evidence] = {}
            values = []
            for a, b, (va, vb, fa, fb) in members:
                for c, v, f in ((a, va, fa), (b, vb, fb)):
                    if c.id not in seen:
                        seen[c.id] = _evidence(c, ctx, v, f)
                        values.append((c.doc_id, v))
            if internal and kind == Kind.location:
                # what other outlets say of either place, so the reader can see which one is right
                for a, b, (_, _, fa, fb) in members:
                    for place in (fa, fb):
                        for other in ctx.claims.values():
                            if other.doc_id == a.doc_id or other.id in seen or len(seen) >= 4:
                                continue
                            if any(p.entity_id == place.entity_id and p.role in ("at", "destination")
                                   for p in other.places):
                                # context, not a conflicting value: no value (it was "also: <place>", which leaked
                                # into baselines and finding(values=...)); the summary still names the place
                                seen[other.id] = _evidence(other, ctx, None)
                                values.append((other.doc_id, place.canonical or place.text))
                                break
            claims = [ctx.claims[cid] for cid in seen]
            sev = base if not all(_hedged(c) for c in claims) else _downgrade(base, *claims)
            docs = sorted({d for d, _ in values})
            shown = "; ".join(f"{d}: {v}" for d, v in _unique(values))
            lead = f"article {members[0][0].doc_id} contradicts itself" if internal else what
            gid = next((group_of[c] for c in seen if c in group_of), None)
            findings.append(_Finding(kind=kind, severity=sev, confidence=0.75 if not internal else 0.7,
                                     summary=f"{kind.value.capitalize()}: {lead} ({shown})",
                                     evidence=sorted(seen.values(), key=lambda e: (e.doc_id, e.start)),
                                     group_id=gid, explanation=f"{what}.", internal=internal))
    return findings


def _unique(values):
    seen = set()
    for v in values:
        if v not in seen:
            seen.add(v)
            yield v
