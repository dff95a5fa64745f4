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

import difflib
import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from factcheck.config import Config
from factcheck.models import Claim, Discrepancy, Evidence, Group, Kind, Mention, Severity, Uncorroborated
from factcheck.slots import attribution as attribution_slot
from factcheck.slots.capitals import country_or_capital
from factcheck.slots.events import fold
from factcheck.slots import names
from factcheck.slots import places as place_slot
from factcheck.slots import quantities as quantity_slot
from factcheck.slots import times as time_slot

__all__ = ["compare", "Context"]

_REPORTING_BEFORE = re.compile(
    r"\b(said|says|reported|reports|announced|told(?: [\w ]{1,30})?|added|confirmed|stated)\s*(?:on\s+)?$",
    re.IGNORECASE,
)


@dataclass
class Context:
    config: Config
    claims: dict[str, Claim]
    documents: dict[str, str]  # doc id -> original text
    containment: set[tuple[str, str]] = field(default_factory=set)  # (inner entity id, outer entity id)
    claim_emb: np.ndarray | None = None  # row i = unit embedding of the claim with index[claim id] == i
    index: dict[str, int] = field(default_factory=dict)
    guessed_dates: set[str] = field(default_factory=set)  # documents whose publication date is a guess
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


def _downgrade(sev: Severity, *claims: Claim) -> Severity:
    if any(_hedged(c) for c in claims):
        return {Severity.high: Severity.medium, Severity.medium: Severity.low}.get(sev, sev)
    return sev


# ------------------------------------------------------------------------------------------------- comparators
# Each pairwise comparator takes two linked claims and their cosine, and returns None or
# (value_a, value_b, focus_a, focus_b). Guards keep a comparator to claims that tell the same event: a place, a
# time or a figure is only comparable when the rest of the claim agrees enough.

_PARTICIPANT_LABELS = {"PERSON", "ORG", "NORP"}


_REPORT_EVENT = "announce"  # events.fold() of every reporting verb
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
    return names.is_country(text) or any(w in names.PLACE_WORDS for w in text.split())


def _coarse(c: Claim, p) -> bool:
    """Countries, regions and areas: too coarse to contradict a city or a site without explicit containment."""
    if _coarse_name((p.canonical or p.text).lower()):
        return True
    return any(e.entity_id == p.entity_id and e.label == "LOC" for e in c.entities)


def _event_places(c: Claim):
    return [p for p in c.places if p.role in ("at", "destination") and not _coarse(c, p)]


def _places_agree(x, y, ctx: Context) -> bool:
    if x.entity_id == y.entity_id:
        return True
    if (x.entity_id, y.entity_id) in ctx.containment or (y.entity_id, x.entity_id) in ctx.containment:
        return True
    # "the Springfield space facility"-style names: a site named after a place lies in that place.
    nx, ny = (x.canonical or x.text).lower(), (y.canonical or y.text).lower()
    return nx.startswith(ny + " ") or ny.startswith(nx + " ")


def _anchors(c: Claim, slot) -> set[str]:
    """The events a slot may belong to: its own anchor and, when the parse hangs it elsewhere, the claim's."""
    return {a for a in (slot.anchor, fold(c.predicate)) if a and a not in ("be", "have")}


def _location(a: Claim, b: Claim, cos: float, ctx: Context):
    if a.negated or b.negated:
        return None
    # the same place as where one outlet says the travel started and where another says it is, or ended
    if cos >= 0.5 and (_participants(a) & _participants(b) or a.doc_id == b.doc_id):
        for x in a.places:
            for y in b.places:
                if x.entity_id != y.entity_id or not (_anchors(a, x) & _anchors(b, y)):
                    continue
                roles = {x.role, y.role}
                if "origin" in roles and roles & {"at", "destination"}:
                    show = {"origin": "from", "at": "in", "destination": "into"}
                    name = x.canonical or x.text
                    return f"{show[x.role]} {name}", f"{show[y.role]} {name}", x, y
    if cos < 0.45 or not _compatible_participants(a, b):
        return None
    if cos < 0.5 and not (_participants(a) & _participants(b)):
        return None  # nobody named on one side: only a close paraphrase tells the same event
    pa, pb = _event_places(a), _event_places(b)
    for x in pa:
        for y in pb:
            shared = _anchors(a, x) & _anchors(b, y)
            if not shared or _places_agree(x, y, ctx):
                continue
            # another place the two claims give for the same event may agree ("in Springfield, at the port")
            if any(_places_agree(x2, y2, ctx) for x2 in pa for y2 in pb
                   if _anchors(a, x2) & _anchors(b, y2) & shared):
                continue
            return x.canonical or x.text, y.canonical or y.text, x, y
    return None


def _event_times(c: Claim):
    out = []
    for t in c.times:
        if t.start_date is None or t.granularity not in ("day", "part_of_day", "minute"):
            continue
        if t.anchor == _REPORT_EVENT:
            continue  # "reported Tuesday" dates the report, not the event
        if _REPORTING_BEFORE.search(c.text[: max(0, t.start - c.start)]):
            continue  # "said Tuesday" dates the report, not the event
        out.append(t)
    return out


def _time(a: Claim, b: Claim, cos: float, ctx: Context):
    if cos < 0.45 or not (_participants(a) & _participants(b)):
        return None
    ta, tb = _event_times(a), _event_times(b)
    for x in ta:
        for y in tb:
            shared = _anchors(a, x) & _anchors(b, y)
            if not shared:
                continue
            verdicts = [time_slot.same_time(x2, y2) for x2 in ta for y2 in tb if _anchors(a, x2) & _anchors(b, y2) & shared]
            if any(v is True for v in verdicts):
                continue
            if x.relative and y.relative and x.text.lower() == y.text.lower():
                continue  # the same words ("today"): only the two publication dates differ, not the accounts
            if time_slot.same_time(x, y) is False and _decided_by_text(a, x, b, y, ctx):
                return x.text, y.text, x, y
    return None


_WEEKDAY = re.compile(r"\b(mon|tues|wednes|thurs|fri|satur|sun)day\b", re.IGNORECASE)


def _decided_by_text(a: Claim, x, b: Claim, y, ctx: Context) -> bool:
    """A conflict between two resolved times stands when no guessed publication date resolved either of them, or
    when the words alone conflict: two different weekdays, or the same weekday at different times of day."""
    if not ((x.relative and a.doc_id in ctx.guessed_dates) or (y.relative and b.doc_id in ctx.guessed_dates)):
        return True
    wx, wy = _WEEKDAY.search(x.text), _WEEKDAY.search(y.text)
    if not (wx and wy):
        return False
    if wx.group(1).lower() != wy.group(1).lower():
        return True
    # the same weekday: one day, whatever week the guess put it in; only the time of day can conflict
    return time_slot.same_time(x, y.model_copy(update={"start_date": x.start_date, "end_date": x.end_date})) is False


def _unit_class(q) -> tuple:
    return (q.dimension, q.counted if q.dimension == "count" else None, q.increment)


def _rounded(q) -> float:
    v = q.base_value if q.base_value is not None else q.value
    return float(f"{v:.2g}") if v else 0.0


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


def _negation(a: Claim, b: Claim, cos: float, ctx: Context):
    if a.negated == b.negated or "denied" in (a.modality, b.modality) or cos < 0.4:
        return None
    neg, pos = (a, b) if a.negated else (b, a)
    # Only when both speak of the same place for the same event, or state the same predicate of the same
    # subject: a negation about something else is another fact.
    shared = {p.entity_id for p in neg.places for q in _event_places(pos)
              if p.entity_id == q.entity_id and _anchors(neg, p) & _anchors(pos, q)}
    if not shared:
        # "has not left since 2019" bounds the negation in time: it does not deny "left on Sunday"
        bounded = re.search(r"\b(since|until|till|before|after|yet)\b", neg.text, re.IGNORECASE)
        same_statement = (cos >= 0.6 and _pred(neg) == _pred(pos) and _pred(neg) not in ("be", "have", None)
                          and neg.subject is not None and neg.subject == pos.subject and not bounded)
        if not same_statement:
            return None
        cue = neg.negation_cue.text if neg.negation_cue else "not"
        out = (f"not ({cue}) {neg.predicate}", f"{pos.modality}: {pos.predicate}", neg.negation_cue, None)
        return out if neg is a else (out[1], out[0], out[3], out[2])
    place = next(p for p in neg.places if p.entity_id in shared)
    cue = neg.negation_cue.text if neg.negation_cue else "not"
    vals = (f"not ({cue}) {place.canonical}", f"{pos.modality}: {place.canonical}")
    out = (vals[0], vals[1], neg.negation_cue, next(p for p in pos.places if p.entity_id in shared))
    return out if neg is a else (out[1], out[0], out[3], out[2])


def _when(t) -> tuple:
    return t.start_date, t.end_date, t.part_of_day, t.time_of_day


def _modality(a: Claim, b: Claim, cos: float, ctx: Context):
    """Stated as fact (plainly, or as a source's report) by one, hedged or made conditional by the other."""
    if cos < (0.6 if a.doc_id != b.doc_id else 0.7) or a.negated or b.negated:
        return None
    fact = {"asserted", "reported"}
    if not ((a.modality in fact and b.modality in ("hedged", "conditional"))
            or (b.modality in fact and a.modality in ("hedged", "conditional"))):
        return None
    same_pred = _pred(a) == _pred(b)
    if not (_participants(a) & _participants(b)) and not same_pred:
        return None
    if not same_pred and cos < 0.7:
        return None
    # "X could meet Y at the spaceport" against "X will meet Y this week": the hedge may be about the detail
    # only the hedged side gives (where, when), not about the event both tell.
    firm, loose = (a, b) if a.modality in fact else (b, a)
    if ({p.entity_id for p in _event_places(loose)} - {p.entity_id for p in _event_places(firm)}
            or {_when(t) for t in loose.times} - {_when(t) for t in firm.times}):
        return None

    def show(c: Claim) -> str:
        if c.modality in fact:
            return "stated as fact"
        return f"{c.modality} ({c.modality_cue.text})" if c.modality_cue else c.modality

    return show(a), show(b), a.modality_cue, b.modality_cue


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


_PAIRWISE: tuple[tuple[Kind, Severity, Callable, str], ...] = (
    (Kind.location, Severity.high, _location, "different place for the same event"),
    (Kind.time, Severity.medium, _time, "different time for the same event"),
    (Kind.number, Severity.medium, _number, "different figures for the same thing"),
    (Kind.negation, Severity.medium, _negation, "one outlet affirms what another rules out"),
    (Kind.modality, Severity.medium, _modality, "stated as fact by one outlet, as speculation by another"),
    (Kind.attribution, Severity.low, _attribution, "credited to unnamed experts by one outlet, to others by another"),
)
# Kinds whose pairwise hits are shown as one discrepancy per connected set of claims rather than per value pair.
_MERGE_BY_CLAIMS = {Kind.modality, Kind.attribution}


def _pair_findings(links: Sequence[tuple[str, str, float]], ctx: Context, group_of: dict[str, str]) -> list[_Finding]:
    """Run every pairwise comparator on every linked pair; merge hits of one kind that share a claim."""
    hits: dict[tuple[Kind, bool], list[tuple[Claim, Claim, tuple]]] = {}
    for ida, idb, cos in links:
        a, b = ctx.claims[ida], ctx.claims[idb]
        if a.doc_id == b.doc_id and a.sentence_index == b.sentence_index:
            continue
        for kind, _, fn, _ in _PAIRWISE:
            r = fn(a, b, cos, ctx)
            if r is not None:
                hits.setdefault((kind, a.doc_id == b.doc_id), []).append((a, b, r))
    findings = []
    for (kind, internal), items in sorted(hits.items(), key=lambda kv: (kv[0][0].value, kv[0][1])):
        base, what = next((sev, w) for k, sev, _, w in _PAIRWISE if k == kind)
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


# ------------------------------------------------------------------------------------------------- single claims


def _consensus(claim: Claim, ctx: Context, *, word: str | None = None, k: int = 2) -> list[Evidence]:
    """What other outlets say where ``claim`` is odd: their most similar claims (or those using ``word``)."""
    if ctx.claim_emb is None:
        return []
    by_row = ctx.__dict__.get("_by_row")
    if by_row is None:  # claims in embedding-row order, built once per comparison
        by_row = [None] * len(ctx.claim_emb)
        for c in ctx.claims.values():
            by_row[ctx.index[c.id]] = c
        ctx.__dict__["_by_row"] = by_row
    sims = ctx.claim_emb @ ctx.claim_emb[ctx.index[claim.id]]  # one product, not a Python loop over claims
    scored = []
    for row in np.nonzero(sims >= 0.45)[0].tolist():
        other = by_row[row]
        if other is None or other.doc_id == claim.doc_id:
            continue
        if word is not None:
            if not re.search(rf"\b{re.escape(word)}\b", other.text, re.IGNORECASE):
                continue
            if not re.search(rf"\b(and|or)\b[^,.;]{{0,40}}\b{re.escape(word)}\b", other.text, re.IGNORECASE):
                continue
        scored.append((float(sims[row]), other))
    scored.sort(key=lambda x: (-x[0], x[1].id))
    best_per_doc: dict[str, Claim] = {}
    for _, other in scored:
        best_per_doc.setdefault(other.doc_id, other)
    return [_evidence(o, ctx, "consensus") for o in list(best_per_doc.values())[:k]]


def _garbled(claim: Claim, ctx: Context) -> list[_Finding]:
    out = []
    for odd in claim.oddities:
        if odd.reason == "duplicated conjunct":
            summary = f"Garbled: duplicated conjunct {odd.text!r} in {claim.doc_id}"
            why = "The same words stand on both sides of a coordination, which usually means a word was lost."
            consensus = _consensus(claim, ctx, word=odd.key)
        else:
            summary = f"Garbled: {odd.key!r} has two different recipients in {claim.doc_id} ({odd.text!r})"
            why = "One transfer is given two recipients, so who supplies whom is scrambled."
            consensus = _consensus(claim, ctx)
        out.append(_Finding(kind=Kind.garbled, severity=Severity.medium, confidence=0.8, summary=summary,
                            evidence=[_evidence(claim, ctx, odd.text, odd), *consensus], explanation=why))
    if claim.attribution.doubled:
        sources = " / ".join(s.text for s in claim.attribution.chain)
        out.append(_Finding(
            kind=Kind.attribution, severity=Severity.medium, confidence=0.7,
            summary=f"Attribution: doubled source in {claim.doc_id} ({sources})",
            evidence=[_evidence(claim, ctx, sources, claim.attribution.cue), *_consensus(claim, ctx)],
            explanation="Two sources are credited side by side with no nesting, so it is unclear who said it.",
        ))
    return out


# ------------------------------------------------------------------------------------------------- quotes


def _words(text: str) -> list[str]:
    return re.findall(r"[\w’']+", text.lower().replace("’", "'"))


_STOP = frozenset("""a an the and or but of in on at to for with by from as is are was were be been being it its this
that these those we our us they their them he his she her i my you your not no do does did have has had will would
can could should may might must also very some any all both each two one""".split())


def _content(text: str) -> set[str]:
    """Ordinary (lower-case) content words of a quote, crudely singularised."""
    out = set()
    for w in re.findall(r"\b[a-z][a-z'’-]+\b", text):
        if w in _STOP:
            continue
        out.add(w[:-3] + "y" if w.endswith("ies") else w[:-1] if w.endswith("s") and not w.endswith("ss") else w)
    return out


def _excerpt(wa: list[str], wb: list[str]) -> bool:
    """The shorter quote's words appear in the longer one in order, in at most three runs: an excerpt that
    leaves words out ("we will pay a price ... and so will they"), not other words."""
    short, long_ = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    k, runs, prev = 0, 0, -2
    for i, w in enumerate(long_):
        if k < len(short) and w == short[k]:
            runs += i != prev + 1
            prev, k = i, k + 1
    return k == len(short) and runs <= 3


def _diff(a: str, b: str) -> str:
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


def _quotes(claims: Sequence[Claim], ctx: Context, emb_of: Callable[[list[str]], np.ndarray],
            links: Sequence[tuple[str, str, float]] = ()) -> list[_Finding]:
    quotes = []
    seen_spans = set()
    for c in claims:
        for q in c.quotes:
            if not q.direct or len(_words(q.text)) < 2 or (c.doc_id, q.start) in seen_spans:
                continue
            seen_spans.add((c.doc_id, q.start))
            quotes.append((c, q))
    if len(quotes) < 2:
        return []
    # The same quoted phrase in two outlets' versions of one statement, even when the speaker is named
    # differently or not at all ("would 'pay a price'" / "would 'pay the price'").
    pos = {(c.id, q.start): k for k, (c, q) in enumerate(quotes)}
    linked = []
    for ida, idb, cos in links or ():
        if cos < 0.6 or ctx.claims[ida].doc_id == ctx.claims[idb].doc_id:
            continue
        for qa in ctx.claims[ida].quotes:
            for qb in ctx.claims[idb].quotes:
                i, j = pos.get((ida, qa.start)), pos.get((idb, qb.start))
                if i is None or j is None:
                    continue
                if difflib.SequenceMatcher(a=_words(qa.text), b=_words(qb.text), autojunk=False).ratio() >= 0.5:
                    linked.append((min(i, j), max(i, j)))
    # Only quotes that can pair are embedded: those of a speaker quoted by two or more outlets, and those above.
    by_speaker: dict[str, list[int]] = {}
    for k, (c, q) in enumerate(quotes):
        if q.speaker_id:
            by_speaker.setdefault(q.speaker_id, []).append(k)
    shared = [ks for ks in by_speaker.values() if len({quotes[k][0].doc_id for k in ks}) > 1]
    needed = sorted({k for ks in shared for k in ks} | {k for pair in linked for k in pair})
    if not needed:
        return []
    row = {k: r for r, k in enumerate(needed)}
    emb = emb_of([quotes[k][1].text for k in needed])
    block = emb @ emb.T

    def sim(i: int, j: int) -> float:
        return float(block[row[i], row[j]])

    findings = []
    reported = set()
    # A pair is two versions of one remark when, for at least one side, the other is its closest quote in that
    # outlet, they are close in meaning, and they share an ordinary word (names alone do not make a remark).
    best: dict[tuple[int, str], int] = {}
    for ks in shared:
        for i in ks:
            for j in ks:
                if i == j or quotes[i][0].doc_id == quotes[j][0].doc_id:
                    continue
                k = (i, quotes[j][0].doc_id)
                if k not in best or sim(i, j) > sim(i, best[k]):
                    best[k] = j
    cands = sorted(
        {(min(i, j), max(i, j)) for (i, _), j in best.items()
         if sim(i, j) >= ctx.config.quote_align_threshold
         and len(_content(quotes[i][1].text) & _content(quotes[j][1].text)) >= (1 if sim(i, j) >= 0.5 else 2)}
    )
    cands.extend(linked)
    for i, j in sorted(set(cands)):
        (ca, qa), (cb, qb) = quotes[i], quotes[j]
        wa, wb = _words(qa.text), _words(qb.text)
        ja, jb = " ".join(wa), " ".join(wb)
        if ja == jb or ja in jb or jb in ja or _excerpt(wa, wb):
            continue  # the same words, or one outlet quotes a shorter excerpt (perhaps with a gap)
        key = (min(qa.text, qb.text), max(qa.text, qb.text))
        if key in reported:
            continue
        reported.add(key)
        ratio = difflib.SequenceMatcher(a=wa, b=wb, autojunk=False).ratio()
        minor = ratio >= 0.85
        findings.append(_Finding(
            kind=Kind.quote, severity=Severity.low if minor else Severity.medium,
            confidence=round(float(min(0.95, 0.5 + sim(i, j) / 2)), 3),
            summary=(f"Quote: {qa.speaker or qb.speaker} is quoted in different words by {ca.doc_id} and {cb.doc_id}"
                     if qa.speaker or qb.speaker else
                     f"Quote: the same remark is quoted in different words by {ca.doc_id} and {cb.doc_id}")
                    + (" (minor wording)" if minor else ""),
            evidence=[_evidence(ca, ctx, qa.text, qa), _evidence(cb, ctx, qb.text, qb)],
            explanation=f"Same speaker, similar remark (cosine {sim(i, j):.2f}), different words.",
            diff=_diff(qa.text, qb.text),
        ))
    return findings


# ------------------------------------------------------------------------------------------------- descriptors


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


# ------------------------------------------------------------------------------------------------- transfers

_FIRM = ("asserted", "presupposed")


def _transfer_key(t) -> tuple[str, str]:
    return t.goods, (country_or_capital(t.recipient) or " ".join(t.recipient.lower().split()))


def _all_transfers(ctx: Context) -> dict[tuple[str, int], tuple[Claim, object]]:
    """Every transfer once (claims that overlap, such as an apposition inside its clause, share slots)."""
    seen: dict[tuple[str, int], tuple[Claim, object]] = {}
    for c in ctx.claims.values():
        for t in c.transfers:
            seen.setdefault((c.doc_id, t.start), (c, t))
    return seen


def _mutual_transfers(ctx: Context) -> list[_Finding]:
    """One outlet has goods going both ways ("the two leaders should not exchange weapons") where the other
    outlets tell a one-way transfer of the same goods ("if it supplies Y with weapons"): who gives to whom is
    garbled. Reported with the other outlets' versions as consensus evidence."""
    told = list(_all_transfers(ctx).values())
    out = []
    for cm, m in told:
        if not m.mutual:
            continue
        consensus: dict[str, tuple[Claim, object]] = {}
        for c, t in told:
            if not t.mutual and t.goods == m.goods and c.doc_id != cm.doc_id:
                consensus.setdefault(c.doc_id, (c, t))
        if not consensus:
            continue
        others = sorted(consensus.items())
        out.append(_Finding(
            kind=Kind.garbled, severity=Severity.low, confidence=0.55,
            summary=f"Garbled: {cm.doc_id} has {m.goods} going both ways (\"{m.text}\"); "
                    f"{len(others)} other outlet(s) tell a one-way transfer",
            evidence=[_evidence(cm, ctx, m.text, m)] + [_evidence(c, ctx, t.text, t) for _, (c, t) in others],
            explanation="An exchange between the parties where the other outlets report goods going one way, "
                        "to one recipient: who supplies whom is scrambled.",
        ))
    return out


def _transfers(ctx: Context) -> list[_Finding]:
    """One outlet tells a transfer of goods as fact (or presupposes it: "X's arms sales to Y") while another
    reports the same transfer only as a condition or a possibility ("if it supplied Y with weapons").

    Story-wide: the two sides are usually in sentences about different things (a warning, a visit), so no link
    joins them. The same transfer means the same class of goods to the same recipient (a capital stands for its
    country), from the same giver where both name one. One finding per outlet that tells it firmly.
    """
    seen = {k: v for k, v in _all_transfers(ctx).items() if not v[1].mutual}
    by_key: dict[tuple[str, str], list[tuple[Claim, object]]] = {}
    for c, t in seen.values():
        by_key.setdefault(_transfer_key(t), []).append((c, t))
    out = []
    for key, told in sorted(by_key.items()):
        firm_docs: dict[str, list[tuple[Claim, object]]] = {}
        for ca, a in told:
            if a.status in _FIRM:
                firm_docs.setdefault(ca.doc_id, []).append((ca, a))
        for _, firm in sorted(firm_docs.items()):
            ca, a = firm[0]
            ga = country_or_capital(a.giver) or a.giver.lower()
            loose: dict[str, tuple[Claim, object]] = {}
            for cb, b in told:
                gb = country_or_capital(b.giver) or b.giver.lower()
                if cb.doc_id != ca.doc_id and b.status not in _FIRM and not (ga and gb and ga != gb):
                    loose.setdefault(cb.doc_id, (cb, b))
            if not loose:
                continue
            others = sorted(loose.items())
            how = "takes a transfer of {} as given" if a.status == "presupposed" else "states a transfer of {} as fact"
            statuses = sorted({b.status for _, (_, b) in others})
            out.append(_Finding(
                kind=Kind.modality, severity=Severity.medium, confidence=0.6,
                summary=f"Modality: {ca.doc_id} {how.format(key[0])} (\"{a.text}\"); "
                        f"{len(others)} other outlet(s) report it as {' or '.join(statuses)}",
                evidence=[_evidence(x, ctx, y.text, y) for x, y in firm]
                + [_evidence(cb, ctx, b.text, b) for _, (cb, b) in others],
                explanation=f"The same transfer of {key[0]} to {key[1].title()} is {a.status} in {ca.doc_id} and "
                            f"{' or '.join(statuses)} in {', '.join(d for d, _ in others)}.",
            ))
    return out


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


# ------------------------------------------------------------------------------------------------- entry point


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


def _nli_findings(links: Sequence[tuple[str, str, float]], ctx: Context, nli, flagged: set[frozenset[str]],
                  group_of: dict[str, str]) -> list[_Finding]:
    """Linked pairs of two outlets that no comparator flagged, scored by the optional cross-encoder."""
    pairs = []
    for ida, idb, cos in links:
        a, b = ctx.claims[ida], ctx.claims[idb]
        if a.doc_id != b.doc_id and cos >= ctx.config.nli_min_cosine and frozenset((ida, idb)) not in flagged:
            pairs.append((a, b))
    if not pairs:
        return []
    forward = nli.contradiction_probability([(a.text, b.text) for a, b in pairs])
    backward = nli.contradiction_probability([(b.text, a.text) for a, b in pairs])
    out = []
    for (a, b), p in zip(pairs, np.maximum(forward, backward)):
        if p < ctx.config.nli_threshold:
            continue
        out.append(_Finding(
            kind=Kind.negation, severity=Severity.medium, confidence=round(float(p), 3),
            summary=f"Contradiction: {a.doc_id} and {b.doc_id} (natural-language-inference model)",
            evidence=[_evidence(a, ctx, a.text), _evidence(b, ctx, b.text)],
            group_id=group_of.get(a.id) or group_of.get(b.id),
            explanation=f"The cross-encoder {getattr(nli, 'name', 'model')!r} gives P(contradiction) = {p:.2f} "
                        "for these two claims; no slot comparator typed the conflict.",
            detector="nli",
        ))
    return out


def compare(
    groups: Sequence[Group], links: Sequence[tuple[str, str, float]], ctx: Context, *, emb_of, nli=None
) -> tuple[list[Discrepancy], list[Uncorroborated]]:
    """Turn linked claim pairs into discrepancies (with stable ids), and groups into omissions.

    ``nli`` is the optional cross-encoder (:class:`factcheck.nli.NLIScorer`); it scores linked pairs that the
    comparators left unflagged.
    """
    group_of = {cid: g.id for g in groups for cid in g.claim_ids}
    findings: list[_Finding] = _pair_findings(links, ctx, group_of)
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
