"""What every comparator shares: the comparison :class:`Context`, the :class:`_Finding` a comparator returns,
evidence and hedging helpers, and the guards (participants, event places, anchors) that keep a comparison to
claims that tell one event.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from factcheck.config import Config
from factcheck.models import Claim, Evidence, Fact, Kind, Mention, Severity
from factcheck.slots.events import fold
from factcheck.slots import names


@dataclass
class Context:
    config: Config
    claims: dict[str, Claim]
    documents: dict[str, str]  # doc id -> original text
    containment: set[tuple[str, str]] = field(default_factory=set)  # (inner entity id, outer entity id)
    claim_emb: np.ndarray | None = None  # row i = unit embedding of the claim with index[claim id] == i
    index: dict[str, int] = field(default_factory=dict)
    guessed_dates: set[str] = field(default_factory=set)  # documents whose publication date is a guess
    facts: Sequence[Fact] = ()  # the fact table (factcheck/facts/): figures, times and places are compared there
    _values: dict[tuple, set[float]] | None = None

    def distinct_values(self, q) -> int:
        """How many different figures the story gives in this quantity's unit class (built once)."""
        if self._values is None:
            self._values = {}
            for c in self.claims.values():
                for x in c.quantities:
                    if not x.ordinal:
                        self._values.setdefault(_unit_class(x), set()).add(_rounded(x))
        return len(self._values.get(_unit_class(q), ()))


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
    internal: bool = False
    detector: str | None = None


def _evidence(c: Claim, ctx: Context, value: str | None, focus: Mention | None = None) -> Evidence:
    text = ctx.documents[c.doc_id]
    return Evidence(doc_id=c.doc_id, start=c.sentence_start, end=c.sentence_end,
                    text=text[c.sentence_start : c.sentence_end], value=value, claim_id=c.id,
                    focus=Mention(start=focus.start, end=focus.end, text=focus.text) if focus else None)


def _hedged(c: Claim) -> bool:
    return c.modality in ("hedged", "conditional")


def _lower(sev: Severity) -> Severity:
    """One step down: high -> medium -> low."""
    return {Severity.high: Severity.medium, Severity.medium: Severity.low}.get(sev, sev)


def _downgrade(sev: Severity, *claims: Claim) -> Severity:
    """One step down when any of the claims is hedged or conditional."""
    return _lower(sev) if any(_hedged(c) for c in claims) else sev


def _unit_class(q) -> tuple:
    return (q.dimension, q.counted if q.dimension == "count" else None, q.increment)


def _rounded(q) -> float:
    v = q.base_value if q.base_value is not None else q.value
    return float(f"{v:.2g}") if v else 0.0


# ------------------------------------------------------------------------------------------------- participants
# Guards keep a comparator to claims that tell the same event: a place, a time or a figure is only comparable
# when the rest of the claim agrees enough.

_PARTICIPANT_LABELS = {"PERSON", "ORG", "NORP"}
_OPEN = {"he", "she", "it", "they", "who", "which", "that", "this", "there", "what"}


_PARTICIPANTS: dict[int, tuple[Claim, frozenset[str]]] = {}  # id(claim) -> (claim, participants), a memo


def _participants(c: Claim) -> frozenset[str]:
    """Who the claim is about: named people and bodies, and its subject and object (metonyms like a capital).

    The outlet or agency credited with the claim is not a participant (a person who said it may well be).
    """
    hit = _PARTICIPANTS.get(id(c))
    if hit is not None and hit[0] is c:
        return hit[1]
    parts = frozenset(_participants_of(c))
    if len(_PARTICIPANTS) > 200_000:
        _PARTICIPANTS.clear()
    _PARTICIPANTS[id(c)] = (c, parts)
    return parts


def _participants_of(c: Claim) -> set[str]:
    outer = c.attribution.chain[:1]
    ids = {e.entity_id for e in c.entities if e.label in _PARTICIPANT_LABELS and e.entity_id
           and not (e.label == "ORG" and any(s.start <= e.start < s.end for s in outer))}
    ids |= {x for x in (c.subject, c.obj) if x and x not in _OPEN}
    return ids


def _pred(c: Claim) -> str | None:
    return fold(c.predicate)


def _named(c: Claim) -> bool:
    return any(e.label in ("PERSON", "ORG") for e in c.entities) or bool(c.subject and c.subject not in _OPEN)


def _compatible_participants(a: Claim, b: Claim) -> bool:
    """A shared participant, or one side names nobody ("the two leaders are likely to meet ...")."""
    return bool(_participants(a) & _participants(b)) or not _named(a) or not _named(b)


def _same_event(a: Claim, b: Claim, cos: float, floor: float) -> bool:
    """Two claims tell one event: close in meaning, a shared participant, and the same predicate unless very close."""
    if cos < floor or not (_participants(a) & _participants(b)):
        return False
    return (bool(a.predicate) and _pred(a) == _pred(b)) or cos >= floor + 0.15


@functools.lru_cache(maxsize=65536)
def _coarse_name(text: str) -> bool:
    return names.is_coarse_place(text)


def _coarse(c: Claim, p) -> bool:
    """Countries, regions and areas: too coarse to contradict a city or a site without explicit containment."""
    if _coarse_name((p.canonical or p.text).lower()):
        return True
    return any(e.entity_id == p.entity_id and e.label == "LOC" for e in c.entities)


def _event_places(c: Claim):
    return [p for p in c.places if p.role in ("at", "destination") and not _coarse(c, p)]


def _anchors(c: Claim, slot) -> set[str]:
    """The events a slot may belong to: its own anchor and, when the parse hangs it elsewhere, the claim's."""
    return {a for a in (slot.anchor, fold(c.predicate)) if a and a not in ("be", "have")}
