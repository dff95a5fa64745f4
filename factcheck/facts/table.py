"""Claims -> the fact table: one row per question, every outlet's answer, answers grouped into compatible values.

A row's key is ``(event, role, subject)`` (factcheck/facts/keys.py). Inside a row, values are put into groups of
mutually compatible answers (factcheck/facts/answers.py), the most widely given answer first. A row is
*disputed* when it holds two or more groups, *agreed* when one group comes from two or more documents, and
*single_source* otherwise.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from factcheck.facts import answers as ans
from factcheck.facts import keys
from factcheck.models import Claim, Evidence, Fact, FactValue, Kind, Mention
from factcheck.slots.entities import _UnionFind

__all__ = ["AMBIGUOUS", "Entry", "build"]

AMBIGUOUS = "?"  # the owner of a row whose values may belong to any of several owners


@dataclass(frozen=True)
class Entry:
    """One value of one claim, keyed by its question (the working form of a :class:`FactValue`)."""

    key: keys.Key
    kind: Kind
    claim: Claim
    slot: object  # the Quantity, TimeRef or Place
    normalized: str


def _norm_number(q) -> str:
    v = q.base_value if q.base_value is not None else q.value
    up = "" if q.upper is None else f"-{q.upper:g}"
    return f"{v:g}{up} {q.unit or ''}".strip()


def _norm_time(t) -> str:
    parts = [t.start_date.isoformat() if t.start_date else "", t.part_of_day or "", t.time_of_day or ""]
    return " ".join(p for p in parts if p)


def _norm_place(p) -> str:
    return (p.canonical or p.text).lower()


def _entries(claims: Sequence[Claim]) -> list[Entry]:
    main = keys.main_date(claims)
    named = frozenset(e.entity_id for c in claims for e in c.entities if e.entity_id and e.label == "PERSON")
    out: list[Entry] = []
    for c in claims:
        event = keys.event_of(c, main)
        for q in c.quantities:
            k = keys.number_key(c, q, event, named)
            if k is not None:
                q2 = ans.as_age(q) if k.role == "age" else q
                out.append(Entry(k, Kind.number, c, q2, _norm_number(q2)))
        for t in c.times:
            k = keys.time_key(c, t, keys.time_event(t, main, event))
            if k is not None:
                out.append(Entry(k, Kind.time, c, t, _norm_time(t)))
        for p in c.places:
            k = keys.place_key(c, p, event)
            if k is not None:
                out.append(Entry(k, Kind.location, c, p, _norm_place(p)))
    return out


def _agree(kind: Kind, story: ans.Story) -> Callable[[Entry, Entry], bool | None]:
    if kind is Kind.number:
        return lambda a, b: ans.numbers_agree(a.slot, b.slot, story)
    if kind is Kind.time:
        def times(a: Entry, b: Entry) -> bool | None:
            if a.key.event != "main" and ans.years_apart(a.slot, b.slot) > ans.BACKGROUND_NEAR_MISS_YEARS:
                return None  # earlier events years apart are two events, not one event misdated
            return ans.times_agree(a.slot, b.slot, story, a.claim.doc_id, b.claim.doc_id)
        return times
    return lambda a, b: ans.places_agree(a.slot, b.slot, story)


def _group(values: list[Entry], agree: Callable[[Entry, Entry], bool | None]) -> list[list[Entry]]:
    """Groups of mutually compatible values, the answer most documents give first."""
    support: dict[str, set[str]] = defaultdict(set)
    for v in values:
        support[v.normalized].add(v.claim.doc_id)
    order = sorted(values, key=lambda v: (-len(support[v.normalized]), v.claim.doc_id, v.claim.start))
    groups: list[list[Entry]] = []
    for v in order:
        for g in groups:
            if all(agree(v, m) is not False for m in g):
                g.append(v)
                break
        else:
            groups.append([v])
    return groups


def _display(subject: str, claims: Sequence[Claim]) -> str:
    for c in claims:
        for e in c.entities:
            if e.entity_id == subject:
                return e.canonical or e.text
    return subject


def _question(kind: Kind, event: str, role: str, subject: str, claims: Sequence[Claim]) -> str:
    scope = ""
    if role.startswith("total:"):
        scope, role = "running total: ", role[len("total:"):]
    if role.startswith("ago:"):
        scope, role = scope + "how long ago: ", role[len("ago:"):]
    head, _, owner = subject.partition("|")
    who = "" if not owner else (" (whose: not said)" if owner == AMBIGUOUS else f" ({_display(owner, claims)})")
    if role == "age":
        q = f"age of {_display(head or owner, claims)}"
    elif role.startswith("count:"):
        q = f"number of {role[6:]}" + (f" ({head})" if head else "") + who
    elif role == "time" and kind is Kind.time:
        q = f"when: {head}{who}"
    elif role == "time":
        q = "how long" + (f": {head}" if head else "") + who
    elif role.startswith("place:"):
        q = {"at": "where", "destination": "where to", "origin": "where from"}[role[6:]] + f": {head}{who}"
    else:
        q = f"{role}" + (f" of {head}" if head else "") + who
    if event != "main":
        q += f" [{event.replace(':', ' ')}]"
    return scope + q


def _evidence(e: Entry, documents: dict[str, str]) -> Evidence:
    c, s = e.claim, e.slot
    text = documents[c.doc_id]
    return Evidence(doc_id=c.doc_id, start=c.sentence_start, end=c.sentence_end,
                    text=text[c.sentence_start:c.sentence_end], value=s.text, claim_id=c.id,
                    focus=Mention(start=s.start, end=s.end, text=s.text))


def _clashing_first(groups: list[list[Entry]], k: int, agree) -> list[Entry]:
    """Group ``k``'s values, those that conflict with other groups first: a document's evidence for a side is
    its first value there, and it must be the value in dispute ("June 1999", not the "May 1984" of an earlier
    event that happens to share the group)."""
    others = [v for j, h in enumerate(groups) if j != k for v in h]
    g = groups[k]
    return sorted(g, key=lambda v: (-sum(agree(v, o) is False for o in others), g.index(v)))


def _answers(groups: list[list[Entry]], agree) -> tuple[str, ...]:
    """One display form per group: the member that conflicts with the other groups most ("Ioannina" against
    "Athens", not "Greece", which agrees with both), then the most widely given."""
    out = []
    for k, g in enumerate(groups):
        others = [v for j, h in enumerate(groups) if j != k for v in h]

        def clash(v: Entry) -> int:
            return sum(agree(v, o) is False for o in others)

        out.append(max(g, key=lambda v: (clash(v), -g.index(v))).slot.text)
    return tuple(out)


def _dedupe(entries: list[Entry]) -> list[Entry]:
    """One value per document and written form: a repeated sentence is one answer."""
    seen, out = set(), []
    for e in entries:
        if (e.claim.doc_id, e.normalized) not in seen:
            seen.add((e.claim.doc_id, e.normalized))
            out.append(e)
    return out


# A row mixes questions when this share of its documents (and at least two) each give answers in two
# incompatible groups; one such document alone is an article contradicting itself, and it is left out of the
# sides (factcheck/compare/rows.py). Chosen by reading the devset rows (2026-12-07), not fitted.
MIXED_SHARE = 0.34


def _split_doc(groups: list[list[Entry]]) -> bool:
    """Several documents give answers in two incompatible groups: the row mixes questions."""
    seen: dict[str, set[int]] = defaultdict(set)
    for k, g in enumerate(groups):
        for v in g:
            seen[v.claim.doc_id].add(k)
    split = sum(len(ks) > 1 for ks in seen.values())
    return split >= 2 or (split >= 1 and split / len(seen) > MIXED_SHARE)


def _owners_differ(groups: list[list[Entry]]) -> bool:
    """Two groups whose named owners differ: two people's ages, not one person's age told twice."""
    owners = [{v.key.owner for v in g if v.key.owner} for g in groups]
    return any(a and b and not (a & b) for i, a in enumerate(owners) for b in owners[i + 1:])


def _by_owner(entries: list[Entry]) -> dict[str, list[Entry]]:
    """Entries by owner; one whose owner is not said joins the only owner of the row, or a row of its own
    (:data:`AMBIGUOUS`) when the row has several: "fell 600 m" could then answer for either climber."""
    owners = sorted({e.key.owner for e in entries if e.key.owner})
    out: dict[str, list[Entry]] = defaultdict(list)
    for e in entries:
        owner = e.key.owner or (owners[0] if len(owners) == 1 else (AMBIGUOUS if owners else ""))
        out[owner].append(e)
    return out


def _rows(entries: list[Entry], agree, level: int = 0,
          owner: str = "") -> list[tuple[list[Entry], list[list[Entry]], str, str]]:
    """(values, answer groups, status, owner) per row, refining the key only where the row does not hold together.

    Level 0 is the coarsest key (no head where the head is optional), level 1 adds the head, level 2 the owner.
    """
    values = _dedupe(entries)
    groups = _group(values, agree)
    key = entries[0].key
    mixed = _split_doc(groups)
    needs = len(groups) > 1 and (mixed or (key.owners_split and _owners_differ(groups)))
    if needs and level == 0 and key.head_optional:
        parts: dict[str, list[Entry]] = defaultdict(list)
        for e in entries:
            parts[e.key.head].append(e)
        if len(parts) > 1:
            return [r for _, p in sorted(parts.items()) for r in _rows(p, agree, 1)]
        level = 1
    if needs and level < 2:
        by_owner = _by_owner(entries)
        if len(by_owner) > 1:
            return [r for o, p in sorted(by_owner.items()) for r in _rows(p, agree, 2, o)]
    status = "ambiguous" if mixed or owner == AMBIGUOUS else _status(values, groups)
    return [(values, groups, status, owner)]


def _status(values: list[Entry], groups: list[list[Entry]]) -> str:
    docs = {v.claim.doc_id for v in values}
    return "disputed" if len(groups) > 1 else ("agreed" if len(docs) > 1 else "single_source")


def _same_heads(entries: list[Entry], same_fact: Sequence[Sequence[str]]) -> list[Entry]:
    """Heads that name one event in other words ("foiled" and "thwarted" the attack) made one.

    Two heads are one when values of the same kind, event and role hang from them in claims that two outlets
    tell as the same fact (one claim group of the aligner). The key still needs the same role and event: the
    alignment only says which verbs are synonyms in this story, never which values to compare.
    """
    if not same_fact:
        return entries
    node = lambda e: (e.kind, e.key.event, e.key.role, e.key.head)  # noqa: E731
    heads = _UnionFind({node(e) for e in entries})
    group_of = {cid: k for k, g in enumerate(same_fact) for cid in g}
    members: dict[int, list[Entry]] = defaultdict(list)
    for e in entries:
        if e.claim.id in group_of and e.key.head:
            members[group_of[e.claim.id]].append(e)
    for es in members.values():
        for i, a in enumerate(es):
            for b in es[i + 1:]:
                if a.claim.doc_id != b.claim.doc_id and node(a)[:3] == node(b)[:3]:
                    heads.union(node(a), node(b))
    out = []
    for e in entries:
        head = heads.find(node(e))[3]
        out.append(e if head == e.key.head else Entry(replace(e.key, head=head), e.kind, e.claim, e.slot,
                                                        e.normalized))
    return out


def build(claims: Sequence[Claim], documents: dict[str, str], story: ans.Story, *,
          same_fact: Sequence[Sequence[str]] = ()) -> list[Fact]:
    """The fact table of a story's claims.

    Args:
        claims: every claim of the story (with slots in document coordinates).
        documents: document id -> original text (for evidence spans).
        story: what answers are read against (containment of places, guessed dates, tolerance).
        same_fact: claim ids the aligner grouped as one fact told by several outlets; only used to learn which
            event words are synonyms in this story (:func:`_same_heads`).

    Returns:
        Facts sorted by key; ids ``f1``, ``f2`` ... in that order.
    """
    buckets: dict[tuple, list[Entry]] = defaultdict(list)
    for e in _same_heads(_entries(claims), same_fact):
        buckets[(e.kind.value, *e.key.level(0))].append(e)
    facts: list[Fact] = []
    for (kind_value, *_), entries in sorted(buckets.items(), key=lambda kv: kv[0]):
        kind = Kind(kind_value)
        agree = _agree(kind, story)
        for values, groups, status, owner in _rows(entries, agree):
            first = values[0].key
            head = first.head if len({v.key.head for v in values}) == 1 else ""
            subject = f"{head}|{owner}"
            facts.append(Fact(
                id=f"f{len(facts) + 1}", kind=kind, event=first.event, role=first.role, subject=subject,
                question=_question(kind, first.event, first.role, subject, claims),
                values=tuple(FactValue(doc_id=v.claim.doc_id, value=v.slot.text, normalized=v.normalized,
                                       answer=k, evidence=_evidence(v, documents))
                             for k, g in enumerate(groups) for v in _clashing_first(groups, k, agree)),
                answers=_answers(groups, agree),
                status=status, outlets=tuple(sorted({v.claim.doc_id for v in values})),
            ))
    return facts
