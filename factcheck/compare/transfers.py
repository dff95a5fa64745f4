"""Transfers: a transfer of goods told as fact by one outlet and as a condition by another, or garbled into an
exchange.
"""

from __future__ import annotations

from factcheck.compare._common import Context, _evidence, _Finding
from factcheck.models import Claim, Kind, Severity
from factcheck.slots.capitals import country_or_capital


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
