"""Disputed rows of the fact table -> discrepancies: at most one per row, all outlets on each side.

This is the only place figures, times and places are set against each other: two values meet only when they
answer the same question about the same event (factcheck/facts/). Each kind contributes its wording and its
severity rule (``number``, ``timing``, ``location``); this module does what they share.

- **Sides.** A document is on a side when all its values in the row are in that answer group. A document giving
  two incompatible answers in one row is an internal contradiction; a cross-outlet discrepancy needs two
  documents each wholly on a different side.
- **Severity from the question**: the toll, the time and the place of the story's main event are high, other
  figures of the main event medium, anything about a background event low; hedged claims lower it one step.
- **Confidence from the row**: how many outlets stand on each side.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from factcheck.compare._common import Context, _downgrade, _Finding, _lower
from factcheck.models import Evidence, Fact, Kind, Severity

__all__ = ["RowRule", "disputes"]


@dataclass(frozen=True)
class RowRule:
    """What one kind of row needs: its severity for a question, and the noun used in a summary."""

    kind: Kind
    severity: Callable[[Fact], Severity]
    noun: str  # "figures", "times", "places"


def _sides(f: Fact) -> tuple[dict[int, list[str]], list[str]]:
    """Answer group -> documents giving an answer in it; documents giving answers in several groups.

    A document in two groups (an article contradicting itself) stands on both sides; a cross-outlet dispute
    still needs two different documents on two different sides.
    """
    groups_of: dict[str, set[int]] = defaultdict(set)
    for v in f.values:
        groups_of[v.doc_id].add(v.answer)
    sides: dict[int, list[str]] = defaultdict(list)
    for doc, gs in sorted(groups_of.items()):
        for g in gs:
            sides[g].append(doc)
    split = [doc for doc, gs in sorted(groups_of.items()) if len(gs) > 1]
    return sides, split


def _across(sides: dict[int, list[str]]) -> bool:
    """Two different documents on two different sides."""
    keys = list(sides)
    return any(x != y for i, a in enumerate(keys) for b in keys[i + 1:] for x in sides[a] for y in sides[b])


def _evidence(f: Fact, docs: Sequence[str], answers: set[int]) -> list[Evidence]:
    out, seen = [], set()
    for v in f.values:
        if v.doc_id in docs and v.answer in answers and (v.doc_id, v.answer) not in seen:
            seen.add((v.doc_id, v.answer))
            out.append(v.evidence)
    return out


def _confidence(sides: dict[int, list[str]]) -> float:
    """More outlets on each side, more confidence; one outlet against one is a coin toss."""
    counts = sorted((len(d) for d in sides.values()), reverse=True)
    if len(counts) < 2:
        return 0.3
    major, minor = counts[0], counts[1]
    return round(min(0.9, 0.35 + 0.08 * min(major, 5) + 0.06 * min(minor, 3)), 4)


def disputes(facts: Sequence[Fact], ctx: Context, rules: dict[Kind, RowRule]) -> list[_Finding]:
    """One finding per disputed row whose kind has a rule."""
    out: list[_Finding] = []
    for f in facts:
        rule = rules.get(f.kind)
        if f.status != "disputed" or rule is None:
            continue
        sides, split = _sides(f)
        sev = _downgrade(rule.severity(f), *(ctx.claims[v.evidence.claim_id] for v in f.values
                                             if v.evidence.claim_id in ctx.claims))
        if len(sides) >= 2 and _across(sides):
            keep = sorted(sides, key=lambda k: (-len(sides[k]), k))
            shown = " vs ".join(f"{f.answers[k]} ({', '.join(sides[k])})" for k in keep)
            evidence = [e for k in keep for e in _evidence(f, sides[k], {k})]
            # a side held only by articles that also give the other answer is weaker evidence
            only_split = any(set(sides[k]) <= set(split) for k in keep)
            out.append(_Finding(
                kind=f.kind, severity=sev, confidence=0.3 if only_split else _confidence(sides),
                summary=f"{f.question}: {shown}",
                evidence=evidence,
                explanation=(f"The outlets give different {rule.noun} for one question ({f.question}); "
                             f"{len(keep)} incompatible answers."),
            ))
        elif split and ctx.config.internal_row_disputes:
            doc = split[0]
            gs = sorted({v.answer for v in f.values if v.doc_id == doc})
            shown = " vs ".join(f.answers[k] for k in gs)
            out.append(_Finding(
                kind=f.kind, severity=_lower(sev), confidence=0.25,
                summary=f"{f.question}: article {doc} gives {shown}",
                evidence=_evidence(f, [doc], set(gs)),
                explanation=f"One article gives incompatible {rule.noun} for one question ({f.question}).",
                internal=True,
            ))
    return out
