"""Transfers of goods and how firmly each is told; capitals standing for their countries."""

from __future__ import annotations

import pytest

from factcheck.slots import names
from factcheck.slots.capitals import CAPITALS, country_or_capital
from factcheck.slots.transfers import extract_transfers


@pytest.fixture(scope="module")
def nlp():
    from factcheck.nlp import get_nlp

    return get_nlp()


def test_capitals_table_values_are_known_countries():
    assert set(CAPITALS.values()) <= set(names.COUNTRIES)
    assert country_or_capital("Moscow") == "Russia" == country_or_capital("Russia")
    assert country_or_capital("the U.S.") == "United States" == country_or_capital("Washington")
    assert country_or_capital("Springfield") is None


@pytest.mark.parametrize("text, status, goods, recipient", [
    ("Officials warned about Iran's drone sales to Russia.", "presupposed", "weapons", "Russia"),
    ("Iran would pay a price if it supplied Moscow with missiles.", "conditional", "weapons", "Moscow"),
    ("Iran could sell drones to Russia.", "hedged", "weapons", "Russia"),
    ("Iran sold drones to Russia last year.", "asserted", "weapons", "Russia"),
    ("Talks turned to a possible oil deal with Germany.", "hedged", "fuel", "Germany"),
])
def test_transfers_status_goods_and_recipient(nlp, text, status, goods, recipient):
    found = extract_transfers(nlp(text))
    assert [(t.status, t.goods, t.recipient) for t in found] == [(status, goods, recipient)]
    assert text[found[0].start : found[0].end] == found[0].text


@pytest.mark.parametrize("text", [
    "Iran did not sell drones to Russia.",  # a denial is the negation comparator's business
    "An arms deal was discussed.",  # no recipient, no presupposition
    "The company sells software to Germany.",  # goods outside the table
])
def test_transfers_not_read(nlp, text):
    assert extract_transfers(nlp(text)) == []


@pytest.mark.parametrize("text, status", [
    ("Western countries fear that Tehran may resort to supplying Moscow with drones.", "hedged"),
    ("Analysts believe Iran sold drones to Russia.", "hedged"),
    ("Officials said Iran sold drones to Russia.", "asserted"),  # a reported assertion is still an assertion
    ("Iran will be punished unless it stops selling drones to Russia.", "conditional"),
])
def test_transfers_status_read_through_governing_verbs(nlp, text, status):
    assert [t.status for t in extract_transfers(nlp(text))] == [status]


@pytest.mark.parametrize("text, goods, status", [
    ("Washington warned that the two leaders should not exchange weapons.", "weapons", "denied"),
    ("The rebels swapped fuel for grain.", "fuel", "asserted"),
])
def test_transfers_reciprocal_verbs_are_mutual(nlp, text, goods, status):
    found = extract_transfers(nlp(text))
    assert [(t.mutual, t.goods, t.status, t.recipient) for t in found] == [(True, goods, status, "")]


def test_transfers_exchange_of_other_things_is_not_read(nlp):
    assert extract_transfers(nlp("The two armies exchanged fire overnight.")) == []
