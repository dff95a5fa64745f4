"""Claims: sentences split into facts, slots moved into document coordinates, anaphora and garbled phrasing."""

from __future__ import annotations

import datetime as dt

import pytest

from factcheck.claims import ParsedDoc, extract_claims, parse, resolved_text
from factcheck.clean import clean
from factcheck.segment import segment
from factcheck.slots.events import anchor, fold
from factcheck.slots.oddities import find_oddities


def _claims(*texts, published=dt.date(2024, 3, 6)):
    docs = [ParsedDoc(clean=(c := clean(f"d{i}", t)), sentences=segment(c), published=published)
            for i, t in enumerate(texts)]
    parse(docs)
    claims, variants, containment = extract_claims(docs)
    return claims, variants, containment


@pytest.fixture(scope="module")
def nlp():
    from factcheck.nlp import get_nlp

    return get_nlp()


def test_claims_split_while_and_semicolon():
    claims, _, _ = _claims("The council approved the budget, while the mayor vetoed the tax; the vote was close.")
    texts = [c.text for c in claims]
    assert texts[0] == "The council approved the budget"
    assert any(t.startswith("while the mayor vetoed") for t in texts)
    assert texts[-1] == "the vote was close."


def test_claims_apposition_is_a_claim_of_its_own():
    claims, _, _ = _claims("Lagos, the largest city in Nigeria, hosted the summit on Monday.")
    assert any(c.text == "the largest city in Nigeria" for c in claims)


def test_claims_locative_there_resolves_to_the_place_before_it():
    claims, _, _ = _claims("The minister is in Geneva for a conference, though there is no sign the talks will be held there.")
    there = [p for c in claims for p in c.places if p.text == "there"]
    assert there and all(p.canonical == "Geneva" for p in there)
    neg = next(c for c in claims if c.negated)
    assert "in Geneva" in resolved_text(neg)


def test_claims_content_predicate_through_reporting_verb():
    claims, _, _ = _claims("Officials said the ferry sank near the port.")
    assert claims[0].predicate == "sink"


def test_claims_offsets_point_into_original_after_cleaning():
    text = "Share it...\n\nThe mayor [said](#) the bridge\n\nreopened on Tuesday."
    claims, _, _ = _claims(text)
    c = claims[0]
    assert text[c.start : c.end] == c.text and "[said](#)" in c.text
    t = c.times[0]
    assert text[t.start : t.end] == "Tuesday" and t.start_date == dt.date(2024, 3, 5)


def test_claims_spelling_variants_share_an_entity_and_are_listed():
    claims, variants, _ = _claims("President Volodymyr Zelenskyy spoke in Kyiv on Monday.",
                                  "Volodymyr Zelenskiy spoke in Kyiv on Monday.")
    ids = {e.entity_id for c in claims for e in c.entities if e.label == "PERSON"}
    assert len(ids) == 1
    assert any({"Volodymyr Zelenskyy", "Volodymyr Zelenskiy"} <= {f.text for f in v.forms} for v in variants)


@pytest.mark.parametrize(
    "text,reason,words",
    [
        ("They fear the state may supply its ally with rockets and rockets.", "duplicated conjunct",
         "rockets and rockets"),
        ("The two governments deny supplying Ruritania with arms to Freedonia.", "double recipient",
         "supplying Ruritania with arms to Freedonia"),
    ],
)
def test_claims_oddities_found(nlp, text, reason, words):
    odd = find_oddities(nlp(text))
    assert [(o.reason, o.text) for o in odd] == [(reason, words)]


@pytest.mark.parametrize(
    "text",
    ["Prices rose more and more.", "The crowd grew bigger and bigger.", "They sold tanks to Poland.",
     "The firm will supply Germany with gas.", "Anti-tank missiles and cruise missiles were seen.",
     # emphatic repetition and parallel phrases are style, not garbled copy
     "It has been like this for years and years.", "Protesters chanted \"Thieves, thieves\" outside.",
     "The future of Europe and the future of the euro are at stake.",
     "We waited for hours and hours at the border.",
     # a verb or preposition repeated with its own complement each time is parallel structure
     "The inmate is still at large and is considered dangerous.",
     "The gunman walked into the building and into the office.",
     "He was well equipped at the time but was an inexperienced climber.",
     "He was charged with causing harm to himself and causing damage to the car."],
)
def test_claims_no_oddity_in_ordinary_phrasing(nlp, text):
    assert find_oddities(nlp(text)) == []


def test_claims_event_anchor_folds_synonyms(nlp):
    doc = nlp("The train departed on Sunday evening.")
    assert anchor(doc, doc.text.index("Sunday")) == fold("leave") == "leave"


@pytest.mark.parametrize("text, expected", [
    ("The town asked for blankets and tents, as well as clean water.", {"blankets", "tents", "clean water"}),
    ("The agency will send engineers, as well as two rescue dogs.", {"engineers", "two rescue dogs"}),
    ("Rebels seek cheap fuel as well as modern rifles and armored trucks.",
     {"cheap fuel", "modern rifles", "armored trucks"}),
])
def test_claims_list_items_include_as_well_as(text, expected):
    claims, _, _ = _claims(text)
    items = {m.text for c in claims for m in c.items}
    assert expected <= items


def test_claims_list_items_modifiers_of_one_noun_are_not_items():
    claims, _, _ = _claims("Officials from the finance and trade ministries attended.")
    assert not [m.text for c in claims for m in c.items]


def test_claims_parse_in_two_processes_gives_the_same_claims(monkeypatch, story_docs):
    import factcheck.claims as claim_stage

    def claims_with(processes):
        parsed = [ParsedDoc(clean=(c := clean(d.id, d.text)), sentences=segment(c), published=d.published)
                  for d in story_docs]
        parse(parsed, processes=processes)
        return [c.model_dump() for c in extract_claims(parsed)[0]]

    monkeypatch.setattr(claim_stage, "PARALLEL_PARSE_MIN", 0)  # the reference story is below the real minimum
    assert claims_with(2) == claims_with(1)
