"""Ranking descriptions of named entities (appositions with superlatives)."""

from __future__ import annotations

import pytest

from factcheck.slots.descriptors import ranked_appositions


@pytest.fixture(scope="module")
def nlp():
    from factcheck.nlp import get_nlp

    return get_nlp()


@pytest.mark.parametrize("text, name, desc, ranks", [
    ("They met in Lagos, Nigeria's second-largest city, on Monday.", "Lagos", "Nigeria's second-largest city",
     ("second-largest",)),
    ("The summit is in Osaka, the northernmost host so far.", "Osaka", "the northernmost host so far",
     ("northernmost",)),
    ("Ministers gathered at the forum in Tromso, the largest and most northerly city of the region.", "Tromso",
     "the largest and most northerly city of the region", ("largest", "most northerly")),
])
def test_descriptors_ranked_apposition_found(nlp, text, name, desc, ranks):
    found = ranked_appositions(nlp(text))
    assert [(n.text, d.text, r) for n, d, r in found] == [(name, desc, ranks)]
    n, d, _ = found[0]
    assert text[d.start : d.end] == d.text and text[n.start : n.end] == n.text


@pytest.mark.parametrize("text", [
    "They met in Lagos, a port city, on Monday.",  # no ranking word
    "The largest city, Lagos, hosted it.",  # the superlative is not a description of a name
    "It is almost certain that Lagos, a city of millions, will host it.",
])
def test_descriptors_plain_descriptions_are_not_returned(nlp, text):
    assert ranked_appositions(nlp(text)) == []
