"""Stage 3: sentences -> claims with typed slots.

Each sentence is parsed once by spaCy. Slot extractors (:mod:`factcheck.slots`) read the parse and return values
with offsets relative to the sentence; this module splits sentences that state several facts into claims, names
entities consistently across the whole story, and moves every offset into the document's original text.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from factcheck.clean import CleanText
from factcheck.models import (
    Attribution,
    Claim,
    Descriptor,
    EntityMention,
    Mention,
    Place,
    Quantity,
    Quote,
    Source,
    TimeRef,
    Variant,
    VariantForm,
    Evidence,
)
from factcheck.segment import Sentence
from factcheck.slots import attribution as attribution_slot
from factcheck.slots import coref as coref_slot
from factcheck.slots import descriptors as descriptor_slot
from factcheck.slots import transfers as transfer_slot
from factcheck.slots import entities as entity_slot
from factcheck.slots import events as event_slot
from factcheck.slots import modality as modality_slot
from factcheck.slots import oddities as oddity_slot
from factcheck.slots import places as place_slot
from factcheck.slots import quantities as quantity_slot
from factcheck.slots import quotes as quote_slot
from factcheck.slots import times as time_slot

__all__ = ["extract_claims", "ParsedDoc"]

# Clause heads that mark a separate fact inside one sentence.
_SPLIT_MARKS = {"while", "whereas", "although", "though", "but", "when"}
# Words whose clausal complement carries the fact: "X said (that) ...", "Observers believe that ...",
# "is likely to meet", "is expected to visit".
_RAISING = {"be", "expect", "likely", "set", "due", "plan", "seem", "appear", "want", "hope", "intend", "go"}


# Lines the cleaner takes out as the headline (Document.title) and decks: no claims come from them, but they name
# the article's own event first, so the event stage reads them (parsed in the same pass as the sentences).
HEADLINE_REASONS = frozenset({"metadata: title", "metadata: headline"})


@dataclass
class ParsedDoc:
    clean: CleanText
    sentences: list[Sentence]
    published: dt.date | None
    spacy_docs: list = field(default_factory=list)
    headline_docs: list = field(default_factory=list)  # spaCy Docs of ``headlines()``, in order

    def headlines(self) -> list:
        """The headline and decks the cleaner removed (``Removed``, offsets in the original text)."""
        return [r for r in self.clean.removed if r.reason in HEADLINE_REASONS and r.text.strip()]


@dataclass
class _RawClaim:
    doc_id: str
    sent: Sentence
    sdoc: object  # spaCy Doc of the sentence
    start: int  # relative to sentence
    end: int
    head: object | None  # spaCy Token
    entities: list[EntityMention]
    places: list[Place]
    quantities: list[Quantity]
    times: list[TimeRef]
    quotes: list[Quote]
    attribution: Attribution
    modality: str
    modality_cue: Mention | None
    negation_cue: Mention | None
    oddities: list = field(default_factory=list)
    descriptions: list = field(default_factory=list)
    acronyms: list = field(default_factory=list)  # (long name, Mention of the short form)
    titled: list = field(default_factory=list)  # (person's name, name with its titles)
    items: list = field(default_factory=list)
    ranked: list = field(default_factory=list)  # (name, description, ranks) from descriptors.ranked_appositions
    transfers: list = field(default_factory=list)


def _clauses(sdoc) -> list[tuple[int, int, object]]:
    """Character ranges of the clauses of a parsed sentence that each state a fact of their own."""
    root = next((t for t in sdoc if t.dep_ == "ROOT"), None)
    if root is None:
        return [(0, len(sdoc.text), None)]
    cuts: list[tuple[int, object]] = []
    # any verb's coordinated clause with a subject of its own, or its "while"/"but" clause, after its head
    for child in sdoc:
        if child.head.pos_ not in ("VERB", "AUX") or child.left_edge.i <= child.head.i:
            continue
        has_subject = any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in child.children)
        if child.dep_ == "conj" and child.pos_ in ("VERB", "AUX") and has_subject:
            start_tok = child.left_edge.i
            prev = sdoc[start_tok - 1] if start_tok > 0 else None
            if prev is not None and prev.dep_ == "cc":
                start_tok = prev.i
            cuts.append((start_tok, child))
        elif child.dep_ == "advcl" and any(c.lower_ in _SPLIT_MARKS and c.dep_ == "mark" for c in child.children):
            cuts.append((child.left_edge.i, child))
    for tok in sdoc:
        if tok.text == ";" and 0 < tok.i < len(sdoc) - 1:
            nxt = sdoc[tok.i + 1]
            cuts.append((nxt.i, nxt.head))
    cuts = sorted({c[0]: c for c in cuts}.values(), key=lambda c: c[0])
    bounds = []
    start_char, head = 0, root
    for tok_i, chead in cuts:
        char = sdoc[tok_i].idx
        if char <= start_char:
            continue
        bounds.append((start_char, char, head))
        start_char, head = char, chead
    bounds.append((start_char, len(sdoc.text), head))
    out = []
    for s, e, h in bounds:
        seg = sdoc.text[s:e]
        # trim whitespace and trailing separators so the claim's words are exact
        while seg and (seg[-1].isspace() or seg[-1] in ",;"):
            seg, e = seg[:-1], e - 1
        while seg and seg[0].isspace():
            seg, s = seg[1:], s + 1
        if seg:
            out.append((s, e, h))
    return out or [(0, len(sdoc.text), root)]


def _appositions(sdoc) -> list[tuple[int, int, object]]:
    """Appositions that state a fact of their own about a name ("X, a historical ally of Y, ...").

    They become extra claims overlapping the clause that holds them, so that two outlets' descriptions of one
    place or person can be compared.
    """
    out = []
    for tok in sdoc:
        if tok.dep_ != "appos" or tok.head.pos_ != "PROPN":
            continue
        sub = list(tok.subtree)
        if len(sub) < 3:
            continue
        s, e = sub[0].idx, sub[-1].idx + len(sub[-1].text)
        out.append((s, e, tok))
    return out


def _shift(m, offset: int, to_original, original: str):
    """Move a slot value from sentence coordinates to the document's original text."""
    s, e = to_original(m.start + offset, m.end + offset)
    update = {"start": s, "end": e, "text": original[s:e]}
    if isinstance(m, Quote) and m.speaker_span is not None:
        update["speaker_span"] = _shift(m.speaker_span, offset, to_original, original)
    if isinstance(m, Descriptor):
        update["name"] = _shift(m.name, offset, to_original, original)
    return m.model_copy(update=update)


# Below this many distinct sentences a second parsing process costs more to start than it saves.
PARALLEL_PARSE_MIN = 1000


def parse(docs: Sequence[ParsedDoc], *, batch_size: int = 64, processes: int = 1, headlines: bool = True) -> None:
    """Parse every distinct sentence of every document with spaCy, in one batched pass (with ``headlines``, also
    the headline lines the cleaner removed, which only the event stage reads).

    A sentence that several outlets print word for word (wire copy) is parsed once and its ``Doc`` shared:
    slot readers only read a ``Doc`` (their per-Doc memos in ``Doc.user_data`` depend on nothing but it).
    ``processes`` > 1 hands large stories (``PARALLEL_PARSE_MIN`` sentences or more) to spaCy's
    multiprocessing (``Config.parse_processes``; off by default, see docs/performance.md).
    """
    from factcheck.nlp import get_nlp, one_blas_thread, parse_lock

    nlp = get_nlp()
    texts = list(dict.fromkeys([*(s.text for d in docs for s in d.sentences),
                                *(r.text for d in docs if headlines for r in d.headlines())]))
    n_process = processes if len(texts) >= PARALLEL_PARSE_MIN else 1
    with parse_lock, one_blas_thread():
        parsed = dict(zip(texts, nlp.pipe(texts, batch_size=batch_size, n_process=n_process)))
    for d in docs:
        d.spacy_docs = [parsed[s.text] for s in d.sentences]
        d.headline_docs = [parsed[r.text] for r in d.headlines()] if headlines else []


def _list_items(sdoc) -> list[Mention]:
    """Members of coordinated noun lists, each as its noun phrase without the article."""
    heads = set()
    for tok in sdoc:
        if tok.dep_ == "conj" and tok.pos_ == "NOUN" and tok.head.pos_ == "NOUN" and tok.head.dep_ not in (
            "compound", "amod", "nmod"
        ):  # "military, government and party officials" lists modifiers of one noun, not items
            heads.update({tok.i, tok.head.i})
    out = []
    for i in sorted(heads):
        tok = sdoc[i]
        left = [t for t in tok.lefts if t.dep_ in ("amod", "compound", "nmod", "nummod") and t.i < tok.i]
        start = min([t.left_edge.i for t in left], default=tok.i)
        s, e = sdoc[start].idx, tok.idx + len(tok.text)
        out.append(Mention(start=s, end=e, text=sdoc.text[s:e]))
    return _as_well_as_items(sdoc, out)


def _as_well_as_items(sdoc, found: list[Mention]) -> list[Mention]:
    """Add the noun phrases on both sides of "X, as well as Y" (the parser seldom makes them one list)."""
    words = [t.lower_ for t in sdoc]
    marks = [i for i in range(len(words) - 2) if words[i : i + 3] == ["as", "well", "as"]]
    if not marks:
        return found
    chunks = [c for c in sdoc.noun_chunks if c.root.pos_ == "NOUN"]
    taken = {(m.start, m.end) for m in found}
    out = list(found)
    for i in marks:
        before = [c for c in chunks if c.end in (i, i - 1) and (c.end == i or sdoc[i - 1].is_punct)]
        after = [c for c in chunks if c.start == i + 3]
        for c in before + after:
            first = next((t for t in c if t.dep_ not in ("det", "poss", "predet")), c.root)
            s, e = first.idx, c[-1].idx + len(c[-1].text)
            if (s, e) not in taken and not any(m.start <= s and e <= m.end for m in found):
                taken.add((s, e))
                out.append(Mention(start=s, end=e, text=sdoc.text[s:e]))
    return sorted(out, key=lambda m: m.start)


def _titled_name(sdoc, ent) -> str:
    """A person's name with the title words before it ("Foreign Ministry spokeswoman Anna Berg"), for speaker lookup."""
    i = ent.start
    while i > 0 and sdoc[i - 1].dep_ in ("compound", "amod") and i - 1 < sdoc[i - 1].head.i < ent.end and ent.start - i < 4:
        i -= 1
    return sdoc[i : ent.end].text


def _there(sdoc, places: list[Place]) -> list[Place]:
    """Locative "there" stands for the nearest place named before it in the sentence.

    The antecedent's words go in ``canonical`` so the story-level canonicaliser can give "there" its id.
    """
    out = []
    for tok in sdoc:
        if tok.lower_ != "there" or tok.dep_ == "expl":
            continue
        before = [p for p in places if p.end <= tok.idx and p.role in ("at", "destination", None)]
        if before:
            ante = before[-1]
            out.append(Place(start=tok.idx, end=tok.idx + len(tok.text), text=tok.text, canonical=ante.text,
                             role="at"))
    return out


def _raw_claims(d: ParsedDoc) -> tuple[list[_RawClaim], list[tuple[str, str]]]:
    out: list[_RawClaim] = []
    contained: list[tuple[str, str]] = []
    people: list[str] = []  # people named so far in this document, for "he said" / "the spokesman said"
    for sent, sdoc in zip(d.sentences, d.spacy_docs):
        ents = [e for e in entity_slot.entity_mentions(sdoc)]
        places = list(place_slot.extract_places(sdoc))
        contained.extend(place_slot.containment_pairs(sdoc))
        quantities = list(quantity_slot.extract_quantities(sent.text))
        times = list(time_slot.extract_times(sent.text, published=d.published))
        links = quote_slot.attribute_speakers(sdoc, previous_people=list(people))
        quotes = [ln.quote for ln in links]
        found = attribution_slot.extract_attribution(sdoc)
        attribution = Attribution(chain=found.chain, cue=found.cue, doubled=attribution_slot.is_doubled(found))
        modality, cue = modality_slot.classify_modality(sdoc)
        negation = modality_slot.find_negation(sdoc)
        oddities = oddity_slot.find_oddities(sdoc)
        descs = coref_slot.descriptions(sdoc) + [
            Mention(start=m.start(), end=m.end(), text=m.group(0))
            for pattern in (_LEADER_DESCRIPTION, _STATE_MEDIA) for m in pattern.finditer(sent.text)
        ]
        acronyms = [(long, Mention(start=a, end=b, text=sent.text[a:b]))
                    for long, a, b in coref_slot.acronym_aliases(sent.text)]
        titled = [(e.text, _titled_name(sdoc, e)) for e in sdoc.ents if e.label_ == "PERSON"]
        items = _list_items(sdoc)
        ranked = descriptor_slot.ranked_appositions(sdoc)
        transfers = transfer_slot.extract_transfers(sdoc)
        people.extend(_titled_name(sdoc, e) for e in sdoc.ents if e.label_ == "PERSON")
        # "he said" in the next sentence most often continues the last person quoted or credited.
        speakers = [q.speaker for q in quotes if q.speaker] + [
            _titled_name(sdoc, e) for e in sdoc.ents if e.label_ == "PERSON"
            and any(src.start <= e.start_char < src.end for src in attribution.chain)
        ]
        if speakers:
            people.append(speakers[-1])
        places += _there(sdoc, places)
        places = [p.model_copy(update={"anchor": event_slot.anchor(sdoc, p.start)}) for p in places]
        times = [t.model_copy(update={"anchor": event_slot.anchor(sdoc, t.start)}) for t in times]
        quantities = [q.model_copy(update={"anchor": event_slot.anchor(sdoc, q.start), **_owner(sdoc, q, ents)})
                      for q in quantities]
        for s, e, head in _clauses(sdoc) + _appositions(sdoc):
            inside = lambda m: m.start >= s and m.end <= e  # noqa: E731
            out.append(
                _RawClaim(
                    doc_id=d.clean.doc_id, sent=sent, sdoc=sdoc, start=s, end=e, head=head,
                    entities=[x for x in ents if inside(x)],
                    places=[p for p in places if inside(p)],
                    quantities=[q for q in quantities if inside(q)],
                    # a clause without a time of its own inherits the sentence's only time
                    times=[t for t in times if inside(t)] or ([] if len(times) != 1 else times),
                    quotes=[q for q in quotes if q.end > s and q.start < e],
                    attribution=attribution,
                    modality=modality, modality_cue=cue,
                    negation_cue=negation if negation is not None and inside(negation) else None,
                    oddities=[o for o in oddities if inside(o)],
                    descriptions=[m for m in descs if inside(m)],
                    acronyms=[(long, m) for long, m in acronyms if inside(m)],
                    titled=titled,
                    items=[m for m in items if inside(m)],
                    ranked=[x for x in ranked if inside(x[1])],
                    transfers=[t for t in transfers if inside(t)],
                )
            )
    return out, contained


def _owner(sdoc, q: Quantity, ents) -> dict:
    """``of`` and ``owner`` of a figure; an owner inside a named entity is written ``ent:LABEL:text`` until the
    story's entities are canonicalised (:func:`_owner_id`)."""
    of, tok = event_slot.owner(sdoc, q.start, q.end)
    if tok is None:
        return {"of": of}
    for e in ents:
        if e.start <= tok.idx < e.end:
            return {"of": of, "owner": f"ent:{e.label}:{e.text}"}
    return {"of": of, "owner": tok.lemma_.lower()}


def _owner_id(canon, aliases, doc_id: str, q: Quantity) -> Quantity:
    if not (q.owner or "").startswith("ent:"):
        return q
    _, label, text = q.owner.split(":", 2)
    eid = canon.lookup(doc_id, text, label)[0]
    eid = aliases.get(eid, (eid,))[0]
    return q.model_copy(update={"owner": eid})


def extract_claims(docs: Sequence[ParsedDoc]) -> tuple[list[Claim], list[Variant], set[tuple[str, str]]]:
    """Claims of every document with entities canonicalised across the story; spelling variants; containment.

    Returns:
        ``(claims, variants, containment)`` where containment holds ``(inner, outer)`` entity-id pairs that the
        story's own text states ("X in Y", "Y's X").
    """
    raw: list[_RawClaim] = []
    pairs: list[tuple[str, str, str]] = []
    for d in docs:
        r, contained = _raw_claims(d)
        raw.extend(r)
        pairs.extend((d.clean.doc_id, a, b) for a, b in contained)
    by_id = {d.clean.doc_id: d for d in docs}

    # Entities: one canonical id per real-world entity across the story.
    mentions = []
    for r in raw:
        mentions.extend((r.doc_id, e.text, e.label) for e in r.entities)
        mentions.extend((r.doc_id, p.text, "GPE") for p in r.places)
        mentions.extend((r.doc_id, q.speaker, "PERSON") for q in r.quotes if q.speaker)
        mentions.extend((r.doc_id, src.text, "ORG") for src in r.attribution.chain)
    for doc_id, a, b in pairs:
        mentions.extend([(doc_id, a, "GPE"), (doc_id, b, "GPE")])
    canon = entity_slot.Canon(mentions)
    containment = {(canon.lookup(doc_id, a, "GPE")[0], canon.lookup(doc_id, b, "GPE")[0]) for doc_id, a, b in pairs}

    described, aliases = _coreference(raw, canon)

    claims: list[Claim] = []
    counters: dict[str, int] = {}
    for r in raw:
        d = by_id[r.doc_id]
        original = d.clean.original
        to_orig = d.clean.to_original
        off = r.sent.start

        def sh(m):
            return _shift(m, off, to_orig, original)

        ents = [sh(canon.resolve(e)) for e in r.entities]
        for m in [*r.descriptions, *(m for _, m in r.acronyms)]:
            if m.text in described:
                eid, name, label = described[m.text]
                ents.append(sh(EntityMention(start=m.start, end=m.end, text=m.text, label=label, entity_id=eid,
                                             canonical=name)))
        ents = [e.model_copy(update=_alias(e, aliases)) if e.entity_id in aliases else e for e in ents]
        places = [sh(_resolve_place(canon, p)) for p in r.places]
        places = [p.model_copy(update=_alias(p, aliases)) if p.entity_id in aliases else p for p in places]
        quotes = []
        for q in r.quotes:
            q2 = sh(q)
            if q.speaker:
                sid, sname = canon.lookup(r.doc_id, q.speaker, "PERSON")
                q2 = q2.model_copy(update={"speaker": sname, "speaker_id": sid})
            quotes.append(q2)
        chain = []
        for src in r.attribution.chain:
            sid, sname = canon.lookup(r.doc_id, src.text, "ORG")
            chain.append(sh(src).model_copy(update={"entity_id": sid, "canonical": sname}))
        attribution = Attribution(chain=tuple(chain), cue=sh(r.attribution.cue) if r.attribution.cue else None,
                                  doubled=r.attribution.doubled)
        subject = obj = predicate = None
        head = _content_head(r.head)
        if head is not None:
            predicate = head.lemma_.lower()
            for c in head.children:
                if c.dep_ in ("nsubj", "nsubjpass") and subject is None:
                    subject = _token_entity(c, r, canon)
                elif c.dep_ in ("dobj", "attr") and obj is None:
                    obj = _token_entity(c, r, canon)
        n = counters.get(r.doc_id, 0)
        counters[r.doc_id] = n + 1
        cs, ce = to_orig(r.start + off, r.end + off)
        ss, se = to_orig(r.sent.start, r.sent.end)
        claims.append(
            Claim(
                id=f"{r.doc_id}:c{n + 1}", doc_id=r.doc_id, start=cs, end=ce, text=original[cs:ce],
                sentence_start=ss, sentence_end=se, sentence_index=r.sent.index,
                predicate=predicate, subject=subject, obj=obj, entities=tuple(ents), places=tuple(places),
                quantities=tuple(sh(_owner_id(canon, aliases, r.doc_id, q)) for q in r.quantities),
                times=tuple(sh(t) for t in r.times),
                quotes=tuple(quotes), attribution=attribution, modality=r.modality,
                modality_cue=sh(r.modality_cue) if r.modality_cue else None,
                negated=r.negation_cue is not None, negation_cue=sh(r.negation_cue) if r.negation_cue else None,
                oddities=tuple(sh(o) for o in r.oddities),
                items=tuple(sh(m) for m in r.items),
                descriptors=tuple(_descriptor(r, canon, sh, name, desc, ranks) for name, desc, ranks in r.ranked),
                transfers=tuple(sh(t) for t in r.transfers),
            )
        )
    variants = _variants(claims)
    return claims, variants, containment


def _descriptor(r: _RawClaim, canon, sh, name: Mention, desc: Mention, ranks: tuple[str, ...]) -> Descriptor:
    """A ranking description in document coordinates, its name resolved to the story's entity id."""
    label = next((e.label for e in r.entities if e.start <= name.start and name.end <= e.end), "GPE")
    eid, _ = canon.lookup(r.doc_id, name.text, label)
    return sh(Descriptor(start=desc.start, end=desc.end, text=desc.text, name=name, entity_id=eid, ranks=ranks))


def resolved_text(c: Claim) -> str:
    """The claim's words with locative "there" replaced by the place it stands for, for embedding."""
    text = c.text
    for p in sorted(c.places, key=lambda p: -p.start):
        if p.text.lower() == "there" and p.canonical and c.start <= p.start and p.end <= c.end:
            s, e = p.start - c.start, p.end - c.start
            text = text[:s] + "in " + p.canonical + text[e:]
    return text


def _variants(claims: Sequence[Claim]) -> list[Variant]:
    """Entities written differently (beyond case, possessive and titles) across the story."""
    forms: dict[str, dict[str, dict[str, list[Evidence]]]] = {}
    names: dict[str, tuple[str, str]] = {}
    for c in claims:
        for e in c.entities:
            forms.setdefault(e.entity_id, {}).setdefault(e.text, {}).setdefault(c.doc_id, []).append(
                Evidence(doc_id=c.doc_id, start=e.start, end=e.end, text=e.text))
            names.setdefault(e.entity_id, (e.canonical, e.label))
    out = []
    for eid, by_form in sorted(forms.items()):
        if len(by_form) < 2:
            continue
        out.append(Variant(
            entity_id=eid, canonical=names[eid][0], label=names[eid][1],
            forms=tuple(
                VariantForm(text=t, doc_ids=tuple(sorted(by_doc)),
                            mentions=tuple(m for doc in sorted(by_doc) for m in by_doc[doc]))
                for t, by_doc in sorted(by_form.items())
            ),
        ))
    return out


_NAMED = ("ORG", "FAC", "EVENT", "GPE", "LOC")
# "North Korean state media": a nationality's state media, resolved to that country's one news agency, if any.
_STATE_MEDIA = re.compile(r"\b(?:[A-Z][\w'’-]+ ){1,2}state (?:media|news agency)\b")
# "the Elysee leader", "the French president": a role description resolved by coref.resolve_leaders.
_LEADER_DESCRIPTION = re.compile(
    r"\b[Tt]he (?:[A-Z][\w'’-]+ ){1,2}(?:leader|president|premier|prime minister|chancellor)\b"
)


def _coreference(raw: Sequence[_RawClaim], canon) -> tuple[dict[str, tuple[str, str, str]], dict[str, tuple[str, str]]]:
    """Descriptions ("the spaceport") and place-named variants resolved to the story's named entities.

    Returns ``(described, aliases)``: description text -> (entity id, canonical, label), and
    entity id -> (entity id, canonical) of the name it is another name for.
    """
    named: dict[str, tuple[str, str]] = {}
    demonyms: set[str] = set()
    located: set[tuple[str, str]] = set()
    for r in raw:
        for e in r.entities:
            eid, name = canon.lookup(r.doc_id, e.text, e.label)
            if e.label in _NAMED:
                named[eid] = (name, e.label)
            if e.label == "NORP":
                demonyms.add(e.text)
        # "X in P": an event, body or site that the story places in P
        for e in r.entities:
            if e.label not in ("EVENT", "ORG", "FAC"):
                continue
            for p in r.entities:
                if p.label in ("GPE", "LOC") and r.sent.text[e.end : p.start].strip() == "in":
                    located.add((canon.lookup(r.doc_id, e.text, e.label)[0], p.text))
    pairs = [(eid, name) for eid, (name, _) in named.items()]
    alias_ids = coref_slot.place_named_variants(pairs, located)
    aliases = {a: (b, named[b][0]) for a, b in alias_ids.items() if b in named}
    texts = sorted({m.text for r in raw for m in r.descriptions})
    # a description of an alias resolves to the name it stands for
    found = coref_slot.resolve_descriptions(
        texts, [(aliases.get(eid, (eid,))[0], name) for eid, name in pairs], demonyms=demonyms)
    described = {t: (eid, named[eid][0], named[eid][1]) for t, eid in found.items() if eid in named}
    people = {}
    for r in raw:
        for name, titled in r.titled:
            eid, canonical = canon.lookup(r.doc_id, name, "PERSON")
            people[(eid, titled)] = canonical
    leaders = coref_slot.resolve_leaders(texts, list(people))
    for t, eid in leaders.items():
        described[t] = (eid, next(c for (e, _), c in people.items() if e == eid), "PERSON")
    for r in raw:
        for long, m in r.acronyms:
            eid, name = canon.lookup(r.doc_id, long, "ORG")
            if eid in named:
                described[m.text] = (eid, named[eid][0], named[eid][1])
    return described, aliases


def _alias(m, aliases: dict[str, tuple[str, str]]) -> dict:
    eid, name = aliases[m.entity_id]
    return {"entity_id": eid, "canonical": name}


def _resolve_place(canon, p: Place) -> Place:
    if p.text.lower() == "there" and p.canonical:
        eid, name = canon.lookup("", p.canonical, "GPE")
        return p.model_copy(update={"entity_id": eid, "canonical": name})
    return canon.resolve(p)


def _content_head(head):
    """The verb that carries the fact: through "X said (that) ...", "X believes ...", "is likely to ..."."""
    from factcheck.slots.cues import HEDGE_VERBS, OPINION_VERBS, is_reporting_verb

    for _ in range(4):
        if head is None:
            break
        lemma = head.lemma_.lower()
        nxt = None
        if is_reporting_verb(lemma) or lemma in OPINION_VERBS or lemma in HEDGE_VERBS:
            nxt = next((c for c in head.children if c.dep_ in ("ccomp", "xcomp")), None)
        elif lemma in _RAISING:
            nxt = next((c for c in head.children if c.dep_ == "xcomp"), None)
            if nxt is None:
                acomp = next((c for c in head.children if c.dep_ == "acomp"), None)
                if acomp is not None:
                    nxt = next((c for c in acomp.children if c.dep_ == "xcomp"), None)
        if nxt is None:
            break
        head = nxt
    return head


def _token_entity(tok, r: _RawClaim, canon) -> str:
    """Canonical entity id of the entity a token heads, else its lemma."""
    for e in r.entities:
        if e.start <= tok.idx < e.end:
            return canon.lookup(r.doc_id, e.text, e.label)[0]
    return tok.lemma_.lower()
