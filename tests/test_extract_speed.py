"""Work the extract stage shares or remembers gives the same claims as doing it afresh."""

from __future__ import annotations

import datetime as dt

from factcheck.claims import ParsedDoc, extract_claims, parse
from factcheck.clean import clean
from factcheck.segment import segment

WIRE = ("Officials said on Tuesday that the delegation of 40 people arrived in Oslo by train. "
        "The ministry denied reports of a second visit, according to the state news agency.")


def _docs(texts: list[str]) -> list[ParsedDoc]:
    out = []
    for i, text in enumerate(texts):
        c = clean(f"d{i}", text)
        out.append(ParsedDoc(clean=c, sentences=segment(c), published=dt.date(2023, 9, 12)))
    return out


def _slots(c) -> tuple:
    dump = c.model_dump(exclude={"id", "doc_id", "start", "end", "sentence_start", "sentence_end", "sentence_index"})

    def strip(v):  # offsets move with the text before the copy; the values must not
        if isinstance(v, dict):
            return {k: strip(x) for k, x in v.items() if k not in ("start", "end")}
        if isinstance(v, (list, tuple)):
            return [strip(x) for x in v]
        return v

    return strip(dump)


def test_wire_copy_is_parsed_once_and_read_the_same():
    shared = _docs([WIRE, "A storm closed the port on Monday. " + WIRE])
    parse(shared)
    assert shared[0].spacy_docs[0] is shared[1].spacy_docs[1]  # one Doc for the sentence both print
    alone = _docs([WIRE])
    parse(alone)
    assert alone[0].spacy_docs[0] is not shared[0].spacy_docs[0]
    claims, _, _ = extract_claims(shared)
    first = [_slots(c) for c in claims if c.doc_id == "d0"]
    second = [_slots(c) for c in claims if c.doc_id == "d1"]
    assert first and second[-len(first):] == first
    fresh, _, _ = extract_claims(alone)
    assert [_slots(c) for c in fresh] == first


def test_attribution_is_read_once_per_sentence_and_is_the_same():
    from factcheck.nlp import get_nlp
    from factcheck.slots.attribution import _extract_attribution, extract_attribution
    from factcheck.slots.modality import classify_modality

    doc = get_nlp()("The ministry denied the reports, the agency said.")
    first = extract_attribution(doc)
    assert extract_attribution(doc) is first
    assert first == _extract_attribution(doc[:])
    assert classify_modality(doc) == classify_modality(get_nlp()(doc.text))


def test_names_memo_returns_the_same_as_the_first_call():
    from factcheck.slots import names

    for text in ("the Russian Federation", "Zelenskyy's", "President Anna Berg", "U.S.", "Stavropolye region"):
        assert names.light_key(text) == names.light_key(text)
        assert names.country_of(text) == names.country_of.__wrapped__(text)
        assert names.strip_name(text, titles=False) == names.strip_name.__wrapped__(text, titles=False)
