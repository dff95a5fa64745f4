"""Descriptions and place-named variants resolve to the one named entity that fits, or to none."""

from __future__ import annotations

import pytest

from factcheck.slots.coref import place_named_variants, resolve_descriptions

NAMED = [("harbour-city-airport", "Harbour City Airport"), ("national-press-agency", "National Press Agency"),
         ("northern-trade-fair", "Northern Trade Fair"), ("riverside-trade-fair", "Riverside Trade Fair"),
         ("korean-central-news-agency", "Korean Central News Agency")]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("the airport", "harbour-city-airport"),
        ("the airfield", "harbour-city-airport"),  # a synonym of the head
        ("the official North Korean news agency", "korean-central-news-agency"),
        ("a train station", None),  # no named station in the story
        ("the trade fair", None),  # two fit: ambiguous, so none
        ("the annual northern trade fair", "northern-trade-fair"),
        ("a new airport", None),  # no word of the name: could be any airport
    ],
)
def test_coref_descriptions(text, expected):
    got = resolve_descriptions([text], NAMED, demonyms=["North Korean"])
    assert got.get(text) == expected


def test_coref_place_named_variant_needs_the_story_to_place_it():
    named = [("a", "Springfield Trade Fair"), ("b", "Northern Trade Fair")]
    assert place_named_variants(named, [("b", "Springfield")]) == {"a": "b"}
    assert place_named_variants(named, []) == {}
    assert place_named_variants(named, [("b", "Shelbyville")]) == {}


def test_coref_leader_descriptions_need_one_titled_person_of_that_country():
    from factcheck.slots.coref import resolve_leaders

    people = [("p1", "Ruritanian President Anna Berg"), ("p2", "Opposition figure Carl Dahl")]
    assert resolve_leaders(["the Ruritanian president"], people) == {}  # no such demonym in the table
    people = [("p1", "French President Anna Berg"), ("p2", "French Prime Minister Carl Dahl")]
    assert resolve_leaders(["the Elysee leader", "the French president"], people) == {}  # two French leaders
    people = [("p1", "French President Anna Berg")]
    assert resolve_leaders(["the Elysee leader", "the French president"], people) == {
        "the Elysee leader": "p1", "the French president": "p1"}


def test_coref_acronym_in_brackets_spells_the_initials():
    from factcheck.slots.coref import acronym_aliases

    text = "The World Health Organization (WHO) met. The Fair (XYZ) opened."
    assert [(long, text[s:e]) for long, s, e in acronym_aliases(text)] == [("World Health Organization", "WHO")]
