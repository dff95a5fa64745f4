"""Quotes: two outlets quote one remark of one speaker in different words (a shorter excerpt is no conflict)."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Sequence

import numpy as np

from factcheck.compare._common import Context, _evidence, _Finding
from factcheck.models import Claim, Kind, Severity


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


def _spelling_only(wa: list[str], wb: list[str]) -> bool:
    """Every difference is one word spelled another way ("offense"/"offence", "organise"/"organize", a typo):
    a house style or a slip, not different words."""
    from rapidfuzz.fuzz import ratio

    ops = difflib.SequenceMatcher(a=wa, b=wb, autojunk=False).get_opcodes()
    changed = [op for op in ops if op[0] != "equal"]
    if not changed:
        return True
    for tag, i1, i2, j1, j2 in changed:
        if tag != "replace" or i2 - i1 != j2 - j1:
            return False
        if any(min(len(x), len(y)) < 4 or ratio(x, y) < 75 for x, y in zip(wa[i1:i2], wb[j1:j2])):
            return False
    return True


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
        if ja == jb or ja in jb or jb in ja or _excerpt(wa, wb) or _spelling_only(wa, wb):
            continue  # the same words, a shorter excerpt (perhaps with a gap), or only spelled differently
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
