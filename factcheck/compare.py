"""Stage 6: claim groups -> discrepancies (and omissions), by comparing slots inside each group.

Every comparator is a plain function ``(members, ctx) -> list[_Finding]`` over the claims of one group; a group
member is compared with members of *other* documents (a cross-outlet discrepancy) and with members of its own
document (an internal contradiction, reported with ``internal=True``). Quotes are compared across the whole
story by speaker, since two versions of one remark need not sit in sentences that align as a whole.

What is *not* a conflict is as important as what is: a city inside its region or country, "Sunday" vs "Sunday
afternoon", "more than four years" vs "4.4 years", spelling variants of one name (canonical entity ids make them
equal before any comparison runs), a shorter excerpt of the same quote.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from factcheck.config import Config
from factcheck.models import Claim, Discrepancy, Evidence, Group, Kind, Mention, Severity, Uncorroborated
from factcheck.slots import attribution as attribution_slot
from factcheck.slots import names
from factcheck.slots import places as place_slot
from factcheck.slots import quantities as quantity_slot
from factcheck.slots import times as time_slot

__all__ = ["compare", "Context"]

_REPORTING_BEFORE = re.compile(
    r"\b(said|says|reported|reports|announced|told(?: [\w ]{1,30})?|added|confirmed|stated)\s*(?:on\s+)?$",
    re.IGNORECASE,
)
# Reduplications that are idiomatic, not garbled ("more and more", "again and again").
_IDIOMATIC_REPEATS = {"more", "again", "over", "on", "round", "through", "by", "less", "further", "time", "back",
                      "out", "up", "down", "around", "closer", "worse", "better", "faster", "higher", "lower"}
_REPEAT = re.compile(r"\b(\w+(?:[ -]\w+){0,3}) (and|or) \1\b", re.IGNORECASE)


@dataclass
class Context:
    config: Config
    claims: dict[str, Claim]
    documents: dict[str, str]  # doc id -> original text
    containment: set[tuple[str, str]] = field(default_factory=set)  # (inner entity id, outer entity id)
    quote_emb: dict[tuple[str, int], np.ndarray] = field(default_factory=dict)


@dataclass
class _Finding:
    kind: Kind
    severity: Severity
    confidence: float
    summary: str
    evidence: list[Evidence]
    group_id: str | None = None
    explanation: str = ""
    diff: str | None = None


def _evidence(c: Claim, ctx: Context, value: str | None, focus: Mention | None = None) -> Evidence:
    text = ctx.documents[c.doc_id]
    return Evidence(doc_id=c.doc_id, start=c.sentence_start, end=c.sentence_end,
                    text=text[c.sentence_start : c.sentence_end], value=value, claim_id=c.id,
                    focus=Mention(start=focus.start, end=focus.end, text=focus.text) if focus else None)


def _pairs(members: Sequence[Claim]):
    for i, a in enumerate(members):
        for b in members[i + 1 :]:
            if a.doc_id == b.doc_id and a.sentence_index == b.sentence_index:
                continue
            yield a, b


def _hedged(c: Claim) -> bool:
    return c.modality in ("hedged", "conditional")


def _downgrade(sev: Severity, *claims: Claim) -> Severity:
    if any(_hedged(c) for c in claims):
        return {Severity.high: Severity.medium, Severity.medium: Severity.low}.get(sev, sev)
    return sev


# ------------------------------------------------------------------------------------------------- comparators


def _event_places(c: Claim):
    return [p for p in c.places if p.role in ("at", "destination", None) and not names.is_country(p.canonical or p.text)]


def _places_agree(x, y, ctx: Context) -> bool:
    if x.entity_id == y.entity_id:
        return True
    return (x.entity_id, y.entity_id) in ctx.containment or (y.entity_id, x.entity_id) in ctx.containment


def _location(members: Sequence[Claim], ctx: Context) -> list[tuple[Claim, Claim, str, str, Mention, Mention]]:
    out = []
    for a, b in _pairs(members):
        if a.negated != b.negated:
            continue  # a negated place is the negation comparator's business
        pa, pb = _event_places(a), _event_places(b)
        if not pa or not pb:
            continue
        if any(_places_agree(x, y, ctx) for x in pa for y in pb):
            continue
        out.append((a, b, pa[0].canonical or pa[0].text, pb[0].canonical or pb[0].text, pa[0], pb[0]))
    return out


def _event_times(c: Claim):
    out = []
    for t in c.times:
        if t.start_date is None or t.granularity not in ("day", "part_of_day", "minute"):
            continue
        before = ctx_text = c.text[: max(0, t.start - c.start)]
        if _REPORTING_BEFORE.search(before):
            continue  # "said Tuesday" dates the report, not the event
        del ctx_text
        out.append(t)
    return out


def _time(members: Sequence[Claim], ctx: Context):
    out = []
    for a, b in _pairs(members):
        ta, tb = _event_times(a), _event_times(b)
        if not ta or not tb:
            continue
        verdicts = [time_slot.same_time(x, y) for x in ta for y in tb]
        if any(v is True for v in verdicts) or not any(v is False for v in verdicts):
            continue
        out.append((a, b, ta[0].text, tb[0].text, ta[0], tb[0]))
    return out


def _number(members: Sequence[Claim], ctx: Context):
    out = []
    for a, b in _pairs(members):
        for x in a.quantities:
            for y in b.quantities:
                if x.ordinal or y.ordinal:
                    continue
                if quantity_slot.compatible(x, y, rel_tol=ctx.config.number_rel_tol) is False:
                    out.append((a, b, x.text, y.text, x, y))
    return out


def _negation(members: Sequence[Claim], ctx: Context):
    out = []
    for a, b in _pairs(members):
        if a.negated == b.negated or a.modality == "denied" or b.modality == "denied":
            continue
        neg, pos = (a, b) if a.negated else (b, a)
        # Only when both speak of the same place or entity: a negation about something else is another fact.
        shared = ({p.entity_id for p in neg.places} & {p.entity_id for p in pos.places})
        if not shared:
            continue
        out.append((neg, pos, f"not ({neg.negation_cue.text if neg.negation_cue else 'negated'})", "affirmed",
                    neg.negation_cue, None))
    return out


def _modality(members: Sequence[Claim], ctx: Context):
    out = []
    for a, b in _pairs(members):
        if a.doc_id == b.doc_id:
            continue
        kinds = {a.modality, b.modality}
        if kinds == {"asserted", "hedged"} or kinds == {"asserted", "conditional"}:
            fact, hedge = (a, b) if a.modality == "asserted" else (b, a)
            if fact.negated or hedge.negated:
                continue
            out.append((fact, hedge, "stated as fact", f"{hedge.modality} ({hedge.modality_cue.text if hedge.modality_cue else ''})".strip(),
                        None, hedge.modality_cue))
    return out


_PAIRWISE: tuple[tuple[Kind, Severity, Callable, str], ...] = (
    (Kind.location, Severity.high, _location, "different place for the same event"),
    (Kind.time, Severity.medium, _time, "different time for the same event"),
    (Kind.number, Severity.medium, _number, "different figures for the same thing"),
    (Kind.negation, Severity.medium, _negation, "one outlet affirms what another denies"),
    (Kind.modality, Severity.medium, _modality, "stated as fact by one outlet, as speculation by another"),
)


def _group_findings(group: Group, ctx: Context) -> list[_Finding]:
    members = [ctx.claims[i] for i in group.claim_ids]
    findings: list[_Finding] = []
    for kind, base, fn, what in _PAIRWISE:
        hits = fn(members, ctx)
        if not hits:
            continue
        cross = [h for h in hits if h[0].doc_id != h[1].doc_id]
        internal = [h for h in hits if h[0].doc_id == h[1].doc_id]
        for subset, is_internal in ((cross, False), (internal, True)):
            if not subset:
                continue
            seen: dict[str, Evidence] = {}
            values = []
            for a, b, va, vb, fa, fb in subset:
                for c, v, f in ((a, va, fa), (b, vb, fb)):
                    if c.id not in seen:
                        seen[c.id] = _evidence(c, ctx, v, f)
                        values.append((c.doc_id, v))
            sev = _downgrade(base, *(h[0] for h in subset), *(h[1] for h in subset))
            docs = sorted({d for d, _ in values})
            shown = "; ".join(f"{d}: {v}" for d, v in _unique(values))
            summary = (f"{kind.value.capitalize()}: {'article ' + docs[0] + ' contradicts itself' if is_internal else what}"
                       f" ({shown})")
            findings.append(_Finding(kind=kind, severity=sev, confidence=0.7 if not is_internal else 0.65,
                                     summary=summary, evidence=list(seen.values()), group_id=group.id,
                                     explanation=f"{what}; compared inside claim group {group.id}."))
            findings[-1].internal = is_internal  # type: ignore[attr-defined]
    return findings


def _unique(values):
    seen = set()
    for v in values:
        if v not in seen:
            seen.add(v)
            yield v


# ------------------------------------------------------------------------------------------------- single claims


def _garbled(claim: Claim, ctx: Context) -> list[_Finding]:
    out = []
    for m in _REPEAT.finditer(claim.text):
        first = m.group(1).lower()
        if first.split()[-1] in _IDIOMATIC_REPEATS or first.endswith("er"):
            continue
        s = claim.start + m.start()
        focus = Mention(start=s, end=s + len(m.group(0)), text=m.group(0))
        out.append(_Finding(
            kind=Kind.garbled, severity=Severity.medium, confidence=0.8,
            summary=f"Garbled: duplicated conjunct {m.group(0)!r} in {claim.doc_id}",
            evidence=[_evidence(claim, ctx, m.group(0), focus)],
            explanation="The same words stand on both sides of a coordination, which usually means a word was lost.",
        ))
    if attribution_slot.is_doubled(claim.attribution):
        sources = " / ".join(s.text for s in claim.attribution.chain)
        out.append(_Finding(
            kind=Kind.attribution, severity=Severity.medium, confidence=0.7,
            summary=f"Attribution: doubled source in {claim.doc_id} ({sources})",
            evidence=[_evidence(claim, ctx, sources, claim.attribution.cue)],
            explanation="Two sources are credited side by side with no nesting, so it is unclear who said it.",
        ))
    return out


# ------------------------------------------------------------------------------------------------- quotes


def _words(text: str) -> list[str]:
    return re.findall(r"[\w’']+", text.lower().replace("’", "'"))


def _diff(a: str, b: str) -> str:
    import difflib

    wa, wb = a.split(), b.split()
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=wa, b=wb, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(" ".join(wa[i1:i2]))
        if op in ("delete", "replace"):
            out.append("[-" + " ".join(wa[i1:i2]) + "-]")
        if op in ("insert", "replace"):
            out.append("{+" + " ".join(wb[j1:j2]) + "+}")
    return " ".join(out)


def _quotes(claims: Sequence[Claim], ctx: Context, emb_of: Callable[[list[str]], np.ndarray]) -> list[_Finding]:
    quotes = []
    seen_spans = set()
    for c in claims:
        for q in c.quotes:
            if not q.speaker_id or len(_words(q.text)) < 2 or (c.doc_id, q.start) in seen_spans:
                continue
            seen_spans.add((c.doc_id, q.start))
            quotes.append((c, q))
    if len(quotes) < 2:
        return []
    emb = emb_of([q.text for _, q in quotes])
    sims = emb @ emb.T
    findings = []
    reported = set()
    for i, (ca, qa) in enumerate(quotes):
        for j in range(i + 1, len(quotes)):
            cb, qb = quotes[j]
            if ca.doc_id == cb.doc_id or qa.speaker_id != qb.speaker_id:
                continue
            if sims[i, j] < ctx.config.quote_align_threshold:
                continue
            wa, wb = _words(qa.text), _words(qb.text)
            ja, jb = " ".join(wa), " ".join(wb)
            if ja == jb or ja in jb or jb in ja:
                continue  # the same words, or one outlet quotes a shorter excerpt
            key = (min(qa.text, qb.text), max(qa.text, qb.text))
            if key in reported:
                continue
            reported.add(key)
            import difflib

            ratio = difflib.SequenceMatcher(a=wa, b=wb, autojunk=False).ratio()
            minor = ratio >= 0.85
            findings.append(_Finding(
                kind=Kind.quote, severity=Severity.low if minor else Severity.medium,
                confidence=round(float(min(0.95, 0.5 + sims[i, j] / 2)), 3),
                summary=f"Quote: {qa.speaker} is quoted in different words by {ca.doc_id} and {cb.doc_id}"
                        + (" (minor wording)" if minor else ""),
                evidence=[_evidence(ca, ctx, qa.text, qa), _evidence(cb, ctx, qb.text, qb)],
                explanation=f"Same speaker, similar remark (cosine {sims[i, j]:.2f}), different words.",
                diff=_diff(qa.text, qb.text),
            ))
    return findings


# ------------------------------------------------------------------------------------------------- omissions


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
            for e in c.entities:
                if e.label not in ("PERSON", "ORG") or e.entity_id in other_ids:
                    continue
                surname = e.canonical.split()[-1].lower() if e.canonical else e.text.lower()
                if any(surname in doc_text_lower[d] for d in other_docs):
                    continue
                out.append(Uncorroborated(
                    reason="omission", claim_id=c.id, doc_id=c.doc_id, start=c.sentence_start, end=c.sentence_end,
                    text=ctx.documents[c.doc_id][c.sentence_start : c.sentence_end], detail=e.canonical or e.text,
                    group_id=g.id, missing_from=tuple(other_docs),
                ))
    return out


# ------------------------------------------------------------------------------------------------- entry point


def compare(groups: Sequence[Group], ctx: Context, *, emb_of) -> tuple[list[Discrepancy], list[Uncorroborated]]:
    """Turn groups into discrepancies (with stable ids) and omissions."""
    findings: list[_Finding] = []
    for g in groups:
        findings.extend(_group_findings(g, ctx))
    for c in ctx.claims.values():
        findings.extend(_garbled(c, ctx))
    findings.extend(_quotes(list(ctx.claims.values()), ctx, emb_of))
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
            internal=getattr(f, "internal", False) or len({e.doc_id for e in f.evidence}) == 1, diff=f.diff,
        ))
    return out, _omissions(groups, ctx)
