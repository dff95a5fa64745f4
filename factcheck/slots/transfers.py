"""Transfers of goods between parties ("X supplies Y with arms", "X's arms sales to Y") and how firmly each is told.

One outlet may *presuppose* a transfer ("Washington's warning about X's arms sales to Y": the sales are taken as
given) while another reports it only as a condition or a possibility ("X would pay a price if it supplied Y
with weapons", "a possible arms deal"). That is a modality disagreement that no sentence-level hedge detector
sees, because the presupposing sentence is itself asserted.

Each transfer is read from the dependency parse: a transfer verb with its recipient and goods, or a transfer
noun ("sales", "deliveries", "deal") with the goods as its modifier and the recipient after "to"/"for". Goods are
put in small classes of general knowledge (``GOODS``) so "arms" and "weapons" match. Offsets are relative to the
parsed text, like every slot extractor.
"""

from __future__ import annotations

from factcheck.models import Transfer
from factcheck.slots import cues
from factcheck.slots.oddities import TRANSFER_VERBS

__all__ = ["extract_transfers", "GOODS", "TRANSFER_NOUNS", "RECIPROCAL_VERBS", "HEDGE_ADJECTIVES"]

# Verbs whose goods go both ways between the parties.
RECIPROCAL_VERBS = frozenset({"exchange", "swap", "trade", "barter"})
# Nouns naming a transfer of goods.
TRANSFER_NOUNS = frozenset({"sale", "supply", "delivery", "transfer", "shipment", "export", "deal", "provision"})
# Goods words -> class, so two outlets' words for the same goods compare equal.
GOODS = {
    **dict.fromkeys(("arm", "arms", "weapon", "weaponry", "munition", "ammunition", "missile", "shell", "artillery",
                     "rocket", "drone", "tank", "rifle", "bomb", "armament"), "weapons"),
    **dict.fromkeys(("oil", "gas", "fuel", "petroleum", "diesel", "coal"), "fuel"),
    **dict.fromkeys(("food", "grain", "wheat", "rice", "fertilizer", "fertiliser"), "food"),
    **dict.fromkeys(("chip", "semiconductor", "microchip"), "chips"),
}
# Adjectives that make a transfer noun a possibility rather than a fact.
HEDGE_ADJECTIVES = frozenset({"possible", "potential", "alleged", "planned", "proposed", "prospective", "rumored",
                              "rumoured", "suspected", "future", "reported", "expected", "likely"})


def _goods(tokens) -> str | None:
    for t in tokens:
        g = GOODS.get(t.lemma_.lower()) or GOODS.get(t.lower_)
        if g:
            return g
    return None


def _party(tok) -> object | None:
    """The named party a recipient phrase stands for ("Moscow", "Moscow's war" -> Moscow)."""
    if tok is None:
        return None
    if tok.pos_ in ("PROPN", "PRON"):
        return tok
    poss = [c for c in tok.children if c.dep_ == "poss" and c.pos_ == "PROPN"]
    return poss[0] if poss else None


def _span_of(tok):
    """A proper name with its compound words ("North Korea")."""
    s = tok.i
    doc = tok.doc
    while s > 0 and doc[s - 1].dep_ == "compound" and doc[s - 1].head.i == tok.i:
        s -= 1
    return doc[s : tok.i + 1]


def _to_object(tok, preps=("to", "for")):
    """The object of a "to"/"for" phrase hanging from ``tok`` (the parser labels it prep or dative)."""
    return next((g for c in tok.children if c.dep_ in ("prep", "dative") and c.lower_ in preps
                 for g in c.children if g.dep_ == "pobj"), None)


def _verb_status(verb) -> str | None:
    """How firmly a transfer verb is told, read up its chain of governing verbs (at most five levels).

    "conditional" under "if"/"unless"; "hedged" under a hedging modal, adverb or an opinion verb ("fear that X
    may resort to supplying"); None when negated or denied (the negation comparator's business); else "asserted".
    """
    t = verb
    status = "asserted"
    for _ in range(5):
        for c in t.children:
            low = c.lower_
            if c.dep_ == "neg" or (t is not verb and t.lemma_.lower() in cues.DENIAL_VERBS):
                return None
            if c.dep_ == "mark" and low in cues.CONDITIONAL_MARKERS:
                return "conditional"
            if (c.dep_ == "aux" and low in cues.HEDGE_MODALS) or (c.dep_ == "advmod" and low in cues.HEDGE_ADVERBS):
                status = "hedged"
        if t is not verb and t.lemma_.lower() in (cues.OPINION_VERBS | cues.HEDGE_VERBS):
            status = "hedged"
        if t.head is t:
            break
        t = t.head
    return status


def extract_transfers(sdoc) -> list[Transfer]:
    out = []
    for tok in sdoc:
        lemma = tok.lemma_.lower()
        status = giver = recipient = goods = None
        if tok.pos_ == "VERB" and lemma in RECIPROCAL_VERBS:
            dobj = next((c for c in tok.children if c.dep_ == "dobj"), None)
            goods = _goods(dobj.subtree) if dobj is not None else None
            if goods is None:
                continue
            end = dobj.right_edge
            text = sdoc.text[tok.idx : end.idx + len(end.text)]
            out.append(Transfer(start=tok.idx, end=end.idx + len(end.text), text=text,
                                status=_verb_status(tok) or "denied", goods=goods, recipient="", mutual=True))
            continue
        if tok.pos_ == "VERB" and lemma in TRANSFER_VERBS:
            kids = {c.dep_: c for c in tok.children}
            with_obj = next((g for c in tok.children if c.dep_ == "prep" and c.lower_ == "with"
                             for g in c.children if g.dep_ == "pobj"), None)
            to_obj = _to_object(tok)
            if to_obj is None and "dobj" in kids:  # "sold drones to Russia" hung from the goods
                to_obj = _to_object(kids["dobj"])
            if with_obj is not None:  # "supply X with Y"
                recipient, goods = kids.get("dobj"), _goods(with_obj.subtree)
            else:  # "sell Y to X", "give X Y"
                recipient = to_obj if to_obj is not None else kids.get("dative")
                goods = _goods(kids["dobj"].subtree) if "dobj" in kids else None
            giver = kids.get("nsubj")
            status = _verb_status(tok)
            if status is None:
                continue
        elif tok.pos_ == "NOUN" and lemma in TRANSFER_NOUNS:
            goods = _goods(c for c in tok.children if c.dep_ in ("compound", "nmod", "amod"))
            if goods is None:
                goods = next((_goods(g.subtree) for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
                              for g in c.children if g.dep_ == "pobj"), None)
            recipient = _to_object(tok, ("to", "for", "with"))
            nxt = tok.i + 1
            if recipient is None and nxt < len(sdoc) and sdoc[nxt].lower_ == "to":
                # "warning against X's arms sales to Y": the parser often hangs "to Y" on the outer noun
                recipient = next((g for g in sdoc[nxt].children if g.dep_ == "pobj"), None)
            giver = next((c for c in tok.children if c.dep_ == "poss"), None)
            if any(c.dep_ == "amod" and c.lower_ in HEDGE_ADJECTIVES for c in tok.children):
                status = "hedged"
            elif giver is not None:
                status = "presupposed"  # "X's arms sales to Y" takes the sales as given
            else:
                continue  # a bare "an arms deal" says nothing about whether it happened
        else:
            continue
        party = _party(recipient)
        if goods is None or party is None:
            continue
        rec = _span_of(party)
        g = _span_of(giver) if giver is not None and giver.pos_ == "PROPN" else None
        start, end = tok.idx, tok.idx + len(tok.text)
        if tok.pos_ == "NOUN":  # the noun phrase, "North Korea's arms sales"
            first = min([tok.i] + [c.left_edge.i for c in tok.children if c.i < tok.i])
            start = sdoc[first].idx
        last = max([tok.i] + [c.right_edge.i for c in tok.children if c.i > tok.i and c.dep_ != "punct"])
        end = sdoc[last].idx + len(sdoc[last].text)
        out.append(Transfer(start=start, end=end, text=sdoc.text[start:end], status=status, goods=goods,
                            recipient=rec.text, giver=g.text if g is not None else ""))
    return out
