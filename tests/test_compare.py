"""Comparators on hand-built claims: what is a conflict, and what only looks like one."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from factcheck.compare import Context, compare
from factcheck.config import Config
from factcheck.embed import HashingEmbedder
from factcheck.models import Claim, EntityMention, Place, Quantity, Quote, TimeRef


def _claim(cid, doc, text, **slots):
    return Claim(id=cid, doc_id=doc, start=0, end=len(text), text=text, sentence_start=0, sentence_end=len(text),
                 sentence_index=int(cid.split("c")[-1]), **slots)


def _person(text, name):
    return EntityMention(start=0, end=len(text), text=text, label="PERSON", entity_id=name, canonical=name)


def _place(text, eid, role="at", anchor="meet"):
    return Place(start=0, end=len(text), text=text, canonical=text, entity_id=eid, role=role, anchor=anchor)


def _run(claims, links, containment=(), guessed=()):
    docs = {c.doc_id: c.text for c in claims}
    ctx = Context(config=Config(), claims={c.id: c for c in claims}, documents=docs, containment=set(containment),
                  claim_emb=np.eye(len(claims), dtype=np.float32), index={c.id: i for i, c in enumerate(claims)},
                  guessed_dates=set(guessed))
    found, _ = compare([], links, ctx, emb_of=HashingEmbedder().encode)
    return found


def _pair(a_slots, b_slots, cos=0.8, containment=(), predicates=("meet", "meet"), guessed=()):
    a = _claim("a:c1", "a", "The leaders will meet in X.", predicate=predicates[0], subject="kim",
               entities=(_person("Kim", "kim"),), **a_slots)
    b = _claim("b:c1", "b", "The leaders will meet in Y.", predicate=predicates[1], subject="kim",
               entities=(_person("Kim", "kim"),), **b_slots)
    return _run([a, b], [(a.id, b.id, cos)], containment, guessed)


def test_compare_location_different_places_conflict():
    found = _pair({"places": (_place("Springfield", "springfield"),)}, {"places": (_place("Shelbyville", "shelbyville"),)})
    assert [d.kind.value for d in found] == ["location"]
    assert {e.value for e in found[0].evidence} == {"Springfield", "Shelbyville"}


def test_compare_location_containment_is_no_conflict():
    found = _pair({"places": (_place("Springfield", "springfield"),)}, {"places": (_place("Ohio", "ohio"),)},
                  containment=[("springfield", "ohio")])
    assert found == []


def test_compare_location_country_is_too_coarse_to_conflict():
    found = _pair({"places": (_place("Springfield", "springfield"),)}, {"places": (_place("France", "france"),)})
    assert found == []


def test_compare_location_other_event_is_not_compared():
    found = _pair({"places": (_place("Springfield", "springfield", anchor="leave"),)},
                  {"places": (_place("Shelbyville", "shelbyville", anchor="arrive"),)}, predicates=("leave", "arrive"))
    assert found == []


def _time(text, day, part=None, anchor="meet"):
    return TimeRef(start=0, end=len(text), text=text, start_date=day, end_date=day, part_of_day=part,
                   granularity="part_of_day" if part else "day", anchor=anchor)


def test_compare_time_afternoon_vs_evening_conflict():
    sun = dt.date(2023, 9, 10)
    found = _pair({"times": (_time("Sunday afternoon", sun, "afternoon"),)}, {"times": (_time("Sunday evening", sun, "evening"),)})
    assert [d.kind.value for d in found] == ["time"]


def test_compare_time_sunday_vs_sunday_afternoon_no_conflict():
    sun = dt.date(2023, 9, 10)
    assert _pair({"times": (_time("Sunday", sun),)}, {"times": (_time("Sunday afternoon", sun, "afternoon"),)}) == []


def _relative(text, day, part=None):
    return _time(text, day, part).model_copy(update={"relative": True})


def test_compare_time_a_guessed_publication_date_never_decides_a_conflict():
    # "Monday" resolved on a guessed date against an explicit date: only the guess makes them differ
    monday = _relative("Monday", dt.date(2023, 9, 11))
    explicit = _time("September 12", dt.date(2023, 9, 12))
    assert [d.kind.value for d in _pair({"times": (monday,)}, {"times": (explicit,)})] == ["time"]
    assert _pair({"times": (monday,)}, {"times": (explicit,)}, guessed={"a"}) == []


def test_compare_time_words_still_conflict_when_the_date_is_guessed():
    # what the text itself says (afternoon vs evening of the same named day) needs no publication date
    sun = dt.date(2023, 9, 10)
    found = _pair({"times": (_relative("Sunday afternoon", sun, "afternoon"),)},
                  {"times": (_relative("Sunday evening", sun, "evening"),)}, guessed={"a", "b"})
    assert [d.kind.value for d in found] == ["time"]
    other_day = _pair({"times": (_relative("Sunday", sun),)}, {"times": (_relative("Monday", sun + dt.timedelta(1)),)},
                      guessed={"a"})
    assert [d.kind.value for d in other_day] == ["time"]


def test_compare_time_same_weekday_resolved_on_a_guess_is_one_day():
    # "Saturday about 8.40am" in an article dated by a guess lands on another Saturday: the words agree
    sat = dt.date(2013, 6, 8)
    guessed = _relative("Saturday about 8.40am", sat + dt.timedelta(7)).model_copy(update={"time_of_day": "08:40"})
    found = _pair({"times": (guessed,)},
                  {"times": (_relative("8.40am on Saturday", sat).model_copy(update={"time_of_day": "08:40"}),)},
                  guessed={"a"})
    assert found == []


def test_compare_time_same_relative_words_are_not_a_disagreement():
    # "today" in two articles published on different days: the outlets say the same thing of their own day
    found = _pair({"times": (_relative("today", dt.date(2013, 3, 11)),)},
                  {"times": (_relative("Today", dt.date(2013, 3, 13)),)})
    assert found == []


def test_compare_time_of_the_report_is_not_the_event():
    found = _pair({"times": (_time("Tuesday", dt.date(2023, 9, 12), anchor="announce"),)},
                  {"times": (_time("Monday", dt.date(2023, 9, 11), anchor="announce"),)})
    assert found == []


def _qty(text, value, unit="km", approx="exact"):
    return Quantity(start=0, end=len(text), text=text, value=value, unit=unit, dimension="length",
                    base_value=value * (1.609344 if unit == "mile" else 1.0), approx=approx)


def test_compare_number_units_converted_before_comparing():
    assert _pair({"quantities": (_qty("125 miles", 125, "mile"),)}, {"quantities": (_qty("200 km", 200),)}) == []
    found = _pair({"quantities": (_qty("about 1,500 kilometers", 1500, approx="about"),)},
                  {"quantities": (_qty("1,000 km", 1000),)})
    assert [d.kind.value for d in found] == ["number"]


def test_compare_low_similarity_pairs_are_not_compared():
    found = _pair({"places": (_place("Springfield", "springfield"),)}, {"places": (_place("Shelbyville", "shelbyville"),)},
                  cos=0.3)
    assert found == []


def test_compare_quote_minor_and_substantive():
    def q(cid, doc, words):
        text = f'He said "{words}".'
        quote = Quote(start=9, end=9 + len(words), text=words, speaker="Ann Lee", speaker_id="ann-lee")
        return _claim(cid, doc, text, quotes=(quote,), predicate="say")

    claims = [q("a:c1", "a", "we will pay a price for this decision"),
              q("b:c1", "b", "we will pay the price for this decision")]
    found = _run(claims, [])
    assert len(found) == 1 and found[0].kind.value == "quote" and found[0].severity.value == "low"
    assert "[-a-] {+the+}" in found[0].diff


def _quote_claim(cid, doc, words, *, speaker="Ann Lee", speaker_id="ann-lee", direct=True):
    text = f'He said "{words}".'
    quote = Quote(start=9, end=9 + len(words), text=words, speaker=speaker, speaker_id=speaker_id, direct=direct)
    return _claim(cid, doc, text, quotes=(quote,), predicate="say")


def test_compare_quote_excerpt_with_a_gap_is_no_conflict():
    claims = [_quote_claim("a:c1", "a", "we will pay a heavy price for this decision, and so will they"),
              _quote_claim("b:c1", "b", "we will pay a heavy price for this decision")]
    assert _run(claims, []) == []
    gapped = [_quote_claim("a:c1", "a", "we will pay a heavy price for this decision, and so will they"),
              _quote_claim("b:c1", "b", "we will pay a heavy price ... and so will they")]
    assert _run(gapped, []) == []


def test_compare_quote_indirect_speech_is_not_a_quote_conflict():
    claims = [_quote_claim("a:c1", "a", "we will pay a price for this decision"),
              _quote_claim("b:c1", "b", "they would pay the price for that decision", direct=False)]
    assert _run(claims, []) == []


def test_compare_quote_without_a_speaker_never_says_none():
    claims = [_quote_claim("a:c1", "a", "we will pay a price for this decision", speaker=None),
              _quote_claim("b:c1", "b", "we will pay the price for this decision", speaker=None)]
    a, b = claims
    found = _run(claims, [(a.id, b.id, 0.9)])
    assert found and all("None" not in d.summary for d in found)


def _described(cid, doc, name, eid, desc, ranks, place=True):
    from factcheck.models import Descriptor, Mention

    text = f"They met in {name}, {desc}."
    s = text.index(desc)
    d = Descriptor(start=s, end=s + len(desc), text=desc, name=Mention(start=12, end=12 + len(name), text=name),
                   entity_id=eid, ranks=ranks)
    places = (Place(start=12, end=12 + len(name), text=name, canonical=name, entity_id=eid, role="at"),) if place else ()
    return _claim(cid, doc, text, predicate="meet", places=places, descriptors=(d,))


def test_compare_descriptor_different_ranking_of_one_place():
    a = _described("a:c1", "a", "Lagos", "lagos", "the largest city of Nigeria", ("largest",))
    b = _described("b:c1", "b", "Lagos", "lagos", "Nigeria's second-largest city", ("second-largest",))
    found = _run([a, b], [])
    assert [d.kind.value for d in found] == ["location"]
    assert {e.value for e in found[0].evidence} == {"the largest city of Nigeria", "Nigeria's second-largest city"}
    assert found[0].severity.value == "low"


def test_compare_descriptor_same_ranking_or_other_entity_is_no_conflict():
    a = _described("a:c1", "a", "Lagos", "lagos", "the largest city of Nigeria", ("largest",))
    b = _described("b:c1", "b", "Lagos", "lagos", "Nigeria's largest city", ("largest",))
    c = _described("c:c1", "c", "Kano", "kano", "the second-largest city", ("second-largest",))
    assert _run([a, b, c], []) == []


def test_compare_descriptor_of_a_person_is_an_entity_finding():
    a = _described("a:c1", "a", "Ada Obi", "ada-obi", "the youngest minister", ("youngest",), place=False)
    b = _described("b:c1", "b", "Ada Obi", "ada-obi", "the oldest minister", ("oldest",), place=False)
    assert [d.kind.value for d in _run([a, b], [])] == ["entity"]


def _transfer(cid, doc, text, status, recipient, giver="", goods="weapons"):
    from factcheck.models import Transfer

    t = Transfer(start=0, end=len(text), text=text, status=status, goods=goods, recipient=recipient, giver=giver)
    return _claim(cid, doc, text, transfers=(t,))


def test_compare_transfer_presupposed_vs_conditional_is_a_modality_finding():
    a = _transfer("a:c1", "a", "Iran's drone sales to Russia", "presupposed", "Russia", giver="Iran")
    b = _transfer("b:c1", "b", "if it supplied Moscow with drones", "conditional", "Moscow")
    found = _run([a, b], [])
    assert [d.kind.value for d in found] == ["modality"]
    assert "a transfer of weapons as given" in found[0].summary


def test_compare_transfer_same_firmness_other_recipient_or_giver_is_no_conflict():
    a = _transfer("a:c1", "a", "Iran's drone sales to Russia", "presupposed", "Russia", giver="Iran")
    b = _transfer("b:c1", "b", "Iran sold drones to Russia", "asserted", "Russia", giver="Iran")
    c = _transfer("c:c1", "c", "if it supplied Kyiv with drones", "conditional", "Kyiv")
    d = _transfer("d:c1", "d", "if Turkey supplied Moscow with drones", "conditional", "Moscow", giver="Turkey")
    assert _run([a, b, c, d], []) == []


def test_compare_transfer_mutual_against_one_way_consensus_is_garbled():
    from factcheck.models import Transfer

    m = Transfer(start=0, end=24, text="should not exchange arms", status="denied", goods="weapons", recipient="",
                 mutual=True)
    a = _claim("a:c1", "a", "should not exchange arms", transfers=(m,))
    b = _transfer("b:c1", "b", "if it supplied Moscow with drones", "conditional", "Moscow")
    found = _run([a, b], [])
    assert [d.kind.value for d in found] == ["garbled"]
    assert [e.doc_id for e in found[0].evidence] == ["a", "b"]
    # no one-way version elsewhere: nothing to be garbled against
    assert _run([a], []) == []


def test_compare_transfer_one_finding_per_firm_outlet_with_every_hedging_outlet_as_evidence():
    firm = _transfer("a:c1", "a", "Iran's drone sales to Russia", "presupposed", "Russia", giver="Iran")
    loose = [_transfer(f"{d}:c1", d, "if it supplied Moscow with drones", "conditional", "Moscow") for d in "bcdef"]
    found = _run([firm, *loose], [])
    assert len(found) == 1
    assert [e.doc_id for e in found[0].evidence] == ["a", "b", "c", "d", "e", "f"]


def test_compare_descriptor_minority_against_consensus_once():
    told = [_described(f"{d}:c1", d, "Lagos", "lagos", "the largest city of Nigeria", ("largest",)) for d in "abcd"]
    odd = _described("e:c1", "e", "Lagos", "lagos", "Nigeria's second-largest city", ("second-largest",))
    found = _run([*told, odd], [])
    assert len(found) == 1
    assert found[0].evidence[0].doc_id == "e" and len(found[0].evidence) == 5


def test_compare_modality_fact_vs_hedge_and_hedge_on_an_extra_detail():
    from factcheck.models import Mention

    cue = Mention(start=0, end=5, text="could")
    firm = {"modality": "asserted"}
    hedged = {"modality": "hedged", "modality_cue": cue}
    assert [d.kind.value for d in _pair(firm, hedged)] == ["modality"]
    # the hedged outlet adds where: its hedge may be about the place, not about the meeting
    hedged_place = {**hedged, "places": (_place("Springfield", "springfield"),)}
    assert _pair(firm, hedged_place) == []


@pytest.mark.parametrize("a,b,variant", [
    ("a serious offense against the law", "a serious offence against the law", True),  # US/UK spelling
    ("we will organise the talks", "we will organize the talks", True),
    ("in the same breath at Tyler", "in the same breath with Tyler", False),  # another word
    ("we will pay the price", "we will pay a price", False),
    ("the talks were productive", "the talks were very productive", False),  # a word added
])
def test_compare_quotes_spelling_variants_are_not_drift(a, b, variant):
    from factcheck.compare.quotes import _spelling_only, _words

    assert _spelling_only(_words(a), _words(b)) is variant
